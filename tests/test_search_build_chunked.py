"""The search index built in chunks of documents (`tui.search.chunked`) is the index built in
memory, part for part and byte for byte, whatever the base and the chunk size; its spill
holds plain data only and is gone afterwards; a first `facts check` stores it so, and the
first search after it reads what was stored instead of building the tables again."""

from __future__ import annotations

import importlib.util
import os
import sys
from collections.abc import Iterator
from pathlib import Path
from types import ModuleType

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import tui.search.build as search_build
import tui.search.chunked as chunked
import tui.search.spill as spill
import tui.search.store as search_store
import tui.search.tables as search_tables
from tui.load import load, load_with
from tui.model import FactBase, MemoryBase
from tui.search import cache_key
from tui.search.build import build_tables
from tui.search.dump import dump_tables
from tui.search.engine import SearchIndex

ROOT = Path(__file__).resolve().parent.parent


def _generator() -> ModuleType:
    spec = importlib.util.spec_from_file_location("generate", ROOT / "benchmarks" / "generate.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules.setdefault("generate", module)
    spec.loader.exec_module(module)
    return module


GENERATE = _generator()


def in_memory(base: FactBase) -> dict[str, bytes]:
    return dump_tables(build_tables(base))


def generated(folder: Path, events: int, seed: int) -> FactBase:
    GENERATE.generate(events, seed, folder)
    result = load(folder, cache=False)
    assert result.base is not None, result.problems[:3]
    return result.base


def small_layout(monkeypatch: pytest.MonkeyPatch) -> None:
    """Parts, blocks and super blocks of a few words, common words from a few documents on:
    a small base then spans many of each (and blocks span postings parts)."""
    monkeypatch.setattr(search_store, "WORDS_PER_PART", 16)
    monkeypatch.setattr(search_store, "DOCS_PER_PART", 8)
    monkeypatch.setattr(search_store, "BLOCKS_PER_PART", 3)
    monkeypatch.setattr(search_store, "NAMES_PER_PART", 8)
    monkeypatch.setattr(search_tables, "BLOCK", 24)
    monkeypatch.setattr(search_tables, "SUPER", 24 * 5)
    monkeypatch.setattr(search_build, "heavy_from", lambda size: 3)


@pytest.fixture(scope="module")
def bases(tmp_path_factory: pytest.TempPathFactory) -> dict[tuple[int, int], FactBase]:
    return {}


@settings(
    max_examples=int(os.environ.get("FACTS_FUZZ_EXAMPLES", "25")),
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
@given(
    events=st.integers(1, 60),
    seed=st.integers(0, 50),
    chunk=st.integers(1, 200),
    small=st.booleans(),
)
def test_a_build_in_chunks_gives_the_parts_of_a_build_in_memory(
    tmp_path_factory: pytest.TempPathFactory,
    bases: dict[tuple[int, int], FactBase],
    events: int,
    seed: int,
    chunk: int,
    small: bool,
) -> None:
    key = (events, seed)
    if key not in bases:
        bases[key] = generated(tmp_path_factory.mktemp("base"), events, seed)
    base = bases[key]
    with pytest.MonkeyPatch.context() as monkeypatch:
        if small:
            small_layout(monkeypatch)
        expected = in_memory(base)
        found = chunked.parts_of(base, min(chunk, len(base) + 1))
    assert found.keys() == expected.keys()
    assert [name for name in expected if found[name] != expected[name]] == []


def test_every_chunk_size_on_the_shipped_base(
    shipped_base: FactBase, monkeypatch: pytest.MonkeyPatch
) -> None:
    small_layout(monkeypatch)
    expected = in_memory(shipped_base)
    assert any(name.startswith("heavy.") for name in expected)  # bit sets are compared too
    assert sum(name.startswith("blocks.") for name in expected) > 4
    for chunk in [*range(1, 12), 17, 50, len(shipped_base) - 1, len(shipped_base), 10_000]:
        assert chunked.parts_of(shipped_base, chunk) == expected, chunk


def test_the_normal_layout_on_a_generated_base(tmp_path: Path) -> None:
    base = generated(tmp_path / "base", 400, 1)
    expected = in_memory(base)
    assert chunked.parts_of(base, 97) == expected


def test_a_chunk_holds_at_least_one_document(shipped_base: FactBase) -> None:
    with pytest.raises(ValueError, match="at least one document"):
        chunked.parts_of(shipped_base, 0)


def test_a_base_of_one_chunk_is_built_in_memory(
    shipped_base: FactBase, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(chunked, "Spill", None)  # never made
    assert chunked.parts_of(shipped_base, len(shipped_base), str(tmp_path)) == in_memory(
        shipped_base
    )


def test_an_empty_base() -> None:
    empty = MemoryBase()
    assert chunked.parts_of(empty, 3) == in_memory(empty)


# -- the spill --------------------------------------------------------------------------------


def spills(folder: Path) -> list[str]:
    return sorted(name for name in os.listdir(folder) if name.startswith(spill.PREFIX))


def test_the_spill_holds_plain_data_and_is_removed(
    shipped_base: FactBase, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    made: list[spill.Spill] = []
    start = spill.Spill.__init__

    def init(self: spill.Spill, folder: str | Path | None = None) -> None:
        start(self, folder)
        made.append(self)

    monkeypatch.setattr(spill.Spill, "__init__", init)
    parts = chunked.build_parts(shipped_base, 10, str(tmp_path))
    first = next(parts)
    assert first[0] == "meta"
    (name,) = spills(tmp_path)
    assert made[0].path == str(tmp_path / name)
    rows = made[0]._db.execute("SELECT kind, key, chunk, data FROM rows").fetchall()
    assert len(rows) > 20
    # every row a codec part of three lists of 32-bit numbers: nothing that could be code
    assert {bytes(data[:7]) for *_, data in rows} == {b"SP1\x03uuu"}
    rest = dict(parts)
    assert spills(tmp_path) == []
    assert {"meta": first[1], **rest} == in_memory(shipped_base)


def test_a_build_stopped_halfway_removes_its_spill(shipped_base: FactBase, tmp_path: Path) -> None:
    parts = chunked.build_parts(shipped_base, 10, str(tmp_path))
    next(parts)
    assert len(spills(tmp_path)) == 1
    parts.close()
    assert spills(tmp_path) == []


def test_a_chunk_is_spilled_before_the_next_is_read(
    shipped_base: FactBase, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """What bounds the memory: each chunk's lists hold its own documents only, and go to
    the spill before the next chunk's first document is read."""
    events: list[tuple[str, int]] = []
    words = search_build.doc_words

    def read(*args: object) -> object:
        events.append(("read", args[-1]))  # type: ignore[arg-type]
        return words(*args)  # type: ignore[arg-type]

    put = spill.Spill.put

    def spilled(self: spill.Spill, kind: int, key: int, number: int, lists: object) -> None:
        if kind < len(search_build.TIERS):  # a chunk's lists by word
            for docs in lists.values():  # type: ignore[attr-defined]
                assert all(key * 10 <= doc < key * 10 + 10 for doc in docs)
            events.append(("spilled", key))
        put(self, kind, key, number, lists)  # type: ignore[arg-type]

    monkeypatch.setattr(chunked, "doc_words", read)
    monkeypatch.setattr(spill.Spill, "put", spilled)
    dict(chunked.build_parts(shipped_base, 10, str(tmp_path)))
    spilled_before: set[int] = set()
    reads = 0
    for what, number in events:
        if what == "read":
            reads += 1
            assert spilled_before == set(range(number // 10))
        else:
            spilled_before.add(number)
    assert reads == len(shipped_base)
    assert spilled_before == set(range(-(-len(shipped_base) // 10)))


# -- through the loader ------------------------------------------------------------------------


@pytest.fixture
def cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "cache"
    monkeypatch.setenv("FACTS_CACHE_DIR", str(folder))
    monkeypatch.delenv("FACTS_NO_CACHE", raising=False)
    return folder


def no_build_in_memory(*_: object) -> Iterator[None]:
    raise AssertionError("the tables were built in memory")


def test_a_first_check_stores_the_index_built_in_chunks(
    shipped_path: Path, shipped_base: FactBase, cache: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(chunked, "CHUNK", 16)
    monkeypatch.setattr(search_build, "build_tables", no_build_in_memory)
    key = cache_key()
    result, extras = load_with(shipped_path, {key: SearchIndex})
    assert result.base is not None
    index = extras[key]
    # opened from the store the build wrote: the first query builds nothing more
    assert repr(index) == "<SearchIndex opened from a store>"
    hits = index.search("koriyama")
    assert hits and hits[0].id
    monkeypatch.setattr(search_build, "build_tables", build_tables)
    assert dict(index.dump()) == in_memory(result.base)
    assert spills(cache) == []
