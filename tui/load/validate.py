"""Checking parsed fact files against the schema and turning them into model objects.

One walk over the data both checks and builds, and it collects *every* problem instead of
stopping at the first: an author fixing a file wants the whole list at once.  Problems are
kept by their place in the data (`Pending`); line numbers are looked up only for those.

A file is checked on its own (`check_file`: the schema, dates, what it defines and what it
refers to); what needs every file (references, duplicate ids, cycles) is checked after, by a
`Linker`, over what each file defines and refers to.  The store keeps those tables per file,
so that after an edit only the changed files are read again and the links are checked
over the stored tables of the others, with exactly the problems a full check finds.
"""

from __future__ import annotations

import calendar
import re
import sys
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any, Protocol, cast

from tui import model
from tui.i18n import N_, _, date_text, language
from tui.load.problems import PathPart, Pending, did_you_mean, quote
from tui.record import record
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
    Str: N_("text"),
    Number: N_("a number"),
    Bool: N_("true or false"),
    Date: N_("a date like 2017, 2017-12 or 2017-12-01"),
    Lang: N_("a language code like de, en or ja"),
    Id: N_("an id of lowercase letters, digits, '.', '_' and '-'"),
    Names: N_("text, or a mapping from language codes (de, en, ja, …) to text"),
    Ref: N_("an id"),
    ListOf: N_("a list"),
    Record: N_("a mapping of fields"),
    FieldMap: N_("a mapping from the entity's field names to their basis and note"),
}


def describe(value: Any) -> str:
    """How a YAML value looks to the person who wrote it."""
    if value is None:
        return _("nothing (an empty value)")
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return _("the number {value}").format(value=value)
    if isinstance(value, str):
        return _("the text {text}").format(text=quote(value))
    if isinstance(value, dict):
        return _("a mapping")
    if isinstance(value, list):
        return _("a list")
    return type(value).__name__


Where = tuple[PathPart, ...]


@dataclass
class Checked:
    """One fact file, checked on its own: its entities, what it defines and refers to (for
    the `Linker`), and the problems found in it alone."""

    file: str
    entities: dict[str, list[Any]] = field(
        default_factory=lambda: {name: [] for name in COLLECTIONS}
    )
    defined: list[tuple[str, str, str | None]] = field(default_factory=list)
    """(id, collection, parent) of each entity with an id, in the file's order."""
    defined_at: list[Where] = field(default_factory=list)
    """Where each of `defined` is (its id)."""
    targets: list[str] = field(default_factory=list)
    """The id each reference names, in the file's order."""
    kinds: list[tuple[str, ...]] = field(default_factory=list)
    """The collections each of `targets` may name."""
    targets_at: list[Where] = field(default_factory=list)
    pending: list[Pending] = field(default_factory=list)


def check_file(data: Any, file: str) -> Checked:
    checker = _FileChecker(Checked(file))
    checker.add_file(data, file)
    return checker.checked


