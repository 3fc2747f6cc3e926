"""Index tables ↔ named parts of a store: reading them, each when a query first needs it
(`dump` writes them: only a first load needs that code).

A big base's index is tens of megabytes: reading all of it at every start took seconds
before the first answer.  Stored as parts, `facts search wasserstoff` reads the vocabulary,
the postings of the few thousand words next to "wasserstoff" and the document-set blocks it
touches, and never the Japanese character pairs, the filters' tables or the typo tables.

Every part is plain data (`codec`: arrays of numbers, UTF-8 text, big integers, small JSON)
with no Python object per word or per document, so each decodes at memory speed, and
decoding one can never construct anything but numbers and text.  A part that is missing or
does not decode as what its name says is a damaged store (`StoreDamaged`, a LookupError).

The parts (`T` is a tier, see `fields`: 0 names, 1 id, 2 own text, 3 linked names; `N` a
number):

* `meta` — format, number of document numbers and of the entities holding them, number of
  words, the typo alphabet, part counts;
* `order` — the document numbers no entity holds, and the displaced documents with where
  each goes in the order of equal scores (`docorder`: numbers stay put across updates);
* `docs.N` — the entity ids of the N-th DOCS_PER_PART document numbers ("" for a free one);
* `ids.N` — entity id → document, spread by a hash (the way back);
* `vocab`, `display` — the sorted folded words, and each word as the data first wrote it;
* `layout` — where each postings part and each block starts in the vocabulary;
* `postings.T.N` — documents of the words of the N-th part (WORDS_PER_PART when built;
  an update adds and removes words where they fall), flat, with offsets, and which of them
  are in so many documents that they have `heavy.T.WORD`: its documents as a bit set
  instead (so that a query reads only the bit sets of its own words);
* `blocks.T.N`, `supers.T` — the documents of the words of each block (64 when built),
  a bit set where they are many, else listed, and of 64 consecutive blocks, a bit set;
* `names.N` — whole names (the folded words of a name) → documents, spread by a hash;
* `grams`, `gram.X` — the CJK characters and pairs, and for each its documents per tier;
* `doc_freq`, `by_start` — only for typos: how common each word is, and words by first
  letter and length;
* `filter.kinds`, `filter.years`, `filter.themes`, `filter.participants`, `filter.bases` —
  what kind:, year:, theme:, participant: and basis: select (and each kind as the data
  writes it).
"""

from __future__ import annotations

import threading
import zlib
from array import array
from bisect import bisect_right
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from itertools import pairwise
from typing import Generic, TypeGuard, TypeVar, cast

from tui.model import AnyEntity, FactBase
from tui.record import record
from tui.search.codec import Reader, check_below, integers, string_map, strings
from tui.search.docorder import DocOrder
from tui.search.fields import TIERS
from tui.search.filters import FilterTables
from tui.search.tables import Grams, IndexTables, Words

FORMAT = 4
"""1: pickles; 2: plain data (`codec`), and the id a tier of its own; 3: parts and blocks
by where they start (`layout`), common words' bit sets by the word, so that an update
rewrites only the parts an edit touches; 4: document numbers that stay put (`order`), so
that an update also follows entities added, removed and moved."""
WORDS_PER_PART = 256
"""Words per postings part: a query reads the parts of the words it matches (all the Latin
words of a generated base of 100 000 events fit in 8 000 words between 125 000 numbers)."""
DOCS_PER_PART = 1024
"""Entity ids per `docs` part: a query reads the parts of the documents it shows."""
BLOCKS_PER_PART = 64
NAMES_PER_PART = 2048
"""Whole names (and entity ids) per `names` (`ids`) part, about."""

ReadPart = Callable[[str], "bytes | None"]
T = TypeVar("T")
K = TypeVar("K")
_MISSING = object()


def damaged(message: str) -> LookupError:
    """The loader's StoreDamaged, which the programs answer by reading the fact files again.
    Imported only when damage is found: the words and the query language of this package
    are read by modules (the meetings, the summary) that must not pay for the loader."""
    from tui.load import StoreDamaged

    return StoreDamaged(message)


def _is_damage(error: Exception) -> bool:
    from tui.load import StoreDamaged

    return isinstance(error, StoreDamaged)


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
                    except Exception as error:  # a part of any kind of damage
                        if _is_damage(error):
                            raise
                        raise damaged(
                            f"search index part {name!r} cannot be read: {error}"
                        ) from error
                    self._decoded[name] = value
        return cast(T, value)

    def raw(self, name: str) -> bytes:
        data = self._read(name)
        if data is None:
            raise damaged(f"search index part {name!r} missing")
        return data

    def meta(self) -> Meta:
        return self.get("meta", _meta)


