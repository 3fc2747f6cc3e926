"""Index tables ↔ named parts of a store, each read when a query first needs it.

A big base's index is tens of megabytes: reading all of it at every start took seconds
before the first answer.  Stored as parts, `facts search wasserstoff` reads the vocabulary,
the postings of the few thousand words next to "wasserstoff" and the document-set blocks it
touches, and never the Japanese character pairs, the filters' tables or the typo tables.

Every part is plain data (`codec`: arrays of numbers, UTF-8 text, big integers, small JSON)
with no Python object per word or per document, so each decodes at memory speed, and
decoding one can never construct anything but numbers and text.  A part that is missing or
does not decode as what its name says is a damaged store (`StoreDamaged`, a LookupError).

The parts (`T` is a tier, see `fields`: 0 names, 1 own text, 2 linked names; `N` a number):

* `meta` — format, number of documents and words, the typo alphabet, part counts;
* `docs.N` — the entity ids of the N-th DOCS_PER_PART documents;
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
  year:, theme: and participant: select (and each kind as the data writes it).
"""

from __future__ import annotations

import threading
import zlib
from array import array
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from itertools import pairwise
from typing import Generic, TypeGuard, TypeVar, cast

from tui.load import StoreDamaged
from tui.model import AnyEntity, FactBase
from tui.search.codec import Reader, Writer, check_below, integers, string_map, strings
from tui.search.fields import TIERS
from tui.search.filters import FilterTables
from tui.search.tables import Grams, IndexTables, Lookup, Words

FORMAT = 2
"""1: pickles; 2: plain data (`codec`)."""
WORDS_PER_PART = 256
"""Words per postings part: a query reads the parts of the words it matches (all the Latin
words of a generated base of 100 000 events fit in 8 000 words between 125 000 numbers)."""
DOCS_PER_PART = 1024
"""Entity ids per `docs` part: a query reads the parts of the documents it shows."""
BLOCKS_PER_PART = 64
NAMES_PER_PART = 2048

ReadPart = Callable[[str], "bytes | None"]
T = TypeVar("T")
K = TypeVar("K")
_MISSING = object()


class Parts:
    """Decoded parts by name: each is read and decoded once, on first use, and kept.

    Browser searches run in worker threads, and two may ask for the same part at once:
    reading happens under this one lock (re-entrant: decoding one part may need `meta`)."""

    def __init__(self, read: ReadPart) -> None:
        self._read = read
        self._decoded: dict[str, object] = {}
        self.lock = threading.RLock()

    def get(self, name: str, decode: Callable[[bytes], T]) -> T:
        value = self._decoded.get(name, _MISSING)
        if value is _MISSING:
            with self.lock:
                value = self._decoded.get(name, _MISSING)
                if value is _MISSING:
                    data = self.raw(name)
                    try:
                        value = decode(data)
                    except StoreDamaged:
                        raise
                    except Exception as error:  # a part of any kind of damage
                        raise StoreDamaged(
                            f"search index part {name!r} cannot be read: {error}"
                        ) from error
                    self._decoded[name] = value
        return cast(T, value)

    def raw(self, name: str) -> bytes:
        data = self._read(name)
        if data is None:
            raise StoreDamaged(f"search index part {name!r} missing")
        return data

    def meta(self) -> Meta:
        return self.get("meta", _meta)


@dataclass(frozen=True, slots=True)
class Meta:
    documents: int
    words: int
    alphabet: str
    blocks: tuple[int, ...]
    """How many blocks each tier has."""
    names: int
    """How many `names.N` parts."""


def _meta(data: bytes) -> Meta:
    reader = Reader(data, "j")
    value = reader.json()
    if not isinstance(value, dict):
        raise ValueError("expected an object")
    if value.get("format") != FORMAT:
        raise StoreDamaged(f"search index part 'meta' has format {value.get('format')!r}, "
                           f"not {FORMAT}")
    documents, words, names = (value.get(key) for key in ("documents", "words", "names"))
    alphabet, blocks = value.get("alphabet"), value.get("blocks")
    if not (_count(documents) and _count(words) and _count(names) and names >= 1
            and isinstance(alphabet, str)):
        raise ValueError("its counts are not counts")
    block_counts = tuple(integers(blocks))
    if len(block_counts) != len(TIERS):
        raise ValueError(f"counts blocks for {len(block_counts)} tiers, not {len(TIERS)}")
    return Meta(documents, words, alphabet, block_counts, names)


def _count(value: object) -> TypeGuard[int]:
    return type(value) is int and value >= 0


