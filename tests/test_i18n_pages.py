"""Golden pages in German and Japanese: what `facts show`, `summary`, `met` and `export`
print with the interface in each language, compared character for character (the English
pages are tests/test_render_golden.py's).  Regenerate after a deliberate change and read
the diff:

    FACTS_UPDATE_GOLDEN=1 .venv/bin/python -m pytest tests/test_i18n_pages.py
"""

from __future__ import annotations

import json
import os
import re
from collections.abc import Iterable
from pathlib import Path

import pytest

from tui.cli import main
from tui.i18n import cell_width, set_language

GOLDEN = Path(__file__).parent / "golden"
"""One folder per language: golden/de, golden/ja (the English pages lie in golden/ itself)."""
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
    "show-hydrogen-technologies-80": ["show", "hydrogen-technologies", "--width", "80"],
    "show-koriyama-80": ["show", "koriyama", "--width", "80"],
    "met-thomas-kufen-80": ["met", "thomas-kufen", "--width", "80"],
    "audit-source-80": ["audit", "--source", "essen-press-release-2017-12-01", "--width", "80"],
}
SEARCHES: dict[str, list[str]] = {
    # the notes go to stderr: what a filter was read as, a typo read as a word
    "search-notes": ["search", "koriyma theme:energy", "--width", "80"],
    "search-did-you-mean": ["search", "koriyma kufn", "--width", "80"],
    "search-unknown-kind": ["search", "kind:signin"],
    "search-unbalanced-quote": ["search", '"memorandum of'],
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
    compare(f"{code}/{name}.txt", out)
    width = int(args[args.index("--width") + 1])
    assert max(cell_width(line) for line in out.splitlines()) <= width  # Japanese: 2 a char


@pytest.mark.parametrize("code", ["de", "ja"])
@pytest.mark.parametrize("name", sorted(DOCUMENTS))
def test_documents(
    code: str, name: str, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    out = run(code, [*DOCUMENTS[name], "--lang", code], monkeypatch, capsys)
    compare(f"{code}/{name}", out)


@pytest.mark.parametrize("code", ["de", "ja"])
@pytest.mark.parametrize("name", sorted(SEARCHES))
def test_search_notes_and_errors(
    code: str, name: str, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """`facts search`'s hits, then (on stderr) its notes, its did-you-mean or its error."""
    monkeypatch.setenv("FACTS_UI_LANG", code)
    try:
        status = main([*SEARCHES[name], "--lang", code])
    finally:
        set_language("en")
    out, err = capsys.readouterr()
    compare(f"{code}/{name}.txt", f"exit {status}\n{out}--- stderr\n{err}")


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


def _data_texts() -> list[str]:
    """Every text of the shipped fact files (names, descriptions, notes, titles) but the
    schema's words (kind, type, role, basis): what a page may show in English because the
    data has it so."""
    import yaml

    from tui.paths import shipped_facts

    found: list[str] = []

    def walk(value: object, key: str = "") -> None:
        if isinstance(value, dict):
            for name, item in value.items():
                walk(item, str(name))
        elif isinstance(value, list):
            for item in value:
                walk(item, key)
        elif isinstance(value, str) and key not in ("kind", "type", "role", "basis"):
            found.append(value)

    for path in sorted(shipped_facts().glob("*.yaml")):
        walk(yaml.safe_load(path.read_text(encoding="utf-8")))
    return sorted(set(found), key=len, reverse=True)


def _program_english(code: str) -> list[str]:
    """The English of the program's messages that have another text in `code`: each
    message's literal pieces between placeholders, those of two or more words or one
    capitalised word of four or more letters (a heading: "Sources", "Itinerary")."""
    from tui.i18n import catalog

    return _pieces(msgid for msgid, translation in catalog(code).items() if translation != msgid)


def _pieces(messages: Iterable[str]) -> list[str]:
    pieces: set[str] = set()
    for message in messages:
        if "\n" in message:
            continue
        for piece in re.split(r"\{[^}]*\}|%\(?[a-z_]*\)?[sd]", message):
            piece = piece.strip(" .,:;()·—-'\"…[]")
            words = re.findall(r"[A-Za-zÄÖÜäöüß]+", piece)
            if len(words) >= 2 or (len(words) == 1 and len(piece) >= 4 and piece[0].isupper()):
                command = piece.startswith("facts ")  # a command is typed as it is
                if (
                    re.fullmatch(r"[A-Za-zÄÖÜäöüß][A-Za-zÄÖÜäöüß ,'-]*[A-Za-zäöüß]", piece)
                    and not command
                ):
                    pieces.add(piece)
    return sorted(pieces)


SCANNED = [
    ["show", "essen-koriyama-mou-2017"],
    ["show", "essen-japan-trip-2017"],
    ["show", "thomas-kufen"],
    ["show", "hydrogen-technologies"],
    ["show", "koriyama"],
    ["show", "essen-press-release-2017-12-01"],
    ["summary"],
    ["met", "thomas-kufen"],
    ["export", "--format", "markdown", "essen-japan-trip-2017"],
]


@pytest.mark.parametrize("code", ["de", "ja"])
def test_no_english_word_of_the_program_on_the_pages(
    code: str, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """Every main page in German and Japanese, with the data's own texts taken out, holds
    none of the English of a message that has a translation (a string that missed `_()`,
    a heading written before the catalogs knew it, a data word shown raw)."""
    data = _data_texts()
    english = _program_english(code)
    found: dict[str, list[str]] = {}
    for args in SCANNED:
        out = run(
            code,
            [*args, "--lang", code, "--width", "1000", "--no-pager"]
            if args[0] != "export"
            else [*args, "--lang", code],
            monkeypatch,
            capsys,
        )
        for text in data:
            out = out.replace(text, "\0")
        for piece in english:
            if re.search(rf"(?<![A-Za-z]){re.escape(piece)}(?![A-Za-z])", out):
                found.setdefault(" ".join(args), []).append(piece)
    assert found == {}


def test_no_german_on_a_japanese_page(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """A word made in German must not stay behind in a Japanese page (a cache of worded
    roles that forgot the language once showed 'Gastgeber' there)."""
    from tui.i18n import catalog

    german = _pieces(t for t in catalog("de").values() if isinstance(t, str))
    data = _data_texts()
    for args in (["show", "paul-hoeller"], ["met", "thomas-kufen"]):
        run("de", [*args, "--lang", "de", "--no-pager"], monkeypatch, capsys)  # German first
        out = run(
            "ja", [*args, "--lang", "ja", "--width", "1000", "--no-pager"], monkeypatch, capsys
        )
        for text in data:
            out = out.replace(text, "\0")
        left = [
            p for p in german if re.search(rf"(?<![A-Za-zäöüß]){re.escape(p)}(?![A-Za-zäöüß])", out)
        ]
        assert left == [], args


def test_the_scan_sees_an_english_heading() -> None:
    assert "Sources" in _program_english("de") and "Who took part" in _program_english("ja")
