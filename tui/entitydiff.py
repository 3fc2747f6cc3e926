"""What changed between two states of some entities, by entity and by field, in words a
person reads ("date 2017-11-30 → 2017-11-29", "participant toshiba added (host)").

Entities are compared by value, as the model holds them, never by their text: a comment, a
quoting style, the order of keys or of languages, a flow list turned into a block list — none
of these is a change.  The order of a list is (the page shows it in that order), and is said
as "reordered".  An entity found in another file than before is *moved*: it stays one entity,
with the move as its first change (field `file`), whatever else changed with it.

The walk is driven by the schema (tui.schema), so a field added there is compared without
touching this module.  Values come out as plain data as the YAML writes them (ids for links,
ISO dates, `{lang: text}` for names, `*` for a name the same in every language): what
`facts diff --json` prints as `before` and `after`.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from tui.i18n import _, list_text
from tui.model import AnyEntity, FuzzyDate, Names
from tui.schema import COLLECTIONS, Date, FieldMap, ListOf, Record, Type
from tui.schema import Names as NamesType

__all__ = [
    "Diff",
    "EntityChange",
    "FieldChange",
    "Placed",
    "compare",
    "entity_change",
    "field_changes",
    "plain",
]


@dataclass(frozen=True, slots=True)
class Placed:
    """An entity as found in one file of one revision."""

    collection: str
    entity: AnyEntity
    path: str
    """The file, relative to the repository (as git names it)."""
    order: int = 0
    """Its place among the entities read from that file (to list changes in file order)."""


@dataclass(frozen=True, slots=True)
class FieldChange:
    field: str
    """The entity's field as the YAML names it (`date`, `participants`), or `file` for a
    move, `entity` for an id that now names another type of entity."""
    before: Any
    after: Any
    """The whole field's value before and after, as plain data (None: not set)."""
    words: tuple[str, ...]
    """What changed in it, one line each, for a person."""


@dataclass(frozen=True, slots=True)
class EntityChange:
    kind: str
    """'added', 'removed' or 'changed' (a move is a change, see `moved`)."""
    before: Placed | None
    after: Placed | None
    fields: tuple[FieldChange, ...] = ()

    @property
    def placed(self) -> Placed:
        """Where it is now (where it was, for a removed one)."""
        found = self.after or self.before
        assert found is not None
        return found

    @property
    def entity_id(self) -> str:
        return self.placed.entity.id

    @property
    def moved(self) -> bool:
        return any(change.field == "file" for change in self.fields)


@dataclass(frozen=True, slots=True)
class Diff:
    added: tuple[EntityChange, ...] = ()
    removed: tuple[EntityChange, ...] = ()
    changed: tuple[EntityChange, ...] = ()

    def __bool__(self) -> bool:
        return bool(self.added or self.removed or self.changed)

    def __iter__(self) -> Any:
        yield from self.added
        yield from self.removed
        yield from self.changed


def compare(before: Mapping[str, Placed], after: Mapping[str, Placed]) -> Diff:
    """The entities added, removed and changed from `before` to `after` (by id), each list
    in the order of the files."""
    found = [entity_change(before.get(i), after.get(i)) for i in dict.fromkeys([*after, *before])]

    def in_file_order(kind: str) -> tuple[EntityChange, ...]:
        return tuple(
            sorted(
                (c for c in found if c is not None and c.kind == kind),
                key=lambda c: (c.placed.path, c.placed.order),
            )
        )

    return Diff(in_file_order("added"), in_file_order("removed"), in_file_order("changed"))


def entity_change(before: Placed | None, after: Placed | None) -> EntityChange | None:
    """How one entity changed (None: it did not, or it is on neither side)."""
    if before is None:
        return EntityChange("added", None, after) if after is not None else None
    if after is None:
        return EntityChange("removed", before, None)
    fields = list(field_changes(before.entity, after.entity))
    if before.path != after.path:
        fields.insert(
            0,
            FieldChange(
                "file",
                before.path,
                after.path,
                (_("moved from {old} to {new}").format(old=before.path, new=after.path),),
            ),
        )
    return EntityChange("changed", before, after, tuple(fields)) if fields else None


def field_changes(before: AnyEntity, after: AnyEntity) -> tuple[FieldChange, ...]:
    """Each field whose value differs, with what changed in it."""
    was, now = _record_of(before), _record_of(after)
    changes = []
    if was.name != now.name:
        changes.append(
            FieldChange(
                "entity",
                was.name,
                now.name,
                (_("now {kind} (was {was})").format(kind=_(_a(now.name)), was=_(_a(was.name))),),
            )
        )
    specs = {spec.name: spec for spec in (*now.fields, *was.fields)}
    for name, spec in specs.items():
        old, new = getattr(before, name, None), getattr(after, name, None)
        if name == "id":
            continue
        plain_old, plain_new = plain(old, spec.type), plain(new, spec.type)
        if plain_old == plain_new:
            continue
        words = _words(name, spec.type, old, new, plain_old, plain_new)
        changes.append(FieldChange(name, plain_old, plain_new, tuple(words)))
    return tuple(changes)


