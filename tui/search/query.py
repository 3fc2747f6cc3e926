"""The query language: words, "quoted phrases" and filters (kind:, theme:, year:,
participant:, basis:, changed:).

Parsing needs no fact base; what a filter value means (which theme, which kind) is decided
by the index, which knows the data, and what `changed:REV` means by the base's history in
git, which the caller hands to the query (the search package never runs git).
"""

from __future__ import annotations

import re

from tui.i18n import N_, _
from tui.record import record
from tui.search.fold import fold_token, raw_tokens

FILTER_KEYS: tuple[str, ...] = ("kind", "theme", "year", "participant", "basis", "changed")
BASES: tuple[str, ...] = ("stated", "inferred", "background")
"""What `basis:` takes: how sure the facts of an entity are (see `tui.basis`)."""
MAX_TERMS = 16
"""More words than anyone types; beyond this the rest of a pasted text is ignored."""

_CHUNK = re.compile(r'([A-Za-z]+):"([^"]*)("?)|"([^"]*)("?)|([^\s"]+)')
"""A filter with a quoted value, a quoted phrase, or a bare word (quotes always start a phrase)."""
_FILTER = re.compile(r"^([A-Za-z]+):(.*)$", re.DOTALL)
_YEAR = r"^(\d{4})(?:(?:\.\.|-)(\d{4}))?$"
_YEAR_BEGUN = r"^\d{0,4}(?:(?:\.\.?|-)\d{0,4})?$"
"""(Compiled by re when first used: most queries have no year.)"""


class QueryError(ValueError):
    """The query cannot be understood (exit code 2 on the command line)."""


class FilterUnanswered(QueryError):
    """A well-formed filter that cannot be answered here: `changed:` with a revision git
    does not know, a base that is not in git, a file that did not parse at the revision.
    Not a mistake in the query's form, so the command line answers it as it answers a
    search that finds nothing (exit 1); `details` are lines to print before the message
    (the problems, as `REV:path:line:column: message`)."""

    def __init__(self, message: str, details: tuple[str, ...] = ()) -> None:
        super().__init__(message)
        self.details = details


@record(slots=True)
class Term:
    """One thing that must match: a word (prefix, compound part or typo allowed) or a quoted
    phrase (its words exactly, in order)."""

    words: tuple[str, ...]
    phrase: bool = False
    open_end: bool = False
    """A phrase still being typed: its last word may be the start of a word."""

    @property
    def text(self) -> str:
        return " ".join(self.words)


@record(slots=True)
class Filter:
    key: str
    value: str
    """As typed (quotes removed); folded by whoever interprets it."""


@record(slots=True)
class Query:
    terms: tuple[Term, ...]
    filters: tuple[Filter, ...]
    words: tuple[str, ...] = ()
    """Every word as typed, in order, repeats kept ("1&1" → 1, 1): to recognise a whole name."""

    @property
    def empty(self) -> bool:
        return not self.terms and not self.filters


def filter_help() -> str:
    return ", ".join(f"{key}:" for key in FILTER_KEYS)


def parse(text: str, *, live: bool = False) -> Query:
    """Words and filters of a query.  `live` is for search-as-you-type: a phrase whose closing
    quote is not typed yet ends at the end, and a filter without its value yet is ignored."""
    terms: list[Term] = []
    filters: list[Filter] = []
    seen: set[tuple[str, ...]] = set()
    typed: list[str] = []

    def add(words: tuple[str, ...], phrase: bool, open_end: bool = False) -> None:
        typed.extend(words)
        if words and words not in seen and len(terms) < MAX_TERMS:
            seen.add(words)
            terms.append(Term(words, phrase, open_end))

    for match in _CHUNK.finditer(text):
        quoted_key, quoted_value, value_closed, phrase, phrase_closed, bare = match.groups()
        if phrase is not None:
            if not phrase_closed and not live:
                raise QueryError(
                    _('unbalanced quote: the phrase "{phrase} has no closing "').format(
                        phrase=_short(phrase)
                    )
                )
            add(tuple(_words(phrase)), True, not phrase_closed)
            continue
        if quoted_key is not None:
            key, value = quoted_key, quoted_value
            if not value_closed and not live:
                raise QueryError(
                    _('unbalanced quote: the value {key}:"{value} has no closing "').format(
                        key=key, value=_short(value)
                    )
                )
        else:
            filter_match = _FILTER.match(bare)
            if not filter_match:
                for word in _words(bare):
                    add((word,), False)
                continue
            key, value = filter_match.groups()
        key = key.lower()
        if key not in FILTER_KEYS:
            if not value and quoted_key is None:
                # "Ziel:" in pasted prose is a word followed by a colon, not a filter.
                for word in _words(bare):
                    add((word,), False)
                continue
            raise QueryError(
                _(
                    'unknown filter "{key}:" — filters are {filters} '
                    "(put text in quotes to search for it as words)"
                ).format(key=_short(key), filters=filter_help())
            )
        value = value.strip()
        if not value:
            if live:
                continue
            raise QueryError(
                _("{key}: needs a value, e.g. {example}").format(key=key, example=_(_EXAMPLES[key]))
            )
        if key == "year":
            if live and not re.match(_YEAR, value) and re.match(_YEAR_BEGUN, value):
                continue  # "year:20" on the way to "year:2017"
            year_range(value)
        if key == "basis":
            value = value.lower()
            if value not in BASES:
                if live and any(b.startswith(value) for b in BASES):
                    continue  # "basis:inf" on the way to "basis:inferred"
                raise QueryError(
                    _('basis: is stated, inferred or background, not "{value}"').format(
                        value=_short(value)
                    )
                )
        filters.append(Filter(key, value))
    return Query(tuple(terms), tuple(filters), tuple(typed))


_EXAMPLES = {
    "kind": N_("kind:event or kind:signing"),
    "theme": "theme:hydrogen",
    "year": N_("year:2017 or year:2017..2025"),
    "participant": "participant:kufen",
    "basis": N_("basis:stated, basis:inferred or basis:background"),
    "changed": N_("changed:HEAD~3 or changed:v1.0"),
}


def _words(text: str) -> list[str]:
    return [w for w in (fold_token(t) for t in raw_tokens(text)) if w]


def year_range(value: str) -> tuple[int, int]:
    match = re.match(_YEAR, value.strip())
    if not match:
        raise QueryError(
            _(
                'year: expects a year such as 2017 or a range such as 2017..2025, not "{value}"'
            ).format(value=_short(value))
        )
    first = int(match.group(1))
    last = int(match.group(2) or first)
    if last < first:
        raise QueryError(_("year: the range {value} ends before it starts").format(value=value))
    return first, last


def _short(text: str, limit: int = 40) -> str:
    shown = "".join(ch if ch.isprintable() else " " for ch in text)
    return shown if len(shown) <= limit else shown[: limit - 1] + "…"
