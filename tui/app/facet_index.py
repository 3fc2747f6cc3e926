"""The facet values that narrow the navigator lists: year, theme, participant, kind, country
(the filter screen, `screens/filter.py`, lets the user choose them).

Each entity has a set of values per facet (an event's themes include the broader themes, so
that 'Sustainability' finds the events on renewable energy too).  Counts tell the user what
choosing a value leaves ("narrows to N") before they choose it.  Free of Textual: it runs in
workers and is tested on its own.
"""

from __future__ import annotations

import time
from collections import Counter
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from itertools import chain

from tui.collector import collector_paused
from tui.hierarchy import lineage
from tui.i18n import N_, _, term
from tui.model import FactBase, Place
from tui.periods import year_of

FACETS: tuple[str, ...] = ("year", "theme", "participant", "kind", "country")
FACET_WORDS: dict[str, str] = {
    "year": N_("year"),
    "theme": N_("theme"),
    "participant": N_("participant"),
    "kind": N_("kind"),
    "country": N_("country"),
    "changed": N_("changed since"),
}
"""A filter's facet in its description ('theme: Hydrogen')."""
FACET_TITLES: dict[str, str] = {
    "year": N_("Year"),
    "theme": N_("Theme"),
    "participant": N_("Participant"),
    "kind": N_("Kind"),
    "country": N_("Country"),
    "changed": N_("Changed since"),
}
CHANGED = "changed"
"""The filter on what changed since a git revision (its value: the commit).  Not a facet
of the entities: the browser asks git (`Session.changed_since`), never this index."""

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
        return f"{_(FACET_WORDS[self.facet])}: {self.label}"


APPLICABLE: dict[str, tuple[str, ...]] = {
    "event": ("year", "theme", "participant", "kind", "country", CHANGED),
    "participant": ("year", "theme", "participant", "kind", "country", CHANGED),
    "theme": ("year", "theme", "participant", CHANGED),
    "place": ("year", "theme", "participant", "kind", "country", CHANGED),
    "source": ("year", "kind", CHANGED),
}


@dataclass(frozen=True, slots=True)
class Choice:
    """A value the user may add, with how many entities of the current list it leaves."""

    filter: Filter
    count: int


CHUNK = 2_000
"""Entities read between two pauses while the facets of a big base are gathered: reading
holds the interpreter lock, and the pause lets the screen answer keys meanwhile."""

Pairs = tuple[tuple[str, str], ...]
Report = Callable[[int, int], None]
"""Told (done, total) as the values are gathered."""


