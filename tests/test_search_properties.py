"""Whatever is typed — control characters, lone surrogates, half a filter, a pasted page —
search answers or says the query is bad; it never fails with an exception."""

from __future__ import annotations

from array import array

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tui.model import FactBase, Names, Theme
from tui.search import QueryError, bits
from tui.search.engine import SearchIndex

SLOW_OK = settings(deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])


@pytest.fixture(scope="module")
def index(shipped_base: FactBase) -> SearchIndex:
    return SearchIndex.build(shipped_base)


PIECES = st.sampled_from(
    [
        '"',
        ":",
        "kind:",
        "theme:",
        "year:",
        "participant:",
        "year:2017..",
        "..",
        "-",
        " ",
        "essen",
        "düsseldorf",
        "郡山",
        "ｶﾞｽ",
        "\u0308",
        "ß",
        "İ",
        "\x00",
        "\x1b[31m",
        "\u202e",
        "1&1",
        "*",
        "(",
        "\\",
        "\ud800",
        "ー",
        "ﬁ",
    ]
)
QUERIES = st.one_of(
    st.text(max_size=60),
    st.lists(st.one_of(PIECES, st.text(max_size=8)), max_size=12).map("".join),
)


def _check(index: SearchIndex, query: str, live: bool) -> None:
    try:
        result = index.query(query, live=live, limit=10)
    except QueryError as error:
        assert not live or str(error)  # a message for the person, never empty
        return
    assert len(result.hits) <= 10
    assert result.total >= len(result.hits)
    for hit in result.hits:
        assert 0 < hit.score <= 1
        for start, end in hit.highlights:
            assert 0 <= start < end <= len(hit.snippet)
        assert all(ch.isprintable() for ch in hit.snippet)


@settings(SLOW_OK, max_examples=300)
@given(query=QUERIES, live=st.booleans())
def test_any_query_answers_or_is_refused_with_a_message(
    index: SearchIndex, query: str, live: bool
) -> None:
    _check(index, query, live)


@settings(SLOW_OK, max_examples=60)
@given(query=QUERIES)
def test_every_keystroke_prefix_of_any_query(index: SearchIndex, query: str) -> None:
    for end in range(len(query) + 1):
        _check(index, query[:end], True)


def test_a_pasted_page_is_answered(index: SearchIndex) -> None:
    page = "Düsseldorf-Abend in Tokio: Ein Fest der Innovation und Vernetzung! " * 200
    result = index.query(page, limit=5)
    assert len(result.query.terms) == 10  # distinct words; a long paste is not slower
    # the source whose title this is
    assert [h.id for h in result.hits] == ["duesseldorf-evening-article-2025"]


def test_live_queries_are_only_refused_for_what_typing_cannot_fix(index: SearchIndex) -> None:
    for typed in [
        '"memo',
        "theme:",
        "year:20",
        "year:2017..",
        "kind:sig",
        "participant:",
        'theme:"hydr',
    ]:
        index.query(typed, live=True)
    with pytest.raises(QueryError):
        index.query("year:abc", live=True)


@settings(max_examples=200)
@given(size=st.integers(0, 3000), data=st.data())
def test_document_sets_hold_exactly_their_ids(size: int, data: st.DataObject) -> None:
    """Few ids set bits, many set bytes first (faster): both must give the same set."""
    ids = data.draw(st.lists(st.integers(0, max(0, size - 1)), max_size=size if size else 0))
    expected = sum(1 << doc for doc in set(ids))
    assert bits.from_ids(ids, size) == expected
    assert bits.from_ids(array("I", ids), size) == expected
    halves = [array("I", ids[: len(ids) // 2]), array("I", ids[len(ids) // 2 :])]
    assert bits.union(halves, size) == expected


QUERY_WORDS = st.lists(
    st.text("abcdefgh", min_size=3, max_size=8), min_size=1, max_size=3, unique=True
)
OTHER_WORDS = st.lists(st.text("stuvw", min_size=3, max_size=8), min_size=1, max_size=3)


@settings(max_examples=150, deadline=None)
@given(
    words=QUERY_WORDS, others=OTHER_WORDS, starts=st.lists(st.booleans(), min_size=3, max_size=3)
)
def test_a_name_holding_every_word_ranks_above_an_id_holding_them(
    words: list[str], others: list[str], starts: list[bool]
) -> None:
    """Whatever the words: an entity whose name holds every query word (whole, or as the
    start of a longer word) ranks above one that holds them only in its id — even when the
    id holds them whole and comes first in the base.  Only the id typed as written (a pasted
    id) finds its entity first."""
    suffix = others[0]
    in_name = [
        word + suffix if longer else word
        for word, longer in zip(words, starts[: len(words)], strict=True)
    ]
    by_id = Theme(id="-".join([*words, *others]), name=Names.of(" ".join(others)))
    by_name = Theme(id="-".join(others) + "-1", name=Names.of(" ".join([*in_name, *others])))
    index = SearchIndex.build(FactBase(themes=(by_id, by_name)))
    found = [hit.id for hit in index.search(" ".join(words))]
    assert found == [by_name.id, by_id.id]
    assert index.search(by_id.id)[0].id == by_id.id
