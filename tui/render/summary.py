"""The base at a glance: counts, a timeline by year, themes and participants ranked by how
many events they appear in, and which cities work with which partners.

A `SummaryView` narrows everything to a set of events (a theme, a participant, a year, one
event with its parts); all sections are then computed over that set, so a narrowed summary
is a briefing on just that subject.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from typing import TypeVar

from tui.basis import field_grounds, weakest
from tui.hierarchy import family
from tui.i18n import N_, _, date_text, ngettext
from tui.meetings import connections, stated_present
from tui.model import Event, FactBase
from tui.order import EventOrder
from tui.periods import period_of, year_of, years_of
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
from tui.sides import Sides

COUNT_LABELS = {"events": N_("Events"), "participants": N_("Participants"),
                "themes": N_("Themes"), "places": N_("Places"), "sources": N_("Sources")}
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


T = TypeVar("T")


def _top(items: list[T], top: int) -> tuple[list[T], int]:
    if top <= 0 or len(items) <= top:
        return items, 0
    return items[:top], len(items) - top


INFERRED_CONTACTS = N_("Only inferred: the contacts met only at events where one of the two "
                       "participations is inferred or background, not stated by the sources "
                       "(`facts met ID` marks them, `facts audit` gives the reasons).")
INFERRED_PARTNERS = N_("(inferred): every event the city shares with this partner rests on a "
                       "participation the sources do not state in so many words (`facts "
                       "audit` gives the reasons).")
INFERRED_PARTS = N_("· inferred: the sources do not say in so many words that the event is "
                    "part of the one above it (`facts show ID` gives the reason).")


def _inferred() -> Span:
    return Span(_(" (inferred)"), "inferred")

FULL_TIMELINE = 60
"""Up to this many events the timeline shows every one with its parts."""


class Summary:
    def __init__(self, base: FactBase, view: SummaryView, lang: str | None,
                 order: EventOrder | None = None) -> None:
        self.base = base
        self.view = view
        self.lang = lang
        if order is None:
            # every event is read to select them: their file positions come from that pass
            events = base.events
            order = EventOrder(base, {event.id: i for i, event in enumerate(events)})
        self.order = order
        self.events = select(base, view, order)
        self._marked = False
        """Whether the timeline marked a part whose `part_of` is not stated."""

    def blocks(self) -> list[Block]:
        blocks: list[Block] = [self.title(), *self.counts()]
        if not self.events:
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
        for label, value in (("theme", view.theme), ("participant", view.participant),
                             ("event", view.event)):
            if value:
                scope.append((Span(f"{_(label)} "), link(base, value, lang)))
        if view.year is not None:
            scope.append((Span(_("year {year}").format(year=view.year)),))
        subtitle = join(scope, " · ") if scope else (Span(_("the whole fact base")),)
        return Title((Span(_("Summary"), "strong"),), tuple(Span(s.text, "muted", link=s.link)
                                                         for s in subtitle))

    def counts(self) -> list[Block]:
        events = self.events
        if not self.view_is_narrowed():
            counts = {name: len(self.base.collection(name)) for name in
                      ("events", "participants", "themes", "places", "sources")}
        else:
            counts = {
                "events": len(events),
                "participants": len({p.participant for e in events for p in e.participants}),
                "themes": len({t for e in events for t in e.themes}),
                "places": len({e.place for e in events if e.place}),
                "sources": len({s for e in events for s in self.base.sources_of(e)}),
            }
        rows: list[tuple[str, Line]] = [(_(COUNT_LABELS[name]), (plain(str(n)),))
                                        for name, n in counts.items()]
        periods = [p.dater for e in events if (p := period_of(self.base.get, e)) and p.when]
        if periods:
            first = min((d.when for d in periods if d.when), key=lambda d: d.sort_key())
            last = max((d.end or d.when for d in periods if d.when), key=lambda d: d.sort_key())
            span = (shown_date(first) if first == last
                    else f"{shown_date(first)} – {shown_date(last)}")
            rows.insert(1, (_("Period"), (plain(span),)))
        if not events:
            rows.append(("", (plain(_("No events match.")),)))
        return [Heading(_("In numbers")), Fields(tuple(rows))]

    def view_is_narrowed(self) -> bool:
        v = self.view
        return bool(v.theme or v.participant or v.event or v.year is not None)

    def timeline(self) -> list[Block]:
        """Every event with its parts when they fit on a few screens; for a large selection,
        each year's larger events only (with how many parts they hold), at most `top` a
        year, so that the timeline stays a glance (`top` 0 shows everything)."""
        chosen = {e.id for e in self.events}
        by_year: dict[str, list[Event]] = {}
        for event in self.events:
            if event.part_of in chosen:
                continue  # shown under its larger event
            filed = year_of(self.base.get, event)  # an undated part by its trip's
            year = _("undated") if filed is None else str(filed)
            by_year.setdefault(year, []).append(event)
        full = self.view.top <= 0 or len(self.events) <= FULL_TIMELINE
        nodes = []
        for year, events in by_year.items():
            count = sum(1 + self._parts(e, chosen) for e in events)
            shown, more = (events, 0) if full else _top(events, self.view.top)
            children = [self.node(e, chosen, full) for e in shown]
            if more:
                children.append(Node((Span(_("… and {count} more").format(count=more),
                                           "muted"),)))
            label = (Span(date_text(int(year)) if year.isdigit() else year, "strong"),
                     Span("  " + ngettext("{count} event", "{count} events", count).format(
                         count=count), "muted"))
            nodes.append(Node(label, tuple(children)))
        blocks: list[Block] = [Heading(_("Timeline")), Tree(tuple(nodes))]
        if self._marked:
            blocks.append(Para((Span(_(INFERRED_PARTS), "muted"),)))
        return blocks

    def _parts(self, event: Event, chosen: set[str]) -> int:
        """How many of the chosen events lie below this one, at any depth."""
        return sum(1 for i in family(event.id, self.base.parts_of)[1:] if i in chosen)

    def node(self, event: Event, chosen: set[str], full: bool = True) -> Node:
        line = dated_event_line(self.base, event, self.lang,
                                alone=event.part_of not in chosen)
        if not full:
            held = self._parts(event, chosen)
            if held:
                line = (*line, Span("  " + ngettext("+{count} part", "+{count} parts", held)
                                    .format(count=held), "muted"))
            return Node(line)
        parts = tuple(
            self.node(p, chosen) for p in self.order(self.base.parts_of(event.id)) if p.id in chosen
        )
        if event.part_of in chosen:  # shown under its larger event: is it part of it?
            basis = weakest(field_grounds(event, "part_of"))
            if basis:
                self._marked = True
                line = (*line, Span(" · ", "muted"), Span(basis, basis))
        return Node(line, parts)

    def themes(self) -> list[Block]:
        counts = Counter(t for e in self.events for t in e.themes)
        ranked = sorted(counts.items(), key=lambda kv: (-kv[1], self._label(kv[0])))
        shown, more = _top(ranked, self.view.top)
        rows = tuple(((link(self.base, t, self.lang),), (plain(str(n)),)) for t, n in shown)
        return self._ranking(N_("Themes by number of events"), (N_("Theme"), N_("Events")), rows,
                             more, N_("… and {count} more themes"))

    def participants(self) -> list[Block]:
        counts: Counter[str] = Counter()
        roles: dict[str, Counter[str]] = {}
        for event in self.events:
            for p in dict((p.participant, p) for p in event.participants).values():
                counts[p.participant] += 1
            for p in event.participants:
                roles.setdefault(p.participant, Counter())[words(p.role)] += 1
        ranked = sorted(counts.items(), key=lambda kv: (-kv[1], self._label(kv[0])))
        shown, more = _top(ranked, self.view.top)
        rows = tuple(
            (
                (link(self.base, pid, self.lang),),
                (plain(str(n)),),
                (plain(", ".join(r for r, _ in roles[pid].most_common())),),
            )
            for pid, n in shown
        )
        return self._ranking(N_("Most frequent participants"),
                             (N_("Participant"), N_("Events"), N_("Roles")),
                             rows, more, N_("… and {count} more participants"))

    def connected(self) -> list[Block]:
        """Who met the most others at the selected events (`facts met` lists whom), and
        how many of those meetings rest only on inferred participations."""
        found = connections(self.events)
        counts, inferred = found.contacts, found.inferred_only
        ranked = sorted(counts.items(), key=lambda kv: (-kv[1], self._label(kv[0]), kv[0]))
        shown, more = _top([kv for kv in ranked if kv[1]], self.view.top)
        rows: tuple[tuple[Line, ...], ...]
        if any(inferred[pid] for pid, _ in shown):
            rows = tuple(((link(self.base, pid, self.lang),), (plain(str(n)),),
                          (plain(str(inferred[pid]) if inferred[pid] else ""),))
                         for pid, n in shown)
            blocks = self._ranking(N_("Most connected"),
                                   (N_("Participant"), N_("Contacts"), N_("Only inferred")),
                                   rows, more, N_("… and {count} more participants"),
                                   right=(1, 2))
            blocks.append(Para((Span(_(INFERRED_CONTACTS), "muted"),)))
            return blocks
        rows = tuple(((link(self.base, pid, self.lang),), (plain(str(n)),)) for pid, n in shown)
        return self._ranking(N_("Most connected"), (N_("Participant"), N_("Contacts")), rows,
                             more, N_("… and {count} more participants"))

    def cities(self) -> list[Block]:
        """Each city body (with its side, see `_sides`) and the others it appears with in
        the selected events: who cooperates with whom."""
        base = self.base
        present = [{p.participant for p in e.participants} for e in self.events]
        stated = [set(stated_present(e)) for e in self.events]
        events_of: dict[str, list[int]] = {}
        for index, ids in enumerate(present):
            for pid in ids:
                events_of.setdefault(pid, []).append(index)
        rows = []
        for city, own in Sides(base).every().items():
            shared: Counter[str] = Counter()
            sure: set[str] = set()
            for index in sorted({i for pid in own for i in events_of.get(pid, ())}):
                own_stated = not own.isdisjoint(stated[index])
                for other in present[index] - own:
                    shared[other] += 1
                    if own_stated and other in stated[index]:
                        sure.add(other)
            if shared:
                partners = sorted(shared, key=lambda p: (-shared[p], self._label(p), p))
                rows.append((city, partners, sure))
        rows.sort(key=lambda r: (-len(r[1]), self._label(r[0]), r[0]))
        shown, more = _top(rows, self.view.top)
        table_rows = tuple(
            ((link(base, city, self.lang),), self._partners(partners, sure))
            for city, partners, sure in shown
        )
        blocks = self._ranking(N_("Cities and their partners"), (N_("City"), N_("Works with")),
                               table_rows, more, N_("… and {count} more cities"), right=())
        if any(self._inferred_partners(partners, sure) for _, partners, sure in shown):
            blocks.append(Para((Span(_(INFERRED_PARTNERS), "muted"),)))
        return blocks

    def _inferred_partners(self, partners: list[str], sure: set[str]) -> list[str]:
        return [p for p in _top(partners, self.view.top)[0] if p not in sure]

    def _partners(self, partners: list[str], sure: set[str]) -> Line:
        """The partners a city shares most events with, first; '(inferred)' after those
        whose every shared event rests on a participation the sources do not state."""
        shown, more = _top(partners, self.view.top)
        line = join((link(self.base, p, self.lang), *(() if p in sure else (_inferred(),)))
                    for p in shown)
        return (*line, Span(" " + _("… and {count} more").format(count=more), "muted")) if more \
            else line

    def _ranking(self, heading: str, header: tuple[str, ...],
                 rows: tuple[tuple[Line, ...], ...], more: int,
                 and_more: str, right: tuple[int, ...] = (1,)) -> list[Block]:
        if not rows:
            return []
        blocks: list[Block] = [Heading(_(heading)), Table(tuple(_(h) for h in header), rows,
                                                           right)]
        if more:
            blocks.append(Para((Span(_(and_more).format(count=more), "muted"),)))
        return blocks

    def _label(self, entity_id: str) -> str:
        entity = self.base.get(entity_id)
        return (entity.label(self.lang) if entity else entity_id).casefold()


def summary_blocks(base: FactBase, view: SummaryView, lang: str | None,
                   order: EventOrder | None = None) -> list[Block]:
    return Summary(base, view, lang, order).blocks()
