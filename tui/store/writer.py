"""Writing the store: a checked base, file by file, into an SQLite file in the cache folder.

Parsing YAML is slow (PyYAML with libyaml reads a few MB a second): a base of 100 000 events
takes over a minute to parse and check.  So a valid base is kept in a store: each fact
file's entities (one record each), the facts the derived values need and the references
it makes, under that file's own state; and the backlinks, list orders and summary counts
of the whole base.  After an edit only the changed files are read again: `update` copies
the store, replaces those files' records, and works out again the backlinks of the ids
they name and, from the stored facts, the list orders and counts.  Derived values that
have a code of their own (the search index) are kept in files of their own
(`write_parts`), each naming the stored base it was built from.

Every write goes into a temporary file that replaces the old store in one step when it is
complete (`tui.store.folder.Temporary`): two programs writing at once each leave a
complete store, a reader never sees half of one, and a failed write (a full disk) leaves
nothing behind.  A store that cannot be written costs speed, never correctness.
"""

from __future__ import annotations

import os
import secrets
import sqlite3
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from tui.entities import Facts
from tui.listing import LISTS, build_listing, collection_of
from tui.model import AnyEntity, Backlinks
from tui.periods import facts_dated, timeline_order, written_order
from tui.store.codec import (
    COLLECTIONS,
    encode_entity,
    encode_facts,
    encode_links,
    encode_listing,
    join_ids,
)
from tui.store.damage import StoreDamaged, decoded, seal
from tui.store.fingerprint import APPLICATION_ID, FORMAT, code_key
from tui.store.folder import (
    Temporary,
    cache_file,
    derived_file,
    folder_problem,
    remove_derived,
    remove_stale,
    warn,
)
from tui.store.reader import (
    FILE_BITS,
    LINK_TABLES,
    FileRecord,
    PartReader,
    Store,
    connect,
    open_store,
    row_of,
    store_on,
)
from tui.tally import TALLY, Kept, Partners, Tally

_SCHEMA = """
CREATE TABLE meta(name TEXT PRIMARY KEY, value) WITHOUT ROWID;
CREATE TABLE files(fid INTEGER PRIMARY KEY, rank INTEGER NOT NULL, path TEXT NOT NULL UNIQUE,
                   signature TEXT NOT NULL, digest BLOB, counts TEXT NOT NULL,
                   collections TEXT NOT NULL, facts BLOB NOT NULL, targets BLOB NOT NULL,
                   kinds BLOB NOT NULL);
CREATE TABLE entities(row INTEGER PRIMARY KEY, id TEXT NOT NULL UNIQUE, data BLOB NOT NULL);
CREATE TABLE links(id TEXT PRIMARY KEY, data BLOB NOT NULL) WITHOUT ROWID;
CREATE TABLE listings(key TEXT PRIMARY KEY, data BLOB NOT NULL) WITHOUT ROWID;
"""

_PARTS_SCHEMA = """
CREATE TABLE meta(name TEXT PRIMARY KEY, value) WITHOUT ROWID;
CREATE TABLE parts(name TEXT PRIMARY KEY, data BLOB NOT NULL) WITHOUT ROWID;
"""


@dataclass(frozen=True)
class Fresh:
    """A fact file just read and checked, to be stored."""

    path: str
    """Relative to the base."""
    signature: str
    digest: bytes | None
    entities: Mapping[str, Sequence[AnyEntity]]
    """Per collection, its entities in the file's order."""
    facts: tuple[tuple[Facts, ...], ...]
    """Per collection (in the order of COLLECTIONS), the facts of those entities."""
    order: str
    """The collections in the order the file gives them (numbers of COLLECTIONS)."""
    targets: Sequence[str]
    """The id each reference names."""
    kinds: bytes
    """What each may name (numbers of `tui.store.codec.reference_kinds()`)."""


def write(root: Path, files: Sequence[Fresh]) -> Store | None:
    """Store a base read whole from its fact files (in the base's order); the new store,
    opened, or None when it cannot be written (nothing is left behind then)."""
    return _write(root, None, files, [file.facts for file in files])


def update(
    root: Path,
    previous: Store,
    files: Sequence[Fresh | FileRecord],
    facts: Sequence[Sequence[Sequence[Facts]]],
) -> Store | None:
    """Store a base of which only some files changed: `files` in the base's order, each
    unchanged (its record in `previous`) or read anew; `facts` the facts of each.  The
    previous store is copied and only what the changes touch is written again."""
    return _write(root, previous, files, facts)


