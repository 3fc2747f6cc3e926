"""The order each list of the browser shows its entities in, as ids.

An order is worked out once per base (sorting 100 000 events by date, nesting visits under
their trips) and kept as plain ids, depths and years, so that a stored base can keep it too
and a list can be shown without reading a single entity: rows are made from entities only
when painted.  Free of Textual; the browser and the store both use it.
"""

from __future__ import annotations

from array import array
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from tui.model import AnyEntity, Event, FactBase, Place, Theme
from tui.periods import Get, year_of

LISTS: tuple[str, ...] = ("events", "timeline", "participants", "themes", "places", "sources")
"""Every order a base can be asked for (the browser's sections)."""

UNDATED = 0
"""The year of an event without a date in `Listing.years`."""


@dataclass(frozen=True, slots=True)
class Listing:
    """Entity ids in display order; `depths[i]` is how deep row i nests under its parents
    (0 in flat lists); `years[i]` is an event's year (UNDATED without a date), for the
    timeline's year headings, empty for lists without years."""

    ids: Sequence[str]
    depths: bytes
    years: array

    def __len__(self) -> int:
        return len(self.ids)


def build_listing(base: FactBase, key: str) -> Listing:
    """The list `key` (one of LISTS) of `base`, before any filter."""
    if key == "timeline":
        return _flat(base.timeline(), years=base.get)
    if key == "events":
        return _tree(base.timeline(), lambda e: e.part_of if isinstance(e, Event) else None)
    if key == "participants":
        return _flat(sorted(base.participants, key=lambda p: (p.label().casefold(), p.id)))
    if key == "themes":
        return _tree(base.themes, lambda t: t.broader if isinstance(t, Theme) else None)
    if key == "places":
        return _tree(base.places, lambda p: p.part_of if isinstance(p, Place) else None)
    if key == "sources":
        return _flat(sorted(
            base.sources,
            key=lambda s: (s.published.sort_key() if s.published else (9999, 0, 0), s.id),
        ))
    raise KeyError(key)


def _flat(items: Sequence[AnyEntity], *, years: Get | None = None) -> Listing:
    """`years`: how to look ids up, for the year of each event's period (see tui.periods)."""
    found = array("i")
    if years is not None:
        found.extend(_year(years, item) for item in items)
    return Listing(tuple(item.id for item in items), bytes(len(items)), found)


def _year(get: Get, entity: AnyEntity) -> int:
    year = year_of(get, entity) if isinstance(entity, Event) else None
    return UNDATED if year is None else year


def _tree(items: Sequence[AnyEntity], parent_of: Callable[[AnyEntity], str | None]) -> Listing:
    """Roots in the given order, each followed by its descendants (depth first, same order).

    Parents missing from `items` (or cycles, which the loader rejects anyway) make an entity
    a root, so nothing is ever left out."""
    ids = {item.id for item in items}
    children: dict[str, list[AnyEntity]] = {}
    roots: list[AnyEntity] = []
    for item in items:
        parent = parent_of(item)
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
