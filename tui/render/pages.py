"""Rich renderables for entities and summaries: printed by `facts show`/`facts summary` and
shown in the browser's detail pane.

Data is always put into `Text` objects, never into markup strings, and every string from the
fact base passes `tui.safetext` first, so no fact can style, link or command the terminal.
"""

from __future__ import annotations

from rich.console import Group, RenderableType
from rich.text import Text

from tui.i18n import _
from tui.model import FactBase
from tui.render.console import LinkStyle, to_rich
from tui.render.doc import Block, Citations, Heading, Para, Span
from tui.render.entity import entity_blocks
from tui.render.summary import SummaryView, summary_blocks
from tui.safetext import one_line

__all__ = ["Page", "SummaryView", "render_entity", "render_summary"]


class Page(Group):
    """A page of blocks: a Rich group for a terminal (laid out only when it is rendered),
    and plain lines for a pipe (`plain_lines`), the same text without Rich's layout."""

    def __init__(
        self, blocks: list[Block], link_style: LinkStyle | None = None, show_ids: bool = False
    ) -> None:
        super().__init__()
        self.blocks = blocks
        self.link_style = link_style
        self.show_ids = show_ids

    @property
    def renderables(self) -> list[RenderableType]:
        if self._render is None:
            self._render = to_rich(
                self.blocks, link_style=self.link_style, show_ids=self.show_ids
            ).renderables
        return self._render

    def plain_lines(self, width: int) -> list[str] | None:
        """The page as `Console(width=width, color_system=None).print(self)` writes it,
        line by line (without the line ends); None where the plain writer cannot promise
        that: a line wider than the page (columns that do not fit), which Rich crops, or a
        tree nested deeper than the page is wide."""
        from rich.cells import cell_len

        from tui.render.plain import PlainWriter, Unsure

        try:
            lines = list(PlainWriter(width, self.show_ids).lines(self.blocks))
        except Unsure:
            return None
        if any(len(line) > width and cell_len(line) > width for line in lines):
            return None
        return lines


def render_entity(
    base: FactBase,
    entity_id: str,
    lang: str | None = None,
    *,
    link_style: LinkStyle | None = None,
    show_ids: bool = False,
    citations: bool = True,
    most: int | None = None,
    reader: str = "shell",
    history: str | None = None,
) -> RenderableType:
    """One entity in full, with its sources numbered [1], [2] … at the end.

    `link_style(id)` is added to every name that stands for another entity, so that a caller
    can make it clickable; `show_ids` prints the id after such names (for typing `facts show
    ID` next); `citations=False` leaves the numbered source list off (the markers stay);
    `most` lists at most that many entries of each section that grows with the base and says
    what is left out and how to see it all, in the words of the `reader` ("shell" or
    "browser", `tui.render.longlists`); `history` is a line on when it last changed in git
    (`tui.changedsince.LastChange.text`), shown under "History" before the sources (the
    caller asks git, which a page never does: the detail pane in a worker, after the page
    is up)."""
    entity = base.get(entity_id)
    if entity is None:
        return Text(_("unknown id '{id}'").format(id=one_line(entity_id)))
    cites = Citations()
    blocks = entity_blocks(base, entity, lang, cites, most=most, reader=reader)
    if history:
        blocks += [Heading(_("History")), Para((Span(one_line(history), "muted"),))]
    if citations:
        blocks.extend(cites.block(base, lang))
    return Page(blocks, link_style, show_ids)


def render_summary(
    base: FactBase,
    view: SummaryView | None = None,
    lang: str | None = None,
    *,
    link_style: LinkStyle | None = None,
    show_ids: bool = False,
) -> Page:
    """The base (or the part `view` selects) at a glance."""
    blocks = summary_blocks(base, view or SummaryView(), lang)
    return Page(blocks, link_style, show_ids)
