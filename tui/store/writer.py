"""Writing the store: a validated base, entity by entity, into an SQLite file.

Parsing YAML is slow (PyYAML with libyaml reads a few MB a second): a base of 100 000 events
takes over a minute to parse and check, and even a pickle of its objects takes seconds to
load.  So after a base has been read and found valid it is written, entity by entity, into
an SQLite file in the user's cache directory (`tui.store.folder`), with its backlinks, its
list orders and its search index; the next start opens that file and reads only what it is
asked for (`tui.store.reader.StoredBase`), as long as no fact file changed
(`tui.store.fingerprint`).

Safety: entities are stored as pickles, and unpickling runs code named in the data, so a
cache file that another user could have written would be code execution.  The directory is
created with mode 0700, and a cache file is only opened when it belongs to the current user
and nobody else may write to it.  Every stored value carries a CRC-32; anything wrong with
the file (foreign, truncated, corrupt, from another version) means it is ignored and
rebuilt, and damage found later, while reading, raises `StoreDamaged` (the CLI then drops
the file and reads the YAML).  Failing to write it (read-only, disk full) costs speed, never
correctness.  Files are written to a temporary name and renamed, so two programs starting
at once each leave a complete cache file, and a reader never sees half of one.
"""

from __future__ import annotations

import contextlib
import copyreg
import dataclasses
import io
import os
import pickle
import sqlite3
import tempfile
from collections.abc import Callable, Iterable, Mapping
from pathlib import Path
from typing import Any

from tui import model
from tui.listing import LISTS
from tui.model import FactBase
from tui.store.damage import seal
from tui.store.fingerprint import APPLICATION_ID, FORMAT
from tui.store.folder import cache_file, make_dir, store_name, trusted
from tui.store.reader import COLLECTIONS, LINK_TABLES, encode_links, encode_listing

# -- writing ------------------------------------------------------------------------------


def _by_fields(obj: Any) -> tuple[Callable[..., Any], tuple[Any, ...]]:
    cls = type(obj)
    return cls, tuple(getattr(obj, name) for name in _FIELDS[cls])


_FIELDS: dict[type, tuple[str, ...]] = {
    cls: tuple(f.name for f in dataclasses.fields(cls) if f.init)
    for cls in vars(model).values()
    if isinstance(cls, type) and dataclasses.is_dataclass(cls) and "__slots__" in vars(cls)
}
"""Small frozen records with __slots__ (names, dates, participations, …).  Pickled as is,
each would come back through dataclasses' generic __setstate__, which looks up the fields
for every object; as a constructor call they load several times faster."""

_DISPATCH: dict[type, Callable[[Any], Any]] = {**copyreg.dispatch_table,
                                               **dict.fromkeys(_FIELDS, _by_fields)}

_SCHEMA = """
CREATE TABLE meta(name TEXT PRIMARY KEY, value) WITHOUT ROWID;
CREATE TABLE entities(row INTEGER PRIMARY KEY, id TEXT NOT NULL UNIQUE, data BLOB NOT NULL);
CREATE TABLE links(id TEXT PRIMARY KEY, data BLOB NOT NULL) WITHOUT ROWID;
CREATE TABLE listings(key TEXT PRIMARY KEY, data BLOB NOT NULL) WITHOUT ROWID;
CREATE TABLE parts(name TEXT PRIMARY KEY, data BLOB NOT NULL) WITHOUT ROWID;
"""


def _pickled(entities: Iterable[model.AnyEntity]) -> Iterable[tuple[int, str, bytes]]:
    """(row, id, sealed pickle) per entity; rows count from 0 in collection order.  Each
    pickle stands alone (the memo is cleared), as each entity is read on its own."""
    buffer = io.BytesIO()
    pickler = pickle.Pickler(buffer, protocol=pickle.HIGHEST_PROTOCOL)
    pickler.dispatch_table = _DISPATCH
    for row, entity in enumerate(entities):
        buffer.seek(0)
        buffer.truncate()
        pickler.clear_memo()
        pickler.dump(entity)
        yield row, entity.id, seal(buffer.getvalue())


