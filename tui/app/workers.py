"""Finished workers let go of what they were given.

Textual keeps a finished worker alive in reference cycles (the worker's task holds a copy of
the context, which holds the worker as the active one) and in the context of the pool thread
that ran it last (until that thread runs another); the worker holds its work, and the work
the arguments it was called with: a session, a base, a page.  The loader freezes what is
alive out of the cycle collector's sight (`tui.collector`), so a replaced base a finished
worker was given stayed in memory until a full collection (1-3 s at 10 000 events under
load).  Here the work and a failure's traceback are dropped the moment the worker is
removed, so what a worker was given is freed by reference counting, like everything else.
"""

from __future__ import annotations

from typing import Any

from textual.worker import Worker
from textual.worker_manager import WorkerManager


def _nothing() -> None:
    """What a finished worker holds instead of its work."""


class ReleasingWorkers(WorkerManager):
    """The app's worker manager: as Textual's, and a worker removed (finished, failed or
    cancelled) drops its work and its error's traceback."""

    def _remove_worker(self, worker: Worker[Any]) -> None:
        super()._remove_worker(worker)
        worker._work = _nothing
        if worker._error is not None:
            worker._error.__traceback__ = None
