"""The shipped fact base: valid, sourced, and its JSON Schema current."""

from __future__ import annotations

from pathlib import Path

from tui.jsonschema import json_schema_text
from tui.model import FactBase, Source


def test_every_entity_has_a_source(shipped_base: FactBase) -> None:
    unsourced = [e.id for e in shipped_base if not isinstance(e, Source) and not e.sources]
    assert unsourced == []


def test_every_source_is_cited(shipped_base: FactBase) -> None:
    assert [s.id for s in shipped_base.sources if not shipped_base.cited_by(s.id)] == []


def test_the_json_schema_file_is_current(shipped_path: Path) -> None:
    """facts/schema.json is generated: `facts schema > facts/schema.json` after schema edits."""
    assert (shipped_path / "schema.json").read_text(encoding="utf-8") == json_schema_text()
