"""`changed:REV` in the search language, on temporary git repositories with real commits:
what `facts search` prints (text and JSON), how the filter combines with words and the other
filters, every answer git cannot give as one line and exit 1, and the plain functions the
browser's "Changed since" filter and detail pane use (`tui.changedsince`)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest

from tui.changedsince import ChangeTracker
from tui.cli import main
from tui.load import load
from tui.search.engine import SearchIndex
from tui.search.query import FilterUnanswered

pytest_plugins = ("gitbase",)  # the fixtures repo, loose, new_repo, git_isolated

if TYPE_CHECKING:
    from gitbase import Repo


def search(capsys: pytest.CaptureFixture[str], repo: Repo, *query: str) -> tuple[int, str, str]:
    code = main(["search", "--facts", str(repo.facts), "--no-pager", "--width", "100", *query])
    out, err = capsys.readouterr()
    return code, out, err


def search_json(
    capsys: pytest.CaptureFixture[str], repo: Repo, *query: str
) -> list[dict[str, Any]]:
    code, out, err = search(capsys, repo, "--json", *query)
    assert code == 0, err
    rows: list[dict[str, Any]] = json.loads(out)
    return rows


def short(repo: Repo, rev: str = "HEAD") -> str:
    return repo.git("rev-parse", "--short=7", rev).strip()


@pytest.fixture(autouse=True)
def _in_repo(repo: Repo, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(repo.root)


@pytest.fixture
def tagged(repo: Repo) -> Repo:
    """The base tagged v1.0, then a commit that fixes the visit's date and adds Toshiba's
    fair; in the working tree the reception is gone and Toshiba renamed."""
    repo.git("tag", "v1.0")
    repo.edit("events.yaml", 'date: "2017-11-30"', 'date: "2017-11-29"')
    repo.write(
        "fair.yaml",
        """\
        events:
          - id: fair-2025
            name: {de: Messe in Tokio, en: Fair in Tokyo}
            kind: fair
            date: "2025-05-20"
            place: tokyo
            participants:
              - participant: toshiba
                role: exhibitor
            sources: [src-b]
        """,
    )
    repo.commit("Fix the date of the visit; the fair")
    events = (repo.facts / "events.yaml").read_text(encoding="utf-8")
    repo.write("events.yaml", events.partition("\n  - id: reception-2017")[0] + "\n")
    repo.edit("participants.yaml", "name: Toshiba", "name: Toshiba Corporation")
    return repo


# -- what a user reads ------------------------------------------------------------------------


def test_changed_since_a_tag(capsys: pytest.CaptureFixture[str], tagged: Repo) -> None:
    """Added and changed since the tag, the working tree included, in the search's stable
    order (participants, places, events by date); the removed reception is counted in the
    note on stderr, as it cannot be listed."""
    code, out, err = search(capsys, tagged, "changed:v1.0")
    assert code == 0
    assert out.splitlines() == [
        "1. Toshiba Corporation  participant · toshiba",
        '   changed since v1.0: name "Toshiba" → "Toshiba Corporation"',
        "2. Visit to Tokyo  event · visit-2017",
        "   changed since v1.0: date 2017-11-30 → 2017-11-29",
        "3. Fair in Tokyo  event · fair-2025",
        "   added since v1.0",
        "3 results",
    ]
    assert err == (
        f"changed since v1.0 ({short(tagged, 'v1.0')}): 1 added, 2 changed, "
        "1 removed (not listed: no longer in the base)\n"
    )


def test_changed_since_head_is_what_is_not_committed(
    capsys: pytest.CaptureFixture[str], tagged: Repo
) -> None:
    code, out, _ = search(capsys, tagged, "changed:HEAD")
    assert code == 0
    assert out.splitlines() == [
        "1. Toshiba Corporation  participant · toshiba",
        '   changed since HEAD: name "Toshiba" → "Toshiba Corporation"',
        "1 result",
    ]


def test_combined_with_filters_and_words(capsys: pytest.CaptureFixture[str], tagged: Repo) -> None:
    """The filter narrows like the others: with kind:, year:, participant:, and with words,
    where the line under the snippet says how the hit changed."""
    assert [r["id"] for r in search_json(capsys, tagged, "changed:v1.0", "kind:event")] == [
        "visit-2017",
        "fair-2025",
    ]
    assert [r["id"] for r in search_json(capsys, tagged, "changed:v1.0", "year:2025")] == [
        "fair-2025"
    ]
    # whichever filter comes first, a hit says how it changed
    assert [
        (r["id"], r["snippet"]) for r in search_json(capsys, tagged, "kind:event", "changed:v1.0")
    ] == [
        ("visit-2017", "changed since v1.0: date 2017-11-30 → 2017-11-29"),
        ("fair-2025", "added since v1.0"),
    ]
    assert [
        r["id"] for r in search_json(capsys, tagged, "changed:v1.0", "participant:toshiba")
    ] == ["fair-2025"]
    code, out, _ = search(capsys, tagged, "changed:HEAD~1", "tokyo", "kind:visit")
    assert code == 0
    assert out.splitlines() == [
        "1. Visit to Tokyo  event · visit-2017",
        "   Visit to Tokyo",
        "   changed since HEAD~1: date 2017-11-30 → 2017-11-29",
        "1 result",
    ]


def test_nothing_changed_is_no_result(capsys: pytest.CaptureFixture[str], repo: Repo) -> None:
    assert search(capsys, repo, "changed:HEAD") == (
        1,
        "",
        f"changed since HEAD ({short(repo)}): no entity added or changed\n"
        'no results for "changed:HEAD"\n',
    )


def test_json(capsys: pytest.CaptureFixture[str], tagged: Repo) -> None:
    rows = search_json(capsys, tagged, "changed:v1.0", "kind:event")
    assert rows == [
        {
            "id": "visit-2017",
            "kind": "event",
            "name": "Visit to Tokyo",
            "score": 1.0,
            "snippet": "changed since v1.0: date 2017-11-30 → 2017-11-29",
            "highlights": [],
            "matched": "changed",
            "change": {
                "kind": "changed",
                "fields": ["date"],
                "text": "changed since v1.0: date 2017-11-30 → 2017-11-29",
            },
        },
        {
            "id": "fair-2025",
            "kind": "event",
            "name": "Fair in Tokyo",
            "score": 1.0,
            "snippet": "added since v1.0",
            "highlights": [],
            "matched": "changed",
            "change": {"kind": "added", "fields": [], "text": "added since v1.0"},
        },
    ]
    plain = search_json(capsys, tagged, "kind:event")
    assert all("change" not in row for row in plain)  # the JSON of other queries is as it was


def test_a_move_is_one_change(capsys: pytest.CaptureFixture[str], repo: Repo) -> None:
    text = (repo.facts / "events.yaml").read_text(encoding="utf-8")
    head, _, reception = text.partition("\n  - id: reception-2017")
    repo.write("events.yaml", head + "\n")
    repo.write(
        "dinners.yaml",
        "events:\n  - id: reception-2017" + reception.replace("kind: reception", "kind: dinner"),
    )
    assert search_json(capsys, repo, "changed:HEAD")[0]["change"] == {
        "kind": "moved",
        "fields": ["file", "kind"],
        "text": "moved since HEAD from facts/events.yaml to facts/dinners.yaml; kind reception "
        "→ dinner",
    }


def test_a_range_of_two_revisions(capsys: pytest.CaptureFixture[str], tagged: Repo) -> None:
    rows = search_json(capsys, tagged, "changed:v1.0..HEAD")
    assert [(r["id"], r["snippet"]) for r in rows] == [
        ("visit-2017", "changed between v1.0 and HEAD: date 2017-11-30 → 2017-11-29"),
        ("fair-2025", "added between v1.0 and HEAD"),
    ]


# -- what git cannot answer: one line, exit 1 -------------------------------------------------


def test_unknown_revision(capsys: pytest.CaptureFixture[str], repo: Repo) -> None:
    assert search(capsys, repo, "changed:v9.9", "tokyo") == (
        1,
        "",
        f"facts search: changed:v9.9: unknown revision 'v9.9' (not a branch, tag or "
        f"commit of {repo.root}; `git log --oneline` lists the commits)\n",
    )


def test_not_in_git(
    capsys: pytest.CaptureFixture[str], loose: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(loose)
    code = main(["search", "--facts", str(loose), "changed:HEAD~3"])
    out, err = capsys.readouterr()
    assert (code, out) == (1, "")
    assert err == (
        f"facts search: changed:HEAD~3: {loose} is not in a git repository (there, "
        "`git init` makes one; or give --facts a fact base inside one)\n"
    )


def test_a_file_that_did_not_parse_at_the_revision(
    capsys: pytest.CaptureFixture[str], repo: Repo
) -> None:
    repo.edit("events.yaml", 'date: "2017-11-30"', "date: [2017")
    repo.commit("Broken")
    repo.edit("events.yaml", "date: [2017", 'date: "2017-11-29"')
    code, out, err = search(capsys, repo, "changed:HEAD")
    assert (code, out) == (1, "")
    problem, message = err.splitlines()
    assert problem.startswith("HEAD:facts/events.yaml:")
    assert message == (
        "facts search: changed:HEAD: 1 problem: the changed files must parse "
        "at both sides to be compared by entity"
    )


def test_without_a_value_is_a_usage_error(capsys: pytest.CaptureFixture[str], repo: Repo) -> None:
    assert search(capsys, repo, "changed:") == (
        2,
        "",
        "facts search: changed: needs a value, e.g. changed:HEAD~3 or changed:v1.0\n",
    )


def test_a_search_without_changed_runs_no_git(
    capsys: pytest.CaptureFixture[str], repo: Repo, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("PATH", "/nonexistent")  # git cannot be found: and is not needed
    code, out, _ = search(capsys, repo, "tokyo", "--json")
    assert code == 0 and json.loads(out)[0]["id"] == "tokyo"
    code, out, err = search(capsys, repo, "changed:HEAD")
    assert (code, out) == (1, "")
    assert err == (
        "facts search: changed:HEAD: git is not installed (or not on PATH); the "
        "history of a fact base is read through it\n"
    )


# -- the engine and the tracker, as the browser uses them ---------------------------------------


def index_of(repo: Repo) -> SearchIndex:
    loaded = load(repo.facts)
    assert loaded.base is not None
    return SearchIndex.build(loaded.base)


def test_live_search_tolerates_a_revision_being_typed(tagged: Repo) -> None:
    index, tracker = index_of(tagged), ChangeTracker(tagged.facts)
    result = index.query("changed:v1.", live=True, changes=tracker)
    assert (result.total, result.notes) == (
        0,
        (
            f"changed:v1.: unknown revision 'v1.' (not a branch, tag or commit of {tagged.root}; "
            "`git log --oneline` lists the commits)",
        ),
    )
    result = index.query("changed:v1.0", live=True, changes=tracker)
    assert [hit.id for hit in result.hits] == ["toshiba", "visit-2017", "fair-2025"]
    assert result.hits[2].change is not None and result.hits[2].change.kind == "added"
    with pytest.raises(FilterUnanswered):
        index.query("changed:v1.", changes=tracker)


def test_without_a_history_the_filter_cannot_be_answered(repo: Repo) -> None:
    with pytest.raises(FilterUnanswered, match="not given the fact base's history"):
        index_of(repo).query("changed:HEAD")


def test_the_tracker_answers_each_revision_once(tagged: Repo) -> None:
    tracker = ChangeTracker(tagged.facts)
    first = tracker.since("v1.0")
    assert tracker.since("v1.0") is first
    assert (first.added, first.changed, first.removed) == (
        ("fair-2025",),
        ("visit-2017", "toshiba"),
        ("reception-2017",),
    )  # in file order
    assert tracker("v1.0") is tracker("v1.0")  # what the search is handed, per keystroke
    tracker.forget()
    assert tracker.since("v1.0") is not first


def test_revisions_to_choose_from(tagged: Repo) -> None:
    tagged.git("tag", "-a", "v1.1", "-m", "The second edition")
    choices = ChangeTracker(tagged.facts).choices()
    assert [(c.kind, c.rev, c.subject) for c in choices] == [
        ("tag", "v1.1", "The second edition"),
        ("tag", "v1.0", "The base"),
        ("commit", short(tagged, "HEAD"), "Fix the date of the visit; the fair"),
        ("commit", short(tagged, "HEAD~1"), "The base"),
    ]
    assert choices[2].label == (
        f"{short(tagged)} · 2025-05-12 · Fix the date of the visit; the fair"
    )


def test_no_choices_outside_git(loose: Path) -> None:
    tracker = ChangeTracker(loose)
    assert tracker.choices() == []
    assert tracker.last_change("visit-2017") is None


def test_last_change(tagged: Repo) -> None:
    tracker = ChangeTracker(tagged.facts)
    visit = tracker.last_change("visit-2017")
    assert visit is not None
    assert (visit.kind, visit.fields, visit.uncommitted) == ("changed", ("date",), False)
    assert visit.text == (
        f"Last changed 2025-05-12 by Anna Schmidt ({short(tagged)}): Fix the "
        "date of the visit; the fair"
    )
    toshiba = tracker.last_change("toshiba")
    assert toshiba is not None and toshiba.text == (
        "Changed in the working tree, not committed yet. Added 2025-05-11 by Anna Schmidt "
        f"({short(tagged, 'HEAD~1')}): The base"
    )
    tagged.write(
        "later.yaml", "events:\n  - {id: fair-2026, name: Fair, kind: fair, sources: [src-a]}\n"
    )
    tracker.forget()
    later = tracker.last_change("fair-2026")
    assert later is not None and later.commit is None
    assert later.text == "Changed in the working tree, not committed yet."


def test_tracker_is_a_plain_module() -> None:
    """The browser imports it from a worker: no Textual, no import of git's modules until a
    question is asked."""
    import subprocess
    import sys

    code = (
        "import sys, tui.changedsince; "
        "print(sorted(m for m in sys.modules if m.startswith(('textual', 'tui.revisions', "
        "'tui.gitrepo', 'tui.entitydiff'))))"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout == "[]\n"


def test_a_long_text_is_told_by_its_field(capsys: pytest.CaptureFixture[str], repo: Repo) -> None:
    """A result has a line for how it changed, not a paragraph: a long text's change is
    named (`facts diff` shows the words around it); short values are shown as they are."""
    long = "A company from Tokyo that builds power plants, trains and much else besides"
    repo.edit("participants.yaml", "name: Toshiba\n", f"name: Toshiba\n    description: {long}\n")
    repo.commit("Describe Toshiba")
    repo.edit("participants.yaml", "much else", "many other things")
    repo.edit("participants.yaml", "kind: organisation", "kind: government")
    assert search_json(capsys, repo, "changed:HEAD")[0]["snippet"] == (
        "changed since HEAD: kind organisation → government; description changed"
    )


@pytest.mark.parametrize(
    ("code", "expected", "note"),
    [
        (
            "de",
            [
                '   seit v1.0 geändert: name "Toshiba" → "Toshiba Corporation"',
                "   seit v1.0 geändert: date 2017-11-30 → 2017-11-29",
                "   seit v1.0 hinzugefügt",
            ],
            "Änderungen seit v1.0 ({sha}): 1 hinzugefügt, 2 geändert, 1 entfernt (nicht "
            "aufgeführt: nicht mehr in der Faktenbasis)",
        ),
        (
            "ja",
            [
                '   v1.0 以降に変更: name "Toshiba" → "Toshiba Corporation"',
                "   v1.0 以降に変更: date 2017-11-30 → 2017-11-29",
                "   v1.0 以降に追加",
            ],
            "v1.0 以降の変更 ({sha}): 追加 1 件、変更 2 件、削除 1 件 (一覧にはありません: "
            "もうファクトベースにありません)",
        ),
    ],
)
def test_changed_since_speaks_the_interface_language(
    capsys: pytest.CaptureFixture[str],
    tagged: Repo,
    monkeypatch: pytest.MonkeyPatch,
    code: str,
    expected: list[str],
    note: str,
) -> None:
    """What changed, and the note on stderr, in the reader's language (the fields' own
    words and the revision as written)."""
    from tui.i18n import set_language

    monkeypatch.setenv("FACTS_UI_LANG", code)
    try:
        status, out, err = search(capsys, tagged, "changed:v1.0")
    finally:
        set_language("en")
    assert status == 0
    assert [line for line in out.splitlines() if line.startswith("   ")] == expected
    assert err == note.format(sha=short(tagged, "v1.0")) + "\n"
    assert "since" not in out + err and "added" not in out + err
