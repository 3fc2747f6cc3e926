"""Who met whom in the browser (issue 14): the Met list on a participant's page, the network
view (`m`) with its bars, countries, second ring, filters and history, the participants'
country column.  On the shipped base, through Textual's pilot; what is asserted is what the
screen shows, and the answers are checked against `tui.meetings` worked out apart."""

from __future__ import annotations

import pytest
from rich.table import Table
from test_app_flows import WIDE, highlighted, screen_lines, screen_text, settle
from test_app_properties import app_on_shipped, shipped
from textual.widgets import Static

from tui.app.facet_index import Filter
from tui.app.network import AllOf, bar, network_filter, second_ring, shared_lines
from tui.app.screens.network import NetworkScreen
from tui.app.widgets.detail import DetailPane
from tui.app.widgets.virtual_list import VirtualList
from tui.meetings import event_filter, meetings, present
from tui.model import FactBase

NARROW = (80, 24)
DELEGATION = "duesseldorf-delegation-2025"


def listed(app: object, widget: VirtualList) -> list[str]:
    """The ids of the widget's rows (headings left out)."""
    return [row.id for row in widget.rows if row.id is not None]


async def test_met_list_on_a_participants_page_opens_whom_it_met() -> None:
    base, _ = shipped()
    app = app_on_shipped(DELEGATION)
    async with app.run_test(size=WIDE) as pilot:
        await settle(pilot)
        met = app.browser.query_one("#met", VirtualList)
        expected = [c.participant for c in meetings(base, DELEGATION, same_trip=False).met]
        assert listed(app, met) == expected == ["rakuten-symphony", "toshiba"]
        text = screen_text(app)
        assert "Met · 2  Enter opens · m shows the network" in text
        lines = screen_lines(app, met)
        assert lines[0].split()[:4] == ["Rakuten", "Symphony", "1", "event"]
        assert "Toshiba" in lines[1] and "1 event" in lines[1] and "Japan" in lines[1]
        # Tab: list → links → Met; Down, Enter opens the highlighted one
        await pilot.press("tab")  # the start opened the page with the links focused
        await settle(pilot)
        assert app.focused is met
        await pilot.press("down")
        await settle(pilot)
        (row,) = highlighted(app, met)
        assert "Toshiba" in row
        await pilot.press("enter")
        await settle(pilot)
        assert app.browser.current == "toshiba"
        await pilot.press("b")
        await settle(pilot)
        assert app.browser.current == DELEGATION
        assert app.browser.query_one("#met", VirtualList).current_id == "toshiba"


async def test_no_met_list_on_other_pages() -> None:
    app = app_on_shipped("essen-koriyama-mou-2017")
    async with app.run_test(size=WIDE) as pilot:
        await settle(pilot)
        detail = app.browser.query_one(DetailPane)
        assert not detail.has_met
        assert "Met ·" not in screen_text(app)
        await pilot.press("m")  # hidden from the footer, and says why when pressed
        await settle(pilot)
        assert not isinstance(app.screen, NetworkScreen)
        assert " m Network" not in screen_text(app).splitlines()[-1]


async def test_participants_list_has_a_country_column() -> None:
    app = app_on_shipped()
    async with app.run_test(size=WIDE) as pilot:
        await settle(pilot)
        await pilot.press("3")
        await settle(pilot)
        lines = screen_lines(app, app.browser.query_one("#list", VirtualList))
        toshiba = next(line for line in lines if line.strip().startswith("Toshiba "))
        essen = next(line for line in lines if line.strip().startswith("City of Essen"))
        assert "Japan" in toshiba and "Germany" in essen
        assert toshiba.index("Japan") == essen.index("Germany")  # one column


