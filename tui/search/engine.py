"""Querying: index tables → hits, for `facts search` and the browser's live search.

What matches (the README section "Searching" has the user's view):

* words are folded (case, accents, ü = ue = u, ß = ss, full-width forms) and match as whole
  words, as the start of a word, or — from 4 letters, and always for Japanese/CJK text —
  inside a longer word, which finds the parts of German compounds;
* every word must match, in the entity's names (all languages, aliases), its id, its own
  text (description, statements, kind, date …) or in the names of what it links to;
* "quoted phrases" match their words in order; kind:, theme:, year:, participant: filter,
  and changed:REV with the history the caller hands in (`changes`);
* a word of 5+ letters that matches nothing as typed may match with one typo (two from 9
  letters); if nothing is found at all, `SearchResult.suggestion` offers a did-you-mean.

Ranking: names above the id above own text above linked names (`fields.TIER_WEIGHT`); exact
above prefix above compound part above typo; a query that is a whole name first; equal
scores keep one stable order (themes, participants, places, events by date, sources).

How it stays fast: every document set is a Python integer used as a bit set, the vocabulary
is sorted (a prefix is a range of it, and ranges are pre-unioned in blocks), compound parts
and CJK are found by substring search over the joined vocabulary, and the top results are
taken level by level instead of scoring every match.
"""

from __future__ import annotations

import heapq
import re
from collections.abc import Iterable, Mapping, MutableMapping, Sequence
from typing import TYPE_CHECKING

