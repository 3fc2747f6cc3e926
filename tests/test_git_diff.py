"""`facts diff` on temporary git repositories, with real git and real commits: what a user
reads (by entity, by field, before → after), the JSON, the exit codes, and every kind of bad
input as one line."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest

from tui.cli import main

pytest_plugins = ("gitbase",)  # the fixtures repo, new_repo, git_isolated

if TYPE_CHECKING:
    from collections.abc import Callable

    from gitbase import Repo


def facts(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def diff(capsys: pytest.CaptureFixture[str], repo: Repo, *args: str) -> tuple[int, str, str]:
    return facts(capsys, "diff", "--facts", str(repo.facts), "--no-pager", *args)


def diff_json(capsys: pytest.CaptureFixture[str], repo: Repo, *args: str) -> dict[str, Any]:
    code, out, err = diff(capsys, repo, "--json", *args)
    assert code == 0, err
    data: dict[str, Any] = json.loads(out)
    return data


@pytest.fixture(autouse=True)
def _in_repo(repo: Repo, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(repo.root)  # paths are shown relative to where the user is


# -- nothing changed ------------------------------------------------------------------------


def test_nothing_changed(capsys: pytest.CaptureFixture[str], repo: Repo) -> None:
    assert diff(capsys, repo) == (0, "No entity changed between HEAD and the working tree.\n", "")
    assert diff_json(capsys, repo) == {"added": [], "removed": [], "changed": []}
    assert diff(capsys, repo, "--exit-code")[0] == 0


def test_formatting_is_not_a_change(capsys: pytest.CaptureFixture[str], repo: Repo) -> None:
    """Comments, quoting, key order, flow lists written as block lists, languages in another
    order: the entities are the same values, so nothing changed — and it says why the file
    still shows in `git diff`."""
    repo.write(
        "events.yaml",
        """\
        # The events, reformatted.
        events:
          - name:
              en: Visit to Tokyo
              de: Besuch in Tokio
            id: 'visit-2017'
            kind: visit
            date: '2017-11-30'   # the day of the visit
            place: "tokyo"
            participants: [{participant: city-of-essen, role: delegation}]
            themes:
              - energy
            sources: [src-a]
          - {id: reception-2017, name: {de: Empfang, en: Reception}, kind: reception,
             date: "2017-12-01", place: tokyo, sources: [src-a]}
        """,
    )
    assert subprocess.run(["git", "diff", "--quiet"], cwd=repo.root).returncode == 1
    assert diff(capsys, repo, "--exit-code") == (
        0,
        "No entity changed between HEAD and the working tree.\n"
        "1 fact file changed only in comments or formatting (quoting, spacing, order).\n",
        "",
    )


# -- what changed ---------------------------------------------------------------------------


def test_changed_fields_in_words(capsys: pytest.CaptureFixture[str], repo: Repo) -> None:
    repo.edit("events.yaml", 'date: "2017-11-30"', 'date: "2017-11-29"')
    repo.edit(
        "events.yaml",
        "        role: delegation\n",
        "        role: delegation\n      - participant: toshiba\n        role: host\n",
    )
    repo.edit(
        "events.yaml",
        "    themes: [energy]\n    sources: [src-a]",
        "    themes: [energy]\n    sources: [src-a, src-b]",
    )
    repo.edit(
        "events.yaml",
        "name: {de: Besuch in Tokio, en: Visit to Tokyo}",
        "name: {de: Besuch in Tokio, en: Visit to Tokyo, ja: 東京訪問}",
    )
    code, out, err = diff(capsys, repo, "--exit-code")
    assert (code, err) == (1, "")
    assert out == (
        "facts/events.yaml\n"
        "  changed  event visit-2017: Visit to Tokyo\n"
        '             name (ja) "東京訪問" added\n'
        "             date 2017-11-30 → 2017-11-29\n"
        "             participant toshiba added (host)\n"
        "             source src-b added\n"
        "\n"
        "HEAD → the working tree: 1 changed, in 1 fact file\n"
    )
    changed = diff_json(capsys, repo)["changed"]
    assert [c["id"] for c in changed] == ["visit-2017"]
    assert {k: changed[0][k] for k in ("id", "entity", "kind", "name", "file")} == {
        "id": "visit-2017",
        "entity": "event",
        "kind": "visit",
        "name": "Visit to Tokyo",
        "file": "facts/events.yaml",
    }
    fields = {f["field"]: f for f in changed[0]["fields"]}
    assert list(fields) == ["name", "date", "participants", "sources"]
    assert fields["date"] == {
        "field": "date",
        "before": "2017-11-30",
        "after": "2017-11-29",
        "changes": ["date 2017-11-30 → 2017-11-29"],
    }
    assert fields["sources"]["before"] == ["src-a"]
    assert fields["sources"]["after"] == ["src-a", "src-b"]
    assert fields["participants"]["after"][1] == {"participant": "toshiba", "role": "host"}


def test_what_a_field_change_says() -> None:
    """The words for each kind of field, one change a line."""
    from tui.entitydiff import field_changes
    from tui.model import Event, FuzzyDate, Names, Participation, Statement

    before = Event(
        id="e",
        name=Names.of({"en": "A", "de": "B"}),
        kind="visit",
        date=FuzzyDate.parse("2017-11-30"),
        place="tokyo",
        participants=(Participation("city-of-essen", "guest"), Participation("toshiba", "host")),
        themes=("energy", "health"),
        aliases=("Alpha",),
        statements=(
            Statement(
                Names.of(
                    {
                        "en": "The delegation travelled to Sendai to talk "
                        "about hydrogen and batteries."
                    }
                )
            ),
        ),
        sources=("src-a",),
    )
    after = Event(
        id="e",
        name=Names.of({"en": "A", "de": "C"}),
        kind="signing",
        start=FuzzyDate.parse("2017-11"),
        part_of="trip",
        participants=(Participation("city-of-essen", "host"),),
        themes=("health", "energy"),
        aliases=("Alpha", "Beta"),
        statements=(
            Statement(
                Names.of(
                    {
                        "en": "The delegation travelled to Tokyo to talk "
                        "about hydrogen and batteries."
                    }
                )
            ),
        ),
        sources=("src-a",),
    )
    words = [w for change in field_changes(before, after) for w in change.words]
    assert words == [
        'name (de) "B" → "C"',
        "kind visit → signing",
        "date 2017-11-30 removed",
        "start 2017-11 added",
        "place tokyo removed",
        "part_of trip added",
        "participant toshiba removed",
        "participant city-of-essen: role guest → host",
        "themes reordered: energy, health → health, energy",
        "alias Beta added",
        'statement "The delegation travelled to Sendai to t…": text (en) "…delegation '
        'travelled to Sendai to talk about hydrogen…" → "…delegation travelled to Tokyo to '
        'talk about hydrogen…"',
    ]


def test_added_and_removed(capsys: pytest.CaptureFixture[str], repo: Repo) -> None:
    repo.edit("events.yaml", "  - id: reception-2017", "  - id: dinner-2017")
    repo.edit(
        "themes.yaml",
        "themes:\n",
        "themes:\n  - id: health\n    name: Health\n    sources: [src-b]\n",
    )
    code, out, _ = diff(capsys, repo)
    assert code == 0
    assert out == (
        "facts/events.yaml\n"
        "  added    event dinner-2017: Reception\n"
        "  removed  event reception-2017: Reception\n"
        "facts/themes.yaml\n"
        "  added    theme health: Health\n"
        "\n"
        "HEAD → the working tree: 2 added, 1 removed, in 2 fact files\n"
    )
    data = diff_json(capsys, repo)
    assert [a["id"] for a in data["added"]] == ["dinner-2017", "health"]
    assert data["removed"] == [
        {
            "id": "reception-2017",
            "entity": "event",
            "kind": "reception",
            "name": "Reception",
            "file": "facts/events.yaml",
        }
    ]
    assert data["changed"] == []


def test_a_move_is_one_change(capsys: pytest.CaptureFixture[str], repo: Repo) -> None:
    """Moved into another file (and changed on the way): a change with the field `file`,
    not a removal and an addition."""
    repo.edit(
        "participants.yaml",
        "  - id: toshiba\n    name: Toshiba\n    kind: organisation\n    sources: [src-a]\n",
        "",
    )
    repo.write(
        "companies/toshiba.yaml",
        """\
        participants:
          - id: toshiba
            name: Toshiba Corporation
            kind: organisation
            sources: [src-a]
        """,
    )
    code, out, _ = diff(capsys, repo)
    assert code == 0
    assert out == (
        "facts/companies/toshiba.yaml\n"
        "  moved    participant toshiba: Toshiba Corporation\n"
        "             moved from facts/participants.yaml to facts/companies/toshiba.yaml\n"
        '             name "Toshiba" → "Toshiba Corporation"\n'
        "\n"
        "HEAD → the working tree: 1 changed (1 moved), in 2 fact files\n"
    )
    data = diff_json(capsys, repo)
    assert data["added"] == data["removed"] == []
    (moved,) = data["changed"]
    assert moved["file"] == "facts/companies/toshiba.yaml"
    assert moved["fields"][0] == {
        "field": "file",
        "before": "facts/participants.yaml",
        "after": "facts/companies/toshiba.yaml",
        "changes": ["moved from facts/participants.yaml to facts/companies/toshiba.yaml"],
    }
    assert moved["fields"][1]["field"] == "name"


def test_files_that_are_not_fact_files_are_not_read(
    capsys: pytest.CaptureFixture[str], repo: Repo
) -> None:
    """A hidden folder, a Markdown file and a YAML file outside the base are no fact files,
    as for the loader: not even broken ones make a difference."""
    repo.write(".drafts/events.yaml", "events: [broken\n")
    repo.write("notes.md", "# notes\n")
    (repo.root / "ci.yaml").write_text("on: [push\n", encoding="utf-8")
    assert diff(capsys, repo)[:2] == (0, "No entity changed between HEAD and the working tree.\n")


def test_untracked_fact_files_count(capsys: pytest.CaptureFixture[str], repo: Repo) -> None:
    repo.write(
        "events-2026.yaml",
        """\
        events:
          - id: fair-2026
            name: Fair
            kind: fair
            sources: [src-a]
        """,
    )
    assert [a["id"] for a in diff_json(capsys, repo)["added"]] == ["fair-2026"]


# -- which revisions ------------------------------------------------------------------------


def test_between_revisions(capsys: pytest.CaptureFixture[str], repo: Repo) -> None:
    first = repo.git("rev-parse", "HEAD").strip()
    repo.edit("events.yaml", 'date: "2017-11-30"', 'date: "2017-11-29"')
    repo.commit("Fix the date")
    repo.edit("events.yaml", "kind: reception", "kind: dinner")
    repo.commit("A dinner")
    repo.edit("places.yaml", "kind: city", "kind: metropolis")  # not committed

    def changed(*revs: str) -> list[str]:
        return [
            w
            for c in diff_json(capsys, repo, *revs)["changed"]
            for f in c["fields"]
            for w in f["changes"]
        ]

    assert changed() == ["kind city → metropolis"]
    assert changed("HEAD~1") == ["kind reception → dinner", "kind city → metropolis"]
    assert changed(first, "HEAD~1") == ["date 2017-11-30 → 2017-11-29"]
    assert changed("HEAD~2..HEAD") == ["date 2017-11-30 → 2017-11-29", "kind reception → dinner"]
    assert changed("HEAD~1", "HEAD") == ["kind reception → dinner"]
    _, out, _ = diff(capsys, repo, "HEAD~2", "HEAD~1")
    assert out.endswith("HEAD~2 → HEAD~1: 1 changed, in 1 fact file\n")


def test_what_a_branch_changed(capsys: pytest.CaptureFixture[str], repo: Repo) -> None:
    """A...B: what B changed since it left A, whatever A did meanwhile."""
    repo.git("checkout", "-q", "-b", "topic")
    repo.edit("events.yaml", "kind: reception", "kind: dinner")
    repo.commit("A dinner")
    repo.git("checkout", "-q", "main")
    repo.edit("themes.yaml", "name: {de: Energie, en: Energy}", "name: Energy")
    repo.commit("One name")
    data = diff_json(capsys, repo, "main...topic")
    assert [c["id"] for c in data["changed"]] == ["reception-2017"]
    data = diff_json(capsys, repo, "main..topic")
    assert sorted(c["id"] for c in data["changed"]) == ["energy", "reception-2017"]


def test_a_repository_without_commits(
    capsys: pytest.CaptureFixture[str],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    new_repo: Callable[[Path], Repo],
) -> None:
    """Right after `git init` every entity is new."""
    fresh = new_repo(tmp_path / "fresh")
    fresh.write("events.yaml", "events:\n  - {id: a, name: A, kind: visit, sources: [s]}\n")
    monkeypatch.chdir(fresh.root)
    code, out, _ = diff(capsys, fresh)
    assert code == 0
    assert out.splitlines()[:2] == ["facts/events.yaml", "  added    event a: A"]
    assert out.splitlines()[-1] == (
        "nothing (no commits yet) → the working tree: 1 added, in 1 fact file"
    )


def test_only_the_changed_files_are_read(
    capsys: pytest.CaptureFixture[str], repo: Repo, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The cost of a diff follows the change: one changed file is parsed once at each
    side, and no other file is read at all."""
    import tui.revisions

    read: list[str] = []
    real = tui.revisions.read_entities

    def counting(text: str, display: str) -> Any:
        read.append(display)
        return real(text, display)

    monkeypatch.setattr(tui.revisions, "read_entities", counting)
    repo.edit("places.yaml", "kind: city", "kind: metropolis")
    assert diff(capsys, repo)[0] == 0
    assert read == ["HEAD:facts/places.yaml", os.path.join("facts", "places.yaml")]


