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

import gc
import hashlib
import heapq
from array import array
from bisect import bisect_left, bisect_right
from collections import OrderedDict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

from tui.model import AnyEntity, FactBase
from tui.searching import bits
from tui.searching.fields import LINK, NAME, TIER_WEIGHT, TIERS, linked, name_fields, own_fields
from tui.searching.filters import (
    ENTITY_TYPES,
    FilterResolver,
    Selection,
    event_tables,
    kind_table,
)
from tui.searching.query import Filter, Query, QueryError, Term, parse
from tui.searching.snippet import (
    EXACT,
    MIN_PART,
    PART,
    PREFIX,
    TYPO,
    WHOLE,
    Wanted,
    forget_prepared,
    holds_phrase,
    make_snippet,
)
from tui.searching.text import cjk_grams, display_line, is_cjk, tokens
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


@dataclass(repr=False, eq=False)
class SearchIndex:
    base: FactBase
    docs: tuple[AnyEntity, ...]
    vocab: list[str]
    display: list[str]
    postings: tuple[list[array], ...]
    heavy: dict[tuple[int, int], int]
    blocks: tuple[list[int], ...]
    supers: tuple[list[int], ...]
    joined: str
    starts: list[int]
    whole_names: dict[str, list[int]]
    filters: FilterResolver
    alphabet: str
    by_start: dict[tuple[str, int], list[str]]
    """Latin words by first letter and length: where two-typo candidates are looked for."""
    doc_freq: array
    grams: dict[str, tuple[array, array, array]]
    """CJK characters and character pairs → documents per tier: any part of a Japanese
    text is found by the pairs it is made of, without scanning the vocabulary."""
    heavy_grams: dict[tuple[int, str], int]
    _cache: OrderedDict = field(default_factory=OrderedDict)
    _phrase_texts: dict[tuple[int, int], str] = field(default_factory=dict)

    def __repr__(self) -> str:
        # the document sets are huge integers: never print them (nor convert them to text)
        return f"<SearchIndex of {len(self.docs)} entities, {len(self.vocab)} words>"

    # -- building -----------------------------------------------------------------------

    @classmethod
    def build(cls, base: FactBase) -> SearchIndex:
        """The index of `base`.  The cycle collector is paused meanwhile: the build makes
        millions of small objects that all stay alive, and walking them again and again
        would more than double the time (as it does for the loader)."""
        was_enabled = gc.isenabled()
        gc.disable()
        try:
            index = cls._build(base)
            # Like the loaded base, the index lives as long as the program and is never part
            # of a garbage cycle: moved out of the collector's sight, a full collection does
            # not walk its million objects in the middle of someone's keystroke.
            gc.freeze()
            return index
        finally:
            if was_enabled:
                gc.enable()

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
        gram_postings: dict[str, tuple[array, array, array]] = {}
        for gram, gid in vocabulary.gram_ids.items():
            gram_postings[gram] = tuple(  # type: ignore[assignment]
                array("I", raw_grams[t][gid] if gid < len(raw_grams[t]) else ()) for t in TIERS
            )
        del raw_grams
        doc_freq = array("I", (max(len(postings[t][w]) for t in TIERS) for w in range(len(vocab))))
        heavy_size = max(64, size // 32)
        heavy: dict[tuple[int, int], int] = {}
        heavy_grams: dict[tuple[int, str], int] = {}
        blocks: tuple[list[int], ...] = ([], [], [])
        supers: tuple[list[int], ...] = ([], [], [])
        for tier in TIERS:
            lists = postings[tier]
            for w, posting in enumerate(lists):
                if len(posting) >= heavy_size:
                    heavy[(tier, w)] = bits.from_ids(posting, size)
            for gram, by_tier in gram_postings.items():
                if len(by_tier[tier]) >= heavy_size:
                    heavy_grams[(tier, gram)] = bits.from_ids(by_tier[tier], size)
            for start in range(0, len(vocab) - BLOCK + 1, BLOCK):
                blocks[tier].append(
                    bits.from_ids(_chain(lists[start : start + BLOCK]), size)
                )
            per_super = SUPER // BLOCK
            for start in range(0, len(blocks[tier]) - per_super + 1, per_super):
                union = 0
                for block in blocks[tier][start : start + per_super]:
                    union |= block
                supers[tier].append(union)
        starts: list[int] = []
        at = 1
        for word in vocab:
            starts.append(at)
            at += len(word) + 1
        by_start: dict[tuple[str, int], list[str]] = {}
        for word in vocab:
            if word.isalpha() and not is_cjk(word):
                by_start.setdefault((word[0], len(word)), []).append(word)
        alphabet = "".join(sorted({ch for words_ in by_start.values() for w in words_ for ch in w}))
        doc_of = {entity.id: doc for doc, entity in enumerate(docs)}
        resolver = FilterResolver(
            base, docs, doc_of, kind_table(docs), event_tables(docs), _no_names
        )
        index = cls(
            base=base,
            docs=docs,
            vocab=vocab,
            display=[display[vocabulary.word_ids[w]] for w in vocab],
            postings=postings,
            heavy=heavy,
            blocks=blocks,
            supers=supers,
            joined="\n" + "\n".join(vocab) + "\n",
            starts=starts,
            whole_names=whole_names,
            filters=resolver,
            alphabet=alphabet,
            by_start=by_start,
            doc_freq=doc_freq,
            grams=gram_postings,
            heavy_grams=heavy_grams,
        )
        resolver.named = index.named
        return index

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
        allowed = (1 << len(self.docs)) - 1
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
        key = (term, typos)
        cached = self._cache.get(key)
        if cached is not None:
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
                found = bits.from_ids(confirmed, len(self.docs))
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
            return (text for _, target in linked(self.base, entity) for text in name_fields(target))
        return (f.text for f in own_fields(entity) if f.tier == tier)

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
        at = bisect_left(self.vocab, word)
        return at if at < len(self.vocab) and self.vocab[at] == word else None

    def _prefix_range(self, word: str) -> tuple[int, int]:
        return bisect_left(self.vocab, word), bisect_left(self.vocab, word + "\U0010ffff")

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
            postings = self.grams.get(gram)
            if postings is None:
                return 0
            cached = self.heavy_grams.get((tier, gram))
            found &= cached if cached is not None else bits.from_ids(postings[tier], len(self.docs))
            if not found:
                return 0
        return max(found, 0)

    def _same_start(self, letter: str, shortest: int, longest: int) -> list[str]:
        """Known words starting with `letter`, of a length in [shortest, longest]."""
        return [
            word
            for length in range(max(1, shortest), longest + 1)
            for word in self.by_start.get((letter, length), ())
        ]

    # -- document sets ------------------------------------------------------------------

    def _word_bits(self, tier: int, word: int) -> int:
        cached = self.heavy.get((tier, word))
        if cached is not None:
            return cached
        return bits.from_ids(self.postings[tier][word], len(self.docs))

    def _words_bits(self, tier: int, words: Iterable[int]) -> int:
        union = 0
        light: list[array] = []
        for word in words:
            cached = self.heavy.get((tier, word))
            if cached is not None:
                union |= cached
            else:
                light.append(self.postings[tier][word])
        if light:
            union |= bits.from_ids(_chain(light), len(self.docs))
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
        hits = [self._hit(doc, points / best, parsed, matches, lang) for points, doc in top]
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
        matches: list[_TermMatch],
        lang: str | None,
    ) -> Hit:
        entity = self.docs[doc]
        if parsed.terms:
            wanted = [
                Wanted(term.words, term.phrase, frozenset(match.typos), term.open_end)
                for term, match in zip(parsed.terms, matches, strict=True)
            ]
            tiers = [_tier_of(match, doc) for match in matches]
            snippet = make_snippet(self.base, entity, wanted, lang, tiers)
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
        value = display_line(value)
        if not value:
            return display_line(entity.label(lang)), (), label
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

    # -- for the browser ----------------------------------------------------------------

    def kinds(self) -> list[str]:
        """Values `kind:` accepts: the entity types, then kinds found in the data."""
        names = self.filters.kind_names
        return list(ENTITY_TYPES) + sorted(names[k] for k in names if k not in ENTITY_TYPES)


