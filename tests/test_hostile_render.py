"""Untrusted text in every output: markup shown literally, nothing that acts on the terminal.

tests/hostile/base/ is a valid fact base whose names, aliases, descriptions, roles and
sources carry Rich/Textual markup, ANSI CSI and OSC sequences (colours, clear screen, OSC 8
links, OSC 52 clipboard writes), C1 controls, carriage returns, bidi overrides and isolates,
HTML and Markdown, CJK and emoji, and a 10 000-character word.  Every command that prints it
must show that text as text.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from html.parser import HTMLParser
from pathlib import Path

import pytest
from markdown_it import MarkdownIt
from rich.cells import cell_len

from tui.cli import main
from tui.load import load
from tui.model import FactBase

BASE = Path(__file__).resolve().parent / "hostile" / "base"

ACTING = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]")
"""Characters that act instead of being read: C0 (but tab and line feed), DEL, C1 (ESC and
CSI start every terminal sequence), carriage return, and the bidi controls that reorder what
surrounds them."""

MARKUP = {
    "de": ["[bold]Fett[/] GmbH", "[/]", "[red on white]alarm"],
    "en": ["[link=https://evil.example]Click me[/link]", "[reverse]company[/reverse]"],
    "ja": ["[@click=app.quit]終了[/]"],
}
"""Names and aliases of markup-org that a markup parser would eat: they must be printed as
they are written."""


@pytest.fixture(scope="module")
def hostile() -> FactBase:
    result = load(BASE)
    assert result.problems == (), result.problems
    assert result.base is not None
    return result.base


@pytest.fixture(autouse=True)
def _private_cache(
    tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("FACTS_CACHE_DIR", str(tmp_path_factory.mktemp("cache")))
    monkeypatch.delenv("FACTS_PATH", raising=False)


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> str:
    """stdout of `facts ARGV --facts BASE`, which must succeed and say nothing on stderr."""
    code = main([*argv, "--facts", str(BASE)])
    captured = capsys.readouterr()
    assert (code, captured.err) == (0, ""), captured.err
    return captured.out


def assert_inert(text: str) -> None:
    found = sorted({f"U+{ord(ch):04X}" for ch in ACTING.findall(text)})
    assert not found, f"characters that act on the terminal reached the output: {found}"


def assert_fits(text: str, width: int) -> None:
    wide = [line for line in text.splitlines() if cell_len(line) > width]
    assert not wide, f"{len(wide)} lines wider than {width} cells, first: {wide[0][:120]!r}"


# -- the terminal commands --------------------------------------------------------------------


def test_the_base_really_is_hostile(hostile: FactBase) -> None:
    """Guards the fixture: if escapes stopped being decoded, every test below would pass
    without proving anything."""
    texts = [t for entity in hostile for t in (*entity.name.texts(), *entity.aliases)]
    joined = "".join(texts)
    for needle in ("\x1b[31m", "\x1b]52;c;", "\x1b]8;;", "\x9b", "\u202e", "\u2066", "\r"):
        assert needle in joined, needle
    assert max(len(t) for t in texts) == 10_000


@pytest.mark.parametrize("lang", ["de", "en", "ja"])
@pytest.mark.parametrize(
    "entity_id",
    [
        "markup-org",
        "long-word",
        "emoji-person",
        "hostile-event",
        "child-event",
        "html-theme",
        "sub-theme",
        "bidi-city",
        "cjk-place",
        "evil-src",
        "plain-src",
    ],
)
def test_show_prints_every_entity_inert_and_within_the_width(
    entity_id: str, lang: str, capsys: pytest.CaptureFixture[str]
) -> None:
    out = run(capsys, "show", entity_id, "--lang", lang, "--width", "80", "--no-pager")
    assert_inert(out)
    assert_fits(out, 80)


@pytest.mark.parametrize("lang", MARKUP)
def test_show_prints_markup_literally(lang: str, capsys: pytest.CaptureFixture[str]) -> None:
    out = run(capsys, "show", "markup-org", "--lang", lang, "--width", "200", "--no-pager")
    for text in MARKUP[lang]:
        assert text in out


def test_show_keeps_the_text_around_control_sequences(capsys: pytest.CaptureFixture[str]) -> None:
    """Neutralised, not deleted with what follows: the reader still sees the words."""
    out = run(capsys, "show", "markup-org", "--width", "200", "--no-pager")
    for word in ("c1red", "clipboard", "osc8link", "overwrite", "nul", "alarm"):
        assert word in out, word


def test_the_long_word_is_wrapped_not_lost(capsys: pytest.CaptureFixture[str]) -> None:
    out = run(capsys, "show", "long-word", "--lang", "en", "--width", "80", "--no-pager")
    assert_fits(out, 80)
    assert "Donaudampfschifffahrtsgesellschaftskapitänsmütze" in out


@pytest.mark.parametrize("lang", ["de", "en", "ja"])
def test_summary_is_inert_and_within_the_width(
    lang: str, capsys: pytest.CaptureFixture[str]
) -> None:
    out = run(capsys, "summary", "--lang", lang, "--width", "80", "--no-pager")
    assert_inert(out)
    assert_fits(out, 80)


def test_summary_prints_markup_literally(capsys: pytest.CaptureFixture[str]) -> None:
    out = run(capsys, "summary", "--lang", "en", "--width", "200", "--no-pager")
    assert "[@click=app.quit]Signing[/]" in out
    assert "[link=https://evil.example]Click me[/link]" in out
    assert "<script>alert('theme')</script>" in out


@pytest.mark.parametrize("query", ["Fett", "evil", "alarm", "Donaudampf", "丸の内", "script"])
def test_search_results_are_inert(query: str, capsys: pytest.CaptureFixture[str]) -> None:
    out = run(capsys, "search", query, "--width", "80", "--no-pager")
    assert_inert(out)
    assert_fits(out, 80)
    assert out.strip(), "every query matches an entity of the hostile base"


def test_search_prints_markup_literally(capsys: pytest.CaptureFixture[str]) -> None:
    out = run(capsys, "search", "Fett", "--lang", "de", "--width", "200", "--no-pager")
    assert "[bold]Fett[/] GmbH" in out


@pytest.mark.parametrize("query", ["[bold]", "[/]", "[@click=app.quit]", "\x1b[31m", "\u202e"])
def test_hostile_queries_get_an_answer_not_a_traceback(
    query: str, capsys: pytest.CaptureFixture[str]
) -> None:
    code = main(["search", query, "--facts", str(BASE), "--no-pager"])
    captured = capsys.readouterr()
    assert code in (0, 1, 2)  # found, nothing found, or a query the engine cannot read
    assert_inert(captured.out + captured.err)


@pytest.mark.parametrize("command", ["show", "export"])
def test_an_id_typed_by_the_user_is_echoed_inert(
    command: str, capsys: pytest.CaptureFixture[str]
) -> None:
    code = main([command, "\x1b]52;c;ZXZpbA==\x07\u202eid", "--facts", str(BASE)])
    captured = capsys.readouterr()
    assert code == 1
    assert "unknown id" in captured.err
    assert_inert(captured.out + captured.err)


SGR = re.compile(r"\x1b\[[0-9;]*m")
"""Select Graphic Rendition: the colour and weight codes Rich itself writes."""


@pytest.mark.parametrize(
    "argv",
    [["show", "markup-org"], ["show", "hostile-event"], ["show", "evil-src"], ["summary"]],
    ids=" ".join,
)
def test_in_colour_only_the_programs_own_colours_reach_the_terminal(argv: list[str]) -> None:
    """With colours on, Rich writes SGR codes; everything else from the data stays inert.
    No OSC at all: no hyperlink (OSC 8) and no clipboard write (OSC 52) may come from data."""
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "tui",
            *argv,
            "--facts",
            str(BASE),
            "--width",
            "100",
            "--no-pager",
            "--lang",
            "en",
        ],
        capture_output=True,
        text=True,
        timeout=120,
        env={**os.environ, "FORCE_COLOR": "1", "TERM": "xterm-256color", "NO_COLOR": ""},
    )
    assert result.returncode == 0, result.stderr
    assert SGR.search(result.stdout), "colours were forced on, so Rich must have styled"
    assert "\x1b]" not in result.stdout
    assert_inert(SGR.sub("", result.stdout))


# -- the exports ------------------------------------------------------------------------------


def test_json_export_is_inert_and_keeps_the_data_exactly(
    hostile: FactBase, capsys: pytest.CaptureFixture[str]
) -> None:
    """JSON is data: the strings must come back unchanged, but written with \\u escapes so
    that `facts export | less` or a terminal never receives the raw characters."""
    out = run(capsys, "export", "--format", "json")
    assert_inert(out)
    data = json.loads(out)
    exported = json.dumps(data, ensure_ascii=False)
    for entity in hostile:
        for text in (*entity.name.texts(), *entity.aliases):
            assert json.dumps(text, ensure_ascii=False) in exported, text[:40]


class _Page(HTMLParser):
    """What a browser would build from the page: its tags, attributes and visible text."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[str] = []
        self.attrs: list[tuple[str, str]] = []
        self.text: list[str] = []
        self._skip = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append(tag)
        self.attrs.extend((name, value or "") for name, value in attrs)
        if tag in ("style", "script"):
            self._skip += 1

    def handle_endtag(self, tag: str) -> None:
        if tag in ("style", "script"):
            self._skip -= 1

    def handle_data(self, data: str) -> None:
        if not self._skip:
            self.text.append(data)


