"""A temporary SQLite file of plain-data rows: where a build in chunks (`chunked`) puts what
it has found of the documents it has seen, so that its memory does not grow with them.

A row is (kind, key, chunk, data): `data` is a `codec` part (numbers only, never a pickle),
read back in the order of its chunks.  The file lives in the cache folder beside the stores
(not in a temporary folder that may be memory: it holds about as much as the index) and is
removed when the build is done, or stopped.
"""

from __future__ import annotations

import contextlib
import os
import sqlite3
import tempfile
from array import array
from collections.abc import Iterator, Mapping
from pathlib import Path
from types import TracebackType

from tui.search.codec import Reader, Writer

PREFIX = "facts-index-spill-"


def spill_folder() -> str | None:
    """The cache folder of the stores when it exists (else the system's temporary one)."""
    try:
        from tui.store.folder import cache_dir

        folder = cache_dir()
    except Exception:  # no cache folder to be found: the system's temporary one
        return None
    return str(folder) if folder.is_dir() and os.access(folder, os.W_OK) else None


class Spill:
    """Rows of document lists, written once and read back by (kind, key) in chunk order."""

    def __init__(self, folder: str | Path | None = None) -> None:
        handle, self.path = tempfile.mkstemp(
            prefix=PREFIX, suffix=".sqlite", dir=folder if folder is not None else spill_folder()
        )
        os.close(handle)
        try:
            self._db = sqlite3.connect(self.path, isolation_level=None)
            self._db.executescript(
                "PRAGMA journal_mode = OFF; PRAGMA synchronous = OFF;"
                "PRAGMA cache_size = -8000;"
                "CREATE TABLE rows (kind INTEGER, key INTEGER, chunk INTEGER, data BLOB,"
                " PRIMARY KEY (kind, key, chunk)) WITHOUT ROWID;"
                "BEGIN;"
            )
        except BaseException:
            self.close()
            raise

    def __enter__(self) -> Spill:
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        trace: TracebackType | None,
    ) -> None:
        self.close()

    def close(self) -> None:
        with contextlib.suppress(Exception):
            self._db.close()
        with contextlib.suppress(OSError):
            os.remove(self.path)

    def put(self, kind: int, key: int, chunk: int, lists: Mapping[int, array[int]]) -> None:
        """Lists of documents by a number (a word, a gram, a place in a part)."""
        if not lists:
            return
        numbers = sorted(lists)
        offsets = array("I", [0])
        docs = array("I")
        for number in numbers:
            docs.extend(lists[number])
            offsets.append(len(docs))
        data = bytes(Writer().numbers(numbers).numbers(offsets).numbers(docs))
        self._db.execute("INSERT INTO rows VALUES (?, ?, ?, ?)", (kind, key, chunk, data))

    def rows(self, kind: int, key: int) -> Iterator[tuple[array[int], array[int], array[int]]]:
        """(numbers, offsets, documents) of each chunk in turn: the list of numbers[i] is
        documents[offsets[i]:offsets[i + 1]]."""
        found = self._db.execute(
            "SELECT data FROM rows WHERE kind = ? AND key = ? ORDER BY chunk", (kind, key)
        ).fetchall()
        for (data,) in found:
            reader = Reader(data, "uuu")
            yield reader.numbers(), reader.numbers(), reader.numbers()

    def drop(self, kind: int) -> None:
        """Rows no longer needed (their pages are used again)."""
        self._db.execute("DELETE FROM rows WHERE kind = ?", (kind,))
