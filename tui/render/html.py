"""Document blocks → one standalone HTML page: no scripts, no outside files, readable in any
browser and fit to attach to an e-mail.

Every piece of data goes through `html.escape`; the only markup is written here.  Outside
links are made only for plain http(s) addresses, so a `javascript:` URL in a source stays
text.
"""

from __future__ import annotations

import io
from html import escape

from tui.i18n import language
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
from tui.render.markdown import SAFE_URL, anchor_of

CSS = """
body { font: 16px/1.5 system-ui, sans-serif; max-width: 52rem; margin: 2rem auto;
       padding: 0 1rem; color: #1a1a1a; background: #fff; overflow-wrap: anywhere; }
h1, h2, h3, h4 { line-height: 1.25; margin: 1.6em 0 0.4em; }
h3 { border-top: 1px solid #ddd; padding-top: 1em; }
.sub, .muted { color: #666; }
.sub { margin-top: 0; }
dl { display: grid; grid-template-columns: max-content 1fr; gap: 0.2em 1em; }
dt { font-weight: 600; }
dd { margin: 0; }
table { border-collapse: collapse; }
th, td { text-align: left; padding: 0.15em 1em 0.15em 0; vertical-align: top; }
td.num, th.num { text-align: right; }
sup a, a { color: #0b5cad; }
ol.sources, ol.notes { padding-left: 0; list-style: none; }
.basis { color: #8a4b00; font-style: italic; }
@media print { a { color: inherit; text-decoration: none; } }
""".strip()


class HtmlWriter(InlineWriter):
    def escape(self, text: str) -> str:
        return escape(text)

    def cites(self, numbers: tuple[int, ...]) -> str:
        refs = ", ".join(f'<a href="#c{n}">{n}</a>' for n in numbers)
        return f" <sup>[{refs}]</sup>"

    def notes(self, keys: tuple[str, ...]) -> str:
        refs = ", ".join(f'<a href="#n-{key}">{key}</a>' for key in keys)
        return f" <sup>[{refs}]</sup>"

    def span(self, span: Span, breaks: str = "<br><br>") -> str:
        text = escape(span.text).replace("\n\n", "<br><br>")
        if span.url and SAFE_URL.match(span.url):
            text = f'<a href="{escape(span.url)}" rel="noopener noreferrer">{text}</a>'
        elif span.link in self.present:
            text = f'<a href="#{anchor_of(span.link)}">{text}</a>'
        if span.style in ("strong", "current"):
            text = f"<strong>{text}</strong>"
        elif span.style == "em":
            text = f"<em>{text}</em>"
        elif span.style == "muted":
            text = f'<span class="muted">{text}</span>'
        elif span.style in BASIS_STYLES:
            text = f'<span class="basis {span.style}">{text}</span>'
        return text

    def block(self, block: Block) -> str:
        if isinstance(block, Title):
            level = min(block.level, 6)
            anchor = f' id="{anchor_of(block.anchor)}"' if block.anchor else ""
            sub = f'\n<p class="sub">{self.inline(block.subtitle)}</p>' if block.subtitle else ""
            title = self.inline(
                tuple(s._replace(style="") if s.style == "strong" else s for s in block.line)
            )
            return f"<h{level}{anchor}>{title}</h{level}>{sub}"
        if isinstance(block, Heading):
            level = min(block.level, 6)
            return f"<h{level}>{escape(block.text)}</h{level}>"
        if isinstance(block, Para):
            return f"<p>{self.inline(block.line)}</p>"
        text = self.text
        if isinstance(block, Fields):
            label_of = self.label
            rows = "\n".join(
                [
                    f"<dt>{label_of(label)}</dt><dd>{''.join(map(text, line))}</dd>"
                    for label, line in block.rows
                ]
            )
            return f"<dl>\n{rows}\n</dl>"
        if isinstance(block, Items):
            items = "\n".join([f"<li>{''.join(map(text, line))}</li>" for line in block.items])
            return f"<ul>\n{items}\n</ul>"
        if isinstance(block, Tree):
            return "<ul>\n" + "\n".join([self.node(n) for n in block.nodes]) + "\n</ul>"
        if isinstance(block, Table):

            def cell(tag: str, i: int, content: str) -> str:
                return (
                    f'<{tag} class="num">{content}</{tag}>'
                    if i in block.right
                    else (f"<{tag}>{content}</{tag}>")
                )

            head = "".join(cell("th", i, escape(h)) for i, h in enumerate(block.header))
            rows = "\n".join(
                "<tr>" + "".join(cell("td", i, self.inline(c)) for i, c in enumerate(row)) + "</tr>"
                for row in block.rows
            )
            return f"<table>\n<thead><tr>{head}</tr></thead>\n<tbody>\n{rows}\n</tbody>\n</table>"
        if isinstance(block, SourceList):
            items = "\n".join(
                f'<li id="c{n}">[{n}] {self.inline(line)}</li>' for n, line in block.entries
            )
            return f'<ol class="sources">\n{items}\n</ol>'
        if isinstance(block, NoteList):
            items = "\n".join(
                f'<li id="n-{key}">[{key}] {self.inline(line)}</li>' for key, line in block.entries
            )
            return f'<ol class="notes">\n{items}\n</ol>'
        raise TypeError(block)

    def node(self, node: Node) -> str:
        """A node and its subtree; a subtree is kept by identity (the page builder hands
        the same subtree of a trip's itinerary to every page of the trip), a leaf is not
        (it is one line, as quick to write as to find)."""
        if not node.children:
            return f"<li>{''.join(map(self.text, node.line))}</li>"
        key = (id(node), 0)
        found = self._written.get(key)
        if found is not None and found[0] is node:
            return found[1]
        children = "\n".join([self.node(c) for c in node.children])
        text = f"<li>{''.join(map(self.text, node.line))}\n<ul>\n{children}\n</ul></li>"
        self.keep(key, node, text)
        return text


def _head(title: str, lang: str | None) -> str:
    return (
        "<!DOCTYPE html>\n"
        f'<html lang="{escape(lang or language())}">\n<head>\n<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f"<title>{escape(title)}</title>\n<style>\n{CSS}\n</style>\n</head>\n"
        "<body>\n<main>\n"
    )


_FOOT = "\n</main>\n</body>\n</html>\n"


def write_html(doc: Document, out: Output, lang: str | None = None) -> None:
    """The document to `out` as one page, a part at a time."""
    out.write(_head(doc.title, lang))
    HtmlWriter(doc.anchors).write(doc.parts, out, "\n")
    out.write(_FOOT)


def to_html_text(blocks: list[Block], title: str = "Facts", lang: str | None = None) -> str:
    writer = HtmlWriter(anchors(blocks))
    body = "\n".join(writer.block(b) for b in blocks)
    return _head(title, lang) + body + _FOOT


def to_html(base: FactBase, ids: list[str] | None = None, lang: str | None = None) -> str:
    """The same briefing as one standalone HTML page."""
    out = io.StringIO()
    write_html(document(base, ids, lang), out, lang)
    return out.getvalue()
