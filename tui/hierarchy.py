"""The hierarchies of a fact base, walked in one place: larger events and their parts,
broader and narrower themes, places inside places, organisations and their units.

Each entity names at most one parent (`part_of`, `broader`, `parent`), so walking up gives a
chain and walking down a tree.  The loader rejects cycles, but a walk here never trusts
that: each id is visited once, so a cycle in a view being edited ends the walk instead of
hanging it.  Free of the model's classes (it reads the parent field by the entity's type),
so that the model itself can use it.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from tui.model import AnyEntity

PARENT_FIELD = {"event": "part_of", "place": "part_of", "theme": "broader", "participant": "parent"}
"""The field of each entity type that names the entity one level up."""


def parent_of(entity: AnyEntity) -> str | None:
    """The id one level up in the entity's own hierarchy, if it has one."""
    field = PARENT_FIELD.get(entity.entity_type)
    parent: str | None = getattr(entity, field) if field else None
    return parent or None


def ancestors(get: Callable[[str], AnyEntity | None], entity_id: str) -> tuple[AnyEntity, ...]:
    """The chain above `entity_id` (larger events, broader themes, enclosing places, the
    organisation a unit belongs to), nearest first; `get` looks an id up.  Stops at an id
    the base does not hold."""
    chain: list[AnyEntity] = []
    seen = {entity_id}
    current = get(entity_id)
    while current is not None:
        parent_id = parent_of(current)
        if parent_id is None or parent_id in seen:
            break
        seen.add(parent_id)
        current = get(parent_id)
        if current is not None:
            chain.append(current)
    return tuple(chain)


def lineage(get: Callable[[str], AnyEntity | None], entity_id: str) -> list[str]:
    """`entity_id` followed by the ids of its ancestors: 'Hotel New Otani, Tokyo, Japan'."""
    return [entity_id, *(a.id for a in ancestors(get, entity_id))]


def below(roots: Iterable[str], children: Callable[[str], Iterable[AnyEntity]]) -> list[AnyEntity]:
    """Everything below the `roots` (narrower themes, places inside, parts of an event),
    each once, nearest first: the roots' children in their order, then theirs.  The roots
    themselves are not included.  `children(id)` gives the entities one level down."""
    queue = list(dict.fromkeys(roots))
    seen = set(queue)
    found: list[AnyEntity] = []
    at = 0
    while at < len(queue):
        for child in children(queue[at]):
            if child.id not in seen:
                seen.add(child.id)
                found.append(child)
                queue.append(child.id)
        at += 1
    return found


def family(root: str, children: Callable[[str], Iterable[AnyEntity]]) -> list[str]:
    """The ids of `root` and of everything below it, nearest first (see `below`)."""
    return [root, *(entity.id for entity in below((root,), children))]


def children_table(entities: Iterable[AnyEntity]) -> dict[str, list[AnyEntity]]:
    """Each parent's children, in the order given, from the entities' own parent fields:
    for a walk down before the base's backlinks exist (a big base builds them later)."""
    table: dict[str, list[AnyEntity]] = {}
    for entity in entities:
        parent = parent_of(entity)
        if parent:
            table.setdefault(parent, []).append(entity)
    return table
