"""The browser you can trust (issue 13): each bug the issue reports, reproduced as a user met
it on the shipped base, and read off the rendered screen, not off the widgets' state."""

from __future__ import annotations

from pathlib import Path
from types import SimpleNamespace

import pytest
from rich.cells import cell_len
from test_app_flows import (
    WIDE,
    highlighted,
    list_ids,
    screen_lines,
    screen_text,
    settle,
    shows,
    type_text,
)

from tui.app.app import FactsApp
from tui.app.screens.browser import BrowserScreen
from tui.app.screens.help import HelpScreen
from tui.app.screens.search import SearchScreen
from tui.app.widgets import virtual_list
from tui.app.widgets.detail import PageView
from tui.app.widgets.status import StatusLine
from tui.app.widgets.virtual_list import VirtualList
from tui.model import FactBase, Theme


@pytest.fixture
def app(shipped_path: Path) -> FactsApp:
    return FactsApp(shipped_path, watch_interval=None)


def the_list(app: FactsApp) -> VirtualList:
    return app.browser.query_one("#list", VirtualList)


def label(base: FactBase, entity_id: str, lang: str | None = None) -> str:
    entity = base.get(entity_id)
    assert entity is not None
    return entity.label(lang)


# -- §1 the highlight is the row Enter takes ---------------------------------------------------


async def test_search_results_highlight_moves_and_enter_takes_the_highlighted_hit(
    app: FactsApp, shipped_base: FactBase
) -> None:
    async with app.run_test(size=WIDE) as pilot:
        await settle(pilot)
        await pilot.press("slash")
        await type_text(pilot, "essen")
        await settle(pilot)
        hits = app.screen.query_one("#hits", VirtualList)
        await pilot.press("down", "down", "down")
        await pilot.pause()
        (row,) = highlighted(app, hits)
        await pilot.press("enter")
        await settle(pilot)
        opened = app.browser.current
        assert opened is not None
        assert shows(row, label(shipped_base, opened)), (row, opened)


async def test_filter_picker_highlight_moves_and_enter_takes_the_highlighted_value(
    app: FactsApp,
) -> None:
    async with app.run_test(size=WIDE) as pilot:
        await settle(pilot)
        await pilot.press("f")
        await settle(pilot)
        values = app.screen.query_one("#facet-values", VirtualList)
        first = highlighted(app, values)
        await pilot.press("down", "down", "down")
        await pilot.pause()
        (row,) = highlighted(app, values)
        assert row != first[0]
        await pilot.press("enter")
        await settle(pilot)
        (chosen,) = app.browser.filters
        assert shows(row, chosen.label), (row, chosen)


async def test_the_unfocused_list_highlights_the_entry_a_link_led_to(
    shipped_path: Path, shipped_base: FactBase
) -> None:
    app = FactsApp(shipped_path, "toshiba", watch_interval=None)
    async with app.run_test(size=WIDE) as pilot:
        await settle(pilot)
        links = app.browser.query_one("#links", VirtualList)
        assert app.focused is links
        (row,) = highlighted(app, the_list(app))
        assert shows(row, "Toshiba")
        target = "toshiba-electronics-europe"
        at = [r.id for r in links.rows].index(target)
        await pilot.press(*["down"] * (at - links.cursor), "enter")
        await settle(pilot)
        assert app.browser.current == target
        (row,) = highlighted(app, the_list(app))
        assert shows(row, label(shipped_base, target)), row


# -- §2 typing in the filter adds a filter --------------------------------------------------


async def test_typing_a_value_that_an_active_filter_also_matches_adds_the_value(
    app: FactsApp,
) -> None:
    async with app.run_test(size=WIDE) as pilot:
        await settle(pilot)
        await pilot.press("f")
        await settle(pilot)
        await type_text(pilot, "düss")
        await pilot.press("enter")
        await settle(pilot)
        (first,) = app.browser.filters
        assert "2025" in first.label  # the Düsseldorf delegation 2025
        await pilot.press("f")
        await settle(pilot)
        await type_text(pilot, "2025")
        await pilot.press("enter")
        await settle(pilot)
        assert [f.describe() for f in app.browser.filters] == [first.describe(), "year: 2025"]


# -- §3 the detail follows the list ------------------------------------------------------------


