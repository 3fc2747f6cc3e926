"""A lean start (issue 17 §6): a warm `facts search` imports what it uses, and what stands in
for dataclasses, platformdirs and the big regular expressions gives what they give."""

from __future__ import annotations

import dataclasses
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tui.record import field, fields, record
from tui.search import fold

ROOT = Path(__file__).resolve().parent.parent

# -- what a warm search imports ---------------------------------------------------------------

_IMPORTED = """
import sys
from tui.cli import main
code = main(sys.argv[1:])
print("\\n".join(sorted(sys.modules)), file=sys.stderr)
sys.exit(code)
"""


def _run(tmp_path: Path, script: str, *argv: str) -> tuple[str, str]:
    """`script` run with `argv` in a fresh process with a cache and a home of its own: its
    stdout and stderr (it must succeed)."""
    env = {**os.environ, "FACTS_CACHE_DIR": str(tmp_path / "cache"), "HOME": str(tmp_path)}
    env.pop("XDG_CONFIG_HOME", None)
    env.pop("XDG_CACHE_HOME", None)
    run = subprocess.run(
        [sys.executable, "-c", script, *argv],
        capture_output=True,
        text=True,
        env=env,
        cwd=ROOT,
        check=False,
    )
    assert run.returncode == 0, run.stderr
    return run.stdout, run.stderr


def _imported(tmp_path: Path, *argv: str) -> tuple[str, set[str]]:
    out, err = _run(tmp_path, _IMPORTED, *argv)
    return out, set(err.split())


NOT_ON_A_WARM_SEARCH = {
    "dataclasses",  # the records of tui.record instead (dataclasses imports inspect)
    "inspect",
    "platformdirs",  # the XDG folders worked out in tui.paths
    "tempfile",
    "shutil",  # argparse would import it for the width of help: tui.commands.options
    "yaml",  # nothing is read: the store is current
    "tui.load.yamlread",
    "tui.load.validate",
    "tui.store.writer",  # nothing is written
    "tui.search.build",  # the index is opened, not built
    "tui.search.vocabulary",
    "rich",  # the hits go to a pipe as plain lines
    "textual",
    "tui.render.entity",
    "hashlib",  # loads OpenSSL: CPython's own BLAKE2b instead (tui.digest)
    "_hashlib",
}


def test_a_warm_search_imports_only_what_it_uses(tmp_path: Path) -> None:
    first, _ = _imported(tmp_path, "search", "koriyama")  # builds the store and the index
    again, modules = _imported(tmp_path, "search", "koriyama")
    assert again == first and "Koriyama" in again
    assert NOT_ON_A_WARM_SEARCH & modules == set()
    assert {"tui.search.engine", "tui.store.reader", "tui.entities"} <= modules


def test_version_imports_almost_nothing(tmp_path: Path) -> None:
    out, modules = _imported(tmp_path, "--version")
    assert out.startswith("facts ")
    assert not {m for m in modules if m.startswith("tui.")} - {"tui", "tui.cli", "tui.output"}
    assert "typing" not in modules  # a tenth of the answer's time: the types are for mypy


_COLLECTIONS = """
import gc, importlib, sys
from tui.cli import main
command = importlib.import_module("tui.commands." + sys.argv[1])
act = command.run
def run(args):
    seen.append(gc.isenabled())
    return act(args)
seen = []
command.run = run
before = sum(each["collections"] for each in gc.get_stats())
code = main(sys.argv[1:])
after = sum(each["collections"] for each in gc.get_stats())
print(after - before, *seen, file=sys.stderr)
sys.exit(code)
"""


def _collections(tmp_path: Path, *argv: str) -> str:
    """How many collections the command saw and whether the collector ran as it began."""
    return _run(tmp_path, _COLLECTIONS, *argv)[1].strip().splitlines()[-1]


