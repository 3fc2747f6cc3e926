"""A fact base that is opened, not loaded: its entities stay in the store until asked for.

`StoredBase` is a `FactBase` (everything downstream takes it unchanged) whose collections,
id lookup, backlinks and list orders read the cache's SQLite file on demand.  Opening one
costs a few queries whatever the size of the base; asking for an entity decodes that one
entity (and keeps it).  Only walking a whole collection (an export, a summary, building a
search index) still decodes everything, as it must.

Thread-safe: the browser asks from its UI thread and from workers at once; one connection
is shared under a lock (SQLite itself releases the GIL while it reads).
"""

from __future__ import annotations

import functools
import marshal
import pickle
import sqlite3
import threading
import zlib
from array import array
from collections.abc import Callable, Iterator, Mapping, Sequence
from functools import cached_property
from typing import Any, overload

from tui.listing import Listing
from tui.model import AnyEntity, Event, FactBase

COLLECTIONS = ("sources", "places", "participants", "themes", "events")
LINK_TABLES = ("events", "parts", "children", "theme_participants", "participant_themes",
               "citations", "referrers")
"""The backlink tables of `tui.model._Backlinks`, in the order a stored row holds them."""


class StoreDamaged(LookupError):
    """The cache file went bad after it was opened (a truncated or overwritten file, a part
    of the search index missing): the caller drops it and reads the YAML again."""


def seal(payload: bytes) -> bytes:
    """A stored value with its CRC-32 in front, so that damage is noticed, not decoded."""
    return zlib.crc32(payload).to_bytes(4, "little") + payload


def decoded(data: bytes | None, decode: Callable[[bytes], Any], what: str) -> Any:
    """A sealed value decoded; damage of any kind (a damaged pickle can raise almost
    anything) as StoreDamaged."""
    payload = unseal(data)
    try:
        return decode(payload)
    except Exception as error:
        raise StoreDamaged(f"{what} cannot be read: {error}") from error


def unseal(data: bytes | None) -> bytes:
    if data is None or len(data) < 4 or zlib.crc32(data[4:]) != int.from_bytes(data[:4], "little"):
        raise StoreDamaged("a stored value is damaged")
    return bytes(data[4:])


class Connection:
    """One read-only SQLite connection shared by the threads of one program."""

    def __init__(self, connection: sqlite3.Connection) -> None:
        self._db = connection
        self._lock = threading.Lock()
        self._listeners: list[Callable[[], None]] = []
        self.is_damaged = False

    def damaged(self) -> None:
        """Tell whoever listens (the browser) once that the store went bad: the exception
        itself may surface where nobody can act on it (painting a row)."""
        with self._lock:
            first, self.is_damaged = not self.is_damaged, True
        if first:
            for listener in self._listeners:
                listener()

    def one(self, sql: str, args: tuple = ()) -> Any:
        """The first column of the first row (None when there is no row)."""
        try:
            with self._lock:
                row = self._db.execute(sql, args).fetchone()
        except sqlite3.Error as error:
            raise StoreDamaged(str(error)) from error
        return None if row is None else row[0]

    def rows(self, sql: str, args: tuple = ()) -> list[tuple]:
        try:
            with self._lock:
                return self._db.execute(sql, args).fetchall()
        except sqlite3.Error as error:
            raise StoreDamaged(str(error)) from error

    def close(self) -> None:
        with self._lock:
            self._db.close()


def _reporting(method: Callable[..., Any]) -> Callable[..., Any]:
    """Damage found by `method` is reported to the connection's listeners, then raised."""

    @functools.wraps(method)
    def reporting(self: Any, *args: Any) -> Any:
        try:
            return method(self, *args)
        except StoreDamaged:
            (getattr(self, "db", None) or self._db).damaged()
            raise

    return reporting


