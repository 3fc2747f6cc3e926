"""The network view's answer: whom a participant met (the first ring, `tui.meetings`) and,
on demand, whom those met in turn (the second ring), under the browser's filters.

* **First ring**: everyone P met (`meetings(...).met`: both took part in one event), most
  shared events first, then by name.
* **Second ring**: everyone who met one of P's contacts and is neither P nor a contact of
  P, most contacts of P met first (then most events with them, then name).  It reads the
  events of every contact, so it is worked out only when asked for, in a worker that says
  how far it got and stops when it is no longer wanted.

The browser's `year` and `theme` filters narrow the events first, as `facts met --year
--theme` does (two filters of one facet must both hold); the other facets (participant,
kind, country, changed since) do not narrow the network.  Free of Textual.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass

from rich.text import Text

from tui.app.facet_index import Filter
from tui.app.rows import country_label
from tui.app.table import Column, Row
from tui.i18n import _, list_text, ngettext
from tui.meetings import (
    EVERY_EVENT,
    Contact,
    EventFilter,
    FilterError,
    Meetings,
    event_filter,
    meetings,
    present,
)
from tui.model import Event, FactBase, Participant
from tui.render.lines import when as event_when
from tui.render.lines import words
from tui.safetext import list_line

NARROWING = frozenset({"year", "theme"})
"""The browser's facets that narrow the network's events."""

BAR = 12
"""Cells of the longest bar."""
BLOCKS = " ▏▎▍▌▋▊▉█"

COLUMNS = (Column("name"), Column("keep", most=BAR + 20), Column("keep", "dim", most=20))
"""A contact's row: name, bar and count ('12 件のイベント' takes 15 cells), country."""


@dataclass(frozen=True, slots=True)
class AllOf(EventFilter):
    """Several filters that must all admit an event (two year filters, a year and a
    theme): the browser's filters are all applied, as in its lists."""

    parts: tuple[EventFilter, ...] = ()

    @property
    def active(self) -> bool:
        return any(part.active for part in self.parts)

    def admits(self, event: Event) -> bool:
        return all(part.admits(event) for part in self.parts)

    def describe(self) -> str:
        return list_text(part.describe() for part in self.parts if part.active)


def network_filter(base: FactBase, filters: Iterable[Filter]) -> EventFilter:
    """The browser's year and theme filters as one event filter (the others left out)."""
    parts: list[EventFilter] = []
    for chosen in filters:
        try:
            if chosen.facet == "year":
                parts.append(event_filter(base, year=chosen.value))
            elif chosen.facet == "theme":
                parts.append(event_filter(base, theme=chosen.value))
        except FilterError:
            continue  # a theme that a reload removed narrows nothing
    if not parts:
        return EVERY_EVENT
    return parts[0] if len(parts) == 1 else AllOf(parts=tuple(parts))


def ignored(filters: Iterable[Filter]) -> tuple[Filter, ...]:
    """The browser's filters that do not narrow the network (the view says so)."""
    return tuple(chosen for chosen in filters if chosen.facet not in NARROWING)


@dataclass(frozen=True, slots=True)
class Reach:
    """Someone in the second ring: the contacts of P who met them."""

    participant: str
    via: tuple[str, ...]
    """P's contacts who met them, in the first ring's order."""
    events: int
    """The events at which they met those contacts (an event counts once per contact)."""


def first_ring(base: FactBase, participant_id: str, flt: EventFilter, lang: str | None) -> Meetings:
    """Whom the participant met under the filter, and at which of its events (raises
    tui.meetings.NotAParticipant)."""
    return meetings(base, participant_id, flt, lang, same_trip=False)


