"""What the network exports (GraphML, GEXF, CSV) share: which participants and events a
selection stands for, the edges of who met whom, and text made safe for XML.

A selection of ids (`facts export --format graphml ID …`) names events and participants:
an event stands for itself and all its parts, a participant for itself.

* The graph holds the participants named and every participant of the events named, and
  an edge between two of them who met, with *all* their shared events in the base: the
  subgraph of the whole network that these participants induce, so that an edge's weight
  is always the count `facts met` gives.
* The CSV holds every participation in the events named and every participation of the
  participants named.

Everything is produced as it is written: nodes one at a time, edges one participant's
meetings at a time (`tui.meetings`), rows one event at a time.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from xml.sax.saxutils import escape

from tui.meetings import Contact, meetings
from tui.model import Event, FactBase, Participant
from tui.render.entity import family
from tui.text import escape_char, one_line


class SelectionError(ValueError):
    """Ids a network export cannot take (a theme, a place, a source): exit code 1."""


@dataclass(frozen=True)
class Selection:
    """The participants and events `ids` stand for; everything when `ids` is empty."""

    base: FactBase
    participant_ids: tuple[str, ...] | None
    event_ids: tuple[str, ...] | None

    @classmethod
    def of(cls, base: FactBase, ids: list[str] | None, format_name: str) -> Selection:
        if not ids:
            return cls(base, None, None)
        participants: dict[str, None] = {}
        events: dict[str, None] = {}
        for entity_id in ids:
            entity = base.get(entity_id)
            if isinstance(entity, Participant):
                participants[entity_id] = None
            elif isinstance(entity, Event):
                events.update(dict.fromkeys(family(entity_id, base.parts_of)))
            else:
                kind = entity.entity_type if entity is not None else "unknown id"
                raise SelectionError(
                    f"--format {format_name} takes events and participants; "
                    f"{one_line(entity_id)} is a {kind}"
                )
        return cls(base, tuple(participants), tuple(events))

    def events(self) -> Iterator[Event]:
        """The events named (with their parts), by date."""
        if self.event_ids is None:
            yield from self.base.timeline()
            return
        found = (self.base.get(i) for i in self.event_ids)
        yield from sorted((e for e in found if isinstance(e, Event)), key=Event.sort_key)

    def nodes(self) -> Iterator[Participant]:
        """The graph's participants: all of them in file order, or those named and then
        those of the events named, each once."""
        if self.participant_ids is None:
            yield from self.base.participants
            return
        chosen = dict.fromkeys(self.participant_ids)
        for event in self.events():
            chosen.update(dict.fromkeys(p.participant for p in event.participants))
        for pid in chosen:
            entity = self.base.get(pid)
            if isinstance(entity, Participant):
                yield entity

    def edges(self, lang: str | None = None) -> Iterator[tuple[str, Contact]]:
        """(participant, contact) for every pair of nodes who met, each pair once, from the
        node listed first; one participant's meetings are in memory at a time."""
        order = {p.id: i for i, p in enumerate(self.nodes())}
        for pid, at in order.items():
            for contact in meetings(self.base, pid, lang=lang, same_trip=False).met:
                if order.get(contact.participant, -1) > at:
                    yield pid, contact

    def participations(self) -> Iterator[tuple[Event, int]]:
        """(event, index of the participation) for the CSV, by event date, each once."""
        chosen = None if self.participant_ids is None else set(self.participant_ids)
        named = None if self.event_ids is None else set(self.event_ids)
        if chosen is None or named is None:
            yield from ((e, i) for e in self.events() for i in range(len(e.participants)))
            return
        events: dict[str, Event] = {e.id: e for e in self.events()}
        for pid in chosen:
            for event in self.base.events_of(pid):
                if isinstance(event, Event):
                    events.setdefault(event.id, event)
        for event in sorted(events.values(), key=Event.sort_key):
            for i, p in enumerate(event.participants):
                if event.id in named or p.participant in chosen:
                    yield event, i


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
