"""The browser as a person uses it, driven by Textual's pilot: open, follow, go back, search,
filter, help, copy, reload after an edit and after a broken one, hostile data, and the walk
the issue asks for (2017 Essen trip → Koriyama memorandum → its themes → every event on
renewable energy → back) at 80x24 on the shipped base."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest
from rich.cells import cell_len
from rich.color import Color
from test_app_base import write_demo_base
from textual import events
from textual.app import App
from textual.command import CommandList
from textual.pilot import Pilot
from textual.strip import Strip
from textual.widget import Widget
from textual.widgets import Input, Static

from tui.app.app import FactsApp
from tui.app.screens.browser import BrowserScreen
from tui.app.screens.filter import FilterScreen
from tui.app.screens.help import HelpScreen, binding_groups
from tui.app.screens.search import SearchScreen
from tui.app.widgets.virtual_list import VirtualList
from tui.model import FactBase

NARROW = (80, 24)
WIDE = (120, 40)


def screen_text(app: FactsApp) -> str:
    """What the terminal shows, as text (the compositor's lines)."""
    return "\n".join(strip.text for strip in app.screen._compositor.render_strips())


def _cells(strip: Strip) -> list[tuple[str, Color | None]]:
    """A screen line as (character, background) per cell (a wide character fills two)."""
    cells: list[tuple[str, Color | None]] = []
    for segment in strip:
        background = segment.style.bgcolor if segment.style else None
        for char in segment.text:
            cells.extend([(char, background)] * max(cell_len(char), 1))
    return cells


def _region_cells(app: App[object], widget: Widget) -> list[list[tuple[str, Color | None]]]:
    region = widget.scrollable_content_region  # the scrollbars left out
    strips = app.screen._compositor.render_strips()
    return [_cells(strips[y])[region.x : region.right] for y in range(region.y, region.bottom)]


def screen_lines(app: App[object], widget: Widget) -> list[str]:
    """The lines the widget takes on the screen, as the terminal shows them."""
    return ["".join(char for char, _ in line) for line in _region_cells(app, widget)]


def highlighted_at(app: App[object], widget: Widget) -> list[tuple[int, str]]:
    """The widget's lines that the screen shows highlighted, by their row on the widget:
    painted, at both ends, on another background than the widget's own."""
    own = widget.rich_style.bgcolor
    return [
        (y, "".join(char for char, _ in line))
        for y, line in enumerate(_region_cells(app, widget))
        if line and line[0][1] != own and line[-1][1] != own
    ]


def highlighted(app: App[object], widget: Widget) -> list[str]:
    """The highlighted lines of the widget, as text."""
    return [line for _, line in highlighted_at(app, widget)]


def shows(line: str, name: str) -> bool:
    """Whether a row shows `name`: in full, or cut short with an ellipsis."""
    if name in line:
        return True
    cut = line.find("…")
    return cut > 0 and any(line[:cut].endswith(name[:n]) for n in range(6, len(name)))


def _frame(app: App[object]) -> list[tuple[tuple[str, str], ...]]:
    """What the screen shows, cell styles included (to tell whether it has stopped changing)."""
    return [
        tuple((segment.text, str(segment.style)) for segment in strip)
        for strip in app.screen._compositor.render_strips()
    ]


async def settle(pilot: Pilot) -> None:
    """Let the workers (loading, list building, search) finish and their results show: until
    no worker runs and two frames in a row are the same (a worker's result, a resize it
    causes and the layout after it each take a frame), for at most 30 s."""
    app = pilot.app
    previous: list[tuple[tuple[str, str], ...]] | None = None
    for _ in range(1200):
        while any(not worker.is_finished for worker in app.workers):
            await pilot.pause(0.005)
        await pilot.pause()
        frame = _frame(app)
        if frame == previous and all(worker.is_finished for worker in app.workers):
            return
        previous = frame
    raise AssertionError("the screen never settled")


async def until(pilot: Pilot, condition: Callable[[], bool], what: str) -> None:
    """Wait for something asynchronous (a watcher, a worker); fail with `what` if it never
    happens.  Not a speed assertion: the limit is generous (30 s), as a busy machine is slow."""
    for _ in range(1200):
        if condition():
            return
        await pilot.pause(0.025)
    raise AssertionError(f"never happened: {what}")


async def type_text(pilot: Pilot, text: str) -> None:
    """Type into the focused input in one go (a paste): the keys themselves are exercised
    elsewhere, and each simulated key press costs a frame."""
    focused = pilot.app.focused
    assert isinstance(focused, Input)
    focused.post_message(events.Paste(text))
    await pilot.pause()


def link_ids(app: FactsApp) -> list[str | None]:
    return [row.id for row in app.browser.query_one("#links", VirtualList).rows]


def list_ids(app: FactsApp) -> list[str]:
    rows = app.browser.query_one("#list", VirtualList).rows
    return [row.id for row in rows if row.id is not None]


async def follow(pilot: Pilot, app: FactsApp, target: str) -> None:
    """Move the cursor in the links list down to `target` and press Enter, as a user would."""
    links = app.browser.query_one("#links", VirtualList)
    assert app.focused is links
    ids = link_ids(app)
    assert target in ids, f"{target} not among the links {ids}"
    steps = ids.index(target) - links.cursor
    await pilot.press(*(["down"] * steps if steps >= 0 else ["up"] * -steps))
    assert links.current_id == target
    await pilot.press("enter")
    await settle(pilot)
    assert app.browser.current == target


@pytest.fixture
def demo(tmp_path: Path) -> Path:
    return write_demo_base(tmp_path)


# -- the walk of the "done when", on the shipped base ---------------------------------


async def test_walk_from_essen_trip_to_renewable_energy_and_back_at_80x24(
    shipped_path: Path, shipped_base: FactBase
) -> None:
    app = FactsApp(shipped_path, watch_interval=None)
    async with app.run_test(size=NARROW) as pilot:
        await settle(pilot)
        await pilot.press("slash")
        await type_text(pilot, "Essen delegation trip")
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        assert app.browser.current == "essen-japan-trip-2017"
        assert "Essen delegation trip to Japan 2017" in screen_text(app)

        await follow(pilot, app, "essen-koriyama-mou-2017")
        text = screen_text(app)
        assert "Signing of the Essen–Koriyama memorandum of understanding" in text

        mou = shipped_base.by_id["essen-koriyama-mou-2017"]
        assert set(mou.themes) <= set(link_ids(app))  # every theme is one Enter away
        await follow(pilot, app, "renewable-energy")
        assert "Renewable energy" in screen_text(app)
        on_renewables = [e.id for e in shipped_base.events_of("renewable-energy")]
        assert len(on_renewables) > 1
        assert set(on_renewables) <= set(link_ids(app))
        other = next(
            e
            for e in on_renewables
            if e not in ("essen-koriyama-mou-2017", "essen-japan-trip-2017")
        )
        await follow(pilot, app, other)

        await pilot.press("b")
        assert app.browser.current == "renewable-energy"
        await pilot.press("b")
        assert app.browser.current == "essen-koriyama-mou-2017"
        await pilot.press("b")
        await settle(pilot)
        assert app.browser.current == "essen-japan-trip-2017"
        assert "Essen delegation trip to Japan 2017" in screen_text(app)


# -- flows on the demo base -------------------------------------------------------------------


async def test_list_shows_date_name_and_kind_and_enter_opens(demo: Path) -> None:
    app = FactsApp(demo, watch_interval=None)
    async with app.run_test(size=NARROW) as pilot:
        await settle(pilot)
        text = screen_text(app)
        assert "demo-base · 6 events · 6 participants · 6 themes" in text
        assert "2017-11-29 Essen delegation trip to Japan 2017" in text
        assert "delegation-trip" in text  # the kind column, as wide as its longest kind
        assert app.browser.current is None  # narrow: nothing opens until Enter
        await pilot.press("enter")
        await settle(pilot)
        assert app.browser.current == "essen-trip-2017"
        # at 80 columns the detail takes the whole width, with its links below
        assert not app.browser.query_one("#list").display
        assert app.focused is app.browser.query_one("#links")
        assert "Links · " in screen_text(app)
        await pilot.press("escape")
        await pilot.pause()
        assert app.browser.query_one("#list").display
        assert app.focused is app.browser.query_one("#list")


async def test_follow_participant_go_back_and_forward(demo: Path) -> None:
    app = FactsApp(demo, "essen-koriyama-mou-2017", watch_interval=None)
    async with app.run_test(size=NARROW) as pilot:
        await settle(pilot)
        assert app.browser.current == "essen-koriyama-mou-2017"
        ids = link_ids(app)
        # up the hierarchy first, then who took part, where, the themes, the sources
        assert ids[0] == "essen-trip-2017"
        assert (
            ids.index("thomas-kufen") < ids.index("renewable-energy") < ids.index("essen-release")
        )
        await follow(pilot, app, "thomas-kufen")
        text = screen_text(app)
        assert "Thomas Kufen" in text
        assert app.browser.section == "participants"  # the list follows the entity
        # backlinks: the events he took part in and the office's organisation
        assert {"essen-trip-2017", "essen-koriyama-mou-2017", "city-of-essen"} <= set(link_ids(app))
        await pilot.press("b")
        assert app.browser.current == "essen-koriyama-mou-2017"
        await pilot.press("B")
        assert app.browser.current == "thomas-kufen"
        await pilot.press("b")
        await settle(pilot)
        await follow(pilot, app, "city-of-koriyama")  # a new path after going back
        await pilot.press("B")  # the forward entry (Kufen) is gone
        assert app.browser.current == "city-of-koriyama"
        await pilot.press("b", "b")
        assert app.browser.current == "essen-koriyama-mou-2017"


async def test_wide_terminal_shows_list_and_detail_side_by_side(demo: Path) -> None:
    app = FactsApp(demo, watch_interval=None)
    async with app.run_test(size=WIDE) as pilot:
        await settle(pilot)
        # the highlighted row is shown at once; moving the cursor previews the next one
        assert app.browser.current == "essen-trip-2017"
        await pilot.press("down")
        await until(
            pilot,
            lambda: app.browser.current == "essen-koriyama-mou-2017",
            "the preview of the row under the cursor",
        )
        await settle(pilot)  # the page is laid out in a worker
        text = screen_text(app)
        assert "Signing of the Essen–Koriyama memorandum" in text
        assert "2017-11-29 Essen delegation trip" in text
        await pilot.press("tab")
        await pilot.pause()
        assert app.focused is app.browser.query_one("#links")
        await follow(pilot, app, "city-of-koriyama")
        await pilot.press("b")  # back to the previewed memorandum
        assert app.browser.current == "essen-koriyama-mou-2017"


async def test_mouse_click_follows_a_link(demo: Path) -> None:
    app = FactsApp(demo, "essen-koriyama-mou-2017", watch_interval=None)
    async with app.run_test(size=WIDE) as pilot:
        await settle(pilot)
        links = app.browser.query_one("#links", VirtualList)
        row = link_ids(app).index("city-of-koriyama")
        await pilot.click(links, offset=(20, row))
        await settle(pilot)
        assert app.browser.current == "city-of-koriyama"


async def test_sections_are_one_key_away(demo: Path) -> None:
    app = FactsApp(demo, watch_interval=None)
    async with app.run_test(size=NARROW) as pilot:
        await settle(pilot)
        await pilot.press("2")
        await settle(pilot)
        text = screen_text(app)
        assert "2017 · 3 events" in text and "2040 · 1 event" in text
        await pilot.press("3")
        await settle(pilot)
        assert list_ids(app)[:2] == ["bracket-corp", "city-of-essen"]  # by name
        await pilot.press("4")
        await settle(pilot)
        assert list_ids(app)[:3] == [
            "sustainability",
            "renewable-energy",
            "environmental-technology",
        ]  # a tree
        assert "  Renewable energy" in screen_text(app)
        await pilot.press("5")
        await settle(pilot)
        assert "koriyama" in list_ids(app)
        await pilot.press("6")
        await settle(pilot)
        assert list_ids(app) == ["essen-release", "evening-article"]


async def test_search_opens_a_hit_and_escape_returns(demo: Path) -> None:
    app = FactsApp(demo, watch_interval=None)
    async with app.run_test(size=NARROW) as pilot:
        await settle(pilot)
        await pilot.press("slash")
        assert isinstance(app.screen, SearchScreen)
        assert isinstance(app.focused, Input)
        await type_text(pilot, "koriyama")
        await settle(pilot)
        hits = [row.id for row in app.screen.query_one("#hits", VirtualList).rows]
        assert "city-of-koriyama" in hits and "koriyama" in hits
        status = app.screen.query_one("#search-status", Static)
        assert str(status.render()).startswith(f"{len(hits)} hits")
        await pilot.press("escape")
        assert isinstance(app.screen, BrowserScreen)
        assert app.browser.current is None

        await pilot.press("slash")
        await type_text(pilot, "KORIYAMA")  # case does not matter
        await settle(pilot)
        hits = [row.id for row in app.screen.query_one("#hits", VirtualList).rows]
        await pilot.press("down", "enter")
        await settle(pilot)
        assert isinstance(app.screen, BrowserScreen)
        assert app.browser.current == hits[1]


async def test_enter_typed_before_the_hits_arrive_opens_the_first_hit(demo: Path) -> None:
    app = FactsApp(demo, watch_interval=None)
    async with app.run_test(size=NARROW) as pilot:
        await settle(pilot)
        await pilot.press("slash", *"Thomas Kufen", "enter")
        await settle(pilot)
        assert isinstance(app.screen, BrowserScreen)
        assert app.browser.current == "thomas-kufen"


async def test_filter_by_theme_with_counts(demo: Path, tmp_path: Path) -> None:
    app = FactsApp(demo, watch_interval=None)
    async with app.run_test(size=NARROW) as pilot:
        await settle(pilot)
        await pilot.press("f")
        assert isinstance(app.screen, FilterScreen)
        await settle(pilot)
        await type_text(pilot, "renewable")
        rows = app.screen.query_one("#facet-values", VirtualList).rows
        shown = [[str(c) for c in row.cells] for row in rows]
        assert shown == [["Theme"], ["Renewable energy", "narrows to 3"]]
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, BrowserScreen)
        assert list_ids(app) == [
            "essen-trip-2017",
            "essen-koriyama-mou-2017",
            "fukushima-energy-goal",
        ]
        assert "3 of 6 events · theme: Renewable energy" in screen_text(app)

        # a broader theme covers the narrower ones
        await pilot.press("x")
        await settle(pilot)
        assert len(list_ids(app)) == 6
        await pilot.press("f")
        await settle(pilot)
        await type_text(pilot, "sustain")
        await pilot.press("enter")
        await settle(pilot)
        assert list_ids(app) == [
            "essen-trip-2017",
            "essen-koriyama-mou-2017",
            "fukushima-energy-goal",
        ]

        # the filter carries over to participants: who worked on sustainability
        await pilot.press("3")
        await settle(pilot)
        assert list_ids(app) == ["city-of-essen", "city-of-koriyama", "thomas-kufen"]

        # choosing an active filter again removes it
        await pilot.press("f")
        await settle(pilot)
        rows = app.screen.query_one("#facet-values", VirtualList).rows
        assert str(rows[0].cells[0]) == "Active filters (Enter removes)"
        assert str(rows[1].cells[0]) == "theme: Sustainability"
        await pilot.press("enter")
        await settle(pilot)
        assert app.browser.filters == ()


