"""Who met whom: co-participation as an answer of its own, for every surface.

* **P met Q** when both take part in the same event (any role).  The meeting lists every
  such shared event.
* **Q was on the same trip as P** when Q takes part in another event of the same trip tree
  as an event P takes part in (a trip tree: an event with no `part_of`, its parts, their
  parts …), and P and Q never met directly.  Weaker, and always kept apart from "met".

Filters narrow the events first (a year or a range, as the search's `year:`; a theme and
its narrower themes, as `summary --theme`); both lists are then worked out over the events
left, as if the base held only them (the trees themselves are the base's).

Nothing here reads every event: P's events come from the base's backlinks (`events_of`), a
trip tree from `ancestors`/`parts_of`.  That reading is done by one small object
(`Participations`), so that a table kept by the store can later stand in for it without
any surface noticing.  The answer is a frozen value (`Meetings`) that `facts met`, the
exports, the summary and the pages all read.  No Textual, no Rich.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from functools import partial
from typing import Protocol, cast

from tui.basis import Ground, field_grounds, presence, surest, weakest
from tui.entities import stated_members
from tui.hierarchy import family
from tui.i18n import list_text
from tui.model import Event, FactBase, Participant, Participation
from tui.order import in_date_order
from tui.periods import own_years, years_of
from tui.search.query import year_range


class FilterError(ValueError):
    """A filter value that cannot be used (a malformed year, a theme id that is not a
    theme): the command line answers with exit code 2 or 1."""


@dataclass(frozen=True, slots=True)
class EventFilter:
    """Which events count.  The default admits every event."""

    years: tuple[int, int] | None = None
    """First and last year, both included; an event spanning years counts for each."""
    theme: str | None = None
    """The theme asked for; `themes` holds it with its narrower themes."""
    themes: frozenset[str] | None = None
    years_of: Callable[[Event], range] = field(default=own_years, compare=False)
    """The years an event counts for: `event_filter` gives the base's periods, so that a
    part without a date of its own counts for its trip's years (tui.periods)."""

    @property
    def active(self) -> bool:
        return self.years is not None or self.themes is not None

    def admits(self, event: Event) -> bool:
        if self.years is not None:
            first, last = self.years
            years = self.years_of(event)
            if not years or years.start > last or years[-1] < first:
                return False
        return self.themes is None or not self.themes.isdisjoint(event.themes)

    def describe(self) -> str:
        """'2025', '2017..2025', 'theme hydrogen-technologies', or '' when nothing is set."""
        parts = []
        if self.years is not None:
            first, last = self.years
            parts.append(str(first) if first == last else f"{first}..{last}")
        if self.theme is not None:
            parts.append(f"theme {self.theme}")
        return list_text(parts)


EVERY_EVENT = EventFilter()


def event_filter(base: FactBase, year: str | None = None, theme: str | None = None) -> EventFilter:
    """The filter for `--year Y|Y..Y` and `--theme ID`; raises FilterError when a value
    cannot be used (the caller has checked that a theme id exists, to suggest near ones)."""
    years = None
    if year is not None:
        try:
            years = year_range(year)
        except ValueError as error:
            raise FilterError(str(error).removeprefix("year: ")) from None
    themes = None
    if theme is not None:
        entity = base.get(theme)
        if entity is None or entity.entity_type != "theme":
            kind = entity.entity_type if entity is not None else "unknown id"
            raise FilterError(f"{theme} is a {kind}, not a theme")
        themes = frozenset(family(theme, base.children_of))
    return EventFilter(years, theme, themes, partial(years_of, base.get))


