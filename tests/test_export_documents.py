"""`facts export --format markdown|html`: briefings to hand on, linked within themselves."""

from __future__ import annotations

import json
import re
from html.parser import HTMLParser
from pathlib import Path

import pytest
from markdown_it import MarkdownIt

from tui.cli import main
from tui.model import FactBase


def export(capsys: pytest.CaptureFixture[str], *args: str) -> str:
    assert main(["export", *args]) == 0
    captured = capsys.readouterr()
    assert captured.err == ""
    return captured.out


class Anchors(HTMLParser):
    """Ids defined on a page and the in-page links pointing into it."""

    def __init__(self) -> None:
        super().__init__()
        self.ids: set[str] = set()
        self.links: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        if values.get("id"):
            self.ids.add(values["id"] or "")
        href = values.get("href") or ""
        if href.startswith("#"):
            self.links.append(href[1:])


def anchors_of(html: str) -> Anchors:
    parser = Anchors()
    parser.feed(html)
    return parser


def test_html_is_one_standalone_page_whose_links_all_land(
    shipped_base: FactBase, capsys: pytest.CaptureFixture[str]
) -> None:
    page = export(capsys, "--format", "html")
    assert page.startswith('<!DOCTYPE html>\n<html lang="en">')
    assert '<meta charset="utf-8">' in page and "<style>" in page
    # Nothing is loaded from elsewhere; the only outside links are the sources' own URLs.
    assert "<script" not in page and " src=" not in page
    outside = set(re.findall(r'href="(?!#)([^"]*)"', page))
    assert outside == {s.url for s in shipped_base.sources if s.url}
    parsed = anchors_of(page)
    assert parsed.links and set(parsed.links) <= parsed.ids
    assert {f"e-{entity.id}" for entity in shipped_base} <= parsed.ids


def test_markdown_links_all_land(
    shipped_base: FactBase, capsys: pytest.CaptureFixture[str]
) -> None:
    document = export(capsys, "--format", "markdown")
    parsed = anchors_of(MarkdownIt("commonmark", {"html": True}).enable("table").render(document))
    assert parsed.links and set(parsed.links) <= parsed.ids
    assert {f"e-{entity.id}" for entity in shipped_base} <= parsed.ids


def test_chosen_entities_share_one_source_list(capsys: pytest.CaptureFixture[str]) -> None:
    document = export(
        capsys, "--format", "markdown", "paul-hoeller", "thomas-kufen", "--lang", "de"
    )
    assert document.count("## Sources") == 1
    # Kufen comes from the Essen release, Höller from the Düsseldorf article: two sources,
    # numbered in the order the document first cites them (participants in file order).
    sources = document.split("## Sources")[1].strip().splitlines()
    assert len(sources) == 2
    assert sources[0].startswith('- <a id="c1"></a>\\[1\\] *Delegation aus Essen zu Gast')
    assert sources[1].startswith('- <a id="c2"></a>\\[2\\] *Düsseldorf-Abend in Tokio')
    assert document.index("### Thomas Kufen") < document.index("### Paul Höller")
    assert "### Paul Höller" in document and "#### Offices" in document
    # A link to an entity outside the document stays plain text.
    assert "Stadt Essen" in document and "(#e-city-of-essen)" not in document


def test_output_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    target = tmp_path / "brief.html"
    assert main(["export", "--format", "html", "-o", str(target), "tokyo"]) == 0
    assert capsys.readouterr().out == ""
    assert "<title>Tokyo — Facts</title>" in target.read_text(encoding="utf-8")


def test_an_unwritable_output_is_a_message_not_a_traceback(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    target = tmp_path / "missing" / "brief.md"
    assert main(["export", "--format", "markdown", "-o", str(target)]) == 1
    assert capsys.readouterr().err.startswith(f"facts export: cannot write {target}: ")


def test_json_keeps_its_shape_with_lang(capsys: pytest.CaptureFixture[str]) -> None:
    data = json.loads(export(capsys, "--format", "json", "--lang", "ja", "city-of-koriyama"))
    assert data["format"] == 1
    (city,) = data["participants"]
    assert city["name"] == "郡山市"
    assert city["names"]["en"] == "City of Koriyama"
    assert city["seat"] == {"id": "koriyama", "entity": "place", "kind": "city", "name": "郡山市"}


def test_unknown_id_suggests(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["export", "--format", "html", "koriyama-city"]) == 1
    err = capsys.readouterr().err
    assert err.startswith("facts export: unknown id 'koriyama-city'; did you mean: ")
    assert "city-of-koriyama" in err
