"""Back and forward through visited entities, the way a web browser does it.

Kept free of Textual so that its rules (following a link after going back drops the forward
entries) are tested on their own.
"""

from __future__ import annotations

from collections.abc import Container
from typing import Generic, TypeVar

Place = TypeVar("Place")


class History(Generic[Place]):
    """Visited entity ids and where we stand among them; each step may keep a `Place` (how
    the screen stood when it was left), for going back to the same view."""

    def __init__(self) -> None:
        self._items: list[str] = []
        self._places: list[Place | None] = []
        self._at = -1

    @property
    def current(self) -> str | None:
        return self._items[self._at] if self._at >= 0 else None

    @property
    def place(self) -> Place | None:
        """How the screen stood when the current step was last left (None: never left)."""
        return self._places[self._at] if self._at >= 0 else None

    def keep(self, place: Place) -> None:
        """Remember how the screen stands at the current step, before leaving it."""
        if self._at >= 0:
            self._places[self._at] = place

    @property
    def can_back(self) -> bool:
        return self._at > 0

    @property
    def can_forward(self) -> bool:
        return self._at < len(self._items) - 1

    def visit(self, entity_id: str) -> None:
        """A new visit: the forward entries are dropped, as in a browser; revisiting the
        current entity does not add a duplicate step."""
        if self.current == entity_id:
            return
        del self._items[self._at + 1 :]
        del self._places[self._at + 1 :]
        self._items.append(entity_id)
        self._places.append(None)
        self._at = len(self._items) - 1

    def back(self) -> str | None:
        if not self.can_back:
            return None
        self._at -= 1
        return self.current

    def forward(self) -> str | None:
        if not self.can_forward:
            return None
        self._at += 1
        return self.current

    def forget(self, known: Container[str]) -> None:
        """After a reload, drop ids that no longer exist so that Back never leads nowhere.
        `known` is asked id by id (a base answers without listing its ids)."""
        items: list[str] = []
        places: list[Place | None] = []
        at = -1
        for position, item in enumerate(self._items):
            if item in known and (not items or items[-1] != item):
                items.append(item)
                places.append(self._places[position])
            if position == self._at:
                at = len(items) - 1
        self._items, self._places = items, places
        self._at = at if items else -1

    def __len__(self) -> int:
        return len(self._items)
