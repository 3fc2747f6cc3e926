"""Progress from the moment Enter is pressed (issue 17 §7): the first words of a long load
come as a plain line before Rich (CLI) or Textual (browser) are even imported, counted from
the start of the process; nothing in a pipe, nothing on a warm start, nothing left after.

Asserted by content and order on a pseudo-terminal, never by timing."""

from __future__ import annotations

import fcntl
import io
import os
import pty
import select
import shutil
import signal
import struct
import subprocess
import sys
import termios
import time
from pathlib import Path

import pytest
from test_progress_cli import FACTS, environment, on_terminal

from tui import progress, progressbar
from tui.progress import READ, LoadStep

ALT_SCREEN = "\x1b[?1049h"
LEAVE_ALT_SCREEN = "\x1b[?1049l"


@pytest.fixture
def base_copy(tmp_path: Path, shipped_path: Path) -> Path:
    return Path(shutil.copytree(shipped_path, tmp_path / "facts"))


def _files(base: Path) -> int:
    return len(list(base.glob("**/*.yaml")))


# -- the CLI ----------------------------------------------------------------------------------


def test_the_first_words_are_a_plain_line_before_the_bar(tmp_path: Path, base_copy: Path) -> None:
    code, shown, out = on_terminal(["check", "--facts", str(base_copy)], environment(tmp_path))
    assert code == 0 and out.startswith("OK: ")
    first = f"\rReading the fact files: 0 of {_files(base_copy)} files\x1b[K"
    assert shown.startswith(first)
    bar = shown.index("\x1b[?25l")  # Rich's bar hides the cursor
    assert shown.index("\r\x1b[2K") < bar  # the plain line is erased before the bar draws
    assert shown.endswith("\x1b[2K") and "\x1b[?25h" in shown


class _Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_the_delay_counts_from_the_start_of_the_process(monkeypatch: pytest.MonkeyPatch) -> None:
    """Begun long ago: the first report shows at once; just begun: nothing yet."""
    monkeypatch.setenv("TERM", "xterm-256color")
    step = LoadStep(READ, 0, 3)
    monkeypatch.setattr(progressbar, "process_start", lambda: time.monotonic() - 60)
    stream = _Terminal()
    bar = progressbar.TerminalProgress(stream, wait=10)
    bar.report(step)
    bar.close()
    assert stream.getvalue().startswith("\rReading the fact files: 0 of 3 files\x1b[K")
    assert stream.getvalue().endswith("\x1b[2K")  # then the bar, and all of it erased

    monkeypatch.setattr(progressbar, "process_start", time.monotonic)
    stream = _Terminal()
    bar = progressbar.TerminalProgress(stream, wait=10)
    bar.report(step)
    bar.close()
    assert stream.getvalue() == ""


def test_a_dumb_terminal_gets_no_plain_line(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("TERM", "dumb")
    monkeypatch.setattr(progressbar, "process_start", lambda: time.monotonic() - 60)
    stream = _Terminal()
    bar = progressbar.TerminalProgress(stream, wait=0)
    bar.report(LoadStep(READ, 0, 3))
    bar.close()
    assert stream.getvalue() == ""


def test_the_start_of_the_process_is_before_its_imports() -> None:
    code = (
        "import time; time.sleep(0.3); from tui.progress import process_start; "
        "print(time.monotonic() - process_start())"
    )
    age = float(
        subprocess.run(
            [sys.executable, "-c", code], capture_output=True, text=True, check=True
        ).stdout
    )
    assert 0.3 <= age < 30
    assert progress.process_start() <= time.monotonic()


# -- the browser ------------------------------------------------------------------------------


def on_browser_terminal(
    args: list[str], env: dict[str, str], *, stderr_to_pipe: bool = False
) -> tuple[int, str, str]:
    """Run the browser on a pseudo-terminal (stderr too, unless `stderr_to_pipe`), press q
    once its first screen is up; the exit code, what the terminal got, and the pipe's."""
    master, slave = pty.openpty()
    fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", 24, 100, 0, 0))
    process = subprocess.Popen(
        [*FACTS, *args],
        stdin=slave,
        stdout=slave,
        stderr=subprocess.PIPE if stderr_to_pipe else slave,
        env=env,
        preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL),
    )
    os.close(slave)
    shown = b""
    quit_sent = False
    piped = b""
    try:
        streams = [master] + ([process.stderr.fileno()] if process.stderr else [])
        while streams:
            ready, _, _ = select.select(streams, [], [], 60)
            if not ready:
                break
            for fd in ready:
                try:
                    chunk = os.read(fd, 65536)
                except OSError:
                    chunk = b""
                if not chunk:
                    streams.remove(fd)
                elif fd == master:
                    shown += chunk
                else:
                    piped += chunk
            screen = shown if not stderr_to_pipe else piped
            if not quit_sent and b"facts" in screen.split(ALT_SCREEN.encode())[-1]:
                time.sleep(0.5)
                os.write(master, b"q")
                quit_sent = True
        code = process.wait(timeout=60)
    finally:
        if process.poll() is None:
            process.kill()
        os.close(master)
    return code, shown.decode(errors="replace"), piped.decode(errors="replace")


def _stored(base: Path, env: dict[str, str]) -> None:
    """The base checked, so that its store (and index) is current."""
    done = subprocess.run([*FACTS, "check", "--facts", str(base)], env=env, capture_output=True)
    assert done.returncode == 0, done.stderr


def _browser_env(tmp_path: Path) -> dict[str, str]:
    env = environment(tmp_path)
    env.pop("FACTS_PROGRESS_DELAY")
    return env


def test_the_browser_shows_progress_before_its_first_frame(tmp_path: Path, base_copy: Path) -> None:
    code, shown, _ = on_browser_terminal(["--facts", str(base_copy)], _browser_env(tmp_path))
    assert code == 0
    # the line, then erased as the browser takes the screen: nothing is left behind it
    before = shown.split(ALT_SCREEN)[0]
    assert before == f"\rReading the fact files: 0 of {_files(base_copy)} files\x1b[K\r\x1b[2K"
    assert "Reading the fact files" not in shown.split(LEAVE_ALT_SCREEN)[-1]


def test_after_an_edit_the_browser_names_the_changed_files(tmp_path: Path, base_copy: Path) -> None:
    env = _browser_env(tmp_path)
    _stored(base_copy, env)
    edited = next(base_copy.glob("**/*.yaml"))
    edited.write_text(edited.read_text(encoding="utf-8") + "\n", encoding="utf-8")
    code, shown, _ = on_browser_terminal(["--facts", str(base_copy)], env)
    assert code == 0
    assert shown.split(ALT_SCREEN)[0] == "\rReading the changed files: 0 of 1 file\x1b[K\r\x1b[2K"


def test_a_warm_browser_shows_no_early_progress(tmp_path: Path, base_copy: Path) -> None:
    env = _browser_env(tmp_path)
    _stored(base_copy, env)
    code, shown, _ = on_browser_terminal(["--facts", str(base_copy)], env)
    assert code == 0
    assert shown.split(ALT_SCREEN)[0] == ""


def test_no_early_progress_into_a_pipe(tmp_path: Path, base_copy: Path) -> None:
    _, shown, piped = on_browser_terminal(
        ["--facts", str(base_copy)], _browser_env(tmp_path), stderr_to_pipe=True
    )
    assert "Reading the fact files" not in shown
    assert "Reading the fact files" not in piped.split(ALT_SCREEN)[0]