async def assert_detail_follows_the_list(app: FactsApp) -> None:
    """The detail shows the highlighted row, or says that the open entry is not listed."""
    base = app.base
    assert base is not None
    current = app.browser.current
    rows = highlighted(app, the_list(app))
    page = "\n".join(screen_lines(app, app.browser.query_one(PageView)))
    if current is not None and current in list_ids(app):
        assert len(rows) == 1 and shows(rows[0], label(base, current, app.lang)), (rows, current)
    else:
        assert current is not None
        assert "not in the list" in screen_text(app), current
    assert current is None or label(base, current, app.lang)[:20] in page


async def test_after_a_filter_or_a_section_switch_the_detail_shows_the_highlighted_row(
    shipped_path: Path,
) -> None:
    app = FactsApp(shipped_path, "nrw-japan-kk-25th-anniversary", watch_interval=None)
    async with app.run_test(size=WIDE) as pilot:
        await settle(pilot)
        await pilot.press("escape")  # to the list, as a user reading the list would
        await pilot.press("f")
        await settle(pilot)
        await type_text(pilot, "renew")
        await pilot.press("enter")
        await settle(pilot)
        assert "nrw-japan-kk-25th-anniversary" not in list_ids(app)
        await assert_detail_follows_the_list(app)
        for key in ("2", "3", "4", "1", "x", "5", "6"):
            await pilot.press(key)
            await settle(pilot)
            await assert_detail_follows_the_list(app)


async def test_an_entry_opened_from_the_search_that_the_filters_hide_says_so(
    app: FactsApp,
) -> None:
    async with app.run_test(size=WIDE) as pilot:
        await settle(pilot)
        await pilot.press("f")
        await settle(pilot)
        await type_text(pilot, "renew")
        await pilot.press("enter", "slash")
        await settle(pilot)
        await type_text(pilot, "Xponential")
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        assert app.browser.current == "xponential-2026"
        assert "xponential-2026" not in list_ids(app)
        await assert_detail_follows_the_list(app)


# -- §4 names, kinds, roles in full where there is room; a readable line length --------------


async def test_names_kinds_and_link_roles_show_in_full_where_there_is_room(
    shipped_path: Path, shipped_base: FactBase
) -> None:
    app = FactsApp(shipped_path, "duesseldorf-japan-trip-2025", watch_interval=None)
    async with app.run_test(size=WIDE) as pilot:
        await settle(pilot)
        text = screen_text(app)
        for name in (
            "Visit to Rakuten Symphony",
            "Haneda Innovation City on the agenda",
            "Düsseldorf delegation trip to Japan 2025",
        ):
            assert name in text
    app = FactsApp(shipped_path, "duesseldorf-evening-tokyo-2025", watch_interval=None)
    async with app.run_test(size=(250, 70)) as pilot:
        await settle(pilot)
        listed = "\n".join(screen_lines(app, the_list(app)))
        assert "delegation-trip" in listed and "delegation-tr…" not in listed
        links = "\n".join(screen_lines(app, app.browser.query_one("#links", VirtualList)))
        assert "…" not in links, links
        assert "organisation" in links
        page = screen_lines(app, app.browser.query_one(PageView))
        assert max(cell_len(line.rstrip()) for line in page) <= 100


# -- §5 no stray scrollbar; the filter works at 40x12 ---------------------------------------------


async def test_lists_have_no_horizontal_scrollbar(app: FactsApp) -> None:
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        assert not the_list(app).show_horizontal_scrollbar
        await pilot.press("end")  # a list longer than the screen: a vertical scrollbar
        await pilot.pause()
        assert not the_list(app).show_horizontal_scrollbar
        await pilot.press("slash")
        await type_text(pilot, "e")
        await settle(pilot)
        assert not app.screen.query_one("#hits", VirtualList).show_horizontal_scrollbar
        await pilot.press("escape", "f")
        await settle(pilot)
        assert not app.screen.query_one("#facet-values", VirtualList).show_horizontal_scrollbar


async def test_the_filter_picker_shows_choices_at_40x12(app: FactsApp) -> None:
    async with app.run_test(size=(40, 12)) as pilot:
        await settle(pilot)
        await pilot.press("f")
        await settle(pilot)
        values = app.screen.query_one("#facet-values", VirtualList)
        shown = screen_lines(app, values)
        assert len([line for line in shown if "narrows to" in line]) >= 3, shown
        assert len(highlighted(app, values)) == 1