async def test_year_and_kind_facets_count_what_is_listed(demo: Path) -> None:
    app = FactsApp(demo, watch_interval=None)
    async with app.run_test(size=NARROW) as pilot:
        await settle(pilot)
        await pilot.press("f")
        await settle(pilot)
        rows = app.screen.query_one("#facet-values", VirtualList).rows
        table = [tuple(str(c) for c in row.cells) for row in rows]
        year = table.index(("Year",))
        assert table[year + 1 : year + 5] == [
            ("2017", "narrows to 3"),
            ("2019", "narrows to 1"),
            ("2025", "narrows to 1"),
            ("2040", "narrows to 1"),
        ]
        assert ("Kind",) in table and ("signing", "narrows to 1") in table
        assert ("Country",) in table and ("Japan", "narrows to 5") in table
        await pilot.press("escape")
        assert app.browser.filters == ()


async def test_help_lists_every_key(demo: Path) -> None:
    app = FactsApp(demo, watch_interval=None)
    async with app.run_test(size=WIDE) as pilot:
        await settle(pilot)
        await pilot.press("question_mark")
        assert isinstance(app.screen, HelpScreen)
        table = app.screen.query_one("#help-keys", Static).content
        descriptions = [str(cell) for cell in table.columns[1].cells]
        keys = [str(cell) for cell in table.columns[0].cells]
        for _, bindings in binding_groups():
            for binding in bindings:
                assert binding.description in descriptions
        assert "/" in keys and "?" in keys and "^p" in keys
        await pilot.press("escape")
        assert isinstance(app.screen, BrowserScreen)


