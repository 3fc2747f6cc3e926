"""A fact base that is opened, not loaded: its entities stay in the store until asked for.

`StoredBase` is a `FactBase` (everything downstream takes it unchanged) whose collections,
id lookup, backlinks, list orders and summary counts read the store's SQLite file on
demand.  Opening one costs a few queries whatever the size of the base; asking for an
entity decodes that one entity (and keeps it).  Only walking a whole collection (an export,
building a search index) still decodes everything, as it must.

A published store is never written again (an update writes a new one and renames it over
the old), so it is opened `immutable`: SQLite then takes no locks and never looks for a
rollback journal or write-ahead log beside it, let alone replays one.

Thread-safe: the browser asks from its UI thread and from workers at once; one connection
is shared under a lock (SQLite itself releases the GIL while it reads).
"""

from __future__ import annotations

import contextlib
import os
import sqlite3
import threading
from bisect import bisect_right
from collections.abc import Callable, Container, Iterable, Iterator, Mapping, Sequence
from pathlib import Path
from types import MappingProxyType
from typing import TYPE_CHECKING, Any, Concatenate, ParamSpec, TypeVar, cast, overload

from tui.entities import AnyEntity, Event, Facts, Participant, Place, Source, Theme
from tui.model import Backlinks, FactBase, Memo
from tui.record import record
from tui.store.codec import (
    COLLECTIONS,
    decode_entity,
    decode_facts,
    decode_links,
    decode_listing,
    split_ids,
)
from tui.store.damage import StoreDamaged, decoded, unseal
from tui.store.fingerprint import APPLICATION_ID, FORMAT, code_key
from tui.store.folder import file_problem, folder_problem, same_file, warn

if TYPE_CHECKING:
    from tui.listing import Listing
    from tui.tally import Tally

LINK_TABLES = (
    "events",
    "parts",
    "children",
    "theme_participants",
    "participant_themes",
    "citations",
    "referrers",
)
"""The tables of `tui.model.Backlinks`, in the order a stored row holds them."""

FILE_BITS = 24
"""An entity's row is (collection << 2·FILE_BITS) | (file << FILE_BITS) | its number in the
file: each file's entities of one collection are one range of rows."""

_P = ParamSpec("_P")
_R = TypeVar("_R")
_E = TypeVar("_E", Source, Place, Participant, Theme, Event)
Row = tuple[Any, ...]


def row_of(collection: int, file: int, number: int) -> int:
    return (collection << (2 * FILE_BITS)) | (file << FILE_BITS) | number


class Connection:
    """One SQLite connection shared by the threads of one program."""

    def __init__(self, connection: sqlite3.Connection) -> None:
        self.raw = connection
        self.lock = threading.Lock()
        self._listeners: list[Callable[[], None]] = []
        self.is_damaged = False

    def damaged(self) -> None:
        """Tell whoever listens (the browser) once that the store went bad: the exception
        itself may surface where nobody can act on it (painting a row)."""
        with self.lock:
            first, self.is_damaged = not self.is_damaged, True
            listeners = list(self._listeners)
        if first:
            for listener in listeners:
                listener()

    def one(self, sql: str, args: Row = ()) -> Any:
        """The first column of the first row (None when there is no row)."""
        try:
            with self.lock:
                row = self.raw.execute(sql, args).fetchone()
        except sqlite3.Error as error:
            raise StoreDamaged(str(error)) from error
        return None if row is None else row[0]

    def rows(self, sql: str, args: Row = ()) -> list[Row]:
        try:
            with self.lock:
                found: list[Row] = self.raw.execute(sql, args).fetchall()
                return found
        except sqlite3.Error as error:
            raise StoreDamaged(str(error)) from error

    def listen(self, listener: Callable[[], None]) -> None:
        with self.lock:
            self._listeners.append(listener)

    def close(self) -> None:
        with self.lock:
            self.raw.close()

    def __del__(self) -> None:
        # A sqlite3 connection is a reference cycle of its own (its statement cache), so
        # dropping it frees nothing until the cycle collector runs, and never once a paused
        # collector has frozen it: closed here, as soon as nothing uses this connection.
        with contextlib.suppress(Exception):  # closing at teardown must never raise
            self.raw.close()


