"""Fuzzing the loader: mutated fact files get a loaded base or located problems, never an
exception.

The shipped fact base is mutated byte by byte (flips, inserted YAML tokens and hostile bytes,
deletions, duplications, truncation) and structurally (values replaced by values of any type,
keys renamed or dropped, entries duplicated, references pointed elsewhere, hierarchies bent
into cycles).  Whatever comes out, `load` must answer with either a base and no problems or
no base and a list of problems, each at a real line and column of a real file.

A CI run tries a fixed set of examples (derandomized, so it cannot flake).  Before a release,
run many more, each run with new random examples:

    FACTS_FUZZ_EXAMPLES=20000 python -m pytest tests/test_fuzz.py

Failures found then are kept in .hypothesis/ and replayed first by the next run.
"""

from __future__ import annotations

import copy
import json
import os
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tui.load import LoadResult, load
from tui.load.yamlread import parse_text
from tui.paths import shipped_facts
from tui.render.json import to_json

LONG_RUN = int(os.environ.get("FACTS_FUZZ_EXAMPLES", "0"))


def fuzz(ci_examples: int) -> settings:
    """`ci_examples` fixed examples in CI; FACTS_FUZZ_EXAMPLES random ones in a long run."""
    return settings(
        max_examples=LONG_RUN or ci_examples,
        derandomize=not LONG_RUN,
        database=None if not LONG_RUN else settings.default.database,
        deadline=None,
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
    )


SHIPPED = {path.name: path.read_bytes() for path in sorted(shipped_facts().glob("*.yaml"))}


@pytest.fixture(scope="module")
def scratch(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """A copy of the shipped base that each example mutates one file of (and puts back).
    The cache is off: the fuzzer tests the loader, and rewrites files faster than mtimes
    change."""
    folder = tmp_path_factory.mktemp("facts")
    for name, data in SHIPPED.items():
        (folder / name).write_bytes(data)
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("FACTS_NO_CACHE", "1")
        patch.setenv("FACTS_CACHE_DIR", str(tmp_path_factory.mktemp("cache")))
        yield folder


def load_with(folder: Path, name: str, data: bytes) -> LoadResult:
    """Load the scratch base with `name` replaced by `data`, and check the answer while the
    mutated file is still there to be checked against."""
    try:
        (folder / name).write_bytes(data)
        result = load(folder)
        assert_answered(result, folder)
        return result
    finally:
        (folder / name).write_bytes(SHIPPED[name])


def _line_count(path: Path) -> int:
    """Lines as YAML counts them (a lone CR, NEL, LS and PS end a line too), when the file is
    text; bytes that are not UTF-8 are counted by their line feeds."""
    data = path.read_bytes()
    text = data.decode("utf-8", "replace")
    return max(len(re.split("\r\n|[\r\n\x85\u2028\u2029]", text)), data.count(b"\n") + 1)


def assert_answered(result: LoadResult, folder: Path) -> None:
    """A base and no problems, or no base and problems that each point into a file."""
    assert isinstance(result, LoadResult)
    assert (result.base is None) == bool(result.problems)
    lines = {str(path): _line_count(path) for path in result.files}
    for problem in result.problems:
        assert problem.path in lines or problem.path == str(folder), problem
        assert 1 <= problem.line <= lines.get(problem.path, 1), problem
        assert problem.column >= 1, problem
        assert problem.message and "\n" not in problem.message, problem
    if result.base is not None:
        json.loads(to_json(result.base, None))  # every entity exports


# -- byte mutations -----------------------------------------------------------------------

TOKENS = [
    b"\t",
    b"\x00",
    b"\xff",
    b"\xef\xbb\xbf",
    b"\xfe\xff",
    b"\r",
    b"\n",
    b"---\n",
    b"...\n",
    b"&a ",
    b"*a",
    b"<<: *a\n",
    b"!!python/object/apply:os.system [x] ",
    b"!!binary ",
    b"!!set ",
    b"!include ",
    b"[",
    b"]",
    b"{",
    b"}",
    b": ",
    b"- ",
    b"  ",
    b"'",
    b'"',
    b"#",
    b"|",
    b">-",
    b"? ",
    b"\xc3",
    b"\xe3\x81",
    b"\x1b[31m",
    "\u202e".encode(),
    "丸の内".encode(),
    b"id: ",
    b"sources: ",
    b"part_of: ",
    b"~",
    b"null",
    b"2017-13-45",
    b"\\",
    b"%YAML 1.1\n",
    b"@",
    b"`",
]

MUTATION = st.one_of(
    st.tuples(st.just("flip"), st.integers(0, 2**24), st.integers(0, 255)),
    st.tuples(
        st.just("insert"),
        st.integers(0, 2**24),
        st.one_of(st.sampled_from(TOKENS), st.binary(min_size=1, max_size=8)),
    ),
    st.tuples(st.just("delete"), st.integers(0, 2**24), st.integers(1, 80)),
    st.tuples(st.just("duplicate"), st.integers(0, 2**24), st.integers(1, 400)),
    st.tuples(st.just("truncate"), st.integers(0, 2**24), st.just(0)),
)


def mutate_bytes(data: bytes, mutations: list[tuple[str, int, Any]]) -> bytes:
    out = bytearray(data)
    for kind, where, arg in mutations:
        at = where % (len(out) + 1)
        if kind == "flip" and out:
            out[at % len(out)] = arg
        elif kind == "insert":
            out[at:at] = arg
        elif kind == "delete":
            del out[at : at + arg]
        elif kind == "duplicate":
            out[at:at] = out[at : at + arg]
        elif kind == "truncate":
            del out[at:]
    return bytes(out)


@fuzz(ci_examples=30)
@given(name=st.sampled_from(sorted(SHIPPED)), mutations=st.lists(MUTATION, min_size=1, max_size=6))
def test_byte_mutations_get_an_answer(
    scratch: Path, name: str, mutations: list[tuple[str, int, Any]]
) -> None:
    data = mutate_bytes(SHIPPED[name], mutations)
    load_with(scratch, name, data)


# -- structural mutations -----------------------------------------------------------------

SCALARS = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(-(2**70), 2**70),
    st.floats(allow_nan=True, allow_infinity=True),
    st.text(max_size=30),
    st.sampled_from(
        [
            "",
            " ",
            "2017",
            "2017-02-30",
            "de",
            "xx",
            "person",
            "[bold]x[/]",
            "\x1b]52;c;ZXZpbA==\x07",
            "\u202e",
            "…",
        ]
    ),
)
VALUES = st.recursive(
    SCALARS,
    lambda inner: st.one_of(
        st.lists(inner, max_size=4),
        st.dictionaries(
            st.one_of(st.text(max_size=12), st.integers(), st.booleans()), inner, max_size=4
        ),
    ),
    max_leaves=12,
)

