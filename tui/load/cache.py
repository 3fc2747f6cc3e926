"""A store of the validated fact base, so that a big base opens at once.

Parsing YAML is slow (PyYAML with libyaml reads a few MB a second): a base of 100 000 events
takes over a minute to parse and check, and even a pickle of its objects takes seconds to
load.  So after a base has been read and found valid it is written, entity by entity, into
an SQLite file in the user's cache directory, with its backlinks, its list orders and its
search index; the next start opens that file and reads only what it is asked for
(`tui.load.stored.StoredBase`), as long as no fact file changed.

Where: $FACTS_CACHE_DIR, else $XDG_CACHE_HOME/facts, else ~/.cache/facts; never next to
the facts (they live in git and may be read-only).  FACTS_NO_CACHE=1 turns the cache off.

When it is used: one cache file per fact base (named by the base's absolute path) holds a
key made of every fact file's relative path, size, modification time (ns), change time and
inode, plus a fingerprint of the code that validated and built the base.  Any difference and
the base is read from YAML again and the cache rewritten.  A file changed within two seconds
of being read is not cached: a second edit within the file system's clock tick could
otherwise leave size and time unchanged (git's "racy clean" problem).

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
import hashlib
import io
import os
import pickle
import sqlite3
import stat
import sys
import tempfile
import time
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path
from typing import Any

import tui
from tui import model
from tui.listing import LISTS
from tui.load.stored import (
    COLLECTIONS,
    LINK_TABLES,
    Connection,
    StoreDamaged,
    StoredBase,
    encode_links,
    encode_listing,
    seal,
)
from tui.model import FactBase

NO_CACHE_VAR = "FACTS_NO_CACHE"
DIR_VAR = "FACTS_CACHE_DIR"

APPLICATION_ID = 0x46414354
"""'FACT' in SQLite's header: a file of ours, not just any SQLite file."""
FORMAT = 2

RACY_SECONDS = 2.0
"""Files changed more recently than this are not cached (see the module docstring)."""

_CODE = ("model.py", "hierarchy.py", "schema.py", "listing.py", "load/__init__.py",
         "load/validate.py", "load/yamlread.py", "load/problems.py", "load/cache.py",
         "load/stored.py", "periods.py")
"""Modules whose code decides what a valid base is and what it looks like in memory."""


def enabled() -> bool:
    return os.environ.get(NO_CACHE_VAR, "").strip().lower() not in {"1", "true", "yes"}


def cache_dir() -> Path:
    """Where cache files go: never beside the facts."""
    explicit = os.environ.get(DIR_VAR)
    if explicit:
        return Path(explicit)
    xdg = os.environ.get("XDG_CACHE_HOME")
    if xdg and Path(xdg).is_absolute():
        return Path(xdg) / "facts"
    return Path.home() / ".cache" / "facts"


def cache_file(root: Path) -> Path:
    return cache_dir() / f"{_name(root)}.sqlite"


def _name(root: Path) -> str:
    return hashlib.sha256(os.fsencode(str(root.absolute()))).hexdigest()[:32]


def key(root: Path, files: Sequence[Path]) -> tuple[bytes, bool]:
    """The key for these files, and whether any of them changed too recently to cache.

    Cheap by design (one stat per file, no reading): it is computed at every start.
    """
    digest = hashlib.sha256()
    digest.update(f"{tui.__version__}\0{FORMAT}\0{_code_fingerprint()}\0".encode())
    digest.update(os.fsencode(str(root.absolute())) + b"\0")
    now = time.time_ns()
    racy = False
    for file in files:
        info = file.stat()
        try:
            relative = file.relative_to(root) if root.is_dir() else Path(file.name)
        except ValueError:
            relative = file
        digest.update(
            os.fsencode(str(relative))
            + f"\0{info.st_size}\0{info.st_mtime_ns}\0{info.st_ctime_ns}\0{info.st_ino}\0".encode()
        )
        if now - info.st_mtime_ns < RACY_SECONDS * 1e9:
            racy = True
    return digest.digest(), racy