async def test_footer_copy_language_and_light_dark(demo: Path) -> None:
    app = FactsApp(demo, "thomas-kufen", watch_interval=None)
    async with app.run_test(size=NARROW) as pilot:
        await settle(pilot)
        footer = screen_text(app).splitlines()[-1]
        for shown in ("/ Search", "f Filter", "b Back", "q Quit", "? Help", "^p palette"):
            assert shown in footer

        await pilot.press("c")
        assert app.clipboard == "thomas-kufen"
        await pilot.press("C")
        assert app.clipboard.startswith("Thomas Kufen\n")
        assert "\x1b" not in app.clipboard

        await pilot.press("L")  # names in German
        await settle(pilot)
        assert app.lang == "de"
        assert "Oberbürgermeister" in screen_text(app)
        await pilot.press("1")
        await settle(pilot)
        assert "Delegationsreise Essen–Japan 2017" in screen_text(app)
        await pilot.press("L", "L", "L")
        assert app.lang is None

        dark = app.current_theme.dark
        await pilot.press("d")
        assert app.current_theme.dark is not dark
        await pilot.press("d")
        assert app.current_theme.dark is dark


async def test_open_at_unknown_id_says_so(demo: Path) -> None:
    app = FactsApp(demo, "thomas-kufn", watch_interval=None)
    async with app.run_test(size=NARROW) as pilot:
        await settle(pilot)
        messages = [n.message for n in app._notifications]
        assert "No entity with id 'thomas-kufn'; did you mean 'thomas-kufen'?" in messages
        assert app.browser.current is None