def connect(path: Path) -> sqlite3.Connection:
    """A read-only connection to a finished store file, which nothing writes any more:
    `immutable`, so no journal beside it is ever read (see the module docstring)."""
    return sqlite3.connect(
        f"{path.as_uri()}?mode=ro&immutable=1", uri=True, check_same_thread=False
    )


class _Reader:
    """Something that reads from one connection and reports the damage it finds there."""

    db: Connection


_S = TypeVar("_S", bound=_Reader)


def _reporting(method: Callable[Concatenate[_S, _P], _R]) -> Callable[Concatenate[_S, _P], _R]:
    """Damage found by `method` is reported to the connection's listeners, then raised."""

    def reporting(self: _S, /, *args: _P.args, **kwargs: _P.kwargs) -> _R:
        try:
            return method(self, *args, **kwargs)
        except StoreDamaged:
            self.db.damaged()
            raise

    return reporting


def _ids(payload: bytes) -> tuple[str, ...]:
    return split_ids(payload.decode())


def _entity(data: bytes | None) -> AnyEntity:
    return decoded(data, decode_entity, "a stored entity")


class _Entities(_Reader):
    """The decoding side: entities by row or id, each decoded once and kept.

    Kept without limit by default: the browser asks for the same entities again and again
    and relies on finding them.  A walk through the whole base (an export) sets `bound`:
    then what was decoded is kept in two generations of at most `bound` entities each (a
    full young one becomes the old one, the old one is let go; an entity found in the old
    one moves back to the young), so that memory follows what is in use, not the size of
    the base, and the entities a walk asks for again and again (the trips, places, people
    every page names) stay decoded."""

    def __init__(self, db: Connection) -> None:
        self.db = db
        self.by_id: dict[str, AnyEntity] = {}
        self.by_row: dict[int, AnyEntity] = {}
        self._old_id: dict[str, AnyEntity] = {}
        self._old_row: dict[int, AnyEntity] = {}
        self.bound: int | None = None
        self._lock = threading.Lock()

    def held(self) -> int:
        """How many decoded entities are kept now (the young and the old generation)."""
        return len(self.by_id) + len(self._old_id)

    def _keep(self, row: int | None, entity: AnyEntity) -> AnyEntity:
        """`entity` kept (at `row` when known); the object kept already for its id wins."""
        with self._lock:
            kept = self.by_id.get(entity.id)
            if kept is None:
                kept = self._old_id.get(entity.id, entity)  # one object per entity
                bound = self.bound
                if bound is not None and len(self.by_id) >= bound:
                    self._old_id, self._old_row = self.by_id, self.by_row
                    self.by_id, self.by_row = {}, {}
                self.by_id[entity.id] = kept
            if row is not None:
                self.by_row[row] = kept
        return kept

    def _kept_row(self, row: int) -> AnyEntity | None:
        found = self.by_row.get(row)
        if found is None and self._old_row:
            old = self._old_row.get(row)
            if old is not None:
                found = self._keep(row, old)
        return found

    def _kept_id(self, entity_id: str) -> AnyEntity | None:
        found = self.by_id.get(entity_id)
        if found is None and self._old_id:
            old = self._old_id.get(entity_id)
            if old is not None:
                found = self._keep(None, old)
        return found

    def bounded(self, bound: int | None) -> None:
        """Keep at most about 2 × `bound` decoded entities from now on (None: all); what is
        kept beyond a new bound is let go now."""
        with self._lock:
            self.bound = bound
            if bound is not None and len(self.by_id) > bound:
                self.by_id, self.by_row = {}, {}
            if bound is None or len(self.by_id) + len(self._old_id) > 2 * bound:
                self._old_id, self._old_row = {}, {}

    @_reporting
    def at(self, row: int) -> AnyEntity:
        found = self._kept_row(row)
        if found is None:
            data = self.db.one("SELECT data FROM entities WHERE row = ?", (row,))
            if data is None:
                raise StoreDamaged(f"entity {row} is missing from the store")
            found = self._keep(row, _entity(data))
        return found

    @_reporting
    def span(self, start: int, stop: int) -> list[AnyEntity]:
        """Rows start..stop-1 in one query (iteration reads in blocks, not row by row)."""
        found: dict[int, AnyEntity] = {}
        for row in range(start, stop):
            kept = self._kept_row(row)
            if kept is not None:
                found[row] = kept
        if len(found) < stop - start:
            missing = [row for row in range(start, stop) if row not in found]
            for row, data in self.db.rows(
                "SELECT row, data FROM entities WHERE row >= ? AND row < ?",
                (missing[0], missing[-1] + 1),
            ):
                if row not in found:
                    found[row] = self._keep(row, _entity(data))
        return [found[row] if row in found else self.at(row) for row in range(start, stop)]

    @_reporting
    def get(self, entity_id: str) -> AnyEntity | None:
        found = self.by_id.get(entity_id)
        if found is None:
            if not isinstance(entity_id, str):
                return None
            found = self._kept_id(entity_id)
            if found is not None:
                return found
            row = self.db.rows("SELECT row, data FROM entities WHERE id = ?", (entity_id,))
            if not row:
                return None
            found = self._keep(row[0][0], _entity(row[0][1]))
        return found

    @_reporting
    def fetch(self, ids: Iterable[str]) -> None:
        """Read the entities not read yet among `ids`, in one query for up to 500: a search
        shows fifty at a time, and one query each cost more than decoding them."""
        by_id = self.by_id
        missing = [
            i
            for i in dict.fromkeys(ids)
            if i not in by_id and isinstance(i, str) and self._kept_id(i) is None
        ]
        for at in range(0, len(missing), 500):
            chunk = missing[at : at + 500]
            for row, data in self.db.rows(
                f"SELECT row, data FROM entities WHERE id IN ({','.join('?' * len(chunk))})",
                tuple(chunk),
            ):
                if row not in self.by_row:
                    self._keep(row, _entity(data))

    @_reporting
    def records(self, ids: Iterable[str]) -> dict[str, bytes]:
        """The stored bytes of these entities, undecoded, in one query for up to 500."""
        wanted = [i for i in dict.fromkeys(ids) if isinstance(i, str)]
        found: dict[str, bytes] = {}
        for at in range(0, len(wanted), 500):
            chunk = wanted[at : at + 500]
            for entity_id, data in self.db.rows(
                f"SELECT id, data FROM entities WHERE id IN ({','.join('?' * len(chunk))})",
                tuple(chunk),
            ):
                found[entity_id] = bytes(data)
        return found

    def rows_of(self, ids: Iterable[str]) -> dict[str, int]:
        """The rows of these entities among those read (a worker may be reading more)."""
        wanted = set(ids)
        with self._lock:
            return {e.id: row for row, e in self.by_row.items() if e.id in wanted}

    @_reporting
    def known(self, entity_id: str) -> bool:
        return self.db.one("SELECT 1 FROM entities WHERE id = ?", (entity_id,)) is not None


