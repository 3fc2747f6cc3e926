"""The browser's lists on the shipped base, as a person sees them: trips with their visits
indented below them, the timeline under year headings, a facet narrowing the list, and the
detail pane following the cursor.  Each runs on the base as loaded from the YAML and as the
cache gives it back (a stored base, read entity by entity, once the store holds it).

Also: nothing walks a whole collection on the way to the first screen, nor ever on the UI
thread (at 100 000 events that is seconds of a frozen screen), and gathering the facets says
how far it got."""

from __future__ import annotations

import threading
from collections import Counter
from collections.abc import Iterator, Sequence
from pathlib import Path

import pytest
from test_app_flows import WIDE, list_ids, screen_lines, screen_text, settle, type_text, until
from textual.pilot import Pilot

import tui.app.facet_index as facets_module
from tui.app.app import FactsApp, Loader
from tui.app.screens.browser import BrowserScreen
from tui.app.screens.filter import FilterScreen
from tui.app.widgets.detail import PageView
from tui.app.widgets.virtual_list import VirtualList
from tui.load import LoadResult, load
from tui.model import Event, FactBase, Theme
from tui.periods import date_key, year_of
from tui.search.engine import SearchIndex

LOADERS: dict[str, Loader | None] = {
    "from-yaml": lambda path: (load(path, cache=False), None),
    "from-cache": None,  # the app's own load: the cache, filled by the fixture's load
}


@pytest.fixture(params=list(LOADERS))
def app(request: pytest.FixtureRequest, shipped_path: Path, shipped_base: FactBase) -> FactsApp:
    """The browser on the shipped base, loaded each way."""
    return FactsApp(shipped_path, watch_interval=None, loader=LOADERS[request.param])


def row_texts(app: FactsApp) -> list[str]:
    """The list's lines as the screen shows them (the list is the left pane)."""
    listing = app.browser.query_one("#list", VirtualList)
    return [strip.text for strip in (listing.render_line(y) for y in range(listing.size.height))]


def expected_parent(base: FactBase, entity_id: str) -> str | None:
    entity = base.by_id[entity_id]
    return (
        entity.part_of
        if isinstance(entity, Event)
        else (entity.broader if isinstance(entity, Theme) else None)
    )


async def test_events_list_shows_visits_indented_under_their_trip(
    app: FactsApp, shipped_base: FactBase
) -> None:
    async with app.run_test(size=WIDE) as pilot:
        await settle(pilot)
        ids = list_ids(app)
        assert sorted(ids) == sorted(e.id for e in shipped_base.events)
        rows = app.browser.query_one("#list", VirtualList).rows
        for row in rows:
            assert row.indent == len(shipped_base.ancestors(row.id))
            parent = expected_parent(shipped_base, row.id)
            if parent:  # every visit follows its trip, the trip's parts in date order
                assert ids.index(parent) < ids.index(row.id)
        trip = shipped_base.by_id["essen-japan-trip-2017"]
        parts = [e.id for e in shipped_base.parts_of(trip.id)]
        assert len(parts) > 2
        at = ids.index(trip.id)
        assert ids[at + 1 : at + 1 + len(parts)] == parts
        lines = row_texts(app)
        trip_line = next(line for line in lines if "Essen delegation tri" in line)
        # the undated parts first (they take the trip's period), then the dated ones
        first_dated = next(i for i, part in enumerate(parts) if shipped_base.by_id[part].when)
        first_part = shipped_base.by_id[parts[first_dated]]
        part_line = lines[lines.index(trip_line) + 1 + first_dated]
        name_at = trip_line.index("Essen delegation tri")
        assert part_line[name_at : name_at + 2] == "  "  # two spaces deeper, dates aligned
        assert part_line[name_at + 2 :].startswith(first_part.label()[:12])
        assert part_line.split()[0] == first_part.when.iso()


async def test_timeline_has_a_heading_per_year_with_its_count(
    app: FactsApp, shipped_base: FactBase
) -> None:
    async with app.run_test(size=(120, 60)) as pilot:
        await settle(pilot)
        await pilot.press("2")
        await settle(pilot)
        by_year = Counter(  # an undated part under its trip's year (tui.periods)
            year_of(shipped_base.get, e) for e in shipped_base.events
        )
        expected = [
            f"{year or 'undated'} · {count} event{'s' if count != 1 else ''}"
            for year, count in sorted(by_year.items(), key=lambda kv: kv[0] or 9999)
        ]
        rows = app.browser.query_one("#list", VirtualList).rows
        assert [str(row.cells[0]) for row in rows if row.id is None] == expected
        dates = [
            date_key(shipped_base.get, e) for e in (shipped_base.by_id[i] for i in list_ids(app))
        ]
        assert dates == sorted(dates)
        headings = [line.strip() for line in row_texts(app) if line.strip() in expected]
        assert headings[:3] == expected[:3]  # on screen, as headings of their own
        assert f"{len(shipped_base.events)} events" in screen_text(app)


