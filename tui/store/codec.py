"""How the store writes what it keeps: plain data only, read back by decoders of its own.

Nothing read from a store is ever turned into code or into an object of a class the data
names: an entity is a JSON array of its fields in the order the model declares them, and
decoding it checks every value's type against that declaration before the model's own
constructor is called.  List orders and backlinks are ids joined by separators that no id
can hold.  Anything that does not decode as expected raises ValueError or TypeError, which
the reader reports as a damaged store.
"""

from __future__ import annotations

import functools
import itertools
import json
import re
import struct
import sys
import types
import typing
from array import array
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Any

from tui import entities
from tui.entities import NO_TEXT, AnyEntity, Facts, FuzzyDate, Names
from tui.patterns import DATE_PATTERN
from tui.record import fields, is_record

if TYPE_CHECKING:
    from tui.listing import Listing

Encode = Callable[[Any], Any]
Decode = Callable[[Any], Any]

COLLECTIONS = ("sources", "places", "participants", "themes", "events")
"""The collections, in the order a base holds them (and the store numbers them)."""

_TYPES = ("source", "place", "participant", "theme", "event")
_CLASSES: tuple[type[Any], ...] = (
    entities.Source,
    entities.Place,
    entities.Participant,
    entities.Theme,
    entities.Event,
)
_DATE = re.compile(DATE_PATTERN)
_SHARED = 40
"""Text up to this length is shared between the entities read (ids, kinds, roles, units:
they recur thousands of times); longer text is seldom repeated."""


def _text(value: Any) -> str:
    if type(value) is not str:
        raise TypeError("text expected")
    return sys.intern(value) if len(value) <= _SHARED else value


def _optional(decode: Decode) -> Decode:
    def optional(value: Any) -> Any:
        return None if value is None else decode(value)

    return optional


def _number(value: object) -> int | float:
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise TypeError("a number expected")
    return value


def _int(value: object) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        raise TypeError("an integer expected")
    return value


def _bool(value: object) -> bool:
    if not isinstance(value, bool):
        raise TypeError("true or false expected")
    return value


def _names_out(names: Names) -> list[str]:
    return [text for pair in names.items for text in pair]


def _names_in(value: Any) -> Names:
    if type(value) is not list or len(value) % 2:
        raise TypeError("names expected")
    if not value:
        return NO_TEXT  # one shared empty text, as the model has it
    texts = [_text(item) for item in value]
    return Names(tuple(zip(texts[::2], texts[1::2], strict=True)))


def _date_out(date: FuzzyDate) -> str:
    return date.iso()


def _date_in(value: Any) -> FuzzyDate:
    if type(value) is not str or not _DATE.match(value):
        raise TypeError("a date expected")
    date = FuzzyDate.parse(value)
    if not 1 <= (date.month or 1) <= 12 or not 1 <= (date.day or 1) <= 31:
        raise ValueError("a date expected")
    return date


def _tuple_of(decode: Decode) -> Decode:
    def many(value: Any) -> tuple[Any, ...]:
        if type(value) is not list:
            raise TypeError("a list expected")
        return tuple(decode(item) for item in value)

    return many


def _texts(value: Any) -> tuple[str, ...]:
    if type(value) is not list:
        raise TypeError("a list expected")
    return tuple(_text(item) for item in value)


def _identity(value: Any) -> Any:
    return value


def _codec(kind: Any) -> tuple[Encode, Decode]:
    """Encoder and decoder for one declared field type of the model."""
    if kind is str:
        return _identity, _text
    if kind is bool:
        return _identity, _bool
    if kind is int:
        return _identity, _int
    if kind is Names:
        return _names_out, _names_in
    if kind is FuzzyDate:
        return _date_out, _date_in
    origin = typing.get_origin(kind)
    arguments = typing.get_args(kind)
    if origin in (types.UnionType, typing.Union):
        rest = [a for a in arguments if a is not type(None)]
        if set(rest) == {int, float}:
            return _identity, _number
        if len(rest) == 1 and len(arguments) == 2:
            encode, decode = _codec(rest[0])
            return (lambda v: None if v is None else encode(v)), _optional(decode)
    if origin is tuple and len(arguments) == 2 and arguments[1] is Ellipsis:
        if arguments[0] is str:
            return list, _texts
        encode, decode = _codec(arguments[0])
        return (lambda v: [encode(item) for item in v]), _tuple_of(decode)
    if origin is tuple and Ellipsis not in arguments:
        return _fixed([_codec(argument) for argument in arguments])
    if is_record(kind):
        return _record(kind)
    raise TypeError(f"the store cannot keep a field of type {kind!r}")


