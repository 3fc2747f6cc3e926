"""A stored index → the index of the base after an edit, as the parts that changed.

The rule: the updated index answers every query exactly as an index built afresh from the
new base (`tests/test_search_update.py` checks it after random edits).  What a document
holds is worked out by the build's own `doc_words`, once with the base before the edit and
once after, for the documents an edit can change:

* the entities that differ (of the changed files: an entity saved unchanged is left alone);
* for such an entity whose names changed, every entity linking to it: the linked names are
  in their index (`fields.linked`), and for a place also every entity linking to a place
  inside it (the places around a place are linked names too);
* for an event whose years changed, its parts (an undated part counts its trip's years).

Each word, Japanese character pair, whole name and filter value whose documents changed
gets its new documents; a word no document holds any more leaves the vocabulary, a new one
joins it where it sorts.  Parts and blocks are known by where they start (`layout`), so a
new word grows one postings part and one block, and a common word's bit set is named by
the word: the parts an edit does not touch are left as they are, byte for byte.  Then every
part worked out again is compared with the stored one, and only those that differ are
written (over a copy of the stored index, `tui.store.write_parts_over`).

Document numbers stay put (`docorder`): an added entity takes a free number (one a removed
entity left) or a new one at the end, a removed one leaves its number free, and an entity
that moves in the order of equal scores (an event whose date changed, a theme moved in its
file, a file renamed) keeps its number and becomes *displaced*: the stored `order` says
where it goes.  Added, removed and moved entities are documents the edit changes like any
other (an added one held nothing before, a removed one holds nothing after), and the words
whose first document changed are spelled again (a word is shown as the first document in
that order writes it).  So adding an event to a file of a base of 100 000 writes the parts
of its own words, one `docs` and one `ids` part, `order` and the whole-vocabulary parts.

When to build afresh instead (`compact_after`): once more than one number in 16 (and at
least 256) is free or displaced.  Free numbers cost every document set a bit each, and
displaced documents are sorted by key wherever a query takes the first documents of a set
(`DocOrder.first`), so both are kept to a small share; a build at 100 000 events takes about
as long as a few hundred updates, and an author adds events one by one, so it comes seldom
(after some 6 000 added or moved events at 100 000, 625 at 10 000).  An edit that crowds
many new words into one part of the vocabulary also builds afresh (see below).
"""

from __future__ import annotations

from array import array
from bisect import bisect_left, bisect_right, insort
from collections.abc import Callable, Mapping, Sequence
from itertools import pairwise
from typing import TYPE_CHECKING, Any, cast

import tui.search.bits as bits
import tui.search.dump as dump
import tui.search.store as store
import tui.search.tables as layout
from tui.model import AnyEntity, Event, FactBase, Place
from tui.periods import years_of
from tui.search.build import TYPE_ORDER, doc_words, heavy_from
from tui.search.codec import Writer
from tui.search.docorder import DocOrder, placed_in, rising
from tui.search.fields import ID, LINK, NAME, TEXT, TIERS, linked, name_fields
from tui.search.filters import ENTITY_TYPES, FilterTables, filter_tables
from tui.search.fold import is_cjk
from tui.search.tables import IndexTables
from tui.search.vocabulary import Vocabulary
from tui.store.reader import StoredBase

if TYPE_CHECKING:
    from tui.load import Changes

_TYPE_COLLECTION = {
    "theme": "themes",
    "participant": "participants",
    "place": "places",
    "event": "events",
    "source": "sources",
}
_STORE_ORDER = ("sources", "places", "participants", "themes", "events")
"""The order a stored base lists its ids in (`tui.store.codec.COLLECTIONS`)."""


COMPACT_SHARE = 16
COMPACT_MIN = 256