# -- reading: the tables of an opened index ---------------------------------------------------


def open_tables(base: FactBase, parts: Parts) -> IndexTables:
    """The tables over stored parts: `meta` and the vocabulary now (every query with words
    needs them), each other part when a query first asks for it."""
    meta = parts.meta()
    size = meta.documents
    if size != len(base):
        raise StoreDamaged(f"search index holds {size} entities, the base {len(base)}")
    postings = tuple(StoredPostings(parts, tier, meta) for tier in TIERS)

    def decode_starts(data: bytes) -> dict[tuple[str, int], array[int]]:
        return _table(data, _pairs, meta.words)

    def decode_kinds(data: bytes) -> _Kinds:
        return _kinds(data, size)

    def decode_years(data: bytes) -> dict[int, array[int]]:
        return _table(data, integers, size)

    def decode_ids(data: bytes) -> dict[str, array[int]]:
        return _table(data, strings, size)

    return IndexTables(
        docs=StoredDocs(base, parts, size),
        size=size,
        vocab=parts.get("vocab", lambda data: _words(data, meta.words)),
        display=WholePart(parts, "display", lambda data: _words(data, meta.words)),
        postings=postings,
        heavy=tuple(StoredHeavy(tier_postings) for tier_postings in postings),
        blocks=tuple(
            StoredBlocks(parts, tier, meta.blocks[tier], size) for tier in TIERS
        ),
        supers=tuple(
            WholePart(parts, f"supers.{tier}", lambda data: _bit_sets(data, size))
            for tier in TIERS
        ),
        whole_names=StoredNames(parts, meta),
        alphabet=meta.alphabet,
        by_start=PartMap(lambda: parts.get("by_start", decode_starts)),
        doc_freq=WholePart(parts, "doc_freq", lambda data: _counts(data, meta.words)),
        grams=StoredGrams(parts, size),
        filters=FilterTables(
            kinds=PartMap(lambda: parts.get("filter.kinds", decode_kinds).documents),
            kind_names=PartMap(lambda: parts.get("filter.kinds", decode_kinds).names),
            years=PartMap(lambda: parts.get("filter.years", decode_years)),
            themes=PartMap(lambda: parts.get("filter.themes", decode_ids)),
            participants=PartMap(lambda: parts.get("filter.participants", decode_ids)),
        ),
    )


class WholePart(Generic[T]):
    """`view[i]` of a sequence stored as one part."""

    __slots__ = ("decode", "name", "parts")

    def __init__(self, parts: Parts, name: str, decode: Callable[[bytes], Sequence[T]]) -> None:
        self.parts = parts
        self.name = name
        self.decode = decode

    def __len__(self) -> int:
        return len(self.parts.get(self.name, self.decode))

    def __getitem__(self, index: int) -> T:
        return self.parts.get(self.name, self.decode)[index]


class PartMap(Mapping[K, T]):
    """A mapping stored as (a member of) one part: `whole()` reads it."""

    __slots__ = ("whole",)

    def __init__(self, whole: Callable[[], Mapping[K, T]]) -> None:
        self.whole = whole

    def __getitem__(self, key: K) -> T:
        return self.whole()[key]

    def __iter__(self) -> Iterator[K]:
        return iter(self.whole())

    def __len__(self) -> int:
        return len(self.whole())

    def __contains__(self, key: object) -> bool:
        return key in self.whole()


@dataclass(frozen=True, slots=True)
class _DocChunk:
    ids: list[str]
    position: dict[str, int]


