"""A cache of the validated fact base, so that a big base opens in about a second.

Parsing YAML is slow (PyYAML with libyaml reads a few MB a second): a base of 100 000 events
takes tens of seconds to parse, while the same objects come back from a pickle in about a
second.  So after a base has been read and found valid, it is pickled into the user's cache
directory, and the next start reads that instead, as long as no fact file changed.

Where: $FACTS_CACHE_DIR, else $XDG_CACHE_HOME/facts, else ~/.cache/facts; never next to
the facts (they live in git and may be read-only).  FACTS_NO_CACHE=1 turns the cache off.

When it is used: one cache file per fact base (named by the base's absolute path) holds a
key made of every fact file's relative path, size, modification time (ns), change time and
inode, plus a fingerprint of the code that validated and built the base.  Any difference and
the base is read from YAML again and the cache rewritten.  A file changed within two seconds
of being read is not cached: a second edit within the file system's clock tick could
otherwise leave size and time unchanged (git's "racy clean" problem).

Safety: unpickling runs code named in the file, so a cache file that another user could
have written would be code execution.  The directory is created with mode 0700, and a cache
file is only read when it belongs to the current user and nobody else may write to it.
Anything wrong with the file (foreign, truncated, corrupt, from another version) means it
is ignored and rebuilt; failing to write it (read-only, disk full) costs speed, never
correctness.  Files are written to a temporary name and renamed, so two programs starting at
once each leave a complete cache file, and a reader never sees half of one.
"""

from __future__ import annotations

import contextlib
import copyreg
import dataclasses
import hashlib
import os
import pickle
import stat
import struct
import sys
import tempfile
import time
import zlib
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, BinaryIO

import tui
from tui import model
from tui.model import FactBase

NO_CACHE_VAR = "FACTS_NO_CACHE"
DIR_VAR = "FACTS_CACHE_DIR"

MAGIC = b"FACTS-CACHE\x00"
FORMAT = 1
_HEADER = struct.Struct(f"<{len(MAGIC)}sI32sQI")
"""magic, format, key (sha256), payload length, payload crc32."""

RACY_SECONDS = 2.0
"""Files changed more recently than this are not cached (see the module docstring)."""

_COLLECTIONS = ("sources", "places", "participants", "themes", "events")
_CODE = ("model.py", "schema.py", "load/__init__.py", "load/validate.py", "load/yamlread.py",
         "load/problems.py", "load/cache.py")
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


@dataclass(frozen=True)
class Entry:
    """What is stored: the base and anything derived from it that is worth keeping."""

    base: FactBase
    extras: dict[str, Any]


def cache_file(root: Path) -> Path:
    name = hashlib.sha256(os.fsencode(str(root.absolute()))).hexdigest()[:32]
    return cache_dir() / f"{name}.pickle"


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


# -- reading ------------------------------------------------------------------------------


def read(root: Path, wanted: bytes, *, extras: bool = True) -> Entry | None:
    """The cached entry for `root` if it exists, is ours, intact and has the wanted key;
    without its extras (a search index, say) unless they are wanted.

    The payload is checked and unpickled straight from the file, never held in memory as a
    whole: for a big base it is hundreds of megabytes that would add to the peak.
    """
    try:
        with cache_file(root).open("rb") as stream:
            if not _trusted(os.fstat(stream.fileno())):
                return None
            header = stream.read(_HEADER.size)
            if len(header) != _HEADER.size:
                return None
            magic, version, stored_key, length, crc = _HEADER.unpack(header)
            if magic != MAGIC or version != FORMAT or stored_key != wanted:
                return None
            if _crc(stream, length) != crc or stream.read(1):
                return None
            stream.seek(_HEADER.size)
            try:
                return _unpickle(stream, extras)
            except Exception:  # a damaged pickle can raise almost anything; YAML is the truth
                return None
    except OSError:
        return None


def _crc(stream: BinaryIO, length: int) -> int | None:
    """CRC-32 of the next `length` bytes, read in blocks; None when the file is shorter."""
    crc = 0
    while length > 0:
        block = stream.read(min(_BLOCK, length))
        if not block:
            return None
        crc = zlib.crc32(block, crc)
        length -= len(block)
    return crc


_BLOCK = 1 << 20


def _unpickle(stream: BinaryIO, extras: bool) -> Entry:
    """The base first, then the extras, which refer to the base by a persistent id: the base
    holds lazily built indexes (by_id, backlinks) that are not pickled but rebuilt.  A
    caller that wants only the base stops there (the index would be a third of the time)."""
    unpickler = pickle.Unpickler(stream)
    collections = unpickler.load()
    base = FactBase(**dict(zip(_COLLECTIONS, collections, strict=True)))
    if not extras:
        return Entry(base, {})

    def persistent_load(pid: Any) -> Any:
        if pid != _BASE_ID:
            raise pickle.UnpicklingError(f"unknown persistent id {pid!r}")
        return base

    unpickler.persistent_load = persistent_load  # type: ignore[method-assign]
    derived = unpickler.load()
    if not isinstance(derived, dict):
        raise pickle.UnpicklingError("extras are not a mapping")
    return Entry(base, derived)


def _trusted(info: os.stat_result) -> bool:
    """Only a regular file of our own that nobody else may write can be unpickled."""
    if not stat.S_ISREG(info.st_mode) or info.st_mode & (stat.S_IWGRP | stat.S_IWOTH):
        return False
    getuid = getattr(os, "getuid", None)
    return getuid is None or info.st_uid == getuid()


# -- writing ------------------------------------------------------------------------------

_BASE_ID = "fact-base"


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


def _pickle(entry: Entry, stream: BinaryIO) -> None:
    """One pickler for both parts, so that the extras share (not copy) the base's strings
    and entities: its memo lives across the two dumps, as the unpickler's does."""
    pickler = pickle.Pickler(stream, protocol=pickle.HIGHEST_PROTOCOL)
    pickler.dispatch_table = _DISPATCH
    pickler.dump(tuple(entry.base.collection(name) for name in _COLLECTIONS))
    pickler.persistent_id = lambda obj: _BASE_ID if obj is entry.base else None  # type: ignore[method-assign]
    pickler.dump(entry.extras)


def write(root: Path, wanted: bytes, entry: Entry) -> bool:
    """Store the entry; False (and nothing left behind) when that is not possible.

    Pickled straight into a temporary file (the header, with length and checksum, is filled
    in last), which then replaces the old cache file in one step.
    """
    target = cache_file(root)
    temporary: str | None = None
    try:
        _make_dir(target.parent)
        handle, temporary = tempfile.mkstemp(dir=target.parent, prefix=target.name + ".",
                                             suffix=".tmp")
        with os.fdopen(handle, "w+b") as stream:
            stream.write(bytes(_HEADER.size))
            _pickle(entry, stream)
            length = stream.tell() - _HEADER.size
            stream.seek(_HEADER.size)
            crc = _crc(stream, length)
            stream.seek(0)
            stream.write(_HEADER.pack(MAGIC, FORMAT, wanted, length, crc))
        os.replace(temporary, target)
        temporary = None
        return True
    except Exception:  # unwritable, disk full, or something unpicklable in the extras:
        return False  # caching is only an optimisation
    finally:
        if temporary is not None:
            with contextlib.suppress(OSError):
                os.unlink(temporary)


def _make_dir(path: Path) -> None:
    """The cache directory, private to the user (0700) when we create it."""
    if not path.is_dir():
        path.mkdir(mode=0o700, parents=True, exist_ok=True)