# -- the answer --------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class SharedEvent:
    """One event both took part in.  The event itself carries its date, place and themes;
    `sources` are what attests the two participations (see `attested`)."""

    event: Event
    own_roles: tuple[str, ...]
    roles: tuple[str, ...]
    """The other participant's roles (usually one; a participant may be listed twice)."""
    sources: tuple[str, ...]
    grounds: tuple[Ground, ...] = ()
    """What the meeting rests on where the sources do not state it: the basis and reason
    of P's participation and of Q's (each side as sure as its surest participation);
    empty when both are stated."""

    @property
    def id(self) -> str:
        return self.event.id

    @property
    def basis(self) -> str:
        """'' (both participations stated), 'inferred' or 'background'."""
        return weakest(self.grounds)


@dataclass(frozen=True, slots=True)
class Contact:
    """Someone P met, with every event they shared, in date order (events of one date in
    the order of the fact files, as on the pages)."""

    participant: str
    events: tuple[SharedEvent, ...]

    @property
    def count(self) -> int:
        return len(self.events)

    @property
    def sources(self) -> tuple[str, ...]:
        """Every source of every shared event, each once, in order of first mention."""
        return tuple(dict.fromkeys(s for shared in self.events for s in shared.sources))

    @property
    def basis(self) -> str:
        """'' when any shared event rests on stated participations; else the basis of the
        surest: a meeting that rests only on inferred participations says so."""
        return weakest(surest([shared.grounds for shared in self.events]))

    @property
    def stated(self) -> int:
        """How many of the shared events rest on stated participations only."""
        return sum(1 for shared in self.events if not shared.grounds)


@dataclass(frozen=True, slots=True)
class TripEvent:
    """An event of a shared trip that Q took part in (and P did not)."""

    event: Event
    trip: str
    """The id of the trip tree's root."""
    roles: tuple[str, ...]
    sources: tuple[str, ...]
    grounds: tuple[Ground, ...] = ()
    """What Q's being at this event of the trip rests on: Q's participation and every
    `part_of` between the event and the trip; empty when all are stated."""


@dataclass(frozen=True, slots=True)
class TripContact:
    """Someone on the same trip as P who never met P: the trips, and Q's events on them."""

    participant: str
    trips: tuple[str, ...]
    """Root event ids, in date order."""
    events: tuple[TripEvent, ...]
    """Q's events on those trips, trip by trip, each trip's in date order."""
    trip_grounds: tuple[tuple[Ground, ...], ...] = ()
    """For each trip, what the two being on it rests on: P's surest event on it and Q's
    (participation and `part_of` links); empty where all are stated."""

    def grounds(self, trip: str) -> tuple[Ground, ...]:
        for root, grounds in zip(self.trips, self.trip_grounds, strict=False):
            if root == trip:
                return grounds
        return ()

    @property
    def basis(self) -> str:
        """'' when they are on some trip together by stated facts alone, else the basis of
        the surest trip."""
        return weakest(surest(list(self.trip_grounds)))


@dataclass(frozen=True, slots=True)
class Meetings:
    """Everything `facts met ID` answers, for one participant and one filter."""

    participant: str
    met: tuple[Contact, ...]
    same_trip: tuple[TripContact, ...]
    events: tuple[Event, ...] = ()
    """The events the participant took part in (those the filter admits), by date."""
    filter: EventFilter = field(default=EVERY_EVENT)


class NotAParticipant(LookupError):
    """`meetings` was asked about an id that is missing or not a participant."""


# -- reading the base --------------------------------------------------------------------


class Participations(Protocol):
    """What the derivation reads from a base.  `BacklinkParticipations` answers from the
    backlinks; a stored co-participation table can answer the same two questions."""

    def events_with(self, participant_id: str) -> Iterable[Event]:
        """The events the participant takes part in, by date."""
        ...

    def trip_of(self, event: Event) -> tuple[Event, tuple[Event, ...]]:
        """The root of the event's trip tree and every event of that tree: the root
        first, every other event after the event it is part of."""
        ...

    @property
    def tables(self) -> TripTables:
        """What the derivation works out per event and per trip, kept for the next
        participant (the pages of a whole export ask about every one)."""
        ...


