"""The base at a glance: counts, a timeline by year, themes and participants ranked by how
many events they appear in, and which cities work with which partners.

A `SummaryView` narrows everything to a set of events (a theme, a participant, a year, one
event with its parts); all sections are then computed over that set, so a narrowed summary
is a briefing on just that subject.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from tui.basis import field_grounds, weakest
from tui.entities import FuzzyDate
from tui.hierarchy import family
from tui.i18n import N_, _, date_text, list_text, ngettext
from tui.model import Event, FactBase
from tui.order import EventOrder
from tui.periods import years_of
from tui.render.doc import (
    Block,
    Fields,
    Heading,
    Line,
    Node,
    Para,
    Span,
    Table,
    Title,
    Tree,
    join,
    plain,
)
from tui.render.lines import dated_event_line, link, shown_date, words
from tui.tally import Counts, ranked

UNDATED_YEAR = "undated"
"""`tui.tally`'s key for the year of the undated events (a key kept in the store, not text:
it is worded in the reader's language where it is shown)."""

COUNT_LABELS = {
    "events": N_("Events"),
    "participants": N_("Participants"),
    "themes": N_("Themes"),
    "places": N_("Places"),
    "sources": N_("Sources"),
}
"""The labels of the counts (the collections' names)."""


@dataclass(frozen=True)
class SummaryView:
    """Which events a summary is about; None means 'any'."""

    theme: str | None = None
    participant: str | None = None
    year: int | None = None
    event: str | None = None
    top: int = 10
    """How many themes, participants and cities to list (0: all)."""


def select(base: FactBase, view: SummaryView, order: EventOrder) -> list[Event]:
    """The events of the view, in date order."""
    events = order(base.events)
    if view.event:
        ids = set(family(view.event, base.parts_of))
        events = [e for e in events if e.id in ids]
    if view.theme:
        themes = set(family(view.theme, base.children_of))
        events = [e for e in events if themes & set(e.themes)]
    if view.participant:
        events = [
            e for e in events if any(p.participant == view.participant for p in e.participants)
        ]
    if view.year is not None:
        events = [e for e in events if view.year in years_of(base.get, e)]
    return events


INFERRED_CONTACTS = N_(
    "Only inferred: the contacts met only at events where one of the two "
    "participations is inferred or background, not stated by the sources "
    "(`facts met ID` marks them, `facts audit` gives the reasons)."
)
INFERRED_PARTNERS = N_(
    "(inferred): every event the city shares with this partner rests on a "
    "participation the sources do not state in so many words (`facts "
    "audit` gives the reasons)."
)
INFERRED_PARTS = N_(
    "· inferred: the sources do not say in so many words that the event is "
    "part of the one above it (`facts show ID` gives the reason)."
)


def _inferred() -> Span:
    return Span(_(" (inferred)"), "inferred")


FULL_TIMELINE = 60
"""Up to this many events the timeline shows every one with its parts."""