def _record_of(entity: AnyEntity) -> Record:
    return next(r for r in COLLECTIONS.values() if r.name == entity.entity_type)


# -- plain values -----------------------------------------------------------------------------


def plain(value: Any, kind: Type) -> Any:
    """`value` as plain data as the YAML writes it; None for a value that is not set."""
    if value is None or value == () or value == "" or (isinstance(value, Names) and not value):
        return None
    if isinstance(kind, ListOf):
        return [plain(item, kind.item) for item in value]
    if isinstance(kind, FieldMap):
        return {name: plain(item, kind.item) for name, item in value}
    if isinstance(kind, Record):
        out = {}
        for spec in kind.fields:
            item = plain(getattr(value, spec.name, None), spec.type)
            if item is not None:
                out[spec.name] = item
        return out
    if isinstance(kind, NamesType):
        return value.as_dict()
    if isinstance(kind, Date):
        return value.iso() if isinstance(value, FuzzyDate) else value
    return value


# -- words ------------------------------------------------------------------------------------

_SINGULAR = {
    "participants": "participant",
    "themes": "theme",
    "sources": "source",
    "aliases": "alias",
    "affiliations": "affiliation",
    "statements": "statement",
    "offices": "office",
    "figures": "figure",
    "outcomes": "outcome",
}


def _words(label: str, kind: Type, old: Any, new: Any, plain_old: Any, plain_new: Any) -> list[str]:
    if isinstance(kind, NamesType):
        return _names_words(label, plain_old or {}, plain_new or {})
    if isinstance(kind, ListOf) and isinstance(kind.item, Record):
        return _records_words(label, kind.item, old or (), new or ())
    if isinstance(kind, ListOf):
        return _list_words(label, plain_old or [], plain_new or [])
    if isinstance(kind, FieldMap):
        return _field_basis_words(kind.item, dict(old or ()), dict(new or ()))
    if isinstance(kind, Record):
        return _record_words(label + ":", kind, old, new)
    return _scalar_words(label, plain_old, plain_new)


def _scalar_words(label: str, old: Any, new: Any) -> list[str]:
    if old is None:
        return [_("{label} {value} added").format(label=label, value=_show(new))]
    if new is None:
        return [_("{label} {value} removed").format(label=label, value=_show(old))]
    if isinstance(old, str) and isinstance(new, str):
        shown_old, shown_new = _excerpts(old, new)
        return [f"{label} {shown_old} → {shown_new}"]
    return [f"{label} {_show(old)} → {_show(new)}"]


def _names_words(label: str, old: Mapping[str, str], new: Mapping[str, str]) -> list[str]:
    words = []
    for lang in dict.fromkeys([*new, *old]):
        named = label if lang == "*" else f"{label} ({lang})"
        if lang not in old:
            words.append(_("{label} {value} added").format(label=named, value=_quoted(new[lang])))
        elif lang not in new:
            words.append(_("{label} {value} removed").format(label=named, value=_quoted(old[lang])))
        elif old[lang] != new[lang]:
            shown_old, shown_new = _excerpts(old[lang], new[lang], quote=True)
            words.append(f"{named} {shown_old} → {shown_new}")
    return words


def _list_words(label: str, old: Sequence[Any], new: Sequence[Any]) -> list[str]:
    noun = _SINGULAR.get(label, label)
    remaining = list(new)
    removed = []
    for item in old:
        if item in remaining:
            remaining.remove(item)
        else:
            removed.append(item)
    words = [_("{label} {value} removed").format(label=noun, value=_show(item)) for item in removed]
    words += [
        _("{label} {value} added").format(label=noun, value=_show(item)) for item in remaining
    ]
    if not words:
        words = [
            _("{label} reordered: {old} → {new}").format(
                label=label, old=list_text(map(_show, old)), new=list_text(map(_show, new))
            )
        ]
    return words


def _records_words(label: str, record: Record, old: Sequence[Any], new: Sequence[Any]) -> list[str]:
    """Entries of a list of objects (participations, statements, …) matched by what names
    them (the participant; the text, label or title), then, except for participations, the
    rest matched in order: an edited statement is a changed statement, not another one."""
    old_keys, new_keys = _keys(record, old), _keys(record, new)
    pairs: list[tuple[int, int]] = []
    unmatched_new = dict(zip(new_keys, range(len(new)), strict=True))
    unmatched_old = []
    for index, key in enumerate(old_keys):
        if key in unmatched_new:
            pairs.append((index, unmatched_new.pop(key)))
        else:
            unmatched_old.append(index)
    leftover_new = sorted(unmatched_new.values())
    if record.name != "participation":
        while unmatched_old and leftover_new:
            pairs.append((unmatched_old.pop(0), leftover_new.pop(0)))
    words = [_("{label} removed").format(label=_item_label(record, old[i])) for i in unmatched_old]
    in_order: list[tuple[int, list[str]]] = [(j, [_added(record, new[j])]) for j in leftover_new]
    in_order += [
        (j, _record_words(_item_label(record, old[i]) + ":", record, old[i], new[j]))
        for i, j in pairs
    ]
    for _at, found in sorted(in_order, key=lambda item: item[0]):
        words += found
    if not words and [plain(o, record) for o in old] != [plain(n, record) for n in new]:
        words = [_("{label} reordered").format(label=label)]
    return words