# -- §6 a theme's count includes its narrower themes, as the filter's does --------------------


def events_under(base: FactBase, theme_id: str) -> set[str]:
    """The events on the theme or on any theme below it."""
    below = {theme_id}
    grew = True
    while grew:
        more = {t.id for t in base.themes if isinstance(t, Theme) and t.broader in below}
        grew = not more <= below
        below |= more
    return {e.id for e in base.events if below & set(e.themes)}


async def test_theme_counts_include_narrower_themes_as_the_filter_does(
    app: FactsApp, shipped_base: FactBase
) -> None:
    async with app.run_test(size=(120, 60)) as pilot:
        await settle(pilot)
        await pilot.press("4")
        await settle(pilot)
        lines = screen_lines(app, the_list(app))
        energy = next(line for line in lines if "Energy and energy industry" in line)
        count = len(events_under(shipped_base, "energy"))
        assert count == 4
        assert energy.rstrip().endswith(f"{count} events"), energy
        for theme in shipped_base.themes:
            n = len(events_under(shipped_base, theme.id))
            line = next(line for line in lines if theme.label() in line)
            assert line.rstrip().endswith(f"{n} event{'s' if n != 1 else ''}"), line
        await pilot.press("1", "f")
        await settle(pilot)
        await type_text(pilot, "Energy and energy")
        rows = [
            [str(c) for c in row.cells]
            for row in app.screen.query_one("#facet-values", VirtualList).rows
        ]
        assert ["Energy and energy industry", f"narrows to {count}"] in rows


# -- §7 L re-sorts; the language is always on screen -----------------------------------------------


async def test_names_language_re_sorts_and_shows_on_the_status_line(
    app: FactsApp, shipped_base: FactBase
) -> None:
    async with app.run_test(size=WIDE) as pilot:
        await settle(pilot)
        await pilot.press("3")
        await settle(pilot)
        status = app.browser.query_one("#status", StatusLine)
        for lang in ("de", "en", "ja", None):
            await pilot.press("L")
            await settle(pilot)
            assert app.lang == lang
            ids = list_ids(app)
            names = [label(shipped_base, i, lang).casefold() for i in ids]
            assert names == sorted(names), (lang, names[:5])
            assert f"names: {lang or 'own'}" in str(status.render())
        shown = [n.message for n in app._notifications]
        assert not any("Names in" in message for message in shown)  # no toasts to stack


# -- §9 focus you can see, j/k scroll the text, two Tabs in a row --------------------------


async def test_the_focused_pane_is_marked_and_two_quick_tabs_reach_the_text(
    app: FactsApp,
) -> None:
    async with app.run_test(size=WIDE) as pilot:
        await settle(pilot)
        browser = app.browser
        panes = [the_list(app), browser.query_one("#links"), browser.query_one(PageView)]

        def marked() -> list[bool]:
            return [pane.has_class("-focused-pane") or pane.has_focus for pane in panes]

        def bars() -> list[str]:
            """The cell left of each pane's top line: a bar on the focused one."""
            lines = screen_text(app).splitlines()
            return [lines[pane.region.y][pane.region.x] for pane in panes]

        assert bars()[0] != " " and bars()[1:] == [" ", " "]
        await pilot.press("tab", "tab")
        await pilot.pause()
        assert app.focused is panes[2]
        assert bars()[2] != " " and bars()[:2] == [" ", " "]
        assert marked() == [False, False, True]


async def test_j_and_k_scroll_the_text_and_the_help(shipped_path: Path) -> None:
    app = FactsApp(shipped_path, "international-cooperation", watch_interval=None)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("tab")
        page = app.browser.query_one(PageView)
        assert app.focused is page
        await pilot.press("j", "j")
        await pilot.pause()
        assert page.scroll_y == 2
        await pilot.press("k")
        await pilot.pause()
        assert page.scroll_y == 1
        await pilot.press("question_mark")
        await pilot.pause()
        box = app.screen.query_one("#help-box")
        await pilot.press("j", "j", "j")
        await pilot.pause()
        assert box.scroll_y == 3


# -- §10 help headings, back restores the links, the title, the status line, the empty search ----


