"""The detail pane: the entity as `facts show` prints it, and the links to follow from it.

One renderer serves both surfaces: the pane shows `tui.render.render_entity` unchanged in a
Static, so the browser and the command line never disagree about an entity.
"""

from __future__ import annotations

from rich.console import RenderableType
from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Vertical, VerticalScroll
from textual.widgets import Static

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


class DetailPane(Vertical):
    """The rendered entity above, its links below (Enter or a click follows one)."""

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="entity-scroll"):
            yield Static(WELCOME, id="entity")
        yield Static("", id="links-title", markup=False)
        yield VirtualList(empty="No links", id="links")

    def wait(self) -> None:
        """Say why the pane is empty while the base's backlinks are still being built."""
        self.query_one("#entity", Static).update(WAITING)
        self.query_one("#links-title", Static).update("")
        self.query_one("#links", VirtualList).set_rows(())

    def show(self, base: FactBase | None, entity_id: str | None, lang: str | None = None) -> None:
        entity = base.get(entity_id) if base is not None and entity_id else None
        links = self.query_one("#links", VirtualList)
        title = self.query_one("#links-title", Static)
        scroll = self.query_one("#entity-scroll", VerticalScroll)
        if base is None or entity is None:
            self.query_one("#entity", Static).update(WELCOME)
            title.update("")
            links.set_rows(())
            return
        renderable: RenderableType = render_entity(base, entity.id, lang)
        self.query_one("#entity", Static).update(renderable)
        scroll.scroll_home(animate=False, immediate=True)
        rows = []
        for link in links_of(base, entity.id):
            target = base.get(link.id)
            kind = getattr(target, "kind", "") or (target.entity_type if target else "")
            rows.append(Row(link.id, (clean(link.relation), short_label(base, link.id, lang),
                                      clean(kind))))
        count = len(rows)
        title.update(
            Text.assemble(
                (f" Links · {count}", "bold"),
                ("  Enter follows · b goes back", "dim") if count else "",
                no_wrap=True,
                overflow="ellipsis",
            )
        )
        links.set_rows(rows, LINK_COLUMNS, empty="No links")
