"""`facts log ID` on temporary git repositories with real commits: the commits that added,
changed, moved and removed an entity, newest first, and nothing for commits that only
reformatted it or changed other entities."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest

from tui.cli import main

pytest_plugins = ("gitbase",)  # the fixtures repo, new_repo, git_isolated

if TYPE_CHECKING:
    from gitbase import Repo


def log(capsys: pytest.CaptureFixture[str], repo: Repo, *args: str) -> tuple[int, str, str]:
    code = main(["log", "--facts", str(repo.facts), "--no-pager", *args])
    out, err = capsys.readouterr()
    return code, out, err


def log_json(capsys: pytest.CaptureFixture[str], repo: Repo, entity_id: str) -> list[Any]:
    code, out, err = log(capsys, repo, entity_id, "--json")
    assert code == 0, err
    data: list[Any] = json.loads(out)
    return data


@pytest.fixture
def history(repo: Repo) -> Repo:
    """visit-2017: added (The base), date fixed, reformatted only, moved, Toshiba added; an
    unrelated commit between; reception-2017 removed at the end."""
    repo.edit("events.yaml", 'date: "2017-11-30"', 'date: "2017-11-29"')
    repo.commit("Fix the date of the visit")
    repo.edit("events.yaml", "    themes: [energy]\n", "    themes:\n      - energy\n")
    repo.commit("Block lists")
    repo.edit("places.yaml", "kind: city", "kind: metropolis")
    repo.commit("Tokyo is a metropolis")
    text = (repo.facts / "events.yaml").read_text(encoding="utf-8")
    start, end = text.index("  - id: visit-2017"), text.index("  - id: reception-2017")
    (repo.facts / "events.yaml").write_text(text[:start] + text[end:], encoding="utf-8")
    repo.write("visits.yaml", "events:\n" + text[start:end])
    repo.commit("Visits into a file of their own")
    repo.edit(
        "visits.yaml",
        "        role: delegation\n",
        "        role: delegation\n      - participant: toshiba\n        role: host\n",
    )
    repo.commit("Toshiba hosted the visit")
    repo.edit("events.yaml", "  - id: reception-2017", "  - id: dinner-2017")
    repo.commit("It was a dinner")
    return repo


def test_the_commits_of_one_entity(capsys: pytest.CaptureFixture[str], history: Repo) -> None:
    code, out, err = log(capsys, history, "visit-2017")
    assert (code, err) == (0, "")
    shorts = history.git("log", "--format=%h").split()
    assert out == (
        f"{shorts[1]} 2025-05-16 Anna Schmidt: Toshiba hosted the visit\n"
        "    participant toshiba added (host)\n"
        f"{shorts[2]} 2025-05-15 Anna Schmidt: Visits into a file of their own\n"
        "    moved from facts/events.yaml to facts/visits.yaml\n"
        f"{shorts[5]} 2025-05-12 Anna Schmidt: Fix the date of the visit\n"
        "    date 2017-11-30 → 2017-11-29\n"
        f"{shorts[6]} 2025-05-11 Anna Schmidt: The base\n"
        "    added to facts/events.yaml\n"
    )


def test_log_json(capsys: pytest.CaptureFixture[str], history: Repo) -> None:
    entries = log_json(capsys, history, "visit-2017")
    assert [e["subject"] for e in entries] == [
        "Toshiba hosted the visit",
        "Visits into a file of their own",
        "Fix the date of the visit",
        "The base",
    ]
    assert [e["change"] for e in entries] == ["changed", "changed", "changed", "added"]
    newest = entries[0]
    assert newest["commit"] == history.git("rev-parse", "HEAD~1").strip()
    assert newest["short"] == history.git("rev-parse", "--short", "HEAD~1").strip()
    assert {k: newest[k] for k in ("date", "author", "email", "id", "file")} == {
        "date": "2025-05-16T12:00:00+09:00",
        "author": "Anna Schmidt",
        "email": "anna@example.org",
        "id": "visit-2017",
        "file": "facts/visits.yaml",
    }
    assert [f["field"] for f in newest["fields"]] == ["participants"]
    assert entries[1]["fields"][0] == {
        "field": "file",
        "before": "facts/events.yaml",
        "after": "facts/visits.yaml",
        "changes": ["moved from facts/events.yaml to facts/visits.yaml"],
    }
    assert entries[-1]["fields"] == []


def test_a_removed_entity_has_a_log(capsys: pytest.CaptureFixture[str], history: Repo) -> None:
    entries = log_json(capsys, history, "reception-2017")
    assert [(e["change"], e["subject"]) for e in entries] == [
        ("removed", "It was a dinner"),
        ("added", "The base"),
    ]
    _, out, _ = log(capsys, history, "reception-2017")
    assert out.splitlines()[1] == "    removed from facts/events.yaml"


def test_unknown_id(capsys: pytest.CaptureFixture[str], history: Repo) -> None:
    code, out, err = log(capsys, history, "visit-2071")
    assert (code, out) == (1, "")
    assert err == (
        "facts log: unknown id 'visit-2071'; did you mean: visit-2017? (no commit "
        "holds it either)\n"
    )


def test_not_committed_yet(capsys: pytest.CaptureFixture[str], history: Repo) -> None:
    history.write(
        "later.yaml", "events:\n  - {id: fair-2026, name: Fair, kind: fair, sources: [src-a]}\n"
    )
    assert log(capsys, history, "fair-2026") == (
        0,
        "",
        "facts log: no commit has added or changed 'fair-2026' yet (it is in the "
        "working tree only)\n",
    )
    assert log_json(capsys, history, "fair-2026") == []


def test_a_version_that_does_not_parse(capsys: pytest.CaptureFixture[str], repo: Repo) -> None:
    """A commit that broke the entity's lines and the one that repaired them: what it held
    there is unknown, said with the commit and place; the rest of the log stands."""
    repo.edit("events.yaml", "    kind: reception\n", "    kind: [reception\n")
    repo.commit("Oops")
    repo.edit("events.yaml", "    kind: [reception\n", "    kind: dinner\n")
    repo.commit("Repaired")
    code, out, err = log(capsys, repo, "reception-2017")
    short = repo.git("rev-parse", "--short", "HEAD~1").strip()
    assert code == 1
    assert out.splitlines() == [
        f"{repo.git('rev-parse', '--short', 'HEAD~2').strip()} 2025-05-11 Anna Schmidt: The base",
        "    added to facts/events.yaml",
    ]
    assert err.splitlines()[0].startswith(f"facts log: {short}:facts/events.yaml:")
    assert err.splitlines()[0].endswith("(that version is left out)")


def test_a_shallow_clone_says_where_its_history_ends(
    capsys: pytest.CaptureFixture[str], history: Repo, tmp_path: Path
) -> None:
    clone = tmp_path / "shallow"
    subprocess.run(
        ["git", "clone", "-q", "--depth", "3", f"file://{history.root}", str(clone)], check=True
    )
    code = main(["log", "--facts", str(clone / "facts"), "--no-pager", "visit-2017"])
    out, err = capsys.readouterr()
    assert code == 0
    assert out.splitlines()[0].endswith("Toshiba hosted the visit")
    assert len(out.splitlines()) == 2  # not "added" in the clone's first commit, the move
    first = subprocess.run(
        ["git", "-C", str(clone), "rev-list", "--max-parents=0", "HEAD"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout.strip()
    assert err == (
        f"facts log: the history of this shallow clone ends at {first[:7]}; older "
        "changes are not shown (`git fetch --unshallow` fetches them)\n"
    )


def test_log_reads_only_the_entitys_lines(
    capsys: pytest.CaptureFixture[str], history: Repo, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Each version of a file is read once, and only when it holds the id."""
    import tui.revisions

    read: list[str] = []
    real = tui.revisions.read_entity

    def counting(text: str, entity_id: str, display: str) -> Any:
        read.append(display)
        return real(text, entity_id, display)

    monkeypatch.setattr(tui.revisions, "read_entity", counting)
    shorts = history.git("log", "--format=%h").split()
    log_json(capsys, history, "src-b")  # in sources.yaml, which only the first commit wrote
    assert read == [f"{shorts[-1]}:facts/sources.yaml"]
    read.clear()
    # places.yaml: written by the first commit, changed by "Tokyo is a metropolis"; the
    # version before that change (named by the commit before it) is the first commit's,
    # read once for both
    assert [e["subject"] for e in log_json(capsys, history, "japan")] == ["The base"]
    assert read == [f"{shorts[4]}:facts/places.yaml", f"{shorts[3]}:facts/places.yaml"]


def test_what_a_commit_says_is_shown_as_text(
    capsys: pytest.CaptureFixture[str], repo: Repo
) -> None:
    """A subject or author name with escape sequences is printed, not obeyed."""
    repo.edit("events.yaml", "kind: reception", "kind: dinner")
    repo.git("-c", "user.name=Eve\x1b[2J", "commit", "-q", "-am", "Dinner\x1b]0;owned\x07")
    _, out, _ = log(capsys, repo, "reception-2017")
    assert "\x1b" not in out and "\x07" not in out
    assert out.splitlines()[0].endswith("Eve\\x1b[2J: Dinner\\x1b]0;owned\\x07")


def test_the_last_change_alone(history: Repo) -> None:
    """What the browser's detail pane will ask: the newest change, and no more work."""
    from tui.revisions import entity_log, find_base

    result = entity_log(find_base(history.facts), "visit-2017", limit=1)
    assert [e.commit.subject for e in result.entries] == ["Toshiba hosted the visit"]
    assert result.commits == 2  # "It was a dinner", then the one that changed it
