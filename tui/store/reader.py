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

import marshal
import os
import pickle
import sqlite3
import threading
from array import array
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from pathlib import Path
from typing import Any, Concatenate, ParamSpec, TypeVar, cast, overload

from tui.entities import UNDATED_KEY
from tui.listing import LISTS, Listing
from tui.model import AnyEntity, Backlinks, Event, FactBase, Memo, Participant, Place, Source, Theme
from tui.store.damage import StoreDamaged, decoded, seal, unseal
from tui.store.fingerprint import APPLICATION_ID, FORMAT
from tui.store.folder import cache_file, trusted
from tui.tally import Tally

COLLECTIONS = ("sources", "places", "participants", "themes", "events")
LINK_TABLES = ("events", "parts", "children", "theme_participants", "participant_themes",
               "citations", "referrers")
"""The tables of `tui.model.Backlinks`, in the order a stored row holds them."""

_P = ParamSpec("_P")
_R = TypeVar("_R")
Row = tuple[Any, ...]


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

    def one(self, sql: str, args: Row = ()) -> Any:
        """The first column of the first row (None when there is no row)."""
        try:
            with self._lock:
                row = self._db.execute(sql, args).fetchone()
        except sqlite3.Error as error:
            raise StoreDamaged(str(error)) from error
        return None if row is None else row[0]

    def rows(self, sql: str, args: Row = ()) -> list[Row]:
        try:
            with self._lock:
                found: list[Row] = self._db.execute(sql, args).fetchall()
                return found
        except sqlite3.Error as error:
            raise StoreDamaged(str(error)) from error

    def listen(self, listener: Callable[[], None]) -> None:
        with self._lock:
            self._listeners.append(listener)

    def close(self) -> None:
        with self._lock:
            self._db.close()


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


class _Entities(_Reader):
    """The decoding side: entities by row number or id, each decoded once."""

    def __init__(self, db: Connection) -> None:
        self.db = db
        self.by_id: dict[str, AnyEntity] = {}
        self.by_row: dict[int, AnyEntity] = {}
        self._lock = threading.Lock()

    def _decode(self, data: bytes | None) -> AnyEntity:
        entity: AnyEntity = decoded(data, pickle.loads, "a stored entity")
        return entity

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
    def fetch(self, ids: Iterable[str]) -> None:
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
        row: int | None = self.db.one("SELECT row FROM entities WHERE id = ?", (entity_id,))
        return row


class StoredCollection(Sequence[AnyEntity]):
    """One collection, rows start..start+count-1 of the store, in file order."""

    _BLOCK = 512

    def __init__(self, entities: _Entities, start: int, count: int) -> None:
        self._entities = entities
        self._start = start
        self._count = count

    def __len__(self) -> int:
        return self._count

    @property
    def start(self) -> int:
        """The store's row of the first entity."""
        return self._start

    @overload
    def __getitem__(self, index: int) -> AnyEntity: ...
    @overload
    def __getitem__(self, index: slice) -> Sequence[AnyEntity]: ...
    def __getitem__(self, index: int | slice) -> AnyEntity | Sequence[AnyEntity]:
        if isinstance(index, slice):
            return tuple(self._entities.at(self._start + i)
                         for i in range(*index.indices(self._count)))
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

    def __contains__(self, entity_id: object) -> bool:
        if not isinstance(entity_id, str):
            return False
        return entity_id in self._entities.by_id or self._entities.row_of(entity_id) is not None

    def __len__(self) -> int:
        return self._size

    def __iter__(self) -> Iterator[str]:
        for (entity_id,) in self._entities.db.rows("SELECT id FROM entities ORDER BY row"):
            yield entity_id


LinkRow = tuple[tuple[str, ...], ...]


class _Links(_Reader):
    """The backlinks of each entity, one stored row per entity (all seven tables at once:
    the detail of an entity asks for most of them)."""

    def __init__(self, db: Connection) -> None:
        self.db = db
        self._rows: dict[str, LinkRow] = {}

    @_reporting
    def of(self, entity_id: str) -> LinkRow:
        found = self._rows.get(entity_id)
        if found is None:
            data = self.db.one("SELECT data FROM links WHERE id = ?", (entity_id,))
            if data is None:
                found = ((),) * len(LINK_TABLES)
            else:
                found = decoded(data, _link_row, "stored links")
            self._rows[entity_id] = found
        return found


def _link_row(payload: bytes) -> LinkRow:
    row = marshal.loads(payload)
    if not isinstance(row, tuple) or len(row) != len(LINK_TABLES):
        raise ValueError("not a row of backlinks")
    return row


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


def _stored_backlinks(db: Connection) -> Backlinks:
    links = _Links(db)
    return Backlinks(*(_LinkTable(links, at) for at in range(len(LINK_TABLES))))


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


