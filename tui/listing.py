"""The order each list of the browser shows its entities in, as ids.

An order is worked out once per base (sorting 100 000 events by date, nesting visits under
their trips) and kept as plain ids, depths and years, so that a stored base can keep it too
and a list can be shown without reading a single entity: rows are made from entities only
when painted.  Free of Textual; the browser and the store both use it.

Orders are worked out from the entities' `Facts` (their ids, parents, names and dates), which
a base in memory derives from its entities and the store keeps per fact file: the store
works a list out again after an edit without reading an entity, by the same rules.
"""

from __future__ import annotations

from array import array
from collections.abc import Sequence

from tui.entities import Facts, date_key
from tui.periods import facts_year
from tui.record import record

LISTS: tuple[str, ...] = ("events", "timeline", "participants", "themes", "places", "sources")
"""Every order a base can be asked for (the browser's sections)."""

UNDATED = 0
"""The year of an event without a date in `Listing.years`."""


@record(slots=True)
class Listing:
    """Entity ids in display order; `depths[i]` is how deep row i nests under its parents
    (0 in flat lists); `years[i]` is an event's year (UNDATED without a date), for the
    timeline's year headings, empty for lists without years."""

    ids: Sequence[str]
    depths: bytes
    years: array[int]

    def __len__(self) -> int:
        return len(self.ids)


_COLLECTION = {
    "participants": "participants",
    "themes": "themes",
    "places": "places",
    "sources": "sources",
}


def build_listing(key: str, collection: Sequence[Facts], timeline: Sequence[Facts]) -> Listing:
    """The list `key` (one of LISTS), before any filter: `collection` holds the facts of
    that list's collection in file order, `timeline` the events' by period (`timeline_order`).
    An undated part of a dated trip is filed under its trip's year (tui.periods)."""
    if key == "timeline":
        return _flat(timeline, years=True)
    if key == "events":
        return _tree(timeline)
    if key == "participants":
        return _flat(sorted(collection, key=lambda p: (p.label, p.id)))
    if key in ("themes", "places"):
        return _tree(collection)
    if key == "sources":
        return _flat(sorted(collection, key=lambda s: (date_key(s.date, (9999, 0, 0)), s.id)))
    raise KeyError(key)


def collection_of(key: str) -> str | None:
    """The collection whose facts `build_listing(key, …)` takes (None: the timeline's)."""
    if key not in LISTS:
        raise KeyError(key)
    return _COLLECTION.get(key)


def _flat(items: Sequence[Facts], *, years: bool = False) -> Listing:
    found = array("i")
    if years:
        events = {item.id: item for item in items}
        for item in items:
            year = int(item.date[:4]) if item.date else facts_year(events.get, item)
            found.append(UNDATED if year is None else year)
    return Listing(tuple(item.id for item in items), bytes(len(items)), found)


def _tree(items: Sequence[Facts]) -> Listing:
    """Roots in the given order, each followed by its descendants (depth first, same order).

    Parents missing from `items` (or cycles, which the loader rejects anyway) make an entity
    a root, so nothing is ever left out."""
    ids = {item.id for item in items}
    children: dict[str, list[Facts]] = {}
    roots: list[Facts] = []
    for item in items:
        parent = item.parent
        if parent and parent in ids and parent != item.id:
            children.setdefault(parent, []).append(item)
        else:
            roots.append(item)
    out: list[str] = []
    depths = bytearray()
    seen: set[str] = set()
    stack = [(root, 0) for root in reversed(roots)]
    while stack:
        item, depth = stack.pop()
        if item.id in seen:
            continue
        seen.add(item.id)
        out.append(item.id)
        depths.append(min(depth, 255))
        stack.extend((child, depth + 1) for child in reversed(children.get(item.id, ())))
    for item in items:
        if item.id not in seen:
            out.append(item.id)
            depths.append(0)
    return Listing(tuple(out), bytes(depths), array("i"))