def _write(
    root: Path,
    previous: Store | None,
    files: Sequence[Fresh | FileRecord],
    facts: Sequence[Sequence[Sequence[Facts]]],
) -> Store | None:
    target = cache_file(root)
    reason = folder_problem(target.parent, create=True)
    if reason is not None:
        warn(reason)
        return None
    remove_stale(target.parent)
    try:
        with Temporary(target) as temporary:
            copied = previous is not None and temporary.copy_of(previous.path, previous.stat)
            connection = sqlite3.connect(temporary.path)
            try:
                if previous is not None and not copied:
                    with previous.db.lock:
                        previous.db.raw.backup(connection)
                _prepare(connection, fresh=previous is None)
                with connection:
                    _fill(connection, previous, files, facts, root)
            finally:
                connection.close()
            # opened before it is renamed, so that it is this very file
            opened = store_on(connect(temporary.path), target, os.stat(temporary.path))
            temporary.publish()
        remove_derived(root)
        return opened
    except Exception:  # unwritable, disk full, a store that went bad while copied:
        return None  # storing is only an optimisation


def _prepare(connection: sqlite3.Connection, *, fresh: bool) -> None:
    # The file is private to this program until it is renamed into place, and removed if
    # anything fails: no journal is needed to undo a write (and none is ever left).
    connection.execute("PRAGMA journal_mode = OFF")
    connection.execute("PRAGMA synchronous = OFF")
    if fresh:
        connection.execute(f"PRAGMA application_id = {APPLICATION_ID}")
        connection.executescript(_SCHEMA)


def _fill(
    connection: sqlite3.Connection,
    previous: Store | None,
    files: Sequence[Fresh | FileRecord],
    facts: Sequence[Sequence[Sequence[Facts]]],
    root: Path,
) -> None:
    kept = {f.fid for f in files if isinstance(f, FileRecord)}
    gone = [record for record in (previous.files if previous else ()) if record.fid not in kept]
    old_facts = [previous.facts(record.fid) for record in gone] if previous else []
    connection.execute("UPDATE meta SET value = 0 WHERE name = 'complete'")
    for record in gone:
        for number in range(len(COLLECTIONS)):
            connection.execute(
                "DELETE FROM entities WHERE row >= ? AND row < ?",
                (row_of(number, record.fid, 0), row_of(number, record.fid + 1, 0)),
            )
        connection.execute("DELETE FROM files WHERE fid = ?", (record.fid,))
    next_fid = max((*kept, *(r.fid for r in gone), 0)) + 1
    every: list[Sequence[Sequence[Facts]]] = []
    for rank, (file, file_facts) in enumerate(zip(files, facts, strict=True)):
        every.append(file_facts)
        if isinstance(file, FileRecord):
            connection.execute("UPDATE files SET rank = ? WHERE fid = ?", (rank, file.fid))
            continue
        if next_fid >= 1 << FILE_BITS:
            raise OverflowError("too many updates: the store is written anew")
        _insert_file(connection, next_fid, rank, file)
        next_fid += 1
    wanted: set[str] | None = None
    changed: set[int] | None = None
    if previous is not None:
        fresh = [f for f in files if isinstance(f, Fresh)]
        touched = _touched(gone, old_facts, fresh)
        wanted = set(_named([touched]))
        changed = {number for number, facts in enumerate(touched) if facts}
        if _periods_moved(old_facts, [f.facts for f in fresh], every):
            wanted = None  # every backlink by date worked out again (see _periods_moved)
            connection.execute("DELETE FROM links")
    unmoved: set[str] | None = None  # whose partners may have changed (see tui.tally.Kept)
    if wanted is not None and changed is not None:
        of = COLLECTIONS.index
        if not touched[of("participants")] and not touched[of("places")]:
            unmoved = {m for f in touched[of("events")] for m in f.members}
    _derived(connection, every, wanted, changed, unmoved)
    counts = " ".join(str(sum(len(f[c]) for f in every)) for c in range(len(COLLECTIONS)))
    connection.executemany(
        "INSERT OR REPLACE INTO meta VALUES (?, ?)",
        [
            ("format", FORMAT),
            ("code", code_key()),
            ("root", str(root.absolute())),
            ("token", secrets.token_hex(16)),
            ("counts", counts),
        ],
    )
    # last: a store without it is never opened
    connection.execute("INSERT OR REPLACE INTO meta VALUES ('complete', 1)")


