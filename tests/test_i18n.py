"""The interface language: the catalogs are complete and keep every placeholder, the language
is chosen in the issue's order, and each surface speaks it (English stays as it was)."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterator
from functools import cache

import pytest

from tui import i18n
from tui.i18n import catalog, choose, date_text, from_locale, ngettext, parse_po, set_language
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
    return Counter(p for p in _PLACEHOLDER.findall(text.replace("{{", "").replace("}}", ""))
                   if p != "%%")


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
            if got != wanted and not (message.plural and got == wanted - Counter(
                    p for p in wanted if p in ("{count}", "{n}", "%s", "%d"))):
                wrong.append(f"{message.msgid!r}: {sorted(wanted.elements())} → "
                             f"{sorted(got.elements())} in {form!r}")
        for edge in ("\n",):
            if message.msgid.endswith(edge) != all(f.endswith(edge) for f in forms if f):
                wrong.append(f"{message.msgid!r}: the end of line is lost or added")
    assert wrong == []


def test_the_placeholder_check_sees_a_dropped_one() -> None:
    assert placeholders("unknown id '{id}'; did you mean {near}?") == Counter(
        {"{id}": 1, "{near}": 1})
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


# -- choosing the language ------------------------------------------------------------------------


@pytest.mark.parametrize(("environ", "expected"), [
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
])
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


@pytest.mark.parametrize(("code", "expected"), [
    ("en", ("2017-12-01", "2017-12", "2017", "2025-05-09")),
    ("de", ("1. Dezember 2017", "Dezember 2017", "2017", "9. Mai 2025")),
    ("ja", ("2017年12月1日", "2017年12月", "2017年", "2025年5月9日")),
])
def test_dates_in_the_readers_form(code: str, expected: tuple[str, ...], lang: object) -> None:
    set_language(code)
    assert (date_text(2017, 12, 1), date_text(2017, 12), date_text(2017),
            date_text(2025, 5, 9)) == expected
