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


class InlineWriter:
    """A writer of lines; a format says how a span and a citation marker look."""

    def __init__(self, present: frozenset[str]) -> None:
        self.present = present
        """The entity ids the document has a section for: names of them link there."""
        self._names: dict[tuple[str | None, str, str], str] = {}
        """Each name (and each short piece of text: a date, a role, a separator) as written,
        by (id, text, style): a whole-base export names the same trips and cities hundreds
        of thousands of times, and escapes each once."""
        self._labels: dict[str, str] = {}
        self._known: dict[int, tuple[Span, str]] = {}
        """What a span object was written as, by identity, with the object beside it (so
        that an id can never be taken for another object's)."""
        self._written: dict[tuple[int, int], tuple[object, str]] = {}

    def remembered(self, part: object, variant: int, write: Callable[[], str]) -> str:
        """`write()`, kept for this very object: the page builder hands the same subtree of
        a trip's itinerary to every page of the trip.  Kept by identity with the object
        itself beside it, so that an id can never be taken for another object's; bounded."""
        key = (id(part), variant)
        found = self._written.get(key)
        if found is not None and found[0] is part:
            return found[1]
        text = write()
        if len(self._written) > 20_000:
            self._written.clear()
        self._written[key] = (part, text)
        return text

    def escape(self, text: str) -> str:
        raise NotImplementedError

    def block(self, block: Block) -> str:
        raise NotImplementedError

    def write(self, parts: Iterable[list[Block]], out: Output, separator: str) -> None:
        """The blocks of each part, `separator` between any two, one write per part."""
        between = ""
        for part in parts:
            chunk: list[str] = []
            for block in part:
                chunk.append(between)
                chunk.append(self.block(block))
                between = separator
            out.write("".join(chunk))

    def span(self, span: Span, breaks: str) -> str:
        raise NotImplementedError

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

    def inline(self, line: Line, breaks: str = "<br><br>") -> str:
        """`breaks` stands for a paragraph break inside the line."""
        out = []
        names = self._names
        known = self._known
        for span in line:
            found = known.get(id(span))
            if found is not None and found[0] is span:
                out.append(found[1])  # the very span written before: a link, a marker
                continue
            if span.cites or span.notes:
                # markers are made once per combination (tui.render.doc.Citations)
                marker = self.cites(span.cites) if span.cites else self.notes(span.notes)
                if len(known) > 200_000:
                    known.clear()
                known[id(span)] = (span, marker)
                out.append(marker)
            elif not span.text:
                continue
            elif span.url is None and (span.link is not None or len(span.text) <= SHORT):
                key = (span.link, span.text, span.style)
                text = names.get(key)
                if text is None:
                    text = self.span(span, breaks)
                    if "\n" not in span.text:
                        if len(names) > 200_000:  # names of a base, not every line of it
                            names.clear()
                        names[key] = text
                if span.link is not None:
                    # links are made once per base (tui.render.lines.link): the same object
                    # comes back hundreds of thousands of times, found by identity
                    if len(known) > 200_000:
                        known.clear()
                    known[id(span)] = (span, text)
                out.append(text)
            else:
                out.append(self.span(span, breaks))
        return "".join(out)
