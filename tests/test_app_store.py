"""The browser on a stored base: opened from the store, and kept running when the store goes
bad under it."""

from __future__ import annotations

import os
import shutil
import sqlite3
from pathlib import Path

import pytest
from test_app_flows import WIDE, screen_text, settle, until

from tui import store as cache_store
from tui.app.app import FactsApp
from tui.load import fact_files, load_with
from tui.search import cache_key
from tui.search.engine import SearchIndex

LONG_AGO = 1_500_000_000


@pytest.fixture
def stored_copy(tmp_path: Path, shipped_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The shipped base, old enough to be stored, with its store (and search index) written."""
    monkeypatch.setenv("FACTS_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.delenv("FACTS_NO_CACHE", raising=False)
    facts = tmp_path / "facts"
    shutil.copytree(shipped_path, facts)
    for file in facts.rglob("*.yaml"):
        os.utime(file, (LONG_AGO, LONG_AGO))
    result, _ = load_with(facts, {cache_key(): SearchIndex})
    assert result.ok
    return facts


async def test_the_browser_opens_the_stored_base(stored_copy: Path) -> None:
    app = FactsApp(stored_copy, "city-of-essen", watch_interval=None)
    async with app.run_test(size=WIDE) as pilot:
        await settle(pilot)
        assert app.base is not None and app.base.stored
        shown = screen_text(app)
        assert "City of Essen" in shown
        assert "Signing of the Essen–Koriyama memorandum" in shown  # a backlink, from the store


async def test_a_store_damaged_while_browsing_is_read_again_from_the_files(
    stored_copy: Path,
) -> None:
    """The store opens (its header is intact), and the damage shows only when the browser
    reads the damaged entity: it then reads the fact files instead of failing."""
    store = cache_store.cache_file(stored_copy)
    with sqlite3.connect(store) as db:  # one entity's record overwritten
        db.execute(
            "UPDATE entities SET data = CAST(X'00000000' || data AS BLOB) "
            "WHERE id = 'essen-koriyama-mou-2017'"
        )
    db.close()
    app = FactsApp(stored_copy, watch_interval=None)
    async with app.run_test(size=WIDE) as pilot:
        await until(
            pilot,
            lambda: app.base is not None and not app.base.stored,
            "the base read again from the files",
        )
        await settle(pilot)
        assert app.is_running
        messages = [n.message for n in app._notifications]
        assert (
            "The stored copy of the fact base was damaged; reading the fact files again" in messages
        )
        app.browser.open("essen-koriyama-mou-2017")
        await settle(pilot)
        assert "Signing of the Essen–Koriyama memorandum of understanding" in screen_text(app)
    again = cache_store.opened(stored_copy)  # and stored afresh, whole
    assert again is not None and len(again.files) == len(fact_files(stored_copy))
    assert again.base().get("essen-koriyama-mou-2017") is not None
