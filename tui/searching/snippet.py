"""Why a result matched: the text around the match, with the matched parts marked.

Only the shown results get a snippet, so this may read the entity's text again; it uses the
same tokens and folding as the index, and it maps folded matches back to the original
characters ("Due" in "Duesseldorf" for the query "du").
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass

from tui.model import AnyEntity, FactBase
from tui.searching.fields import LINK, Field, linked, name_fields, own_fields
from tui.searching.text import display_line, folded_offsets, is_cjk, loose, token_spans

EXACT, PREFIX, PART, TYPO = 5, 4, 3, 2
"""Match qualities, as points: exact word > start of a word > part of a compound > typo."""
WHOLE = 6
"""The query is one of the entity's names, word for word."""
MIN_PART = 4
"""A query word this long may match inside a longer word (a part of a German compound)."""

WIDTH = 110
PIECES = 3


@dataclass(frozen=True, slots=True)
class Wanted:
    """One query term as the snippet looks for it."""

    words: tuple[str, ...]
    phrase: bool
    typos: frozenset[str] = frozenset()


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


def phrase_at(tokens: Sequence[str], index: int, words: Sequence[str]) -> bool:
    """Whether the phrase starts at tokens[index]: its words exactly (CJK: inside the run)."""
    if index + len(words) > len(tokens):
        return False
    for token, word in zip(tokens[index:], words, strict=False):
        if token != word and not (is_cjk(word) and word in token):
            return False
    return True


def could_hold(raw: str, term: Wanted) -> bool:
    """A quick necessary test on the whole text: only fields that pass are read word by word."""
    folded = loose(raw)
    if folded is None:
        return True
    if term.phrase:
        return all(word in folded for word in term.words)
    return term.words[0] in folded or any(typo in folded for typo in term.typos)


def _matches(
    raw: str, wanted: Sequence[Wanted], among: set[int] | None = None
) -> tuple[str, list[tuple[int, int, int]]]:
    """The field as one display line, and (start, end, term index) of every match in it, for
    the terms in `among` (all by default) that can be there at all."""
    looking = [
        i for i in (range(len(wanted)) if among is None else sorted(among))
        if could_hold(raw, wanted[i])
    ]
    if not looking:
        return "", []
    text = display_line(raw)
    spans = list(token_spans(text))
    folded = [s[2] for s in spans]
    found: list[tuple[int, int, int]] = []
    for term_index in looking:
        term = wanted[term_index]
        if term.phrase:
            for i in range(len(spans)):
                if phrase_at(folded, i, term.words):
                    found.append((spans[i][0], spans[i + len(term.words) - 1][1], term_index))
            continue
        word = term.words[0]
        for start, end, token in spans:
            quality = word_quality(token, word, term.typos)
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


def _fields(base: FactBase, entity: AnyEntity) -> Iterator[Field]:
    yield from own_fields(entity)
    for label, target in linked(base, entity):
        for text in name_fields(target):
            yield Field(label, LINK, text)


@dataclass(frozen=True, slots=True)
class Snippet:
    text: str
    highlights: tuple[tuple[int, int], ...]
    matched: str
    """The fields the snippet comes from: 'name', 'description, participant', …"""


def make_snippet(
    base: FactBase, entity: AnyEntity, wanted: Sequence[Wanted], lang: str | None = None
) -> Snippet:
    """The text that best explains the match: the first field (names first) holding the most
    terms, then further fields for terms still unexplained, at most three pieces."""
    uncovered = set(range(len(wanted)))
    chosen: list[tuple[Field, str, list[tuple[int, int, int]]]] = []
    best: tuple[Field, str, list[tuple[int, int, int]]] | None = None
    best_cover: set[int] = set()
    for field in _fields(base, entity):
        text, found = _matches(field.text, wanted, uncovered)
        cover = {m[2] for m in found}
        if not cover:
            continue
        if cover == uncovered:
            chosen.append((field, text, found))
            uncovered.clear()
            best = None
            break
        if len(cover) > len(best_cover):
            best, best_cover = (field, text, found), cover
    if best is not None:
        chosen.insert(0, best)
        uncovered -= best_cover
        chosen.extend(_cover_rest(base, entity, wanted, uncovered))
    if not chosen:
        return Snippet(display_line(entity.label(lang)), (), "")
    return _assemble(chosen)


def _cover_rest(
    base: FactBase,
    entity: AnyEntity,
    wanted: Sequence[Wanted],
    uncovered: set[int],
) -> list[tuple[Field, str, list[tuple[int, int, int]]]]:
    out: list[tuple[Field, str, list[tuple[int, int, int]]]] = []
    if not uncovered:
        return out
    for field in _fields(base, entity):
        if len(out) + 1 >= PIECES or not uncovered:
            break
        text, found = _matches(field.text, wanted, uncovered)
        if found:
            out.append((field, text, found))
            uncovered -= {m[2] for m in found}
    return out


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
        prefix = "" if field.label in ("name", "description") else f"{field.label}: "
        window, shift = _window(text, min(m[0] for m in found), width)
        piece = prefix + window
        parts.append(piece)
        for start, end, _ in sorted(found):
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
