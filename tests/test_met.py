"""`facts met`: who met whom, and who was on the same trip — as a user and a program see it.

The semantics test works the answer out a second time, independently, from nothing but
`facts export --format json`, and compares it with `facts met --json` for every participant
of the shipped base.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from tui.cli import main
from tui.meetings import (
    EventFilter,
    FilterError,
    NotAParticipant,
    contact_counts,
    event_filter,
    meetings,
)
from tui.model import Event, FactBase, FuzzyDate, Names

HOSTILE = Path(__file__).resolve().parent / "hostile" / "base"


def met_json(capsys: pytest.CaptureFixture[str], *args: str) -> Any:
    assert main(["met", *args, "--json"]) == 0
    captured = capsys.readouterr()
    assert captured.err == ""
    return json.loads(captured.out)


def met_text(capsys: pytest.CaptureFixture[str], *args: str) -> str:
    assert main(["met", *args, "--width", "100", "--no-pager"]) == 0
    captured = capsys.readouterr()
    assert captured.err == ""
    return captured.out


# -- the semantics, worked out again from the JSON export ---------------------------------


def _date_key(event: dict[str, Any]) -> tuple[int, int, int]:
    text = event.get("date") or event.get("start")
    if not text:
        return (9999, 99, 99)
    parts = [int(p) for p in text.split("-")]
    return (parts[0], parts[1] if len(parts) > 1 else 0, parts[2] if len(parts) > 2 else 0)


def _date(event: dict[str, Any]) -> str | None:
    if "date" in event:
        return str(event["date"])
    if "start" in event or "end" in event:
        return f"{event.get('start', '..')}/{event.get('end', '..')}"
    return None


def _attested(event: dict[str, Any], pid: str) -> list[str]:
    own = [
        s["id"]
        for p in event.get("participants", [])
        if p["participant"]["id"] == pid
        for s in p.get("sources", [])
    ]
    return list(dict.fromkeys(own)) or [s["id"] for s in event.get("sources", [])]


def _roles(event: dict[str, Any], pid: str) -> str:
    roles = [p["role"] for p in event.get("participants", []) if p["participant"]["id"] == pid]
    return ", ".join(dict.fromkeys(roles))


RANK = {"stated": 0, "inferred": 1, "background": 2}


def _side(event: dict[str, Any], pid: str) -> str:
    """How sure one participant's being at an event is: stated when any of its
    participations there carries no basis, else the surest basis of them."""
    bases = [
        p.get("basis", "stated")
        for p in event.get("participants", [])
        if p["participant"]["id"] == pid
    ]
    return min(bases, key=RANK.__getitem__)


def _weakest(*bases: str) -> str:
    return max(bases, key=RANK.__getitem__)


def expected_meetings(export: dict[str, Any], pid: str) -> dict[str, Any]:
    """`facts met PID --json` as the issue defines it, from the export alone."""
    refs = {
        e["id"]: {
            k: e.get(k) or e["entity"] if k == "kind" else e[k]
            for k in ("id", "entity", "kind", "name")
        }
        for name in ("participants", "events")
        for e in export[name]
    }
    position = {e["id"]: i for i, e in enumerate(export["events"])}  # the files' order
    events = sorted(export["events"], key=lambda e: (_date_key(e), position[e["id"]]))
    by_id = {e["id"]: e for e in events}

    def takes_part(event: dict[str, Any], who: str) -> bool:
        return any(p["participant"]["id"] == who for p in event.get("participants", []))

    def root(event: dict[str, Any]) -> str:
        while "part_of" in event:
            event = by_id[event["part_of"]["id"]]
        return str(event["id"])

    own = [e for e in events if takes_part(e, pid)]
    met: dict[str, list[dict[str, Any]]] = {}
    for event in own:
        others = dict.fromkeys(p["participant"]["id"] for p in event["participants"])
        others.pop(pid)
        for other in others:
            met.setdefault(other, []).append(
                {
                    **refs[event["id"]],
                    "date": _date(event),
                    "own_role": _roles(event, pid),
                    "role": _roles(event, other),
                    "sources": list(dict.fromkeys(_attested(event, pid) + _attested(event, other))),
                    "basis": _weakest(_side(event, pid), _side(event, other)),
                }
            )

    def chain(event: dict[str, Any]) -> str:
        """How sure the event's lying in its trip is: every part_of on the way up."""
        found = "stated"
        while "part_of" in event:
            found = _weakest(
                found, event.get("field_basis", {}).get("part_of", {}).get("basis", "stated")
            )
            event = by_id[event["part_of"]["id"]]
        return found

    def surest(bases: list[str]) -> str:
        return min(bases, key=RANK.__getitem__)

    trips: dict[str, list[str]] = {}
    for event in own:
        trips.setdefault(root(event), []).append(_weakest(_side(event, pid), chain(event)))
    same: dict[str, dict[str, list[str]]] = {}
    for event in events:  # every event of every trip tree P was on
        trip = root(event)
        if trip not in trips:
            continue
        for p in event.get("participants", []):
            other = p["participant"]["id"]
            if other != pid and other not in met:
                same.setdefault(other, {}).setdefault(trip, []).append(
                    _weakest(_side(event, other), chain(event))
                )
    trip_order = {t: (_date_key(by_id[t]), position[t]) for t in trips}

    def name(entity_id: str) -> tuple[str, str]:
        return (refs[entity_id]["name"].casefold(), entity_id)

    return {
        "participant": refs[pid],
        "met": [
            {"participant": refs[q], "events": met[q]}
            for q in sorted(met, key=lambda q: (-len(met[q]), name(q)))
        ],
        "same_trip": [
            {
                "participant": refs[q],
                "trips": [
                    {**refs[t], "basis": _weakest(surest(trips[t]), surest(same[q][t]))}
                    for t in sorted(same[q], key=trip_order.__getitem__)
                ],
            }
            for q in sorted(same, key=lambda q: (-len(same[q]), name(q)))
        ],
    }


