"""The one order of events on every page and in every answer: by date, events of one date
in the order their authors wrote them down (a fact file follows its source's story)."""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from functools import partial
from itertools import groupby

from tui.model import Event, FactBase
from tui.periods import date_key, order_key


class EventOrder:
    """Events by date; events of the same date in the order the authors wrote them down
    (the file follows the source's story), not by id.  A part without a date of its own
    sorts by its trip's period, right after the trip (tui.periods); undated events come
    last."""

    def __init__(self, base: FactBase, positions: Mapping[str, int] | None = None) -> None:
        self.position = _Later(base) if positions is None else positions
        """Each event's place in the file; a caller that reads every event anyway hands
        them over from that pass, one that orders a few events those of the few
        (`FactBase.positions_of`); else the base's, read when first asked for (a page that
        orders no event, a capped theme's, never reads 100 000 of them)."""
        # a function of the positions, not a method: the key would hold this order in a
        # reference cycle, and with it the base (a replaced base is to be freed at once)
        self.key = order_key(base.get, partial(_position, self.position))

    def __call__(self, events: Iterable[Event]) -> list[Event]:
        return sorted(events, key=self.key)


def _position(positions: Mapping[str, int], event: Event) -> int:
    return positions.get(event.id, 0)


class _Later(Mapping[str, int]):
    """The base's event positions, read on the first look-up."""

    def __init__(self, base: FactBase) -> None:
        self._base: FactBase | None = base
        self._found: Mapping[str, int] = {}

    def _positions(self) -> Mapping[str, int]:
        if self._base is not None:
            self._found, self._base = self._base.event_positions, None
        return self._found

    def __getitem__(self, entity_id: str) -> int:
        return self._positions()[entity_id]

    def get(self, entity_id: str, default: int | None = None) -> int | None:  # type: ignore[override]
        return self._positions().get(entity_id, default)

    def __iter__(self) -> Iterator[str]:
        return iter(self._positions())

    def __len__(self) -> int:
        return len(self._positions())


def order_of(base: FactBase) -> EventOrder:
    """The order of a base's events, for every page of a document: the base keeps each
    event's file position (read once), so an order is cheap to make; none is kept here,
    as a module-level cache would keep a replaced base alive."""
    return EventOrder(base)


def in_date_order(base: FactBase, events: Iterable[Event]) -> list[Event]:
    """`EventOrder` for events picked from anywhere in the base: only events that share a
    date are handed to it, since a stored base looks each file position up on its own."""
    order = order_of(base)
    date_of = partial(date_key, base.get)  # an undated part by its trip's (tui.periods)
    out: list[Event] = []
    for _, same_date in groupby(sorted(events, key=date_of), key=date_of):
        group = list(same_date)
        out.extend(order(group) if len(group) > 1 else group)
    return out
