"""A page lists at most MOST_LISTED entries of a section that grows with the base, and says
how many there are, per year for events, which are listed and how to see every one
(`tui.render.longlists`): `facts show` and the browser's detail pane alike.  `--all`, the
exports and `--json` list every entry; the shipped base's pages are cut nowhere."""

from __future__ import annotations

import io
import json
import re
from collections import Counter
from pathlib import Path

import pytest
from conftest import generated_base
from rich.console import Console
from test_app_flows import list_ids, screen_text, settle, type_text, until

from tui.app.app import FactsApp
from tui.app.plain import plain_summary
from tui.app.screens.browser import BrowserScreen
from tui.app.screens.filter import FilterScreen
from tui.app.widgets import detail
from tui.app.widgets.detail import PageView
from tui.cli import main
from tui.hierarchy import below
from tui.i18n import set_language
from tui.load import load
from tui.model import Event, FactBase
from tui.render import longlists, render_entity
from tui.render.longlists import MOST_LISTED
from tui.store.reader import StoredBase

GOLDEN = Path(__file__).parent / "golden"
THEME = "international-cooperation"
"""The generated base's broadest theme: 363 of its 600 events are on it or a narrower one."""


@pytest.fixture(scope="module")
def generated(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, FactBase]:
    path = tmp_path_factory.mktemp("generated") / "base"
    return path, generated_base(path, 600)


def show(capsys: pytest.CaptureFixture[str], *args: str) -> str:
    assert main(["show", *args, "--no-pager"]) == 0
    return capsys.readouterr().out


def page_text(base: FactBase, entity_id: str, most: int | None) -> str:
    out = io.StringIO()
    console = Console(file=out, width=100, color_system=None)
    console.print(render_entity(base, entity_id, most=most))
    return out.getvalue()


def section(page: str, heading: str) -> str:
    """The text of a page's section: from its heading to the next heading."""
    body = page.split(f"\n{heading}\n", 1)[1]
    return re.split(r"\n\n(?=[A-Z][a-z ]+\n)", body, maxsplit=1)[0]


def rows(text: str) -> list[str]:
    """The dated rows of an events section, each joined into one line of single spaces
    (a long row wraps, and the date column is as wide as its longest date), without the
    source numbers (which count from 1 on each page)."""
    found: list[str] = []
    for line in text.splitlines():
        if re.match(r"\d{4}|undated", line):
            found.append(" ".join(line.split()))
        elif line.startswith(" ") and found and line.strip():
            found[-1] += " " + " ".join(line.split())
    return [re.sub(r" \[[\d, ]+\]", "", row) for row in found]


def sources(page: str) -> list[str]:
    return [line for line in page.split("\nSources\n", 1)[1].splitlines() if line.startswith("[")]


# -- the shipped base: nothing is cut ---------------------------------------------------------


def test_no_page_of_the_shipped_base_is_cut(shipped_base: FactBase) -> None:
    for entity in shipped_base:
        assert page_text(shipped_base, entity.id, MOST_LISTED) == page_text(
            shipped_base, entity.id, None
        ), entity.id


# -- the cut page, word for word (the shipped base with a cut of 1) ----------------------------

CUT_PAGE = """\
Hydrogen technologies
theme · hydrogen-technologies
Hydrogen technologies; a focus of the Regenerative Innovation Center in Düsseldorf. [1]

Within       Sustainability › Climate neutrality [1]
Also called  de: Wasserstofftechnologien · ja: 水素技術 · Wasserstoff · hydrogen

Events
2 events in all; by year: 2023: 1 · 2025: 1

Listed below: the 1 most recent, in date order. All of them:

•  `facts show hydrogen-technologies --all` prints this page in full
•  `facts search kind:event theme:hydrogen-technologies --limit 2` lists them

2025 (trip)  Tour of Toshiba headquarters in Tokyo · Tokyo [1] · inferred [a]

Participants
Regenerative Innovation Center

Listed: the first 1 of 3. All of them:

•  `facts show hydrogen-technologies --all` prints this page in full

Basis
Marked facts are not stated in so many words by the sources they cite: inferred — read between the
lines of the cited source; background — general knowledge that no cited source gives. Why, for each
mark:

[a]  inferred — Taken from the passage that follows the tour (the Düsseldorf centre's focus and the
     battery interest with Rheinbahn); the article does not say what the tour was about.

Sources
[1]  Düsseldorf-Abend in Tokio: Ein Fest der Innovation und Vernetzung! — news article
"""


