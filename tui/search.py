"""Search over the fact base, shared by `facts search` and the browser's live search.

Built once per load (`SearchIndex.build(base)`), then asked per keystroke.  What matches
(the README section "Searching" has the user's view):

* words are folded (case, accents, ü = ue = u, ß = ss, full-width forms) and match as whole
  words, as the start of a word, or — from 4 letters, and always for Japanese/CJK text —
  inside a longer word, which finds the parts of German compounds;
* every word must match, in the entity's names (all languages, aliases, id), in its own text
  (description, statements, kind, date …) or in the names of what it links to;
* "quoted phrases" match their words in order; kind:, theme:, year:, participant: filter;
* a word of 5+ letters that matches nothing as typed may match with one typo (two from 9
  letters); if nothing is found at all, `SearchResult.suggestion` offers a did-you-mean.

Ranking: names above own text above linked names; exact above prefix above compound part
above typo; a query that is a whole name first; equal scores keep one stable order (themes,
participants, places, events by date, sources).

How it stays fast: every document set is a Python integer used as a bit set, the vocabulary
is sorted (a prefix is a range of it, and ranges are pre-unioned in blocks), compound parts
and CJK are found by substring search over the joined vocabulary, and the top results are
taken level by level instead of scoring every match.
"""

from __future__ import annotations

import hashlib
import heapq
from array import array
from bisect import bisect_left, bisect_right
from collections import OrderedDict
from collections.abc import Callable, Iterable, Mapping, Sequence
from contextlib import suppress
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

from tui.collector import collector_paused
from tui.model import AnyEntity, FactBase
from tui.safetext import snippet_line
from tui.searching import bits, stored
from tui.searching.fields import LINK, NAME, TIER_WEIGHT, TIERS, linked, name_fields, own_fields
from tui.searching.filters import ENTITY_TYPES, FilterResolver, Selection, filter_tables
from tui.searching.query import Filter, Query, QueryError, Term, parse
from tui.searching.snippet import (
    EXACT,
    MIN_PART,
    PART,
    PREFIX,
    TYPO,
    WHOLE,
    EntityFields,
    Wanted,
    forget_prepared,
    holds_phrase,
    make_snippet,
)
from tui.searching.stored import (
    Blocks,
    Docs,
    Grams,
    Heavy,
    Joined,
    Names,
    Parts,
    PerTier,
    Postings,
    StoredTables,
    part_names,
)
from tui.searching.text import cjk_grams, is_cjk, tokens
from tui.searching.typos import allowed_typos, candidates
from tui.searching.vocabulary import Vocabulary

__all__ = ["Hit", "QueryError", "SearchIndex", "SearchResult"]

TYPE_ORDER: tuple[str, ...] = ("theme", "participant", "place", "event", "source")
"""Order among equal scores: the few named things before the many events."""
BLOCK = 64
SUPER = 64 * BLOCK
DIRECT = 2000
"""Up to this many matches every one is scored; above, results are taken level by level."""
PHRASE_CHECKS = 200
"""Most documents whose text is read to confirm a phrase, per tier, in the stable order: a
phrase of very common words is confirmed in the first ones only (and a note says so), so
that typing it stays quick."""
TERM_CACHE = 256


@cache
def cache_key() -> str:
    """The name the index is kept under in the load cache (`tui.load.load_with`): it changes
    with the search code, so that an index pickled by other code is never used."""
    digest = hashlib.sha256()
    here = Path(__file__).resolve().parent
    for path in (here / "search.py", *sorted((here / "searching").glob("*.py"))):
        digest.update(path.read_bytes())
    return "search-index-" + digest.hexdigest()[:16]


@dataclass(frozen=True, slots=True)
class Hit:
    id: str
    kind: str
    """The entity type: event, participant, theme, place or source."""
    name: str
    score: float
    """1.0 when the query is one of the entity's names; lower for weaker matches."""
    snippet: str
    """Text around the match; `highlights` are (start, end) offsets into it."""
    highlights: tuple[tuple[int, int], ...] = ()
    matched: str = ""
    """Where it matched: 'name', 'description', 'participant', 'theme: …' (filters) …"""


@dataclass(frozen=True, slots=True)
class SearchResult:
    hits: tuple[Hit, ...]
    total: int
    """How many entities match (`hits` holds the first `limit`)."""
    query: Query
    suggestion: str | None = None
    """A corrected query that finds something, when this one found nothing."""
    notes: tuple[str, ...] = ()
    """What filters were understood as, typos used, or why nothing matched."""
    typos: tuple[tuple[str, tuple[str, ...]], ...] = ()
    """(query word, words it was read as) for each word matched with a typo."""


