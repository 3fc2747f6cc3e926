"""The store: a checked fact base kept in the user's cache, opened instead of loaded.

Writing (`writer`) and reading (`reader`) side by side; `codec` is how values are kept
(plain data only), `folder` where the store lives and when it may be trusted,
`fingerprint` when it is current, `damage` how damage is noticed.  The loader (`tui.load`)
is the only caller that writes.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from tui.store.damage import StoreDamaged
from tui.store.fingerprint import MissingCode, code_key, content_digest, signature
from tui.store.folder import cache_dir, cache_file, derived_file, discard, enabled
from tui.store.reader import FileRecord, Store, StoredBase, open_parts, open_store

if TYPE_CHECKING:
    from tui.store.writer import Fresh, update, write, write_parts, write_parts_over

__all__ = [
    "FileRecord",
    "Fresh",
    "MissingCode",
    "Store",
    "StoreDamaged",
    "StoredBase",
    "cache_dir",
    "cache_file",
    "code_key",
    "content_digest",
    "discard",
    "enabled",
    "opened",
    "parts",
    "signature",
    "update",
    "write",
    "write_parts",
    "write_parts_over",
]


_WRITER = frozenset({"Fresh", "update", "write", "write_parts", "write_parts_over"})


def __getattr__(name: str) -> Any:
    """The writer is imported when something is first written: a command that opens a
    current store writes nothing (the README's "A lean start")."""
    if name in _WRITER:
        from tui.store import writer

        return getattr(writer, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def opened(root: Path) -> Store | None:
    """The store of the fact base at `root`, when there is one that may be used."""
    return open_store(cache_file(root))


def parts(root: Path, token: str, name: str) -> Callable[[str], bytes | None] | None:
    """The stored parts of the value `name` derived from the stored base with `token`."""
    return open_parts(derived_file(root, name), token)