async def test_theme_filter_narrows_the_list_to_what_it_promised(
    app: FactsApp, shipped_base: FactBase
) -> None:
    async with app.run_test(size=WIDE) as pilot:
        await settle(pilot)
        await pilot.press("2", "f")
        assert isinstance(app.screen, FilterScreen)
        await settle(pilot)
        await type_text(pilot, "renewable")
        rows = app.screen.query_one("#facet-values", VirtualList).rows
        on_theme = [
            e
            for e in shipped_base.timeline()
            if any(
                t == "renewable-energy"
                or "renewable-energy" in {a.id for a in shipped_base.ancestors(t)}
                for t in e.themes
            )
        ]
        assert len(on_theme) > 1
        shown = [[str(c) for c in row.cells] for row in rows]
        assert shown[:2] == [["Theme"], ["Renewable energy", f"narrows to {len(on_theme)}"]]
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, BrowserScreen)
        assert list_ids(app) == [e.id for e in on_theme]
        total = len(shipped_base.events)
        assert f"{len(on_theme)} of {total} events · theme: Renewable energy" in screen_text(app)
        await pilot.press("x")
        await settle(pilot)
        assert len(list_ids(app)) == total


async def test_first_screen_shows_the_first_entry_and_the_detail_follows_the_cursor(
    app: FactsApp, shipped_base: FactBase
) -> None:
    async with app.run_test(size=WIDE) as pilot:
        await until(pilot, lambda: app.browser.current is not None, "the first entry")
        await settle(pilot)
        ids = list_ids(app)
        first = shipped_base.by_id[ids[0]]
        text = screen_text(app)
        assert app.browser.current == first.id
        assert first.label() in text and "Links · " in text
        assert "Collecting the links" not in text
        await pilot.press("down")
        await until(pilot, lambda: app.browser.current == ids[1], "the preview")
        await settle(pilot)
        second = shipped_base.by_id[ids[1]]
        page = "\n".join(screen_lines(app, app.browser.query_one(PageView)))  # the detail
        assert second.label() in page and first.label() not in page
        await pilot.press("4")
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        theme = app.browser.current
        assert theme is not None and isinstance(shipped_base.by_id[theme], Theme)
        links = [row.id for row in app.browser.query_one("#links", VirtualList).rows]
        assert {e.id for e in shipped_base.events_of(theme)} <= set(links)


# -- no walk over a whole collection on the first screen, nor on the UI thread ----------------


class Watched(Sequence):
    """A collection that notes every walk over it, and on which thread."""

    def __init__(self, items: Sequence, walks: list[str]) -> None:
        self._items = items
        self._walks = walks

    def __len__(self) -> int:
        return len(self._items)

    def __getitem__(self, index):  # type: ignore[override]
        return self._items[index]

    def __iter__(self) -> Iterator:
        self._walks.append(threading.current_thread().name)
        return iter(self._items)


def watched_base(base: FactBase, walks: list[str]) -> FactBase:
    """The base as a store gives it: lists, backlinks and lookups ready, and a walk over a
    collection noted (a stored base decodes every entity for one)."""
    for key in ("events", "timeline", "participants", "themes", "places", "sources"):
        base.listing(key)
    base.events_of("")
    assert base.by_id and base.event_positions is not None
    copy = FactBase(
        *(
            Watched(base.collection(name), walks)
            for name in ("sources", "places", "participants", "themes", "events")
        )
    )  # type: ignore[arg-type]
    copy.memo.adopt(base.memo)  # lookups, backlinks, timeline, lists: as worked out already
    return copy


