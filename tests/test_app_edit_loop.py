"""The browser's part of the edit loop (issue 16): `e` opens the editor at the open entity's
line (the app suspended, the base reloaded after; nothing reloaded when the editor fails,
with a notice), the detail pane's line on the entity's last commit, the filter "Changed
since" a revision, and the empty state of a new base.  Real git, real commits; stub editors
that record their arguments."""

from __future__ import annotations

import os
import stat
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING

import pytest
from test_app_flows import WIDE, highlighted, screen_lines, screen_text, settle, until

from tui.app.app import FactsApp
from tui.app.facet_index import CHANGED
from tui.app.widgets.detail import DetailPane
from tui.app.widgets.virtual_list import VirtualList
from tui.newbase import write_base

pytest_plugins = ("gitbase",)  # the fixtures repo, new_repo, git_isolated

if TYPE_CHECKING:
    from gitbase import Repo


@pytest.fixture
def stub(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A stub `vi` that writes its arguments (one a line) to the returned file and exits
    with $STUB_EXIT; it is the editor (EDITOR), and no config file says otherwise."""
    folder = tmp_path / "bin"
    folder.mkdir()
    record = tmp_path / "args.txt"
    editor = folder / "vi"
    editor.write_text(
        f'#!/bin/sh\nprintf "%s\\n" "$@" > "{record}"\nexit "${{STUB_EXIT:-0}}"\n',
        encoding="utf-8",
    )
    editor.chmod(editor.stat().st_mode | stat.S_IEXEC)
    monkeypatch.setenv("PATH", f"{folder}{os.pathsep}{os.environ['PATH']}")
    for name in ("VISUAL", "FACTS_EDITOR"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("EDITOR", "vi")
    monkeypatch.setenv("FACTS_CONFIG", os.devnull)
    return record


def suspending(app: FactsApp, monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """A terminal that can be handed over (the test driver cannot): records each suspend."""
    seen: list[str] = []

    @contextmanager
    def suspend() -> Iterator[None]:
        seen.append("suspended")
        yield
        seen.append("resumed")

    monkeypatch.setattr(app, "suspend", suspend)
    return seen


def line_of(path: Path, entity_id: str) -> int:
    lines = path.read_text(encoding="utf-8").splitlines()
    return next(i for i, line in enumerate(lines, 1) if line == f"  - id: {entity_id}")


def renamed_and_added(repo: Repo) -> None:
    """A second commit renames Toshiba; the working tree adds Rakuten (not committed)."""
    repo.edit("participants.yaml", "name: Toshiba", "name: Toshiba Corporation")
    repo.commit("Toshiba's full name")
    repo.write(
        "participants.yaml",
        (repo.facts / "participants.yaml").read_text(encoding="utf-8")
        + "  - id: rakuten\n    name: Rakuten\n    kind: organisation\n    sources: [src-a]\n",
    )


def notices(app: FactsApp) -> list[str]:
    return [str(notice.message) for notice in app._notifications]


async def test_e_opens_the_editor_at_the_entity_and_reloads(
    repo: Repo, stub: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    app = FactsApp(repo.facts, "toshiba", watch_interval=None)
    seen = suspending(app, monkeypatch)
    async with app.run_test(size=WIDE) as pilot:
        await settle(pilot)
        before = app.session
        assert "e Edit" in screen_text(app).splitlines()[-1]
        await pilot.press("e")
        await until(pilot, lambda: app.session is not before, "the reload after the editor")
        await settle(pilot)
        line = line_of(repo.facts / "participants.yaml", "toshiba")
        assert stub.read_text(encoding="utf-8").splitlines() == [
            f"+{line}",
            str(repo.facts / "participants.yaml"),
        ]
        assert seen == ["suspended", "resumed"]
        assert app.browser.current == "toshiba"


async def test_a_failing_editor_changes_nothing_and_says_so(
    repo: Repo, stub: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("STUB_EXIT", "3")
    app = FactsApp(repo.facts, "visit-2017", watch_interval=None)
    suspending(app, monkeypatch)
    async with app.run_test(size=WIDE) as pilot:
        await settle(pilot)
        before = app.session
        await pilot.press("e")
        await until(pilot, lambda: bool(notices(app)), "the notice")
        await settle(pilot)
        assert stub.exists()  # it ran
        assert notices(app) == ["The editor 'vi' ended with exit code 3; nothing was reloaded"]
        assert app.session is before


async def test_a_missing_editor_and_a_terminal_that_cannot_be_handed_over(
    repo: Repo, stub: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("EDITOR", "no-such-editor --wait")
    app = FactsApp(repo.facts, "visit-2017", watch_interval=None)
    suspending(app, monkeypatch)
    async with app.run_test(size=WIDE) as pilot:
        await settle(pilot)
        await pilot.press("e")
        await until(pilot, lambda: bool(notices(app)), "the notice")
        assert notices(app) == [
            "The editor 'no-such-editor' (EDITOR) is not installed (or not on PATH); nothing "
            "changed. Set VISUAL or EDITOR, or `editor` in the config file (`facts config` "
            "shows which is used)"
        ]
    monkeypatch.setenv("EDITOR", "vi")
    app = FactsApp(repo.facts, "visit-2017", watch_interval=None)  # the test driver's own
    async with app.run_test(size=WIDE) as pilot:
        await settle(pilot)
        await pilot.press("e")
        await until(pilot, lambda: bool(notices(app)), "the notice")
        assert notices(app) == [
            "This terminal cannot be handed to an editor; `facts edit ID` in a shell opens it"
        ]
        assert not stub.exists()


async def test_the_detail_shows_the_last_change(repo: Repo) -> None:
    renamed_and_added(repo)
    app = FactsApp(repo.facts, "toshiba", watch_interval=None)
    async with app.run_test(size=WIDE) as pilot:
        await settle(pilot)
        detail = app.browser.query_one(DetailPane)
        change = detail.query_one("#detail-change")
        await until(pilot, lambda: "asking" not in str(change.render()), "git's answer")
        await settle(pilot)
        short = repo.git("rev-parse", "--short", "HEAD").strip()
        said = f"Last changed 2025-05-12 by Anna Schmidt ({short}): Toshiba's full name"
        (line,) = screen_lines(app, change)  # one line, cut with an ellipsis where narrow
        assert line.strip() == said[: len(line.strip()) - 1] + "…"
        await pilot.resize_terminal(250, 70)
        await settle(pilot)
        assert screen_lines(app, change)[0].strip() == said
        app.browser.open("city-of-essen")
        await until(pilot, lambda: "Added" in str(change.render()), "git's answer")
        first = repo.git("rev-list", "--max-parents=0", "--abbrev-commit", "HEAD").strip()
        assert screen_lines(app, change)[0].strip() == (
            f"Added 2025-05-11 by Anna Schmidt ({first}): The base"
        )
        app.browser.open("rakuten")
        await until(pilot, lambda: "not committed" in str(change.render()), "git's answer")
        assert screen_lines(app, change)[0].strip() == (
            "Changed in the working tree, not committed yet."
        )


async def test_no_last_change_line_outside_git(tmp_path: Path) -> None:
    from test_app_base import write_demo_base

    app = FactsApp(write_demo_base(tmp_path), "thomas-kufen", watch_interval=None)
    async with app.run_test(size=WIDE) as pilot:
        await settle(pilot)
        change = app.browser.query_one(DetailPane).query_one("#detail-change")
        assert not change.display
        assert "Last change" not in screen_text(app) and "Added" not in screen_text(app)


async def test_changed_since_a_revision_narrows_and_marks(repo: Repo) -> None:
    first = repo.git("rev-parse", "HEAD").strip()
    renamed_and_added(repo)
    app = FactsApp(repo.facts, watch_interval=None)
    async with app.run_test(size=WIDE) as pilot:
        await settle(pilot)
        await pilot.press("3")  # the participants
        await settle(pilot)
        await pilot.press("f")
        await until(pilot, lambda: "Changed since (git)" in screen_text(app), "the revisions")
        await pilot.press(*"the base")  # the first commit's subject
        await settle(pilot)
        choices = app.screen.query_one(VirtualList)
        (row,) = highlighted(app, choices)
        assert f"{first[:7]} · The base" in row and "2025-05-11" in row
        await pilot.press("enter")
        await until(
            pilot,
            lambda: len(app.browser.query_one("#list", VirtualList).rows) == 2,
            "the narrowed list",
        )
        await settle(pilot)
        assert [f.facet for f in app.browser.filters] == [CHANGED]
        lines = screen_lines(app, app.browser.query_one("#list", VirtualList))
        rakuten = next(line for line in lines if "Rakuten" in line)
        toshiba = next(line for line in lines if "Toshiba Corporation" in line)
        assert rakuten.rstrip().endswith("added") and toshiba.rstrip().endswith("changed")
        assert not any("City of Essen" in line for line in lines)
        assert f"changed since: {first[:7]} of 2025-05-11" in screen_text(app)


async def test_a_new_base_has_a_friendly_empty_state(
    tmp_path: Path, stub: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = tmp_path / "new"
    folder.mkdir()
    write_base(folder)
    app = FactsApp(folder, watch_interval=None)
    seen = suspending(app, monkeypatch)
    async with app.run_test(size=WIDE) as pilot:
        await settle(pilot)
        text = screen_text(app)
        assert "This fact base is empty: Tab shows how to add facts" in text
        page = " ".join(
            line.strip() for line in screen_lines(app, app.browser.query_one("#entity-scroll"))
        )
        assert page.startswith("This fact base is empty.  It is ready for your facts")
        assert "1. Add a source first: every fact names the source that states it." in page
        assert "e opens the first file in your editor." in page
        await pilot.press("e")  # the first file: the sources
        await until(pilot, lambda: stub.exists(), "the editor")
        assert stub.read_text(encoding="utf-8").splitlines()[-1].endswith("sources.yaml")
        assert seen == ["suspended", "resumed"]
