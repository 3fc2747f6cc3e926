"""Index tables → named parts of a store (`store` reads them and lists them): the writing
half, needed once per change of the fact files, so apart from what every query reads.

Each part is plain data written with `codec.Writer`; a built index is dumped (an opened one
copies the parts it was opened from, see `store.copy`).
"""

from __future__ import annotations

from array import array
from collections.abc import Callable, Iterable, Mapping, Sequence
from typing import TypeVar

import tui.search.store as store
from tui.search.codec import Writer
from tui.search.fields import TIERS
from tui.search.tables import IndexTables, Lookup, Words

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


def dump_tables(tables: IndexTables) -> dict[str, bytes]:
    """The parts of built tables, each decodable alone (the module docstring lists them)."""
    ids = list(tables.docs.ids())
    words = len(tables.vocab)
    whole = _whole(tables.whole_names)
    gram_map = _whole(tables.grams)
    by_start = _whole(tables.by_start)
    names = max(1, -(-len(whole) // store.NAMES_PER_PART))
    id_parts = max(1, -(-len(ids) // store.NAMES_PER_PART))
    meta = {
        "format": store.FORMAT,
        "documents": len(ids),
        "words": words,
        "alphabet": tables.alphabet,
        "blocks": [len(blocks) for blocks in tables.blocks],
        "names": names,
        "ids": id_parts,
    }
    filters = tables.filters
    grams = sorted(gram_map)
    out: dict[str, bytes] = {
        "meta": bytes(Writer().json(meta)),
        "vocab": _words_part(tables.vocab),
        "display": _words_part(tables.display[w] for w in range(words)),
        "doc_freq": bytes(Writer().numbers(tables.doc_freq[w] for w in range(words))),
        "by_start": _table_part(by_start, list),
        "grams": bytes(Writer().json(grams)),
        "filter.kinds": _table_part(filters.kinds, then=dict(filters.kind_names)),
    }
    out["filter.years"] = _table_part(filters.years)
    out["filter.themes"] = _table_part(filters.themes)
    out["filter.participants"] = _table_part(filters.participants)
    out["filter.bases"] = _table_part(filters.bases)
    for number, start in enumerate(range(0, len(ids), store.DOCS_PER_PART)):
        out[f"docs.{number}"] = bytes(Writer().json(ids[start : start + store.DOCS_PER_PART]))
    by_part: list[list[tuple[str, int]]] = [[] for _ in range(id_parts)]
    for doc, entity_id in enumerate(ids):
        by_part[store.name_part(entity_id, id_parts)].append((entity_id, doc))
    for number, entries in enumerate(by_part):
        out[f"ids.{number}"] = bytes(
            Writer()
            .json([entity_id for entity_id, _ in entries])
            .numbers(doc for _, doc in entries)
        )
    spread: list[list[str]] = [[] for _ in range(names)]
    for name in whole:
        spread[store.name_part(name, names)].append(name)
    for number, keys in enumerate(spread):
        keys.sort()
        offsets, docs = _flat_lists(whole[key] for key in keys)
        joined = Words.of(keys, keep_list=False)
        out[f"names.{number}"] = bytes(
            Writer().text(joined.text).numbers(joined.starts).numbers(offsets).numbers(docs)
        )
    for gram in grams:
        writer = Writer().numbers(isinstance(held, int) for held in gram_map[gram])
        for held in gram_map[gram]:
            if isinstance(held, int):
                writer.integer(held).numbers(())
            else:
                writer.integer(0).numbers(held)
        out["gram." + gram] = bytes(writer)
    for tier in TIERS:
        postings, heavy = tables.postings[tier], tables.heavy[tier]
        for number, start in enumerate(range(0, words, store.WORDS_PER_PART)):
            chunk = range(start, min(words, start + store.WORDS_PER_PART))
            common = {w: word_bits for w in chunk if (word_bits := heavy.get(w)) is not None}
            # a common word's list is never read: its bit set answers for it
            offsets, docs = _flat_lists(() if w in common else postings[w] for w in chunk)
            out[f"postings.{tier}.{number}"] = bytes(
                Writer().numbers(offsets).numbers(docs).numbers(sorted(common))
            )
            for word, word_bits in common.items():
                out[f"heavy.{tier}.{word}"] = bytes(Writer().integer(word_bits))
        blocks = tables.blocks[tier]
        for number, start in enumerate(range(0, len(blocks), store.BLOCKS_PER_PART)):
            out[f"blocks.{tier}.{number}"] = bytes(
                Writer().integers(
                    [
                        blocks[i]
                        for i in range(start, min(len(blocks), start + store.BLOCKS_PER_PART))
                    ]
                )
            )
        supers = tables.supers[tier]
        out[f"supers.{tier}"] = bytes(Writer().integers([supers[i] for i in range(len(supers))]))
    return out


def _whole(lookup: Lookup[K, T]) -> Mapping[K, T]:
    """All of a lookup the build made (a dict: only built tables are dumped)."""
    if not isinstance(lookup, Mapping):
        raise TypeError("only built tables are dumped; an opened index copies its parts")
    return lookup