async def test_palette_jumps_to_an_entity(demo: Path) -> None:
    app = FactsApp(demo, watch_interval=None)
    async with app.run_test(size=WIDE) as pilot:
        await settle(pilot)
        await pilot.press("ctrl+p")
        await pilot.press(*"Kufen")  # the palette's input is typed into key by key
        options = app.screen.query_one(CommandList)
        await until(
            pilot,
            lambda: any("Thomas Kufen" in line for line in highlighted(app, options)),
            "the palette's hit, highlighted",
        )  # what Enter then takes
        await pilot.press("enter")
        await settle(pilot)
        assert app.browser.current == "thomas-kufen"


async def test_export_command_writes_the_open_entity(
    demo: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    out = tmp_path / "out"
    out.mkdir()
    monkeypatch.chdir(out)
    app = FactsApp(demo, "city-of-koriyama", watch_interval=None)
    async with app.run_test(size=NARROW) as pilot:
        await settle(pilot)
        app.action_export()
        app.action_export()
    data = json.loads((out / "city-of-koriyama.json").read_text(encoding="utf-8"))
    assert data["id"] == "city-of-koriyama" and data["name"] == "City of Koriyama"
    assert (out / "city-of-koriyama-2.json").exists()  # never overwrites


async def test_hostile_data_is_shown_as_text(demo: Path) -> None:
    app = FactsApp(demo, "hostile-event", watch_interval=None)
    async with app.run_test(size=NARROW) as pilot:
        await settle(pilot)
        text = screen_text(app)
        assert "[/]Broken [b]markup\\x1b[2J 東京の会議" in text
        assert "\x1b" not in text
        await pilot.press("escape")
        await settle(pilot)
        lines = screen_text(app).splitlines()
        row = next(line for line in lines if "2019-05" in line)
        assert "[/]Broken [b]markup\\x1b[2J 東京" in row and len(row) <= 80
        await follow_first_participant(pilot, app)


async def follow_first_participant(pilot: Pilot, app: FactsApp) -> None:
    await pilot.press("enter")
    await settle(pilot)
    await follow(pilot, app, "bracket-corp")
    assert "[bold]Bracket[/] Corp [link=x]" in screen_text(app)


# -- live reload ------------------------------------------------------------------------------


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new), encoding="utf-8")


