"""The interface language: which one is in force, the translated messages, dates in the
reader's form.

Messages are marked in the source with `_("…")` (translated where it runs), `N_("…")` (a
constant translated later, where it is shown) and `ngettext(singular, plural, n)`.  The
translations are gettext catalogs, `tui/locale/LANG/LC_MESSAGES/facts.po`, read here by a
small loader: no compile step at build or install time (an editable install and a wheel
read the same files), no `.mo` files to keep in step with their sources, no new dependency.
`tui/locale/extract.py` brings the catalogs up to date with the source.

The language is chosen once per process (`set_language`), from `choose`: FACTS_UI_LANG,
then the config file's `ui_lang` (both resolved by `tui.config`), then the locale as gettext
reads it (LANGUAGE, LC_ALL, LC_MESSAGES, LANG), then the names' language (`--lang`,
FACTS_LANG, `lang`) when no interface language is set anywhere, else English.  English is
the source language: it has no catalog, and `_()` returns its argument unchanged.

Only the standard library is imported: the parser's help is built in this language.
"""

from __future__ import annotations

import os
import re
from collections.abc import Callable, Iterable, Iterator, Mapping
from contextlib import contextmanager
from functools import cache
from pathlib import Path

__all__ = [
    "LANGUAGES",
    "N_",
    "_",
    "cell_width",
    "choose",
    "date_text",
    "from_locale",
    "language",
    "list_text",
    "locale_choice",
    "ngettext",
    "number_text",
    "set_language",
    "source_language",
    "term",
    "wrap_cells",
]

LANGUAGES = ("de", "en", "ja")
SOURCE_LANGUAGE = "en"
LOCALE_DIR = Path(__file__).resolve().parent / "locale"
DOMAIN = "facts"

_current = SOURCE_LANGUAGE


# -- choosing ---------------------------------------------------------------------------------


def from_locale(environ: Mapping[str, str] | None = None) -> str | None:
    """The interface language the locale asks for, as gettext reads it: the first of
    LANGUAGE (a colon-separated list, used only when a locale is set), LC_ALL, LC_MESSAGES
    and LANG that is set decides; `de_DE.UTF-8` → de, `ja_JP.UTF-8` → ja, `en_GB` → en.
    None for C/POSIX or a language without a catalog (then nothing chose a language)."""
    found = locale_choice(environ)
    return found[0] if found is not None else None


def locale_choice(environ: Mapping[str, str] | None = None) -> tuple[str, str] | None:
    """`from_locale`'s language and the variable that decided it, as `LANG=de_DE.UTF-8`
    (what `facts config` shows as its origin)."""
    env = os.environ if environ is None else environ
    chosen = variable = ""
    for variable in ("LC_ALL", "LC_MESSAGES", "LANG"):
        chosen = env.get(variable, "")
        if chosen:
            break
    if not chosen or _code(chosen) in ("c", "posix"):
        return None
    # GNU gettext reads LANGUAGE first, unless the locale is C (then it is ignored)
    language_list = env.get("LANGUAGE", "")
    for item in language_list.split(":"):
        if _code(item) in LANGUAGES:
            return _code(item), f"LANGUAGE={language_list}"
    if _code(chosen) in LANGUAGES:
        return _code(chosen), f"{variable}={chosen}"
    return None


def _code(locale_name: str) -> str:
    """'de_DE.UTF-8@euro' → 'de'."""
    return re.split(r"[_.@-]", locale_name.strip(), maxsplit=1)[0].lower()


def choose(
    ui_lang: str | None, names_lang: str | None = None, environ: Mapping[str, str] | None = None
) -> str:
    """The interface language: `ui_lang` (the setting, from FACTS_UI_LANG or the config
    file), else the locale's, else the names' language, else English."""
    for candidate in (ui_lang, from_locale(environ), names_lang):
        if candidate in LANGUAGES:
            return candidate
    return SOURCE_LANGUAGE


def set_language(lang: str) -> None:
    """Make `lang` the interface language of this process (argparse's words too)."""
    global _current
    if lang not in LANGUAGES:
        raise ValueError(f"no interface language {lang!r}")
    _current = lang
    _install_argparse()


def language() -> str:
    return _current


@contextmanager
def source_language() -> Iterator[None]:
    """English for a while: what programs read (the numbers `summary --json` takes off the
    page) must not depend on the reader's language."""
    global _current
    before = _current
    _current = SOURCE_LANGUAGE
    try:
        yield
    finally:
        _current = before


# -- translating ------------------------------------------------------------------------------


