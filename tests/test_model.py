"""The model without files: names, dates, backlinks and hierarchies."""

from __future__ import annotations

import dataclasses

import pytest

from tui.model import (
    Event,
    FactBase,
    FuzzyDate,
    Names,
    Participant,
    Participation,
    Place,
    Source,
    Theme,
)


def names(**kw: str) -> Names:
    return Names.of(kw)


@pytest.fixture
def base() -> FactBase:
    src = Source(id="src", title="Press release", language="de")
    return FactBase(
        sources=(src,),
        places=(
            Place(id="japan", name=names(en="Japan", ja="日本"), kind="country", sources=("src",)),
            Place(
                id="tokyo",
                name=names(en="Tokyo", ja="東京"),
                kind="city",
                part_of="japan",
                sources=("src",),
            ),
        ),
        participants=(
            Participant(id="kufen", name=Names.of("Thomas Kufen"), kind="person", sources=("src",)),
            Participant(
                id="essen",
                name=names(de="Stadt Essen", en="City of Essen"),
                kind="government",
                sources=("src",),
            ),
        ),
        themes=(
            Theme(
                id="energy", name=names(en="Energy transition", de="Energiewende"), sources=("src",)
            ),
            Theme(id="hydrogen", name=names(en="Hydrogen"), broader="energy", sources=("src",)),
        ),
        events=(
            Event(
                id="visit",
                name=names(en="Visit"),
                kind="visit",
                date=FuzzyDate(2017, 12, 1),
                part_of="trip",
                place="tokyo",
                participants=(Participation("kufen", "guest"),),
                themes=("hydrogen",),
                sources=("src",),
            ),
            Event(
                id="trip",
                name=names(en="Trip", de="Reise"),
                kind="delegation-trip",
                start=FuzzyDate(2017, 11, 29),
                end=FuzzyDate(2017, 12, 3),
                participants=(
                    Participation("kufen", "delegation lead"),
                    Participation("essen", "organiser"),
                ),
                sources=("src",),
            ),
        ),
    )


def test_names_fall_back_in_a_sensible_order() -> None:
    n = names(de="Stadt Essen", en="City of Essen", ja="エッセン市")
    assert n.get("ja") == "エッセン市"
    assert n.get("fr") == "City of Essen"
    assert names(de="Wasserstoff").get("en") == "Wasserstoff"
    assert names(ja="郡山市").get(None) == "郡山市"
    assert Names.of("Thomas Kufen").get("ja") == "Thomas Kufen"
    assert not Names()


def test_fuzzy_dates_keep_their_precision() -> None:
    assert FuzzyDate.parse("2017").iso() == "2017"
    assert FuzzyDate.parse("2025-06").precision == "month"
    assert FuzzyDate.parse("2017-12-01").iso() == "2017-12-01"
    assert FuzzyDate.parse("2017-12").sort_key() < FuzzyDate.parse("2017-12-01").sort_key()


def test_the_base_is_frozen(base: FactBase) -> None:
    with pytest.raises(dataclasses.FrozenInstanceError):
        base.events = ()  # type: ignore[misc]
    with pytest.raises(dataclasses.FrozenInstanceError):
        base.events[0].kind = "x"  # type: ignore[misc]
    with pytest.raises(TypeError):
        base.by_id["x"] = base.events[0]  # type: ignore[index]


def test_backlinks_are_computed(base: FactBase) -> None:
    assert [e.id for e in base.events_of("kufen")] == ["trip", "visit"]
    assert [e.id for e in base.events_of("essen")] == ["trip"]
    assert [e.id for e in base.events_of("hydrogen")] == ["visit"]
    assert [e.id for e in base.events_of("tokyo")] == ["visit"]
    assert [e.id for e in base.parts_of("trip")] == ["visit"]
    assert [t.id for t in base.children_of("energy")] == ["hydrogen"]
    assert [p.id for p in base.children_of("japan")] == ["tokyo"]
    assert [p.id for p in base.participants_of_theme("hydrogen")] == ["kufen"]
    assert [t.id for t in base.themes_of("kufen")] == ["hydrogen"]
    assert len(base.cited_by("src")) == len(base) - 1
    assert [e.id for e in base.ancestors("visit")] == ["trip"]
    assert [e.id for e in base.ancestors("hydrogen")] == ["energy"]


def test_timeline_orders_by_date_then_id(base: FactBase) -> None:
    assert [e.id for e in base.timeline()] == ["trip", "visit"]
    assert base.events[1].date_text() == "2017-11-29 – 2017-12-03"


def test_lookup_by_id(base: FactBase) -> None:
    assert base.get("tokyo").label("ja") == "東京"  # type: ignore[union-attr]
    assert "tokyo" in base
    assert base.get("nowhere") is None
    assert len(base) == 9


def test_a_base_is_built_by_hand_as_before_and_is_one_of_two_kinds(base: FactBase) -> None:
    from tui.model import MemoryBase
    from tui.store import StoredBase

    assert isinstance(base, MemoryBase) and isinstance(base, FactBase)
    assert issubclass(StoredBase, FactBase) and not issubclass(StoredBase, MemoryBase)
    with pytest.raises(TypeError):
        StoredBase()  # type: ignore[call-arg]


def test_backlinks_are_built_once_when_many_threads_ask_at_once(
    base: FactBase, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The browser asks for them from several workers at once; each build of a big base
    costs seconds, and two builds would give two different objects."""
    import threading
    import time

    from tui.model import Backlinks

    builds: list[int] = []
    build = Backlinks.build.__func__  # type: ignore[attr-defined]

    def slow(cls: type[Backlinks], of: FactBase) -> Backlinks:
        builds.append(1)
        time.sleep(0.05)  # long enough for every thread to ask meanwhile
        return build(cls, of)  # type: ignore[no-any-return]

    monkeypatch.setattr(Backlinks, "build", classmethod(slow))
    start = threading.Barrier(8)
    found: list[Backlinks] = []

    def ask() -> None:
        start.wait()
        found.append(base.backlinks)

    threads = [threading.Thread(target=ask) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len(builds) == 1
    assert len({id(links) for links in found}) == 1
    assert [e.id for e in base.events_of("kufen")] == ["trip", "visit"]