@record(slots=True)
class Meta:
    documents: int
    """How many document numbers (the size of a document set), free ones included."""
    live: int
    """How many entities hold one."""
    words: int
    alphabet: str
    blocks: tuple[int, ...]
    """How many blocks each tier has."""
    names: int
    """How many `names.N` parts."""
    ids: int
    """How many `ids.N` parts."""
    per_super: int
    """Blocks per super block."""


def _meta(data: bytes) -> Meta:
    reader = Reader(data, "j")
    value = reader.json()
    if not isinstance(value, dict):
        raise ValueError("expected an object")
    if value.get("format") != FORMAT:
        raise damaged(f"search index part 'meta' has format {value.get('format')!r}, not {FORMAT}")
    documents, words, names, ids, live = (
        value.get(key) for key in ("documents", "words", "names", "ids", "live")
    )
    alphabet, blocks = value.get("alphabet"), value.get("blocks")
    per_super = value.get("per_super")
    if not (
        _count(per_super)
        and per_super >= 1
        and _count(live)
        and _count(documents)
        and live <= documents
        and _count(documents)
        and _count(words)
        and _count(names)
        and names >= 1
        and _count(ids)
        and ids >= 1
        and isinstance(alphabet, str)
    ):
        raise ValueError("its counts are not counts")
    block_counts = tuple(integers(blocks))
    if len(block_counts) != len(TIERS):
        raise ValueError(f"counts blocks for {len(block_counts)} tiers, not {len(TIERS)}")
    return Meta(documents, live, words, alphabet, block_counts, names, ids, per_super)


def _count(value: object) -> TypeGuard[int]:
    return type(value) is int and value >= 0


# -- reading: the tables of an opened index ---------------------------------------------------