def _link_rows(base: FactBase) -> Iterable[tuple[str, bytes]]:
    """Built for the store and dropped after (unless the base holds them already): a
    command that stores a base seldom needs its backlinks in memory as well."""
    backlinks = base.links_once()
    tables = [getattr(backlinks, name) for name in LINK_TABLES]
    keys: dict[str, None] = {}
    for table in tables:
        keys.update(dict.fromkeys(table))
    for name in keys:
        yield name, encode_links(tuple(tuple(table.get(name, ())) for table in tables))


def write(root: Path, wanted: bytes, base: FactBase) -> bool:
    """Store the base with its backlinks and list orders (derived values follow, each with
    `add_parts` when ready); False (and nothing left behind) when that is not possible.

    Written into a temporary file that then replaces the old cache file in one step.
    """
    target = cache_file(root)
    temporary: str | None = None
    try:
        make_dir(target.parent)
        handle, temporary = tempfile.mkstemp(dir=target.parent, prefix=target.name + ".",
                                             suffix=".tmp")
        os.close(handle)
        connection = sqlite3.connect(temporary)
        try:
            connection.execute("PRAGMA journal_mode = OFF")
            connection.execute("PRAGMA synchronous = OFF")
            connection.execute(f"PRAGMA application_id = {APPLICATION_ID}")
            connection.executescript(_SCHEMA)
            with connection:
                counts = " ".join(str(len(base.collection(name))) for name in COLLECTIONS)
                connection.executemany("INSERT INTO meta VALUES (?, ?)",
                                       [("format", FORMAT), ("counts", counts)])
                connection.executemany(
                    "INSERT INTO entities(row, id, data) VALUES (?, ?, ?)",
                    _pickled(e for name in COLLECTIONS for e in base.collection(name)),
                )
                connection.executemany("INSERT INTO links VALUES (?, ?)", _link_rows(base))
                connection.executemany(
                    "INSERT INTO listings VALUES (?, ?)",
                    ((key, encode_listing(base.listing(key))) for key in LISTS),
                )
                # the key last: a file without it is never opened
                connection.execute("INSERT INTO meta VALUES ('key', ?)", (wanted,))
        finally:
            connection.close()
        os.chmod(temporary, 0o600)
        os.replace(temporary, target)
        temporary = None
        with contextlib.suppress(OSError):  # the pickle cache of earlier versions
            (target.parent / f"{store_name(root)}.pickle").unlink()
        return True
    except Exception:  # unwritable, disk full, or something unpicklable:
        return False  # caching is only an optimisation
    finally:
        if temporary is not None:
            with contextlib.suppress(OSError):
                os.unlink(temporary)


def _insert_parts(connection: sqlite3.Connection, name: str, parts: Mapping[str, bytes]) -> None:
    """A derived value's parts under `name/part`, and `name/` itself as the mark that all
    of them are there."""
    connection.execute("DELETE FROM parts WHERE name >= ? AND name < ?", (name + "/", name + "0"))
    connection.executemany("INSERT INTO parts VALUES (?, ?)",  # sealed one at a time:
                           ((f"{name}/{part}", seal(data)) for part, data in parts.items()))
    connection.execute("INSERT INTO parts VALUES (?, ?)", (name + "/", seal(b"")))


def add_parts(root: Path, wanted: bytes, name: str, parts: Mapping[str, bytes]) -> bool:
    """Add a derived value to the stored base of `root` (one that was stored without it),
    in one transaction; False when the file is not the one with the wanted key any more."""
    path = cache_file(root)
    try:
        if not trusted(path.stat()):
            return False
        connection = sqlite3.connect(path, timeout=5)
        try:
            with connection:
                if connection.execute("SELECT value FROM meta WHERE name = 'key'").fetchone() != (
                    wanted,
                ):
                    return False
                _insert_parts(connection, name, parts)
        finally:
            connection.close()
        return True
    except Exception:
        return False


