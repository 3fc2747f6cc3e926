"""Plain data in and out of bytes: the only encoding of the stored search index.

A stored part is read from a file in the user's cache; whoever could write that file must
not be able to make this program run code (as unpickling would).  So a part holds nothing
but numbers, text and small JSON values, and decoding it can only give those back: flat
arrays of 32-bit numbers (`array.tobytes`), UTF-8 text, big integers (the bit sets) and
JSON (objects, lists, strings, numbers — never an object of a Python class).

A part is `"SP1"`, the kinds of its fields (one letter each), their lengths, then the
fields one after the other:

    u  unsigned 32-bit numbers, little-endian       t  UTF-8 text
    i  an unsigned integer of any size, little-endian  j  JSON (UTF-8)
    b  bytes (several integers, cut where a `u` field before them says)

The reader is told which kinds to expect and checks them, the lengths and the total: any
difference, or bytes that are not what their kind says, is a ValueError (the store calls
that a damaged store).
"""

from __future__ import annotations

import json
import sys
from array import array
from collections.abc import Iterable, Sequence

MAGIC = b"SP1"
_U32 = "I"
if array(_U32).itemsize != 4:  # every platform CPython supports today has a 4-byte int
    raise ImportError("the search index store needs a 4-byte array('I')")
_BIG_ENDIAN = sys.byteorder == "big"
_KINDS = frozenset("utijb")


class Writer:
    """Fields added in order; `bytes()` is the part."""

    __slots__ = ("_fields", "_kinds")

    def __init__(self) -> None:
        self._kinds: list[str] = []
        self._fields: list[bytes] = []

    def numbers(self, values: Iterable[int]) -> Writer:
        held = values if isinstance(values, array) and values.typecode == _U32 else None
        numbers = array(_U32, values) if held is None else held
        if _BIG_ENDIAN:
            numbers = array(_U32, numbers)
            numbers.byteswap()
        return self._add("u", numbers.tobytes())

    def text(self, value: str) -> Writer:
        return self._add("t", value.encode("utf-8", "surrogatepass"))

    def integer(self, value: int) -> Writer:
        return self._add("i", _integer_bytes(value))

    def integers(self, values: Sequence[int]) -> Writer:
        """Several integers (bit sets): their lengths, then their bytes."""
        encoded = [_integer_bytes(value) for value in values]
        self.numbers(len(data) for data in encoded)
        return self._add("b", b"".join(encoded))

    def json(self, value: object) -> Writer:
        encoded = json.dumps(value, ensure_ascii=False, separators=(",", ":"))
        return self._add("j", encoded.encode("utf-8", "surrogatepass"))

    def _add(self, kind: str, data: bytes) -> Writer:
        self._kinds.append(kind)
        self._fields.append(data)
        return self

    def __bytes__(self) -> bytes:
        kinds = "".join(self._kinds).encode("ascii")
        lengths = array(_U32, (len(field) for field in self._fields))
        if _BIG_ENDIAN:
            lengths.byteswap()
        return b"".join(
            (MAGIC, len(kinds).to_bytes(1, "little"), kinds, lengths.tobytes(), *self._fields)
        )


def _integer_bytes(value: int) -> bytes:
    if value < 0:
        raise ValueError("a stored integer is never negative")
    return value.to_bytes((value.bit_length() + 7) // 8, "little")


class Reader:
    """The fields of a part, read in order, each as the kind `expected` names."""

    __slots__ = ("_at", "_data", "_kinds", "_lengths", "_next")

    def __init__(self, data: bytes, expected: str) -> None:
        view = memoryview(data)
        if bytes(view[:3]) != MAGIC or len(view) < 4:
            raise ValueError("not a stored search index part")
        count = view[3]
        kinds = bytes(view[4 : 4 + count]).decode("ascii", "replace")
        if len(kinds) != count or kinds != expected or not set(kinds) <= _KINDS:
            raise ValueError(f"holds fields {kinds!r}, not {expected!r}")
        start = 4 + count
        lengths = _numbers(view[start : start + 4 * count])
        if len(lengths) != count:
            raise ValueError("its header is cut short")
        self._at = start + 4 * count
        if self._at + sum(lengths) != len(view):
            raise ValueError(f"is {len(view)} bytes, not the {self._at + sum(lengths)} it says")
        self._data = view
        self._kinds = kinds
        self._lengths = lengths
        self._next = 0

    def _take(self, kind: str) -> memoryview:
        index = self._next
        if index >= len(self._kinds) or self._kinds[index] != kind:
            raise ValueError(f"field {index} is not of kind {kind!r}")
        length = self._lengths[index]
        field = self._data[self._at : self._at + length]
        self._at += length
        self._next += 1
        return field

    def numbers(self) -> array[int]:
        return _numbers(self._take("u"))

    def text(self) -> str:
        return str(self._take("t"), "utf-8", "surrogatepass")

    def integer(self) -> int:
        return int.from_bytes(self._take("i"), "little")

    def integers(self) -> list[int]:
        lengths = self.numbers()
        data = self._take("b")
        if sum(lengths) != len(data):
            raise ValueError("its integers do not fill their bytes")
        out: list[int] = []
        at = 0
        for length in lengths:
            out.append(int.from_bytes(data[at : at + length], "little"))
            at += length
        return out

    def json(self) -> object:
        return json.loads(str(self._take("j"), "utf-8", "surrogatepass"))


def _numbers(data: memoryview) -> array[int]:
    if len(data) % 4:
        raise ValueError("an array of numbers has a piece of a number at its end")
    numbers = array(_U32)
    numbers.frombytes(data)
    if _BIG_ENDIAN:
        numbers.byteswap()
    return numbers


# -- checked JSON values ---------------------------------------------------------------------


def strings(value: object) -> list[str]:
    if not isinstance(value, list) or not set(map(type, value)) <= {str}:
        raise ValueError("expected a list of strings")
    return value


def integers(value: object) -> list[int]:
    if not isinstance(value, list) or not set(map(type, value)) <= {int}:
        raise ValueError("expected a list of whole numbers")
    return value


def string_map(value: object) -> dict[str, str]:
    if not isinstance(value, dict) or not all(isinstance(v, str) for v in value.values()):
        raise ValueError("expected an object of strings")
    return value


def check_below(numbers: Sequence[int], limit: int, what: str) -> None:
    """That each number is below `limit` (a document or word number that exists)."""
    if numbers and max(numbers) >= limit:
        raise ValueError(f"names {what} {max(numbers)}, of only {limit}")
