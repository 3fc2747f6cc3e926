"""The session: what the browser derives from a base is worked out once, however many worker
threads ask at the same time, and a failed attempt leaves the way open for the next."""

from __future__ import annotations

import threading
import time
from pathlib import Path

import pytest
from test_app_base import write_demo_base

import tui.app.session as session_module
from tui.app.facet_index import FacetIndex
from tui.app.session import Session
from tui.load import load
from tui.model import FactBase
from tui.search.engine import SearchIndex


@pytest.fixture(scope="module")
def demo_base(tmp_path_factory: pytest.TempPathFactory) -> FactBase:
    result = load(write_demo_base(tmp_path_factory.mktemp("demo")), cache=False)
    assert result.base is not None
    return result.base


def at_once(count: int, work: object) -> list[object]:
    """Call `work()` from `count` threads released together; their answers."""
    start = threading.Barrier(count)
    answers: list[object] = []

    def run() -> None:
        start.wait()
        answers.append(work())  # type: ignore[operator]

    threads = [threading.Thread(target=run) for _ in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(30)
    return answers


def test_each_value_is_worked_out_once_for_eight_threads_asking_together(
    demo_base: FactBase, monkeypatch: pytest.MonkeyPatch
) -> None:
    built: list[str] = []
    build_index, gather = SearchIndex.build, FacetIndex.gather

    def slow_index(base: FactBase) -> SearchIndex:
        built.append("index")
        time.sleep(0.05)  # long enough for every other thread to arrive meanwhile
        return build_index(base)

    def slow_gather(self: FacetIndex, progress: object = None) -> None:
        built.append("facets")
        time.sleep(0.05)
        gather(self)

    monkeypatch.setattr(session_module.SearchIndex, "build", staticmethod(slow_index))
    monkeypatch.setattr(FacetIndex, "gather", slow_gather)
    session = Session(demo_base)
    indexes = at_once(8, session.search_index)
    facets = at_once(8, session.facets)
    assert built == ["index", "facets"]
    assert len(indexes) == 8 and all(index is indexes[0] for index in indexes)
    assert len(facets) == 8 and all(index is facets[0] for index in facets)
    assert session.facets_ready


def test_an_index_brought_by_the_load_is_not_built_again(
    demo_base: FactBase, monkeypatch: pytest.MonkeyPatch
) -> None:
    brought = SearchIndex.build(demo_base)
    monkeypatch.setattr(
        session_module.SearchIndex, "build", staticmethod(lambda base: pytest.fail("built again"))
    )
    assert Session(demo_base, brought).search_index() is brought


def test_backlinks_and_list_orders(demo_base: FactBase) -> None:
    session = Session(demo_base)
    assert not session.backlinks_ready
    at_once(4, session.build_backlinks)
    assert session.backlinks_ready
    orders = at_once(4, lambda: session.listing("events"))
    assert all(order is orders[0] for order in orders)
    assert list(session.listing("events").ids[:2]) == ["essen-trip-2017", "essen-koriyama-mou-2017"]


def test_a_failed_attempt_is_not_kept(
    demo_base: FactBase, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    calls: list[int] = []
    build_index = SearchIndex.build

    def flaky(base: FactBase) -> SearchIndex:
        calls.append(1)
        if len(calls) == 1:
            raise OSError("disk gone")
        return build_index(base)

    monkeypatch.setattr(session_module.SearchIndex, "build", staticmethod(flaky))
    session = Session(demo_base)
    with pytest.raises(OSError):
        session.search_index()
    assert session.search_index() is session.search_index()
    assert len(calls) == 2
