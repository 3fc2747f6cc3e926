"""Sets of documents as Python integers (bit d set = document d is in the set).

A union or intersection of 100 000 documents is then one C-level operation on 12.5 kB, which
is what keeps a one-letter prefix ("k" as the first keystroke) fast without extra packages.
"""

from __future__ import annotations

from array import array
from collections.abc import Iterable, Iterator, Sequence, Sized

DENSE = 12
"""From one id per DENSE documents, `from_ids` sets bytes, not bits (measured crossover)."""


_BINARY = bytes.maketrans(b"\x00\x01", b"01")


class OutOfRange(ValueError):
    """Numbers of an index that do not fit it (a document beyond the size of the set, a word
    beyond the vocabulary): only a damaged store holds them (a built index, which an opened
    one is compared against, never does).  Found where the numbers are used, at no cost to
    the right ones, instead of by scanning every part as it is read."""


def from_ids(ids: Iterable[int], size: int) -> int:
    """The set holding `ids` (each below `size`, else OutOfRange: checked here, where every
    list of documents read from a store becomes a set, at no cost to the right ones)."""
    if isinstance(ids, Sized) and not len(ids):
        return 0  # most words have no documents in some tier: no buffer to make for them
    try:
        if isinstance(ids, Sized) and len(ids) * DENSE > size:
            # Many ids: a byte per document is set faster than a bit (no shifts), and the
            # bytes become the integer in one C-level pass, as its binary digits.
            flags = bytearray(size)
            for doc in ids:
                flags[doc] = 1
            return int(flags.translate(_BINARY)[::-1], 2) if size else 0
        buffer = bytearray((size + 7) >> 3)
        for doc in ids:
            buffer[doc >> 3] |= 1 << (doc & 7)
    except IndexError:
        raise OutOfRange(f"a document beyond the {size} there are") from None
    found = int.from_bytes(buffer, "little")
    if found.bit_length() > size:
        raise OutOfRange(f"a document beyond the {size} there are")
    return found


def held(docs: int | Sequence[int], size: int) -> int:
    """A set kept either way (a bit set, or its documents listed) as a bit set."""
    return docs if isinstance(docs, int) else from_ids(docs, size)


def kept(docs: int, dense_from: int) -> int | array[int]:
    """A set as it is best kept: a bit set from `dense_from` documents on, else its documents
    listed (a few documents spread over a big base take 4 bytes each, not size / 8)."""
    if docs.bit_count() >= dense_from:
        return docs
    return array("I", members(docs))


def union(lists: Iterable[Sequence[int]], size: int) -> int:
    """The set holding the ids of every list: one pass over their concatenation."""
    joined = array("I")
    for ids in lists:
        joined.extend(ids)
    return from_ids(joined, size)


def count(bits: int) -> int:
    return bits.bit_count()


def members(bits: int, limit: int | None = None) -> Iterator[int]:
    """The documents in ascending order (the first `limit` of them)."""
    if not bits:
        return
    binary = bin(bits)
    top = len(binary) - 1  # index of bit 0
    found = 0
    at = binary.rfind("1", 2)
    while at >= 2:
        yield top - at
        found += 1
        if limit is not None and found >= limit:
            return
        at = binary.rfind("1", 2, at)


def contains(bits: int, doc: int) -> bool:
    return (bits >> doc) & 1 == 1
