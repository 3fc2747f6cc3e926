"""A long-running browser keeps one base in memory, however often it reloads.

The soak test (benchmarks/soak.py) found every replaced base still in memory after ten
minutes: the loader freezes what it built out of the cycle collector's sight, and a replaced
base sits in reference cycles (its search index, finished workers) that a frozen collector
never looks at.  These tests reload the browser again and again and watch the old bases
through weak references; they never collect themselves, so only the browser's own release
can free them.
"""

from __future__ import annotations

import gc
import weakref
from pathlib import Path

from test_app_base import write_demo_base
from test_app_flows import settle, until

from tui.app.app import FactsApp
from tui.collector import collect_released, collector_paused

RELOADS = 4


async def test_old_bases_are_freed_after_reloads(tmp_path: Path) -> None:
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
            await until(pilot, lambda: app.session is not None and all(
                app.session is not ref() and app.base is not ref() for ref in old
            ), "the reload")
            await settle(pilot)
            await pilot.press("down", "enter", "b")  # use it: rows, pages, links
            await settle(pilot)
        await until(pilot, lambda: all(ref() is None for ref in old), "the old bases freed")
        assert app.base is not None and app.browser.current == "thomas-kufen"


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
