"""Where the program's text goes, in a module of its own (standard library only): the
protocol every writer writes to, and the error that means writing the program's own output
failed.  The entry point, the command runner, the export dispatcher and the writers all name
them without importing each other."""

from __future__ import annotations

from typing import Protocol, TextIO

__all__ = ["Output", "OutputError", "is_terminal"]


class Output(Protocol):
    """Where a writer puts its text: a file, stdout, a StringIO."""

    def write(self, text: str, /) -> object: ...


class OutputError(OSError):
    """Writing to stdout failed (the reader is gone, the disk is full)."""


def is_terminal(stream: TextIO | None) -> bool:
    """Whether a stream is a terminal; False for a missing, replaced or closed one (a test
    harness's stand-in, a stream closed by the reader) rather than an exception."""
    try:
        return stream is not None and stream.isatty()
    except (AttributeError, ValueError, OSError):
        return False
