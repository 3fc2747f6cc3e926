"""Why a result matched: the text around the match, with the matched parts marked.

Only the shown results get a snippet, so this may read the entity's text again; it uses the
same tokens and folding as the index, and it maps folded matches back to the original
characters ("Due" in "Duesseldorf" for the query "du").
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from functools import lru_cache

from tui.i18n import _
from tui.model import AnyEntity, FactBase
from tui.record import record
from tui.safetext import snippet_line
from tui.search.fields import LINK, TIERS, Field, linked, name_fields, own_fields
from tui.search.fold import folded_offsets, is_cjk, loose, token_spans
from tui.search.memo import Memo

EXACT, PREFIX, PART, TYPO = 5, 4, 3, 2
"""Match qualities, as points: exact word > start of a word > part of a compound > typo."""
WHOLE = 6
"""The query is one of the entity's names, word for word."""
MIN_PART = 4
"""A query word this long may match inside a longer word (a part of a German compound)."""

WIDTH = 110
PIECES = 3


@record(slots=True)
class Wanted:
    """One query term as the snippet looks for it."""

    words: tuple[str, ...]
    phrase: bool
    typos: frozenset[str] = frozenset()
    open_end: bool = False


def word_quality(token: str, word: str, typos: frozenset[str]) -> tuple[int, int, int] | None:
    """(quality, start, end) of `word` in the folded `token`, offsets into the folded form."""
    if token == word:
        return EXACT, 0, len(token)
    if token.startswith(word):
        return PREFIX, 0, len(word)
    if len(word) >= MIN_PART or is_cjk(word):
        at = token.find(word)
        if at > 0:
            return PART, at, at + len(word)
    if token in typos:
        return TYPO, 0, len(token)
    return None


def phrase_at(
    tokens: Sequence[str], index: int, words: Sequence[str], open_end: bool = False
) -> bool:
    """Whether the phrase starts at tokens[index]: its words exactly (CJK: inside the run;
    `open_end`: the last word as the start of a word, while it is being typed)."""
    if index + len(words) > len(tokens):
        return False
    last = len(words) - 1
    for position, (token, word) in enumerate(zip(tokens[index:], words, strict=False)):
        if token == word or (is_cjk(word) and word in token):
            continue
        if open_end and position == last and token.startswith(word):
            continue
        return False
    return True


@record(slots=True)
class Prepared:
    """A field's text as the snippet reads it (kept between keystrokes, see `prepare`)."""

    display: str
    """The text as one display line."""
    loose: str | None
    """Folded at once, for a quick test (see `fold.loose`)."""

    def folded_words(self) -> str:
        """' word word … ': the folded tokens between single spaces, to find phrases in."""
        return _spaced(self.display)

    def could_hold(self, term: Wanted) -> bool:
        """A quick necessary test on the whole text before reading it word by word."""
        folded = self.loose
        if folded is None:
            return True
        if term.phrase:
            return all(word in folded for word in term.words)
        return term.words[0] in folded or any(typo in folded for typo in term.typos)

    def tokens(self) -> tuple[tuple[int, int, str], ...]:
        return _spans(self.display)


@lru_cache(maxsize=20_000)
def prepare(raw: str) -> Prepared:
    """A field's text prepared once: typing on refines the same query, and the same top
    results are explained again and again."""
    display = snippet_line(raw)
    return Prepared(display, loose(display))


@lru_cache(maxsize=20_000)
def _spans(display: str) -> tuple[tuple[int, int, str], ...]:
    return tuple(token_spans(display))


@lru_cache(maxsize=20_000)
def _spaced(display: str) -> str:
    return " " + " ".join(span[2] for span in _spans(display)) + " "


def holds_phrase(raw: str, words: Sequence[str], open_end: bool = False) -> bool:
    """Whether the text holds the words in this order (CJK words: inside a run)."""
    quick = loose(raw)  # most texts fail here, before anything is kept for them
    if quick is not None and not all(word in quick for word in words):
        return False
    field = prepare(raw)
    if any(is_cjk(word) for word in words):
        folded = [s[2] for s in field.tokens()]
        return any(phrase_at(folded, i, words, open_end) for i in range(len(folded)))
    needle = " " + " ".join(words) + ("" if open_end else " ")
    return needle in field.folded_words()


def forget_prepared() -> None:
    for cached in (prepare, _spans, _spaced):
        cached.cache_clear()


def _matches(
    raw: str, wanted: Sequence[Wanted], looking_for: Iterable[int]
) -> tuple[str, list[tuple[int, int, int]]]:
    """The field as one display line, and (start, end, term index) of every match in it of
    the terms `looking_for`."""
    field = prepare(raw)
    looking = [i for i in looking_for if field.could_hold(wanted[i])]
    if not looking:
        return field.display, []
    text = field.display
    spans = field.tokens()
    found: list[tuple[int, int, int]] = []
    for term_index in looking:
        term = wanted[term_index]
        if term.phrase:
            folded = [s[2] for s in spans]
            for i in range(len(spans)):
                if phrase_at(folded, i, term.words, term.open_end):
                    found.append((spans[i][0], spans[i + len(term.words) - 1][1], term_index))
            continue
        word, typos = term.words[0], term.typos
        for start, end, token in spans:
            if word not in token and token not in typos:
                continue  # most tokens: no match of any quality (see word_quality)
            quality = word_quality(token, word, typos)
            if quality is None:
                continue
            _, lo, hi = quality
            if (lo, hi) == (0, len(token)):
                found.append((start, end, term_index))
                continue
            origins = folded_offsets(text[start:end])
            if origins is None:
                found.append((start, end, term_index))
            else:
                found.append((start + origins[lo], start + origins[hi], term_index))
    return text, found