class Summary:
    def __init__(
        self, base: FactBase, view: SummaryView, lang: str | None, order: EventOrder | None = None
    ) -> None:
        self.base = base
        self.view = view
        self.lang = lang
        self._order = order
        # The whole base is counted once and its counts kept (in the store, too): only the
        # entities a summary names are read then, not every event.
        self._events: list[Event] | None = None
        if self.view_is_narrowed():
            self._events = self._select()
        self.tally = base.tally(self._events)
        self._marked = False
        """Whether the timeline marked a part whose `part_of` is not stated."""

    @property
    def order(self) -> EventOrder:
        if self._order is None:
            self._order = EventOrder(self.base)  # a stored base reads every position at once
        return self._order

    def _select(self) -> list[Event]:
        if self._order is None:
            # every event is read to select them: their file positions come from that pass
            events = self.base.events
            self._order = EventOrder(self.base, {e.id: i for i, e in enumerate(events)})
        return select(self.base, self.view, self._order)

    @property
    def events(self) -> list[Event]:
        """The selected events themselves: read when every one is printed (a small base,
        or --top 0)."""
        if self._events is None:
            self._events = self._select()
        return self._events

    def _chosen(self) -> set[str]:
        """The ids of the selected events; of the whole base without reading its events
        (a whole export's timeline: 100 000 events held at once only for their ids)."""
        if self._events is None and not self.view_is_narrowed():
            return set(self.base.event_positions)
        return {e.id for e in self.events}

    def blocks(self) -> list[Block]:
        blocks: list[Block] = [self.title(), *self.counts()]
        if not self.tally.events:
            return blocks
        blocks.extend(self.timeline())
        blocks.extend(self.themes())
        blocks.extend(self.participants())
        blocks.extend(self.connected())
        blocks.extend(self.cities())
        return blocks

    def title(self) -> Title:
        view, base, lang = self.view, self.base, self.lang
        scope: list[Line] = []
        for label, value in (
            ("theme", view.theme),
            ("participant", view.participant),
            ("event", view.event),
        ):
            if value:
                scope.append((Span(f"{_(label)} "), link(base, value, lang)))
        if view.year is not None:
            scope.append((Span(_("year {year}").format(year=view.year)),))
        subtitle = join(scope, " · ") if scope else (Span(_("the whole fact base")),)
        return Title(
            (Span(_("Summary"), "strong"),),
            tuple(Span(s.text, "muted", link=s.link) for s in subtitle),
        )

    def counts(self) -> list[Block]:
        tally = self.tally
        if not self.view_is_narrowed():
            counts = {
                name: len(self.base.collection(name))
                for name in ("events", "participants", "themes", "places", "sources")
            }
        else:
            counts = {
                "events": tally.events,
                "participants": tally.participants,
                "themes": tally.themes,
                "places": tally.places,
                "sources": tally.sources,
            }
        rows: list[tuple[str, Line]] = [
            (_(COUNT_LABELS[name]), (plain(str(n)),)) for name, n in counts.items()
        ]
        if tally.period:
            first, last = tally.period  # ISO, as stored: written in the reader's form here
            span = (
                shown_date(FuzzyDate.parse(first))
                if first == last
                else f"{shown_date(FuzzyDate.parse(first))} – {shown_date(FuzzyDate.parse(last))}"
            )
            rows.insert(1, (_("Period"), (plain(span),)))
        if not tally.events:
            rows.append(("", (plain(_("No events match.")),)))
        return [Heading(_("In numbers")), Fields(tuple(rows))]

    def view_is_narrowed(self) -> bool:
        v = self.view
        return bool(v.theme or v.participant or v.event or v.year is not None)

    def timeline(self) -> list[Block]:
        """Every event with its parts when they fit on a few screens; for a large selection,
        each year's larger events only (with how many parts they hold), at most `top` a
        year, so that the timeline stays a glance (`top` 0 shows everything)."""
        full = self.view.top <= 0 or self.tally.events <= FULL_TIMELINE
        chosen = self._chosen() if full else set()
        nodes = []
        for year in self.tally.years:
            # a stored year reads only the rows of the larger events printed
            roots, held = year.first(0 if full else self.view.top)
            more = 0 if full else max(0, year.size - self.view.top)
            self.base.prefetch(roots)
            children = [
                self.node(self._event(root), chosen)
                if full
                else self.glance(self._event(root), parts)
                for root, parts in zip(roots, held, strict=True)
            ]
            if more:
                children.append(Node((Span(_("… and {count} more").format(count=more), "muted"),)))
            # the tally (kept in the store) holds the year as a key: '2017' or 'undated'
            shown = _("undated") if year.label == UNDATED_YEAR else date_text(int(year.label))
            label = (
                Span(shown, "strong"),
                Span(
                    "  "
                    + ngettext("{count} event", "{count} events", year.count).format(
                        count=year.count
                    ),
                    "muted",
                ),
            )
            nodes.append(Node(label, tuple(children)))
        blocks: list[Block] = [Heading(_("Timeline")), Tree(tuple(nodes))]
        if self._marked:
            blocks.append(Para((Span(_(INFERRED_PARTS), "muted"),)))
        return blocks

    def _event(self, event_id: str) -> Event:
        event = self.base.get(event_id)
        assert isinstance(event, Event)  # the tally counts events only
        return event

    def glance(self, event: Event, held: int) -> Node:
        """An event of a long timeline: one line, with how many of its parts it holds (a
        larger event, or a part whose trip is not chosen: its own period shows)."""
        line = dated_event_line(self.base, event, self.lang, alone=True)
        if held:
            line = (
                *line,
                Span(
                    "  " + ngettext("+{count} part", "+{count} parts", held).format(count=held),
                    "muted",
                ),
            )
        return Node(line)

    def node(self, event: Event, chosen: set[str]) -> Node:
        line = dated_event_line(self.base, event, self.lang, alone=event.part_of not in chosen)
        parts = tuple(
            self.node(p, chosen) for p in self.order(self.base.parts_of(event.id)) if p.id in chosen
        )
        if event.part_of in chosen:  # shown under its larger event: is it part of it?
            basis = weakest(field_grounds(event, "part_of"))
            if basis:
                self._marked = True
                line = (*line, Span(" · ", "muted"), Span(_(basis), basis))
        return Node(line, parts)

    def themes(self) -> list[Block]:
        shown, more = self._ranked(self.tally.theme_counts)
        rows = tuple(((link(self.base, t, self.lang),), (plain(str(n)),)) for t, n in shown)
        return self._ranking(
            N_("Themes by number of events"),
            (N_("Theme"), N_("Events")),
            rows,
            more,
            N_("… and {count} more themes"),
        )

    def participants(self) -> list[Block]:
        shown, more = self._ranked(self.tally.participant_counts)
        rows = tuple(
            (
                (link(self.base, pid, self.lang),),
                (plain(str(n)),),
                (plain(list_text(r for r, _ in self._roles(pid).most_common())),),
            )
            for pid, n in shown
        )
        return self._ranking(
            N_("Most frequent participants"),
            (N_("Participant"), N_("Events"), N_("Roles")),
            rows,
            more,
            N_("… and {count} more participants"),
        )

    def connected(self) -> list[Block]:
        """Who met the most others at the selected events (`facts met` lists whom), and
        how many of those meetings rest only on inferred participations."""
        shown, more = ranked(
            [kv for kv in self.tally.contacts if kv[1]], self._label, self.view.top, then_id=True
        )
        inferred = dict(self.tally.inferred_only)
        rows: tuple[tuple[Line, ...], ...]
        if any(inferred.get(pid) for pid, _ in shown):
            rows = tuple(
                (
                    (link(self.base, pid, self.lang),),
                    (plain(str(n)),),
                    (plain(str(inferred[pid]) if inferred.get(pid) else ""),),
                )
                for pid, n in shown
            )
            blocks = self._ranking(
                N_("Most connected"),
                (N_("Participant"), N_("Contacts"), N_("Only inferred")),
                rows,
                more,
                N_("… and {count} more participants"),
                right=(1, 2),
            )
            blocks.append(Para((Span(_(INFERRED_CONTACTS), "muted"),)))
            return blocks
        rows = tuple(((link(self.base, pid, self.lang),), (plain(str(n)),)) for pid, n in shown)
        return self._ranking(
            N_("Most connected"),
            (N_("Participant"), N_("Contacts")),
            rows,
            more,
            N_("… and {count} more participants"),
        )

    def cities(self) -> list[Block]:
        """Each city body (with its side, see `tui.tally`) and the others it appears with in
        the selected events: who cooperates with whom."""
        table = self.tally.partners
        # cities of one name in the order of their ids; the partners of those shown only
        shown, more = self._ranked(table.sizes, then_id=True)
        lines = {
            city: self._partners(found, frozenset(sure))
            for city, found, sure in (table.city(city) for city, _ in shown)
        }
        table_rows = tuple(
            ((link(self.base, city, self.lang),), lines[city][0]) for city, _ in shown
        )
        blocks = self._ranking(
            N_("Cities and their partners"),
            (N_("City"), N_("Works with")),
            table_rows,
            more,
            N_("… and {count} more cities"),
            right=(),
        )
        if any(marked for _, marked in lines.values()):
            blocks.append(Para((Span(_(INFERRED_PARTNERS), "muted"),)))
        return blocks

    def _partners(self, partners: Counts, sure: frozenset[str]) -> tuple[Line, bool]:
        """The partners a city shares most events with, first; '(inferred)' after those
        whose every shared event rests on a participation the sources do not state (and
        whether any is)."""
        shown, more = self._ranked(partners, then_id=True)
        line = join(
            (link(self.base, p, self.lang), *(() if p in sure else (_inferred(),)))
            for p, _ in shown
        )
        marked = any(p not in sure for p, _ in shown)
        return (
            (*line, Span(" " + _("… and {count} more").format(count=more), "muted"))
            if more
            else line
        ), marked

    def _ranked(
        self, counts: Counts, *, then_id: bool = False
    ) -> tuple[list[tuple[str, int]], int]:
        """The first `top` by count, then name (then id), and how many more (names read only
        for those that can be among the first)."""
        return ranked(counts, self._label, self.view.top, then_id=then_id)

    def _roles(self, participant: str) -> Counter[str]:
        roles: Counter[str] = Counter()
        for role, n in self.tally.roles.get(participant, ()):
            roles[words(role)] += n
        return roles

    def _ranking(
        self,
        heading: str,
        header: tuple[str, ...],
        rows: tuple[tuple[Line, ...], ...],
        more: int,
        and_more: str,
        right: tuple[int, ...] = (1,),
    ) -> list[Block]:
        if not rows:
            return []
        blocks: list[Block] = [Heading(_(heading)), Table(tuple(_(h) for h in header), rows, right)]
        if more:
            blocks.append(Para((Span(_(and_more).format(count=more), "muted"),)))
        return blocks

    def _label(self, entity_id: str) -> str:
        entity = self.base.get(entity_id)
        return (entity.label(self.lang) if entity else entity_id).casefold()


def summary_blocks(
    base: FactBase, view: SummaryView, lang: str | None, order: EventOrder | None = None
) -> list[Block]:
    return Summary(base, view, lang, order).blocks()