Attendee = tuple[str, tuple[str, ...], tuple[str, ...], tuple[Ground, ...]]
"""One participant of one event: its id, roles, the sources that attest it (`attested`)
and what its being there rests on (`presence`)."""


@dataclass(frozen=True, slots=True)
class TripTable:
    """One trip tree, worked out once: what each event's lying in the root rests on
    (`chains`), each event's place in the tree's date order, and each event's attendees
    with the grounds of their being on the trip there (presence, then the `part_of`
    chain)."""

    chain: dict[str, tuple[Ground, ...]]
    rank: dict[str, int]
    on_trip: dict[str, tuple[Attendee, ...]]
    people: dict[str, tuple[tuple[TripEvent, ...], tuple[Ground, ...]]] = field(
        default_factory=dict
    )
    """Each participant's events on the trip, in the tree's date order, with the surest
    grounds of their being on it: the same for every participant whose *Same trip* lists
    them (unfiltered), so worked out once per trip instead of once per such participant."""


class TripTables:
    """Attendees per event and tables per trip, each made once and kept (bounded): a
    participant's page works out its trips' tables, and the next participant of the same
    trip finds them made."""

    _MOST = 20_000
    _TRIPS = 2_000
    """Trips kept (their trees and tables hold their events): more than the trips of a
    10 000-event base, few enough that a walk through a bigger one holds a bounded part of
    its events (each table is made again when a later page asks)."""

    def __init__(self, base: FactBase) -> None:
        self.base = base
        self._attendees: dict[str, tuple[Attendee, ...]] = {}
        self._trips: dict[str, TripTable] = {}
        self.trees: dict[str, tuple[Event, ...]] = {}
        """Each trip tree's events by root (see `BacklinkParticipations.trip_of`)."""
        self._names: dict[str | None, _Names] = {}
        self.roots: dict[str, str] = {}
        """The id of the root of each event's trip tree, by event id (`trip_of` walks up
        once)."""

    def names(self, lang: str | None) -> _Names:
        """The sort keys by name in `lang`, shared by every participant's answer (each
        page sorts its contacts by name: the same few hundred names again and again)."""
        found = self._names.get(lang)
        if found is None:
            found = self._names[lang] = _Names(self.base, lang)
        return found

    def attendees(self, event: Event) -> tuple[Attendee, ...]:
        """The event's distinct participants in the order it lists them."""
        found = self._attendees.get(event.id)
        if found is None:
            found = tuple(
                (pid, _roles(theirs), attested(theirs, event), presence(theirs))
                for pid, theirs in _by_participant(event).items()
            )
            if len(self._attendees) > self._MOST:
                self._attendees.clear()
            self._attendees[event.id] = found
        return found

    def trip(self, root: Event, tree: tuple[Event, ...]) -> TripTable:
        found = self._trips.get(root.id)
        if found is None:
            chain = chains(tree, root.id)
            rank = {e.id: i for i, e in enumerate(in_date_order(self.base, tree))}
            on_trip = {}
            for event in tree:
                way = chain.get(event.id, ())
                on_trip[event.id] = tuple(
                    (pid, roles, sources, (*grounds, *way) if way else grounds)
                    for pid, roles, sources, grounds in self.attendees(event)
                )
            people: dict[str, list[TripEvent]] = {}
            for event in tree:
                for pid, roles, sources, grounds in on_trip[event.id]:
                    people.setdefault(pid, []).append(
                        TripEvent(event, root.id, roles, sources, grounds)
                    )
            found = TripTable(
                chain,
                rank,
                on_trip,
                {
                    pid: (
                        tuple(sorted(events, key=lambda e: rank[e.event.id])),
                        surest([e.grounds for e in events]),
                    )
                    for pid, events in people.items()
                },
            )
            if len(self._trips) > self._TRIPS:
                self._trips.clear()
            self._trips[root.id] = found
        return found


