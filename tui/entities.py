"""The entities of a fact base: events, participants, themes, places and sources.

Frozen records, as the loader builds them from the YAML; the base that holds them is in
`tui.model`.  Kept apart from the base so that what is worked out from entities (list
orders, counts) can read them without importing the base that asks for it.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from functools import lru_cache

from tui.hierarchy import parent_of
from tui.record import field, record

FALLBACK_ORDER: tuple[str, ...] = ("en", "de", "ja")


@record(slots=True)
class Names:
    """A text in several languages; `""` as the language means 'the same in every language'."""

    items: tuple[tuple[str, str], ...] = ()

    @classmethod
    def of(cls, value: str | Mapping[str, str] | None) -> Names:
        if value is None:
            return cls()
        if isinstance(value, str):
            return cls((("", value),))
        return cls(tuple((lang, text) for lang, text in value.items()))

    def get(self, lang: str | None = None) -> str:
        """The text in `lang`, else the first of en, de, ja, else whatever there is."""
        return self._pick(lang)[1]

    def texts(self) -> tuple[str, ...]:
        return tuple(text for _, text in self.items)

    def lang_of(self, lang: str | None = None) -> str:
        """Which language `get(lang)` answered in ('' when language-neutral)."""
        return self._pick(lang)[0]

    def _pick(self, lang: str | None) -> tuple[str, str]:
        """The one fallback rule, so `get` and `lang_of` can never disagree."""
        table = dict(self.items)
        for candidate in (lang, "", *FALLBACK_ORDER):
            if candidate is not None and table.get(candidate):
                return candidate, table[candidate]
        return next(((lg, text) for lg, text in self.items if text), ("", ""))

    def as_dict(self) -> dict[str, str]:
        return {lang or "*": text for lang, text in self.items}

    def __bool__(self) -> bool:
        return any(text for _, text in self.items)


NO_TEXT = Names()
"""The one empty text, shared as the default of fields that are seldom given (a basis note):
a fresh empty Names per participation would cost a big base megabytes."""


@record(slots=True)
class FuzzyDate:
    """A date as precise as its source: a year, a month or a day."""

    year: int
    month: int | None = None
    day: int | None = None

    @classmethod
    def parse(cls, text: str) -> FuzzyDate:
        parts = [int(p) for p in text.split("-")]
        return cls(*parts)

    def iso(self) -> str:
        out = f"{self.year:04d}"
        if self.month is not None:
            out += f"-{self.month:02d}"
            if self.day is not None:
                out += f"-{self.day:02d}"
        return out

    @property
    def precision(self) -> str:
        return "day" if self.day is not None else "month" if self.month is not None else "year"

    def sort_key(self) -> tuple[int, int, int]:
        return (self.year, self.month or 0, self.day or 0)

    def __str__(self) -> str:
        return self.iso()


@record(slots=True)
class Statement:
    text: Names
    date: FuzzyDate | None = None
    sources: tuple[str, ...] = ()
    basis: str = ""
    """'' when the cited source states it; else 'inferred' or 'background' (see tui.schema)."""
    basis_note: Names = NO_TEXT


@record(slots=True)
class Office:
    title: Names
    organisation: str | None = None
    start: FuzzyDate | None = None
    end: FuzzyDate | None = None
    sources: tuple[str, ...] = ()
    basis: str = ""
    basis_note: Names = NO_TEXT


@record(slots=True)
class Participation:
    participant: str
    role: str
    note: Names = field(default_factory=Names)
    sources: tuple[str, ...] = ()
    basis: str = ""
    basis_note: Names = NO_TEXT


@record(slots=True)
class Figure:
    label: Names
    value: int | float
    unit: str = ""
    approximate: bool = False
    sources: tuple[str, ...] = ()
    basis: str = ""
    basis_note: Names = NO_TEXT


@record(slots=True)
class Outcome:
    text: Names
    sources: tuple[str, ...] = ()
    basis: str = ""
    basis_note: Names = NO_TEXT


@record(slots=True)
class FieldBasis:
    """Why one of an entity's own fields holds what its sources do not state in so many
    words: `basis` is 'inferred' or 'background' (see tui.schema)."""

    basis: str
    note: Names


@record
class Entity:
    """Fields every entity has.  `kind` names the collection's entity type ('event', …)."""

    id: str
    name: Names
    aliases: tuple[str, ...] = ()
    description: Names = field(default_factory=Names)
    statements: tuple[Statement, ...] = ()
    sources: tuple[str, ...] = ()
    field_basis: tuple[tuple[str, FieldBasis], ...] = ()
    """(field name, its basis) for the fields the sources do not state; in file order."""

    entity_type: str = field(default="entity", init=False)

    def label(self, lang: str | None = None) -> str:
        return self.name.get(lang) or self.id

    def basis_of(self, name: str) -> FieldBasis | None:
        """The basis of the field `name`, or None when its sources state it."""
        return next((basis for field_name, basis in self.field_basis if field_name == name), None)


