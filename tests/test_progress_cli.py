"""The CLI's progress bar as a user sees it, with a real process: on a terminal (stderr a
pseudo-terminal) a load that reads the files shows the stage and its counts, and clears it
before the output; in a pipe stderr stays empty; a warm command shows nothing; Ctrl-C while
the bar shows still exits 130.

FACTS_PROGRESS_DELAY=0 shows the bar at the first step, so that the small shipped base is a
"slow load" here without depending on how fast the machine is."""

from __future__ import annotations

import fcntl
import os
import pty
import select
import shutil
import signal
import struct
import subprocess
import sys
import termios
import threading
from pathlib import Path

import pytest

FACTS = [sys.executable, "-m", "tui"]


@pytest.fixture
def base_copy(tmp_path: Path, shipped_path: Path) -> Path:
    return Path(shutil.copytree(shipped_path, tmp_path / "facts"))


def environment(tmp_path: Path, **more: str) -> dict[str, str]:
    return {
        **os.environ,
        "FACTS_CACHE_DIR": str(tmp_path / "cache"),
        "FACTS_PROGRESS_DELAY": "0",
        "TERM": "xterm-256color",
        **more,
    }


def on_terminal(
    args: list[str], env: dict[str, str], *, interrupt_on: str | None = None
) -> tuple[int, str, str]:
    """Run facts with stderr on a pseudo-terminal (100 columns) and stdout in a pipe: the
    exit code, what the terminal got, and stdout.  With `interrupt_on`, Ctrl-C (SIGINT) as
    soon as that text has shown on the terminal."""
    master, slave = pty.openpty()
    fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", 24, 100, 0, 0))
    process = subprocess.Popen(
        [*FACTS, *args],
        stdin=subprocess.DEVNULL,
        stdout=subprocess.PIPE,
        stderr=slave,
        env=env,
        preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL),
    )
    os.close(slave)
    shown = b""
    interrupted = False
    output: list[bytes] = []
    assert process.stdout is not None
    reader = threading.Thread(target=lambda: output.append(process.stdout.read()))  # type: ignore[union-attr]
    reader.start()  # a long output must not wait for the terminal to be read
    try:
        while True:
            ready, _, _ = select.select([master], [], [], 60)
            if not ready:
                break
            try:
                chunk = os.read(master, 65536)
            except OSError:  # the process ended: the terminal is closed
                break
            if not chunk:
                break
            shown += chunk
            if interrupt_on and not interrupted and interrupt_on.encode() in shown:
                process.send_signal(signal.SIGINT)
                interrupted = True
        code = process.wait(timeout=60)
        reader.join(timeout=60)
        out = b"".join(output).decode()
    finally:
        if process.poll() is None:
            process.kill()
        os.close(master)
    return (130 if code == -signal.SIGINT else code), shown.decode(errors="replace"), out


def test_a_load_on_a_terminal_shows_the_stages_with_counts(tmp_path: Path, base_copy: Path) -> None:
    files = len(list(base_copy.glob("**/*.yaml")))
    code, shown, out = on_terminal(["check", "--facts", str(base_copy)], environment(tmp_path))
    assert code == 0
    assert out.startswith(f"OK: {files} files, ")
    assert f"Reading the fact files: 0 of {files} files" in shown
    # the bar is taken off the terminal at the end: its line is erased, the cursor shown
    assert shown.endswith("\x1b[2K")
    assert "\x1b[?25h" in shown


def test_every_command_that_loads_shows_it(tmp_path: Path, base_copy: Path) -> None:
    for number, args in enumerate(
        (["summary"], ["search", "koriyama"], ["show", "thomas-kufen"], ["export"], ["audit"])
    ):
        env = environment(tmp_path, FACTS_CACHE_DIR=str(tmp_path / f"cache-{number}"))
        code, shown, out = on_terminal([*args, "--facts", str(base_copy)], env)
        assert code == 0, (args, shown)
        assert "Reading the fact files: 0 of" in shown, args
        assert out, args


def test_in_the_german_interface_the_bar_is_german(tmp_path: Path, base_copy: Path) -> None:
    env = environment(tmp_path, FACTS_UI_LANG="de")
    code, shown, _ = on_terminal(["check", "--facts", str(base_copy)], env)
    assert code == 0
    assert "Faktendateien werden gelesen: 0 von" in shown


def test_a_warm_command_shows_nothing(tmp_path: Path, base_copy: Path) -> None:
    env = environment(tmp_path)
    assert on_terminal(["search", "koriyama", "--facts", str(base_copy)], env)[0] == 0
    code, shown, out = on_terminal(["search", "koriyama", "--facts", str(base_copy)], env)
    assert code == 0
    assert "koriyama" in out.casefold()
    assert shown == ""


def test_in_a_pipe_stderr_stays_empty(tmp_path: Path, base_copy: Path) -> None:
    done = subprocess.run(
        [*FACTS, "check", "--facts", str(base_copy)],
        capture_output=True,
        text=True,
        timeout=120,
        env=environment(tmp_path),
    )
    assert done.returncode == 0
    assert done.stderr == ""
    assert done.stdout.startswith("OK: ")
    assert "\x1b" not in done.stdout


@pytest.mark.parametrize(
    "shown_first",
    ["Reading the fact", "\x1b[?25l"],  # the plain first line; Rich's bar (it hides the cursor)
)
def test_ctrl_c_while_the_bar_shows_exits_130(tmp_path: Path, shown_first: str) -> None:
    out = tmp_path / "big"
    root = Path(__file__).resolve().parent.parent
    subprocess.run(
        [
            sys.executable,
            str(root / "benchmarks" / "generate.py"),
            "--events",
            "1000",
            "--seed",
            "1",
            "--out",
            str(out),
        ],
        check=True,
        capture_output=True,
        timeout=300,
    )
    code, shown, stdout = on_terminal(
        ["check", "--facts", str(out)], environment(tmp_path), interrupt_on=shown_first
    )
    assert code == 130
    assert stdout == ""
    assert "Traceback" not in shown
    assert shown_first in shown
    # nothing is left on the screen: the line is erased, a cursor hidden is given back
    assert shown.count("\x1b[?25l") == shown.count("\x1b[?25h")
    assert shown.replace("\x1b[?25h", "").endswith("\x1b[2K")