def open_tables(base: FactBase, parts: Parts) -> IndexTables:
    """The tables over stored parts: `meta` and the vocabulary now (every query with words
    needs them), each other part when a query first asks for it."""
    meta = parts.meta()
    size = meta.documents
    if meta.live != len(base):
        raise damaged(f"search index holds {meta.live} entities, the base {len(base)}")
    vocab = parts.get("vocab", lambda data: _words(data, meta.words))
    where = parts.get("layout", lambda data: _layout(data, meta))
    postings = tuple(StoredPostings(parts, tier, meta, where.parts, vocab) for tier in TIERS)

    def decode_starts(data: bytes) -> dict[tuple[str, int], array[int]]:
        return _table(data, _pairs, meta.words)

    def decode_years(data: bytes) -> dict[int, array[int]]:
        return _table(data, integers)

    def decode_ids(data: bytes) -> dict[str, array[int]]:
        return _table(data, strings)

    return IndexTables(
        docs=StoredDocs(base, parts, meta),
        size=size,
        order=parts.get("order", lambda data: _order(data, meta)),
        vocab=vocab,
        display=WholePart(parts, "display", lambda data: _words(data, meta.words)),
        postings=postings,
        heavy=tuple(StoredHeavy(tier_postings) for tier_postings in postings),
        blocks=tuple(StoredBlocks(parts, tier, meta.blocks[tier], size) for tier in TIERS),
        supers=tuple(
            WholePart(parts, f"supers.{tier}", lambda data: _bit_sets(data, size)) for tier in TIERS
        ),
        block_starts=where.blocks,
        per_super=meta.per_super,
        whole_names=StoredNames(parts, meta),
        alphabet=meta.alphabet,
        by_start=PartMap(lambda: parts.get("by_start", decode_starts)),
        doc_freq=WholePart(parts, "doc_freq", lambda data: _counts(data, meta.words)),
        grams=StoredGrams(parts, size),
        filters=FilterTables(
            kinds=PartMap(lambda: parts.get("filter.kinds", _kinds).documents),
            kind_names=PartMap(lambda: parts.get("filter.kinds", _kinds).names),
            years=PartMap(lambda: parts.get("filter.years", decode_years)),
            themes=PartMap(lambda: parts.get("filter.themes", decode_ids)),
            participants=PartMap(lambda: parts.get("filter.participants", decode_ids)),
            bases=PartMap(lambda: parts.get("filter.bases", decode_ids)),
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


class Chunks(dict[int, T]):
    """The parts `<prefix>0`, `<prefix>1` …, each decoded (`decode(number, data)`) on first
    use and then found by its number (a dict look-up in C: views ask for every document)."""

    def __init__(self, parts: Parts, prefix: str, decode: Callable[[int, bytes], T]) -> None:
        super().__init__()
        self._parts = parts
        self._prefix = prefix
        self._decode = decode

    def __missing__(self, number: int) -> T:
        parts = self._parts
        found = parts.get(self._prefix + str(number), lambda data: self._decode(number, data))
        with parts.lock:
            self[number] = found
        return found


class StoredDocs:
    """The documents of an opened index: entity ids only; document i is fetched from the
    base when asked for (the base itself decodes entities on demand)."""

    __slots__ = ("_by_id", "_chunk", "base", "meta")

    def __init__(self, base: FactBase, parts: Parts, meta: Meta) -> None:
        self.base = base
        self.meta = meta
        size = meta.documents
        self._chunk = Chunks(
            parts,
            "docs.",
            lambda number, data: _doc_chunk(
                data, max(0, min(DOCS_PER_PART, size - number * DOCS_PER_PART))
            ),
        )
        self._by_id = Chunks(parts, "ids.", lambda _, data: _ids_chunk(data))

    def _id(self, doc: int) -> str:
        number, at = divmod(doc, DOCS_PER_PART)
        return self._chunk[number][at]

    def __len__(self) -> int:
        return self.meta.documents

    def __getitem__(self, doc: int) -> AnyEntity:
        entity_id = self._id(doc)
        entity = self.base.get(entity_id)
        if entity is None:
            raise damaged(f"search index names {entity_id!r}, which the base does not hold")
        return entity

    def prefetch(self, docs: Iterable[int]) -> None:
        # a stored base reads these entities in one query (a base in memory has them all)
        self.base.prefetch([self._id(doc) for doc in docs])

    def ids(self) -> Iterator[str]:
        for number in range(-(-self.meta.documents // DOCS_PER_PART)):
            yield from self._chunk[number]

    def find(self, entity_id: str) -> int | None:
        return self._by_id[name_part(entity_id, self.meta.ids)].get(entity_id)

    def doc_of(self, entity_id: str) -> int:
        found = self.find(entity_id)
        if found is None:
            raise damaged(f"search index does not hold {entity_id!r}")
        return found


@record(slots=True)
class _PostingsChunk:
    offsets: array[int]
    ids: array[int]
    heavy: frozenset[int]
    """The words of this chunk (by place in it) that have a `heavy.T.WORD` part (their list
    here is empty)."""


class StoredPostings:
    """One tier's word → documents, the words of each part from where it starts (`layout`);
    a word in many documents has a part of its own instead, its documents as a bit set
    (`StoredHeavy`)."""

    __slots__ = ("chunk", "meta", "parts", "starts", "tier", "vocab")

    def __init__(
        self, parts: Parts, tier: int, meta: Meta, starts: Sequence[int], vocab: Words
    ) -> None:
        self.parts = parts
        self.tier = tier
        self.meta = meta
        self.starts = starts
        """Where each part starts, and one more entry: the number of words."""
        self.vocab = vocab
        self.chunk = Chunks(parts, f"postings.{tier}.", self._decode)

    def _decode(self, number: int, data: bytes) -> _PostingsChunk:
        if not 0 <= number < len(self.starts) - 1:
            raise ValueError("a word beyond the parts")
        return _postings(data, self.starts[number + 1] - self.starts[number])

    def place(self, word: int) -> tuple[int, int]:
        """(the part holding `word`, its place in that part)."""
        number = bisect_right(self.starts, word) - 1
        return number, word - self.starts[number]

    def __len__(self) -> int:
        return self.meta.words

    def __getitem__(self, word: int) -> array[int]:
        number, at = self.place(word)
        chunk = self.chunk[number]
        return chunk.ids[chunk.offsets[at] : chunk.offsets[at + 1]]


class StoredHeavy:
    """`heavy.get(word)` of one tier, answered from that word's bit set part."""

    __slots__ = ("postings",)

    def __init__(self, postings: StoredPostings) -> None:
        self.postings = postings

    def get(self, word: int) -> int | None:
        postings = self.postings
        number, at = postings.place(word)
        if at not in postings.chunk[number].heavy:
            return None
        size = postings.meta.documents
        return postings.parts.get(
            heavy_name(postings.tier, postings.vocab[word]), lambda data: _bit_set(data, size)
        )


def heavy_name(tier: int, word: str) -> str:
    """The part of a common word's bit set: named by the word, so that it stays where it is
    when an edit adds or removes other words."""
    return f"heavy.{tier}.{word}"


@record(slots=True)
class Layout:
    parts: array[int]
    """Where each postings part starts in the vocabulary, then the number of words."""
    blocks: array[int]
    """Where each block starts, then where the last one ends."""


def _layout(data: bytes, meta: Meta) -> Layout:
    reader = Reader(data, "uu")
    parts, blocks = reader.numbers(), reader.numbers()
    for starts in (parts, blocks):
        if not starts or starts[0] != 0 or starts[-1] > meta.words:
            raise ValueError("its parts do not cut the vocabulary")
        if any(a > b for a, b in pairwise(starts)):
            raise ValueError("its parts are out of order")
    if parts[-1] != meta.words or any(len(blocks) - 1 != count for count in meta.blocks):
        raise ValueError("its parts do not fit the counts")
    return Layout(parts, blocks)


class StoredBlocks:
    """One tier's pre-unioned bit sets, BLOCKS_PER_PART to a part."""

    __slots__ = ("_chunk", "count")

    def __init__(self, parts: Parts, tier: int, count: int, size: int) -> None:
        self.count = count
        self._chunk = Chunks(
            parts,
            f"blocks.{tier}.",
            lambda number, data: _blocks(
                data, size, max(0, min(BLOCKS_PER_PART, count - number * BLOCKS_PER_PART))
            ),
        )

    def __len__(self) -> int:
        return self.count

    def __getitem__(self, index: int) -> int | array[int]:
        number, at = divmod(index, BLOCKS_PER_PART)
        return self._chunk[number][at]


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
    """Which `names.K` (`ids.K`) part holds a whole name (an id): by a hash that stays the
    same across runs."""
    return zlib.crc32(key.encode("utf-8", "surrogatepass")) % parts


@record(slots=True)
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
        chunk = self.parts.get(f"names.{name_part(key, self.meta.names)}", _names)
        at = chunk.keys.bisect(key)
        if at < len(chunk.keys) and chunk.keys[at] == key:
            return chunk.docs[chunk.offsets[at] : chunk.offsets[at + 1]]
        return None


# -- decoding one part (each checks what it reads: a ValueError is a damaged part) -----------


def _words(data: bytes, count: int) -> Words:
    reader = Reader(data, "tu")
    text, starts = reader.text(), reader.numbers()
    if len(starts) != count + 1 or starts[0] != 1 or starts[-1] != len(text):
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


def _blocks(data: bytes, size: int, count: int) -> list[int | array[int]]:
    reader = Reader(data, "uubuu")
    dense, sets = reader.numbers(), reader.integers()
    offsets, docs = reader.numbers(), reader.numbers()
    if not len(dense) == len(sets) == count:
        raise ValueError(f"does not hold {count} blocks")
    _flat(offsets, docs, count)
    check_below(docs, size, "document")
    return [
        _fits(sets[at], size) if flag else docs[offsets[at] : offsets[at + 1]]
        for at, flag in enumerate(dense)
    ]


def _fits(bits: int, size: int) -> int:
    if bits.bit_length() > size:
        raise ValueError(f"a document set names a document beyond the {size} there are")
    return bits


def _flat(offsets: array[int], ids: array[int], count: int) -> None:
    """Checks `offsets` cut `ids` into `count` lists (offsets out of order would cut empty
    lists: a wrong answer from a damaged store, never a failure)."""
    if len(offsets) != count + 1 or offsets[0] != 0 or offsets[-1] != len(ids):
        raise ValueError(f"does not cut its numbers into {count} lists")


def _postings(data: bytes, count: int) -> _PostingsChunk:
    reader = Reader(data, "uuu")
    offsets, ids, heavy = reader.numbers(), reader.numbers(), reader.numbers()
    _flat(offsets, ids, count)
    if heavy and max(heavy) >= count:
        raise ValueError("names a common word of another part")
    return _PostingsChunk(offsets, ids, frozenset(heavy))


def _order(data: bytes, meta: Meta) -> DocOrder:
    reader = Reader(data, "uuuu")
    free, displaced = reader.numbers(), reader.numbers()
    after, place = reader.numbers(), reader.numbers()
    size = meta.documents
    check_below(free, size, "document")
    check_below(displaced, size, "document")
    check_below(after, size + 1, "document")
    if len(free) != size - meta.live or not len(displaced) == len(after) == len(place):
        raise ValueError("its free and displaced documents do not fit the counts")
    if set(free) & set(displaced):
        raise ValueError("displaces a free document")
    return DocOrder.placed(
        size, free, {doc: (a, p) for doc, a, p in zip(displaced, after, place, strict=True)}
    )


def _doc_chunk(data: bytes, count: int) -> list[str]:
    ids = strings(Reader(data, "j").json())
    if len(ids) != count:
        raise ValueError(f"holds {len(ids)} documents, not {count}")
    return ids


def _ids_chunk(data: bytes) -> dict[str, int]:
    reader = Reader(data, "ju")
    ids, docs = strings(reader.json()), reader.numbers()
    if len(docs) != len(ids):
        raise ValueError("does not give each id its document")
    return dict(zip(ids, docs, strict=True))


def _names(data: bytes) -> _NamesChunk:
    reader = Reader(data, "tuuu")
    text, starts = reader.text(), reader.numbers()
    offsets, docs = reader.numbers(), reader.numbers()
    if not starts or starts[-1] != len(text):
        raise ValueError("its names do not fill their text")
    _flat(offsets, docs, len(starts) - 1)
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
            out.append(ids)
    return tuple(out)


def _pairs(value: object) -> list[tuple[str, int]]:
    if not isinstance(value, list):
        raise ValueError("expected a list of keys")
    out: list[tuple[str, int]] = []
    for item in value:
        if (
            not isinstance(item, list)
            or len(item) != 2
            or not isinstance(item[0], str)
            or type(item[1]) is not int
        ):
            raise ValueError("expected [letter, length] keys")
        out.append((item[0], item[1]))
    return out


def _table(
    data: bytes, keys_of: Callable[[object], Sequence[K]], words: int | None = None
) -> dict[K, array[int]]:
    """Keys → numbers: documents (checked where they become a set, see `bits.from_ids`)
    or, with `words`, vocabulary positions."""
    reader = Reader(data, "juu")
    keys, offsets, ids = keys_of(reader.json()), reader.numbers(), reader.numbers()
    _flat(offsets, ids, len(keys))
    if words is not None:
        check_below(ids, words, "word")
    return _cut(keys, offsets, ids)


def _cut(keys: Sequence[K], offsets: array[int], ids: array[int]) -> dict[K, array[int]]:
    return {key: ids[offsets[at] : offsets[at + 1]] for at, key in enumerate(keys)}


@record(slots=True)
class _Kinds:
    documents: dict[str, array[int]]
    names: dict[str, str]
    """Each kind → as the data writes it (every kind has one)."""


def _kinds(data: bytes) -> _Kinds:
    reader = Reader(data, "juuj")
    keys, offsets, ids = strings(reader.json()), reader.numbers(), reader.numbers()
    names = string_map(reader.json())
    _flat(offsets, ids, len(keys))
    if not set(keys) <= set(names):
        raise ValueError("names not every kind")
    return _Kinds(_cut(keys, offsets, ids), names)


def part_names(parts: Parts) -> list[str]:
    """The name of every part a store holds (read from the store's own `meta` and `grams`)."""
    meta = parts.meta()
    vocab = parts.get("vocab", lambda data: _words(data, meta.words))
    where = parts.get("layout", lambda data: _layout(data, meta))
    names = ["meta", "order", "layout", "vocab", "display", "doc_freq", "by_start", "grams"]
    names += [f"filter.{name}" for name in ("kinds", "years", "themes", "participants", "bases")]
    names += [f"docs.{n}" for n in range(-(-meta.documents // DOCS_PER_PART))]
    names += [f"names.{n}" for n in range(meta.names)]
    names += [f"ids.{n}" for n in range(meta.ids)]
    names += ["gram." + gram for gram in sorted(parts.get("grams", _gram_names))]
    for tier in TIERS:
        names += [f"supers.{tier}"]
        postings = StoredPostings(parts, tier, meta, where.parts, vocab)
        for number in range(len(where.parts) - 1):
            names.append(f"postings.{tier}.{number}")
            start = where.parts[number]
            names += [
                heavy_name(tier, vocab[start + at]) for at in sorted(postings.chunk[number].heavy)
            ]
        names += [f"blocks.{tier}.{n}" for n in range(-(-meta.blocks[tier] // BLOCKS_PER_PART))]
    return names


def copy(parts: Parts) -> dict[str, bytes]:
    """Every part as stored (an opened index dumps itself so)."""
    return {name: parts.raw(name) for name in part_names(parts)}
