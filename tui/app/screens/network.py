"""The network view (`m`): whom the open participant met, ranked by shared events, each
with a bar of its count and its country; `r` adds the second ring (contacts of contacts).

Enter opens a contact: it becomes the browser's open entry (a step of its history) and the
view shows its network; `b` goes back to the network shown before, and from the first one
back to the page the view was opened from; Esc (or `m`) closes the view on the open
participant's page.  The browser's year and theme filters narrow the events (`f` and `x`
work here as in the lists).  Both rings are worked out in named workers; the first ring of
the busiest participant of a 100 000-event base shows within half a second.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import BindingType
from textual.containers import Container
from textual.events import Resize
from textual.screen import Screen
from textual.widgets import Header, Static
from textual.worker import get_current_worker

from tui.app import keys
from tui.app.facet_index import FACET_WORDS, Filter
from tui.app.messages import FiltersChosen, OpenEntity, Progress, Step
from tui.app.network import (
    COLUMNS,
    Reach,
    first_ring,
    ignored,
    network_filter,
    ring_rows,
    second_ring,
    shared_lines,
)
from tui.app.screens.filter import FilterScreen
from tui.app.screens.picker import tiny
from tui.app.session import Session
from tui.app.table import Row
from tui.app.widgets.keybar import KeyBar
from tui.app.widgets.virtual_list import ListPlace, VirtualList
from tui.i18n import _, list_text, ngettext
from tui.meetings import Contact, EventFilter, NotAParticipant
from tui.model import Participant
from tui.safetext import list_line

NARROW_BELOW = 100
"""Below this width the shared events go under the list instead of beside it."""


@dataclass(frozen=True, slots=True)
class Ring:
    """One participant's network under one filter: the first ring, and the second once
    asked for."""

    participant: str
    flt: EventFilter
    contacts: tuple[Contact, ...]
    events: int
    """The participant's own events the filter admits."""
    reach: tuple[Reach, ...] | None = None


Key = tuple[str, tuple[Filter, ...], str | None]
"""What a ring depends on: the participant, the filters, the language of the names."""


class NetworkList(VirtualList):
    """The contacts: the list's keys; Enter opens a contact."""