_fingerprint: str | None = None


def _code_fingerprint() -> str:
    """A hash of the loader's and model's source, so that a cache written by other code (a
    newer checkout, an upgrade with an unchanged version number) is never unpickled."""
    global _fingerprint
    if _fingerprint is None:
        digest = hashlib.sha256(sys.version.encode())
        package = Path(tui.__file__).parent
        for name in _CODE:
            try:
                digest.update((package / name).read_bytes())
            except OSError:
                digest.update(b"?")
        _fingerprint = digest.hexdigest()
    return _fingerprint


# -- opening ------------------------------------------------------------------------------


def open_base(root: Path, wanted: bytes) -> StoredBase | None:
    """The stored base for `root` if its file exists, is ours, intact and has the wanted
    key; None otherwise (the caller reads the YAML and writes a new one)."""
    path = cache_file(root)
    try:
        info = path.stat()
    except OSError:
        return None
    if not _trusted(info):
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
                stored = dict(db.rows("SELECT name, value FROM meta"))
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
    return (after.st_ino, after.st_dev) == (before.st_ino, before.st_dev) and _trusted(after)


def _trusted(info: os.stat_result) -> bool:
    """Only a regular file of our own that nobody else may write is opened."""
    if not stat.S_ISREG(info.st_mode) or info.st_mode & (stat.S_IWGRP | stat.S_IWOTH):
        return False
    getuid = getattr(os, "getuid", None)
    return getuid is None or info.st_uid == getuid()


def discard(root: Path) -> None:
    """Forget the stored base of `root` (it was found damaged while being read)."""
    with contextlib.suppress(OSError):
        cache_file(root).unlink()


# -- writing ------------------------------------------------------------------------------


def _by_fields(obj: Any) -> tuple[type, tuple[Any, ...]]:
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

_DISPATCH = {**copyreg.dispatch_table, **dict.fromkeys(_FIELDS, _by_fields)}

_SCHEMA = """
CREATE TABLE meta(name TEXT PRIMARY KEY, value) WITHOUT ROWID;
CREATE TABLE entities(row INTEGER PRIMARY KEY, id TEXT NOT NULL UNIQUE, data BLOB NOT NULL);
CREATE TABLE links(id TEXT PRIMARY KEY, data BLOB NOT NULL) WITHOUT ROWID;
CREATE TABLE listings(key TEXT PRIMARY KEY, data BLOB NOT NULL) WITHOUT ROWID;
CREATE TABLE parts(name TEXT PRIMARY KEY, data BLOB NOT NULL) WITHOUT ROWID;
"""


def _pickled(entities: Iterable[Any]) -> Iterable[tuple[int, str, bytes]]:
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
    backlinks = base.__dict__.get("_backlinks") or model._Backlinks.build(base)
    tables = [getattr(backlinks, name) for name in LINK_TABLES]
    keys: dict[str, None] = {}
    for table in tables:
        keys.update(dict.fromkeys(table))
    for key in keys:
        yield key, encode_links(tuple(tuple(table.get(key, ())) for table in tables))


def write(root: Path, wanted: bytes, base: FactBase) -> bool:
    """Store the base with its backlinks and list orders (derived values follow, each with
    `add_parts` when ready); False (and nothing left behind) when that is not possible.

    Written into a temporary file that then replaces the old cache file in one step.
    """
    target = cache_file(root)
    temporary: str | None = None
    try:
        _make_dir(target.parent)
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
            (target.parent / f"{_name(root)}.pickle").unlink()
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
        if not _trusted(path.stat()):
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


def _make_dir(path: Path) -> None:
    """The cache directory, private to the user (0700) when we create it."""
    if not path.is_dir():
        path.mkdir(mode=0o700, parents=True, exist_ok=True)
