"""The interface language: the catalogs are complete and keep every placeholder, the language
is chosen in the issue's order, and each surface speaks it (English stays as it was)."""

from __future__ import annotations

import json
import re
from collections import Counter
from collections.abc import Iterator
from functools import cache
from pathlib import Path

import pytest

from tui import i18n
from tui.cli import main
from tui.i18n import (
    catalog,
    cell_width,
    choose,
    date_text,
    from_locale,
    ngettext,
    parse_po,
    set_language,
    wrap_cells,
)
from tui.locale import extract
from tui.locale.extract import render, updated

source_messages = cache(extract.source_messages)

TRANSLATED = ("de", "ja")


@pytest.fixture
def lang() -> Iterator[object]:
    """Set the interface language for one test; English again afterwards."""
    yield set_language
    set_language("en")


# -- the catalogs ---------------------------------------------------------------------------------


@pytest.mark.parametrize("code", TRANSLATED)
def test_the_catalog_is_up_to_date_with_the_source(code: str) -> None:
    current, wanted = updated(code)
    assert current == wanted, f"run `python -m tui.locale.extract` ({code} is out of date)"


@pytest.mark.parametrize("code", TRANSLATED)
def test_every_message_of_the_source_is_translated(code: str) -> None:
    translations = catalog(code)
    missing = []
    for message in source_messages():
        found = translations.get(message.msgid)
        if message.plural is None:
            ok = isinstance(found, str) and bool(found.strip())
        else:
            forms = 1 if code == "ja" else 2
            ok = isinstance(found, tuple) and len(found) == forms and all(found)
        if not ok:
            missing.append(f"{message.places[0]}: {message.msgid!r}")
    assert missing == [], f"{len(missing)} messages without a {code} translation"


_PLACEHOLDER = re.compile(
    r"\{[a-z_0-9]*(?:![rsa])?(?::[^}]*)?\}|%(?:\([a-z_]+\))?[-#0 +]*\d*[sdr%]"
)


def placeholders(text: str) -> Counter[str]:
    return Counter(
        p for p in _PLACEHOLDER.findall(text.replace("{{", "").replace("}}", "")) if p != "%%"
    )


@pytest.mark.parametrize("code", TRANSLATED)
def test_no_translation_drops_or_adds_a_placeholder(code: str) -> None:
    wrong = []
    for message in source_messages():
        found = catalog(code).get(message.msgid)
        forms = (found,) if isinstance(found, str) else found or ()
        wanted = placeholders(message.msgid)
        for form in forms:
            got = placeholders(form)
            # a plural form may leave out the count ("one problem"), never add one
            if got != wanted and not (
                message.plural
                and got
                == wanted - Counter(p for p in wanted if p in ("{count}", "{n}", "%s", "%d"))
            ):
                wrong.append(
                    f"{message.msgid!r}: {sorted(wanted.elements())} → "
                    f"{sorted(got.elements())} in {form!r}"
                )
        for edge in ("\n",):
            if message.msgid.endswith(edge) != all(f.endswith(edge) for f in forms if f):
                wrong.append(f"{message.msgid!r}: the end of line is lost or added")
    assert wrong == []


def test_the_placeholder_check_sees_a_dropped_one() -> None:
    assert placeholders("unknown id '{id}'; did you mean {near}?") == Counter(
        {"{id}": 1, "{near}": 1}
    )
    assert placeholders("%(prog)s: error: %(message)s\n") != placeholders("%(prog)s: Fehler\n")


def test_the_loader_reads_what_the_extractor_writes() -> None:
    messages = source_messages()[:3]
    text = render("de", messages, [])
    entries = [e for e in parse_po(text) if e.msgid]
    assert [e.msgid for e in entries] == [m.msgid for m in messages]
    po = 'msgid "a \\"b\\"\\n"\n"c"\nmsgstr ""\n"x\\ty"\n\n#, fuzzy\nmsgid "d"\nmsgstr "e"\n'
    first, fuzzy = parse_po(po)
    assert (first.msgid, first.translation) == ('a "b"\nc', "x\ty")
    assert fuzzy.fuzzy
    kept = parse_po('#~ msgid "gone"\n#~ msgstr "weg"\n\nmsgid "here"\nmsgstr "da"\n')
    assert [(e.msgid, e.translation, e.obsolete) for e in kept] == [
        ("gone", "weg", True),
        ("here", "da", False),
    ]


