"""Damage in the store: noticed by a checksum, reported as one exception.

Kept apart from the rest of the store (and free of heavy imports) because every layer that
reads from a store (the base, the search index, the browser) catches `StoreDamaged`.
"""

from __future__ import annotations

import zlib
from collections.abc import Callable
from typing import TypeVar

_T = TypeVar("_T")


class StoreDamaged(LookupError):
    """The cache file went bad after it was opened (a truncated or overwritten file, a part
    of the search index missing): the caller drops it and reads the YAML again."""


def seal(payload: bytes) -> bytes:
    """A stored value with its CRC-32 in front, so that damage is noticed, not decoded."""
    return zlib.crc32(payload).to_bytes(4, "little") + payload


def unseal(data: bytes | None) -> bytes:
    """The payload of a sealed value; StoreDamaged when it is missing or its checksum is off."""
    if data is None or len(data) < 4 or zlib.crc32(data[4:]) != int.from_bytes(data[:4], "little"):
        raise StoreDamaged("a stored value is damaged")
    return bytes(data[4:])


def decoded(data: bytes | None, decode: Callable[[bytes], _T], what: str) -> _T:
    """A sealed value decoded; damage of any kind (a damaged value can make a decoder raise
    almost anything) as StoreDamaged."""
    payload = unseal(data)
    try:
        return decode(payload)
    except Exception as error:
        raise StoreDamaged(f"{what} cannot be read: {error}") from error
