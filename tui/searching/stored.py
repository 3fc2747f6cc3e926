"""The search index as named parts of a store, each read when a query first needs it.

A big base's index is tens of megabytes: reading all of it at every start (as the pickle cache
did) took seconds before the first answer.  Stored as parts, `facts search wasserstoff` reads
the vocabulary, the postings of the few thousand words next to "wasserstoff" and the
document-set blocks it touches, and never the Japanese character pairs, the filters' tables
or the typo tables.

Every part is a pickle of a few flat values (strings, `array('I')`, lists of integers used as
bit sets, small dictionaries): no part has a Python object per word or per document, so each
decodes at memory speed.  Pickle is fine here because the store is the user's own private
file, written by this program (see `tui.load.stored`).

The parts (`T` is a tier: 0 names, 1 own text, 2 linked names; `N` a number):

* `meta` — format, number of documents and words, the typo alphabet, part counts;
* `docs.N` — the entity ids of the N-th DOCS_PER_PART documents, as one joined string;
* `vocab`, `display` — the sorted folded words, and each word as the data first wrote it;
* `postings.T.N` — documents of the N-th WORDS_PER_PART words, flat, with offsets, and
  which of them are in so many documents that they have `heavy.T.W`: its documents as a
  bit set instead (so that a query reads only the bit sets of its own words);
* `blocks.T.N`, `supers.T` — pre-unioned bit sets of 64 and 4096 consecutive words;
* `names.N` — whole names (the folded words of a name) → documents, spread by a hash;
* `grams`, `gram.X` — the CJK characters and pairs, and for each its documents per tier;
* `doc_freq`, `by_start` — only for typos: how common each word is, and words by first
  letter and length;
* `filter.kinds`, `filter.years`, `filter.themes`, `filter.participants` — what kind:,
  year:, theme: and participant: select.
"""

from __future__ import annotations

import pickle
import threading
import zlib
from array import array
from bisect import bisect_left
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from itertools import accumulate
from typing import TYPE_CHECKING, Any

from tui.load.stored import StoreDamaged
from tui.model import AnyEntity, FactBase

if TYPE_CHECKING:
    from tui.search import SearchIndex

FORMAT = 1
WORDS_PER_PART = 256
"""Words per postings part: a query reads the parts of the words it matches (all the Latin
words of a generated base of 100 000 events fit in 8 000 words between 125 000 numbers)."""
DOCS_PER_PART = 1024
"""Entity ids per `docs` part: a query reads the parts of the documents it shows."""
BLOCKS_PER_PART = 64
NAMES_PER_PART = 2048

Reader = Callable[[str], "bytes | None"]

_MISSING = object()


def encode(value: object) -> bytes:
    return pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL)


def ids_array(values: Iterable[int]) -> array:
    return array("I", values)


class Parts:
    """Decoded parts by name: each is read and decoded once, on first use, and kept.

    Browser searches run in worker threads, two may ask for the same part at once: loading
    happens under a lock (re-entrant, as one lazy value may need another part)."""

    def __init__(self, read: Reader) -> None:
        self._read = read
        self._decoded: dict[str, Any] = {}
        self.lock = threading.RLock()

    def get(self, name: str) -> Any:
        value = self._decoded.get(name, _MISSING)
        if value is _MISSING:
            with self.lock:
                value = self._decoded.get(name, _MISSING)
                if value is _MISSING:
                    data = self.raw(name)
                    try:
                        value = _WRAP.get(name.partition(".")[0], _same)(pickle.loads(data))
                    except Exception as error:  # a damaged pickle can raise almost anything
                        raise StoreDamaged(
                            f"search index part {name!r} cannot be read: {error}"
                        ) from error
                    self._decoded[name] = value
        return value

    def raw(self, name: str) -> bytes:
        data = self._read(name)
        if data is None:
            raise StoreDamaged(f"search index part {name!r} missing")
        return data

    def every(self, names: Iterable[str]) -> dict[str, bytes]:
        """The parts as stored (to copy a store)."""
        return {name: self.raw(name) for name in names}

    def meta(self) -> dict[str, Any]:
        meta = self.get("meta")
        if meta.get("format") != FORMAT:
            raise StoreDamaged(f"search index part 'meta' has format {meta.get('format')!r}, "
                              f"not {FORMAT}")
        return meta


