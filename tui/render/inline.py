"""What the Markdown and the HTML writer share: a line of spans written as text, each name
escaped once per document."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING

from tui.render.doc import Block, Line, Span

if TYPE_CHECKING:
    from tui.output import Output

SHORT = 48
"""Up to this length a piece of text is likely to come again (a date, a role)."""

LIMIT = 200_000
"""How many written spans a writer keeps: the names, dates, roles and markers of a base,
not every line of it."""


class _Written(dict[Span, str]):
    """Each span as written, by the span's value: a span is a named tuple of strings, so
    an equal span is written the same (and a line's spans are looked up in one C loop,
    `map(written.__getitem__, line)`).  What is not there is written by `__missing__`,
    and kept only when it is likely to come again: a link, a marker, a short piece of
    text (a date, a role, a separator), never a paragraph of prose."""

    __slots__ = ("breaks", "write")

    def __init__(self, write: Callable[[Span, str], str], breaks: str) -> None:
        super().__init__()
        self.write = write
        self.breaks = breaks

    def __missing__(self, span: Span) -> str:
        text = self.write(span, self.breaks)
        if (
            span.cites
            or span.notes
            or (
                span.url is None
                and "\n" not in span.text
                and (span.link is not None or len(span.text) <= SHORT)
            )
        ):
            if len(self) > LIMIT:
                self.clear()
            self[span] = text
        return text


class InlineWriter:
    """A writer of lines; a format says how a span and a citation marker look."""

    def __init__(self, present: frozenset[str]) -> None:
        self.present = present
        """The entity ids the document has a section for: names of them link there."""
        self._by_breaks: dict[str, _Written] = {}
        """The spans written so far, per way of writing a paragraph break."""
        self._labels: dict[str, str] = {}
        self._written: dict[tuple[int, int], tuple[object, str]] = {}
        self.text: Callable[[Span], str] = self.written().__getitem__
        """A span as text, paragraph breaks as `<br><br>` (what most lines are written
        with): `"".join(map(self.text, line))` is a line."""

    def keep(self, key: tuple[int, int], part: object, text: str) -> None:
        """`text` as what `part` is written as, `key` being (id(part), a variant): kept by
        identity with the object itself beside it, so that an id can never be taken for
        another object's (the look-up checks `is`); bounded, and small: a trip's subtrees
        are asked for again on the pages of its parts, which come close together (a
        contact's subtree on a participant's page, never again, would fill a large one
        with text: 45 MB more peak in a 10 000-event HTML export at 20 000 entries)."""
        if len(self._written) > 2_000:
            self._written.clear()
        self._written[key] = (part, text)

    def escape(self, text: str) -> str:
        raise NotImplementedError

    def block(self, block: Block) -> str:
        raise NotImplementedError

    def write(self, parts: Iterable[list[Block]], out: Output, separator: str) -> None:
        """The blocks of each part, `separator` between any two, one write per part."""
        between = ""
        block = self.block
        for part in parts:
            chunk: list[str] = []
            for piece in part:
                chunk.append(between)
                chunk.append(block(piece))
                between = separator
            out.write("".join(chunk))

    def span(self, span: Span, breaks: str) -> str:
        raise NotImplementedError

    def marked(self, span: Span, breaks: str) -> str:
        """A span as written: a citation marker, a reference to the legend, or text."""
        if span.cites:
            return self.cites(span.cites)
        if span.notes:
            return self.notes(span.notes)
        if not span.text:
            return ""
        return self.span(span, breaks)

    def label(self, text: str) -> str:
        """A field's label (a date, "Part of"), escaped once per document."""
        found = self._labels.get(text)
        if found is None:
            if len(self._labels) > 50_000:
                self._labels.clear()
            found = self._labels[text] = self.escape(text)
        return found

    def cites(self, numbers: tuple[int, ...]) -> str:
        raise NotImplementedError

    def notes(self, keys: tuple[str, ...]) -> str:
        """A reference to entries of the basis legend."""
        raise NotImplementedError

    def written(self, breaks: str = "<br><br>") -> _Written:
        """The spans written with `breaks` for a paragraph break: `written[span]` is the
        span as text (the writers' loops look lines up with it directly)."""
        found = self._by_breaks.get(breaks)
        if found is None:
            found = self._by_breaks[breaks] = _Written(self.marked, breaks)
        return found

    def inline(self, line: Line, breaks: str = "<br><br>") -> str:
        """`breaks` stands for a paragraph break inside the line."""
        if breaks == "<br><br>":
            return "".join(map(self.text, line))
        return "".join(map(self.written(breaks).__getitem__, line))
