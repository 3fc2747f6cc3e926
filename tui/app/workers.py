"""Finished workers let go of what they were given.

Textual keeps a finished worker alive in reference cycles (the worker's task holds a copy of
the context, which holds the worker as the active one) and in the context of the pool thread
that ran it last (until that thread runs another); the worker holds its work, and the work
the arguments it was called with: a session, a base, a page.  The loader freezes what is
alive out of the cycle collector's sight (`tui.collector`), so a replaced base a finished
worker was given stayed in memory until a full collection (1-3 s at 10 000 events under
load).  Here a worker drops its work the moment it has run, so what it was given is freed by
reference counting, like everything else.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from textual.worker import Worker, WorkType
from textual.worker_manager import WorkerManager

if TYPE_CHECKING:
    from textual.dom import DOMNode


def _nothing() -> None:
    """What a worker holds once its work has run."""


class ReleasingWorker(Worker[Any]):
    """A Textual worker that can forget its work (and the work's arguments)."""

    def release(self) -> None:
        """Called once the worker's task is done, however it ended (cancelled before it
        began, too)."""
        self._work = _nothing


class ReleasingWorkers(WorkerManager):
    """The app's worker manager: Textual's, making `ReleasingWorker`s (what `@work` and
    `run_worker` start, on every screen and widget) and releasing each one as its task ends
    (the manager then drops it)."""

    def _remove_worker(self, worker: Worker[Any]) -> None:
        super()._remove_worker(worker)
        if isinstance(worker, ReleasingWorker):
            worker.release()

    def _new_worker(
        self,
        work: WorkType[Any],
        node: DOMNode,
        *,
        name: str | None = "",
        group: str = "default",
        description: str = "",
        exit_on_error: bool = True,
        start: bool = True,
        exclusive: bool = False,
        thread: bool = False,
    ) -> Worker[Any]:
        worker = ReleasingWorker(
            node,
            work,
            name=name or getattr(work, "__name__", "") or "",
            group=group,
            description=description or repr(work),
            exit_on_error=exit_on_error,
            thread=thread,
        )
        self.add_worker(worker, start=start, exclusive=exclusive)
        return worker