class FacetIndex:
    """The facet values of every entity of one base, gathered in one pass and then kept.

    Gathering reads every entity once (seconds at 100 000 events), so it runs in a worker:
    `gather` pauses every CHUNK entities and reports how far it got.  Values are kept as
    (facet, value) pairs shared between entities, a small tuple per entity, so that counting
    the choices of a whole list runs in C.  Participants, places and themes take their years,
    themes and participants from the events naming them, collected on the same pass over
    the events rather than by asking the base for every entity's events."""

    def __init__(self, base: FactBase) -> None:
        self.base = base
        self._pairs: dict[str, Pairs] = {}
        self._ready = False
        self._theme_lines: dict[str, tuple[str, ...]] = {}
        self._country_of: dict[str, frozenset[str]] = {}
        self._theme_sets: dict[tuple[str, ...], frozenset[str]] = {}
        self._shared: dict[tuple[str, str], tuple[str, str]] = {}

    @property
    def ready(self) -> bool:
        """Whether the values are gathered (asking for them then costs nothing)."""
        return self._ready

    def gather(self, progress: Report | None = None) -> None:
        """Read every entity's facet values, once.  Not for two threads at once: the
        browser's `Session` gathers them once under its lock, and the other threads wait for
        it.  `progress(done, total)` is told after each chunk."""
        if not self._ready:
            # a full collection walks every entity read so far, holding the interpreter
            # lock: at 100 000 events the screen froze for a second at a time
            with collector_paused():
                self._gather(progress)
            self._ready = True

    # -- gathering ---------------------------------------------------------------------------

    def _gather(self, progress: Report | None) -> None:
        base = self.base
        total = len(base)
        done = 0

        def step() -> None:
            nonlocal done
            done += 1
            if done % CHUNK == 0:
                if progress is not None:
                    progress(done, total)
                time.sleep(0)  # let the UI thread take the interpreter lock

        for theme in base.themes:
            self._theme_lines[theme.id] = tuple(lineage(base.get, theme.id))
        # what participants, places and themes learn from the events naming them
        years: dict[str, set[str]] = {}
        themes: dict[str, set[str]] = {}
        people: dict[str, set[str]] = {}
        for event in base.events:
            filed = year_of(base.get, event)  # an undated part by its trip's (tui.periods)
            year = str(filed) if filed is not None else None
            direct = tuple(dict.fromkeys(event.themes))
            expanded = self._themes(direct)
            present = tuple(dict.fromkeys(p.participant for p in event.participants))
            self._keep(
                event.id,
                {
                    "year": (year,) if year else (),
                    "theme": expanded,
                    "participant": present,
                    "kind": (event.kind,) if event.kind else (),
                    "country": self._countries(event.place),
                },
            )
            for participant_id in present:
                _add(years, participant_id, year)
                themes.setdefault(participant_id, set()).update(expanded)
                people.setdefault(participant_id, set()).update(present)
            for theme_id in direct:
                _add(years, theme_id, year)
                people.setdefault(theme_id, set()).update(present)
            if event.place:
                _add(years, event.place, year)
                themes.setdefault(event.place, set()).update(expanded)
                people.setdefault(event.place, set()).update(present)
            step()
        for participant in base.participants:
            pid = participant.id
            self._keep(
                pid,
                {
                    "year": years.get(pid, ()),
                    "theme": themes.get(pid, ()),
                    "participant": people.get(pid, ()),
                    "kind": (participant.kind,),
                    "country": (participant.country,) if participant.country else (),
                },
            )
            step()
        for theme in base.themes:
            self._keep(
                theme.id,
                {
                    "year": years.get(theme.id, ()),
                    "theme": self._theme_lines.get(theme.id, (theme.id,)),
                    "participant": people.get(theme.id, ()),
                },
            )
            step()
        for place in base.places:
            self._keep(
                place.id,
                {
                    "year": years.get(place.id, ()),
                    "theme": themes.get(place.id, ()),
                    "participant": people.get(place.id, ()),
                    "kind": (place.kind,) if place.kind else (),
                    "country": self._countries(place.id),
                },
            )
            step()
        for source in base.sources:
            published = source.published
            self._keep(
                source.id,
                {
                    "year": (str(published.year),) if published else (),
                    "kind": (source.kind,) if source.kind else (),
                },
            )
            step()
        if progress is not None:
            progress(total, total)

    def _keep(self, entity_id: str, values: Mapping[str, Iterable[str]]) -> None:
        shared = self._shared
        pairs = []
        for facet, found in values.items():
            for value in dict.fromkeys(found):
                pair = (facet, value)
                pairs.append(shared.setdefault(pair, pair))
        self._pairs[entity_id] = tuple(pairs)

    def _countries(self, place_id: str | None) -> frozenset[str]:
        if not place_id:
            return frozenset()
        found = self._country_of.get(place_id)
        if found is None:
            chain = [self.base.get(place_id), *self.base.ancestors(place_id)]
            found = frozenset(p.id for p in chain if isinstance(p, Place) and p.kind == "country")
            self._country_of[place_id] = found
        return found

    def _themes(self, theme_ids: tuple[str, ...]) -> frozenset[str]:
        """The themes with their broader themes; events share a few combinations, so each
        combination is expanded once."""
        found = self._theme_sets.get(theme_ids)
        if found is None:
            lines = self._theme_lines
            found = frozenset(t for theme_id in theme_ids for t in lines.get(theme_id, (theme_id,)))
            self._theme_sets[theme_ids] = found
        return found

    # -- asking ------------------------------------------------------------------------------

    def pairs(self, entity_id: str) -> Pairs:
        self.gather()
        return self._pairs.get(entity_id, ())

    def values(self, entity_id: str) -> dict[str, frozenset[str]]:
        """The entity's values by facet (facets without a value left out)."""
        out: dict[str, set[str]] = {}
        for facet, value in self.pairs(entity_id):
            out.setdefault(facet, set()).add(value)
        return {facet: frozenset(found) for facet, found in out.items()}

    def narrow(self, ids: Sequence[str], entity_type: str, filters: Iterable[Filter]) -> list[int]:
        """The positions in `ids` (entities of one type) whose entities pass every filter
        that applies to the type."""
        wanted = tuple(
            (f.facet, f.value) for f in filters if f.applies_to(entity_type) and f.facet != CHANGED
        )
        if not wanted:
            return list(range(len(ids)))
        self.gather()
        pairs = self._pairs
        return [
            at
            for at, entity_id in enumerate(ids)
            if all(pair in pairs.get(entity_id, ()) for pair in wanted)
        ]

    def choices(
        self,
        ids: Iterable[str],
        entity_type: str,
        active: Iterable[Filter] = (),
        lang: str | None = None,
    ) -> list[Choice]:
        """Every value found among the entities `ids` (the list as it stands), with its
        count, by facet; within a facet years run in order and the rest by count, then name."""
        self.gather()
        taken = {(f.facet, f.value) for f in active}
        applicable = APPLICABLE[entity_type]
        pairs = self._pairs
        counted = Counter(chain.from_iterable(pairs.get(entity_id, ()) for entity_id in ids))
        counters: dict[str, Counter[str]] = {facet: Counter() for facet in applicable}
        for (facet, value), count in counted.items():
            if facet in counters:
                counters[facet][value] = count
        out: list[Choice] = []
        for facet in FACETS:
            counter = counters.get(facet)
            if not counter:
                continue
            scope = entity_type if facet == "kind" else None
            found = [
                Choice(Filter(facet, value, self.label(facet, value, lang), scope), count)
                for value, count in counter.items()
                if (facet, value) not in taken
            ]
            if facet == "year":
                found.sort(key=lambda c: c.filter.value)
            else:
                found.sort(key=lambda c: (-c.count, c.filter.label.casefold()))
            out.extend(found)
        return out

    def label(self, facet: str, value: str, lang: str | None = None) -> str:
        if facet in ("theme", "participant", "country"):
            entity = self.base.get(value)
            return entity.label(lang) if entity is not None else value
        return term(value) if facet == "kind" else value


def _add(table: dict[str, set[str]], key: str, value: str | None) -> None:
    found = table.setdefault(key, set())
    if value is not None:
        found.add(value)
