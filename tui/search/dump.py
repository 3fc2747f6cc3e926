"""Index tables → named parts of a store (`store` reads them and lists them): the writing
half, needed once per change of the fact files, so apart from what every query reads.

Each part is plain data written with `codec.Writer`; a built index is dumped (an opened one
copies the parts it was opened from, see `store.copy`).
"""

from __future__ import annotations

from array import array
from collections.abc import (
    Callable,
    ItemsView,
    Iterable,
    Iterator,
    Mapping,
    MutableMapping,
    Sequence,
)
from typing import TypeVar

import tui.search.store as store
from tui.search.codec import Writer
from tui.search.docorder import DocOrder
from tui.search.fields import TIERS
from tui.search.filters import FilterTables
from tui.search.tables import Indexed, IndexTables, Lookup, Words

K = TypeVar("K")
T = TypeVar("T")


def _flat_lists(lists: Iterable[Sequence[int]]) -> tuple[array[int], array[int]]:
    """(offsets, ids): list i is ids[offsets[i]:offsets[i + 1]]."""
    offsets = array("I", [0])
    ids = array("I")
    for items in lists:
        ids.extend(items)
        offsets.append(len(ids))
    return offsets, ids


def _table_part(
    mapping: Mapping[K, Sequence[int]],
    shown: Callable[[K], object] = lambda key: key,
    then: object = None,
) -> bytes:
    """Keys (as JSON) → numbers, flat (and `then` as JSON after them)."""
    order = list(mapping)
    offsets, ids = _flat_lists(mapping[key] for key in order)
    writer = Writer().json([shown(key) for key in order]).numbers(offsets).numbers(ids)
    return bytes(writer if then is None else writer.json(then))


def _words_part(words: Iterable[str]) -> bytes:
    listed = list(words)
    if any("\n" in word for word in listed):
        raise ValueError("a word holds a line break")  # tokens never do
    joined = Words.of(listed, keep_list=False)
    return bytes(Writer().text(joined.text).numbers(joined.starts))


def meta_part(tables: IndexTables, names: int, id_parts: int) -> bytes:
    return meta_of(
        size=tables.size,
        live=tables.size - len(tables.order.free),
        words=len(tables.vocab),
        alphabet=tables.alphabet,
        blocks=len(tables.block_starts) - 1,
        names=names,
        ids=id_parts,
        per_super=tables.per_super,
    )


def meta_of(
    *,
    size: int,
    live: int,
    words: int,
    alphabet: str,
    blocks: int,
    names: int,
    ids: int,
    per_super: int,
) -> bytes:
    meta = {
        "format": store.FORMAT,
        "documents": size,
        "live": live,
        "words": words,
        "alphabet": alphabet,
        "blocks": [blocks for _ in TIERS],
        "names": names,
        "ids": ids,
        "per_super": per_super,
    }
    return bytes(Writer().json(meta))


def order_part(order: DocOrder) -> bytes:
    anchors = order.anchors()
    return bytes(
        Writer()
        .numbers(order.free)
        .numbers(anchors)
        .numbers(after for after, _ in anchors.values())
        .numbers(place for _, place in anchors.values())
    )


def layout_part(part_starts: Sequence[int], block_starts: Sequence[int]) -> bytes:
    return bytes(Writer().numbers(part_starts).numbers(block_starts))


def postings_part(
    postings: Indexed[Sequence[int]], common: Callable[[int], bool], words: range
) -> bytes:
    """The postings of `words` (vocabulary positions) of one tier; `common(word)`: its
    documents are a bit set of their own (its list here stays empty: never read)."""
    heavy = [at for at, word in enumerate(words) if common(word)]
    flagged = set(heavy)
    offsets, docs = _flat_lists(
        () if at in flagged else postings[word] for at, word in enumerate(words)
    )
    return bytes(Writer().numbers(offsets).numbers(docs).numbers(heavy))


def bit_set_part(word_bits: int) -> bytes:
    return bytes(Writer().integer(word_bits))


def blocks_part(blocks: Sequence[int | Sequence[int]]) -> bytes:
    """Which blocks are bit sets, those bit sets (0 for the others), then the others'
    documents, flat."""
    offsets, docs = _flat_lists(() if isinstance(one, int) else one for one in blocks)
    return bytes(
        Writer()
        .numbers(isinstance(one, int) for one in blocks)
        .integers([one if isinstance(one, int) else 0 for one in blocks])
        .numbers(offsets)
        .numbers(docs)
    )


def names_part(whole: Mapping[str, Sequence[int]], keys: list[str]) -> bytes:
    keys = sorted(keys)
    offsets, docs = _flat_lists(whole[key] for key in keys)
    joined = Words.of(keys, keep_list=False)
    return bytes(Writer().text(joined.text).numbers(joined.starts).numbers(offsets).numbers(docs))


def gram_part(by_tier: Sequence[int | Sequence[int]]) -> bytes:
    writer = Writer().numbers(isinstance(held, int) for held in by_tier)
    for held in by_tier:
        if isinstance(held, int):
            writer.integer(held).numbers(())
        else:
            writer.integer(0).numbers(held)
    return bytes(writer)


def ids_part(entries: Sequence[tuple[str, int]]) -> bytes:
    return bytes(
        Writer().json([entity_id for entity_id, _ in entries]).numbers(doc for _, doc in entries)
    )


