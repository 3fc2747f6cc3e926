"""Hostile text in every field, rendered in every format: nothing crashes, nothing in the data
styles, links or commands the terminal, the browser or the forge, and every line fits."""

from __future__ import annotations

import io
import json
import re
from html.parser import HTMLParser
from pathlib import Path

import pytest
import yaml
from markdown_it import MarkdownIt
from rich.cells import cell_len
from rich.console import Console

from tui.cli import main
from tui.load import load
from tui.model import FactBase
from tui.render import SummaryView, render_entity, render_summary
from tui.render.html import to_html
from tui.render.json import to_json
from tui.render.markdown import to_markdown

MARKUP = "[bold red]markup[/] [link=https://evil.example]click[/link] :smile:"
CSI = "\x1b[31mred\x1b[0m\x1b[2J\x1b[H"
OSC = "\x1b]8;;https://evil.example\x07osc-link\x1b]8;;\x07 \x1b]52;c;aGVsbG8=\x07"
C1 = "\x9b31m c1 \x9d0;title\x9c"
BIDI = "abc\u202edcba\u2066isolate\u2069\u200f"
CONTROL = "tab\there\rcarriage\x08back\x7fdel"
CJK = "郡山市とエッセン市の協力　日本語の全角テキスト、句読点。"
LONG = "W" * 10_000
FORMATS = "*em* _u_ `code` <script>alert(1)</script> | pipe # hash &amp; $x^2$ @user ~~s~~"
HOSTILE = " ".join([MARKUP, CSI, OSC, C1, BIDI, CONTROL, CJK, FORMATS])
WIDTH = 100


def names(tag: str) -> dict[str, str]:
    return {"en": f"{tag} {HOSTILE}", "de": f"{tag} {LONG}", "ja": f"{tag} {CJK}"}


def hostile_facts() -> dict:
    text = {"en": HOSTILE, "de": LONG}
    cites = ["src"]
    return {
        "sources": [
            {
                "id": "src",
                "title": HOSTILE,
                "kind": MARKUP,
                "publisher": OSC,
                "published": "2020",
                "url": "javascript:alert(1)",
                "language": "en",
                "file": CSI,
                "note": HOSTILE + LONG,
            },
            {
                "id": "src2",
                "title": LONG,
                "language": "de",
                "url": "https://ok.example/a b\x1b[2J",
            },
        ],
        "places": [
            {"id": "land", "name": names("Land"), "kind": MARKUP, "sources": cites},
            {
                "id": "town",
                "name": names("Town"),
                "kind": "city",
                "part_of": "land",
                "aliases": [HOSTILE, LONG],
                "description": text,
                "sources": cites,
            },
        ],
        "participants": [
            {
                "id": "org",
                "name": names("Org"),
                "kind": "organisation",
                "type": HOSTILE,
                "seat": "town",
                "country": "land",
                "sources": cites,
            },
            {
                "id": "city",
                "name": names("City"),
                "kind": "government",
                "type": "city",
                "seat": "town",
                "sources": cites,
            },
            {
                "id": "person",
                "name": HOSTILE,
                "kind": "person",
                "aliases": [LONG],
                "offices": [
                    {"title": text, "organisation": "org", "start": "2019", "sources": ["src2"]}
                ],
                "affiliations": ["org"],
                "statements": [{"text": text, "date": "2020"}],
                "sources": cites,
            },
        ],
        "themes": [
            {"id": "theme", "name": names("Theme"), "description": text, "sources": cites},
            {"id": "narrow", "name": names("Narrow"), "broader": "theme", "sources": cites},
        ],
        "events": [
            {
                "id": "trip",
                "name": names("Trip"),
                "kind": HOSTILE,
                "start": "2020-01",
                "end": "2020-02",
                "place": "town",
                "themes": ["theme", "narrow"],
                "participants": [
                    {"participant": "person", "role": HOSTILE, "note": text},
                    {"participant": "city", "role": LONG, "sources": ["src2"]},
                    {"participant": "org", "role": "host"},
                ],
                "figures": [{"label": text, "value": 700, "unit": HOSTILE, "approximate": True}],
                "outcomes": [{"text": text}],
                "statements": [{"text": text}],
                "description": text,
                "sources": cites,
            },
            {
                "id": "visit",
                "name": names("Visit"),
                "kind": "visit",
                "date": "2020-01-15",
                "part_of": "trip",
                "place": "town",
                "themes": ["narrow"],
                "participants": [{"participant": "org", "role": "host"}],
                "sources": ["src2"],
            },
        ],
    }


