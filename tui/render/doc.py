"""A small document model between the fact base and the output formats.

What a briefing says (sections, fact lines, citations, links) is decided once, in
`entity.py` and `summary.py`; how it looks is decided by one writer per format (`console.py`
for Rich, `markdown.py`, `html.py`).  So the terminal, the TUI pane and the exports can never
disagree about the facts, and each writer has one place where data is escaped.

Every string in a `Span` is data that has already been through `tui.safetext` (control and bidi
characters made visible); writers still escape it for their own syntax.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import NamedTuple

from tui.model import FactBase, Source
from tui.safetext import one_line, paragraphs


class Span(NamedTuple):
    """A run of text.  `link` is an entity id the text stands for; `url` an outside address;
    `cites` makes the span a citation marker for those source numbers.  A named tuple, not a
    frozen dataclass: a whole-base export makes millions of them, and a tuple is made in C."""

    text: str
    style: str = ""
    """'' (plain), 'strong', 'muted', 'em' or 'current' (the entity the page is about)."""
    link: str | None = None
    url: str | None = None
    cites: tuple[int, ...] = ()


Line = tuple[Span, ...]


def plain(text: str, style: str = "") -> Span:
    return Span(one_line(text), style)


def prose(text: str) -> Span:
    """A description or note: paragraph breaks survive, nothing else that moves the cursor."""
    return Span(paragraphs(text))


@dataclass(frozen=True, slots=True)
class Title:
    line: Line
    subtitle: Line = ()
    anchor: str | None = None
    """The entity id, so that links in an export can jump here."""
    level: int = 1


@dataclass(frozen=True, slots=True)
class Heading:
    text: str
    level: int = 2


@dataclass(frozen=True, slots=True)
class Para:
    line: Line


@dataclass(frozen=True, slots=True)
class Fields:
    """Label–value rows: key facts, or a dated list when the labels are dates."""

    rows: tuple[tuple[str, Line], ...]


@dataclass(frozen=True, slots=True)
class Items:
    """A bulleted list."""

    items: tuple[Line, ...]


@dataclass(frozen=True, slots=True)
class Node:
    line: Line
    children: tuple[Node, ...] = ()


@dataclass(frozen=True, slots=True)
class Tree:
    nodes: tuple[Node, ...]


@dataclass(frozen=True, slots=True)
class Table:
    header: tuple[str, ...]
    rows: tuple[tuple[Line, ...], ...]
    right: tuple[int, ...] = ()
    """Columns to align right (counts)."""


@dataclass(frozen=True, slots=True)
class SourceList:
    """The numbered sources of a document, each entry anchored as `src-N`."""

    entries: tuple[tuple[int, Line], ...]


Block = Title | Heading | Para | Fields | Items | Tree | Table | SourceList


@dataclass
class Citations:
    """Numbers sources in the order a document first cites them, so that [1] means the same
    source everywhere in one document (a whole export, or one `facts show`)."""

    numbers: dict[str, int] = field(default_factory=dict)
    _markers: dict[tuple[int, ...], tuple[Span, ...]] = field(default_factory=dict)
    """The marker of each combination of numbers, made once (they repeat page after page)."""

    def cite(self, *source_groups: Iterable[str]) -> tuple[Span, ...]:
        """A citation marker for the first non-empty group of source ids: an item's own
        sources win, the entity's sources stand in for items that have none."""
        numbers = self.numbers
        for group in source_groups:
            ids = tuple(group)
            if ids:
                nums = []
                for source_id in ids:
                    number = numbers.get(source_id)
                    if number is None:
                        number = numbers[source_id] = len(numbers) + 1
                    nums.append(number)
                key = tuple(nums)
                marker = self._markers.get(key)
                if marker is None:
                    marker = self._markers[key] = (Span("", cites=key),)
                return marker
        return ()

    def block(self, base: FactBase, lang: str | None = None) -> tuple[Block, ...]:
        if not self.numbers:
            return ()
        entries = []
        for source_id, number in self.numbers.items():
            entries.append((number, source_line(base, source_id, lang)))
        return (Heading("Sources"), SourceList(tuple(entries)))


def source_line(base: FactBase, source_id: str, lang: str | None = None) -> Line:
    """Title. Publisher, date. URL — the way a reader would cite it."""
    source = base.get(source_id)
    if not isinstance(source, Source):
        return (plain(source_id),)
    parts: list[Span] = [Span(one_line(source.title), "em", link=source.id)]
    details = [
        one_line(text)
        for text in (source.kind, source.publisher, source.published and source.published.iso())
        if text
    ]
    if details:
        parts.append(Span(" — " + ", ".join(details)))
    if source.url:
        parts.append(Span(" — "))
        parts.append(Span(one_line(source.url), url=one_line(source.url)))
    return tuple(parts)


def join(lines: Iterable[Line], separator: str = ", ") -> Line:
    out: list[Span] = []
    for line in lines:
        if out:
            out.append(Span(separator))
        out.extend(line)
    return tuple(out)
