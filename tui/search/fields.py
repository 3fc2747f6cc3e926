"""What text an entity offers to search, and how much a hit there counts.

Four tiers: its names (every language, aliases), its id, its own other text (description,
statements, kind, dates, notes), and the names of what it links to (an event's participants,
themes, place and the places around it, the larger event; a participant's seat or parent …).
The linked tier is what lets "kufen 2017" find the events Thomas Kufen took part in.
The index and the snippets both read entities through this module only.

The id is a tier of its own because it is a handle, not a name: "duesseldorf-delegation-
chiba-2025" holds the words of the trip it belongs to, and a stop of that trip must not
rank level with the trip whose name they are.  A match on the id ranks below any match on a
name, whatever its quality (ID * EXACT < NAME * TYPO), and above the same match in the text.
"""

from __future__ import annotations

from collections.abc import Iterator

from tui.i18n import N_
from tui.model import (
    AnyEntity,
    Event,
    FactBase,
    Participant,
    Place,
    Source,
    outgoing_links,
)
from tui.periods import own_years
from tui.record import record

NAME, ID, TEXT, LINK = 0, 1, 2, 3
TIERS = (NAME, ID, TEXT, LINK)
TIER_WEIGHT = {NAME: 20, ID: 7, TEXT: 6, LINK: 4}
"""A hit on the name counts most, then the id, then the entity's own text, then a linked
name.  Multiplied by the match quality (snippet.EXACT … TYPO: 5 … 2), so that an id hit
(at most 35) stays below a name hit (at least 40)."""

event_years = own_years
"""The years an event's own date fields touch (the year filter counts a part without a date
of its own by its trip's: `tui.periods.years_of`)."""

_LINK_LABEL = {
    "participants": "participant",
    "themes": "theme",
    "place": "place",
    "part_of": "part of",
    "broader": "broader theme",
    "country": "country",
    "seat": "seat",
    "parent": "part of",
    "offices": "office at",
    "affiliations": "member of",
}


FIELD_WORDS = (
    N_("alias"),
    N_("id"),
    N_("statement"),
    N_("office"),
    N_("founded"),
    N_("published"),
    N_("date"),
    N_("participant note"),
    N_("figure"),
    N_("outcome"),
    N_("participant"),
    N_("theme"),
    N_("place"),
    N_("part of"),
    N_("broader theme"),
    N_("country"),
    N_("seat"),
    N_("office at"),
    N_("member of"),
    N_("kind"),
    N_("basis"),
)
"""The labels a hit's snippet starts with, translated where shown (`tui.search.snippet`);
the hit's `matched` keeps them as they are."""


@record(slots=True)
class Field:
    label: str
    """Shown before a snippet that is not the name: 'description', 'participant', …"""
    tier: int
    text: str


def own_fields(entity: AnyEntity) -> Iterator[Field]:
    """The entity's names first, then its other text, in the order a reader sees them."""
    for text in entity.name.texts():
        yield Field("name", NAME, text)
    for alias in entity.aliases:
        yield Field("alias", NAME, alias)
    yield Field("id", ID, entity.id)
    if isinstance(entity, Source):
        yield from _source_text(entity)
        return
    for text in entity.description.texts():
        yield Field("description", TEXT, text)
    for statement in entity.statements:
        for text in statement.text.texts():
            yield Field("statement", TEXT, text)
    if isinstance(entity, Event):
        yield from _event_text(entity)
    elif isinstance(entity, Participant):
        yield from _simple("kind", entity.kind, entity.type)
        for office in entity.offices:
            for text in office.title.texts():
                yield Field("office", TEXT, text)
        if entity.founded:
            yield Field("founded", TEXT, entity.founded.iso())
    elif isinstance(entity, Place):
        yield from _simple("kind", entity.kind)


def _simple(label: str, *values: str) -> Iterator[Field]:
    for value in values:
        if value:
            yield Field(label, TEXT, value)


def _source_text(source: Source) -> Iterator[Field]:
    yield from _simple("kind", source.kind)
    yield from _simple("publisher", source.publisher)
    if source.published:
        yield Field("published", TEXT, source.published.iso())
    yield from _simple("note", source.note)
    yield from _simple("url", source.url)


def _event_text(event: Event) -> Iterator[Field]:
    yield from _simple("kind", event.kind)
    date = event.date_text()
    if date:
        years = event_years(event)
        # Every year of a span, so that "2018" finds a trip from 2017 to 2019.
        inner = [str(y) for y in years if str(y) not in date]
        yield Field("date", TEXT, date + (f" ({', '.join(inner)})" if inner else ""))
    for participation in event.participants:
        yield from _simple("role", participation.role)
        for text in participation.note.texts():
            yield Field("participant note", TEXT, text)
    for figure in event.figures:
        for text in figure.label.texts():
            number = f"{figure.value:g}" if isinstance(figure.value, float) else str(figure.value)
            yield Field("figure", TEXT, f"{text}: {number} {figure.unit}".strip())
    for outcome in event.outcomes:
        for text in outcome.text.texts():
            yield Field("outcome", TEXT, text)


def linked(base: FactBase, entity: AnyEntity) -> Iterator[tuple[str, AnyEntity]]:
    """(label, entity) for each entity this one links to, and for an event's or a place's
    place also the places around it ("japan" finds what happened in Koriyama)."""
    seen: set[str] = {entity.id}
    for field_name, target_id in outgoing_links(entity):
        target = base.get(target_id)
        if target is None or target_id in seen:
            continue
        seen.add(target_id)
        label = _LINK_LABEL.get(field_name, field_name)
        yield label, target
        if field_name in ("place", "part_of") and isinstance(target, Place):
            for outer in base.ancestors(target_id):
                if outer.id not in seen:
                    seen.add(outer.id)
                    yield "place", outer


def name_fields(entity: AnyEntity) -> Iterator[str]:
    """The texts a linked entity is known by: its names and aliases (not its description)."""
    yield from entity.name.texts()
    yield from entity.aliases
