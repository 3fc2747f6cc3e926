"""Who met whom, as a page (`facts met`) and as data (`facts met --json`).

The page is made of the same document blocks as every other page, so it prints in the
terminal, and the participant pages can later take its sections unchanged.  Each shared
event says when, where, in which role each side was there, and which sources say so, as
the numbered citations of the other pages.
"""

from __future__ import annotations

from typing import Any

from tui.meetings import Contact, Meetings, TripContact
from tui.model import Event, FactBase
from tui.render.doc import Block, Citations, Heading, Node, Para, Span, Title, Tree
from tui.render.json import reference
from tui.render.lines import dated_event_line, link, words
from tui.safetext import one_line


def iso_date(event: Event) -> str | None:
    """The event's date for programs: ISO 8601 at the source's precision, a span as an
    ISO 8601 interval (`2017-11-29/2017-12-03`, an open end as `..`), None when undated."""
    if event.date:
        return event.date.iso()
    if event.start or event.end:
        first = event.start.iso() if event.start else ".."
        last = event.end.iso() if event.end else ".."
        return f"{first}/{last}"
    return None


def _plural(count: int, noun: str) -> str:
    return f"{count} {noun}{'' if count == 1 else 's'}"


class MeetingsPage:
    """The blocks of one participant's meetings; `cites` numbers the sources."""

    def __init__(self, base: FactBase, lang: str | None, cites: Citations) -> None:
        self.base = base
        self.lang = lang
        self.cites = cites

    def blocks(self, answer: Meetings, *, level: int = 1) -> list[Block]:
        base, lang = self.base, self.lang
        person = base.get(answer.participant)
        name = one_line(person.label(lang) if person is not None else answer.participant)
        subtitle = ["who met whom", answer.participant]
        if answer.filter.active:
            subtitle.append(answer.filter.describe())
        blocks: list[Block] = [
            Title((link(base, answer.participant, lang, "strong"),),
                  (Span(" · ".join(words(s) if s == "who met whom" else s for s in subtitle),
                        "muted"),),
                  level=level),
            Para((Span(f"{_plural(len(answer.events), 'event')}; "
                       f"met {_plural(len(answer.met), 'participant')}; "
                       f"{len(answer.same_trip)} more on the same trip"),)),
        ]
        blocks.extend(self.met(answer, name, level))
        blocks.extend(self.same_trip(answer, name, level))
        return blocks

    def met(self, answer: Meetings, name: str, level: int) -> list[Block]:
        blocks: list[Block] = [Heading("Met", level + 1)]
        if not answer.events:
            scope = f" ({answer.filter.describe()})" if answer.filter.active else ""
            blocks.append(Para((Span(f"Nobody: {name} took part in no event{scope}.",
                                     "muted"),)))
            return blocks
        if not answer.met:
            blocks.append(Para((Span("Nobody: no event lists another participant with "
                                     f"{name}.", "muted"),)))
            return blocks
        blocks.append(Para((Span("Each shared event: date, event · place — own role / their "
                                 "role [sources]", "muted"),)))
        blocks.append(Tree(tuple(self.contact(c) for c in answer.met)))
        return blocks

    def contact(self, contact: Contact) -> Node:
        """The contact with its shared events below it."""
        head = (link(self.base, contact.participant, self.lang),
                Span(f"  {_plural(contact.count, 'shared event')}", "muted"))
        lines = []
        for shared in contact.events:
            roles = f" — {self.roles(shared.own_roles)} / {self.roles(shared.roles)}"
            lines.append((*dated_event_line(self.base, shared.event, self.lang, alone=True),
                          Span(roles),
                          *self.cites.cite(shared.sources)))
        return Node(head, tuple(Node(line) for line in lines))

    def same_trip(self, answer: Meetings, name: str, level: int) -> list[Block]:
        if not answer.same_trip:
            return []
        return [
            Heading("Same trip", level + 1),
            Para((Span(f"At other events of a trip {name} was on, never at the same event; "
                       "each trip: their events on it (their role) [sources]", "muted"),)),
            Tree(tuple(self.traveller(c) for c in answer.same_trip)),
        ]

    def traveller(self, contact: TripContact) -> Node:
        """The contact, and per trip their events on it: the events are the trip's, listed
        on its page; what matters here is which ones, in which role."""
        trips = []
        for trip in contact.trips:
            spans: list[Span] = [Span("on "), link(self.base, trip, self.lang), Span(": ")]
            sources: dict[str, None] = {}
            for n, e in enumerate(e for e in contact.events if e.trip == trip):
                if n:
                    spans.append(Span(", "))
                spans.extend((link(self.base, e.event.id, self.lang),
                              Span(f" ({self.roles(e.roles)})")))
                sources.update(dict.fromkeys(e.sources))
            trips.append((*spans, *self.cites.cite(sources)))
        head = (link(self.base, contact.participant, self.lang),
                Span(f"  {_plural(len(trips), 'trip')}", "muted"))
        return Node(head, tuple(Node(line) for line in trips))

    @staticmethod
    def roles(roles: tuple[str, ...]) -> str:
        return ", ".join(words(r) for r in roles) or "—"


def meetings_blocks(base: FactBase, answer: Meetings, lang: str | None,
                    cites: Citations | None = None) -> list[Block]:
    """The page of `facts met`, its numbered sources at the end."""
    cites = cites if cites is not None else Citations()
    blocks = MeetingsPage(base, lang, cites).blocks(answer)
    blocks.extend(cites.block(base, lang))
    return blocks


def meetings_data(base: FactBase, answer: Meetings, lang: str | None) -> dict[str, Any]:
    """`facts met --json`: references as `facts export` writes them (id, entity, kind,
    name), a shared event's reference with its date, both roles and its source ids."""

    def ref(entity_id: str) -> dict[str, Any]:
        return reference(base, entity_id, lang)

    return {
        "participant": ref(answer.participant),
        "met": [
            {
                "participant": ref(contact.participant),
                "events": [
                    {
                        **ref(shared.id),
                        "date": iso_date(shared.event),
                        "own_role": ", ".join(shared.own_roles),
                        "role": ", ".join(shared.roles),
                        "sources": list(shared.sources),
                    }
                    for shared in contact.events
                ],
            }
            for contact in answer.met
        ],
        "same_trip": [
            {"participant": ref(contact.participant), "trips": [ref(t) for t in contact.trips]}
            for contact in answer.same_trip
        ],
    }

