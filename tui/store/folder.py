"""Where the store lives, and which files in it may be trusted.

Where: $FACTS_CACHE_DIR, else $XDG_CACHE_HOME/facts, else ~/.cache/facts; never next to the
facts (they live in git and may be read-only).  FACTS_NO_CACHE=1 turns the store off.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import stat
from pathlib import Path

NO_CACHE_VAR = "FACTS_NO_CACHE"
DIR_VAR = "FACTS_CACHE_DIR"


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
    """The store of the fact base at `root` (one per base, named by its absolute path)."""
    return cache_dir() / f"{store_name(root)}.sqlite"


def store_name(root: Path) -> str:
    return hashlib.sha256(os.fsencode(str(root.absolute()))).hexdigest()[:32]


def trusted(info: os.stat_result) -> bool:
    """Only a regular file of our own that nobody else may write is opened."""
    if not stat.S_ISREG(info.st_mode) or info.st_mode & (stat.S_IWGRP | stat.S_IWOTH):
        return False
    getuid = getattr(os, "getuid", None)
    return getuid is None or info.st_uid == getuid()


def make_dir(path: Path) -> None:
    """The cache directory, private to the user (0700) when we create it."""
    if not path.is_dir():
        path.mkdir(mode=0o700, parents=True, exist_ok=True)


def discard(root: Path) -> None:
    """Forget the stored base of `root` (it was found damaged while being read)."""
    with contextlib.suppress(OSError):
        cache_file(root).unlink()
