"""The CLI's progress bar: a long load's steps (`tui.progress`) as a Rich bar on stderr.

Made only when stderr is a terminal (`tui.commands.common.load_progress`).  Rich is
imported at the load's first report of work (reading files, building the index), and the
bar shown `DELAY` seconds after the load began: a command whose store is current reports
nothing, shows nothing and imports nothing for it.  The bar
is taken off the screen (`close`) before the command writes its output, and on Ctrl-C.
"""

from __future__ import annotations

import os
import threading
import time
from typing import TYPE_CHECKING, TextIO

from tui.progress import LoadStep, Progress, describe

if TYPE_CHECKING:
    from rich.progress import Progress as RichProgress
    from rich.progress import TaskID

DELAY = 0.2
"""Seconds of loading before the bar shows: a load that is done sooner shows nothing, a
long one shows within half a second of its start.  FACTS_PROGRESS_DELAY sets another
(0: at the first step, which the tests use to see the bar on a small base)."""


def delay() -> float:
    """The delay in force (FACTS_PROGRESS_DELAY, else `DELAY`)."""
    try:
        return max(0.0, float(os.environ.get("FACTS_PROGRESS_DELAY", DELAY)))
    except ValueError:
        return DELAY


class TerminalProgress(Progress):
    """Shows the latest step with its counts, a bar when the stage is counted in parts (a
    pulse when it is not), a spinner and the time the stage has taken.  Reports come from
    the loading thread; the bar is started by a timer thread (or at once without a delay)
    and redrawn by Rich's own refresh thread, so a long stage without reports still moves."""

    def __init__(self, stream: TextIO, wait: float | None = None) -> None:
        self._stream = stream
        self._wait = delay() if wait is None else wait
        self._start = time.monotonic()
        self._lock = threading.Lock()
        self._step: LoadStep | None = None
        self._timer: threading.Timer | None = None
        self._bar: RichProgress | None = None
        self._task: TaskID | None = None
        self._made: RichProgress | bool | None = None
        """The bar once made (False: not to be shown on this terminal)."""
        self._closed = False

    def report(self, step: LoadStep) -> None:
        if self._made is None and not self._closed:
            self._made = self._make()  # Rich, imported by the first report, here
        with self._lock:
            if self._closed:
                return
            self._step = step
            if self._bar is not None:
                self._show_step(self._bar, step)
                return
            if self._timer is not None or self._made is False:
                return
            left = self._wait - (time.monotonic() - self._start)
            if left > 0:
                self._timer = threading.Timer(left, self._begin)
                self._timer.daemon = True
                self._timer.start()
                return
        self._begin()

    def _make(self) -> RichProgress | bool:
        """The bar, made (not shown) on the loading thread at the first report: importing
        Rich on the timer's thread while the loading thread parses YAML took it a second
        to get through (both want the interpreter); False for a terminal that cannot show
        it."""
        from rich.console import Console
        from rich.progress import BarColumn, SpinnerColumn, TextColumn, TimeElapsedColumn
        from rich.progress import Progress as RichProgress

        console = Console(
            file=self._stream,
            color_system=None if os.environ.get("NO_COLOR") else "auto",
            highlight=False,
            markup=False,
            emoji=False,
        )
        if console.is_dumb_terminal or not console.is_terminal:
            return False  # a terminal that cannot move the cursor would get every frame
        return RichProgress(
            SpinnerColumn(),
            TextColumn("{task.description}", markup=False),
            BarColumn(bar_width=20),
            TimeElapsedColumn(),
            console=console,
            transient=True,
            redirect_stdout=False,
            redirect_stderr=False,
        )

    def _begin(self) -> None:
        with self._lock:
            bar = self._made
            if self._closed or self._step is None or bar is None or isinstance(bar, bool):
                return
            self._bar = bar
            self._show_step(bar, self._step)
            bar.start()

    def _show_step(self, bar: RichProgress, step: LoadStep) -> None:
        """The step on the bar: a new stage gets a task of its own (its own time, a bar or
        a pulse), a new count of the same stage moves the one there is."""
        text = describe(step)
        total = step.total or None
        task = self._task
        if task is not None and bar.tasks and bar.tasks[0].fields.get("stage") == step.stage:
            bar.update(task, description=text, completed=step.done)
            return
        if task is not None:
            bar.remove_task(task)
        self._task = bar.add_task(text, total=total, completed=step.done, stage=step.stage)

    def close(self) -> None:
        """Take the bar off the screen before the command writes its output (its lines are
        cleared), or make sure it never shows when the load was quicker than the delay."""
        with self._lock:
            self._closed = True
            timer, bar = self._timer, self._bar
        if timer is not None:
            timer.cancel()
        if bar is not None:
            bar.stop()
