"""The browser and the CLI answer "what changed since" and "when did it last change" with
one tracker (`tui.changedsince.ChangeTracker`), so they give the same answer in the same
words: `changed:REV` typed in the browser's `/` search lists what `facts search changed:REV`
prints, the filter "Changed since" narrows a list to the same entities, and the detail
pane's line on the last change is `facts show --last-change`'s.  Real git, real commits."""

from __future__ import annotations

import json
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest
from test_app_flows import WIDE, screen_lines, settle, type_text, until

from tui.app.app import FactsApp
from tui.app.facet_index import CHANGED
from tui.app.widgets.detail import DetailPane
from tui.app.widgets.virtual_list import VirtualList
from tui.cli import main

pytest_plugins = ("gitbase",)  # the fixtures repo, new_repo, git_isolated

if TYPE_CHECKING:
    from gitbase import Repo


@pytest.fixture
def history(repo: Repo, monkeypatch: pytest.MonkeyPatch) -> Repo:
    """Tagged v1.0; then a commit that fixes the visit's date and adds a fair; in the working
    tree Toshiba renamed (changed since HEAD, not committed)."""
    monkeypatch.chdir(repo.root)
    repo.git("tag", "v1.0")
    repo.edit("events.yaml", 'date: "2017-11-30"', 'date: "2017-11-29"')
    repo.write(
        "fair.yaml",
        "events:\n  - {id: fair-2025, name: {en: Fair in Tokyo}, kind: fair,"
        " date: '2025-05-20', sources: [src-b]}\n",
    )
    repo.commit("Fix the date of the visit; the fair")
    repo.edit("participants.yaml", "name: Toshiba", "name: Toshiba Corporation")
    return repo


def cli(capsys: pytest.CaptureFixture[str], repo: Repo, *args: str) -> tuple[int, str, str]:
    code = main([args[0], "--facts", str(repo.facts), "--no-pager", *args[1:]])
    out, err = capsys.readouterr()
    return code, out, err


def cli_search(
    capsys: pytest.CaptureFixture[str], repo: Repo, query: str
) -> tuple[list[dict[str, Any]], str]:
    code, out, err = cli(capsys, repo, "search", "--json", query)
    assert code == 0, err
    rows: list[dict[str, Any]] = json.loads(out)
    return rows, err.strip()


def ids(listing: VirtualList) -> list[str]:
    return [row.id for row in listing.rows if row.id is not None]


@pytest.mark.parametrize("rev", ["HEAD~1", "v1.0", "HEAD"])
async def test_changed_in_the_browsers_search_is_the_clis(
    capsys: pytest.CaptureFixture[str], history: Repo, rev: str
) -> None:
    expected, note = cli_search(capsys, history, f"changed:{rev}")
    assert expected  # something changed since each of them
    app = FactsApp(history.facts, watch_interval=None)
    async with app.run_test(size=(200, 40)) as pilot:
        await settle(pilot)
        await pilot.press("slash")
        await type_text(pilot, f"changed:{rev}")
        await settle(pilot)
        hits = app.screen.query_one("#hits", VirtualList)
        assert ids(hits) == [row["id"] for row in expected]
        status = str(app.screen.query_one("#search-status").render())
        assert note in status and "cannot be answered" not in status
        # the line under each hit in the CLI is the snippet the browser marks
        assert [row["snippet"] for row in expected] == [
            str(row.cells[1]).split("  ", 1)[1] for row in hits.rows if row.id is not None
        ]


async def test_the_filter_narrows_to_what_the_cli_finds(
    capsys: pytest.CaptureFixture[str], history: Repo
) -> None:
    events, _ = cli_search(capsys, history, "changed:v1.0 kind:event")
    app = FactsApp(history.facts, watch_interval=None)
    async with app.run_test(size=WIDE) as pilot:
        await settle(pilot)
        await pilot.press("f")
        await until(
            pilot,
            lambda: (
                app.screen.query("#facet-values")
                and any(row.id == "revision:0" for row in app.screen.query_one(VirtualList).rows)
            ),
            "the revisions",
        )
        await type_text(pilot, "v1.0")
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        assert [(f.facet, f.value) for f in app.browser.filters] == [(CHANGED, "v1.0")]
        listing = app.browser.query_one("#list", VirtualList)
        assert sorted(ids(listing)) == sorted(row["id"] for row in events)
        lines = screen_lines(app, listing)
        assert next(line for line in lines if "Fair in Tokyo" in line).rstrip().endswith("added")
        assert next(line for line in lines if "Visit" in line).rstrip().endswith("changed")


async def test_the_pane_says_what_facts_show_says(
    capsys: pytest.CaptureFixture[str], history: Repo
) -> None:
    said = {}
    for entity_id in ("visit-2017", "toshiba", "fair-2025", "city-of-essen"):
        code, out, err = cli(capsys, history, "show", entity_id, "--last-change", "--json")
        assert code == 0, err
        said[entity_id] = json.loads(out)["last_change"]["text"]
    assert said["toshiba"].startswith("Changed in the working tree, not committed yet.")
    app = FactsApp(history.facts, "visit-2017", watch_interval=None)
    async with app.run_test(size=(250, 60)) as pilot:
        await settle(pilot)
        change = app.browser.query_one(DetailPane).query_one("#detail-change")
        for entity_id, text in said.items():
            app.browser.open(entity_id)
            await until(pilot, lambda: "asking" not in str(change.render()), "git's answer")
            await settle(pilot)
            assert screen_lines(app, change)[0].strip() == text


async def test_a_reload_forgets_what_git_said(history: Repo, tmp_path: Path) -> None:
    """An edit the browser reloads changes what changed since HEAD: the new answer, not the
    one kept from before (a broken edit keeps the old base, and forgets too)."""
    app = FactsApp(history.facts, watch_interval=None)
    async with app.run_test(size=WIDE) as pilot:
        await settle(pilot)
        session = app.session
        assert session is not None
        assert set(session.changed_since("HEAD").entries) == {"toshiba"}
        history.edit("events.yaml", 'date: "2017-11-29"', 'date: "2017-11-28"')
        app.reload()
        await until(pilot, lambda: app.session is not session, "the reload")
        await settle(pilot)
        assert app.session is not None
        assert set(app.session.changed_since("HEAD").entries) == {"toshiba", "visit-2017"}
        kept = app.session
        history.write("broken.yaml", "events:\n  - id: [broken\n")
        app.reload()
        await until(pilot, lambda: bool(app.problems), "the broken edit")
        assert app.session is kept
        assert kept.changes is not None and not kept.changes._since  # forgotten