def _periods_moved(
    old: Sequence[Sequence[Sequence[Facts]]],
    new: Sequence[Sequence[Sequence[Facts]]],
    every: Sequence[Sequence[Sequence[Facts]]],
) -> bool:
    """Whether an edit may have moved an event of a file it left alone: an undated part
    takes its trip's period (tui.periods), and the trip, its date or the part's `part_of`
    may be in another file, so the part's place in its targets' backlinks can change
    without any of its own facts changing.  Then every backlink is worked out again (from
    the stored facts, without reading entities).  An event's place by date depends on the
    dates and `part_of` of the undated events above it up to the one that dates it: it can
    move only when an undated event names, as the event it is part of, one whose dating the
    edit changed (added, removed, dated anew or put elsewhere); an event added or with a new
    date that no undated event is part of moves nobody else."""
    number = COLLECTIONS.index("events")

    def dating(files: Sequence[Sequence[Sequence[Facts]]]) -> set[tuple[str, str, str, str]]:
        return {(f.id, f.date, f.end, f.parent or "") for file in files for f in file[number]}

    before, after = dating(old), dating(new)
    if before == after:
        return False
    moved = {item[0] for item in before ^ after}
    return any(f.parent in moved and not facts_dated(f) for file in every for f in file[number])


def _touched(
    gone: Sequence[FileRecord], old: Sequence[Sequence[Sequence[Facts]]], fresh: Sequence[Fresh]
) -> list[list[Facts]]:
    """The facts, before and after, of the entities an update adds, removes, changes or
    moves: only the values worked out from those can differ.  Every other entity keeps its
    facts and its place among the others in the base's order (its file is unchanged, or
    changed in place around it), so the backlinks it makes, its rows in the list orders and
    what it counts are as they were.  Of a file changed in place, an entity moved within
    it is one outside the longest run of kept entities in their old order; of a file added,
    removed or renamed (which moves its entities among the others), every entity.  Per
    collection (in the order of COLLECTIONS)."""
    before = {record.path: facts for record, facts in zip(gone, old, strict=True)}
    per_collection: list[list[Facts]] = [[] for _ in COLLECTIONS]
    for file in fresh:
        was = before.pop(file.path, None)
        for number in range(len(COLLECTIONS)):
            touched = per_collection[number]
            now = file.facts[number]
            if was is None:
                touched.extend(now)
                continue
            then = was[number]
            if tuple(then) == tuple(now):
                continue
            at = {f.id: index for index, f in enumerate(then)}
            kept: list[tuple[int, Facts]] = []
            for f in now:
                index = at.get(f.id)
                if index is not None and then[index] == f:
                    kept.append((index, f))
                else:
                    touched.append(f)
            still = {f.id for _, f in kept}
            touched.extend(f for f in then if f.id not in still)  # removed or changed
            staying = _increasing([index for index, _ in kept])
            touched.extend(f for position, (_, f) in enumerate(kept) if position not in staying)
    for facts in before.values():  # gone, or renamed
        for number, collection in enumerate(facts):
            per_collection[number].extend(collection)
    return per_collection


def _increasing(numbers: Sequence[int]) -> set[int]:
    """The positions of one longest strictly increasing run (not necessarily contiguous)
    of `numbers`: the entities kept in place when the others moved (O(n log n))."""
    from bisect import bisect_left

    tails: list[int] = []  # the smallest last number of a run of each length
    tail_at: list[int] = []  # where that number is
    back = [-1] * len(numbers)
    for position, number in enumerate(numbers):
        length = bisect_left(tails, number)
        if length == len(tails):
            tails.append(number)
            tail_at.append(position)
        else:
            tails[length] = number
            tail_at[length] = position
        back[position] = tail_at[length - 1] if length else -1
    found: set[int] = set()
    position = tail_at[-1] if tail_at else -1
    while position >= 0:
        found.add(position)
        position = back[position]
    return found