def second_ring(
    base: FactBase,
    participant_id: str,
    contacts: Sequence[Contact],
    flt: EventFilter,
    lang: str | None,
    progress: Callable[[int, int], None] | None = None,
    cancelled: Callable[[], bool] = lambda: False,
) -> tuple[Reach, ...] | None:
    """Who met P's contacts and is not one (None when `cancelled` said stop).  Each event is
    read once however many contacts took part in it; `progress(done, total)` hears how many
    contacts are done."""
    near = {contact.participant for contact in contacts} | {participant_id}
    seen: dict[str, tuple[str, ...] | None] = {}
    """Each event read so far: its participants, or None when the filter leaves it out."""
    via: dict[str, list[str]] = {}
    counts: dict[str, int] = {}
    for done, contact in enumerate(contacts, start=1):
        if cancelled():
            return None
        them = contact.participant
        for event_id in base.event_ids_of(them):
            if event_id in seen:
                ids = seen[event_id]
            else:
                event = base.get(event_id)
                admitted = isinstance(event, Event) and flt.admits(event)
                ids = present(event) if isinstance(event, Event) and admitted else None
                seen[event_id] = ids
            if not ids or them not in ids:
                continue
            for other in ids:
                if other in near:
                    continue
                through = via.setdefault(other, [])
                if not through or through[-1] != them:
                    through.append(them)
                counts[other] = counts.get(other, 0) + 1
        if progress is not None:
            progress(done, len(contacts))
    names: dict[str, str] = {}

    def name(entity_id: str) -> str:
        if entity_id not in names:
            entity = base.get(entity_id)
            names[entity_id] = (entity.label(lang) if entity else entity_id).casefold()
        return names[entity_id]

    reach = [Reach(other, tuple(through), counts[other]) for other, through in via.items()]
    reach.sort(key=lambda r: (-len(r.via), -r.events, name(r.participant), r.participant))
    return tuple(reach)


def bar(value: int, most: int, width: int = BAR) -> str:
    """A bar of `value` against `most`, `width` cells at most, in eighths of a cell."""
    if most <= 0 or value <= 0:
        return ""
    eighths = max(1, round(value / most * width * 8))
    full, rest = divmod(eighths, 8)
    return "█" * full + (BLOCKS[rest] if rest else "")


def _cells(
    base: FactBase, entity_id: str, lang: str | None, count: int, most: int, unit: str
) -> tuple[str | Text, ...]:
    """`unit`: what is counted, 'event' or 'contact'."""
    entity = base.get(entity_id)
    name = list_line(entity.label(lang)) if entity is not None else list_line(entity_id)
    country = country_label(base, entity, lang) if isinstance(entity, Participant) else ""
    counted = (
        ngettext("{count} event", "{count} events", count)
        if unit == "event"
        else ngettext("{count} contact", "{count} contacts", count)
    )
    drawn = Text(bar(count, most).ljust(BAR), style="bold", end="")
    drawn.append(" " + counted.format(count=count), style="")
    return (name, drawn, country)


def ring_rows(
    base: FactBase,
    contacts: Sequence[Contact],
    reach: Sequence[Reach] | None,
    lang: str | None,
) -> list[Row]:
    """The view's rows: a heading, each contact with a bar of its shared events and its
    country; then, once worked out, the second ring with a bar of the contacts it met."""
    rows: list[Row] = []
    if not contacts:
        return rows  # the list's empty text says why (no events, or nobody else at them)
    most = max((contact.count for contact in contacts), default=0)
    heading = ngettext(
        "Met · {count} participant, most shared events first",
        "Met · {count} participants, most shared events first",
        len(contacts),
    )
    rows.append(Row(None, (heading.format(count=len(contacts)),)))
    rows.extend(
        Row(
            contact.participant,
            _cells(base, contact.participant, lang, contact.count, most, "event"),
        )
        for contact in contacts
    )
    if reach is not None:
        most = max((len(r.via) for r in reach), default=0)
        second = (
            ngettext(
                "Second ring · {count} participant who met them, by how many of them",
                "Second ring · {count} participants who met them, by how many of them",
                len(reach),
            ).format(count=len(reach))
            if reach
            else _("Second ring · none: they met nobody else")
        )
        rows.append(Row(None, (second,)))
        rows.extend(
            Row(r.participant, _cells(base, r.participant, lang, len(r.via), most, "contact"))
            for r in reach
        )
    return rows


def shared_lines(
    base: FactBase, participant_id: str, contact: Contact, lang: str | None, most: int = 40
) -> list[str]:
    """The events two participants shared, for the panel beside the list: date, event,
    place, both roles."""
    lines = []
    for shared in contact.events[:most]:
        event = shared.event
        when = event_when(event, base) or _("undated")  # a trip's part: the trip's period
        place = base.get(event.place) if event.place else None
        where = f" · {place.label(lang)}" if place is not None else ""
        own = " / ".join(map(words, shared.own_roles)) or "—"
        roles = f"{own} ↔ {' / '.join(map(words, shared.roles)) or '—'}"
        lines.append(list_line(f"{when}  {event.label(lang)}{where} — {roles}"))
    if len(contact.events) > most:
        lines.append(
            _("… and {count} more: `facts met {id}` lists them").format(
                count=len(contact.events) - most, id=participant_id
            )
        )
    return lines