class EntityFields:
    """Entities' fields as snippets and phrases read them, kept for the entities asked about
    lately: typing on shows the same top results again and again, and on a stored base
    every linked entity would otherwise be fetched and decoded again at each keystroke."""

    LIMIT = 5000

    def __init__(self, base: FactBase) -> None:
        self.base = base
        self._own: Memo[str, tuple[Field, ...]] = Memo(self.LIMIT)
        self._linked: Memo[str, tuple[Field, ...]] = Memo(self.LIMIT)

    def own(self, entity: AnyEntity) -> tuple[Field, ...]:
        found = self._own.find(entity.id)
        if found is None:
            found = self._own.keep(entity.id, tuple(own_fields(entity)))
        return found

    def linked(self, entity: AnyEntity) -> tuple[Field, ...]:
        """The names of what the entity links to (the linked tier), labelled by the link."""
        found = self._linked.find(entity.id)
        if found is None:
            found = self._linked.keep(
                entity.id,
                tuple(
                    Field(label, LINK, text)
                    for label, target in linked(self.base, entity)
                    for text in name_fields(target)
                ),
            )
        return found

    def forget(self) -> None:
        self._own.clear()
        self._linked.clear()


def _fields(fields: EntityFields, entity: AnyEntity, tiers: set[int]) -> Iterator[Field]:
    """The entity's fields in the tiers asked for (the linked ones are looked up only then)."""
    if tiers - {LINK}:
        for item in fields.own(entity):
            if item.tier in tiers:
                yield item
    if LINK in tiers:
        yield from fields.linked(entity)


@record(slots=True)
class Snippet:
    text: str
    highlights: tuple[tuple[int, int], ...]
    matched: str
    """The fields the snippet comes from: 'name', 'description, participant', …"""


def make_snippet(
    fields: EntityFields,
    entity: AnyEntity,
    wanted: Sequence[Wanted],
    lang: str | None = None,
    tiers: Sequence[int | None] | None = None,
) -> Snippet:
    """The text that explains the match: fields in reading order (names first), each taken
    if it holds a term not yet explained, at most three pieces.  `tiers[i]` is where the
    index found term i for this entity (its best match); the term is looked for there."""
    where = list(tiers) if tiers is not None else [None] * len(wanted)
    all_tiers = set(TIERS)
    wanted_tiers = {t for t in where if t is not None} | (all_tiers if None in where else set())
    uncovered = set(range(len(wanted)))
    chosen: list[tuple[Field, str, list[tuple[int, int, int]]]] = []
    for item in _fields(fields, entity, wanted_tiers):
        looking = [i for i in sorted(uncovered) if where[i] in (None, item.tier)]
        if not looking:
            continue
        text, found = _matches(item.text, wanted, looking)
        if found:
            chosen.append((item, text, found))
            uncovered -= {m[2] for m in found}
            if not uncovered or len(chosen) == PIECES:
                break
    if not chosen:
        return Snippet(snippet_line(entity.label(lang)), (), "")
    return _assemble(chosen)


def _assemble(chosen: list[tuple[Field, str, list[tuple[int, int, int]]]]) -> Snippet:
    parts: list[str] = []
    marks: list[tuple[int, int]] = []
    labels: list[str] = []
    offset = 0
    width = WIDTH if len(chosen) == 1 else WIDTH // 2
    for field, text, found in chosen:
        if parts:
            parts.append(" · ")
            offset += 3
        prefix = "" if field.label in ("name", "description") else f"{_(field.label)}: "
        window, shift = _window(text, min(m[0] for m in found), width)
        piece = prefix + window
        parts.append(piece)
        for start, end, _tier in sorted(found):
            start, end = start - shift, end - shift
            if start >= 0 and end <= len(window) and start < end:
                marks.append((offset + len(prefix) + start, offset + len(prefix) + end))
        offset += len(piece)
        if field.label not in labels:
            labels.append(field.label)
    return Snippet("".join(parts), tuple(_merge(marks)), ", ".join(labels))


def _window(text: str, first: int, width: int) -> tuple[str, int]:
    """About `width` characters of `text` around position `first`, cut at spaces, with '…'
    where text was left out; returns the window and how far the text moved left."""
    if len(text) <= width:
        return text, 0
    start = max(0, first - width // 3)
    if start:
        space = text.rfind(" ", 0, start + 1)
        start = space + 1 if space >= 0 and start - space < 15 else start
    end = min(len(text), start + width)
    if end < len(text):
        space = text.rfind(" ", start, end)
        end = space if space > first else end
    window = text[start:end]
    shift = start
    if start > 0:
        window = "…" + window
        shift -= 1
    if end < len(text):
        window += "…"
    return window, shift


def _merge(marks: list[tuple[int, int]]) -> list[tuple[int, int]]:
    merged: list[tuple[int, int]] = []
    for start, end in sorted(marks):
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(merged[-1][1], end))
        else:
            merged.append((start, end))
    return merged
