"""Every file a base names is read or reported: unreadable folders, links to nothing, link
loops, linked folders, pipes, sockets and devices, and folders that vanish while they are
listed — each a problem `path: cannot read …: reason` with exit 1, never "OK" about a base
read in part, never a traceback."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest

from tui.cli import main
from tui.load import load
from tui.load.files import list_files

ROOT = Path(__file__).resolve().parent.parent
SHIPPED = ROOT / "facts"


@pytest.fixture
def base(tmp_path: Path) -> Path:
    copy = tmp_path / "base"
    shutil.copytree(SHIPPED, copy)
    return copy


def check(base: Path, capsys: pytest.CaptureFixture[str]) -> tuple[int, list[str]]:
    code = main(["check", "--facts", str(base)])
    captured = capsys.readouterr()
    return code, (captured.out + captured.err).splitlines()


def test_links_pipes_sockets_and_devices_are_reported(
    base: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    os.mkfifo(base / "pipe.yaml")
    (base / "dangling.yaml").symlink_to("nowhere.yaml")
    (base / "notes").symlink_to("gone")  # any name: it may have been a folder of facts
    (base / "loop.yaml").symlink_to("loop.yaml")
    (base / "null.yaml").symlink_to(os.devnull)
    (base / "linked").symlink_to(SHIPPED)
    with socket.socket(socket.AF_UNIX) as server:
        server.bind(str(base / "socket.yaml"))
        code, lines = check(base, capsys)
    assert code == 1
    assert lines == [
        f"{base}/dangling.yaml: cannot read: a symbolic link to 'nowhere.yaml', which does not "
        "exist",
        f"{base}/linked: cannot read the folder: a symbolic link to a folder, which facts does "
        "not follow; move the files into the base, or give that folder as a base of its own",
        f"{base}/loop.yaml: cannot read: a loop of symbolic links",
        f"{base}/notes: cannot read: a symbolic link to 'gone', which does not exist",
        f"{base}/null.yaml: cannot read the file: a character device, not a file",
        f"{base}/pipe.yaml: cannot read the file: a named pipe, not a file",
        f"{base}/socket.yaml: cannot read the file: a socket, not a file",
        "7 problems in 7 files",
    ]


def test_a_link_to_a_fact_file_is_read(base: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (base / "sources.yaml").rename(base.parent / "sources.yaml")
    (base / "sources.yaml").symlink_to(base.parent / "sources.yaml")
    assert check(base, capsys)[0] == 0


def test_other_files_and_hidden_ones_are_left_alone(
    base: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    os.mkfifo(base / "notes.fifo")
    (base / ".hidden.yaml").symlink_to("nowhere")
    (base / "README.md").write_text("notes")
    assert check(base, capsys)[0] == 0


def test_a_problem_in_the_listing_comes_with_the_problems_of_the_files(
    base: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    os.mkfifo(base / "pipe.yaml")
    (base / "broken.yaml").write_text("sources: [\n", encoding="utf-8")
    code, lines = check(base, capsys)
    assert code == 1
    assert lines[0].startswith(f"{base}/broken.yaml:2:1: ")
    assert lines[1] == f"{base}/pipe.yaml: cannot read the file: a named pipe, not a file"
    assert lines[-1] == "2 problems in 2 files"


def test_a_folder_that_vanishes_while_it_is_listed(
    base: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    (base / "more").mkdir()
    real = os.scandir

    def vanishing(path: object) -> object:
        if str(path).endswith("more"):
            raise FileNotFoundError(2, "No such file or directory", str(path))
        return real(path)  # type: ignore[arg-type]

    monkeypatch.setattr(os, "scandir", vanishing)
    code, lines = check(base, capsys)
    assert code == 1
    assert lines == [
        f"{base}/more: cannot read the folder: it was removed while it was being read",
        "1 problem in 1 file",
    ]


def as_a_normal_user() -> list[str]:
    """A command prefix that takes root's power to read anything away (the tests may run
    as root, as CI does); nothing for a normal user."""
    if os.geteuid() != 0:
        return []
    if shutil.which("setpriv") is None:
        pytest.skip("running as root without setpriv: cannot test an unreadable folder")
    drop = "-dac_override,-dac_read_search"
    return ["setpriv", f"--bounding-set={drop}", f"--inh-caps={drop}"]


def test_an_unreadable_folder_as_a_normal_user(base: Path) -> None:
    """`facts check` with events/ closed to the user: a problem, not 'OK' without events."""
    (base / "events").mkdir()
    (base / "events.yaml").rename(base / "events" / "events.yaml")
    (base / "events").chmod(0)
    (base / "zz-more.yaml").write_text("sources: []\n", encoding="utf-8")
    (base / "zz-more.yaml").chmod(0)
    try:
        done = subprocess.run(
            [*as_a_normal_user(), sys.executable, "-m", "tui", "check", "--facts", str(base)],
            capture_output=True,
            text=True,
            timeout=60,
            env={**os.environ, "FACTS_NO_CACHE": "1"},
        )
    finally:
        (base / "events").chmod(0o755)
    assert done.returncode == 1, done.stdout + done.stderr
    assert done.stdout == ""
    assert done.stderr == (
        f"{base}/events: cannot read the folder: Permission denied\n"
        f"{base}/zz-more.yaml: cannot read the file: Permission denied\n"
        "2 problems in 2 files\n"
    )


def test_proc_is_answered_without_a_traceback() -> None:
    done = subprocess.run(
        [sys.executable, "-m", "tui", "check", "--facts", "/proc"],
        capture_output=True,
        text=True,
        timeout=120,
        env={**os.environ, "FACTS_NO_CACHE": "1"},
    )
    assert done.returncode == 1
    assert "Traceback" not in done.stderr
    assert done.stderr.splitlines()[-1].endswith(" files")


@pytest.fixture
def toggling(base: Path) -> Iterator[Path]:
    """A subfolder of fact files appearing and vanishing as fast as it can."""
    stop = threading.Event()
    sub = base / "sub"

    def toggle() -> None:
        while not stop.is_set():
            sub.mkdir(exist_ok=True)
            (sub / "x.yaml").write_text("sources: []\n", encoding="utf-8")
            shutil.rmtree(sub, ignore_errors=True)

    thread = threading.Thread(target=toggle, daemon=True)
    thread.start()
    try:
        yield base
    finally:
        stop.set()
        thread.join()


def test_a_subfolder_toggled_while_commands_run(toggling: Path) -> None:
    """The race the attack found (8 tracebacks in 60 runs of `facts search`)."""
    for _ in range(12):
        for command in (["check"], ["search", "essen", "--json"]):
            done = subprocess.run(
                [sys.executable, "-m", "tui", *command, "--facts", str(toggling)],
                capture_output=True,
                text=True,
                timeout=120,
                env={**os.environ, "FACTS_NO_CACHE": "1"},
            )
            assert done.returncode in (0, 1), done.stderr
            assert "Traceback" not in done.stderr
            for line in done.stderr.splitlines():
                assert line.startswith(str(toggling)) or " problem" in line, line


def test_listing_in_process_never_raises_while_a_folder_toggles(toggling: Path) -> None:
    for _ in range(200):
        listing = list_files(toggling)
        assert all(p.path.startswith(str(toggling)) for p in listing.problems)
        load(toggling, cache=False)
