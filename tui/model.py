"""The fact base as an immutable value.

Everything downstream (search, rendering, export, the TUI) receives a `FactBase` and never
changes it; filters return new views.  Backlinks are derived here, once, so that no author
ever has to write a link twice.
"""

from __future__ import annotations

import threading
from abc import ABC, ABCMeta, abstractmethod
from collections.abc import Callable, Hashable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import Any, ClassVar, TypeVar, cast

from tui import hierarchy
from tui.hierarchy import parent_of
from tui.listing import LISTS, Listing, build_listing

FALLBACK_ORDER: tuple[str, ...] = ("en", "de", "ja")


@dataclass(frozen=True, slots=True)
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


@dataclass(frozen=True, slots=True)
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


@dataclass(frozen=True, slots=True)
class Statement:
    text: Names
    date: FuzzyDate | None = None
    sources: tuple[str, ...] = ()
    basis: str = ""
    """'' when the cited source states it; else 'inferred' or 'background' (see tui.schema)."""
    basis_note: Names = NO_TEXT


@dataclass(frozen=True, slots=True)
class Office:
    title: Names
    organisation: str | None = None
    start: FuzzyDate | None = None
    end: FuzzyDate | None = None
    sources: tuple[str, ...] = ()
    basis: str = ""
    basis_note: Names = NO_TEXT


@dataclass(frozen=True, slots=True)
class Participation:
    participant: str
    role: str
    note: Names = field(default_factory=Names)
    sources: tuple[str, ...] = ()
    basis: str = ""
    basis_note: Names = NO_TEXT


@dataclass(frozen=True, slots=True)
class Figure:
    label: Names
    value: int | float
    unit: str = ""
    approximate: bool = False
    sources: tuple[str, ...] = ()
    basis: str = ""
    basis_note: Names = NO_TEXT


@dataclass(frozen=True, slots=True)
class Outcome:
    text: Names
    sources: tuple[str, ...] = ()
    basis: str = ""
    basis_note: Names = NO_TEXT


@dataclass(frozen=True, slots=True)
class FieldBasis:
    """Why one of an entity's own fields holds what its sources do not state in so many
    words: `basis` is 'inferred' or 'background' (see tui.schema)."""

    basis: str
    note: Names


@dataclass(frozen=True)
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
        return next((basis for field_name, basis in self.field_basis if field_name == name),
                    None)


@dataclass(frozen=True)
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


@dataclass(frozen=True)
class Place(Entity):
    kind: str = ""
    part_of: str | None = None
    entity_type: str = field(default="place", init=False)


@dataclass(frozen=True)
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


@dataclass(frozen=True)
class Theme(Entity):
    broader: str | None = None
    entity_type: str = field(default="theme", init=False)


@dataclass(frozen=True)
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


_E = TypeVar("_E", Source, Place, Participant, Theme, Event)
_T = TypeVar("_T")


class _Constructor(ABCMeta):
    """`FactBase(events=…, …)` still builds a base by hand, as it always did (tests, tools):
    the abstract name hands the call to the in-memory implementation."""

    def __call__(cls, *args: Any, **kwargs: Any) -> Any:
        if cls is FactBase:
            return MemoryBase(*args, **kwargs)
        return super().__call__(*args, **kwargs)


