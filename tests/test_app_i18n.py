"""The browser in German and Japanese: snapshots of the main screens at 80x24 and 120x40, and
checks that the labels the program writes (section tabs, status line, footer, help, filter)
are shown whole, never cut, in a language whose words are long or double width; the Met list
of a participant's page, the network view (`m`), "Changed since" in the filter window, the
last change of an entry and a new base's empty state speak the language too.

Snapshots run on the demo base, as tests/test_app_snapshots.py's do; `pytest
--snapshot-update` records a deliberate change after a look at the report.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

import pytest
from test_app_base import write_demo_base
from test_app_edit_loop import renamed_and_added
from test_app_flows import highlighted, screen_lines, screen_text, until
from test_app_snapshots import SCENES, Scene, settled
from textual.widget import Widget

from tui.app.app import FactsApp
from tui.app.rows import SECTIONS
from tui.app.screens.network import NetworkScreen
from tui.app.widgets.detail import DetailPane
from tui.app.widgets.virtual_list import VirtualList
from tui.i18n import _, cell_width, ngettext, set_language
from tui.newbase import write_base

pytest_plugins = ("gitbase",)  # the fixture repo: a small base in git, fixed names and dates

if TYPE_CHECKING:
    from gitbase import Repo

SIZES = {"80x24": (80, 24), "120x40": (120, 40)}
LANGS = ("de", "ja")
SCENES = {
    **SCENES,
    "participant_detail": Scene(start="thomas-kufen"),  # the Met list below the links
    "network": Scene(start="thomas-kufen", keys=("m", "r")),  # both rings
    "palette": Scene(keys=("ctrl+p",)),
}
SHOWN = (
    "events_list",
    "event_detail",
    "filter",
    "help",
    "search",
    "participant_detail",
    "network",
    "palette",
)


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


@pytest.mark.parametrize("size", list(SIZES))
def test_problems_of_a_broken_base(
    snap_compare, demo: Path, code: str, size: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The problems panel and its notice, in the language (the problem itself too)."""
    monkeypatch.chdir(demo.parent)  # problems name the file as given: a relative path
    events_file = demo / "events.yaml"
    events_file.write_text(
        events_file.read_text(encoding="utf-8").replace("kind: signing", "knd: signing", 1),
        encoding="utf-8",
    )
    app = FactsApp(Path("demo-base"), lang=code, watch_interval=None)
    assert snap_compare(app, terminal_size=SIZES[size], run_before=settled)


def rows(text: str) -> list[str]:
    return text.split("\n")


def shown(app: FactsApp, widget: Widget) -> list[str]:
    """The widget's lines as text (`screen_lines` gives a cell per column: a wide character
    comes twice)."""
    out = []
    for line in screen_lines(app, widget):
        text, at = "", 0
        while at < len(line):
            text += line[at]
            at += 2 if cell_width(line[at]) == 2 else 1
        out.append(text)
    return out


@pytest.mark.parametrize("size", list(SIZES))
async def test_tabs_status_and_footer_are_whole(demo: Path, code: str, size: str) -> None:
    width, height = SIZES[size]
    app = FactsApp(demo, lang=code, watch_interval=None)
    async with app.run_test(size=(width, height)) as pilot:
        await settled(pilot)
        lines = rows(screen_text(app))
        header, tabs, status, footer = lines[0], lines[1], lines[3], lines[-1]
        assert "…" not in header  # the counts that do not fit are left out, not cut
        assert "demo-base" in header
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
        english = {
            "Events",
            "Timeline",
            "Participants",
            "Themes",
            "Places",
            "Sources",
            "Search",
            "Filter",
            "Help",
            "Quit",
            "names:",
            "filters",
        }
        assert not english & set(re.findall(r"[A-Za-z:]+", tabs + status + footer))


@pytest.mark.parametrize("size", list(SIZES))
@pytest.mark.parametrize("keys", [("question_mark",), ("f",)], ids=["help", "filter"])
async def test_boxes_show_their_labels_whole(
    demo: Path, code: str, size: str, keys: tuple[str, ...]
) -> None:
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


ENGLISH_OF_THE_NETWORK = (
    "Network of",
    "Met ·",
    "most shared events first",
    "Second ring",
    "who met them",
    "shared event",
    "Enter opens",
    "b back",
    "Esc the page",
    "in the second ring",
    "1 event",
    "1 contact",
)
"""What the network view writes in English: none of it shows in another language."""


