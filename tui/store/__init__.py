"""The store: a checked fact base kept in the user's cache, opened instead of loaded.

Writing (`writer`) and reading (`reader`) side by side; `folder` says where the store lives
and which files there may be trusted, `fingerprint` when a store is current, `damage` how
damage is noticed.  The loader (`tui.load`) is the only caller that writes.
"""

from __future__ import annotations

from tui.store.damage import StoreDamaged
from tui.store.fingerprint import MissingCode, key
from tui.store.folder import cache_dir, cache_file, discard, enabled
from tui.store.reader import StoredBase, open_base
from tui.store.writer import add_parts, write

__all__ = ["MissingCode", "StoreDamaged", "StoredBase", "add_parts", "cache_dir", "cache_file",
           "discard", "enabled", "key", "open_base", "write"]
