"""The browser's rules that need no terminal: history, facets, links, list rows.  Also the
virtual list at 100 000 rows: no widget per row, and the keys still reach the last row."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import pytest
from test_app_base import write_demo_base
from textual.app import App, ComposeResult

from tui.app.facet_index import FacetIndex, Filter
from tui.app.history import History
from tui.app.links import links_of
from tui.app.plain import plain_summary
from tui.app.rows import SECTION_BY_KEY, Row, build_rows, short_label
from tui.app.widgets.virtual_list import VirtualList
from tui.load import load
from tui.model import FactBase


@pytest.fixture(scope="module")
def demo_base(tmp_path_factory: pytest.TempPathFactory) -> FactBase:
    result = load(write_demo_base(tmp_path_factory.mktemp("demo")))
    assert result.base is not None
    return result.base


# -- history -----------------------------------------------------------------------------------


def test_history_back_forward_and_new_visit_drops_forward() -> None:
    history = History()
    assert history.back() is None and history.current is None
    for entity in ("a", "b", "c"):
        history.visit(entity)
    assert history.back() == "b"
    assert history.back() == "a"
    assert history.back() is None
    assert history.forward() == "b"
    history.visit("d")  # following a link after going back
    assert history.forward() is None
    assert history.back() == "b"
    assert history.back() == "a"


def test_history_ignores_revisiting_the_current_entity() -> None:
    history = History()
    history.visit("a")
    history.visit("a")
    assert len(history) == 1


def test_history_forgets_removed_entities_and_keeps_its_place() -> None:
    history = History()
    for entity in ("a", "b", "a", "c", "d"):
        history.visit(entity)
    history.back()  # at c
    history.forget(frozenset({"a", "c", "d"}))  # b is gone: a, a collapse into one step
    assert history.current == "c"
    assert history.back() == "a"
    assert history.back() is None
    assert history.forward() == "c"
    assert history.forward() == "d"


# -- facets ------------------------------------------------------------------------------------


def narrowed(
    index: FacetIndex, ids: Sequence[str], entity_type: str, filters: list[Filter]
) -> list[str]:
    return [ids[at] for at in index.narrow(ids, entity_type, filters)]


def test_theme_facet_includes_narrower_themes(demo_base: FactBase) -> None:
    index = FacetIndex(demo_base)
    events = demo_base.listing("timeline").ids
    sustainability = Filter("theme", "sustainability", "Sustainability")
    assert narrowed(index, events, "event", [sustainability]) == [
        "essen-trip-2017",
        "essen-koriyama-mou-2017",
        "fukushima-energy-goal",
    ]


def test_choices_count_what_each_value_leaves(demo_base: FactBase) -> None:
    index = FacetIndex(demo_base)
    events = demo_base.listing("timeline").ids
    year_2017 = Filter("year", "2017", "2017")
    listed = narrowed(index, events, "event", [year_2017])
    choices = {
        (c.filter.facet, c.filter.label): c.count
        for c in index.choices(listed, "event", [year_2017])
    }
    assert ("year", "2017") not in choices  # already chosen
    assert choices[("theme", "Medical technology")] == 3
    assert choices[("theme", "Renewable energy")] == 2
    assert choices[("participant", "Thomas Kufen")] == 2
    assert choices[("kind", "signing")] == 1
    assert choices[("country", "Japan")] == 2  # the symposium has no place
    for (facet, label), count in choices.items():
        chosen = next(
            c.filter
            for c in index.choices(listed, "event", [year_2017])
            if (c.filter.facet, c.filter.label) == (facet, label)
        )
        assert len(index.narrow(listed, "event", [chosen])) == count  # "narrows to N" holds


def test_kind_filter_applies_only_to_its_own_list(demo_base: FactBase) -> None:
    index = FacetIndex(demo_base)
    signing = Filter("kind", "signing", "signing", scope="event")
    participants = demo_base.listing("participants").ids
    assert len(index.narrow(participants, "participant", [signing])) == len(participants)
    assert not signing.applies_to("participant")


def test_participant_facets_come_from_their_events(demo_base: FactBase) -> None:
    index = FacetIndex(demo_base)
    values = index.values("thomas-kufen")
    assert values["year"] == {"2017"}
    assert {"renewable-energy", "sustainability", "health"} <= values["theme"]
    assert "city-of-koriyama" in values["participant"]  # met at the signing
    assert values["country"] == {"germany"}


# -- links -------------------------------------------------------------------------------------


def test_event_links_up_down_and_sideways(demo_base: FactBase) -> None:
    links = [(link.relation, link.id) for link in links_of(demo_base, "essen-koriyama-mou-2017")]
    assert links == [
        ("part of", "essen-trip-2017"),
        ("signatory", "thomas-kufen"),
        ("party", "city-of-koriyama"),
        ("place", "japan"),
        ("theme", "renewable-energy"),
        ("theme", "medical-technology"),
        ("source", "essen-release"),
    ]
    trip = [(link.relation, link.id) for link in links_of(demo_base, "essen-trip-2017")]
    assert ("part", "essen-koriyama-mou-2017") in trip
    assert ("part", "medical-symposium-2017") in trip


def test_theme_links_show_backlinks(demo_base: FactBase) -> None:
    links = [(link.relation, link.id) for link in links_of(demo_base, "renewable-energy")]
    assert links[0] == ("broader", "sustainability")
    assert [i for r, i in links if r == "event"] == [
        e.id for e in demo_base.events_of("renewable-energy")
    ]
    assert ("participant", "thomas-kufen") in links
    narrower = [(link.relation, link.id) for link in links_of(demo_base, "sustainability")]
    assert ("narrower", "renewable-energy") in narrower


def test_participant_place_and_source_links(demo_base: FactBase) -> None:
    kufen = [(link.relation, link.id) for link in links_of(demo_base, "thomas-kufen")]
    assert ("office at", "city-of-essen") in kufen
    assert ("event", "essen-koriyama-mou-2017") in kufen
    assert ("theme", "renewable-energy") in kufen
    koriyama = [(link.relation, link.id) for link in links_of(demo_base, "koriyama")]
    assert koriyama[:2] == [("part of", "fukushima"), ("within", "japan")]
    assert ("based here", "city-of-koriyama") in koriyama
    source = [(link.relation, link.id) for link in links_of(demo_base, "essen-release")]
    assert ("cited by", "essen-koriyama-mou-2017") in source


# -- rows --------------------------------------------------------------------------------------


def test_events_list_is_a_tree_in_date_order(demo_base: FactBase) -> None:
    section = SECTION_BY_KEY["events"]
    rows = build_rows(demo_base, section, demo_base.listing("events"))
    assert [(row.id, row.indent) for row in rows][:3] == [
        ("essen-trip-2017", 0),
        ("essen-koriyama-mou-2017", 1),
        ("medical-symposium-2017", 1),
    ]
    assert rows[0].cells == ("2017-11-29", "Essen delegation trip to Japan 2017", "delegation-trip")


def test_timeline_has_year_headings(demo_base: FactBase) -> None:
    section = SECTION_BY_KEY["timeline"]
    rows = build_rows(demo_base, section, demo_base.listing("timeline"))
    headings = [row.cells[0] for row in rows if row.id is None]
    assert headings == ["2017 · 3 events", "2019 · 1 event", "2025 · 1 event", "2040 · 1 event"]


def test_rows_make_control_characters_visible(demo_base: FactBase) -> None:
    section = SECTION_BY_KEY["timeline"]
    listing = demo_base.listing("timeline")
    rows = build_rows(demo_base, section, listing, [listing.ids.index("hostile-event")])
    name = rows[1].cells[1]
    assert name == "[/]Broken [b]markup\\x1b[2J 東京の会議 [link=file:///etc]"
    assert short_label(demo_base, "hostile-event").startswith("2019-05 [/]Broken")


def test_plain_summary_has_no_escape_sequences(demo_base: FactBase) -> None:
    text = plain_summary(demo_base, "bracket-corp")
    assert text.startswith("[bold]Bracket[/] Corp [link=x]\n")
    assert "\x1b" not in text


def test_demo_fixture_folder_name_is_fixed(tmp_path: Path) -> None:
    assert write_demo_base(tmp_path).name == "demo-base"


# -- scale: 100 000 rows, no widget per row, only visible rows made ---------------------------


class CountingRows(Sequence[Row]):
    """100 000 rows that remember which ones were asked for."""

    def __init__(self, count: int) -> None:
        self.count = count
        self.asked: set[int] = set()
        self.positions = {f"event-{i:06d}": i for i in range(count)}

    def __len__(self) -> int:
        return self.count

    def __getitem__(self, index):  # type: ignore[override]
        if isinstance(index, slice):
            return [self[i] for i in range(*index.indices(self.count))]
        if not 0 <= index < self.count:
            raise IndexError(index)
        self.asked.add(index)
        return Row(f"event-{index:06d}", ("2017-12-01", f"Event number {index}", "visit"))


class ListApp(App[None]):
    def __init__(self, rows: Sequence[Row]) -> None:
        super().__init__()
        self.rows = rows
        self.chosen: list[str] = []

    def compose(self) -> ComposeResult:
        yield VirtualList(id="list")

    def on_mount(self) -> None:
        listing = self.query_one(VirtualList)
        listing.set_rows(self.rows, SECTION_BY_KEY["timeline"].columns)
        listing.focus()

    def on_virtual_list_chosen(self, event: VirtualList.Chosen) -> None:
        self.chosen.append(event.id)


async def test_a_list_of_100000_rows_mounts_no_widget_per_row_and_makes_only_visible_rows() -> None:
    rows = CountingRows(100_000)
    app = ListApp(rows)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        listing = app.query_one(VirtualList)
        assert len(list(app.screen.walk_children())) == 1
        assert len(rows.asked) <= 24 * 2  # the rows on screen, not the list
        await pilot.press("end")
        await pilot.pause()
        assert listing.current_id == "event-099999"
        text = "\n".join(strip.text for strip in app.screen._compositor.render_strips())
        assert "Event number 99999" in text
        await pilot.press("pageup", "up", "enter")
        await pilot.pause()
        assert app.chosen == [f"event-{99999 - 23 - 1:06d}"]
        assert len(rows.asked) <= 24 * 4
        assert listing.select_id("event-050000")
        await pilot.pause()
        assert "Event number 50000" in "\n".join(
            strip.text for strip in app.screen._compositor.render_strips()
        )


# -- columns: names first, then what a row needs, then the rest ------------------------------


def test_columns_are_sized_to_their_content_and_names_come_before_kinds() -> None:
    from tui.app.table import Column, fit

    date, name, kind = Column("keep", most=10), Column("name"), Column("extra", most=30)
    columns = (date, name, kind)
    content = (10, 60, 15)
    # room for all: each as wide as its widest cell, the rest of the row left blank
    assert fit(columns, content, 200) == (10, 60, 15)
    # the kind keeps its room while the name keeps 36 cells…
    assert fit(columns, content, 80) == (10, 51, 15)
    # …below that the name takes the room and the kind goes
    assert fit(columns, content, 54) == (10, 41, 0)
    # however narrow, the name keeps 8 cells: the date gives way
    assert fit(columns, content, 12) == (0, 10, 0)
    assert fit((name,), (5,), 40) == (5,)


def test_the_status_line_drops_whole_phrases_least_needed_first() -> None:
    from tui.app.widgets.status import Status, fitted

    status = Status(
        "Events",
        "3 of 23 events",
        False,
        (("theme: Renewable energy", True), ("year: 2017", True)),
        "en",
        ("f more · x clears", "x clears"),
    )
    assert fitted(status, 120).plain.rstrip().endswith("names: en")
    assert fitted(status, 120).plain.startswith(
        "Events  3 of 23 events · theme: Renewable energy · year: 2017  f more · x clears"
    )
    assert "x clears" in fitted(status, 82).plain and "f more" not in fitted(status, 82).plain
    assert fitted(status, 75).plain.split("  names")[0].rstrip() == (
        "Events  3 of 23 events · theme: Renewable energy · year: 2017"
    )
    assert "+2 more filters" in fitted(status, 60).plain
    longer = Status(
        "Events",
        "1 of 23 events",
        False,
        (
            ("theme: Renewable energy", True),
            ("participant: Düsseldorf business delegation 2025", True),
        ),
        "en",
    )
    assert fitted(longer, 80).plain.startswith(
        "Events  1 of 23 events · theme: Renewable energy · +1 more filter  "
    )
    for width in range(20, 130):
        assert fitted(status, width).cell_len <= width