class FactBase(ABC, metaclass=_Constructor):
    """All entities, in file order per collection, with derived indexes and backlinks.

    One protocol, two implementations: `MemoryBase` holds every entity (a base just read
    from the YAML, or built by hand); `tui.store.StoredBase` reads entities, backlinks and
    list orders from the store as they are asked for.  Everything downstream takes either.
    What is derived here from the primitives (a hierarchy walk, the entities behind a
    backlink) is written once, for both."""

    stored: ClassVar[bool] = False
    """True for a base opened from the store, whose entities are read as they are asked
    for: walking a whole collection of it decodes every entity."""

    # -- what an implementation provides ---------------------------------------------------

    @property
    @abstractmethod
    def sources(self) -> Sequence[Source]: ...

    @property
    @abstractmethod
    def places(self) -> Sequence[Place]: ...

    @property
    @abstractmethod
    def participants(self) -> Sequence[Participant]: ...

    @property
    @abstractmethod
    def themes(self) -> Sequence[Theme]: ...

    @property
    @abstractmethod
    def events(self) -> Sequence[Event]: ...

    @property
    @abstractmethod
    def by_id(self) -> Mapping[str, AnyEntity]: ...

    @property
    @abstractmethod
    def backlinks(self) -> Backlinks:
        """Who links to whom, worked out once per base (see `Backlinks`)."""

    @property
    @abstractmethod
    def event_positions(self) -> Mapping[str, int]:
        """Each event's place in file order: the authors' order among events of one date."""

    @abstractmethod
    def timeline(self) -> Sequence[Event]:
        """The events by date, then id; sorted once per base, for the backlinks, the event
        lists and the search index all ask (half a second each at 100 000 events)."""

    @abstractmethod
    def listing(self, key: str) -> Listing:
        """The browser's list `key` (see tui.listing.LISTS) as ids in display order: worked
        out once per base, and kept by a stored base, so a list shows without reading it."""

    def get(self, entity_id: str) -> AnyEntity | None:
        return self.by_id.get(entity_id)

    def links_once(self) -> Backlinks:
        """The backlinks for one walk over them (to store them): kept when the base keeps
        them anyway, else built for the walk and dropped after it."""
        return self.backlinks

    def prefetch(self, ids: Iterable[str]) -> None:
        """Read these entities now, together, as they are about to be shown (a stored base
        reads them in one query instead of one each; a base in memory has them all)."""

    def on_damage(self, listener: Callable[[], None]) -> None:
        """Call `listener` (from whichever thread finds it) when the store behind the base
        is found damaged; a base in memory never is."""

    # -- derived, the same for every implementation ----------------------------------------

    def collection(self, name: str) -> Sequence[AnyEntity]:
        if name not in _COLLECTION_NAMES:
            raise KeyError(name)
        found: Sequence[AnyEntity] = getattr(self, name)
        return found

    def __iter__(self) -> Iterator[AnyEntity]:
        for name in COLLECTION_OF_TYPE.values():
            yield from self.collection(name)

    def __len__(self) -> int:
        return sum(len(self.collection(name)) for name in COLLECTION_OF_TYPE.values())

    def __contains__(self, entity_id: object) -> bool:
        return entity_id in self.by_id

    def events_of(self, entity_id: str) -> tuple[Event, ...]:
        """Events that name the entity: as participant, theme, place or source (by date)."""
        return self._all(self.backlinks.events.get(entity_id, ()), Event)

    def event_ids_of(self, entity_id: str) -> tuple[str, ...]:
        """The ids of `events_of`, without reading the events (a stored base keeps them):
        enough to count them, or to show the few on screen."""
        return tuple(self.backlinks.events.get(entity_id, ()))

    def parts_of(self, event_id: str) -> tuple[Event, ...]:
        """The events that are directly part of `event_id`, by date."""
        return self._all(self.backlinks.parts.get(event_id, ()), Event)

    def children_of(self, entity_id: str) -> tuple[AnyEntity, ...]:
        """Narrower themes, places inside a place, or member organisations of a participant."""
        return tuple(self.by_id[i] for i in self.backlinks.children.get(entity_id, ()))

    def participants_of_theme(self, theme_id: str) -> tuple[Participant, ...]:
        return self._all(self.backlinks.theme_participants.get(theme_id, ()), Participant)

    def themes_of(self, participant_id: str) -> tuple[Theme, ...]:
        return self._all(self.backlinks.participant_themes.get(participant_id, ()), Theme)

    def cited_by(self, source_id: str) -> tuple[AnyEntity, ...]:
        """Entities that cite the source anywhere (at entity level or on one of their items)."""
        return tuple(self.by_id[i] for i in self.backlinks.citations.get(source_id, ()))

    def referrers(self, entity_id: str) -> tuple[AnyEntity, ...]:
        """Every entity that links to `entity_id` in any field."""
        return tuple(self.by_id[i] for i in self.backlinks.referrers.get(entity_id, ()))

    def _all(self, ids: Iterable[str], kind: type[_E]) -> tuple[_E, ...]:
        """The entities behind backlink ids, which the loader made sure are of `kind`."""
        by_id = self.by_id
        return cast(tuple[_E, ...], tuple(by_id[i] for i in ids))

    def ancestors(self, entity_id: str) -> tuple[AnyEntity, ...]:
        """The chain of larger events / broader themes / enclosing places, nearest first."""
        return hierarchy.ancestors(self.get, entity_id)

    def sources_of(self, entity: AnyEntity) -> tuple[str, ...]:
        """Every source id an entity cites, at entity level first, then on its items."""
        return tuple(dict.fromkeys(cited_sources(entity)))


_COLLECTION_NAMES = frozenset(COLLECTION_OF_TYPE.values())


class Memo:
    """Values worked out from a base once, whichever thread asks first: each under its own
    lock, so that two workers never build the same value twice and a slow one (backlinks,
    seconds at 100 000 events) does not hold up a quick one (a list order)."""

    __slots__ = ("_lock", "_locks", "_values")

    def __init__(self) -> None:
        self._values: dict[Hashable, Any] = {}
        self._locks: dict[Hashable, threading.Lock] = {}
        self._lock = threading.Lock()

    def get(self, key: Hashable, build: Callable[[], _T]) -> _T:
        try:
            found: _T = self._values[key]
            return found
        except KeyError:
            pass
        with self._lock:
            lock = self._locks.setdefault(key, threading.Lock())
        with lock:
            if key not in self._values:
                self._values[key] = build()
            found = self._values[key]
        return found

    def known(self, key: Hashable) -> bool:
        """Whether the value is built already (asking would not build it)."""
        return key in self._values

    def adopt(self, other: Memo) -> None:
        """Take the values another base worked out (a copy of the same entities)."""
        self._values.update(other._values)


