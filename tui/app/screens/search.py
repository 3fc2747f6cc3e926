"""Live search: results appear as you type; Enter opens the hit, Escape returns.

The search runs in an exclusive worker, so every keystroke replaces the previous search and
typing never waits for the engine, however large the base.
"""

from __future__ import annotations

from dataclasses import dataclass

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.widgets import Input, Static
from textual.worker import get_current_worker

from tui.app.screens.picker import PickerScreen
from tui.app.session import Session
from tui.app.table import Column, Row
from tui.app.widgets.virtual_list import VirtualList
from tui.i18n import N_, _, ngettext
from tui.safetext import list_line
from tui.search import QueryError
from tui.search.engine import Hit

LIMIT = 200
HIT_COLUMNS = (Column("keep", "dim", most=12), Column("name"))
HINT = N_("Type to search · ↑↓ choose · Enter opens · Esc returns")


def hit_row(hit: Hit) -> Row:
    """A hit as a list row: its kind, its name, and the matching text with the match marked."""
    text = Text(list_line(hit.name), end="")
    snippet = hit.snippet
    if snippet and snippet != hit.name:
        text.append("  ")
        start = len(text)
        text.append(list_line(snippet), style="dim")
        if len(list_line(snippet)) == len(snippet):  # offsets only hold when nothing was escaped
            for begin, end in hit.highlights:
                text.stylize("bold reverse", start + begin, start + end)
    elif hit.highlights and len(list_line(hit.name)) == len(hit.name):
        for begin, end in hit.highlights:
            text.stylize("bold reverse", begin, end)
    return Row(hit.id, (list_line(_(hit.kind)), text))  # the entity type, in our words


@dataclass(frozen=True, slots=True)
class Found:
    """How the search ended: the entity chosen (None: closed) and the query, which the next
    search starts from."""

    entity_id: str | None
    query: str


class SearchScreen(PickerScreen[Found]):
    LIST_ID = "hits"

    def __init__(self, session: Session | None, lang: str | None = None, query: str = "") -> None:
        super().__init__()
        self.session = session
        """None while the base is still loading."""
        self.lang = lang
        self.initial = query
        self._shown_query: str | None = None
        self._open_when_ready = False

    def compose(self) -> ComposeResult:
        with Vertical(id="search-box"):
            yield Input(
                self.initial, placeholder=_("Search names, places, themes, people…"), id="query"
            )
            yield Static(_(HINT), id="search-status", markup=False)
            yield VirtualList(empty="", id="hits")

    def on_unmount(self) -> None:
        self.session = None  # a closed screen lingers in Textual's cycles: keep no base

    def on_mount(self) -> None:
        self.query_one("#hits", VirtualList).can_focus = False
        self.query_one("#query", Input).focus()
        if self.initial:
            self._search(self.initial)

    @on(Input.Changed, "#query")
    def _changed(self, event: Input.Changed) -> None:
        self._search(event.value)

    @work(thread=True, exclusive=True, group="search", description="search")
    def _search(self, query: str) -> None:
        session = self.session
        if session is None:
            self.app.call_from_thread(
                self._show, query, [], 0, _("The fact base is still loading…")
            )
            return
        hits: list[Hit] = []
        total = 0
        note = ""
        if query.strip():
            try:
                result = session.search_index().query(
                    query, limit=LIMIT, lang=self.lang, live=True, changes=session.changes
                )
            except QueryError as error:
                note = _("Cannot search for that: {error}").format(error=error)
            else:
                hits, total = list(result.hits), result.total
                notes = list(result.notes)
                if result.suggestion:
                    notes.insert(0, _("did you mean: {query}").format(query=result.suggestion))
                note = " · ".join(notes)
        if not get_current_worker().is_cancelled:
            self.app.call_from_thread(self._show, query, hits, total, note)

    def _show(self, query: str, hits: list[Hit], total: int, note: str) -> None:
        if query != self.query_one("#query", Input).value:
            return  # typed on since; the newer search answers
        self._shown_query = query
        if self._open_when_ready:
            self._open_when_ready = False
            if hits:
                self.dismiss(Found(hits[0].id, query))
                return
        rows = [hit_row(hit) for hit in hits]
        self.query_one("#hits", VirtualList).set_rows(
            rows, HIT_COLUMNS, empty=_("No matches") if query.strip() else ""
        )  # an empty query: the status line says what to do, once
        status = Text(no_wrap=True, overflow="ellipsis")
        if not query.strip():
            status.append(note or _(HINT))
        else:
            shown = ngettext("{count} hit", "{count} hits", total).format(count=total)
            if total > len(hits):
                shown += _(", the first {count} shown").format(count=len(hits))
            status.append(shown, style="bold")
            status.append(" · " + _("Enter opens · Esc returns") if hits else "")
            if note:
                status.append(f" · {list_line(note)}", style="italic")
        self.query_one("#search-status", Static).update(status)

    @on(Input.Submitted, "#query")
    def _submitted(self) -> None:
        if self._shown_query != self.query_one("#query", Input).value:
            self._open_when_ready = True  # Enter came before the hits: open the first one
            return
        chosen = self.query_one("#hits", VirtualList).current_id
        if chosen is not None:
            self.dismiss(Found(chosen, self.query_one("#query", Input).value))
        elif self.query_one("#query", Input).value.strip():
            self.notify(_("No hit to open"), timeout=2)

    @on(VirtualList.Chosen, "#hits")
    def _clicked(self, event: VirtualList.Chosen) -> None:
        self.dismiss(Found(event.id, self.query_one("#query", Input).value))

    def action_close(self) -> None:
        self.dismiss(Found(None, self.query_one("#query", Input).value))
