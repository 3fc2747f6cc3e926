"""A list that paints only the rows on screen.

The navigator lists hold up to 100 000 entities; one widget per row would take seconds to
mount and megabytes to keep.  This ScrollView keeps plain `Row` tuples and renders a line
only when Textual asks for it (the Line API), so its cost does not grow with the list.

What it promises, whatever the focus: exactly one row is painted highlighted, and it is the
row Enter (or a click) chooses.
"""

from __future__ import annotations

import time
from collections.abc import Sequence
from dataclasses import dataclass
from typing import ClassVar

from rich.style import Style
from rich.text import Text
from textual import events, work
from textual.binding import BindingType
from textual.geometry import Region, Size
from textual.message import Message
from textual.reactive import reactive
from textual.scroll_view import ScrollView
from textual.strip import Strip
from textual.worker import get_current_worker

from tui.app import keys
from tui.app.table import MEASURED, Column, Row, fit, measure
from tui.search.fold import fold_token  # the search's folding: a jump matches as search does

JUMP_PAUSE = 1.0
"""Seconds after the last letter typed in which the next one extends the jump; after that,
a letter starts a new jump."""


@dataclass(frozen=True, slots=True)
class ListPlace:
    """Where a list stood: the row under the cursor and the first row on screen, so that
    going back in the history returns to the same view."""

    cursor: str | None
    top: int


