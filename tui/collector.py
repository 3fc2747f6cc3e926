"""Pausing Python's cycle collector while long-lived data is built: one helper for the
loader, the search index, the facet counts and the detail pane."""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def collector_paused() -> Iterator[None]:
    """Loading allocates millions of objects that all stay alive; Python's cycle collector
    would walk them again and again as they pile up (it more than doubles the time of a big
    base), so it is paused until the base exists.  Then what was built is frozen (moved out
    of the collector's sight): the base lives as long as the program, is never part of a
    garbage cycle, and walking its millions of objects would pause a running browser for
    half a second now and then.  Frozen on the way out even after an error: what was built
    until then is garbage that reference counting frees (no cycles), and a collector left
    disabled would be worse than a few frozen objects."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        gc.freeze()
        if was_enabled:
            gc.enable()


def collect_released() -> None:
    """Placeholder (the test comes first)."""
