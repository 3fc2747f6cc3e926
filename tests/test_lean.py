"""A lean start (issue 17 §5/§6): what stands in for Rich, the parser and the schema on the
way of a warm `facts search` gives what they give."""

from __future__ import annotations

import argparse
import io
import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tui.commands.common import _plain, make_console
from tui.commands.pipe import plain_width
from tui.commands.run import _named_command, build_parser
from tui.commands.search import _plain as plain_hits
from tui.commands.search import _render
from tui.search.engine import Hit, SearchResult
from tui.search.query import parse

# -- the plain writer of `facts search` ---------------------------------------------------------

_TEXT = st.text(alphabet="abcdefghij KLMNOP-·üßé.,", min_size=0, max_size=90)


@st.composite
def results(draw: st.DrawFn) -> SearchResult:
    hits = []
    for _ in range(draw(st.integers(1, 12))):
        snippet = draw(_TEXT)
        spans = draw(st.lists(st.tuples(st.integers(0, 90), st.integers(0, 90)), max_size=3))
        marks = tuple(
            sorted((min(a, b, len(snippet)), min(max(a, b), len(snippet))) for a, b in spans)
        )
        hits.append(
            Hit(
                draw(st.from_regex(r"[a-z][a-z0-9-]{0,30}", fullmatch=True)),
                draw(st.sampled_from(["event", "participant", "theme", "place", "source"])),
                draw(_TEXT.filter(str.strip)).strip(),
                1.0,
                snippet,
                marks,
                "name",
            )
        )
    total = len(hits) + draw(st.integers(0, 3))
    return SearchResult(tuple(hits), total, parse("essen"))


def rich_text(result: SearchResult, width: int) -> str:
    from rich.console import Console

    console = Console(
        file=io.StringIO(),
        width=width,
        color_system=None,
        force_terminal=False,
        highlight=False,
        markup=False,
        emoji=False,
    )
    console.print(_render(result, console))
    out = console.file.getvalue()  # type: ignore[attr-defined]
    assert isinstance(out, str)
    return out


@settings(max_examples=150, deadline=None)
@given(results(), st.integers(12, 120))
def test_hits_to_a_pipe_are_the_text_rich_prints(result: SearchResult, width: int) -> None:
    lines = plain_hits(result, width)
    assert lines is not None
    assert "".join(line + "\n" for line in lines) == rich_text(result, width)


def test_hits_rich_cannot_be_sure_of_go_through_rich() -> None:
    hit = Hit("koriyama", "place", "郡山市", 1.0, "郡山市", ((0, 3),), "name")
    assert plain_hits(SearchResult((hit,), 1, parse("郡山")), 80) is None


# -- whether output is plain, and how wide, told before Rich -------------------------------------


class _Stream(io.StringIO):
    def __init__(self, tty: bool, encoding: str = "utf-8") -> None:
        super().__init__()
        self._tty = tty
        self._encoding = encoding

    def isatty(self) -> bool:
        return self._tty

    @property
    def encoding(self) -> str:  # type: ignore[override]
        return self._encoding


ENVIRONMENTS = [
    {},
    {"FORCE_COLOR": "1"},
    {"FORCE_COLOR": ""},
    {"TTY_COMPATIBLE": "0"},
    {"TTY_COMPATIBLE": "1"},
    {"TTY_COMPATIBLE": "0", "FORCE_COLOR": "1"},
    {"COLUMNS": "57"},
    {"COLUMNS": "57", "NO_COLOR": "1"},
]


@pytest.mark.parametrize("environment", ENVIRONMENTS)
@pytest.mark.parametrize("tty", [False, True])
@pytest.mark.parametrize("width", [None, 33])
@pytest.mark.parametrize("encoding", ["utf-8", "ascii"])
def test_plain_output_is_told_as_rich_tells_it(
    monkeypatch: pytest.MonkeyPatch,
    environment: dict[str, str],
    tty: bool,
    width: int | None,
    encoding: str,
) -> None:
    for name in ("FORCE_COLOR", "TTY_COMPATIBLE", "COLUMNS", "NO_COLOR", "TTY_INTERACTIVE"):
        monkeypatch.delenv(name, raising=False)
    for name, value in environment.items():
        monkeypatch.setenv(name, value)
    args = argparse.Namespace(width=width, pager=None)
    stream = _Stream(tty, encoding)
    told = plain_width(args, stream)
    console = make_console(args, stream)
    if told is not None:  # sure: then Rich would write plain text at that width
        assert not console.is_terminal and _plain(console) and console.width == told
    else:  # unsure only where Rich would not write plain lines (or would page)
        assert console.is_terminal or not _plain(console)


def test_paging_asked_for_goes_through_rich() -> None:
    assert plain_width(argparse.Namespace(width=None, pager=True), _Stream(False)) is None


# -- narrow text, CJK, as Rich and the regular expressions have them -----------------------------


def test_narrow_characters_are_one_cell_for_rich() -> None:
    from rich.cells import get_character_cell_size

    from tui.render.wrap import NARROW_RANGES, cell_len, narrow

    chars = [chr(c) for low, high in NARROW_RANGES for c in range(low, high + 1)]
    assert all(get_character_cell_size(ch) == 1 for ch in chars)
    assert narrow("".join(chars)) and not narrow("郡山") and not narrow("e\u0301")
    assert cell_len("郡山 Essen") == 10


def test_cjk_by_numbers_is_the_cjk_of_the_regular_expression() -> None:
    from tui.search import fold

    cjk = re.compile(fold._CJK_CLASS)
    edges = {
        c + d
        for low, high in zip(fold._CJK_STARTS, fold._CJK_ENDS, strict=True)
        for c in (low, high)
        for d in (-1, 0, 1)
    }
    for code in sorted(edges | set(range(0x3000, 0x3100)) | {0x41, 0xE9, 0x1F600}):
        assert fold.is_cjk(chr(code)) == (cjk.match(chr(code)) is not None), hex(code)


# -- the parser of one command ----------------------------------------------------------------


def test_the_parser_of_one_command_parses_as_the_whole_parser() -> None:
    from tui.commands import NAMES

    whole = build_parser()
    for name in NAMES:
        alone = build_parser(name)
        for argv in ([name, "--help"], [name]):
            assert _named_command(argv) == (None if name == "completion" else name)
        if name == "completion":
            continue
        helps = [
            p._subparsers._group_actions[0].choices[name].format_help()  # type: ignore[union-attr]
            for p in (whole, alone)
        ]
        assert helps[0] == helps[1], name
    argv = ["--facts", "x", "search", "essen", "--limit", "3"]
    assert _named_command(argv) == "search"
    assert vars(build_parser("search").parse_args(argv)) == vars(whole.parse_args(argv))
    assert _named_command(["serch", "essen"]) is None  # a typo gets the whole parser's answer
    assert _named_command(["--help"]) is None and _named_command([]) is None
