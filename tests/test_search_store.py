"""The search index stored as parts (`SearchIndex.dump`) and opened over a base
(`SearchIndex.open`): it answers exactly as the index built in memory, and reads a part only
when a query needs it."""

from __future__ import annotations

import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tui.load import load
from tui.model import FactBase
from tui.search import QueryError, store
from tui.search.engine import SearchIndex, SearchResult
from tui.search.fields import TIERS

ROOT = Path(__file__).resolve().parent.parent
HOSTILE = ROOT / "tests" / "hostile" / "base"

SHIPPED_QUERIES = [
    # words, folded spellings, prefixes, compound parts
    "Düsseldorf",
    "duesseldorf",
    "DUSSELDORF",
    "schluessel",
    "straße",
    "kuf",
    "fukushima med",
    "wasserst",
    "stoff",
    "wasserstoff",
    "hydrogen",
    "Tokio",
    "essen koriyama",
    "1&1",
    "NRW.INVEST",
    "toshiba",
    "k",
    "e",
    "2017",
    "2025",
    "delegation",
    # typos and a did-you-mean
    "Rakuten Symphonie",
    "fukushma",
    "kufne",
    "kuefn",
    "wasserstof technologie",
    "xyzzy",
    "hydrogne essen",
    # phrases, open and closed
    '"memorandum of understanding"',
    '"of understanding',
    '"essen"',
    '"koriyama city"',
    '"郡山 市"',
    # Japanese and other CJK
    "郡山",
    "東芝",
    "シンフォニー",
    "郡",
    "ｼﾝﾌｫﾆｰ",
    "福島 医療",
    # every filter, alone and with words, understood or not
    "kind:event",
    "kind:signing",
    "kind:person essen",
    "kind:sig",
    "kind:nonsense",
    "theme:hydrogen",
    "theme:wasserstoff essen",
    "theme:nosuchtheme",
    'theme:"hydrogen tech"',
    "year:2017",
    "year:2017..2025 essen",
    "year:1900",
    "participant:kufen",
    "participant:kufen 2017",
    "participant:nobody",
    "participant:tanaka",
    "kind:theme",
    "basis:stated",
    "basis:inferred kind:event",
    "koriyama basis:background",
]
GENERATED_QUERIES = [
    "kufen 2017",
    "kazuo tanaka 2018",
    "wasserstoff",
    "hydrogen",
    "dusseldorf",
    "düsseldorf empfang",
    "郡山",
    "東京 代表団",
    "aoba logistik",
    "delegation aachen koriyama",
    "medizintechnik",
    "rakuten symphonie",
    "toshiba batterie",
    '"delegation of aachen"',
    "kind:signing hydrogen",
    "theme:hydrogen year:2020",
    "participant:tanaka empfang",
    "yamato hydrogen gmbh",
    "reception 2019",
    "smart mobility osaka",
    "wassersoff",
    "techologie",
    "zzzzqq",
]


def answers(
    index: SearchIndex, queries: list[str], limit: int = 30, typed: bool = True
) -> list[Any]:
    """Everything a person sees for each query: typed out keystroke by keystroke (live), and
    asked as a whole (as `facts search` does), in English and in Japanese."""
    out: list[Any] = []
    for query in queries:
        asked = [(query[:end], True, None) for end in range(1, len(query) + 1 if typed else 0)]
        asked += [(query, False, None), (query, False, "ja")]
        for text, live, lang in asked:
            try:
                result: SearchResult | str = index.query(text, live=live, limit=limit, lang=lang)
            except QueryError as error:
                result = f"QueryError: {error}"
            out.append((text, live, lang, result))
    out.append(index.kinds())
    return out


def vocabulary_queries(index: SearchIndex, every: int) -> list[str]:
    """Words of the base itself (whatever it holds), their starts, and each with a typo."""
    words = [w for w in list(index.tables.vocab)[::every] if w.isalnum()]
    return [q for w in words for q in (w, w[:3], w[:-1] + "q" if len(w) > 5 else w)]


