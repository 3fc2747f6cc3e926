"""Every key of the browser, in one place: the app, the screens and the lists take their
bindings from here, and the `?` help lists them from here, so the help cannot drift from the
keys and needs no screen or app class to read them."""

from __future__ import annotations

from textual.binding import Binding, BindingType

from tui.app.rows import SECTIONS
from tui.i18n import N_

SECTIONS_GROUP = Binding.Group(N_("Sections"), compact=True)

APP: list[BindingType] = [
    Binding(
        "L",
        "next_language",
        N_("Names"),
        id="app.language",
        tooltip=N_("Names in German, English, Japanese, or each entity's own first language"),
    ),
    Binding("question_mark", "help", N_("Help"), id="app.help"),
    Binding("q", "quit", N_("Quit"), id="app.quit"),
    Binding("d", "toggle_theme", N_("Light or dark"), show=False, id="app.toggle_theme"),
]

BROWSER: list[BindingType] = [
    # priority: the search and filter screens must open before the next keys are
    # routed, or a fast typist's "/koriyama" loses its first letters to the list.
    Binding("slash", "search", N_("Search"), id="browser.search", priority=True),
    Binding("f", "facets", N_("Filter"), id="browser.filter", priority=True),
    Binding("x", "clear_filters", N_("Clear filters"), id="browser.clear_filters"),
    Binding("b,backspace,alt+left", "back", N_("Back"), id="browser.back"),
    Binding("B,alt+right", "forward", N_("Forward"), show=False, id="browser.forward"),
    *(
        Binding(
            str(n),
            f"section('{s.key}')",
            s.title,
            id=f"browser.section.{s.key}",
            group=SECTIONS_GROUP,
        )
        for n, s in enumerate(SECTIONS, start=1)
    ),
    Binding(
        "tab",
        "next_pane",
        N_("Pane"),
        id="browser.next_pane",
        key_display="Tab",
        tooltip=N_("The next pane: list, links, detail text"),
    ),
    Binding(
        "shift+tab", "previous_pane", N_("Previous pane"), show=False, id="browser.previous_pane"
    ),
    Binding("escape", "to_list", N_("Back to the list"), show=False, id="browser.to_list"),
    Binding(
        "less_than_sign",
        "divider(-1)",
        N_("Narrower list"),
        show=False,
        id="browser.divider_left",
        tooltip=N_("Move the divider left (side by side only)"),
    ),
    Binding(
        "greater_than_sign",
        "divider(1)",
        N_("Wider list"),
        show=False,
        id="browser.divider_right",
        tooltip=N_("Move the divider right (side by side only)"),
    ),
    Binding(
        "m",
        "network",
        N_("Network"),
        id="browser.network",
        tooltip=N_(
            "Whom the open participant met, ranked by shared events (r: their contacts too)"
        ),
    ),
    Binding(
        "e",
        "edit",
        N_("Edit"),
        id="browser.edit",
        tooltip=N_("Open the fact file at the open entity in your editor; reloads when it ends"),
    ),
    Binding("c", "copy_id", N_("Copy id"), show=False, id="browser.copy_id"),
    Binding("C", "copy_summary", N_("Copy summary"), show=False, id="browser.copy_summary"),
]

LIST: list[BindingType] = [
    Binding("up,k", "cursor_up", N_("Up"), show=False, id="list.up"),
    Binding("down,j", "cursor_down", N_("Down"), show=False, id="list.down"),
    Binding("pageup", "page_up", N_("Page up"), show=False, id="list.page_up"),
    Binding("pagedown", "page_down", N_("Page down"), show=False, id="list.page_down"),
    Binding("home,g", "first", N_("First"), show=False, id="list.first"),
    Binding("end,G", "last", N_("Last"), show=False, id="list.last"),
    Binding("enter", "choose", N_("Open"), id="list.open"),
]

LINKS: list[BindingType] = [
    Binding("enter", "choose", N_("Follow"), id="links.follow"),
]
"""The links list: the list's keys, Enter named for what it does there."""

MET: list[BindingType] = [
    Binding("enter", "choose", N_("Open"), id="met.open"),
]
"""The Met list of a participant's page: Enter opens whom it met."""

NETWORK: list[BindingType] = [
    Binding(
        "r",
        "second_ring",
        N_("Second ring"),
        id="network.second_ring",
        tooltip=N_("Add the contacts of the contacts (worked out in the background)"),
    ),
    Binding(
        "b,backspace,alt+left",
        "back",
        N_("Back"),
        id="network.back",
        tooltip=N_("The network shown before, or the page you came from"),
    ),
    Binding("B,alt+right", "forward", N_("Forward"), show=False, id="network.forward"),
    Binding(
        "f",
        "facets",
        N_("Filter"),
        id="network.filter",
        priority=True,
        tooltip=N_("Narrow the events by year or theme, as the lists"),
    ),
    Binding("x", "clear_filters", N_("Clear filters"), id="network.clear_filters"),
    Binding(
        "escape,m",
        "close",
        N_("Close"),
        id="network.close",
        tooltip=N_("Close the network: the open participant's page"),
    ),
]
"""The network view (`m`): its list takes the list's keys, Enter opens a contact."""

PAGE: list[BindingType] = [
    Binding("j", "scroll_down", N_("Scroll down"), show=False, id="page.down"),
    Binding("k", "scroll_up", N_("Scroll up"), show=False, id="page.up"),
    Binding("g", "scroll_home", N_("Top"), show=False, id="page.top"),
    Binding("G", "scroll_end", N_("Bottom"), show=False, id="page.bottom"),
]
"""The detail text and the help, besides the arrows, PgUp PgDn, Home End they scroll with."""

PICKER: list[BindingType] = [
    Binding("escape", "close", N_("Close"), id="picker.close"),
    Binding("down", "move(1)", N_("Next"), show=False, id="picker.next"),
    Binding("up", "move(-1)", N_("Previous"), show=False, id="picker.previous"),
    Binding("pagedown", "page(1)", N_("Next page"), show=False, id="picker.page_down"),
    Binding("pageup", "page(-1)", N_("Previous page"), show=False, id="picker.page_up"),
]

HELP: list[BindingType] = [
    Binding("escape,question_mark,q", "close", N_("Close"), id="help.close"),
    *PAGE,
]

GROUPS: tuple[tuple[str, list[BindingType]], ...] = (
    (N_("Anywhere"), APP),
    (N_("Browser"), BROWSER),
    (N_("Lists and links"), LIST),
    (N_("Network view (m)"), NETWORK),
    (N_("Search (/) and filter (f)"), PICKER),
)
"""(heading, bindings) for each place keys work, in the order a new user needs them."""

FOOTER_ORDER: dict[str, int] = {
    tag: at
    for at, tag in enumerate(
        (
            "choose",
            "search",
            "facets",
            "clear_filters",
            "back",
            "second_ring",
            "Sections",
            "next_pane",
            "next_language",
            "network",
            "edit",
            "close",
            "help",
            "quit",
        )
    )
}
"""The order of the footer's keys (an action, or a group's description)."""

FOOTER_RANK: dict[str, int] = {
    tag: at
    for at, tag in enumerate(
        (
            "search",
            "facets",
            "back",
            "help",
            "quit",
            "command_palette",
            "Sections",
            "second_ring",
            "close",
            "next_language",
            "next_pane",
            "network",
            "edit",
            "clear_filters",
            "choose",
        )
    )
}
"""Which keys the footer keeps when they do not all fit: the first ones (the palette's key,
shown at the right end, by the name of its action).  Enter and `x` come last: every list
answers Enter, and the status line says "x clears" whenever a filter is on."""