@record
class Source:
    id: str
    title: str
    language: str
    kind: str = ""
    publisher: str = ""
    published: FuzzyDate | None = None
    url: str = ""
    file: str = ""
    note: str = ""

    entity_type: str = field(default="source", init=False)

    @property
    def name(self) -> Names:
        return Names.of(self.title)

    @property
    def aliases(self) -> tuple[str, ...]:
        return ()

    @property
    def description(self) -> Names:
        return Names.of(self.note) if self.note else Names()

    @property
    def statements(self) -> tuple[Statement, ...]:
        return ()

    @property
    def sources(self) -> tuple[str, ...]:
        return ()

    def label(self, lang: str | None = None) -> str:
        return self.title or self.id


@record
class Place(Entity):
    kind: str = ""
    part_of: str | None = None
    entity_type: str = field(default="place", init=False)


@record
class Participant(Entity):
    kind: str = "organisation"
    type: str = ""
    country: str | None = None
    seat: str | None = None
    parent: str | None = None
    offices: tuple[Office, ...] = ()
    affiliations: tuple[str, ...] = ()
    founded: FuzzyDate | None = None
    entity_type: str = field(default="participant", init=False)


@record
class Theme(Entity):
    broader: str | None = None
    entity_type: str = field(default="theme", init=False)


@record
class Event(Entity):
    kind: str = ""
    date: FuzzyDate | None = None
    start: FuzzyDate | None = None
    end: FuzzyDate | None = None
    place: str | None = None
    part_of: str | None = None
    participants: tuple[Participation, ...] = ()
    themes: tuple[str, ...] = ()
    figures: tuple[Figure, ...] = ()
    outcomes: tuple[Outcome, ...] = ()
    entity_type: str = field(default="event", init=False)

    @property
    def when(self) -> FuzzyDate | None:
        """The date to sort and facet by: the day itself, or the start of a span."""
        return self.date or self.start

    def sort_key(self) -> tuple[tuple[int, int, int], str]:
        when = self.when
        return (when.sort_key() if when else (9999, 99, 99), self.id)

    def date_text(self) -> str:
        if self.date:
            return self.date.iso()
        if self.start and self.end:
            return f"{self.start.iso()} – {self.end.iso()}"
        if self.start:
            return f"from {self.start.iso()}"
        if self.end:
            return f"until {self.end.iso()}"
        return ""


AnyEntity = Source | Place | Participant | Theme | Event

COLLECTION_OF_TYPE: dict[str, str] = {
    "source": "sources",
    "place": "places",
    "participant": "participants",
    "theme": "themes",
    "event": "events",
}


def cited_sources(entity: AnyEntity) -> Iterator[str]:
    yield from entity.sources
    for statement in entity.statements:
        yield from statement.sources
    if isinstance(entity, Participant):
        for office in entity.offices:
            yield from office.sources
    if isinstance(entity, Event):
        for participation in entity.participants:
            yield from participation.sources
        for figure in entity.figures:
            yield from figure.sources
        for outcome in entity.outcomes:
            yield from outcome.sources