class _Entities:
    """The decoding side: entities by row number or id, each decoded once."""

    def __init__(self, db: Connection) -> None:
        self.db = db
        self.by_id: dict[str, AnyEntity] = {}
        self.by_row: dict[int, AnyEntity] = {}
        self._lock = threading.Lock()

    def _decode(self, data: bytes | None) -> AnyEntity:
        return decoded(data, pickle.loads, "a stored entity")

    def _keep(self, row: int, entity: AnyEntity) -> AnyEntity:
        with self._lock:
            kept = self.by_id.setdefault(entity.id, entity)  # one object per entity
            self.by_row[row] = kept
        return kept

    @_reporting
    def at(self, row: int) -> AnyEntity:
        found = self.by_row.get(row)
        if found is None:
            data = self.db.one("SELECT data FROM entities WHERE row = ?", (row,))
            if data is None:
                raise StoreDamaged(f"entity {row} is missing from the store")
            found = self._keep(row, self._decode(data))
        return found

    @_reporting
    def span(self, start: int, stop: int) -> list[AnyEntity]:
        """Rows start..stop-1 in one query (iteration reads in blocks, not row by row)."""
        missing = [row for row in range(start, stop) if row not in self.by_row]
        if missing:
            for row, data in self.db.rows(
                "SELECT row, data FROM entities WHERE row >= ? AND row < ?",
                (missing[0], missing[-1] + 1),
            ):
                if row not in self.by_row:
                    self._keep(row, self._decode(data))
        return [self.at(row) for row in range(start, stop)]

    @_reporting
    def get(self, entity_id: str) -> AnyEntity | None:
        found = self.by_id.get(entity_id)
        if found is None:
            if not isinstance(entity_id, str):
                return None
            row = self.db.rows("SELECT row, data FROM entities WHERE id = ?", (entity_id,))
            if not row:
                return None
            found = self._keep(row[0][0], self._decode(row[0][1]))
        return found

    @_reporting
    def fetch(self, ids: Sequence[str]) -> None:
        """Read the entities not read yet among `ids`, in one query for up to 500: a search
        shows fifty at a time, and one query each cost more than decoding them."""
        missing = [i for i in dict.fromkeys(ids) if isinstance(i, str) and i not in self.by_id]
        for at in range(0, len(missing), 500):
            chunk = missing[at : at + 500]
            for row, data in self.db.rows(
                f"SELECT row, data FROM entities WHERE id IN ({','.join('?' * len(chunk))})",
                tuple(chunk),
            ):
                if row not in self.by_row:
                    self._keep(row, self._decode(data))

    @_reporting
    def row_of(self, entity_id: str) -> int | None:
        return self.db.one("SELECT row FROM entities WHERE id = ?", (entity_id,))


class StoredCollection(Sequence[AnyEntity]):
    """One collection, rows start..start+count-1 of the store, in file order."""

    _BLOCK = 512

    def __init__(self, entities: _Entities, start: int, count: int) -> None:
        self._entities = entities
        self._start = start
        self._count = count

    def __len__(self) -> int:
        return self._count

    @overload
    def __getitem__(self, index: int) -> AnyEntity: ...
    @overload
    def __getitem__(self, index: slice) -> Sequence[AnyEntity]: ...
    def __getitem__(self, index: int | slice) -> Any:
        if isinstance(index, slice):
            return tuple(self[i] for i in range(*index.indices(self._count)))
        if index < 0:
            index += self._count
        if not 0 <= index < self._count:
            raise IndexError(index)
        return self._entities.at(self._start + index)

    def __iter__(self) -> Iterator[AnyEntity]:
        for at in range(0, self._count, self._BLOCK):
            stop = min(at + self._BLOCK, self._count)
            yield from self._entities.span(self._start + at, self._start + stop)

    def __eq__(self, other: object) -> bool:
        return self is other

    __hash__ = object.__hash__

    def __repr__(self) -> str:
        return f"<{self._count} stored entities>"


class _ById(Mapping[str, AnyEntity]):
    def __init__(self, entities: _Entities, size: int) -> None:
        self._entities = entities
        self._size = size

    def __getitem__(self, entity_id: str) -> AnyEntity:
        found = self._entities.get(entity_id)
        if found is None:
            raise KeyError(entity_id)
        return found

    def get(self, entity_id: str, default: Any = None) -> Any:  # type: ignore[override]
        found = self._entities.get(entity_id)
        return default if found is None else found

    def __contains__(self, entity_id: object) -> bool:
        if not isinstance(entity_id, str):
            return False
        return entity_id in self._entities.by_id or self._entities.row_of(entity_id) is not None

    def __len__(self) -> int:
        return self._size

    def __iter__(self) -> Iterator[str]:
        for (entity_id,) in self._entities.db.rows("SELECT id FROM entities ORDER BY row"):
            yield entity_id


class _Links:
    """The backlinks of each entity, one stored row per entity (all seven tables at once:
    the detail of an entity asks for most of them)."""

    def __init__(self, db: Connection) -> None:
        self.db = db
        self._rows: dict[str, tuple[tuple[str, ...], ...]] = {}

    @_reporting
    def of(self, entity_id: str) -> tuple[tuple[str, ...], ...]:
        found = self._rows.get(entity_id)
        if found is None:
            data = self.db.one("SELECT data FROM links WHERE id = ?", (entity_id,))
            if data is None:
                found = ((),) * len(LINK_TABLES)
            else:
                found = decoded(data, marshal.loads, "stored links")
            self._rows[entity_id] = found
        return found


class _LinkTable(Mapping[str, tuple[str, ...]]):
    """One backlink table as `_Backlinks` has it: only `get` is asked for."""

    def __init__(self, links: _Links, at: int) -> None:
        self._links = links
        self._at = at

    def get(self, entity_id: str, default: Any = ()) -> Any:  # type: ignore[override]
        found = self._links.of(entity_id)[self._at]
        return found if found else default

    def __getitem__(self, entity_id: str) -> tuple[str, ...]:
        found = self.get(entity_id, None)
        if found is None:
            raise KeyError(entity_id)
        return found

    def __len__(self) -> int:
        return sum(1 for _ in self)

    def __iter__(self) -> Iterator[str]:
        for entity_id, data in self._links.db.rows("SELECT id, data FROM links"):
            if marshal.loads(unseal(data))[self._at]:
                yield entity_id


class _StoredBacklinks:
    def __init__(self, links: _Links) -> None:
        for at, name in enumerate(LINK_TABLES):
            setattr(self, name, _LinkTable(links, at))


