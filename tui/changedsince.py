"""What changed in a fact base since a revision, and when an entity last changed: the
history of a base in git as the search's `changed:REV`, the browser's "Changed since"
filter and its detail pane ask for it.  Plain functions and values, no Textual.

One `ChangeTracker` per loaded base: it finds the repository once, answers each revision
once (the answer holds for one state of the fact files and of the repository: after a
reload, a commit or a checkout, `forget` it or make a new one) and is safe to ask from
several threads.  It is what `SearchIndex.query(..., changes=tracker)` is given.

"Changed since REV" is `facts diff REV` (REV and the working tree; `A..B` and `A...B` as
there): the entities added or changed, a move included.  A removed entity is not in the
base, so no list can show it; the note counts it.  Nothing here runs git before it is asked:
a search without `changed:` costs nothing more.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from tui.i18n import _, list_text, ngettext
from tui.search.filters import ChangedEntry, ChangedSet
from tui.search.query import FilterUnanswered

if TYPE_CHECKING:
    from tui.entitydiff import EntityChange
    from tui.gitrepo import Commit
    from tui.revisions import BaseInGit, DiffResult, Revisions

__all__ = ["ChangeTracker", "ChangedSince", "LastChange", "RevisionChoice"]

WORDS = 3
"""Changes of fields told in a changed entity's line; `facts diff` tells them all."""
LONGEST = 50
"""A change longer than this is told by what changed, without the texts."""


def _brief(word: str) -> str:
    """`date 2017-12-01 → 2017-11-30` as it is; a long text's change, `description (en)
    "…" → "…"`, as `description (en) changed`: a search result has a line for it, not a
    paragraph."""
    label, quote, _rest = word.partition(' "')
    if len(word) <= LONGEST or not quote:  # ids, dates, kinds: short by their form
        return word
    return _("{field} changed").format(field=label)


@dataclass(frozen=True, slots=True)
class ChangedSince:
    """The entities that changed from a revision to the working tree (or to a second
    revision), by id."""

    rev: str
    """As the user wrote it (`HEAD~3`, `v1.0`, `main...topic`)."""
    revisions: Revisions
    result: DiffResult

    @property
    def span(self) -> str:
        """'since HEAD~3', or 'between v1.0 and v1.1' for two revisions (in the interface
        language)."""
        old, new = self.revisions.old_label, self.revisions.new_label
        if self.revisions.new is None:
            return _("since {rev}").format(rev=old)
        return _("between {old} and {new}").format(old=old, new=new)

    @property
    def added(self) -> tuple[str, ...]:
        return tuple(change.entity_id for change in self.result.diff.added)

    @property
    def changed(self) -> tuple[str, ...]:
        """Changed ones, moves included."""
        return tuple(change.entity_id for change in self.result.diff.changed)

    @property
    def removed(self) -> tuple[str, ...]:
        return tuple(change.entity_id for change in self.result.diff.removed)

    @property
    def ids(self) -> frozenset[str]:
        """What the filter selects: the added and changed entities."""
        return frozenset((*self.added, *self.changed))

    def change_of(self, entity_id: str) -> EntityChange | None:
        """How one entity changed (None: it did not)."""
        return next((c for c in self.result.diff if c.entity_id == entity_id), None)

    def entry(self, change: EntityChange) -> ChangedEntry:
        fields = tuple(f.field for f in change.fields)
        if change.kind == "added":
            return ChangedEntry("added", (), _("added {span}").format(span=self.span))
        words = [_brief(word) for f in change.fields if f.field != "file" for word in f.words]
        shown = "; ".join(words[:WORDS])
        if len(words) > WORDS:
            shown += _("; and {count} more").format(count=len(words) - WORDS)
        if change.moved:
            move = next(f for f in change.fields if f.field == "file")
            text = _("moved {span} from {old} to {new}").format(
                span=self.span, old=move.before, new=move.after
            )
            return ChangedEntry("moved", fields, text + (f"; {shown}" if shown else ""))
        return ChangedEntry(
            "changed", fields, _("changed {span}: {fields}").format(span=self.span, fields=shown)
        )

    @property
    def note(self) -> str:
        """'changed since HEAD~3 (3f2a1c9): 1 added, 2 changed, 1 removed (not listed: …)'."""
        old = self.revisions.old
        shown = self.revisions.old_label
        head = _("changed {span}").format(span=self.span)
        if len(old) == 40 and not old.startswith(shown.lower()) and " " not in shown:
            head += f" ({old[:7]})"
        diff = self.result.diff
        moved = sum(1 for change in diff.changed if change.moved)
        counts = []
        if diff.added:
            counts.append(_("{count} added").format(count=len(diff.added)))
        if diff.changed:
            counts.append(
                _("{count} changed").format(count=len(diff.changed))
                + (_(" ({count} moved)").format(count=moved) if moved else "")
            )
        if not counts:
            counts.append(_("no entity added or changed"))
        if diff.removed:
            counts.append(
                _("{count} removed (not listed: no longer in the base)").format(
                    count=len(diff.removed)
                )
            )
        return f"{head}: {list_text(counts)}"

    def as_set(self) -> ChangedSet:
        """What the search's `changed:` filter reads."""
        entries = {
            change.entity_id: self.entry(change)
            for change in (*self.result.diff.added, *self.result.diff.changed)
        }
        return ChangedSet(entries, self.note)


