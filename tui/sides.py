"""Which city's side a participant is on: the summary's "Cities and their partners" and a
city's trip's "Who took part" (its own side first) answer by this one rule.

A city body (a participant of type `city`) has on its side: the body itself and its units
(whatever has it as `parent`, at any depth), the people holding an office in it, the bodies
based in the city (their `seat` lies in the city body's seat: its delegation, its hospital,
its trade fair), and everything below any of these (E-world, a unit of Messe Essen).
Core only: no Rich, no Textual.
"""

from __future__ import annotations

import weakref
from collections.abc import Callable, Collection, Iterable
from typing import TYPE_CHECKING

from tui.entities import Participant
from tui.hierarchy import lineage

if TYPE_CHECKING:
    from tui.model import FactBase


def direct_cities(
    cities: Iterable[tuple[str, str | None]],
    chain: Collection[str],
    seats: Collection[str],
    offices: Collection[str],
) -> frozenset[str]:
    """The rule itself, over plain ids (the store's tally applies it to `Facts`, `Sides` to
    entities): the cities whose side a participant is on by itself.  `cities` are the city
    bodies with their seats, `chain` the participant and the bodies it belongs to, `seats`
    its seat and the places holding it, `offices` the bodies it holds an office in."""
    return frozenset(
        city
        for city, seat in cities
        if city in chain or city in offices or (seat is not None and seat in seats)
    )


def sides_of(chain: Iterable[str], direct: Callable[[str], frozenset[str]]) -> frozenset[str]:
    """The cities whose side a participant is on: those the participant or any body it
    belongs to (`chain`) is on by itself."""
    out: set[str] = set()
    for member in chain:
        out |= direct(member)
    return frozenset(out)


_cities: tuple[Callable[[], FactBase | None], tuple[Participant, ...]] = (lambda: None, ())
"""The city bodies of the base looked at last: a stored base decodes every participant to
find them, so a page asks once per base (the pair is replaced in one step for another; the
base is held weakly, so a replaced one is not kept in memory for this)."""


def city_bodies(base: FactBase) -> tuple[Participant, ...]:
    global _cities
    cached = _cities
    if cached[0]() is not base:
        cities = tuple(p for p in base.participants if p.type == "city")
        cached = _cities = (weakref.ref(base), cities)
    return cached[1]


class Sides:
    """The rule, for any participants of one base; what it looks up is kept."""

    def __init__(self, base: FactBase, cities: Iterable[Participant] | None = None) -> None:
        self.base = base
        self.cities = tuple(city_bodies(base) if cities is None else cities)
        self._chains: dict[str, list[str]] = {}
        self._direct: dict[str, frozenset[str]] = {}

    def chain(self, participant_id: str) -> list[str]:
        """The participant and the bodies it belongs to, nearest first."""
        found = self._chains.get(participant_id)
        if found is None:
            found = self._chains[participant_id] = lineage(self.base.get, participant_id)
        return found

    def direct(self, participant_id: str) -> frozenset[str]:
        """The cities whose side this participant is on by itself: it is the city body
        or one of its units, holds an office in it, or is based in the city."""
        found = self._direct.get(participant_id)
        if found is None:
            entity = self.base.get(participant_id)
            if not isinstance(entity, Participant):
                found = frozenset()
            else:
                found = direct_cities(
                    ((city.id, city.seat) for city in self.cities),
                    set(self.chain(participant_id)),
                    set(lineage(self.base.get, entity.seat)) if entity.seat else set(),
                    {o.organisation for o in entity.offices if o.organisation},
                )
            self._direct[participant_id] = found
        return found

    def of(self, participant_id: str) -> frozenset[str]:
        """The cities whose side the participant is on: its own, or that of any body it
        belongs to."""
        return sides_of(self.chain(participant_id), self.direct)


def country_of(base: FactBase, participant_id: str) -> str | None:
    """The participant's country: its own `country`, else the country its seat lies in (a
    place of kind `country` above the seat), else that of the body it belongs to."""
    for member in lineage(base.get, participant_id):
        entity = base.get(member)
        if not isinstance(entity, Participant):
            continue
        if entity.country:
            return entity.country
        if entity.seat:
            for place_id in lineage(base.get, entity.seat):
                place = base.get(place_id)
                if place is not None and getattr(place, "kind", "") == "country":
                    return place_id
    return None


def home_city(sides: Sides, participant_ids: Iterable[str]) -> str | None:
    """The city whose side most of these participants are on (a trip's own participants:
    then it is that city's trip); the first such city on a tie, None when none is."""
    counts: dict[str, int] = {}
    for pid in participant_ids:
        for city in sorted(sides.of(pid)):
            counts[city] = counts.get(city, 0) + 1
    if not counts:
        return None
    return max(counts, key=lambda city: counts[city])
