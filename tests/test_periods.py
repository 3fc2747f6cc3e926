"""Issue 13 §11: an itinerary part without a date of its own takes the period of the trip it
belongs to: it sorts inside that period, `year:` and every year filter count it, and its
page says it is dated by its trip.  The shipped base has such parts on both trips (the
LPixel signing, the talk with the ambassador, the device-centre visit and the fireside talk
in 2017; the stops of the 2025 trip, whose year is inferred)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from test_app_flows import WIDE, screen_text, settle

from tui.app.app import FactsApp
from tui.app.facet_index import FacetIndex, Filter
from tui.cli import main
from tui.listing import UNDATED
from tui.model import Event, FactBase, FuzzyDate, Names, Participation
from tui.search.engine import SearchIndex

TRIP_2017 = "essen-japan-trip-2017"
UNDATED_2017 = [
    "nrw-japan-fireside-talk-2017",
    "ambassador-talk-2017",
    "fukushima-medical-device-centre-visit-2017",
    "lpixel-uk-essen-agreement-2017",
]
UNDATED_2025 = [
    "toshiba-hq-visit-2025",
    "haneda-innovation-city-agenda-2025",
    "rakuten-symphony-visit-2025",
    "duesseldorf-delegation-chiba-2025",
    "duesseldorf-delegation-osaka-2025",
]


def run(capsys: pytest.CaptureFixture[str], *args: str) -> str:
    assert main([*args]) == 0
    captured = capsys.readouterr()
    assert captured.err == ""
    return captured.out


# -- what a user sees on the shipped base --------------------------------------------------


def test_search_year_counts_the_undated_parts_of_the_trip(
    capsys: pytest.CaptureFixture[str],
) -> None:
    out = run(capsys, "search", "year:2017", "--limit", "50", "--json")
    ids = [hit["id"] for hit in json.loads(out)]
    assert len(ids) == 10
    assert set(UNDATED_2017) <= set(ids)
    out = run(capsys, "search", "year:2025", "--limit", "50", "--json")
    ids = [hit["id"] for hit in json.loads(out)]
    assert len(ids) == 10
    assert {*UNDATED_2025, "keg-tapping-crash-course-2025"} <= set(ids)
    ranged = run(capsys, "search", "year:2016..2017", "--limit", "50", "--json")
    assert len(json.loads(ranged)) == 10


def test_search_says_why_an_undated_part_matched_a_year(
    capsys: pytest.CaptureFixture[str],
) -> None:
    out = run(capsys, "search", "year:2017", "--limit", "50", "--width", "120")
    lines = out.splitlines()
    assert lines[4:10] == [
        " 3. Essen delegation trip to Japan 2017  event · essen-japan-trip-2017",
        "    date: 2017-11-29 – 2017-12-03",
        " 4. Talk with Ambassador von Werthern  event · ambassador-talk-2017",
        "    date: 2017-11-29 – 2017-12-03 (dated by its trip)",
        " 5. Visit to the Fukushima Medical Device Development Support Centre  event · "
        "fukushima-medical-device-centre-visit-2017",
        "    date: 2017-11-29 – 2017-12-03 (dated by its trip)",
    ]
    hits = json.loads(run(capsys, "search", "year:2025", "--json"))
    keg = next(hit for hit in hits if hit["id"] == "keg-tapping-crash-course-2025")
    assert keg["snippet"] == "date: 2025-06-16 (dated by the event it is part of)"


def test_summary_of_a_year_counts_the_whole_trip(capsys: pytest.CaptureFixture[str]) -> None:
    out = run(capsys, "summary", "--year", "2017", "--width", "100", "--no-pager")
    lines = out.splitlines()
    assert lines[lines.index("In numbers") + 1] == "Events        10"
    assert "2017  10 events" in lines
    out = run(capsys, "summary", "--year", "2025", "--json")
    data = json.loads(out)
    assert data["counts"]["events"] == 10
    assert [(y["year"], y["events"]) for y in data["timeline"]] == [(2025, 10)]


def test_summary_of_one_undated_part_files_it_under_its_trips_year(
    capsys: pytest.CaptureFixture[str],
) -> None:
    out = run(
        capsys, "summary", "--participant", "hans-carl-von-werthern", "--width", "100", "--no-pager"
    )
    lines = out.splitlines()
    assert "2017  1 event" in lines
    assert "undated  1 event" not in lines
    assert "Period        2017-11-29 – 2017-12-03" in lines


def test_timeline_puts_undated_parts_right_after_their_trip(shipped_base: FactBase) -> None:
    timeline = shipped_base.listing("timeline")
    ids = list(timeline.ids)
    at = ids.index(TRIP_2017)
    assert ids[at : at + 6] == [TRIP_2017, *sorted(UNDATED_2017), "nrw-japan-kk-25th-anniversary"]
    years = dict(zip(ids, timeline.years, strict=True))
    assert {years[i] for i in UNDATED_2017} == {2017}
    assert {years[i] for i in UNDATED_2025} == {2025}
    assert UNDATED not in {years[i] for i in ids}  # every event of the shipped base is dated


def test_trip_page_lists_its_undated_parts_inside_the_trip(
    capsys: pytest.CaptureFixture[str],
) -> None:
    out = run(capsys, "show", TRIP_2017, "--width", "100", "--no-pager")
    lines = out.splitlines()
    start = lines.index("Itinerary") + 1
    assert lines[start : start + 7] == [
        "2017-11-29 – 2017-12-03  Essen delegation trip to Japan 2017 · Japan  ← this event",
        # (the marks: their part_of is inferred, issue 15)
        "├── NRW Japan K.K. fireside talk 2017 · inferred [a]",
        "├── Talk with Ambassador von Werthern · inferred [b]",
        "├── Visit to the Fukushima Medical Device Development Support Centre · inferred [b]",
        "├── LPixel – University Hospital Essen cooperation agreement · Tokyo · inferred [c]",
        "├── 2017-11-30  25th anniversary of NRW Japan K.K. · inferred [d]",
        "└── 2017-12-01  Signing of the Essen–Koriyama memorandum of understanding · Japan",
    ]


def test_page_says_the_part_is_dated_by_its_trip(capsys: pytest.CaptureFixture[str]) -> None:
    out = run(capsys, "show", "lpixel-uk-essen-agreement-2017", "--width", "120", "--no-pager")
    # the trip's period is as sure as the signing's being part of the trip: inferred
    assert (
        "When         2017-11-29 – 2017-12-03, dated by its trip: Essen delegation trip "
        "to Japan 2017 [1] · inferred [a]"
    ) in out.splitlines()
    out = run(capsys, "show", "keg-tapping-crash-course-2025", "--width", "120", "--no-pager")
    assert (
        "When         2025-06-16, dated by the event it is part of: Düsseldorf Evening in "
        "Tokyo 2025 [1]"
    ) in out.splitlines()


@pytest.mark.parametrize("fmt", ["markdown", "html"])
def test_exported_pages_say_the_part_is_dated_by_its_trip(
    capsys: pytest.CaptureFixture[str], fmt: str
) -> None:
    out = run(capsys, "export", "--format", fmt, "toshiba-hq-visit-2025")
    assert "2025, dated by its trip: " in out
    assert "Düsseldorf delegation trip to Japan 2025" in out


def test_json_keeps_the_own_date_empty_and_names_the_trips_period(
    capsys: pytest.CaptureFixture[str],
) -> None:
    data = json.loads(run(capsys, "export", "ambassador-talk-2017"))
    (event,) = data["events"]
    assert "date" not in event and "start" not in event  # the event's own fields, as written
    assert event["period_from_trip"] == {
        "start": "2017-11-29",
        "end": "2017-12-03",
        "event": {
            "id": TRIP_2017,
            "entity": "event",
            "kind": "delegation-trip",
            "name": "Essen delegation trip to Japan 2017",
        },
    }
    dated = json.loads(run(capsys, "export", TRIP_2017))["events"][0]
    assert "period_from_trip" not in dated


def test_met_with_a_year_counts_the_undated_parts(capsys: pytest.CaptureFixture[str]) -> None:
    out = run(capsys, "met", "essen-delegation-2017", "--year", "2017", "--json")
    met = {m["participant"]["id"] for m in json.loads(out)["met"]}
    assert "hans-carl-von-werthern" in met  # the talk with the ambassador, undated
    assert "fukushima-medical-device-centre" in met  # the visit there, undated


def test_browser_year_facet_counts_the_whole_trip(shipped_base: FactBase) -> None:
    index = FacetIndex(shipped_base)
    events = shipped_base.listing("timeline").ids
    counts = {
        c.filter.label: c.count
        for c in index.choices(events, "event", [])
        if c.filter.facet == "year"
    }
    assert counts["2017"] == 10
    assert counts["2025"] == 10
    narrowed = index.narrow(events, "event", [Filter("year", "2017", "2017")])
    assert set(UNDATED_2017) <= {events[at] for at in narrowed}


async def test_detail_pane_says_the_part_is_dated_by_its_trip(shipped_path: Path) -> None:
    app = FactsApp(shipped_path, "ambassador-talk-2017", watch_interval=None)
    async with app.run_test(size=WIDE) as pilot:
        await settle(pilot)
        text = screen_text(app)
        assert "2017-11-29 – 2017-12-03, dated by its trip:" in text


# -- the rule for every base -----------------------------------------------------------------

DATES = st.one_of(
    st.none(),
    st.builds(FuzzyDate, st.integers(2000, 2003)),
    st.builds(FuzzyDate, st.integers(2000, 2003), st.integers(1, 12)),
    st.builds(FuzzyDate, st.integers(2000, 2003), st.integers(1, 12), st.integers(1, 28)),
)


@st.composite
def bases(draw: st.DrawFn) -> FactBase:
    """Up to 12 events, each part of an earlier one or not, each with a date, a span or
    none (so that undated parts of undated parts of a dated trip occur)."""
    count = draw(st.integers(1, 12))
    events = []
    for n in range(count):
        parent = draw(st.one_of(st.none(), st.integers(0, n - 1))) if n else None
        date, start, end = draw(DATES), None, None
        if date is not None and draw(st.booleans()):
            date, start = None, date
            end = FuzzyDate(start.year + draw(st.integers(0, 1)), 12, 31)
        events.append(
            Event(
                f"e{n:02d}",
                Names.of(f"Event {n}"),
                date=date,
                start=start,
                end=end,
                part_of=f"e{parent:02d}" if parent is not None else None,
                participants=(Participation("p", "guest"),),
            )
        )
    return FactBase(events=tuple(draw(st.permutations(events))))


def _dater(base: FactBase, event: Event) -> Event | None:
    """The nearest of the event and its larger events that has a date of its own (written
    here independently of the code under test)."""
    current: Event | None = event
    while current is not None:
        if current.date or current.start or current.end:
            return current
        parent = base.get(current.part_of) if current.part_of else None
        current = parent if isinstance(parent, Event) else None
    return None


def _key(event: Event | None) -> tuple[int, int, int]:
    when = event.when if event is not None else None
    return when.sort_key() if when else (9999, 99, 99)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(base=bases())
def test_every_undated_part_sorts_inside_its_trips_period(base: FactBase) -> None:
    """In the timeline an undated part follows the event that dates it, and no event dated
    later than that event's start comes between them; its year heading is that event's."""
    timeline = base.listing("timeline")
    ids = list(timeline.ids)
    at = {event_id: i for i, event_id in enumerate(ids)}
    keys = [_key(_dater(base, base.by_id[i])) for i in ids]  # type: ignore[arg-type]
    assert keys == sorted(keys)  # the whole list is in order of the periods
    for event in base.events:
        dater = _dater(base, event)
        year = timeline.years[at[event.id]]
        assert year == (dater.when.year if dater is not None and dater.when else UNDATED)
        if dater is None or dater is event:
            continue
        assert at[dater.id] < at[event.id]
        between = ids[at[dater.id] : at[event.id]]
        assert all(
            _key(_dater(base, base.by_id[i])) == _key(dater)  # type: ignore[arg-type]
            for i in between
        )


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(base=bases(), year=st.integers(2000, 2004))
def test_year_filter_admits_a_part_exactly_when_its_trips_period_touches_the_year(
    base: FactBase, year: int
) -> None:
    index = SearchIndex.build(base)
    found = {hit.id for hit in index.search(f"year:{year}", limit=100)}
    expected = set()
    for event in base.events:
        dater = _dater(base, event)
        if dater is None:
            continue
        first = dater.date or dater.start or dater.end
        last = dater.date or dater.end or dater.start
        assert first is not None and last is not None
        if first.year <= year <= last.year:
            expected.add(event.id)
    assert found == expected
