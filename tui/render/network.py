"""What the network exports (GraphML, GEXF, CSV) share: which events a selection stands
for, the edges of who met whom at them, and text made safe for XML.

A selection of ids (`facts export --format graphml ID …`) names events and participants:
an event stands for itself and all its parts, a participant for every event it took part
in.  Both kinds of export then describe those events: the CSV their participations, the
graph their participants with an edge for each pair who met at them (weight: at how many).
Without ids every event counts, and every participant is a node: the graph is then
`facts met` for everyone, edge by edge; naming one participant gives its own network (it,
everyone it met, and who of them met whom at its events).

Everything is produced as it is written: nodes one at a time, edges one participant's
meetings at a time (`tui.meetings`), rows one event at a time.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from xml.sax.saxutils import escape

from tui.hierarchy import family
from tui.meetings import BacklinkParticipations, Contact, meetings
from tui.model import Event, FactBase, Participant
from tui.periods import order_key
from tui.safetext import escape_char, one_line


class SelectionError(ValueError):
    """Ids a network export cannot take (a theme, a place, a source): exit code 1."""


@dataclass(frozen=True)
class Selection:
    """The events `ids` stand for; every event when `ids` is empty."""

    base: FactBase
    event_ids: tuple[str, ...] | None

    @classmethod
    def of(cls, base: FactBase, ids: list[str] | None, format_name: str) -> Selection:
        if not ids:
            return cls(base, None)
        events: dict[str, None] = {}
        for entity_id in ids:
            entity = base.get(entity_id)
            if isinstance(entity, Participant):
                took_part = BacklinkParticipations(base).events_with(entity_id)
                events.update(dict.fromkeys(e.id for e in took_part))
            elif isinstance(entity, Event):
                events.update(dict.fromkeys(family(entity_id, base.parts_of)))
            else:
                kind = entity.entity_type if entity is not None else "unknown id"
                raise SelectionError(
                    f"--format {format_name} takes events and participants; "
                    f"{one_line(entity_id)} is a {kind}"
                )
        return cls(base, tuple(events))

    def events(self) -> Iterator[Event]:
        """The events, by date (an undated part by its trip's), as the timeline orders them."""
        if self.event_ids is None:
            yield from self.base.timeline()
            return
        found = (self.base.get(i) for i in self.event_ids)
        yield from sorted(
            (e for e in found if isinstance(e, Event)),
            key=order_key(self.base.get, lambda event: event.id),
        )

    def nodes(self) -> Iterator[Participant]:
        """Every participant in file order, or those of the chosen events, each once, in
        the order the events (by date) name them."""
        if self.event_ids is None:
            yield from self.base.participants
            return
        chosen: dict[str, None] = {}
        for event in self.events():
            chosen.update(dict.fromkeys(p.participant for p in event.participants))
        for pid in chosen:
            entity = self.base.get(pid)
            if isinstance(entity, Participant):
                yield entity

    def edges(self, lang: str | None = None) -> Iterator[tuple[str, Contact]]:
        """(participant, contact) for every pair of nodes who met at the chosen events,
        each pair once, from the node listed first, with only the chosen shared events;
        one participant's meetings are in memory at a time."""
        order = {p.id: i for i, p in enumerate(self.nodes())}
        chosen = None if self.event_ids is None else frozenset(self.event_ids)
        for pid, at in order.items():
            for contact in meetings(self.base, pid, lang=lang, same_trip=False).met:
                if order.get(contact.participant, -1) <= at:
                    continue
                if chosen is not None:
                    shared = tuple(s for s in contact.events if s.id in chosen)
                    if not shared:
                        continue
                    contact = Contact(contact.participant, shared)
                yield pid, contact

    def participations(self) -> Iterator[tuple[Event, int]]:
        """(event, index of the participation) for the CSV, by event date."""
        for event in self.events():
            for index in range(len(event.participants)):
                yield event, index


def country_name(base: FactBase, participant: Participant, lang: str | None) -> str:
    """The participant's country as the base states it (its `country`), '' when unstated."""
    if not participant.country:
        return ""
    place = base.get(participant.country)
    return place.label(lang) if place is not None else participant.country


_NOT_XML = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")
"""What XML 1.0 cannot hold at all, not even as a character reference."""


def xml_text(text: str) -> str:
    """Data for an XML attribute or element: on one line, control and bidi characters made
    visible as everywhere else (`\\x1b`), what XML 1.0 cannot hold made visible too, and
    markup characters escaped."""
    safe = _NOT_XML.sub(lambda m: escape_char(m.group()), one_line(text))
    return escape(safe, {'"': "&quot;"})


def ids_text(ids: tuple[str, ...] | list[str]) -> str:
    """A list of ids in one attribute: separated by spaces (ids never hold one)."""
    return " ".join(ids)
