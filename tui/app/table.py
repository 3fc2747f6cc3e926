"""A list's rows and columns, and how the columns share the list's width: names first, then
the columns a row cannot do without (dates, roles, counts), then the rest (kinds).

Each column is sized to its content (the widest cell among the rows measured), so a kind
column is as wide as its longest kind and no wider, and stands right after the longest name:
on a wide screen the room left over is at the end of the row, not between the columns.
Free of Textual: the lists ask it at paint time, the tests ask it directly.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Literal

from rich.cells import cell_len
from rich.text import Text

Role = Literal["name", "keep", "extra"]

NAME_LEAST = 8
"""Cells a name keeps however narrow the list: the other columns give way first."""
NAME_ROOMY = 36
"""Cells of a name that are enough to read it by: beyond them the extra columns (kinds) get
their room before a longer name gets more."""
EXTRA_LEAST = 6
"""Below this an extra column is dropped rather than cut to a stub."""
MEASURED = 200
"""Rows measured for the column widths before a list shows (reading more rows of a stored
base would delay the list); the rows further down widen the columns as they are painted."""


@dataclass(frozen=True, slots=True)
class Column:
    """One column of a list.

    `name`: the row's name; sized first, cut only when the list is too narrow.  `keep`: cells
    a row needs (a date, a link's role, a count), sized to their content.  `extra`: shown
    when the name leaves room for them (a kind), dropped below EXTRA_LEAST cells."""

    role: Role = "name"
    style: str = ""
    most: int = 40
    """The widest the column grows, whatever its content (not for names)."""


@dataclass(frozen=True, slots=True)
class Row:
    """One line of a list.  `id` None marks a heading (a year, a facet) the cursor skips."""

    id: str | None
    cells: tuple[str | Text, ...]
    indent: int = 0


def cell_width(cell: str | Text) -> int:
    return cell.cell_len if isinstance(cell, Text) else cell_len(cell)


def measure(
    rows: Iterable[Row], columns: Sequence[Column], most: int = MEASURED
) -> tuple[int, ...]:
    """The widest cell of each column among the first `most` rows (headings aside); a name
    counts its indent."""
    widths = [0] * len(columns)
    for count, row in enumerate(rows):
        if count >= most:
            break
        if row.id is None:
            continue
        for at, (column, cell) in enumerate(zip(columns, row.cells, strict=False)):
            width = cell_width(cell)
            if column.role == "name":
                width += 2 * row.indent
            if width > widths[at]:
                widths[at] = width
    return tuple(widths)


def fit(columns: Sequence[Column], content: Sequence[int], width: int) -> tuple[int, ...]:
    """Each column's width in a list `width` cells wide (0: dropped).  A row is a space,
    then the shown columns with a space after each."""
    sizes = [0] * len(columns)
    content = [*content, *[0] * (len(columns) - len(content))]
    room = width - 1
    names = [at for at, column in enumerate(columns) if column.role == "name"]
    keeps = [at for at, column in enumerate(columns) if column.role == "keep"]
    extras = [at for at, column in enumerate(columns) if column.role == "extra"]
    for at in keeps:
        sizes[at] = min(content[at], columns[at].most)
    # the columns that must stay give way when even the name's least would not fit
    least = (NAME_LEAST + 1) * len(names)
    while keeps and room - sum(sizes[at] + 1 for at in keeps) < least:
        sizes[keeps.pop()] = 0
    left = room - sum(sizes[at] + 1 for at in keeps)
    extra = sum(min(content[at], columns[at].most) + 1 for at in extras if content[at])
    for at in names:
        # the extras keep their room as long as the name keeps NAME_ROOMY cells
        most = left - 1 - extra if left - 1 - extra >= NAME_ROOMY else left - 1
        sizes[at] = max(min(content[at], most), min(NAME_LEAST, content[at], max(left - 1, 0)))
        left -= sizes[at] + 1
    for at in extras:
        want = min(content[at], columns[at].most)
        if want and left - 1 >= min(want, EXTRA_LEAST):
            sizes[at] = min(want, left - 1)
            left -= sizes[at] + 1
    return tuple(sizes)
