"""A fact base at its revisions: what changed by entity between two of them (`facts diff`)
and the commits that changed one entity (`facts log`).

Only the files git says changed are read, so the cost follows the change, not the base: a
one-file change of a 100 000-event base costs that file's parse at each side.  `facts log`
reads, per commit, only the changed files whose text holds the entity's id, and of those
only the entity's own lines (tui.locate); each version of a file is read once, however many
commits share it.

The fact files of a base at a revision are the ones the loader would read there: the base
file itself, or the `*.yaml`/`*.yml` files below the base folder outside hidden folders.  A
symbolic link or a submodule is not a fact file at a revision (git holds the link, not the
file).  Links between files are not checked here (the rest of the base is not read); that
is `facts check`'s work.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

from tui.entitydiff import Diff, EntityChange, Placed, compare, entity_change
from tui.gitrepo import BlobReader, Commit, GitError, Repository
from tui.i18n import _
from tui.load.files import SUFFIXES, unreadable
from tui.load.onefile import read_entities, read_entity
from tui.load.problems import Problem
from tui.load.yamlread import MAX_FILE_BYTES, decode, too_large

__all__ = [
    "BaseInGit",
    "DiffResult",
    "LogEntry",
    "LogResult",
    "ProblemsAt",
    "Revisions",
    "diff_base",
    "entity_log",
    "find_base",
    "resolve",
]


class ProblemsAt(Exception):
    """Files that did not parse at a revision: the diff cannot be told (exit 1)."""

    def __init__(self, problems: list[Problem]) -> None:
        super().__init__("\n".join(map(str, problems)))
        self.problems = problems


@dataclass(frozen=True, slots=True)
class BaseInGit:
    """A fact base (a folder or one file) inside a git work tree."""

    repo: Repository
    prefix: str
    """The base's path relative to the repository's top, with '/' ('' for the top itself)."""
    single: bool
    """The base is one file."""

    @property
    def pathspec(self) -> tuple[str, ...]:
        return (self.prefix or ".",)

    def is_fact_file(self, path: str) -> bool:
        if self.single:
            return path == self.prefix
        if self.prefix:
            if not path.startswith(self.prefix + "/"):
                return False
            path = path[len(self.prefix) + 1 :]
        parts = PurePosixPath(path).parts
        return bool(parts) and not any(p.startswith(".") for p in parts) and path.endswith(SUFFIXES)

    def on_disk(self, path: str) -> Path:
        return self.repo.root / path

    def shown(self, path: str) -> str:
        """A path of the repository as the user can open it: relative to where they are."""
        try:
            return os.path.relpath(self.on_disk(path))
        except ValueError:  # another drive (Windows)
            return str(self.on_disk(path))


def find_base(facts: Path) -> BaseInGit:
    """The base at `facts` in the repository around it.  Raises GitError."""
    repo = Repository.around(facts)
    resolved = facts.resolve()
    root = repo.root.resolve()
    try:
        relative = resolved.relative_to(root)
    except ValueError:
        from tui.safetext import safe_line

        raise GitError(
            _("{path} is outside the repository {repo}").format(
                path=safe_line(str(facts)), repo=safe_line(str(repo.root))
            )
        ) from None
    prefix = relative.as_posix()
    return BaseInGit(repo, "" if prefix == "." else prefix, resolved.is_file())


@dataclass(frozen=True, slots=True)
class Revisions:
    old: str
    """The commit (or the empty tree) compared from."""
    new: str | None
    """The commit compared to, or None for the working tree."""
    old_label: str
    new_label: str


def resolve(base: BaseInGit, rev: str | None, rev2: str | None) -> Revisions:
    """The two sides `facts diff [REV [REV2]]` compares: HEAD and the working tree without
    REV, REV and the working tree, REV and REV2; `A..B` is A and B, `A...B` their common
    ancestor and B (as for git diff).  Raises GitError."""
    repo = base.repo
    if rev is not None and rev2 is None and ".." in rev:
        first, _dots, second = rev.partition("..")
        three = second.startswith(".")
        second = second[1:] if three else second
        old_rev, new_rev = first or "HEAD", second or "HEAD"
        old, new = repo.commit(old_rev), repo.commit(new_rev)
        if three:
            old = repo.merge_base(old, new)
            old_rev = _("the common ancestor of {old} and {new}").format(old=old_rev, new=new_rev)
        return Revisions(old, new, old_rev, new_rev)
    if rev is None:
        if not repo.has_commits():
            return Revisions(
                repo.empty_tree(), None, _("nothing (no commits yet)"), _("the working tree")
            )
        return Revisions(repo.commit("HEAD"), None, "HEAD", _("the working tree"))
    old = repo.commit(rev)
    if rev2 is None:
        return Revisions(old, None, rev, _("the working tree"))
    return Revisions(old, repo.commit(rev2), rev, rev2)


# -- facts diff -------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class DiffResult:
    diff: Diff
    files: int
    """Fact files that changed (each read at both sides)."""
    formatting_only: int
    """Of those, the files in which no entity changed (comments, quoting, order, spacing)."""


def diff_base(base: BaseInGit, revisions: Revisions) -> DiffResult:
    """What changed by entity between the two sides.  Raises GitError, ProblemsAt."""
    changes = [
        c
        for c in base.repo.changes(revisions.old, revisions.new, base.pathspec)
        if base.is_fact_file(c.path)
    ]
    before: dict[str, Placed] = {}
    after: dict[str, Placed] = {}
    problems: list[Problem] = []
    with base.repo.reader() as reader:
        for change in changes:
            if change.old is not None:
                display = f"{revisions.old_label}:{change.path}"
                _read_into(before, reader.read(change.old), display, change.path, problems)
            if change.new is not None:
                if change.new:
                    display = f"{revisions.new_label}:{change.path}"
                    _read_into(after, reader.read(change.new), display, change.path, problems)
                else:
                    _read_worktree(base, change.path, after, problems)
    if problems:
        raise ProblemsAt(sorted(problems, key=Problem.sort_key))
    diff = compare(before, after)
    touched = {p.path for c in diff for p in (c.before, c.after) if p is not None}
    return DiffResult(diff, len(changes), len({c.path for c in changes} - touched))


def _read_worktree(
    base: BaseInGit, path: str, into: dict[str, Placed], problems: list[Problem]
) -> None:
    shown = base.shown(path)
    try:
        data = base.on_disk(path).read_bytes()
    except FileNotFoundError:
        return
    except OSError as error:
        problems.append(unreadable(shown, "the file", error.strerror or str(error)))
        return
    _read_into(into, data, shown, path, problems)


def _read_into(
    into: dict[str, Placed], data: bytes, display: str, path: str, problems: list[Problem]
) -> None:
    text, found = _text(data, display)
    if text is None:
        problems.extend(found)
        return
    entities, found = read_entities(text, display)
    if entities is None:
        problems.extend(found)
        return
    for order, (collection, entity) in enumerate(entities):
        into.setdefault(entity.id, Placed(collection, entity, path, order))


def _text(data: bytes, display: str) -> tuple[str | None, list[Problem]]:
    if len(data) > MAX_FILE_BYTES:
        return None, [too_large(display)]
    return decode(data, display)


# -- facts log --------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class LogEntry:
    commit: Commit
    change: EntityChange


@dataclass(frozen=True, slots=True)
class LogResult:
    entries: tuple[LogEntry, ...]
    problems: tuple[Problem, ...] = ()
    """Versions of the entity's file that did not parse: what the entity held there is
    not known, and those commits are left out."""
    shallow_end: Commit | None = None
    """The oldest commit of a shallow clone, when the log reaches it: what came before is
    not known (and additions in it may be older)."""
    commits: int = 0
    """Commits that changed a fact file (the ones looked at)."""
    versions: int = field(default=0)
    """Versions of fact files read."""


_State = Placed | None | list[Problem]
"""The entity in one version of a file: where and what, absent, or why it is not known."""


def entity_log(base: BaseInGit, entity_id: str, limit: int | None = None) -> LogResult:
    """The commits that added, changed or removed `entity_id`, newest first; with `limit`,
    only that many (the browser's "last change" asks for one, and stops there)."""
    repo = base.repo
    boundary = repo.shallow_boundary()
    states: dict[tuple[str, str], _State] = {}
    entries: list[LogEntry] = []
    problems: list[Problem] = []
    shallow_end: Commit | None = None
    commits = 0
    with repo.reader() as reader:
        state = _reading(reader, entity_id, states)
        for commit in repo.log(base.pathspec):
            changes = [c for c in commit.changes if base.is_fact_file(c.path)]
            if not changes:
                continue
            commits += 1
            if commit.sha in boundary:
                shallow_end = commit
            parent = commit.parent or f"{commit.short}^"
            # (a version is named by the commit that wrote it: the parent, for the old side)
            before = _side(state, [(c.old, c.path, f"{parent}:{c.path}") for c in changes])
            after = _side(state, [(c.new, c.path, f"{commit.short}:{c.path}") for c in changes])
            if isinstance(before, list) or isinstance(after, list):
                problems += [p for side in (before, after) if isinstance(side, list) for p in side]
                continue
            change = entity_change(before, after)
            if change is None or (commit.sha in boundary and change.kind == "added"):
                continue
            entries.append(LogEntry(commit, change))
            if limit is not None and len(entries) >= limit:
                break
    return LogResult(
        tuple(entries), tuple(dict.fromkeys(problems)), shallow_end, commits, len(states)
    )


def _reading(
    reader: BlobReader, entity_id: str, states: dict[tuple[str, str], _State]
) -> Callable[[str | None, str, str], _State]:
    needle = entity_id.encode()

    def state(blob: str | None, path: str, display: str) -> _State:
        if not blob:
            return None
        key = (blob, path)
        if key not in states:
            data = reader.read(blob)
            if (
                needle not in data
                and b"\\" not in data
                and not data.startswith((b"\xff\xfe", b"\xfe\xff"))
            ):
                states[key] = None
            else:
                states[key] = _placed(data, entity_id, display, path)
        return states[key]

    return state


def _placed(data: bytes, entity_id: str, display: str, path: str) -> _State:
    text, problems = _text(data, display)
    if text is None:
        return problems
    found, problems = read_entity(text, entity_id, display)
    if problems:
        return problems
    return Placed(found[0], found[1], path) if found is not None else None


def _side(
    state: Callable[[str | None, str, str], _State], versions: list[tuple[str | None, str, str]]
) -> _State:
    """The entity on one side of a commit: in whichever changed file holds it."""
    unknown: list[Problem] = []
    for blob, path, display in versions:
        found = state(blob, path, display)
        if isinstance(found, Placed):
            return found
        if isinstance(found, list):
            unknown += found
    return unknown or None