async def test_network_view_ranks_contacts_with_bars_and_countries() -> None:
    base, _ = shipped()
    person = "thomas-kufen"
    app = app_on_shipped(person)
    async with app.run_test(size=WIDE) as pilot:
        await settle(pilot)
        await pilot.press("m")
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, NetworkScreen)
        network = screen.query_one("#network", VirtualList)
        contacts = meetings(base, person, same_trip=False).met
        assert listed(app, network) == [c.participant for c in contacts]
        text = screen_text(app)
        assert "Network of Thomas Kufen" in text
        own = len(meetings(base, person, same_trip=False).events)
        assert f"Met {len(contacts)} participants at {own} events" in text
        most = contacts[0].count
        lines = screen_lines(app, network)
        assert lines[0].strip().startswith(f"Met · {len(contacts)} participants")
        for contact, line in zip(contacts, lines[1:], strict=False):
            entity = base.by_id[contact.participant]
            assert entity.label()[:20] in line
            unit = "event" if contact.count == 1 else "events"
            assert f"{bar(contact.count, most)} " in line
            assert f" {contact.count} {unit}" in line
            country = getattr(entity, "country", None)
            if country:
                assert base.by_id[country].label() in line
        # the panel: the events the highlighted contact shared with him
        first = contacts[0]
        panel = screen_lines(app, screen.query_one("#network-shared"))
        count = first.count
        assert " ".join(panel).startswith(
            f"Thomas Kufen and {base.by_id[first.participant].label()}: {count} shared event"
        )
        assert any(first.events[0].event.label()[:20] in line for line in panel)
        assert "r Second ring" in text.splitlines()[-1]


async def test_network_enter_opens_a_contact_and_b_comes_back() -> None:
    base, _ = shipped()
    app = app_on_shipped(DELEGATION)
    async with app.run_test(size=NARROW) as pilot:
        await settle(pilot)
        await pilot.press("m")
        await settle(pilot)
        network = app.screen.query_one("#network", VirtualList)
        await pilot.press("down")
        await settle(pilot)
        (row,) = highlighted(app, network)
        assert "Toshiba" in row
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, NetworkScreen)
        assert "Network of Toshiba" in screen_text(app)
        assert app.browser.current == "toshiba"
        toshiba = [c.participant for c in meetings(base, "toshiba", same_trip=False).met]
        assert listed(app, app.screen.query_one("#network", VirtualList)) == toshiba
        await pilot.press("b")  # the network shown before, the cursor where it was
        await settle(pilot)
        assert "Network of Düsseldorf business delegation 2025" in screen_text(app)
        assert app.browser.current == DELEGATION
        (row,) = highlighted(app, app.screen.query_one("#network", VirtualList))
        assert "Toshiba" in row
        await pilot.press("B")
        await settle(pilot)
        assert "Network of Toshiba" in screen_text(app) and app.browser.current == "toshiba"
        await pilot.press("b", "b")  # and from the first network back to the page
        await settle(pilot)
        assert not isinstance(app.screen, NetworkScreen)
        assert app.browser.current == DELEGATION
        await pilot.press("m", "escape")  # Esc closes it too
        await settle(pilot)
        assert not isinstance(app.screen, NetworkScreen)


async def test_network_second_ring_on_demand() -> None:
    base, _ = shipped()
    person = "thomas-kufen"
    app = app_on_shipped(person)
    async with app.run_test(size=WIDE) as pilot:
        await settle(pilot)
        await pilot.press("m")
        await settle(pilot)
        assert "Second ring ·" not in screen_text(app)
        await pilot.press("r")
        await settle(pilot)
        network = app.screen.query_one("#network", VirtualList)
        # worked out apart: everyone at an event with one of his contacts, but not him
        # and not one of them
        contacts = [c.participant for c in meetings(base, person, same_trip=False).met]
        near = {person, *contacts}
        via: dict[str, set[str]] = {}
        for event in base.events:
            ids = present(event)
            for contact in set(ids) & set(contacts):
                for other in set(ids) - near:
                    via.setdefault(other, set()).add(contact)
        rows = listed(app, network)
        assert rows[: len(contacts)] == contacts
        second = rows[len(contacts) :]
        assert sorted(second) == sorted(via)
        counts = [len(via[i]) for i in second]
        assert counts == sorted(counts, reverse=True)
        text = screen_text(app)
        assert f"Second ring · {len(via)} participants who met them" in text
        assert f"{len(via)} more in the second ring" in text
        assert "r Second ring" not in text.splitlines()[-1]  # done: the key goes