_NEEDS: dict[str, tuple[str, ...]] = {
    "events": ("events",),
    "timeline": ("events",),
    "participants": ("participants",),
    "themes": ("themes",),
    "places": ("places",),
    "sources": ("sources",),
    "positions": ("events",),
    "tally": ("events", "participants", "places"),
}
"""The collections each stored value of the base is worked out from: after an edit that
leaves them as they were, the value is kept as stored."""


def _insert_file(connection: sqlite3.Connection, fid: int, rank: int, file: Fresh) -> None:
    entities = file.entities
    connection.executemany(
        "INSERT INTO entities(row, id, data) VALUES (?, ?, ?)",
        _rows(fid, [entities.get(name, ()) for name in COLLECTIONS]),
    )
    connection.execute(
        "INSERT INTO files VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        (
            fid,
            rank,
            file.path,
            file.signature,
            file.digest,
            " ".join(str(len(entities.get(name, ()))) for name in COLLECTIONS),
            file.order,
            seal(encode_facts(file.facts)),
            seal(join_ids(file.targets).encode()),
            seal(file.kinds),
        ),
    )


def _rows(fid: int, collections: Sequence[Sequence[AnyEntity]]) -> Iterator[tuple[int, str, bytes]]:
    for number, entities in enumerate(collections):
        for at, entity in enumerate(entities):
            yield row_of(number, fid, at), entity.id, seal(encode_entity(entity))


def _named(files: Iterable[Sequence[Sequence[Facts]]]) -> Iterator[str]:
    """Every id the facts of these files name: whose backlinks they may change."""
    for by_collection in files:
        for facts in by_collection:
            for f in facts:
                if f.parent:
                    yield f.parent
                yield from f.targets
                yield from f.cited
                yield from f.members


def _derived(
    connection: sqlite3.Connection,
    files: Sequence[Sequence[Sequence[Facts]]],
    wanted: set[str] | None,
    changed: set[int] | None,
    members: set[str] | None = None,
) -> None:
    """The backlinks (of every id, or of the `wanted` ones), list orders and counts of the
    base whose files have these facts, worked out from them alone (of the collections
    `changed`, when not all of them may have; the partners of a city whose side has none
    of the participants `members` of the events an edit touched as stored, when given)."""

    def due(key: str) -> bool:
        return changed is None or any(COLLECTIONS.index(c) in changed for c in _NEEDS[key])

    by_collection = [[f for file in files for f in file[c]] for c in range(len(COLLECTIONS))]
    every = [f for facts in by_collection for f in facts]
    events = by_collection[COLLECTIONS.index("events")]
    timeline = timeline_order(events)
    links = Backlinks.of(every, timeline, wanted)
    if wanted is not None:
        connection.executemany("DELETE FROM links WHERE id = ?", ((i,) for i in wanted))
    connection.executemany("INSERT INTO links VALUES (?, ?)", _link_rows(links))
    del links
    listings: dict[str, bytes] = {}
    for key in LISTS:
        if due(key):
            name = collection_of(key)
            facts = by_collection[COLLECTIONS.index(name)] if name else ()
            listings[key] = encode_listing(build_listing(key, facts, timeline))
    if due("positions"):
        listings["positions"] = join_ids([f.id for f in events]).encode()
    if due("tally"):
        parts: dict[str, list[str]] = {}
        for event in events:
            if event.parent:
                parts.setdefault(event.parent, []).append(event.id)
        tally = Tally.of(
            written_order(events),
            parts,
            by_collection[COLLECTIONS.index("participants")],
            by_collection[COLLECTIONS.index("places")],
            {f.id: f for f in events}.get,
            None if members is None else _kept_partners(connection, members),
        )
        # its parts (a participant's roles, a year's larger events) are rows of their own:
        # those of the tally before are dropped, not left behind for ids that are gone
        connection.execute(
            "DELETE FROM listings WHERE key >= ? AND key < ?", (TALLY + "/", TALLY + "0")
        )
        listings.update(tally.parts())
    connection.executemany(
        "INSERT OR REPLACE INTO listings VALUES (?, ?)",
        ((key, seal(data)) for key, data in listings.items()),
    )


