"""Entities compared by value (tui.entitydiff): no way of writing the same facts is a
change, and a change of one field is that field's change alone."""

from __future__ import annotations

import random
from pathlib import Path
from typing import Any

import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from tui.entitydiff import Placed, compare
from tui.load.onefile import read_entities
from tui.load.yamlread import parse_text
from tui.schema import COLLECTIONS

SHIPPED = Path(__file__).resolve().parent.parent / "facts"


def _placed(text: str, name: str) -> dict[str, Placed]:
    entities, problems = read_entities(text, name)
    assert problems == [] and entities is not None
    return {e.id: Placed(c, e, name, i) for i, (c, e) in enumerate(entities)}


def _shuffled(value: Any, rng: random.Random) -> Any:
    """The same data with every mapping's keys in another order (lists keep theirs)."""
    if isinstance(value, dict):
        items = list(value.items())
        rng.shuffle(items)
        return {key: _shuffled(item, rng) for key, item in items}
    if isinstance(value, list):
        return [_shuffled(item, rng) for item in value]
    return value


@settings(max_examples=25, deadline=None)
@given(
    name=st.sampled_from([f"{c}.yaml" for c in COLLECTIONS]),
    flow=st.sampled_from([None, True, False]),
    width=st.integers(20, 200),
    seed=st.integers(0, 2**32 - 1),
)
def test_rewriting_a_file_changes_no_entity(
    name: str, flow: bool | None, width: int, seed: int
) -> None:
    """The shipped files written anew by another YAML writer — another flow style, line
    width and order of keys, no comments — hold the same entities."""
    text = (SHIPPED / name).read_text(encoding="utf-8")
    data, problems = parse_text(text, name)
    assert problems == []
    rewritten = yaml.safe_dump(
        _shuffled(data, random.Random(seed)),
        allow_unicode=True,
        default_flow_style=flow,
        width=width,
        sort_keys=False,
    )
    assert rewritten != text
    diff = compare(_placed(text, name), _placed(rewritten, name))
    assert not diff, [c.fields for c in diff]


@settings(max_examples=25, deadline=None)
@given(index=st.integers(0, 10_000), day=st.integers(1, 28))
def test_one_changed_date_is_one_change(index: int, day: int) -> None:
    text = (SHIPPED / "events.yaml").read_text(encoding="utf-8")
    data, _ = parse_text(text, "events.yaml")
    dated = [e for e in data["events"] if "date" in e and len(e["date"]) == 10]
    event = dated[index % len(dated)]
    new = f"{event['date'][:8]}{day:02d}"
    event["date"] = new
    before = _placed(text, "events.yaml")
    diff = compare(before, _placed(yaml.safe_dump(data, allow_unicode=True), "events.yaml"))
    old = before[event["id"]].entity.date.iso()  # type: ignore[union-attr]
    if new == old:
        assert not diff
        return
    (changed,) = diff.changed
    assert (changed.entity_id, diff.added, diff.removed) == (event["id"], (), ())
    assert [(f.field, f.before, f.after, f.words) for f in changed.fields] == [
        ("date", old, new, (f"date {old} → {new}",))
    ]
