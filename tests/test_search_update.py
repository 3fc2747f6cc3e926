"""The search index follows an edit: an updated index answers every query exactly as an
index freshly built from the new base (same hits in the same order, scores, snippets,
totals, notes and did-you-means), and the parts an edit does not touch are not written
again.

The rule for all inputs (a property test): after any sequence of edits, additions,
deletions, reorderings and renames of entities and of fact files, the index the loader
hands over (updated from the one stored before, never built again from the whole base,
though entities were added, removed or moved: document numbers stay put) and the index it
stored (opened by the next load) answer a set of queries — words, prefixes, typos, phrases,
Japanese, every filter, with names in English and in Japanese — exactly as
`SearchIndex.build` of the same base read afresh; and an update writes exactly the parts
whose bytes differ.
"""

from __future__ import annotations

import copy
from pathlib import Path
from typing import Any
from unittest.mock import patch

import pytest
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import invariant, rule

import tui.search.build as search_build
import tui.search.store as search_store
import tui.search.tables as search_tables
import tui.search.update as search_update
from tests.test_search_store import answers
from tests.test_store_incremental import EXAMPLES, Edits, write
from tui import store
from tui.load import load, load_with
from tui.search import cache_key
from tui.search.engine import SearchIndex

QUERIES = [
    # words of the shipped base and of the edits, folded spellings, prefixes, compounds
    "Düsseldorf",
    "duesseldorf",
    "kuf",
    "wasserst",
    "stoff",
    "essen koriyama",
    "2017",
    "delegation",
    "zebra",
    "ärger",
    "aerger",
    "visit",
    "added",
    "renamed",
    "edited",
    "k",
    "z",
    # typos and did-you-means
    "zebar talks",
    "fukushma",
    "kufne",
    "editde",
    "xyzzy",
    # phrases
    '"zebra talks"',
    '"memorandum of understanding"',
    '"added theme',
    # Japanese
    "東京",
    "郡山",
    "東",
    # every filter
    "kind:event",
    "kind:meeting",
    "kind:signing essen",
    "theme:hydrogen",
    "theme:added",
    "year:2017",
    "year:2024",
    "year:2031 zebra",
    "participant:kufen",
    "participant:tanaka 2017",
    "basis:inferred",
    "basis:stated kind:theme",
]


def asked(index: SearchIndex) -> list[Any]:
    """Each query with the names in English and in Japanese (`answers`)."""
    return answers(index, QUERIES, limit=20, typed=False)


class Rebuilds:
    """Why each update of a load built the index afresh (`update.Afresh`), if it did."""

    def __init__(self) -> None:
        self.reasons: list[str] = []
        self.real = search_update.parts_changed

    def __call__(self, *args: Any) -> Any:
        try:
            return self.real(*args)
        except search_update.Afresh as why:
            self.reasons.append(str(why))
            raise


