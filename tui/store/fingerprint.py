"""The store's key: which fact files, in which state, read by which code.

A store is used only while every fact file is as it was (relative path, size, modification
time in ns, change time, inode) and the code that checked and built the base is the same
(`CODE`, hashed).  A file changed within two seconds of being read is not stored: a second
edit within the file system's clock tick could otherwise leave size and time unchanged
(git's "racy clean" problem).
"""

from __future__ import annotations

import hashlib
import os
import sys
import time
from collections.abc import Sequence
from pathlib import Path

import tui

FORMAT = 2
"""The layout of the store; a store of another format is never opened."""

APPLICATION_ID = 0x46414354
"""'FACT' in SQLite's header: a file of ours, not just any SQLite file."""

RACY_SECONDS = 2.0
"""Files changed more recently than this are not stored (see the module docstring)."""

CODE: tuple[str, ...] = (
    "entities.py", "model.py", "hierarchy.py", "schema.py", "listing.py", "tally.py",
    "load/__init__.py", "load/validate.py", "load/yamlread.py", "load/problems.py",
    "store/__init__.py", "store/damage.py", "store/fingerprint.py", "store/folder.py",
    "store/reader.py", "store/writer.py",
)
"""Modules (relative to the package) whose code decides what a valid base is, what it looks
like in memory and how it is stored.  A test checks that each exists: a path left behind
by a move would stop an edit of that module from invalidating stored bases."""


class MissingCode(RuntimeError):
    """A module of `CODE` is not there: stored bases could not be told apart, so none is used."""


def key(root: Path, files: Sequence[Path]) -> tuple[bytes, bool]:
    """The key for these files, and whether any of them changed too recently to store.

    Cheap by design (one stat per file, no reading): it is computed at every start.
    MissingCode when the code cannot be fingerprinted; OSError when a file vanished.
    """
    digest = hashlib.sha256()
    digest.update(f"{tui.__version__}\0{FORMAT}\0{code_fingerprint()}\0".encode())
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


def code_paths() -> tuple[Path, ...]:
    package = Path(tui.__file__).parent
    return tuple(package / name for name in CODE)


def code_fingerprint() -> str:
    """A hash of the loader's, model's and store's source, so that a store written by other
    code (a newer checkout, an upgrade with an unchanged version number) is never used."""
    global _fingerprint
    if _fingerprint is None:
        digest = hashlib.sha256(sys.version.encode())
        for path in code_paths():
            try:
                digest.update(path.read_bytes())
            except OSError as error:
                raise MissingCode(f"{path}: {error.strerror or error}") from error
        _fingerprint = digest.hexdigest()
    return _fingerprint
