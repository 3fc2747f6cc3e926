"""What `facts summary` counts, worked out from the entities' `Facts`: per year, theme,
participant, and which cities work with which partners.

Counting is kept apart from printing so that the counts of a whole base can be stored with
it (`FactBase.tally`): a summary of 100 000 events then reads the counts and only the
entities it names, instead of every event.  The counts of a narrowed summary (one theme,
one year, …) are worked out the same way from the events it selects.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from typing import Any, overload

from tui.entities import Facts, date_key
from tui.periods import FactsOf, facts_dater, facts_year
from tui.record import record
from tui.sides import direct_cities, sides_of

Counts = tuple[tuple[str, int], ...]
"""(id, count) in the order the counted things first appeared (ties keep it)."""

Partners = tuple[str, Counts, tuple[str, ...]]
"""A city, the participants its side shares events with (and how many), and those of them
not inferred only (see `Tally.partners`)."""


CHUNK = 256
"""A stored year's larger events are kept in rows of this many: a summary that prints the
first few of each year reads one row a year, not every larger event of the base."""

Read = Callable[[str, Callable[[bytes], Any]], Any]
"""Reads a stored part of a tally by name and decodes it (the store raises its damage)."""


class Year:
    """One year of the timeline: its events (each larger event with all its parts), and
    its larger events by date with how many of the counted events each holds below it.

    A stored year reads its larger events only when asked, and only as many rows as the
    first `n` of them need (`first`)."""

    __slots__ = ("_chunks", "_fetch", "count", "label", "size")

    def __init__(self, label: str, count: int, roots: Sequence[str], held: Sequence[int]) -> None:
        self.label = label
        """The year, or 'undated'."""
        self.count = count
        self.size = len(roots)
        """How many larger events it has."""
        self._chunks: list[tuple[tuple[str, ...], tuple[int, ...]] | None] = [
            (tuple(roots), tuple(held))
        ]
        self._fetch: Callable[[int], tuple[tuple[str, ...], tuple[int, ...]]] | None = None

    @classmethod
    def stored(
        cls,
        label: str,
        count: int,
        size: int,
        fetch: Callable[[int], tuple[tuple[str, ...], tuple[int, ...]]],
    ) -> Year:
        """A year whose larger events are rows of CHUNK, read by `fetch(number)`."""
        year = cls(label, count, (), ())
        year.size = size
        year._chunks = [None] * -(-size // CHUNK)
        year._fetch = fetch
        return year

    def first(self, n: int) -> tuple[tuple[str, ...], tuple[int, ...]]:
        """The first `n` larger events (all of them: 0) and what each holds."""
        wanted = self.size if n <= 0 else min(n, self.size)
        roots: list[str] = []
        held: list[int] = []
        for number in range(len(self._chunks)):
            if len(roots) >= wanted:
                break
            chunk = self._chunks[number]
            if chunk is None:
                assert self._fetch is not None
                chunk = self._chunks[number] = self._fetch(number)
            roots.extend(chunk[0])
            held.extend(chunk[1])
        return tuple(roots[:wanted]), tuple(held[:wanted])

    @property
    def roots(self) -> tuple[str, ...]:
        return self.first(0)[0]

    @property
    def held(self) -> tuple[int, ...]:
        return self.first(0)[1]

    def _key(self) -> tuple[object, ...]:
        return self.label, self.count, self.first(0)

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Year) and self._key() == other._key()

    def __hash__(self) -> int:
        return hash(self._key())

    def __repr__(self) -> str:
        return f"Year({self.label!r}, {self.count!r}, {self.roots!r}, {self.held!r})"


class _Roles(Mapping[str, "Counts"]):
    """A stored tally's roles: one row per participant, read for those asked for only
    (the summary prints a few of thousands)."""

    def __init__(self, ids: Sequence[str], fetch: Callable[[str], Counts]) -> None:
        self._ids = dict.fromkeys(ids)
        self._fetch = fetch
        self._found: dict[str, Counts] = {}

    def __getitem__(self, participant: str) -> Counts:
        found = self._found.get(participant)
        if found is None:
            if participant not in self._ids:
                raise KeyError(participant)
            found = self._found[participant] = self._fetch(participant)
        return found

    def __iter__(self) -> Iterator[str]:
        return iter(self._ids)

    def __len__(self) -> int:
        return len(self._ids)


class PartnerTable(Sequence[Partners]):
    """The cities and their partners (`Tally.partners`): how many partners each city has
    (`sizes`, what the summary ranks the cities by) without reading them; a stored table
    reads a city's partners (a row of its own) when that city is asked for."""

    def __init__(self, sizes: Counts, fetch: Callable[[int], Partners]) -> None:
        self.sizes = sizes
        self._fetch = fetch
        self._found: dict[int, Partners] = {}
        self._at = {city: at for at, (city, _) in enumerate(sizes)}

    @classmethod
    def of(cls, partners: Sequence[Partners]) -> PartnerTable:
        held = tuple(partners)
        return cls(tuple((city, len(found)) for city, found, _ in held), held.__getitem__)

    def city(self, city: str) -> Partners:
        """The partners of this city (KeyError: it has none)."""
        return self[self._at[city]]

    @overload
    def __getitem__(self, index: int) -> Partners: ...
    @overload
    def __getitem__(self, index: slice) -> Sequence[Partners]: ...
    def __getitem__(self, index: int | slice) -> Partners | Sequence[Partners]:
        if isinstance(index, slice):
            return [self[at] for at in range(len(self))[index]]
        at = range(len(self))[index]
        found = self._found.get(at)
        if found is None:
            found = self._found[at] = self._fetch(at)
        return found

    def __len__(self) -> int:
        return len(self.sizes)

    def __eq__(self, other: object) -> bool:
        if isinstance(other, PartnerTable):
            return self.sizes == other.sizes and tuple(self) == tuple(other)
        return NotImplemented

    def __hash__(self) -> int:
        return hash(tuple(self))

    def __repr__(self) -> str:
        return f"PartnerTable({tuple(self)!r})"


