"""The fact base as JSON for other programs: every reference resolved to id, kind, name.

The walk is driven by the schema, so a field added there appears in the export without
touching this module.
"""

from __future__ import annotations

import io
import json
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Any

from tui.model import AnyEntity, Event, FactBase, FuzzyDate, Names
from tui.periods import period_of
from tui.safetext import json_escape_acting
from tui.schema import COLLECTIONS, Date, FieldMap, ListOf, Record, Ref, Type
from tui.schema import Names as NamesType

if TYPE_CHECKING:
    from tui.output import Output

EXPORT_FORMAT_VERSION = 1


def reference(base: FactBase, entity_id: str, lang: str | None = None) -> dict[str, Any]:
    """A link as an object a reader of the JSON can use without looking anything up."""
    entity = base.get(entity_id)
    if entity is None:  # cannot happen for a validated base; kept total for filtered views
        return {"id": entity_id, "entity": None, "kind": None, "name": entity_id}
    return entity_reference(entity, lang)


def entity_reference(entity: AnyEntity, lang: str | None = None) -> dict[str, Any]:
    """The reference to an entity in hand (one read from a revision, say, without its base):
    the same object `reference` makes."""
    return {
        "id": entity.id,
        "entity": entity.entity_type,
        "kind": getattr(entity, "kind", "") or entity.entity_type,
        "name": entity.label(lang),
    }


def _names(names: Names) -> dict[str, str]:
    return names.as_dict()


class References:
    """The reference to each entity an export names, made once: a whole export names every
    event under its themes, places and participants, and a stored base walking under its
    bound would decode each of them again for its name (100 000 events: a theme names
    32 000).  What is kept is the reference's values, a few short strings per entity, and a
    new dict is handed out each time (callers may add to it); the entities a list names
    that were not named before are read together (`many`)."""

    _MOST = 500_000

    def __init__(self, base: FactBase, lang: str | None) -> None:
        self.base = base
        self.lang = lang
        self._kept: dict[str, tuple[str, str, str]] = {}

    def __call__(self, entity_id: str) -> dict[str, Any]:
        found = self._kept.get(entity_id)
        if found is None:
            made = reference(self.base, entity_id, self.lang)
            if made["entity"] is None:
                return made
            found = self._keep(made["entity"], made["kind"], made["name"], entity_id)
        entity, kind, name = found
        return {"id": entity_id, "entity": entity, "kind": kind, "name": name}

    def many(self, ids: Sequence[str]) -> list[dict[str, Any]]:
        kept = self._kept
        self.base.prefetch(i for i in ids if i not in kept)
        return [self(i) for i in ids]

    def keep(self, entity: AnyEntity) -> None:
        """The entity in hand (its own entry): its reference made now, without a look-up."""
        if entity.id not in self._kept:
            made = entity_reference(entity, self.lang)
            self._keep(made["entity"], made["kind"], made["name"], entity.id)

    def _keep(self, entity: str, kind: str, name: str, entity_id: str) -> tuple[str, str, str]:
        if len(self._kept) > self._MOST:
            self._kept.clear()
        found = self._kept[entity_id] = (entity, kind, name)
        return found


def _convert(base: FactBase, value: Any, kind: Type, lang: str | None, refs: References) -> Any:
    if isinstance(kind, ListOf):
        return [_convert(base, item, kind.item, lang, refs) for item in value]
    if isinstance(kind, FieldMap):
        return {name: _record(base, item, kind.item, lang, refs) for name, item in value}
    if isinstance(kind, Record):
        return _record(base, value, kind, lang, refs)
    if isinstance(kind, Ref):
        return refs(value)
    if isinstance(kind, NamesType):
        return _names(value)
    if isinstance(kind, Date):
        return value.iso() if isinstance(value, FuzzyDate) else value
    return value


def _record(
    base: FactBase, obj: Any, record: Record, lang: str | None, refs: References
) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for spec in record.fields:
        value = getattr(obj, spec.name, None)
        if value is None or value == () or value == "" or (isinstance(value, Names) and not value):
            continue
        if spec.name == "name" and isinstance(value, Names):
            out["name"] = value.get(lang)
            out["names"] = _names(value)
            continue
        out[spec.name] = _convert(base, value, spec.type, lang, refs)
    return out


def entity_to_dict(
    base: FactBase, entity: AnyEntity, lang: str | None = None, refs: References | None = None
) -> dict[str, Any]:
    """One entity with its fields, resolved links and computed backlinks; `refs` (a whole
    export's) makes each reference once.  The backlinks are named from their ids: the
    entities behind them are not read."""
    refs = refs if refs is not None else References(base, lang)
    record = COLLECTIONS[_collection(entity)]
    out: dict[str, Any] = {"id": entity.id, "entity": entity.entity_type}
    body = _record(base, entity, record, lang, refs)
    if "name" not in body:
        out["name"] = entity.label(lang)
    out.update(body)
    if isinstance(entity, Event):
        inherited = period_from_trip(base, entity, lang, refs)
        if inherited is not None:
            out["period_from_trip"] = inherited
    links: dict[str, Any] = {}
    backlinks = base.backlinks
    if entity.entity_type == "event":
        parts = backlinks.parts.get(entity.id, ())
        if parts:
            links["parts"] = refs.many(parts)
    else:
        events = backlinks.events.get(entity.id, ())
        if events:
            links["events"] = refs.many(events)
        children = backlinks.children.get(entity.id, ())
        if children:
            links["narrower" if entity.entity_type == "theme" else "contains"] = refs.many(children)
    if entity.entity_type == "theme":
        people = backlinks.theme_participants.get(entity.id, ())
        if people:
            links["participants"] = refs.many(people)
    if entity.entity_type == "participant":
        themes = backlinks.participant_themes.get(entity.id, ())
        if themes:
            links["themes"] = refs.many(themes)
    if entity.entity_type == "source":
        cited = backlinks.citations.get(entity.id, ())
        if cited:
            links["cited_by"] = refs.many(cited)
    if links:
        out["backlinks"] = links
    return out


