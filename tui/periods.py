"""The period an event is dated by: its own date, or — for an event without one, such as a
visit whose day the source does not give — the period of the nearest larger event it is part
of that has one (its trip).

The one rule for every surface that orders events or picks them by year: the timeline and
the event lists, `year:` in the search, `summary --year` and its year headings, `met --year`,
the browser's year facet.  The event's own fields stay as written (its page says "dated by its
trip", the JSON export keeps its own date empty): the period is derived, never stored in the
fact files.  An event that gives any date of its own (a day, a span, only an end) is dated by
itself.  The rule is written once (`_dating`) and read two ways: over the entities (the
pages, the search, the meetings) and over their `Facts` (the list orders, year columns and
summary counts that the store keeps and works out again after an edit without reading an
entity).  Free of the model's classes at run time, so that the model can use it; no Textual.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, TypeVar

from tui.entities import UNDATED_KEY, Event, Facts
from tui.entities import date_key as iso_key
from tui.i18n import N_
from tui.record import record

if TYPE_CHECKING:
    from tui.model import AnyEntity, FuzzyDate

T = TypeVar("T")
N = TypeVar("N")
Get = Callable[[str], "AnyEntity | None"]
"""How an id is looked up (`FactBase.get`)."""

MAX_YEARS = 60
"""A span longer than this counts for its first year only (a typo like 1017–2017 must not
put an event into a thousand years)."""


@record(slots=True)
class Period:
    """When an event happened, as far as the base says: the own date fields of `dater`,
    which is the event itself or, `steps` levels up, the larger event that dates it."""

    dater: Event
    steps: int = 0

    @property
    def inherited(self) -> bool:
        """Whether the period is the trip's, not the event's own."""
        return self.steps > 0

    @property
    def when(self) -> FuzzyDate | None:
        """The date it sorts by: the day itself, or the start of a span (None for a period
        that gives only an end, which sorts with the undated)."""
        return self.dater.when

    def sort_key(self) -> tuple[int, int, int]:
        when = self.dater.when
        return when.sort_key() if when else UNDATED_KEY

    def years(self) -> range:
        """The years the period touches: its date's, or every year from start to end."""
        return own_years(self.dater)

    def text(self) -> str:
        """The period as a page writes a date: '2017-11-29 – 2017-12-03'."""
        return self.dater.date_text()

    def dated_by(self) -> str:
        """How a page says where an inherited period comes from, before the dating event's
        name: 'dated by its trip' (the top of the event's tree, the trip), else 'dated by
        the event it is part of' (an evening of the trip that has its day)."""
        return (
            N_("dated by its trip")
            if not self.dater.part_of
            else (N_("dated by the event it is part of"))
        )  # in English: `_()` it where it is shown

    def short_note(self) -> str:
        """The same, in a few words after a date in a list: 'trip' or 'larger event'."""
        return N_("trip") if not self.dater.part_of else N_("larger event")


def has_own_date(event: Event) -> bool:
    return bool(event.date or event.start or event.end)


def period_of(get: Get, event: Event) -> Period | None:
    """The event's period: its own, else its nearest dated larger event's; None when
    neither it nor any event it is part of has a date."""
    found = _dating(event, lambda e: _larger(get, e), has_own_date, _event_id)
    return Period(*found) if found is not None else None


def _dating(
    event: N, larger: Callable[[N], N | None], dated: Callable[[N], bool], ident: Callable[[N], str]
) -> tuple[N, int] | None:
    """The one rule: the event itself when it has a date of its own, else the nearest
    event above it that has one, with how many levels up; None without.  Each id is
    visited once (a cycle in a base being edited ends the walk, as in `tui.hierarchy`)."""
    if dated(event):
        return event, 0
    seen = {ident(event)}
    current: N | None = event
    steps = 0
    while current is not None:
        current = larger(current)
        if current is None or ident(current) in seen:
            return None
        seen.add(ident(current))
        steps += 1
        if dated(current):
            return current, steps
    return None


def _larger(get: Get, event: Event) -> Event | None:
    """The event `event` is part of (None at the top, or for an id the base lacks)."""
    found = get(event.part_of) if event.part_of else None
    return found if isinstance(found, Event) else None


def _event_id(event: Event) -> str:
    return event.id


