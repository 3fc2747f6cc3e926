"""facts: a terminal browser for fact bases of events, participants and cooperation themes."""

__version__ = "0.1.0"