async def test_no_collection_is_walked_for_the_first_screen_nor_on_the_ui_thread(
    shipped_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    original = load(shipped_path, cache=False).base
    assert original is not None
    walks: list[str] = []
    base = watched_base(original, walks)
    monkeypatch.setattr(FactBase, "stored", True, raising=False)
    index = SearchIndex.build(original)  # as the store gives it: no walk to build it
    app = FactsApp(
        shipped_path, watch_interval=None, loader=lambda _: (LoadResult(base, (), ()), index)
    )
    async with app.run_test(size=WIDE) as pilot:
        await until(pilot, lambda: app.browser.current is not None, "the first entry")
        await settle(pilot)
        assert "Links · " in screen_text(app)
        assert walks == []
        for keys in (("2",), ("3",), ("4",), ("end", "pageup"), ("slash",)):
            await pilot.press(*keys)
            await settle(pilot)
        await type_text(pilot, "koriyama")
        await settle(pilot)
        await pilot.press("escape", "1", "f")
        await settle(pilot)
        assert [
            str(row.cells[0]) for row in app.screen.query_one("#facet-values", VirtualList).rows
        ][:1] == ["Year"]
        assert walks  # the facets read every entry once…
        main = threading.main_thread().name
        assert main not in walks  # …in a worker


async def shown(pilot: Pilot, app: FactsApp, text: str) -> None:
    await until(pilot, lambda: text in screen_text(app), text)


@pytest.fixture
def held_gathering(monkeypatch: pytest.MonkeyPatch) -> Iterator[threading.Event]:
    """Gathering the facets reports every 10 entries and stops after 20 until the event is
    set, so that a test can look at the screen meanwhile."""
    monkeypatch.setattr(facets_module, "CHUNK", 10)
    gate = threading.Event()
    gather = facets_module.FacetIndex._gather

    def held(self: facets_module.FacetIndex, progress) -> None:  # type: ignore[no-untyped-def]
        def slow(done: int, total: int) -> None:
            if progress is not None:
                progress(done, total)
            if done >= 20:
                gate.wait(30)

        gather(self, slow)

    monkeypatch.setattr(facets_module.FacetIndex, "_gather", held)
    yield gate
    gate.set()


async def test_gathering_the_facets_says_how_far_it_got(
    shipped_path: Path, shipped_base: FactBase, held_gathering: threading.Event
) -> None:
    app = FactsApp(shipped_path, watch_interval=None)
    async with app.run_test(size=WIDE) as pilot:
        await settle(pilot)
        await pilot.press("f")
        await shown(pilot, app, f"Counting… 20 of {len(shipped_base)} entries read (once per base)")
        await pilot.press("escape")  # the screen answers meanwhile
        assert isinstance(app.screen, BrowserScreen)
        await pilot.press("3")
        await until(
            pilot,
            lambda: "Participants" in screen_text(app) and list_ids(app)[:1] != [],
            "the participants list",
        )
        held_gathering.set()
        await pilot.press("f")
        await settle(pilot)
        rows = app.screen.query_one("#facet-values", VirtualList).rows
        assert [str(row.cells[0]) for row in rows][:1] == ["Year"]


async def test_a_filter_on_a_base_not_yet_counted_says_it_reads_every_entry(
    shipped_path: Path, shipped_base: FactBase, held_gathering: threading.Event
) -> None:
    """As after a reload with filters chosen: the new base's values are gathered first."""
    app = FactsApp(shipped_path, watch_interval=None)
    async with app.run_test(size=WIDE) as pilot:
        await settle(pilot)
        app.browser.add_filter(facets_module.Filter("year", "2017", "2017"))
        await shown(pilot, app, f"Filtering: reading every entry once, 20 of {len(shipped_base)}")
        held_gathering.set()
        await settle(pilot)
        in_2017 = sum(
            1
            for e in shipped_base.events  # the trip's undated parts too
            if (e.when and e.when.year == 2017) or e.part_of == "essen-japan-trip-2017"
        )
        events = len(shipped_base.events)
        assert f"{in_2017} of {events} events · year: 2017" in screen_text(app)


async def test_a_long_page_scrolls_with_the_keys(shipped_path: Path) -> None:
    app = FactsApp(shipped_path, "international-cooperation", watch_interval=None)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        page = app.browser.query_one("#entity-scroll")
        await pilot.press("tab")  # from the links to the page
        assert app.focused is page
        await pilot.pause()
        top = screen_text(app).splitlines()[:-1]  # the footer changes with the focus
        first = page.region.y  # the page's first line (below the last change, in git)
        assert "International cooperation" in top[first]
        await pilot.press("pagedown")
        await pilot.pause()
        assert page.scroll_y > 0
        assert screen_text(app).splitlines()[first] != top[first]
        await pilot.press("home")
        await pilot.pause()
        assert page.scroll_y == 0 and screen_text(app).splitlines()[:-1] == top
