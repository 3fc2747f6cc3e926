"""Checking parsed fact files against the schema and turning them into model objects.

One walk over the data both checks and builds, and it collects *every* problem instead of
stopping at the first: an author fixing a file wants the whole list at once.  Problems are
kept by their place in the data (`Pending`); line numbers are looked up only for those.
"""

from __future__ import annotations

import calendar
import re
import sys
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from tui import model
from tui.load.problems import PathPart, Pending, did_you_mean, quote
from tui.schema import (
    COLLECTIONS,
    DATE_PATTERN,
    ID_PATTERN,
    KIND_OF_COLLECTION,
    LANG_PATTERN,
    PARENT_FIELD,
    UNQUALIFIABLE,
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

_ID = re.compile(ID_PATTERN)
_DATE = re.compile(DATE_PATTERN)
_LANG = re.compile(LANG_PATTERN)

_BUILDERS: dict[str, Callable[..., Any]] = {
    "source": model.Source,
    "place": model.Place,
    "participant": model.Participant,
    "theme": model.Theme,
    "event": model.Event,
    "statement": model.Statement,
    "office": model.Office,
    "participation": model.Participation,
    "figure": model.Figure,
    "outcome": model.Outcome,
    "field basis": model.FieldBasis,
}

_EXPECTED = {
    Str: "text",
    Number: "a number",
    Bool: "true or false",
    Date: "a date like 2017, 2017-12 or 2017-12-01",
    Lang: "a language code like de, en or ja",
    Id: "an id of lowercase letters, digits, '.', '_' and '-'",
    Names: "text, or a mapping from language codes (de, en, ja, …) to text",
    Ref: "an id",
    ListOf: "a list",
    Record: "a mapping of fields",
    FieldMap: "a mapping from the entity's field names to their basis and note",
}


def describe(value: Any) -> str:
    """How a YAML value looks to the person who wrote it."""
    if value is None:
        return "nothing (an empty value)"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return f"the number {value}"
    if isinstance(value, str):
        return f"the text {quote(value)}"
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, list):
        return "a list"
    return type(value).__name__


@dataclass
class _Ref:
    file: str
    where: tuple[PathPart, ...]
    collections: tuple[str, ...]
    target: str


@dataclass
class _Defined:
    collection: str
    file: str
    where: tuple[PathPart, ...]
    parent: str | None = None