class BacklinkParticipations:
    """`Participations` from the base's public backlinks; trip trees are kept per root,
    since several of P's events usually lie in one trip."""

    def __init__(self, base: FactBase, tables: TripTables | None = None) -> None:
        self.base = base
        self._tables = tables if tables is not None else TripTables(base)
        self._trees = self._tables.trees

    @property
    def tables(self) -> TripTables:
        return self._tables

    def events_with(self, participant_id: str) -> Iterator[Event]:
        for event in self.base.events_of(participant_id):
            if isinstance(event, Event) and any(
                p.participant == participant_id for p in event.participants
            ):
                yield event

    def trip_of(self, event: Event) -> tuple[Event, tuple[Event, ...]]:
        roots = self._tables.roots
        root_id = roots.get(event.id)
        found_root = self.base.get(root_id) if root_id is not None else None
        if isinstance(found_root, Event):
            root = found_root
        else:
            above = self.base.ancestors(event.id)
            root = above[-1] if above and isinstance(above[-1], Event) else event
            if len(roots) > TripTables._MOST:
                roots.clear()
            roots[event.id] = root.id
        tree = self._trees.get(root.id)
        if tree is None:
            ids = family(root.id, self.base.parts_of)
            found = (self.base.get(i) for i in ids)
            if len(self._trees) > TripTables._TRIPS:
                self._trees.clear()
            tree = self._trees[root.id] = tuple(e for e in found if isinstance(e, Event))
        return root, tree


def present(event: Event) -> tuple[str, ...]:
    """The distinct participants of an event, in the order the event lists them: everyone
    an event makes meet everyone else."""
    return tuple(dict.fromkeys(p.participant for p in event.participants))


def attested(participations: Iterable[Participation], event: Event) -> tuple[str, ...]:
    """The sources that say these participations happened: their own, else the event's (as
    the pages cite an item's sources, and the entity's where the item has none)."""
    own = tuple(dict.fromkeys(s for p in participations for s in p.sources))
    return own or tuple(event.sources)


def chains(tree: Iterable[Event], root: str) -> dict[str, tuple[Ground, ...]]:
    """For each event of the tree below `root` (each after its larger event, as `trip_of`
    gives them), what its lying in `root` rests on: every `part_of` on the way up."""
    found: dict[str, tuple[Ground, ...]] = {root: ()}
    for event in tree:
        if event.id != root:
            above = found.get(event.part_of or "", ())
            own = field_grounds(event, "part_of")
            found[event.id] = (*above, *own) if own else above
    return found


def _roles(participations: Iterable[Participation]) -> tuple[str, ...]:
    return tuple(dict.fromkeys(p.role for p in participations))


def _by_participant(event: Event) -> dict[str, list[Participation]]:
    table: dict[str, list[Participation]] = {}
    for p in event.participants:
        table.setdefault(p.participant, []).append(p)
    return table


class _Names:
    """Sort keys by name in the chosen language, then id (each participant looked up once)."""

    def __init__(self, base: FactBase, lang: str | None) -> None:
        self.base = base
        self.lang = lang
        self._keys: dict[str, tuple[str, str]] = {}

    def key(self, entity_id: str) -> tuple[str, str]:
        found = self._keys.get(entity_id)
        if found is None:
            entity = self.base.get(entity_id)
            label = entity.label(self.lang) if entity is not None else entity_id
            found = self._keys[entity_id] = (label.casefold(), entity_id)
        return found