@pytest.fixture(scope="module")
def hostile_path(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("hostile") / "facts.yaml"
    path.write_text(yaml.safe_dump(hostile_facts(), allow_unicode=True), encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def hostile(hostile_path: Path) -> FactBase:
    result = load(hostile_path)
    assert result.problems == (), result.problems
    assert result.base is not None
    return result.base


SGR = re.compile(r"\x1b\[[0-9;]*m")
FORBIDDEN = re.compile("[\x00-\x09\x0b-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]")


def terminal_output(renderable: object) -> str:
    """What a colour terminal would receive."""
    out = io.StringIO()
    console = Console(
        file=out,
        width=WIDTH,
        force_terminal=True,
        color_system="truecolor",
        markup=False,
        highlight=False,
        emoji=False,
    )
    console.print(renderable)
    return out.getvalue()


def assert_terminal_safe(raw: str) -> None:
    """Only the colour codes we chose reach the terminal; the data shows as text."""
    text = SGR.sub("", raw)
    assert FORBIDDEN.search(text) is None, repr(FORBIDDEN.search(text))
    for line in text.splitlines():
        assert cell_len(line) <= WIDTH, line[:80]


ALL_IDS = (
    "src",
    "src2",
    "land",
    "town",
    "org",
    "city",
    "person",
    "theme",
    "narrow",
    "trip",
    "visit",
)


@pytest.mark.parametrize("entity_id", ALL_IDS)
def test_every_entity_renders_safely_in_a_colour_terminal(
    hostile: FactBase, entity_id: str
) -> None:
    raw = terminal_output(render_entity(hostile, entity_id))
    assert_terminal_safe(raw)
    text = SGR.sub("", raw)
    if entity_id in ("src", "person"):
        # The data is shown as written, escapes made visible, markup left as brackets.
        flat = text.replace("\n", "")
        assert "[bold red]markup[/]" in flat
        assert "\\x1b[31mred\\x1b[0m" in flat
        assert "\\x1b]8;;https://evil.example\\x07osc-link" in flat
        assert "abc\\u202edcba" in flat
        assert "&lt;" not in flat and "<script>alert(1)</script>" in flat
    assert "\x1b]" not in raw  # no hyperlink or clipboard (OSC) sequence at all


def test_summary_renders_safely(hostile: FactBase) -> None:
    for view in (SummaryView(), SummaryView(theme="theme"), SummaryView(event="trip", top=0)):
        assert_terminal_safe(terminal_output(render_summary(hostile, view)))


def test_cli_output_to_a_pipe_has_no_escape_codes(
    hostile_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    for args in (["show", "trip"], ["show", "person"], ["summary"]):
        assert main([*args, "--facts", str(hostile_path), "--width", "100"]) == 0
        out = capsys.readouterr().out
        assert "\x1b" not in out and FORBIDDEN.search(out) is None


class Collect(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))

    def handle_data(self, data: str) -> None:
        self.text.append(data)


HTML_TAGS = {
    "html",
    "head",
    "meta",
    "title",
    "style",
    "body",
    "main",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "p",
    "span",
    "strong",
    "em",
    "a",
    "sup",
    "dl",
    "dt",
    "dd",
    "ul",
    "ol",
    "li",
    "table",
    "thead",
    "tbody",
    "tr",
    "th",
    "td",
    "br",
}
SAFE_HREF = re.compile(r"^(#e-[a-z0-9._-]+|#c\d+|https://[^\s\"'<>]+)$")


def assert_markup_is_ours(collected: Collect, allowed: set[str]) -> None:
    for tag, attrs in collected.tags:
        assert tag in allowed, tag
        href = attrs.get("href")
        if href is not None:
            assert SAFE_HREF.match(href), href
        assert not any(name.startswith("on") for name in attrs), attrs


def test_html_export_escapes_everything(hostile: FactBase) -> None:
    page = to_html(hostile)
    assert page.startswith("<!DOCTYPE html>") and '<meta charset="utf-8">' in page
    assert "<script" not in page
    assert FORBIDDEN.search(page) is None
    collected = Collect()
    collected.feed(page)
    assert_markup_is_ours(collected, HTML_TAGS)
    text = "".join(collected.text)
    assert "<script>alert(1)</script>" in text and "[bold red]markup[/]" in text
    assert "javascript:alert(1)" in text  # the URL is shown as text, never as a link


def test_markdown_export_renders_the_data_as_text(hostile: FactBase) -> None:
    document = to_markdown(hostile)
    assert FORBIDDEN.search(document) is None
    html = MarkdownIt("commonmark").enable("table").enable("strikethrough").render(document)
    collected = Collect()
    collected.feed(html)
    # Markdown may only produce structure we wrote: headings, lists, tables, our anchors.
    assert_markup_is_ours(collected, HTML_TAGS)  # no <code>, <del>, <script>, <img>
    text = "".join(collected.text)
    assert FORMATS in text
    assert "[bold red]markup[/]" in text


def test_json_export_keeps_the_data_exactly(hostile: FactBase) -> None:
    data = json.loads(to_json(hostile))
    assert data["events"][0]["names"]["en"] == f"Trip {HOSTILE}"
