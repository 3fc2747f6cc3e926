"""The browser's promise, for every list it has: whatever keys the user presses, the screen
shows exactly one row highlighted, and Enter acts on that row.

Hypothesis drives random sequences of moves (↑ ↓ PgUp PgDn Home End, and typing to jump or
to narrow) through Textual's pilot in each list-like widget: the main list, the links, the
search results, the filter picker and the palette.  What is highlighted is read off the
rendered screen (the cells painted on another background), never off the widget's cursor.
Examples are few and derandomized, so the run is short and the same on every machine.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from pathlib import Path

import pytest
from hypothesis import HealthCheck, Phase, example, given, settings
from hypothesis import strategies as st
from test_app_flows import highlighted_at, settle, shows, type_text, until
from textual.command import CommandList
from textual.pilot import Pilot
from textual.widget import Widget

from tui.app.app import FactsApp
from tui.app.keys import BROWSER
from tui.app.session import Session
from tui.app.widgets.detail import link_rows
from tui.app.widgets.virtual_list import VirtualList
from tui.load import LoadResult, load
from tui.model import FactBase
from tui.paths import shipped_facts
from tui.search.engine import SearchIndex

EXAMPLES = settings(
    max_examples=5,
    derandomize=True,
    deadline=None,
    database=None,
    # each example starts the browser (a second): no shrinking, the failing moves are printed
    phases=[Phase.explicit, Phase.generate],
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
SIZE = (80, 24)
WIDE = (120, 40)
"""The main list side by side with the detail: Enter then moves the focus to the links, and
the list must still highlight the row it opened."""
DOWN3 = [("key", "down")] * 3
"""The issue's own case: three steps down."""

_loaded: dict[str, tuple[FactBase, SearchIndex]] = {}


def shipped() -> tuple[FactBase, SearchIndex]:
    """The shipped base and its index, loaded once for every example."""
    if not _loaded:
        base = load(shipped_facts(), cache=False).base
        assert base is not None
        _loaded["base"] = (base, Session(base).search_index())
    return _loaded["base"]


def app_on_shipped(start: str | None = None) -> FactsApp:
    base, index = shipped()
    return FactsApp(
        shipped_facts(),
        start,
        watch_interval=None,
        loader=lambda _: (LoadResult(base, (), ()), index),
    )


def highlighted_rows(app: FactsApp, widget: Widget) -> list[str]:
    """The highlighted rows: runs of highlighted lines (an option of the palette takes two)."""
    rows: list[list[str]] = []
    previous = -2
    for y, line in highlighted_at(app, widget):
        if rows and y == previous + 1:
            rows[-1].append(line)
        else:
            rows.append([line])
        previous = y
    return ["\n".join(row) for row in rows]


KEYS = st.sampled_from(["up", "down", "pageup", "pagedown", "home", "end"])
BOUND = {key.strip() for binding in BROWSER for key in binding.key.split(",")} | set("BCGLjkgd")


def jumps(names: list[str]) -> st.SearchStrategy[str]:
    """The start of a listed name, typed with a capital (a jump's first letter must be one
    no key claims)."""
    usable = [name for name in names if name[:1].upper() not in BOUND and name[:1].isalpha()]
    return st.builds(
        lambda name, length: name[:1].upper() + name[1:length],
        st.sampled_from(usable),
        st.integers(1, 6),
    )


def moves(names: list[str]) -> st.SearchStrategy[list[tuple[str, str]]]:
    move = st.one_of(KEYS.map(lambda key: ("key", key)), jumps(names).map(lambda t: ("jump", t)))
    return st.lists(move, min_size=1, max_size=10)


async def drive(
    pilot: Pilot,
    app: FactsApp,
    widget: VirtualList,
    steps: list[tuple[str, str]],
    typing: Callable[[str], Awaitable[None]] | None = None,
) -> str | None:
    """Press the moves; after each one the screen shows one highlighted row (none when the
    list is empty: a search that finds nothing); the row highlighted at the end."""
    for kind, what in steps:
        if kind == "key":
            await pilot.press(what)
        elif typing is not None:
            await typing(what)
        else:
            await pilot.press(*what)  # a jump (two in a row make one: a move ends a jump)
        await settle(pilot)
        rows = highlighted_rows(app, widget)
        assert len(rows) == (1 if widget.rows else 0), (steps, rows)
    rows = highlighted_rows(app, widget)
    return rows[0] if rows else None


def names_of(base: FactBase, kind: str) -> list[str]:
    return [entity.label() for entity in base.collection(kind)]


NAMES = names_of(shipped()[0], "events") + names_of(shipped()[0], "participants")