def test_a_warm_search_runs_without_the_cycle_collector(tmp_path: Path) -> None:
    """The start and a search build what lives as long as the process: the collector is
    paused for them (it cost a fifth of a warm search); a command that may run long, such
    as `facts check`, gets it back before it starts."""
    _collections(tmp_path, "search", "koriyama")  # builds the store and the index
    assert _collections(tmp_path, "search", "koriyama") == "0 False"
    assert _collections(tmp_path, "check").split()[1:] == ["True"]
    assert _collections(tmp_path, "summary").split()[1:] == ["True"]


# -- records behave as the dataclasses they stand in for ----------------------------------------


@dataclasses.dataclass(frozen=True, slots=True)
class DataDate:
    year: int
    month: int | None = None
    tags: tuple[str, ...] = ()


@record(slots=True)
class RecordDate:
    year: int
    month: int | None = None
    tags: tuple[str, ...] = ()


@dataclasses.dataclass(frozen=True)
class DataBase:
    id: str
    note: list[str] = dataclasses.field(default_factory=list, compare=False)
    kind: str = dataclasses.field(default="base", init=False)


@dataclasses.dataclass(frozen=True)
class DataChild(DataBase):
    extra: int = 0
    kind: str = dataclasses.field(default="child", init=False)


@record
class RecordBase:
    id: str
    note: list[str] = field(default_factory=list, compare=False)
    kind: str = field(default="base", init=False)


@record
class RecordChild(RecordBase):
    extra: int = 0
    kind: str = field(default="child", init=False)


def _named(text: str) -> str:
    return text.replace("Data", "X").replace("Record", "X")


def _same(make_data: object, make_record: object) -> None:
    """Both constructors give equal answers, or fail alike."""
    outcomes = []
    for make in (make_data, make_record):
        try:
            made = make()  # type: ignore[operator]
        except TypeError:
            outcomes.append("TypeError")
        else:
            outcomes.append(_named(repr(made)))
    assert outcomes[0] == outcomes[1]


ARGS = st.lists(st.one_of(st.integers(0, 3), st.none()), max_size=4)
KWARGS = st.dictionaries(st.sampled_from(["year", "month", "tags", "other"]), st.integers(0, 3))


@settings(max_examples=200, deadline=None)
@given(ARGS, KWARGS)
def test_a_record_is_made_as_a_dataclass_is(args: list[int | None], kwargs: dict[str, int]) -> None:
    _same(lambda: DataDate(*args, **kwargs), lambda: RecordDate(*args, **kwargs))  # type: ignore[arg-type, misc]
    _same(
        lambda: DataChild(*args[:2], **kwargs),  # type: ignore[arg-type, misc]
        lambda: RecordChild(*args[:2], **kwargs),  # type: ignore[arg-type, misc]
    )


@settings(max_examples=100, deadline=None)
@given(st.integers(0, 3), st.integers(0, 3), st.integers(0, 3), st.integers(0, 3))
def test_records_compare_and_hash_as_dataclasses(a: int, b: int, c: int, d: int) -> None:
    assert (RecordDate(a, b) == RecordDate(c, d)) == (DataDate(a, b) == DataDate(c, d))
    assert (RecordDate(a, b) == RecordDate(c, d)) <= (
        hash(RecordDate(a, b)) == hash(RecordDate(c, d))
    )
    assert RecordDate(a) != DataDate(a) and RecordDate(a) != (a, None, ())
    assert (RecordChild(str(a), [str(b)]) == RecordChild(str(a), [str(c)])) is True  # compare=False
    assert RecordChild("x") != RecordBase("x")


def test_records_are_frozen_and_list_their_fields() -> None:
    date = RecordDate(2017)
    with pytest.raises(dataclasses.FrozenInstanceError):
        date.year = 2018  # type: ignore[misc]
    with pytest.raises(dataclasses.FrozenInstanceError):
        del date.year  # type: ignore[misc]
    child = RecordChild("a", extra=2)
    with pytest.raises(dataclasses.FrozenInstanceError):
        child.extra = 3  # type: ignore[misc]
    assert child.kind == "child" and RecordBase("a").kind == "base"
    assert [(f.name, f.init) for f in fields(RecordChild)] == [
        (f.name, f.init) for f in dataclasses.fields(DataChild)
    ]
    assert not hasattr(date, "__dict__") and RecordDate.__slots__ == ("year", "month", "tags")
    assert RecordChild.__match_args__ == DataChild.__match_args__


