"""Files → FactBase.  Every problem in every file is reported, each with its position."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from tui.collector import collector_paused
from tui.i18n import _
from tui.load.files import list_files
from tui.load.loading import (
    Changes,
    Derived,
    Deriving,
    LoadResult,
    Updatable,
    load_files,
    read_partly,
    work_ahead,
)
from tui.load.problems import Problem
from tui.progress import NO_PROGRESS, READ, LoadStep, Progress
from tui.store import StoreDamaged

__all__ = [
    "Changes",
    "Derived",
    "Deriving",
    "LoadResult",
    "Problem",
    "StoreDamaged",
    "Updatable",
    "collector_paused",
    "fact_files",
    "load",
    "load_with",
    "pending_work",
]


def fact_files(path: Path) -> tuple[Path, ...]:
    """The YAML files of a fact base: the file itself, or every *.yaml/*.yml below a folder
    in name order (hidden folders skipped), so that a base can be split as its authors like.
    What cannot be read is left out here; `load` reports it (see tui.load.files)."""
    return list_files(path).files


def load(path: Path, *, cache: bool | None = None, progress: Progress = NO_PROGRESS) -> LoadResult:
    """Read, check and build the base at `path`.

    A valid base is kept in the user's cache (see tui.store) and opened from there
    while no fact file changes (after a change, only the changed files are read again);
    `cache=False`, or FACTS_NO_CACHE=1 in the environment, reads the YAML every time (what
    the store is then compared against).  `progress` hears how far a load that has to
    read files has got (see tui.progress).
    """
    return _load(path, cache, {}, True, progress)[0]


def load_with(
    path: Path,
    derive: Deriving,
    *,
    cache: bool | None = None,
    build_from_store: bool = True,
    progress: Progress = NO_PROGRESS,
) -> tuple[LoadResult, dict[str, Any]]:
    """Like `load`, and also the values `derive` names (a search index, say), kept in the
    same store so that each is built once per change of the files.

    The derived values are empty when the base is not valid.  `derive` may be a function
    that names them, called only when one is to be opened or built.  With
    `build_from_store` False, they are built (in the same pass) only when the whole base is
    read from its files anyway, and otherwise left alone (after an edit, a value that can
    follow one is updated, see `Updatable`): `facts check` builds the search index with a
    full check and updates it after an edit, so that the next search opens it.
    """
    return _load(path, cache, derive, build_from_store, progress)


def pending_work(path: Path) -> LoadStep | None:
    """The first step of the work a load of the base at `path` has to do (reading its
    files, or the changed ones), or None when it opens a current store (see
    `tui.load.loading.work_ahead`).  A base that cannot be listed, or is no base, has no
    work worth showing (its problems are told at once) unless its files must all be read."""
    if not path.exists():
        return None
    listing = list_files(path)
    if listing.problems:
        return LoadStep(READ, 0, len(listing.files))
    if not listing.files:
        return None
    return work_ahead(path, listing.files)


def _load(
    path: Path,
    cache: bool | None,
    derive: Deriving,
    build_from_store: bool,
    progress: Progress = NO_PROGRESS,
) -> tuple[LoadResult, dict[str, Any]]:
    if not path.exists():
        return LoadResult(None, (Problem(str(path), 1, 1, _("no such file or folder")),), ()), {}
    listing = list_files(path)
    files = listing.files
    if listing.problems:  # a base read in part is never valid, nor stored
        return read_partly(path, files, listing.problems), {}
    if not files:
        problem = Problem(str(path), 1, 1, _("no fact files (*.yaml, *.yml) in this folder"))
        return LoadResult(None, (problem,), ()), {}
    return load_files(path, files, cache, derive, build_from_store, progress)
