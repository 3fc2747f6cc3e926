"""Golden pages: what `facts show`, `facts summary` and `facts export` print for the shipped
base, at a fixed width of 100 columns, compared character for character.

The files in tests/golden/ are assertions of what users see; review them like code.  After a
deliberate change of layout or of the shipped facts, regenerate them and read the diff:

    FACTS_UPDATE_GOLDEN=1 /tmp/venv/bin/python -m pytest tests/test_render_golden.py
    git diff tests/golden/
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from tui.cli import main

GOLDEN = Path(__file__).parent / "golden"
UPDATE = os.environ.get("FACTS_UPDATE_GOLDEN") == "1"

CASES: dict[str, list[str]] = {
    # "What happened on the Essen trip": the trip with its itinerary.
    "show-essen-japan-trip-2017.txt": ["show", "essen-japan-trip-2017"],
    "show-essen-koriyama-mou-2017.txt": ["show", "essen-koriyama-mou-2017"],
    "show-thomas-kufen.txt": ["show", "thomas-kufen"],
    # "Who is Paul Höller and where did we meet him".
    "show-paul-hoeller.txt": ["show", "paul-hoeller"],
    # "Everything about hydrogen".
    "show-hydrogen-technologies.txt": ["show", "hydrogen-technologies"],
    "show-duesseldorf-japan-trip-2025.txt": ["show", "duesseldorf-japan-trip-2025"],
    "show-tokyo.txt": ["show", "tokyo"],
    "show-essen-press-release-2017-12-01.txt": ["show", "essen-press-release-2017-12-01"],
    "show-essen-koriyama-mou-2017-de.txt": ["show", "essen-koriyama-mou-2017", "--lang", "de"],
    "show-city-of-koriyama-ja.txt": ["show", "city-of-koriyama", "--lang", "ja"],
    "summary.txt": ["summary"],
    "summary-theme-hydrogen-technologies.txt": ["summary", "--theme", "hydrogen-technologies"],
    "summary-event-duesseldorf-japan-trip-2025.txt": [
        "summary",
        "--event",
        "duesseldorf-japan-trip-2025",
    ],
    "summary-year-2017-participant-thomas-kufen.txt": [
        "summary",
        "--year",
        "2017",
        "--participant",
        "thomas-kufen",
    ],
    "export-paul-hoeller.md": ["export", "--format", "markdown", "paul-hoeller"],
    "export-paul-hoeller.html": ["export", "--format", "html", "paul-hoeller"],
    # a trip: the itinerary and Who took part with their basis marks, a city's side first
    "export-duesseldorf-japan-trip-2025.md": [
        "export",
        "--format",
        "markdown",
        "duesseldorf-japan-trip-2025",
    ],
}


@pytest.mark.parametrize("name", sorted(CASES))
def test_golden(name: str, capsys: pytest.CaptureFixture[str]) -> None:
    args = CASES[name]
    if args[0] != "export":
        args = [*args, "--width", "100", "--no-pager"]
    assert main(args) == 0
    out = capsys.readouterr().out
    path = GOLDEN / name
    if UPDATE:
        path.write_text(out, encoding="utf-8")
    assert path.exists(), f"no golden file {path.name}; run with FACTS_UPDATE_GOLDEN=1"
    assert out == path.read_text(encoding="utf-8")


def test_every_golden_file_is_checked() -> None:
    """A golden file that no case produces any more would pass silently forever."""
    files = {p.name for p in GOLDEN.iterdir() if p.is_file() and p.name != "README.md"}
    assert files == set(CASES)
