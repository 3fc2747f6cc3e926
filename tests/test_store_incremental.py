"""An edit reads only the changed files, and the result is exactly what a full load gives.

The rule for all inputs (a property test): after any sequence of edits, additions,
deletions and renames of fact files, valid or not, loading through the store gives the
same problems, or the same entities, backlinks, list orders, positions and summary counts,
as reading every file afresh.
"""

from __future__ import annotations

import copy
import os
import shutil
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, initialize, invariant, rule

from tui import store
from tui.listing import LISTS
from tui.load import LoadResult, load, load_with
from tui.model import FactBase
from tui.store.reader import LINK_TABLES

ROOT = Path(__file__).resolve().parent.parent
COLLECTIONS = ("sources", "places", "participants", "themes", "events")
LONG_AGO = 1_500_000_000
EXAMPLES = int(os.environ.get("FACTS_FUZZ_EXAMPLES", "25"))


def same(through_store: LoadResult, afresh: LoadResult) -> None:
    """The two loads agree on everything a user (or a program) can ask of them."""
    assert [str(p) for p in through_store.problems] == [str(p) for p in afresh.problems]
    assert through_store.files == afresh.files
    a, b = through_store.base, afresh.base
    assert (a is None) == (b is None)
    if a is None or b is None:
        return
    for name in COLLECTIONS:
        assert tuple(a.collection(name)) == tuple(b.collection(name)), name
    ids = [entity.id for entity in b]
    assert len(a) == len(b) and list(a.by_id) == ids
    for entity_id in [*ids, "no-such-id"]:
        for table in LINK_TABLES:
            assert tuple(getattr(a.backlinks, table).get(entity_id, ())) == tuple(
                getattr(b.backlinks, table).get(entity_id, ())
            ), (table, entity_id)
        assert a.get(entity_id) == b.get(entity_id)
    for key in LISTS:
        assert a.listing(key) == b.listing(key), key
    assert tuple(a.timeline()) == tuple(b.timeline())
    assert dict(a.event_positions) == dict(b.event_positions)
    assert a.tally() == b.tally()


def split_shipped(shipped: Path, folder: Path) -> dict[str, dict[str, list[dict[str, Any]]]]:
    """The shipped base cut into several files (events by year, the rest as they are)."""
    files: dict[str, dict[str, list[dict[str, Any]]]] = {}
    for path in sorted(shipped.glob("*.yaml")):
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        for collection, items in data.items():
            for item in items:
                name = path.name
                if collection == "events":
                    when = str(item.get("date") or item.get("start") or "undated")[:4]
                    name = f"events/{when}.yaml"
                files.setdefault(name, {}).setdefault(collection, []).append(item)
    folder.mkdir(parents=True, exist_ok=True)
    for name, data in files.items():
        write(folder, name, data)
    return files


def write(folder: Path, name: str, data: Any, *, when: int | None = None) -> None:
    path = folder / name
    path.parent.mkdir(parents=True, exist_ok=True)
    text = (
        data if isinstance(data, str) else yaml.safe_dump(data, allow_unicode=True, sort_keys=False)
    )
    path.write_text(text, encoding="utf-8")
    if when is not None:
        os.utime(path, (when, when))


