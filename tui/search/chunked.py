"""Base → the stored parts of its index, built in chunks of documents: the same parts, byte
for byte, as `dump.dump_tables(build.build_tables(base))`, with the build's memory bounded
by a chunk and the vocabulary instead of growing with words × documents.

The postings of a million events do not fit beside the base (the build held 19 GB when it
was stopped).  So the documents are read CHUNK at a time; each chunk's word → documents
lists go to a temporary file (`spill`) and are forgotten.  Once every document is read the
vocabulary is complete and sorted; each chunk's lists are then sent to the postings part
their words fall in, and each part is put together from its chunks, in the order of the
documents, then written out with its common words' bit sets and its blocks.  What stays in
memory throughout is one chunk's lists, the vocabulary with a count per word and tier, and
what grows with the entities rather than with their words (the whole names, the filters, the
ids: as big as the entities' names and ids are).
"""

from __future__ import annotations

from array import array
from collections.abc import Iterator, Sequence
from itertools import chain

import tui.search.bits as bits
import tui.search.build as build
import tui.search.dump as dump
import tui.search.store as store
import tui.search.tables as layout
from tui.collector import collector_paused
from tui.model import AnyEntity, FactBase
from tui.search.build import doc_words, documents, whole_names_of
from tui.search.codec import Writer
from tui.search.docorder import DocOrder
from tui.search.fields import ID, NAME, TIERS
from tui.search.filters import filter_tables
from tui.search.fold import is_cjk
from tui.search.spill import Spill
from tui.search.vocabulary import Vocabulary

CHUNK = 5_000
"""Documents a chunk: its lists take about 10 MB at 100 000 events.  A base of one chunk
is built in memory (the same parts: spilling it would only add)."""
GROUP = 16
"""Postings parts a spilled row of a chunk covers (fewer rows: a chunk holds words of
almost every part)."""
GRAMS_PER_KEY = 16
"""CJK grams a spilled row holds: a row of common ones holds many documents."""

_WORDS, _PARTS, _GRAMS = 0, len(TIERS), 2 * len(TIERS)
"""Kinds of spilled rows (plus the tier): a chunk's lists by word id; by place in a
postings part; by gram id."""


def build_parts(
    base: FactBase, chunk: int | None = None, folder: str | None = None
) -> Iterator[tuple[str, bytes]]:
    """Every part of the index of `base`, one at a time (the cycle collector paused while
    building, as `build_tables` is), `chunk` documents at a time (CHUNK)."""
    chunk = CHUNK if chunk is None else chunk
    if chunk < 1:
        raise ValueError("a chunk holds at least one document")
    if len(base) <= chunk:
        with collector_paused():
            tables = build.build_tables(base)
        yield from dump.dump_tables(tables).items()
        return
    with collector_paused(), Spill(folder) as spill:
        yield from _parts(base, chunk, spill)