def _(message: str) -> str:
    """`message` in the interface language (itself in English or where it has no
    translation: a missing one shows English, never nothing; a test keeps them complete)."""
    if _current == SOURCE_LANGUAGE:
        return message
    found = catalog(_current).get(message)
    return found if isinstance(found, str) and found else message


def cell_width(text: str) -> int:
    """Columns `text` takes in a terminal: CJK characters take two (for padding a column
    in Japanese)."""
    import unicodedata

    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


_NO_LINE_START = set(
    "、。，．）」』】〕・ー！？：；)]},.!?:;ぁぃぅぇぉっゃゅょゎァィゥェォッャュョヮヵヶ"
)
"""What may not begin a line in Japanese (kinsoku): closing brackets and punctuation."""


def wrap_cells(text: str, width: int) -> list[str]:
    """`text` in lines of at most `width` terminal columns, broken at spaces and, in CJK
    text (which has none), between any two characters, never before closing punctuation.
    (textwrap counts characters and breaks only at spaces: a Japanese help text would be
    one line twice the terminal's width.)"""
    units: list[str] = []
    for ch in text:
        wide = cell_width(ch) == 2
        if units and (
            ch in _NO_LINE_START
            or (not wide and ch != " " and units[-1] != " " and cell_width(units[-1][-1]) == 1)
        ):
            units[-1] += ch
        else:
            units.append(ch)
    lines: list[str] = []
    line = ""
    for unit in units:
        if line and cell_width(line + unit) > width and unit != " ":
            lines.append(line.rstrip())
            line = ""
        if not line and unit == " ":
            continue
        line += unit
    if line.strip():
        lines.append(line.rstrip())
    return lines


def N_(message: str) -> str:
    """Mark a constant for translation where it is defined; `_()` it where it is shown."""
    return message


def term(code: str) -> str:
    """A word of the schema's vocabulary (an event kind, a participant's kind or type, a
    role, a basis, a place's or source's kind: `delegation-trip`, `signatory`, `inferred`)
    as a reader of the interface language says it; in English, and for a value the
    vocabulary does not know (a base's own kind), the code as written.  Only for people:
    JSON, CSV and the search language keep the code."""
    if _current != SOURCE_LANGUAGE:
        english = VOCABULARY.get(code)
        if english is not None:
            found = _(english)
            if found != english:
                return found
    return code


def list_separator() -> str:
    """What the language puts between the items of a list: ", " in English and German, "、"
    in Japanese."""
    return "、" if _current == "ja" else ", "


def list_text(items: Iterable[str]) -> str:
    """Items one after the other as the language lists them: "a, b", "a、b"."""
    return list_separator().join(items)


VOCABULARY: dict[str, str] = {
    "delegation-trip": N_("delegation trip"),
    "signing": N_("signing"),
    "visit": N_("visit"),
    "reception": N_("reception"),
    "symposium": N_("symposium"),
    "anniversary": N_("anniversary"),
    "conference": N_("conference"),
    "agenda item": N_("agenda item"),
    "cooperation": N_("cooperation"),
    "meeting": N_("meeting"),
    "opening": N_("opening"),
    "presentation": N_("presentation"),
    "relocation": N_("relocation"),
    "workshop": N_("workshop"),
    "trip": N_("trip"),
    "person": N_("person"),
    "organisation": N_("organisation"),
    "government": N_("government"),
    "company": N_("company"),
    "university hospital": N_("university hospital"),
    "ministry": N_("ministry"),
    "brewery": N_("brewery"),
    "business development agency": N_("business development agency"),
    "city council": N_("city council"),
    "economic development company": N_("economic development company"),
    "group": N_("group"),
    "industry sector": N_("industry sector"),
    "innovation centre": N_("innovation centre"),
    "medical device development support centre": N_("medical device development support centre"),
    "news portal": N_("news portal"),
    "press office": N_("press office"),
    "start-up": N_("start-up"),
    "subsidiary": N_("subsidiary"),
    "telecommunications company": N_("telecommunications company"),
    "trade fair": N_("trade fair"),
    "trade fair company": N_("trade fair company"),
    "transport company": N_("transport company"),
    "university": N_("university"),
    "host": N_("host"),
    "signatory": N_("signatory"),
    "guest": N_("guest"),
    "speaker": N_("speaker"),
    "organiser": N_("organiser"),
    "contributor": N_("contributor"),
    "delegation": N_("delegation"),
    "delegation-member": N_("delegation member"),
    "framework": N_("framework"),
    "interlocutor": N_("interlocutor"),
    "opened facility": N_("opened facility"),
    "parent company": N_("parent company"),
    "partner": N_("partner"),
    "party": N_("party"),
    "presenting city": N_("presenting city"),
    "prospective partner": N_("prospective partner"),
    "prospective presenter": N_("prospective presenter"),
    "relocated company": N_("relocated company"),
    "supplier": N_("supplier"),
    "visitor": N_("visitor"),
    "stated": N_("stated"),
    "inferred": N_("inferred"),
    "background": N_("background"),
    "country": N_("country"),
    "state": N_("state"),
    "prefecture": N_("prefecture"),
    "city": N_("city"),
    "district": N_("district"),
    "venue": N_("venue"),
    "airport": N_("airport"),
    "building": N_("building"),
    "campus": N_("campus"),
    "region": N_("region"),
    "press release": N_("press release"),
    "news article": N_("news article"),
}
"""The schema's vocabulary: the kinds, types and roles its documentation names and the
shipped base uses, with the English words a reader reads for them (`term` translates
those).  A new word goes here with its translations in the catalogs."""


