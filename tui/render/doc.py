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

from tui.basis import Ground, rank
from tui.i18n import N_, _, date_text, list_separator, list_text, term
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
    notes: tuple[str, ...] = ()
    """Makes the span a reference to those entries of the page's basis legend (`NoteList`):
    why the fact before it is inferred or background."""


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


class Node(NamedTuple):
    """A line of a tree with the lines below it.  A named tuple, as `Span`: a whole-base
    export makes hundreds of thousands (every contact of every *Met* and *Same trip*),
    and a frozen dataclass is made four times slower."""

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


@dataclass(frozen=True, slots=True)
class NoteList:
    """The basis legend of a document: each mark's letter with its basis and its reason,
    each entry anchored as `n-LETTER`."""

    entries: tuple[tuple[str, Line], ...]


Block = Title | Heading | Para | Fields | Items | Tree | Table | SourceList | NoteList

BASIS_STYLES = frozenset({"inferred", "background"})
"""The styles of the basis words: a writer shows them apart (dim, a class of their own)."""


def letter(index: int) -> str:
    """0 → a, 25 → z, 26 → aa: the keys of the legend, apart from the sources' numbers."""
    out = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        out = chr(ord("a") + rest) + out
    return out


@dataclass
class Citations:
    """Numbers sources in the order a document first cites them, so that [1] means the same
    source everywhere in one document (a whole export, or one `facts show`)."""

    numbers: dict[str, int] = field(default_factory=dict)
    _markers: dict[tuple[int, ...], tuple[Span, ...]] = field(default_factory=dict)
    """The marker of each combination of numbers, made once (they repeat page after page)."""
    _by_ids: dict[tuple[str, ...], tuple[Span, ...]] = field(default_factory=dict)
    """The marker of each group of source ids cited before (numbered once, when first
    cited): a whole export cites the same groups hundreds of thousands of times."""
    grounds: dict[tuple[str, str], str] = field(default_factory=dict)
    """The letter of each (basis, reason) the document marks, in the order first marked."""
    _basis_markers: dict[tuple[tuple[str, str], ...], tuple[Span, ...]] = field(
        default_factory=dict
    )
    _by_grounds: dict[tuple[tuple[Ground, ...], str | None], tuple[Span, ...]] = field(
        default_factory=dict
    )
    """The mark of each tuple of grounds marked before (its letters are given once, when
    first marked): the same grounds come back on page after page."""

    def cite(self, *source_groups: Iterable[str]) -> tuple[Span, ...]:
        """A citation marker for the first non-empty group of source ids: an item's own
        sources win, the entity's sources stand in for items that have none."""
        numbers = self.numbers
        for group in source_groups:
            ids = tuple(group)
            if ids:
                found = self._by_ids.get(ids)
                if found is not None:
                    return found  # the sources are numbered already: the same marker
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
                if len(self._by_ids) > 100_000:
                    self._by_ids.clear()
                self._by_ids[ids] = marker
                return marker
        return ()

    def basis(self, grounds: Iterable[Ground], lang: str | None) -> tuple[Span, ...]:
        """The mark of a fact that rests on these grounds: ' · inferred [a]', a letter per
        distinct reason, the same letter for the same reason throughout the document; ()
        for a stated fact (no grounds)."""
        if type(grounds) is not tuple:
            return self._basis(grounds, lang)
        if not grounds:
            return ()
        key = (grounds, lang)
        found = self._by_grounds.get(key)
        if found is None:
            if len(self._by_grounds) > 100_000:
                self._by_grounds.clear()
            found = self._by_grounds[key] = self._basis(grounds, lang)
        return found

    def _basis(self, grounds: Iterable[Ground], lang: str | None) -> tuple[Span, ...]:
        keys = tuple(dict.fromkeys((basis, one_line(note.get(lang))) for basis, note in grounds))
        if not keys:
            return ()
        marker = self._basis_markers.get(keys)
        if marker is None:
            spans: list[Span] = []
            for kind in sorted({basis for basis, _ in keys}, key=rank):
                refs = []
                for key in keys:
                    if key[0] == kind:
                        found = self.grounds.get(key)
                        if found is None:
                            found = self.grounds[key] = letter(len(self.grounds))
                        refs.append(found)
                refs.sort(key=lambda ref: (len(ref), ref))
                spans.extend(
                    (_MARK_DOT, Span(one_line(_(kind)), kind), Span("", notes=tuple(refs)))
                )
            marker = self._basis_markers[keys] = tuple(spans)
        return marker

    def block(self, base: FactBase, lang: str | None = None) -> tuple[Block, ...]:
        """The back matter: the basis legend (when anything is marked), then the sources."""
        blocks: list[Block] = []
        if self.grounds:
            blocks.append(Heading(_("Basis")))
            blocks.append(Para((Span(_(BASIS_LEGEND), "muted"),)))
            blocks.append(
                NoteList(
                    tuple(
                        (
                            key,
                            (
                                Span(_(basis), basis),
                                Span(" — "),
                                Span(reason or _("no reason given")),
                            ),
                        )
                        for (basis, reason), key in self.grounds.items()
                    )
                )
            )
        if self.numbers:
            base.prefetch(self.numbers)  # a stored base reads them in one query, not one each
            entries = []
            for source_id, number in self.numbers.items():
                entries.append((number, source_line(base, source_id, lang)))
            blocks.append(Heading(_("Sources")))
            blocks.append(SourceList(tuple(entries)))
        return tuple(blocks)


_MARK_DOT = Span(" · ", "muted")
_BASIS_WORDS = (N_("inferred"), N_("background"), N_("stated"))
"""The bases as the marks, the legend and `facts met` name them (`_(basis)`)."""

BASIS_LEGEND = N_(
    "Marked facts are not stated in so many words by the sources they cite: "
    "inferred — read between the lines of the cited source; background — "
    "general knowledge that no cited source gives. Why, for each mark:"
)


def source_line(base: FactBase, source_id: str, lang: str | None = None) -> Line:
    """Title. Publisher, date. URL — the way a reader would cite it."""
    source = base.get(source_id)
    if not isinstance(source, Source):
        return (plain(source_id),)
    parts: list[Span] = [Span(one_line(source.title), "em", link=source.id)]
    details = [
        one_line(text)
        for text in (
            term(source.kind) if source.kind else "",
            source.publisher,
            source.published
            and date_text(source.published.year, source.published.month, source.published.day),
        )
        if text
    ]
    if details:
        parts.append(Span(" — " + list_text(details)))
    if source.url:
        parts.append(Span(" — "))
        parts.append(Span(one_line(source.url), url=one_line(source.url)))
    return tuple(parts)


def join(lines: Iterable[Line], separator: str | None = None) -> Line:
    """The lines one after the other; by default as the language lists things ("、" in
    Japanese, `tui.i18n.list_text`)."""
    between = Span(list_separator() if separator is None else separator)
    out: list[Span] = []
    for line in lines:
        if out:
            out.append(between)
        out.extend(line)
    return tuple(out)
