"""Back and forward through visited entities, the way a web browser does it.

Kept free of Textual so that its rules (following a link after going back drops the forward
entries) are tested on their own.
"""

from __future__ import annotations

from collections.abc import Container


class History:
    """Visited entity ids and where we stand among them."""

    def __init__(self) -> None:
        self._items: list[str] = []
        self._at = -1

    @property
    def current(self) -> str | None:
        return self._items[self._at] if self._at >= 0 else None

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
        self._items.append(entity_id)
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
        at = -1
        for position, item in enumerate(self._items):
            if item in known and (not items or items[-1] != item):
                items.append(item)
            if position == self._at:
                at = len(items) - 1
        self._items = items
        self._at = at if items else -1

    def __len__(self) -> int:
        return len(self._items)
