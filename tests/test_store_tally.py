"""The stored tally in parts (issue 17): `facts summary` reads the headline counts, and the
roles and larger events of only the participants and years it prints; every part is
checked, and a damaged one is the store's damage like any other."""

from __future__ import annotations

import json
import os
import sqlite3
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from tui import store
from tui.load import load
from tui.store import StoreDamaged
from tui.tally import CHUNK, PARTNERS, ROLES, TALLY, YEARS, PartnerTable, Tally, Year

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture
def stored(shipped_path: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The shipped base, stored in a cache of this test's own."""
    monkeypatch.setenv("FACTS_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.delenv("FACTS_NO_CACHE", raising=False)
    assert load(shipped_path).ok
    return shipped_path


def summary(facts: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "tui", "summary", "--facts", str(facts), *args],
        capture_output=True,
        text=True,
        cwd=ROOT,
        env=dict(os.environ),
        timeout=120,
    )


def test_a_summary_reads_the_roles_of_the_printed_participants_only(
    stored: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from tui.render.summary import SummaryView, summary_blocks

    base = load(stored).base
    assert base is not None and base.stored
    read: list[str] = []
    kept = type(base)._kept

    def spy(self: Any, key: str, decode: Callable[[bytes], Any]) -> Any:
        read.append(key)
        return kept(self, key, decode)

    monkeypatch.setattr(type(base), "_kept", spy)
    blocks = summary_blocks(base, SummaryView(top=2), None)
    assert blocks
    tally = base.tally()
    roles = [key.removeprefix(ROLES) for key in read if key.startswith(ROLES)]
    assert len(tally.participant_counts) > 2
    shown = sorted(tally.participant_counts, key=lambda kv: -kv[1])[:2]
    counts = dict(tally.participant_counts)
    assert len(roles) == 2 and sorted(counts[p] for p in roles) == sorted(n for _, n in shown)
    assert read.count(TALLY) == 1
    cities = [key.removeprefix(PARTNERS) for key in read if key.startswith(PARTNERS)]
    sizes = dict(tally.partners.sizes)
    assert len(sizes) > 2 and len(cities) == 2
    assert sorted(sizes[c] for c in cities) == sorted(sizes.values())[-2:]
    # every year's first rows only (the shipped base's years each fit in one)
    assert sorted(k for k in read if k.startswith(YEARS)) == sorted(
        f"{YEARS}{year.label}/0" for year in tally.years
    )


def test_a_year_reads_only_the_rows_of_the_larger_events_asked_for() -> None:
    roots = [f"event-{n}" for n in range(2 * CHUNK + 5)]
    year = Year("2017", 3 * len(roots), roots, [2] * len(roots))
    tally = Tally(1, 0, 0, 0, 0, None, (year,), (), (), {}, (), (), PartnerTable.of(()))
    parts = tally.parts()
    assert sorted(k for k in parts if k.startswith(YEARS)) == [
        f"{YEARS}2017/0",
        f"{YEARS}2017/1",
        f"{YEARS}2017/2",
    ]
    read: list[str] = []

    def reading(name: str, decode: Callable[[bytes], Any]) -> Any:
        read.append(name)
        return decode(parts[name])

    again = Tally.decode(parts[TALLY], reading)
    (stored_year,) = again.years
    assert stored_year.size == len(roots) and stored_year.count == year.count
    assert stored_year.first(10) == (tuple(roots[:10]), (2,) * 10)
    assert read == [f"{YEARS}2017/0"]
    assert stored_year.first(CHUNK + 1)[0] == tuple(roots[: CHUNK + 1])
    assert read == [f"{YEARS}2017/0", f"{YEARS}2017/1"]
    assert again == tally and read[-1] == f"{YEARS}2017/2"


def test_a_stored_tally_with_a_wrong_value_is_damaged(shipped_path: Path) -> None:
    base = load(shipped_path, cache=False).base
    assert base is not None
    parts = base.tally().parts()
    assert Tally.from_parts(parts) == base.tally()
    head = json.loads(parts[TALLY])
    damaged_heads = [
        [*head[:at], wrong, *head[at + 1 :]]
        for at, wrong in ((7, ["kufen", True]), (8, ["kufen"]), (11, [["essen", [], [1]]]))
    ]
    for damaged in damaged_heads:
        with pytest.raises(ValueError, match="not a stored tally"):
            Tally.from_parts({**parts, TALLY: json.dumps(damaged).encode()})
    role = next(key for key in parts if key.startswith(ROLES))
    year = next(key for key in parts if key.startswith(YEARS))
    city = next(key for key in parts if key.startswith(PARTNERS))
    found, sure = json.loads(parts[city])
    roots, held = json.loads(parts[year])
    for name, wrong in (
        (role, ["chair", True]),
        (role, {"chair": 1}),
        (year, [roots, [True] * len(held)]),
        (year, [roots[1:], held[1:]]),  # a row shorter than the year's count of them
        (year, [roots]),
        (city, [found[2:], sure]),  # fewer partners than the headline counts
        (city, [found, [1]]),
    ):
        tally = Tally.from_parts({**parts, name: json.dumps(wrong).encode()})
        with pytest.raises(ValueError, match="not a stored tally"):
            assert tally == base.tally()  # reads every part
    for name in (role, year, city):
        tally = Tally.from_parts({k: v for k, v in parts.items() if k != name})
        with pytest.raises(ValueError, match="not a stored tally"):
            assert tally == base.tally()


def damage(facts: Path, key: str) -> None:
    with sqlite3.connect(store.cache_file(facts)) as db:
        found = db.execute("SELECT count(*) FROM listings WHERE key = ?", (key,)).fetchone()
        assert found == (1,), key
        db.execute(
            "UPDATE listings SET data = CAST(X'00000000' || data AS BLOB) WHERE key = ?", (key,)
        )
    db.close()


def test_a_damaged_part_of_the_tally_is_damage_of_the_store(stored: Path) -> None:
    base = load(stored).base
    assert base is not None and base.stored
    first = max(base.tally().participant_counts, key=lambda kv: kv[1])[0]
    del base
    damage(stored, ROLES + first)
    base = load(stored).base
    assert base is not None and base.stored  # its header is intact: it opens
    told: list[bool] = []
    base.on_damage(lambda: told.append(True))
    tally = base.tally()  # the headline part is intact
    with pytest.raises(StoreDamaged, match="a stored value is damaged"):
        tally.roles.get(first)
    assert told == [True]


def test_a_summary_over_a_damaged_part_answers_from_the_files(stored: Path) -> None:
    """What the user sees: the same page, from the fact files, and a store made afresh."""
    before = summary(stored)
    assert before.returncode == 0, before.stderr
    base = load(stored).base
    assert base is not None
    first = max(base.tally().participant_counts, key=lambda kv: kv[1])[0]
    year = base.tally().years[0].label
    del base
    for key in (ROLES + first, f"{YEARS}{year}/0"):
        damage(stored, key)
        after = summary(stored)
        assert (after.returncode, after.stdout, after.stderr) == (0, before.stdout, "")
        again = load(stored).base  # stored afresh, whole
        assert again is not None and again.stored
        assert again.tally().roles[first] and again.tally().years[0].roots
