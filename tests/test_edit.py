"""`facts edit ID` with stub editors that record their arguments: each editor's convention,
an editor with arguments, the order of VISUAL, EDITOR and facts' own setting, and what is
said when the id is unknown or the editor missing or failing."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest

from tui.cli import main
from tui.editor import editor_argv


@pytest.fixture
def stubs(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A folder of stub editors, each writing its arguments (one a line) to args.txt and
    exiting with $STUB_EXIT (0 unless set)."""
    folder = tmp_path / "bin"
    folder.mkdir()
    for name in (
        "vi",
        "vim",
        "nvim",
        "nano",
        "emacs",
        "micro",
        "kak",
        "hx",
        "joe",
        "ne",
        "code",
        "codium",
        "subl",
        "kate",
        "gedit",
    ):
        path = folder / name
        path.write_text(
            f'#!/bin/sh\nprintf "%s\\n" "$@" > "{tmp_path}/args.txt"\nexit "${{STUB_EXIT:-0}}"\n',
            encoding="utf-8",
        )
        path.chmod(path.stat().st_mode | stat.S_IEXEC)
    monkeypatch.setenv("PATH", f"{folder}{os.pathsep}{os.environ['PATH']}")
    for name in ("VISUAL", "EDITOR", "FACTS_EDITOR"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("FACTS_CONFIG", os.devnull)
    return folder


def edit(
    capsys: pytest.CaptureFixture[str], base: Path, entity_id: str
) -> tuple[int, list[str], str]:
    """Exit code, the arguments the editor got, and stderr."""
    args_file = base.parent / "args.txt"
    args_file.unlink(missing_ok=True)
    code = main(["edit", entity_id, "--facts", str(base)])
    err = capsys.readouterr().err
    got = args_file.read_text(encoding="utf-8").splitlines() if args_file.exists() else []
    return code, got, err


@pytest.fixture
def base(tmp_path: Path, shipped_path: Path) -> Path:
    import shutil

    copy = tmp_path / "facts"
    shutil.copytree(shipped_path, copy)
    return copy


def line_of(base: Path, name: str, entity_id: str) -> int:
    lines = (base / name).read_text(encoding="utf-8").splitlines()
    return next(i for i, line in enumerate(lines, 1) if line == f"  - id: {entity_id}")


LINE_FIRST = ["vi", "vim", "nvim", "nano", "emacs", "micro", "kak", "hx", "joe", "ne"]


@pytest.mark.parametrize("editor", LINE_FIRST)
def test_line_first_editors(
    capsys: pytest.CaptureFixture[str],
    stubs: Path,
    base: Path,
    monkeypatch: pytest.MonkeyPatch,
    editor: str,
) -> None:
    monkeypatch.setenv("EDITOR", editor)
    line = line_of(base, "events.yaml", "essen-koriyama-mou-2017")
    assert edit(capsys, base, "essen-koriyama-mou-2017") == (
        0,
        [f"+{line}", str(base / "events.yaml")],
        "",
    )


@pytest.mark.parametrize("editor", ["code", "codium"])
def test_goto_editors(
    capsys: pytest.CaptureFixture[str],
    stubs: Path,
    base: Path,
    monkeypatch: pytest.MonkeyPatch,
    editor: str,
) -> None:
    monkeypatch.setenv("EDITOR", str(stubs / editor))  # a full path: the name counts
    line = line_of(base, "participants.yaml", "thomas-kufen")
    assert edit(capsys, base, "thomas-kufen") == (
        0,
        ["--goto", f"{base / 'participants.yaml'}:{line}"],
        "",
    )


def test_sublime_and_others(
    capsys: pytest.CaptureFixture[str], stubs: Path, base: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    line = line_of(base, "places.yaml", "koriyama")
    monkeypatch.setenv("EDITOR", "subl")
    assert edit(capsys, base, "koriyama") == (0, [f"{base / 'places.yaml'}:{line}"], "")
    monkeypatch.setenv("EDITOR", "kate")
    assert edit(capsys, base, "koriyama") == (0, [str(base / "places.yaml")], "")


def test_an_editor_with_arguments(
    capsys: pytest.CaptureFixture[str], stubs: Path, base: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("EDITOR", "code --wait --new-window")
    line = line_of(base, "themes.yaml", "hydrogen-technologies")
    assert edit(capsys, base, "hydrogen-technologies") == (
        0,
        ["--wait", "--new-window", "--goto", f"{base / 'themes.yaml'}:{line}"],
        "",
    )
    monkeypatch.setenv("EDITOR", "vim -u 'NONE' -c 'set nu'")
    assert edit(capsys, base, "hydrogen-technologies")[1] == [
        "-u",
        "NONE",
        "-c",
        "set nu",
        f"+{line}",
        str(base / "themes.yaml"),
    ]


def test_which_editor(
    capsys: pytest.CaptureFixture[str], stubs: Path, base: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """VISUAL before EDITOR before vi; facts' own FACTS_EDITOR before them all."""
    line = line_of(base, "places.yaml", "essen")
    file = str(base / "places.yaml")
    assert edit(capsys, base, "essen")[1] == [f"+{line}", file]  # vi, the default
    monkeypatch.setenv("EDITOR", "subl")
    monkeypatch.setenv("VISUAL", "kate")
    assert edit(capsys, base, "essen")[1] == [file]
    monkeypatch.setenv("FACTS_EDITOR", "code")
    assert edit(capsys, base, "essen")[1] == ["--goto", f"{file}:{line}"]


def test_unknown_id(capsys: pytest.CaptureFixture[str], stubs: Path, base: Path) -> None:
    assert edit(capsys, base, "thomas-kufn") == (
        1,
        [],
        "facts edit: unknown id 'thomas-kufn'; did you mean: thomas-kufen?\n",
    )


def test_a_base_with_problems_can_still_be_edited(
    capsys: pytest.CaptureFixture[str], stubs: Path, base: Path
) -> None:
    """The base that does not load is the one that needs the editor."""
    events = base / "events.yaml"
    events.write_text(
        events.read_text(encoding="utf-8").replace('date: "2017-12-01"', 'date: "2017-13-01"', 1),
        encoding="utf-8",
    )
    assert main(["check", "--facts", str(base)]) == 1
    capsys.readouterr()
    line = line_of(base, "events.yaml", "essen-koriyama-mou-2017")
    assert edit(capsys, base, "essen-koriyama-mou-2017") == (0, [f"+{line}", str(events)], "")


def test_a_missing_editor(
    capsys: pytest.CaptureFixture[str], stubs: Path, base: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("VISUAL", "no-such-editor --wait")
    assert edit(capsys, base, "essen") == (
        2,
        [],
        "facts edit: the editor 'no-such-editor' (VISUAL) is not installed (or not on "
        "PATH); set VISUAL or EDITOR, or `editor` in the config file (`facts config` "
        "shows which is used)\n",
    )


def test_a_failing_editor(
    capsys: pytest.CaptureFixture[str], stubs: Path, base: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("EDITOR", "nano")
    monkeypatch.setenv("STUB_EXIT", "3")
    code, got, err = edit(capsys, base, "essen")
    assert (code, err) == (3, "facts edit: the editor 'nano' ended with exit code 3\n")
    assert got[0].startswith("+")


def test_a_file_name_is_never_an_option() -> None:
    assert editor_argv(["vim"], Path("-rf.yaml"), 3) == ["vim", "+3", "./-rf.yaml"]
    assert editor_argv(["/usr/local/bin/nvim.exe"], Path("+x.yaml"), 1) == [
        "/usr/local/bin/nvim.exe",
        "+1",
        "./+x.yaml",
    ]
