"""What the browser derives from one loaded base, shared by its screens and their workers.

A base is a frozen value; what the browser works out from it (the search index, the
backlinks, the facet values, the list orders) costs seconds on a big base, is asked for from
several worker threads at once, and must be worked out once.  A `Session` holds all of it
for one base behind one lock, and is replaced as a whole when the base is reloaded, so
nothing derived from an old base can be mixed with a new one.

Free of Textual: the screens get a session handed to them and call its typed methods from
their workers; nothing here runs on the UI thread unless it is already worked out.
"""

from __future__ import annotations

import threading
from array import array
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path
from types import MappingProxyType
from typing import Generic, TypeVar, cast

from tui.app.facet_index import FacetIndex, Report
from tui.changedsince import ChangeTracker, LastChange
from tui.gitrepo import GitError
from tui.hierarchy import family
from tui.i18n import _
from tui.listing import Listing
from tui.model import FactBase
from tui.revisions import BaseInGit
from tui.search.engine import SearchIndex
from tui.search.filters import ChangedSet

T = TypeVar("T")

BY_NAME = frozenset({"participants"})
"""The lists ordered by name (the others by date, or as a tree in the authors' order)."""


def _label(base: FactBase, entity_id: str, lang: str) -> str:
    entity = base.get(entity_id)
    return entity.label(lang) if entity is not None else entity_id


@dataclass(slots=True)
class _Slot(Generic[T]):
    """One derived value: absent, being worked out by one thread, or there."""

    value: T | None = None
    ready: bool = False
    building: bool = False