def filter_parts(filters: FilterTables) -> dict[str, bytes]:
    return {
        "filter.kinds": _table_part(filters.kinds, then=dict(filters.kind_names)),
        "filter.years": _table_part(filters.years),
        "filter.themes": _table_part(filters.themes),
        "filter.participants": _table_part(filters.participants),
        "filter.bases": _table_part(filters.bases),
    }


def by_start_part(by_start: Mapping[tuple[str, int], Sequence[int]]) -> bytes:
    return _table_part(by_start, list)


def counts_part(counts: Iterable[int]) -> bytes:
    return bytes(Writer().numbers(counts))


def dump_tables(tables: IndexTables) -> dict[str, bytes]:
    """The parts of built tables, each decodable alone (the module docstring lists them)."""
    ids = list(tables.docs.ids())
    words = len(tables.vocab)
    whole = _whole(tables.whole_names)
    gram_map = _whole(tables.grams)
    by_start = _whole(tables.by_start)
    names = max(1, -(-len(whole) // store.NAMES_PER_PART))
    id_parts = max(1, -(-len(ids) // store.NAMES_PER_PART))
    part_starts = [*range(0, words, store.WORDS_PER_PART), words]
    grams = sorted(gram_map)
    out: dict[str, bytes] = {
        "meta": meta_part(tables, names, id_parts),
        "order": order_part(tables.order),
        "layout": layout_part(part_starts, tables.block_starts),
        "vocab": _words_part(tables.vocab),
        "display": _words_part(tables.display[w] for w in range(words)),
        "doc_freq": counts_part(tables.doc_freq[w] for w in range(words)),
        "by_start": by_start_part(by_start),
        "grams": bytes(Writer().json(grams)),
        **filter_parts(tables.filters),
    }
    for number, start in enumerate(range(0, len(ids), store.DOCS_PER_PART)):
        out[f"docs.{number}"] = bytes(Writer().json(ids[start : start + store.DOCS_PER_PART]))
    by_part: list[list[tuple[str, int]]] = [[] for _ in range(id_parts)]
    for doc, entity_id in enumerate(ids):
        by_part[store.name_part(entity_id, id_parts)].append((entity_id, doc))
    for number, entries in enumerate(by_part):
        out[f"ids.{number}"] = ids_part(entries)
    spread: list[list[str]] = [[] for _ in range(names)]
    for name in whole:
        spread[store.name_part(name, names)].append(name)
    for number, keys in enumerate(spread):
        out[f"names.{number}"] = names_part(whole, keys)
    for gram in grams:
        out["gram." + gram] = gram_part(gram_map[gram])
    vocab = tables.vocab
    for tier in TIERS:
        postings, heavy = tables.postings[tier], tables.heavy[tier]
        for number in range(len(part_starts) - 1):
            chunk = range(part_starts[number], part_starts[number + 1])
            common = {w: word_bits for w in chunk if (word_bits := heavy.get(w)) is not None}
            # a common word's list is never read: its bit set answers for it
            out[f"postings.{tier}.{number}"] = postings_part(postings, common.__contains__, chunk)
            for word, word_bits in common.items():
                out[store.heavy_name(tier, vocab[word])] = bit_set_part(word_bits)
        blocks = tables.blocks[tier]
        for number, start in enumerate(range(0, len(blocks), store.BLOCKS_PER_PART)):
            out[f"blocks.{tier}.{number}"] = blocks_part(
                [blocks[i] for i in range(start, min(len(blocks), start + store.BLOCKS_PER_PART))]
            )
        supers = tables.supers[tier]
        out[f"supers.{tier}"] = bytes(Writer().integers([supers[i] for i in range(len(supers))]))
    return out


class StreamedParts(MutableMapping[str, bytes]):
    """The parts of an index not built yet, made as they are asked for: `items()` builds
    them one at a time (what the store writes: never all of them held at once); a look-up
    or `len` builds them all into a dictionary first (what tests compare)."""

    def __init__(self, make: Callable[[], Iterator[tuple[str, bytes]]]) -> None:
        self.make = make
        self._all: dict[str, bytes] | None = None

    def _whole(self) -> dict[str, bytes]:
        if self._all is None:
            self._all = dict(self.make())
        return self._all

    def __getitem__(self, name: str) -> bytes:
        return self._whole()[name]

    def __setitem__(self, name: str, data: bytes) -> None:
        self._whole()[name] = data

    def __delitem__(self, name: str) -> None:
        del self._whole()[name]

    def __iter__(self) -> Iterator[str]:
        return iter(self._whole())

    def __len__(self) -> int:
        return len(self._whole())

    def items(self) -> ItemsView[str, bytes]:
        return self._all.items() if self._all is not None else _Streamed(self)


class _Streamed(ItemsView[str, bytes]):
    """The parts, built again each time they are iterated."""

    _mapping: StreamedParts

    def __iter__(self) -> Iterator[tuple[str, bytes]]:
        return self._mapping.make()


def _whole(lookup: Lookup[K, T]) -> Mapping[K, T]:
    """All of a lookup the build made (a dict: only built tables are dumped)."""
    if not isinstance(lookup, Mapping):
        raise TypeError("only built tables are dumped; an opened index copies its parts")
    return lookup