class _Ordered(Sequence[AnyEntity]):
    """Entities by id in a stored order (the timeline), decoded as they are asked for."""

    def __init__(self, ids: Sequence[str], entities: _Entities) -> None:
        self._ids = ids
        self._entities = entities

    def __len__(self) -> int:
        return len(self._ids)

    def __getitem__(self, index: Any) -> Any:
        if isinstance(index, slice):
            return tuple(self._fetch(i) for i in self._ids[index])
        return self._fetch(self._ids[index])

    def _fetch(self, entity_id: str) -> AnyEntity:
        found = self._entities.get(entity_id)
        if found is None:
            raise StoreDamaged(f"{entity_id!r} is listed but not stored")
        return found


class _Positions(Mapping[str, int]):
    """Each event's place in file order, from its row number."""

    def __init__(self, entities: _Entities, start: int, count: int) -> None:
        self._entities = entities
        self._start = start
        self._count = count

    def __getitem__(self, entity_id: str) -> int:
        row = self._entities.row_of(entity_id)
        if row is None or not self._start <= row < self._start + self._count:
            raise KeyError(entity_id)
        return row - self._start

    def __len__(self) -> int:
        return self._count

    def __iter__(self) -> Iterator[str]:
        return (event.id for event in self._entities.span(self._start, self._start + self._count))


class StoredBase(FactBase):
    """A `FactBase` read from the store as it is used (see the module docstring)."""

    stored = True

    def __init__(self, db: Connection, counts: Sequence[int]) -> None:
        entities = _Entities(db)
        collections: dict[str, StoredCollection] = {}
        start = 0
        for name, count in zip(COLLECTIONS, counts, strict=True):
            collections[name] = StoredCollection(entities, start, count)
            start += count
        super().__init__(**collections)  # type: ignore[arg-type]
        object.__setattr__(self, "_db", db)
        object.__setattr__(self, "_entities", entities)
        object.__setattr__(self, "_size", start)

    def __len__(self) -> int:
        return self._size  # type: ignore[attr-defined]

    def __eq__(self, other: object) -> bool:
        return self is other

    __hash__ = object.__hash__

    def __repr__(self) -> str:
        return f"<StoredBase of {len(self)} entities>"

    @cached_property
    def by_id(self) -> Mapping[str, AnyEntity]:  # type: ignore[override]
        return _ById(self._entities, len(self))  # type: ignore[attr-defined]

    def get(self, entity_id: str) -> AnyEntity | None:
        return self._entities.get(entity_id)  # type: ignore[attr-defined]

    def prefetch(self, ids: Sequence[str]) -> None:
        """Read these entities now, together (see `_Entities.fetch`)."""
        self._entities.fetch(ids)  # type: ignore[attr-defined]

    @cached_property
    def event_positions(self) -> Mapping[str, int]:  # type: ignore[override]
        events = self.events
        assert isinstance(events, StoredCollection)
        return _Positions(self._entities, events._start, len(events))  # type: ignore[attr-defined]

    @cached_property
    def _backlinks(self) -> Any:  # type: ignore[override]
        return _StoredBacklinks(_Links(self._db))  # type: ignore[attr-defined]

    @cached_property
    def _timeline(self) -> tuple[Event, ...]:  # type: ignore[override]
        return _Ordered(self.listing("timeline").ids, self._entities)  # type: ignore[attr-defined,return-value]

    @_reporting
    def listing(self, key: str) -> Listing:
        found = self._listings.get(key)
        if found is None:
            data = self._db.one("SELECT data FROM listings WHERE key = ?", (key,))  # type: ignore[attr-defined]
            if data is None:
                raise KeyError(key)
            found = self._listings[key] = decoded(data, _listing, "a stored list")
        return found

    def on_damage(self, listener: Callable[[], None]) -> None:
        """Call `listener` (from whichever thread finds it) when the store is found damaged."""
        self._db._listeners.append(listener)  # type: ignore[attr-defined]

    @_reporting
    def part(self, name: str) -> bytes | None:
        """A stored part of something derived from the base (a search index), or None."""
        data = self._db.one("SELECT data FROM parts WHERE name = ?", (name,))  # type: ignore[attr-defined]
        return None if data is None else unseal(data)

    def has_parts(self, name: str) -> bool:
        """Whether every part of the derived value `name` is stored (see `cache.add_parts`)."""
        return self._db.one(  # type: ignore[attr-defined]
            "SELECT 1 FROM parts WHERE name = ?", (name + "/",)
        ) is not None


def _listing(payload: bytes) -> Listing:
    ids, depths, year_bytes = marshal.loads(payload)
    years = array("i")
    years.frombytes(year_bytes)
    return Listing(tuple(ids.split("\n")) if ids else (), depths, years)


def encode_listing(listing: Listing) -> bytes:
    return seal(marshal.dumps(("\n".join(listing.ids), bytes(listing.depths),
                               listing.years.tobytes())))


def encode_links(row: tuple[tuple[str, ...], ...]) -> bytes:
    return seal(marshal.dumps(row))