class StoredCollection(Sequence[AnyEntity]):
    """One collection in file order: each file's entities of it are one range of rows."""

    _BLOCK = 512

    def __init__(self, entities: _Entities, ranges: Sequence[tuple[int, int]]) -> None:
        """`ranges`: (first row, count) of each file, in the base's order of files."""
        self._entities = entities
        self._ranges = [(start, count) for start, count in ranges if count]
        self._offsets: list[int] = []
        total = 0
        for _, count in self._ranges:
            self._offsets.append(total)
            total += count
        self._count = total

    def __len__(self) -> int:
        return self._count

    @overload
    def __getitem__(self, index: int) -> AnyEntity: ...
    @overload
    def __getitem__(self, index: slice) -> Sequence[AnyEntity]: ...
    def __getitem__(self, index: int | slice) -> AnyEntity | Sequence[AnyEntity]:
        if isinstance(index, slice):
            return tuple(self._at(i) for i in range(*index.indices(self._count)))
        if index < 0:
            index += self._count
        if not 0 <= index < self._count:
            raise IndexError(index)
        return self._at(index)

    def _at(self, index: int) -> AnyEntity:
        which = bisect_right(self._offsets, index) - 1
        return self._entities.at(self._ranges[which][0] + index - self._offsets[which])

    def __iter__(self) -> Iterator[AnyEntity]:
        for start, count in self._ranges:
            for at in range(0, count, self._BLOCK):
                yield from self._entities.span(start + at, start + min(at + self._BLOCK, count))

    def rows(self) -> Iterator[tuple[int, int]]:
        """(first row, count) of each file's entities of this collection."""
        return iter(self._ranges)

    def index_of(self, row: int) -> int | None:
        """Where the entity of `row` stands in the collection (None: not one of it)."""
        for (start, count), offset in zip(self._ranges, self._offsets, strict=True):
            if start <= row < start + count:
                return offset + row - start
        return None

    def __eq__(self, other: object) -> bool:
        return self is other

    __hash__ = object.__hash__

    def __repr__(self) -> str:
        return f"<{self._count} stored entities>"