def _fixed(codecs: Sequence[tuple[Encode, Decode]]) -> tuple[Encode, Decode]:
    """A tuple of a fixed size (a field's name and its basis) as an array."""
    size = len(codecs)

    def encode(value: Any) -> list[Any]:
        return [encode(item) for (encode, _), item in zip(codecs, value, strict=True)]

    def decode(value: Any) -> tuple[Any, ...]:
        if type(value) is not list or len(value) != size:
            raise TypeError("a pair expected")
        return tuple(decode(item) for (_, decode), item in zip(codecs, value, strict=True))

    return encode, decode


@functools.cache
def _hint(annotation: str) -> Any:
    """A field's declared type, from the annotation the model writes (as
    `typing.get_type_hints` would work it out, once per distinct annotation: the model's
    fields share a few dozen, and evaluating every class's hints cost each start that reads
    an entity milliseconds)."""
    # our own source's annotation, never data: evaluated as get_type_hints evaluates it
    return eval(annotation, vars(entities))


def _record(cls: type[Any]) -> tuple[Encode, Decode]:
    """A record as the array of its fields (those its constructor takes), in order."""
    names = [f.name for f in fields(cls) if f.init]
    codecs = [_codec(_hint(f.type)) for f in fields(cls) if f.init]
    encoders = [(name, encode) for name, (encode, _) in zip(names, codecs, strict=True)]
    decoders = [decode for _, decode in codecs]
    size = len(names)

    def encode(obj: Any) -> list[Any]:
        return [encode(getattr(obj, name)) for name, encode in encoders]

    def decode(value: Any) -> Any:
        if type(value) is not list or len(value) != size:
            raise TypeError(f"a {cls.__name__} expected")
        return cls(*(decode(item) for decode, item in zip(decoders, value, strict=True)))

    return encode, decode


_ENTITY: list[tuple[Encode, Decode] | None] = [None] * len(_CLASSES)


def _entity_codec(number: int) -> tuple[Encode, Decode]:
    """The codec of one entity type, made when one is first kept or read (working out the
    fields' types costs milliseconds at every start otherwise: see the README's "A lean
    start")."""
    found = _ENTITY[number]
    if found is None:
        found = _ENTITY[number] = _record(_CLASSES[number])
    return found


def encode_entity(entity: AnyEntity) -> bytes:
    """An entity as a JSON array: its collection's number, then its fields."""
    number = _TYPES.index(entity.entity_type)
    return json.dumps(
        [number, *_entity_codec(number)[0](entity)],
        ensure_ascii=False,
        separators=(",", ":"),
        allow_nan=True,
    ).encode()


def decode_entity(data: bytes) -> AnyEntity:
    value = json.loads(data)
    if type(value) is not list or not value or type(value[0]) is not int:
        raise TypeError("an entity expected")
    number = value[0]
    if not 0 <= number < len(_ENTITY):
        raise TypeError("an entity expected")
    entity: AnyEntity = _entity_codec(number)[1](value[1:])
    return entity


# -- facts, per fact file -----------------------------------------------------------------------

_FACTS = tuple(f.name for f in fields(Facts) if f.name != "type")
assert _FACTS[0] == "id" and fields(Facts)[1].name == "type"
_LISTS = frozenset({"targets", "cited", "members", "roles", "themes", "sure"})
_OPTIONAL = frozenset({"parent", "seat", "place"})
_STR = frozenset({str})
_MAYBE_STR = frozenset({str, type(None)})
_LIST = frozenset({list})


def encode_facts(by_collection: Sequence[Sequence[Facts]]) -> bytes:
    """The facts of one file's entities, collection by collection, a column per field:
    each column is then checked with one pass over it when read back."""
    columns = [[[getattr(f, name) for f in facts] for name in _FACTS] for facts in by_collection]
    return json.dumps(columns, ensure_ascii=False, separators=(",", ":")).encode()