@dataclass(frozen=True, slots=True)
class RevisionChoice:
    """A revision to offer for "changed since": a tag or a recent commit of the base."""

    rev: str
    """What to write after `changed:` (a tag's name, a commit's short id)."""
    kind: str
    """'tag' or 'commit'."""
    date: str
    """ISO 8601 with its offset."""
    subject: str

    @property
    def label(self) -> str:
        """'v1.0 · 2025-05-12 · The base' — one line for a menu."""
        from tui.safetext import one_line

        return " · ".join(
            part for part in (one_line(self.rev), self.date[:10], one_line(self.subject)) if part
        )


@dataclass(frozen=True, slots=True)
class LastChange:
    """The last commit that added, changed or moved an entity, and whether the working tree
    changed it again since."""

    commit: Commit | None
    """None: no commit holds the entity yet."""
    kind: str = ""
    """How that commit changed it: 'added', 'changed' or 'moved'."""
    fields: tuple[str, ...] = ()
    uncommitted: bool = False
    """The working tree changes the entity against HEAD."""

    def as_dict(self) -> dict[str, Any]:
        """For `facts show --last-change --json`: the commit's fields (null when none holds
        the entity yet), how it changed the entity, and the line `text`."""
        commit = self.commit
        return {
            "commit": commit.sha if commit else None,
            "short": commit.short if commit else None,
            "date": commit.date if commit else None,
            "author": commit.author if commit else None,
            "email": commit.email if commit else None,
            "subject": commit.subject if commit else None,
            "change": self.kind or None,
            "fields": list(self.fields),
            "uncommitted": self.uncommitted,
            "text": self.text,
        }

    @property
    def text(self) -> str:
        """One line for the detail pane: 'Last changed 2025-05-12 by Anna Schmidt
        (7c3920f): The memorandum was signed on 30 November'."""
        from tui.i18n import N_
        from tui.safetext import one_line

        parts = []
        if self.uncommitted:
            parts.append(_("Changed in the working tree, not committed yet."))
        commit = self.commit
        if commit is not None:
            verbs = {
                "added": N_("Added {date} by {author} ({commit}): {subject}"),
                "moved": N_("Moved {date} by {author} ({commit}): {subject}"),
            }
            verb = verbs.get(self.kind, N_("Last changed {date} by {author} ({commit}): {subject}"))
            if self.uncommitted and self.kind not in verbs:
                verb = N_("Before, changed {date} by {author} ({commit}): {subject}")
            parts.append(
                _(verb).format(
                    date=commit.date[:10],
                    author=one_line(commit.author),
                    commit=commit.short,
                    subject=one_line(commit.subject),
                )
            )
        elif not self.uncommitted:
            parts.append(_("Not committed yet."))
        return " ".join(parts)