@pytest.fixture(scope="module")
def export() -> dict[str, Any]:
    out = subprocess.run(
        [sys.executable, "-m", "tui", "export", "--format", "json"],
        capture_output=True,
        text=True,
        check=True,
        timeout=120,
    ).stdout
    data: dict[str, Any] = json.loads(out)
    return data


def test_the_semantics_hold_for_every_participant_of_the_shipped_base(
    export: dict[str, Any], capsys: pytest.CaptureFixture[str]
) -> None:
    participants = [p["id"] for p in export["participants"]]
    assert len(participants) > 30
    some_met = some_on_a_trip = 0
    for pid in participants:
        answer = met_json(capsys, pid)
        assert answer == expected_meetings(export, pid), pid
        some_met += bool(answer["met"])
        some_on_a_trip += bool(answer["same_trip"])
        met = {c["participant"]["id"] for c in answer["met"]}
        assert met.isdisjoint(c["participant"]["id"] for c in answer["same_trip"])
    assert some_met > 25 and some_on_a_trip > 10  # the comparison is not between empties


def test_the_delegation_met_its_hosts_and_was_on_a_trip_with_the_evenings_guests(
    capsys: pytest.CaptureFixture[str],
) -> None:
    answer = met_json(capsys, "duesseldorf-delegation-2025")
    met = [c["participant"]["id"] for c in answer["met"]]
    assert {"toshiba", "rakuten-symphony"} <= set(met)
    same = [c["participant"]["id"] for c in answer["same_trip"]]
    assert {"stephan-keller", "paul-hoeller", "petra-sigmund", "minister-kiuchi"} <= set(same)
    assert [t["id"] for t in answer["same_trip"][0]["trips"]] == ["duesseldorf-japan-trip-2025"]


