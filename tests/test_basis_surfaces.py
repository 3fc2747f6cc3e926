"""The basis of a fact where the fact is shown: the detail pane (the page `facts show` prints,
laid out in the browser), the capped sections of Met / Same trip / Who took part in the pane,
and the graph exports' edges."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest
from rich.console import Console
from test_app_flows import screen_lines, settle

from tui.app.app import FactsApp
from tui.app.widgets.detail import PageView
from tui.cli import main
from tui.model import FactBase
from tui.render import render_entity


def printed(base: FactBase, entity_id: str, most: int | None, width: int = 100) -> list[str]:
    console = Console(width=width, record=True, color_system=None, file=io.StringIO())
    console.print(render_entity(base, entity_id, most=most))
    return [line.rstrip() for line in console.export_text().splitlines()]


async def test_the_pane_marks_the_basis_and_ends_with_its_legend(shipped_path: Path) -> None:
    app = FactsApp(shipped_path, "duesseldorf-japan-trip-2025", watch_interval=None)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        view = app.browser.query_one(PageView)
        top = [line.rstrip() for line in screen_lines(app, view)]
        assert top[0] == "Düsseldorf delegation trip to Japan 2025 · inferred [a]"
        assert top[9:19] == [
            "When         2025 [1] · inferred [b]",
            "Where        Japan [1] · inferred [c]",
            "Also called  de: Delegationsreise Düsseldorf–Japan 2025",
            "",
            "Itinerary",
            "2025  Düsseldorf delegation trip to Japan 2025 · Japan  ← this",
            "event",
            "├── Tour of Toshiba headquarters in Tokyo · Tokyo",
            "├── Haneda Innovation City on the agenda · Haneda Innovation",
            "│   City",
        ]
        view.scroll_end(animate=False, immediate=True)
        await settle(pilot)
        bottom = [line.rstrip() for line in screen_lines(app, view)]
        # the page's last lines (in a git checkout the pane gives a row to the last change)
        assert len(bottom) >= 19
        assert bottom == LEGEND_END[-len(bottom) :]


LEGEND_END = [
    "Basis",
    "Marked facts are not stated in so many words by the sources",
    "they cite: inferred — read between the lines of the cited",
    "source; background — general knowledge that no cited source",
    "gives. Why, for each mark:",
    "",
    '[a]  inferred — The article speaks only of "the delegation',
    '     trip"; Düsseldorf, Japan and 2025 are read from the',
    "     context (see the delegation, the place and the date).",
    "[b]  inferred — The article gives no date for the trip; it",
    "     reports it together with the evening of 16 June 2025.",
    "[c]  inferred — The article names the stops (Tokyo, Chiba,",
    "     Osaka), not the country.",
    '[d]  inferred — The article says the delegation trip "also"',
    "     included the Toshiba tour, which suggests the evening was",
    "     part of it; it does not say so.",
    "",
    "Sources",
    "[1]  Düsseldorf-Abend in Tokio: Ein Fest der Innovation und",
    "     Vernetzung! — news article",
]
"""How the pane ends on the trip's page: the basis legend, then the sources."""


def test_the_pane_caps_who_took_part_and_says_how_many_more(shipped_base: FactBase) -> None:
    """The pane lists at most `most` participants (MOST_LISTED on a page; 4 here, for a trip of
    9), says how many of a group are left out, which groups are left out whole, and where to
    see every one."""
    lines = printed(shipped_base, "duesseldorf-japan-trip-2025", most=4)
    start = lines.index("Who took part")
    assert lines[start + 4 : lines.index("Themes")] == [
        "Side of City of Düsseldorf",
        "├── Düsseldorf business delegation 2025 — Düsseldorf delegation trip to Japan 2025 "
        "(delegation),",
        "│   Tour of Toshiba headquarters in Tokyo (visitor), Haneda Innovation City on the agenda",
        "│   (delegation), Visit to Rakuten Symphony (visitor), Stop in Chiba (visitor), Stop in "
        "Osaka",
        "│   (visitor) [1]",
        "├── City of Düsseldorf — Düsseldorf Evening in Tokyo 2025 (presenting city) · inferred "
        "[d] [1]",
        "└── Stephan Keller — Düsseldorf Evening in Tokyo 2025 (guest) · inferred [d] [1]",
        "",
        "Germany",
        "├── Paul Höller — Düsseldorf Evening in Tokyo 2025 (guest) · inferred [d] [1]",
        "└── … and 1 more participant",
        "",
        "… and 4 more participants (Japan, country not given); `facts show "
        "duesseldorf-japan-trip-2025 --all`",
        "lists every one",
        "",
    ]
    whole = printed(shipped_base, "duesseldorf-japan-trip-2025", most=None)
    assert not any("more participant" in line for line in whole)
    assert whole[whole.index("Japan") + 1 : whole.index("Japan") + 3] == [
        "├── Toshiba — Tour of Toshiba headquarters in Tokyo (host) [1]",
        "└── Kiuchi — Düsseldorf Evening in Tokyo 2025 (guest) · inferred [d] [1]",
    ]