async def test_reload_after_an_edit_and_after_a_broken_edit(demo: Path) -> None:
    app = FactsApp(demo, "essen-koriyama-mou-2017", watch_interval=0.05)
    events = demo / "events.yaml"
    async with app.run_test(size=NARROW) as pilot:
        await settle(pilot)
        edit(events, "Signing of the Essen–Koriyama memorandum", "Signing of the MoU")
        await until(pilot, lambda: "Signing of the MoU" in screen_text(app), "the reload")
        assert app.browser.current == "essen-koriyama-mou-2017"  # still open

        good = app.base
        edit(events, "    kind: signing\n", "    kind: signing\n    colour: red\n")
        # wait for the screen to say so, not for the value: the panel shows a frame later
        await until(
            pilot,
            lambda: "1 problem in 1 file: showing the last good data" in screen_text(app),
            "the problems on the screen",
        )
        assert app.base is good  # the last good data stays
        panel = app.browser.query_one("#problems", Static)
        assert panel.display
        text = screen_text(app)
        assert "1 problem in 1 file: showing the last good data" in text
        problem = str(app.problems[0])
        assert problem.startswith(f"{events}:")
        assert "colour" in problem
        assert problem[len(str(events)) :].split(":")[1].isdigit()  # path:line:column
        assert "Signing of the MoU" in text

        edit(events, "    colour: red\n", "")
        await until(
            pilot,
            lambda: "showing the last good data" not in screen_text(app),
            "the problems gone from the screen",
        )
        await settle(pilot)
        assert not app.problems
        assert not app.browser.query_one("#problems", Static).display
        assert app.base is not good