@dataclass
class _FileChecker:
    """Checks one file against the schema and builds its entities."""

    checked: Checked

    @property
    def pending(self) -> list[Pending]:
        return self.checked.pending

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
                _(
                    "a fact file must be a mapping of collections ({collections}), not {value}"
                ).format(collections=", ".join(COLLECTIONS), value=describe(data)),
            )
            return
        for key, items in data.items():
            if key not in COLLECTIONS:
                hint = did_you_mean(str(key), COLLECTIONS)
                self.problem(
                    file,
                    (key,),
                    _("unknown collection {name}{hint}").format(name=quote(key), hint=hint)
                    if hint
                    else _("unknown collection {name} (expected one of {collections})").format(
                        name=quote(key), collections=", ".join(COLLECTIONS)
                    ),
                    at_key=True,
                )
                continue
            if items is None:
                continue
            if not isinstance(items, list):
                self.problem(
                    file,
                    (key,),
                    _("'{field}' must be a list of entries, not {value}").format(
                        field=key, value=describe(items)
                    ),
                )
                continue
            record = COLLECTIONS[key]
            for index, item in enumerate(items):
                built = self.record(item, record, file, (key, index), entity_of=key)
                if built is not None:
                    self.checked.entities[key].append(built)

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
            self.problem(
                file,
                where,
                _("{record} must be {expected}, not {value}").format(
                    record=_(_a(record.name)), expected=_(_EXPECTED[Record]), value=describe(value)
                ),
            )
            return None
        out: dict[str, Any] = {}
        ok = True
        for key, raw in value.items():
            spec = record.spec_by_name.get(key) if isinstance(key, str) else None
            if spec is None:
                self.problem(
                    file,
                    (*where, key),
                    _("unknown field {name} in {record}{hint}").format(
                        name=quote(key),
                        record=_(record.name),
                        hint=did_you_mean(str(key), record.spec_by_name),
                    ),
                    at_key=True,
                )
                ok = False
                continue
            if raw is None and not spec.required:
                continue
            if isinstance(spec.type, FieldMap):
                converted, good = self.field_basis(
                    raw, spec.type, record, value, file, (*where, key)
                )
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
                    _("'{field}' needs '{needs}' beside it: {why}").format(
                        field=need.field, needs=need.needs, why=_(need.why)
                    ),
                    at_key=True,
                )
                ok = False
        for required in _required(record):
            if value.get(required) is None:
                self.problem(
                    file,
                    where,
                    (
                        _("missing required field '{field}' in {record} {id}").format(
                            field=required, record=_(record.name), id=quote(value["id"])
                        )
                        if isinstance(value.get("id"), str)
                        else _("missing required field '{field}' in {record}").format(
                            field=required, record=_(record.name)
                        )
                    ),
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
                self.refer(where, cast(Ref, kind).collections, raw)
            elif len(raw) <= _SHORT:
                raw = sys.intern(raw)
            return raw, True

        def wrong(expected: str | None = None) -> tuple[Any, bool]:
            expected = expected or _(_EXPECTED[type(kind)])
            self.problem(
                file,
                where,
                _("'{field}' must be {expected}, not {value}").format(
                    field=name, expected=expected, value=describe(raw)
                ),
            )
            return None, False

        if isinstance(kind, ListOf):
            if raw is None:
                raw = []
            if not isinstance(raw, list):
                return wrong()
            if kind.non_empty and not raw:
                self.problem(
                    file, where, _("'{field}' must list at least one entry").format(field=name)
                )
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
                    file,
                    where,
                    _("'{field}' must be text, not {value} (put it in quotes)").format(
                        field=name, value=describe(raw)
                    ),
                )
                return None, False
            if isinstance(kind, Enum):
                return wrong(_("one of {values}").format(values=", ".join(kind.values)))
            return wrong(_(_EXPECTED.get(type(kind), "text")))
        if not raw.strip():
            self.problem(file, where, _("'{field}' must not be empty").format(field=name))
            return None, False
        if isinstance(kind, Id):
            if not _ID.match(raw):
                return wrong()
            raw = sys.intern(raw)
        if isinstance(kind, Lang) and not _LANG.match(raw):
            return wrong()
        if isinstance(kind, Enum) and raw not in kind.values:
            hint = did_you_mean(raw, kind.values) or (f" ({_(kind.hint)})" if kind.hint else "")
            self.problem(
                file,
                where,
                _("'{field}' must be one of {values}, not {value}{hint}").format(
                    field=name, values=", ".join(kind.values), value=quote(raw), hint=hint
                ),
            )
            return None, False
        if isinstance(kind, Ref):
            self.refer(where, kind.collections, raw)
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
            self.problem(
                file,
                where,
                _("'{field}' must be {expected}, not {value}").format(
                    field=name, expected=_(_EXPECTED[FieldMap]), value=describe(raw)
                ),
            )
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
        noun = _(_a(record.name))
        if not isinstance(key, str) or key not in record.spec_by_name:
            return _("field_basis names {name}, which is not a field of {record}{hint}").format(
                name=quote(key), record=noun, hint=did_you_mean(str(key), allowed)
            )
        if key in UNQUALIFIABLE:
            return _("field_basis cannot name '{field}': {why}").format(
                field=key, why=_(UNQUALIFIABLE[key])
            )
        if key not in allowed:
            return _(
                "field_basis cannot name '{field}': give each entry of '{field}' its own "
                "'basis' and 'basis_note'"
            ).format(field=key)
        if entity.get(key) in (None, [], {}):
            return _("field_basis names '{field}', but this {record} has no '{field}'").format(
                field=key, record=_(record.name)
            )
        return ""

    def refer(self, where: Where, collections: tuple[str, ...], target: str) -> None:
        checked = self.checked
        checked.targets.append(target)
        checked.kinds.append(collections)
        checked.targets_at.append(where)

    def names(
        self, raw: Any, file: str, where: tuple[PathPart, ...], name: str
    ) -> tuple[Any, bool]:
        if isinstance(raw, str):
            if not raw.strip():
                self.problem(file, where, _("'{field}' must not be empty").format(field=name))
                return None, False
            return model.Names.of(raw), True
        if not isinstance(raw, dict) or not raw:
            self.problem(
                file,
                where,
                _("'{field}' must be {expected}, not {value}").format(
                    field=name, expected=_(_EXPECTED[Names]), value=describe(raw)
                ),
            )
            return None, False
        ok = True
        for lang, text in raw.items():
            if not isinstance(lang, str) or not _LANG.match(lang):
                self.problem(
                    file,
                    (*where, lang),
                    _("{code} in '{field}' is not a language code (use de, en, ja, …)").format(
                        code=quote(lang), field=name
                    ),
                    at_key=True,
                )
                ok = False
            elif not isinstance(text, str) or not text.strip():
                self.problem(
                    file,
                    (*where, lang),
                    _("'{field}' must be text, not {value}").format(
                        field=f"{name}.{lang}", value=describe(text)
                    ),
                )
                ok = False
        if not ok:
            return None, False
        return model.Names(tuple((sys.intern(lang), text) for lang, text in raw.items())), True

    def date(self, raw: Any, file: str, where: tuple[PathPart, ...], name: str) -> tuple[Any, bool]:
        if isinstance(raw, int) and not isinstance(raw, bool) and 1000 <= raw <= 9999:
            raw = str(raw)
        if not isinstance(raw, str) or not _DATE.match(raw):
            self.problem(
                file,
                where,
                _("'{field}' must be {expected}, not {value}").format(
                    field=name, expected=_(_EXPECTED[Date]), value=describe(raw)
                ),
            )
            return None, False
        date = model.FuzzyDate.parse(raw)
        if date.month is not None and not 1 <= date.month <= 12:
            self.problem(
                file,
                where,
                _("invalid date {date}: there is no month {month}").format(
                    date=quote(raw), month=date.month
                ),
            )
            return None, False
        if date.day is not None and date.month is not None:
            days = calendar.monthrange(date.year, date.month)[1]
            if not 1 <= date.day <= days:
                self.problem(
                    file,
                    where,
                    _("invalid date {date}: {month} has {days} days").format(
                        date=quote(raw),
                        days=days,
                        month=f"{calendar.month_name[date.month]} {date.year}"
                        if language() == "en"
                        else date_text(date.year, date.month),
                    ),
                )
                return None, False
        return date, True

    def check_dates(
        self, out: dict[str, Any], record: Record, file: str, where: tuple[PathPart, ...]
    ) -> bool:
        if "date" in out and ("start" in out or "end" in out) and "start" in record.spec_by_name:
            self.problem(file, where, _("give either 'date' or 'start'/'end', not both"))
            return False
        start, end = out.get("start"), out.get("end")
        if start and end and _span_start(end) < _span_start(start):
            self.problem(
                file,
                (*where, "end"),
                _("'end' ({end}) is before 'start' ({start})").format(
                    end=end.iso(), start=start.iso()
                ),
            )
            return False
        return True

    def define(
        self, out: dict[str, Any], collection: str, file: str, where: tuple[PathPart, ...]
    ) -> None:
        parent_field = PARENT_FIELD.get(collection)
        parent = out.get(parent_field) if parent_field else None
        self.checked.defined.append((out["id"], collection, parent))
        self.checked.defined_at.append((*where, "id"))


