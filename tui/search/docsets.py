"""Document sets out of the index tables: of a word, of several words, of every word in a
range of the sorted vocabulary (a prefix), of a CJK text.  Each is a Python integer used as a
bit set (`bits`); the engine combines them into levels of a term's match."""

from __future__ import annotations

from collections.abc import Iterable, Sequence

import tui.search.bits as bits
from tui.search.fold import cjk_grams
from tui.search.tables import BLOCK, SUPER, IndexTables


def of_word(tables: IndexTables, tier: int, word: int) -> int:
    cached = tables.heavy[tier].get(word)
    if cached is not None:
        return cached
    return bits.from_ids(tables.postings[tier][word], tables.size)


def of_words(tables: IndexTables, tier: int, words: Iterable[int]) -> int:
    union = 0
    light: list[Sequence[int]] = []
    heavy, postings = tables.heavy[tier], tables.postings[tier]
    for word in words:
        cached = heavy.get(word)
        if cached is not None:
            union |= cached
        else:
            light.append(postings[word])
    if light:
        union |= bits.union(light, tables.size)
    return union


def of_range(tables: IndexTables, tier: int, lo: int, hi: int) -> int:
    """Documents of every word in vocab[lo:hi], using the pre-unioned blocks inside it."""
    supers, blocks = tables.supers[tier], tables.blocks[tier]
    union = 0
    edge: list[int] = []
    at = lo
    while at < hi:
        if at % SUPER == 0 and at + SUPER <= hi and at // SUPER < len(supers):
            union |= supers[at // SUPER]
            at += SUPER
        elif at % BLOCK == 0 and at + BLOCK <= hi and at // BLOCK < len(blocks):
            union |= blocks[at // BLOCK]
            at += BLOCK
        else:
            edge.append(at)
            at += 1
    return union | of_words(tables, tier, edge) if edge else union


def of_cjk(tables: IndexTables, tier: int, word: str) -> int:
    """Documents with `word` inside a CJK text: all of its character pairs (its one
    character) there.  For three characters or more this may include a text holding the
    pairs apart; the snippet then shows the name without a mark."""
    found = -1
    for gram in dict.fromkeys(cjk_grams(word, pairs_only=True)):
        by_tier = tables.grams.get(gram)
        if by_tier is None:
            return 0
        held = by_tier[tier]
        found &= held if isinstance(held, int) else bits.from_ids(held, tables.size)
        if not found:
            return 0
    return max(found, 0)
