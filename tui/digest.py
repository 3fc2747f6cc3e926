"""SHA-256 without loading OpenSSL: the store's names and fingerprints are taken at every
start, and `import hashlib` loads OpenSSL's library for its constructors (4–5 ms of a warm
search's CPU, more than everything the hashes themselves cost).

CPython's own SHA-256 (the module `hashlib` falls back to where OpenSSL lacks an algorithm)
gives the same digests; where an interpreter has no such module, hashlib's is used.
"""

from __future__ import annotations

import sys

TYPE_CHECKING = False  # not typing's: importing typing would slow down every start
if TYPE_CHECKING:
    from collections.abc import Callable
    from hashlib import _Hash

__all__ = ["sha256"]


def sha256(data: bytes = b"") -> _Hash:
    """A SHA-256 hash object, as `hashlib.sha256(data)` makes it."""
    return _constructor()(data)


def _constructor() -> Callable[[bytes], _Hash]:
    global _made
    if _made is None:
        made: Callable[[bytes], _Hash]
        try:
            if sys.version_info >= (3, 12):
                from _sha2 import sha256 as made  # type: ignore[import-not-found,no-redef]
            else:
                from _sha256 import sha256 as made  # type: ignore[import-not-found,no-redef]
        except ImportError:  # pragma: no cover - an interpreter without CPython's own
            from hashlib import sha256 as made
        _made = made
    return _made


_made: Callable[[bytes], _Hash] | None = None
