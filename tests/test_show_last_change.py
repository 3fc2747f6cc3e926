"""`facts show ID --last-change`: when the entity last changed in git, on the page (under
"History", before the sources: what the browser's detail pane shows through the same
renderer) and in the JSON, on a temporary repository with real commits."""

from __future__ import annotations

import json
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

from tui.cli import main

pytest_plugins = ("gitbase",)  # the fixtures repo, loose, new_repo, git_isolated

if TYPE_CHECKING:
    from gitbase import Repo


def show(capsys: pytest.CaptureFixture[str], facts: Path, *args: str) -> tuple[int, str, str]:
    code = main(["show", "--facts", str(facts), "--no-pager", "--width", "100", *args])
    out, err = capsys.readouterr()
    return code, out, err


def short(repo: Repo, rev: str = "HEAD") -> str:
    return repo.git("rev-parse", "--short=7", rev).strip()


def test_the_page_says_when_it_last_changed(capsys: pytest.CaptureFixture[str], repo: Repo) -> None:
    repo.edit("events.yaml", 'date: "2017-11-30"', 'date: "2017-11-29"')
    repo.commit("Fix the date of the visit")
    code, out, err = show(capsys, repo.facts, "visit-2017", "--last-change")
    assert (code, err) == (0, "")
    lines = out.splitlines()
    history = lines.index("History")
    assert lines[history + 1] == (
        f"Last changed 2025-05-12 by Anna Schmidt ({short(repo)}): Fix the date of the visit"
    )
    assert lines[history + 3] == "Sources"
    # without the option the page is as it always was
    _, plain, _ = show(capsys, repo.facts, "visit-2017")
    assert "History" not in plain.splitlines()
    assert [line for line in lines if line not in plain.splitlines()] == [
        "History",
        lines[history + 1],
    ]


def test_uncommitted_and_never_committed(capsys: pytest.CaptureFixture[str], repo: Repo) -> None:
    repo.edit("participants.yaml", "name: Toshiba", "name: Toshiba Corporation")
    repo.write(
        "later.yaml", "events:\n  - {id: fair-2026, name: Fair, kind: fair, sources: [src-a]}\n"
    )
    _, out, _ = show(capsys, repo.facts, "toshiba", "--last-change")
    assert (
        "Changed in the working tree, not committed yet. Added 2025-05-11 by Anna "
        f"Schmidt ({short(repo)}): The base"
    ) in out.splitlines()
    _, out, _ = show(capsys, repo.facts, "fair-2026", "--last-change")
    assert "Changed in the working tree, not committed yet." in out.splitlines()


def test_json(capsys: pytest.CaptureFixture[str], repo: Repo) -> None:
    code, out, _ = show(capsys, repo.facts, "visit-2017", "--last-change", "--json")
    assert code == 0
    data = json.loads(out)
    assert data["last_change"] == {
        "commit": repo.git("rev-parse", "HEAD").strip(),
        "short": short(repo),
        "date": "2025-05-11T12:00:00+09:00",
        "author": "Anna Schmidt",
        "email": "anna@example.org",
        "subject": "The base",
        "change": "added",
        "fields": [],
        "uncommitted": False,
        "text": f"Added 2025-05-11 by Anna Schmidt ({short(repo)}): The base",
    }
    _, plain, _ = show(capsys, repo.facts, "visit-2017", "--json")
    assert "last_change" not in json.loads(plain)  # the export format, unchanged


def test_not_in_git(capsys: pytest.CaptureFixture[str], loose: Path) -> None:
    assert show(capsys, loose, "visit-2017", "--last-change") == (
        2,
        "",
        f"facts show: --last-change: {loose} is not in a git repository (there, `git "
        "init` makes one; or give --facts a fact base inside one)\n",
    )
