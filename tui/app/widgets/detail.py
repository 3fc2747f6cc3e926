"""The detail pane: the entity as `facts show` prints it, and the links to follow from it.

One renderer serves both surfaces: the pane shows `tui.render.render_entity` unchanged, so
the browser and the command line never disagree about an entity.  The page is laid out in a
worker: a theme of a big base lists thousands of events, seconds of layout that would
otherwise freeze the keys (Textual lays a renderable out three times on the UI thread).
"""

from __future__ import annotations

from rich.console import Console, ConsoleOptions, RenderableType, RenderResult
from rich.measure import Measurement
from rich.segment import Segment
from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.containers import Vertical, VerticalScroll
from textual.events import Resize
from textual.widgets import Static
from textual.worker import get_current_worker

from tui.app.links import links_of
from tui.app.rows import Column, Row, clean, short_label
from tui.app.widgets.virtual_list import VirtualList
from tui.model import FactBase
from tui.render import render_entity

LINK_COLUMNS = (Column(14, "dim"), Column(None), Column(11, "dim", hide_below=56))

WELCOME = Text.assemble(
    ("Nothing open yet.\n\n", "bold"),
    "↑↓ or j k move through the list, Enter opens an entry.\n",
    "/ searches everything, f narrows the list by year, theme, participant, kind or country.\n",
    "Tab moves between the list and this pane, b goes back, ? lists every key.",
)

WAITING = Text("Collecting the links between the entries of this big base; the entry follows "
               "in a few seconds.", style="dim")

Shown = tuple[FactBase, str, str | None]
"""What the pane shows (or is laying out): the base, the entity id and the language."""


class LaidOut:
    """A page already cut into lines for the widths it may be shown at; painting it copies
    them.  At any other width it lays the page out again."""

    def __init__(self, page: RenderableType, lines: dict[int, list[list[Segment]]]) -> None:
        self.page = page
        self.lines = lines

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        lines = self.lines.get(options.max_width)
        if lines is None:
            yield self.page
            return
        new_line = Segment.line()
        for line in lines:
            yield from line
            yield new_line

    def __rich_measure__(self, console: Console, options: ConsoleOptions) -> Measurement:
        return Measurement(options.max_width, options.max_width)


class DetailPane(Vertical):
    """The rendered entity above, its links below (Enter or a click follows one)."""

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self._shown: Shown | None = None
        self._pending = False
        """Whether `_shown` waits for the pane to have a size (hidden in a narrow terminal)."""

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="entity-scroll"):
            yield Static(WELCOME, id="entity")
        yield Static("", id="links-title", markup=False)
        yield VirtualList(empty="No links", id="links")

    def wait(self) -> None:
        """Say why the pane is empty while the base's backlinks are still being built."""
        self._shown = None
        self.query_one("#entity", Static).update(WAITING)
        self.query_one("#links-title", Static).update("")
        self.query_one("#links", VirtualList).set_rows(())

    def show(self, base: FactBase | None, entity_id: str | None, lang: str | None = None) -> None:
        entity = base.get(entity_id) if base is not None and entity_id else None
        if base is None or entity is None or entity_id is None:
            self._shown = None
            self.query_one("#entity", Static).update(WELCOME)
            self.query_one("#links-title", Static).update("")
            self.query_one("#links", VirtualList).set_rows(())
            return
        self._shown = (base, entity_id, lang)
        self._pending = True
        self._start()

    def _start(self) -> None:
        scroll = self.query_one("#entity-scroll", VerticalScroll)
        width, height = scroll.content_region.width, scroll.content_region.height
        if self._shown is None or width <= 1:
            return  # hidden: `on_resize` starts it when the pane shows
        self._pending = False
        self._lay_out(self._shown, width, height)

    def on_resize(self, event: Resize) -> None:
        if self._shown is not None:
            self._pending = True
        if self._pending:
            self._start()

    @work(thread=True, exclusive=True, group="detail", description="entity page")
    def _lay_out(self, shown: Shown, width: int, height: int) -> None:
        """The page at the pane's width, and one column narrower for when it needs a
        scrollbar (laid out first: a long page, the costly kind, is then done at once)."""
        base, entity_id, lang = shown
        page = render_entity(base, entity_id, lang)
        console = self.app.console
        options = self.app.console_options.update(highlight=False)
        worker = get_current_worker()
        lines = {width - 1: console.render_lines(page, options.update_width(width - 1),
                                                 pad=False)}
        if len(lines[width - 1]) <= height and not worker.is_cancelled:
            lines[width] = console.render_lines(page, options.update_width(width), pad=False)
        rows = link_rows(base, entity_id, lang)
        if not worker.is_cancelled:
            self.app.call_from_thread(self._put, shown, LaidOut(page, lines), rows)

    def _put(self, shown: Shown, page: LaidOut, rows: list[Row]) -> None:
        if shown != self._shown:
            return  # another entry was opened meanwhile
        self.query_one("#entity", Static).update(page)
        self.query_one("#entity-scroll", VerticalScroll).scroll_home(animate=False,
                                                                     immediate=True)
        count = len(rows)
        self.query_one("#links-title", Static).update(
            Text.assemble(
                (f" Links · {count}", "bold"),
                ("  Enter follows · b goes back", "dim") if count else "",
                no_wrap=True,
                overflow="ellipsis",
            )
        )
        self.query_one("#links", VirtualList).set_rows(rows, LINK_COLUMNS, empty="No links")


def link_rows(base: FactBase, entity_id: str, lang: str | None) -> list[Row]:
    rows = []
    for link in links_of(base, entity_id):
        target = base.get(link.id)
        kind = getattr(target, "kind", "") or (target.entity_type if target else "")
        rows.append(Row(link.id, (clean(link.relation), short_label(base, link.id, lang),
                                  clean(kind))))
    return rows
