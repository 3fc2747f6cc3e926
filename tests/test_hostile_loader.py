"""Hostile and broken fact files: each gets one located line and exit 1, never a traceback.

The corpus is tests/hostile/cases.toml: a file (committed in tests/hostile/loader/, or built
here when it is binary, mis-encoded or huge) and exactly what `facts check` prints for it.
"""

from __future__ import annotations

import codecs
import os
import re
import subprocess
import sys
import tomllib
import tracemalloc
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from tui.cli import main
from tui.load import load, yamlread
from tui.load.yamlread import MAX_DEPTH, MAX_FILE_BYTES, MAX_NODES, parse_text

HOSTILE = Path(__file__).resolve().parent / "hostile"
CASES: list[dict[str, Any]] = tomllib.loads((HOSTILE / "cases.toml").read_text("utf-8"))["case"]

GOOD = "sources:\n  - id: bericht\n    title: Bericht über Kōbe\n    language: de\n"
"""One valid source with non-ASCII text, the raw material of the built cases."""


def _sparse(size: int) -> Callable[[Path], None]:
    def make(path: Path) -> None:
        with path.open("wb") as out:  # a hole, not 8 MiB of writes
            out.truncate(size)

    return make


def _bytes(data: bytes) -> Callable[[Path], None]:
    return lambda path: path.write_bytes(data) and None


MAKE: dict[str, Callable[[Path], None]] = {
    "deeper-than-libyaml": _bytes(b"sources: " + b"[" * 100_000 + b"]" * 100_000 + b"\n"),
    "too-many-values": _bytes(b"sources: [" + b",".join([b"0"] * (MAX_NODES + 1)) + b"]\n"),
    "huge-file": _sparse(MAX_FILE_BYTES + 1),
    "binary-png": _bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x10"),
    "nul-byte": _bytes(GOOD.encode().replace(b"language", b"lang\x00uage")),
    "latin1": _bytes(GOOD.encode("latin-1", "replace")),
    "truncated-utf8": _bytes(GOOD.encode()[: GOOD.encode().index("ü".encode()) + 1]),
    "lone-surrogate": _bytes(GOOD.encode().replace(b"Bericht", b"\xed\xa0\x80Bericht")),
    "utf16-no-bom": _bytes(GOOD.encode("utf-16-le")),
    "raw-escape": _bytes(GOOD.replace("Bericht", "\x1b[31mBericht\x1b[0m").encode()),
    "raw-osc52": _bytes(GOOD.replace("Bericht", "\x1b]52;c;ZXZpbA==\x07Bericht").encode()),
    "raw-c1": _bytes(GOOD.replace("Bericht", "\x9bBericht").encode()),
    "noncharacter": _bytes(GOOD.replace("Bericht", "\ufffeBericht").encode()),
    "bom-utf8": _bytes(codecs.BOM_UTF8 + GOOD.encode()),
    "bom-utf16le": _bytes(codecs.BOM_UTF16_LE + GOOD.encode("utf-16-le")),
    "bom-utf16be": _bytes(codecs.BOM_UTF16_BE + GOOD.encode("utf-16-be")),
    "crlf": _bytes(GOOD.replace("\n", "\r\n").encode()),
    "cr-line-ends": _bytes(
        GOOD.replace("\n", "\r").replace("Bericht über", "Report: über").encode()
    ),
}


def _case_id(case: dict[str, Any]) -> str:
    return str(case.get("file") or case["make"]).removesuffix(".yaml")


