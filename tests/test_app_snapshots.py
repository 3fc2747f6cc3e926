"""Snapshots of the main screens at 40x12, 80x24, 120x40 and 250x70 (pytest-textual-snapshot):
the pared-down layout, the narrow one (list and detail take turns), side by side, and a huge
screen (names, kinds and roles in full; the detail kept to a readable line length).

They run on the demo base (tests/test_app_base.py), so editing the shipped facts never
changes them.  The detail pane shows `tui.render` unchanged: a change to the renderer shows
here too, and `pytest --snapshot-update` records it after a look at the report.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pytest
from test_app_base import write_demo_base
from test_app_flows import settle
from textual import events
from textual.pilot import Pilot
from textual.widgets import Input

from tui.app.app import FactsApp

TINY = (40, 12)
NARROW = (80, 24)
WIDE = (120, 40)
HUGE = (250, 70)


async def settled(pilot: Pilot) -> None:
    for field in pilot.app.screen.query(Input):
        field.cursor_blink = False  # a blinking cursor would make the picture flicker
    await settle(pilot)


@dataclass(frozen=True)
class Scene:
    start: str | None = None
    keys: tuple[str, ...] = ()
    paste: str = ""
    """Typed into the focused input after the keys (in one go, as a paste)."""

    def app(self, demo: Path) -> FactsApp:
        return FactsApp(demo, self.start, watch_interval=None)

    async def run_before(self, pilot: Pilot) -> None:
        await settled(pilot)
        await pilot.press(*self.keys)
        if self.paste:
            focused = pilot.app.focused
            assert isinstance(focused, Input)
            focused.post_message(events.Paste(self.paste))
        await settled(pilot)


SCENES = {
    "events_list": Scene(),
    "event_detail": Scene(start="essen-koriyama-mou-2017"),
    "theme_detail": Scene(start="renewable-energy"),
    "timeline": Scene(keys=("2",)),
    "search": Scene(keys=("slash",), paste="koriyama"),
    "filter": Scene(keys=("f",)),
    "help": Scene(keys=("question_mark",)),
}


@pytest.fixture
def demo(tmp_path: Path) -> Path:
    return write_demo_base(tmp_path)


@pytest.mark.parametrize(
    "size", [TINY, NARROW, WIDE, HUGE], ids=["40x12", "80x24", "120x40", "250x70"]
)
@pytest.mark.parametrize("scene", list(SCENES))
def test_screen(snap_compare, demo: Path, scene: str, size: tuple[int, int]) -> None:
    chosen = SCENES[scene]
    assert snap_compare(chosen.app(demo), terminal_size=size, run_before=chosen.run_before)


def test_hostile_data(snap_compare, demo: Path) -> None:
    app = FactsApp(demo, "hostile-event", watch_interval=None)
    assert snap_compare(app, terminal_size=NARROW, run_before=settled)


def test_light_theme(snap_compare, demo: Path) -> None:
    app = FactsApp(demo, "thomas-kufen", watch_interval=None)
    assert snap_compare(app, terminal_size=WIDE, press=["d"], run_before=settled)


def test_problems_of_a_broken_base(snap_compare, demo: Path, monkeypatch) -> None:
    monkeypatch.chdir(demo.parent)  # problems name the file as given: a relative path
    events_file = demo / "events.yaml"
    events_file.write_text(
        events_file.read_text(encoding="utf-8").replace("kind: signing", "kind: [signing"),
        encoding="utf-8",
    )
    app = FactsApp(Path("demo-base"), watch_interval=None)
    assert snap_compare(app, terminal_size=NARROW, run_before=settled)
