"""A long-running browser keeps one base in memory, however often it reloads.

The soak test (benchmarks/soak.py) found every replaced base still in memory after ten
minutes: the loader freezes what it built out of the cycle collector's sight, and a replaced
base sat in reference cycles (finished workers holding their arguments, the search index's
parts calling back into it, closed screens, an event order's key) that a frozen collector
never looks at.  Now nothing the browser makes holds a base in a cycle, so reference
counting frees a replaced base as soon as the screens have moved on and the workers given
it have finished: the test waits for exactly that (no worker running, the screen settled),
then looks through weak references, with the browser's fallback full collection switched
off, so only reference counting can have freed them.
"""

from __future__ import annotations

import gc
import weakref
from pathlib import Path

import pytest
from test_app_base import write_demo_base
from test_app_flows import settle, until

import tui.app.app as app_module
from tui.app.app import FactsApp
from tui.collector import collect_released, collector_paused

RELOADS = 4


async def test_old_bases_are_freed_after_reloads(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    collections: list[str] = []
    monkeypatch.setattr(app_module, "collect_released", lambda: collections.append("") or 0.0)
    demo = write_demo_base(tmp_path)
    app = FactsApp(demo, "thomas-kufen", watch_interval=None)
    old: list[weakref.ref[object]] = []
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        for step in range(RELOADS):
            session = app.session
            assert session is not None
            old.append(weakref.ref(session.base))
            old.append(weakref.ref(session))
            if step % 2:  # an edit: the files are read again (a base in memory)
                events = demo / "events.yaml"
                events.write_text(
                    events.read_text(encoding="utf-8") + f"\n# edit {step}\n", encoding="utf-8"
                )
            del session
            app.reload()
            await until(
                pilot,
                lambda: (
                    app.session is not None
                    and all(app.session is not ref() and app.base is not ref() for ref in old)
                ),
                "the reload",
            )
            await settle(pilot)
            # use it: rows, a page, links, the search and the filter screens opened and closed
            await pilot.press("down", "enter", "b", "slash", "e", "escape", "f", "escape")
            await settle(pilot)
            assert [ref() for ref in old] == [None] * len(old)
        assert app.base is not None and app.browser.current == "thomas-kufen"
    assert collections == []  # reference counting freed every one


def test_collect_released_frees_a_frozen_cycle() -> None:
    """The helper's own rule: what was frozen and has since become garbage is freed, and
    what is still alive stays frozen (out of the collector's sight)."""

    class Node:
        def __init__(self) -> None:
            self.me = self

    with collector_paused():
        kept, dropped = Node(), Node()
    ref = weakref.ref(dropped)
    del dropped
    gc.collect()
    assert ref() is not None  # frozen: a collection does not see it
    collect_released()
    assert ref() is None
    assert gc.get_freeze_count() > 0 and kept.me is kept


def test_what_is_derived_from_a_base_holds_it_in_no_cycle(tmp_path: Path) -> None:
    """The search index (its filters made by a query), the event order of a page and the
    rendered page let go of the base by reference counting alone: with the collector
    switched off, the base is gone as soon as the last of them is dropped."""
    from tui.load import load
    from tui.order import EventOrder
    from tui.render import render_entity
    from tui.search.engine import SearchIndex

    was = gc.isenabled()
    gc.disable()
    try:
        base = load(write_demo_base(tmp_path), cache=False).base
        assert base is not None
        index = SearchIndex.build(base)
        assert index.query("kind:event year:2017").total > 0  # the filters made
        order = EventOrder(base)
        assert len(order(base.events)) == len(base.events)
        page = render_entity(base, "thomas-kufen", "en")
        ref = weakref.ref(base)
        del base, index, order, page
        assert ref() is None
    finally:
        if was:
            gc.enable()