class Validator:
    """The checks of one text on its own, duplicate ids in it included: what a tool that
    reads one file of a revision needs (`tui.load.onefile`).  The loader itself checks each
    file with `check_file` and the links between them with a `Linker`."""

    def __init__(self) -> None:
        self._checker = _FileChecker(Checked(""))

    @property
    def entities(self) -> dict[str, list[Any]]:
        return self._checker.checked.entities

    @property
    def pending(self) -> list[Pending]:
        """The problems found so far, duplicate ids among the entities checked included."""
        linker = Linker()
        linker.add(self._checker.checked)
        return [*self._checker.checked.pending, *linker.pending()]

    def add_file(self, data: Any, file: str) -> None:
        self._checker.checked.file = file
        self._checker.add_file(data, file)

    def record(
        self,
        value: Any,
        record: Record,
        file: str,
        where: tuple[PathPart, ...],
        entity_of: str | None = None,
    ) -> Any:
        self._checker.checked.file = file
        return self._checker.record(value, record, file, where, entity_of)


class FileLinks(Protocol):
    """What the `Linker` needs of one file: a fresh `Checked`, or the tables the store
    keeps of a file that did not change (which know no positions: `Linker.involved` names
    the files to read again when a problem needs one)."""

    @property
    def file(self) -> str: ...

    @property
    def defined(self) -> Sequence[tuple[str, str, str | None]]: ...

    @property
    def targets(self) -> Sequence[str]: ...

    @property
    def kinds(self) -> Sequence[tuple[str, ...]]: ...


