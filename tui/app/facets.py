"""Facets that narrow the navigator lists: year, theme, participant, kind, country.

Each entity has a set of values per facet (an event's themes include the broader themes, so
that 'Sustainability' finds the events on renewable energy too).  Counts tell the user what
choosing a value leaves ("narrows to N") before they choose it.  Free of Textual: it runs in
workers and is tested on its own.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import cached_property
from itertools import chain

from tui.model import AnyEntity, Event, FactBase, Participant, Place, Source, Theme

FACETS: tuple[str, ...] = ("year", "theme", "participant", "kind", "country")
FACET_TITLES: dict[str, str] = {
    "year": "Year",
    "theme": "Theme",
    "participant": "Participant",
    "kind": "Kind",
    "country": "Country",
}

Values = Mapping[str, frozenset[str]]


@dataclass(frozen=True, slots=True)
class Filter:
    """One chosen facet value.  `scope` limits a kind filter to the entity type it was chosen
    on (an event kind says nothing about participants); other facets apply to every list
    that has them."""

    facet: str
    value: str
    label: str
    scope: str | None = None

    def applies_to(self, entity_type: str) -> bool:
        return (self.scope is None or self.scope == entity_type) and self.facet in APPLICABLE[
            entity_type
        ]

    def describe(self) -> str:
        return f"{FACET_TITLES[self.facet].lower()}: {self.label}"


APPLICABLE: dict[str, tuple[str, ...]] = {
    "event": ("year", "theme", "participant", "kind", "country"),
    "participant": ("year", "theme", "participant", "kind", "country"),
    "theme": ("year", "theme", "participant"),
    "place": ("year", "theme", "participant", "kind", "country"),
    "source": ("year", "kind"),
}


@dataclass(frozen=True, slots=True)
class Choice:
    """A value the user may add, with how many entities of the current list it leaves."""

    filter: Filter
    count: int


class FacetIndex:
    """Facet values of every entity of one base, computed on first use and then kept."""

    def __init__(self, base: FactBase, lang: str | None = None) -> None:
        self.base = base
        self.lang = lang
        self._values: dict[str, Values] = {}
        self._pair_cache: dict[str, tuple[tuple[str, str], ...]] = {}
        self._country_of: dict[str, frozenset[str]] = {}
        self._theme_sets: dict[tuple[str, ...], frozenset[str]] = {}

    @cached_property
    def _theme_lines(self) -> dict[str, tuple[str, ...]]:
        """Each theme with its broader themes."""
        return {
            theme.id: (theme.id, *(t.id for t in self.base.ancestors(theme.id)))
            for theme in self.base.themes
        }

    def _countries(self, place_id: str | None) -> frozenset[str]:
        if not place_id:
            return frozenset()
        found = self._country_of.get(place_id)
        if found is None:
            chain = [self.base.get(place_id), *self.base.ancestors(place_id)]
            found = frozenset(
                p.id for p in chain if isinstance(p, Place) and p.kind == "country"
            )
            self._country_of[place_id] = found
        return found

    def _themes(self, theme_ids: Iterable[str]) -> frozenset[str]:
        """The themes with their broader themes; events share a few combinations, so each
        combination is expanded once."""
        key = tuple(theme_ids)
        found = self._theme_sets.get(key)
        if found is None:
            lines = self._theme_lines
            found = frozenset(t for theme_id in key for t in lines.get(theme_id, (theme_id,)))
            self._theme_sets[key] = found
        return found

    def _event_years(self, events: Iterable[Event]) -> frozenset[str]:
        return frozenset(str(e.when.year) for e in events if e.when)

    def _pairs(self, entity: AnyEntity) -> tuple[tuple[str, str], ...]:
        """(facet, value) for every value of the entity, kept for counting in C."""
        found = self._pair_cache.get(entity.id)
        if found is None:
            found = tuple(
                (facet, value) for facet, values in self.values(entity).items()
                for value in values
            )
            self._pair_cache[entity.id] = found
        return found

    def values(self, entity: AnyEntity) -> Values:
        cached = self._values.get(entity.id)
        if cached is None:
            cached = self._values[entity.id] = self._compute(entity)
        return cached

    def _compute(self, entity: AnyEntity) -> Values:
        base = self.base
        if isinstance(entity, Event):
            when = entity.when
            return {
                "year": frozenset((str(when.year),)) if when else frozenset(),
                "theme": self._themes(entity.themes),
                "participant": frozenset(p.participant for p in entity.participants),
                "kind": frozenset((entity.kind,)) if entity.kind else frozenset(),
                "country": self._countries(entity.place),
            }
        if isinstance(entity, Participant):
            events = base.events_of(entity.id)
            countries = {entity.country} if entity.country else set()
            return {
                "year": self._event_years(events),
                "theme": self._themes(t.id for t in base.themes_of(entity.id)),
                "participant": frozenset(
                    p.participant for e in events for p in e.participants
                ),
                "kind": frozenset((entity.kind,)),
                "country": frozenset(countries),
            }
        if isinstance(entity, Theme):
            return {
                "year": self._event_years(base.events_of(entity.id)),
                "theme": frozenset(self._theme_lines.get(entity.id, (entity.id,))),
                "participant": frozenset(p.id for p in base.participants_of_theme(entity.id)),
            }
        if isinstance(entity, Place):
            events = base.events_of(entity.id)
            return {
                "year": self._event_years(events),
                "theme": self._themes(t for e in events for t in e.themes),
                "participant": frozenset(p.participant for e in events for p in e.participants),
                "kind": frozenset((entity.kind,)) if entity.kind else frozenset(),
                "country": self._countries(entity.id),
            }
        assert isinstance(entity, Source)
        return {
            "year": frozenset((str(entity.published.year),)) if entity.published else frozenset(),
            "kind": frozenset((entity.kind,)) if entity.kind else frozenset(),
        }

    def passes(self, entity: AnyEntity, filters: Iterable[Filter]) -> bool:
        values = None
        for chosen in filters:
            if not chosen.applies_to(entity.entity_type):
                continue
            if values is None:
                values = self.values(entity)
            if chosen.value not in values.get(chosen.facet, ()):
                return False
        return True

    def narrow(self, entities: Iterable[AnyEntity], filters: Iterable[Filter]) -> list[AnyEntity]:
        chosen = tuple(filters)
        if not chosen:
            return list(entities)
        return [entity for entity in entities if self.passes(entity, chosen)]

    def choices(
        self, entities: Iterable[AnyEntity], entity_type: str, active: Iterable[Filter] = ()
    ) -> list[Choice]:
        """Every value found among `entities` (the list as it stands), with its count, by
        facet; within a facet years run in order and the rest by count, then name."""
        taken = {(f.facet, f.value) for f in active}
        applicable = APPLICABLE[entity_type]
        pairs = Counter(chain.from_iterable(self._pairs(entity) for entity in entities))
        counters: dict[str, Counter[str]] = {facet: Counter() for facet in applicable}
        for (facet, value), count in pairs.items():
            if facet in counters:
                counters[facet][value] = count
        out: list[Choice] = []
        for facet in FACETS:
            counter = counters.get(facet)
            if not counter:
                continue
            scope = entity_type if facet == "kind" else None
            found = [
                Choice(Filter(facet, value, self.label(facet, value), scope), count)
                for value, count in counter.items()
                if (facet, value) not in taken
            ]
            if facet == "year":
                found.sort(key=lambda c: c.filter.value)
            else:
                found.sort(key=lambda c: (-c.count, c.filter.label.casefold()))
            out.extend(found)
        return out

    def label(self, facet: str, value: str) -> str:
        if facet in ("theme", "participant", "country"):
            entity = self.base.get(value)
            return entity.label(self.lang) if entity is not None else value
        return value
