"""The hash of the store's names and fingerprints, without loading OpenSSL.

They are taken at every start (the store's name from the base's path, the code's
fingerprint from some 400 KB of the program's own source), and `import hashlib` loads
OpenSSL's library for its constructors: 4–5 ms of a warm search's CPU, more than the
hashing.  BLAKE2b, 32 bytes, from CPython's own module (which hashlib itself uses for it)
costs nothing to import and hashes that source in about half a millisecond, where CPython's
own SHA-256 would take 2 ms; where an interpreter has no such module, hashlib's is used.
Nothing depends on the algorithm but the store's own names and keys (a change of it only
makes the stores be written anew once).
"""

from __future__ import annotations

TYPE_CHECKING = False  # not typing's: importing typing would slow down every start
if TYPE_CHECKING:
    from hashlib import blake2b

__all__ = ["new_hash"]

SIZE = 32
"""Bytes of a digest (64 hex digits)."""


def new_hash(data: bytes = b"") -> blake2b:
    """A hash object (update, digest, hexdigest) over `data` and what is added to it."""
    try:
        from _blake2 import blake2b as made
    except ImportError:  # pragma: no cover - an interpreter without CPython's own
        from hashlib import blake2b as made
    return made(data, digest_size=SIZE)