@dataclass(slots=True, repr=False)
class _TermMatch:
    levels: list[tuple[int, int]]
    """(points, documents first reaching that many points for this term), best first."""
    any: int
    typos: tuple[str, ...] = ()
    tiers: tuple[int, ...] = ()
    """The tier of each level: where to look for the match when explaining it."""
    unchecked: int = 0
    """Phrases: documents with all the words that were not read (beyond PHRASE_CHECKS)."""


class SearchIndex:
    """Built from a loaded base (`build`), or opened over a stored one (`open`): then each of
    the values below is read from the store when a query first needs it (see
    `tui.searching.stored`), and the same code answers either way."""

    base: FactBase
    docs: Sequence[AnyEntity]
    """Entities in the stable order of equal scores (TYPE_ORDER; events by date)."""
    size: int
    """How many documents (a document set is an integer of this many bits)."""
    vocab: Sequence[str]
    """Every folded word, sorted."""
    display: Sequence[str]
    """Each word as the data first wrote it (lower case): what a did-you-mean shows."""
    postings: Sequence[Sequence[Sequence[int]]]
    """Per tier: word → its documents (not read for the words in `heavy`)."""
    heavy: Sequence[Mapping[int, int]]
    """Per tier: word → its documents as a bit set, for words in many documents."""
    blocks: Sequence[Sequence[int]]
    supers: Sequence[Sequence[int]]
    """Per tier: the documents of BLOCK (SUPER) consecutive words, unioned beforehand."""
    joined: str
    """"\\nword\\nword\\n": the vocabulary as one text, to find compound parts in."""
    starts: Sequence[int]
    """Where each word starts in `joined` (and len(joined) last)."""
    whole_names: Mapping[str, Sequence[int]] | Names
    """A name's folded words, space-separated → the documents with that name."""
    filters: FilterResolver
    alphabet: str
    by_start: Mapping[tuple[str, int], Sequence[int]]
    """Latin words by first letter and length (as vocabulary positions): where two-typo
    candidates are looked for."""
    doc_freq: Sequence[int]
    grams: Mapping[str, tuple[int | array, ...]] | Grams
    """CJK characters and character pairs → documents per tier (a bit set where there are
    many): any part of a Japanese text is found by the pairs it is made of, without
    scanning the vocabulary."""

    def __init__(
        self,
        base: FactBase,
        docs: Sequence[AnyEntity],
        values: Mapping[str, Any],
        parts: Parts | None = None,
    ) -> None:
        self.base = base
        self.docs = docs
        self.__dict__.update(values)
        self._store = parts
        """Where an opened index reads the values it does not hold yet (None once built)."""
        self._cache: OrderedDict[tuple[Term, bool], _TermMatch] = OrderedDict()
        self._phrase_texts: dict[tuple[int, int], str] = {}
        self._fields = EntityFields(base)

    def __getattr__(self, name: str) -> Any:
        # Called only for a value an opened index has not read yet (see `open`).
        part = _LAZY.get(name)
        parts = self.__dict__.get("_store")
        if part is None or parts is None:
            raise AttributeError(name)
        with parts.lock:
            if name not in self.__dict__:
                self.__dict__.update(_read_lazy(part, parts))
        return self.__dict__[name]

    def __repr__(self) -> str:
        # the document sets are huge integers: never print them (nor convert them to text)
        if self._store is not None:
            return "<SearchIndex opened from a store>"
        return f"<SearchIndex of {len(self.docs)} entities, {len(self.vocab)} words>"

    # -- building -----------------------------------------------------------------------

    @classmethod
    def build(cls, base: FactBase) -> SearchIndex:
        """The index of `base`.  The cycle collector is paused meanwhile: the build makes
        millions of small objects that all stay alive, and walking them again and again
        would more than double the time (as it does for the loader)."""
        # Like the loaded base, the index lives as long as the program and is never part
        # of a garbage cycle: frozen, a full collection does not walk its million objects
        # in the middle of someone's keystroke.
        with collector_paused():
            return cls._build(base)

    @classmethod
    def _build(cls, base: FactBase) -> SearchIndex:
        docs = _documents(base)
        size = len(docs)
        vocabulary = Vocabulary()
        raw_postings: tuple[list[list[int]], ...] = ([], [], [])
        raw_grams: tuple[list[list[int]], ...] = ([], [], [])
        grams_of = vocabulary.grams_of
        cjk_words = vocabulary.cjk_words
        link_cache: dict[str, set[int]] = {}
        names: list[tuple[tuple[int, ...], int]] = []
        ids_of = vocabulary.ids_of

        for doc, entity in enumerate(docs):
            own: tuple[set[int], set[int], set[int]] = (set(), set(), set())
            for item in own_fields(entity):
                ids_of(item.text, own[item.tier])
            for text in name_fields(entity):
                names.append((vocabulary.ids(text), doc))
            for _, target in linked(base, entity):
                known_names = link_cache.get(target.id)
                if known_names is None:
                    known_names = link_cache[target.id] = set()
                    for text in name_fields(target):
                        ids_of(text, known_names)
                own[LINK].update(known_names)
            known = len(vocabulary.display)
            for tier in TIERS:
                lists = raw_postings[tier]
                if len(lists) < known:
                    lists.extend([] for _ in range(known - len(lists)))
                for wid in own[tier]:
                    lists[wid].append(doc)
                if grams_of:
                    found = {g for wid in own[tier] & cjk_words for g in grams_of[wid]}
                    gram_lists = raw_grams[tier]
                    missing = len(vocabulary.gram_ids) - len(gram_lists)
                    if missing > 0:
                        gram_lists.extend([] for _ in range(missing))
                    for gid in found:
                        gram_lists[gid].append(doc)

        vocabulary.word_ids.pop("", None)
        words = list(vocabulary.word_ids)
        whole_names: dict[str, list[int]] = {}
        for ids, doc in names:
            key = " ".join(words[wid] for wid in ids if wid >= 0)
            if key:
                whole_names.setdefault(key, []).append(doc)
        del names
        display = vocabulary.display
        order = sorted(range(len(words)), key=words.__getitem__)
        vocab = [words[i] for i in order]
        for lists in raw_postings:
            lists.extend([] for _ in range(len(words) - len(lists)))
        postings = tuple([array("I", raw_postings[tier][i]) for i in order] for tier in TIERS)
        del raw_postings
        heavy_size = max(64, size // 32)
        grams: dict[str, tuple[int | array, ...]] = {}
        for gram, gid in vocabulary.gram_ids.items():
            by_tier: list[int | array] = []
            for tier in TIERS:
                ids = array("I", raw_grams[tier][gid] if gid < len(raw_grams[tier]) else ())
                by_tier.append(bits.from_ids(ids, size) if len(ids) >= heavy_size else ids)
            grams[gram] = tuple(by_tier)
        del raw_grams
        doc_freq = array("I", (max(len(postings[t][w]) for t in TIERS) for w in range(len(vocab))))
        heavy: tuple[dict[int, int], ...] = ({}, {}, {})
        blocks: tuple[list[int], ...] = ([], [], [])
        supers: tuple[list[int], ...] = ([], [], [])
        for tier in TIERS:
            lists = postings[tier]
            for w, posting in enumerate(lists):
                if len(posting) >= heavy_size:
                    heavy[tier][w] = bits.from_ids(posting, size)
            for start in range(0, len(vocab) - BLOCK + 1, BLOCK):
                blocks[tier].append(
                    bits.union(lists[start : start + BLOCK], size)
                )
            per_super = SUPER // BLOCK
            for start in range(0, len(blocks[tier]) - per_super + 1, per_super):
                union = 0
                for block in blocks[tier][start : start + per_super]:
                    union |= block
                supers[tier].append(union)
        by_start: dict[tuple[str, int], array] = {}
        for at, word in enumerate(vocab):
            if word.isalpha() and not is_cjk(word):
                by_start.setdefault((word[0], len(word)), array("I")).append(at)
        alphabet = "".join(sorted({ch for word in vocab if word.isalpha() and not is_cjk(word)
                                   for ch in word}))
        joined = Joined.of(vocab)
        index = cls(
            base,
            docs,
            {
                "size": size,
                "vocab": vocab,
                "display": [display[vocabulary.word_ids[w]] for w in vocab],
                "postings": postings,
                "heavy": heavy,
                "blocks": blocks,
                "supers": supers,
                "joined": joined.text,
                "starts": joined.starts,
                "whole_names": whole_names,
                "alphabet": alphabet,
                "by_start": by_start,
                "doc_freq": doc_freq,
                "grams": grams,
            },
        )
        doc_of = {entity.id: doc for doc, entity in enumerate(docs)}
        index.filters = FilterResolver(
            base, docs, doc_of.__getitem__, filter_tables(docs), index.named
        )
        return index

    # -- storing ------------------------------------------------------------------------

    @classmethod
    def open(cls, base: FactBase, read: Callable[[str], bytes | None]) -> SearchIndex:
        """The index of a stored `base`, from the parts `dump` made: `read(name)` is called
        when a query first needs that part (never before the first query), and what it
        returns is kept.  A part missing (`read` returns None) is a damaged store: the
        query raises LookupError.  Documents are fetched from `base` only to be shown."""
        parts = Parts(read)
        docs = Docs(base, parts)
        postings = tuple(Postings(parts, tier) for tier in TIERS)
        index = cls(
            base,
            docs,
            {
                "postings": postings,
                "heavy": tuple(Heavy(tier_postings) for tier_postings in postings),
                "blocks": tuple(Blocks(parts, tier) for tier in TIERS),
                "supers": PerTier(parts, "supers"),
                "whole_names": Names(parts),
                "grams": Grams(parts),
            },
            parts,
        )
        index.filters = FilterResolver(base, docs, docs.doc_of, StoredTables(parts), index.named)
        return index

    def dump(self) -> dict[str, bytes]:
        """The index as named parts, each decodable alone (`tui.searching.stored` lists
        them): what `open` reads back."""
        if self._store is not None:
            return self._store.every(part_names(self._store))
        return stored.dump(self, [entity.id for entity in self.docs])

    # -- asking -------------------------------------------------------------------------

    def search(
        self, query: str, *, kind: str | None = None, limit: int = 50, lang: str | None = None
    ) -> list[Hit]:
        """The best `limit` hits (empty for an empty query); QueryError for a bad one."""
        return list(self.query(query, kind=kind, limit=limit, lang=lang).hits)

    def query(
        self,
        text: str,
        *,
        kind: str | None = None,
        limit: int = 50,
        lang: str | None = None,
        live: bool = False,
        suggest: bool = True,
    ) -> SearchResult:
        """Like `search`, with the total, notes and a did-you-mean.  `live=True` is for
        search as you type: an unclosed quote or a filter without its value yet is no error."""
        parsed = parse(text, live=live)
        if kind:
            parsed = Query(parsed.terms, (*parsed.filters, Filter("kind", kind)), parsed.words)
        if parsed.empty:
            if text.strip() and not live and not parsed.filters:
                raise QueryError("nothing to search for: the query has no letters or digits")
            return SearchResult((), 0, parsed)
        notes: list[str] = []
        allowed = (1 << self.size) - 1
        for flt in parsed.filters:
            selection: Selection = self.filters.resolve(flt, live)
            allowed &= selection.bits
            if selection.note:
                notes.append(selection.note)
        matches = [self._term(term, False) for term in parsed.terms]
        found = self._collect(parsed, matches, allowed, limit, lang)
        if found[1] == 0 and any(
            not t.phrase and allowed_typos(t.words[0]) and not m.typos
            for t, m in zip(parsed.terms, matches, strict=True)
        ):
            matches = [self._term(term, True) for term in parsed.terms]
            found = self._collect(parsed, matches, allowed, limit, lang)
        hits, total = found
        typos = tuple(
            (t.words[0], m.typos)
            for t, m in zip(parsed.terms, matches, strict=True)
            if m.typos and m.any
        )
        for word, meant in typos:
            if total:
                notes.append(f'"{word}" read as "{", ".join(meant[:3])}"')
        for term, match in zip(parsed.terms, matches, strict=True):
            if match.unchecked:
                notes.append(
                    f'the phrase "{term.text}" was looked for in the first {PHRASE_CHECKS} '
                    f"of the entities with all its words; {match.unchecked} more were not read"
                )
        suggestion = None
        if not total and parsed.terms and suggest:
            suggestion = self._suggest(parsed, kind, lang)
        return SearchResult(tuple(hits), total, parsed, suggestion, tuple(notes), typos)

    # -- one term -----------------------------------------------------------------------

    def _term(self, term: Term, typos: bool) -> _TermMatch:
        # a word too short for typos (or a phrase) matches the same with them allowed: one
        # answer for both ("kufen 2" retried with typos must not look up every "2…" again)
        typos = typos and not term.phrase and allowed_typos(term.words[0]) > 0
        key = (term, typos)
        cached = self._cache.get(key)
        if cached is not None:
            # the browser may search in two threads: the other may have dropped it meanwhile
            with suppress(KeyError):
                self._cache.move_to_end(key)
            return cached
        if term.phrase and len(term.words) == 1 and not is_cjk(term.words[0]):
            # one quoted word: that word exactly (or its start while the quote is open)
            match = self._quoted_word(term.words[0], term.open_end)
        elif term.phrase:
            match = self._phrase(term)
        else:
            match = self._word(term.words[0], typos)
        self._cache[key] = match
        if len(self._cache) > TERM_CACHE:
            with suppress(KeyError):
                self._cache.popitem(last=False)
        return match

    def _word(self, word: str, typos: bool) -> _TermMatch:
        exact = self._exact_index(word)
        lo, hi = self._prefix_range(word)
        if exact is not None:
            lo += 1
        cjk = is_cjk(word)
        parts = self._parts(word) if len(word) >= MIN_PART and not cjk else []
        levels: list[tuple[int, int, int]] = []
        for tier in TIERS:
            weight = TIER_WEIGHT[tier]
            if exact is not None:
                levels.append((weight * EXACT, tier, self._word_bits(tier, exact)))
            if lo < hi:
                levels.append((weight * PREFIX, tier, self._range_bits(tier, lo, hi)))
            if parts:
                levels.append((weight * PART, tier, self._words_bits(tier, parts)))
            if cjk:
                levels.append((weight * PART, tier, self._cjk_bits(tier, word)))
        meant: tuple[str, ...] = ()
        if typos or (exact is None and lo >= hi and not parts):
            close = self._typo_words(word, allowed_typos(word))
            if close:
                meant = tuple(self.vocab[w] for w in close)
                for tier in TIERS:
                    levels.append(
                        (TIER_WEIGHT[tier] * TYPO, tier, self._words_bits(tier, close))
                    )
        return _exclusive(levels, meant)

    def _quoted_word(self, word: str, open_end: bool) -> _TermMatch:
        exact = self._exact_index(word)
        levels: list[tuple[int, int, int]] = []
        for tier in TIERS:
            if exact is not None:
                levels.append((TIER_WEIGHT[tier] * EXACT, tier, self._word_bits(tier, exact)))
            if open_end:
                lo, hi = self._prefix_range(word)
                levels.append((TIER_WEIGHT[tier] * PREFIX, tier, self._range_bits(tier, lo, hi)))
        return _exclusive(levels, ())

    def _phrase(self, term: Term) -> _TermMatch:
        """Documents holding the phrase: those with all its words in one tier, confirmed by
        reading that tier's text (only candidates are read)."""
        levels: list[tuple[int, int, int]] = []
        unchecked = 0
        for tier in TIERS:
            candidates_ = -1
            for position, word in enumerate(term.words):
                if is_cjk(word):
                    word_bits = self._cjk_bits(tier, word)
                elif term.open_end and position == len(term.words) - 1:
                    word_bits = self._range_bits(tier, *self._prefix_range(word))
                else:
                    exact = self._exact_index(word)
                    word_bits = 0 if exact is None else self._word_bits(tier, exact)
                candidates_ &= word_bits
                if not candidates_:
                    break
            if candidates_ <= 0:
                continue
            unchecked = max(unchecked, bits.count(candidates_) - PHRASE_CHECKS)
            confirmed = [
                doc
                for doc in bits.members(candidates_, PHRASE_CHECKS)
                if self._holds_phrase(doc, tier, term)
            ]
            if confirmed:
                found = bits.from_ids(confirmed, self.size)
                levels.append((TIER_WEIGHT[tier] * EXACT, tier, found))
        match = _exclusive(levels, ())
        match.unchecked = unchecked
        return match

    def _holds_phrase(self, doc: int, tier: int, term: Term) -> bool:
        if any(is_cjk(word) for word in term.words):
            return any(
                holds_phrase(text, term.words, term.open_end) for text in self._texts(doc, tier)
            )
        needle = " " + " ".join(term.words) + ("" if term.open_end else " ")
        return needle in self._phrase_text(doc, tier)

    def _texts(self, doc: int, tier: int) -> Iterable[str]:
        entity = self.docs[doc]
        if tier == LINK:
            return (f.text for f in self._fields.linked(entity))
        return (f.text for f in self._fields.own(entity) if f.tier == tier)

    def _phrase_text(self, doc: int, tier: int) -> str:
        """' word word | word … ': a tier's folded words, fields apart, kept between
        keystrokes (typing a phrase asks about the same documents again and again)."""
        key = (doc, tier)
        text = self._phrase_texts.get(key)
        if text is None:
            if len(self._phrase_texts) > 30_000:
                self._phrase_texts.clear()
            words = " | ".join(" ".join(tokens(t)) for t in self._texts(doc, tier))
            text = self._phrase_texts[key] = f" {words} "
        return text

    # -- vocabulary look-ups ------------------------------------------------------------

    def _exact_index(self, word: str) -> int | None:
        vocab = self.vocab
        at = _bisect(vocab, word)
        return at if at < len(vocab) and vocab[at] == word else None

    def _prefix_range(self, word: str) -> tuple[int, int]:
        return _bisect(self.vocab, word), _bisect(self.vocab, word + "\U0010ffff")

    def _parts(self, word: str) -> list[int]:
        """Words holding `word` somewhere after their first letter."""
        found: list[int] = []
        joined = self.joined
        at = joined.find(word)
        while at >= 0:
            index = bisect_right(self.starts, at) - 1
            if self.starts[index] != at:
                found.append(index)
                # continue after this word: one hit per word is enough
                next_start = self.starts[index] + len(self.vocab[index]) + 1
                at = joined.find(word, next_start)
            else:
                at = joined.find(word, at + 1)
        return found

    def _typo_words(self, word: str, max_edits: int) -> list[int]:
        if not max_edits:
            return []
        close = candidates(word, max_edits, _VocabView(self), self.alphabet, self._same_start)
        return sorted(i for i in (self._exact_index(w) for w in close) if i is not None)

    def _cjk_bits(self, tier: int, word: str) -> int:
        """Documents with `word` inside a CJK text: all of its character pairs (its one
        character) there.  For three characters or more this may include a text holding the
        pairs apart; the snippet then shows the name without a mark."""
        found = -1
        for gram in dict.fromkeys(cjk_grams(word, pairs_only=True)):
            by_tier = self.grams.get(gram)
            if by_tier is None:
                return 0
            held = by_tier[tier]
            found &= held if isinstance(held, int) else bits.from_ids(held, self.size)
            if not found:
                return 0
        return max(found, 0)

    def _same_start(self, letter: str, shortest: int, longest: int) -> list[str]:
        """Known words starting with `letter`, of a length in [shortest, longest]."""
        vocab = self.vocab
        return [
            vocab[at]
            for length in range(max(1, shortest), longest + 1)
            for at in self.by_start.get((letter, length), ())
        ]

    # -- document sets ------------------------------------------------------------------

    def _word_bits(self, tier: int, word: int) -> int:
        cached = self.heavy[tier].get(word)
        if cached is not None:
            return cached
        return bits.from_ids(self.postings[tier][word], self.size)

    def _words_bits(self, tier: int, words: Iterable[int]) -> int:
        union = 0
        light: list[Sequence[int]] = []
        heavy, postings = self.heavy[tier], self.postings[tier]
        for word in words:
            cached = heavy.get(word)
            if cached is not None:
                union |= cached
            else:
                light.append(postings[word])
        if light:
            union |= bits.union(light, self.size)
        return union

    def _range_bits(self, tier: int, lo: int, hi: int) -> int:
        """Documents of every word in vocab[lo:hi], using the pre-unioned blocks inside it."""
        union = 0
        edge: list[int] = []
        at = lo
        while at < hi:
            if at % SUPER == 0 and at + SUPER <= hi and at // SUPER < len(self.supers[tier]):
                union |= self.supers[tier][at // SUPER]
                at += SUPER
            elif at % BLOCK == 0 and at + BLOCK <= hi and at // BLOCK < len(self.blocks[tier]):
                union |= self.blocks[tier][at // BLOCK]
                at += BLOCK
            else:
                edge.append(at)
                at += 1
        return union | self._words_bits(tier, edge)

    # -- ranking ------------------------------------------------------------------------

    def _collect(
        self,
        parsed: Query,
        matches: list[_TermMatch],
        allowed: int,
        limit: int,
        lang: str | None,
    ) -> tuple[list[Hit], int]:
        candidates_ = allowed
        for match in matches:
            candidates_ &= match.any
            if not candidates_:
                return [], 0
        total = bits.count(candidates_)
        limit = max(0, limit)
        if not parsed.terms:
            ranked = [(1, doc) for doc in bits.members(candidates_, limit)]
            best = 1
        else:
            best = WHOLE * TIER_WEIGHT[0] * len(parsed.terms)
            whole = self._whole_name_docs(parsed, candidates_)
            if total <= DIRECT:
                ranked = self._score_all(matches, candidates_, whole, best)
            else:
                ranked = [(best, doc) for doc in whole]
                ranked += self._top_levels(matches, candidates_, limit, set(whole))
        top = heapq.nsmallest(limit, ranked, key=lambda item: (-item[0], item[1]))
        wanted = [
            Wanted(term.words, term.phrase, frozenset(match.typos), term.open_end)
            for term, match in zip(parsed.terms, matches, strict=True)
        ]
        where = _tiers_of(matches, [doc for _, doc in top])
        prefetch = getattr(self.docs, "prefetch", None)  # an opened index over a store
        if prefetch is not None:
            prefetch(doc for _, doc in top)
        hits = [
            self._hit(doc, points / best, parsed, wanted, where[doc], lang) for points, doc in top
        ]
        return hits, total

    def _whole_name_docs(self, parsed: Query, candidates_: int) -> list[int]:
        key = " ".join(parsed.words)
        return [d for d in self.whole_names.get(key, ()) if bits.contains(candidates_, d)]

    def _score_all(
        self, matches: list[_TermMatch], candidates_: int, whole: list[int], best: int
    ) -> list[tuple[int, int]]:
        scores: dict[int, int] = {}
        for match in matches:
            for points, level in match.levels:
                for doc in bits.members(level & candidates_):
                    scores[doc] = scores.get(doc, 0) + points
        for doc in whole:
            scores[doc] = best
        return [(points, doc) for doc, points in scores.items()]

    def _top_levels(
        self, matches: list[_TermMatch], candidates_: int, limit: int, skip: set[int]
    ) -> list[tuple[int, int]]:
        """The best `limit` documents without scoring all: combinations of per-term levels
        are visited best first, and every document of a combination has the same score."""
        levels = [
            [(p, b & candidates_) for p, b in m.levels if b & candidates_] for m in matches
        ]
        start = tuple(0 for _ in levels)
        heap = [(-sum(lv[0][0] for lv in levels), start)]
        seen = {start}
        out: list[tuple[int, int]] = []
        while heap:
            score = heap[0][0]
            group: list[int] = []
            while heap and heap[0][0] == score:
                _, combo = heapq.heappop(heap)
                docs = candidates_
                for term_levels, index in zip(levels, combo, strict=True):
                    docs &= term_levels[index][1]
                    if not docs:
                        break
                if docs:
                    group.extend(d for d in bits.members(docs, limit) if d not in skip)
                for position, index in enumerate(combo):
                    if index + 1 < len(levels[position]):
                        following = (*combo[:position], index + 1, *combo[position + 1:])
                        if following not in seen:
                            seen.add(following)
                            value = sum(
                                lv[i][0] for lv, i in zip(levels, following, strict=True)
                            )
                            heapq.heappush(heap, (-value, following))
            out.extend((-score, doc) for doc in sorted(group)[:limit])
            if len(out) + len(skip) >= limit:
                break
        return out

    def _hit(
        self,
        doc: int,
        score: float,
        parsed: Query,
        wanted: list[Wanted],
        tiers: list[int | None],
        lang: str | None,
    ) -> Hit:
        entity = self.docs[doc]
        if parsed.terms:
            snippet = make_snippet(self._fields, entity, wanted, lang, tiers)
            text, marks, matched = snippet.text, snippet.highlights, snippet.matched
        else:
            text, marks, matched = self._filter_reason(entity, parsed.filters, lang)
        return Hit(entity.id, entity.entity_type, entity.label(lang), round(score, 3), text,
                   marks, matched)

    def _filter_reason(
        self, entity: AnyEntity, filters: Sequence[Filter], lang: str | None
    ) -> tuple[str, tuple[tuple[int, int], ...], str]:
        """A filter-only hit explains itself by the field the first filter looked at."""
        label, value = self.filters.reason(entity, filters[0], lang)
        value = snippet_line(value)
        if not value:
            return snippet_line(entity.label(lang)), (), label
        text = f"{label}: {value}"
        return text, ((len(label) + 2, len(text)),), label

    # -- did you mean -------------------------------------------------------------------

    def _suggest(self, parsed: Query, kind: str | None, lang: str | None) -> str | None:
        """The query with each word that matches nothing as typed replaced by the closest
        known word (fewest typos, then the most used), if that query finds something."""
        words: list[str] = []
        changed = False
        for term in parsed.terms:
            if term.phrase:
                continue
            word = term.words[0]
            match = self._term(term, True)
            if match.any and not match.typos:
                words.append(self._shown(word))
                continue
            edits = 2 if len(word) >= 5 else 1 if len(word) == 4 else 0
            close = self._closest(word, edits) if word.isalpha() and len(word) <= 40 else None
            if close is None:
                return None
            words.append(self._shown(close))
            changed = True
        if not changed:
            return None
        phrases = [f'"{t.text}"' for t in parsed.terms if t.phrase]
        filters = [
            f'{f.key}:"{f.value}"' if " " in f.value else f"{f.key}:{f.value}"
            for f in parsed.filters
            if not (kind and f.key == "kind" and f.value == kind)
        ]
        suggestion = " ".join([*words, *phrases, *filters])
        try:
            found = self.query(suggestion, kind=kind, limit=1, lang=lang, suggest=False)
        except QueryError:
            return None
        return suggestion if found.total else None

    def _shown(self, word: str) -> str:
        index = self._exact_index(word)
        return self.display[index] if index is not None else word

    def _closest(self, word: str, edits: int) -> str | None:
        if edits <= 0:
            return None
        close = candidates(word, edits, _VocabView(self), self.alphabet, self._same_start)
        if not close:
            return None

        def rank(known: str) -> tuple[int, int, str]:
            index = self._exact_index(known)
            used = self.doc_freq[index] if index is not None else 0
            return (close[known], -used, known)

        return min(close, key=rank)

    def named(self, value: str, entity_type: str) -> list[AnyEntity]:
        """Entities of a type whose id is `value`, or whose names or aliases (any language)
        hold every word of it, each as the start of a word ('hydrogen' → the theme
        Wasserstofftechnologien, whose English name is Hydrogen technologies)."""
        entity = self.base.get(value.strip().lower())
        if entity is not None and entity.entity_type == entity_type:
            return [entity]
        words = list(tokens(value))
        if not words:
            return []
        found = self.filters.resolve(Filter("kind", entity_type)).bits
        for word in words:
            found &= self._range_bits(NAME, *self._prefix_range(word))
            if not found:
                return []
        return [self.docs[doc] for doc in bits.members(found)]

    def forget(self) -> None:
        """Drop what was remembered between queries (for measuring cold answers)."""
        self._cache.clear()
        self._phrase_texts.clear()
        self.filters.forget()
        forget_prepared()
        self._fields.forget()

    # -- for the browser ----------------------------------------------------------------

    def kinds(self) -> list[str]:
        """Values `kind:` accepts: the entity types, then kinds found in the data."""
        names = self.filters.kind_names
        return list(ENTITY_TYPES) + sorted(names[k] for k in names if k not in ENTITY_TYPES)


class _VocabView:
    """`word in view` for the sorted vocabulary, without building a second set of it."""

    def __init__(self, index: SearchIndex) -> None:
        self.index = index
        if isinstance(index.vocab, Joined):
            # Typos ask about hundreds of spellings: an opened index splits its words into a
            # list once (15 ms at 100 000 events), to look them up in C from then on.
            index.vocab = list(index.vocab)

    def __contains__(self, word: object) -> bool:
        return isinstance(word, str) and self.index._exact_index(word) is not None

    def __len__(self) -> int:
        return len(self.index.vocab)

    def __iter__(self):  # type: ignore[no-untyped-def]
        return iter(self.index.vocab)


def _exclusive(levels: list[tuple[int, int, int]], typos: tuple[str, ...]) -> _TermMatch:
    """Each document at the best level it reaches, best levels first (a better tier first
    among equal points)."""
    ordered = sorted((lv for lv in levels if lv[2]), key=lambda lv: (-lv[0], lv[1]))
    covered = 0
    out: list[tuple[int, int]] = []
    tiers: list[int] = []
    for points, tier, level in ordered:
        fresh = level & ~covered
        if fresh:
            out.append((points, fresh))
            tiers.append(tier)
            covered |= fresh
    return _TermMatch(out, covered, typos, tuple(tiers))


def _tiers_of(matches: list[_TermMatch], docs: list[int]) -> dict[int, list[int | None]]:
    """For each shown document, where each term's best match is: the tier of the first level
    holding it.  Each level becomes bytes once (testing a bit of a 100 000-bit integer by
    shifting it copies the integer, for every document and level)."""
    out: dict[int, list[int | None]] = {doc: [None] * len(matches) for doc in docs}
    for position, match in enumerate(matches):
        left = docs
        for (_, level), tier in zip(match.levels, match.tiers, strict=True):
            if not left:
                break
            raw = level.to_bytes((level.bit_length() + 7) >> 3, "little")
            rest: list[int] = []
            for doc in left:
                at = doc >> 3
                if at < len(raw) and (raw[at] >> (doc & 7)) & 1:
                    out[doc][position] = tier
                else:
                    rest.append(doc)
            left = rest
    return out


def _bisect(vocab: Sequence[str], word: str) -> int:
    """bisect_left: in C for a built index's list, in one Python loop for an opened one's
    joined text (a did-you-mean asks about hundreds of spellings)."""
    if isinstance(vocab, Joined):
        return vocab.sorted_index(word)
    return bisect_left(vocab, word)


_LAZY: dict[str, str] = {
    "vocab": "vocab",
    "joined": "vocab",
    "starts": "vocab",
    "display": "display",
    "doc_freq": "doc_freq",
    "by_start": "by_start",
    "size": "meta",
    "alphabet": "meta",
}
"""The values an opened index reads on first use, and the part each comes from."""


def _read_lazy(part: str, parts: Parts) -> dict[str, Any]:
    if part == "vocab":
        words: Joined = parts.get("vocab")
        return {"vocab": words, "joined": words.text, "starts": words.starts}
    if part == "meta":
        meta = parts.meta()
        return {"size": meta["documents"], "alphabet": meta["alphabet"]}
    return {part: parts.get(part)}


def _documents(base: FactBase) -> tuple[AnyEntity, ...]:
    by_type: dict[str, list[AnyEntity]] = {name: [] for name in TYPE_ORDER}
    for entity in base:
        if entity.entity_type != "event":
            by_type[entity.entity_type].append(entity)
    by_type["event"] = list(base.timeline())
    return tuple(entity for name in TYPE_ORDER for entity in by_type[name])