@record(slots=True)
class Tally:
    """The counts of one set of events (a whole base, or what a summary selects)."""

    events: int
    participants: int
    themes: int
    places: int
    sources: int
    """How many different participants, themes, places and sources the events name."""
    period: tuple[str, str] | None
    """The first date and the last (a span's end), as ISO text; None without dates."""
    years: tuple[Year, ...]
    theme_counts: Counts
    """Events per theme."""
    participant_counts: Counts
    """Events per participant."""
    roles: Mapping[str, Counts]
    """Per participant, how often it took each role (as written, first seen first)."""
    contacts: Counts
    """Per participant, how many others it met (took part in one event with; see
    `tui.meetings`)."""
    inferred_only: Counts
    """Per participant (those with any only), how many of its contacts it met only at
    events where one of the two participations is not stated (`tui.meetings.connections`)."""
    partners: PartnerTable
    """Per city (in file order, those with partners only): the other participants of the
    events its side took part in, with the number of those events; then those partners
    that share an event with the side at which the partner's participation and one of the
    side's are both stated (the others are marked inferred)."""

    @classmethod
    def of(
        cls,
        chosen: Sequence[Facts],
        parts: Mapping[str, Sequence[str]],
        people: Sequence[Facts],
        places: Sequence[Facts],
        lookup: FactsOf,
        kept: Kept | None = None,
    ) -> Tally:
        """The counts of the `chosen` events (in the summary's order: by date, then as
        written); `parts` are the events directly part of each event (all of them, not
        only the chosen: a part's parts count too), `people` and `places` every participant
        and place (cities' sides are worked out from them), `lookup` finds any event's facts
        by id: an undated part counts for the period and the year of the trip that dates
        it (tui.periods), which need not be among the chosen.  `kept` may give the partners
        of a city as they were counted before, when they cannot have changed (see `Kept`)."""
        ids = {event.id for event in chosen}
        # plain dicts, not Counters: this runs over every event of a base whenever it is
        # stored, and Counter's own checks cost a third of the time
        themes: dict[str, int] = {}
        people_counts: dict[str, int] = {}
        roles: dict[str, dict[str, int]] = {}
        met: dict[str, set[str]] = {}
        stated: dict[str, set[str]] = {}
        for event in chosen:
            for theme in event.themes:
                themes[theme] = themes.get(theme, 0) + 1
            present = tuple(dict.fromkeys(event.members))
            for participant in present:
                people_counts[participant] = people_counts.get(participant, 0) + 1
            if len(present) > 1:
                for participant in present:
                    found = met.get(participant)
                    if found is None:
                        met[participant] = set(present)
                    else:
                        found.update(present)
                if len(event.sure) > 1:  # met where both participations are stated
                    for participant in event.sure:
                        known = stated.get(participant)
                        if known is None:
                            stated[participant] = set(event.sure)
                        else:
                            known.update(event.sure)
            for participant, role in zip(event.members, event.roles, strict=True):
                taken = roles.setdefault(participant, {})
                taken[role] = taken.get(role, 0) + 1
        return cls(
            events=len(chosen),
            participants=len({p for event in chosen for p in event.members}),
            themes=len({t for event in chosen for t in event.themes}),
            places=len({event.place for event in chosen if event.place}),
            sources=len({s for event in chosen for s in event.cited}),
            period=_period(chosen, lookup),
            years=_years(chosen, ids, parts, lookup),
            theme_counts=tuple(themes.items()),
            participant_counts=tuple(people_counts.items()),
            roles={p: tuple(found.items()) for p, found in roles.items()},
            contacts=tuple((p, len(others) - 1) for p, others in met.items()),
            inferred_only=tuple(
                (p, only)
                for p, others in met.items()
                if (only := len(others) - max(len(stated.get(p, ())), 1)) > 0
            ),
            partners=PartnerTable.of(_partners(chosen, people, places, kept)),
        )

    # -- stored as plain data ---------------------------------------------------------------

    def parts(self) -> dict[str, bytes]:
        """The tally as the rows the store keeps: TALLY, the headline counts and rankings
        (small, read by every summary); each participant's roles and each year's larger
        events in rows of their own, read only for those a summary prints."""
        head = [
            self.events,
            self.participants,
            self.themes,
            self.places,
            self.sources,
            list(self.period) if self.period else None,
            [[y.label, y.count, y.size] for y in self.years],
            _pairs(self.theme_counts),
            _pairs(self.participant_counts),
            _pairs(self.contacts),
            _pairs(self.inferred_only),
            _pairs(self.partners.sizes),
        ]
        parts = {TALLY: _json(head)}
        for participant in (p for p, _ in self.participant_counts):
            parts[ROLES + participant] = _json(_pairs(self.roles.get(participant, ())))
        for year in self.years:
            roots, held = year.roots, year.held
            for number, at in enumerate(range(0, len(roots), CHUNK)):
                parts[f"{YEARS}{year.label}/{number}"] = _json(
                    [list(roots[at : at + CHUNK]), list(held[at : at + CHUNK])]
                )
        for city, found, sure in self.partners:
            parts[PARTNERS + city] = _json([_pairs(found), list(sure)])
        return parts

    @classmethod
    def decode(cls, data: bytes, read: Read) -> Tally:
        """A stored tally from its headline part (`data`); `read(name, decode)` reads and
        decodes its other parts when they are asked for.  ValueError when it is not one
        (a damaged or foreign store)."""
        (
            events,
            participants,
            themes,
            places,
            sources,
            period,
            years,
            theme_counts,
            participant_counts,
            contacts,
            inferred_only,
            partners,
        ) = _list(json.loads(data), 12)
        counted = _counts(participant_counts)

        def roles(participant: str) -> Counts:
            found: Counts = read(ROLES + participant, lambda b: _counts(json.loads(b)))
            return found

        return cls(
            events=_int(events),
            participants=_int(participants),
            themes=_int(themes),
            places=_int(places),
            sources=_int(sources),
            period=None
            if period is None
            else (_str(_list(period, 2)[0]), _str(_list(period, 2)[1])),
            years=tuple(_year(item, read) for item in _list(years)),
            theme_counts=_counts(theme_counts),
            participant_counts=counted,
            roles=_Roles([p for p, _ in counted], roles),
            contacts=_counts(contacts),
            inferred_only=_counts(inferred_only),
            partners=_partner_table(_counts(partners), read),
        )

    @classmethod
    def from_parts(cls, parts: Mapping[str, bytes]) -> Tally:
        """A tally from all its parts at once (as `parts` gives them); ValueError when they
        are not one."""

        def read(name: str, decode: Callable[[bytes], Any]) -> Any:
            if name not in parts:
                raise ValueError("not a stored tally")
            return decode(parts[name])

        return cls.decode(parts[TALLY], read)


