"""Where an entity is written (tui.locate): the line and column of its `- id:` line and of
each field, the same as the loader's own locator says for every entity of the shipped base,
and right where the quick way (the entity's own lines) cannot be trusted."""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest

from tui.load import fact_files
from tui.load.onefile import read_entities, read_entity
from tui.load.yamlread import decode, locate
from tui.locate import Position, locate_entity, may_define
from tui.schema import COLLECTIONS


def write(folder: Path, name: str, text: str) -> Path:
    path = folder / name
    path.write_text(textwrap.dedent(text), encoding="utf-8", newline="")
    return path


def test_every_entity_of_the_shipped_base(shipped_path: Path) -> None:
    """For each entity: its place, and each field's, is where the loader's located-node
    walk (the one `facts check` points with) finds them."""
    files = fact_files(shipped_path)
    checked = 0
    for path in files:
        text = decode(path.read_bytes(), str(path))[0]
        assert text is not None
        entities, problems = read_entities(text, str(path))
        assert problems == [] and entities is not None
        index_in: dict[str, int] = {}
        for collection, entity in entities:
            index = index_in[collection] = index_in.get(collection, -1) + 1
            written = locate_entity(entity.id, files)
            assert written is not None, entity.id
            assert written.path == path and written.collection == collection
            assert (written.at.line, written.at.column) == locate(text, (collection, index), False)
            assert text.splitlines()[written.at.line - 1].lstrip(" -").startswith("id:")
            for field, place in written.fields.items():
                assert (place.line, place.column) == locate(
                    text, (collection, index, field), True
                ), (entity.id, field)
            assert "id" in written.fields
            assert "name" in written.fields or "title" in written.fields
            checked += 1
    assert checked > 100


def test_the_quick_way_is_checked(tmp_path: Path) -> None:
    """Where the entity's own lines mislead — its `- id:` line also written inside a block
    of text, flow style, an alias to an anchor before it, Windows line ends — the whole file
    is composed and the answer is still the entity itself."""
    write(
        tmp_path,
        "a.yaml",
        """\
        sources:
          - id: s
            title: S
            language: en
            note: |
              An example of a fact file:
              - id: trip
                name: Not this one
        events:
          - &base {id: other, name: Other, kind: visit, sources: [s]}
          - {id: flow, name: Flow, kind: visit, sources: [s]}
          - id: trip
            name: Trip
            kind: delegation-trip
            sources: [s]
        """,
    )
    files = [tmp_path / "a.yaml"]
    trip = locate_entity("trip", files)
    assert trip is not None
    assert (trip.at.line, trip.at.column, trip.collection) == (12, 5, "events")
    assert trip.fields["kind"] == Position(files[0], 14, 5)
    flow = locate_entity("flow", files)
    assert flow is not None and (flow.at.line, flow.at.column) == (11, 5)
    assert list(flow.fields) == ["id", "name", "kind", "sources"]
    crlf = write(
        tmp_path,
        "b.yaml",
        "places:\r\n  - id: here\r\n    name: Here\r\n    kind: city\r\n    sources: [s]\r\n",
    )
    here = locate_entity("here", [crlf])
    assert here is not None and here.fields["kind"] == Position(crlf, 4, 5)


def test_an_alias_from_before(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        "a.yaml",
        """\
        themes:
          - id: energy
            name: &name {de: Energie, en: Energy}
            sources: [s]
          - id: power
            name: *name
            sources: [s]
        """,
    )
    power = locate_entity("power", [path])
    assert power is not None and power.at == Position(path, 5, 5)
    text = path.read_text(encoding="utf-8")
    found, problems = read_entity(text, "power", "a.yaml")
    assert problems == [] and found is not None
    assert found[1].name.get("de") == "Energie"


def test_a_file_with_a_syntax_error_elsewhere(tmp_path: Path) -> None:
    """The file a person is about to repair: the entity's line is still found."""
    path = write(
        tmp_path,
        "a.yaml",
        """\
        events:
          - id: good
            name: Good
            kind: visit
            sources: [s]
          - id: bad
            name: [unclosed
        """,
    )
    good = locate_entity("good", [path])
    assert good is not None and good.at.line == 2 and "kind" in good.fields
    bad = locate_entity("bad", [path])
    assert bad is not None and (bad.at.line, bad.at.column) == (6, 5)


def test_the_file_a_store_knows_is_read_first_and_alone(tmp_path: Path) -> None:
    first = write(tmp_path, "a.yaml", "places:\n  - {id: x, name: X, kind: city, sources: [s]}\n")
    second = write(tmp_path, "b.yaml", "places:\n  - id: y\n    name: Y\n")
    assert locate_entity("y", [first, second], known=second).path == second  # type: ignore[union-attr]
    first.write_bytes(b"\xff\xfe not readable as UTF-8 \x00")
    # a wrong hint costs a look at the other files, nothing more
    assert locate_entity("y", [first, second], known=first).path == second  # type: ignore[union-attr]
    assert locate_entity("nowhere", [first, second]) is None


@pytest.mark.parametrize("collection", list(COLLECTIONS))
def test_read_entity_equals_the_whole_files_entity(shipped_path: Path, collection: str) -> None:
    """Reading one entity from its own lines gives the value a whole parse gives."""
    path = shipped_path / f"{collection}.yaml"
    text = path.read_text(encoding="utf-8")
    entities, _ = read_entities(text, str(path))
    assert entities
    for name, entity in entities:
        found, problems = read_entity(text, entity.id, str(path))
        assert problems == []
        assert found == (name, entity)


def test_read_entity_reports_the_entitys_own_problems(tmp_path: Path) -> None:
    text = textwrap.dedent("""\
        events:
          - id: a
            name: A
            kind: visit
            sources: [s]
          - id: b
            name: B
            kind: visit
            dat: "2017"
            sources: [s]
        """)
    assert read_entity(text, "a", "HEAD:e.yaml")[1] == []
    found, problems = read_entity(text, "b", "HEAD:e.yaml")
    assert found is None
    assert [str(p) for p in problems] == [
        "HEAD:e.yaml:9:5: unknown field 'dat' in event; did you mean 'date'?"
    ]


@pytest.mark.parametrize(
    ("text", "defines"),
    [
        ("  - id: sendai\n", True),
        ("  - {id: sendai, name: Sendai}\n", True),
        ('{"id":"sendai"}', True),
        ("  - id:\n      sendai\n", True),
        ("  - id: &here sendai\n", True),
        ('  - id: "send\\x61i"\n', True),  # an escape: only a parse can tell
        ("    place: sendai\n    part_of: [sendai]\n", False),
        ("  - id: sendai-congress-centre\n", False),
        ("    grid: sendai\n", False),
    ],
)
def test_which_files_may_define_an_id(text: str, defines: bool) -> None:
    """The files that only link to an entity are never composed whole in search of it
    (following a place through the history of a 100 000-event base would compose every
    version of every events file)."""
    assert may_define(text, "sendai") is defines