def meetings(
    base: FactBase,
    participant_id: str,
    flt: EventFilter = EVERY_EVENT,
    lang: str | None = None,
    *,
    via: Participations | None = None,
    same_trip: bool = True,
    in_order: bool = False,
) -> Meetings:
    """Whom `participant_id` met and who was on the same trip, most shared events (trips)
    first, then by name in `lang`, then by id.  `same_trip=False` leaves the weaker list
    out (the graph exports need only who met whom).  `in_order`: `via` gives the events in
    the one event order already (a page that has sorted them), so they are not sorted
    again."""
    if not isinstance(base.get(participant_id), Participant):
        raise NotAParticipant(participant_id)
    source = via or BacklinkParticipations(base)
    names = source.tables.names(lang)
    admitted = (e for e in source.events_with(participant_id) if flt.admits(e))
    own = list(admitted) if in_order else in_date_order(base, admitted)
    shared: dict[str, list[SharedEvent]] = {}
    tables = source.tables
    for event in own:
        everyone = tables.attendees(event)
        own_roles: tuple[str, ...] = ()
        own_sources = tuple(event.sources)
        own_grounds: tuple[Ground, ...] = ()
        for pid, roles, sources, grounds in everyone:
            if pid == participant_id:
                own_roles, own_sources, own_grounds = roles, sources, grounds
                break
        for other, roles, their_sources, their_grounds in everyone:
            if other == participant_id:
                continue
            both = tuple(dict.fromkeys((*own_sources, *their_sources)))
            grounds = (*own_grounds, *their_grounds) if their_grounds else own_grounds
            shared.setdefault(other, []).append(SharedEvent(event, own_roles, roles, both, grounds))
    met = sorted(
        (Contact(other, tuple(events)) for other, events in shared.items()),
        key=lambda c: (-c.count, names.key(c.participant)),
    )
    trip = (
        _same_trip(base, source, participant_id, own, set(shared), flt, names) if same_trip else ()
    )
    return Meetings(participant_id, tuple(met), trip, tuple(own), flt)


def _same_trip(
    base: FactBase,
    source: Participations,
    participant_id: str,
    own: list[Event],
    met: set[str],
    flt: EventFilter,
    names: _Names,
) -> tuple[TripContact, ...]:
    roots: dict[str, tuple[Event, tuple[Event, ...]]] = {}
    mine: dict[str, list[Event]] = {}
    for event in own:
        root, tree = source.trip_of(event)
        roots.setdefault(root.id, (root, tree))
        mine.setdefault(root.id, []).append(event)
    found: dict[str, dict[str, Sequence[TripEvent]]] = {}
    on_trip: dict[str, tuple[Ground, ...]] = {}
    """What P's being on each trip rests on (its surest event there)."""
    order = {e.id: i for i, e in enumerate(in_date_order(base, (r for r, _ in roots.values())))}
    tables = source.tables
    ranks: dict[str, dict[str, int]] = {}
    kept: dict[str, dict[str, tuple[tuple[TripEvent, ...], tuple[Ground, ...]]]] = {}
    for root, tree in sorted(roots.values(), key=lambda rt: order[rt[0].id]):
        table = tables.trip(root, tree)
        ranks[root.id] = table.rank
        kept[root.id] = table.people
        on_trip[root.id] = surest(
            [
                next(
                    (
                        grounds
                        for pid, _, _, grounds in table.on_trip.get(e.id, ())
                        if pid == participant_id
                    ),
                    table.chain.get(e.id, ()),
                )
                for e in mine[root.id]
            ]
        )
        if not flt.active:
            # everyone's events on the trip, as the trip's table has them (in date order)
            for other, (events, _sure) in table.people.items():
                if other != participant_id and other not in met:
                    found.setdefault(other, {})[root.id] = events
            continue
        for event in tree:
            if not flt.admits(event):
                continue
            for other, roles, sources, grounds in table.on_trip[event.id]:
                if other == participant_id or other in met:
                    continue
                listed = found.setdefault(other, {}).setdefault(root.id, [])
                cast(list[TripEvent], listed).append(
                    TripEvent(event, root.id, roles, sources, grounds)
                )

    def dated(events: Sequence[TripEvent]) -> Sequence[TripEvent]:
        # only the events listed are put in order (a tree can hold thousands), by their
        # place in the tree's date order, which is worked out once per trip
        if len(events) < 2 or not flt.active:  # unfiltered: in order in the trip's table
            return events
        rank = ranks[events[0].trip]
        return sorted(events, key=lambda e: rank[e.event.id])

    def both(trip: str, other: str, events: Sequence[TripEvent]) -> tuple[Ground, ...]:
        sure = surest([e.grounds for e in events]) if flt.active else kept[trip][other][1]
        mine = on_trip[trip]
        if not mine and not sure:
            return ()  # both stated: most pairs
        return tuple(dict.fromkeys((*mine, *sure)))

    contacts = []
    for other, trips in found.items():
        if len(trips) == 1:  # most contacts share one trip
            ((trip, listed),) = trips.items()
            contacts.append(
                TripContact(other, (trip,), tuple(dated(listed)), (both(trip, other, listed),))
            )
            continue
        contacts.append(
            TripContact(
                other,
                tuple(trips),
                tuple(e for events in trips.values() for e in dated(events)),
                tuple(both(trip, other, events) for trip, events in trips.items()),
            )
        )
    contacts.sort(key=lambda c: (-len(c.trips), names.key(c.participant)))
    return tuple(contacts)