def compact_after(live: int) -> int:
    """How many numbers may be free or displaced together before an update builds the
    index afresh (the module says why)."""
    return max(COMPACT_MIN, live // COMPACT_SHARE)


def document_ids(base: FactBase) -> list[str]:
    """The ids of `build.documents(base)`, without reading an entity of a stored base."""
    if not base.stored:
        out: list[str] = []
        for kind in TYPE_ORDER:
            if kind == "event":
                out.extend(event.id for event in base.timeline())
            else:
                out.extend(entity.id for entity in base.collection(_TYPE_COLLECTION[kind]))
        return out
    every = list(base.by_id)
    cut: dict[str, list[str]] = {}
    at = 0
    for name in _STORE_ORDER:
        count = len(base.collection(name))
        cut[name] = every[at : at + count]
        at += count
    if at != len(every):
        raise store.damaged("the base lists another number of ids than it holds")
    cut["events"] = list(base.listing("timeline").ids)
    return [i for kind in TYPE_ORDER for i in cut[_TYPE_COLLECTION[kind]]]


class _Doc:
    """What one document holds, as folded words."""

    __slots__ = ("filters", "grams", "names", "spelled", "tiers")

    def __init__(
        self,
        tiers: tuple[frozenset[str], ...],
        grams: tuple[frozenset[str], ...],
        names: dict[str, int],
        filters: dict[str, frozenset[object]],
        spelled: dict[str, str],
    ) -> None:
        self.tiers = tiers
        self.grams = grams
        self.names = names
        """Whole name → how often the document has it (a name may be given twice)."""
        self.filters = filters
        self.spelled = spelled
        """Each word as this document first writes it."""


def _read(base: FactBase, entity: AnyEntity) -> _Doc:
    """What the document of `entity` holds in `base`, read as a build reads it (with a
    vocabulary of its own: its first spelling of each word is what the index shows for a
    word this document is the first to hold)."""
    vocabulary = Vocabulary()
    names: list[tuple[tuple[int, ...], int]] = []
    own = doc_words(base, entity, vocabulary, {}, names, 0)
    words = [""] * len(vocabulary.display)
    for word, at in vocabulary.word_ids.items():
        if at >= 0:
            words[at] = word
    gram_names = [""] * len(vocabulary.gram_ids)
    for gram, at in vocabulary.gram_ids.items():
        gram_names[at] = gram
    grams_of = vocabulary.grams_of
    tiers = tuple(frozenset(words[w] for w in held) for held in own)
    grams = tuple(
        frozenset(gram_names[g] for w in held if w in grams_of for g in grams_of[w]) for held in own
    )
    counted: dict[str, int] = {}
    for word_ids, _ in names:
        key = " ".join(words[w] for w in word_ids if w >= 0)
        if key:
            counted[key] = counted.get(key, 0) + 1
    tables = filter_tables([entity], base.get)
    filters: dict[str, frozenset[object]] = {
        "kinds": frozenset(k for k, v in tables.kinds.items() if v),
        "years": frozenset(tables.years),
        "themes": frozenset(tables.themes),
        "participants": frozenset(tables.participants),
        "bases": frozenset(k for k in tables.bases if tables.bases[k]),
    }
    spelled = dict(zip(words, vocabulary.display, strict=True))
    return _Doc(tiers, grams, counted, filters, spelled)


_NONE: frozenset[str] = frozenset()
_EMPTY = _Doc(
    tuple(_NONE for _ in TIERS),
    tuple(_NONE for _ in TIERS),
    {},
    {name: frozenset() for name in ("kinds", "years", "themes", "participants", "bases")},
    {},
)
"""The document of a number no entity holds (before an entity is added, after it goes)."""


def _changed(before: FactBase, base: FactBase, ids: frozenset[str]) -> set[str]:
    """The entities of the changed files that differ: told by their stored bytes when both
    bases are stored (decoding a thousand events costs more than the rest of an update)."""
    if isinstance(before, StoredBase) and isinstance(base, StoredBase):
        then, now = before.records(ids), base.records(ids)
        return {i for i in ids if then.get(i) is None or then.get(i) != now.get(i)}
    return {i for i in ids if before.get(i) != base.get(i)}


def _affected(before: FactBase, base: FactBase, changed: set[str]) -> tuple[set[str], set[str]]:
    """The entities whose documents an edit of `changed` can change (see the module): those
    to read whole, and those of which only the linked names can change."""
    out = set(changed)
    linking: set[str] = set()
    links = base.backlinks
    for entity_id in changed:
        old, new = before.get(entity_id), base.get(entity_id)
        reach: set[str] = set()
        if old is None or new is None:  # added or removed: as renamed (and moved) from nothing
            one = old if new is None else new
            side = before if new is None else base
            reach.add(entity_id)
            if isinstance(one, Place):
                reach |= _closure(side.backlinks.children, entity_id)
            if isinstance(one, Event):
                parts = _closure(side.backlinks.parts, entity_id)
                out |= parts
                reach |= parts
            for target in reach:
                linking.update(side.backlinks.referrers.get(target, ()))
                linking.update(links.referrers.get(target, ()))
            continue
        renamed = type(old) is not type(new) or tuple(name_fields(old)) != tuple(name_fields(new))
        if renamed:
            reach.add(entity_id)
        if isinstance(new, Place) or isinstance(old, Place):
            moved = not (
                isinstance(old, Place) and isinstance(new, Place) and old.part_of == new.part_of
            )
            if renamed or moved:  # the places inside it have it around them
                reach |= {entity_id} | _closure(links.children, entity_id)
        if (
            isinstance(new, Event)
            and isinstance(old, Event)
            and years_of(before.get, old) != years_of(base.get, new)
        ):
            parts = _closure(links.parts, entity_id)
            out |= parts
            reach |= parts
        for target in reach:
            linking.update(links.referrers.get(target, ()))
    return out, linking - out


class _LinkedNames:
    """The words (and Japanese pairs) of the names an entity links to, in one base: what
    an entity that did not change itself can gain or lose by an edit of what it links to
    (each linked entity's names read once)."""

    def __init__(self, base: FactBase) -> None:
        self.base = base
        self._of: dict[str, tuple[frozenset[str], frozenset[str]]] = {}

    def _names(self, target: AnyEntity) -> tuple[frozenset[str], frozenset[str]]:
        found = self._of.get(target.id)
        if found is None:
            vocabulary = Vocabulary()
            held: set[int] = set()
            for text in name_fields(target):
                vocabulary.ids_of(text, held)
            words = {at: word for word, at in vocabulary.word_ids.items()}
            grams = {at: gram for gram, at in vocabulary.gram_ids.items()}
            grams_of = vocabulary.grams_of
            found = (
                frozenset(words[w] for w in held),
                frozenset(grams[g] for w in held if w in grams_of for g in grams_of[w]),
            )
            self._of[target.id] = found
        return found

    def doc(self, entity: AnyEntity) -> _Doc:
        words: set[str] = set()
        grams: set[str] = set()
        for _, target in linked(self.base, entity):
            target_words, target_grams = self._names(target)
            words |= target_words
            grams |= target_grams
        none: frozenset[str] = frozenset()
        return _Doc(
            (none, none, none, frozenset(words)),
            (none, none, none, frozenset(grams)),
            {},
            {name: frozenset() for name in _FILTERS},
            {},
        )


_FILTERS = ("kinds", "years", "themes", "participants", "bases")


def _closure(table: Mapping[str, Sequence[str]], start: str) -> set[str]:
    found: set[str] = set()
    todo = [start]
    while todo:
        for child in table.get(todo.pop(), ()):
            if child not in found:
                found.add(child)
                todo.append(child)
    return found


def _stored(old: IndexTables, tier: int, at: int) -> int | Sequence[int]:
    """A word's documents in the stored index."""
    common = old.heavy[tier].get(at)
    return common if common is not None else old.postings[tier][at]


def _patched(
    held: int | Sequence[int], gone: set[int], new: set[int], size: int, heavy: int
) -> int | array[int]:
    """A word's (gram's) documents after the edit: a bit set from `heavy` documents on."""
    if isinstance(held, int):
        for doc in gone:
            held &= ~(1 << doc)
        for doc in new:
            held |= 1 << doc
        if held.bit_count() >= heavy:
            return held
        return array("I", bits.members(held))
    docs = sorted((set(held) - gone) | new)
    if len(docs) >= heavy:
        return bits.from_ids(docs, size)
    return array("I", docs)


def _count(held: int | Sequence[int]) -> int:
    return held.bit_count() if isinstance(held, int) else len(held)


def _first(by_tier: Sequence[int | Sequence[int]], order: DocOrder) -> int | None:
    """The first document (in the order of equal scores) holding a word in any tier."""
    found: list[int] = []
    for held in by_tier:
        if isinstance(held, int):
            found.extend(order.first(held, 1))
        elif len(held):
            found.append(min(held, key=order.key) if order.displaced else held[0])
    return min(found, key=order.key) if found else None


class Afresh(Exception):
    """The index is to be built again rather than updated; the reason: "compact" (too many
    free or displaced numbers), "crowded" (new words crowded into one part), "empty" (a
    vocabulary of no words), "unknown" (the stored index does not know an entity the base
    says it holds)."""


def update_parts(
    base: FactBase, before: FactBase, previous: store.ReadPart, changes: Changes
) -> dict[str, bytes | None] | None:
    """The parts of the stored index (`previous`, of `before`) that differ for `base`: new
    bytes, or None for a part that goes; None when the index is to be built again."""
    try:
        return parts_changed(base, before, previous, changes)
    except Afresh:
        return None


def parts_changed(
    base: FactBase, before: FactBase, previous: store.ReadPart, changes: Changes
) -> dict[str, bytes | None]:
    """`update_parts`, or Afresh."""
    parts = store.Parts(previous)
    old = store.open_tables(before, parts)
    meta = parts.meta()
    slots = list(old.docs.ids())  # "" for a free doc_of_id
    doc_of_id = {entity_id: doc for doc, entity_id in enumerate(slots) if entity_id}
    wanted = document_ids(base)
    present = set(wanted)
    gone_ids = [i for i in doc_of_id if i not in present]
    new_ids = [i for i in wanted if i not in doc_of_id]
    now_slots = list(slots)
    for entity_id in gone_ids:
        now_slots[doc_of_id[entity_id]] = ""
    reusable = [doc for doc, entity_id in enumerate(now_slots) if not entity_id]
    for entity_id, doc in zip(new_ids, reusable, strict=False):
        now_slots[doc] = entity_id
    now_slots.extend(new_ids[len(reusable) :])
    size = len(now_slots)
    now_number = {entity_id: doc for doc, entity_id in enumerate(now_slots) if entity_id}
    renumbered = {doc_of_id[i] for i in gone_ids} | {now_number[i] for i in new_ids}

    # the order of equal scores: the documents whose numbers still rise stay where they are
    old_order = old.order
    was_displaced = old_order.anchors()
    numbers = [now_number[i] for i in wanted]
    staying = [d for d in numbers if d not in renumbered and d not in was_displaced]
    kept = set(staying)
    if any(a > b for a, b in pairwise(staying)):
        kept = rising(staying)
    anchors = placed_in(numbers, kept)
    free = [doc for doc, entity_id in enumerate(now_slots) if not entity_id]
    if len(free) + len(anchors) > compact_after(len(wanted)):
        raise Afresh(
            "compact"
        )  # too many free or displaced numbers: numbered afresh (see the module)
    order = DocOrder.placed(size, free, anchors)
    moved = {
        doc
        for doc in was_displaced.keys() | anchors.keys()
        if doc not in renumbered and old_order.key(doc) != order.key(doc)
    }

    changed = _changed(before, base, changes.removed | changes.added)
    changed |= {now_slots[doc] for doc in moved}
    if not changed and not renumbered:
        return {}
    full, linking = _affected(before, base, changed)
    docs: dict[int, tuple[_Doc, _Doc]] = {}
    for doc in renumbered:
        was_id = slots[doc] if doc < len(slots) else ""
        was = before.get(was_id) if was_id else None
        is_now = base.get(now_slots[doc]) if now_slots[doc] else None
        if (was is None) != (not was_id) or (is_now is None) != (not now_slots[doc]):
            raise Afresh("unknown")
        docs[doc] = (
            _EMPTY if was is None else _read(before, was),
            _EMPTY if is_now is None else _read(base, is_now),
        )
    old_names, new_names = _LinkedNames(before), _LinkedNames(base)
    for entity_id in sorted(full | linking):
        found = doc_of_id.get(entity_id)
        if found is None or found in renumbered:
            continue  # added or removed: read above
        doc = found
        was, is_now = before.get(entity_id), base.get(entity_id)
        if was is None or is_now is None or now_number.get(entity_id) != doc:
            raise Afresh("unknown")
        if entity_id in full:
            docs[doc] = (_read(before, was), _read(base, is_now))
        else:
            docs[doc] = (old_names.doc(was), new_names.doc(is_now))
    heavy_size = heavy_from(size)
    out: dict[str, bytes | None] = {}

    def put(name: str, data: bytes | None) -> None:
        """Keep a part worked out again when it differs from the stored one."""
        if data is None:
            if previous(name) is not None:
                out[name] = None
        elif previous(name) != data:
            out[name] = data

    # -- words: which documents each touched word has now, per tier -----------------------
    moves: dict[tuple[int, str], tuple[set[int], set[int]]] = {}
    for doc, (then, now) in docs.items():
        for tier in TIERS:
            for word in then.tiers[tier] - now.tiers[tier]:
                moves.setdefault((tier, word), (set(), set()))[0].add(doc)
            for word in now.tiers[tier] - then.tiers[tier]:
                moves.setdefault((tier, word), (set(), set()))[1].add(doc)
    vocab = old.vocab
    held: dict[tuple[int, str], int | array[int]] = {}
    for (tier, word), (gone, new) in moves.items():
        at = vocab.exact(word)
        before_docs: int | Sequence[int] = array("I")
        if at is not None:
            common = old.heavy[tier].get(at)
            before_docs = common if common is not None else old.postings[tier][at]
        held[tier, word] = _patched(before_docs, gone, new, size, heavy_size)

    def docs_of(tier: int, word: str, at: int | None) -> int | Sequence[int]:
        """A word's documents now (`at`: its place in the stored vocabulary)."""
        found = held.get((tier, word))
        if found is not None:
            return found
        if at is None:
            return array("I")
        common = old.heavy[tier].get(at)
        return common if common is not None else old.postings[tier][at]

    touched = {word for _, word in moves}
    seen = {
        word
        for pair in docs.values()
        for one in pair
        for tier_words in one.tiers
        for word in tier_words
    }
    gone_words = sorted(
        at
        for word in touched
        if (at := vocab.exact(word)) is not None
        and not any(_count(docs_of(tier, word, at)) for tier in TIERS)
    )
    new_words = sorted(word for word in touched if vocab.exact(word) is None)
    listed = vocab.listed()
    reshaped: set[int] = set()
    """Postings parts a word joined or left: every tier's offsets move."""
    losing_blocks: set[int] = set()
    """Blocks a word left (the vocabulary's): their unions are made again, not patched."""
    where = parts.get("layout", lambda data: store._layout(data, meta))
    part_starts, block_starts = list(where.parts), list(where.blocks)
    per_part = max(1, store.WORDS_PER_PART)
    if new_words or gone_words:
        if not len(listed):
            raise Afresh("empty")
        removed = set(gone_words)
        losing_blocks.update(
            block
            for at in gone_words
            if (block := bisect_right(block_starts, at) - 1) < len(block_starts) - 1
        )
        part_delta = [0] * (len(part_starts) - 1)
        block_delta = [0] * (len(block_starts) - 1)
        steps = [*((bisect_left(listed, w), 1) for w in new_words), *((j, -1) for j in gone_words)]
        for at, sign in steps:
            number = min(bisect_right(part_starts, at) - 1, len(part_delta) - 1)
            part_delta[number] += sign
            reshaped.add(number)
            block = bisect_right(block_starts, at) - 1
            if sign < 0 and block >= len(block_delta):
                continue
            if block >= len(block_delta):
                if block_delta and at == block_starts[-1]:
                    block = len(block_delta) - 1
                else:
                    continue
            block_delta[block] += sign
        part_starts = _shifted(part_starts, part_delta)
        block_starts = _shifted(block_starts, block_delta)
        if any(b - a > 4 * per_part for a, b in pairwise(part_starts)) or any(
            b - a > 4 * layout.BLOCK for a, b in pairwise(block_starts)
        ):
            raise Afresh("crowded")  # an edit crowded words into one place: lay them out afresh
        new_list = [w for at, w in enumerate(listed) if at not in removed]
        for word in new_words:
            insort(new_list, word)
        changed_parts = {
            number for number, delta in enumerate(part_delta) if delta
        }  # and every part after a changed count keeps its words: only these change
        changed_blocks = {number for number, delta in enumerate(block_delta) if delta}
        put("layout", dump.layout_part(part_starts, block_starts))
    else:
        new_list = listed
        changed_parts, changed_blocks = set(), set()
    old_at = {word: vocab.exact(word) for word in touched | seen}

    def position(word: str) -> int:
        return bisect_left(new_list, word)

    for word in touched:
        spot = position(word)
        if spot < len(new_list) and new_list[spot] == word:
            changed_parts.add(min(bisect_right(part_starts, spot) - 1, len(part_starts) - 2))
            which = bisect_right(block_starts, spot) - 1
            if which < len(block_starts) - 1:
                changed_blocks.add(which)

    def now_docs(tier: int, at: int) -> int | Sequence[int]:
        word = new_list[at]
        if word in old_at:
            return docs_of(tier, word, old_at[word])
        return docs_of(tier, word, vocab.exact(word))

    stored_postings = [cast(store.StoredPostings, old.postings[tier]) for tier in TIERS]

    def listed_now(tier: int, at: int) -> Sequence[int] | None:
        """A word's documents now as its postings part lists them (None: a common word,
        whose bit set answers instead; an unchanged one's is not read)."""
        word = new_list[at]
        found = held.get((tier, word))
        if found is not None:
            return None if isinstance(found, int) else found
        spot = old_at[word] if word in old_at else vocab.exact(word)
        if spot is None:
            return array("I")
        postings = stored_postings[tier]
        number, place = postings.place(spot)
        chunk = postings.chunk[number]
        if place in chunk.heavy:
            return None
        return chunk.ids[chunk.offsets[place] : chunk.offsets[place + 1]]

    # postings parts (of a tier whose words moved there, or of every tier where words were
    # added or removed: the offsets move) and common words' bit sets
    moved_in: dict[int, set[int]] = {}
    for tier, word in moves:
        spot = position(word)
        if spot < len(new_list) and new_list[spot] == word:
            part = min(bisect_right(part_starts, spot) - 1, len(part_starts) - 2)
            moved_in.setdefault(part, set()).add(tier)
    for number in sorted(changed_parts):
        chunk = range(part_starts[number], part_starts[number + 1])
        for tier in TIERS if number in reshaped else sorted(moved_in.get(number, ())):
            now_entries = [listed_now(tier, at) for at in chunk]
            lists = {
                at: array("I") if one is None else one
                for at, one in zip(chunk, now_entries, strict=True)
            }
            flagged = {at for at, one in zip(chunk, now_entries, strict=True) if one is None}
            put(f"postings.{tier}.{number}", dump.postings_part(lists, flagged.__contains__, chunk))
    for (tier, word), patched in held.items():
        name = store.heavy_name(tier, word)
        put(name, dump.bit_set_part(patched) if isinstance(patched, int) else None)

    # blocks and super blocks: a block none of whose words lost a document is patched (its
    # union gains the documents its words gained), any other made again
    touched_tiers = {tier for tier, _ in moves}
    gained: dict[tuple[int, int], set[int]] = {}
    for (tier, word), (gone, new) in moves.items():
        spot = position(word)
        if spot >= len(new_list) or new_list[spot] != word:
            continue  # a word that left: its block is in losing_blocks
        block = bisect_right(block_starts, spot) - 1
        if block >= len(block_starts) - 1:
            continue
        if gone:
            losing_blocks.add(block)  # (per tier would do; rare enough to make all again)
        gained.setdefault((tier, block), set()).update(new)
    for tier in TIERS:
        blocks = old.blocks[tier]
        new_blocks: dict[int, int] = {}
        for block in sorted(changed_blocks if tier in touched_tiers else ()):
            block_was = bits.held(blocks[block], size)
            if block not in losing_blocks:
                union = block_was | bits.from_ids(sorted(gained.get((tier, block), ())), size)
            else:
                light: list[Sequence[int]] = []
                union = 0
                for at in range(block_starts[block], block_starts[block + 1]):
                    one = now_docs(tier, at)
                    if isinstance(one, int):
                        union |= one
                    else:
                        light.append(one)
                union |= bits.union(light, size)
            if union != block_was:
                new_blocks[block] = union
        if not new_blocks:
            continue
        count = len(block_starts) - 1
        for number in sorted({b // store.BLOCKS_PER_PART for b in new_blocks}):
            first = number * store.BLOCKS_PER_PART
            put(
                f"blocks.{tier}.{number}",
                dump.blocks_part(
                    [
                        bits.kept(new_blocks[i], heavy_size) if i in new_blocks else blocks[i]
                        for i in range(first, min(count, first + store.BLOCKS_PER_PART))
                    ]
                ),
            )
        supers = old.supers[tier]
        per_super = meta.per_super
        new_supers = [supers[i] for i in range(len(supers))]
        for number in {b // per_super for b in new_blocks}:
            if number < len(new_supers):
                inside = range(number * per_super, (number + 1) * per_super)
                if not losing_blocks.intersection(inside):
                    union = new_supers[number]
                    for i in inside:
                        union |= new_blocks.get(i, 0)
                else:
                    union = 0
                    for i in inside:
                        union |= new_blocks[i] if i in new_blocks else bits.held(blocks[i], size)
                new_supers[number] = union
        put(f"supers.{tier}", bytes(Writer().integers(new_supers)))

    # how common each word is, as the data first wrote it, the typo tables
    counts = store._counts(parts.raw("doc_freq"), meta.words)
    display = list(store._words(parts.raw("display"), meta.words))
    if new_list is not listed:
        by_word = dict(zip(listed, zip(counts, display, strict=True), strict=True))
        counts = array("I", (by_word.get(w, (0, ""))[0] for w in new_list))
        display = [by_word.get(w, (0, ""))[1] for w in new_list]
    # A word is shown as the first document holding it first writes it: worked out again
    # where that document changed, or is another one now.
    respell = set(touched)
    for then, now in docs.values():
        respell.update(w for w, shown in now.spelled.items() if then.spelled.get(w) != shown)
    for doc in moved | renumbered:  # the first document holding one of its words may differ
        for side in docs[doc]:
            respell.update(side.spelled)
    elsewhere: dict[int, list[str]] = {}
    for word in respell:
        at = position(word)
        if at >= len(new_list) or new_list[at] != word:
            continue
        per_tier = [now_docs(tier, at) for tier in TIERS]
        named = _count(per_tier[NAME]) + _count(per_tier[ID])
        counts[at] = max(named, _count(per_tier[TEXT]), _count(per_tier[LINK]))
        first_doc = _first(per_tier, order)
        if first_doc is None:
            continue  # cannot be: the word is in the vocabulary
        first = first_doc
        if first in docs:
            shown = docs[first][1].spelled.get(word)
            if shown is not None:
                display[at] = shown
                continue  # else a document read for its linked names only: read it whole
        else:
            old_spot = old_at.get(word, vocab.exact(word))
            if (
                old_spot is not None
                and _first([_stored(old, tier, old_spot) for tier in TIERS], old_order) == first
            ):
                continue  # the same document, unchanged, was first to hold it
        elsewhere.setdefault(first, []).append(word)
    for doc, spelled_here in elsewhere.items():
        entity = base.get(now_slots[doc])
        if entity is None:
            raise Afresh("unknown")
        spelled = _read(base, entity).spelled
        for word in spelled_here:
            display[position(word)] = spelled[word]
    put("doc_freq", dump.counts_part(counts))
    if new_list is not listed:
        put("vocab", dump._words_part(new_list))
    put("display", dump._words_part(display))
    alphabet = meta.alphabet
    if new_list is not listed:
        by_start: dict[tuple[str, int], array[int]] = {}
        for at, word in enumerate(new_list):
            if word.isalpha() and not is_cjk(word):
                by_start.setdefault((word[0], len(word)), array("I")).append(at)
        put("by_start", dump.by_start_part(by_start))
        alphabet = "".join(
            sorted({ch for word in new_list if word.isalpha() and not is_cjk(word) for ch in word})
        )

    # whole names
    name_moves: dict[str, dict[int, int]] = {}
    for doc, (then, now) in docs.items():
        for key in then.names.keys() | now.names.keys():
            if then.names.get(key) != now.names.get(key):
                name_moves.setdefault(key, {})[doc] = now.names.get(key, 0)
    by_part: dict[int, list[str]] = {}
    for key in name_moves:
        by_part.setdefault(store.name_part(key, meta.names), []).append(key)
    for number in by_part:
        stored_names = parts.get(f"names.{number}", store._names)
        whole: dict[str, list[int]] = {
            key: list(stored_names.docs[stored_names.offsets[at] : stored_names.offsets[at + 1]])
            for at, key in enumerate(stored_names.keys)
        }
        for key in by_part[number]:
            listed_docs = [d for d in whole.get(key, ()) if d not in name_moves[key]]
            for doc, times in name_moves[key].items():
                listed_docs.extend([doc] * times)
            listed_docs.sort()
            if listed_docs:
                whole[key] = listed_docs
            else:
                whole.pop(key, None)
        put(f"names.{number}", dump.names_part(whole, list(whole)))

    # Japanese character pairs
    gram_moves: dict[tuple[int, str], tuple[set[int], set[int]]] = {}
    for doc, (then, now) in docs.items():
        for tier in TIERS:
            for gram in then.grams[tier] - now.grams[tier]:
                gram_moves.setdefault((tier, gram), (set(), set()))[0].add(doc)
            for gram in now.grams[tier] - then.grams[tier]:
                gram_moves.setdefault((tier, gram), (set(), set()))[1].add(doc)
    if gram_moves:
        names = set(parts.get("grams", store._gram_names))
        for gram in sorted({gram for _, gram in gram_moves}):
            stored = old.grams.get(gram)
            by_tier: list[int | array[int]] = []
            for tier in TIERS:
                were: int | Sequence[int] = stored[tier] if stored is not None else array("I")
                gone, new = gram_moves.get((tier, gram), (set(), set()))
                gram_docs = _patched(were, gone, new, size, heavy_size) if gone or new else were
                by_tier.append(gram_docs if isinstance(gram_docs, int) else array("I", gram_docs))
            if any(_count(one) for one in by_tier):
                names.add(gram)
                put("gram." + gram, dump.gram_part(by_tier))
            else:
                names.discard(gram)
                put("gram." + gram, None)
        put("grams", bytes(Writer().json(sorted(names))))

    # filters
    if moved or any(then.filters != now.filters for then, now in docs.values()):
        _filters(old.filters, docs, base, now_slots, order, put)

    # which entity holds each number, and the way back
    if renumbered:
        per_part = store.DOCS_PER_PART
        for part in sorted({doc // per_part for doc in renumbered}):
            put(
                f"docs.{part}",
                bytes(Writer().json(now_slots[part * per_part : (part + 1) * per_part])),
            )
        id_parts: dict[int, list[str]] = {}
        for entity_id in (*gone_ids, *new_ids):
            id_parts.setdefault(store.name_part(entity_id, meta.ids), []).append(entity_id)
        for part, entity_ids in id_parts.items():
            entries = dict(parts.get(f"ids.{part}", lambda data: store._ids_chunk(data)))
            for entity_id in entity_ids:
                if entity_id in now_number:
                    entries[entity_id] = now_number[entity_id]
                else:
                    entries.pop(entity_id, None)
            put(f"ids.{part}", dump.ids_part(sorted(entries.items(), key=lambda item: item[1])))
    put("order", dump.order_part(order))
    put(
        "meta",
        dump.meta_of(
            size=size,
            live=len(wanted),
            words=len(new_list),
            alphabet=alphabet,
            blocks=len(block_starts) - 1,
            names=meta.names,
            ids=meta.ids,
            per_super=meta.per_super,
        ),
    )
    return out


def _shifted(starts: list[int], deltas: Sequence[int]) -> list[int]:
    """Part (block) starts after each part grew by its delta."""
    out = [starts[0]]
    total = 0
    for number, delta in enumerate(deltas):
        total += delta
        out.append(starts[number + 1] + total)
    return out


def _filters(
    filters: FilterTables,
    docs: Mapping[int, tuple[_Doc, _Doc]],
    base: FactBase,
    ids: Sequence[str],
    order: DocOrder,
    put: Callable[[str, bytes | None], None],
) -> None:
    """The filter tables with the documents an edit changed moved to their new values."""
    tables: dict[str, dict[Any, list[int]]] = {
        "kinds": {k: list(v) for k, v in filters.kinds.items()},
        "years": {k: list(v) for k, v in filters.years.items()},
        "themes": {k: list(v) for k, v in filters.themes.items()},
        "participants": {k: list(v) for k, v in filters.participants.items()},
        "bases": {k: list(v) for k, v in filters.bases.items()},
    }
    kind_names = dict(filters.kind_names)
    for doc, (then, now) in docs.items():
        for name, table in tables.items():
            for key in then.filters[name] - now.filters[name]:
                table[key].remove(doc)
            for key in now.filters[name] - then.filters[name]:
                insort(table.setdefault(key, []), doc)
    fixed: dict[str, tuple[str, ...]] = {
        "kinds": ENTITY_TYPES,
        "bases": ("inferred", "background"),
    }
    packed: dict[str, dict[Any, array[int]]] = {}
    for name, table in tables.items():
        keep = fixed.get(name, ())
        ordered: list[Any] = [key for key in keep if key in table]
        ordered += sorted(
            (key for key in table if table[key] and key not in keep),
            key=lambda key: table[key][0],
        )
        packed[name] = {key: array("I", table[key]) for key in ordered}
    for key in list(kind_names):
        if key not in packed["kinds"]:
            del kind_names[key]
    for then, now in docs.values():
        for key in then.filters["kinds"] | now.filters["kinds"]:
            if key in packed["kinds"] and key not in ENTITY_TYPES:
                first = base.get(ids[min(packed["kinds"][key], key=order.key)])
                kind_names[str(key)] = getattr(first, "kind", "") or str(key)
    made = FilterTables(
        kinds=packed["kinds"],
        kind_names=kind_names,
        years=packed["years"],
        themes=packed["themes"],
        participants=packed["participants"],
        bases=packed["bases"],
    )
    for name, data in dump.filter_parts(made).items():
        put(name, data)