async def test_an_entity_removed_on_disk_leaves_the_history(demo: Path) -> None:
    app = FactsApp(demo, "essen-trip-2017", watch_interval=0.05)
    async with app.run_test(size=NARROW) as pilot:
        await settle(pilot)
        await follow(pilot, app, "medical-symposium-2017")
        events = demo / "events.yaml"
        text = events.read_text(encoding="utf-8")
        start = text.index("  - id: medical-symposium-2017")
        end = text.index("  - id: fukushima-energy-goal")
        events.write_text(text[:start] + text[end:], encoding="utf-8")
        await until(
            pilot,
            lambda: app.base is not None and "medical-symposium-2017" not in app.base,
            "the reload",
        )
        await settle(pilot)
        assert app.browser.current == "essen-trip-2017"
        assert "medical-symposium-2017" not in link_ids(app)


async def test_a_broken_base_at_start_shows_problems_then_loads_when_fixed(
    demo: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    events = demo / "events.yaml"
    good = events.read_text(encoding="utf-8")
    events.write_text(good.replace("    kind: ", "    kinds: "), encoding="utf-8")
    monkeypatch.chdir(demo.parent)
    app = FactsApp(demo, watch_interval=0.05)
    async with app.run_test(size=NARROW) as pilot:
        await until(pilot, lambda: bool(app.problems), "the problems")
        await settle(pilot)
        text = screen_text(app)
        count = len(app.problems)
        assert count > 5
        assert f"{count} problems in 1 file: nothing to show yet" in text
        assert "Nothing loaded: the problems are below" in text
        # paths below the working folder are shown relative to it
        panel = app.browser.query_one("#problems", Static).content.plain
        assert (
            "demo-base/events.yaml:4:5: unknown field 'kinds' in event; did you mean 'kind'?"
            in panel.splitlines()
        )
        assert f"… and {count - 3} more: `facts check` lists them all" in text
        events.write_text(good, encoding="utf-8")
        await until(pilot, lambda: app.base is not None, "the fixed load")
        await settle(pilot)
        assert len(list_ids(app)) == 6


def test_app_module_is_not_imported_by_other_commands() -> None:
    import subprocess
    import sys

    code = (
        "import sys; from tui.cli import main; main(['check']);"
        "print('textual' in sys.modules, 'tui.app.app' in sys.modules)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=False)
    assert out.stdout.strip().splitlines()[-1] == "False False"


async def test_export_never_writes_into_the_fact_base(
    demo: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Started from inside the fact folder, the export goes to the home folder instead."""
    home = tmp_path / "home"
    home.mkdir()
    monkeypatch.setenv("HOME", str(home))
    folder = demo if demo.is_dir() else demo.parent
    before = sorted(p.name for p in folder.rglob("*"))
    monkeypatch.chdir(folder)
    app = FactsApp(demo, "city-of-koriyama", watch_interval=None)
    async with app.run_test(size=NARROW) as pilot:
        await settle(pilot)
        app.action_export()
    assert sorted(p.name for p in folder.rglob("*")) == before
    assert json.loads((home / "city-of-koriyama.json").read_text(encoding="utf-8"))["id"] == (
        "city-of-koriyama"
    )


async def test_keys_typed_right_after_slash_reach_the_search_field(demo: Path) -> None:
    """A fast typist's `/koriyama` arrives as one burst of keys, before the search screen has
    even been mounted; none of the letters may go to the list behind it."""
    app = FactsApp(demo, watch_interval=None)
    async with app.run_test(size=NARROW) as pilot:
        await settle(pilot)
        for char in "/koriyama":
            app.post_message(events.Key("slash" if char == "/" else char, char))
        await settle(pilot)
        assert isinstance(app.screen, SearchScreen)
        assert app.screen.query_one("#query", Input).value == "koriyama"