@dataclass(frozen=True, eq=True)
class MemoryBase(FactBase):
    """A base with every entity in memory: what the loader builds from the YAML."""

    sources: tuple[Source, ...] = ()  # fields, for the properties above
    places: tuple[Place, ...] = ()
    participants: tuple[Participant, ...] = ()
    themes: tuple[Theme, ...] = ()
    events: tuple[Event, ...] = ()
    memo: Memo = field(default_factory=Memo, init=False, compare=False, repr=False)

    __hash__ = object.__hash__  # a base is one value; hashing it must not walk every entity

    @property
    def by_id(self) -> Mapping[str, AnyEntity]:
        return self.memo.get("by_id", lambda: MappingProxyType(
            {entity.id: entity for entity in self}))

    @property
    def backlinks(self) -> Backlinks:
        return self.memo.get("backlinks", lambda: Backlinks.build(self))

    def links_once(self) -> Backlinks:
        # A command that stores a base seldom needs its backlinks in memory as well: with
        # a search index built next, both together took the first load of 100 000 events
        # past 1 GiB.
        if self.memo.known("backlinks"):
            return self.backlinks
        return Backlinks.build(self)

    @property
    def event_positions(self) -> Mapping[str, int]:
        return self.memo.get("event_positions", lambda: MappingProxyType(
            {event.id: i for i, event in enumerate(self.events)}))

    def timeline(self) -> tuple[Event, ...]:
        return self.memo.get("timeline", lambda: tuple(sorted(self.events,
                                                                 key=Event.sort_key)))

    def listing(self, key: str) -> Listing:
        if key not in LISTS:
            raise KeyError(key)
        return self.memo.get(("listing", key), lambda: build_listing(self, key))


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


@dataclass(frozen=True)
class Backlinks:
    """Who links to whom, by target id, each a tuple of ids in a fixed order: `events` the
    events naming the target in any field or citation, by date; `parts` the events directly
    part of an event, by date; `children` what names the target as its parent (narrower
    themes, inner places, member bodies), in file order; `theme_participants` and
    `participant_themes` who took part in events on a theme and the themes of a
    participant's events, in order of first appearance by date; `citations` who cites a
    source; `referrers` who links to the target in any field (both in file order)."""

    events: Mapping[str, tuple[str, ...]]
    parts: Mapping[str, tuple[str, ...]]
    children: Mapping[str, tuple[str, ...]]
    theme_participants: Mapping[str, tuple[str, ...]]
    participant_themes: Mapping[str, tuple[str, ...]]
    citations: Mapping[str, tuple[str, ...]]
    referrers: Mapping[str, tuple[str, ...]]

    @classmethod
    def build(cls, base: FactBase) -> Backlinks:
        events: dict[str, dict[str, None]] = {}
        parts: dict[str, list[str]] = {}
        children: dict[str, list[str]] = {}
        theme_participants: dict[str, dict[str, None]] = {}
        participant_themes: dict[str, dict[str, None]] = {}
        citations: dict[str, dict[str, None]] = {}
        referrers: dict[str, dict[str, None]] = {}

        for event in base.timeline():
            for _, target in outgoing_links(event):
                events.setdefault(target, {})[event.id] = None
            for source_id in cited_sources(event):
                events.setdefault(source_id, {})[event.id] = None
            if event.part_of:
                parts.setdefault(event.part_of, []).append(event.id)
            for participation in event.participants:
                for theme in event.themes:
                    theme_participants.setdefault(theme, {})[participation.participant] = None
                    participant_themes.setdefault(participation.participant, {})[theme] = None
        for entity in base:
            if not isinstance(entity, Event):
                parent = parent_of(entity)
                if parent:
                    children.setdefault(parent, []).append(entity.id)
            for _, target in outgoing_links(entity):
                referrers.setdefault(target, {})[entity.id] = None
            for source_id in cited_sources(entity):
                citations.setdefault(source_id, {})[entity.id] = None

        def freeze(table: Mapping[str, Iterable[str]]) -> Mapping[str, tuple[str, ...]]:
            return MappingProxyType({key: tuple(value) for key, value in table.items()})

        return cls(
            events=freeze(events),
            parts=freeze(parts),
            children=freeze(children),
            theme_participants=freeze(theme_participants),
            participant_themes=freeze(participant_themes),
            citations=freeze(citations),
            referrers=freeze(referrers),
        )
