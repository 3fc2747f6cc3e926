"""The status line above the list: which section, how many entries, which filters, in which
language the names are, and a word on what the keys just did.

It is fitted to its width when painted: whole phrases are dropped, least needed first (the
hint, then the filters that do not fit, counted instead), so it is never cut mid-word.
"""

from __future__ import annotations

from dataclasses import dataclass

from rich.text import Text
from textual.widget import Widget

from tui.i18n import _, ngettext

SEPARATOR = " · "


@dataclass(frozen=True, slots=True)
class Status:
    section: str = ""
    count: str = ""
    """'23 events', '3 of 23 events'; or what a worker is busy with."""
    busy: bool = False
    """Whether `count` says what a worker is busy with (shown in italics)."""
    filters: tuple[tuple[str, bool], ...] = ()
    """Each filter's description, and whether it applies to this list."""
    lang: str = ""
    hints: tuple[str, ...] = ()
    """What to do next, the longest first: the first that fits is shown."""
    note: str = ""
    """What the keys just did ('jump: rak'); shown instead of the hint."""


class StatusLine(Widget):
    """One line; `status` is replaced as a whole, and painted to fit."""

    DEFAULT_CSS = """
    StatusLine {
        height: 1;
    }
    """

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.status = Status()

    def show(self, status: Status) -> None:
        if status != self.status:
            self.status = status
            self.refresh()

    def render(self) -> Text:
        return fitted(self.status, self.content_size.width)


def fitted(status: Status, width: int) -> Text:
    """The status as one line of at most `width` cells."""
    head = Text()
    if status.section:
        head.append(status.section, style="bold")
        head.append("  ")
    head.append(status.count, style="italic" if status.busy else "bold")
    right = (
        Text(_("names: {lang}").format(lang=status.lang), style="dim") if status.lang else Text()
    )
    tails = [status.note] if status.note else list(status.hints)

    def line(filters: int, tail_text: str) -> Text:
        out = head.copy()
        if not status.busy:
            for described, applies in status.filters[:filters]:
                out.append(SEPARATOR)
                out.append(described, style="" if applies else "dim strike")
            hidden = len(status.filters) - filters
            if hidden:
                out.append(
                    SEPARATOR
                    + ngettext("+{count} more filter", "+{count} more filters", hidden).format(
                        count=hidden
                    ),
                    style="italic",
                )
        if tail_text:
            out.append(f"  {tail_text}", style="dim italic" if status.note else "dim")
        return out

    tries = [(len(status.filters), tail) for tail in tails]
    tries += [(n, "") for n in range(len(status.filters), -1, -1)]
    for filters, tail_text in tries:
        left = line(filters, tail_text)
        gap = width - left.cell_len - right.cell_len
        if gap >= 2:
            break
    if gap < 2:  # not even the section, the count and the language: the language goes last
        left.truncate(max(width, 0), overflow="ellipsis")
        return left
    return Text.assemble(left, " " * gap, right, no_wrap=True, end="")
