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
from collections.abc import Callable
from dataclasses import dataclass
from typing import Generic, TypeVar, cast

from tui.app.facet_index import FacetIndex, Report
from tui.listing import Listing
from tui.model import FactBase
from tui.search import SearchIndex

T = TypeVar("T")


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

    def __init__(self, base: FactBase, index: SearchIndex | None = None) -> None:
        self._base = base
        self._lock = threading.Lock()
        self._done = threading.Condition(self._lock)
        self._index: _Slot[SearchIndex] = _Slot(index, index is not None)
        self._backlinks: _Slot[bool] = _Slot()
        self._facets: _Slot[FacetIndex] = _Slot()
        self._listings: dict[str, _Slot[Listing]] = {}

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

    def listing(self, key: str) -> Listing:
        """The order of the list `key` (a section of the browser), worked out once."""
        with self._lock:
            slot = self._listings.setdefault(key, _Slot())
        return self._once(slot, lambda: self._base.listing(key))