def test_json_has_exactly_the_shape_the_issue_fixes(capsys: pytest.CaptureFixture[str]) -> None:
    answer = met_json(capsys, "toshiba", "--lang", "de")
    ref = {"id": "toshiba", "entity": "participant", "kind": "organisation", "name": "Toshiba"}
    assert answer["participant"] == ref
    assert set(answer) == {"participant", "met", "same_trip"}
    assert [c["participant"]["id"] for c in answer["met"]] == [
        "duesseldorf-delegation-2025",
        "rheinbahn",
        "toshiba-electronics-europe",
    ]  # by name
    delegation = answer["met"][0]
    assert delegation == {
        "participant": {
            "id": "duesseldorf-delegation-2025",
            "entity": "participant",
            "kind": "organisation",
            "name": "Düsseldorfer Wirtschaftsdelegation 2025",
        },
        "events": [
            {
                "id": "toshiba-hq-visit-2025",
                "entity": "event",
                "kind": "visit",
                "name": "Besichtigung der Toshiba-Zentrale in Tokio",
                "date": None,  # the source gives no day for the visit
                "own_role": "host",
                "role": "visitor",
                "sources": ["duesseldorf-evening-article-2025"],
                "basis": "stated",  # issue 15 adds this key, and nothing else
            }
        ],
    }
    assert answer["met"][2]["events"][0]["date"] == "2021"
    city = next(c for c in answer["same_trip"] if c["participant"]["id"] == "city-of-duesseldorf")
    assert city == {
        "participant": {
            "id": "city-of-duesseldorf",
            "entity": "participant",
            "kind": "government",
            "name": "Stadt Düsseldorf",
        },
        "trips": [
            {
                "id": "duesseldorf-japan-trip-2025",
                "entity": "event",
                "kind": "delegation-trip",
                "name": "Delegationsreise Düsseldorf–Japan 2025",
                # the city was at the evening, which the article does not say was part
                # of the trip: inferred
                "basis": "inferred",
            }
        ],
    }


def test_a_span_is_an_iso_interval_in_json(capsys: pytest.CaptureFixture[str]) -> None:
    answer = met_json(capsys, "essen-city-council")
    trip = answer["met"][0]["events"][0]
    assert (trip["id"], trip["date"]) == ("essen-japan-trip-2017", "2017-11-29/2017-12-03")


# -- the page ---------------------------------------------------------------------------------


