"""What the navigator lists show: one `Row` per entity, in the order each section wants.

Rows hold plain strings (made safe with `tui.safetext.list_line`) and are painted by the
virtual list only when visible, so a list of 100 000 entities costs one small tuple per
entity and no widgets.  Free of Textual so that it can be built in a worker thread and
tested on its own.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import overload

from tui.app.table import Column, Row, measure
from tui.i18n import N_, _, ngettext, term
from tui.listing import UNDATED, Listing
from tui.model import AnyEntity, Event, FactBase, Participant, Place, Source, Theme
from tui.safetext import list_line
from tui.store import StoreDamaged


@dataclass(frozen=True, slots=True)
class Section:
    key: str
    title: str
    """In English (a catalog key): `_()` it where it is shown."""
    entity_type: str
    columns: tuple[Column, ...]
    empty: str


DATE = Column("keep", "dim", most=10)
NAME = Column("name")
KIND = Column("extra", "dim", most=30)
COUNTRY = Column("keep", "dim", most=20)
MARK = Column("keep", most=8)
"""What changed since the revision of a "Changed since" filter: 'added' or 'changed'."""

SECTIONS: tuple[Section, ...] = (
    Section("events", N_("Events"), "event", (DATE, NAME, KIND), N_("No events")),
    Section("timeline", N_("Timeline"), "event", (DATE, NAME, KIND), N_("No events")),
    Section(
        "participants",
        N_("Participants"),
        "participant",
        (NAME, COUNTRY, KIND),
        N_("No participants"),
    ),
    Section(
        "themes", N_("Themes"), "theme", (NAME, Column("keep", "dim", most=14)), N_("No themes")
    ),
    Section("places", N_("Places"), "place", (NAME, KIND), N_("No places")),
    Section("sources", N_("Sources"), "source", (DATE, NAME, KIND), N_("No sources")),
)
SECTION_BY_KEY: dict[str, Section] = {section.key: section for section in SECTIONS}
HOME_SECTION: dict[str, str] = {
    "event": "events",
    "participant": "participants",
    "theme": "themes",
    "place": "places",
    "source": "sources",
}
"""The section an entity of each type is listed in when a link leads to it."""


class RowSource(Sequence[Row]):
    """The rows of a list, each made from its entity when first painted.

    Built from ids alone (a `Listing`, perhaps narrowed by filters), so that a list of
    100 000 entities shows without reading them: a stored base decodes an entity only when
    its row is painted.  Safe to build in a worker: the rows themselves are made on the UI
    thread as the list paints them."""

    def __init__(
        self,
        base: FactBase,
        section: Section,
        slots: Sequence[str | Row],
        depths: bytes | None,
        count: int,
        lang: str | None = None,
        counts: Mapping[str, int] | None = None,
        marks: Callable[[str], str] | None = None,
    ) -> None:
        self.base = base
        self.section = section
        self.marks = marks
        """Each row's mark in a last column (None: no such column)."""
        self.columns = (*section.columns, MARK) if marks is not None else section.columns
        self.slots = slots
        """Entity ids in display order, with headings (`Row`s) among them."""
        self.depths = depths
        """How deep each slot nests (None: a flat list)."""
        self.listed = count
        """How many entities are listed (headings not counted)."""
        self.lang = lang
        self.counts = counts
        """Events under each theme, narrower themes included (for the themes list)."""
        self.widths: tuple[int, ...] = ()
        """The widest cell of each column (`tui.app.table.measure`), once measured."""
        self.positions: dict[str, int] = {
            slot: i for i, slot in enumerate(slots) if not isinstance(slot, Row)
        }
        self._made: dict[int, Row] = {}

    def __len__(self) -> int:
        return len(self.slots)

    @overload
    def __getitem__(self, index: int) -> Row: ...

    @overload
    def __getitem__(self, index: slice) -> list[Row]: ...

    def __getitem__(self, index: int | slice) -> Row | list[Row]:
        if isinstance(index, slice):
            return [self[i] for i in range(*index.indices(len(self)))]
        if index < 0:
            index += len(self.slots)
        row = self._made.get(index)
        if row is None:
            slot = self.slots[index]  # IndexError ends iteration, as a sequence should
            if isinstance(slot, Row):
                row = slot
            else:
                indent = self.depths[index] if self.depths else 0
                try:
                    entity = self.base.get(slot)
                except StoreDamaged:  # reported to the app, which reads the files again
                    return Row(slot, ("", list_line(slot)), indent)
                row = (
                    entity_row(self.base, entity, self.lang, indent, self.counts)
                    if entity is not None
                    else Row(slot, ("", list_line(slot)), indent)
                )
            if self.marks is not None and row.id is not None:
                cells = (*row.cells, *[""] * (len(self.section.columns) - len(row.cells)))
                row = Row(row.id, (*cells, self.marks(row.id)), row.indent)
            if len(self._made) > 20_000:
                self._made.clear()
            self._made[index] = row
        return row


