"""What the browser shows of a base kept in git: the revisions to choose "Changed since"
from, the entities changed since one of them, and an entity's last change.

The work is the core's (`tui.revisions`: `diff_base`, `entity_log`); this module only asks
and words the answers.  Free of Textual: the session calls it from workers.
"""

from __future__ import annotations

from dataclasses import dataclass

from tui.gitrepo import GitError
from tui.revisions import BaseInGit, diff_base, entity_log, resolve
from tui.safetext import list_line

TAGS_OFFERED = 5
COMMITS_OFFERED = 10
"""How many tags and commits "Changed since" offers (the newest first)."""


@dataclass(frozen=True, slots=True)
class Revision:
    """A revision to choose in the filter window."""

    sha: str
    """The commit, in full: the filter's value."""
    name: str
    """The tag, or the commit's short id."""
    date: str
    """YYYY-MM-DD."""
    subject: str
    tag: bool

    @property
    def label(self) -> str:
        """How the filter names it: 'v1.0', or 'a1b2c3d of 2025-05-12'."""
        return self.name if self.tag else f"{self.name} of {self.date}"


def recent_revisions(base: BaseInGit) -> list[Revision]:
    """The newest tags, then the newest commits that changed the base.  Raises GitError."""
    repo = base.repo
    out: list[Revision] = []
    fields = "%(refname:short)%00%(objectname)%00%(*objectname)%00%(creatordate:short)%00%(subject)"
    tags = repo.git(
        "for-each-ref",
        "--sort=-creatordate",
        f"--count={TAGS_OFFERED}",
        f"--format={fields}",
        "refs/tags",
    )
    for line in tags.decode("utf-8", "replace").splitlines():
        parts = line.split("\0")
        if len(parts) != 5:
            continue
        name, sha, peeled, date, subject = parts
        out.append(Revision(peeled or sha, name, date, subject, True))
    log = (
        repo.git(
            "log",
            f"-n{COMMITS_OFFERED}",
            "--format=%H%x00%h%x00%as%x00%s",
            "--no-color",
            "--",
            *base.pathspec,
        )
        if repo.has_commits()
        else b""
    )
    for line in log.decode("utf-8", "replace").splitlines():
        parts = line.split("\0")
        if len(parts) == 4:
            out.append(Revision(parts[0], parts[1], parts[2], parts[3], False))
    return out


@dataclass(frozen=True, slots=True)
class Changed:
    """The entities added or changed since a revision (to the files as they are now)."""

    added: frozenset[str]
    changed: frozenset[str]

    def __contains__(self, entity_id: object) -> bool:
        return entity_id in self.added or entity_id in self.changed

    def mark(self, entity_id: str) -> str:
        """What a list row says of the entity: 'added', 'changed' or ''."""
        if entity_id in self.added:
            return "added"
        return "changed" if entity_id in self.changed else ""


def changed_since(base: BaseInGit, sha: str) -> Changed:
    """What changed by entity from the commit to the working tree (a move between files is
    a change).  Raises GitError, and ProblemsAt when a file does not parse at either side."""
    result = diff_base(base, resolve(base, sha, None))
    diff = result.diff
    return Changed(
        frozenset(change.entity_id for change in diff.added),
        frozenset(change.entity_id for change in diff.changed),
    )


@dataclass(frozen=True, slots=True)
class LastChange:
    """The newest commit that added or changed an entity."""

    date: str
    """YYYY-MM-DD (the author date)."""
    subject: str
    short: str
    author: str
    kind: str
    """'added' or 'changed'."""

    def describe(self) -> str:
        what = "Added" if self.kind == "added" else "Last changed"
        return list_line(f"{what} {self.date} · {self.subject} ({self.short}, {self.author})")


def last_change(base: BaseInGit, entity_id: str) -> LastChange | None:
    """The entity's last commit, or None when no commit holds it yet.  Raises GitError."""
    found = entity_log(base, entity_id, limit=1).entries
    if not found:
        return None
    entry = found[0]
    commit = entry.commit
    return LastChange(
        commit.date[:10], commit.subject, commit.short, commit.author, entry.change.kind
    )


__all__ = [
    "Changed",
    "GitError",
    "LastChange",
    "Revision",
    "changed_since",
    "last_change",
    "recent_revisions",
]