def test_the_page_names_each_contact_with_the_shared_events_and_sources(
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert (
        met_text(capsys, "toshiba")
        == """\
Toshiba
who met whom · toshiba
4 events; met 3 participants; 7 more on the same trip

Met
Each shared event: date, event · place — own role / their role [sources]

Düsseldorf business delegation 2025  1 shared event
└── 2025 (trip)  Tour of Toshiba headquarters in Tokyo · Tokyo — host / visitor [1]
Rheinbahn  1 shared event
└── 2025  Toshiba–Rheinbahn battery cooperation (interest) — prospective partner / prospective
    partner [1]
Toshiba Electronics Europe GmbH  1 shared event
└── 2021  Relocation of Toshiba Electronics Europe GmbH to Düsseldorf · Düsseldorf — parent company
    / relocated company [1]

Same trip
At other events of a trip Toshiba was on, never at the same event; each trip: their events on it
(their role) [sources]

City of Düsseldorf  1 trip · inferred only
└── on Düsseldorf delegation trip to Japan 2025: Düsseldorf Evening in Tokyo 2025 (presenting city)
    [1] · inferred [a]
Kiuchi  1 trip · inferred only
└── on Düsseldorf delegation trip to Japan 2025: Düsseldorf Evening in Tokyo 2025 (guest) [1] ·
    inferred [a]
Paul Höller  1 trip · inferred only
└── on Düsseldorf delegation trip to Japan 2025: Düsseldorf Evening in Tokyo 2025 (guest) [1] ·
    inferred [a]
Petra Sigmund  1 trip · inferred only
└── on Düsseldorf delegation trip to Japan 2025: Düsseldorf Evening in Tokyo 2025 (guest) [1] ·
    inferred [a]
Rakuten Symphony  1 trip
└── on Düsseldorf delegation trip to Japan 2025: Visit to Rakuten Symphony (host) [1]
Stephan Keller  1 trip · inferred only
└── on Düsseldorf delegation trip to Japan 2025: Düsseldorf Evening in Tokyo 2025 (guest) [1] ·
    inferred [a]
Zum Schlüssel brewpub  1 trip · inferred only
└── on Düsseldorf delegation trip to Japan 2025: Düsseldorf Evening in Tokyo 2025 (supplier) [1] ·
    inferred [a]

Basis
Marked facts are not stated in so many words by the sources they cite: inferred — read between the
lines of the cited source; background — general knowledge that no cited source gives. Why, for each
mark:

[a]  inferred — The article says the delegation trip "also" included the Toshiba tour, which
     suggests the evening was part of it; it does not say so.

Sources
[1]  Düsseldorf-Abend in Tokio: Ein Fest der Innovation und Vernetzung! — news article
"""
    )


def test_ids_are_printed_after_the_names_on_request(capsys: pytest.CaptureFixture[str]) -> None:
    out = met_text(capsys, "toshiba", "--ids")
    assert "Rheinbahn (rheinbahn)  1 shared event" in out
    assert "Tour of Toshiba headquarters in Tokyo (toshiba-hq-visit-2025)" in out


def test_someone_who_met_nobody_is_told_so(capsys: pytest.CaptureFixture[str]) -> None:
    out = met_text(capsys, "thomas-kufen", "--year", "2025")
    assert out == (
        "Thomas Kufen\nwho met whom · thomas-kufen · 2025\n"
        "0 events; met 0 participants; 0 more on the same trip\n\n"
        "Met\nNobody: Thomas Kufen took part in no event (2025).\n"
    )
    out = met_text(capsys, "lokalklick-eu")
    assert "Nobody: lokalklick.eu took part in no event." in out


def test_the_page_piped_carries_no_escape_codes() -> None:
    env = {k: v for k, v in os.environ.items() if k not in ("NO_COLOR", "FORCE_COLOR")}
    out = subprocess.run(
        [sys.executable, "-m", "tui", "met", "thomas-kufen"],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
    )
    assert out.returncode == 0 and out.stderr == ""
    assert "\x1b" not in out.stdout
    assert out.stdout.startswith("Thomas Kufen\n")


def test_hostile_names_are_shown_as_text(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setenv("FACTS_CACHE_DIR", str(tmp_path))
    out = met_text(capsys, "markup-org", "--facts", str(HOSTILE))
    assert out.startswith("[link=https://evil.example]Click me[/link]\n")
    assert "\\x1b[2Jhost / 来賓 guest [1, 2]" in out
    assert "\x1b" not in out and "\u202e" not in out
    answer = met_json(capsys, "markup-org", "--facts", str(HOSTILE))
    assert answer["participant"]["name"] == "[link=https://evil.example]Click me[/link]"
    assert answer["met"][0]["events"][0]["own_role"] == "\x1b[2Jhost"  # JSON keeps the data


# -- wrong input ------------------------------------------------------------------------------


def run_err(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    try:
        code = main(["met", *args])
    except SystemExit as exit_:  # argparse's usage errors
        code = int(exit_.code or 0)
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def test_an_unknown_id_gets_the_nearest_ids_as_show_gives_them(
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert run_err(capsys, "kufen") == (
        1,
        "",
        "facts met: unknown id 'kufen'; did you mean: thomas-kufen?\n",
    )
    assert run_err(capsys, "zzzzzz") == (1, "", "facts met: unknown id 'zzzzzz'\n")
    assert run_err(capsys, "\x1b]52;c;eA==\x07") == (
        1,
        "",
        "facts met: unknown id '\\x1b]52;c;eA==\\x07'\n",
    )


def test_an_id_that_is_not_a_participant_is_refused(capsys: pytest.CaptureFixture[str]) -> None:
    assert run_err(capsys, "tokyo") == (1, "", "facts met: tokyo is a place, not a participant\n")
    assert run_err(capsys, "thomas-kufen", "--theme", "tokyo") == (
        1,
        "",
        "facts met: --theme tokyo is a place, not a theme\n",
    )
    assert run_err(capsys, "thomas-kufen", "--theme", "hydrogen") == (
        1,
        "",
        "facts met: unknown id 'hydrogen'; did you mean: hydrogen-technologies?\n",
    )


@pytest.mark.parametrize(
    ("year", "message"),
    [
        ("20x", 'expects a year such as 2017 or a range such as 2017..2025, not "20x"'),
        ("2025..2017", "the range 2025..2017 ends before it starts"),
    ],
)
def test_a_bad_year_is_wrong_usage(
    year: str, message: str, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, err = run_err(capsys, "thomas-kufen", "--year", year)
    assert (code, out) == (2, "")
    assert err.endswith(f"facts met: error: argument --year: {message}\n")


# -- filters ----------------------------------------------------------------------------------


def test_the_year_filter_takes_a_year_or_a_range(
    shipped_base: FactBase, capsys: pytest.CaptureFixture[str]
) -> None:
    whole = met_json(capsys, "toshiba-electronics-europe")
    assert met_json(capsys, "toshiba-electronics-europe", "--year", "2017..2030") == whole
    assert met_json(capsys, "toshiba-electronics-europe", "--year", "2022..2030")["met"] == []
    in_2021 = met_json(capsys, "toshiba", "--year", "2021")
    assert [c["participant"]["id"] for c in in_2021["met"]] == ["toshiba-electronics-europe"]
    assert in_2021["same_trip"] == []


def test_a_span_counts_for_every_year_it_touches() -> None:
    new_year = Event("x", Names.of("x"), start=FuzzyDate(2016, 12, 30), end=FuzzyDate(2017, 1, 2))
    assert EventFilter(years=(2016, 2016)).admits(new_year)
    assert EventFilter(years=(2017, 2020)).admits(new_year)
    assert not EventFilter(years=(2018, 2020)).admits(new_year)
    assert not EventFilter(years=(2017, 2017)).admits(Event("y", Names.of("y")))  # undated
    assert EventFilter().admits(Event("y", Names.of("y")))


def test_the_theme_filter_includes_the_narrower_themes(shipped_base: FactBase) -> None:
    broad = next(
        t
        for t in shipped_base.themes
        if shipped_base.children_of(t.id)
        and any(shipped_base.events_of(c.id) for c in shipped_base.children_of(t.id))
    )
    flt = event_filter(shipped_base, theme=broad.id)
    assert flt.themes is not None
    assert {c.id for c in shipped_base.children_of(broad.id)} <= flt.themes
    for p in shipped_base.participants:
        answer = meetings(shipped_base, p.id, flt)
        for contact in answer.met:
            for shared in contact.events:
                assert flt.themes & set(shared.event.themes)
        assert all(flt.themes & set(e.themes) for e in answer.events)


def test_filters_narrow_the_events_before_met_and_same_trip_are_worked_out(
    shipped_base: FactBase,
) -> None:
    """Kufen met the Essen delegation at the trip itself; the trip's stops carry medical
    themes the trip event shares, so a filter keeps both sides consistent."""
    flt = event_filter(shipped_base, theme="medical-exchange")
    answer = meetings(shipped_base, "thomas-kufen", flt)
    met = {c.participant for c in answer.met}
    trip = {c.participant for c in answer.same_trip}
    assert met.isdisjoint(trip)
    whole = meetings(shipped_base, "thomas-kufen")
    assert met <= {c.participant for c in whole.met}


def test_core_refuses_what_is_not_a_participant_or_a_theme(shipped_base: FactBase) -> None:
    with pytest.raises(NotAParticipant):
        meetings(shipped_base, "tokyo")
    with pytest.raises(FilterError, match="tokyo is a place, not a theme"):
        event_filter(shipped_base, theme="tokyo")
    with pytest.raises(FilterError, match="expects a year"):
        event_filter(shipped_base, year="17")


def test_contact_counts_are_the_distinct_contacts_of_meetings(shipped_base: FactBase) -> None:
    counts = contact_counts(shipped_base.events)
    for p in shipped_base.participants:
        assert counts.get(p.id, 0) == len(meetings(shipped_base, p.id, same_trip=False).met)


def test_the_result_is_immutable(shipped_base: FactBase) -> None:
    answer = meetings(shipped_base, "thomas-kufen")
    with pytest.raises(AttributeError):
        answer.met = ()  # type: ignore[misc]
    assert isinstance(answer.met, tuple) and isinstance(answer.met[0].events, tuple)


# -- a base made for the corners the shipped one lacks ---------------------------------------

CORNERS = """\
sources:
  - {id: report, title: Report, language: en}
  - {id: minutes, title: Minutes, language: de}
  - {id: photo, title: Photo caption, language: ja}
places:
  - {id: town, name: Town, kind: city, sources: [report]}
  - {id: land, name: Land, kind: country, sources: [report]}
themes:
  - {id: energy, name: Energy, sources: [report]}
  - {id: hydrogen, name: Hydrogen, broader: energy, sources: [report]}
participants:
  - {id: anna, name: Anna, kind: person, country: land, sources: [report]}
  - {id: bea, name: bea, kind: person, sources: [report]}
  - {id: carl, name: Carl, kind: person, sources: [report]}
  - {id: dora, name: Dora, kind: person, sources: [report]}
  - {id: emil, name: Emil, kind: person, sources: [report]}
  - {id: fritz, name: Fritz, kind: person, sources: [report]}
events:
  - id: tour
    name: Tour
    kind: delegation-trip
    start: "2019-12-30"
    end: "2020-01-03"
    participants:
      - {participant: anna, role: lead}
    sources: [report]
  - id: leg
    name: Leg
    kind: visit
    part_of: tour
    date: "2019-12-31"
    place: town
    themes: [hydrogen]
    participants:
      - {participant: bea, role: host, sources: [minutes]}
      - {participant: carl, role: guest}
    sources: [report]
  - id: dinner
    name: Dinner
    kind: reception
    part_of: leg
    date: "2020-01-01"
    participants:
      - {participant: anna, role: guest, sources: [photo]}
      - {participant: carl, role: speaker}
      - {participant: carl, role: cook}
      - {participant: dora, role: guest}
    sources: [report]
  - id: later
    name: Later
    kind: agreement
    date: "2021"
    themes: [energy]
    participants:
      - {participant: anna, role: partner}
      - {participant: carl, role: partner}
      - {participant: emil, role: partner}
    sources: [minutes]
"""


@pytest.fixture
def corners(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("FACTS_CACHE_DIR", str(tmp_path / "cache"))
    path = tmp_path / "corners.yaml"
    path.write_text(CORNERS, encoding="utf-8")
    return path


def test_the_semantics_hold_in_the_corners(
    corners: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Nested parts, a participation with its own sources, one participant in two roles, a
    span over New Year, a participant in no event."""
    assert main(["export", "--format", "json", "--facts", str(corners)]) == 0
    data = json.loads(capsys.readouterr().out)
    for p in data["participants"]:
        assert met_json(capsys, p["id"], "--facts", str(corners)) == expected_meetings(
            data, p["id"]
        ), p["id"]
    anna = met_json(capsys, "anna", "--facts", str(corners))
    assert [(c["participant"]["id"], [e["id"] for e in c["events"]]) for c in anna["met"]] == [
        ("carl", ["dinner", "later"]),
        ("dora", ["dinner"]),
        ("emil", ["later"]),
    ]
    dinner = anna["met"][0]["events"][0]
    assert (dinner["own_role"], dinner["role"], dinner["sources"]) == (
        "guest",
        "speaker, cook",
        ["photo", "report"],
    )
    assert [(c["participant"]["id"], [t["id"] for t in c["trips"]]) for c in anna["same_trip"]] == [
        ("bea", ["tour"])
    ]
    carl = met_json(capsys, "carl", "--facts", str(corners))
    leg = next(e for c in carl["met"] if c["participant"]["id"] == "bea" for e in c["events"])
    assert leg["sources"] == ["report", "minutes"]  # carl's: the event's; bea's: her own


def test_filters_in_the_corners(corners: Path, capsys: pytest.CaptureFixture[str]) -> None:
    def met(*args: str) -> list[str]:
        answer = met_json(capsys, "anna", *args, "--facts", str(corners))
        return [c["participant"]["id"] for c in answer["met"] + answer["same_trip"]]

    assert met("--year", "2019") == ["bea", "carl"]  # the tour spans New Year: counts for 2019
    assert met("--year", "2020") == ["carl", "dora"]  # bea was at the leg, on 2019-12-31
    assert met("--year", "2021") == ["carl", "emil"]
    assert met("--year", "2022..2030") == []
    assert met("--theme", "energy") == ["carl", "emil"]  # later (energy); leg (hydrogen) is
    # not anna's, and the dinner has no theme


def test_the_page_in_the_corners(corners: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert (
        met_text(capsys, "anna", "--facts", str(corners))
        == """\
Anna
who met whom · anna
3 events; met 3 participants; 1 more on the same trip

Met
Each shared event: date, event · place — own role / their role [sources]

Carl  2 shared events
├── 2020-01-01  Dinner — guest / speaker, cook [1, 2]
└── 2021  Later — partner / partner [3]
Dora  1 shared event
└── 2020-01-01  Dinner — guest / guest [1, 2]
Emil  1 shared event
└── 2021  Later — partner / partner [3]

Same trip
At other events of a trip Anna was on, never at the same event; each trip: their events on it (their
role) [sources]

bea  1 trip
└── on Tour: Leg (host) [3]

Sources
[1]  Photo caption
[2]  Report
[3]  Minutes
"""
    )


class _Untouchable(tuple):  # type: ignore[type-arg]
    """An event collection that must not be walked."""

    def __iter__(self):  # type: ignore[no-untyped-def]
        raise AssertionError("the whole event collection was walked")


def test_meetings_read_the_backlinks_not_every_event(shipped_path: Path) -> None:
    from tui.load import load

    base = load(shipped_path, cache=False).base
    assert base is not None
    base.events_of("x"), base.parts_of("x"), base.get("x"), base.event_positions  # as stored
    object.__setattr__(base, "events", _Untouchable(base.events))
    for p in base.participants:
        meetings(base, p.id)
    with pytest.raises(AssertionError, match="walked"):
        list(base.events)


def test_attendance_lists_everyone_of_the_event_and_its_parts(shipped_base: FactBase) -> None:
    from tui.meetings import attendance

    who = attendance(shipped_base, "duesseldorf-japan-trip-2025")
    ids = [a.participant for a in who]
    # at the trip, then at its stops (undated: they take the trip's 2025, before 16 June)
    assert ids[:4] == [
        "duesseldorf-delegation-2025",
        "toshiba",
        "rakuten-symphony",
        "city-of-duesseldorf",
    ]
    assert {
        "toshiba",
        "rakuten-symphony",
        "stephan-keller",
        "paul-hoeller",
        "petra-sigmund",
        "minister-kiuchi",
        "zum-schluessel",
    } <= set(ids)
    expected = {
        p.participant
        for e in shipped_base.events
        if "duesseldorf-japan-trip-2025" in (e.id, *(a.id for a in shipped_base.ancestors(e.id)))
        for p in e.participants
    }
    assert set(ids) == expected
    delegation = who[0]
    assert delegation.events[0].event.id == "duesseldorf-japan-trip-2025"
    assert len(delegation.events) == 6
    assert all(e.trip == "duesseldorf-japan-trip-2025" for e in delegation.events)
    keller = next(a for a in who if a.participant == "stephan-keller")
    assert [(e.event.id, e.roles) for e in keller.events] == [
        ("duesseldorf-evening-tokyo-2025", ("guest",))
    ]


def test_the_core_needs_neither_textual_nor_rich() -> None:
    code = (
        "import sys\n"
        "from tui.load import load\n"
        "from tui.meetings import attendance, contact_counts, event_filter, meetings\n"
        "from tui.paths import shipped_facts\n"
        "base = load(shipped_facts()).base\n"
        "flt = event_filter(base, '2017..2025', 'international-cooperation')\n"
        "for p in base.participants:\n"
        "    meetings(base, p.id, flt)\n"
        "attendance(base, 'duesseldorf-japan-trip-2025'); contact_counts(base.events)\n"
        "print(sorted({m.split('.')[0] for m in sys.modules} & {'rich', 'textual'}))\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=120, check=True
    )
    assert out.stdout == "[]\n"


def test_summary_ranks_the_most_connected_by_the_rule_of_facts_met(
    shipped_base: FactBase, capsys: pytest.CaptureFixture[str]
) -> None:
    for args in ([], ["--year", "2017"], ["--theme", "climate-neutrality"]):
        assert main(["summary", *args, "--top", "0", "--json"]) == 0
        data = json.loads(capsys.readouterr().out)
        flt = event_filter(
            shipped_base,
            args[1] if args[:1] == ["--year"] else None,
            args[1] if args[:1] == ["--theme"] else None,
        )
        expected = {}
        for p in shipped_base.participants:
            contacts = meetings(shipped_base, p.id, flt, same_trip=False).met
            if contacts:
                expected[p.id] = len(contacts)
        found = {row["id"]: row["contacts"] for row in data["connected"]["top"]}
        assert found == expected, args
        counts = [row["contacts"] for row in data["connected"]["top"]]
        assert counts == sorted(counts, reverse=True)
    assert main(["summary", "--width", "100", "--no-pager"]) == 0
    page = capsys.readouterr().out
    assert (
        "\nMost connected\nParticipant            Contacts  Only inferred\n"
        "Essen delegation 2017         6              4\n"
    ) in page


def test_met_help_stays_light_and_json_needs_no_rich() -> None:
    from test_cli_process import imported, top  # type: ignore[import-not-found]

    assert top(imported("met", "--help")) == set()
    assert "rich" not in top(imported("met", "thomas-kufen", "--json"))
    assert "rich" not in top(imported("export", "--format", "graphml"))
