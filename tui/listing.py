"""The order each list of the browser shows its entities in, as ids.

An order is worked out once per base (sorting 100 000 events by date, nesting visits under
their trips) and kept as plain ids, depths and years, so that a stored base can keep it too
and a list can be shown without reading a single entity: rows are made from entities only
when painted.  Free of Textual; the browser and the store both use it.

The model asks this module for its orders, never the other way round: here entities are
only read (their ids, parents, names and dates), so the model is imported for types alone.
"""

from __future__ import annotations

from array import array
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from tui.model import AnyEntity, FactBase, Participant, Source

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
    years: array[int]

    def __len__(self) -> int:
        return len(self.ids)


def build_listing(base: FactBase, key: str) -> Listing:
    """The list `key` (one of LISTS) of `base`, before any filter."""
    if key == "timeline":
        return _flat(base.timeline(), years=True)
    if key == "events":
        return _tree(base.timeline(), _parent)
    if key == "participants":
        people: list[Participant] = sorted(base.participants,
                                           key=lambda p: (p.label().casefold(), p.id))
        return _flat(people)
    if key in ("themes", "places"):
        return _tree(base.collection(key), _parent)
    if key == "sources":
        sources: list[Source] = sorted(base.sources, key=_published)
        return _flat(sources)
    raise KeyError(key)


def _published(source: Source) -> tuple[tuple[int, int, int], str]:
    return (source.published.sort_key() if source.published else (9999, 0, 0), source.id)


def _parent(entity: AnyEntity) -> str | None:
    """The parent a tree list nests an entity under: larger event, broader theme, larger
    place."""
    kind = entity.entity_type
    name = "part_of" if kind in ("event", "place") else "broader" if kind == "theme" else ""
    parent = getattr(entity, name, None) if name else None
    return parent if isinstance(parent, str) else None


def _flat(items: Sequence[AnyEntity], *, years: bool = False) -> Listing:
    found = array("i")
    if years:
        found.extend(_year(item) for item in items)
    return Listing(tuple(item.id for item in items), bytes(len(items)), found)


def _year(entity: AnyEntity) -> int:
    when = getattr(entity, "when", None) if entity.entity_type == "event" else None
    return int(when.year) if when else UNDATED


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