TALLY = "tally"
"""The name of a stored tally's headline part; the names of its other parts begin with
TALLY + '/' (ROLES, YEARS)."""
ROLES = TALLY + "/roles/"
YEARS = TALLY + "/years/"
PARTNERS = TALLY + "/partners/"


def _json(value: object) -> bytes:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":")).encode()


def ranked(
    items: Sequence[tuple[str, int]],
    label: Callable[[str], str],
    top: int,
    *,
    then_id: bool = False,
) -> tuple[list[tuple[str, int]], int]:
    """`sorted(items, key=(-count, label(id)))` (then by id, with `then_id`) cut to the first
    `top` (0: all), and how many were cut: the same result, but labels (which read the
    entity) are looked up only for the items that can be among the first `top`."""

    def key(kv: tuple[str, int]) -> tuple[int, str, str]:
        return -kv[1], label(kv[0]), kv[0] if then_id else ""

    if top <= 0 or len(items) <= top:
        return sorted(items, key=key), 0
    by_count = sorted(items, key=lambda kv: -kv[1])
    cutoff = by_count[top - 1][1]
    head = [kv for kv in by_count if kv[1] >= cutoff]
    return sorted(head, key=key)[:top], len(items) - top


def _period(chosen: Sequence[Facts], lookup: FactsOf) -> tuple[str, str] | None:
    """From the first start to the last end of the periods of the chosen events."""
    # most events have a date of their own: no walk up for those (100 000 at every store)
    daters = (
        (event, 0) if event.date or event.end else facts_dater(lookup, event) for event in chosen
    )
    dated = [found[0] for found in daters if found is not None and found[0].date]
    if not dated:
        return None
    first = min(dated, key=lambda e: date_key(e.date)).date
    last = max((e.end or e.date for e in dated), key=date_key)
    return first, last


