"""`?`: every key of the browser, generated from the bindings themselves so it cannot drift."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import ClassVar

from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Static

from tui.app import keys


def _key_names(key_display: Callable[[Binding], str], binding: Binding) -> str:
    names = [key.strip() for key in binding.key.split(",")]
    return " ".join(key_display(Binding(key, binding.action)) for key in names)


def binding_groups() -> list[tuple[str, list[Binding]]]:
    """(heading, bindings) for each place keys work, in the order a new user needs them."""
    return [(heading, [_binding(b) for b in bindings]) for heading, bindings in keys.GROUPS]


def _binding(binding: BindingType) -> Binding:
    return binding if isinstance(binding, Binding) else Binding(*binding)


EXTRA = (
    ("Anywhere", "^p", "Command palette: jump to any entity by name, run any command"),
    ("Search (/) and filter (f)", "enter",
     "Open the chosen hit; add the chosen filter value (or remove an active one)"),
    ("Detail text", "↑ ↓ pgup pgdn", "Scroll the text when it has the focus (Tab to reach it)"),
    ("Mouse", "click", "Choose a row, follow a link, switch a section tab; wheel scrolls"),
)


class HelpScreen(ModalScreen[None]):
    BINDINGS: ClassVar[list[BindingType]] = keys.HELP

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="help-box"):
            yield Static(self._table(), id="help-keys")

    def on_mount(self) -> None:
        self.query_one("#help-box").focus()

    def _table(self) -> Table:
        table = Table(
            title="Keys",
            caption="Esc, ? or q closes this help",
            expand=True,
            show_header=False,
            box=None,
            padding=(0, 1),
        )
        table.add_column("key", style="bold", no_wrap=True, width=14)
        table.add_column("what", ratio=1)
        for heading, bindings in binding_groups():
            table.add_row(Text(heading, style="underline"), "")
            for key, description in self._rows(bindings):
                table.add_row(Text(key), Text(description))
            for group, key, description in EXTRA:
                if group == heading:
                    table.add_row(Text(key), Text(description))
        for group, key, description in EXTRA:
            if group in ("Detail text", "Mouse"):
                table.add_row(Text(group, style="underline"), "")
                table.add_row(Text(key), Text(description))
        return table

    def _rows(self, bindings: Iterable[Binding]) -> Iterable[tuple[str, str]]:
        for binding in bindings:
            yield _key_names(self.app.get_key_display, binding), binding.description

    def action_close(self) -> None:
        self.dismiss(None)