class _VocabView:
    """`word in view` for the sorted vocabulary, without building a second set of it."""

    def __init__(self, index: SearchIndex) -> None:
        self.index = index

    def __contains__(self, word: object) -> bool:
        return isinstance(word, str) and self.index._exact_index(word) is not None

    def __len__(self) -> int:
        return len(self.index.vocab)

    def __iter__(self):  # type: ignore[no-untyped-def]
        return iter(self.index.vocab)


def _no_names(value: str, entity_type: str) -> list[AnyEntity]:
    return []


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


def _tier_of(match: _TermMatch, doc: int) -> int | None:
    """Where the term's best match for `doc` is: the tier of the first level holding it."""
    for (_, level), tier in zip(match.levels, match.tiers, strict=True):
        if (level >> doc) & 1:
            return tier
    return None


def _chain(arrays: Iterable[array]) -> Iterable[int]:
    for posting in arrays:
        yield from posting


def _documents(base: FactBase) -> tuple[AnyEntity, ...]:
    by_type: dict[str, list[AnyEntity]] = {name: [] for name in TYPE_ORDER}
    for entity in base:
        if entity.entity_type != "event":
            by_type[entity.entity_type].append(entity)
    by_type["event"] = list(base.timeline())
    return tuple(entity for name in TYPE_ORDER for entity in by_type[name])