def test_a_cut_theme_page_says_what_it_lists_and_how_to_see_all(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setattr(longlists, "MOST_LISTED", 1)
    assert show(capsys, "hydrogen-technologies", "--width", "100") == CUT_PAGE


def test_all_prints_the_whole_page(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setattr(longlists, "MOST_LISTED", 1)
    whole = show(capsys, "hydrogen-technologies", "--all", "--width", "100")
    assert whole == (GOLDEN / "show-hydrogen-technologies.txt").read_text(encoding="utf-8")


@pytest.mark.parametrize(
    ("code", "lines"),
    [
        (
            "de",
            [
                "2 Ereignisse insgesamt; nach Jahr: 2023: 1 · 2025: 1",
                "Unten aufgeführt: die 1 neuesten, nach Datum geordnet. Alle:",
                "•  `facts show hydrogen-technologies --all` gibt diese Seite vollständig aus",
                "•  `facts search kind:event theme:hydrogen-technologies --limit 2` listet sie auf",
                "Aufgeführt: die ersten 1 von 3. Alle:",
            ],
        ),
        (
            "ja",
            [
                "全 2 件のイベント。年別: 2023: 1 · 2025: 1",
                "以下は最新の 1 件（日付順）。すべて見るには:",
                "•  `facts show hydrogen-technologies --all` でこのページを全件表示",
                "•  `facts search kind:event theme:hydrogen-technologies --limit 2` で一覧表示",
                "表示: 3 件中の最初の 1 件。すべて見るには:",
            ],
        ),
    ],
)
def test_the_cut_is_told_in_the_readers_language(
    code: str,
    lines: list[str],
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    monkeypatch.setattr(longlists, "MOST_LISTED", 1)
    monkeypatch.setenv("FACTS_UI_LANG", code)
    try:
        page = show(capsys, "hydrogen-technologies", "--width", "200")
    finally:
        set_language("en")
    for line in lines:
        assert line in page.splitlines(), line


# -- a generated base: the broadest theme, a place, a participant, a source ---------------------


def family_events(base: FactBase, entity_id: str) -> set[str]:
    family = [entity_id, *(child.id for child in below((entity_id,), base.children_of))]
    return {event for member in family for event in base.event_ids_of(member)}


def test_the_broadest_theme_lists_the_latest_events_of_the_whole_page(
    generated: tuple[Path, FactBase], capsys: pytest.CaptureFixture[str]
) -> None:
    path, base = generated
    count = len(family_events(base, THEME))
    assert count == 363 > MOST_LISTED
    cut = show(capsys, "--facts", str(path), THEME, "--width", "250")
    whole = show(capsys, "--facts", str(path), THEME, "--all", "--width", "250")
    listed, every = rows(section(cut, "Events")), rows(section(whole, "Events"))
    assert len(every) == count
    assert listed == every[-MOST_LISTED:]  # the most recent, in the page's one order

    years = Counter(row[:4] for row in every)
    said = ", ".join(f"{year}: {n}" for year, n in sorted(years.items())).replace(", ", " · ")
    assert f"{count} events in all; by year: {said}" in cut.splitlines()
    assert "Listed below: the 100 most recent, in date order. All of them:" in cut.splitlines()
    assert f"•  `facts show {THEME} --all` prints this page in full" in cut.splitlines()
    search = f"facts search kind:event theme:{THEME} --limit {count}"
    assert f"•  `{search}` lists them" in cut.splitlines()

    # the sources are those the listed events cite, numbered from 1
    numbers = {int(n) for n in re.findall(r"\d+", " ".join(re.findall(r"\[[\d, ]+\]", cut)))}
    assert numbers == set(range(1, len(sources(cut)) + 1))
    assert len(sources(cut)) < len(sources(whole))

    # and the search the page names lists every one of them
    assert main(["--facts", str(path), *search.split()[1:], "--json"]) == 0
    hits = json.loads(capsys.readouterr().out)
    assert {hit["id"] for hit in hits} == family_events(base, THEME)


def test_a_cut_section_reads_only_the_events_it_lists(generated: tuple[Path, FactBase]) -> None:
    path, _ = generated
    assert main(["check", "--facts", str(path)]) == 0  # the store, made and current
    stored = load(path).base
    assert isinstance(stored, StoredBase)
    page_text(stored, THEME, MOST_LISTED)
    read = [e for e in stored._entities.by_id.values() if isinstance(e, Event)]
    assert MOST_LISTED <= len(read) <= MOST_LISTED + longlists._BACK  # of 363


def test_a_place_and_a_participant_are_cut_by_the_same_rule(
    generated: tuple[Path, FactBase],
) -> None:
    _, base = generated
    japan = page_text(base, "japan", MOST_LISTED)
    assert (
        rows(section(japan, "What happened here"))
        == (rows(section(page_text(base, "japan", None), "What happened here"))[-MOST_LISTED:])
    )
    count = len(family_events(base, "japan"))
    assert f"{count} events in all; by year:" in japan
    assert "•  `facts show japan --all` prints this page in full" in japan
    assert "facts search" not in japan  # no filter lists a place's events

    person = page_text(base, "hanover-city", 10)
    listed = rows(section(person, "Events"))
    assert listed == rows(section(page_text(base, "hanover-city", None), "Events"))[-10:]
    assert "kind:event participant:hanover-city --limit 35` lists them" in person


def test_what_cites_a_source_is_cut_too(generated: tuple[Path, FactBase]) -> None:
    _, base = generated
    page = page_text(base, "src-2025-000027", 5)
    assert "Listed: the first 5 of 20. All of them:" in page
    assert section(page, "Cited by") == (
        "participants  University of Münster, Nuremberg Trade Fair Company, Kitakyushu "
        "University Hospital\n"
        "places        Bochum Trade Fair Centre, Hanover City Hall\n\n"
        "Listed: the first 5 of 20. All of them:\n\n"
        "•  `facts show src-2025-000027 --all` prints this page in full\n"
    )


# -- the browser: the pane shows the cut page, and the way to every one works ------------------


async def test_the_pane_shows_the_cut_and_the_filter_it_names_lists_every_event(
    generated: tuple[Path, FactBase],
) -> None:
    path, base = generated
    count = len(family_events(base, THEME))
    name = base.by_id[THEME].label(None)
    app = FactsApp(path, watch_interval=None)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        app.browser.open(THEME)
        view = app.browser.query_one(PageView)
        await until(pilot, lambda: "in all" in "".join(s.text for s in view._strips), "page")
        page = " ".join(" ".join(strip.text.split()) for strip in view._strips)  # wrapped
        assert f"Events {count} events in all; by year: 2023: " in page
        assert "Listed below: the 100 most recent, in date order. All of them:" in page
        assert f"• press f, choose the theme {name}, then 2: the Timeline lists every one" in page
        assert f"• `facts show {THEME} --all` prints this page in full" in page
        assert "facts search" not in page  # the browser's own way instead

        await pilot.press("f")
        assert isinstance(app.screen, FilterScreen)
        await settle(pilot)
        await type_text(pilot, name)
        await settle(pilot)
        await pilot.press("enter", "2")
        await settle(pilot)
        assert isinstance(app.screen, BrowserScreen)
        assert f"{count} of 600 events · theme: {name}" in screen_text(app)
        assert set(list_ids(app)) == family_events(base, THEME)


async def test_the_pane_names_the_participant_filter_for_a_participants_events(
    generated: tuple[Path, FactBase], monkeypatch: pytest.MonkeyPatch
) -> None:
    path, base = generated
    monkeypatch.setattr(detail, "MOST_LISTED", 10)  # hanover-city took part in 35 events
    events = set(base.event_ids_of("hanover-city"))
    name = base.by_id["hanover-city"].label(None)
    app = FactsApp(path, watch_interval=None)
    async with app.run_test(size=(160, 50)) as pilot:
        await settle(pilot)
        app.browser.open("hanover-city")
        view = app.browser.query_one(PageView)
        await until(pilot, lambda: "in all" in "".join(s.text for s in view._strips), "page")
        page = " ".join(" ".join(strip.text.split()) for strip in view._strips)
        assert f"Events {len(events)} events in all; by year:" in page
        assert "Listed below: the 10 most recent, in date order. All of them:" in page
        ways = f"• press f, choose the participant {name}, then 2: the Timeline lists every one"
        assert ways in page

        await pilot.press("f")
        await settle(pilot)
        await type_text(pilot, name)
        await settle(pilot)
        await pilot.press("enter", "2")
        await settle(pilot)
        assert f"{len(events)} of 600 events · participant: {name}" in screen_text(app)
        assert set(list_ids(app)) == events


def test_the_copied_summary_is_the_page_facts_show_prints(
    generated: tuple[Path, FactBase],
) -> None:
    _, base = generated
    copied = plain_summary(base, THEME, width=100)
    assert copied == page_text(base, THEME, MOST_LISTED).rstrip() + "\n"
    assert f"•  `facts show {THEME} --all` prints this page in full" in copied.splitlines()
