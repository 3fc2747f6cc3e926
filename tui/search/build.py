"""Base → index tables: every word of every entity, per tier, in one pass over the base.

The build makes millions of small objects that all stay alive; it runs with the cycle
collector paused (`collector_paused`, as the loader does), which would otherwise walk them
again and again and more than double the time.
"""

from __future__ import annotations

from array import array
from itertools import chain
from operator import add

import tui.search.bits as bits
import tui.search.tables as layout
from tui.model import AnyEntity, FactBase
from tui.search.docorder import DocOrder
from tui.search.fields import ID, LINK, NAME, TIERS, linked, name_fields, own_fields
from tui.search.filters import filter_tables
from tui.search.fold import is_cjk
from tui.search.tables import EntityDocs, Grams, IndexTables, Words
from tui.search.vocabulary import Vocabulary

TYPE_ORDER: tuple[str, ...] = ("theme", "participant", "place", "event", "source")
"""Order among equal scores: the few named things before the many events."""


def documents(base: FactBase) -> tuple[AnyEntity, ...]:
    """The entities in the stable order of equal scores (TYPE_ORDER; events by date)."""
    by_type: dict[str, list[AnyEntity]] = {name: [] for name in TYPE_ORDER}
    for entity in base:
        if entity.entity_type != "event":
            by_type[entity.entity_type].append(entity)
    by_type["event"] = list(base.timeline())
    return tuple(entity for name in TYPE_ORDER for entity in by_type[name])


