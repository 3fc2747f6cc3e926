"""Pausing Python's cycle collector while long-lived data is built (one helper for the
loader, the search index, the facet counts and the detail pane), and the one way to give
back what was frozen once it is no longer used."""

from __future__ import annotations

import gc
import time
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
    _paused_from.append(was_enabled)
    gc.disable()
    try:
        yield
    finally:
        _paused_from.pop()
        gc.freeze()
        if was_enabled:
            gc.enable()


_paused_from: list[bool] = []
"""Whether the collector ran before each pause in force, the outermost first."""


def collector_resumed() -> None:
    """End the pauses in force before their blocks do, for work that may leave garbage in
    cycles as it goes (the start of the command line is paused; a long command resumes):
    what was built until now is frozen, as at the end of a pause, and the collector runs
    again if it ran before the outermost pause."""
    gc.freeze()
    if _paused_from and _paused_from[0]:
        gc.enable()


def collect_released() -> float:
    """Free what was frozen and has since become garbage held in reference cycles; the
    seconds it took.

    A frozen object is never looked at by the collector again, and that is right for a base
    in use; reference counting still frees a frozen object the moment nothing refers to it,
    so a replaced base (a browser's reload) goes at once unless something holds it in a
    reference cycle.  The browser makes none (finished workers drop their work, the search
    index's parts call back into it through weak references): this is the fallback for a
    cycle made after all.  Unfreeze, one full collection, freeze what is left again: it
    walks every object, the live base's too, holding the interpreter lock (1.2-2.9 s with a
    10 000-event base in memory on a loaded machine, a few milliseconds with a stored base),
    so it is called only when a replaced base outlived every worker."""
    started = time.perf_counter()
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        gc.unfreeze()
        gc.collect()
    finally:
        gc.freeze()
        if was_enabled:
            gc.enable()
    return time.perf_counter() - started
