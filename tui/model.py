"""The fact base as an immutable value.

Everything downstream (search, rendering, export, the TUI) receives a `FactBase` and never
changes it; filters return new views.  Backlinks are derived here, once, so that no author
ever has to write a link twice.  The entities themselves are in `tui.entities` (and can be
imported from here as before).
"""

from __future__ import annotations

import threading
from abc import ABC, ABCMeta, abstractmethod
from collections.abc import Callable, Container, Hashable, Iterable, Iterator, Mapping, Sequence
from contextlib import AbstractContextManager, nullcontext
from types import MappingProxyType
from typing import TYPE_CHECKING, Any, ClassVar, TypeVar, cast

from tui import hierarchy
from tui.entities import (
    COLLECTION_OF_TYPE,
    FALLBACK_ORDER,
    NO_TEXT,
    AnyEntity,
    Entity,
    Event,
    Facts,
    FieldBasis,
    Figure,
    FuzzyDate,
    Names,
    Office,
    Outcome,
    Participant,
    Participation,
    Place,
    Source,
    Statement,
    Theme,
    cited_sources,
    facts_of,
    outgoing_links,
)
from tui.hierarchy import parent_of
from tui.periods import order_key, timeline_order, written_order
from tui.record import field, record

if TYPE_CHECKING:
    from tui.listing import Listing
    from tui.tally import Tally

__all__ = [
    "COLLECTION_OF_TYPE",
    "FALLBACK_ORDER",
    "NO_TEXT",
    "AnyEntity",
    "Backlinks",
    "Entity",
    "Event",
    "FactBase",
    "FieldBasis",
    "Figure",
    "FuzzyDate",
    "Memo",
    "MemoryBase",
    "Names",
    "Office",
    "Outcome",
    "Participant",
    "Participation",
    "Place",
    "Source",
    "Statement",
    "Theme",
    "cited_sources",
    "outgoing_links",
    "parent_of",
]

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
        """The events by period (an undated part by its trip's, see tui.periods), then id;
        sorted once per base, for the backlinks, the event lists and the search index all
        ask (half a second each at 100 000 events)."""

    @abstractmethod
    def listing(self, key: str) -> Listing:
        """The browser's list `key` (see tui.listing.LISTS) as ids in display order: worked
        out once per base, and kept by a stored base, so a list shows without reading it."""

    @abstractmethod
    def whole_tally(self) -> Tally:
        """The counts of `facts summary` over every event (see `tally`)."""

    def tally(self, events: Sequence[Event] | None = None) -> Tally:
        """What `facts summary` counts (per year, theme, participant, city and partner) of
        these events, given in the summary's order (by date, then as written), or of every
        event: those counts are worked out once per base and kept by a stored base, so a
        summary of the whole base reads them and only the entities it names."""
        if events is None:
            return self.whole_tally()

        def event_facts(event_id: str) -> Facts | None:
            found = self.get(event_id)
            return facts_of(found) if isinstance(found, Event) else None

        from tui.tally import Tally  # the counts, imported by what counts

        return Tally.of(
            [facts_of(event) for event in events],
            self.backlinks.parts,
            [facts_of(p) for p in self.participants],
            [facts_of(p) for p in self.places],
            event_facts,
        )

    def get(self, entity_id: str) -> AnyEntity | None:
        return self.by_id.get(entity_id)

    def links_once(self) -> Backlinks:
        """The backlinks for one walk over them (to store them): kept when the base keeps
        them anyway, else built for the walk and dropped after it."""
        return self.backlinks

    def positions_of(self, ids: Iterable[str]) -> Mapping[str, int]:
        """`event_positions` of these events only: a stored base tells them from the rows
        of the events it has read, without reading the positions of every event."""
        every = self.event_positions
        return {i: every[i] for i in ids if i in every}

    def prefetch(self, ids: Iterable[str]) -> None:
        """Read these entities now, together, as they are about to be shown (a stored base
        reads them in one query instead of one each; a base in memory has them all)."""

    def on_damage(self, listener: Callable[[], None]) -> None:
        """Call `listener` (from whichever thread finds it) when the store behind the base
        is found damaged; a base in memory never is."""

    def walking(self) -> AbstractContextManager[None]:
        """A walk through the whole base (an export) is under way while this is entered: a
        stored base then keeps only a bounded number of the entities it decodes (memory
        follows the largest page, not the base); a base in memory holds them all anyway."""
        return nullcontext()

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