class _ById(Mapping[str, AnyEntity]):
    def __init__(self, entities: _Entities, collections: Sequence[StoredCollection]) -> None:
        self._entities = entities
        self._collections = collections

    def __getitem__(self, entity_id: str) -> AnyEntity:
        found = self._entities.get(entity_id)
        if found is None:
            raise KeyError(entity_id)
        return found

    def __contains__(self, entity_id: object) -> bool:
        if not isinstance(entity_id, str):
            return False
        return entity_id in self._entities.by_id or self._entities.known(entity_id)

    def __len__(self) -> int:
        return sum(len(collection) for collection in self._collections)

    def __iter__(self) -> Iterator[str]:
        for collection in self._collections:
            for start, count in collection.rows():
                for (entity_id,) in self._entities.db.rows(
                    "SELECT id FROM entities WHERE row >= ? AND row < ? ORDER BY row",
                    (start, start + count),
                ):
                    yield entity_id


LinkRow = tuple[tuple[str, ...], ...]


def _link_row(payload: bytes) -> LinkRow:
    return decode_links(payload, len(LINK_TABLES))


class _Links(_Reader):
    """The backlinks of each entity, one stored row per entity (all seven tables at once:
    the detail of an entity asks for most of them); kept as the entities are (`bound`, see
    `_Entities`)."""

    def __init__(self, db: Connection) -> None:
        self.db = db
        self._rows: dict[str, LinkRow] = {}
        self._old: dict[str, LinkRow] = {}
        self.bound: int | None = None

    def held(self) -> int:
        return len(self._rows) + len(self._old)

    def bounded(self, bound: int | None) -> None:
        self.bound = bound
        self._old = {}
        if bound is not None and len(self._rows) > bound:
            self._rows = {}

    @_reporting
    def of(self, entity_id: str) -> LinkRow:
        found = self._rows.get(entity_id)
        if found is None:
            found = self._old.get(entity_id)
            if found is None:
                data = self.db.one("SELECT data FROM links WHERE id = ?", (entity_id,))
                if data is None:
                    found = ((),) * len(LINK_TABLES)
                else:
                    found = decoded(data, _link_row, "stored links")
            if self.bound is not None and len(self._rows) >= self.bound:
                self._old, self._rows = self._rows, {}
            self._rows[entity_id] = found
        return found