def period_from_trip(
    base: FactBase, event: Event, lang: str | None, refs: References | None = None
) -> dict[str, Any] | None:
    """For an event without a date of its own, the period it is dated by (tui.periods): the
    own date fields of the larger event that gives it, and a reference to that event.  Its
    own `date`, `start` and `end` stay as written (absent), so that the export still says
    what the fact file says; a program filtering by year reads this key instead of walking
    the trips itself, and gets the answer `facts search year:` gives."""
    period = period_of(base.get, event)
    if period is None or not period.inherited:
        return None
    dater = period.dater
    found: dict[str, Any] = {
        name: value.iso()
        for name in ("date", "start", "end")
        if (value := getattr(dater, name)) is not None
    }
    found["event"] = refs(dater.id) if refs is not None else reference(base, dater.id, lang)
    return found


def _collection(entity: AnyEntity) -> str:
    return {
        "source": "sources",
        "place": "places",
        "participant": "participants",
        "theme": "themes",
        "event": "events",
    }[entity.entity_type]


def to_data(
    base: FactBase, ids: list[str] | None = None, lang: str | None = None
) -> dict[str, Any]:
    """The whole base (or the chosen entities) as one JSON-ready mapping by collection."""
    chosen = set(ids) if ids else None
    refs = References(base, lang)
    data: dict[str, Any] = {"format": EXPORT_FORMAT_VERSION}
    for name in COLLECTIONS:
        data[name] = [
            entity_to_dict(base, entity, lang, refs)
            for entity in base.collection(name)
            if chosen is None or entity.id in chosen
        ]
    return data


def json_text(data: Any) -> str:
    """JSON with every character that would act on a terminal written as a \\u escape
    (see `tui.safetext.json_escape_acting`), readable UTF-8 otherwise."""
    return json_escape_acting(encode(data)) + "\n"


def write_json(
    base: FactBase, out: Output, ids: list[str] | None = None, lang: str | None = None
) -> None:
    """`json_text(to_data(base, ids, lang))` written to `out` an entity at a time, so that
    the document is never held whole (the bytes are the same)."""
    chosen = set(ids) if ids else None
    refs = References(base, lang)
    out.write(f'{{\n  "format": {EXPORT_FORMAT_VERSION}')
    for name in COLLECTIONS:
        out.write(f",\n  {_string(name)}: ")
        opening = "[\n    "
        for entity in base.collection(name):
            refs.keep(entity)
            if chosen is None or entity.id in chosen:
                text = encode(entity_to_dict(base, entity, lang, refs), "    ")
                out.write(opening + json_escape_acting(text))
                opening = ",\n    "
        out.write("[]" if opening == "[\n    " else "\n  ]")
    out.write("\n}\n")


def to_json(base: FactBase, ids: list[str] | None = None, lang: str | None = None) -> str:
    out = io.StringIO()
    write_json(base, out, ids, lang)
    return out.getvalue()


# -- the encoder ----------------------------------------------------------------------------

_string: Callable[[str], str] = getattr(json.encoder, "c_encode_basestring", None) or (
    json.encoder.py_encode_basestring
)
"""A string as JSON writes it with ensure_ascii=False (the C one where Python has it)."""


def encode(value: Any, indent: str = "") -> str:
    """`json.dumps(value, ensure_ascii=False, indent=2)`, to the byte, for the plain data an
    export holds (dicts with string keys, lists, strings, numbers, booleans, None), with
    `indent` in front of every line but the first.  Faster than the standard library's,
    which writes indented JSON in Python through a generator per level: the JSON export
    spent most of its time there."""
    kind = type(value)
    if kind is str:
        return _string(value)
    if kind is dict:
        if not value:
            return "{}"
        inner = indent + "  "
        parts = []
        for key, item in value.items():
            if type(key) is not str:
                return _standard(value, indent)
            parts.append(
                _string(key) + ": " + (_string(item) if type(item) is str else encode(item, inner))
            )
        return "{\n" + inner + (",\n" + inner).join(parts) + "\n" + indent + "}"
    if kind is list or kind is tuple:
        if not value:
            return "[]"
        inner = indent + "  "
        items = [_string(item) if type(item) is str else encode(item, inner) for item in value]
        return "[\n" + inner + (",\n" + inner).join(items) + "\n" + indent + "]"
    if value is None:
        return "null"
    if value is True:
        return "true"
    if value is False:
        return "false"
    if kind is int:
        return int.__repr__(value)
    return _standard(value, indent)


def _standard(value: Any, indent: str) -> str:
    """Anything else (floats, subclasses, keys that are not strings) the standard way."""
    return json.dumps(value, ensure_ascii=False, indent=2).replace("\n", "\n" + indent)