@pytest.fixture(autouse=True)
def _private_cache(
    tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Whatever the loader caches goes to a scratch folder, never next to the corpus."""
    monkeypatch.setenv("FACTS_CACHE_DIR", str(tmp_path_factory.mktemp("cache")))


def materialise(case: dict[str, Any], tmp_path: Path) -> Path:
    """The case's file, as a path relative to the folder the test runs `facts` in."""
    if "file" in case:
        return HOSTILE / "loader" / case["file"]
    path = tmp_path / f"{case['make']}.yaml"
    MAKE[case["make"]](path)
    return path


def test_every_built_case_is_in_the_table() -> None:
    assert sorted(MAKE) == sorted(c["make"] for c in CASES if "make" in c)
    committed = sorted(p.name for p in (HOSTILE / "loader").glob("*.yaml"))
    assert committed == sorted(c["file"] for c in CASES if "file" in c)


@pytest.mark.parametrize("case", CASES, ids=_case_id)
def test_check_answers_each_case_in_one_located_line(
    case: dict[str, Any],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    path = materialise(case, tmp_path)
    monkeypatch.chdir(path.parent)
    code = main(["check", "--facts", path.name])
    captured = capsys.readouterr()
    assert code == case["exit"]
    shown = captured.out if code == 0 else captured.err
    assert shown == case["out"].lstrip("\n")
    assert (captured.err if code == 0 else captured.out) == ""


@pytest.mark.parametrize("make", ["bom-utf8", "bom-utf16le", "bom-utf16be", "crlf"])
def test_byte_order_marks_and_line_ends_read_the_same_text(make: str, tmp_path: Path) -> None:
    path = tmp_path / "source.yaml"
    MAKE[make](path)
    result = load(path)
    assert result.base is not None
    assert [s.title for s in result.base.sources] == ["Bericht über Kōbe"]


def test_a_hostile_file_spoils_only_itself_in_a_folder(tmp_path: Path) -> None:
    (tmp_path / "a-sources.yaml").write_text(GOOD, encoding="utf-8")
    (tmp_path / "b-bomb.yaml").write_bytes((HOSTILE / "loader" / "alias-bomb.yaml").read_bytes())
    MAKE["binary-png"](tmp_path / "c-image.yaml")
    result = load(tmp_path)
    assert [str(p).replace(f"{tmp_path}/", "") for p in result.problems] == [
        "b-bomb.yaml:8:8: aliases expand to more than 1 000 000 values (an 'alias bomb'?); "
        "the limit for one fact file is 1 000 000",
        "c-image.yaml:3:1: NUL byte: this looks like a binary file, not YAML text",
    ]


# -- every command, not only `check` --------------------------------------------------------

COMMAND_LINES = {
    "check": ["check"],
    "show": ["show", "bericht"],
    "search": ["search", "Bericht"],
    "summary": ["summary"],
    "export": ["export"],
    "export markdown": ["export", "--format", "markdown"],
    "export html": ["export", "--format", "html"],
}


@pytest.mark.parametrize("command", COMMAND_LINES, ids=str)
@pytest.mark.parametrize("make", ["binary-png", "raw-osc52", "deeper-than-libyaml"])
def test_every_command_refuses_a_broken_base_with_the_same_lines(
    command: str,
    make: str,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    case = next(c for c in CASES if c.get("make") == make)
    MAKE[make](tmp_path / f"{make}.yaml")
    monkeypatch.chdir(tmp_path)
    code = main([*COMMAND_LINES[command], "--facts", f"{make}.yaml"])
    captured = capsys.readouterr()
    assert (code, captured.out, captured.err) == (1, "", case["out"].lstrip("\n"))


def test_a_real_process_exits_1_without_a_traceback() -> None:
    """In-process tests would show an escaping exception too; this one also covers the
    interpreter's own handling (encoding of stderr, exit status)."""
    result = subprocess.run(
        [sys.executable, "-m", "tui", "check", "--facts", "alias-bomb.yaml"],
        capture_output=True,
        text=True,
        timeout=120,
        cwd=HOSTILE / "loader",
        env={**os.environ, "PYTHONIOENCODING": "ascii:backslashreplace"},
    )
    assert result.returncode == 1
    assert result.stdout == ""
    assert result.stderr.splitlines()[0].startswith("alias-bomb.yaml:8:8: aliases expand to")


# -- the limits, exactly at their edges ---------------------------------------------------


def _nested(levels: int) -> str:
    return "[" * levels + "]" * levels


def test_depth_limit_is_exact() -> None:
    assert parse_text(_nested(MAX_DEPTH), "x.yaml")[1] == []
    problems = parse_text(_nested(MAX_DEPTH + 1), "x.yaml")[1]
    assert [str(p) for p in problems] == [
        f"x.yaml:1:{MAX_DEPTH + 1}: nested more than {MAX_DEPTH} levels deep; "
        "fact files need only a few levels"
    ]


def test_value_limit_is_exact(monkeypatch: pytest.MonkeyPatch) -> None:
    # A lower limit for speed (the real one is met by the `too-many-values` case).  The list
    # itself and its key count too, so a mapping of one list of `limit - 3` items is exact.
    monkeypatch.setattr(yamlread, "MAX_NODES", 1000)
    at_limit = "a: [" + ",".join(["0"] * 997) + "]"
    data, problems = parse_text(at_limit, "x.yaml")
    assert problems == [] and len(data["a"]) == 997
    assert [str(p) for p in parse_text(at_limit[:-1] + ",0]", "x.yaml")[1]] == [
        "x.yaml:1:1999: more than 1 000 values in one file; split it into several files"
    ]


def test_aliases_count_as_the_values_they_stand_for() -> None:
    # A 1000-value list and 1000 aliases of it: one value more than the limit once expanded
    # (the mapping, its two keys and the list of aliases are values too).
    chunk = "[" + ",".join(["0"] * 999) + "]"
    assert MAX_NODES < 1000 * 1000 + 4
    text = f"a: &a {chunk}\nb: [" + ",".join(["*a"] * 1000) + "]\n"
    problems = parse_text(text, "x.yaml")[1]
    assert len(problems) == 1
    assert "aliases expand to more than 1 000 000 values" in problems[0].message
    # a few aliases of the same list are ordinary YAML and stay allowed
    data, problems = parse_text(f"a: &a {chunk}\nb: [*a, *a, *a]\n", "x.yaml")
    assert problems == [] and data["b"][2] == data["a"]


def test_an_alias_bomb_costs_little_memory() -> None:
    """Refused on the event stream before any node is built: a few hundred kB at most.
    (How fast is measured in benchmarks/hostile.py, not asserted here.)"""
    text = (HOSTILE / "loader" / "alias-bomb.yaml").read_text("utf-8")
    tracemalloc.start()
    try:
        problems = parse_text(text, "x.yaml")[1]
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert len(problems) == 1
    assert peak < 1_000_000


def test_a_pipe_is_not_waited_for(tmp_path: Path) -> None:
    fifo = tmp_path / "facts.yaml"
    os.mkfifo(fifo)
    assert [str(p) for p in load(fifo).problems] == [
        f"{fifo}: cannot read the file: a named pipe, not a file"
    ]


def test_problems_about_hostile_names_are_printed_inert(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """A file name or a key can carry escapes too; the problem lines must not act on the
    terminal that shows them."""
    name = "\x1b]52;c;ZXZpbA==\x07\u202eevil.yaml"
    (tmp_path / name).write_text(
        '"\\e[2J\\u202eevents": []\nsources:\n  - id: s\n    title: x\n    language: en\n'
        '    "ti\\x9btle": y\n',
        encoding="utf-8",
    )
    monkeypatch.chdir(tmp_path)
    assert main(["check", "--facts", "."]) == 1
    captured = capsys.readouterr()
    lines = captured.err.splitlines()
    assert not re.search("[\x00-\x09\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]", captured.err)
    shown_name = "\\x1b]52;c;ZXZpbA==\\x07\\u202eevil.yaml"
    assert [line.split(":")[0] for line in lines[:2]] == [shown_name, shown_name]
    assert ":1:1: unknown collection '\\x1b[2J" in lines[0]
    assert ":6:5: unknown field 'ti\\x9btle' in source" in lines[1]
    assert lines[2:] == ["2 problems in 1 file"]