STRUCTURAL = st.tuples(
    st.sampled_from(["replace", "delete", "rename", "duplicate", "retarget", "wrap", "self"]),
    st.integers(0, 2**24),
    VALUES,
)


def _places(node: Any, path: tuple[Any, ...] = ()) -> Iterator[tuple[Any, ...]]:
    yield path
    if isinstance(node, dict):
        for key, value in node.items():
            yield from _places(value, (*path, key))
    elif isinstance(node, list):
        for index, value in enumerate(node):
            yield from _places(value, (*path, index))


def _ids(node: Any) -> list[str]:
    return [
        v["id"]
        for p in _places(node)
        if p and isinstance(v := _get(node, p), dict) and isinstance(v.get("id"), str)
    ]


def _get(node: Any, path: tuple[Any, ...]) -> Any:
    for step in path:
        node = node[step]
    return node


def mutate_data(data: Any, operation: tuple[str, int, Any], ids: list[str]) -> Any:
    """One structural edit somewhere in the tree, as a hand-editor or a bad merge makes."""
    kind, where, value = operation
    data = copy.deepcopy(data)
    places = list(_places(data))
    path = places[where % len(places)]
    if not path:
        return value if kind == "replace" else data
    parent, key = _get(data, path[:-1]), path[-1]
    if kind == "replace":
        parent[key] = value
    elif kind == "delete":
        del parent[key]
    elif kind == "rename" and isinstance(parent, dict):
        parent[str(value)[:20] if not isinstance(value, dict | list) else "x"] = parent.pop(key)
    elif kind == "duplicate" and isinstance(parent, list):
        parent.insert(key, copy.deepcopy(parent[key]))
    elif kind == "retarget" and ids:
        parent[key] = ids[where % len(ids)]
    elif kind == "wrap":
        parent[key] = [parent[key]]
    elif kind == "self" and isinstance(parent, dict) and isinstance(parent.get("id"), str):
        parent[key] = parent["id"]  # part_of / broader / parent pointing at itself: a cycle
    return data


PARSED = {name: yaml.safe_load(data) for name, data in SHIPPED.items()}
ALL_IDS = sorted(i for data in PARSED.values() for i in _ids(data))


@fuzz(ci_examples=30)
@given(
    name=st.sampled_from(sorted(SHIPPED)), operations=st.lists(STRUCTURAL, min_size=1, max_size=4)
)
def test_structural_mutations_get_an_answer(
    scratch: Path, name: str, operations: list[tuple[str, int, Any]]
) -> None:
    data = PARSED[name]
    for operation in operations:
        data = mutate_data(data, operation, ALL_IDS)
    text = yaml.safe_dump(data, allow_unicode=True, sort_keys=False)
    load_with(scratch, name, text.encode("utf-8"))


# -- files from nothing -------------------------------------------------------------------


@fuzz(ci_examples=200)
@given(text=st.text(max_size=300))
def test_any_text_gets_an_answer(text: str) -> None:
    _, problems = parse_text(text, "x.yaml")
    for problem in problems:
        assert problem.path == "x.yaml" and problem.line >= 1 and problem.column >= 1
        assert problem.message and "\n" not in problem.message


@fuzz(ci_examples=30)
@given(data=VALUES)
def test_any_yaml_data_gets_an_answer(scratch: Path, data: Any) -> None:
    text = yaml.safe_dump({"events": data} if isinstance(data, list) else data, allow_unicode=True)
    load_with(scratch, "events.yaml", text.encode("utf-8"))


def test_the_shipped_base_is_what_the_fuzzers_start_from(scratch: Path) -> None:
    """Guards the fixture: unmutated, the scratch copy loads cleanly, so every problem the
    fuzzers see comes from a mutation."""
    result = load(scratch)
    assert result.problems == () and result.base is not None