class StoredBase(FactBase, _Reader):
    """A `FactBase` read from the store as it is used (see the module docstring)."""

    stored = True

    def __init__(self, db: Connection, counts: Sequence[int]) -> None:
        self.db = db
        self._entities = entities = _Entities(db)
        self._collections: dict[str, StoredCollection] = {}
        start = 0
        for name, count in zip(COLLECTIONS, counts, strict=True):
            self._collections[name] = StoredCollection(entities, start, count)
            start += count
        self._size = start
        self._by_id = _ById(entities, start)
        self._memo = Memo()

    @property
    def sources(self) -> Sequence[Source]:
        return cast(Sequence[Source], self._collections["sources"])

    @property
    def places(self) -> Sequence[Place]:
        return cast(Sequence[Place], self._collections["places"])

    @property
    def participants(self) -> Sequence[Participant]:
        return cast(Sequence[Participant], self._collections["participants"])

    @property
    def themes(self) -> Sequence[Theme]:
        return cast(Sequence[Theme], self._collections["themes"])

    @property
    def events(self) -> Sequence[Event]:
        return cast(Sequence[Event], self._collections["events"])

    def __len__(self) -> int:
        return self._size

    def __repr__(self) -> str:
        return f"<StoredBase of {len(self)} entities>"

    @property
    def by_id(self) -> Mapping[str, AnyEntity]:
        return self._by_id

    def get(self, entity_id: str) -> AnyEntity | None:
        return self._entities.get(entity_id)

    def prefetch(self, ids: Iterable[str]) -> None:
        """Read these entities now, together (see `_Entities.fetch`)."""
        self._entities.fetch(ids)

    @property
    def event_positions(self) -> Mapping[str, int]:
        events = self._collections["events"]
        return self._memo.get("event_positions", lambda: _Positions(
            self._entities, events.start, len(events)))

    @property
    def backlinks(self) -> Backlinks:
        return self._memo.get("backlinks", lambda: _stored_backlinks(self.db))

    def timeline(self) -> Sequence[Event]:
        return self._memo.get("timeline", lambda: _Ordered(self.listing("timeline").ids,
                                                           self._entities))

    def listing(self, key: str) -> Listing:
        if key not in LISTS:
            raise KeyError(key)
        return self._memo.get(("listing", key), lambda: self._stored_listing(key))

    @_reporting
    def _stored_listing(self, key: str) -> Listing:
        data = self.db.one("SELECT data FROM listings WHERE key = ?", (key,))
        if data is None:
            raise StoreDamaged(f"the list {key!r} is missing from the store")
        return decoded(data, _listing, "a stored list")

    def whole_tally(self) -> Tally:
        return self._memo.get("tally", lambda: self.tally(
            sorted(self.events, key=lambda e: e.when.sort_key() if e.when else UNDATED_KEY)))

    def on_damage(self, listener: Callable[[], None]) -> None:
        self.db.listen(listener)

    @_reporting
    def part(self, name: str) -> bytes | None:
        """A stored part of something derived from the base (a search index), or None."""
        data = self.db.one("SELECT data FROM parts WHERE name = ?", (name,))
        return None if data is None else unseal(data)

    def has_parts(self, name: str) -> bool:
        """Whether every part of the derived value `name` is stored (see `writer.add_parts`)."""
        return self.db.one("SELECT 1 FROM parts WHERE name = ?", (name + "/",)) is not None


def _listing(payload: bytes) -> Listing:
    ids, depths, year_bytes = marshal.loads(payload)
    years = array("i")
    years.frombytes(year_bytes)
    return Listing(tuple(ids.split("\n")) if ids else (), depths, years)


def encode_listing(listing: Listing) -> bytes:
    return seal(marshal.dumps(("\n".join(listing.ids), bytes(listing.depths),
                               listing.years.tobytes())))


def encode_links(row: LinkRow) -> bytes:
    return seal(marshal.dumps(row))


def open_base(root: Path, wanted: bytes) -> StoredBase | None:
    """The stored base for `root` if its file exists, is ours, intact and has the wanted
    key; None otherwise (the caller reads the YAML and writes a new one)."""
    path = cache_file(root)
    try:
        info = path.stat()
    except OSError:
        return None
    if not trusted(info):
        return None
    try:
        connection = sqlite3.connect(f"{path.as_uri()}?mode=ro", uri=True,
                                     check_same_thread=False)
    except sqlite3.Error:
        return None
    db = Connection(connection)
    try:
        if _trusted_after_open(path, info):
            size = db.one("PRAGMA page_count") * db.one("PRAGMA page_size")
            # ours (not just any SQLite file), and not cut short (SQLite's header still
            # counts the pages it had)
            if db.one("PRAGMA application_id") == APPLICATION_ID and size == info.st_size:
                stored: dict[str, Any] = dict(db.rows("SELECT name, value FROM meta"))
                if stored.get("format") == FORMAT and stored.get("key") == wanted:
                    return StoredBase(db, tuple(int(n) for n in str(stored["counts"]).split()))
    except (StoreDamaged, KeyError, ValueError, TypeError):
        pass
    db.close()
    return None


def _trusted_after_open(path: Path, before: os.stat_result) -> bool:
    """The file opened is the file checked (not swapped in between)."""
    try:
        after = path.stat()
    except OSError:
        return False
    return (after.st_ino, after.st_dev) == (before.st_ino, before.st_dev) and trusted(after)
