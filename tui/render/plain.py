"""Document blocks → plain lines, for output without colour (a pipe, a file, NO_COLOR).

The same text, to the byte, as the Rich writer (console.py) prints there: the same columns
(`Rows`), the same word wrapping, the same tree guides.  Rich lays a page out line by line as
styled segments, which is what a terminal needs and a pipe does not: `facts show` of a theme
with thousands of events spent most of its time there.  Here a line is a string.

Wrapping follows Rich's own algorithm (words are runs of non-space with the spaces after
them; a word longer than the line is folded) for text whose every character is one cell
wide; any other text (Japanese, emoji, combining accents) is wrapped by Rich itself, so that
the two writers can never disagree on the width of a character.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from functools import lru_cache
from typing import TYPE_CHECKING

from rich.cells import cell_len, get_character_cell_size

if TYPE_CHECKING:
    from rich.console import Console, JustifyMethod

from tui.render.doc import (
    Block,
    Fields,
    Heading,
    Items,
    Line,
    Node,
    NoteList,
    Para,
    SourceList,
    Table,
    Title,
    Tree,
)

GAP = 2
"""Spaces between columns (console.Rows.GAP)."""

_NARROW_RANGES = (
    (0x20, 0x7E),
    (0xA0, 0xAC),
    (0xAE, 0x2FF),
    (0x370, 0x482),  # Latin, Greek, Cyrillic
    (0x2010, 0x2027),
    (0x2030, 0x205E),  # dashes, quotes, bullets, ellipsis, ‹ ›
    (0x20A0, 0x20C0),
    (0x2100, 0x214F),
    (0x2190, 0x21FF),  # currency, letterlike, arrows
    (0x2500, 0x25FC),  # box drawing, geometric shapes
)
_NARROW = frozenset(
    ch
    for low, high in _NARROW_RANGES
    for ch in map(chr, range(low, high + 1))
    if get_character_cell_size(ch) == 1
)
"""Characters that are one cell wide for Rich and a grapheme of their own: text made only
of them is measured by its length and cut anywhere."""
_narrow = _NARROW.issuperset

_WORD = re.compile(r"\s*\S+\s*")
_TRAILING_SPACE = re.compile(r"\s+$")


class Unsure(Exception):
    """A page the plain writer cannot promise to lay out as Rich does (a tree nested deeper
    than the page is wide): the caller prints it through Rich."""


FORK, LAST, CONTINUE, SPACE = "├── ", "└── ", "│   ", "    "
"""Rich's tree guides (Tree.TREE_GUIDES[0])."""


def _divide(line: str, width: int) -> list[int]:
    """rich._wrap.divide_line for one-cell characters: the offsets to break `line` at."""
    breaks: list[int] = []
    offset = 0
    for match in _WORD.finditer(line):
        start = match.start()
        word = match.group()
        length = len(word.rstrip())
        if width - offset >= length:
            offset += len(word)
        elif length > width:
            pieces = [word[at : at + width] for at in range(0, len(word), width)]
            for index, piece in enumerate(pieces):
                if start:
                    breaks.append(start)
                if index == len(pieces) - 1:
                    offset = len(piece)
                else:
                    start += len(piece)
        elif offset and start:
            breaks.append(start)
            offset = len(word)
    return breaks


def wrap(text: str, width: int, justify: JustifyMethod = "left") -> list[str]:
    """What `Text(text).wrap(console, width, justify=justify)` gives, as strings."""
    if not _narrow(text.replace("\n", "")):
        return _rich_wrap(text, width, justify)
    out: list[str] = []
    for line in text.split("\n"):
        cuts = _divide(line, width)
        for start, end in zip([0, *cuts], [*cuts, len(line)], strict=True):
            piece = line[start:end]
            if len(piece) > width:  # Text.rstrip_end
                space = _TRAILING_SPACE.search(piece)
                if space is not None:
                    piece = piece[: len(piece) - min(len(space.group()), len(piece) - width)]
            if justify == "left":
                piece = piece[:width].ljust(width)
            elif justify == "right":
                piece = piece.rstrip()[:width]
                piece = " " * (width - len(piece)) + piece
            out.append(piece[:width])
    return out


def _rich_wrap(text: str, width: int, justify: JustifyMethod) -> list[str]:
    from rich.text import Text

    return [line.plain for line in Text(text).wrap(_console(), width, justify=justify)]


@lru_cache(maxsize=1)
def _console() -> Console:
    from rich.console import Console

    return Console(color_system=None, highlight=False, markup=False, emoji=False)