class StoredDocs:
    """The documents of an opened index: entity ids only; document i is fetched from the
    base when asked for (the base itself decodes entities on demand)."""

    __slots__ = ("base", "parts", "size")

    def __init__(self, base: FactBase, parts: Parts, size: int) -> None:
        self.base = base
        self.parts = parts
        self.size = size

    def _chunk(self, number: int) -> _DocChunk:
        count = max(0, min(DOCS_PER_PART, self.size - number * DOCS_PER_PART))
        return self.parts.get(f"docs.{number}", lambda data: _doc_chunk(data, count))

    def _id(self, doc: int) -> str:
        number, at = divmod(doc, DOCS_PER_PART)
        return self._chunk(number).ids[at]

    def __len__(self) -> int:
        return self.size

    def __getitem__(self, doc: int) -> AnyEntity:
        entity_id = self._id(doc)
        entity = self.base.get(entity_id)
        if entity is None:
            raise StoreDamaged(f"search index names {entity_id!r}, which the base does not hold")
        return entity

    def prefetch(self, docs: Iterable[int]) -> None:
        # a stored base reads entities in one query; the in-memory FactBase has no `prefetch`
        fetch: Callable[[list[str]], None] | None = getattr(self.base, "prefetch", None)
        if fetch is not None:
            fetch([self._id(doc) for doc in docs])

    def ids(self) -> Iterator[str]:
        for number in range(-(-self.size // DOCS_PER_PART)):
            yield from self._chunk(number).ids

    def doc_of(self, entity_id: str) -> int:
        """The document of an entity: a scan, but the themes it is asked about come first."""
        for number in range(-(-self.size // DOCS_PER_PART)):
            found = self._chunk(number).position.get(entity_id)
            if found is not None:
                return number * DOCS_PER_PART + found
        raise StoreDamaged(f"search index does not hold {entity_id!r}")


@dataclass(frozen=True, slots=True)
class _PostingsChunk:
    offsets: array[int]
    ids: array[int]
    heavy: frozenset[int]
    """The words of this chunk that have a `heavy.T.W` part (their list here is empty)."""


class StoredPostings:
    """One tier's word → documents, WORDS_PER_PART words to a part; a word in many documents
    has a part of its own instead, its documents as a bit set (`StoredHeavy`)."""

    __slots__ = ("meta", "parts", "tier")

    def __init__(self, parts: Parts, tier: int, meta: Meta) -> None:
        self.parts = parts
        self.tier = tier
        self.meta = meta

    def chunk(self, number: int) -> _PostingsChunk:
        first = number * WORDS_PER_PART
        count = max(0, min(WORDS_PER_PART, self.meta.words - first))
        return self.parts.get(
            f"postings.{self.tier}.{number}",
            lambda data: _postings(data, count, first, self.meta.documents),
        )

    def __len__(self) -> int:
        return self.meta.words

    def __getitem__(self, word: int) -> array[int]:
        number, at = divmod(word, WORDS_PER_PART)
        chunk = self.chunk(number)
        return chunk.ids[chunk.offsets[at] : chunk.offsets[at + 1]]


class StoredHeavy:
    """`heavy.get(word)` of one tier, answered from that word's postings part."""

    __slots__ = ("postings",)

    def __init__(self, postings: StoredPostings) -> None:
        self.postings = postings

    def get(self, word: int) -> int | None:
        postings = self.postings
        if word not in postings.chunk(word // WORDS_PER_PART).heavy:
            return None
        size = postings.meta.documents
        return postings.parts.get(
            f"heavy.{postings.tier}.{word}", lambda data: _bit_set(data, size)
        )


class StoredBlocks:
    """One tier's pre-unioned bit sets, BLOCKS_PER_PART to a part."""

    __slots__ = ("count", "parts", "size", "tier")

    def __init__(self, parts: Parts, tier: int, count: int, size: int) -> None:
        self.parts = parts
        self.tier = tier
        self.count = count
        self.size = size

    def __len__(self) -> int:
        return self.count

    def __getitem__(self, index: int) -> int:
        number, at = divmod(index, BLOCKS_PER_PART)
        count = max(0, min(BLOCKS_PER_PART, self.count - number * BLOCKS_PER_PART))
        return self.parts.get(
            f"blocks.{self.tier}.{number}", lambda data: _bit_sets(data, self.size, count)
        )[at]


class StoredGrams:
    """CJK gram → its documents per tier (a bit set where there are many, else ids)."""

    __slots__ = ("parts", "size")

    def __init__(self, parts: Parts, size: int) -> None:
        self.parts = parts
        self.size = size

    def get(self, gram: str) -> Grams | None:
        if gram not in self.parts.get("grams", _gram_names):
            return None
        return self.parts.get("gram." + gram, lambda data: _grams(data, self.size))


def name_part(key: str, parts: int) -> int:
    """Which `names.K` part holds a whole name: by a hash that stays the same across runs."""
    return zlib.crc32(key.encode("utf-8", "surrogatepass")) % parts


@dataclass(frozen=True, slots=True)
class _NamesChunk:
    keys: Words
    offsets: array[int]
    docs: array[int]


class StoredNames:
    """Whole names → documents, as `dict.get` answers it, without a dictionary of every name:
    the names are spread over parts of about NAMES_PER_PART by a hash, sorted in each."""

    __slots__ = ("meta", "parts")

    def __init__(self, parts: Parts, meta: Meta) -> None:
        self.parts = parts
        self.meta = meta

    def get(self, key: str) -> Sequence[int] | None:
        size = self.meta.documents
        chunk = self.parts.get(
            f"names.{name_part(key, self.meta.names)}", lambda data: _names(data, size)
        )
        at = chunk.keys.bisect(key)
        if at < len(chunk.keys) and chunk.keys[at] == key:
            return chunk.docs[chunk.offsets[at] : chunk.offsets[at + 1]]
        return None


# -- decoding one part (each checks what it reads: a ValueError is a damaged part) -----------


def _words(data: bytes, count: int) -> Words:
    reader = Reader(data, "tu")
    text, starts = reader.text(), reader.numbers()
    if (len(starts) != count + 1 or starts[0] != 1 or starts[-1] != len(text)
            or text.count("\n") != count + 1):
        raise ValueError(f"does not hold {count} words")
    return Words(text, starts)


def _counts(data: bytes, count: int) -> array[int]:
    numbers = Reader(data, "u").numbers()
    if len(numbers) != count:
        raise ValueError(f"holds {len(numbers)} numbers, not {count}")
    return numbers


def _bit_set(data: bytes, size: int) -> int:
    return _fits(Reader(data, "i").integer(), size)


def _bit_sets(data: bytes, size: int, count: int | None = None) -> list[int]:
    found = [_fits(value, size) for value in Reader(data, "ub").integers()]
    if count is not None and len(found) != count:
        raise ValueError(f"holds {len(found)} document sets, not {count}")
    return found


def _fits(bits: int, size: int) -> int:
    if bits.bit_length() > size:
        raise ValueError(f"a document set names a document beyond the {size} there are")
    return bits


def _flat(offsets: array[int], ids: array[int], count: int) -> None:
    """Checks `offsets` cut `ids` into `count` lists."""
    if len(offsets) != count + 1 or offsets[0] != 0 or offsets[-1] != len(ids):
        raise ValueError(f"does not cut its numbers into {count} lists")
    if any(a > b for a, b in pairwise(offsets)):
        raise ValueError("cuts its numbers backwards")


def _postings(data: bytes, count: int, first: int, size: int) -> _PostingsChunk:
    reader = Reader(data, "uuu")
    offsets, ids, heavy = reader.numbers(), reader.numbers(), reader.numbers()
    _flat(offsets, ids, count)
    check_below(ids, size, "document")
    if any(not first <= word < first + count for word in heavy):
        raise ValueError("names a common word of another part")
    return _PostingsChunk(offsets, ids, frozenset(heavy))


def _doc_chunk(data: bytes, count: int) -> _DocChunk:
    ids = strings(Reader(data, "j").json())
    if len(ids) != count:
        raise ValueError(f"holds {len(ids)} documents, not {count}")
    return _DocChunk(ids, {entity_id: at for at, entity_id in enumerate(ids)})


def _names(data: bytes, size: int) -> _NamesChunk:
    reader = Reader(data, "tuuu")
    text, starts = reader.text(), reader.numbers()
    offsets, docs = reader.numbers(), reader.numbers()
    if not starts or starts[-1] != len(text):
        raise ValueError("its names do not fill their text")
    _flat(offsets, docs, len(starts) - 1)
    check_below(docs, size, "document")
    return _NamesChunk(Words(text, starts), offsets, docs)


def _gram_names(data: bytes) -> frozenset[str]:
    return frozenset(strings(Reader(data, "j").json()))


def _grams(data: bytes, size: int) -> Grams:
    reader = Reader(data, "u" + "iu" * len(TIERS))
    dense = reader.numbers()
    if len(dense) != len(TIERS):
        raise ValueError("does not hold every tier")
    out: list[int | array[int]] = []
    for flag in dense:
        bits, ids = reader.integer(), reader.numbers()
        if flag:
            out.append(_fits(bits, size))
        else:
            check_below(ids, size, "document")
            out.append(ids)
    return tuple(out)


def _pairs(value: object) -> list[tuple[str, int]]:
    if not isinstance(value, list):
        raise ValueError("expected a list of keys")
    out: list[tuple[str, int]] = []
    for item in value:
        if (not isinstance(item, list) or len(item) != 2 or not isinstance(item[0], str)
                or type(item[1]) is not int):
            raise ValueError("expected [letter, length] keys")
        out.append((item[0], item[1]))
    return out


def _table(
    data: bytes, keys_of: Callable[[object], Sequence[K]], limit: int
) -> dict[K, array[int]]:
    reader = Reader(data, "juu")
    keys, offsets, ids = keys_of(reader.json()), reader.numbers(), reader.numbers()
    _flat(offsets, ids, len(keys))
    check_below(ids, limit, "entry")
    return _cut(keys, offsets, ids)


def _cut(keys: Sequence[K], offsets: array[int], ids: array[int]) -> dict[K, array[int]]:
    return {key: ids[offsets[at] : offsets[at + 1]] for at, key in enumerate(keys)}


@dataclass(frozen=True, slots=True)
class _Kinds:
    documents: dict[str, array[int]]
    names: dict[str, str]
    """Each kind → as the data writes it (every kind has one)."""


def _kinds(data: bytes, size: int) -> _Kinds:
    reader = Reader(data, "juuj")
    keys, offsets, ids = strings(reader.json()), reader.numbers(), reader.numbers()
    names = string_map(reader.json())
    _flat(offsets, ids, len(keys))
    check_below(ids, size, "document")
    if not set(keys) <= set(names):
        raise ValueError("names not every kind")
    return _Kinds(_cut(keys, offsets, ids), names)


# -- writing ---------------------------------------------------------------------------------


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


def dump(tables: IndexTables) -> dict[str, bytes]:
    """The parts of built tables, each decodable alone (the module docstring lists them)."""
    ids = list(tables.docs.ids())
    words = len(tables.vocab)
    whole = _whole(tables.whole_names)
    gram_map = _whole(tables.grams)
    by_start = _whole(tables.by_start)
    names = max(1, -(-len(whole) // NAMES_PER_PART))
    meta = {
        "format": FORMAT,
        "documents": len(ids),
        "words": words,
        "alphabet": tables.alphabet,
        "blocks": [len(blocks) for blocks in tables.blocks],
        "names": names,
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
    for number, start in enumerate(range(0, len(ids), DOCS_PER_PART)):
        out[f"docs.{number}"] = bytes(Writer().json(ids[start : start + DOCS_PER_PART]))
    spread: list[list[str]] = [[] for _ in range(names)]
    for name in whole:
        spread[name_part(name, names)].append(name)
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
        for number, start in enumerate(range(0, words, WORDS_PER_PART)):
            chunk = range(start, min(words, start + WORDS_PER_PART))
            common = {w: word_bits for w in chunk if (word_bits := heavy.get(w)) is not None}
            # a common word's list is never read: its bit set answers for it
            offsets, docs = _flat_lists(() if w in common else postings[w] for w in chunk)
            out[f"postings.{tier}.{number}"] = bytes(
                Writer().numbers(offsets).numbers(docs).numbers(sorted(common))
            )
            for word, word_bits in common.items():
                out[f"heavy.{tier}.{word}"] = bytes(Writer().integer(word_bits))
        blocks = tables.blocks[tier]
        for number, start in enumerate(range(0, len(blocks), BLOCKS_PER_PART)):
            out[f"blocks.{tier}.{number}"] = bytes(Writer().integers(
                [blocks[i] for i in range(start, min(len(blocks), start + BLOCKS_PER_PART))]
            ))
        supers = tables.supers[tier]
        out[f"supers.{tier}"] = bytes(Writer().integers([supers[i] for i in range(len(supers))]))
    return out


def _whole(lookup: Lookup[K, T]) -> Mapping[K, T]:
    """All of a lookup the build made (a dict: only built tables are dumped)."""
    if not isinstance(lookup, Mapping):
        raise TypeError("only built tables are dumped; an opened index copies its parts")
    return lookup


def part_names(parts: Parts) -> list[str]:
    """The name of every part a store holds (read from the store's own `meta` and `grams`)."""
    meta = parts.meta()
    names = ["meta", "vocab", "display", "doc_freq", "by_start", "grams"]
    names += [f"filter.{name}" for name in ("kinds", "years", "themes", "participants")]
    names += [f"docs.{n}" for n in range(-(-meta.documents // DOCS_PER_PART))]
    names += [f"names.{n}" for n in range(meta.names)]
    names += ["gram." + gram for gram in sorted(parts.get("grams", _gram_names))]
    for tier in TIERS:
        names += [f"supers.{tier}"]
        postings = StoredPostings(parts, tier, meta)
        for number in range(-(-meta.words // WORDS_PER_PART)):
            names.append(f"postings.{tier}.{number}")
            names += [f"heavy.{tier}.{word}" for word in sorted(postings.chunk(number).heavy)]
        names += [f"blocks.{tier}.{n}" for n in range(-(-meta.blocks[tier] // BLOCKS_PER_PART))]
    return names


def copy(parts: Parts) -> dict[str, bytes]:
    """Every part as stored (an opened index dumps itself so)."""
    return {name: parts.raw(name) for name in part_names(parts)}