class Edits(RuleBasedStateMachine):
    """A fact base edited at random; after every step both loads must agree."""

    def __init__(self) -> None:
        super().__init__()
        self.files: dict[str, Any] = {}
        self.folder = Path()
        self.counter = 0
        self.valid: dict[str, Any] | None = None

    @initialize()
    def start(self) -> None:
        scratch = Path(os.environ["FACTS_EDITS_SCRATCH"]) / f"run-{id(self)}-{self.counter}"
        if scratch.exists():
            shutil.rmtree(scratch)
        self.folder = scratch / "facts"
        os.environ["FACTS_CACHE_DIR"] = str(scratch / "cache")
        self.files = split_shipped(Path(os.environ["FACTS_EDITS_SHIPPED"]), self.folder)
        for file in self.folder.rglob("*.yaml"):
            os.utime(file, (LONG_AGO, LONG_AGO))

    # -- what the data holds -------------------------------------------------------------

    def entries(self) -> list[tuple[str, str, int]]:
        return [
            (name, collection, at)
            for name, data in self.files.items()
            if isinstance(data, dict)
            for collection, items in data.items()
            for at in range(len(items))
        ]

    def ids(self, collection: str) -> list[str]:
        return [
            item["id"]
            for data in self.files.values()
            if isinstance(data, dict)
            for item in data.get(collection, ())
            if isinstance(item, dict) and "id" in item
        ]

    def save(self, name: str, *, old: bool = False) -> None:
        write(self.folder, name, self.files[name], when=LONG_AGO + self.counter if old else None)
        self.counter += 1

    # -- edits ---------------------------------------------------------------------------

    @rule(data=st.data(), old=st.booleans())
    def edit_an_event(self, data: st.DataObject, old: bool) -> None:
        events = [e for e in self.entries() if e[1] == "events"]
        if not events:
            return
        name, collection, at = data.draw(st.sampled_from(events))
        item = self.files[name][collection][at]
        what = data.draw(
            st.sampled_from(["date", "themes", "participants", "part_of", "place", "name"])
        )
        if what == "date":
            item.pop("start", None)
            item.pop("end", None)
            item["date"] = data.draw(
                st.sampled_from(["2017", "2017-11-30", "2025-06", "2016-02-29", "2031-01-01"])
            )
        elif what == "themes":
            themes = [*self.ids("themes"), "no-such-theme"]
            item["themes"] = data.draw(st.lists(st.sampled_from(themes), max_size=4))
        elif what == "participants":
            people = [*self.ids("participants"), "nobody-at-all"]
            item["participants"] = [
                {"participant": p, "role": data.draw(st.sampled_from(["guest", "host"]))}
                for p in data.draw(st.lists(st.sampled_from(people), max_size=3))
            ]
        elif what == "part_of":
            events_ids = self.ids("events")
            choice = data.draw(st.sampled_from([None, *events_ids]))
            if choice is None:
                item.pop("part_of", None)
            else:
                item["part_of"] = choice
        elif what == "place":
            item["place"] = data.draw(st.sampled_from([*self.ids("places"), "atlantis"]))
        else:
            item["name"] = {
                "en": data.draw(st.sampled_from(["A visit", "Zebra talks", "Ärger", "東京"]))
            }
        self.save(name, old=old)

    @rule(data=st.data())
    def edit_a_hierarchy(self, data: st.DataObject) -> None:
        kind = data.draw(st.sampled_from(["themes", "places", "participants"]))
        entries = [e for e in self.entries() if e[1] == kind]
        if not entries:
            return
        name, collection, at = data.draw(st.sampled_from(entries))
        item = self.files[name][collection][at]
        field = {"themes": "broader", "places": "part_of", "participants": "parent"}[kind]
        choice = data.draw(st.sampled_from([None, *self.ids(kind)]))
        if choice is None:
            item.pop(field, None)
        else:
            item[field] = choice  # a cycle now and then
        self.save(name)

    @rule(data=st.data())
    def rename_an_id(self, data: st.DataObject) -> None:
        entries = self.entries()
        if not entries:  # every file broken or emptied
            return
        name, collection, at = data.draw(st.sampled_from(entries))
        item = self.files[name][collection][at]
        item["id"] = data.draw(st.sampled_from([item["id"] + "-renamed", *self.ids(collection)]))
        self.save(name)

    @rule(data=st.data())
    def move_an_entry(self, data: st.DataObject) -> None:
        entries = self.entries()
        if not entries:  # every file broken or emptied
            return
        name, collection, at = data.draw(st.sampled_from(entries))
        item = self.files[name][collection].pop(at)
        target = data.draw(
            st.sampled_from(
                [*(n for n, d in self.files.items() if isinstance(d, dict)), "moved.yaml"]
            )
        )
        self.files.setdefault(target, {}).setdefault(collection, []).append(item)
        self.save(name)
        self.save(target)

    @rule(data=st.data())
    def add_an_event_within_a_file(self, data: st.DataObject) -> None:
        """The users' most common edit: an event added among the others of its file (a copy
        of one with a new id), dated or an undated part of another event."""
        events = [e for e in self.entries() if e[1] == "events"]
        if not events:
            return
        name, collection, at = data.draw(st.sampled_from(events))
        item = copy.deepcopy(self.files[name][collection][at])
        item["id"] = f"{item['id']}-added-{self.counter}"
        if data.draw(st.booleans()):
            for key in ("date", "start", "end"):
                item.pop(key, None)
            item["part_of"] = data.draw(st.sampled_from(self.ids("events")))
        items = self.files[name][collection]
        items.insert(data.draw(st.integers(0, len(items))), item)
        self.save(name, old=data.draw(st.booleans()))

    @rule(data=st.data())
    def remove_an_entry(self, data: st.DataObject) -> None:
        entries = self.entries()
        if not entries:
            return
        name, collection, at = data.draw(st.sampled_from(entries))
        del self.files[name][collection][at]
        self.save(name)

    @rule(data=st.data())
    def reorder_entries(self, data: st.DataObject) -> None:
        """An entry moved within its file (reordered by hand, or two swapped)."""
        entries = [e for e in self.entries() if len(self.files[e[0]][e[1]]) > 1]
        if not entries:
            return
        name, collection, at = data.draw(st.sampled_from(entries))
        items = self.files[name][collection]
        to = data.draw(st.integers(0, len(items) - 1))
        if data.draw(st.booleans()):
            items[at], items[to] = items[to], items[at]
        else:
            items.insert(to, items.pop(at))
        self.save(name)

    @rule(data=st.data())
    def delete_a_file(self, data: st.DataObject) -> None:
        if len(self.files) > 1:
            name = data.draw(st.sampled_from(sorted(self.files)))
            del self.files[name]
            (self.folder / name).unlink()

    @rule(data=st.data())
    def rename_a_file(self, data: st.DataObject) -> None:
        name = data.draw(st.sampled_from(sorted(self.files)))
        new = data.draw(
            st.sampled_from(["0-first.yaml", "zz-last.yaml", "events/1999.yaml", "m/middle.yml"])
        )
        if new in self.files:
            return
        (self.folder / new).parent.mkdir(parents=True, exist_ok=True)
        os.replace(self.folder / name, self.folder / new)
        self.files[new] = self.files.pop(name)

    @rule(data=st.data())
    def add_a_file(self, data: st.DataObject) -> None:
        number = self.counter
        themes = self.ids("themes") or ["no-such-theme"]  # every theme may be gone
        event = {
            "id": f"added-event-{number}",
            "name": {"en": f"Added {number}"},
            "kind": "meeting",
            "date": "2024-05-0" + str(1 + number % 9),
            "themes": data.draw(st.lists(st.sampled_from(themes), max_size=2)),
            "sources": data.draw(
                # every source may be gone (its file deleted): the event then cites one
                # that does not exist, which the check reports, as it would for an author
                st.lists(
                    st.sampled_from(self.ids("sources") or ["no-such-source"]),
                    min_size=1,
                    max_size=1,
                )
            ),
        }
        theme = {
            "id": f"added-theme-{number}",
            "name": f"Added theme {number}",
            "broader": data.draw(st.sampled_from(themes)),
        }
        name = data.draw(st.sampled_from(["added.yaml", "events/2024.yaml", "a/new.yaml"]))
        if name in self.files and isinstance(self.files[name], dict):
            self.files[name].setdefault("events", []).append(event)
        else:
            self.files[name] = {"themes": [theme], "events": [event]}
        self.save(name)

    @rule(data=st.data())
    def break_a_file(self, data: st.DataObject) -> None:
        name = data.draw(st.sampled_from(sorted(self.files)))
        self.files[name] = data.draw(
            st.sampled_from(
                [
                    "events: [unclosed\n",
                    "events:\n  - id: x\n    bogus: 1\n",
                    "- a list\n",
                    "",
                ]
            )
        )
        self.save(name)

    @rule()
    def repair(self) -> None:
        """Back to the last valid state (as an author fixes what a check reported)."""
        if self.valid is None:
            return
        for name in set(self.files) - set(self.valid):
            (self.folder / name).unlink()
        self.files = copy.deepcopy(self.valid)
        for name in self.files:
            self.save(name)

    @invariant()
    def loads_agree(self) -> None:
        if self.folder == Path():
            return
        afresh = load(self.folder, cache=False)
        same(load(self.folder), afresh)
        if afresh.ok:
            self.valid = copy.deepcopy(self.files)