def heavy_from(size: int) -> int:
    """From how many documents a word's documents are kept as a bit set."""
    return max(64, size // 32)


def doc_words(
    base: FactBase,
    entity: AnyEntity,
    vocabulary: Vocabulary,
    link_cache: dict[str, set[int]],
    names: list[tuple[tuple[int, ...], int]],
    doc: int,
) -> tuple[set[int], ...]:
    """The word ids of one document per tier, its names appended to `names`: the one place
    that says what a document holds (a build asks it for every document, an update for the
    documents an edit touched, once with the base before the edit and once after)."""
    own: tuple[set[int], ...] = tuple(set() for _ in TIERS)
    ids_of = vocabulary.ids_of
    for item in own_fields(entity):
        ids_of(item.text, own[item.tier])
    own[ID].difference_update(own[NAME])
    for text in name_fields(entity):
        names.append((vocabulary.ids(text), doc))
    for _, target in linked(base, entity):
        known_names = link_cache.get(target.id)
        if known_names is None:
            known_names = link_cache[target.id] = set()
            for text in name_fields(target):
                ids_of(text, known_names)
        own[LINK].update(known_names)
    return own


def whole_names_of(
    names: list[tuple[tuple[int, ...], int]],
    words: list[str],
    into: dict[str, list[int]] | None = None,
) -> dict[str, list[int]]:
    """A name's folded words, space-separated → the documents with that name (a document
    once for each of its names that folds so), added to `into`."""
    whole_names: dict[str, list[int]] = {} if into is None else into
    for word_ids, doc in names:
        key = " ".join(words[wid] for wid in word_ids if wid >= 0)
        if key:
            whole_names.setdefault(key, []).append(doc)
    return whole_names


def build_tables(base: FactBase) -> IndexTables:
    """The index of `base`.  A word of the id that is also a word of a name is left out of
    the id tier: the name always ranks higher, so the id tier only ever decides for the
    words found in the id alone (the serial numbers of a big base's ids, mostly)."""
    docs = documents(base)
    size = len(docs)
    vocabulary = Vocabulary()
    # each word's documents go straight into an array of 32-bit numbers: 4 bytes a posting,
    # where a list of ints took 8 (and its copy into an array 4 more, with both alive)
    raw_postings: tuple[list[array[int]], ...] = tuple([] for _ in TIERS)
    raw_grams: tuple[list[array[int]], ...] = tuple([] for _ in TIERS)
    grams_of = vocabulary.grams_of
    cjk_words = vocabulary.cjk_words
    link_cache: dict[str, set[int]] = {}
    names: list[tuple[tuple[int, ...], int]] = []

    for doc, entity in enumerate(docs):
        own = doc_words(base, entity, vocabulary, link_cache, names, doc)
        known = len(vocabulary.display)
        for tier in TIERS:
            held = own[tier]
            if not held:  # often the id tier: every word of the id is in a name
                continue
            lists = raw_postings[tier]
            if len(lists) < known:
                lists.extend(array("I") for _ in range(known - len(lists)))
            for wid in held:
                lists[wid].append(doc)
            japanese = held & cjk_words
            if japanese:
                found = {g for wid in japanese for g in grams_of[wid]}
                gram_lists = raw_grams[tier]
                missing = len(vocabulary.gram_ids) - len(gram_lists)
                if missing > 0:
                    gram_lists.extend(array("I") for _ in range(missing))
                for gid in found:
                    gram_lists[gid].append(doc)

    vocabulary.word_ids.pop("", None)
    words = list(vocabulary.word_ids)
    whole_names = whole_names_of(names, words)
    del names
    display = vocabulary.display
    order = sorted(range(len(words)), key=words.__getitem__)
    vocab = [words[i] for i in order]
    # most words are in no document of some tier: those share one empty list (never changed)
    none = array("I")
    postings = tuple(
        [
            docs_of if i < len(raw_postings[tier]) and (docs_of := raw_postings[tier][i]) else none
            for i in order
        ]
        for tier in TIERS
    )
    del raw_postings
    heavy_size = heavy_from(size)
    block, per_super = layout.BLOCK, layout.SUPER // layout.BLOCK
    grams: dict[str, Grams] = {}
    for gram, gid in vocabulary.gram_ids.items():
        by_tier: list[int | array[int]] = []
        for tier in TIERS:
            ids = raw_grams[tier][gid] if gid < len(raw_grams[tier]) else array("I")
            by_tier.append(bits.from_ids(ids, size) if len(ids) >= heavy_size else ids)
        grams[gram] = tuple(by_tier)
    del raw_grams
    # the id tier holds what the name tier held of the id before it had a tier of its own:
    # together they count as one, as they do for `named`
    others = [map(len, postings[t]) for t in TIERS if t not in (NAME, ID)]
    named = map(add, map(len, postings[NAME]), map(len, postings[ID]))
    doc_freq = array("I", map(max, named, *others))
    heavy: tuple[dict[int, int], ...] = tuple({} for _ in TIERS)
    # A block's documents are a bit set where they are many, else listed: the words of a
    # block are neighbours in the vocabulary, not in the base (the serial numbers of ids),
    # so a block of 64 words in a few documents each spans the base, and as bit sets the
    # blocks of a million documents took blocks × 125 KB: gigabytes.
    blocks: tuple[list[int | array[int]], ...] = tuple([] for _ in TIERS)
    supers: tuple[list[int], ...] = tuple([] for _ in TIERS)
    for tier in TIERS:
        by_word = postings[tier]
        for w, posting in enumerate(by_word):
            if len(posting) >= heavy_size:
                heavy[tier][w] = bits.from_ids(posting, size)
        for start in range(0, len(vocab) - block + 1, block):
            in_block = by_word[start : start + block]
            if sum(map(len, in_block)) < heavy_size:
                blocks[tier].append(array("I", sorted(set(chain.from_iterable(in_block)))))
            else:
                blocks[tier].append(bits.kept(bits.union(in_block, size), heavy_size))
        for start in range(0, len(blocks[tier]) - per_super + 1, per_super):
            inside = blocks[tier][start : start + per_super]  # not `block`: BLOCK's size
            union = bits.union([one for one in inside if not isinstance(one, int)], size)
            for one in inside:
                if isinstance(one, int):
                    union |= one
            supers[tier].append(union)
    by_start: dict[tuple[str, int], array[int]] = {}
    for at, word in enumerate(vocab):
        if word.isalpha() and not is_cjk(word):
            by_start.setdefault((word[0], len(word)), array("I")).append(at)
    alphabet = "".join(
        sorted({ch for word in vocab if word.isalpha() and not is_cjk(word) for ch in word})
    )
    return IndexTables(
        docs=EntityDocs(docs),
        size=size,
        order=DocOrder(size),
        vocab=Words.of(vocab),
        display=[display[vocabulary.word_ids[w]] for w in vocab],
        postings=postings,
        heavy=heavy,
        blocks=blocks,
        supers=supers,
        block_starts=array("I", range(0, (len(vocab) // block) * block + 1, block)),
        per_super=per_super,
        whole_names=whole_names,
        alphabet=alphabet,
        by_start=by_start,
        doc_freq=doc_freq,
        grams=grams,
        filters=filter_tables(docs, base.get),
    )
