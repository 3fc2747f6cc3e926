"""The stored search index is plain data: whatever bytes a store holds, opening and asking
the index can only answer or say the store is damaged — it never runs code from the store,
and never fails with another exception."""

from __future__ import annotations

import ast
import pickle
import subprocess
import sys
import threading
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import tui.search
from tui.model import FactBase
from tui.search import QueryError, cache_key, code_files
from tui.search.codec import Reader, Writer
from tui.search.engine import SearchIndex
from tui.search.store import FORMAT

PACKAGE = Path(tui.search.__file__).resolve().parent
QUERIES = [
    "essen",
    "wasserstoff",
    "郡山",
    "kind:signing",
    "theme:hydrogen",
    "year:2017 kufen",
    '"memorandum of understanding"',
    "fukushma",
    "rakutn symfony",
    "k",
    "1&1",
    "2017",
]
SLOW_OK = settings(deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])


@pytest.fixture(scope="module")
def built(shipped_base: FactBase) -> SearchIndex:
    return SearchIndex.build(shipped_base)


@pytest.fixture(scope="module")
def parts(built: SearchIndex) -> dict[str, bytes]:
    return built.dump()


def ask(index: SearchIndex, queries: list[str]) -> list[Any]:
    out: list[Any] = []
    for query in queries:
        try:
            out.append(index.query(query, limit=10))
        except QueryError as error:
            out.append(str(error))
    return out


# -- nothing but plain data --------------------------------------------------------------------


def test_no_module_of_the_search_can_decode_objects() -> None:
    forbidden = {"pickle", "marshal", "shelve", "dill", "cloudpickle", "copyreg"}
    found = []
    for path in code_files():
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            names: list[str] = []
            if isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom) and node.module:
                names = [node.module]
            found += [f"{path.name}: {name}" for name in names if name.split(".")[0] in forbidden]
            if isinstance(node, ast.Call) and getattr(node.func, "id", "") in {"eval", "exec"}:
                found.append(f"{path.name}: {node.func.id}")  # type: ignore[attr-defined]
    assert found == []


RAN: list[str] = []


class Payload:
    """What an attacker would plant: unpickling it calls RAN.append."""

    def __reduce__(self) -> tuple[Callable[[str], None], tuple[str]]:
        return (RAN.append, ("code from the store ran",))


@pytest.mark.parametrize("name", ["meta", "vocab", "docs.0", "postings.0.0", "filter.kinds"])
def test_a_planted_pickle_is_a_damaged_store_and_runs_nothing(
    parts: dict[str, bytes], shipped_base: FactBase, name: str
) -> None:
    planted = dict(parts)
    planted[name] = pickle.dumps(Payload())
    index = SearchIndex.open(shipped_base, planted.get)
    with pytest.raises(LookupError, match=f"search index part '{name}' cannot be read"):
        for query in QUERIES:
            index.query(query)
    assert RAN == []


def test_an_index_stored_in_the_old_format_is_not_opened(
    parts: dict[str, bytes], shipped_base: FactBase
) -> None:
    old = dict(parts)
    meta = Reader(parts["meta"], "j").json()
    assert isinstance(meta, dict)
    old["meta"] = bytes(Writer().json({**meta, "format": 1}))
    with pytest.raises(LookupError, match=f"has format 1, not {FORMAT}"):
        SearchIndex.open(shipped_base, old.get).query("essen")


def test_the_store_name_changes_with_every_module_of_the_package() -> None:
    """A stored index is found by `cache_key()`: it must hash every module there is (a file
    listed but missing, or a module left out, would let old parts be opened by new code)."""
    listed = code_files()
    assert listed == sorted(PACKAGE.glob("*.py"))
    assert all(path.is_file() for path in listed)
    assert {"engine.py", "store.py", "build.py", "codec.py", "tables.py", "fold.py"} <= {
        path.name for path in listed
    }
    assert cache_key().startswith("search-index-")


# -- damage of any kind --------------------------------------------------------------------------


def damaged(data: bytes, how: str, at: int, value: int) -> bytes:
    if not data:
        return bytes([value])
    at %= len(data)
    if how == "cut":
        return data[:at]
    if how == "flip":
        return data[:at] + bytes([data[at] ^ (value or 1)]) + data[at + 1 :]
    if how == "grow":
        return data + bytes([value]) * (at % 7 + 1)
    return bytes([value]) * at


@settings(SLOW_OK, max_examples=300)
@given(
    which=st.integers(0, 10_000),
    other=st.integers(0, 10_000),
    how=st.sampled_from(["cut", "flip", "grow", "junk", "swap"]),
    at=st.integers(0, 1 << 20),
    value=st.integers(0, 255),
)
def test_one_damaged_part_answers_or_is_a_damaged_store(
    parts: dict[str, bytes],
    shipped_base: FactBase,
    which: int,
    other: int,
    how: str,
    at: int,
    value: int,
) -> None:
    names = sorted(parts)
    name = names[which % len(names)]
    broken = dict(parts)
    if how == "swap":  # another part's bytes under this name
        broken[name] = parts[names[other % len(names)]]
    else:
        broken[name] = damaged(parts[name], how, at, value)
    index = SearchIndex.open(shipped_base, broken.get)
    try:
        ask(index, QUERIES)
        index.kinds()
    except LookupError:
        pass