def outgoing_links(entity: AnyEntity) -> Iterator[tuple[str, str]]:
    """(field, target id) for every link an entity holds, sources excluded."""
    if isinstance(entity, Place):
        if entity.part_of:
            yield "part_of", entity.part_of
    elif isinstance(entity, Theme):
        if entity.broader:
            yield "broader", entity.broader
    elif isinstance(entity, Participant):
        for name in ("country", "seat", "parent"):
            target = getattr(entity, name)
            if target:
                yield name, target
        for office in entity.offices:
            if office.organisation:
                yield "offices", office.organisation
        for target in entity.affiliations:
            yield "affiliations", target
    elif isinstance(entity, Event):
        if entity.place:
            yield "place", entity.place
        if entity.part_of:
            yield "part_of", entity.part_of
        for participation in entity.participants:
            yield "participants", participation.participant
        for theme in entity.themes:
            yield "themes", theme


@record(slots=True)
class Facts:
    """What the values worked out from a base (backlinks, list orders, summary counts) need
    to know of one entity, as plain ids and text.  The store keeps these per fact file, so
    that after an edit those values are worked out again without reading a single entity."""

    id: str
    type: str
    """The entity type: source, place, participant, theme or event."""
    parent: str | None = None
    """One level up in its own hierarchy (`parent_of`)."""
    targets: tuple[str, ...] = ()
    """Every link it holds, in order (`outgoing_links`), sources excluded."""
    cited: tuple[str, ...] = ()
    """Every source it cites, in order (`cited_sources`)."""
    date: str = ""
    """Events: when it took place (`Event.when`); sources: when published; as ISO text."""
    end: str = ""
    """Events: the end of a span, as ISO text."""
    label: str = ""
    """Participants: the name lists sort by (`label()`, casefolded)."""
    kind: str = ""
    """Participants: their type (city, company, …)."""
    seat: str | None = None
    """Participants: where they are based."""
    place: str | None = None
    """Events: where they took place."""
    members: tuple[str, ...] = ()
    """Events: the participant of each participation; participants: the bodies of their
    offices."""
    roles: tuple[str, ...] = ()
    """Events: the role of each participation."""
    themes: tuple[str, ...] = ()
    """Events: their themes."""
    sure: tuple[str, ...] = ()
    """Events: the participants with at least one stated participation (no `basis`): the
    summary's inferred-only contacts and partners are told from them."""


def stated_members(participations: Iterable[Participation]) -> tuple[str, ...]:
    """The distinct participants of these participations with at least one stated (without
    a `basis`: the sources say it in so many words), in the order written."""
    return tuple(dict.fromkeys(p.participant for p in participations if not p.basis))


def facts_of(entity: AnyEntity) -> Facts:
    targets = tuple(target for _, target in outgoing_links(entity))
    cited = tuple(cited_sources(entity))
    if isinstance(entity, Event):
        when = entity.when
        return Facts(
            entity.id,
            "event",
            entity.part_of,
            targets,
            cited,
            date=when.iso() if when else "",
            end=entity.end.iso() if entity.end else "",
            place=entity.place,
            members=tuple(p.participant for p in entity.participants),
            roles=tuple(p.role for p in entity.participants),
            themes=entity.themes,
            sure=stated_members(entity.participants),
        )
    if isinstance(entity, Participant):
        return Facts(
            entity.id,
            "participant",
            entity.parent,
            targets,
            cited,
            label=entity.label().casefold(),
            kind=entity.type,
            seat=entity.seat,
            members=tuple(o.organisation for o in entity.offices if o.organisation),
        )
    if isinstance(entity, Source):
        return Facts(
            entity.id,
            "source",
            None,
            targets,
            cited,
            date=entity.published.iso() if entity.published else "",
        )
    return Facts(entity.id, entity.entity_type, parent_of(entity), targets, cited)


UNDATED_KEY = (9999, 99, 99)
"""Where an event without a date sorts: after every dated one."""


def date_key(iso: str, missing: tuple[int, int, int] = UNDATED_KEY) -> tuple[int, int, int]:
    """The sort key of an ISO date of `Facts` (`FuzzyDate.sort_key`), `missing` without one."""
    return _date_key(iso) if iso else missing


@lru_cache(maxsize=65536)
def _date_key(iso: str) -> tuple[int, int, int]:
    """Dates recur (a base of 100 000 events has a few thousand): each is parsed once."""
    return FuzzyDate.parse(iso).sort_key()