class _LinkTable(Mapping[str, tuple[str, ...]]):
    """One backlink table as `Backlinks` has it: only `get` is asked for."""

    def __init__(self, links: _Links, at: int) -> None:
        self._links = links
        self._at = at

    def __getitem__(self, entity_id: str) -> tuple[str, ...]:
        found = self._links.of(entity_id)[self._at]
        if not found:
            raise KeyError(entity_id)
        return found

    def __contains__(self, entity_id: object) -> bool:
        return isinstance(entity_id, str) and bool(self._links.of(entity_id)[self._at])

    def __len__(self) -> int:
        return sum(1 for _ in self)

    def __iter__(self) -> Iterator[str]:
        for entity_id, data in self._links.db.rows("SELECT id, data FROM links"):
            if decoded(data, _link_row, "stored links")[self._at]:
                yield entity_id


class _Ordered(Sequence[Event]):
    """Events by id in a stored order (the timeline), decoded as they are asked for."""

    def __init__(self, ids: Sequence[str], entities: _Entities) -> None:
        self._ids = ids
        self._entities = entities

    def __len__(self) -> int:
        return len(self._ids)

    @overload
    def __getitem__(self, index: int) -> Event: ...
    @overload
    def __getitem__(self, index: slice) -> Sequence[Event]: ...
    def __getitem__(self, index: int | slice) -> Event | Sequence[Event]:
        if isinstance(index, slice):
            return tuple(self._fetch(i) for i in self._ids[index])
        return self._fetch(self._ids[index])

    def _fetch(self, entity_id: str) -> Event:
        found = self._entities.get(entity_id)
        if not isinstance(found, Event):
            raise StoreDamaged(f"{entity_id!r} is listed but not stored")
        return found


