"""The CLI's progress bar: a long load's steps (`tui.progress`) as a Rich bar on stderr.

Made only when stderr is a terminal (`tui.commands.common.load_progress`).  The bar is
shown `DELAY` seconds after the process began (when the user pressed Enter), at once if the
load's first report comes later.  Its first words are a plain line (`PlainLine`), written
without Rich: importing Rich takes a tenth of a second or more on a busy machine, and is
done at the first report of work, after that line; the bar then takes the line's place.  A
command whose store is current reports nothing, shows nothing and imports nothing for it.
The bar is taken off the screen (`close`) before the command writes its output, and on
Ctrl-C.
"""

from __future__ import annotations

import contextlib
import os
import threading
import time
from collections.abc import Iterator
from typing import TYPE_CHECKING, TextIO

from tui.progress import LoadStep, Progress, describe, process_start

if TYPE_CHECKING:
    from rich.progress import Progress as RichProgress
    from rich.progress import TaskID

DELAY = 0.2
"""Seconds after the start of the process before progress shows: a command done sooner
shows nothing, a long one shows within half a second of pressing Enter.
FACTS_PROGRESS_DELAY sets another (0: at the first step, which the tests use to see the bar
on a small base)."""


def delay() -> float:
    """The delay in force (FACTS_PROGRESS_DELAY, else `DELAY`)."""
    try:
        return max(0.0, float(os.environ.get("FACTS_PROGRESS_DELAY", DELAY)))
    except ValueError:
        return DELAY


def can_draw() -> bool:
    """Whether the terminal can move the cursor (Rich's test of a dumb terminal): one that
    cannot would get every frame of a bar as a line of its own."""
    return os.environ.get("TERM", "").lower() not in ("dumb", "unknown")


@contextlib.contextmanager
def _ctrl_c_after() -> Iterator[None]:
    """Ctrl-C while Rich starts the bar, raised once it has started: half started, the bar
    could not be stopped again (Rich's hooks half set), and the command would end in a
    traceback instead of 130.  On the main thread only (where Python runs signal handlers;
    the timer's thread starts the bar under the lock `close` waits for)."""
    import signal

    if threading.current_thread() is not threading.main_thread():
        yield
        return
    caught: list[int] = []
    try:
        previous = signal.signal(signal.SIGINT, lambda number, _frame: caught.append(number))
    except (ValueError, OSError):
        yield
        return
    try:
        yield
    finally:
        signal.signal(signal.SIGINT, previous)
        if caught and callable(previous):
            previous(signal.SIGINT, None)


class PlainLine:
    """One line of progress written straight to the terminal, without Rich: shown at once,
    then replaced (by Rich's bar, or the browser's first frame) or erased, so that nothing is
    left on the screen.  Writing never fails the command (a terminal gone is its own news)."""

    def __init__(self, stream: TextIO) -> None:
        self._stream = stream
        self.shown = False

    def show(self, text: str) -> None:
        from tui.i18n import cell_width

        try:
            width = os.get_terminal_size(self._stream.fileno()).columns - 1
        except (OSError, ValueError, AttributeError):
            width = 79
        while text and cell_width(text) > width:
            text = text[:-1]
        self.shown = True  # first: a Ctrl-C right after the write must still erase it
        self._write(f"\r{text}\x1b[K")

    def clear(self) -> None:
        if self.shown:
            self._write("\r\x1b[2K")
            self.shown = False

    def _write(self, text: str) -> None:
        with contextlib.suppress(OSError, ValueError):
            self._stream.write(text)
            self._stream.flush()


class TerminalProgress(Progress):
    """Shows the latest step with its counts, a bar when the stage is counted in parts (a
    pulse when it is not), a spinner and the time the stage has taken.  Reports come from
    the loading thread; the bar is started by a timer thread (or at once when the delay has
    passed) and redrawn by Rich's own refresh thread, so a long stage without reports still
    moves.  Until Rich is imported and the bar made, the step shows as a `PlainLine`."""

    def __init__(self, stream: TextIO, wait: float | None = None) -> None:
        self._stream = stream
        self._wait = delay() if wait is None else wait
        self._start = process_start()
        self._lock = threading.Lock()
        self._step: LoadStep | None = None
        self._timer: threading.Timer | None = None
        self._bar: RichProgress | None = None
        self._task: TaskID | None = None
        self._made: RichProgress | bool | None = None
        """The bar once made (False: not to be shown on this terminal)."""
        self._plain = PlainLine(stream) if can_draw() else None
        self._closed = False

    def _due(self) -> bool:
        return time.monotonic() - self._start >= self._wait

    def report(self, step: LoadStep) -> None:
        with self._lock:
            if self._closed:
                return
            self._step = step
            if self._bar is not None:
                self._show_step(self._bar, step)
                return
            if self._due():
                self._show_plain(step)
        if self._made is None:
            made = self._make()  # Rich, imported by the first report, here
            with self._lock:
                self._made = made
        with self._lock:
            if self._made is False and self._plain is not None:
                self._plain.clear()  # Rich finds the terminal cannot show a bar
            if self._closed or self._bar is not None or self._made is False:
                return
            if not self._due():
                if self._timer is None:
                    left = self._wait - (time.monotonic() - self._start)
                    self._timer = threading.Timer(left, self._begin)
                    self._timer.daemon = True
                    self._timer.start()
                return
        self._begin()

    def _show_plain(self, step: LoadStep) -> None:
        """The step as a plain line while there is no bar yet (under the lock)."""
        if self._plain is not None and self._made is not False:
            self._plain.show(describe(step))

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
            if self._closed or self._step is None or bar is False:
                return
            if bar is None or bar is True:  # still importing Rich (the loading thread)
                self._show_plain(self._step)
                return
            self._bar = bar
            self._show_step(bar, self._step)
            if self._plain is not None:
                self._plain.clear()  # the bar takes the line's place
            with _ctrl_c_after():
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
            if self._plain is not None:
                self._plain.clear()
        if timer is not None:
            timer.cancel()
        if bar is not None:
            bar.stop()