class NetworkScreen(Screen[None]):
    BINDINGS: ClassVar[list[BindingType]] = keys.NETWORK

    def __init__(
        self,
        session: Session,
        participant_id: str,
        filters: tuple[Filter, ...],
        lang: str | None,
        browser: Screen[None],
    ) -> None:
        super().__init__()
        self.session: Session | None = session
        """The app's session, followed on reloads; None once the screen is closed (a closed
        screen lingers in Textual's reference cycles: it must not keep a base)."""
        self.participant = participant_id
        self.filters = filters
        self.lang = lang
        self.browser = browser
        """The browser screen: its history and lists follow what is opened here."""
        self._trail: list[str] = []
        """The participants shown before this one (b goes back to them)."""
        self._ahead: list[str] = []
        self._places: dict[str, ListPlace] = {}
        """Where the list stood at each participant's network (going back returns there)."""
        self._rings: dict[Key, Ring] = {}
        self._shown: Ring | None = None
        self._busy = ""

    # -- layout ------------------------------------------------------------------------------

    def compose(self) -> ComposeResult:
        yield Header(icon="≡")
        yield Static("", id="network-title", markup=False)
        yield Static("", id="network-status", markup=False)
        with Container(id="network-main"):
            yield NetworkList(empty=_("Working out whom they met…"), id="network")
            yield Static("", id="network-shared", markup=False)
        yield KeyBar()

    def on_mount(self) -> None:
        self.query_one("#network", VirtualList).focus()
        self.watch(self.app, "lang", self._lang_changed, init=False)
        self.watch(self.app, "session", self._session_changed, init=False)
        self._show_network()

    def on_unmount(self) -> None:
        self.session, self._rings, self._shown = None, {}, None

    @property
    def _session(self) -> Session:
        assert self.session is not None, "the network screen is closed"
        return self.session

    def on_resize(self, event: Resize) -> None:
        width, height = event.size
        self.set_class(width < NARROW_BELOW, "-narrow")
        self.set_class(tiny(width, height), "-tiny")

    # -- following the app --------------------------------------------------------------------

    def _lang_changed(self, lang: str | None) -> None:
        if lang != self.lang:
            self.lang = lang
            self._show_network()

    def _session_changed(self, session: Session | None) -> None:
        if session is None or session is self.session:
            return
        self.session = session
        self._rings = {}
        if not isinstance(session.base.get(self.participant), Participant):
            self.dismiss(None)  # the reload removed it: the browser says so
            return
        self._show_network()

    # -- the rings ----------------------------------------------------------------------------

    @property
    def key(self) -> Key:
        return (self.participant, self.filters, self.lang)

    def _show_network(self) -> None:
        self._update_title()
        ring = self._rings.get(self.key)
        if ring is not None:
            self._put(ring)
            return
        self._busy = _("Working out whom they met…")
        self._update_status()
        listing = self.query_one("#network", VirtualList)
        listing.set_rows((), COLUMNS, empty=self._busy)
        self.query_one("#network-shared", Static).update("")
        self._first_ring(self._session, self.key)

    @work(thread=True, exclusive=True, group="network", description="network: first ring")
    def _first_ring(self, session: Session, key: Key) -> None:
        participant, filters, lang = key
        session.build_backlinks()  # a big base in memory builds them once
        base = session.base
        flt = network_filter(base, filters)
        try:
            met = first_ring(base, participant, flt, lang)
        except NotAParticipant:
            return
        ring = Ring(participant, flt, met.met, len(met.events))
        rows = ring_rows(base, ring.contacts, None, lang)
        if not get_current_worker().is_cancelled:
            self.app.call_from_thread(self._ready, session, key, ring, rows)

    def _ready(self, session: Session, key: Key, ring: Ring, rows: list[Row]) -> None:
        if session is not self.session:
            return
        self._rings[key] = ring
        if key == self.key:
            self._put(ring, rows)

    def _put(self, ring: Ring, rows: list[Row] | None = None) -> None:
        if rows is None:
            rows = ring_rows(self._session.base, ring.contacts, ring.reach, self.lang)
        self._shown = ring
        self._busy = ""
        listing = self.query_one("#network", VirtualList)
        listing.set_rows(rows, COLUMNS, empty=self._nobody(ring))
        place = self._places.get(ring.participant)
        if place is not None:
            listing.restore(place)
        self._update_status()
        self._update_shared(listing.current_id)
        self.refresh_bindings()

    def _nobody(self, ring: Ring) -> str:
        if ring.events == 0:
            return (
                _("No events under these filters · x clears them")
                if ring.flt.active
                else _("Takes part in no event")
            )
        return _("Met nobody: the only participant of its events")

    def action_second_ring(self) -> None:
        ring = self._shown
        if ring is None or ring.participant != self.participant:
            return
        if ring.reach is not None:
            self.notify(_("The second ring is shown already"), timeout=2)
            return
        if not ring.contacts:
            self.notify(_("No contacts, so no contacts of contacts"), timeout=2)
            return
        contacts = len(ring.contacts)
        self._busy = ngettext(
            "Second ring: reading the events of {count} contacts…",
            "Second ring: reading the events of {count} contacts…",
            contacts,
        ).format(count=contacts)
        self._update_status()
        self._second_ring(self._session, self.key, ring)

    @work(thread=True, exclusive=True, group="network-ring", description="network: second ring")
    def _second_ring(self, session: Session, key: Key, ring: Ring) -> None:
        worker = get_current_worker()

        def report(done: int, total: int) -> None:
            self.post_message(Progress("second ring", done, total))

        reach = second_ring(
            session.base,
            ring.participant,
            ring.contacts,
            ring.flt,
            key[2],
            report,
            lambda: worker.is_cancelled,
        )
        if reach is None or worker.is_cancelled:
            return
        whole = Ring(ring.participant, ring.flt, ring.contacts, ring.events, reach)
        rows = ring_rows(session.base, whole.contacts, reach, key[2])
        self.app.call_from_thread(self._second_ready, session, key, whole, rows)

    def _second_ready(self, session: Session, key: Key, ring: Ring, rows: list[Row]) -> None:
        if session is not self.session:
            return
        self._rings[key] = ring
        if key == self.key:
            listing = self.query_one("#network", VirtualList)
            place = listing.place
            self._put(ring, rows)
            listing.restore(place)
            self._update_shared(listing.current_id)

    def on_progress(self, message: Progress) -> None:
        if message.task == "second ring" and self._busy:
            self._busy = ngettext(
                "Second ring: read the events of {done} of {total} contacts…",
                "Second ring: read the events of {done} of {total} contacts…",
                message.total,
            ).format(done=message.done, total=message.total)
            self._update_status()

    # -- what the view says --------------------------------------------------------------------

    def _update_title(self) -> None:
        base = self._session.base
        entity = base.get(self.participant)
        name = entity.label(self.lang) if entity is not None else self.participant
        title = Text(
            " " + _("Network of {name}").format(name=list_line(name)),
            style="bold",
            no_wrap=True,
            overflow="ellipsis",
            end="",
        )
        narrowing = [f for f in self.filters if f not in ignored(self.filters)]
        if narrowing:
            title.append(" · " + list_text(list_line(f.describe()) for f in narrowing))
        left = ignored(self.filters)
        if left:
            facets = sorted({_(FACET_WORDS.get(f.facet, f.facet)) for f in left})
            title.append(
                " " + _("({facets} filters do not narrow it)").format(facets=list_text(facets)),
                style="dim",
            )
        self.query_one("#network-title", Static).update(title)

    def _update_status(self) -> None:
        ring = self._shown
        if self._busy:
            text = self._busy
        elif ring is None:
            text = ""
        else:
            contacts = len(ring.contacts)
            at = ngettext("at {count} event", "at {count} events", ring.events)
            text = ngettext(
                "Met {count} participant {events}", "Met {count} participants {events}", contacts
            ).format(count=contacts, events=at.format(count=ring.events))
            if ring.reach is None:
                text += " · " + _("r adds their contacts (the second ring)") if contacts else ""
            else:
                text += " · " + _("{count} more in the second ring").format(count=len(ring.reach))
            text += " · " + _("Enter opens · b back · Esc the page")
        self.query_one("#network-status", Static).update(Text(text, end=""))

    @on(VirtualList.Highlighted, "#network")
    def _highlighted(self, event: VirtualList.Highlighted) -> None:
        self._update_shared(event.id)

    def _update_shared(self, entity_id: str | None) -> None:
        """The panel beside the list: the events the highlighted contact shared with the
        participant, or whom of the participant's contacts someone of the second ring met."""
        panel = self.query_one("#network-shared", Static)
        ring = self._shown
        if ring is None or entity_id is None:
            panel.update("")
            return
        base, lang = self._session.base, self.lang

        def name(of: str) -> str:
            entity = base.get(of)
            return list_line(entity.label(lang) if entity is not None else of)

        text = Text(no_wrap=False, end="")
        contact = next((c for c in ring.contacts if c.participant == entity_id), None)
        if contact is not None:
            count = contact.count
            text.append(
                ngettext(
                    "{name} and {other}: {count} shared event",
                    "{name} and {other}: {count} shared events",
                    count,
                ).format(name=name(ring.participant), other=name(entity_id), count=count)
                + "\n",
                style="bold",
            )
            text.append("\n".join(shared_lines(base, ring.participant, contact, lang)))
        else:
            reached = next((r for r in ring.reach or () if r.participant == entity_id), None)
            if reached is None:
                panel.update("")
                return
            count = len(reached.via)
            text.append(
                ngettext(
                    "{name} met {count} of the contacts of {other}, at {events} event:",
                    "{name} met {count} of the contacts of {other}, at {events} events:",
                    reached.events,
                ).format(
                    name=name(entity_id),
                    count=count,
                    other=name(ring.participant),
                    events=reached.events,
                )
                + "\n",
                style="bold",
            )
            text.append("\n".join(name(of) for of in reached.via[:40]))
            if count > 40:
                text.append("\n" + _("… and {count} more").format(count=count - 40))
        panel.update(text)

    # -- moving ------------------------------------------------------------------------------

    def _leave(self) -> None:
        self._places[self.participant] = self.query_one("#network", VirtualList).place

    @on(VirtualList.Chosen, "#network")
    def _chosen(self, event: VirtualList.Chosen) -> None:
        if event.id == self.participant:
            return
        self._leave()
        self._trail.append(self.participant)
        self._ahead.clear()
        self.participant = event.id
        self.browser.post_message(OpenEntity(event.id))
        self._show_network()

    def action_back(self) -> None:
        if not self._trail:
            self.dismiss(None)  # back to the page the view was opened from
            return
        self._leave()
        self._ahead.append(self.participant)
        self.participant = self._trail.pop()
        self.browser.post_message(Step(-1))
        self._show_network()

    def action_forward(self) -> None:
        if not self._ahead:
            self.notify(_("Nothing to go forward to"), timeout=2)
            return
        self._leave()
        self._trail.append(self.participant)
        self.participant = self._ahead.pop()
        self.browser.post_message(Step(1))
        self._show_network()

    def action_close(self) -> None:
        self.dismiss(None)

    # -- filters -------------------------------------------------------------------------------

    def action_facets(self) -> None:
        def chosen(choice: Filter | None) -> None:
            if choice is None:
                return
            if choice in self.filters:
                self._set_filters(tuple(f for f in self.filters if f != choice))
            else:
                self._set_filters((*self.filters, choice))

        self.app.push_screen(FilterScreen(self._session, "events", self.filters, self.lang), chosen)

    def action_clear_filters(self) -> None:
        self._set_filters(())

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "clear_filters":
            return bool(self.filters)
        if action == "second_ring":
            ring = self._shown
            return ring is not None and ring.reach is None and bool(ring.contacts)
        if action == "forward":
            return bool(self._ahead)
        return True

    def _set_filters(self, filters: tuple[Filter, ...]) -> None:
        self.filters = filters
        self.browser.post_message(FiltersChosen(filters))
        self._show_network()
        self.refresh_bindings()