def _kept_partners(connection: sqlite3.Connection, members: set[str]) -> Kept | None:
    """The partners of each city as the store holds them, for a city none of whose side
    is among `members` (None: there is no stored tally to take them from)."""

    def read(key: str, decode: Callable[[bytes], Any]) -> Any:
        row = connection.execute("SELECT data FROM listings WHERE key = ?", (key,)).fetchone()
        return decoded(row[0] if row else None, decode, f"the stored {key}")

    try:
        table = read(TALLY, lambda data: Tally.decode(data, read)).partners
    except StoreDamaged:
        return None
    had = {city for city, _ in table.sizes}

    def kept(city: str, own: set[str]) -> tuple[bool, Partners | None]:
        if not own.isdisjoint(members):
            return False, None
        try:
            return True, table.city(city) if city in had else None
        except StoreDamaged:
            return False, None

    return kept


def _link_rows(links: Backlinks) -> Iterator[tuple[str, bytes]]:
    tables = [getattr(links, name) for name in LINK_TABLES]
    keys: dict[str, None] = {}
    for table in tables:
        keys.update(dict.fromkeys(table))
    for key in keys:
        yield key, seal(encode_links([table.get(key, ()) for table in tables]))


# -- derived values ---------------------------------------------------------------------------


def write_parts(root: Path, token: str, name: str, parts: Mapping[str, bytes]) -> bool:
    """Keep a value derived from the stored base with `token` (a search index) as its
    named parts, in a file of its own; False when that is not possible."""
    target = derived_file(root, name)
    reason = folder_problem(target.parent, create=True)
    if reason is not None:
        warn(reason)
        return False
    remove_stale(target.parent)
    try:
        with Temporary(target) as temporary:
            connection = sqlite3.connect(temporary.path)
            try:
                _prepare_parts(connection)
                with connection:
                    connection.executemany(  # sealed one at a time, as they are inserted
                        "INSERT INTO parts VALUES (?, ?)",
                        ((part, seal(data)) for part, data in parts.items()),
                    )
                    connection.executemany(
                        "INSERT INTO meta VALUES (?, ?)",
                        [
                            ("format", FORMAT),
                            ("code", code_key()),
                            ("token", token),
                            ("name", name),
                            ("complete", 1),
                        ],
                    )
            finally:
                connection.close()
            temporary.publish()
        return True
    except Exception:
        return False


def write_parts_over(
    root: Path,
    previous: Callable[[str], bytes | None],
    token: str,
    name: str,
    changed: Mapping[str, bytes | None],
) -> bool:
    """Keep a value derived from the stored base with `token` that an update made from the
    parts `previous` reads (`open_parts`): those parts copied, with the `changed` ones
    replaced (None: removed).  False when that is not possible (`previous` is not a stored
    value, the folder cannot be written): then the caller writes every part."""
    if not isinstance(previous, PartReader):
        return False
    target = derived_file(root, name)
    reason = folder_problem(target.parent, create=True)
    if reason is not None:
        warn(reason)
        return False
    remove_stale(target.parent)
    try:
        with Temporary(target) as temporary:
            source = previous.handle if previous.handle is not None else previous.path
            copied = source is not None and temporary.copy_of(source, previous.stat)
            connection = sqlite3.connect(temporary.path)
            try:
                if not copied:
                    with previous.db.lock:
                        previous.db.raw.backup(connection)
                connection.execute("PRAGMA journal_mode = OFF")
                connection.execute("PRAGMA synchronous = OFF")
                with connection:
                    connection.executemany(
                        "DELETE FROM parts WHERE name = ?",
                        [(part,) for part, data in changed.items() if data is None],
                    )
                    connection.executemany(
                        "INSERT OR REPLACE INTO parts VALUES (?, ?)",
                        [(part, seal(data)) for part, data in changed.items() if data is not None],
                    )
                    connection.executemany(
                        "INSERT OR REPLACE INTO meta VALUES (?, ?)",
                        [("code", code_key()), ("token", token), ("name", name)],
                    )
            finally:
                connection.close()
            temporary.publish()
        return True
    except Exception:
        return False


def _prepare_parts(connection: sqlite3.Connection) -> None:
    connection.execute("PRAGMA journal_mode = OFF")
    connection.execute("PRAGMA synchronous = OFF")
    connection.execute(f"PRAGMA application_id = {APPLICATION_ID}")
    connection.executescript(_PARTS_SCHEMA)


__all__ = ["Fresh", "open_store", "update", "write", "write_parts", "write_parts_over"]
