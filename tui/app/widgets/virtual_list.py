"""A list that paints only the rows on screen.

The navigator lists hold up to 100 000 entities; one widget per row would take seconds to
mount and megabytes to keep.  This ScrollView keeps plain `Row` tuples and renders a line
only when Textual asks for it (the Line API), so its cost does not grow with the list.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import ClassVar

from rich.style import Style
from rich.text import Text
from textual import events
from textual.binding import BindingType
from textual.geometry import Region, Size
from textual.message import Message
from textual.reactive import reactive
from textual.scroll_view import ScrollView
from textual.strip import Strip

from tui.app import keys
from tui.app.rows import Column, Row


class VirtualList(ScrollView, can_focus=True):
    """Rows with a cursor; Enter or a click chooses the row under it."""

    BINDINGS: ClassVar[list[BindingType]] = keys.LIST

    COMPONENT_CLASSES: ClassVar[set[str]] = {
        "virtual-list--cursor",
        "virtual-list--heading",
        "virtual-list--dim",
        "virtual-list--empty",
    }

    cursor: reactive[int] = reactive(-1, always_update=True, init=False)

    @dataclass
    class Highlighted(Message):
        """The cursor rests on another entity."""

        source: VirtualList
        id: str

        @property
        def control(self) -> VirtualList:
            return self.source

    @dataclass
    class Chosen(Message):
        """The user chose the entity (Enter or click)."""

        source: VirtualList
        id: str

        @property
        def control(self) -> VirtualList:
            return self.source

    def __init__(
        self,
        *,
        empty: str = "Nothing here",
        id: str | None = None,
        classes: str | None = None,
    ) -> None:
        super().__init__(id=id, classes=classes)
        self.rows: Sequence[Row] = ()
        self.columns: tuple[Column, ...] = (Column(None),)
        self.empty = empty
        self._positions: dict[str, int] = {}
        self._strips: dict[tuple[int, int, bool], Strip] = {}
        """Painted rows by (row, width, highlighted): not Textual's own `_render_cache`."""

    # -- content ---------------------------------------------------------------------------

    def set_rows(
        self,
        rows: Sequence[Row],
        columns: tuple[Column, ...] | None = None,
        *,
        keep: str | None = None,
        empty: str | None = None,
    ) -> None:
        """Replace the rows; the cursor stays on `keep` when it is still listed."""
        self.rows = rows
        if columns is not None:
            self.columns = columns
        if empty is not None:
            self.empty = empty
        known = getattr(rows, "positions", None)  # a RowSource knows them without making rows
        self._positions = known if known is not None else {
            row.id: i for i, row in enumerate(rows) if row.id is not None
        }
        self.virtual_size = Size(self.scrollable_content_region.width, len(rows))
        self._strips = {}
        target = self._positions.get(keep) if keep else None
        if target is None:
            target = self._next_selectable(0, 1)
            self.scroll_to(0, 0, animate=False, immediate=True)
        # no Highlighted message: new rows are not a user's move (the screen decides what to show)
        self.set_reactive(VirtualList.cursor, -1 if target is None else target)
        self._scroll_to_cursor()
        self.refresh()

    @property
    def current_id(self) -> str | None:
        if 0 <= self.cursor < len(self.rows):
            return self.rows[self.cursor].id
        return None

    def position_of(self, entity_id: str) -> int | None:
        return self._positions.get(entity_id)

    def select_id(self, entity_id: str) -> bool:
        """Move the cursor to the entity if it is listed (no message is posted)."""
        position = self._positions.get(entity_id)
        if position is None:
            return False
        self.set_reactive(VirtualList.cursor, position)
        self._scroll_to_cursor(center=True)
        self.refresh()
        return True

    # -- cursor ----------------------------------------------------------------------------

    def _next_selectable(self, start: int, step: int) -> int | None:
        index = start
        while 0 <= index < len(self.rows):
            if self.rows[index].id is not None:
                return index
            index += step
        return None

    def _move(self, start: int, step: int) -> None:
        target = self._next_selectable(start, step)
        if target is None:
            target = self._next_selectable(start, -step)
        if target is not None:
            self.cursor = target

    def watch_cursor(self, old: int, new: int) -> None:
        self._scroll_to_cursor()
        self.refresh()
        entity_id = self.current_id
        if entity_id is not None and old != new:
            self.post_message(self.Highlighted(self, entity_id))

    def _scroll_to_cursor(self, center: bool = False) -> None:
        if self.cursor >= 0:
            self.scroll_to_region(
                Region(0, self.cursor, 1, 1),
                animate=False,
                force=True,
                center=center,
                x_axis=False,
                immediate=True,
            )

    def action_cursor_up(self) -> None:
        self._move(max(self.cursor - 1, 0), -1)

    def action_cursor_down(self) -> None:
        self._move(min(self.cursor + 1, len(self.rows) - 1), 1)

    def action_page_up(self) -> None:
        self._move(max(self.cursor - max(self.size.height - 1, 1), 0), -1)

    def action_page_down(self) -> None:
        self._move(min(self.cursor + max(self.size.height - 1, 1), len(self.rows) - 1), 1)

    def action_first(self) -> None:
        self._move(0, 1)

    def action_last(self) -> None:
        self._move(len(self.rows) - 1, -1)

    def action_choose(self) -> None:
        entity_id = self.current_id
        if entity_id is not None:
            self.post_message(self.Chosen(self, entity_id))

    async def _on_click(self, event: events.Click) -> None:
        offset = event.get_content_offset(self)
        if offset is None:
            return
        row = int(self.scroll_y) + offset.y
        if 0 <= row < len(self.rows) and self.rows[row].id is not None:
            self.focus()
            self.cursor = row
            self.action_choose()

    # -- painting --------------------------------------------------------------------------

    def on_resize(self, event: events.Resize) -> None:
        self.virtual_size = Size(self.scrollable_content_region.width, len(self.rows))
        self._strips = {}

    def notify_style_update(self) -> None:
        super().notify_style_update()
        self._strips = {}

    def render_line(self, y: int) -> Strip:
        width = self.scrollable_content_region.width
        index = int(self.scroll_y) + y
        base_style = self.rich_style
        if not self.rows:
            if y == 0:
                style = self.get_component_rich_style("virtual-list--empty")
                text = Text(self.empty, style=style, no_wrap=True, end="")
                text.truncate(width, overflow="ellipsis", pad=True)
                return Strip(text.render(self.app.console), width).apply_style(base_style)
            return Strip.blank(width, base_style)
        if index >= len(self.rows):
            return Strip.blank(width, base_style)
        selected = index == self.cursor
        key = (index, width, selected and self.has_focus)
        cache = self._strips
        strip = cache.get(key)
        if strip is None:
            strip = self._render_row(self.rows[index], width, selected)
            if len(cache) > 2000:
                cache.clear()
            cache[key] = strip
        return strip

    def _render_row(self, row: Row, width: int, selected: bool) -> Strip:
        base_style = self.rich_style
        line = Text(no_wrap=True, end="")
        if row.id is None:
            heading = self.get_component_rich_style("virtual-list--heading")
            line.append(" ")
            line.append_text(_styled(_as_text(row.cells[0]), heading))
        else:
            dim = self.get_component_rich_style("virtual-list--dim")
            line.append(" ")
            columns = [c for c in self.columns if width >= c.hide_below]
            cells = [cell for c, cell in zip(self.columns, row.cells, strict=False)
                     if width >= c.hide_below]
            fixed = sum((c.width or 0) + 1 for c in columns)
            flexible = max(width - 1 - fixed, 8)
            for column, cell in zip(columns, cells, strict=False):
                size = column.width or flexible
                piece = _as_text(cell).copy()
                if column.width is None and row.indent:
                    # the tree shows in the name column, so dates stay aligned
                    piece = Text(" " * min(2 * row.indent, size // 2), end="") + piece
                piece.truncate(size, overflow="ellipsis", pad=True)
                line.append_text(piece if not column.style else _styled(piece, dim))
                line.append(" ")
        line.truncate(width, overflow="ellipsis", pad=True)
        if selected:
            line.stylize(self.get_component_rich_style("virtual-list--cursor"))
        return Strip(list(line.render(self.app.console)), width).apply_style(base_style)

    def _on_focus(self, event: events.Focus) -> None:
        self._strips = {}
        self.refresh()

    def _on_blur(self, event: events.Blur) -> None:
        self._strips = {}
        self.refresh()


def _as_text(cell: str | Text) -> Text:
    return cell if isinstance(cell, Text) else Text(cell, end="")


def _styled(piece: Text, style: Style) -> Text:
    styled = piece.copy()
    styled.stylize(style)
    return styled
