"""The footer: the keys that work where the focus is, the most needed ones kept when the
terminal is narrow.

Textual's footer shows every key it is given and cuts the line at the right edge, so at 80
columns the help and quit keys fell off while a rarely needed one stayed.  This bar asks the
screen for its active keys (they follow the focus), shows them in a fixed order, and leaves
out the least needed ones first when they do not all fit.  Keys of one group (1 … 6) show as
one item ("1-6 Sections").  A click on an item presses its key.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

from rich.style import Style
from rich.text import Text
from textual import events
from textual.binding import Binding
from textual.screen import Screen
from textual.widget import Widget

from tui.app.keys import FOOTER_ORDER, FOOTER_RANK
from tui.i18n import _


@dataclass(frozen=True, slots=True)
class Item:
    key: str
    """The key a click presses."""
    shown: str
    description: str
    enabled: bool
    rank: int
    order: int

    @property
    def width(self) -> int:
        return Text(f"{self.shown} {self.description}").cell_len


class KeyBar(Widget):
    DEFAULT_CSS = """
    KeyBar {
        dock: bottom;
        height: 1;
        background: $footer-background;
        color: $footer-description-foreground;
        & > .keybar--key {
            color: $footer-key-foreground;
            text-style: bold;
        }
    }
    """

    COMPONENT_CLASSES: ClassVar[set[str]] = {"keybar--key"}

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self._spans: list[tuple[int, int, str]] = []

    def on_mount(self) -> None:
        self.screen.bindings_updated_signal.subscribe(self, self._bindings_changed)

    def _bindings_changed(self, screen: Screen[object]) -> None:
        self.refresh()

    def items(self) -> list[Item]:
        """The active keys worth showing, one item per action (or group), in order."""
        seen: set[str] = set()
        out: list[Item] = []
        for key, active in self.screen.active_bindings.items():
            binding = active.binding
            if not binding.show:
                continue
            name = binding.group.description if binding.group else binding.action
            if name in seen:
                continue
            seen.add(name)
            shown = self.app.get_key_display(binding)
            description = _(binding.description)
            if binding.group is not None:
                grouped = [
                    a.binding
                    for a in self.screen.active_bindings.values()
                    if a.binding.group is binding.group
                ]
                shown = f"{shown}-{self.app.get_key_display(grouped[-1])}"
                description = _(binding.group.description)
            tag = binding.group.description if binding.group else binding.action
            out.append(
                Item(
                    key,
                    shown,
                    description,
                    active.enabled,
                    FOOTER_RANK.get(tag, len(FOOTER_RANK)),
                    FOOTER_ORDER.get(tag, len(FOOTER_ORDER)),
                )
            )
        return sorted(out, key=lambda item: item.order)

    def render(self) -> Text:
        width = self.content_size.width
        items = self.items()
        palette = self._palette()
        palette_rank = FOOTER_RANK.get("command_palette", len(FOOTER_RANK))
        kept = sorted(items, key=lambda item: item.rank)

        def needed(kept: list[Item], with_palette: bool) -> int:
            keys = sum(item.width for item in kept) + len(kept) - 1
            return keys + (Text(palette).cell_len + 2 if with_palette else 0)

        with_palette = bool(palette)
        while kept and needed(kept, with_palette) > width:
            if with_palette and kept[-1].rank < palette_rank:
                with_palette = False  # the palette goes before the keys ranked above it
            else:
                kept.pop()  # the least needed goes first
        shown = [item for item in items if item in kept]
        line = Text(no_wrap=True, end="")
        key_style = self.get_component_rich_style("keybar--key")
        self._spans = []
        for item in shown:
            if line:
                line.append(" ")
            start = line.cell_len
            dim = Style(dim=not item.enabled)
            line.append(item.shown, style=key_style + dim)
            line.append(" " + item.description, style=dim)
            self._spans.append((start, line.cell_len, item.key))
        if with_palette:
            key, description = palette.split(" ", 1)
            line.append(" " * max(width - line.cell_len - Text(palette).cell_len - 1, 1))
            start = line.cell_len
            line.append("▏")
            line.append(key, style=key_style)
            line.append(" " + description)
            self._spans.append((start, line.cell_len, self.app.COMMAND_PALETTE_BINDING))
        return line

    def _palette(self) -> str:
        if not self.app.ENABLE_COMMAND_PALETTE:
            return ""
        active = self.screen.active_bindings.get(self.app.COMMAND_PALETTE_BINDING)
        if active is None:
            return ""
        binding: Binding = active.binding
        return f"{self.app.get_key_display(binding)} {_(binding.description)}"

    def on_click(self, event: events.Click) -> None:
        for start, end, key in self._spans:
            if start <= event.x < end:
                self.app.simulate_key(key)
                return
