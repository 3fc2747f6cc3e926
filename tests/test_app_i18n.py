"""The browser in German and Japanese: snapshots of the main screens at 80x24 and 120x40, and
checks that the labels the program writes (section tabs, status line, footer, help, filter)
are shown whole, never cut, in a language whose words are long or double width.

Snapshots run on the demo base, as tests/test_app_snapshots.py's do; `pytest
--snapshot-update` records a deliberate change after a look at the report.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from test_app_base import write_demo_base
from test_app_flows import screen_text
from test_app_snapshots import SCENES, settled

from tui.app.app import FactsApp
from tui.app.rows import SECTIONS
from tui.i18n import _, cell_width, set_language

SIZES = {"80x24": (80, 24), "120x40": (120, 40)}
LANGS = ("de", "ja")
SHOWN = ("events_list", "event_detail", "filter", "help", "search")


@pytest.fixture
def demo(tmp_path: Path) -> Path:
    return write_demo_base(tmp_path)


@pytest.fixture(params=LANGS)
def code(request: pytest.FixtureRequest) -> Iterator[str]:
    set_language(request.param)
    yield request.param
    set_language("en")


@pytest.mark.parametrize("size", list(SIZES))
@pytest.mark.parametrize("scene", SHOWN)
def test_screen(snap_compare, demo: Path, code: str, scene: str, size: str) -> None:
    chosen = SCENES[scene]
    app = FactsApp(demo, chosen.start, lang=code, watch_interval=None)
    assert snap_compare(app, terminal_size=SIZES[size], run_before=chosen.run_before)


def rows(text: str) -> list[str]:
    return text.split("\n")


@pytest.mark.parametrize("size", list(SIZES))
async def test_tabs_status_and_footer_are_whole(demo: Path, code: str, size: str) -> None:
    width, height = SIZES[size]
    app = FactsApp(demo, lang=code, watch_interval=None)
    async with app.run_test(size=(width, height)) as pilot:
        await settled(pilot)
        lines = rows(screen_text(app))
        tabs, status, footer = lines[1], lines[3], lines[-1]
        for number, section in enumerate(SECTIONS, start=1):
            assert f"{number} {_(section.title)}" in tabs
        assert status.strip().startswith(_("Events"))
        assert f"{_('names: {lang}').format(lang=code)}" in status
        for line in (tabs, status, footer):
            assert "…" not in line
            assert cell_width(line.rstrip()) <= width
        for word in (_("Search"), _("Filter"), _("Help"), _("Quit")):
            assert word in footer  # the most needed keys are kept, whole
        # no English word of the program in the chrome
        english = {"Events", "Timeline", "Participants", "Themes", "Places", "Sources",
                   "Search", "Filter", "Help", "Quit", "names:", "filters"}
        assert not english & set(re.findall(r"[A-Za-z:]+", tabs + status + footer))


@pytest.mark.parametrize("size", list(SIZES))
@pytest.mark.parametrize("keys", [("question_mark",), ("f",)], ids=["help", "filter"])
async def test_boxes_show_their_labels_whole(demo: Path, code: str, size: str,
                                             keys: tuple[str, ...]) -> None:
    app = FactsApp(demo, lang=code, watch_interval=None)
    async with app.run_test(size=SIZES[size]) as pilot:
        await settled(pilot)
        await pilot.press(*keys)
        await settled(pilot)
        inside = [line.split("│")[1] for line in rows(screen_text(app)) if line.count("│") >= 2]
        assert inside, "the box is on screen"
        text = "\n".join(inside)
        for meant in (_("Counting…"), _("Type to find a year, theme, participant, kind, country…")):
            text = text.replace(meant, "")  # an ellipsis that belongs to the words
        assert "…" not in text  # nothing cut
        if keys == ("question_mark",):
            assert _("Keys") in text and _("Anywhere") in text
        else:
            assert _("Narrow {section}").format(section=_("Events")) in text


async def test_the_welcome_and_the_links_title(demo: Path, code: str) -> None:
    app = FactsApp(demo, "essen-koriyama-mou-2017", lang=code, watch_interval=None)
    async with app.run_test(size=(120, 40)) as pilot:
        await settled(pilot)
        text = screen_text(app)
        assert _("Links · {count}").format(count=7).split("·")[0].strip() in text
        assert _("Enter follows · b goes back") in text
        assert ("1. Dezember 2017" if code == "de" else "2017年12月1日") in text
