"""Golden pages in German and Japanese: what `facts show`, `summary`, `met` and `export`
print with the interface in each language, compared character for character (the English
pages are tests/test_render_golden.py's).  Regenerate after a deliberate change and read
the diff:

    FACTS_UPDATE_GOLDEN=1 .venv/bin/python -m pytest tests/test_i18n_pages.py
"""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from tui.cli import main
from tui.i18n import cell_width, set_language

GOLDEN = Path(__file__).parent / "golden" / "i18n"
UPDATE = os.environ.get("FACTS_UPDATE_GOLDEN") == "1"

PAGES: dict[str, list[str]] = {
    "show-essen-koriyama-mou-2017-80": ["show", "essen-koriyama-mou-2017", "--width", "80"],
    "show-essen-koriyama-mou-2017-120": ["show", "essen-koriyama-mou-2017", "--width", "120"],
    "show-paul-hoeller-80": ["show", "paul-hoeller", "--width", "80"],
    "show-essen-press-release-2017-12-01-80": [
        "show",
        "essen-press-release-2017-12-01",
        "--width",
        "80",
    ],
    "summary-80": ["summary", "--width", "80"],
    "summary-theme-hydrogen-technologies-120": [
        "summary",
        "--theme",
        "hydrogen-technologies",
        "--width",
        "120",
    ],
    "met-thomas-kufen-80": ["met", "thomas-kufen", "--width", "80"],
}
DOCUMENTS: dict[str, list[str]] = {
    "export-paul-hoeller.md": ["export", "--format", "markdown", "paul-hoeller"],
    "export-paul-hoeller.html": ["export", "--format", "html", "paul-hoeller"],
}


def run(
    code: str, args: list[str], monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> str:
    monkeypatch.setenv("FACTS_UI_LANG", code)
    try:
        assert main(args) == 0
    finally:
        set_language("en")
    return capsys.readouterr().out


def compare(name: str, out: str) -> None:
    path = GOLDEN / name
    if UPDATE:
        path.write_text(out, encoding="utf-8")
    assert path.exists(), f"no golden file {path.name}; run with FACTS_UPDATE_GOLDEN=1"
    assert out == path.read_text(encoding="utf-8")


@pytest.mark.parametrize("code", ["de", "ja"])
@pytest.mark.parametrize("name", sorted(PAGES))
def test_pages(
    code: str, name: str, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    args = [*PAGES[name], "--lang", code, "--no-pager"]
    out = run(code, args, monkeypatch, capsys)
    compare(f"{name}-{code}.txt", out)
    width = int(args[args.index("--width") + 1])
    assert max(cell_width(line) for line in out.splitlines()) <= width  # Japanese: 2 a char


@pytest.mark.parametrize("code", ["de", "ja"])
@pytest.mark.parametrize("name", sorted(DOCUMENTS))
def test_documents(
    code: str, name: str, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    out = run(code, [*DOCUMENTS[name], "--lang", code], monkeypatch, capsys)
    stem, suffix = name.rsplit(".", 1)
    compare(f"{stem}-{code}.{suffix}", out)


@pytest.mark.parametrize(
    ("code", "words"),
    [
        (
            "de",
            (
                "Wann",
                "1. Dezember 2017",
                "Reiseverlauf",
                "Beteiligte",
                "Quellen",
                "← dieses Ereignis",
            ),
        ),
        ("ja", ("日時", "2017年12月1日", "旅程", "参加者", "出典", "← このイベント")),
    ],
)
def test_a_page_speaks_the_language(
    code: str,
    words: tuple[str, ...],
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    out = run(code, ["show", "essen-koriyama-mou-2017", "--no-pager"], monkeypatch, capsys)
    assert all(word in out for word in words)
    for english in (
        "When ",
        "Where ",
        "Itinerary",
        "Participants",
        "Sources",
        "this event",
        "2017-12-01",
    ):
        assert english not in out


@pytest.mark.parametrize(("code", "mark"), [("de", "· erschlossen"), ("ja", "· 推定")])
def test_the_summary_marks_an_inferred_part_in_the_language(
    code: str, mark: str, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """The timeline's mark of a part whose `part_of` the sources do not state (it was
    printed in English, 'inferred', in every language)."""
    out = run(code, ["summary", "--width", "200", "--lang", "en"], monkeypatch, capsys)
    assert mark in out
    assert "· inferred" not in out and "· background" not in out


@pytest.mark.parametrize(
    ("code", "ui", "expected"),
    [
        ("de", "de", 'lang="de"'),
        ("ja", "ja", 'lang="ja"'),
        (None, "de", 'lang="de"'),
        (None, "ja", 'lang="ja"'),
        ("ja", "de", 'lang="ja"'),
    ],
)
def test_the_html_lang_attribute(
    code: str | None,
    ui: str,
    expected: str,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    """The names' language where one is chosen, else the interface's."""
    args = ["export", "--format", "html", "paul-hoeller", *(["--lang", code] if code else [])]
    assert f"<html {expected}>" in run(ui, args, monkeypatch, capsys)


@pytest.mark.parametrize(
    "command",
    [
        ["summary", "--json"],
        ["export", "paul-hoeller"],
        ["met", "thomas-kufen", "--json"],
        ["export", "--format", "csv", "thomas-kufen"],
    ],
)
def test_what_programs_read_does_not_depend_on_the_language(
    command: list[str],
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    english = run("en", command, monkeypatch, capsys)
    assert run("de", command, monkeypatch, capsys) == english
    assert run("ja", command, monkeypatch, capsys) == english
    if command[-1] == "--json":
        json.loads(english)
