"""The period an event is dated by: its own date, or — for an event without one, such as a
visit whose day the source does not give — the period of the nearest larger event it is part
of that has one (its trip).

The one rule for every surface that orders events or picks them by year: the timeline and
the event lists, `year:` in the search, `summary --year` and its year headings, `met --year`,
the browser's year facet.  The event's own fields stay as written (its page says "dated by its
trip", the JSON export keeps its own date empty): the period is derived, never stored in the
fact files.  An event that gives any date of its own (a day, a span, only an end) is dated by
itself.  The walk up the trip's hierarchy is `tui.hierarchy`'s.  Free of the model's classes
at run time, so that the model can use it; no Textual.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, TypeVar

from tui.hierarchy import ancestors
from tui.i18n import N_

if TYPE_CHECKING:
    from tui.model import AnyEntity, Event, FuzzyDate

T = TypeVar("T")
Get = Callable[[str], "AnyEntity | None"]
"""How an id is looked up (`FactBase.get`)."""

UNDATED_KEY = (9999, 99, 99)
"""Where events without any period sort: after every dated one."""

MAX_YEARS = 60
"""A span longer than this counts for its first year only (a typo like 1017–2017 must not
put an event into a thousand years)."""


@dataclass(frozen=True, slots=True)
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
        return N_("dated by its trip") if not self.dater.part_of else (
            N_("dated by the event it is part of"))  # in English: `_()` it where it is shown

    def short_note(self) -> str:
        """The same, in a few words after a date in a list: 'trip' or 'larger event'."""
        return N_("trip") if not self.dater.part_of else N_("larger event")


def has_own_date(event: Event) -> bool:
    return bool(event.date or event.start or event.end)


def period_of(get: Get, event: Event) -> Period | None:
    """The event's period: its own, else its nearest dated larger event's; None when
    neither it nor any event it is part of has a date."""
    if has_own_date(event):
        return Period(event)
    for steps, larger in enumerate(ancestors(get, event.id), start=1):
        if larger.entity_type != "event":
            break
        if has_own_date(larger):  # type: ignore[arg-type]
            return Period(larger, steps)  # type: ignore[arg-type]
    return None


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
