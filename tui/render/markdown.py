"""Document blocks → Markdown that reads well on a forge (GitHub, GitLab, Gitea).

Every character of data that Markdown (or GitHub's extensions: tables, strikethrough, math,
mentions) would act on is backslash-escaped, so a name like `*[click](javascript:…)*` shows
as written.  Links between entities are in-page anchors (`#e-ID`), citations jump to the
numbered source list (`#cN`).
"""

from __future__ import annotations

import io
import re

from tui.model import FactBase
from tui.output import Output
from tui.render.doc import (
    BASIS_STYLES,
    Block,
    Fields,
    Heading,
    Items,
    Node,
    NoteList,
    Para,
    SourceList,
    Span,
    Table,
    Title,
    Tree,
)
from tui.render.document import Document, anchors, document
from tui.render.inline import InlineWriter

_SPECIAL = tuple((ch, "\\" + ch) for ch in "\\`*_[]<>#|~$@")
"""Backslash first, so that the backslashes put in front of the others stay single."""
_ENTITY = re.compile(r"&(?=#?[A-Za-z0-9]+;)")
_BLOCK_START = re.compile(r"^(\s*)([-+=>]|\d+[.)])")
SAFE_URL = re.compile(r"^https?://[^\s<>\"'`\\]+$")


def escape(text: str) -> str:
    """Every character Markdown would act on, backslash-escaped.  One `in` test per special
    character and a replace only for those present: a whole-base export escapes millions
    of names and lines, most of them without any."""
    for ch, escaped in _SPECIAL:
        if ch in text:
            text = text.replace(ch, escaped)
    if "&" in text:
        text = _ENTITY.sub(r"\\&", text)
    start = _BLOCK_START.match(text)
    if start is not None:
        at = start.start(2)
        text = text[:at] + "\\" + text[at:]
    return text


def anchor_of(entity_id: str) -> str:
    return f"e-{entity_id}"


class MarkdownWriter(InlineWriter):
    def escape(self, text: str) -> str:
        return escape(text)

    def cites(self, numbers: tuple[int, ...]) -> str:
        refs = ", ".join(f"[{n}](#c{n})" for n in numbers)
        return f" \\[{refs}\\]"

    def notes(self, keys: tuple[str, ...]) -> str:
        refs = ", ".join(f"[{key}](#n-{key})" for key in keys)
        return f" \\[{refs}\\]"

    def span(self, span: Span, breaks: str) -> str:
        text = escape(span.text).replace("\n\n", breaks)
        if span.url and SAFE_URL.match(span.url):
            text = f"<{span.url}>"
        elif span.link in self.present:
            text = f"[{text}](#{anchor_of(span.link)})"
        if span.style in ("strong", "current") and text.strip():
            text = f"**{text}**"
        elif span.style in ("em", *BASIS_STYLES) and text.strip():
            text = f"*{text}*"
        return text

    def block(self, block: Block) -> str:
        if isinstance(block, Title):
            anchor = f'<a id="{anchor_of(block.anchor)}"></a>\n\n' if block.anchor else ""
            sub = f"\n\n{self.inline(block.subtitle)}" if block.subtitle else ""
            title = self.inline(
                tuple(s._replace(style="") if s.style == "strong" else s for s in block.line)
            )
            return f"{anchor}{'#' * block.level} {title}{sub}"
        if isinstance(block, Heading):
            return f"{'#' * block.level} {escape(block.text)}"
        if isinstance(block, Para):
            return self.inline(block.line, "\n\n")
        text = self.text
        if isinstance(block, Fields):
            label_of = self.label
            return "\n".join(
                [
                    f"- **{label_of(label)}:** {''.join(map(text, line))}"
                    if label
                    else f"- {''.join(map(text, line))}"
                    for label, line in block.rows
                ]
            )
        if isinstance(block, Items):
            return "\n".join([f"- {''.join(map(text, line))}" for line in block.items])
        if isinstance(block, Tree):
            return "\n".join([self.node(n, 0) for n in block.nodes])
        if isinstance(block, Table):
            head = "| " + " | ".join(escape(h) for h in block.header) + " |"
            rule = (
                "| "
                + " | ".join(
                    "---:" if i in block.right else "---" for i in range(len(block.header))
                )
                + " |"
            )
            rows = ["| " + " | ".join(self.inline(c) for c in row) + " |" for row in block.rows]
            return "\n".join([head, rule, *rows])
        if isinstance(block, SourceList):
            return "\n".join(
                f'- <a id="c{n}"></a>\\[{n}\\] {self.inline(line)}' for n, line in block.entries
            )
        if isinstance(block, NoteList):
            return "\n".join(
                f'- <a id="n-{key}"></a>\\[{key}\\] {self.inline(line)}'
                for key, line in block.entries
            )
        raise TypeError(block)

    def node(self, node: Node, depth: int) -> str:
        """A node and its subtree; a subtree is kept by identity (the page builder hands
        the same subtree of a trip's itinerary to every page of the trip), a leaf is not
        (it is one line, as quick to write as to find)."""
        line = (
            f"{_INDENT[depth] if depth < 8 else '  ' * depth}- {''.join(map(self.text, node.line))}"
        )
        if not node.children:
            return line
        key = (id(node), depth)
        found = self._written.get(key)
        if found is not None and found[0] is node:
            return found[1]
        deeper = depth + 1
        text = "\n".join([line, *(self.node(child, deeper) for child in node.children)])
        self.keep(key, node, text)
        return text


_INDENT = tuple("  " * depth for depth in range(8))


def write_markdown(doc: Document, out: Output) -> None:
    """The document to `out`, a page at a time."""
    MarkdownWriter(doc.anchors).write(doc.parts, out, "\n\n")
    out.write("\n")


def to_markdown_text(blocks: list[Block]) -> str:
    writer = MarkdownWriter(anchors(blocks))
    return "\n\n".join(writer.block(b) for b in blocks) + "\n"


def to_markdown(base: FactBase, ids: list[str] | None = None, lang: str | None = None) -> str:
    """A briefing for a forge or a mail: the same pages `facts show` prints, in Markdown."""
    out = io.StringIO()
    write_markdown(document(base, ids, lang), out)
    return out.getvalue()