def test_the_model_is_records_not_dataclasses() -> None:
    from tui import entities

    for kind in (entities.Event, entities.Names, entities.Facts, entities.Participant):
        assert fields(kind) and not dataclasses.is_dataclass(kind)


# -- the user's folders, as platformdirs names them ---------------------------------------------


@pytest.mark.skipif(sys.platform != "linux", reason="worked out directly on Linux only")
@pytest.mark.parametrize("kind", ["config", "cache"])
@pytest.mark.parametrize("value", [None, "", "/somewhere/else", "relative/path"])
@pytest.mark.parametrize("home", ["/home/someone", "relative-home"])
def test_user_folders_are_those_platformdirs_names(
    monkeypatch: pytest.MonkeyPatch, kind: str, value: str | None, home: str
) -> None:
    import platformdirs

    from tui.paths import user_folder

    variable = f"XDG_{kind.upper()}_HOME"
    monkeypatch.setenv("HOME", home)
    if value is None:
        monkeypatch.delenv(variable, raising=False)
    else:
        monkeypatch.setenv(variable, value)
    if kind == "config":
        expected = platformdirs.user_config_dir("facts", appauthor=False, roaming=True)
    else:
        expected = platformdirs.user_cache_dir("facts", appauthor=False)
    assert user_folder(kind) == Path(expected)


# -- the tokens, cut without the regular expression of big ranges -------------------------------

_CHARS = st.one_of(
    st.sampled_from(list("aZ9_ -.·üßéÆ\u0301\u3005\u30fb\u309b郡山市ジョンｶﾞ한글\U00020001")),
    st.characters(codec="utf-8"),
)


@settings(max_examples=400, deadline=None)
@given(st.text(_CHARS, max_size=40))
def test_tokens_are_those_of_the_token_pattern(text: str) -> None:
    expected = fold.TOKEN_RE.findall(text)
    assert fold.raw_tokens(text) == expected
    spans = [(m.start(), m.end()) for m in fold.TOKEN_RE.finditer(text)]
    assert [(a, b) for a, b, _ in fold.token_spans(text)] == [
        (a, b) for a, b in spans if fold.fold_token(text[a:b])
    ]


def test_every_cjk_character_is_a_token_character() -> None:
    cjk = re.compile(fold._CJK_CLASS)
    run = re.compile(f"(?:{fold._RUN.pattern})$")
    for low, high in zip(fold._CJK_STARTS, fold._CJK_ENDS, strict=True):
        for code in range(low, min(high, 0x2FFFF) + 1, 1 if high < 0x10000 else 97):
            assert cjk.match(chr(code)) and run.match(chr(code)), hex(code)


@settings(max_examples=300, deadline=None)
@given(st.text(_CHARS, max_size=30))
def test_what_loose_cannot_fold_is_told_as_the_pattern_told_it(text: str) -> None:
    full_width = fold._CJK_RANGES.replace("\uff66-\uff9f", "")
    pattern = re.compile(rf"[^\W\x00-\x7f{full_width}]|[\u0300-\u036f]")
    assert fold._unsure(text) == (pattern.search(text) is not None)


def test_the_latin_table_is_what_its_generator_makes() -> None:
    from tui.search.latin import LATIN

    assert fold._latin_table() == LATIN
    assert fold.loose("Düsseldorf Éclair Ångström") == "dusseldorf eclair angstrom"


# -- the terminal's width, as argparse would take it --------------------------------------------


@pytest.mark.parametrize("columns", [None, "", "57", "0", "x"])
@pytest.mark.parametrize("lines", [None, "30"])
def test_the_width_of_help_is_the_one_shutil_gives(
    monkeypatch: pytest.MonkeyPatch, columns: str | None, lines: str | None
) -> None:
    import shutil

    from tui.commands.options import terminal_columns

    for name, value in (("COLUMNS", columns), ("LINES", lines)):
        if value is None:
            monkeypatch.delenv(name, raising=False)
        else:
            monkeypatch.setenv(name, value)
    assert terminal_columns() == shutil.get_terminal_size().columns