def ngettext(singular: str, plural: str, n: int) -> str:
    """The form for `n` things in the interface language (one form in Japanese)."""
    if _current != SOURCE_LANGUAGE:
        found = catalog(_current).get(singular)
        if isinstance(found, tuple):
            forms = found
            index = _plural_index(_current, n)
            if index < len(forms) and forms[index]:
                return forms[index]
    return singular if n == 1 else plural


_PLURAL_RULES: dict[str, Callable[[int], int]] = {
    "nplurals=2; plural=(n != 1);": lambda n: 0 if n == 1 else 1,
    "nplurals=1; plural=0;": lambda n: 0,
}
"""The plural rules the loader knows, by the catalog header's text (no expression from a
file is ever evaluated); a new language with another rule adds its line here."""


def _plural_index(lang: str, n: int) -> int:
    rule = _PLURAL_RULES.get(plural_forms(lang))
    return rule(n) if rule is not None else (0 if n == 1 else 1)


# -- the catalogs -------------------------------------------------------------------------------


Entry = str | tuple[str, ...]


def catalog_path(lang: str) -> Path:
    return LOCALE_DIR / lang / "LC_MESSAGES" / f"{DOMAIN}.po"


def catalog(lang: str) -> dict[str, Entry]:
    """The translations of `lang`: msgid → msgstr, or → the plural forms.  Fuzzy and empty
    entries are left out (they are not translations yet)."""
    return _read_catalog(lang)[0]


def plural_forms(lang: str) -> str:
    """The catalog header's Plural-Forms rule ("" when it has none)."""
    return _read_catalog(lang)[1]


@cache
def _read_catalog(lang: str) -> tuple[dict[str, Entry], str]:
    """The catalog of `lang` and its plural rule, from one reading of its file (it is read
    at every start of a program in German or Japanese)."""
    try:
        text = catalog_path(lang).read_text(encoding="utf-8")
    except FileNotFoundError:
        return {}, ""
    translations: dict[str, Entry] = {}
    rule = ""
    for entry in parse_po(text):
        translation = entry.translation
        if not entry.msgid:  # the header
            for line in translation.splitlines() if isinstance(translation, str) else ():
                if line.startswith("Plural-Forms:") and not rule:
                    rule = line.removeprefix("Plural-Forms:").strip()
        elif translation and not entry.fuzzy and not entry.obsolete:
            translations[entry.msgid] = translation
    return translations, rule


class PoEntry:
    """One entry of a .po file (what the loader and the extraction script need of it)."""

    __slots__ = ("comments", "flags", "msgid", "msgid_plural", "msgstr", "obsolete", "references")

    def __init__(self) -> None:
        self.comments: list[str] = []
        self.references: list[str] = []
        self.flags: set[str] = set()
        self.msgid = ""
        self.msgid_plural: str | None = None
        self.msgstr: dict[int, str] = {}
        self.obsolete = False

    @property
    def fuzzy(self) -> bool:
        return "fuzzy" in self.flags

    @property
    def translation(self) -> Entry:
        if self.msgid_plural is None:
            return self.msgstr.get(0, "")
        count = max(self.msgstr, default=-1) + 1
        forms = tuple(self.msgstr.get(i, "") for i in range(count))
        return forms if any(forms) else ""


_ESCAPES = {"n": "\n", "t": "\t", '"': '"', "\\": "\\", "r": "\r"}


def _unquote(text: str) -> str:
    text = text.strip()
    if len(text) < 2 or text[0] != '"' or text[-1] != '"':
        raise ValueError(f"not a quoted string: {text}")
    inner = text[1:-1]
    if "\\" not in inner:
        return inner  # most strings: no escape to undo
    return re.sub(r"\\(.)", lambda m: _ESCAPES.get(m.group(1), m.group(1)), inner)