class VirtualList(ScrollView, can_focus=True):
    """Rows with a cursor; Enter or a click chooses the row under it, typing the start of a
    name moves the cursor to the first row whose name starts so."""

    DEFAULT_CSS = """
    VirtualList {
        overflow-x: hidden;
    }
    """

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

    @dataclass
    class Jumped(Message):
        """The user typed `text` to jump to a row; `found` whether a row's name starts so."""

        source: VirtualList
        text: str
        found: bool

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
        self.columns: tuple[Column, ...] = (Column(),)
        self.empty = empty
        self._widths: tuple[int, ...] = ()
        self._growing = False
        """Whether the widths grow as rows are painted (rows not measured beforehand)."""
        """The widest cell of each column (the content the columns are sized to)."""
        self._sizes: dict[int, tuple[int, ...]] = {}
        """The columns' widths for each list width."""
        self._positions: dict[str, int] = {}
        self._strips: dict[tuple[int, int, bool, bool], Strip] = {}
        """Painted rows by (row, width, highlighted, focused): not Textual's `_render_cache`."""
        self._jump = ""
        self._jumped_at = 0.0

    # -- content ---------------------------------------------------------------------------

    def set_rows(
        self,
        rows: Sequence[Row],
        columns: tuple[Column, ...] | None = None,
        *,
        keep: str | None = None,
        empty: str | None = None,
        widths: tuple[int, ...] | None = None,
    ) -> None:
        """Replace the rows; the cursor stays on `keep` when it is still listed.  `widths`:
        the widest cell of each column, when the caller measured them (in a worker)."""
        self.rows = rows
        if columns is not None:
            self.columns = columns
        if empty is not None:
            self.empty = empty
        # the rows measured are the first MEASURED (none of a sequence that makes its rows
        # as they are asked for); the others widen the columns as they are painted
        lazy = not widths and not isinstance(rows, list | tuple)
        self._growing = lazy or len(rows) > MEASURED
        if widths:
            self._widths = widths
        else:
            self._widths = measure(rows, self.columns, most=0 if lazy else MEASURED)
        self._sizes = {}
        known = getattr(rows, "positions", None)  # a RowSource knows them without making rows
        self._positions = (
            known
            if known is not None
            else {row.id: i for i, row in enumerate(rows) if row.id is not None}
        )
        self.virtual_size = Size(0, len(rows))
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

    @property
    def place(self) -> ListPlace:
        return ListPlace(self.current_id, int(self.scroll_y))

    def restore(self, place: ListPlace) -> bool:
        """Return to a place the list had (no message is posted); False when its row is no
        longer listed."""
        position = self._positions.get(place.cursor) if place.cursor else None
        if position is None:
            return False
        self.set_reactive(VirtualList.cursor, position)
        self.scroll_to(0, place.top, animate=False, immediate=True)
        self._scroll_to_cursor()
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

    # -- type to jump ------------------------------------------------------------------------

    @property
    def jumping(self) -> bool:
        """Whether letters typed now extend a jump (the screen then leaves them to the list,
        even those it would take for a key of its own)."""
        return bool(self._jump) and time.monotonic() - self._jumped_at < JUMP_PAUSE

    def on_key(self, event: events.Key) -> None:
        """A letter no key claims starts a jump; within JUMP_PAUSE of the last one, every
        letter (keys' letters included) extends it, until a key that is no letter."""
        char = event.character
        if not event.is_printable or not char:
            self._jump = ""  # a move ends the jump: the next letter starts a new one
            return
        now = time.monotonic()
        if not self.jumping:
            if not char.strip() or event.key in self.screen.active_bindings:
                return  # the key does what it is bound to
            self._jump = ""
        event.stop()
        event.prevent_default()
        self._jump += char
        self._jumped_at = now
        self.jump(self._jump)

    def jump(self, text: str) -> None:
        """Move the cursor to the first row whose name starts with `text` (or, failing
        that, has a word starting so); case and accents do not matter."""
        names = [at for at, column in enumerate(self.columns) if column.role == "name"]
        self._find(self.rows, names[0] if names else 0, text)

    @work(thread=True, exclusive=True, group="jump", description="type to jump")
    def _find(self, rows: Sequence[Row], column: int, text: str) -> None:
        """Rows of a big list are made (and perhaps read from the store) as they are
        compared: not on the UI thread."""
        typed = [folded for folded in map(fold_token, text.split()) if folded]
        if text.endswith(" ") and typed:
            typed.append("")  # a space ends the word: the next one may start with anything
        worker = get_current_worker()
        found: int | None = None
        later: int | None = None
        for at in range(len(rows)):
            if worker.is_cancelled:
                return
            row = rows[at]
            if row.id is None or column >= len(row.cells):
                continue
            cell = row.cells[column]
            plain = cell.plain if isinstance(cell, Text) else cell
            words = [folded for folded in map(fold_token, plain.split()) if folded]
            where = _starts(words, typed)
            if where == 0:
                found = at
                break
            if where is not None and later is None:
                later = at
        found = found if found is not None else later
        if not worker.is_cancelled:
            self.app.call_from_thread(self._jumped, rows, text, found)

    def _jumped(self, rows: Sequence[Row], text: str, found: int | None) -> None:
        if rows is not self.rows:
            return  # the list changed meanwhile
        if found is not None:
            self.cursor = found
        self.post_message(self.Jumped(self, text, found is not None))

    # -- painting --------------------------------------------------------------------------

    def on_resize(self, event: events.Resize) -> None:
        self.virtual_size = Size(0, len(self.rows))
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
        key = (index, width, selected, self.has_focus)
        cache = self._strips
        strip = cache.get(key)
        if strip is None:
            row = self.rows[index]
            if self._growing:
                self._widen(row)
            strip = self._render_row(row, width, selected)
            if len(cache) > 2000:
                cache.clear()
            cache[key] = strip
        return strip

    def _widen(self, row: Row) -> None:
        """A painted row wider than the rows before it widens its columns (from then on)."""
        wider = tuple(
            max(a, b) for a, b in zip(self._widths, measure([row], self.columns), strict=True)
        )
        if wider != self._widths:
            self._widths, self._sizes = wider, {}
            self._strips = {}
            self.refresh()

    def column_sizes(self, width: int) -> tuple[int, ...]:
        """Each column's width at a list width (0: the column is left out)."""
        sizes = self._sizes.get(width)
        if sizes is None:
            sizes = self._sizes[width] = fit(self.columns, self._widths, width)
        return sizes

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
            for column, cell, size in zip(
                self.columns, row.cells, self.column_sizes(width), strict=False
            ):
                if not size:
                    continue
                piece = _as_text(cell).copy()
                if column.role == "name" and row.indent:
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
        self.refresh()

    def _on_blur(self, event: events.Blur) -> None:
        self._jump = ""
        self.refresh()


def _starts(words: list[str], typed: list[str]) -> int | None:
    """The first word of `words` from which the words run as `typed` does (its last word
    may be the start of one), or None."""
    if not typed:
        return None
    *whole, last = typed
    for at in range(len(words) - len(whole)):
        if words[at : at + len(whole)] == whole and words[at + len(whole)].startswith(last):
            return at
    return None


def _as_text(cell: str | Text) -> Text:
    return cell if isinstance(cell, Text) else Text(cell, end="")


def _styled(piece: Text, style: Style) -> Text:
    styled = piece.copy()
    styled.stylize(style)
    return styled