# -- the interface language's catalog ----------------------------------------------------------


def test_a_catalog_is_read_once_for_its_translations_and_its_plural_rule(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """A German or Japanese start reads its catalog once (it was read twice: 15 ms each)."""
    from tui import i18n

    calls: list[int] = []
    parse = i18n.parse_po

    def counted(text: str) -> list[i18n.PoEntry]:
        calls.append(len(text))
        return parse(text)

    monkeypatch.setattr(i18n, "parse_po", counted)
    i18n._read_catalog.cache_clear()
    try:
        assert i18n.catalog("de")["facts search: {message}"]
        assert i18n.plural_forms("de") == "nplurals=2; plural=(n != 1);"
        assert i18n.plural_forms("ja") == "nplurals=1; plural=0;"
        assert len(calls) == 2
    finally:
        i18n._read_catalog.cache_clear()


# -- the store's hash without OpenSSL ---------------------------------------------------------


@settings(max_examples=200, deadline=None)
@given(st.lists(st.binary(max_size=300), max_size=4))
def test_the_stores_hash_is_hashlibs_blake2b(chunks: list[bytes]) -> None:
    import hashlib

    from tui.digest import new_hash

    first = chunks[0] if chunks else b""
    ours, theirs = new_hash(first), hashlib.blake2b(first, digest_size=32)
    for chunk in chunks[1:]:
        ours.update(chunk)
        theirs.update(chunk)
    assert ours.hexdigest() == theirs.hexdigest() and len(ours.digest()) == 32


# -- a page through the pager without pydoc ----------------------------------------------------

_PAGED = """
import sys
from tui.cli import main
code = main(sys.argv[1:])
print(" ".join(m for m in ("pydoc", "rich") if m in sys.modules), file=sys.stderr)
sys.exit(code)
"""


def test_a_page_taller_than_the_terminal_goes_to_the_pager_without_pydoc(
    tmp_path: Path,
) -> None:
    """A search with more hits than a 10-line terminal shows goes through the pager, styled
    (Rich lays it out), and is piped to it as pydoc would pipe it, without importing pydoc
    (16 ms)."""
    import pty

    seen = tmp_path / "paged.txt"
    env = {
        **os.environ,
        "FACTS_CACHE_DIR": str(tmp_path / "cache"),
        "HOME": str(tmp_path),
        "FACTS_PAGER": f"cat > {seen}",
        "LINES": "10",
        "COLUMNS": "80",
        "TERM": "xterm",
    }
    env.pop("NO_COLOR", None)
    master, slave = pty.openpty()
    process = subprocess.Popen(
        [sys.executable, "-c", _PAGED, "search", "koriyama"],
        stdin=slave,
        stdout=slave,
        stderr=subprocess.PIPE,
        env=env,
        cwd=ROOT,
    )
    os.close(slave)
    while True:
        try:
            if not os.read(master, 65536):
                break
        except OSError:  # the other side is closed
            break
    os.close(master)
    assert process.stderr is not None
    error = process.stderr.read().decode()
    assert process.wait(timeout=60) == 0, error
    assert error.split() == ["rich"]  # Rich laid the page out; pydoc was not imported
    page = seen.read_text(encoding="utf-8")
    assert "\x1b[" in page and "Koriyama" in page and page.count("\n") > 10


@settings(max_examples=20, deadline=None)
@given(st.text(alphabet="abc \n\x1b[0m\tüß郡\udcff", max_size=200))
def test_the_pager_gets_what_pydoc_would_give_it(text: str) -> None:
    import pydoc
    import tempfile

    from tui.commands.common import _pipe

    with tempfile.TemporaryDirectory() as folder:
        ours, theirs = Path(folder, "ours"), Path(folder, "theirs")
        _pipe(text, f"cat > {ours}")
        pydoc.pipepager(text, f"cat > {theirs}")
        assert ours.read_bytes() == theirs.read_bytes()