def opened(index: SearchIndex, base: FactBase, record: list[str] | None = None) -> SearchIndex:
    parts = index.dump()

    def read(name: str) -> bytes | None:
        if record is not None:
            record.append(name)
        return parts.get(name)

    return SearchIndex.open(base, read)


@pytest.fixture(scope="module")
def built(shipped_base: FactBase) -> SearchIndex:
    return SearchIndex.build(shipped_base)


@pytest.fixture
def small_parts(monkeypatch: pytest.MonkeyPatch) -> None:
    """Parts of a few words and blocks each, so that a small base spans many of them."""
    monkeypatch.setattr(store, "WORDS_PER_PART", 16)
    monkeypatch.setattr(store, "DOCS_PER_PART", 8)
    monkeypatch.setattr(store, "BLOCKS_PER_PART", 2)
    monkeypatch.setattr(store, "NAMES_PER_PART", 8)


@pytest.fixture(scope="module")
def generated(tmp_path_factory: pytest.TempPathFactory) -> FactBase:
    out = tmp_path_factory.mktemp("generated") / "base"
    generator = ROOT / "benchmarks" / "generate.py"
    command = [sys.executable, str(generator), "--events", "600", "--seed", "1", "--out", str(out)]
    subprocess.run(command, check=True, stdout=subprocess.DEVNULL)
    result = load(out, cache=False)
    assert result.base is not None, result.problems[:3]
    return result.base


# -- the same answers ---------------------------------------------------------------------


@pytest.mark.parametrize("part_size", ["normal", "small"])
def test_opened_shipped_index_answers_like_the_built_one(
    shipped_base: FactBase, part_size: str, request: pytest.FixtureRequest
) -> None:
    if part_size == "small":
        request.getfixturevalue("small_parts")
    built = SearchIndex.build(shipped_base)
    index = opened(built, shipped_base)
    expected = answers(built, SHIPPED_QUERIES)
    assert answers(index, SHIPPED_QUERIES) == expected
    words = vocabulary_queries(built, 3)
    assert answers(index, words, typed=False) == answers(built, words, typed=False)
    # and the answers are real ones: the test compares something
    assert sum(1 for row in expected[:-1] if not isinstance(row[3], str) and row[3].hits) > 500
    assert any(not isinstance(r[3], str) and r[3].suggestion for r in expected[:-1])
    assert any(not isinstance(r[3], str) and r[3].typos for r in expected[:-1])
    assert any(isinstance(r[3], str) for r in expected[:-1])


def test_opened_generated_index_answers_like_the_built_one(
    generated: FactBase, small_parts: None
) -> None:
    built = SearchIndex.build(generated)
    index = opened(built, generated)
    assert any(built.tables.heavy[tier] for tier in TIERS)  # common words kept as bit sets
    assert len(built.tables.blocks[0]) > 2 * store.BLOCKS_PER_PART
    expected = answers(built, GENERATED_QUERIES, limit=20)
    assert answers(index, GENERATED_QUERIES, limit=20) == expected
    words = vocabulary_queries(built, 13)
    assert answers(index, words, 20, typed=False) == answers(built, words, 20, typed=False)
    assert sum(1 for row in expected[:-1] if not isinstance(row[3], str) and row[3].total) > 150


def test_opened_hostile_index_answers_like_the_built_one() -> None:
    result = load(HOSTILE)
    assert result.base is not None
    built = SearchIndex.build(result.base)
    index = opened(built, result.base)
    queries = ["markup", "[bold]", "evil", "alarm", "終了", "company", "kind:organisation"]
    assert answers(index, queries) == answers(built, queries)
    words = vocabulary_queries(built, 2)
    assert answers(index, words, typed=False) == answers(built, words, typed=False)


def test_a_dump_holds_every_part_and_an_opened_index_dumps_the_same(
    built: SearchIndex, shipped_base: FactBase
) -> None:
    parts = built.dump()
    index = SearchIndex.open(shipped_base, parts.get)
    assert index.dump() == parts
    assert sorted(store.part_names(store.Parts(parts.get))) == sorted(parts)


# -- reading only what a query needs --------------------------------------------------------


