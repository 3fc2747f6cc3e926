"""What the navigator lists show: one `Row` per entity, in the order each section wants.

Rows hold plain strings (made safe with `safe_line`) and are painted by the virtual list only
when visible, so a list of 100 000 entities costs one small tuple per entity and no widgets.
Free of Textual so that it can be built in a worker thread and tested on its own.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from rich.text import Text

from tui.commands.common import safe_line
from tui.model import AnyEntity, Event, FactBase, Participant, Place, Source, Theme


@dataclass(frozen=True, slots=True)
class Column:
    """width None takes what is left; a column is dropped when the list is narrower than
    `hide_below`, so that names stay readable at 80 columns."""

    width: int | None
    style: str = ""
    hide_below: int = 0


@dataclass(frozen=True, slots=True)
class Row:
    """One line of a list.  `id` None marks a heading (a year, a facet) the cursor skips."""

    id: str | None
    cells: tuple[str | Text, ...]
    indent: int = 0


@dataclass(frozen=True, slots=True)
class Section:
    key: str
    title: str
    entity_type: str
    columns: tuple[Column, ...]
    empty: str


DATE = Column(10, "dim")
NAME = Column(None)
KIND = Column(14, "dim", hide_below=44)

SECTIONS: tuple[Section, ...] = (
    Section("events", "Events", "event", (DATE, NAME, KIND), "No events"),
    Section("timeline", "Timeline", "event", (DATE, NAME, KIND), "No events"),
    Section("participants", "Participants", "participant", (NAME, Column(22, "dim", 50)),
            "No participants"),
    Section("themes", "Themes", "theme", (NAME, Column(10, "dim", 40)), "No themes"),
    Section("places", "Places", "place", (NAME, Column(12, "dim", 40)), "No places"),
    Section("sources", "Sources", "source", (DATE, NAME, Column(16, "dim", 60)), "No sources"),
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


def clean(text: str) -> str:
    """Data shown in a list: one line, control characters visible rather than obeyed."""
    return safe_line(" ".join(text.split())) if text else ""


def depth(base: FactBase, entity: AnyEntity) -> int:
    return len(base.ancestors(entity.id))


def ordered(base: FactBase, section: Section) -> list[AnyEntity]:
    """The section's entities in display order, before any filter."""
    key = section.key
    if key == "timeline":
        return list(base.timeline())
    if key == "events":
        return _tree(base, base.timeline(), lambda e: e.part_of if isinstance(e, Event) else None)
    if key == "participants":
        return sorted(base.participants, key=lambda p: (p.label().casefold(), p.id))
    if key == "themes":
        return _tree(base, base.themes, lambda t: t.broader if isinstance(t, Theme) else None)
    if key == "places":
        return _tree(base, base.places, lambda p: p.part_of if isinstance(p, Place) else None)
    return sorted(
        base.sources,
        key=lambda s: (s.published.sort_key() if s.published else (9999, 0, 0), s.id),
    )


def _tree(base: FactBase, items: Sequence[AnyEntity], parent_of) -> list[AnyEntity]:
    """Roots in the given order, each followed by its descendants (depth first, same order).

    Parents missing from `items` (or cycles, which the loader rejects anyway) make an entity
    a root, so nothing is ever left out."""
    ids = {item.id for item in items}
    children: dict[str, list[AnyEntity]] = {}
    roots: list[AnyEntity] = []
    for item in items:
        parent = parent_of(item)
        if parent and parent in ids and parent != item.id:
            children.setdefault(parent, []).append(item)
        else:
            roots.append(item)
    out: list[AnyEntity] = []
    seen: set[str] = set()
    stack = list(reversed(roots))
    while stack:
        item = stack.pop()
        if item.id in seen:
            continue
        seen.add(item.id)
        out.append(item)
        stack.extend(reversed(children.get(item.id, ())))
    out.extend(item for item in items if item.id not in seen)
    return out


class RowSource(Sequence[Row]):
    """The rows of a list, made when first painted.

    Ordering and filtering 100 000 entities takes a fraction of a second; formatting every
    row up front would take seconds, for rows nobody scrolls to.  Safe to build in a worker:
    the rows themselves are made on the UI thread as the list paints them."""

    def __init__(
        self,
        base: FactBase,
        section: Section,
        slots: list[AnyEntity | Row],
        count: int,
        lang: str | None = None,
    ) -> None:
        self.base = base
        self.section = section
        self.slots = slots
        self.count = count
        """How many entities are listed (headings not counted)."""
        self.lang = lang
        self.tree = section.key in ("events", "themes", "places")
        self.positions: dict[str, int] = {
            slot.id: i for i, slot in enumerate(slots) if not isinstance(slot, Row)
        }
        self._made: dict[int, Row] = {}

    def __len__(self) -> int:
        return len(self.slots)

    def __getitem__(self, index):  # type: ignore[override]
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
                indent = depth(self.base, slot) if self.tree else 0
                row = entity_row(self.base, slot, self.lang, indent=indent)
            if len(self._made) > 20_000:
                self._made.clear()
            self._made[index] = row
        return row


def build_rows(
    base: FactBase, section: Section, entities: Sequence[AnyEntity], lang: str | None = None
) -> RowSource:
    """Rows for entities already in display order (and already filtered)."""
    slots: list[AnyEntity | Row] = (
        _timeline_slots(entities) if section.key == "timeline" else list(entities)
    )
    return RowSource(base, section, slots, len(entities), lang)


def _timeline_slots(events: Iterable[AnyEntity]) -> list[AnyEntity | Row]:
    """The events with a heading before each year ('2017 · 5 events')."""
    slots: list[AnyEntity | Row] = []
    year: int | None = None
    heading_at = 0
    count = 0
    for event in events:
        assert isinstance(event, Event)
        when = event.when
        this_year = when.year if when else None
        if this_year != year or not slots:
            if slots:
                slots[heading_at] = _year_heading(year, count)
            heading_at, count, year = len(slots), 0, this_year
            slots.append(Row(None, ("",)))
        slots.append(event)
        count += 1
    if slots:
        slots[heading_at] = _year_heading(year, count)
    return slots


def _year_heading(year: int | None, count: int) -> Row:
    label = str(year) if year is not None else "undated"
    return Row(None, (f"{label} · {count} event{'s' if count != 1 else ''}",))


def entity_row(base: FactBase, entity: AnyEntity, lang: str | None = None, indent: int = 0) -> Row:
    name = clean(entity.label(lang))
    if isinstance(entity, Event):
        when = entity.when
        return Row(entity.id, (when.iso() if when else "", name, clean(entity.kind)), indent)
    if isinstance(entity, Participant):
        kind = " · ".join(clean(k) for k in (entity.kind, entity.type) if k)
        return Row(entity.id, (name, kind), indent)
    if isinstance(entity, Theme):
        count = len(base.events_of(entity.id))
        return Row(entity.id, (name, f"{count} event{'s' if count != 1 else ''}"), indent)
    if isinstance(entity, Place):
        return Row(entity.id, (name, clean(entity.kind)), indent)
    assert isinstance(entity, Source)
    published = entity.published.iso() if entity.published else ""
    return Row(entity.id, (published, name, clean(entity.publisher)), indent)


def short_label(base: FactBase, entity_id: str, lang: str | None = None) -> str:
    """An entity as a link shows it: events with their date, so that trips can be told apart."""
    entity = base.get(entity_id)
    if entity is None:
        return clean(entity_id)
    if isinstance(entity, Event) and entity.when:
        return f"{entity.when.iso()} {clean(entity.label(lang))}"
    return clean(entity.label(lang))
