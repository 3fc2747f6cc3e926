"""What the search and the filter screens share: typing goes to an input while the arrow
keys move through a list of choices below it, Enter takes one and Escape leaves."""

from __future__ import annotations

from typing import ClassVar, Generic, TypeVar

from textual.binding import BindingType
from textual.events import Resize
from textual.screen import ModalScreen

from tui.app import keys
from tui.app.widgets.virtual_list import VirtualList

Result = TypeVar("Result")

TINY_WIDTH, TINY_HEIGHT = 50, 15
"""Below either, a box takes the whole screen and its input one line."""


def tiny(width: int, height: int) -> bool:
    return width < TINY_WIDTH or height < TINY_HEIGHT


class PickerScreen(ModalScreen[Result], Generic[Result]):
    LIST_ID: ClassVar[str] = ""
    """The id of the VirtualList the keys drive."""

    BINDINGS: ClassVar[list[BindingType]] = keys.PICKER

    def on_resize(self, event: Resize) -> None:
        self.set_class(tiny(event.size.width, event.size.height), "-tiny")

    @property
    def choices_list(self) -> VirtualList:
        return self.query_one(f"#{self.LIST_ID}", VirtualList)

    def action_move(self, step: int) -> None:
        choices = self.choices_list
        choices.action_cursor_down() if step > 0 else choices.action_cursor_up()

    def action_page(self, step: int) -> None:
        choices = self.choices_list
        choices.action_page_down() if step > 0 else choices.action_page_up()

    def action_close(self) -> None:
        self.dismiss(None)
