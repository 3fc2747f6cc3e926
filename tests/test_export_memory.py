"""An export of a stored base holds a bounded number of decoded entities, whatever the
size of the base (issue 17: memory bounded by the largest entity, not by the base), and
writes the same bytes as an export of the base in memory.  Markdown and HTML walk without
the bound (`tui.render.formats.PAGED`: a participant's page reads its events again), but
their theme and place pages list their events from what the events' own pages kept
(`tui.render.entity.Listed`) instead of decoding them again."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from conftest import generated_base

from tui.load import load
from tui.meetings import TripTables
from tui.model import FactBase
from tui.order import EventOrder
from tui.render.document import chosen_ids
from tui.render.entity import EntityPage
from tui.render.formats import PAGED, export, export_text
from tui.store import reader
from tui.store.reader import StoredBase

BOUND = 40
"""Far below the generated base's entities, so that the bound is what holds them."""


@pytest.fixture(scope="module")
def bases(tmp_path_factory: pytest.TempPathFactory) -> tuple[FactBase, Path]:
    folder = tmp_path_factory.mktemp("generated") / "base"
    return generated_base(folder, 300), folder


def _stored(folder: Path, cache: Path, monkeypatch: pytest.MonkeyPatch) -> StoredBase:
    monkeypatch.setenv("FACTS_CACHE_DIR", str(cache))
    assert load(folder).base is not None  # writes the store
    base = load(folder).base
    assert isinstance(base, StoredBase)
    return base


class _Watching(io.StringIO):
    """An output that notes how many entities the base holds at every write."""

    def __init__(self, base: StoredBase) -> None:
        super().__init__(newline="")
        self.base = base
        self.most = 0
        self.writes = 0

    def write(self, text: str) -> int:
        self.most = max(self.most, self.base.held())
        self.writes += 1
        return super().write(text)


@pytest.mark.parametrize("fmt", ["json"])
def test_an_export_holds_a_bounded_number_of_entities_and_writes_the_same_bytes(
    bases: tuple[FactBase, Path], tmp_path: Path, monkeypatch: pytest.MonkeyPatch, fmt: str
) -> None:
    memory, folder = bases
    monkeypatch.setattr(StoredBase, "WALK_BOUND", BOUND)
    monkeypatch.setattr(TripTables, "_TRIPS", 5)
    stored = _stored(folder, tmp_path / "cache", monkeypatch)
    entities = len(memory)
    assert entities > 20 * BOUND

    most = 0
    keep = reader._Entities._keep

    def keeping(self: reader._Entities, row: int | None, entity: object) -> object:
        nonlocal most
        found = keep(self, row, entity)  # type: ignore[arg-type]
        most = max(most, self.held())
        return found

    monkeypatch.setattr(reader._Entities, "_keep", keeping)
    out = _Watching(stored)
    export(fmt, stored, out)
    assert out.writes > 100  # written a page (a JSON entity) at a time
    assert most <= 2 * BOUND  # at any moment: two generations of the bound at most
    assert out.most <= 2 * BOUND

    whole = io.StringIO(newline="")
    export(fmt, memory, whole)
    assert out.getvalue() == whole.getvalue()


@pytest.mark.parametrize("fmt", PAGED)
def test_a_paged_export_of_a_stored_base_writes_the_same_bytes_as_from_memory(
    bases: tuple[FactBase, Path], tmp_path: Path, monkeypatch: pytest.MonkeyPatch, fmt: str
) -> None:
    memory, folder = bases
    stored = _stored(folder, tmp_path / "cache", monkeypatch)
    out = io.StringIO(newline="")
    export(fmt, stored, out)
    whole = io.StringIO(newline="")
    export(fmt, memory, whole)
    assert out.getvalue() == whole.getvalue()
    assert out.getvalue().count("\n") > 1000


def test_after_an_export_a_stored_base_keeps_what_it_decodes_again(
    bases: tuple[FactBase, Path], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The bound is for the walk only: the browser relies on finding what it read."""
    _memory, folder = bases
    monkeypatch.setattr(StoredBase, "WALK_BOUND", BOUND)
    stored = _stored(folder, tmp_path / "cache", monkeypatch)
    export("json", stored, io.StringIO())
    assert stored.held() <= 2 * BOUND
    events = list(stored.events)
    assert stored.held() >= len(events)
    assert all(stored.get(event.id) is event for event in events)  # one object each


def test_a_stored_base_orders_a_document_as_the_base_in_memory_without_decoding(
    bases: tuple[FactBase, Path], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The document's order comes from the facts the store keeps of each file: the one
    event order (`EventOrder`), then the other kinds in file order, and no entity is
    decoded for it."""
    memory, folder = bases
    stored = _stored(folder, tmp_path / "cache", monkeypatch)
    assert stored.held() == 0
    order = chosen_ids(stored, None)
    assert stored.held() == 0  # nothing decoded
    assert order == chosen_ids(memory, None)
    events = EventOrder(memory)(memory.events)
    assert stored.events_in_order() == [e.id for e in events]
    assert [i for kind, i in order if kind == "event"] == [e.id for e in events]
    some = [events[5].id, memory.themes[0].id, events[1].id, memory.sources[0].id]
    assert (
        chosen_ids(stored, some)
        == chosen_ids(memory, some)
        == [
            ("event", events[1].id),
            ("event", events[5].id),
            ("theme", memory.themes[0].id),
            ("source", memory.sources[0].id),
        ]
    )


def test_a_json_export_under_the_bound_decodes_each_entity_twice_at_most(
    bases: tuple[FactBase, Path], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """JSON names each entity it refers to once per export (`References`): under a bound
    far below the base, the events a theme or a place names (thousands, at 100 000 events)
    are not decoded again for each mention, only for their own entry and their name."""
    memory, folder = bases
    monkeypatch.setattr(StoredBase, "WALK_BOUND", BOUND)
    stored = _stored(folder, tmp_path / "cache", monkeypatch)
    decoded: list[str] = []
    entity = reader._entity

    def decoding(data: bytes | None) -> object:
        found = entity(data)
        decoded.append(found.id)
        return found

    monkeypatch.setattr(reader, "_entity", decoding)
    export("json", stored, io.StringIO(newline=""))
    mentions = sum(len(memory.event_ids_of(e.id)) for e in [*memory.themes, *memory.places])
    assert mentions > 2 * len(memory.events)
    assert len(decoded) <= 2 * len(memory)


def test_markdown_theme_and_place_pages_under_the_bound_decode_no_event(
    bases: tuple[FactBase, Path], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A theme's or a place's page lists its events from what the events' own pages kept
    (`Listed`): under a bound far below the base, building those pages decodes no event."""
    memory, folder = bases
    monkeypatch.setattr(StoredBase, "WALK_BOUND", BOUND)
    stored = _stored(folder, tmp_path / "cache", monkeypatch)
    building = [""]
    during: list[str] = []
    entity = reader._entity

    def decoding(data: bytes | None) -> object:
        found = entity(data)
        if building[0] and found.entity_type == "event":
            during.append(found.id)
        return found

    def watched(name: str) -> object:
        builder = getattr(EntityPage, name)

        def build(self: EntityPage, entity: object) -> object:
            building[0] = name
            try:
                return builder(self, entity)
            finally:
                building[0] = ""

        return build

    monkeypatch.setattr(reader, "_entity", decoding)
    for name in ("theme", "place"):
        monkeypatch.setattr(EntityPage, name, watched(name))
    out = io.StringIO(newline="")
    export("markdown", stored, out)
    assert during == []
    assert out.getvalue() == export_text("markdown", memory)