def build_rows(
    base: FactBase,
    section: Section,
    listing: Listing,
    kept: Sequence[int] | None = None,
    lang: str | None = None,
    counts: Mapping[str, int] | None = None,
    marks: Callable[[str], str] | None = None,
) -> RowSource:
    """Rows for the list `listing` (the section's, from `base.listing`); `kept` the positions
    in it that pass the filters (None: all of them); `counts` the events under each theme;
    `marks` what each row says in a last column (what changed since a revision).
    The timeline gets a heading before each year ('2017 · 5 events').  The first rows are
    made and measured here, in the caller's worker, for the widths of the columns."""
    if section.key == "timeline":
        slots = _timeline_slots(listing, kept)
        rows = RowSource(
            base, section, slots, None, len(slots) - _headings(slots), lang, marks=marks
        )
    elif kept is None:
        rows = RowSource(
            base, section, listing.ids, listing.depths, len(listing), lang, counts, marks
        )
    else:
        ids, depths = listing.ids, listing.depths
        rows = RowSource(
            base,
            section,
            [ids[i] for i in kept],
            bytes(depths[i] for i in kept),
            len(kept),
            lang,
            counts,
            marks,
        )
    rows.widths = measure(rows, rows.columns)
    return rows


def _headings(slots: Sequence[str | Row]) -> int:
    return sum(1 for slot in slots if isinstance(slot, Row))


def _timeline_slots(listing: Listing, kept: Sequence[int] | None) -> list[str | Row]:
    """The ids with a heading before each year, from the listing's years (no entity read)."""
    ids, years = listing.ids, listing.years
    positions: Iterable[int] = range(len(ids)) if kept is None else kept
    slots: list[str | Row] = []
    year: int | None = None
    heading_at = 0
    count = 0
    for at in positions:
        this_year = years[at]
        if this_year != year or not slots:
            if slots:
                slots[heading_at] = _year_heading(year, count)
            heading_at, count, year = len(slots), 0, this_year
            slots.append(Row(None, ("",)))
        slots.append(ids[at])
        count += 1
    if slots:
        slots[heading_at] = _year_heading(year, count)
    return slots


def _year_heading(year: int | None, count: int) -> Row:
    label = str(year) if year is not None and year != UNDATED else _("undated")
    events = ngettext("{count} event", "{count} events", count).format(count=count)
    return Row(None, (f"{label} · {events}",))


def event_count(base: FactBase, entity_id: str) -> int:
    """How many events name the entity, without reading them: a stored base keeps the ids
    of each entity's events, and reading 10 000 events to count them would stall the list."""
    return len(base.event_ids_of(entity_id))


def entity_row(
    base: FactBase,
    entity: AnyEntity,
    lang: str | None = None,
    indent: int = 0,
    counts: Mapping[str, int] | None = None,
) -> Row:
    """The entity's row; a theme counts the events on it and on its narrower themes (as
    its filter and its page do) when `counts` has them, else the events naming it."""
    name = list_line(entity.label(lang))
    if isinstance(entity, Event):
        when = entity.when
        return Row(
            entity.id, (when.iso() if when else "", name, list_line(term(entity.kind))), indent
        )
    if isinstance(entity, Participant):
        kind = " · ".join(list_line(term(k)) for k in (entity.kind, entity.type) if k)
        return Row(entity.id, (name, country_label(base, entity, lang), kind), indent)
    if isinstance(entity, Theme):
        count = (
            counts[entity.id] if counts and entity.id in counts else event_count(base, entity.id)
        )
        events = ngettext("{count} event", "{count} events", count).format(count=count)
        return Row(entity.id, (name, events), indent)
    if isinstance(entity, Place):
        return Row(entity.id, (name, list_line(term(entity.kind))), indent)
    assert isinstance(entity, Source)
    published = entity.published.iso() if entity.published else ""
    return Row(entity.id, (published, name, list_line(entity.publisher)), indent)


def country_label(base: FactBase, participant: Participant, lang: str | None = None) -> str:
    """The participant's country as the lists show it ('' when the base names none)."""
    if not participant.country:
        return ""
    country = base.get(participant.country)
    return list_line(country.label(lang) if country is not None else participant.country)


def short_label(base: FactBase, entity_id: str, lang: str | None = None) -> str:
    """An entity as a link shows it: events with their date, so that trips can be told apart."""
    entity = base.get(entity_id)
    if entity is None:
        return list_line(entity_id)
    if isinstance(entity, Event) and entity.when:
        return f"{entity.when.iso()} {list_line(entity.label(lang))}"
    return list_line(entity.label(lang))