@record
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
        return self.memo.get(
            "by_id", lambda: MappingProxyType({entity.id: entity for entity in self})
        )

    @property
    def backlinks(self) -> Backlinks:
        return self.memo.get("backlinks", lambda: Backlinks.build(self))

    @classmethod
    def of_files(
        cls, collections: Sequence[Sequence[AnyEntity]], facts: Sequence[Facts] | None
    ) -> MemoryBase:
        """The base of entities just read, collection by collection (in the order of
        COLLECTION_OF_TYPE), with their facts (in the same order) when worked out already."""
        base = cls(*map(tuple, collections))  # type: ignore[arg-type]  # each of its kind
        if facts is not None:
            base.memo.get("facts", lambda: tuple(facts))
        return base

    def links_once(self) -> Backlinks:
        # A command that stores a base seldom needs its backlinks in memory as well: with
        # a search index built next, both together took the first load of 100 000 events
        # past 1 GiB.
        if self.memo.known("backlinks"):
            return self.backlinks
        return Backlinks.build(self)

    @property
    def event_positions(self) -> Mapping[str, int]:
        return self.memo.get(
            "event_positions",
            lambda: MappingProxyType({event.id: i for i, event in enumerate(self.events)}),
        )

    def timeline(self) -> tuple[Event, ...]:
        # by period: an undated part right after its trip (tui.periods)
        return self.memo.get(
            "timeline",
            lambda: tuple(sorted(self.events, key=order_key(self.get, lambda event: event.id))),
        )

    def listing(self, key: str) -> Listing:
        from tui.listing import build_listing, collection_of

        name = collection_of(key)
        return self.memo.get(
            ("listing", key),
            lambda: build_listing(key, self.facts(name) if name else (), self.timeline_facts()),
        )

    def whole_tally(self) -> Tally:
        from tui.tally import Tally

        return self.memo.get(
            "tally",
            lambda: Tally.of(
                written_order(self.facts("events")),  # as the summary orders them
                self.backlinks.parts,
                self.facts("participants"),
                self.facts("places"),
                {f.id: f for f in self.facts("events")}.get,
            ),
        )

    def facts(self, collection: str | None = None) -> Sequence[Facts]:
        """The facts of every entity in file order (of one collection when named), derived
        once: the backlinks, the list orders and the counts are worked out from them."""
        every: tuple[Facts, ...] = self.memo.get("facts", lambda: tuple(map(facts_of, self)))
        if collection is None:
            return every
        start = 0
        for name in COLLECTION_OF_TYPE.values():
            count = len(self.collection(name))
            if name == collection:
                return every[start : start + count]
            start += count
        raise KeyError(collection)

    def timeline_facts(self) -> Sequence[Facts]:
        """The events' facts by period, as `timeline()` orders the events."""
        return self.memo.get("timeline_facts", lambda: tuple(timeline_order(self.facts("events"))))


@record
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
    def build(cls, base: MemoryBase) -> Backlinks:
        return cls.of(base.facts(), base.timeline_facts())

    @classmethod
    def of(
        cls, facts: Iterable[Facts], timeline: Iterable[Facts], wanted: Container[str] | None = None
    ) -> Backlinks:
        """The backlinks from the facts of every entity (`facts` in file order, collection
        by collection; `timeline` the events' among them by date): of every target, or of
        the `wanted` ones only (those an edit may have changed, for the store)."""
        events: dict[str, dict[str, None]] = {}
        parts: dict[str, list[str]] = {}
        children: dict[str, list[str]] = {}
        theme_participants: dict[str, dict[str, None]] = {}
        participant_themes: dict[str, dict[str, None]] = {}
        citations: dict[str, dict[str, None]] = {}
        referrers: dict[str, dict[str, None]] = {}
        every = wanted is None
        wanted = frozenset() if wanted is None else wanted
        for event in timeline:
            entity_id = event.id
            for target in event.targets:
                if every or target in wanted:
                    events.setdefault(target, {})[entity_id] = None
            for source_id in event.cited:
                if every or source_id in wanted:
                    events.setdefault(source_id, {})[entity_id] = None
            parent = event.parent
            if parent and (every or parent in wanted):
                parts.setdefault(parent, []).append(entity_id)
            for participant in event.members:
                for theme in event.themes:
                    if every or theme in wanted:
                        theme_participants.setdefault(theme, {})[participant] = None
                    if every or participant in wanted:
                        participant_themes.setdefault(participant, {})[theme] = None
        for entity in facts:
            entity_id = entity.id
            parent = entity.parent
            if parent and entity.type != "event" and (every or parent in wanted):
                children.setdefault(parent, []).append(entity_id)
            for target in entity.targets:
                if every or target in wanted:
                    referrers.setdefault(target, {})[entity_id] = None
            for source_id in entity.cited:
                if every or source_id in wanted:
                    citations.setdefault(source_id, {})[entity_id] = None

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
