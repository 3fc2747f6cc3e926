"""`facts check --format json|github` for programs and for GitHub's annotations, and the
pre-commit hook this repository declares for fact-base repositories."""

from __future__ import annotations

import json
import re
import textwrap
from pathlib import Path

import pytest
import yaml

from tui.annotations import escape_data, escape_property, github_line
from tui.cli import main
from tui.load.problems import Problem

ROOT = Path(__file__).resolve().parent.parent


def check(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(["check", *args])
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture
def broken(tmp_path: Path) -> Path:
    (tmp_path / "events.yaml").write_text(
        textwrap.dedent("""\
        events:
          - id: trip
            name: Trip
            kind: delegation-trip
            dat: "2017"
            sources: [nowhere]
        """),
        encoding="utf-8",
    )
    return tmp_path


def test_json_of_a_valid_base(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = check(capsys, "--format", "json")
    assert (code, err) == (0, "")
    assert json.loads(out) == {"ok": True, "problems": []}


def test_json_of_problems(capsys: pytest.CaptureFixture[str], broken: Path) -> None:
    code, out, err = check(capsys, "--format", "json", "--facts", str(broken))
    assert (code, err) == (1, "")
    path = str(broken / "events.yaml")
    assert json.loads(out) == {
        "ok": False,
        "problems": [
            {
                "path": path,
                "line": 5,
                "column": 5,
                "message": "unknown field 'dat' in event; did you mean 'date'?",
            },
            {"path": path, "line": 6, "column": 15, "message": "unknown source 'nowhere'"},
        ],
    }


def test_github_annotations(
    capsys: pytest.CaptureFixture[str], broken: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(broken)  # a workflow runs in the checkout: paths relative to it
    code, out, err = check(capsys, "--format", "github", "--facts", str(broken))
    assert code == 1
    assert out == (
        "::error file=events.yaml,line=5,col=5::unknown field 'dat' in event; did you mean "
        "'date'?\n"
        "::error file=events.yaml,line=6,col=15::unknown source 'nowhere'\n"
    )
    assert err.splitlines()[-1] == "2 problems in 1 file"  # the log, for a person
    code, out, _ = check(capsys, "--format", "github")
    assert (code, out.startswith("OK: ")) == (0, True)


def test_github_escaping() -> None:
    """GitHub's workflow commands: %, CR and LF escaped in the message; in properties also
    ':' and ','."""
    assert escape_data("50% done\r\nnext: a, b") == "50%25 done%0D%0Anext: a, b"
    assert escape_property("C:\\facts, 100%\n") == "C%3A\\facts%2C 100%25%0A"
    line = github_line(Problem("odd,name:1.yaml", 3, 7, "100% wrong: a, b"))
    assert line == "::error file=odd%2Cname%3A1.yaml,line=3,col=7::100%25 wrong: a, b"
    assert github_line(Problem("gone", 0, 0, "cannot read the folder: x")) == (
        "::error file=gone::cannot read the folder: x"
    )


def test_the_pre_commit_hook() -> None:
    (hook,) = yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))
    assert {k: hook[k] for k in ("id", "entry", "language", "pass_filenames")} == {
        "id": "facts-check",
        "entry": "facts check",
        "language": "python",
        "pass_filenames": False,
    }
    files = re.compile(hook["files"])
    assert files.search("facts/events.yaml") and files.search("a/b.yml")
    assert not files.search("README.md") and not files.search("schema.json")
