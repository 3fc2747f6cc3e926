"""Files → FactBase.  Every problem in every file is reported, each with its position."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Protocol

from tui import store
from tui.collector import collector_paused
from tui.load.files import list_files
from tui.load.problems import PathPart, Problem
from tui.load.validate import Validator, _DuplicateId
from tui.load.yamlread import decode, locate, read_yaml
from tui.model import FactBase
from tui.store import StoreDamaged, StoredBase

__all__ = ["Derived", "LoadResult", "Problem", "StoreDamaged", "collector_paused", "fact_files",
           "load", "load_with"]



@dataclass(frozen=True)
class LoadResult:
    """The base when the files are valid; otherwise the problems (and no base)."""

    base: FactBase | None
    problems: tuple[Problem, ...]
    files: tuple[Path, ...]

    @property
    def ok(self) -> bool:
        return self.base is not None and not self.problems


def fact_files(path: Path) -> tuple[Path, ...]:
    """The YAML files of a fact base: the file itself, or every *.yaml/*.yml below a folder
    in name order (hidden folders skipped), so that a base can be split as its authors like.
    What cannot be read is left out here; `load` reports it (see tui.load.files)."""
    return list_files(path).files


class Derived(Protocol):
    """Something worked out from a valid base and kept in the store with it (the search
    index): built once per change of the files, then opened part by part."""

    def build(self, base: FactBase, /) -> Any: ...

    def dump(self, value: Any, /) -> dict[str, bytes]: ...

    def open(self, base: FactBase, read: Callable[[str], bytes | None], /) -> Any: ...


def load(path: Path, *, cache: bool | None = None) -> LoadResult:
    """Read, check and build the base at `path`.

    A valid base is kept in the user's cache (see tui.store) and opened from there
    while no fact file changes; `cache=False`, or FACTS_NO_CACHE=1 in the environment, reads
    the YAML every time (what the cache is then compared against).
    """
    return _load(path, cache, {})[0]


def load_with(
    path: Path, derive: Mapping[str, Derived], *, cache: bool | None = None
) -> tuple[LoadResult, dict[str, Any]]:
    """Like `load`, and also the values `derive` names (a search index, say), kept in the
    same store so that each is built once per change of the files.

    The derived values are empty when the base is not valid.
    """
    return _load(path, cache, derive)


def _load(
    path: Path, cache: bool | None, derive: Mapping[str, Derived]
) -> tuple[LoadResult, dict[str, Any]]:
    if not path.exists():
        return LoadResult(None, (Problem(str(path), 1, 1, "no such file or folder"),), ()), {}
    listing = list_files(path)
    files = listing.files
    if listing.problems:  # a base read in part is never valid, nor stored
        with collector_paused():
            partial = _read(files) if files else LoadResult(None, (), files)
        problems = sorted((*listing.problems, *partial.problems), key=Problem.sort_key)
        return LoadResult(None, tuple(problems), files), {}
    if not files:
        problem = Problem(str(path), 1, 1, "no fact files (*.yaml, *.yml) in this folder")
        return LoadResult(None, (problem,), ()), {}
    use_cache = store.enabled() if cache is None else cache
    key: bytes | None = None
    racy = True
    if use_cache:
        try:
            key, racy = store.key(path, files)
        except (OSError, store.MissingCode):  # a file vanished between listing and stat
            key = None  # (read what is there), or the code cannot be told apart
    opened = store.open_base(path, key) if key is not None else None
    if opened is not None and key is not None:
        try:
            return LoadResult(opened, (), files), _opened(path, key, opened, derive)
        except StoreDamaged:
            store.discard(path)
    with collector_paused():
        result = _read(files)
    if result.base is None:
        return result, {}
    # The base is stored before anything is derived from it, and each derived value added
    # when it is ready: the backlinks the store needs and a search index being built are
    # then never in memory at once (together they took the first load of 100 000 events
    # past 1 GiB).
    written = key is not None and not racy and store.write(path, key, result.base)
    return result, _derived(path, key if written else None, result.base, derive)


def _opened(
    path: Path, key: bytes, base: StoredBase, derive: Mapping[str, Derived]
) -> dict[str, Any]:
    """The derived values of a stored base: opened from their parts where the store has
    them, else built now (a store written without them) and added for the next time."""
    extras: dict[str, Any] = {}
    missing: dict[str, Derived] = {}
    for name, kind in derive.items():
        if base.has_parts(name):
            prefix = name + "/"
            extras[name] = kind.open(base, _reader(base, prefix))
        else:
            missing[name] = kind
    return {**extras, **_derived(path, key, base, missing)}


def _reader(base: StoredBase, prefix: str) -> Callable[[str], bytes | None]:
    def read(part: str) -> bytes | None:
        return base.part(prefix + part)

    return read


def _derived(
    path: Path, key: bytes | None, base: FactBase, derive: Mapping[str, Derived]
) -> dict[str, Any]:
    """Each value built from the base, and added to its store (when `key` names one) as soon
    as it is ready."""
    extras: dict[str, Any] = {}
    for name, kind in derive.items():
        with collector_paused():
            extras[name] = kind.build(base)
        if key is not None:
            store.add_parts(path, key, name, kind.dump(extras[name]))
    return extras


def _read(files: tuple[Path, ...]) -> LoadResult:
    """The base from the YAML itself, or every problem in every file."""
    validator = Validator()
    problems: list[Problem] = []
    for file in files:
        data, read_problems = read_yaml(file, str(file))
        problems.extend(read_problems)
        if data is not None or not read_problems:
            validator.add_file(data, str(file))
    validator.check_links()
    problems.extend(_locate_all(validator))
    problems.sort(key=Problem.sort_key)
    if problems:
        return LoadResult(None, tuple(problems), files)
    return LoadResult(validator.base(), (), files)


def _locate_all(validator: Validator) -> list[Problem]:
    """Line numbers for the pending problems: each affected file is read once more."""
    texts: dict[str, str] = {}

    def position(file: str, where: tuple[PathPart, ...], at_key: bool) -> tuple[int, int]:
        if file not in texts:
            try:
                texts[file] = decode(Path(file).read_bytes(), file)[0] or ""
            except OSError:
                texts[file] = ""
        return locate(texts[file], where, at_key)

    located = []
    for pending in validator.pending:
        line, column = position(pending.file, pending.where, pending.at_key)
        message = pending.message
        if isinstance(pending, _DuplicateId):
            first_line, first_column = position(pending.first_file, pending.first_where, False)
            message += f" (first defined at {pending.first_file}:{first_line}:{first_column})"
        located.append(Problem(pending.file, line, column, message))
    return located
