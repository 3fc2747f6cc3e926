"""Every key of the browser, in one place: the app, the screens and the lists take their
bindings from here, and the `?` help lists them from here, so the help cannot drift from the
keys and needs no screen or app class to read them."""

from __future__ import annotations

from textual.binding import Binding, BindingType

from tui.app.rows import SECTIONS

APP: list[BindingType] = [
    Binding("q", "quit", "Quit", id="app.quit"),
    Binding("question_mark", "help", "Help", id="app.help"),
    Binding("d", "toggle_theme", "Light or dark", show=False, id="app.toggle_theme"),
    Binding("L", "next_language", "Names in the next language (de, en, ja)", show=False,
            id="app.language"),
]

BROWSER: list[BindingType] = [
    # priority: the search and filter screens must open before the next keys are
    # routed, or a fast typist's "/koriyama" loses its first letters to the list.
    Binding("slash", "search", "Search", id="browser.search", priority=True),
    Binding("f", "facets", "Filter", id="browser.filter", priority=True),
    Binding("x", "clear_filters", "Clear filters", show=False, id="browser.clear_filters"),
    Binding("b,backspace,alt+left", "back", "Back", id="browser.back"),
    Binding("B,alt+right", "forward", "Forward", show=False, id="browser.forward"),
    Binding("tab", "next_pane", "Next pane", show=False, id="browser.next_pane"),
    Binding("shift+tab", "previous_pane", "Previous pane", show=False,
            id="browser.previous_pane"),
    Binding("escape", "to_list", "Back to the list", show=False, id="browser.to_list"),
    *(
        Binding(str(n), f"section('{s.key}')", s.title, show=False,
                id=f"browser.section.{s.key}")
        for n, s in enumerate(SECTIONS, start=1)
    ),
    Binding("c", "copy_id", "Copy id", show=False, id="browser.copy_id"),
    Binding("C", "copy_summary", "Copy summary", show=False, id="browser.copy_summary"),
]

LIST: list[BindingType] = [
    Binding("up,k", "cursor_up", "Up", show=False, id="list.up"),
    Binding("down,j", "cursor_down", "Down", show=False, id="list.down"),
    Binding("pageup", "page_up", "Page up", show=False, id="list.page_up"),
    Binding("pagedown", "page_down", "Page down", show=False, id="list.page_down"),
    Binding("home,g", "first", "First", show=False, id="list.first"),
    Binding("end,G", "last", "Last", show=False, id="list.last"),
    Binding("enter", "choose", "Open", id="list.open"),
]

PICKER: list[BindingType] = [
    Binding("escape", "close", "Close", id="picker.close"),
    Binding("down", "move(1)", "Next", show=False, id="picker.next"),
    Binding("up", "move(-1)", "Previous", show=False, id="picker.previous"),
    Binding("pagedown", "page(1)", "Next page", show=False, id="picker.page_down"),
    Binding("pageup", "page(-1)", "Previous page", show=False, id="picker.page_up"),
]

HELP: list[BindingType] = [
    Binding("escape,question_mark,q", "close", "Close", id="help.close"),
]

GROUPS: tuple[tuple[str, list[BindingType]], ...] = (
    ("Anywhere", APP),
    ("Browser", BROWSER),
    ("Lists and links", LIST),
    ("Search (/) and filter (f)", PICKER),
)
"""(heading, bindings) for each place keys work, in the order a new user needs them."""