def _years(
    chosen: Sequence[Facts], ids: set[str], parts: Mapping[str, Sequence[str]], lookup: FactsOf
) -> tuple[Year, ...]:
    by_year: dict[str, list[str]] = {}
    held: dict[str, int] = {}
    for event in chosen:
        if event.parent in ids:
            continue  # counted under its larger event
        year = int(event.date[:4]) if event.date else facts_year(lookup, event)
        label = "undated" if year is None else str(year)
        by_year.setdefault(label, []).append(event.id)
        held[event.id] = (
            sum(1 for part in _below(event.id, parts) if part in ids) if event.id in parts else 0
        )
    return tuple(
        Year(
            label,
            sum(1 + held[root] for root in roots),
            tuple(roots),
            tuple(held[root] for root in roots),
        )
        for label, roots in by_year.items()
    )


def _below(root: str, parts: Mapping[str, Sequence[str]]) -> Iterable[str]:
    """Everything below an event, at any depth (each once, whatever the data)."""
    seen = {root}
    stack = [root]
    while stack:
        for child in parts.get(stack.pop(), ()):
            if child not in seen:
                seen.add(child)
                stack.append(child)
                yield child


Kept = Callable[[str, set[str]], tuple[bool, Partners | None]]
"""For a city and its side: whether its partners are known as they were counted before
(True: none of the events an edit touched names one of its side, and the sides, the
events' order and what they name are otherwise as they were), and those partners (None:
it had none)."""


def _partners(
    chosen: Sequence[Facts],
    people: Sequence[Facts],
    places: Sequence[Facts],
    kept: Kept | None = None,
) -> tuple[Partners, ...]:
    """Each city body's side (see `_sides`) and the others it appears with in the events:
    who cooperates with whom; and which of those partners share at least one event at
    which both the partner's participation and one of the side's are stated."""
    sides = _sides(people, places)
    if not sides:
        return ()
    present: list[tuple[str, ...]] = []
    events_of: dict[str, list[int]] = {}

    def list_events() -> None:  # only when a city's partners are counted
        present.extend(tuple(dict.fromkeys(event.members)) for event in chosen)
        for at, members in enumerate(present):
            for participant in members:
                events_of.setdefault(participant, []).append(at)

    found = []
    for city, own in sides.items():
        if kept is not None:
            known, before = kept(city, own)
            if known:
                if before is not None:
                    found.append(before)
                continue
        if not present and chosen:
            list_events()
        shared: dict[str, int] = {}
        sure: dict[str, None] = {}
        for index in sorted({i for p in own for i in events_of.get(p, ())}):
            stated = chosen[index].sure
            own_stated = not own.isdisjoint(stated)
            for other in present[index]:
                if other not in own:
                    shared[other] = shared.get(other, 0) + 1
                    if own_stated and other in stated:
                        sure[other] = None
        if shared:
            found.append((city, tuple(shared.items()), tuple(sure)))
    return tuple(found)


