"""Document blocks → plain lines, for output without colour (a pipe, a file, NO_COLOR).

The same text, to the byte, as the Rich writer (console.py) prints there: the same columns
(`Rows`), the same word wrapping, the same tree guides.  Rich lays a page out line by line as
styled segments, which is what a terminal needs and a pipe does not: `facts show` of a theme
with thousands of events spent most of its time there.  Here a line is a string.

Wrapping follows Rich's own algorithm (`tui.render.wrap`, shared with the hits of `facts
search`) for text whose every character is one cell wide; any other text (Japanese, emoji,
combining accents) is wrapped by Rich itself, so that the two writers can never disagree on
the width of a character.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator

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
from tui.render.wrap import cell_len, wrap

GAP = 2
"""Spaces between columns (console.Rows.GAP)."""


class Unsure(Exception):
    """A page the plain writer cannot promise to lay out as Rich does (a tree nested deeper
    than the page is wide): the caller prints it through Rich."""


FORK, LAST, CONTINUE, SPACE = "├── ", "└── ", "│   ", "    "
"""Rich's tree guides (Tree.TREE_GUIDES[0])."""


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