async def test_help_headings_are_not_cut(app: FactsApp) -> None:
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("question_mark")
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)
        seen = screen_text(app)
        box = app.screen.query_one("#help-box")
        while box.scroll_y < box.max_scroll_y:  # read the help through, a page at a time
            await pilot.press("pagedown")
            await pilot.pause()
            seen += screen_text(app)
        for heading in (
            "Anywhere",
            "Browser",
            "Lists and links",
            "Search (/) and filter (f)",
            "Detail text",
            "Mouse",
        ):
            assert heading in seen, heading


async def test_back_restores_the_cursor_and_scroll_of_the_links(
    shipped_path: Path, shipped_base: FactBase
) -> None:
    app = FactsApp(shipped_path, "international-cooperation", watch_interval=None)
    async with app.run_test(size=WIDE) as pilot:
        await settle(pilot)
        links = app.browser.query_one("#links", VirtualList)
        assert app.focused is links
        await pilot.press(*["down"] * 20)
        await pilot.pause()
        target, scrolled = links.current_id, links.scroll_y
        assert target is not None and scrolled > 0
        await pilot.press("enter")
        await settle(pilot)
        assert app.browser.current == target
        await pilot.press("b")
        await settle(pilot)
        assert app.browser.current == "international-cooperation"
        assert (links.current_id, links.scroll_y) == (target, scrolled)
        (row,) = highlighted(app, links)
        assert shows(row, label(shipped_base, target)[:12])


async def test_back_restores_the_cursor_and_scroll_of_the_list(app: FactsApp) -> None:
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("3", "end", "up", "up")
        await settle(pilot)
        listing = the_list(app)
        chosen, scrolled = listing.current_id, listing.scroll_y
        assert scrolled > 0
        await pilot.press("enter")
        await settle(pilot)
        links = app.browser.query_one("#links", VirtualList)
        assert app.focused is links and links.current_id is not None
        await pilot.press("enter")  # follow the first link
        await settle(pilot)
        await pilot.press("b", "escape")
        await settle(pilot)
        assert app.browser.section == "participants"
        assert (listing.current_id, listing.scroll_y) == (chosen, scrolled)


async def test_the_title_does_not_read_facts_facts(app: FactsApp) -> None:
    async with app.run_test(size=WIDE) as pilot:
        await settle(pilot)
        title = screen_text(app).splitlines()[0]
        assert "facts — facts" not in title
        assert "facts — " in title and "23 events" in title


async def test_the_status_line_drops_whole_phrases_when_it_is_short_of_room(
    app: FactsApp,
) -> None:
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        for value in ("Renewable energy", "2017"):
            await pilot.press("f")
            await settle(pilot)
            await type_text(pilot, value)
            await pilot.press("enter")
            await settle(pilot)
        (line,) = screen_lines(app, app.browser.query_one("#status", StatusLine))
        assert "…" not in line, line
        assert "theme: Renewable energy" in line and "year: 2017" in line, line
        assert "names: own" in line


async def test_an_empty_search_says_type_to_search_once(app: FactsApp) -> None:
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("slash")
        await settle(pilot)
        assert isinstance(app.screen, SearchScreen)
        assert screen_text(app).count("Type to search") == 1


# -- beyond the fixes ---------------------------------------------------------------------------


async def test_the_footer_follows_the_focus_and_shows_sections_language_and_tab(
    app: FactsApp,
) -> None:
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        footer = screen_text(app).splitlines()[-1]
        for shown in (
            "/ Search",
            "f Filter",
            "b Back",
            "1-6 Sections",
            "Tab Pane",
            "L Names",
            "? Help",
            "q Quit",
            "^p palette",
        ):
            assert shown in footer, (shown, footer)
        assert "x Clear" not in footer  # nothing to clear
        await pilot.resize_terminal(120, 40)
        await pilot.pause()
        assert "⏎ Open" in screen_text(app).splitlines()[-1]  # where there is room
        await pilot.resize_terminal(80, 24)
        await pilot.pause()
        await pilot.press("f")
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        assert "x clears" in screen_text(app).splitlines()[3]  # the status line says so
        await pilot.resize_terminal(120, 40)
        await pilot.pause()
        assert "x Clear" in screen_text(app).splitlines()[-1]
        await pilot.press("enter")  # open the first entry: the links have the focus
        await settle(pilot)
        footer = screen_text(app).splitlines()[-1]
        assert "⏎ Follow" in footer and "b Back" in footer, footer


