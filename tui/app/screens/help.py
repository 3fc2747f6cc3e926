"""`?`: every key of the browser, generated from the bindings themselves so it cannot drift."""

from __future__ import annotations

from collections.abc import Callable
from typing import ClassVar

from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.events import Resize
from textual.screen import ModalScreen
from textual.widgets import Static

from tui.app import keys
from tui.app.screens.picker import tiny
from tui.i18n import N_, _


def _key_names(key_display: Callable[[Binding], str], binding: Binding) -> str:
    names = [key.strip() for key in binding.key.split(",")]
    return " ".join(key_display(Binding(key, binding.action)) for key in names)


def binding_groups() -> list[tuple[str, list[Binding]]]:
    """(heading, bindings) for each place keys work, in the order a new user needs them."""
    return [(heading, [_binding(b) for b in bindings]) for heading, bindings in keys.GROUPS]


def _binding(binding: BindingType) -> Binding:
    return binding if isinstance(binding, Binding) else Binding(*binding)


EXTRA = (
    ("Anywhere", "^p", N_("Command palette: jump to any entity by name, run any command")),
    (
        "Lists and links",
        "a–z …",
        N_(
            "Type the start of a name to jump to the first row with it (a letter that is a key "
            "of its own starts a jump as a capital: K for Koriyama)"
        ),
    ),
    (
        "Search (/) and filter (f)",
        "enter",
        N_("Open the chosen hit; add the chosen filter value (or remove an active one)"),
    ),
    (
        N_("Detail text"),
        "↑ ↓ j k pgup pgdn",
        N_(
            "Scroll the text when it has the focus (Tab to reach it); the help scrolls the same way"
        ),
    ),
    (N_("Mouse"), "click", N_("Choose a row, follow a link, switch a section tab; wheel scrolls")),
)
"""Keys that are no binding: (the heading they go under, the keys, what they do)."""


class HelpText(VerticalScroll):
    """The help's scrolling box: j and k scroll it, as they do the detail text."""

    BINDINGS: ClassVar[list[BindingType]] = keys.PAGE


class HelpScreen(ModalScreen[None]):
    BINDINGS: ClassVar[list[BindingType]] = keys.HELP

    def compose(self) -> ComposeResult:
        with HelpText(id="help-box"):
            yield Static(self._table(), id="help-keys")

    def on_mount(self) -> None:
        self.query_one("#help-box").focus()

    def on_resize(self, event: Resize) -> None:
        self.set_class(tiny(event.size.width, event.size.height), "-tiny")

    def _table(self) -> Table:
        table = Table(
            title=_("Keys"),
            caption=_("Esc, ? or q closes this help"),
            expand=True,
            show_header=False,
            box=None,
            padding=(0, 1),
        )
        table.add_column("key", style="bold", no_wrap=True, width=14)
        table.add_column("what", ratio=1, overflow="fold")  # Japanese has no spaces to wrap at
        for heading, bindings in binding_groups():
            self._heading(table, heading)
            for binding in bindings:
                table.add_row(
                    Text(_key_names(self.app.get_key_display, binding)),
                    Text(_(binding.description)),
                )
                if binding.tooltip:
                    table.add_row("", Text(_(binding.tooltip), style="dim"))
            for group, key, description in EXTRA:
                if group == heading:
                    table.add_row(Text(key), Text(_(description)))
        for group, key, description in EXTRA:
            if group in ("Detail text", "Mouse"):
                self._heading(table, group)
                table.add_row(Text(key), Text(_(description)))
        return table

    @staticmethod
    def _heading(table: Table, heading: str) -> None:
        """A heading in the wide column, where it has room (the key column would cut it)."""
        table.add_row("", Text(_(heading), style="bold underline"))

    def action_close(self) -> None:
        self.dismiss(None)