class Session:
    """The derived values of one base, each worked out once, whichever thread asks first.

    Every method that may take long blocks its caller until the value is there (call it from
    a worker); the `*_ready` properties answer at once, for the UI thread.  A second thread
    asking while the first works waits for the first's value instead of working it out again
    (two workers building the backlinks of 100 000 events would take twice the memory)."""

    def __init__(
        self, base: FactBase, index: SearchIndex | None = None, path: Path | None = None
    ) -> None:
        self._base = base
        self.path = path
        """Where the base was read from (None: not from files; no git then)."""
        self._lock = threading.Lock()
        self._done = threading.Condition(self._lock)
        self._index: _Slot[SearchIndex] = _Slot(index, index is not None)
        self._backlinks: _Slot[bool] = _Slot()
        self._facets: _Slot[FacetIndex] = _Slot()
        self._listings: dict[tuple[str, str | None], _Slot[Listing]] = {}
        self._theme_counts: _Slot[Mapping[str, int]] = _Slot()
        self.changes = ChangeTracker(path) if path is not None else None
        """The base's history in git, as `facts search changed:REV` and `facts show
        --last-change` ask it (one tracker per loaded base; None: not read from files)."""
        self._git: _Slot[BaseInGit | None] = _Slot()
        self._last_changes: dict[str, _Slot[LastChange | None]] = {}

    @property
    def base(self) -> FactBase:
        return self._base

    def _once(self, slot: _Slot[T], build: Callable[[], T]) -> T:
        """The slot's value, worked out by `build` outside the lock if nobody has yet."""
        with self._done:
            while slot.building:
                self._done.wait()
            if slot.ready:
                return cast(T, slot.value)  # ready: the builder set it
            slot.building = True
        try:
            value = build()
        except BaseException:
            with self._done:
                slot.building = False
                self._done.notify_all()
            raise
        with self._done:
            slot.value, slot.ready, slot.building = value, True, False
            self._done.notify_all()
        return value

    # -- the search index ---------------------------------------------------------------------

    def search_index(self) -> SearchIndex:
        """The base's search index (built here when the load did not bring one: seconds)."""
        return self._once(self._index, lambda: SearchIndex.build(self._base))

    # -- backlinks ----------------------------------------------------------------------------

    @property
    def backlinks_ready(self) -> bool:
        """Whether the base can answer what links to an entity without working it out, so
        that the UI thread may ask (a stored base reads them as they are asked for)."""
        return self._backlinks.ready

    def build_backlinks(self) -> None:
        """Work out the backlinks of a base in memory (a tenth of a second per 5 000 events)."""

        def build() -> bool:
            if not self._base.stored:
                self._base.events_of("")  # the first question builds them all
            return True

        self._once(self._backlinks, build)

    # -- facets -------------------------------------------------------------------------------

    @property
    def facets_ready(self) -> bool:
        """Whether the facet values are gathered (filtering then costs no reading)."""
        return self._facets.ready

    def facets(self, progress: Report | None = None) -> FacetIndex:
        """The facet values of every entity, gathered on first use (the whole base is read
        once: seconds at 100 000 events); `progress(done, total)` hears how far it got."""

        def gather() -> FacetIndex:
            index = FacetIndex(self._base)
            index.gather(progress)
            return index

        return self._once(self._facets, gather)

    # -- list orders --------------------------------------------------------------------------

    def listing(self, key: str, lang: str | None = None) -> Listing:
        """The order of the list `key` (a section of the browser) with names in `lang`,
        worked out once.  Only the participants are listed by name, so only they are sorted
        again for another language (the base keeps the order for its own names: None);
        every other list is the same in every language."""
        if key not in BY_NAME:
            lang = None
        with self._lock:
            slot = self._listings.setdefault((key, lang), _Slot())
        if lang is None:
            return self._once(slot, lambda: self._base.listing(key))
        return self._once(slot, lambda: self._by_name(key, lang))

    def _by_name(self, key: str, lang: str) -> Listing:
        """The list sorted by the names in `lang`, as the base sorts its own names (case
        folded, then by id): a stored base reads every participant for it, once."""
        ids = self.listing(key).ids
        base = self._base
        named = sorted(ids, key=lambda i: (_label(base, i, lang).casefold(), i))
        return Listing(tuple(named), bytes(len(named)), array("i"))

    # -- counts -------------------------------------------------------------------------------

    def theme_counts(self) -> Mapping[str, int]:
        """How many events each theme has, those of its narrower themes included: the
        number its filter narrows the events to ("Energy" covers "Renewable energy")."""
        self.build_backlinks()
        return self._once(self._theme_counts, self._count_themes)

    def _count_themes(self) -> Mapping[str, int]:
        base = self._base
        counts: dict[str, int] = {}
        for theme_id in self.listing("themes").ids:
            events: set[str] = set()
            for each in family(theme_id, base.children_of):  # the one hierarchy walk
                events.update(base.event_ids_of(each))
            counts[theme_id] = len(events)
        return MappingProxyType(counts)

    # -- git ----------------------------------------------------------------------------------

    @property
    def git_known(self) -> bool:
        """Whether `git()` answers at once (the UI thread may then ask)."""
        return self._git.ready

    def git(self) -> BaseInGit | None:
        """The base in its git repository, or None when it is in none (or git is missing):
        one `git rev-parse`, once per base."""

        def find() -> BaseInGit | None:
            if self.changes is None:
                return None
            try:
                return self.changes.base()
            except GitError:
                return None

        return self._once(self._git, find)

    def forget_history(self) -> None:
        """The fact files changed under this base (an edit that did not load): what git was
        asked about them no longer holds."""
        if self.changes is not None:
            self.changes.forget()
        with self._lock:
            self._last_changes.clear()

    def last_change(self, entity_id: str) -> LastChange | None:
        """The entity's last commit, and whether the working tree changed it since (the
        tracker's answer, the one `facts show --last-change` gives), once per entity.
        None: not in git, or git cannot read the history."""
        with self._lock:
            slot = self._last_changes.setdefault(entity_id, _Slot())
        changes = self.changes
        if changes is None or self.git() is None:
            return None
        return self._once(slot, lambda: changes.last_change(entity_id))

    def changed_since(self, rev: str) -> ChangedSet:
        """The entities added or changed since `rev`, as the search's `changed:REV` selects
        them (the same tracker answers both, once per revision).  Raises FilterUnanswered
        with the line to show (not in git, an unknown revision, a file that does not parse)."""
        from tui.safetext import safe_line
        from tui.search.query import FilterUnanswered

        if self.changes is None:
            raise FilterUnanswered(
                _("changed:{rev}: the fact base was not read from files (no git)").format(
                    rev=safe_line(rev)
                )
            )
        return self.changes(rev)