@EXAMPLES
@given(section=st.sampled_from(["1", "2", "3"]), steps=moves(NAMES))
@example(section="1", steps=DOWN3)
@example(section="3", steps=DOWN3)
def test_main_list(section: str, steps: list[tuple[str, str]]) -> None:
    """The events (a tree), the timeline (with year headings) or the participants."""
    base, _ = shipped()

    async def run() -> None:
        app = app_on_shipped()
        async with app.run_test(size=WIDE) as pilot:
            await settle(pilot)
            await pilot.press(section)
            await settle(pilot)
            listing = app.browser.query_one("#list", VirtualList)
            row = await drive(pilot, app, listing, steps)
            await pilot.press("enter")
            await settle(pilot)
            opened = app.browser.current
            assert row is not None and opened is not None
            assert shows(row, base.by_id[opened].label()), (steps, row, opened)
            assert app.focused is not listing
            assert highlighted_rows(app, listing) == [row]  # unfocused, the same row
            await pilot.press("enter")  # follow the first link: the unfocused list follows
            await settle(pilot)
            now = app.browser.current
            assert now is not None
            (row,) = highlighted_rows(app, listing)
            if listing.position_of(now) is not None:
                assert shows(row, base.by_id[now].label()), (steps, row, now)

    asyncio.run(run())


LINKED = [str(row.cells[1]) for row in link_rows(shipped()[0], "international-cooperation", None)]


@EXAMPLES
@given(steps=moves(LINKED))
@example(steps=DOWN3)
def test_links(steps: list[tuple[str, str]]) -> None:
    base, _ = shipped()

    async def run() -> None:
        app = app_on_shipped("international-cooperation")
        async with app.run_test(size=SIZE) as pilot:
            await settle(pilot)
            links = app.browser.query_one("#links", VirtualList)
            assert app.focused is links
            row = await drive(pilot, app, links, steps)
            await pilot.press("enter")
            await settle(pilot)
            opened = app.browser.current
            assert row is not None and opened is not None
            assert opened != "international-cooperation"
            assert shows(row, base.by_id[opened].label()), (steps, row, opened)

    asyncio.run(run())


PICKER_MOVES = st.lists(
    st.one_of(
        st.sampled_from(["up", "down", "pageup", "pagedown"]).map(lambda k: ("key", k)),
        st.sampled_from(["e", "s", "n", "a"]).map(lambda t: ("type", t)),
    ),
    min_size=1,
    max_size=10,
)


@EXAMPLES
@given(steps=PICKER_MOVES)
@example(steps=DOWN3)
def test_search_results(steps: list[tuple[str, str]]) -> None:
    base, _ = shipped()

    async def run() -> None:
        app = app_on_shipped()
        async with app.run_test(size=SIZE) as pilot:
            await settle(pilot)
            await pilot.press("slash")
            await type_text(pilot, "e")
            await settle(pilot)
            hits = app.screen.query_one("#hits", VirtualList)

            async def typing(text: str) -> None:
                await pilot.press(*text)

            row = await drive(pilot, app, hits, steps, typing)
            await pilot.press("enter")
            await settle(pilot)
            opened = app.browser.current
            if row is None:  # nothing found: Enter opens nothing
                assert opened is None
                return
            assert opened is not None and shows(row, base.by_id[opened].label()), (
                steps,
                row,
                opened,
            )

    asyncio.run(run())


@EXAMPLES
@given(steps=PICKER_MOVES)
@example(steps=DOWN3)
def test_filter_picker(steps: list[tuple[str, str]]) -> None:
    async def run() -> None:
        app = app_on_shipped()
        async with app.run_test(size=SIZE) as pilot:
            await settle(pilot)
            await pilot.press("f")
            await settle(pilot)
            values = app.screen.query_one("#facet-values", VirtualList)

            async def typing(text: str) -> None:
                await pilot.press(*text)

            shown = await drive(
                pilot,
                app,
                values,
                [s for s in steps if s[0] == "key"] + [s for s in steps if s[0] == "type"][:1],
                typing,
            )
            await pilot.press("enter")
            await settle(pilot)
            if shown is None:
                assert app.browser.filters == ()
                return
            (chosen,) = app.browser.filters
            assert shows(shown, chosen.label), (steps, shown, chosen)

    asyncio.run(run())


@EXAMPLES
@given(
    steps=st.lists(st.sampled_from(["up", "down", "pageup", "pagedown"]), min_size=1, max_size=10)
)
@example(steps=["down"] * 3)
def test_palette(steps: list[str]) -> None:
    base, _ = shipped()

    async def run() -> None:
        app = app_on_shipped()
        async with app.run_test(size=SIZE) as pilot:
            await settle(pilot)
            await pilot.press("ctrl+p", *"essen")
            options = app.screen.query_one(CommandList)
            await until(
                pilot,
                lambda: options.option_count >= 5 and options.highlighted is not None,
                "the palette's hits",
            )
            for step in steps:
                await pilot.press(step)
                await pilot.pause()
                assert len(highlighted_rows(app, options)) == 1, steps
            (row,) = highlighted_rows(app, options)
            await pilot.press("enter")
            await settle(pilot)
            opened = app.browser.current
            assert opened is not None and shows(row, base.by_id[opened].label()), (
                steps,
                row,
                opened,
            )

    asyncio.run(run())


@pytest.fixture(autouse=True)
def _no_store(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("FACTS_CACHE_DIR", str(tmp_path))