def own_years(event: Event) -> range:
    """The years an event's own date fields touch: its date, or every year from start to
    end (empty without any)."""
    if event.date:
        return range(event.date.year, event.date.year + 1)
    first = event.start or event.end
    last = event.end or event.start
    if first is None or last is None or not 0 <= last.year - first.year <= MAX_YEARS:
        return range(first.year, first.year + 1) if first else range(0)
    return range(first.year, last.year + 1)


def years_of(get: Get, event: Event) -> range:
    """The years the event counts for in a year filter: its period's (empty when undated)."""
    period = period_of(get, event)
    return period.years() if period is not None else range(0)


def year_of(get: Get, event: Event) -> int | None:
    """The year an event is filed under (a heading, a facet): its period's first."""
    period = period_of(get, event)
    when = period.when if period is not None else None
    return when.year if when is not None else None


def date_key(get: Get, event: Event) -> tuple[int, int, int]:
    """The date an event sorts by: its period's start (undated last)."""
    period = period_of(get, event)
    return period.sort_key() if period is not None else UNDATED_KEY


def order_key(
    get: Get, tie: Callable[[Event], T]
) -> Callable[[Event], tuple[tuple[int, int, int], T, int, T]]:
    """The sort key of the one event order: by period, then `tie` (the id, or the file
    position) of the event that gives the period, then how far up that event is, then `tie`
    of the event itself.  So an undated part sorts right after the trip that dates it, with
    only the other parts that trip dates between them (nearer parts first): it stays inside
    the trip's period, whatever the order it was written in."""

    def key(event: Event) -> tuple[tuple[int, int, int], T, int, T]:
        if has_own_date(event):  # most events: no walk, no Period (100 000 sorted at load)
            when, own = event.when, tie(event)
            return (when.sort_key() if when else UNDATED_KEY), own, 0, own
        period = period_of(get, event)
        if period is None:
            own = tie(event)
            return UNDATED_KEY, own, 0, own
        return period.sort_key(), tie(period.dater), period.steps, tie(event)

    return key


# -- the same rule over the events' Facts (list orders, year columns, summary counts) ------

FactsOf = Callable[[str], Facts | None]
"""How an event's facts are looked up by id (None for an id that is not an event)."""


def facts_dated(facts: Facts) -> bool:
    """`has_own_date` of the event these are the facts of (`date` is its day or start)."""
    return bool(facts.date or facts.end)


def facts_dater(lookup: FactsOf, facts: Facts) -> tuple[Facts, int] | None:
    """The facts of the event that gives this one its period, and how many levels up
    (`period_of`, over facts)."""
    return _dating(facts, lambda f: lookup(f.parent) if f.parent else None, facts_dated, _facts_id)


def _facts_id(facts: Facts) -> str:
    return facts.id


def facts_year(lookup: FactsOf, facts: Facts) -> int | None:
    """`year_of`, over facts."""
    found = facts_dater(lookup, facts)
    return int(found[0].date[:4]) if found is not None and found[0].date else None


def facts_order_key(
    lookup: FactsOf, tie: Callable[[Facts], T]
) -> Callable[[Facts], tuple[tuple[int, int, int], T, int, T]]:
    """`order_key`, over facts: the same order, the same ties."""

    def key(facts: Facts) -> tuple[tuple[int, int, int], T, int, T]:
        if facts.date or facts.end:
            own = tie(facts)
            return iso_key(facts.date), own, 0, own
        found = facts_dater(lookup, facts)
        if found is None:
            own = tie(facts)
            return UNDATED_KEY, own, 0, own
        dater, steps = found
        return iso_key(dater.date), tie(dater), steps, tie(facts)

    return key


def timeline_order(events: Sequence[Facts]) -> list[Facts]:
    """The events' facts (every event of a base) as `FactBase.timeline()` orders the
    events: by period, then id."""
    by_id = {facts.id: facts for facts in events}
    return sorted(events, key=facts_order_key(by_id.get, _facts_id))


def written_order(events: Sequence[Facts]) -> list[Facts]:
    """The events' facts (every event of a base, in file order) as the summary and the
    pages order events (`tui.render.entity.EventOrder`): by period, then as written."""
    by_id = {facts.id: facts for facts in events}
    position = {facts.id: at for at, facts in enumerate(events)}
    return sorted(events, key=facts_order_key(by_id.get, lambda f: position[f.id]))
