"""A big base shows its list before its backlinks are built (seconds at 100 000 events); the
detail pane waits for them and then shows the entry under the cursor as it always would.
The size limit is lowered so that the small demo base takes the big base's path."""

from __future__ import annotations

import threading
from pathlib import Path

import pytest
from test_app_base import write_demo_base
from test_app_flows import WIDE, screen_text, settle, until

import tui.app.app as app_module
from tui.app.app import FactsApp
from tui.app.session import Session


@pytest.fixture
def demo(tmp_path: Path) -> Path:
    return write_demo_base(tmp_path)


async def test_list_comes_first_and_the_detail_follows_the_backlinks(
    demo: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(app_module, "LINK_BEFORE_SHOWING", 0)
    gate = threading.Event()
    build = Session.build_backlinks

    def held(self: Session) -> None:
        gate.wait(30)
        build(self)

    monkeypatch.setattr(Session, "build_backlinks", held)
    app = FactsApp(demo, watch_interval=None)
    try:
        async with app.run_test(size=WIDE) as pilot:
            await until(
                pilot,
                lambda: "2017-11-29 Essen delegation tri" in screen_text(app),
                "the list before the backlinks",
            )
            assert app.session is not None and not app.session.backlinks_ready
            assert app.browser.current == "essen-trip-2017"
            text = screen_text(app)  # the pane says why it waits; the screen is not frozen
            assert "Collecting the links between the entries of this big base" in text
            assert "Links · " not in text
            gate.set()
            await until(
                pilot,
                lambda: app.session is not None and app.session.backlinks_ready,
                "the backlinks",
            )
            await settle(pilot)
            text = screen_text(app)
            assert "Collecting the links" not in text
            assert "Links · " in text
            assert "Signing of the Essen–Koriyama memorandum" in text  # a part, a backlink
    finally:
        gate.set()


async def test_small_base_has_its_backlinks_with_the_first_screen(demo: Path) -> None:
    app = FactsApp(demo, watch_interval=None)
    async with app.run_test(size=WIDE) as pilot:
        await until(pilot, lambda: app.base is not None, "the base")
        assert app.session is not None and app.session.backlinks_ready
        await settle(pilot)
        assert "Links · " in screen_text(app)
