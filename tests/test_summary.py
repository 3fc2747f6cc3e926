"""`facts summary`: what it selects, what it refuses, and what it says when nothing matches."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from tui.cli import main


def summary(capsys: pytest.CaptureFixture[str], *args: str, code: int = 0) -> str:
    assert main(["summary", *args, "--width", "100", "--no-pager"]) == code
    captured = capsys.readouterr()
    assert captured.err == ""
    return captured.out


def section(out: str, heading: str) -> list[str]:
    """The lines under a heading, up to the next blank line."""
    lines = out.splitlines()
    start = lines.index(heading) + 1
    end = lines.index("", start) if "" in lines[start:] else len(lines)
    return lines[start:end]


def test_a_theme_includes_its_narrower_themes(capsys: pytest.CaptureFixture[str]) -> None:
    # The Toshiba–Rheinbahn cooperation is tagged public transport and smart mobility,
    # both below urban development, but not urban development itself.
    timeline = section(summary(capsys, "--theme", "urban-development"), "Timeline")
    assert any("Toshiba–Rheinbahn battery cooperation" in line for line in timeline)
    assert not any("Essen" in line for line in timeline)


def test_a_year_narrows_the_counts(capsys: pytest.CaptureFixture[str]) -> None:
    out = summary(capsys, "--year", "2023")
    assert section(out, "In numbers")[:2] == ["Events        1", "Period        2023-09"]
    assert section(out, "Timeline") == [
        "2023  1 event",
        "└── 2023-09  Opening of the Regenerative Innovation Center · Düsseldorf",
    ]


def test_an_event_brings_its_parts(capsys: pytest.CaptureFixture[str]) -> None:
    timeline = section(summary(capsys, "--event", "essen-japan-trip-2017"), "Timeline")
    assert timeline[0] == "2017  7 events"
    assert "Signing of the Essen–Koriyama memorandum of understanding" in "\n".join(timeline)
    assert "Düsseldorf" not in "\n".join(timeline)


def test_filters_combine(capsys: pytest.CaptureFixture[str]) -> None:
    out = summary(
        capsys,
        "--participant",
        "thomas-kufen",
        "--year",
        "2017",
        "--theme",
        "administrative-cooperation",
    )
    assert section(out, "Timeline") == [
        "2017  1 event",
        "└── 2017-12-01  Signing of the Essen–Koriyama memorandum of understanding · Japan",
    ]


def test_nothing_matches(capsys: pytest.CaptureFixture[str]) -> None:
    out = summary(capsys, "--year", "1990", code=1)  # nothing found, as for search
    assert section(out, "In numbers")[0] == "Events        0"
    assert "No events match." in out
    assert "Timeline" not in out


def test_top_limits_the_rankings(capsys: pytest.CaptureFixture[str]) -> None:
    short = section(summary(capsys, "--top", "3"), "Themes by number of events")
    assert len(short) == 4  # header and three themes
    everything = summary(capsys, "--top", "0")
    assert "more themes" not in everything
    assert len(section(everything, "Themes by number of events")) > 10


def row(lines: list[str], start: str) -> str:
    """A table row that starts with `start`, with its wrapped continuation lines."""
    at = next(i for i, line in enumerate(lines) if line.startswith(start))
    more = []
    for line in lines[at + 1 :]:
        if not line.startswith(" "):
            break
        more.append(line.strip())
    return " ".join([lines[at], *more])


def test_cities_and_their_partners(capsys: pytest.CaptureFixture[str]) -> None:
    rows = section(summary(capsys), "Cities and their partners")
    essen = row(rows, "City of Essen ")
    assert "City of Koriyama" in essen and "LPixel" in essen
    # The city's own people and bodies (its mayor, its hospital) are not its partners.
    assert "Thomas Kufen" not in essen and "University Hospital Essen" not in essen
    assert "Thomas Kufen" in row(rows, "City of Koriyama ")


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (
            ["--theme", "thomas-kufen"],
            "facts summary: --theme thomas-kufen is a participant, not a theme\n",
        ),
        (["--event", "tokyo"], "facts summary: --event tokyo is a place, not an event\n"),
        (
            ["--participant", "kufen"],
            "facts summary: unknown id 'kufen'; did you mean: thomas-kufen?\n",
        ),
    ],
)
def test_wrong_ids_exit_1(
    args: list[str], message: str, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["summary", *args]) == 1
    assert capsys.readouterr().err == message


def test_a_year_must_be_a_year(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exit_info:
        main(["summary", "--year", "17"])
    assert exit_info.value.code == 2
    assert "not a year (YYYY): '17'" in capsys.readouterr().err


def test_the_city_partners_are_in_the_same_order_in_every_run(tmp_path: Path) -> None:
    """Two partners with the same name (two people called Birgit Weber) used to come in the
    order of a set of ids, which changes from one run of Python to the next: the same base
    then gave a different export every time (a diff in git for nothing).  The whole-base
    export shows the summary with every partner."""
    import importlib.util

    spec = importlib.util.spec_from_file_location(
        "generate_for_summary", Path(__file__).parent.parent / "benchmarks" / "generate.py"
    )
    assert spec is not None and spec.loader is not None
    generate = importlib.util.module_from_spec(spec)
    sys.modules["generate_for_summary"] = generate  # its dataclasses look themselves up
    spec.loader.exec_module(generate)
    base = tmp_path / "base"
    generate.generate(1000, 1, base)
    outputs = set()
    for seed in ("1", "2", "3"):
        done = subprocess.run(
            [sys.executable, "-m", "tui", "--facts", str(base), "export", "--format", "markdown"],
            capture_output=True,
            text=True,
            check=True,
            env={**os.environ, "PYTHONHASHSEED": seed, "FACTS_NO_CACHE": "1"},
        )
        outputs.add(done.stdout)
    assert len(outputs) == 1
