"""The browser while a long load runs: the status line says how far it has got (files read
n of N, entities checked, index built) and follows each step, then gives way to the list.

The load is a fake that reports a given sequence of steps and waits for the test between
them, so the slow load is driven step by step and nothing depends on time."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from test_app_flows import settle, until
from textual.pilot import Pilot

from tui.app import app as app_module
from tui.app.app import FactsApp
from tui.app.session import Session
from tui.app.widgets.status import StatusLine
from tui.load import LoadResult, load
from tui.model import FactBase
from tui.progress import CHECK, INDEX, READ, READ_CHANGED, LoadStep
from tui.search.engine import SearchIndex


class SlowLoad:
    """A load that reports each step of `steps`, waiting before each for `go`."""

    def __init__(self, base: FactBase, index: SearchIndex) -> None:
        self.base, self.index = base, index
        self.steps: list[LoadStep] = []
        self.go = threading.Semaphore(0)
        self.app: FactsApp | None = None

    def __call__(self, path: Path) -> tuple[LoadResult, SearchIndex | None]:
        assert self.app is not None
        for step in self.steps:
            self.go.acquire()
            self.app.load_progress.report(step)
        self.go.acquire()
        return LoadResult(self.base, (), ()), self.index


@pytest.fixture(scope="module")
def shipped(shipped_path: Path) -> Iterator[tuple[FactBase, SearchIndex]]:
    base = load(shipped_path, cache=False).base
    assert base is not None
    yield base, Session(base).search_index()


def status(pilot: Pilot) -> str:
    return str(pilot.app.screen.query_one(StatusLine).render())


async def step(pilot: Pilot, slow: SlowLoad, text: str) -> None:
    slow.go.release()
    await until(pilot, lambda: text in status(pilot), text)


async def test_the_first_load_shows_each_step_with_its_counts(
    shipped_path: Path, shipped: tuple[FactBase, SearchIndex]
) -> None:
    slow = SlowLoad(*shipped)
    slow.steps = [
        LoadStep(READ, 0, 34),
        LoadStep(READ, 12, 34, 35_000),
        LoadStep(CHECK, entities=100_000),
        LoadStep(INDEX, entities=100_000),
    ]
    app = slow.app = FactsApp(shipped_path, watch_interval=None, loader=slow)
    async with app.run_test(size=(100, 24)) as pilot:
        assert "Loading…" in status(pilot)
        await step(pilot, slow, "Reading the fact files: 0 of 34 files")
        await step(pilot, slow, "Reading the fact files: 12 of 34 files, 35,000 entities so far")
        await step(pilot, slow, "Checking references, ids and cycles across 100,000 entities")
        await step(pilot, slow, "Building the search index: 100,000 entities")
        slow.go.release()
        await settle(pilot)
        assert "23 events" in status(pilot)
        assert "Building" not in status(pilot)


async def test_a_slow_reload_says_how_far_it_has_got(
    shipped_path: Path, shipped: tuple[FactBase, SearchIndex], monkeypatch: pytest.MonkeyPatch
) -> None:
    slow = SlowLoad(*shipped)
    app = slow.app = FactsApp(shipped_path, watch_interval=None, loader=slow)
    async with app.run_test(size=(100, 24)) as pilot:
        slow.go.release()
        await settle(pilot)
        assert "23 events" in status(pilot)
        # "slow": at once, instead of after RELOAD_PROGRESS_AFTER seconds
        monkeypatch.setattr(app_module, "RELOAD_PROGRESS_AFTER", 0.0)
        slow.steps = [LoadStep(READ_CHANGED, 0, 1), LoadStep(CHECK, entities=108)]
        app.reload()
        await step(pilot, slow, "Reading the changed files: 0 of 1 file")
        await step(pilot, slow, "Checking references, ids and cycles across 108 entities")
        slow.go.release()
        await settle(pilot)
        assert "23 events" in status(pilot)