class ChangeTracker:
    """The history of the base at `facts` (a folder or a file inside a git work tree)."""

    def __init__(self, facts: Path) -> None:
        self.facts = facts
        self._lock = threading.RLock()
        self._base: BaseInGit | None = None
        self._since: dict[str, ChangedSince] = {}
        self._sets: dict[str, ChangedSet] = {}

    def forget(self) -> None:
        """Drop what was answered (the files, HEAD or the tags changed)."""
        with self._lock:
            self._since.clear()
            self._sets.clear()

    def base(self) -> BaseInGit:
        """The base in its repository.  Raises GitError."""
        from tui.revisions import find_base

        with self._lock:
            if self._base is None:
                self._base = find_base(self.facts)
            return self._base

    def since(self, rev: str) -> ChangedSince:
        """What changed since `rev`.  Raises FilterUnanswered, with one line a person can
        act on (and the problems, for a file that did not parse at a side)."""
        from tui.gitrepo import GitError
        from tui.revisions import ProblemsAt, diff_base, resolve
        from tui.safetext import safe_line

        with self._lock:
            found = self._since.get(rev)
            if found is not None:
                return found
            named = f"changed:{safe_line(rev)}"
            try:
                base = self.base()
                revisions = resolve(base, rev, None)
                result = diff_base(base, revisions)
            except GitError as error:
                raise FilterUnanswered(f"{named}: {error}") from None
            except ProblemsAt as problems:
                count = len(problems.problems)
                raise FilterUnanswered(
                    _(
                        "{filter}: {problems}: the changed files must parse at both sides to be "
                        "compared by entity"
                    ).format(
                        filter=named,
                        problems=ngettext("{count} problem", "{count} problems", count).format(
                            count=count
                        ),
                    ),
                    tuple(safe_line(str(problem)) for problem in problems.problems),
                ) from None
            found = self._since[rev] = ChangedSince(rev, revisions, result)
            return found

    def __call__(self, rev: str) -> ChangedSet:
        """For `SearchIndex.query(changes=…)`: the same value for the same revision (a
        search as you type asks at every keystroke)."""
        with self._lock:
            found = self._sets.get(rev)
            if found is None:
                found = self._sets[rev] = self.since(rev).as_set()
            return found

    def choices(self, tags: int = 5, commits: int = 10) -> list[RevisionChoice]:
        """The newest tags, then the last commits that changed a fact file, newest first:
        what "changed since" offers to choose from.  Empty when the base is not in git (or
        git is missing): the browser then has nothing to offer, and says so."""
        from tui.gitrepo import GitError

        try:
            base = self.base()
            found = [
                RevisionChoice(name, "tag", date, subject)
                for name, date, subject in base.repo.tags(tags)
            ]
            found += [
                RevisionChoice(short, "commit", date, subject)
                for short, date, subject in base.repo.recent(base.pathspec, commits)
            ]
        except GitError:
            return []
        return found

    def last_change(self, entity_id: str) -> LastChange | None:
        """When `entity_id` last changed in a commit (and whether the working tree changes
        it again); None when the base is not in git or its history cannot be read.  It
        walks back only to that commit: the newer the change, the quicker the answer."""
        from tui.gitrepo import GitError
        from tui.revisions import entity_log

        try:
            log = entity_log(self.base(), entity_id, limit=1)
        except GitError:
            return None
        try:
            head = self.since("HEAD")
            uncommitted = entity_id in head.ids or entity_id in head.removed
        except FilterUnanswered:  # no commits yet, or a file that does not parse
            uncommitted = False
        if not log.entries:
            return LastChange(None, uncommitted=uncommitted)
        entry = log.entries[0]
        change = entry.change
        kind = "moved" if change.moved else change.kind
        return LastChange(entry.commit, kind, tuple(f.field for f in change.fields), uncommitted)
