"""Search over the fact base, shared by `facts search` and the browser's live search.

Built once per load (`SearchIndex.build(base)`), or opened over a stored base
(`SearchIndex.open`), then asked per keystroke.  The modules, in the order data flows:

    fold        words as the search compares them (case, accents, ü = ue, Japanese)
    fields      what text an entity offers, in which tier (names, id, own text, links)
    vocabulary  word ids while building
    build       base → index tables (`tables.IndexTables`, one typed value)
    codec       plain data ↔ bytes (no pickle: decoding constructs numbers and text only)
    store       index tables ↔ named parts of the store, read lazily behind one lock
    query       the query language: words, "phrases", kind:/theme:/year:/participant:
    filters     what the filters select
    engine      querying: tables → ranked hits (`SearchIndex`)
    snippet     why a hit matched: the text around it, marked
    typos, bits, memo   one-typo matching, document sets as integers, thread-safe caches

Nothing here imports Textual.
"""

from __future__ import annotations

import hashlib
from functools import cache
from pathlib import Path

from tui.search.engine import Hit, SearchIndex, SearchResult
from tui.search.query import Query, QueryError

__all__ = ["Hit", "Query", "QueryError", "SearchIndex", "SearchResult", "cache_key",
           "code_files"]


def code_files() -> list[Path]:
    """The modules whose code decides what a stored index holds: every module of this
    package (a new one is included without being listed anywhere)."""
    return sorted(Path(__file__).resolve().parent.glob("*.py"))


@cache
def cache_key() -> str:
    """The name the index is kept under in the store (`tui.load.load_with`): it changes with
    the search code, so that an index stored by other code is never opened."""
    digest = hashlib.sha256()
    for path in code_files():
        digest.update(path.name.encode() + b"\0" + path.read_bytes() + b"\0")
    return "search-index-" + digest.hexdigest()[:16]
