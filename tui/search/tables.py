"""The search index as one typed value: what the engine reads, whoever made it.

`build.build_tables` makes it from a base, every member in memory.  `store.open_tables` makes
it over a store: there its big members are views that read their part when first asked
(`store` says how, behind the one lock of the stored parts).  The engine cannot tell the two
apart, and nothing changes an `IndexTables` once it is made.

Document sets are Python integers used as bit sets (`bits`); lists of documents are
`array('I')` or any other sequence of ints.
"""

from __future__ import annotations

import threading
from array import array
from bisect import bisect_left, bisect_right
from collections.abc import Iterable, Iterator, Sequence
from itertools import accumulate
from typing import Protocol, TypeVar, overload

import tui.search.bits as bits
from tui.model import AnyEntity
from tui.record import record
from tui.search.docorder import DocOrder
from tui.search.filters import FilterTables

K_contra = TypeVar("K_contra", contravariant=True)
V_co = TypeVar("V_co", covariant=True)
T_co = TypeVar("T_co", covariant=True)

BLOCK = 64
SUPER = 64 * BLOCK
"""A build makes `blocks` of BLOCK consecutive words, and `supers` of SUPER // BLOCK
consecutive blocks.  An update (`tui.search.update`) lets a block grow or shrink by the words
an edit adds or removes, so blocks are known by where they start (`block_starts`), not by a
multiple of BLOCK: a new word then changes one block, not every block after it."""


class Lookup(Protocol[K_contra, V_co]):
    """`get(key)` as a dict answers it: a built index passes a dict, an opened one a view
    that reads only the part holding the key."""

    def get(self, key: K_contra, /) -> V_co | None: ...


class Indexed(Protocol[T_co]):
    """`view[i]` and `len(view)`: a list or an array when built, a view of stored parts
    when opened."""

    def __len__(self) -> int: ...

    def __getitem__(self, index: int, /) -> T_co: ...


class Documents(Protocol):
    """The indexed entities in the stable order of equal scores, by document number."""

    def __len__(self) -> int: ...

    def __getitem__(self, doc: int, /) -> AnyEntity: ...

    def prefetch(self, docs: Iterable[int], /) -> None:
        """Have the base read these documents' entities together, before they are shown."""

    def find(self, entity_id: str, /) -> int | None:
        """The document of an entity, or None."""

    def doc_of(self, entity_id: str, /) -> int:
        """The document of an entity the index holds (a damaged store if it does not)."""

    def ids(self) -> Iterator[str]: ...


Grams = tuple["int | array[int]", ...]
"""A CJK gram's documents per tier: a bit set where there are many, else their numbers."""


@record(slots=True)
class IndexTables:
    """Everything a query reads (`fields` says what each tier is)."""

    docs: Documents
    size: int
    """How many document numbers (a document set is an integer of this many bits): after an
    update some may be free."""
    order: DocOrder
    """The numbers in use, and the order of equal scores among them (a built index: the
    numbers themselves)."""
    vocab: Words
    """Every folded word, sorted; words are known by their position here."""
    display: Indexed[str]
    """Each word as the data first wrote it (lower case): what a did-you-mean shows."""
    postings: tuple[Indexed[Sequence[int]], ...]
    """Per tier: word → its documents (not read for the words in `heavy`)."""
    heavy: tuple[Lookup[int, int], ...]
    """Per tier: word → its documents as a bit set, for words in many documents."""
    blocks: tuple[Indexed[int | Sequence[int]], ...]
    supers: tuple[Indexed[int], ...]
    """Per tier: the documents of each block of consecutive words (of `per_super`
    consecutive blocks), unioned beforehand: a block's as a bit set where they are many
    (`bits.kept`), else listed."""
    block_starts: Sequence[int]
    """Where each block starts in the vocabulary, and where the last one ends (the same for
    every tier; the words after it are in no block)."""
    per_super: int
    """Blocks per super block."""
    whole_names: Lookup[str, Sequence[int]]
    """A name's folded words, space-separated → the documents with that name."""
    alphabet: str
    """The letters of the Latin words: what a typo may put in."""
    by_start: Lookup[tuple[str, int], Sequence[int]]
    """Latin words by first letter and length (as vocabulary positions): where two-typo
    candidates are looked for."""
    doc_freq: Indexed[int]
    """Per word, its documents in the tier where it has most: the more common of two
    equally close spellings is what a did-you-mean offers."""
    grams: Lookup[str, Grams]
    """CJK characters and character pairs → documents per tier: any part of a Japanese
    text is found by the pairs it is made of, without scanning the vocabulary."""
    filters: FilterTables