class Joined(Sequence[str]):
    """Strings kept as one text ("\\nfirst\\nsecond\\n") plus where each starts: item i is one
    slice, and nothing is split up front (splitting 130 000 words takes 15 ms)."""

    __slots__ = ("starts", "text")

    def __init__(self, text: str, starts: Sequence[int]) -> None:
        self.text = text
        self.starts = starts
        """Where each item starts in `text`, and one more entry: len(text)."""

    @classmethod
    def of(cls, items: Iterable[str]) -> Joined:
        listed = list(items)
        starts = array("I", accumulate((len(item) + 1 for item in listed), initial=1))
        return cls("\n" + "\n".join(listed) + "\n" if listed else "\n", starts)

    def __len__(self) -> int:
        return len(self.starts) - 1

    def __getitem__(self, index: int) -> str:  # type: ignore[override]
        if index < 0:
            index += len(self.starts) - 1
        starts = self.starts
        return self.text[starts[index] : starts[index + 1] - 1]

    def __iter__(self) -> Iterator[str]:
        if len(self.starts) > 1:
            yield from self.text[1:-1].split("\n")

    def sorted_index(self, item: str) -> int:
        """bisect_left for sorted items, without a Python call per step."""
        text, starts = self.text, self.starts
        lo, hi = 0, len(starts) - 1
        while lo < hi:
            mid = (lo + hi) // 2
            if text[starts[mid] : starts[mid + 1] - 1] < item:
                lo = mid + 1
            else:
                hi = mid
        return lo

    def position(self, item: str) -> int:
        """The index of `item` (items unique, without a line break), or -1."""
        at = self.text.find("\n" + item + "\n")
        return -1 if at < 0 else bisect_left(self.starts, at + 1)


class _Chunked:
    """A sequence stored in parts `<prefix><number>` of so many items each."""

    __slots__ = ("chunks", "parts", "prefix")

    def __init__(self, parts: Parts, prefix: str) -> None:
        self.parts = parts
        self.prefix = prefix
        self.chunks: dict[int, Any] = {}

    def chunk(self, number: int) -> Any:
        found = self.chunks.get(number)
        if found is None:
            found = self.chunks[number] = self.parts.get(self.prefix + str(number))
        return found