class StoredBase(FactBase, _Reader):
    """A `FactBase` read from the store as it is used (see the module docstring)."""

    stored = True

    def __init__(self, db: Connection, layout: Sequence[Sequence[tuple[int, int]]]) -> None:
        """`layout`: per collection, (first row, count) of each file in the base's order."""
        self.db = db
        self._entities = entities = _Entities(db)
        self._collections = [StoredCollection(entities, ranges) for ranges in layout]
        self._by_id = _ById(entities, self._collections)
        self._links = _Links(db)
        self._memo = Memo()

    def _collection(self, name: str) -> StoredCollection:
        return self._collections[COLLECTIONS.index(name)]

    @property
    def sources(self) -> Sequence[Source]:
        return cast(Sequence[Source], self._collection("sources"))

    @property
    def places(self) -> Sequence[Place]:
        return cast(Sequence[Place], self._collection("places"))

    @property
    def participants(self) -> Sequence[Participant]:
        return cast(Sequence[Participant], self._collection("participants"))

    @property
    def themes(self) -> Sequence[Theme]:
        return cast(Sequence[Theme], self._collection("themes"))

    @property
    def events(self) -> Sequence[Event]:
        return cast(Sequence[Event], self._collection("events"))

    def __len__(self) -> int:
        return sum(len(collection) for collection in self._collections)

    def __repr__(self) -> str:
        return f"<StoredBase of {len(self)} entities>"

    @property
    def by_id(self) -> Mapping[str, AnyEntity]:
        return self._by_id

    def get(self, entity_id: str) -> AnyEntity | None:
        # an entity decoded already is found here, without the calls around a read (the
        # pages of an export ask for the same places and people half a million times)
        found = self._entities.by_id.get(entity_id)
        return found if found is not None else self._entities.get(entity_id)

    def prefetch(self, ids: Iterable[str]) -> None:
        """Read these entities now, together (see `_Entities.fetch`)."""
        self._entities.fetch(ids)

    def _all(self, ids: Iterable[str], kind: type[_E]) -> tuple[_E, ...]:
        """The entities behind backlink ids, read together (one query per 500, not one
        each: a broad theme's page lists thousands of events)."""
        wanted = tuple(ids)
        entities = self._entities
        entities.fetch(wanted)
        by_id = entities.by_id
        if all(map(by_id.__contains__, wanted)):
            return cast(tuple[_E, ...], tuple(map(by_id.__getitem__, wanted)))
        # let go meanwhile (a bounded walk), or not stored: asked for one by one
        return cast(tuple[_E, ...], tuple(self._by_id[i] for i in wanted))

    def records(self, ids: Iterable[str]) -> dict[str, bytes]:
        """The stored bytes of these entities, undecoded: the same bytes are the same
        entity, so two stores tell which entities an edit changed without decoding them."""
        return self._entities.records(ids)

    @property
    def event_positions(self) -> Mapping[str, int]:
        """From the events' ids in file order, kept as one value: read in one query, not
        one per event (an export asks for every event's)."""
        return self._memo.get(
            "event_positions",
            lambda: MappingProxyType(
                {entity_id: at for at, entity_id in enumerate(self._kept("positions", _ids))}
            ),
        )

    @_reporting
    def events_in_order(self) -> list[str]:
        """Every event's id in the one event order (`tui.order.EventOrder`: by period, then
        as written), worked out from the facts the store keeps of each file: a whole export
        orders 100 000 events without decoding one (it decodes each on its page)."""
        from tui.periods import written_order

        at = COLLECTIONS.index("events")
        events = [
            facts
            for (data,) in self.db.rows("SELECT facts FROM files ORDER BY rank")
            for facts in decoded(data, decode_facts, "the stored facts of a file")[at]
        ]
        return [facts.id for facts in written_order(events)]

    @_reporting
    def ids_of(self, collection: str) -> list[str]:
        """The ids of one collection in file order, without decoding its entities."""
        found: list[str] = []
        for start, count in self._collection(collection).rows():
            found.extend(
                entity_id
                for (entity_id,) in self.db.rows(
                    "SELECT id FROM entities WHERE row >= ? AND row < ? ORDER BY row",
                    (start, start + count),
                )
            )
        return found

    def positions_of(self, ids: Iterable[str]) -> Mapping[str, int]:
        """From the rows of these events (read here if not yet): each file's events are
        one range of rows, in the base's order of files."""
        if self._memo.known("event_positions"):
            return super().positions_of(ids)
        wanted = tuple(ids)
        self._entities.fetch(wanted)
        events = self._collection("events")
        found = {}
        for entity_id, row in self._entities.rows_of(wanted).items():
            at = events.index_of(row)
            if at is not None:
                found[entity_id] = at
        return found

    @property
    def backlinks(self) -> Backlinks:
        def stored() -> Backlinks:
            links = self._links
            return Backlinks(*(_LinkTable(links, at) for at in range(len(LINK_TABLES))))

        return self._memo.get("backlinks", stored)

    def timeline(self) -> Sequence[Event]:
        return self._memo.get(
            "timeline", lambda: _Ordered(self.listing("timeline").ids, self._entities)
        )

    def listing(self, key: str) -> Listing:
        from tui.listing import LISTS  # only the browser's lists

        if key not in LISTS:
            raise KeyError(key)
        return self._memo.get(("listing", key), lambda: self._kept(key, decode_listing))

    def whole_tally(self) -> Tally:
        from tui.tally import TALLY, Tally  # only a summary counts

        # the headline counts now; a participant's roles, a year's larger events when asked
        return self._memo.get(
            "tally", lambda: self._kept(TALLY, lambda data: Tally.decode(data, self._kept))
        )

    @_reporting
    def _kept(self, key: str, decode: Callable[[bytes], _R]) -> _R:
        """A value worked out from the base when it was stored (a list, the counts)."""
        data = self.db.one("SELECT data FROM listings WHERE key = ?", (key,))
        if data is None:
            raise StoreDamaged(f"{key!r} is missing from the store")
        return decoded(data, decode, f"the stored {key}")

    def on_damage(self, listener: Callable[[], None]) -> None:
        self.db.listen(listener)

    WALK_BOUND = 16_384
    """How many decoded entities (and backlink rows) a walk through the whole base keeps
    in each of two generations: the trips, places and people the pages name again and again
    stay decoded, the rest is let go (see `_Entities`)."""

    @contextlib.contextmanager
    def walking(self) -> Iterator[None]:
        entities, links = self._entities, self._links
        before = entities.bound, links.bound
        entities.bounded(self.WALK_BOUND)
        links.bounded(self.WALK_BOUND)
        try:
            yield
        finally:
            entities.bounded(before[0])
            links.bounded(before[1])

    def held(self) -> int:
        """How many decoded entities the base keeps now (what a walk bounds)."""
        return self._entities.held()