class Linker:
    """The checks that need every file: duplicate ids, references, cycles.  Files are added
    in the base's order (which decides where an id is first defined)."""

    def __init__(self) -> None:
        self.files: list[FileLinks] = []
        self.defined: dict[str, tuple[str, int, int, str | None]] = {}
        """id -> (collection, file number, number in the file's `defined`, parent)."""
        self._found: list[tuple[Any, ...]] = []

    def add(self, links: FileLinks) -> None:
        number = len(self.files)
        self.files.append(links)
        defined = self.defined
        for at, (entity_id, collection, parent) in enumerate(links.defined):
            first = defined.get(entity_id)
            if first is not None:
                self._found.append(("duplicate", number, at, first[1], first[2]))
            else:
                defined[entity_id] = (collection, number, at, parent)

    def check(self) -> None:
        defined = self.defined
        found = self._found
        for number, links in enumerate(self.files):
            for at, (target, kinds) in enumerate(zip(links.targets, links.kinds, strict=True)):
                known = defined.get(target)
                if known is None or known[0] not in kinds:
                    found.append(("reference", number, at))
        self._check_cycles()

    def _check_cycles(self) -> None:
        defined = self.defined
        reported: set[str] = set()
        for start, (*_ignored, parent) in defined.items():
            if parent is None or start in reported:
                continue
            chain = [start]
            seen = {start}
            current: str | None = parent
            while current is not None and current in defined:
                if current in seen:
                    cycle = [*chain[chain.index(current) :], current]
                    reported.update(cycle)
                    number, at = defined[cycle[0]][1:3]
                    self._found.append(("cycle", number, at, cycle))
                    break
                seen.add(current)
                chain.append(current)
                current = defined[current][3]
            reported.add(start)

    def involved(self) -> set[int]:
        """The numbers of the files the problems found are in (or point to)."""
        files: set[int] = set()
        for item in self._found:
            files.add(item[1])
            if item[0] == "duplicate":
                files.add(item[3])
        return files

    def pending(self) -> list[Pending]:
        """The problems found, each at its place; every involved file must be a `Checked`."""
        out: list[Pending] = []
        by_collection: dict[str, list[str]] = {}
        for entity_id, (collection, *_ignored) in self.defined.items():
            by_collection.setdefault(collection, []).append(entity_id)
        for item in self._found:
            checked = self.files[item[1]]
            assert isinstance(checked, Checked), "a stored file is read again for its problems"
            if item[0] == "duplicate":
                first = self.files[item[3]]
                assert isinstance(first, Checked)
                entity_id = checked.defined[item[2]][0]
                out.append(
                    _DuplicateId(
                        checked.file,
                        checked.defined_at[item[2]],
                        _("duplicate id {id}").format(id=quote(entity_id)),
                        first_file=first.file,
                        first_where=first.defined_at[item[4]],
                    )
                )
            elif item[0] == "reference":
                out.append(self._reference(checked, item[2], by_collection))
            else:
                head = checked.defined_at[item[2]]
                field_name = PARENT_FIELD[checked.defined[item[2]][1]]
                out.append(
                    Pending(
                        checked.file,
                        (*head[:-1], field_name),
                        _("cycle in '{field}': {cycle}").format(
                            field=field_name, cycle=" → ".join(item[3])
                        ),
                    )
                )
        return out

    def _reference(self, checked: Checked, at: int, by_collection: dict[str, list[str]]) -> Pending:
        target, kinds = checked.targets[at], checked.kinds[at]
        known = self.defined.get(target)
        names = tuple(KIND_OF_COLLECTION[c] for c in kinds)
        if known is None:
            candidates: Iterable[str] = (i for c in kinds for i in by_collection.get(c, ()))
            message = _("unknown {kind} {id}{hint}").format(
                kind=_(" or ").join(_(k) for k in names),
                id=quote(target),
                hint=did_you_mean(target, candidates),
            )
        else:
            message = _("{id} is {kind}, not {wanted}").format(
                id=quote(target),
                kind=_(_a(KIND_OF_COLLECTION[known[0]])),
                wanted=_(" or ").join(_(_a(k)) for k in names),
            )
        return Pending(checked.file, checked.targets_at[at], message)


@record(slots=True)  # a record, as the `Pending` it extends
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


_NOUNS = (
    N_("source"),
    N_("place"),
    N_("participant"),
    N_("theme"),
    N_("event"),
    N_("statement"),
    N_("office"),
    N_("participation"),
    N_("figure"),
    N_("outcome"),
    N_("field basis"),
    N_("a source"),
    N_("a place"),
    N_("a participant"),
    N_("a theme"),
    N_("an event"),
    N_("a statement"),
    N_("an office"),
    N_("a participation"),
    N_("a figure"),
    N_("an outcome"),
    N_("a field basis"),
    N_(" or "),
)
"""The record names and kinds in messages (`_(record.name)`, `_(_a(name))`), marked for
the catalogs."""


def _span_start(date: model.FuzzyDate) -> tuple[int, int, int]:
    return date.sort_key()