def _parts(base: FactBase, chunk: int, spill: Spill) -> Iterator[tuple[str, bytes]]:
    docs = documents(base)
    size = len(docs)
    vocabulary = Vocabulary()
    counts = tuple(array("I") for _ in TIERS)
    """Per tier, per word id: in how many documents."""
    whole: dict[str, list[int]] = {}
    chunks = 0
    for number, start in enumerate(range(0, size, chunk)):
        _read_chunk(
            base, docs[start : start + chunk], start, vocabulary, counts, whole, spill, number
        )
        chunks = number + 1

    words = vocabulary.folded
    # what only reading needed: the raw spellings, the short texts' ids, the words' grams
    vocabulary.raw.clear()
    vocabulary.short.clear()
    vocabulary.grams_of.clear()
    vocabulary.cjk_words.clear()
    vocabulary.word_ids.clear()
    order = sorted(range(len(words)), key=words.__getitem__)
    vocab = [words[i] for i in order]
    count = len(vocab)
    place = array("I", bytes(4 * count))
    for at, wid in enumerate(order):
        place[wid] = at
    part_starts = [*range(0, count, store.WORDS_PER_PART), count]
    block = layout.BLOCK
    block_starts = array("I", range(0, (count // block) * block + 1, block))
    per_super = layout.SUPER // layout.BLOCK
    by_start: dict[tuple[str, int], array[int]] = {}
    for at, word in enumerate(vocab):
        if word.isalpha() and not is_cjk(word):
            by_start.setdefault((word[0], len(word)), array("I")).append(at)
    alphabet = "".join(
        sorted({ch for word in vocab if word.isalpha() and not is_cjk(word) for ch in word})
    )
    ids = [entity.id for entity in docs]
    names_count = max(1, -(-len(whole) // store.NAMES_PER_PART))
    id_parts = max(1, -(-len(ids) // store.NAMES_PER_PART))
    yield (
        "meta",
        dump.meta_of(
            size=size,
            live=size,
            words=count,
            alphabet=alphabet,
            blocks=len(block_starts) - 1,
            names=names_count,
            ids=id_parts,
            per_super=per_super,
        ),
    )
    yield "order", dump.order_part(DocOrder(size))
    yield "layout", dump.layout_part(part_starts, block_starts)
    yield "vocab", dump._words_part(vocab)
    display = vocabulary.display
    yield "display", dump._words_part(display[wid] for wid in order)
    del display
    others = [t for t in TIERS if t not in (NAME, ID)]
    yield (
        "doc_freq",
        dump.counts_part(
            max(counts[NAME][w] + counts[ID][w], *(counts[t][w] for t in others)) for w in order
        ),
    )
    yield "by_start", dump.by_start_part(by_start)
    del by_start
    grams = sorted(vocabulary.gram_ids)
    yield "grams", bytes(Writer().json(grams))
    yield from dump.filter_parts(filter_tables(docs, base.get)).items()
    for number, start in enumerate(range(0, len(ids), store.DOCS_PER_PART)):
        yield f"docs.{number}", bytes(Writer().json(ids[start : start + store.DOCS_PER_PART]))
    by_part: list[list[tuple[str, int]]] = [[] for _ in range(id_parts)]
    for doc, entity_id in enumerate(ids):
        by_part[store.name_part(entity_id, id_parts)].append((entity_id, doc))
    del ids
    for number, entries in enumerate(by_part):
        yield f"ids.{number}", dump.ids_part(entries)
    del by_part
    spread: list[list[str]] = [[] for _ in range(names_count)]
    for name in whole:
        spread[store.name_part(name, names_count)].append(name)
    for number, keys in enumerate(spread):
        yield f"names.{number}", dump.names_part(whole, keys)
    del spread, whole

    heavy_size = build.heavy_from(size)
    yield from _gram_parts(vocabulary, spill, size, heavy_size)
    for tier in TIERS:
        _to_parts(spill, tier, chunks, place)
    del place
    for tier in TIERS:
        yield from _tier_parts(spill, tier, vocab, part_starts, size, heavy_size, per_super)


def _read_chunk(
    base: FactBase,
    entities: Sequence[AnyEntity],
    first: int,
    vocabulary: Vocabulary,
    counts: tuple[array[int], ...],
    whole: dict[str, list[int]],
    spill: Spill,
    number: int,
) -> None:
    """One chunk's words, spilled: its lists by word id, its grams' by gram id; its whole
    names added to `whole` (not kept as word ids until the end: as many as the names)."""
    names: list[tuple[tuple[int, ...], int]] = []
    postings: tuple[dict[int, array[int]], ...] = tuple({} for _ in TIERS)
    gram_lists: tuple[dict[int, array[int]], ...] = tuple({} for _ in TIERS)
    grams_of = vocabulary.grams_of
    cjk_words = vocabulary.cjk_words
    link_cache: dict[str, set[int]] = {}  # per chunk: the names of events grow with the base
    for doc, entity in enumerate(entities, first):
        own = doc_words(base, entity, vocabulary, link_cache, names, doc)
        for tier in TIERS:
            held = own[tier]
            if not held:
                continue
            lists = postings[tier]
            for wid in held:
                found = lists.get(wid)
                if found is None:
                    lists[wid] = array("I", (doc,))
                else:
                    found.append(doc)
            japanese = held & cjk_words
            if japanese:
                by_gram = gram_lists[tier]
                for gid in {g for wid in japanese for g in grams_of[wid]}:
                    found = by_gram.get(gid)
                    if found is None:
                        by_gram[gid] = array("I", (doc,))
                    else:
                        found.append(doc)
    whole_names_of(names, vocabulary.folded, whole)
    known = len(vocabulary.display)
    for tier in TIERS:
        tally = counts[tier]
        if len(tally) < known:
            tally.extend(bytes(4 * (known - len(tally))))
        for wid, held_docs in postings[tier].items():
            tally[wid] += len(held_docs)
        spill.put(_WORDS + tier, number, 0, postings[tier])
        keyed: dict[int, dict[int, array[int]]] = {}
        for gid, held_docs in gram_lists[tier].items():
            keyed.setdefault(gid // GRAMS_PER_KEY, {})[gid] = held_docs
        for key, lists in keyed.items():
            spill.put(_GRAMS + tier, key, number, lists)


def _to_parts(spill: Spill, tier: int, chunks: int, place: array[int]) -> None:
    """Each chunk's lists of one tier sent to the group of postings parts their words fall
    in (the vocabulary sorted at last), by place in that group."""
    per_group = store.WORDS_PER_PART * GROUP
    for number in range(chunks):
        by_part: dict[int, dict[int, array[int]]] = {}
        for wids, offsets, docs in spill.rows(_WORDS + tier, number):
            for at, wid in enumerate(wids):
                part, inside = divmod(place[wid], per_group)
                by_part.setdefault(part, {})[inside] = docs[offsets[at] : offsets[at + 1]]
        for part, lists in by_part.items():
            spill.put(_PARTS + tier, part, number, lists)
    spill.drop(_WORDS + tier)


def _merged(spill: Spill, kind: int, key: int, into: list[array[int]], first: int) -> None:
    """The lists of rows (kind, key), chunk after chunk, appended to into[number - first]."""
    for numbers, offsets, docs in spill.rows(kind, key):
        for at, number in enumerate(numbers):
            into[number - first].extend(docs[offsets[at] : offsets[at + 1]])


def _tier_parts(
    spill: Spill,
    tier: int,
    vocab: list[str],
    part_starts: Sequence[int],
    size: int,
    heavy_size: int,
    per_super: int,
) -> Iterator[tuple[str, bytes]]:
    """One tier's postings parts, common words' bit sets, blocks and super blocks, part
    after part of the vocabulary (as `build_tables` and `dump_tables` make them)."""
    block = layout.BLOCK
    carry: list[array[int]] = []  # the words of the next block (the last block's end: none)
    pending: list[int | array[int]] = []  # blocks not yet written (BLOCKS_PER_PART a part)
    written = 0
    in_super: list[int | array[int]] = []
    supers: list[int] = []
    parts = len(part_starts) - 1
    group: list[array[int]] = []
    for number in range(parts):
        if number % GROUP == 0:  # the words of the next GROUP parts, from every chunk
            start = part_starts[number]
            group = [array("I") for _ in range(part_starts[min(parts, number + GROUP)] - start)]
            _merged(spill, _PARTS + tier, number // GROUP, group, 0)
        lo, hi = part_starts[number], part_starts[number + 1]
        lists = group[lo - start : hi - start]
        common = {
            lo + at: bits.from_ids(held, size)
            for at, held in enumerate(lists)
            if len(held) >= heavy_size
        }
        by_word = {lo + at: held for at, held in enumerate(lists)}
        yield (
            f"postings.{tier}.{number}",
            dump.postings_part(by_word, common.__contains__, range(lo, hi)),
        )
        for word, word_bits in common.items():
            yield store.heavy_name(tier, vocab[word]), dump.bit_set_part(word_bits)
        del common, by_word
        carry.extend(lists)  # a block may span parts (parts of fewer words than a block)
        while len(carry) >= block:
            in_block, carry = carry[:block], carry[block:]
            one: int | array[int]
            if sum(map(len, in_block)) < heavy_size:
                one = array("I", sorted(set(chain.from_iterable(in_block))))
            else:
                one = bits.kept(bits.union(in_block, size), heavy_size)
            pending.append(one)
            in_super.append(one)
            if len(pending) == store.BLOCKS_PER_PART:
                yield f"blocks.{tier}.{written}", dump.blocks_part(pending)
                written += 1
                pending = []
            if len(in_super) == per_super:
                union = bits.union([kept for kept in in_super if not isinstance(kept, int)], size)
                for kept in in_super:
                    if isinstance(kept, int):
                        union |= kept
                supers.append(union)
                in_super = []
    if pending:
        yield f"blocks.{tier}.{written}", dump.blocks_part(pending)
    yield f"supers.{tier}", bytes(Writer().integers(supers))


def _gram_parts(
    vocabulary: Vocabulary, spill: Spill, size: int, heavy_size: int
) -> Iterator[tuple[str, bytes]]:
    """`gram.X`: each CJK gram's documents per tier, GRAMS_PER_KEY grams at a time."""
    by_gid = list(vocabulary.gram_ids)
    for key in range(-(-len(by_gid) // GRAMS_PER_KEY)):
        first = key * GRAMS_PER_KEY
        held = by_gid[first : first + GRAMS_PER_KEY]
        per_tier = []
        for tier in TIERS:
            lists = [array("I") for _ in held]
            _merged(spill, _GRAMS + tier, key, lists, first)
            per_tier.append(lists)
        for at, gram in enumerate(held):
            yield (
                "gram." + gram,
                dump.gram_part(
                    [
                        bits.from_ids(ids, size) if len(ids) >= heavy_size else ids
                        for ids in (lists[at] for lists in per_tier)
                    ]
                ),
            )


def parts_of(
    base: FactBase, chunk: int | None = None, folder: str | None = None
) -> dict[str, bytes]:
    """Every part, in a dictionary (what tests compare with `dump_tables`)."""
    return dict(build_parts(base, chunk, folder))