class Words(Sequence[str]):
    """Sorted words kept as one text ("\\nfirst\\nsecond\\n") plus where each starts: a word is
    one slice, a compound part one `str.find`, and nothing is split up front (splitting the
    130 000 words of a big base takes 15 ms).  A built index also has them as a list, which
    answers `bisect` in C; an opened one splits them the first time a typo is looked for."""

    __slots__ = ("_listed", "_lock", "starts", "text")

    def __init__(self, text: str, starts: Sequence[int], listed: list[str] | None = None) -> None:
        self.text = text
        self.starts = starts
        """Where each word starts in `text`, and one more entry: len(text)."""
        self._listed = listed
        self._lock = threading.Lock()

    @classmethod
    def of(cls, words: list[str], *, keep_list: bool = True) -> Words:
        starts = array("I", accumulate((len(word) + 1 for word in words), initial=1))
        text = "\n" + "\n".join(words) + "\n" if words else "\n"
        return cls(text, starts, words if keep_list else None)

    def __len__(self) -> int:
        return len(self.starts) - 1

    @overload
    def __getitem__(self, index: int) -> str: ...

    @overload
    def __getitem__(self, index: slice) -> list[str]: ...

    def __getitem__(self, index: int | slice) -> str | list[str]:
        if isinstance(index, slice):
            return self.listed()[index]
        if index < 0:
            index += len(self.starts) - 1
        starts = self.starts
        return self.text[starts[index] : starts[index + 1] - 1]

    def __iter__(self) -> Iterator[str]:
        if len(self.starts) > 1:
            yield from self.text[1:-1].split("\n")

    def __contains__(self, word: object) -> bool:
        if not isinstance(word, str):
            return False
        listed = self.listed()
        at = bisect_left(listed, word)
        return at < len(listed) and listed[at] == word

    def listed(self) -> list[str]:
        """The words as a list (typos ask about hundreds of spellings: looked up in C)."""
        listed = self._listed
        if listed is None:
            with self._lock:
                listed = self._listed
                if listed is None:
                    listed = list(self)
                    if len(listed) != len(self):  # read from a file: its text and its starts
                        raise bits.OutOfRange(f"{len(listed)} words where {len(self)} start")
                    self._listed = listed
        return listed

    def bisect(self, word: str) -> int:
        """bisect_left: in C over the list where there is one, else one Python loop over the
        text (no call per step)."""
        listed = self._listed
        if listed is not None:
            return bisect_left(listed, word)
        text, starts = self.text, self.starts
        lo, hi = 0, len(starts) - 1
        while lo < hi:
            mid = (lo + hi) // 2
            if text[starts[mid] : starts[mid + 1] - 1] < word:
                lo = mid + 1
            else:
                hi = mid
        return lo

    def exact(self, word: str) -> int | None:
        """The position of `word`, or None."""
        listed = self._listed
        if listed is not None:
            at = bisect_left(listed, word)
            return at if at < len(listed) and listed[at] == word else None
        at = self.bisect(word)
        starts = self.starts
        if at + 1 < len(starts) and self.text[starts[at] : starts[at + 1] - 1] == word:
            return at
        return None

    def prefix_range(self, word: str) -> tuple[int, int]:
        """The positions of the words starting with `word`."""
        return self.bisect(word), self.bisect(word + "\U0010ffff")

    def holding(self, part: str) -> list[int]:
        """The words holding `part` somewhere after their first letter (compound parts)."""
        found: list[int] = []
        text, starts = self.text, self.starts
        at = text.find(part)
        while at >= 0:
            index = bisect_right(starts, at) - 1
            if starts[index] != at:
                found.append(index)
                # continue after this word: one hit per word is enough (and always on:
                # `starts` comes from a file, and must not make this loop for ever)
                at = text.find(part, max(at + 1, starts[index + 1]))
            else:
                at = text.find(part, at + 1)
        return found


class EntityDocs:
    """The documents of a built index: the entities themselves."""

    __slots__ = ("_doc_of", "_entities")

    def __init__(self, entities: tuple[AnyEntity, ...]) -> None:
        self._entities = entities
        self._doc_of = {entity.id: doc for doc, entity in enumerate(entities)}

    def __len__(self) -> int:
        return len(self._entities)

    def __getitem__(self, doc: int) -> AnyEntity:
        return self._entities[doc]

    def prefetch(self, docs: Iterable[int]) -> None:
        """Nothing to read: every entity is in memory."""

    def find(self, entity_id: str) -> int | None:
        return self._doc_of.get(entity_id)

    def doc_of(self, entity_id: str) -> int:
        return self._doc_of[entity_id]

    def ids(self) -> Iterator[str]:
        return (entity.id for entity in self._entities)

    def entities(self) -> tuple[AnyEntity, ...]:
        return self._entities