class PlainWriter:
    """Blocks → lines of text at `width`, as RichWriter prints them without colour."""

    def __init__(self, width: int, show_ids: bool = False) -> None:
        self.width = width
        self.show_ids = show_ids

    def text(self, line: Line) -> str:
        out: list[str] = []
        for span in line:
            if span.cites:
                out.append(" [" + ", ".join(map(str, span.cites)) + "]")
                continue
            if span.notes:
                out.append(" [" + ", ".join(span.notes) + "]")
                continue
            out.append(span.text)
            if span.link is not None and self.show_ids and span.style != "current":
                out.append(f" ({span.link})")
        return "".join(out)

    def lines(self, blocks: Iterable[Block]) -> Iterator[str]:
        """Blocks with a blank line between them; a heading brings its own (as render)."""
        previous: Block | None = None
        for block in blocks:
            if (
                previous is not None
                and not isinstance(previous, Heading | Title)
                and not (isinstance(block, Heading))
            ):
                yield ""
            yield from self.block(block, self.width)
            previous = block

    def block(self, block: Block, width: int) -> Iterator[str]:
        if isinstance(block, Title):
            yield from rows([[self.text(block.line)]], width)
            yield from rows([[self.text(block.subtitle)]], width)
        elif isinstance(block, Heading):
            yield ""
            yield from wrap(block.text, width, "default")
        elif isinstance(block, Para):
            yield from rows([[self.text(block.line)]], width)
        elif isinstance(block, Fields) and not any(label for label, _ in block.rows):
            yield from self.block(Items(tuple(line for _, line in block.rows)), width)
        elif isinstance(block, Fields):
            yield from rows([[label, self.text(line)] for label, line in block.rows], width)
        elif isinstance(block, Items):
            yield from rows([["•", self.text(line)] for line in block.items], width)
        elif isinstance(block, SourceList):
            yield from rows([[f"[{n}]", self.text(line)] for n, line in block.entries], width)
        elif isinstance(block, NoteList):
            yield from rows([[f"[{key}]", self.text(line)] for key, line in block.entries], width)
        elif isinstance(block, Tree):
            for node in block.nodes:
                yield from self.node(node, [], width)
        elif isinstance(block, Table):
            body = [[self.text(cell) for cell in row] for row in block.rows]
            yield from rows([list(block.header), *body], width, frozenset(block.right))
        else:
            raise TypeError(block)

    def node(self, node: Node, guides: list[str], width: int) -> Iterator[str]:
        """A node under the guides of the levels above it (the last one its own fork)."""
        prefix = "".join(guides)
        if width - len(prefix) < 1:
            raise Unsure("a tree deeper than the page is wide")
        label = rows([[self.text(node.line)]], width - len(prefix))
        # below its first line, a node's own fork becomes the line that goes on past it
        above = [*guides[:-1], SPACE if guides[-1] == LAST else CONTINUE] if guides else []
        for index, text in enumerate(label):
            yield (prefix if index == 0 else "".join(above)) + text
        for index, child in enumerate(node.children):
            fork = LAST if index == len(node.children) - 1 else FORK
            yield from self.node(child, [*above, fork], width)


def rows(cells: list[list[str]], width: int, right: frozenset[int] = frozenset()) -> Iterator[str]:
    """console.Rows: aligned columns where only the last one wraps, no trailing blanks."""
    if not cells:
        return
    count = max((len(r) for r in cells), default=0)
    natural = [max((cell_len(r[i]) for r in cells if i < len(r)), default=0) for i in range(count)]
    flex = max((i for i in range(count) if i not in right), default=count - 1)
    cap = max(4, width * 2 // 5)
    widths = [n if i == flex else min(n, cap) for i, n in enumerate(natural)]
    rest = width - sum(w for i, w in enumerate(widths) if i != flex) - GAP * (count - 1)
    widths[flex] = max(1, min(natural[flex], rest))
    for row in cells:
        laid = [_cell(cell, widths[i], i in right) for i, cell in enumerate(row)]
        height = max((len(c) for c in laid), default=0)
        for n in range(height):
            parts: list[str] = []
            for i, cell in enumerate(laid):
                piece = cell[n] if n < len(cell) else ""
                parts.append(piece)
                if i < len(laid) - 1:
                    parts.append(" " * (widths[i] - cell_len(piece) + GAP))
            yield "".join(parts).rstrip()


def _cell(text: str, width: int, right: bool) -> list[str]:
    length = cell_len(text)
    if length <= width and "\n" not in text:
        return [" " * (width - length) + text] if right else [text]
    return wrap(text, width, "right" if right else "left")
