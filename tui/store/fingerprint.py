"""When a store is current: which code wrote it, and in which state each fact file was.

A store is used only while the code that checked and built the base is the same (`CODE`,
hashed, with the version and the store's format).  Within it, a fact file's entities are
used while the file is as it was: same size, modification time (ns), change time and
inode (`signature`).  A file changed less than two seconds before it was read could be
changed again within the same clock tick without any of those changing (git's "racy
clean" problem): for such a file the store also keeps a hash of its content, and compares
it at every start until the file is read again.
"""

from __future__ import annotations

import os
import stat
import sys
import time
from pathlib import Path

import tui
from tui.digest import new_hash

FORMAT = 3
"""The layout of the store; a store of another format is never opened."""

APPLICATION_ID = 0x46414354
"""'FACT' in SQLite's header: a file of ours, not just any SQLite file."""

RACY_SECONDS = 2.0
"""A file changed more recently than this when read is kept with its content's hash."""

CODE: tuple[str, ...] = (
    "entities.py",
    "model.py",
    "hierarchy.py",
    "schema.py",
    "patterns.py",
    "listing.py",
    "tally.py",
    "periods.py",
    "sides.py",
    "load/__init__.py",
    "load/loading.py",
    "load/validate.py",
    "load/yamlread.py",
    "load/problems.py",
    "store/__init__.py",
    "store/codec.py",
    "store/damage.py",
    "store/fingerprint.py",
    "store/folder.py",
    "store/reader.py",
    "store/writer.py",
    "record.py",
)
"""Modules (relative to the package) whose code decides what a valid base is, what it looks
like in memory and how it is stored.  A test checks that each exists: a path left behind
by a move would stop an edit of that module from invalidating stored bases."""


class MissingCode(RuntimeError):
    """A module of `CODE` is not there: stores could not be told apart, so none is used."""


def signature(file: Path) -> tuple[str, bool]:
    """The state of a fact file, cheap by design (one stat, no reading: it is taken at
    every start), and whether it changed too recently for the state to be sure (see the
    module docstring).  OSError when the file vanished."""
    info = file.stat()
    racy = time.time_ns() - info.st_mtime_ns < RACY_SECONDS * 1e9
    return f"{info.st_size}:{info.st_mtime_ns}:{info.st_ctime_ns}:{info.st_ino}", racy


def content_digest(file: Path) -> bytes:
    """The hash of a fact file's content; OSError for anything but a regular file (a pipe
    would wait for a writer)."""
    handle = os.open(file, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
    try:
        if not stat.S_ISREG(os.fstat(handle).st_mode):
            raise OSError(f"{file}: not a regular file")
        digest = new_hash()
        while chunk := os.read(handle, 1 << 20):
            digest.update(chunk)
        return digest.digest()
    finally:
        os.close(handle)


_fingerprint: str | None = None


def code_paths() -> tuple[Path, ...]:
    package = Path(tui.__file__).parent
    return tuple(package / name for name in CODE)


def code_fingerprint() -> str:
    """A hash of the loader's, model's and store's source, so that a store written by other
    code (a newer checkout, an upgrade with an unchanged version number) is never used."""
    global _fingerprint
    if _fingerprint is None:
        digest = new_hash(sys.version.encode())
        for path in code_paths():
            try:
                digest.update(path.read_bytes())
            except OSError as error:
                raise MissingCode(f"{path}: {error.strerror or error}") from error
        _fingerprint = digest.hexdigest()
    return _fingerprint


def code_key() -> str:
    """What a store records of the program that wrote it (MissingCode: see above)."""
    return f"{tui.__version__}:{FORMAT}:{code_fingerprint()}"