# -- bad input ------------------------------------------------------------------------------


def test_not_a_repository(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    base = tmp_path / "plain"
    base.mkdir()
    (base / "events.yaml").write_text("events:\n", encoding="utf-8")
    for command in ("diff", "log"):
        code, out, err = facts(
            capsys, command, *(["x"] if command == "log" else []), "--facts", str(base)
        )
        assert (code, out) == (2, "")
        assert err == (
            f"facts {command}: {base} is not in a git repository (there, `git init` "
            "makes one; or give --facts a fact base inside one)\n"
        )


def test_no_such_base(capsys: pytest.CaptureFixture[str], repo: Repo) -> None:
    missing = repo.root / "nowhere"
    assert facts(capsys, "diff", "--facts", str(missing)) == (
        2,
        "",
        f"facts diff: {missing}: no such file or folder\n",
    )


def test_unknown_revision(capsys: pytest.CaptureFixture[str], repo: Repo) -> None:
    code, out, err = diff(capsys, repo, "v9.9")
    assert (code, out) == (2, "")
    assert err == (
        f"facts diff: unknown revision 'v9.9' (not a branch, tag or commit of "
        f"{repo.root}; `git log --oneline` lists the commits)\n"
    )
    assert diff(capsys, repo, "--", "-x")[0] == 2  # never read as an option of git's


def test_a_shallow_clone_lacking_the_revision(
    capsys: pytest.CaptureFixture[str], repo: Repo, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    old = repo.git("rev-parse", "HEAD").strip()
    repo.edit("events.yaml", "kind: reception", "kind: dinner")
    repo.commit("A dinner")
    clone = tmp_path / "shallow"
    subprocess.run(
        ["git", "clone", "-q", "--depth", "1", f"file://{repo.root}", str(clone)], check=True
    )
    monkeypatch.chdir(clone)
    code, out, err = facts(capsys, "diff", old, "--facts", str(clone / "facts"))
    assert (code, out) == (2, "")
    assert err == (
        f"facts diff: unknown revision '{old}': this is a shallow clone, which "
        "lacks older history; `git fetch --unshallow` fetches it\n"
    )


def test_a_file_that_does_not_parse_at_a_revision(
    capsys: pytest.CaptureFixture[str], repo: Repo
) -> None:
    repo.edit("events.yaml", 'date: "2017-11-30"', 'date: "2017-13-30"')
    repo.commit("A bad date")
    repo.edit("events.yaml", "kind: reception", "kind: [dinner")
    code, out, err = diff(capsys, repo, "HEAD~1")
    assert (code, out) == (1, "")
    lines = err.splitlines()
    assert lines[0] == check_says(capsys, repo)
    assert lines[-1] == (
        "facts diff: 1 problem: the changed files must parse at both "
        "revisions to be compared by entity"
    )
    code, out, err = diff(capsys, repo, "HEAD~1", "HEAD")
    assert code == 1
    assert err.splitlines()[0] == (
        "HEAD:facts/events.yaml:6:11: invalid date '2017-13-30': there is no month 13"
    )


def check_says(capsys: pytest.CaptureFixture[str], repo: Repo) -> str:
    """The first problem `facts check` reports about the working tree."""
    code, _, err = facts(capsys, "check", "--facts", os.path.relpath(repo.facts))
    assert code == 1
    return err.splitlines()[0]


def test_without_git(
    capsys: pytest.CaptureFixture[str], repo: Repo, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    empty = tmp_path / "no-programs"
    empty.mkdir()
    monkeypatch.setenv("PATH", str(empty))
    code, out, err = diff(capsys, repo)
    assert (code, out) == (2, "")
    assert err == (
        "facts diff: git is not installed (or not on PATH); the history of a fact "
        "base is read through it\n"
    )


def test_nothing_written(capsys: pytest.CaptureFixture[str], repo: Repo) -> None:
    """diff reads: the fact files, the index and the repository stay as they were."""
    repo.edit("events.yaml", "kind: reception", "kind: dinner")
    git_dir = repo.root / ".git"
    before = {p: p.stat().st_mtime_ns for p in [*repo.facts.rglob("*"), *git_dir.rglob("*")]}
    diff(capsys, repo)
    diff(capsys, repo, "--json")
    after = {p: p.stat().st_mtime_ns for p in [*repo.facts.rglob("*"), *git_dir.rglob("*")]}
    assert after == before


def test_the_shipped_base_round_trip(
    capsys: pytest.CaptureFixture[str],
    tmp_path: Path,
    shipped_path: Path,
    new_repo: Callable[[Path], Repo],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The real base: a fresh copy has no change, and one edited date is exactly one."""
    copy = new_repo(tmp_path / "shipped")
    shutil.copytree(shipped_path, copy.facts)
    copy.commit("The shipped base")
    monkeypatch.chdir(copy.root)
    assert diff_json(capsys, copy) == {"added": [], "removed": [], "changed": []}
    copy.edit("events.yaml", 'date: "2017-12-01"', 'date: "2017-11-30"')
    data = diff_json(capsys, copy)
    assert [(c["id"], [f["field"] for f in c["fields"]]) for c in data["changed"]] == [
        ("essen-koriyama-mou-2017", ["date"])
    ]