def test_open_reads_nothing_until_the_first_query(
    built: SearchIndex, shipped_base: FactBase
) -> None:
    read: list[str] = []
    index = opened(built, shipped_base, read)
    assert read == []
    assert repr(index) == "<SearchIndex opened from a store>"
    index.query("wasserstoff", limit=20)
    assert read  # now it has read something
    assert not [name for name in read if name.startswith(("gram", "filter.", "by_start"))]
    assert len(read) == len(set(read))  # and each part once


def test_japanese_reads_its_grams_and_filters_read_their_tables(
    built: SearchIndex, shipped_base: FactBase
) -> None:
    read: list[str] = []
    index = opened(built, shipped_base, read)
    assert index.search("郡山", limit=2)[0].id in {"city-of-koriyama", "koriyama"}
    assert "gram.郡山" in read
    assert "filter.years" not in read
    index.query("year:2017 essen")
    assert "filter.years" in read and "filter.participants" not in read


def test_an_opened_index_fetches_only_the_entities_it_shows(
    built: SearchIndex, shipped_base: FactBase
) -> None:
    base = CountingBase(shipped_base)
    index = SearchIndex.open(base, built.dump().get)  # type: ignore[arg-type]
    result = index.query("e", limit=3)
    assert result.total > 20 and len(result.hits) == 3
    # the three hits, and what their snippets name (a few linked entities at most)
    assert 3 <= len(set(base.fetched)) < 20


def test_a_missing_part_is_a_damaged_store(built: SearchIndex, shipped_base: FactBase) -> None:
    parts = built.dump()
    del parts["vocab"]
    index = SearchIndex.open(shipped_base, parts.get)
    with pytest.raises(LookupError, match="search index part 'vocab' missing"):
        index.query("essen")


def test_a_damaged_part_is_a_damaged_store(built: SearchIndex, shipped_base: FactBase) -> None:
    parts = built.dump()
    parts["meta"] = parts["meta"][:-3]
    index = SearchIndex.open(shipped_base, parts.get)
    with pytest.raises(LookupError, match="search index part 'meta' cannot be read"):
        index.query("essen")


def test_two_threads_asking_at_once_read_each_part_once(
    built: SearchIndex, shipped_base: FactBase
) -> None:
    parts = built.dump()
    read: list[str] = []

    def slow_read(name: str) -> bytes | None:
        read.append(name)
        time.sleep(0.002)  # widen the window in which a second reader could slip in
        return parts.get(name)

    index = SearchIndex.open(shipped_base, slow_read)
    results: dict[int, list[Any]] = {}

    def ask(number: int) -> None:
        results[number] = answers(index, ["wasserstoff", "郡山", "theme:hydrogen essen"])

    threads = [threading.Thread(target=ask, args=(n,)) for n in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    expected = answers(built, ["wasserstoff", "郡山", "theme:hydrogen essen"])
    assert results[0] == results[1] == expected
    assert len(read) == len(set(read))


class CountingBase:
    """A base that notes which entities were fetched from it."""

    def __init__(self, base: FactBase) -> None:
        self._base = base
        self.fetched: list[str] = []

    def get(self, entity_id: str) -> Any:
        self.fetched.append(entity_id)
        return self._base.get(entity_id)

    def __len__(self) -> int:
        return len(self._base)

    @property
    def by_id(self) -> Any:
        return _CountingMap(self)

    def __getattr__(self, name: str) -> Any:
        return getattr(self._base, name)


class _CountingMap:
    def __init__(self, owner: CountingBase) -> None:
        self.owner = owner

    def __getitem__(self, entity_id: str) -> Any:
        entity = self.owner.get(entity_id)
        if entity is None:
            raise KeyError(entity_id)
        return entity

    def __iter__(self) -> Iterator[str]:
        return iter(self.owner._base.by_id)


def test_an_empty_base_stores_and_opens_too() -> None:
    empty = FactBase()
    built = SearchIndex.build(empty)
    index = SearchIndex.open(empty, built.dump().get)
    for query in ("essen", "kind:event", "郡山", '"a b"', "wasserstof"):
        assert index.query(query) == built.query(query)
        assert index.query(query).total == 0