@dataclass
class Validator:
    """Collects entities and problems over any number of files, then checks the links."""

    pending: list[Pending] = field(default_factory=list)
    defined: dict[str, _Defined] = field(default_factory=dict)
    refs: list[_Ref] = field(default_factory=list)
    entities: dict[str, list[Any]] = field(
        default_factory=lambda: {name: [] for name in COLLECTIONS}
    )

    def problem(
        self, file: str, where: tuple[PathPart, ...], message: str, at_key: bool = False
    ) -> None:
        self.pending.append(Pending(file, where, message, at_key))

    # -- files -----------------------------------------------------------------------------

    def add_file(self, data: Any, file: str) -> None:
        if data is None:
            return  # an empty file is an empty collection
        if not isinstance(data, dict):
            self.problem(
                file,
                (),
                "a fact file must be a mapping of collections "
                f"({', '.join(COLLECTIONS)}), not {describe(data)}",
            )
            return
        for key, items in data.items():
            if key not in COLLECTIONS:
                hint = did_you_mean(str(key), COLLECTIONS)
                self.problem(
                    file,
                    (key,),
                    f"unknown collection {quote(key)}{hint or ''}"
                    + ("" if hint else f" (expected one of {', '.join(COLLECTIONS)})"),
                    at_key=True,
                )
                continue
            if items is None:
                continue
            if not isinstance(items, list):
                self.problem(
                    file, (key,), f"'{key}' must be a list of entries, not {describe(items)}"
                )
                continue
            record = COLLECTIONS[key]
            for index, item in enumerate(items):
                built = self.record(item, record, file, (key, index), entity_of=key)
                if built is not None:
                    self.entities[key].append(built)

    # -- values ----------------------------------------------------------------------------

    def record(
        self,
        value: Any,
        record: Record,
        file: str,
        where: tuple[PathPart, ...],
        entity_of: str | None = None,
    ) -> Any:
        if not isinstance(value, dict):
            self.problem(file, where, f"{_a(record.name)} must be {_EXPECTED[Record]}, "
                                      f"not {describe(value)}")
            return None
        out: dict[str, Any] = {}
        ok = True
        for key, raw in value.items():
            spec = record.spec_by_name.get(key) if isinstance(key, str) else None
            if spec is None:
                self.problem(
                    file,
                    (*where, key),
                    f"unknown field {quote(key)} in {record.name}"
                    f"{did_you_mean(str(key), record.spec_by_name)}",
                    at_key=True,
                )
                ok = False
                continue
            if raw is None and not spec.required:
                continue
            if isinstance(spec.type, FieldMap):
                converted, good = self.field_basis(raw, spec.type, record, value, file,
                                                   (*where, key))
            else:
                converted, good = self.value(raw, spec.type, file, (*where, key), key)
            ok = ok and good
            if good:
                out[key] = converted
        for need in record.needs:
            if value.get(need.field) is not None and value.get(need.needs) is None:
                self.problem(
                    file,
                    (*where, need.field),
                    f"'{need.field}' needs '{need.needs}' beside it: {need.why}",
                    at_key=True,
                )
                ok = False
        for required in _required(record):
            if value.get(required) is None:
                self.problem(
                    file,
                    where,
                    f"missing required field '{required}' in {record.name}"
                    + (f" {quote(value['id'])}" if isinstance(value.get("id"), str) else ""),
                )
                ok = False
        if entity_of is not None and isinstance(out.get("id"), str):
            self.define(out, entity_of, file, where)
        ok = self.check_dates(out, record, file, where) and ok
        return _BUILDERS[record.name](**out) if ok else None

    def value(
        self, raw: Any, kind: Type, file: str, where: tuple[PathPart, ...], name: str
    ) -> tuple[Any, bool]:
        # Most values are valid text or ids: answered first, without the checks below, as
        # they are the bulk of a big base (a measured quarter of the checking time).
        # Ids, kinds and roles recur thousands of times: one shared string for each saves a
        # tenth of a big base's memory (and of its cache file).
        kind_type = type(kind)
        if type(raw) is str and kind_type in _TEXT_OR_REF and raw and not raw.isspace():
            if kind_type is Ref:
                raw = sys.intern(raw)
                self.refs.append(_Ref(file, where, kind.collections, raw))  # type: ignore[attr-defined]
            elif len(raw) <= _SHORT:
                raw = sys.intern(raw)
            return raw, True

        def wrong(expected: str | None = None) -> tuple[Any, bool]:
            expected = expected or _EXPECTED[type(kind)]
            self.problem(file, where, f"'{name}' must be {expected}, not {describe(raw)}")
            return None, False

        if isinstance(kind, ListOf):
            if raw is None:
                raw = []
            if not isinstance(raw, list):
                return wrong()
            if kind.non_empty and not raw:
                self.problem(file, where, f"'{name}' must list at least one entry")
                return None, False
            items, ok = [], True
            for index, item in enumerate(raw):
                converted, good = self.value(item, kind.item, file, (*where, index), name)
                items.append(converted)
                ok = ok and good
            return tuple(items), ok
        if isinstance(kind, Record):
            built = self.record(raw, kind, file, where)
            return built, built is not None
        if isinstance(kind, Names):
            return self.names(raw, file, where, name)
        if isinstance(kind, Number):
            if isinstance(raw, bool) or not isinstance(raw, int | float):
                return wrong()
            return raw, True
        if isinstance(kind, Bool):
            return (raw, True) if isinstance(raw, bool) else wrong()
        if isinstance(kind, Date):
            return self.date(raw, file, where, name)
        if not isinstance(raw, str):
            if isinstance(kind, Str | Enum) and isinstance(raw, int | float | bool):
                self.problem(
                    file, where, f"'{name}' must be text, not {describe(raw)} (put it in quotes)"
                )
                return None, False
            if isinstance(kind, Enum):
                return wrong(f"one of {', '.join(kind.values)}")
            return wrong(_EXPECTED.get(type(kind), "text"))
        if not raw.strip():
            self.problem(file, where, f"'{name}' must not be empty")
            return None, False
        if isinstance(kind, Id):
            if not _ID.match(raw):
                return wrong()
            raw = sys.intern(raw)
        if isinstance(kind, Lang) and not _LANG.match(raw):
            return wrong()
        if isinstance(kind, Enum) and raw not in kind.values:
            hint = did_you_mean(raw, kind.values) or (f" ({kind.hint})" if kind.hint else "")
            self.problem(
                file,
                where,
                f"'{name}' must be one of {', '.join(kind.values)}, not {quote(raw)}{hint}",
            )
            return None, False
        if isinstance(kind, Ref):
            self.refs.append(_Ref(file, where, kind.collections, raw))
        return raw, True

    def field_basis(
        self,
        raw: Any,
        kind: FieldMap,
        record: Record,
        entity: dict[Any, Any],
        file: str,
        where: tuple[PathPart, ...],
    ) -> tuple[Any, bool]:
        """The basis of the entity's own fields: each key must be a field the entity has,
        may qualify and has set, so that no basis hangs on nothing."""
        name = where[-1]
        if not isinstance(raw, dict):
            self.problem(file, where, f"'{name}' must be {_EXPECTED[FieldMap]}, "
                                      f"not {describe(raw)}")
            return None, False
        allowed = qualifiable_fields(record)
        items, ok = [], True
        for key, item in raw.items():
            at = (*where, key)
            problem = self._unqualifiable(key, record, allowed, entity)
            if problem:
                self.problem(file, at, problem, at_key=True)
                ok = False
                continue
            built = self.record(item, kind.item, file, at)
            if built is None:
                ok = False
            else:
                items.append((sys.intern(key), built))
        return tuple(items), ok

    @staticmethod
    def _unqualifiable(
        key: Any, record: Record, allowed: tuple[str, ...], entity: dict[Any, Any]
    ) -> str:
        """Why `field_basis` cannot name `key` in this entity ('' when it can)."""
        noun = _a(record.name)
        if not isinstance(key, str) or key not in record.spec_by_name:
            return (f"field_basis names {quote(key)}, which is not a field of {noun}"
                    f"{did_you_mean(str(key), allowed)}")
        if key in UNQUALIFIABLE:
            return f"field_basis cannot name '{key}': {UNQUALIFIABLE[key]}"
        if key not in allowed:
            return (f"field_basis cannot name '{key}': give each entry of '{key}' its own "
                    "'basis' and 'basis_note'")
        if entity.get(key) in (None, [], {}):
            return f"field_basis names '{key}', but this {record.name} has no '{key}'"
        return ""

    def names(
        self, raw: Any, file: str, where: tuple[PathPart, ...], name: str
    ) -> tuple[Any, bool]:
        if isinstance(raw, str):
            if not raw.strip():
                self.problem(file, where, f"'{name}' must not be empty")
                return None, False
            return model.Names.of(raw), True
        if not isinstance(raw, dict) or not raw:
            self.problem(file, where, f"'{name}' must be {_EXPECTED[Names]}, not {describe(raw)}")
            return None, False
        ok = True
        for lang, text in raw.items():
            if not isinstance(lang, str) or not _LANG.match(lang):
                self.problem(
                    file,
                    (*where, lang),
                    f"{quote(lang)} in '{name}' is not a language code (use de, en, ja, …)",
                    at_key=True,
                )
                ok = False
            elif not isinstance(text, str) or not text.strip():
                self.problem(
                    file, (*where, lang), f"'{name}.{lang}' must be text, not {describe(text)}"
                )
                ok = False
        if not ok:
            return None, False
        return model.Names(tuple((sys.intern(lang), text) for lang, text in raw.items())), True

    def date(
        self, raw: Any, file: str, where: tuple[PathPart, ...], name: str
    ) -> tuple[Any, bool]:
        if isinstance(raw, int) and not isinstance(raw, bool) and 1000 <= raw <= 9999:
            raw = str(raw)
        if not isinstance(raw, str) or not _DATE.match(raw):
            self.problem(
                file, where, f"'{name}' must be {_EXPECTED[Date]}, not {describe(raw)}"
            )
            return None, False
        date = model.FuzzyDate.parse(raw)
        if date.month is not None and not 1 <= date.month <= 12:
            self.problem(file, where, f"invalid date {quote(raw)}: there is no month {date.month}")
            return None, False
        if date.day is not None and date.month is not None:
            days = calendar.monthrange(date.year, date.month)[1]
            if not 1 <= date.day <= days:
                self.problem(
                    file,
                    where,
                    f"invalid date {quote(raw)}: "
                    f"{calendar.month_name[date.month]} {date.year} has {days} days",
                )
                return None, False
        return date, True

    def check_dates(
        self, out: dict[str, Any], record: Record, file: str, where: tuple[PathPart, ...]
    ) -> bool:
        if "date" in out and ("start" in out or "end" in out) and "start" in record.spec_by_name:
            self.problem(file, where, "give either 'date' or 'start'/'end', not both")
            return False
        start, end = out.get("start"), out.get("end")
        if start and end and _span_start(end) < _span_start(start):
            self.problem(
                file, (*where, "end"), f"'end' ({end.iso()}) is before 'start' ({start.iso()})"
            )
            return False
        return True

    def define(
        self, out: dict[str, Any], collection: str, file: str, where: tuple[PathPart, ...]
    ) -> None:
        entity_id = out["id"]
        first = self.defined.get(entity_id)
        if first is not None:
            self.pending.append(
                _DuplicateId(file, (*where, "id"), f"duplicate id {quote(entity_id)}",
                             first_file=first.file, first_where=first.where)
            )
            return
        parent_field = PARENT_FIELD.get(collection)
        parent = out.get(parent_field) if parent_field else None
        self.defined[entity_id] = _Defined(collection, file, (*where, "id"), parent)

    # -- links -----------------------------------------------------------------------------

    def check_links(self) -> None:
        by_collection: dict[str, list[str]] = {}
        for entity_id, defined in self.defined.items():
            by_collection.setdefault(defined.collection, []).append(entity_id)
        for ref in self.refs:
            target = self.defined.get(ref.target)
            wanted = " or ".join(KIND_OF_COLLECTION[c] for c in ref.collections)
            if target is None:
                candidates: Iterable[str] = (
                    i for c in ref.collections for i in by_collection.get(c, ())
                )
                self.problem(
                    ref.file,
                    ref.where,
                    f"unknown {wanted} {quote(ref.target)}{did_you_mean(ref.target, candidates)}",
                )
            elif target.collection not in ref.collections:
                self.problem(
                    ref.file,
                    ref.where,
                    f"{quote(ref.target)} is {_a(KIND_OF_COLLECTION[target.collection])}, "
                    f"not {_a(wanted)}",
                )
        self.check_cycles()

    def check_cycles(self) -> None:
        reported: set[str] = set()
        for start, defined in self.defined.items():
            if defined.parent is None or start in reported:
                continue
            chain = [start]
            seen = {start}
            current: str | None = defined.parent
            while current is not None and current in self.defined:
                if current in seen:
                    cycle = [*chain[chain.index(current) :], current]
                    reported.update(cycle)
                    head = self.defined[cycle[0]]
                    field_name = PARENT_FIELD[head.collection]
                    self.problem(
                        head.file,
                        (*head.where[:-1], field_name),
                        f"cycle in '{field_name}': {' → '.join(cycle)}",
                    )
                    break
                seen.add(current)
                chain.append(current)
                current = self.defined[current].parent
            reported.add(start)

    def base(self) -> model.MemoryBase:
        return model.MemoryBase(**{name: tuple(items) for name, items in self.entities.items()})


@dataclass(frozen=True, slots=True)
class _DuplicateId(Pending):
    first_file: str = ""
    first_where: tuple[PathPart, ...] = ()


_TEXT_OR_REF = (Str, Ref)
_SHORT = 24
"""Text up to this length is shared (kinds, roles, units); longer text is rarely repeated."""
_REQUIRED: dict[str, tuple[str, ...]] = {}


def _required(record: Record) -> tuple[str, ...]:
    """The record's required field names, worked out once per record type."""
    names = _REQUIRED.get(record.name)
    if names is None:
        names = _REQUIRED[record.name] = tuple(s.name for s in record.fields if s.required)
    return names


def _a(noun: str) -> str:
    return ("an " if noun[:1] in "aeiou" else "a ") + noun


def _span_start(date: model.FuzzyDate) -> tuple[int, int, int]:
    return date.sort_key()