Edits.TestCase.settings = settings(
    max_examples=EXAMPLES,
    stateful_step_count=8,
    deadline=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much],
)


@pytest.fixture
def scratch(tmp_path: Path, shipped_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("FACTS_EDITS_SCRATCH", str(tmp_path))
    monkeypatch.setenv("FACTS_EDITS_SHIPPED", str(shipped_path))
    monkeypatch.setenv("FACTS_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.delenv("FACTS_NO_CACHE", raising=False)
    return tmp_path


def test_random_edits_give_what_a_full_load_gives(scratch: Path) -> None:
    Edits.TestCase().runTest()


# -- the rule at work, step by step --------------------------------------------------------------


@pytest.fixture
def split(scratch: Path, shipped_path: Path) -> Path:
    folder = scratch / "facts"
    split_shipped(shipped_path, folder)
    for file in folder.rglob("*.yaml"):
        os.utime(file, (LONG_AGO, LONG_AGO))
    return folder


def test_an_edit_reads_only_the_changed_file(split: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import tui.load.loading as loading

    assert load(split).ok
    read: list[str] = []
    original = loading.read_yaml

    def counting(path: Path, display: str):  # type: ignore[no-untyped-def]
        read.append(path.relative_to(split).as_posix())
        return original(path, display)

    monkeypatch.setattr(loading, "read_yaml", counting)
    themes = split / "themes.yaml"
    themes.write_text(
        themes.read_text(encoding="utf-8").replace("Hydrogen", "Hydrogen (H2)"), encoding="utf-8"
    )
    result = load(split)
    assert read == ["themes.yaml"]
    assert result.base is not None and result.base.stored
    same(result, load(split, cache=False))
    read.clear()
    assert load(split).ok and read == []  # and stored so


def test_a_problem_in_an_unchanged_file_is_found_and_located_exactly(split: Path) -> None:
    """A theme renamed: the events that name it, in files that did not change, are
    reported with their lines, as a full check reports them."""
    assert load(split).ok
    themes = split / "themes.yaml"
    text = themes.read_text(encoding="utf-8")
    assert "- id: health\n" in text
    themes.write_text(text.replace("- id: health\n", "- id: health-care\n"), encoding="utf-8")
    result = load(split)
    assert any("unknown theme 'health'" in str(p) for p in result.problems)
    assert any("events/" in p.path for p in result.problems)
    same(result, load(split, cache=False))
    themes.write_text(text, encoding="utf-8")  # and repaired
    same(load(split), load(split, cache=False))


def test_the_search_index_follows_an_edit(split: Path) -> None:
    from tui.search import cache_key
    from tui.search.engine import SearchIndex

    key = cache_key()
    load_with(split, {key: SearchIndex})
    events = split / "events" / "2017.yaml"
    events.write_text(
        events.read_text(encoding="utf-8").replace("Koriyama", "Koriyama-Stadt"), encoding="utf-8"
    )
    result, extras = load_with(split, {key: SearchIndex})
    assert result.base is not None and result.base.stored
    fresh = SearchIndex.build(load(split, cache=False).base)  # type: ignore[arg-type]
    for query in ("koriyama", "koriyama-stadt", "wasserstoff", "essen"):
        assert extras[key].search(query) == fresh.search(query), query


def test_check_builds_the_index_with_a_full_read_and_updates_it_after_an_edit(
    split: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """One pass: a check that reads the whole base builds the index; a check after an edit
    updates it (issue 17), so that the search after it opens the index as it is; a check
    whose store holds no index (dropped, or never built) leaves it to the first search."""
    from tui.cli import main
    from tui.search import cache_key

    assert main(["check", "--facts", str(split)]) == 0
    found = store.opened(split)
    assert found is not None and store.parts(split, found.token, cache_key()) is not None
    themes = split / "themes.yaml"
    themes.write_text(themes.read_text(encoding="utf-8") + "\n", encoding="utf-8")
    assert main(["check", "--facts", str(split)]) == 0
    found = store.opened(split)
    assert found is not None and store.parts(split, found.token, cache_key()) is not None
    store.derived_file(split, cache_key()).unlink()  # an index gone: left to the search
    themes.write_text(themes.read_text(encoding="utf-8") + "\n", encoding="utf-8")
    assert main(["check", "--facts", str(split)]) == 0
    found = store.opened(split)
    assert found is not None and store.parts(split, found.token, cache_key()) is None
    assert main(["search", "koriyama", "--facts", str(split)]) == 0
    assert store.parts(split, found.token, cache_key()) is not None
    capsys.readouterr()


@pytest.fixture
def generated(scratch: Path) -> Path:
    """A generated base of 300 events (more than a summary lists one by one)."""
    import subprocess
    import sys

    folder = scratch / "generated"
    subprocess.run(
        [
            sys.executable,
            str(ROOT / "benchmarks" / "generate.py"),
            "--events",
            "300",
            "--seed",
            "3",
            "--out",
            str(folder),
        ],
        check=True,
        capture_output=True,
    )
    for file in folder.rglob("*.yaml"):
        os.utime(file, (LONG_AGO, LONG_AGO))
    return folder


def test_a_summary_of_a_stored_base_reads_only_what_it_prints(
    generated: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    from tui.cli import main
    from tui.store.reader import _Entities

    split = generated
    argv = ["summary", "--facts", str(split), "--top", "3"]
    assert main(argv) == 0
    expected = capsys.readouterr().out
    decoded: list[str] = []
    keep = _Entities._keep

    def counting(self: _Entities, row: int, entity: Any) -> Any:
        decoded.append(entity.id)
        return keep(self, row, entity)

    monkeypatch.setattr(_Entities, "_keep", counting)
    assert main(argv) == 0
    assert capsys.readouterr().out == expected
    base = load(split).base
    assert base is not None and base.stored
    assert 0 < len(set(decoded)) < len(base.events) / 4  # the named ones, not every event
    monkeypatch.setenv("FACTS_NO_CACHE", "1")
    assert main(argv) == 0
    assert capsys.readouterr().out == expected  # as from the fact files


def test_positions_are_read_in_one_query(split: Path) -> None:
    assert load(split).ok
    base = load(split).base
    assert isinstance(base, FactBase) and base.stored
    queries: list[str] = []
    base.db.raw.set_trace_callback(queries.append)  # type: ignore[attr-defined]
    positions = base.event_positions
    assert len(positions) == len(base.events)
    for event_id in list(positions)[:50]:
        positions.get(event_id)
    assert len([q for q in queries if "SELECT" in q]) == 1


def test_the_stored_tally_tells_stated_from_inferred_as_the_entities_do(
    split: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The summary's "Only inferred" contacts and "(inferred)" partners come from the tally
    (stored with the base): they are what tui.meetings and tui.sides work out over the
    events and participants themselves, and what a read of the fact files gives."""
    from tui.meetings import connections, stated_present
    from tui.sides import Sides
    from tui.tally import Tally

    assert load(split).ok
    stored = load(split).base
    assert stored is not None and stored.stored
    tally = stored.tally()
    events = stored.events
    assert dict(tally.inferred_only) == dict(connections(events).inferred_only)
    assert tally.inferred_only  # the shipped base has contacts met only as inferred
    sides = Sides(stored)
    own_of: dict[str, set[str]] = {}
    for participant in stored.participants:
        for city in sides.of(participant.id):
            own_of.setdefault(city, set()).add(participant.id)
    expected = {}
    for city, own in own_of.items():
        theirs = [e for e in events if own & {p.participant for p in e.participants}]
        met = {p.participant for e in theirs for p in e.participants} - own
        sure = {
            other
            for e in theirs
            if not own.isdisjoint(stated_present(e))
            for other in stated_present(e)
        } - own
        if met:
            expected[city] = (met, sure)
    found = {city: ({p for p, _ in partners}, set(sure)) for city, partners, sure in tally.partners}
    assert found == expected
    assert any(met - sure for met, sure in found.values())  # some partner is inferred only
    assert Tally.from_parts(tally.parts()) == tally
    monkeypatch.setenv("FACTS_NO_CACHE", "1")
    afresh = load(split).base
    assert afresh is not None and not afresh.stored
    assert afresh.tally() == tally


def test_an_undated_part_in_another_file_moves_with_its_trip(split: Path) -> None:
    """The trip of 2017 dated anew (in its own file): its undated parts, in a file left
    alone, move with it in the timeline and in the backlinks by date of what they name
    (the themes the 2025 events name too), as a full load orders them."""
    assert load(split).ok
    data = yaml.safe_load((split / "events" / "2017.yaml").read_text(encoding="utf-8"))
    trip = data["events"][0]
    assert trip["id"] == "essen-japan-trip-2017"
    for key in ("date", "start", "end"):
        trip.pop(key, None)
    trip["date"] = "2031-01-01"
    write(split, "events/2017.yaml", data)
    result = load(split)
    afresh = load(split, cache=False)
    same(result, afresh)
    assert afresh.base is not None
    later = afresh.base.backlinks.events["location-marketing"]
    assert later.index("nrw-japan-fireside-talk-2017") > later.index("duesseldorf-japan-trip-2025")


def test_an_event_added_in_the_middle_of_a_file_changes_only_its_own_rows(
    split: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """An event added among the others of a file: the backlinks written again are those of
    what it names, not of everything its file names; the result is a full load's."""
    import tui.store.writer as writer

    assert load(split).ok
    wanted: list[set[str] | None] = []
    original = writer._derived

    def spy(connection: Any, files: Any, wanted_ids: Any, *rest: Any) -> None:
        wanted.append(None if wanted_ids is None else set(wanted_ids))
        original(connection, files, wanted_ids, *rest)

    monkeypatch.setattr(writer, "_derived", spy)
    import tui.load.loading as loading

    checked_whole: list[int] = []
    whole = loading._problems

    def counting(*args: Any) -> Any:
        checked_whole.append(1)
        return whole(*args)

    monkeypatch.setattr(loading, "_problems", counting)
    events = split / "events" / "2025.yaml"
    data = yaml.safe_load(events.read_text(encoding="utf-8"))
    added = {
        "id": "added-in-the-middle",
        "name": {"en": "Added in the middle"},
        "kind": "meeting",
        "date": "2025-06-17",
        "themes": ["open-ran"],
        "sources": [data["events"][0]["sources"][0]],
    }
    data["events"].insert(2, added)
    write(split, "events/2025.yaml", data)
    result = load(split)
    assert checked_whole == []  # the checks across files over the stored id tables only
    assert wanted == [{"open-ran", added["sources"][0]}]
    same(result, load(split, cache=False))
    data["events"][2]["themes"] = ["no-such-theme"]
    write(split, "events/2025.yaml", data)
    checked_whole.clear()
    result = load(split)
    assert checked_whole == [1]  # a problem: found and located by the checks over every file
    assert [str(p) for p in result.problems] == [
        f"{split / 'events' / '2025.yaml'}:{p.line}:{p.column}: unknown theme 'no-such-theme'"
        for p in result.problems
    ]
    same(result, load(split, cache=False))