def test_a_message_that_left_the_source_keeps_its_translation_unused() -> None:
    """The extraction keeps it as `#~` (to come back when the message does); the loader
    never serves it."""
    po = render("de", source_messages()[:1], parse_po('msgid "gone"\nmsgstr "weg"\n'))
    assert '#~ msgid "gone"\n#~ msgstr "weg"' in po
    assert render("de", source_messages()[:1], parse_po(po)) == po


# -- choosing the language ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("environ", "expected"),
    [
        ({"LANG": "de_DE.UTF-8"}, "de"),
        ({"LANG": "ja_JP.UTF-8"}, "ja"),
        ({"LANG": "en_GB.UTF-8"}, "en"),
        ({"LC_MESSAGES": "ja_JP.UTF-8", "LANG": "de_DE.UTF-8"}, "ja"),
        ({"LC_ALL": "de_AT.UTF-8@euro", "LC_MESSAGES": "ja_JP.UTF-8"}, "de"),
        ({"LANGUAGE": "ja:de", "LANG": "de_DE.UTF-8"}, "ja"),
        ({"LANGUAGE": "ja", "LANG": "C.UTF-8"}, None),  # gettext: LANGUAGE needs a locale
        ({"LANG": "C.UTF-8"}, None),
        ({"LANG": "POSIX"}, None),
        ({"LANG": "fr_FR.UTF-8"}, None),
        ({}, None),
    ],
)
def test_the_locale_as_gettext_reads_it(environ: dict[str, str], expected: str | None) -> None:
    assert from_locale(environ) == expected


def test_the_order_setting_locale_names_english() -> None:
    de, ja, c = {"LANG": "de_DE.UTF-8"}, {"LANG": "ja_JP.UTF-8"}, {"LANG": "C.UTF-8"}
    assert choose("ja", "de", de) == "ja"  # FACTS_UI_LANG or ui_lang first
    assert choose(None, "ja", de) == "de"  # the locale before --lang
    assert choose(None, "ja", c) == "ja"  # no interface language anywhere: --lang sets both
    assert choose(None, None, ja) == "ja"
    assert choose(None, None, c) == "en"
    assert choose(None, None, {}) == "en"


def test_english_is_the_source(lang: object) -> None:
    set_language("en")
    assert i18n._("options") == "options"
    set_language("de")
    assert i18n._("options") == "Optionen"
    assert i18n._("a text no catalog holds") == "a text no catalog holds"
    with pytest.raises(ValueError, match="fr"):
        set_language("fr")


def test_plurals(lang: object) -> None:
    set_language("de")
    assert ngettext("expected %s argument", "expected %s arguments", 1) == "erwartet %s Wert"
    assert ngettext("expected %s argument", "expected %s arguments", 2) == "erwartet %s Werte"
    set_language("ja")
    assert ngettext("expected %s argument", "expected %s arguments", 2) == "値が %s 個必要です"


# -- dates ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("code", "expected"),
    [
        ("en", ("2017-12-01", "2017-12", "2017", "2025-05-09")),
        ("de", ("1. Dezember 2017", "Dezember 2017", "2017", "9. Mai 2025")),
        ("ja", ("2017年12月1日", "2017年12月", "2017年", "2025年5月9日")),
    ],
)
def test_dates_in_the_readers_form(code: str, expected: tuple[str, ...], lang: object) -> None:
    set_language(code)
    assert (
        date_text(2017, 12, 1),
        date_text(2017, 12),
        date_text(2017),
        date_text(2025, 5, 9),
    ) == expected


# -- facts check and the command line's messages ---------------------------------------------------


BAD = """\
events:
  - id: x-2017
    knd: visit
    name: X
    date: 2017-02-30
    place: tokio
places:
  - id: tokyo
    kind: city
    name: Tokyo
"""


def _check(
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    code: str,
    *extra: str,
) -> tuple[int, str, str]:
    (tmp_path / "e.yaml").write_text(BAD, encoding="utf-8")
    monkeypatch.setenv("FACTS_UI_LANG", code)
    try:
        status = main(["check", "--facts", str(tmp_path), *extra])
    finally:
        set_language("en")
    out, err = capsys.readouterr()
    return status, out, err.replace(str(tmp_path / "e.yaml"), "e.yaml")