def parse_html(html: str) -> _Page:
    page = _Page()
    page.feed(html)
    page.close()
    return page


def assert_safe_page(html: str) -> _Page:
    page = parse_html(html)
    assert not {"script", "iframe", "img", "object", "embed"} & set(page.tags), page.tags
    assert not [name for name, _ in page.attrs if name.startswith("on")]
    links = [value for name, value in page.attrs if name in ("href", "src", "action")]
    assert not [v for v in links if v.strip().lower().startswith(("javascript:", "data:"))]
    assert not [v for v in links if "evil.example" in v]
    return page


def test_html_export_escapes_everything(capsys: pytest.CaptureFixture[str]) -> None:
    out = run(capsys, "export", "--format", "html", "--lang", "en")
    assert_inert(out)
    page = assert_safe_page(out)
    text = " ".join(" ".join(page.text).split())
    for shown in (
        "<script>alert('theme')</script>",
        "<script>alert('publisher')</script>",
        "\"><img src=x onerror=alert('note')>",
        "[link=https://evil.example]Click me[/link]",
        "[@click=app.quit]Signing[/]",
        "# Not a heading",
        '<iframe src="https://evil.example"></iframe>',
    ):
        assert shown in text, shown


@pytest.mark.parametrize("lang", ["de", "en", "ja"])
def test_markdown_export_renders_to_the_same_text(
    lang: str, capsys: pytest.CaptureFixture[str]
) -> None:
    """Rendered by a CommonMark renderer that passes raw HTML through (as many do), the
    export must still show the data as text: no tag, link, heading or table from data."""
    out = run(capsys, "export", "--format", "markdown", "--lang", lang)
    assert_inert(out)
    html = MarkdownIt("commonmark", {"html": True}).render(out)
    page = assert_safe_page(html)
    text = " ".join(" ".join(page.text).split())
    for shown in MARKUP[lang]:
        assert shown in text, shown
    if lang == "en":
        assert "<script>alert('theme')</script>" in text
        assert "[a link](javascript:alert('md'))" in text
        assert "*not emphasis* `not code`" in text
    heads = re.findall(r"<h\d>(.*?)</h\d>", html)
    assert "Not a heading" not in " ".join(heads)