@pytest.mark.parametrize("size", list(SIZES))
async def test_the_network_view_speaks_the_language(demo: Path, code: str, size: str) -> None:
    app = FactsApp(demo, "thomas-kufen", lang=code, watch_interval=None)
    async with app.run_test(size=SIZES[size]) as pilot:
        await settled(pilot)
        assert app.session is not None
        koriyama = app.session.base.by_id["city-of-koriyama"].label(code)  # 郡山市 in ja
        one_event = ngettext("{count} event", "{count} events", 1).format(count=1)
        text = screen_text(app)
        assert _("Met · {count}").format(count=2) in text
        met = shown(app, app.browser.query_one("#met", VirtualList))
        assert any(koriyama in line and one_event in line for line in met)
        await pilot.press("m")
        await settled(pilot)
        await pilot.press("r")
        nobody = _("Second ring · none: they met nobody else")
        await until(pilot, lambda: nobody in screen_text(app), "the second ring")
        await settled(pilot)
        screen = app.screen
        assert isinstance(screen, NetworkScreen)
        text = screen_text(app)
        lines = text.split("\n")
        assert lines[1].strip() == _("Network of {name}").format(name="Thomas Kufen")
        at = ngettext("at {count} event", "at {count} events", 2).format(count=2)
        counts = ngettext(
            "Met {count} participant {events}", "Met {count} participants {events}", 2
        ).format(count=2, events=at)
        assert lines[2].strip().startswith(counts)
        first = ngettext(
            "Met · {count} participant, most shared events first",
            "Met · {count} participants, most shared events first",
            2,
        )
        listing = [line.strip("▌ ") for line in shown(app, screen.query_one("#network"))]
        assert listing[0] == first.format(count=2)  # whole
        assert any(koriyama in line and one_event in line for line in listing[1:3])
        assert listing[3] == nobody
        await pilot.press(*["down"] * ([koriyama in line for line in listing].index(True) - 1))
        await settled(pilot)
        panel = "".join(shown(app, screen.query_one("#network-shared")))
        shared = ngettext(
            "{name} and {other}: {count} shared event",
            "{name} and {other}: {count} shared events",
            1,
        )
        said = shared.format(name="Thomas Kufen", other=koriyama, count=1)
        assert said.replace(" ", "") in panel.replace(" ", "")  # wrapped on two lines
        assert ("1. Dezember 2017" if code == "de" else "2017年12月1日") in panel
        footer = lines[-1]
        assert _("Close") in footer and "…" not in footer
        assert _("Second ring") not in footer  # shown already: r has nothing left to do
        for english in ENGLISH_OF_THE_NETWORK:
            assert english not in text, english


async def test_changed_since_and_the_last_change_speak_the_language(repo: Repo, code: str) -> None:
    first = repo.git("rev-parse", "HEAD").strip()
    renamed_and_added(repo)
    app = FactsApp(repo.facts, "toshiba", lang=code, watch_interval=None)
    async with app.run_test(size=SIZES["120x40"]) as pilot:
        await settled(pilot)
        change = app.browser.query_one(DetailPane).query_one("#detail-change")
        said = _("Last changed {date} by {author} ({commit}): {subject}").format(
            date="2025-05-12",
            subject="Toshiba's full name",
            commit=repo.git("rev-parse", "--short", "HEAD").strip(),
            author="Anna Schmidt",
        )
        await until(pilot, lambda: str(change.render()) == said, "git's answer")
        app.browser.open("rakuten")
        new = _("Changed in the working tree, not committed yet.")
        await until(pilot, lambda: str(change.render()) == new, "git's answer")
        await pilot.press("3")  # the participants
        await settled(pilot)
        await pilot.press("f")
        heading = _("{facet} (git)").format(facet=_("Changed since"))
        await until(pilot, lambda: heading in screen_text(app), "the revisions")
        await pilot.press(*_("Changed since")[:4].lower())  # the heading's word finds them
        await settled(pilot)
        assert "The base" in screen_text(app) and "Toshiba's full name" in screen_text(app)
        for _typed in range(4):
            await pilot.press("backspace")
        await pilot.press(*"the base")  # the first commit's subject
        await settled(pilot)
        (row,) = highlighted(app, app.screen.query_one(VirtualList))
        assert f"{first[:7]} · The base" in row and "2025-05-11" in row
        await pilot.press("enter")
        await until(
            pilot,
            lambda: len(app.browser.query_one("#list", VirtualList).rows) == 2,
            "the narrowed list",
        )
        await settled(pilot)
        lines = shown(app, app.browser.query_one("#list", VirtualList))
        rakuten = next(line for line in lines if "Rakuten" in line)
        toshiba = next(line for line in lines if "Toshiba Corporation" in line)
        assert rakuten.rstrip().endswith(_("added")) and toshiba.rstrip().endswith(_("changed"))
        described = _("{commit} of {date}").format(commit=first[:7], date="2025-05-11")
        assert f"{_('changed since')}: {described}" in screen_text(app)
        for english in ("Changed since", "changed since", "added", "Last changed", " of 2025"):
            assert english not in screen_text(app), english


async def test_a_new_base_says_how_to_start_in_the_language(tmp_path: Path, code: str) -> None:
    folder = tmp_path / "new"
    folder.mkdir()
    write_base(folder)
    app = FactsApp(folder, lang=code, watch_interval=None)
    async with app.run_test(size=SIZES["120x40"]) as pilot:
        await settled(pilot)
        assert _("This fact base is empty: Tab shows how to add facts") in screen_text(app)
        page = "".join(line.strip() for line in shown(app, app.browser.query_one("#entity-scroll")))
        for said in (
            _("This fact base is empty."),
            _("1. Add a source first: every fact names the source that states it."),
        ):
            assert said.replace(" ", "") in page.replace(" ", "")
        assert "This fact base is empty" not in page and "Add a source" not in page


async def test_lists_and_links_name_the_schemas_words_in_the_language(
    demo: Path, code: str
) -> None:
    """The kind column of the list and of the links: `signing` is Unterzeichnung / 調印, a
    participant's `person` Person / 人物; a kind of the base's own ("[meeting]") as written."""
    from tui.i18n import term

    app = FactsApp(demo, "essen-koriyama-mou-2017", lang=code, watch_interval=None)
    async with app.run_test(size=(250, 50)) as pilot:  # room for the list's kind column
        await settled(pilot)
        listing = shown(app, app.browser.query_one("#list", VirtualList))
        assert any(line.rstrip().endswith(term("signing")) for line in listing)
        assert any(line.rstrip().endswith(term("delegation-trip")) for line in listing)
        assert not any(line.rstrip().endswith(("signing", "delegation-trip")) for line in listing)
        links = shown(app, app.browser.query_one("#links", VirtualList))
        assert any(line.rstrip().endswith(term("person")) for line in links)
        assert not any(line.rstrip().endswith(" person") for line in links)
    assert term("[meeting]") == "[meeting]"