def test_the_pane_caps_met_and_same_trip(shipped_base: FactBase) -> None:
    """Met and Same trip each take at most `most` lines (a contact and its events), then say
    how many contacts are left; a contact is never cut to "… and 0 more"."""
    lines = printed(shipped_base, "thomas-kufen", most=5)
    start = lines.index("Met")
    assert lines[start + 4 : lines.index("Same trip")] == [
        "City of Essen  1 shared event",
        "└── 2017-12-01  Signing of the Essen–Koriyama memorandum of understanding · Japan — "
        "signatory /",
        "    party [1]",
        "City of Koriyama  1 shared event",
        "└── 2017-12-01  Signing of the Essen–Koriyama memorandum of understanding · Japan — "
        "signatory /",
        "    party [1]",
        "Essen business development agency  1 shared event",
        "└── 2017-11-29 – 2017-12-03  Essen delegation trip to Japan 2017 · Japan — delegation "
        "member /",
        "    delegation member [1]",
        "",
        "… and 3 more participants; `facts show thomas-kufen --all` lists every one",
        "",
    ]
    assert lines[lines.index("Themes") - 2] == (
        "… and 2 more participants; `facts show thomas-kufen --all` lists every one"
    )
    assert not any(
        "and 0 more" in line
        for n in range(1, 12)
        for line in printed(shipped_base, "thomas-kufen", most=n)
    )


def test_the_summary_timeline_marks_a_part_not_stated_to_be_one(
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert main(["summary", "--event", "duesseldorf-japan-trip-2025", "--width", "100"]) == 0
    lines = capsys.readouterr().out.splitlines()
    start = lines.index("Timeline")
    assert lines[start + 2 : start + 12] == [
        "└── 2025  Düsseldorf delegation trip to Japan 2025 · Japan",
        "    ├── Tour of Toshiba headquarters in Tokyo · Tokyo",
        "    ├── Haneda Innovation City on the agenda · Haneda Innovation City",
        "    ├── Visit to Rakuten Symphony",
        "    ├── Stop in Chiba · Chiba",
        "    ├── Stop in Osaka · Osaka",
        "    └── 2025-06-16  Düsseldorf Evening in Tokyo 2025 · Hotel New Otani (Tokyo) · inferred",
        "        └── Crash course in keg tapping",
        "",
        "· inferred: the sources do not say in so many words that the event is part of the one "
        "above it",
    ]
    assert main(["summary", "--event", "duesseldorf-japan-trip-2025", "--json"]) == 0
    trip = json.loads(capsys.readouterr().out)["timeline"][0]["entries"][0]
    assert "part_of_basis" not in trip
    assert [(p["id"], p["part_of_basis"]) for p in trip["parts"]] == [
        ("toshiba-hq-visit-2025", "stated"),
        ("haneda-innovation-city-agenda-2025", "stated"),
        ("rakuten-symphony-visit-2025", "stated"),
        ("duesseldorf-delegation-chiba-2025", "stated"),
        ("duesseldorf-delegation-osaka-2025", "stated"),
        ("duesseldorf-evening-tokyo-2025", "inferred"),
    ]
    assert trip["parts"][-1]["parts"][0]["part_of_basis"] == "stated"  # the keg tapping
