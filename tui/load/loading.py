"""Fact files → a checked base, through the store: only what changed is read again.

The whole rule (the README's "The store" has the user's view):

* No store, or one written by other code: every file is read and checked, the base is
  built in memory, and stored (each file's entities, facts and references under that
  file's state; backlinks, list orders and summary counts of the whole base).
* Every file as the store knows it: the stored base is opened, nothing is read.
* Some files changed, were added, removed or renamed: only those are read and checked on
  their own; the checks across files (references, duplicate ids, cycles) run over the
  stored tables of the others; the problems are exactly those a full check gives (a file a
  problem is in or points to is read again, for its positions).  A valid result is stored
  as an update of the previous store and opened from it.

Problems of any kind leave the store as it was: it always holds the last valid base.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol, runtime_checkable

from tui import store
from tui.collector import collector_paused
from tui.entities import Facts, facts_of
from tui.i18n import _
from tui.load.problems import PathPart, Problem
from tui.model import FactBase, MemoryBase
from tui.progress import (
    CHECK,
    INDEX,
    INDEX_UPDATE,
    NO_PROGRESS,
    READ,
    READ_CHANGED,
    STORE,
    STORE_UPDATE,
    LoadStep,
    Progress,
)
from tui.record import record
from tui.store import FileRecord, Store, StoreDamaged
from tui.store.codec import COLLECTIONS, decode_kinds, encode_kinds

if TYPE_CHECKING:
    from tui.load.validate import Checked, FileLinks, Linker
    from tui.store import Fresh


# The YAML reader and the checks are imported when a file is first read: a base opened from
# a current store needs neither (the README's "A lean start").


def read_yaml(path: Path, display: str) -> tuple[Any, list[Problem]]:
    from tui.load.yamlread import read_yaml as read

    return read(path, display)


def check_file(data: Any, display: str) -> Checked:
    from tui.load.validate import check_file as check

    return check(data, display)


def decode(raw: bytes, display: str) -> tuple[str | None, list[Problem]]:
    from tui.load.yamlread import decode as decoded

    return decoded(raw, display)


def locate(text: str, where: Sequence[PathPart], at_key: bool) -> tuple[int, int]:
    from tui.load.yamlread import locate as located

    return located(text, where, at_key)


@record
class LoadResult:
    """The base when the files are valid; otherwise the problems (and no base)."""

    base: FactBase | None
    problems: tuple[Problem, ...]
    files: tuple[Path, ...]

    @property
    def ok(self) -> bool:
        return self.base is not None and not self.problems


@record
class Changes:
    """What changed since the stored base a derived value was built from: for a value that
    can follow an edit instead of being built again (see `Updatable`)."""

    files: tuple[str, ...]
    """The fact files (relative to the base) changed, added or removed."""
    removed: frozenset[str]
    """The ids of the entities those files held before (each replaced or gone)."""
    added: frozenset[str]
    """The ids of the entities they hold now."""
    before: FactBase | None = None
    """The base as it was (its entities of those files, and the names they linked to)."""


class Derived(Protocol):
    """Something worked out from a valid base and kept in the store with it (the search
    index): built once per change of the files, then opened part by part."""

    def build(self, base: FactBase, /) -> Any: ...

    def dump(self, value: Any, /) -> Mapping[str, bytes]: ...

    def open(self, base: FactBase, read: Callable[[str], bytes | None], /) -> Any: ...


Deriving = Mapping[str, Derived] | Callable[[], Mapping[str, Derived]]
"""The derived values a load asks for: named, or a function naming them, called only when
one is to be opened or built (so that a command whose store is current need not even import
the code of a value it leaves alone)."""


def _named(derive: Deriving) -> Mapping[str, Derived]:
    return derive() if callable(derive) else derive


@runtime_checkable
class Updatable(Derived, Protocol):
    """A derived value that follows an edit: `update` gets the updated base, the parts of
    the value as it was (`previous`) and what changed, and returns the value for the new
    base.  A derived value without `update` is built again after an edit."""

    def update(
        self, base: FactBase, previous: Callable[[str], bytes | None], changes: Changes, /
    ) -> Any: ...

    def written(self, value: Any, /) -> Mapping[str, bytes | None] | None:
        """The parts of an updated value that differ from the previous ones (None for a
        part that goes), written over a copy of them; None: every part (`dump`)."""


@runtime_checkable
class BuiltForStore(Derived, Protocol):
    """A derived value that can be built straight into the store: `build_for_store` leaves
    the work to `dump`, which makes the parts one at a time as the store writes them (the
    search index of a big base does not fit in memory beside the base)."""

    def build_for_store(self, base: FactBase, /) -> Any: ...


# -- one file ---------------------------------------------------------------------------------


@record(frozen=False)
class _File:
    """A fact file as found now."""

    path: Path
    relative: str
    signature: str = ""
    racy: bool = False
    checked: Checked | None = None
    """Once read: its check on its own (None when it could not be parsed at all)."""
    problems: tuple[Problem, ...] = ()
    """Once read: why it could not be read or parsed."""
    digest: bytes | None = None
    stable: bool = True
    """False when it changed while it was read (then nothing is stored)."""
    record: FileRecord | None = None
    """Its record in the previous store, while it is unchanged there."""

    @property
    def display(self) -> str:
        return str(self.path)

    def read(self) -> None:
        """Parse and check the file on its own (a file changed just before may change
        again unseen: it is hashed before and after, and kept only when both agree)."""
        before = _digest(self.path) if self.racy else None
        data, problems = read_yaml(self.path, self.display)
        self.problems = tuple(problems)
        self.checked = check_file(data, self.display) if data is not None or not problems else None
        if self.racy:
            self.digest = _digest(self.path)
            self.stable = before is not None and before == self.digest
        self.record = None

    @property
    def entity_count(self) -> int:
        """How many entities the file defines, once read (for the progress shown)."""
        return len(self.checked.defined) if self.checked is not None else 0

    def fresh(self) -> Fresh:
        assert self.checked is not None
        entities = self.checked.entities
        order = dict.fromkeys(COLLECTIONS.index(c) for _, c, _ in self.checked.defined)
        return store.Fresh(
            self.relative,
            self.signature,
            self.digest,
            entities,
            tuple(tuple(map(facts_of, entities[name])) for name in COLLECTIONS),
            "".join(map(str, order)),
            self.checked.targets,
            encode_kinds(self.checked.kinds),
        )


def _digest(path: Path) -> bytes | None:
    try:
        return store.content_digest(path)
    except OSError:
        return None


class _StoredLinks:
    """What the `Linker` needs of a file the store holds unchanged, from the store."""

    def __init__(self, file: _File, facts: Sequence[Sequence[Facts]], previous: Store) -> None:
        assert file.record is not None
        self.file = file.display
        self.defined = [
            (f.id, COLLECTIONS[int(c)], f.parent) for c in file.record.order for f in facts[int(c)]
        ]
        targets, kinds = previous.references(file.record.fid)
        self.targets: Sequence[str] = targets
        self.kinds: Sequence[tuple[str, ...]] = decode_kinds(kinds)


# -- the whole base ---------------------------------------------------------------------------


def load_files(
    root: Path,
    paths: Sequence[Path],
    cache: bool | None,
    derive: Deriving,
    build_from_store: bool,
    progress: Progress = NO_PROGRESS,
) -> tuple[LoadResult, dict[str, Any]]:
    """The base of the fact files `paths` below `root`, and the values `derive` names (see
    the module docstring; `build_from_store` False: a value the store lacks is built only
    with a full read of the files, see `tui.load.load_with`).  `progress` hears each stage
    of the work a load has to do (none when the store is current, see `tui.progress`)."""
    files = [_File(path, _relative(root, path)) for path in paths]
    use_store = store.enabled() if cache is None else cache
    if use_store:
        try:
            store.code_key()
            for file in files:
                file.signature, file.racy = store.signature(file.path)
        except (OSError, store.MissingCode):  # a file vanished between listing and stat
            use_store = False  # (read what is there), or the code cannot be told apart
    previous = store.opened(root) if use_store else None
    if previous is not None:
        try:
            return _from_store(root, files, previous, derive, build_from_store, progress)
        except StoreDamaged:
            store.discard(root)
    for file in files:
        file.record = None
    return _from_files(root, files, derive, store_it=use_store, progress=progress)


def read_partly(root: Path, paths: Sequence[Path], listed: Sequence[Problem]) -> LoadResult:
    """The problems of a base of which some files cannot even be listed (`listed`), and of
    every file that can: such a base is never valid, nor stored."""
    files = [_File(path, _relative(root, path)) for path in paths]
    result, _ = _from_files(root, files, {}, store_it=False)
    problems = sorted((*listed, *result.problems), key=Problem.sort_key)
    return LoadResult(None, tuple(problems), tuple(paths))


def _relative(root: Path, path: Path) -> str:
    try:
        return path.relative_to(root).as_posix() if root.is_dir() else path.name
    except ValueError:
        return path.as_posix()


def _from_store(
    root: Path,
    files: list[_File],
    previous: Store,
    derive: Deriving,
    build_from_store: bool,
    progress: Progress,
) -> tuple[LoadResult, dict[str, Any]]:
    paths = tuple(file.path for file in files)
    if _matched(files, previous):
        base = previous.base()
        if not build_from_store:
            return LoadResult(base, (), paths), {}  # left alone: see `tui.load.load_with`
        return LoadResult(base, (), paths), _derived(
            root, previous, base, _named(derive), None, progress=progress
        )
    try:
        return _updated(root, files, previous, derive, build_from_store, paths, progress)
    finally:
        # the store just updated is replaced (or stays as it was for a base that is not
        # valid): nothing reads it again, and left open it would hold its file and pages
        # for as long as the process runs (one more at every reload of the browser)
        previous.close()


def _matched(files: Sequence[_File], previous: Store) -> bool:
    """Give each file its record in `previous` while it is unchanged there; whether the store
    holds the base exactly as its files are now."""
    for file in files:
        record = previous.by_path.get(file.relative)
        if (
            record is not None
            and record.signature == file.signature
            and (record.digest is None or _digest(file.path) == record.digest)
        ):
            file.record = record
    return len(previous.files) == len(files) and all(file.record for file in files)


def work_ahead(root: Path, paths: Sequence[Path]) -> LoadStep | None:
    """What a load of these files would begin with: None when the store is current (it
    opens without reading a file), else its first step (every file read, or the changed
    ones).  By the files' stats, as the load itself tells it; for a display that wants to
    show progress before the program has even imported the code that loads (the browser,
    before Textual)."""
    files = [_File(path, _relative(root, path)) for path in paths]
    if not store.enabled():
        return LoadStep(READ, 0, len(files))
    try:
        store.code_key()
        for file in files:
            file.signature, file.racy = store.signature(file.path)
    except (OSError, store.MissingCode):
        return LoadStep(READ, 0, len(files))
    previous = store.opened(root)
    if previous is None:
        return LoadStep(READ, 0, len(files))
    try:
        if _matched(files, previous):
            return None
    finally:
        previous.close()
    changed = sum(1 for file in files if file.record is None)
    return LoadStep(READ_CHANGED, 0, changed) if changed else LoadStep(STORE_UPDATE)


def _updated(
    root: Path,
    files: list[_File],
    previous: Store,
    derive: Deriving,
    build_from_store: bool,
    paths: tuple[Path, ...],
    progress: Progress,
) -> tuple[LoadResult, dict[str, Any]]:
    with collector_paused():
        to_read = [file for file in files if file.record is None]
        for done, file in enumerate(to_read):
            progress.report(LoadStep(READ_CHANGED, done, len(to_read)))
            file.read()
        facts = {
            file.relative: previous.facts(file.record.fid)
            for file in files
            if file.record is not None
        }
        entities = sum(len(c) for f in facts.values() for c in f)
        progress.report(LoadStep(CHECK, entities=entities + sum(f.entity_count for f in to_read)))
        problems = (
            ()
            if _valid_across(files, previous, facts)
            else _problems(files, lambda file: _StoredLinks(file, facts[file.relative], previous))
        )
    if problems:
        return LoadResult(None, problems, paths), {}
    if not all(file.stable for file in files):
        return _from_files(root, files, derive, store_it=False, progress=progress)
    plan = [file.record if file.record is not None else file.fresh() for file in files]
    wanted = _named(derive)
    # the values derived from the previous store are opened before it is replaced (which
    # removes them): a value that follows an edit reads them
    before = {
        name: store.parts(root, previous.token, name)
        for name, kind in wanted.items()
        if isinstance(kind, Updatable)
    }
    for reader in before.values():  # copied after the new store removed them (`hold`)
        hold = getattr(reader, "hold", None)
        if hold is not None:
            hold()
    in_use: set[str] = set()
    try:
        return _stored_update(
            root,
            files,
            previous,
            plan,
            facts,
            derive,
            build_from_store,
            paths,
            before,
            in_use,
            progress,
        )
    finally:
        for name, reader in before.items():  # each holds the file of the previous parts
            if name not in in_use:
                _close(reader)


def _valid_across(
    files: Sequence[_File], previous: Store, facts: Mapping[str, Sequence[Sequence[Facts]]]
) -> bool:
    """Whether the checks across files (duplicate ids, references, cycles) are sure to find
    nothing, told from the changed files and the stored id tables alone, without running
    them over every file: the files left alone were valid together, so a problem can only
    be one of the changed files' ids defined elsewhere, one of their references, a
    reference to an id they no longer define in that collection, or a cycle through an
    entity whose parent is new.  False when there may be a problem (or a changed file has
    one of its own): then the checks run over every file, as a full load runs them, and
    say exactly what and where."""
    changed = [file for file in files if file.record is None]
    if any(file.checked is None or file.problems or file.checked.pending for file in changed):
        return False
    kept = {file.record.fid for file in files if file.record is not None}
    gone = [record for record in previous.files if record.fid not in kept]
    defined: dict[str, tuple[str, str | None]] = {}
    for file in changed:
        assert file.checked is not None
        for entity_id, collection, parent in file.checked.defined:
            if entity_id in defined:
                return False  # a duplicate among the changed files
            defined[entity_id] = (collection, parent)
    before: dict[str, tuple[str, str | None]] = {}
    for was in gone:
        for number, held in enumerate(previous.facts(was.fid)):
            for f in held:
                before[f.id] = (COLLECTIONS[number], f.parent)
    stored = previous.collections_of(
        {*defined, *(t for file in changed if file.checked for t in file.checked.targets)}, kept
    )
    if not stored.keys().isdisjoint(defined):
        return False  # defined in a file left alone as well
    for file in changed:
        assert file.checked is not None
        for target, kinds in zip(file.checked.targets, file.checked.kinds, strict=True):
            known = defined.get(target)
            named = known[0] if known is not None else stored.get(target)
            if named is None or named not in kinds:
                return False
    lost = {i for i, (was_in, _) in before.items() if defined.get(i, ("",))[0] != was_in}
    if lost:  # named by a file left alone?
        for other in previous.files:
            if other.fid in kept and not lost.isdisjoint(previous.references(other.fid)[0]):
                return False
    new_edges = [
        (i, parent)
        for i, (_, parent) in defined.items()
        if parent is not None and before.get(i, ("", None))[1] != parent
    ]
    if new_edges:
        parents = {
            f.id: f.parent for by_file in facts.values() for c in by_file for f in c if f.parent
        }
        parents.update((i, parent) for i, (_, parent) in defined.items() if parent is not None)
        for start, _ in new_edges:
            seen = {start}
            current = parents.get(start)
            while current is not None:
                if current in seen:
                    return False
                seen.add(current)
                current = parents.get(current)
    return True


def _close(reader: object) -> None:
    close = getattr(reader, "close", None)
    if close is not None:
        close()


def _stored_update(
    root: Path,
    files: list[_File],
    previous: Store,
    plan: list[FileRecord | Fresh],
    facts: dict[str, tuple[tuple[Facts, ...], ...]],
    derive: Deriving,
    build_from_store: bool,
    paths: tuple[Path, ...],
    before: Mapping[str, Callable[[str], bytes | None] | None],
    in_use: set[str],
    progress: Progress,
) -> tuple[LoadResult, dict[str, Any]]:
    """The valid result of `_updated` stored as an update of `previous`, and the values
    derived from it (`in_use` gets the names of those still reading their `before`)."""
    changed = [file for file in files if file.record is None]
    wanted = _named(derive)
    progress.report(LoadStep(STORE_UPDATE))
    opened = store.update(
        root,
        previous,
        plan,
        [
            facts[file.relative] if isinstance(item, FileRecord) else item.facts
            for file, item in zip(files, plan, strict=True)
        ],
    )
    if opened is None:  # not writable: read everything, as without a store
        return _from_files(root, files, derive, store_it=False, progress=progress)
    kept = {file.relative for file in files if file.record is not None}
    gone = [record for record in previous.files if record.path not in kept]
    changes = Changes(
        files=tuple(sorted({*(f.relative for f in changed), *(r.path for r in gone)})),
        removed=frozenset(i for r in gone for c in previous.facts(r.fid) for i in _ids(c)),
        added=frozenset(
            i
            for item in plan
            if not isinstance(item, FileRecord)
            for c in item.facts
            for i in _ids(c)
        ),
        before=previous.base(),
    )
    base = opened.base()
    return LoadResult(base, (), paths), _derived(
        root,
        opened,
        base,
        wanted,
        changes,
        before,
        in_use,
        build_missing=build_from_store,
        progress=progress,
    )


def _ids(facts: Sequence[Facts]) -> Iterator[str]:
    return (f.id for f in facts)


def _from_files(
    root: Path,
    files: list[_File],
    derive: Deriving,
    *,
    store_it: bool,
    progress: Progress = NO_PROGRESS,
) -> tuple[LoadResult, dict[str, Any]]:
    """Every file read (those not read yet), checked and built in memory; stored when
    `store_it` and every file held still while it was read."""
    paths = tuple(file.path for file in files)
    with collector_paused():
        entities = 0
        for done, file in enumerate(files):
            progress.report(LoadStep(READ, done, len(files), entities))
            if file.checked is None and not file.problems:
                file.read()
            entities += file.entity_count
        progress.report(LoadStep(CHECK, entities=entities))
        problems = _problems(files, None)
        if problems:
            return LoadResult(None, problems, paths), {}
        checked = [file.checked for file in files if file.checked is not None]
        collections = [[e for c in checked for e in c.entities[name]] for name in COLLECTIONS]
        store_it = store_it and all(file.stable for file in files)
        if store_it:  # their facts are stored, and the base's derived values use them too
            fresh = [file.fresh() for file in files if file.checked is not None]
            base = MemoryBase.of_files(
                collections,
                [f for c in range(len(COLLECTIONS)) for item in fresh for f in item.facts[c]],
            )
        else:
            fresh = []
            base = MemoryBase.of_files(collections, None)
    opened = None
    if store_it:
        # The base is stored before anything is derived from it, and each derived value
        # added when it is ready: the backlinks the store needs and a search index being
        # built are then never in memory at once (together they took the first load of
        # 100 000 events past 1 GiB).
        progress.report(LoadStep(STORE, entities=entities))
        opened = store.write(root, fresh)
    del fresh
    return LoadResult(base, (), paths), _derived(
        root, opened, base, _named(derive), None, progress=progress
    )


def _problems(
    files: Sequence[_File], stored: Callable[[_File], FileLinks] | None
) -> tuple[Problem, ...]:
    """Every problem of every file, located and in order; none when the base is valid.
    `stored` gives the links of a file the store holds unchanged (None: all were read)."""

    from tui.load.validate import Checked, Linker

    def linked() -> Linker:
        linker = Linker()
        for file in files:
            if file.record is not None and stored is not None:
                linker.add(stored(file))
            elif file.checked is not None:
                linker.add(file.checked)
        linker.check()
        return linker

    linker = linked()
    involved = [
        number for number in linker.involved() if not isinstance(linker.files[number], Checked)
    ]
    if involved:  # their problems need positions: read those files again
        by_display = {file.display: file for file in files}
        for number in involved:
            again = by_display[linker.files[number].file]
            again.read()
        linker = linked()
    problems: list[Problem] = [p for file in files for p in file.problems]
    pending = [p for file in files if file.checked is not None for p in file.checked.pending]
    pending.extend(linker.pending())
    if not problems and not pending:
        return ()
    problems.extend(_locate_all(pending))
    problems.sort(key=Problem.sort_key)
    return tuple(problems)


def _locate_all(pending: Sequence[Any]) -> list[Problem]:
    """Line numbers for the pending problems: each affected file is read once more."""
    from tui.load.validate import _DuplicateId

    texts: dict[str, str] = {}

    def position(file: str, where: tuple[PathPart, ...], at_key: bool) -> tuple[int, int]:
        if file not in texts:
            try:
                texts[file] = decode(Path(file).read_bytes(), file)[0] or ""
            except OSError:
                texts[file] = ""
        return locate(texts[file], where, at_key)

    located = []
    for item in pending:
        line, column = position(item.file, item.where, item.at_key)
        message = item.message
        if isinstance(item, _DuplicateId):
            first_line, first_column = position(item.first_file, item.first_where, False)
            message += _(" (first defined at {place})").format(
                place=f"{item.first_file}:{first_line}:{first_column}"
            )
        located.append(Problem(item.file, line, column, message))
    return located


# -- derived values ---------------------------------------------------------------------------


def _derived(
    root: Path,
    opened: Store | None,
    base: FactBase,
    derive: Mapping[str, Derived],
    changes: Changes | None,
    before: Mapping[str, Callable[[str], bytes | None] | None] | None = None,
    in_use: set[str] | None = None,
    *,
    build_missing: bool = True,
    progress: Progress = NO_PROGRESS,
) -> dict[str, Any]:
    """Each derived value: opened from its stored parts when they fit the stored base,
    else updated (after an edit, for a value that can follow one) or built (unless not
    `build_missing`), and kept with the store as soon as it is ready."""
    extras: dict[str, Any] = {}
    for name, kind in derive.items():
        read = store.parts(root, opened.token, name) if opened is not None else None
        if read is not None:
            extras[name] = kind.open(base, read)
            continue
        previous = (before or {}).get(name)
        delta = None
        with collector_paused():
            if changes is not None and previous is not None and isinstance(kind, Updatable):
                progress.report(LoadStep(INDEX_UPDATE, entities=len(changes.added)))
                value = kind.update(base, previous, changes)
                delta = kind.written(value)
            elif not build_missing:
                continue  # left to the next program that asks for it
            else:
                progress.report(LoadStep(INDEX, entities=len(base)))
                if opened is not None and isinstance(kind, BuiltForStore):
                    value = kind.build_for_store(base)
                else:
                    value = kind.build(base)
        extras[name] = value
        if opened is None:
            continue
        if delta is not None and previous is not None:
            # the value reads the previous parts where the update left them: written (only
            # those that changed, else all of them), it reads the new ones instead
            if store.write_parts_over(
                root, previous, opened.token, name, delta
            ) or store.write_parts(root, opened.token, name, kind.dump(value)):
                read = store.parts(root, opened.token, name)
                if read is not None:
                    extras[name] = kind.open(base, read)
                    continue
            if in_use is not None:
                in_use.add(name)
            continue
        if store.write_parts(root, opened.token, name, kind.dump(value)):
            # opened from what was written: a value built for the store (in parts, not in
            # memory) is then not built a second time by the first query
            read = store.parts(root, opened.token, name)
            if read is not None:
                extras[name] = kind.open(base, read)
    return extras
