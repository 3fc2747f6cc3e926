"""The lines every page is made of: a name that links to its entity, an event with its place
and date, a code written as words.  Shared by the entity pages, `facts met`, the summary and
the audit, so that an event reads the same wherever it is listed."""

from __future__ import annotations

import weakref
from collections.abc import Callable

from tui.hierarchy import lineage
from tui.i18n import N_, _, date_text, language, term
from tui.model import Event, FactBase, FuzzyDate
from tui.periods import period_of
from tui.render.doc import Line, Span, join
from tui.safetext import one_line


def words(code: str) -> str:
    """'delegation-trip' → 'delegation trip' (German 'Delegationsreise', `tui.i18n.term`):
    kinds and roles are ids for authors, words for readers."""
    key = (language(), code)
    found = _WORDS.get(key)
    if found is None:
        if len(_WORDS) > 10_000:  # kinds and roles of a base: a few dozen
            _WORDS.clear()
        said = term(code)
        if said == code:
            said = code.replace("-", " ").replace("_", " ")
        found = _WORDS[key] = one_line(said)
    return found


_WORDS: dict[tuple[str, str], str] = {}
"""Each code as words, made once: every line of a page names a role or a kind."""


_links: tuple[Callable[[], FactBase | None], dict[tuple[str, str | None, str], Span]] = (
    lambda: None,
    {},
)
"""Links of the base rendered last, by (id, language, style): a whole-base export names the
same trips and cities hundreds of thousands of times.  The pair is replaced in one step when
another base comes (a reload); the base is held weakly (`is` stays a sound test of identity
while it lives, and a replaced base is not kept in memory for this)."""


def link(base: FactBase, entity_id: str, lang: str | None, style: str = "") -> Span:
    global _links
    cached = _links
    if cached[0]() is not base:
        cached = _links = (weakref.ref(base), {})
    key = (entity_id, lang, style)
    span = cached[1].get(key)
    if span is None:
        if len(cached[1]) > 100_000:  # the names a page shows again stay; not the base's
            cached[1].clear()
        entity = base.get(entity_id)
        text = one_line(entity.label(lang) if entity is not None else entity_id)
        span = cached[1][key] = Span(text, style, link=entity_id)
    return span


def when(event: Event, base: FactBase | None = None) -> str:
    """The event's own date or span, in the reader's form (`Event.date_text` in English);
    given the `base`, an undated part of a dated trip shows the trip's period, marked as such
    ('2017-11-29 – 2017-12-03 (trip)'): for flat lists, where the trip is not above it to say
    when it was."""
    own = _own_date(event)
    if own or base is None:
        return own
    period = period_of(base.get, event)
    return f"{_own_date(period.dater)} ({_(period.short_note())})" if period is not None else ""


def _own_date(event: Event) -> str:
    if event.date:
        return shown_date(event.date)
    if event.start and event.end:
        return f"{shown_date(event.start)} – {shown_date(event.end)}"
    if event.start:
        return _("from {date}").format(date=shown_date(event.start))
    if event.end:
        return _("until {date}").format(date=shown_date(event.end))
    return ""


def shown_date(date: FuzzyDate) -> str:
    """A date on a page: ISO in English, '1. Dezember 2017', '2017年12月1日' (tui.i18n)."""
    return date_text(date.year, date.month, date.day)


def place_line(base: FactBase, place_id: str, lang: str | None) -> Line:
    """The place with the places it lies in: 'Hotel New Otani, Tokyo, Japan'."""
    return join((link(base, i, lang),) for i in lineage(base.get, place_id))


def event_line(base: FactBase, event: Event, lang: str | None, current: str = "") -> Line:
    """An event in a list: its name, then where it was."""
    spans: list[Span] = [link(base, event.id, lang, "current" if event.id == current else "")]
    if event.place:
        spans.append(_DOT)
        spans.append(link(base, event.place, lang, "muted"))
    if event.id == current:
        spans.append(_this())
    return tuple(spans)


_DOT = Span(" · ", "muted")
_THIS_TEXT = N_("  ← this event")


def _this() -> Span:
    return Span(_(_THIS_TEXT), "muted")


def dated_event_line(
    base: FactBase, event: Event, lang: str | None, current: str = "", alone: bool = False
) -> Line:
    """An event in a tree: its date first, so that the parts read as an itinerary.  An
    event shown `alone` (not below its trip) shows the trip's period when it has no date."""
    date = when(event, base if alone else None)
    return (Span(f"{date}  " if date else "", "muted"), *event_line(base, event, lang, current))