def _record_words(prefix: str, record: Record, old: Any, new: Any) -> list[str]:
    words = []
    for spec in record.fields:
        was, now = getattr(old, spec.name, None), getattr(new, spec.name, None)
        plain_was, plain_now = plain(was, spec.type), plain(now, spec.type)
        if plain_was != plain_now:
            words += [
                f"{prefix} {word}"
                for word in _words(spec.name, spec.type, was, now, plain_was, plain_now)
            ]
    return words


def _field_basis_words(record: Record, old: Mapping[str, Any], new: Mapping[str, Any]) -> list[str]:
    words = []
    for name in dict.fromkeys([*new, *old]):
        label = _("field_basis of {field}").format(field=name)
        if name not in old:
            words.append(_("{label} added ({basis})").format(label=label, basis=new[name].basis))
        elif name not in new:
            words.append(
                _("{label} removed (was {basis})").format(label=label, basis=old[name].basis)
            )
        else:
            words += _record_words(label + ":", record, old[name], new[name])
    return words


def _keys(record: Record, items: Sequence[Any]) -> list[tuple[Any, int]]:
    """What names each entry, with its count among entries named alike (a participant may
    take part twice, in two roles)."""
    seen: dict[Any, int] = {}
    keys = []
    for item in items:
        key = _key(record, item)
        seen[key] = seen.get(key, 0) + 1
        keys.append((key, seen[key]))
    return keys


def _key(record: Record, item: Any) -> Any:
    if record.name == "participation":
        return item.participant
    first = record.fields[0]  # text, title, label: what the entry is
    value = plain(getattr(item, first.name, None), first.type)
    return tuple(sorted(value.items())) if isinstance(value, dict) else value


def _item_label(record: Record, item: Any) -> str:
    if record.name == "participation":
        return f"participant {item.participant}"
    first = getattr(item, record.fields[0].name, None)
    text = first.get() if isinstance(first, Names) else str(first or "")
    return f"{record.name} {_quoted(text, 40)}"


def _added(record: Record, item: Any) -> str:
    if record.name == "participation":
        return _("participant {id} added ({role})").format(
            id=item.participant, role=_show(item.role)
        )
    return _("{label} added").format(label=_item_label(record, item))


# -- showing values ---------------------------------------------------------------------------

_BARE = re.compile(r"[\w.:/+@-]{1,40}")
"""Values shown without quotes: ids, dates, kinds, numbers."""
_LONGEST = 60


def _show(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str):
        return value if _BARE.fullmatch(value) else _quoted(value)
    if isinstance(value, dict):
        return ", ".join(f"{key}: {_show(item)}" for key, item in value.items())
    return str(value)


def _quoted(text: str, limit: int = _LONGEST) -> str:
    text = " ".join(text.split())
    if len(text) > limit:
        text = text[: limit - 1] + "…"
    return f'"{text}"'


def _excerpts(old: str, new: str, *, quote: bool = False) -> tuple[str, str]:
    """Two versions of a text, cut to the part around what differs when they are long:
    `"…travelled to Sendai to…" → "…travelled to Tokyo to…"`."""
    old, new = " ".join(old.split()), " ".join(new.split())
    if len(old) <= _LONGEST and len(new) <= _LONGEST:
        if quote or not (_BARE.fullmatch(old) and _BARE.fullmatch(new)):
            return _quoted(old), _quoted(new)
        return old, new
    prefix = 0
    while prefix < min(len(old), len(new)) and old[prefix] == new[prefix]:
        prefix += 1
    suffix = 0
    while (
        suffix < min(len(old), len(new)) - prefix
        and old[len(old) - 1 - suffix] == new[len(new) - 1 - suffix]
    ):
        suffix += 1
    start = _word_start(old, max(0, prefix - 20))

    def cut(text: str) -> str:
        end = _word_end(text, len(text) - suffix + 20)
        if end > len(text) - 10:  # a short rest is shown whole
            end = len(text)
        part = text[start:end]
        if len(part) > _LONGEST:
            part = part[: _LONGEST - 1] + "…"
        elif end < len(text):
            part += "…"
        return '"' + ("…" if start else "") + part + '"'

    return cut(old), cut(new)


def _word_start(text: str, index: int) -> int:
    """`index`, moved back to the start of its word (by at most 15 characters)."""
    found = text.rfind(" ", max(0, index - 15), index)
    return found + 1 if found >= 0 else index


def _word_end(text: str, index: int) -> int:
    """`index`, moved on to the end of its word (by at most 15 characters)."""
    found = text.find(" ", index, index + 15)
    return found if found >= 0 else index


def _a(noun: str) -> str:
    return ("an " if noun[:1] in "aeiou" else "a ") + noun