import tui.search.bits as bits
import tui.search.docsets as docsets
import tui.search.store as store
from tui.collector import collector_paused
from tui.i18n import _, list_text, number_text
from tui.model import AnyEntity, FactBase
from tui.patterns import ID_PATTERN
from tui.record import record
from tui.safetext import snippet_line
from tui.search.docorder import DocOrder
from tui.search.fields import ID, LINK, NAME, TIER_WEIGHT, TIERS
from tui.search.filters import (
    ENTITY_TYPES,
    ChangedEntry,
    ChangedSet,
    Changes,
    FilterResolver,
    Selection,
)
from tui.search.fold import is_cjk, tokens
from tui.search.memo import Memo, Once, weakly
from tui.search.query import Filter, FilterUnanswered, Query, QueryError, Term, parse
from tui.search.snippet import (
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
from tui.search.tables import IndexTables
from tui.search.typos import allowed_typos, candidates

if TYPE_CHECKING:
    from tui.load import Changes as LoadChanges

DIRECT = 2000
"""Up to this many matches every one is scored; above, results are taken level by level."""
PHRASE_CHECKS = 200
"""Most documents whose text is read to confirm a phrase, per tier, in the stable order: a
phrase of very common words is confirmed in the first ones only (and a note says so), so
that typing it stays quick."""
TERM_CACHE = 256
PHRASE_TEXTS = 30_000
_ID_FORM = re.compile(ID_PATTERN).fullmatch
_SEPARATOR = re.compile(r"[-._]")


@record(slots=True)
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
    change: ChangedEntry | None = None
    """With a changed: filter, how the entity changed since its revision."""


@record(slots=True)
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


@record(slots=True, repr=False)
class _TermMatch:
    """How one term matched, kept between keystrokes (and shared by the search threads)."""

    levels: tuple[tuple[int, int], ...]
    """(points, documents first reaching that many points for this term), best first."""
    any: int
    typos: tuple[str, ...] = ()
    tiers: tuple[int, ...] = ()
    """The tier of each level: where to look for the match when explaining it."""
    unchecked: int = 0
    """Phrases: documents with all the words that were not read (beyond PHRASE_CHECKS)."""


class SearchIndex:
    """The search over one base: built from it (`build`), or opened over its store (`open`,
    whose tables read each part when a query first needs it); the same code answers either
    way.  It is also what the loader keeps in the store beside the base (`Derived`:
    build, dump, open).  Safe to ask from several threads at once."""

    def __init__(
        self, base: FactBase, tables: Once[IndexTables], parts: store.Parts | None = None
    ) -> None:
        self.base = base
        self._tables = tables
        self._parts = parts
        """Where an opened index reads its tables from (None once built)."""
        self._written: Mapping[str, bytes | None] | None = None
        self._unmade: list[bool] | None = None
        """A built index's tables not yet made (empty; [True] once they are)."""
        self._terms: Memo[tuple[Term, bool], _TermMatch] = Memo(TERM_CACHE)
        self._phrase_texts: Memo[tuple[int, int], str] = Memo(PHRASE_TEXTS)
        self._fields = EntityFields(base)
        self._filters = Once(
            weakly(self._make_filters),  # no cycle: see weakly
            parts.lock if parts is not None else None,
        )
        self._changed_docs: Memo[str, tuple[ChangedSet, Selection]] = Memo(8)
        """changed:REV → the answer it was made from, and its documents (kept while the
        caller hands in the same answer: typing after `changed:v1.0` asks at every key)."""

    @property
    def tables(self) -> IndexTables:
        return self._tables()

    @property
    def filters(self) -> FilterResolver:
        return self._filters()

    def _make_filters(self) -> FilterResolver:
        tables = self.tables
        return FilterResolver(
            self.base, tables.size, tables.docs.doc_of, tables.filters, weakly(self.named)
        )

    def __repr__(self) -> str:
        # the document sets are huge integers: never print them (nor convert them to text)
        if self._parts is not None:
            return "<SearchIndex opened from a store>"
        tables = self.tables
        return f"<SearchIndex of {len(tables.docs)} entities, {len(tables.vocab)} words>"

    # -- made, stored, opened ---------------------------------------------------------------

    @classmethod
    def build(cls, base: FactBase) -> SearchIndex:
        """The index of `base` (with the cycle collector paused: see `tui.search.build`)."""
        from tui.search.build import build_tables  # only a first load builds

        with collector_paused():
            tables = build_tables(base)
        return cls(base, Once.ready(tables))

    @classmethod
    def build_for_store(cls, base: FactBase) -> SearchIndex:
        """The index of `base`, made when first needed: its parts in chunks of documents
        as the store writes them (`dump`, `tui.search.chunked`: the parts `build` gives,
        in bounded memory), or its tables in memory if a query comes first."""
        made: list[bool] = []

        def make() -> IndexTables:
            from tui.search.build import build_tables  # only a first load builds

            made.append(True)
            with collector_paused():
                return build_tables(base)

        index = cls(base, Once(make))
        index._unmade = made
        return index

    @classmethod
    def open(cls, base: FactBase, read: store.ReadPart) -> SearchIndex:
        """The index of a stored `base`, from the parts `dump` made: `read(name)` is called
        when a query first needs that part (never before the first query), and what it
        returns is kept.  A part missing (`read` returns None) or damaged is a damaged store:
        the query raises StoreDamaged, a LookupError.  Documents are fetched from `base`
        only to be shown."""
        parts = store.Parts(read)
        return cls(base, Once(lambda: store.open_tables(base, parts), parts.lock), parts)

    @classmethod
    def update(cls, base: FactBase, previous: store.ReadPart, changes: LoadChanges) -> SearchIndex:
        """The index of `base` after an edit, from the stored index of the base before it
        (`previous`, `changes.before`): only the documents the edit can change are read
        (`tui.search.update`), and `written` names the parts that differ.  An edit that
        adds, removes or moves entities builds it again."""
        from tui.search.update import update_parts  # only a load after an edit updates

        delta = None
        if changes.before is not None:
            with collector_paused():
                delta = update_parts(base, changes.before, previous, changes)
        if delta is None:
            return cls.build_for_store(base)
        found = delta

        def read(name: str) -> bytes | None:
            return found[name] if name in found else previous(name)

        index = cls.open(base, read)
        index._written = delta
        return index

    @staticmethod
    def written(index: SearchIndex) -> Mapping[str, bytes | None] | None:
        """The parts an update changed (None: a new part or gone), for the store to write
        over the previous ones; None when every part is to be written (`dump`)."""
        return index._written

    def dump(self) -> MutableMapping[str, bytes]:
        """The index as named parts, each decodable alone (`tui.search.store` lists them):
        what `open` reads back.  Tables not made yet are not made for it: the parts are
        built in chunks, one at a time as the store writes them (`dump.StreamedParts`)."""
        if self._parts is not None:
            return store.copy(self._parts)
        import tui.search.dump as dump  # only a first load writes the parts

        if self._unmade is not None and not self._unmade:
            from tui.search.chunked import build_parts

            base = self.base
            return dump.StreamedParts(lambda: build_parts(base))
        return dump.dump_tables(self.tables)

    # -- asking -----------------------------------------------------------------------------

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
        changes: Changes | None = None,
    ) -> SearchResult:
        """Like `search`, with the total, notes and a did-you-mean.  `live=True` is for
        search as you type: an unclosed quote or a filter without its value yet is no error,
        and a `changed:` revision that git does not know (yet: `changed:v1.` on the way to
        `changed:v1.0`) selects nothing, with a note.  `changes` answers `changed:REV`
        (`tui.changedsince.ChangeTracker`); without it such a filter is FilterUnanswered."""
        try:
            return self._query(text, kind, limit, lang, live, suggest, changes)
        except bits.OutOfRange as error:
            if self._parts is None:
                raise
            raise store.damaged(
                _("search index is damaged: {error}").format(error=error)
            ) from error

    def _query(
        self,
        text: str,
        kind: str | None,
        limit: int,
        lang: str | None,
        live: bool,
        suggest: bool,
        changes: Changes | None = None,
    ) -> SearchResult:
        parsed = parse(text, live=live)
        if kind:
            parsed = Query(parsed.terms, (*parsed.filters, Filter("kind", kind)), parsed.words)
        if parsed.empty:
            if text.strip() and not live and not parsed.filters:
                raise QueryError(_("nothing to search for: the query has no letters or digits"))
            return SearchResult((), 0, parsed)
        notes: list[str] = []
        allowed = self.tables.order.alive
        changed: Mapping[str, ChangedEntry] | None = None
        for flt in parsed.filters:
            if flt.key == "changed":
                selection = self._changed(flt.value, changes, live)
                if changed is None:
                    changed = selection.changed
                else:  # two changed: filters: an entity changed since both, told by the first
                    changed = {key: changed[key] for key in changed if key in selection.ids}
            else:
                selection = self.filters.resolve(flt, live, lang)
            allowed &= selection.bits
            if selection.note:
                notes.append(selection.note)
        matches = [self._term(term, False) for term in parsed.terms]
        by_id = self._typed_id(text) if parsed.terms else None
        found = self._collect(parsed, matches, allowed, limit, lang, by_id, changed)
        if found[1] == 0 and any(
            not t.phrase and allowed_typos(t.words[0]) and not m.typos
            for t, m in zip(parsed.terms, matches, strict=True)
        ):
            matches = [self._term(term, True) for term in parsed.terms]
            found = self._collect(parsed, matches, allowed, limit, lang, by_id, changed)
        hits, total = found
        typos = tuple(
            (t.words[0], m.typos)
            for t, m in zip(parsed.terms, matches, strict=True)
            if m.typos and m.any
        )
        for word, meant in typos:
            if total:
                notes.append(
                    _('"{word}" read as "{meant}"').format(word=word, meant=list_text(meant[:3]))
                )
        for term, match in zip(parsed.terms, matches, strict=True):
            if match.unchecked:
                notes.append(
                    _(
                        'the phrase "{phrase}" was looked for in the first {checked} '
                        "of the entities with all its words; {unread} more were not read"
                    ).format(
                        phrase=term.text,
                        checked=number_text(PHRASE_CHECKS),
                        unread=number_text(match.unchecked),
                    )
                )
        suggestion = None
        if not total and parsed.terms and suggest:
            suggestion = self._suggest(parsed, kind, lang, changes)
        return SearchResult(tuple(hits), total, parsed, suggestion, tuple(notes), typos)

    def _changed(self, rev: str, changes: Changes | None, live: bool) -> Selection:
        """The documents of the entities added or changed since `rev` that the base holds
        (one changed between two older revisions may be gone since)."""
        try:
            if changes is None:
                raise FilterUnanswered(
                    _(
                        "changed: cannot be answered here: this search was not given the fact "
                        "base's history"
                    )
                )
            found = changes(rev)
        except FilterUnanswered as error:
            if live:
                return Selection(0, str(error))
            raise
        kept = self._changed_docs.find(rev)
        if kept is not None and kept[0] is found:
            return kept[1]
        find = self.tables.docs.find
        docs = [doc for doc in map(find, found.entries) if doc is not None]
        selection = Selection(
            bits.from_ids(sorted(docs), self.tables.size),
            found.note,
            frozenset(found.entries),
            found.entries,
        )
        self._changed_docs.keep(rev, (found, selection))
        return selection

    def _typed_id(self, text: str) -> int | None:
        """The document whose id the query is, as written with its separators
        (duesseldorf-delegation-chiba-2025): someone who pastes an id is looking for that
        entity, and it comes first like a whole name does, though a match on the words of an
        id ranks below names.  (An id of one word is most often a name as well.)"""
        typed = text.strip().lower()
        if not _ID_FORM(typed) or not _SEPARATOR.search(typed):
            return None
        return self.tables.docs.find(typed)

    def named(self, value: str, entity_type: str) -> list[AnyEntity]:
        """Entities of a type whose id is `value`, or whose names, aliases (any language) or
        id hold every word of it, each as the start of a word ('hydrogen' → the theme
        Wasserstofftechnologien, whose English name is Hydrogen technologies)."""
        entity = self.base.get(value.strip().lower())
        if entity is not None and entity.entity_type == entity_type:
            return [entity]
        words = list(tokens(value))
        if not words:
            return []
        found = self.filters.resolve(Filter("kind", entity_type)).bits
        t = self.tables
        for word in words:
            lo, hi = t.vocab.prefix_range(word)
            found &= docsets.of_range(t, NAME, lo, hi) | docsets.of_range(t, ID, lo, hi)
            if not found:
                return []
        return [t.docs[doc] for doc in t.order.first(found)]

    def kinds(self) -> list[str]:
        """Values `kind:` accepts: the entity types, then kinds found in the data."""
        names = self.filters.kind_names
        return list(ENTITY_TYPES) + sorted(names[k] for k in names if k not in ENTITY_TYPES)

    def forget(self) -> None:
        """Drop what was remembered between queries (for measuring cold answers)."""
        self._terms.clear()
        self._phrase_texts.clear()
        self._changed_docs.clear()
        self.filters.forget()
        forget_prepared()
        self._fields.forget()

    # -- one term ---------------------------------------------------------------------------

    def _term(self, term: Term, typos: bool) -> _TermMatch:
        # a word too short for typos (or a phrase) matches the same with them allowed: one
        # answer for both ("kufen 2" retried with typos must not look up every "2…" again)
        typos = typos and not term.phrase and allowed_typos(term.words[0]) > 0
        key = (term, typos)
        found = self._terms.find(key)
        if found is None:
            found = self._terms.keep(key, self._match(term, typos))
        return found

    def _match(self, term: Term, typos: bool) -> _TermMatch:
        if term.phrase and len(term.words) == 1 and not is_cjk(term.words[0]):
            # one quoted word: that word exactly (or its start while the quote is open)
            return self._quoted_word(term.words[0], term.open_end)
        if term.phrase:
            return self._phrase(term)
        return self._word(term.words[0], typos)

    def _word(self, word: str, typos: bool) -> _TermMatch:
        t = self.tables
        vocab = t.vocab
        exact = vocab.exact(word)
        lo, hi = vocab.prefix_range(word)
        if exact is not None:
            lo += 1
        cjk = is_cjk(word)
        parts = vocab.holding(word) if len(word) >= MIN_PART and not cjk else []
        levels: list[tuple[int, int, int]] = []
        for tier in TIERS:
            weight = TIER_WEIGHT[tier]
            if exact is not None:
                levels.append((weight * EXACT, tier, docsets.of_word(t, tier, exact)))
            if lo < hi:
                levels.append((weight * PREFIX, tier, docsets.of_range(t, tier, lo, hi)))
            if parts:
                levels.append((weight * PART, tier, docsets.of_words(t, tier, parts)))
            if cjk:
                levels.append((weight * PART, tier, docsets.of_cjk(t, tier, word)))
        meant: tuple[str, ...] = ()
        if typos or (exact is None and lo >= hi and not parts):
            close = self._typo_words(word, allowed_typos(word))
            if close:
                meant = tuple(vocab[w] for w in close)
                for tier in TIERS:
                    levels.append(
                        (TIER_WEIGHT[tier] * TYPO, tier, docsets.of_words(t, tier, close))
                    )
        return _exclusive(levels, meant)

    def _quoted_word(self, word: str, open_end: bool) -> _TermMatch:
        t = self.tables
        vocab = t.vocab
        exact = vocab.exact(word)
        levels: list[tuple[int, int, int]] = []
        for tier in TIERS:
            if exact is not None:
                levels.append((TIER_WEIGHT[tier] * EXACT, tier, docsets.of_word(t, tier, exact)))
            if open_end:
                lo, hi = vocab.prefix_range(word)
                levels.append((TIER_WEIGHT[tier] * PREFIX, tier, docsets.of_range(t, tier, lo, hi)))
        return _exclusive(levels, ())

    def _phrase(self, term: Term) -> _TermMatch:
        """Documents holding the phrase: those with all its words in one tier, confirmed by
        reading that tier's text (only candidates are read).  The id tier lacks the words its
        entity's names hold (see `build`): for it, those count as candidates too."""
        levels: list[tuple[int, int, int]] = []
        unchecked = 0
        size = self.tables.size
        for tier in TIERS:
            looked_in = (NAME, ID) if tier == ID else (tier,)
            candidates_ = -1
            for position, word in enumerate(term.words):
                word_bits = 0
                for held_in in looked_in:
                    word_bits |= self._phrase_word_bits(
                        held_in, word, term.open_end and position == len(term.words) - 1
                    )
                candidates_ &= word_bits
                if not candidates_:
                    break
            if candidates_ <= 0:
                continue
            unchecked = max(unchecked, bits.count(candidates_) - PHRASE_CHECKS)
            confirmed = [
                doc
                for doc in self.tables.order.first(candidates_, PHRASE_CHECKS)
                if self._holds_phrase(doc, tier, term)
            ]
            if confirmed:
                found = bits.from_ids(confirmed, size)
                levels.append((TIER_WEIGHT[tier] * EXACT, tier, found))
        return _exclusive(levels, (), unchecked)

    def _phrase_word_bits(self, tier: int, word: str, begun: bool) -> int:
        """Documents with one word of a phrase in a tier (`begun`: a word still being typed,
        as the start of a word)."""
        t = self.tables
        if is_cjk(word):
            return docsets.of_cjk(t, tier, word)
        vocab = t.vocab
        if begun:
            return docsets.of_range(t, tier, *vocab.prefix_range(word))
        exact = vocab.exact(word)
        return 0 if exact is None else docsets.of_word(t, tier, exact)

    def _holds_phrase(self, doc: int, tier: int, term: Term) -> bool:
        if any(is_cjk(word) for word in term.words):
            return any(
                holds_phrase(text, term.words, term.open_end) for text in self._texts(doc, tier)
            )
        needle = " " + " ".join(term.words) + ("" if term.open_end else " ")
        return needle in self._phrase_text(doc, tier)

    def _texts(self, doc: int, tier: int) -> Iterable[str]:
        entity = self.tables.docs[doc]
        if tier == LINK:
            return (f.text for f in self._fields.linked(entity))
        return (f.text for f in self._fields.own(entity) if f.tier == tier)

    def _phrase_text(self, doc: int, tier: int) -> str:
        """' word word | word … ': a tier's folded words, fields apart, kept between
        keystrokes (typing a phrase asks about the same documents again and again)."""

        key = (doc, tier)
        text = self._phrase_texts.find(key)
        if text is None:
            words = " | ".join(" ".join(tokens(t)) for t in self._texts(doc, tier))
            text = self._phrase_texts.keep(key, f" {words} ")
        return text

    # -- vocabulary look-ups ----------------------------------------------------------------

    def _typo_words(self, word: str, max_edits: int) -> list[int]:
        if not max_edits:
            return []
        tables = self.tables
        close = candidates(word, max_edits, tables.vocab, tables.alphabet, self._same_start)
        vocab = tables.vocab
        return sorted(i for i in (vocab.exact(w) for w in close) if i is not None)

    def _same_start(self, letter: str, shortest: int, longest: int) -> list[str]:
        """Known words starting with `letter`, of a length in [shortest, longest]."""
        tables = self.tables
        listed = tables.vocab.listed()
        by_start = tables.by_start
        return [
            listed[at]
            for length in range(max(1, shortest), longest + 1)
            for at in by_start.get((letter, length)) or ()
        ]

    # -- ranking ----------------------------------------------------------------------------

    def _collect(
        self,
        parsed: Query,
        matches: list[_TermMatch],
        allowed: int,
        limit: int,
        lang: str | None,
        by_id: int | None = None,
        changed: Mapping[str, ChangedEntry] | None = None,
    ) -> tuple[list[Hit], int]:
        candidates_ = allowed
        for match in matches:
            candidates_ &= match.any
            if not candidates_:
                return [], 0
        total = bits.count(candidates_)
        limit = max(0, limit)
        ranked: list[tuple[int, int]]
        order = self.tables.order
        if not parsed.terms:
            ranked = [(1, doc) for doc in order.first(candidates_, limit)]
            best = 1
        else:
            best = WHOLE * TIER_WEIGHT[NAME] * len(parsed.terms)
            whole = self._whole_name_docs(parsed, candidates_, by_id)
            if total <= DIRECT:
                ranked = _score_all(matches, candidates_, whole, best)
            else:
                ranked = [(best, doc) for doc in whole]
                ranked += _top_levels(matches, candidates_, limit, set(whole), order)
        # equal scores in the order of equal scores (document numbers, in a built index)
        key = order.key
        top = heapq.nsmallest(limit, ranked, key=lambda item: (-item[0], key(item[1])))
        wanted = [
            Wanted(term.words, term.phrase, frozenset(match.typos), term.open_end)
            for term, match in zip(parsed.terms, matches, strict=True)
        ]
        where = _tiers_of(matches, [doc for _, doc in top])
        self.tables.docs.prefetch(doc for _, doc in top)
        hits = [
            self._hit(doc, points / best, parsed, wanted, where[doc], lang, changed)
            for points, doc in top
        ]
        return hits, total

    def _whole_name_docs(self, parsed: Query, candidates_: int, by_id: int | None) -> list[int]:
        """The documents the query names whole: by one of their names, or by their id."""
        key = " ".join(parsed.words)
        found = [d for d in self.tables.whole_names.get(key) or () if bits.contains(candidates_, d)]
        if by_id is not None and by_id not in found and bits.contains(candidates_, by_id):
            found.append(by_id)
        return found

    def _hit(
        self,
        doc: int,
        score: float,
        parsed: Query,
        wanted: list[Wanted],
        tiers: list[int | None],
        lang: str | None,
        changed: Mapping[str, ChangedEntry] | None = None,
    ) -> Hit:
        entity = self.tables.docs[doc]
        change = changed.get(entity.id) if changed is not None else None
        if parsed.terms:
            snippet = make_snippet(self._fields, entity, wanted, lang, tiers)
            text, marks, matched = snippet.text, snippet.highlights, snippet.matched
        elif changed is not None:  # how it changed says more than "kind: event"
            shown = change.text if change is not None else entity.label(lang)
            text, marks, matched = snippet_line(shown), (), "changed"
        else:
            text, marks, matched = self._filter_reason(entity, parsed.filters, lang)
        return Hit(
            entity.id,
            entity.entity_type,
            entity.label(lang),
            round(score, 3),
            text,
            marks,
            matched,
            change,
        )

    def _filter_reason(
        self, entity: AnyEntity, filters: Sequence[Filter], lang: str | None
    ) -> tuple[str, tuple[tuple[int, int], ...], str]:
        """A filter-only hit explains itself by the field the first filter looked at."""
        label, value = self.filters.reason(entity, filters[0], lang)
        value = snippet_line(value)
        if not value:
            return snippet_line(entity.label(lang)), (), label
        shown = _(label)  # the field in the reader's words; `matched` keeps the name
        text = f"{shown}: {value}"
        return text, ((len(shown) + 2, len(text)),), label

    # -- did you mean -----------------------------------------------------------------------

    def _suggest(
        self, parsed: Query, kind: str | None, lang: str | None, changes: Changes | None = None
    ) -> str | None:
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
            found = self.query(
                suggestion, kind=kind, limit=1, lang=lang, suggest=False, changes=changes
            )
        except QueryError:
            return None
        return suggestion if found.total else None

    def _shown(self, word: str) -> str:
        tables = self.tables
        index = tables.vocab.exact(word)
        return tables.display[index] if index is not None else word

    def _closest(self, word: str, edits: int) -> str | None:
        if edits <= 0:
            return None
        tables = self.tables
        close = candidates(word, edits, tables.vocab, tables.alphabet, self._same_start)
        if not close:
            return None

        def rank(known: str) -> tuple[int, int, str]:
            index = tables.vocab.exact(known)
            used = tables.doc_freq[index] if index is not None else 0
            return (close[known], -used, known)

        return min(close, key=rank)


