"""Search over the fact base, shared by `facts search` and the browser's live search.

Built once per load (`engine.SearchIndex.build(base)`), or opened over a stored base
(`SearchIndex.open`), then asked per keystroke.  The modules, in the order data flows:

    fold        words as the search compares them (case, accents, ü = ue, Japanese)
    fields      what text an entity offers, in which tier (names, id, own text, links)
    vocabulary  word ids while building
    build       base → index tables (`tables.IndexTables`, one typed value)
    chunked     base → the stored parts, chunk of documents by chunk (a first check), with
                their lists spilled to a temporary file (`spill`): memory bounded
    codec       plain data ↔ bytes (no pickle: decoding constructs numbers and text only)
    store       index tables ↔ named parts of the store, read lazily behind one lock
    query       the query language: words, "phrases", kind:/theme:/year:/participant:/changed:
    filters     what the filters select
    engine      querying: tables → ranked hits (`SearchIndex`)
    snippet     why a hit matched: the text around it, marked
    typos, bits, memo   one-typo matching, document sets as integers, thread-safe caches

Nothing here imports Textual.
"""

from __future__ import annotations

from functools import cache
from typing import TYPE_CHECKING

from tui.search.query import Query, QueryError

if TYPE_CHECKING:
    from pathlib import Path

__all__ = ["Query", "QueryError", "cache_key", "code_files"]
"""The engine (`SearchIndex`, `Hit`, `SearchResult`) is imported from `tui.search.engine`:
the words and the query language of this package are also read by modules that never
search (the meetings, and with them the summary), which must not pay for the engine."""


def code_files() -> list[Path]:
    """The modules whose code decides what a stored index holds: every module of this
    package (a new one is included without being listed anywhere)."""
    from pathlib import Path  # here: the words and the query language import without it

    return sorted(Path(__file__).resolve().parent.glob("*.py"))


@cache
def cache_key() -> str:
    """The name the index is kept under in the store (`tui.load.load_with`): it changes with
    the search code, so that an index stored by other code is never opened."""
    from tui.digest import new_hash

    digest = new_hash()
    for path in code_files():
        digest.update(path.name.encode() + b"\0" + path.read_bytes() + b"\0")
    return "search-index-" + digest.hexdigest()[:16]
