"""The one order of events on every page and in every answer: by date, events of one date
in the order their authors wrote them down (a fact file follows its source's story)."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
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
        self.position = base.event_positions if positions is None else positions
        """Each event's place in the file; a caller that reads every event anyway hands
        them over from that pass (a stored base looks each one up otherwise)."""
        # a function of the positions, not a method: the key would hold this order in a
        # reference cycle, and with it the base (a replaced base is to be freed at once)
        self.key = order_key(base.get, partial(_position, self.position))

    def __call__(self, events: Iterable[Event]) -> list[Event]:
        return sorted(events, key=self.key)


def _position(positions: Mapping[str, int], event: Event) -> int:
    return positions.get(event.id, 0)


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
