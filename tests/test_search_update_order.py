"""Document numbers that stay put (`tui.search.docorder`): the order of equal scores comes
from the stored order, not from the numbers, and an added event costs an update, not a
build, until so many numbers are free or displaced that a build is cheaper."""

from __future__ import annotations

from pathlib import Path
from typing import Any
from unittest.mock import patch

import pytest
from hypothesis import given
from hypothesis import strategies as st

import tui.search.update as search_update
from tests.test_search_update import Rebuilds, asked, stored_parts
from tests.test_store_incremental import split_shipped, write
from tui import store
from tui.load import load, load_with
from tui.search import cache_key
from tui.search.docorder import DocOrder, placed_in, rising
from tui.search.engine import SearchIndex

# -- the order itself ----------------------------------------------------------------------------


@st.composite
def orders(draw: st.DrawFn) -> tuple[list[int], list[int]]:
    """(the documents in use in the order of equal scores, the free numbers)."""
    size = draw(st.integers(0, 40))
    free = draw(st.sets(st.integers(0, max(0, size - 1)), max_size=size)) if size else set()
    used = [doc for doc in range(size) if doc not in free]
    return draw(st.permutations(used)), sorted(free)


@given(orders(), st.data())
def test_the_first_documents_of_a_set_follow_the_stored_order(
    drawn: tuple[list[int], list[int]], data: st.DataObject
) -> None:
    ranked, free = drawn
    size = len(ranked) + len(free)
    anchors = placed_in(ranked, rising(ranked))
    order = DocOrder.placed(size, free, anchors)
    # as stored and read back
    assert DocOrder.placed(size, free, order.anchors()).rank() == ranked
    assert order.rank() == ranked
    assert bin(order.alive).count("1") == len(ranked)
    chosen = data.draw(st.sets(st.sampled_from(ranked))) if ranked else set()
    docs = sum(1 << doc for doc in chosen)
    limit = data.draw(st.one_of(st.none(), st.integers(0, 10)))
    expected = [doc for doc in ranked if doc in chosen][:limit]
    assert order.first(docs, limit) == expected
    assert order.sorted(chosen) == [doc for doc in ranked if doc in chosen]


@given(st.lists(st.integers(0, 1000), unique=True))
def test_the_numbers_kept_in_place_rise_and_are_as_many_as_can(numbers: list[int]) -> None:
    kept = rising(numbers)
    in_order = [n for n in numbers if n in kept]
    assert in_order == sorted(in_order)
    # no longer rising run: the longest by a quadratic count
    best = [1] * len(numbers)
    for j in range(len(numbers)):
        for i in range(j):
            if numbers[i] < numbers[j]:
                best[j] = max(best[j], best[i] + 1)
    assert len(kept) == max(best, default=0)


def test_a_built_index_has_no_free_or_displaced_documents(shipped_path: Path) -> None:
    base = load(shipped_path, cache=False).base
    assert base is not None
    tables = SearchIndex.build(base).tables
    assert tables.order.free == () and not tables.order.displaced
    assert tables.order.rank() == list(range(tables.size))


# -- an added event, step by step ----------------------------------------------------------------


@pytest.fixture
def folder(tmp_path: Path, shipped_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("FACTS_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.delenv("FACTS_NO_CACHE", raising=False)
    split_shipped(shipped_path, tmp_path / "facts")
    return tmp_path / "facts"


def add_event(folder: Path, number: int, date: str = "2017-10-02") -> None:
    """One event appended to the 2017 events file (into the middle of the timeline)."""
    import yaml

    path = folder / "events" / "2017.yaml"
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    cited = data["events"][0]["sources"]
    data["events"].append(
        {
            "id": f"zebra-meeting-{number}",
            "name": {"en": f"Zebra meeting {number}", "de": f"Zebra-Treffen {number}"},
            "kind": "meeting",
            "date": date,
            "place": data["events"][0]["place"],
            "description": {"en": "Talks on hydrogen with zebras"},
            "sources": cited,
        }
    )
    write(folder, "events/2017.yaml", data)


def updated(folder: Path) -> tuple[SearchIndex, list[str], dict[str, bytes | None]]:
    """The index after a load, why it was built afresh (if it was), and the parts written."""
    key = cache_key()
    rebuilds = Rebuilds()
    written: dict[str, bytes | None] = {}
    real = store.write_parts_over

    def spying(*args: Any, **kwargs: Any) -> bool:
        written.update(args[-1])
        return real(*args, **kwargs)

    with (
        patch.object(search_update, "parts_changed", rebuilds),
        patch.object(store, "write_parts_over", spying),
    ):
        result, extras = load_with(folder, {key: SearchIndex})
    assert result.ok
    return extras[key], rebuilds.reasons, written


def test_an_added_event_is_found_in_its_place_without_a_build(folder: Path) -> None:
    key = cache_key()
    load_with(folder, {key: SearchIndex})
    before = stored_parts(folder)
    assert before is not None
    add_event(folder, 1)
    index, reasons, written = updated(folder)
    assert reasons == []
    fresh = SearchIndex.build(load(folder, cache=False).base)  # type: ignore[arg-type]
    assert asked(index) == asked(fresh)
    # found, and where a fresh build puts it among equal scores (by date, among the events)
    assert [hit.id for hit in index.search("meeting", limit=200)] == [
        hit.id for hit in fresh.search("meeting", limit=200)
    ]
    assert "zebra-meeting-1" in [hit.id for hit in index.search("zebra")]
    # only what the event changes is written: its words' parts, one docs and one ids part,
    # the order and the whole-vocabulary parts, far from all
    assert "order" in written and "meta" in written
    assert sum(name.startswith("docs.") for name in written) == 1
    assert sum(name.startswith("ids.") for name in written) == 1
    assert len(written) < len(before) // 4
    after = stored_parts(folder)
    assert after is not None
    assert set(written) == {name for name in after if before.get(name) != after[name]}


def test_a_build_comes_once_too_many_numbers_are_free_or_displaced(
    folder: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Three added events displace three documents; two may be: the third add builds the
    index afresh, numbered in order again (and the next add is an update again)."""
    monkeypatch.setattr(search_update, "COMPACT_MIN", 2)
    monkeypatch.setattr(search_update, "COMPACT_SHARE", 1_000_000)
    key = cache_key()
    load_with(folder, {key: SearchIndex})
    seen: list[list[str]] = []
    for number in range(1, 5):
        add_event(folder, number, date=f"2017-10-0{number}")
        index, reasons, _ = updated(folder)
        seen.append(reasons)
        fresh = SearchIndex.build(load(folder, cache=False).base)  # type: ignore[arg-type]
        assert asked(index) == asked(fresh)
        if reasons:
            assert not index.tables.order.displaced
    assert seen == [[], [], ["compact"], []]
