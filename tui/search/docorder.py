"""The order of equal scores over document numbers that stay put.

A built index numbers its documents in the order of equal scores (themes, participants,
places, events by date, sources: `build.documents`), so that the first documents of a set
are its lowest bits.  An update (`tui.search.update`) keeps every document's number when
entities are added, removed or moved, so that an added event changes the parts holding its
own words and not every part after it:

* an added entity gets a free number (one a removed entity left), else a new one at the end;
* a removed entity's number is free: it is in no document set, and not in `alive`;
* the numbers of most documents still rise in the order of equal scores; the others (added
  or moved since the last build) are *displaced*: each is known by the document it follows
  in that order (its anchor, the nearest one before it that is not displaced) and its place
  among the displaced documents after that anchor.

So the order of two documents is a comparison of `key`s, and the first N documents of a set
are the first N of its documents that are not displaced (its lowest bits) merged with its
displaced ones (few: an update builds the index afresh once there are too many, see
`tui.search.update.compact_after`).  A built index has none, and answers as it always did.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence

import tui.search.bits as bits

SHIFT = 32
"""A key is (anchor + 1) << SHIFT, plus 1 + the place after the anchor for a displaced one."""


class DocOrder:
    """Which document numbers are in use, and the order of equal scores among them."""

    __slots__ = ("_keys", "alive", "displaced", "free", "size")

    def __init__(
        self, size: int, free: Sequence[int] = (), keys: Mapping[int, int] | None = None
    ) -> None:
        self.size = size
        self.free = tuple(free)
        """The numbers no entity holds (left by removed ones)."""
        self.alive = ((1 << size) - 1) & ~bits.from_ids(self.free, size)
        """Every document an entity holds: where a query with filters only starts."""
        self._keys = dict(keys or {})
        """Displaced document → its key."""
        self.displaced = bits.from_ids(sorted(self._keys), size)

    @classmethod
    def placed(
        cls, size: int, free: Sequence[int], anchors: Mapping[int, tuple[int, int]]
    ) -> DocOrder:
        """From displaced document → (anchor + 1, place after the anchor), as stored."""
        return cls(
            size,
            free,
            {doc: (after << SHIFT) + 1 + place for doc, (after, place) in anchors.items()},
        )

    def anchors(self) -> dict[int, tuple[int, int]]:
        """Displaced document → (anchor + 1, place after it): what the store keeps."""
        mask = (1 << SHIFT) - 1
        return {doc: (key >> SHIFT, (key & mask) - 1) for doc, key in sorted(self._keys.items())}

    def key(self, doc: int) -> int:
        """Sorts documents in the order of equal scores."""
        found = self._keys.get(doc)
        return found if found is not None else (doc + 1) << SHIFT

    def first(self, docs: int, limit: int | None = None) -> list[int]:
        """The first `limit` documents of a set (all of them: None), in the order of equal
        scores."""
        if limit is not None and limit <= 0:
            return []
        if not self.displaced:
            return list(_members(docs, limit))
        found = list(_members(docs & ~self.displaced, limit))
        extra = docs & self.displaced
        if extra:
            found.extend(bits.members(extra))
            found.sort(key=self.key)
            if limit is not None:
                del found[limit:]
        return found

    def sorted(self, docs: Iterable[int]) -> list[int]:
        return sorted(docs, key=self.key) if self.displaced else sorted(docs)

    def rank(self) -> list[int]:
        """Every document in use, in the order of equal scores."""
        return self.first(self.alive)


def _members(docs: int, limit: int | None) -> Iterable[int]:
    """`bits.members`; the first alone without writing out every bit."""
    if limit == 1:
        return [(docs & -docs).bit_length() - 1] if docs else []
    return bits.members(docs, limit)


def placed_in(numbers: Sequence[int], kept: set[int]) -> dict[int, tuple[int, int]]:
    """The displaced documents of an order (`numbers`: the documents in the order of equal
    scores, `kept`: those that are not displaced, their numbers rising), each with
    (anchor + 1, place after the anchor)."""
    out: dict[int, tuple[int, int]] = {}
    after, place = 0, 0
    for doc in numbers:
        if doc in kept:
            after, place = doc + 1, 0
        else:
            out[doc] = (after, place)
            place += 1
    return out


def rising(numbers: Sequence[int]) -> set[int]:
    """A longest run of `numbers` (not necessarily adjacent) that rises: the documents an
    order can keep where they are (the others are displaced)."""
    from bisect import bisect_left

    tails: list[int] = []  # tails[k]: the smallest last number of a rising run of k + 1
    tail_at: list[int] = []
    before: list[int] = [-1] * len(numbers)
    for at, number in enumerate(numbers):
        k = bisect_left(tails, number)
        if k == len(tails):
            tails.append(number)
            tail_at.append(at)
        else:
            tails[k] = number
            tail_at[k] = at
        before[at] = tail_at[k - 1] if k else -1
    out: set[int] = set()
    at = tail_at[-1] if tail_at else -1
    while at >= 0:
        out.add(numbers[at])
        at = before[at]
    return out