# -- opening --------------------------------------------------------------------------------


@record
class FileRecord:
    """What the store knows of one fact file: its state when read, and where its entities,
    facts and references are."""

    fid: int
    path: str
    """Relative to the base."""
    signature: str
    digest: bytes | None
    """The content's hash, kept when the file had changed just before it was read."""
    counts: tuple[int, ...]
    """Its entities per collection."""
    order: str
    """The collections in the order the file gives them (numbers of COLLECTIONS)."""


class Store(_Reader):
    """An opened store: the stored base and what it knows of each fact file."""

    def __init__(
        self,
        path: Path,
        db: Connection,
        token: str,
        files: Sequence[FileRecord],
        stat: os.stat_result | None = None,
    ):
        self.path = path
        self.stat = stat
        """The file's state when opened: an update copies the file while it is still that."""
        self.db = db
        self.token = token
        self.files = list(files)
        """In the base's order."""
        self.by_path = {record.path: record for record in files}
        self._base: StoredBase | None = None

    def base(self) -> StoredBase:
        if self._base is None:
            layout = [
                [(row_of(c, f.fid, 0), f.counts[c]) for f in self.files]
                for c in range(len(COLLECTIONS))
            ]
            self._base = StoredBase(self.db, layout)
        return self._base

    @_reporting
    def facts(self, fid: int) -> tuple[tuple[Facts, ...], ...]:
        data = self.db.one("SELECT facts FROM files WHERE fid = ?", (fid,))
        return decoded(data, decode_facts, "the stored facts of a file")

    @_reporting
    def collections_of(self, ids: Iterable[str], fids: Container[int]) -> dict[str, str]:
        """The collection of each of these ids that a file of `fids` defines (the others
        left out), from the id table alone: in one query per 500 ids."""
        wanted = [i for i in dict.fromkeys(ids) if isinstance(i, str)]
        found: dict[str, str] = {}
        mask = (1 << FILE_BITS) - 1
        for at in range(0, len(wanted), 500):
            chunk = wanted[at : at + 500]
            for entity_id, row in self.db.rows(
                f"SELECT id, row FROM entities WHERE id IN ({','.join('?' * len(chunk))})",
                tuple(chunk),
            ):
                if (row >> FILE_BITS) & mask in fids:
                    found[entity_id] = COLLECTIONS[row >> (2 * FILE_BITS)]
        return found

    @_reporting
    def references(self, fid: int) -> tuple[tuple[str, ...], bytes]:
        """The ids a file refers to, and what each may name (numbers of `reference_kinds()`)."""
        rows = self.db.rows("SELECT targets, kinds FROM files WHERE fid = ?", (fid,))
        if not rows:
            raise StoreDamaged("a file is missing from the store")
        targets = decoded(rows[0][0], _ids, "the stored references of a file")
        kinds = unseal(rows[0][1])
        if len(kinds) != len(targets):
            raise StoreDamaged("the stored references of a file are damaged")
        return targets, kinds

    def close(self) -> None:
        self.db.close()


def open_store(path: Path) -> Store | None:
    """The store at `path` if it exists, may be trusted, is ours, intact, of this format
    and written by this code; None otherwise (the caller reads the YAML and stores it
    anew).  A store that may not be trusted is said so on stderr, once."""
    reason = folder_problem(path.parent, create=False)
    if reason is not None:
        warn(reason)
        return None
    try:
        before = os.lstat(path)
    except OSError:
        return None
    reason = file_problem(path, before)
    if reason is not None:
        warn(reason)
        return None
    try:
        raw = connect(path)
    except sqlite3.Error:
        return None
    db = Connection(raw)
    try:
        after = os.lstat(path)
        if same_file(before, after) and file_problem(path, after) is None:
            size = db.one("PRAGMA page_count") * db.one("PRAGMA page_size")
            # ours (not just any SQLite file), and not cut short (SQLite's header still
            # counts the pages it had)
            if db.one("PRAGMA application_id") == APPLICATION_ID and size == after.st_size:
                meta: dict[str, Any] = dict(db.rows("SELECT name, value FROM meta"))
                if (
                    meta.get("format") == FORMAT
                    and meta.get("code") == code_key()
                    and meta.get("complete") == 1
                ):
                    return Store(path, db, str(meta["token"]), _files(db), after)
    except (StoreDamaged, KeyError, ValueError, TypeError):
        pass
    db.close()
    return None


