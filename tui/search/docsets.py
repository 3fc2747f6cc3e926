"""Document sets out of the index tables: of a word, of several words, of every word in a
range of the sorted vocabulary (a prefix), of a CJK text.  Each is a Python integer used as a
bit set (`bits`); the engine combines them into levels of a term's match."""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Iterable, Sequence

import tui.search.bits as bits
from tui.search.fold import cjk_grams
from tui.search.tables import IndexTables


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
    supers, blocks, starts = tables.supers[tier], tables.blocks[tier], tables.block_starts
    per_super = tables.per_super
    count = len(starts) - 1
    union = 0
    edge: list[int] = []
    listed: list[Sequence[int]] = []  # the blocks whose documents are few, listed
    block = bisect_left(starts, lo, 0, max(count, 0))  # the first block starting at lo or later
    if count <= 0 or block >= count:
        return of_words(tables, tier, range(lo, hi))
    edge.extend(range(lo, min(hi, starts[block])))
    while block < count and starts[block + 1] <= hi:
        whole = block + per_super
        if block % per_super == 0 and whole <= count and starts[whole] <= hi:
            union |= supers[block // per_super]
            block = whole
        else:
            one = blocks[block]
            if isinstance(one, int):
                union |= one
            else:
                listed.append(one)
            block += 1
    edge.extend(range(max(lo, starts[block]), hi))
    if listed:
        union |= bits.union(listed, tables.size)
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