def _sides(people: Sequence[Facts], places: Sequence[Facts]) -> dict[str, set[str]]:
    """For every city body, its side, by the rule of `tui.sides` (the body, its units, the
    people holding an office in it, the bodies based in the city and their units), over
    the participants' facts."""
    cities = [(p.id, p.seat) for p in people if p.kind == "city"]
    if not cities:
        return {}
    parent = {entity.id: entity.parent for entity in (*people, *places)}

    def up(start: str) -> dict[str, None]:
        """`start` and its ancestors, nearest first (as `tui.hierarchy.lineage` walks
        them)."""
        chain = {start: None}
        current = parent.get(start)
        while current is not None and current not in chain and current in parent:
            chain[current] = None
            current = parent[current]
        return chain

    chain = {p.id: up(p.id) for p in people}
    direct = {
        p.id: direct_cities(cities, chain[p.id], up(p.seat) if p.seat else {}, set(p.members))
        for p in people
    }
    nothing: frozenset[str] = frozenset()
    sides: dict[str, set[str]] = {city: set() for city, _ in cities}
    for pid, ancestors in chain.items():
        for city in sides_of(ancestors, lambda member: direct.get(member, nothing)):
            sides[city].add(pid)
    return sides


# -- checking what is read back --------------------------------------------------------------


def _pairs(counts: Counts) -> list[object]:
    return [item for pair in counts for item in pair]


def _list(value: object, size: int | None = None) -> list[object]:
    if not isinstance(value, list) or (size is not None and len(value) != size):
        raise ValueError("not a stored tally")
    return value


def _dict(value: object) -> dict[object, object]:
    if not isinstance(value, dict):
        raise ValueError("not a stored tally")
    return value


def _int(value: object) -> int:
    if type(value) is not int:
        raise ValueError("not a stored tally")
    return value


def _str(value: object) -> str:
    if not isinstance(value, str):
        raise ValueError("not a stored tally")
    return value


def _counts(value: object) -> Counts:
    flat = _list(value)
    ids, counts = flat[0::2], flat[1::2]
    if len(ids) != len(counts) or not _all_of(ids, str) or not _all_of(counts, int):
        raise ValueError("not a stored tally")
    return tuple(zip(ids, counts, strict=True))  # type: ignore[arg-type]  # checked above


def _texts(value: object) -> tuple[str, ...]:
    items = _list(value)
    if not _all_of(items, str):
        raise ValueError("not a stored tally")
    return tuple(items)  # type: ignore[arg-type]  # checked just above


def _all_of(items: list[object], kind: type) -> bool:
    """Whether every item is of exactly this type (a bool is no count), checked without a
    Python call per item: a stored tally of 100 000 events holds hundreds of thousands."""
    return not items or set(map(type, items)) == {kind}


def _partner_table(sizes: Counts, read: Read) -> PartnerTable:
    def fetch(at: int) -> Partners:
        city, size = sizes[at]

        def decode(data: bytes) -> Partners:
            found, sure = _list(json.loads(data), 2)
            partners = _counts(found)
            if len(partners) != size:
                raise ValueError("not a stored tally")
            return city, partners, _texts(sure)

        partners: Partners = read(PARTNERS + city, decode)
        return partners

    return PartnerTable(sizes, fetch)


def _year(value: object, read: Read) -> Year:
    label, count, size = _list(value, 3)
    key = f"{YEARS}{_str(label)}/"
    chunks = -(-_int(size) // CHUNK)

    def fetch(number: int) -> tuple[tuple[str, ...], tuple[int, ...]]:
        found: tuple[tuple[str, ...], tuple[int, ...]] = read(
            f"{key}{number}", lambda b: _chunk(json.loads(b), number, chunks, _int(size))
        )
        return found

    return Year.stored(_str(label), _int(count), _int(size), fetch)


def _chunk(
    value: object, number: int, chunks: int, size: int
) -> tuple[tuple[str, ...], tuple[int, ...]]:
    """One row of a year's larger events, as long as its place among `chunks` says."""
    roots, held = _list(value, 2)
    numbers = _list(held)
    expected = CHUNK if number < chunks - 1 else size - CHUNK * (chunks - 1)
    names = _texts(roots)
    if not _all_of(numbers, int) or len(names) != expected or len(numbers) != expected:
        raise ValueError("not a stored tally")
    return names, tuple(numbers)  # type: ignore[arg-type]  # checked just above
