"""How sure a fact is: stated (no basis), inferred or background — the rules every surface
shares, in one place.

A fact rests on grounds: nothing, when its sources state it; else its basis and the reason
(`basis_note` of a participation, statement, office, figure or outcome; the note of a
`field_basis` entry for an entity's own field).  A fact derived from others (two
participants met; a visit lies in a trip) needs all of them, so it is as sure as the least
sure of them (`weakest`); one that any of several facts would establish (a participant
listed twice at one event) is as sure as the surest of them.  No Rich, no Textual.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Protocol

from tui.model import AnyEntity, Event, Names, Source

Ground = tuple[str, Names]
"""What a fact rests on when its sources do not state it in so many words: its basis
('inferred' or 'background') and the reason."""

STATED = "stated"
"""The word for a fact without a basis, where a program needs one (`--json`, graph
attributes)."""

RANK = {"": 0, "inferred": 1, "background": 2}
"""Stated, then read between the lines of the cited source, then from no cited source."""


class Qualifiable(Protocol):
    """A fact that is an object of its own: a participation, statement, office, figure or
    outcome."""

    @property
    def basis(self) -> str: ...

    @property
    def basis_note(self) -> Names: ...


def rank(basis: str) -> int:
    return RANK.get(basis, 1)


def weakest(grounds: Iterable[Ground]) -> str:
    """The basis of a fact that needs all these grounds: '' (stated) when there are none."""
    return max((basis for basis, _ in grounds), key=rank, default="")


def word(basis: str) -> str:
    """'stated', 'inferred' or 'background'."""
    return basis or STATED


def grounds_of(item: Qualifiable) -> tuple[Ground, ...]:
    return ((item.basis, item.basis_note),) if item.basis else ()


def surest(alternatives: Sequence[Sequence[Ground]]) -> tuple[Ground, ...]:
    """Of facts any one of which would do, the grounds of the surest (() if one is stated,
    or if there are none at all)."""

    def sureness(grounds: Sequence[Ground]) -> tuple[int, int]:
        return rank(weakest(grounds)), len(grounds)

    if not alternatives:
        return ()
    for grounds in alternatives:
        if not grounds:
            return ()  # a stated one: nothing is surer (the common case, without a sort key)
    best: Sequence[Ground] = min(alternatives, key=sureness)
    return tuple(best)


def presence(participations: Sequence[Qualifiable]) -> tuple[Ground, ...]:
    """What one participant's being at an event rests on: nothing when any of its
    participations there is stated, else the surest of them."""
    for p in participations:
        if not p.basis:
            return ()  # the common case: no list to make (a page of a big base asks often)
    return surest([grounds_of(p) for p in participations])


def field_grounds(entity: AnyEntity, *fields: str) -> tuple[Ground, ...]:
    """The grounds of the entity's own fields named (those its sources do not state)."""
    if isinstance(entity, Source) or not entity.field_basis:
        return ()
    return tuple((b.basis, b.note) for name in fields if (b := entity.basis_of(name)))


ITEM_LISTS: dict[str, tuple[tuple[str, str], ...]] = {
    "event": (
        ("participants", "participation"),
        ("statements", "statement"),
        ("figures", "figure"),
        ("outcomes", "outcome"),
    ),
    "participant": (("offices", "office"), ("statements", "statement")),
    "place": (("statements", "statement"),),
    "theme": (("statements", "statement"),),
}
"""The lists of facts of their own each entity type holds, with the word for one entry."""


def bases_in(entity: AnyEntity) -> list[tuple[str, str]]:
    """(where, basis) of each fact of the entity its sources do not state — `part_of`,
    `participants[2]` — in the order `facts audit` lists them: what `basis:` of the search
    selects by, and what its hits say.  Empty when every fact is stated."""
    if isinstance(entity, Source):
        return []
    found = [(name, b.basis) for name, b in entity.field_basis]
    for list_name, _ in ITEM_LISTS[entity.entity_type]:
        items: Sequence[Qualifiable] = getattr(entity, list_name, ())
        found.extend(
            (f"{list_name}[{n}]", item.basis) for n, item in enumerate(items) if item.basis
        )
    return found


def within(event: Event, ancestors: Sequence[AnyEntity], root: str) -> tuple[Ground, ...]:
    """What the event's lying in the larger event `root` rests on: every `part_of` on the
    way up (`ancestors`: the chain above the event, nearest first)."""
    found: list[Ground] = []
    chain: list[AnyEntity] = [event, *ancestors]
    for entity in chain:
        if entity.id == root:
            break
        found.extend(field_grounds(entity, "part_of"))
    return tuple(found)
