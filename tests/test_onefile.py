"""One fact file of a revision read on its own (tui.load.onefile, what `facts diff` and
`facts log` use): the same entities as the loader, and the checks of the file alone,
duplicate ids inside it included."""

from __future__ import annotations

from pathlib import Path

from tui.load import load
from tui.load.onefile import read_entities, read_entity
from tui.load.problems import Problem

_TWICE = """\
places:
  - id: essen
    name: {en: Essen}
    kind: city
    sources: [press]
  - id: essen
    name: {en: Essen again}
    kind: city
  - id: koriyama
    name: {en: Koriyama}
    kind: city
    part_of: nowhere
    sources: [press]
"""


def test_each_shipped_file_read_alone_gives_the_loaders_entities(shipped_path: Path) -> None:
    base = load(shipped_path, cache=False).base
    assert base is not None
    for path in sorted(shipped_path.glob("*.yaml")):
        entities, problems = read_entities(path.read_text(encoding="utf-8"), f"HEAD:{path.name}")
        assert problems == []
        assert entities
        for collection, entity in entities:
            assert base.get(entity.id) == entity
            assert entity in base.collection(collection)


def test_a_duplicate_id_in_the_file_is_located_with_where_it_was_first_defined() -> None:
    entities, problems = read_entities(_TWICE, "HEAD~1:facts/places.yaml")
    assert entities is None
    assert problems == [
        Problem(
            "HEAD~1:facts/places.yaml", 6, 5, "missing required field 'sources' in place 'essen'"
        ),
        Problem(
            "HEAD~1:facts/places.yaml",
            6,
            9,
            "duplicate id 'essen' (first defined at HEAD~1:facts/places.yaml:2:9)",
        ),
    ]


def test_links_to_other_files_are_not_checked_for_one_entity() -> None:
    found, problems = read_entity(_TWICE, "koriyama", "HEAD:facts/places.yaml")
    assert problems == []
    assert found is not None
    collection, entity = found
    assert (collection, entity.id, entity.part_of) == ("places", "koriyama", "nowhere")
