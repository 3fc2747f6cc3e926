"""JSON Schema for editors, generated from `tui.schema` (the one place the schema lives).

`facts schema` prints it; `facts/schema.json` is its output, kept current by a test.
"""

from __future__ import annotations

import json
from typing import Any

from tui.schema import (
    COLLECTIONS,
    DATE_PATTERN,
    ID_PATTERN,
    LANG_PATTERN,
    Bool,
    Date,
    Enum,
    FieldMap,
    Id,
    Lang,
    ListOf,
    Names,
    Number,
    Record,
    Ref,
    Str,
    Type,
    qualifiable_fields,
)


def _type(kind: Type, defs: dict[str, Any]) -> dict[str, Any]:
    if isinstance(kind, Str):
        return {"type": "string", "minLength": 1}
    if isinstance(kind, Number):
        return {"type": "number"}
    if isinstance(kind, Bool):
        return {"type": "boolean"}
    if isinstance(kind, Date):
        return {
            "anyOf": [
                {"type": "string", "pattern": DATE_PATTERN},
                {"type": "integer", "minimum": 1000, "maximum": 9999},
            ]
        }
    if isinstance(kind, Lang):
        return {"type": "string", "pattern": LANG_PATTERN}
    if isinstance(kind, Id | Ref):
        return {"type": "string", "pattern": ID_PATTERN}
    if isinstance(kind, Names):
        return {"$ref": "#/$defs/names"}
    if isinstance(kind, Enum):
        return {"enum": list(kind.values)}
    if isinstance(kind, ListOf):
        out: dict[str, Any] = {"type": "array", "items": _type(kind.item, defs)}
        if kind.non_empty:
            out["minItems"] = 1
        return out
    if isinstance(kind, Record):
        key = kind.name.replace(" ", "_")
        if key not in defs:
            defs[key] = {}  # reserve first: records may refer to each other
            defs[key] = {
                "type": "object",
                "description": kind.doc,
                "additionalProperties": False,
                "required": [spec.name for spec in kind.fields if spec.required],
                "properties": {
                    spec.name: {
                        **_field(spec.type, kind, defs),
                        **({"description": spec.doc} if spec.doc else {}),
                    }
                    for spec in kind.fields
                },
            }
            if kind.needs:
                defs[key]["dependentRequired"] = {need.field: [need.needs] for need in kind.needs}
        return {"$ref": f"#/$defs/{key}"}
    raise TypeError(kind)


def _field(kind: Type, record: Record, defs: dict[str, Any]) -> dict[str, Any]:
    """A field's schema; a FieldMap's keys are the fields of the record it sits in."""
    if isinstance(kind, FieldMap):
        return {
            "type": "object",
            "propertyNames": {"enum": list(qualifiable_fields(record))},
            "additionalProperties": _type(kind.item, defs),
        }
    return _type(kind, defs)


def json_schema() -> dict[str, Any]:
    defs: dict[str, Any] = {
        "names": {
            "description": "Text in several languages, or one text for every language.",
            "anyOf": [
                {"type": "string", "minLength": 1},
                {
                    "type": "object",
                    "minProperties": 1,
                    "propertyNames": {"pattern": LANG_PATTERN},
                    "additionalProperties": {"type": "string", "minLength": 1},
                },
            ],
        }
    }
    properties = {
        name: {"type": ["array", "null"], "items": _type(record, defs)}
        for name, record in COLLECTIONS.items()
    }
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "title": "facts: a fact file",
        "description": "A mapping from collection names to lists of entries; see facts/README.md.",
        "type": ["object", "null"],
        "additionalProperties": False,
        "properties": properties,
        "$defs": defs,
    }


def json_schema_text() -> str:
    return json.dumps(json_schema(), ensure_ascii=False, indent=2) + "\n"