def store_on(raw: sqlite3.Connection, path: Path, stat: os.stat_result | None = None) -> Store:
    """The store a writer has just finished (and is about to rename to `path`; `stat`: the
    state of the finished file, which the rename keeps)."""
    db = Connection(raw)
    token = str(db.one("SELECT value FROM meta WHERE name = 'token'"))
    return Store(path, db, token, _files(db), stat)


def _files(db: Connection) -> list[FileRecord]:
    found = []
    for fid, path, signature, digest, counts, order in db.rows(
        "SELECT fid, path, signature, digest, counts, collections FROM files ORDER BY rank"
    ):
        numbers = tuple(int(n) for n in str(counts).split())
        if (
            not isinstance(fid, int)
            or not isinstance(path, str)
            or len(numbers) != 5
            or not isinstance(signature, str)
            or not isinstance(order, str)
            or not set(order) <= set("01234")
            or fid >= 1 << FILE_BITS
        ):
            raise ValueError("not a store of fact files")
        found.append(
            FileRecord(
                fid, path, signature, bytes(digest) if digest is not None else None, numbers, order
            )
        )
    return found


def open_parts(path: Path, token: str) -> Callable[[str], bytes | None] | None:
    """The parts of a derived value (a search index) kept at `path` for the stored base
    with `token`; None when there are none that may be trusted and fit that base."""
    reason = folder_problem(path.parent, create=False)
    try:
        before = os.lstat(path)
    except OSError:
        return None
    reason = reason or file_problem(path, before)
    if reason is not None:
        warn(reason)
        return None
    try:
        db = Connection(connect(path))
    except sqlite3.Error:
        return None
    try:
        after = os.lstat(path)
        if (
            same_file(before, after)
            and db.one("PRAGMA application_id") == APPLICATION_ID
            and db.one("PRAGMA page_count") * db.one("PRAGMA page_size") == after.st_size
        ):
            meta: dict[str, Any] = dict(db.rows("SELECT name, value FROM meta"))
            if (
                meta.get("format") == FORMAT
                and meta.get("code") == code_key()
                and meta.get("token") == token
                and meta.get("complete") == 1
            ):
                return PartReader(db, path, after)
    except (StoreDamaged, ValueError, TypeError):
        pass
    db.close()
    return None


class PartReader(_Reader):
    def __init__(
        self, db: Connection, path: Path | None = None, stat: os.stat_result | None = None
    ) -> None:
        self.db = db
        self.path = path
        self.stat = stat
        """The file's state when opened (see `Store.stat`)."""
        self.handle: int | None = None
        """The file, held open (`hold`)."""

    def hold(self) -> None:
        """Keep the file open, if it is still the one opened, so that an update can copy it
        after a new store has removed it from the folder (see `Temporary.copy_of`)."""
        if self.handle is not None or self.path is None or self.stat is None:
            return
        try:
            handle = os.open(self.path, os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0))
        except OSError:
            return
        if same_file(self.stat, os.fstat(handle)):
            self.handle = handle
        else:
            os.close(handle)

    @_reporting
    def __call__(self, name: str) -> bytes | None:
        data = self.db.one("SELECT data FROM parts WHERE name = ?", (name,))
        return None if data is None else unseal(data)

    def close(self) -> None:
        """Let go of the file (a value updated from these parts reads the new ones)."""
        self.db.close()
        if self.handle is not None:
            os.close(self.handle)
            self.handle = None