@pytest.mark.parametrize(
    ("code", "expected"),
    [
        (
            "en",
            """\
e.yaml:2:5: missing required field 'kind' in event 'x-2017'
e.yaml:2:5: missing required field 'sources' in event 'x-2017'
e.yaml:3:5: unknown field 'knd' in event; did you mean 'kind'?
e.yaml:5:11: invalid date '2017-02-30': February 2017 has 28 days
e.yaml:6:12: unknown place 'tokio'; did you mean 'tokyo'?
e.yaml:8:5: missing required field 'sources' in place 'tokyo'
6 problems in 1 file
""",
        ),
        (
            "de",
            """\
e.yaml:2:5: Pflichtfeld 'kind' fehlt in Ereignis 'x-2017'
e.yaml:2:5: Pflichtfeld 'sources' fehlt in Ereignis 'x-2017'
e.yaml:3:5: unbekanntes Feld 'knd' in einem Eintrag vom Typ Ereignis; meinten Sie 'kind'?
e.yaml:5:11: ungültiges Datum '2017-02-30': Februar 2017 hat 28 Tage
e.yaml:6:12: Ort 'tokio' ist unbekannt; meinten Sie 'tokyo'?
e.yaml:8:5: Pflichtfeld 'sources' fehlt in Ort 'tokyo'
6 Probleme in 1 Datei
""",
        ),
        (
            "ja",
            """\
e.yaml:2:5: イベント 'x-2017' に必須項目 'kind' がありません
e.yaml:2:5: イベント 'x-2017' に必須項目 'sources' がありません
e.yaml:3:5: イベントに不明な項目 'knd' があります。'kind' のことですか?
e.yaml:5:11: 無効な日付 '2017-02-30': 2017年2月は28日までです
e.yaml:6:12: 場所 'tokio' が見つかりません。'tokyo' のことですか?
e.yaml:8:5: 場所 'tokyo' に必須項目 'sources' がありません
問題 6 件 (1 ファイル)
""",
        ),
    ],
)
def test_check_reports_in_the_interface_language(
    code: str,
    expected: str,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    status, out, err = _check(tmp_path, monkeypatch, capsys, code)
    assert (status, out, err) == (1, "", expected)


def test_check_json_keeps_the_messages_in_the_interface_language(
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    status, out, _err = _check(tmp_path, monkeypatch, capsys, "de", "--format", "json")
    problems = json.loads(out)["problems"]
    assert status == 1 and problems[0]["line"] == 2
    assert problems[2]["message"] == (
        "unbekanntes Feld 'knd' in einem Eintrag vom Typ Ereignis; meinten Sie 'kind'?"
    )


@pytest.mark.parametrize(
    ("code", "expected"),
    [
        ("en", "OK: 5 files, 23 events, 37 participants, 29 themes, 17 places, 2 sources\n"),
        ("de", "OK: 5 Dateien, 23 Ereignisse, 37 Beteiligte, 29 Themen, 17 Orte, 2 Quellen\n"),
        (
            "ja",
            "OK: 5 ファイル、イベント 23 件、参加者 37 件、テーマ 29 件、場所 17 件、出典 2 件\n",
        ),
    ],
)
def test_a_valid_base(
    code: str, expected: str, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("FACTS_UI_LANG", code)
    try:
        assert main(["check"]) == 0
    finally:
        set_language("en")
    assert capsys.readouterr().out == expected


def run_facts(
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    environ: dict[str, str],
    *args: str,
) -> tuple[int, str, str]:
    for name, value in environ.items():
        monkeypatch.setenv(name, value)
    try:
        status = main(list(args))
    except SystemExit as exit_:
        status = int(exit_.code or 0)
    finally:
        set_language("en")
    out, err = capsys.readouterr()
    return status, out, err


@pytest.mark.parametrize(
    ("environ", "expected"),
    [
        ({"FACTS_UI_LANG": "ja", "LC_MESSAGES": "de_DE.UTF-8"}, "facts show: 不明な ID 'kufen'"),
        ({"LC_MESSAGES": "de_DE.UTF-8"}, "facts show: unbekannte ID 'kufen'"),
        ({"LC_ALL": "ja_JP.UTF-8"}, "facts show: 不明な ID 'kufen'"),
        ({"LC_MESSAGES": "C.UTF-8", "FACTS_LANG": "de"}, "facts show: unbekannte ID 'kufen'"),
        ({"LC_MESSAGES": "C.UTF-8"}, "facts show: unknown id 'kufen'"),
    ],
)
def test_the_language_in_the_issues_order(
    environ: dict[str, str],
    expected: str,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    status, _out, err = run_facts(monkeypatch, capsys, environ, "show", "kufen")
    assert status == 1 and err.startswith(expected)


def test_ui_lang_from_the_config_file_before_the_locale(
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    config = tmp_path / "config.toml"
    config.write_text('ui_lang = "ja"\n', encoding="utf-8")
    _status, _out, err = run_facts(
        monkeypatch,
        capsys,
        {"FACTS_CONFIG": str(config), "LC_MESSAGES": "de_DE.UTF-8"},
        "show",
        "kufen",
    )
    assert err.startswith("facts show: 不明な ID 'kufen'")
    _status, _out, err = run_facts(
        monkeypatch, capsys, {"FACTS_CONFIG": str(config), "FACTS_UI_LANG": "de"}, "show", "kufen"
    )
    assert err.startswith("facts show: unbekannte ID 'kufen'")


def test_lang_sets_both_only_when_no_interface_language_is_set(
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    _s, _o, err = run_facts(monkeypatch, capsys, {"LC_MESSAGES": "C"}, "show", "x", "--lang", "ja")
    assert err.startswith("facts show: 不明な ID 'x'")
    _s, _o, err = run_facts(
        monkeypatch, capsys, {"LC_MESSAGES": "en_US.UTF-8"}, "show", "x", "--lang", "ja"
    )
    assert err.startswith("facts show: unknown id 'x'")


def test_argparse_speaks_the_language(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    status, _out, err = run_facts(monkeypatch, capsys, {"FACTS_UI_LANG": "de"}, "show")
    assert status == 2
    assert err.endswith("facts show: Fehler: folgende Argumente fehlen: ID\n")
    assert err.startswith("Aufruf: facts show ")
    status, out, _err = run_facts(monkeypatch, capsys, {"FACTS_UI_LANG": "ja"}, "check", "--help")
    assert status == 0 and out.startswith("使い方: facts check ")
    assert "\nオプション:\n" in out and "このヘルプを表示して終了" in out


@pytest.mark.parametrize("code", TRANSLATED)
@pytest.mark.parametrize(
    "command", [[], ["show"], ["search"], ["check"], ["summary"], ["export"], ["config"], ["met"]]
)
def test_help_in_the_language_and_wrapped_by_columns(
    code: str,
    command: list[str],
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    monkeypatch.setenv("COLUMNS", "80")
    status, out, _err = run_facts(monkeypatch, capsys, {"FACTS_UI_LANG": code}, *command, "--help")
    assert status == 0
    words = {
        "de": ("Aufruf: facts", "Optionen:", "diese Hilfe zeigen und beenden"),
        "ja": ("使い方: facts", "オプション:", "このヘルプを表示して終了"),
    }[code]
    assert all(word in out for word in words)
    for english in (
        "usage:",
        "options:",
        "examples:",
        "show this help",
        "More:",
        "fact base: a folder",
    ):
        assert english not in out
    # option help is wrapped at the terminal's width in columns (Japanese is double width)
    options = out.split(words[1])[1].split("\n\n")[0]
    assert max(cell_width(line) for line in options.splitlines()) <= 80


def test_wrapping_by_columns_breaks_cjk_text_but_not_before_punctuation() -> None:
    text = "ページャを使わない (既定: 出力が端末より長いときにページャを使う)"
    lines = wrap_cells(text, 20)
    assert all(cell_width(line) <= 20 for line in lines)
    assert "".join(lines).replace(" ", "") == text.replace(" ", "")
    assert not any(line[0] in "、。)ャー" for line in lines)
    assert wrap_cells("two words", 5) == ["two", "words"]


def test_no_function_both_binds_and_calls_the_translation_function() -> None:
    """`for _, x in …` or `a, _, b = …` makes `_` a local name of the whole function: a `_()`
    call in it then calls a value (or fails before the assignment), and only in the
    languages whose path runs it.  Ruff sees loop variables only; this sees every binding."""
    import ast

    found = []
    for path in sorted((Path(i18n.__file__).parent).rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for function in ast.walk(tree):
            if not isinstance(function, ast.FunctionDef | ast.AsyncFunctionDef):
                continue
            names = [n for n in ast.walk(function) if isinstance(n, ast.Name) and n.id == "_"]
            own = [n for n in _own_nodes(function) if isinstance(n, ast.Name) and n.id == "_"]
            if any(isinstance(n.ctx, ast.Store) for n in own) and any(
                isinstance(n.ctx, ast.Load) for n in names
            ):
                found.append(f"{path.name}:{function.lineno} {function.name}")
    assert found == []


def _own_nodes(function: object) -> list[object]:
    """The nodes of a function outside its nested functions and comprehensions (which have
    scopes of their own)."""
    import ast

    out: list[object] = []
    nested = (
        ast.FunctionDef,
        ast.AsyncFunctionDef,
        ast.Lambda,
        ast.ClassDef,
        ast.ListComp,
        ast.SetComp,
        ast.DictComp,
        ast.GeneratorExp,
    )
    stack = list(ast.iter_child_nodes(function))  # type: ignore[arg-type]
    while stack:
        node = stack.pop()
        if isinstance(node, nested):
            continue
        out.append(node)
        stack.extend(ast.iter_child_nodes(node))
    return out


# -- the schema's words, lists, the language in force ---------------------------------------------


def test_a_schema_word_is_the_readers_and_a_words_own_kind_stays_as_written(lang) -> None:
    from tui.i18n import VOCABULARY, term

    assert term("delegation-trip") == "delegation-trip"  # English: the code, as before
    lang("de")
    assert [term(w) for w in ("delegation-trip", "signatory", "inferred", "city")] == [
        "Delegationsreise",
        "Unterzeichner",
        "erschlossen",
        "Stadt",
    ]
    assert term("my-own-kind") == "my-own-kind"
    lang("ja")
    assert term("signing") == "調印" and term("my-own-kind") == "my-own-kind"
    for code in ("de", "ja"):
        untranslated = [w for w in VOCABULARY if not catalog(code).get(VOCABULARY[w])]
        assert untranslated == []


def test_japanese_lists_with_the_ideographic_comma(lang) -> None:
    from tui.i18n import list_text

    assert list_text(["a", "b"]) == "a, b"
    lang("ja")
    assert list_text(["郡山市", "エッセン市"]) == "郡山市、エッセン市"
    lang("de")
    assert list_text(["a", "b"]) == "a, b"


def test_the_locale_names_the_variable_that_chose(monkeypatch) -> None:
    from tui.i18n import locale_choice

    assert locale_choice({"LANG": "de_DE.UTF-8"}) == ("de", "LANG=de_DE.UTF-8")
    assert locale_choice({"LC_ALL": "ja_JP.UTF-8", "LANG": "de_DE.UTF-8"}) == (
        "ja",
        "LC_ALL=ja_JP.UTF-8",
    )
    assert locale_choice({"LANGUAGE": "ja:de", "LANG": "de_DE.UTF-8"}) == ("ja", "LANGUAGE=ja:de")
    assert locale_choice({"LANG": "C.UTF-8"}) is None


@pytest.mark.parametrize(
    ("environ", "row"),
    [
        ({"LANG": "de_DE.UTF-8"}, "ui_lang  de   Locale LANG=de_DE.UTF-8"),
        ({"LANG": "ja_JP.UTF-8"}, "ui_lang  ja   ロケール LANG=ja_JP.UTF-8"),
        ({"LANG": "C.UTF-8", "FACTS_UI_LANG": "de"}, "ui_lang  de   Umgebung FACTS_UI_LANG"),
        ({"LANG": "C.UTF-8"}, "ui_lang  en   default (not chosen: English)"),
    ],
)
def test_config_says_which_interface_language_is_in_force_and_why(
    environ: dict[str, str], row: str, monkeypatch, capsys, tmp_path: Path
) -> None:
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path))
    for name in ("LC_ALL", "LC_MESSAGES", "LANGUAGE", "FACTS_UI_LANG"):
        monkeypatch.delenv(name, raising=False)
    for name, value in environ.items():
        monkeypatch.setenv(name, value)
    try:
        assert main(["config", "--facts", str(tmp_path)]) == 0
    finally:
        set_language("en")
    line = next(x for x in capsys.readouterr().out.splitlines() if x.startswith("ui_lang"))
    assert re.sub(r"\s+", " ", line) == re.sub(r"\s+", " ", row)