def _exclusive(
    levels: list[tuple[int, int, int]], typos: tuple[str, ...], unchecked: int = 0
) -> _TermMatch:
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
    return _TermMatch(tuple(out), covered, typos, tuple(tiers), unchecked)


def _score_all(
    matches: list[_TermMatch], candidates_: int, whole: list[int], best: int
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
    matches: list[_TermMatch], candidates_: int, limit: int, skip: set[int], order: DocOrder
) -> list[tuple[int, int]]:
    """The best `limit` documents without scoring all: combinations of per-term levels are
    visited best first, and every document of a combination has the same score."""
    levels = [[(p, b & candidates_) for p, b in m.levels if b & candidates_] for m in matches]
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
                group.extend(d for d in order.first(docs, limit) if d not in skip)
            for position, index in enumerate(combo):
                if index + 1 < len(levels[position]):
                    following = (*combo[:position], index + 1, *combo[position + 1 :])
                    if following not in seen:
                        seen.add(following)
                        value = sum(lv[i][0] for lv, i in zip(levels, following, strict=True))
                        heapq.heappush(heap, (-value, following))
        out.extend((-score, doc) for doc in order.sorted(group)[:limit])
        if len(out) + len(skip) >= limit:
            break
    return out


def _tiers_of(matches: list[_TermMatch], docs: list[int]) -> dict[int, list[int | None]]:
    """For each shown document, where each term's best match is: the tier of the first level
    holding it.  Each level becomes bytes once (testing a bit of a 100 000-bit integer by
    shifting it copies the integer, for every document and level)."""
    out: dict[int, list[int | None]] = {doc: [None] * len(matches) for doc in docs}
    for position, match in enumerate(matches):
        left = docs
        for (_start, level), tier in zip(match.levels, match.tiers, strict=True):
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