class IndexEdits(Edits):
    """The store's random edits, and names of linked things renamed (a linked name is in
    the index of every entity that links to it)."""

    indexed = False
    """A valid base (and its index) has been stored: from then on, an edit updates it."""

    @rule(data=st.data())
    def rename_a_linked_thing(self, data: st.DataObject) -> None:
        kind = data.draw(st.sampled_from(["themes", "places", "participants", "sources"]))
        entries = [e for e in self.entries() if e[1] == kind]
        if not entries:
            return
        name, collection, at = data.draw(st.sampled_from(entries))
        item = self.files[name][collection][at]
        if kind == "sources":
            item["title"] = data.draw(st.sampled_from(["Edited report", "東京 report"]))
        else:
            item["name"] = data.draw(
                st.sampled_from(
                    [{"en": "Edited zebra"}, {"en": "Ärger", "ja": "東京都"}, "Added renamed"]
                )
            )
        self.save(name)

    @rule(data=st.data())
    def describe_an_entry(self, data: st.DataObject) -> None:
        entries = [e for e in self.entries() if e[1] != "sources"]
        if not entries:
            return
        name, collection, at = data.draw(st.sampled_from(entries))
        item = self.files[name][collection][at]
        item["description"] = data.draw(
            st.sampled_from(["Zebra talks, edited.", "Ein Ärger in Tokio", "東京で会議"])
        )
        self.save(name)

    @rule(data=st.data())
    def add_an_event(self, data: st.DataObject) -> None:
        """The users' most common edit: one more event in an events file, dated anywhere
        (into the middle of the timeline, or before every other)."""
        files = [n for n, d in self.files.items() if isinstance(d, dict) and "events" in d]
        if not files:
            return
        name = data.draw(st.sampled_from(sorted(files)))
        number = self.counter
        event = {
            "id": f"new-event-{number}",
            "name": {"en": f"Zebra meeting {number}", "ja": "東京会議"},
            "kind": data.draw(st.sampled_from(["meeting", "signing", "zebra"])),
            "date": data.draw(st.sampled_from(["2017-10-02", "2025-01", "1990", "2031-01-01"])),
            "themes": data.draw(st.lists(st.sampled_from(self.ids("themes") or ["x"]), max_size=2)),
            "description": {"en": "Added talks on hydrogen", "de": "Gespräche über Wasserstoff"},
            "sources": self.ids("sources")[:1] or ["no-such-source"],
        }
        events = self.files[name]["events"]
        events.insert(data.draw(st.integers(0, len(events))), event)
        self.save(name)

    @rule(data=st.data())
    def remove_an_entry(self, data: st.DataObject) -> None:
        entries = [e for e in self.entries() if e[1] in ("events", "themes", "participants")]
        if not entries:
            return
        name, collection, at = data.draw(st.sampled_from(entries))
        del self.files[name][collection][at]
        self.save(name)

    @rule(data=st.data())
    def reorder_a_file(self, data: st.DataObject) -> None:
        """Entries swapped in their file: the order of equal scores of themes, participants,
        places and sources is the files' order."""
        entries = [e for e in self.entries() if len(self.files[e[0]][e[1]]) > 1]
        if not entries:
            return
        name, collection, at = data.draw(st.sampled_from(entries))
        items = self.files[name][collection]
        other = data.draw(st.integers(0, len(items) - 1))
        items[at], items[other] = items[other], items[at]
        self.save(name)

    @invariant()
    def loads_agree(self) -> None:
        if self.folder == Path():
            return
        afresh = load(self.folder, cache=False)
        key = cache_key()
        stored_before = stored_parts(self.folder, missing_ok=True)
        rebuilds = Rebuilds()
        written: list[dict[str, bytes | None]] = []
        real_write = store.write_parts_over

        def spying(*args: Any, **kwargs: Any) -> bool:
            written.append(dict(args[-1]))
            return real_write(*args, **kwargs)

        with (
            patch.object(search_update, "parts_changed", rebuilds),
            patch.object(store, "write_parts_over", spying),
        ):
            loaded, extras = load_with(self.folder, {key: SearchIndex})
        assert [str(p) for p in loaded.problems] == [str(p) for p in afresh.problems]
        if afresh.base is None:
            return
        assert loaded.base is not None
        if self.indexed:
            # an update, never a build: entities added, removed or moved keep the numbers
            # of the others (a vocabulary crowded into one part is laid out afresh)
            assert set(rebuilds.reasons) <= {"crowded"}, rebuilds.reasons
        if written:  # only the parts whose bytes differ are written
            assert stored_before is not None
            after = stored_parts(self.folder)
            differ = {part for part in after if stored_before.get(part) != after[part]}
            differ |= set(stored_before) - set(after)
            assert set(written[0]) == differ
        self.indexed = True
        self.valid = copy.deepcopy(self.files)
        expected = asked(SearchIndex.build(afresh.base))
        assert asked(extras[key]) == expected
        _, stored = load_with(self.folder, {key: SearchIndex})  # opened from the store
        assert asked(stored[key]) == expected