async def test_the_divider_moves_with_less_and_greater_than(app: FactsApp) -> None:
    async with app.run_test(size=WIDE) as pilot:
        await settle(pilot)
        width = the_list(app).outer_size.width
        await pilot.press("greater_than_sign", "greater_than_sign")
        await pilot.pause()
        wider = the_list(app).outer_size.width
        assert wider > width
        await pilot.press(*["less_than_sign"] * 30)
        await pilot.pause()
        narrowest = the_list(app).outer_size.width
        assert 20 <= narrowest < width
        assert len(highlighted(app, the_list(app))) == 1


async def test_a_small_terminal_gets_a_pared_down_layout_that_works(app: FactsApp) -> None:
    async with app.run_test(size=(40, 12)) as pilot:
        await settle(pilot)
        lines = screen_text(app).splitlines()
        assert "23 events" in lines[0]  # the status line first: no title, no tabs
        assert len(highlighted(app, the_list(app))) == 1
        await pilot.press("down", "enter")
        await settle(pilot)
        assert app.browser.current is not None
        assert "Links · " in screen_text(app)
        await pilot.press("escape", "3")
        await settle(pilot)
        assert "Participants" in screen_text(app).splitlines()[0]


async def test_type_to_jump_moves_to_the_first_matching_row(
    app: FactsApp, shipped_base: FactBase, monkeypatch: pytest.MonkeyPatch
) -> None:
    now = [1000.0]  # the list's clock, moved on by hand: a pause without waiting for it
    monkeypatch.setattr(virtual_list, "time", SimpleNamespace(monotonic=lambda: now[0]))

    def pause() -> None:
        now[0] += virtual_list.JUMP_PAUSE + 0.1

    async with app.run_test(size=WIDE) as pilot:
        await settle(pilot)
        await pilot.press("3")
        await settle(pilot)
        await pilot.press(*"rak")
        await settle(pilot)
        (row,) = highlighted(app, the_list(app))
        assert the_list(app).current_id == "rakuten-group" and shows(row, "Rakuten Group")
        pause()  # a pause ends a jump: the next letters start a new one
        await pilot.press(*"Stephan")  # capitals, and letters bound to keys, within a jump
        await settle(pilot)
        assert the_list(app).current_id == "stephan-keller"
        await pilot.press("enter")
        await settle(pilot)
        assert app.browser.current == "stephan-keller"
        links = app.browser.query_one("#links", VirtualList)  # the links, by name
        assert app.focused is links
        pause()
        await pilot.press(*"Düsseldorf E")  # a word within the name: the date comes first
        await settle(pilot)
        (row,) = highlighted(app, links)
        assert shows(row, "Düsseldorf Evening in Tokyo")
        pause()
        await pilot.press(*"Dü")  # a name that starts so comes before one with a word so
        await settle(pilot)
        (row,) = highlighted(app, links)
        assert shows(row, "Düsseldorf-Abend in Tokio")


async def test_the_search_remembers_the_last_query(app: FactsApp) -> None:
    async with app.run_test(size=WIDE) as pilot:
        await settle(pilot)
        await pilot.press("slash")
        await type_text(pilot, "koriyama")
        await settle(pilot)
        await pilot.press("down", "enter")
        await settle(pilot)
        opened = app.browser.current
        await pilot.press("slash")
        await settle(pilot)
        assert isinstance(app.screen, SearchScreen)
        assert app.screen.query_one("#query").value == "koriyama"
        assert len(highlighted(app, app.screen.query_one("#hits", VirtualList))) == 1
        await pilot.press(*"toshiba")  # typing replaces the remembered query
        await settle(pilot)
        assert app.screen.query_one("#query").value == "toshiba"
        await pilot.press("escape")
        assert isinstance(app.screen, BrowserScreen) and app.browser.current == opened


async def test_a_click_on_a_key_in_the_footer_presses_it(app: FactsApp) -> None:
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        footer = screen_text(app).splitlines()[-1]
        x = footer.index("? Help")
        await pilot.click(offset=(x + 2, 23))
        await settle(pilot)
        assert isinstance(app.screen, HelpScreen)