class Docs(_Chunked, Sequence[AnyEntity]):
    """The documents of an opened index: entity ids only; document i is fetched from the
    base when asked for (the base itself decodes entities on demand)."""

    __slots__ = ("base",)

    def __init__(self, base: FactBase, parts: Parts) -> None:
        super().__init__(parts, "docs.")
        self.base = base

    def __len__(self) -> int:
        return self.parts.meta()["documents"]

    def __getitem__(self, doc: int) -> AnyEntity:  # type: ignore[override]
        number, at = divmod(doc, DOCS_PER_PART)
        entity_id = self.chunk(number)[at]
        entity = self.base.get(entity_id)
        if entity is None:
            raise StoreDamaged(f"search index names {entity_id!r}, which the base does not hold")
        return entity

    def prefetch(self, docs: Iterable[int]) -> None:
        """Have the base read these documents' entities together, before they are shown."""
        fetch = getattr(self.base, "prefetch", None)
        if fetch is not None:
            fetch([self.chunk(doc // DOCS_PER_PART)[doc % DOCS_PER_PART] for doc in docs])

    def ids(self) -> Iterator[str]:
        for number in range(-(-len(self) // DOCS_PER_PART)):
            yield from self.chunk(number)

    def doc_of(self, entity_id: str) -> int:
        """The document of an entity: a scan, but the themes it is asked about come first."""
        for number in range(-(-len(self) // DOCS_PER_PART)):
            found = self.chunk(number).position(entity_id)
            if found >= 0:
                return number * DOCS_PER_PART + found
        raise StoreDamaged(f"search index does not hold {entity_id!r}")


class Postings(_Chunked, Sequence[Sequence[int]]):
    """One tier's word → documents, WORDS_PER_PART words to a part; a word in many documents has a
    part of its own instead, its documents as a bit set (`Heavy`)."""

    __slots__ = ("tier",)

    def __init__(self, parts: Parts, tier: int) -> None:
        super().__init__(parts, f"postings.{tier}.")
        self.tier = tier

    def __len__(self) -> int:
        return self.parts.meta()["words"]

    def __getitem__(self, word: int) -> array:  # type: ignore[override]
        number, at = divmod(word, WORDS_PER_PART)
        offsets, ids, _ = self.chunk(number)
        return ids[offsets[at] : offsets[at + 1]]

    def heavy(self, word: int) -> int | None:
        if word not in self.chunk(word // WORDS_PER_PART)[2]:
            return None
        return self.parts.get(f"heavy.{self.tier}.{word}")


class Heavy:
    """`heavy.get(word)` of one tier, answered from that word's postings part."""

    __slots__ = ("postings",)

    def __init__(self, postings: Postings) -> None:
        self.postings = postings

    def get(self, word: int, default: int | None = None) -> int | None:
        found = self.postings.heavy(word)
        return default if found is None else found


class Blocks(_Chunked, Sequence[int]):
    """One tier's pre-unioned bit sets, BLOCKS_PER_PART to a part."""

    __slots__ = ("tier",)

    def __init__(self, parts: Parts, tier: int) -> None:
        super().__init__(parts, f"blocks.{tier}.")
        self.tier = tier

    def __len__(self) -> int:
        return self.parts.meta()["blocks"][self.tier]

    def __getitem__(self, index: int) -> int:  # type: ignore[override]
        number, at = divmod(index, BLOCKS_PER_PART)
        return self.chunk(number)[at]


class PerTier(Sequence[Any]):
    """`view[tier]`: the part `<name>.<tier>`."""

    __slots__ = ("name", "parts")

    def __init__(self, parts: Parts, name: str) -> None:
        self.parts = parts
        self.name = name

    def __len__(self) -> int:
        return 3

    def __getitem__(self, tier: int) -> Any:  # type: ignore[override]
        return self.parts.get(f"{self.name}.{tier}")


class Grams:
    """CJK gram → its documents per tier (a bit set where there are many, else ids)."""

    __slots__ = ("parts",)

    def __init__(self, parts: Parts) -> None:
        self.parts = parts

    def get(self, gram: str) -> tuple[int | array, ...] | None:
        if gram not in self.parts.get("grams"):
            return None
        return self.parts.get("gram." + gram)


def name_part(key: str, meta: Mapping[str, Any]) -> int:
    """Which `names.K` part holds a whole name: by a hash that stays the same across runs."""
    return zlib.crc32(key.encode("utf-8", "surrogatepass")) % meta["names"]


class Names:
    """Whole names → documents, as `dict.get` answers it, without a dictionary of every name:
    the names are spread over parts of about NAMES_PER_PART by a hash, sorted in each."""

    __slots__ = ("parts",)

    def __init__(self, parts: Parts) -> None:
        self.parts = parts

    def get(self, key: str, default: Sequence[int] = ()) -> Sequence[int]:
        keys, offsets, docs = self.parts.get(f"names.{name_part(key, self.parts.meta())}")
        at = keys.sorted_index(key)
        if at < len(keys) and keys[at] == key:
            return docs[offsets[at] : offsets[at + 1]]
        return default


class StoredTables:
    """The filters' tables (see `tui.searching.filters.FilterTables`), each read on first use."""

    __slots__ = ("parts",)

    def __init__(self, parts: Parts) -> None:
        self.parts = parts

    @property
    def kinds(self) -> Mapping[str, Sequence[int]]:
        return self.parts.get("filter.kinds")[0]

    @property
    def kind_names(self) -> Mapping[str, str]:
        return self.parts.get("filter.kinds")[1]

    @property
    def years(self) -> Mapping[int, Sequence[int]]:
        return self.parts.get("filter.years")

    @property
    def themes(self) -> Mapping[str, Sequence[int]]:
        return self.parts.get("filter.themes")

    @property
    def participants(self) -> Mapping[str, Sequence[int]]:
        return self.parts.get("filter.participants")


# -- writing --------------------------------------------------------------------------------


def flat(lists: Iterable[Sequence[int]]) -> tuple[array, array]:
    """(offsets, ids): list i is ids[offsets[i]:offsets[i + 1]]."""
    offsets = array("I", [0])
    ids = array("I")
    for items in lists:
        ids.extend(items)
        offsets.append(len(ids))
    return offsets, ids


def table(mapping: Mapping[Any, Sequence[int]]) -> dict[Any, array]:
    return {key: ids_array(value) for key, value in mapping.items()}


def dump(index: SearchIndex, ids: Sequence[str]) -> dict[str, bytes]:
    """The parts of a built index (`ids`: its documents' entity ids, in order)."""
    tables = index.filters.tables
    words = len(index.vocab)
    meta = {
        "format": FORMAT,
        "documents": len(ids),
        "words": words,
        "alphabet": index.alphabet,
        "blocks": tuple(len(blocks) for blocks in index.blocks),
        "names": max(1, -(-len(index.whole_names) // NAMES_PER_PART)),
    }
    out: dict[str, bytes] = {
        "meta": encode(meta),
        "vocab": _joined(index.vocab),
        "display": _joined(index.display),
        "doc_freq": encode(ids_array(index.doc_freq)),
        "by_start": encode(table(index.by_start)),
        "grams": encode(frozenset(index.grams)),
        "filter.kinds": encode((table(tables.kinds), dict(tables.kind_names))),
        "filter.years": encode(table(tables.years)),
        "filter.themes": encode(table(tables.themes)),
        "filter.participants": encode(table(tables.participants)),
    }
    for number, start in enumerate(range(0, len(ids), DOCS_PER_PART)):
        out[f"docs.{number}"] = _joined(ids[start : start + DOCS_PER_PART])
    spread: list[list[str]] = [[] for _ in range(meta["names"])]
    for name in index.whole_names:
        spread[name_part(name, meta)].append(name)
    for number, names in enumerate(spread):
        names.sort()
        offsets, docs = flat(index.whole_names[name] for name in names)
        joined = Joined.of(names)
        out[f"names.{number}"] = encode((joined.text, joined.starts, offsets, docs))
    for gram, by_tier in index.grams.items():
        out["gram." + gram] = encode(
            tuple(held if isinstance(held, int) else ids_array(held) for held in by_tier)
        )
    for tier, postings in enumerate(index.postings):
        heavy = index.heavy[tier]
        for number, start in enumerate(range(0, words, WORDS_PER_PART)):
            chunk = range(start, min(words, start + WORDS_PER_PART))
            common = {w: bits for w in chunk if (bits := heavy.get(w)) is not None}
            # a common word's list is never read: its bit set answers for it
            offsets, docs = flat(() if w in common else postings[w] for w in chunk)
            out[f"postings.{tier}.{number}"] = encode((offsets, docs, frozenset(common)))
            for word, bits in common.items():
                out[f"heavy.{tier}.{word}"] = encode(bits)
        blocks = index.blocks[tier]
        for number, start in enumerate(range(0, len(blocks), BLOCKS_PER_PART)):
            out[f"blocks.{tier}.{number}"] = encode(
                [blocks[i] for i in range(start, min(len(blocks), start + BLOCKS_PER_PART))]
            )
        out[f"supers.{tier}"] = encode(list(index.supers[tier]))
    return out


def part_names(parts: Parts) -> list[str]:
    """The name of every part a store holds (read from the store's own `meta` and `grams`)."""
    meta = parts.meta()
    names = ["meta", "vocab", "display", "doc_freq", "by_start", "grams"]
    names += [f"filter.{name}" for name in ("kinds", "years", "themes", "participants")]
    names += [f"docs.{n}" for n in range(-(-meta["documents"] // DOCS_PER_PART))]
    names += [f"names.{n}" for n in range(meta["names"])]
    names += ["gram." + gram for gram in sorted(parts.get("grams"))]
    for tier, blocks in enumerate(meta["blocks"]):
        names += [f"supers.{tier}"]
        for number in range(-(-meta["words"] // WORDS_PER_PART)):
            names.append(f"postings.{tier}.{number}")
            names += [f"heavy.{tier}.{word}" for word in sorted(parts.get(names[-1])[2])]
        names += [f"blocks.{tier}.{n}" for n in range(-(-blocks // BLOCKS_PER_PART))]
    return names


def _joined(items: Iterable[str]) -> bytes:
    joined = Joined.of(items)
    return encode((joined.text, joined.starts))


def _same(value: Any) -> Any:
    return value


def _names(value: tuple[str, array, array, array]) -> tuple[Joined, array, array]:
    text, starts, offsets, docs = value
    return Joined(text, starts), offsets, docs


_WRAP: dict[str, Callable[[Any], Any]] = {
    "docs": lambda value: Joined(*value),
    "vocab": lambda value: Joined(*value),
    "display": lambda value: Joined(*value),
    "names": _names,
}
"""How a part is held once read, where that is not what was pickled (the classes of this
module are never pickled: a store stays readable when they change)."""
