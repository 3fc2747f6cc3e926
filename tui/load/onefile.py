"""One fact file's text to entities, on its own: what `facts diff` and `facts log` read of a
revision git holds, where the rest of the base is not read at all.

The text is checked as the loader checks a file (syntax, the schema, every value, duplicate
ids inside it); the links to other files cannot be checked without them, and are not: that
is `facts check`'s work on the working tree.  Problems are located like the loader's, under
the name the caller gives the text (`HEAD~1:facts/events.yaml`).
"""

from __future__ import annotations

from typing import Any

import yaml

from tui.collector import collector_paused
from tui.i18n import _
from tui.load.problems import Problem
from tui.load.validate import Validator, _DuplicateId
from tui.load.yamlread import locate, parse_text
from tui.locate import find_entity
from tui.model import AnyEntity
from tui.schema import COLLECTIONS

__all__ = ["read_entities", "read_entity"]


def read_entities(
    text: str, display: str
) -> tuple[list[tuple[str, AnyEntity]] | None, list[Problem]]:
    """Every entity of the text as (collection, entity), collection by collection in file
    order; or None and every problem."""
    with collector_paused():
        data, problems = parse_text(text, display)
        if data is None or problems:
            return None, problems
        validator = Validator()
        validator.add_file(data, display)
    if validator.pending:
        return None, _located(validator, text, display, 0)
    return [(name, entity) for name, items in validator.entities.items() for entity in items], []


def read_entity(
    text: str, entity_id: str, display: str
) -> tuple[tuple[str, AnyEntity] | None, list[Problem]]:
    """The one entity `entity_id` of the text as (collection, entity), or None when the text
    does not define it; problems only when it cannot be told what the entity holds (the
    text is not YAML, or the entity itself is not valid).  Only the entity's own lines are
    parsed where they can be told apart (see tui.locate), so that following one entity
    through many revisions of a big file costs milliseconds a revision."""
    try:
        found = find_entity(text, entity_id)
    except yaml.YAMLError:
        return None, parse_text(text, display)[1] or [Problem(display, 1, 1, _("not YAML"))]
    if found is None:
        return None, []
    source = found.snippet if found.snippet is not None else text
    offset = found.line_offset
    data, problems = parse_text(source, display)
    if data is None or problems:
        return None, [_shifted(p, offset) for p in problems]
    item, where = _item(data, found.collection, entity_id, found.snippet is not None)
    if item is None:
        return None, []
    validator = Validator()
    entity = validator.record(
        item, COLLECTIONS[found.collection], display, where, entity_of=found.collection
    )
    if validator.pending or entity is None:
        return None, _located(validator, source, display, offset)
    return (found.collection, entity), []


def _item(
    data: Any, collection: str, entity_id: str, snippet: bool
) -> tuple[Any, tuple[str | int, ...]]:
    """The entity's mapping in the parsed data, and where it is (for locating problems)."""
    if snippet:
        return (data[0], (0,)) if isinstance(data, list) and data else (None, ())
    items = data.get(collection) if isinstance(data, dict) else None
    for index, item in enumerate(items if isinstance(items, list) else ()):
        if isinstance(item, dict) and item.get("id") == entity_id:
            return item, (collection, index)
    return None, ()


def _located(validator: Validator, text: str, display: str, offset: int) -> list[Problem]:
    problems = []
    for pending in validator.pending:
        line, column = locate(text, pending.where, pending.at_key)
        message = pending.message
        if isinstance(pending, _DuplicateId):
            first = locate(text, pending.first_where, False)
            message += _(" (first defined at {place})").format(
                place=f"{display}:{first[0] + offset}:{first[1]}"
            )
        problems.append(Problem(display, line + offset, column, message))
    return sorted(problems, key=Problem.sort_key)


def _shifted(problem: Problem, offset: int) -> Problem:
    if not offset or not problem.line:
        return problem
    return Problem(problem.path, problem.line + offset, problem.column, problem.message)