def test_a_part_holding_numbers_beyond_the_base_is_a_damaged_store(
    parts: dict[str, bytes], shipped_base: FactBase
) -> None:
    broken = dict(parts)
    reader = Reader(parts["postings.0.0"], "uuu")
    offsets, ids, heavy = reader.numbers(), reader.numbers(), reader.numbers()
    ids[0] = len(shipped_base) + 5
    broken["postings.0.0"] = bytes(Writer().numbers(offsets).numbers(ids).numbers(heavy))
    index = SearchIndex.open(shipped_base, broken.get)
    with pytest.raises(LookupError, match="a document beyond the"):
        ask(index, QUERIES)


# -- the codec ----------------------------------------------------------------------------------

TEXT = st.text(st.characters(codec="utf-8") | st.sampled_from(["\ud800", "\udfff"]))
JSON = st.recursive(
    st.none() | st.booleans() | st.integers() | TEXT,
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(TEXT, inner, max_size=4),
    max_leaves=10,
)


@settings(max_examples=200)
@given(
    numbers=st.lists(st.integers(0, 2**32 - 1), max_size=50),
    text=TEXT,
    integer=st.integers(0, 2**300),
    integers=st.lists(st.integers(0, 2**200), max_size=5),
    value=JSON,
)
def test_fields_read_back_as_written(
    numbers: list[int], text: str, integer: int, integers: list[int], value: object
) -> None:
    data = bytes(
        Writer().numbers(numbers).text(text).integer(integer).integers(integers).json(value)
    )
    reader = Reader(data, "utiubj")
    assert list(reader.numbers()) == numbers
    assert reader.text() == text
    assert reader.integer() == integer
    assert reader.integers() == integers
    assert reader.json() == value


@settings(max_examples=300)
@given(data=st.binary(max_size=64), expected=st.sampled_from(["u", "t", "j", "uuu", "ub", "juuj"]))
def test_any_bytes_read_as_their_fields_or_raise_value_error(data: bytes, expected: str) -> None:
    for candidate in (data, b"SP1" + data):
        try:
            reader = Reader(candidate, expected)
            for kind in expected:
                {"u": reader.numbers, "t": reader.text, "j": reader.json, "i": reader.integer}.get(
                    kind, lambda: None
                )()
        except ValueError:
            pass


# -- threads ------------------------------------------------------------------------------------


def asked_at_once(index: SearchIndex, queries: list[str]) -> dict[int, list[Any]]:
    """Four threads asking `queries` (each starting elsewhere in the list) while a fifth
    keeps dropping what the index remembers."""
    results: dict[int, list[Any]] = {}
    stop = threading.Event()

    def run(number: int) -> None:
        results[number] = ask(index, queries[number:] + queries[:number])

    def forget() -> None:
        while not stop.is_set():
            index.forget()

    threads = [threading.Thread(target=run, args=(n,)) for n in range(4)]
    dropper = threading.Thread(target=forget)
    dropper.start()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    stop.set()
    dropper.join()
    return results


def test_many_threads_asking_at_once_get_what_one_thread_gets(
    built: SearchIndex, parts: dict[str, bytes], shipped_base: FactBase
) -> None:
    """Every keystroke of several queries, asked from four threads at once of a built and of
    an opened index, while another thread keeps dropping what the index remembers."""
    queries = [q[:end] for q in QUERIES for end in range(1, len(q) + 1)]
    expected = ask(built, queries)
    switch = sys.getswitchinterval()
    sys.setswitchinterval(1e-6)  # switch threads as often as possible
    try:
        for index in (built, SearchIndex.open(shipped_base, parts.get)):
            results = asked_at_once(index, queries)
            assert len(results) == 4
            for number, got in results.items():
                assert got == expected[number:] + expected[:number]
    finally:
        sys.setswitchinterval(switch)


def test_the_words_and_the_query_language_import_without_the_engine() -> None:
    """The meetings (and so the summary) use the search's year rule and event years: they
    must not pay for importing the engine, the store or the loader."""
    code = (
        "import sys\n"
        "from tui.search.fields import event_years\n"
        "from tui.search.query import year_range\n"
        "print(sorted(m for m in ('tui.search.engine', 'tui.search.store', 'tui.load')"
        " if m in sys.modules))\n"
        "from tui.search.engine import SearchIndex\n"
        "print(SearchIndex.__module__)\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    assert done.stdout == "[]\ntui.search.engine\n"
