"""The rule for a page section that grows with the base: it lists at most MOST_LISTED entries
and says plainly what it left out and how to see all of them.

A theme's page on a base of 100 000 events names 32 000 events and 20 000 sources: 111 000
lines that no reader of a terminal page or of the browser's pane goes through, and seconds of
work.  So a page (`facts show`, the detail pane) lists, of each section that can grow with the
base (a theme's, a participant's or a place's events, a theme's participants, what cites a
source, …), the MOST_LISTED entries a reader looks for first (the most recent events, in date
order), with the count of all, an events section's count per year (the shape of the whole),
and the commands — or in the browser the keys — that list every one.  `facts show ID --all`,
`show --json` and the exports list every entry.

The section is cut before its entities are read: the ids and their order come from the
stored backlinks and the stored timeline, and only the entries shown are decoded.  Free of
Textual, as every renderer.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from functools import partial
from itertools import compress
from typing import TypeVar

from tui.entities import UNDATED_KEY
from tui.i18n import _, ngettext, number_text
from tui.listing import UNDATED
from tui.model import Event, FactBase
from tui.order import EventOrder
from tui.periods import date_key
from tui.render.doc import Block, Items, Para, Span
from tui.safetext import one_line

MOST_LISTED = 100
"""The most entries a page lists in one section that grows with the base."""

SHELL = "shell"
BROWSER = "browser"
"""Who reads the page (`LongLists.reader`): the way to the whole list is told in the words of
the command line or of the browser."""

T = TypeVar("T")

_BACK = 64
"""Events read at a time when the cut falls inside a run of events of one date."""


@dataclass(frozen=True, slots=True)
class Whole:
    """How the reader gets every entry of a cut section: `facts show ID --all` always; the
    search that lists them (`kind:event theme:ID`, '' where no filter does) and the browser's
    filter that does (`facet`: 'theme', 'participant' or ''; `name` what to choose in it)."""

    entity_id: str
    search: str = ""
    facet: str = ""
    name: str = ""


class LongLists:
    """Cuts the long sections of the pages of one document (one per `EntityPage`); `most`
    None lists everything, as `--all` and the exports do."""

    def __init__(self, base: FactBase, most: int | None, reader: str = SHELL) -> None:
        self.base = base
        self.most = most
        self.reader = reader

    def cuts(self, count: int) -> bool:
        """Whether a section of `count` entries is cut."""
        return self.most is not None and count > self.most

    def latest(self, ids: Iterable[str], whole: Whole) -> tuple[list[Event], list[Block]] | None:
        """The last `most` of these events in the page's order (the most recent), read
        alone, and the lines that say what is left out; None when the section is not cut
        (the caller lists every event, as it always did).

        The stored timeline orders events as the page does except among events of one
        date (the timeline breaks those ties by id, the page as written): the events after
        the cut's date are the same in both orders, so only the cut's own date is read
        whole, backwards from the cut, and put in the page's order."""
        wanted = set(ids)
        most = self.most
        if most is None or len(wanted) <= most:
            return None
        timeline = self.base.listing("timeline")
        # in C, not a Python loop: a timeline holds 100 000 ids
        chosen = list(map(wanted.__contains__, timeline.ids))
        every = list(compress(timeline.ids, chosen))
        if len(every) != len(wanted):
            return None  # not all listed: the caller's way, which reads them all
        base = self.base
        cut = len(every) - most
        base.prefetch(every[cut:])
        key = partial(date_key, base.get)
        edge = key(self._event(every[cut]))
        start = cut
        while start > 0:
            low = max(0, start - _BACK)
            base.prefetch(every[low:start])
            while start > low and key(self._event(every[start - 1])) == edge:
                start -= 1
            if start > low:
                break
        window = every[start:]
        order = EventOrder(base, base.positions_of(window))
        events = order([self._event(i) for i in window])[-most:]
        per_year = Counter(compress(timeline.years, chosen))
        undated = key(events[-1]) == UNDATED_KEY  # the undated come last, if any is shown
        return events, self.events_note(len(every), per_year, undated, whole)

    def first(self, ids: Sequence[T], whole: Whole) -> tuple[Sequence[T], list[Block]]:
        """The first `most` of these entries (ids, in the section's own order) and the
        lines that say what is left out (none when all are listed)."""
        if not self.cuts(len(ids)):
            return ids, []
        assert self.most is not None
        shown = ids[: self.most]
        line = _("Listed: the first {shown} of {count}.").format(
            shown=number_text(len(shown)), count=number_text(len(ids))
        )
        return shown, self.ways(line, whole, len(ids), listing=False)

    def _event(self, entity_id: str) -> Event:
        found = self.base.get(entity_id)
        if not isinstance(found, Event):
            raise KeyError(entity_id)
        return found

    def events_note(
        self, count: int, per_year: Mapping[int, int], undated: bool, whole: Whole
    ) -> list[Block]:
        """'2,929 events in all; by year: 2018: 404 · …', which are listed, and the way to
        every one."""
        assert self.most is not None
        years = [
            f"{year}: {number_text(n)}" for year, n in sorted(per_year.items()) if year != UNDATED
        ]
        if per_year.get(UNDATED):
            years.append(_("undated: {count}").format(count=number_text(per_year[UNDATED])))
        total = ngettext(
            "{count} event in all; by year: {years}",
            "{count} events in all; by year: {years}",
            count,
        ).format(count=number_text(count), years=" · ".join(years))
        shown = (
            _("Listed below: the last {shown} by date (undated events come last).")
            if undated
            else _("Listed below: the {shown} most recent, in date order.")
        ).format(shown=number_text(self.most))
        return [_note(total), *self.ways(shown, whole, count, listing=True)]

    def ways(self, said: str, whole: Whole, count: int, *, listing: bool) -> list[Block]:
        """`said` (what is listed), then how to see every entry, one way a line (a command
        is never broken across lines), in the reader's words: the whole page, and the list
        that the search or the browser's filter gives (`listing`: the section is one they
        list, events)."""
        every = f"facts show {one_line(whole.entity_id)} --all"
        ways = [_("`{command}` prints this page in full").format(command=every)]
        if self.reader == BROWSER and listing and whole.facet:
            choice = (
                _("the theme {name}") if whole.facet == "theme" else _("the participant {name}")
            ).format(name=one_line(whole.name))
            ways.insert(
                0,
                _("press f, choose {choice}, then 2: the Timeline lists every one").format(
                    choice=choice
                ),
            )
        elif self.reader == SHELL and listing and whole.search:
            search = f"facts search {one_line(whole.search)} --limit {count}"
            ways.append(_("`{command}` lists them").format(command=search))
        return [
            _note(_("{listed} All of them:").format(listed=said)),
            Items(tuple((Span(way, "muted"),) for way in ways)),
        ]


def _note(text: str) -> Para:
    return Para((Span(text, "muted"),))