@dataclass(frozen=True, slots=True)
class Attendance:
    """One participant of an event or of its parts, with the events it took part in."""

    participant: str
    events: tuple[TripEvent, ...]
    """In date order; `trip` is the id of the event asked about."""


def attendance(
    base: FactBase,
    event_id: str,
    flt: EventFilter = EVERY_EVENT,
    tables: TripTables | None = None,
) -> tuple[Attendance, ...]:
    """Everyone who took part in the event or in any of its parts (at any depth), in the
    order they first appear by date: what a trip's page lists under "Who took part"
    (grouping them, by country or by side, is the page's business)."""
    root = base.get(event_id)
    if not isinstance(root, Event):
        raise LookupError(event_id)
    found: dict[str, list[TripEvent]] = {}
    found_events = (base.get(i) for i in family(event_id, base.parts_of))
    tree = [e for e in found_events if isinstance(e, Event)]
    chain = chains(tree, event_id)
    tables = tables if tables is not None else TripTables(base)
    for event in in_date_order(base, tree):
        if not flt.admits(event):
            continue
        way = chain.get(event.id, ())
        for pid, roles, sources, grounds in tables.attendees(event):
            found.setdefault(pid, []).append(
                TripEvent(event, event_id, roles, sources, (*grounds, *way) if way else grounds)
            )
    return tuple(Attendance(pid, tuple(events)) for pid, events in found.items())


@dataclass(frozen=True, slots=True)
class Connections:
    """How many distinct others each participant met at a set of events, and how many of
    those meetings rest only on participations the sources do not state."""

    contacts: Counter[str]
    inferred_only: Counter[str]
    """Of the contacts, those with no shared event at which both participations are
    stated."""


def connections(events: Iterable[Event]) -> Connections:
    """The summary's "Most connected": the same rule as `meetings`, over a chosen set of
    events (a participant met another when both take part in one of them)."""
    contacts: dict[str, set[str]] = {}
    stated: dict[str, set[str]] = {}
    for event in events:
        ids = present(event)
        if len(ids) < 2:
            continue
        for pid in ids:
            contacts.setdefault(pid, set()).update(ids)
        sure = stated_present(event, ids)
        if len(sure) >= 2:
            for pid in sure:
                stated.setdefault(pid, set()).update(sure)
    counts = Counter({pid: len(others) - 1 for pid, others in contacts.items()})
    only = Counter({pid: counts[pid] - max(len(stated.get(pid, ())) - 1, 0) for pid in contacts})
    return Connections(counts, +only)


def contact_counts(events: Iterable[Event]) -> Counter[str]:
    """How many distinct others each participant met at these events."""
    return connections(events).contacts


def stated_present(event: Event, ids: tuple[str, ...] | None = None) -> tuple[str, ...]:
    """The participants of the event with at least one stated participation there."""
    if all(not p.basis for p in event.participants):
        return ids if ids is not None else present(event)
    return stated_members(event.participants)