def parse_po(text: str) -> list[PoEntry]:
    """The entries of a .po file: msgid, msgid_plural, msgstr, msgstr[N] with continued
    strings, `#:` references, `#,` flags, `#.` and `# ` comments, and obsolete `#~` entries
    (marked `obsolete`: kept by the extraction, never used).  (msgctxt is not used.)"""
    entries: list[PoEntry] = []
    entry = PoEntry()
    field: tuple[str, int] | None = None
    started = False

    def finish() -> None:
        nonlocal entry, started, field
        if started:
            entries.append(entry)
        entry, started, field = PoEntry(), False, None

    for number, raw in enumerate(text.splitlines(), 1):
        line = raw.strip()
        if not line:
            finish()
            continue
        try:
            obsolete = line.startswith("#~")
            if obsolete:
                line = line[2:].strip()
                if not line or line.startswith("#"):
                    continue
            elif line.startswith("#"):
                if started and field is not None and entry.msgstr:
                    finish()
                if line.startswith("#:"):
                    entry.references.extend(line[2:].split())
                elif line.startswith("#,"):
                    entry.flags.update(f.strip() for f in line[2:].split(","))
                else:
                    entry.comments.append(line)
                continue
            if line.startswith('"'):
                if field is None:
                    raise ValueError("a string with no keyword before it")
                name, index = field
                if name == "msgid":
                    entry.msgid += _unquote(line)
                elif name == "msgid_plural":
                    entry.msgid_plural = (entry.msgid_plural or "") + _unquote(line)
                else:
                    entry.msgstr[index] = entry.msgstr.get(index, "") + _unquote(line)
                continue
            keyword, _space, rest = line.partition(" ")
            if keyword == "msgid":
                if started and entry.msgstr:
                    finish()
                started = True
                entry.msgid = _unquote(rest)
                field = ("msgid", 0)
            elif keyword == "msgid_plural":
                entry.msgid_plural = _unquote(rest)
                field = ("msgid_plural", 0)
            elif keyword == "msgstr":
                entry.msgstr[0] = _unquote(rest)
                field = ("msgstr", 0)
            elif (match := re.fullmatch(r"msgstr\[(\d+)\]", keyword)) is not None:
                index = int(match.group(1))
                entry.msgstr[index] = _unquote(rest)
                field = ("msgstr", index)
            else:
                raise ValueError(f"unknown keyword {keyword!r}")
            entry.obsolete = entry.obsolete or obsolete
        except ValueError as error:
            raise ValueError(f"line {number}: {error}") from None
    finish()
    return entries


# -- argparse ------------------------------------------------------------------------------------


def _install_argparse() -> None:
    """argparse says 'usage:', 'options' and its errors through the gettext functions it
    imported as its module's `_` and `ngettext`: point those at these catalogs, so that
    `--help` and a usage error are in the interface language too."""
    import argparse

    argparse._ = _  # type: ignore[attr-defined]
    argparse.ngettext = ngettext  # type: ignore[attr-defined]


# -- dates ---------------------------------------------------------------------------------------


_MONTHS = {
    "de": (
        "Januar",
        "Februar",
        "März",
        "April",
        "Mai",
        "Juni",
        "Juli",
        "August",
        "September",
        "Oktober",
        "November",
        "Dezember",
    ),
}


def number_text(value: float) -> str:
    """A figure with its thousands grouped: 1,234.5 in English and Japanese, 1.234,5 in
    German."""
    text = f"{value:,}"
    if _current == "de":
        text = text.replace(",", "\0").replace(".", ",").replace("\0", ".")
    return text


def date_text(year: int, month: int | None = None, day: int | None = None) -> str:
    """A date as precise as it is known, in the reader's form: en as ISO (2017-12-01,
    2017-12, 2017), de '1. Dezember 2017', 'Dezember 2017', '2017'; ja '2017年12月1日',
    '2017年12月', '2017年'."""
    lang = _current
    if lang == "de":
        if month is None:
            return f"{year}"
        name = _MONTHS["de"][month - 1]
        return f"{day}. {name} {year}" if day is not None else f"{name} {year}"
    year_form, month_form, day_form = _DATE_PARTS.get(lang, _DATE_PARTS[SOURCE_LANGUAGE])
    text = year_form.format(year)
    if month is not None:
        text += month_form.format(month)
        if day is not None:
            text += day_form.format(day)
    return text


_DATE_PARTS = {"en": ("{:04d}", "-{:02d}", "-{:02d}"), "ja": ("{}年", "{}月", "{}日")}
"""How a year, a month and a day are written one after the other (German puts them the
other way round, with the month's name)."""
