"""The detail pane: the entity as `facts show` prints it, and the links to follow from it.

One renderer serves both surfaces: the pane shows `tui.render.render_entity` unchanged, so
the browser and the command line never disagree about an entity.  The page is laid out in a
worker: a theme of a big base lists thousands of events, seconds of layout that would
otherwise freeze the keys (Textual lays a renderable out three times on the UI thread).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

from rich.console import RenderableType
from rich.text import Text
from textual import work
from textual.app import App, ComposeResult
from textual.binding import BindingType
from textual.containers import Vertical
from textual.events import Resize, Show
from textual.geometry import Size
from textual.scroll_view import ScrollView
from textual.strip import Strip
from textual.widgets import Static
from textual.worker import get_current_worker

from tui.app import keys
from tui.app.links import links_of, relation_text
from tui.app.rows import country_label, short_label
from tui.app.table import Column, Row, measure
from tui.app.widgets.virtual_list import ListPlace, VirtualList
from tui.collector import collector_paused
from tui.i18n import _, ngettext, term
from tui.meetings import meetings
from tui.model import FactBase, Participant
from tui.render import render_entity
from tui.render.longlists import BROWSER, MOST_LISTED
from tui.safetext import list_line

LINK_COLUMNS = (Column("keep", "dim", most=24), Column("name"), Column("extra", "dim", most=20))
MET_COLUMNS = (Column("name"), Column("keep", "dim", most=16), Column("keep", "dim", most=20))
"""Whom a participant met: name, shared events ('12 件のイベント': 15 cells), country."""
MEASURE = 100
"""The longest line the page is laid out to, however wide the pane: a line of 140
characters is hard to read and to follow to the next."""


def welcome() -> Text:
    return Text.assemble(
        (_("Nothing open yet.") + "\n\n", "bold"),
        _("↑↓ or j k move through the list, Enter opens an entry.") + "\n",
        _("/ searches everything, f narrows the list by year, theme, participant, kind or country.")
        + "\n",
        _("Tab moves between the list and this pane, b goes back, ? lists every key."),
    )


def empty_base() -> Text:
    """What the pane says in a base with no entities yet: how to start one."""
    return Text.assemble(
        (_("This fact base is empty.") + "\n\n", "bold"),
        _(
            "It is ready for your facts: one YAML file per collection (sources, places, "
            "participants, themes, events), each with comments on how to add an entry."
        )
        + "\n\n",
        _("1. Add a source first: every fact names the source that states it.") + "\n",
        _("2. Then the places, participants and themes your events name, then the events.") + "\n",
        _("3. Run `facts check` to see any mistake with its file, line and column.") + "\n\n",
        _(
            "e opens the first file in your editor. The browser reads the files again whenever "
            "one is saved: what you add shows here."
        ),
    )


def waiting() -> Text:
    return Text(
        _(
            "Collecting the links between the entries of this big base; the entry follows "
            "in a few seconds."
        ),
        style="dim",
    )


Shown = tuple[FactBase, str, str | None]
"""What the pane shows (or is laying out): the base, the entity id and the language."""


Lines = list[Strip]


@dataclass(frozen=True, slots=True)
class PanePlace:
    """Where the pane stood: how far the page was scrolled, where the links and (on a
    participant's page) the Met list were."""

    top: int
    links: ListPlace
    met: ListPlace | None = None


class LinkList(VirtualList):
    """The links of the open entity: Enter follows one."""

    BINDINGS: ClassVar[list[BindingType]] = keys.LINKS


class MetList(VirtualList):
    """Whom the open participant met: Enter opens one."""

    BINDINGS: ClassVar[list[BindingType]] = keys.MET


class PageView(ScrollView):
    """A scrollable page that paints only the lines on screen (the Line API).

    A theme of a big base lists tens of thousands of events: as a Static, Textual would
    measure and cut the whole page on the UI thread at every update, seconds at a time.
    The page comes laid out (by a worker) for the widths it may be shown at; at any other
    width it is laid out again here.  However wide the pane, lines stay within MEASURE."""

    BINDINGS: ClassVar[list[BindingType]] = keys.PAGE

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.page: RenderableType = ""
        self._lines: dict[int, Lines] = {}
        self._strips: list[Strip] = []
        self._width = -1

    def show(self, page: RenderableType, lines: dict[int, Lines] | None = None) -> None:
        self.page = page
        self._lines = dict(lines or {})
        self._width = -1
        self.scroll_to(0, 0, animate=False, immediate=True)
        self._fit()

    def _fit(self) -> None:
        width = min(self.scrollable_content_region.width, MEASURE)
        if width <= 0 or width == self._width:
            return
        lines = self._lines.get(width)
        if lines is None:
            lines = self._lines[width] = lay_out(self.app, self.page, width)
        self._strips = lines
        self._width = width
        self.virtual_size = Size(width, len(self._strips))
        self.refresh()

    def on_resize(self) -> None:
        self._fit()

    def render_line(self, y: int) -> Strip:
        self._fit()  # a scrollbar that came or went changes the width
        width = self.scrollable_content_region.width
        index = int(self.scroll_y) + y
        style = self.rich_style
        if index >= len(self._strips):
            return Strip.blank(width, style)
        strip = self._strips[index].crop_extend(0, width, None)
        return strip.apply_style(style).simplify()


class DetailPane(Vertical):
    """The rendered entity above, its links below (Enter or a click follows one)."""

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self._shown: Shown | None = None
        self._pending = False
        """Whether `_shown` waits for the pane to have a size (hidden in a narrow terminal)."""
        self._place: PanePlace | None = None
        """Where to stand once the page shows (going back in the history)."""
        self._put_for: Shown | None = None
        """What the page and the links show now."""

    def compose(self) -> ComposeResult:
        yield Static("", id="detail-note", markup=False)
        yield Static("", id="detail-change", markup=False)
        yield PageView(id="entity-scroll")
        yield Static("", id="links-title", markup=False)
        yield LinkList(empty=_("No links"), id="links")
        yield Static("", id="met-title", markup=False)
        yield MetList(empty=_("Met nobody"), id="met")

    @property
    def place(self) -> PanePlace:
        met = self.query_one("#met", VirtualList)
        return PanePlace(
            int(self.query_one(PageView).scroll_y),
            self.query_one("#links", VirtualList).place,
            met.place if self.has_met else None,
        )

    @property
    def has_met(self) -> bool:
        """Whether the pane shows a Met list (a participant's page)."""
        return self.has_class("-participant")

    def last_change(self, text: str | None) -> None:
        """The line that says when the entity last changed in git (None: no such line, the
        base is not in a git repository)."""
        found = self.query("#detail-change").results(Static)
        line = next(found, None)
        if line is None:
            return  # the app is closing: the pane's lines are gone
        line.update(text or "")
        line.set_class(text is not None, "-visible")

    def _clear(self, page: RenderableType) -> None:
        self._shown = self._put_for = None
        self.query_one(PageView).show(page)
        self.query_one("#links-title", Static).update("")
        self.query_one("#links", VirtualList).set_rows(())
        self.query_one("#met", VirtualList).set_rows(())
        self.set_class(False, "-participant")

    def note(self, text: str) -> None:
        """A line above the page: why the entry shown is not the one the list highlights."""
        note = self.query_one("#detail-note", Static)
        note.update(text)
        note.set_class(bool(text), "-visible")

    def wait(self) -> None:
        """Say why the pane is empty while the base's backlinks are still being built."""
        self._clear(waiting())

    def show(
        self,
        base: FactBase | None,
        entity_id: str | None,
        lang: str | None = None,
        place: PanePlace | None = None,
    ) -> None:
        """Show the entity (laid out in a worker); `place`: where to stand once it shows."""
        entity = base.get(entity_id) if base is not None and entity_id else None
        if base is None or entity is None or entity_id is None:
            self._clear(empty_base() if base is not None and len(base) == 0 else welcome())
            return
        now = self._shown
        if (
            place is None
            and now is not None
            and now[0] is base
            and now[1:] == (entity_id, lang)
            and not self._pending
        ):
            return  # shown already: keep where the reader stands
        self._shown = (base, entity_id, lang)
        self._place = place
        self._pending = True
        self._start()

    def _start(self) -> None:
        view = self.query_one(PageView)
        width, height = view.content_region.width, view.content_region.height
        if self._shown is None:
            return
        if width <= 1:
            return  # hidden: `on_resize` starts it when the pane shows
        self._pending = False
        self._lay_out(self._shown, width, height)

    def on_resize(self, event: Resize) -> None:
        if self._shown is not None:
            self._pending = True  # laid out again at the new width, where the reader stands
        if self._pending:
            self._start()

    def on_show(self, event: Show) -> None:
        """Shown again (a narrow terminal) at the size it had: no resize says so."""
        if self._pending:
            self.call_after_refresh(self._start)

    @work(thread=True, exclusive=True, group="detail", description="entity page")
    def _lay_out(self, shown: Shown, width: int, height: int) -> None:
        """The page at the pane's width, and one column narrower for when it needs a
        scrollbar (laid out first: a long page, the costly kind, is then done at once)."""
        base, entity_id, lang = shown
        worker = get_current_worker()
        narrower, full = min(width - 1, MEASURE), min(width, MEASURE)
        with collector_paused():  # a full collection would hold the lock for a second
            # the rule of `facts show` for long sections, its way to the rest told in keys
            page = render_entity(base, entity_id, lang, most=MOST_LISTED, reader=BROWSER)
            lines = {narrower: lay_out(self.app, page, narrower)}
            if full != narrower and len(lines[narrower]) <= height and not worker.is_cancelled:
                lines[full] = lay_out(self.app, page, full)
            rows = link_rows(base, entity_id, lang)
            widths = measure(rows, LINK_COLUMNS)
            met = met_rows(base, entity_id, lang)
        if not worker.is_cancelled:
            self.app.call_from_thread(self._put, shown, page, lines, rows, widths, met)

    def _put(
        self,
        shown: Shown,
        page: RenderableType,
        lines: dict[int, Lines],
        rows: list[Row],
        widths: tuple[int, ...],
        met: list[Row] | None,
    ) -> None:
        now = self._shown
        if now is None or now[0] is not shown[0] or now[1:] != shown[1:]:
            return  # another entry was opened meanwhile (bases compared by identity: cheap)
        place, self._place = self._place, None
        if (
            place is None
            and self._put_for is not None
            and self._put_for[0] is shown[0]
            and (self._put_for[1:] == shown[1:])
        ):
            place = self.place  # laid out again (a resize): the reader stays where they are
        self._put_for = shown
        view = self.query_one(PageView)
        view.show(page, lines)
        count = len(rows)
        self.query_one("#links-title", Static).update(
            list_title(
                _("Links · {count}").format(count=count), count, _("Enter follows · b goes back")
            )
        )
        links = self.query_one("#links", VirtualList)
        links.set_rows(rows, LINK_COLUMNS, empty=_("No links"), widths=widths)
        met_list = self.query_one("#met", VirtualList)
        self.set_class(met is not None, "-participant")
        met_list.set_rows(
            met or (),
            MET_COLUMNS,
            empty=_("Met nobody: takes part in no event with another participant"),
        )
        # as tall as its rows (two met: two lines), the room it does not need left to the page
        met_list.styles.max_height = max(len(met or ()), 1)
        if met is not None:
            self.query_one("#met-title", Static).update(
                list_title(
                    _("Met · {count}").format(count=len(met)),
                    len(met),
                    _("Enter opens · m shows the network"),
                )
            )
        if place is not None:
            links.restore(place.links)
            if place.met is not None:
                met_list.restore(place.met)
            view.scroll_to(0, place.top, animate=False, immediate=True)


def lay_out(app: App[object], page: RenderableType, width: int) -> Lines:
    """The page cut into lines `width` cells wide, as Textual would paint it."""
    options = app.console_options.update(highlight=False).update_width(width)
    return [
        Strip([segment for segment in line if segment.text])
        for line in app.console.render_lines(page, options, pad=False)
    ]


def link_rows(base: FactBase, entity_id: str, lang: str | None) -> list[Row]:
    rows = []
    for link in links_of(base, entity_id):
        target = base.get(link.id)
        kind = getattr(target, "kind", "")
        kind = term(kind) if kind else (_(target.entity_type) if target else "")
        rows.append(
            Row(
                link.id,
                (list_line(relation_text(link)), short_label(base, link.id, lang), list_line(kind)),
            )
        )
    return rows


def list_title(title: str, count: int, keys: str) -> Text:
    """The line above a list of the pane: its name and how many rows ('Links · 3', as the
    language words it), and (when it has rows) what its keys do."""
    return Text.assemble(
        (f" {title}", "bold"),
        (f"  {keys}", "dim") if count else "",
        no_wrap=True,
        overflow="ellipsis",
    )


def met_rows(base: FactBase, entity_id: str, lang: str | None) -> list[Row] | None:
    """Whom a participant met, most shared events first (None: not a participant), as the
    page's Met section lists them; the rule is `tui.meetings`."""
    entity = base.get(entity_id)
    if not isinstance(entity, Participant):
        return None
    rows = []
    for contact in meetings(base, entity_id, lang=lang, same_trip=False).met:
        other = base.get(contact.participant)
        name = short_label(base, contact.participant, lang)
        country = country_label(base, other, lang) if isinstance(other, Participant) else ""
        count = contact.count
        rows.append(
            Row(
                contact.participant,
                (
                    name,
                    ngettext("{count} event", "{count} events", count).format(count=count),
                    country,
                ),
            )
        )
    return rows