IndexEdits.TestCase.settings = settings(
    max_examples=max(5, EXAMPLES // 2),  # each step compares 40 queries, twice
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


@pytest.fixture
def small_layout(monkeypatch: pytest.MonkeyPatch) -> None:
    """Parts and blocks of a few words each, so that the shipped base spans many of them
    (and an edit moves words across their edges)."""
    monkeypatch.setattr(search_store, "WORDS_PER_PART", 16)
    monkeypatch.setattr(search_store, "DOCS_PER_PART", 8)
    monkeypatch.setattr(search_store, "BLOCKS_PER_PART", 2)
    monkeypatch.setattr(search_store, "NAMES_PER_PART", 8)
    monkeypatch.setattr(search_tables, "BLOCK", 4)
    monkeypatch.setattr(search_tables, "SUPER", 8)
    # common words (their documents a bit set) from a handful of documents on, as in a big
    # base: an update patches bit sets and turns lists into them and back
    monkeypatch.setattr(search_build, "heavy_from", common_from)
    monkeypatch.setattr(search_update, "heavy_from", common_from)


def common_from(size: int) -> int:
    return 3


def test_random_edits_update_the_index_to_what_a_build_gives(
    scratch: Path, small_layout: None
) -> None:
    IndexEdits.TestCase().runTest()


# -- only what changed is written ---------------------------------------------------------------


def stored_parts(folder: Path, *, missing_ok: bool = False) -> dict[str, bytes] | None:
    """Every part of the stored index of `folder`, as stored."""
    opened = store.opened(folder)
    if opened is None and missing_ok:
        return None
    assert opened is not None
    read = store.parts(folder, opened.token, cache_key())
    if read is None and missing_ok:
        opened.close()
        return None
    assert read is not None
    names = search_store.part_names(search_store.Parts(read))
    found = {name: read(name) for name in names}
    opened.close()
    return {name: data for name, data in found.items() if data is not None}


def test_an_edit_rewrites_only_the_parts_it_changes(
    scratch: Path, shipped_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = scratch / "facts"
    from tests.test_store_incremental import split_shipped

    files = split_shipped(shipped_path, folder)
    key = cache_key()
    load_with(folder, {key: SearchIndex})
    before = stored_parts(folder)
    written: list[dict[str, bytes | None]] = []
    real = store.write_parts_over

    def spying(*args: Any, **kwargs: Any) -> bool:
        written.append(dict(args[-1]))
        return real(*args, **kwargs)

    monkeypatch.setattr(store, "write_parts_over", spying)
    name = next(n for n, data in files.items() if "themes" in data)
    theme = files[name]["themes"][0]
    theme["description"] = {"en": "Cooperation described anew, with zebras"}
    write(folder, name, files[name])
    loaded, extras = load_with(folder, {key: SearchIndex})
    assert loaded.ok
    after = stored_parts(folder)
    changed = {part for part in after if before.get(part) != after[part]}
    changed |= set(before) - set(after)
    assert len(written) == 1
    # exactly the parts whose bytes differ were written (and far from all of them)
    assert set(written[0]) == changed
    assert 0 < len(changed) < len(after) // 4
    afresh = load(folder, cache=False).base
    assert afresh is not None
    assert asked(extras[key]) == asked(SearchIndex.build(afresh))


def test_check_after_an_edit_updates_the_index_in_the_same_pass(
    scratch: Path, shipped_path: Path
) -> None:
    """`facts check` after an edit leaves an index the next search opens as it is."""
    from tests.test_store_incremental import split_shipped
    from tui.cli import main

    folder = scratch / "facts"
    files = split_shipped(shipped_path, folder)
    assert main(["check", "--facts", str(folder)]) == 0
    name = next(n for n, data in files.items() if "themes" in data)
    files[name]["themes"][0]["name"] = {"en": "Zebra cooperation"}
    write(folder, name, files[name])
    assert main(["check", "--facts", str(folder)]) == 0
    opened = store.opened(folder)
    assert opened is not None
    assert store.parts(folder, opened.token, cache_key()) is not None
    opened.close()