async def test_network_follows_the_year_and_theme_filters() -> None:
    base, _ = shipped()
    person = "city-of-essen"
    app = app_on_shipped(person)
    async with app.run_test(size=WIDE) as pilot:
        await settle(pilot)
        app.browser.filters = (Filter("year", "2017", "2017"),)
        await settle(pilot)
        await pilot.press("m")
        await settle(pilot)
        network = app.screen.query_one("#network", VirtualList)
        in_2017 = meetings(base, person, event_filter(base, year="2017"), same_trip=False)
        assert listed(app, network) == [c.participant for c in in_2017.met]
        assert "Network of City of Essen · year: 2017" in screen_text(app)
        await pilot.press("x")  # clears the browser's filters too
        await settle(pilot)
        every = meetings(base, person, same_trip=False)
        assert listed(app, network) == [c.participant for c in every.met]
        assert app.browser.filters == ()
        await pilot.press("f")
        await settle(pilot)
        await pilot.press(*"2025", "enter")
        await settle(pilot)
        in_2025 = meetings(base, person, event_filter(base, year="2025"), same_trip=False)
        assert listed(app, network) == [c.participant for c in in_2025.met]
        assert [f.value for f in app.browser.filters] == ["2025"]
        assert in_2025.met == ()  # Essen took part in nothing in 2025: the view says so
        assert "No events under these filters · x clears them" in screen_text(app)


def test_network_filter_maps_the_browser_filters(shipped_base: FactBase) -> None:
    base = shipped_base
    year = Filter("year", "2017", "2017")
    theme = Filter("theme", "renewable-energy", "Renewable energy")
    assert network_filter(base, ()).active is False
    assert network_filter(base, (year,)) == event_filter(base, year="2017")
    both = network_filter(base, (year, theme, Filter("kind", "signing", "signing", "event")))
    assert isinstance(both, AllOf) and both.describe() == "2017, theme renewable-energy"
    for event in base.events:
        assert both.admits(event) == (
            event_filter(base, year="2017").admits(event)
            and event_filter(base, theme="renewable-energy").admits(event)
        )


def test_shared_events_of_an_undated_part_show_its_trips_period(shipped_base: FactBase) -> None:
    (contact,) = [
        c
        for c in meetings(shipped_base, DELEGATION, same_trip=False).met
        if c.participant == "rakuten-symphony"
    ]
    assert shared_lines(shipped_base, DELEGATION, contact, None) == [
        "2025 (trip) Visit to Rakuten Symphony — visitor ↔ host"
    ]


def test_second_ring_stops_when_cancelled(shipped_base: FactBase) -> None:
    contacts = meetings(shipped_base, "thomas-kufen", same_trip=False).met
    seen: list[tuple[int, int]] = []
    assert (
        second_ring(
            shipped_base,
            "thomas-kufen",
            contacts,
            event_filter(shipped_base),
            None,
            lambda d, t: seen.append((d, t)),
            lambda: True,
        )
        is None
    )
    assert seen == []


@pytest.mark.parametrize("size", [NARROW, WIDE], ids=["80x24", "120x40"])
async def test_network_at_every_size_has_its_keys_in_footer_and_help(
    size: tuple[int, int],
) -> None:
    app = app_on_shipped("city-of-essen")
    async with app.run_test(size=size) as pilot:
        await settle(pilot)
        await pilot.press("m")
        await settle(pilot)
        footer = screen_text(app).splitlines()[-1]
        for key in ("⏎ Open", "b Back", "r Second ring", "esc Close"):
            assert key in footer
        await pilot.press("question_mark")
        await settle(pilot)
        table = app.screen.query_one("#help-keys", Static).content
        assert isinstance(table, Table)
        said = [str(cell) for column in table.columns for cell in column.cells]
        for heading, key, what in (
            ("Network view (m)", "r", "Second ring"),
            ("Browser", "m", "Network"),
            ("Browser", "e", "Edit"),
        ):
            assert heading in said and key in said and what in said