def decode_facts(data: bytes) -> tuple[tuple[Facts, ...], ...]:
    """The facts of one file, every value's type checked (a column at a time: after an
    edit the store reads every file's facts)."""
    value = json.loads(data)
    if type(value) is not list or len(value) != len(COLLECTIONS):
        raise TypeError("the facts of a file expected")
    out = []
    for kind, columns in zip(_TYPES, value, strict=True):
        if type(columns) is not list or len(columns) != len(_FACTS):
            raise TypeError("facts expected")
        size = len(columns[0]) if columns and type(columns[0]) is list else -1
        for name, column in zip(_FACTS, columns, strict=True):
            if type(column) is not list or len(column) != size:
                raise TypeError("facts expected")
            if name in _LISTS:
                if (
                    not set(map(type, column)) <= _LIST
                    or not set(map(type, itertools.chain.from_iterable(column))) <= _STR
                ):
                    raise TypeError("facts expected")
            elif not set(map(type, column)) <= (_MAYBE_STR if name in _OPTIONAL else _STR):
                raise TypeError("facts expected")
        ready = [
            map(tuple, column) if name in _LISTS else column
            for name, column in zip(_FACTS, columns, strict=True)
        ]
        # Facts takes id, type, then the rest, in the order of _FACTS
        out.append(tuple(map(Facts, ready[0], itertools.repeat(kind), *ready[1:])))
    return tuple(out)


# -- ids: lists, backlinks, references ----------------------------------------------------------

_ID = re.compile(r"[a-z0-9][a-z0-9._-]*")
_ROWS = "\x1e"
_IDS = "\n"


def join_ids(ids: Sequence[str]) -> str:
    return _IDS.join(ids)


_ID_LINES = re.compile(rf"{_ID.pattern}(?:{_IDS}{_ID.pattern})*")
"""Ids joined by `join_ids`, checked in one match: a page of a broad theme reads lists of
100 000 ids (the timeline, the file order), a match per id cost a fifth of its time."""


def split_ids(text: str) -> tuple[str, ...]:
    """Ids joined by `join_ids` (checked to be ids: nothing else is ever stored so)."""
    if not text:
        return ()
    if not _ID_LINES.fullmatch(text):
        raise ValueError("an id expected")
    return tuple(text.split(_IDS))


def encode_links(row: Sequence[Sequence[str]]) -> bytes:
    """The backlinks of one entity: one list of ids per table."""
    return _ROWS.join(join_ids(ids) for ids in row).encode()


def decode_links(data: bytes, tables: int) -> tuple[tuple[str, ...], ...]:
    parts = data.decode().split(_ROWS)
    if len(parts) != tables:
        raise ValueError("a row of backlinks expected")
    return tuple(split_ids(part) for part in parts)


_LISTING = struct.Struct("<III")


def encode_listing(listing: Listing) -> bytes:
    ids = join_ids(listing.ids).encode()
    years = listing.years.tobytes()
    return (
        _LISTING.pack(len(ids), len(listing.depths), len(years))
        + ids
        + bytes(listing.depths)
        + years
    )


def decode_listing(data: bytes) -> Listing:
    size, depth_size, year_size = _LISTING.unpack_from(data)
    at = _LISTING.size
    if at + size + depth_size + year_size != len(data) or year_size % 4:
        raise ValueError("a list order expected")
    ids = split_ids(data[at : at + size].decode())
    depths = bytes(data[at + size : at + size + depth_size])
    years = array("i")
    years.frombytes(data[at + size + depth_size :])
    if len(depths) != len(ids) or len(years) not in (0, len(ids)):
        raise ValueError("a list order expected")
    from tui.listing import Listing  # only the browser's lists read one

    return Listing(ids, depths, years)


@functools.cache
def reference_kinds() -> tuple[tuple[str, ...], ...]:
    """Every set of collections a reference of the schema may name: a stored reference
    keeps the number of its set.  (Worked out when a file is stored or checked against the
    store, not at import: opening a current store needs no schema.)"""
    from tui import schema

    found: set[tuple[str, ...]] = set()

    def walk(kind: schema.Type) -> None:
        if isinstance(kind, schema.Ref):
            found.add(kind.collections)
        elif isinstance(kind, schema.ListOf):
            walk(kind.item)
        elif isinstance(kind, schema.Record):
            for spec in kind.fields:
                walk(spec.type)

    for record in schema.COLLECTIONS.values():
        walk(record)
    return tuple(sorted(found))


@functools.cache
def _kind_numbers() -> dict[tuple[str, ...], int]:
    return {kind: number for number, kind in enumerate(reference_kinds())}


def encode_kinds(kinds: Sequence[tuple[str, ...]]) -> bytes:
    """What each reference may name, one byte each."""
    numbers = _kind_numbers()
    return bytes(numbers[kind] for kind in kinds)


def decode_kinds(data: bytes) -> tuple[tuple[str, ...], ...]:
    known = reference_kinds()
    try:
        return tuple(known[number] for number in data)
    except IndexError:
        raise ValueError("stored references are damaged") from None
