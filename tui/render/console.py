"""Document blocks → Rich renderables, for `facts show`/`facts summary` and the TUI pane.

Data only ever enters Rich as `Text` built from plain strings with styles attached, never as
markup, so brackets in a name stay brackets.  Styles are kept few and meaningful (bold title,
dim secondary text, one colour for names that lead somewhere) so the output still reads
without colour, in a pipe or under NO_COLOR.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

from rich.console import Console, ConsoleOptions, Group, RenderableType, RenderResult
from rich.measure import Measurement
from rich.segment import Segment
from rich.style import Style
from rich.text import Text
from rich.tree import Tree as RichTree

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

LinkStyle = Callable[[str], Style]
"""Extra style for a name that stands for an entity (the TUI adds a click action here)."""

STYLES: dict[str, Style] = {
    "": Style(),
    "strong": Style(bold=True),
    "muted": Style(dim=True),
    "em": Style(italic=True),
    "current": Style(bold=True),
    "inferred": Style(dim=True, italic=True),
    "background": Style(dim=True, italic=True),
}
LINK = Style(color="cyan")
CITE = Style(color="yellow")
HEADING = Style(bold=True, underline=True)
LABEL = Style(bold=True)


class RichWriter:
    """Blocks → renderables; `link_style` and `show_ids` apply to every name that stands
    for an entity."""

    def __init__(self, link_style: LinkStyle | None = None, show_ids: bool = False) -> None:
        self.link_style = link_style
        self.show_ids = show_ids

    def text(self, line: Line) -> Text:
        out = Text()
        for span in line:
            if span.cites:
                out.append(" [" + ", ".join(map(str, span.cites)) + "]", CITE)
                continue
            if span.notes:
                out.append(" [" + ", ".join(span.notes) + "]", CITE)
                continue
            style = STYLES.get(span.style, Style())
            if span.link is not None:
                style = LINK + style
                if self.link_style is not None:
                    style += self.link_style(span.link)
            out.append(span.text, style)
            if span.link is not None and self.show_ids and span.style != "current":
                out.append(f" ({span.link})", Style(dim=True))
        return out

    def block(self, block: Block) -> RenderableType:
        if isinstance(block, Title):
            return Group(self.para(block.line), self.para(block.subtitle))
        if isinstance(block, Heading):
            return Group(Text(), Text(block.text, HEADING))
        if isinstance(block, Para):
            return self.para(block.line)
        if isinstance(block, Fields) and not any(label for label, _ in block.rows):
            return self.block(Items(tuple(line for _, line in block.rows)))
        if isinstance(block, Fields):
            return self.grid((Text(label, LABEL), self.text(line)) for label, line in block.rows)
        if isinstance(block, Items):
            return self.grid((Text("•"), self.text(line)) for line in block.items)
        if isinstance(block, SourceList):
            return self.grid((Text(f"[{n}]", CITE), self.text(line)) for n, line in block.entries)
        if isinstance(block, NoteList):
            return self.grid(
                (Text(f"[{key}]", CITE), self.text(line)) for key, line in block.entries
            )
        if isinstance(block, Tree):
            tree = RichTree(Text(""), hide_root=True, guide_style=Style(dim=True))
            for node in block.nodes:
                self.branch(tree, node)
            return tree
        if isinstance(block, Table):
            return self.table(block)
        raise TypeError(block)

    def para(self, line: Line | Text) -> Rows:
        return Rows([[line if isinstance(line, Text) else self.text(line)]])

    def grid(self, rows: Iterable[tuple[Text, Text]]) -> Rows:
        """Two columns with a hanging indent: wrapped values stay right of their label."""
        return Rows([list(row) for row in rows])

    def branch(self, parent: RichTree, node: Node) -> None:
        child = parent.add(self.para(node.line))
        for sub in node.children:
            self.branch(child, sub)

    def table(self, block: Table) -> Rows:
        header = [Text(h, LABEL) for h in block.header]
        body = [[self.text(cell) for cell in row] for row in block.rows]
        return Rows([header, *body], right=frozenset(block.right))

    def render(self, blocks: Iterable[Block]) -> Group:
        """Blocks with a blank line between them; a heading brings its own."""
        out: list[RenderableType] = []
        previous: Block | None = None
        for block in blocks:
            if (
                previous is not None
                and not isinstance(previous, Heading | Title)
                and not (isinstance(block, Heading))
            ):
                out.append(Text())
            out.append(self.block(block))
            previous = block
        return Group(*out)


def to_rich(
    blocks: Iterable[Block], *, link_style: LinkStyle | None = None, show_ids: bool = False
) -> Group:
    return RichWriter(link_style, show_ids).render(blocks)


class Rows:
    """Aligned columns where only the last one wraps, with no padding after the text: what a
    table of facts needs, without the trailing blanks a Rich table leaves in a pipe or a
    pasted e-mail.  Earlier columns are as wide as their widest cell, up to a third of the
    line; a longer cell (a 10 000-character role) folds inside its column."""

    GAP = 2

    def __init__(self, rows: list[list[Text]], right: frozenset[int] = frozenset()) -> None:
        self.rows = rows
        self.right = right

    def widths(self, width: int) -> list[int]:
        """Natural widths; the last column not aligned right takes what is left and wraps,
        the others are capped at two fifths of the line."""
        count = max((len(r) for r in self.rows), default=0)
        natural = [
            max((r[i].cell_len for r in self.rows if i < len(r)), default=0) for i in range(count)
        ]
        flex = max((i for i in range(count) if i not in self.right), default=count - 1)
        cap = max(4, width * 2 // 5)
        widths = [n if i == flex else min(n, cap) for i, n in enumerate(natural)]
        rest = width - sum(w for i, w in enumerate(widths) if i != flex) - self.GAP * (count - 1)
        widths[flex] = max(1, min(natural[flex], rest))
        return widths

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        if not self.rows:
            return  # an empty list prints nothing
        widths = self.widths(options.max_width)
        for row in self.rows:
            cells = [
                self.lines(console, cell, widths[i], i in self.right) for i, cell in enumerate(row)
            ]
            height = max((len(c) for c in cells), default=0)
            for n in range(height):
                line = Text()
                for i, cell in enumerate(cells):
                    piece = cell[n] if n < len(cell) else Text()
                    line.append_text(piece)
                    if i < len(cells) - 1:
                        line.append(" " * (widths[i] - piece.cell_len + self.GAP))
                line.rstrip()
                yield from line.render(console)
                yield Segment.line()

    @staticmethod
    def lines(console: Console, cell: Text, width: int, right: bool) -> list[Text]:
        """The cell broken into lines of `width` cells; most cells fit on one line, and
        skipping Rich's wrapping for them keeps a page of thousands of rows quick."""
        length = cell.cell_len
        if length <= width and "\n" not in cell.plain:
            return [Text(" " * (width - length)) + cell] if right else [cell]
        return list(cell.wrap(console, width, justify="right" if right else "left"))

    def __rich_measure__(self, console: Console, options: ConsoleOptions) -> Measurement:
        return Measurement(1, options.max_width)
