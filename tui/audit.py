"""`facts audit`: every fact of the base with what it rests on — which sources cite it,
and where they do not state it in so many words, its basis and the reason.

**A fact** is
* each of an entity's own fields that `field_basis` may name (every field of an event,
  participant, place or theme but its id, its sources and its lists of objects: name,
  aliases, description, kind, type, date, start, end, place, part_of, country, seat,
  parent, affiliations, founded, broader, themes), where it is set; it is cited by the
  entity's sources;
* each participation, statement, office, figure and outcome; it is cited by its own
  sources, else by the entity's (as the pages cite it).

A fact *rests on a single source* when exactly one source cites it.  Sources themselves
are what facts rest on, not facts.  Core only: no Rich, no Textual.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any

from tui.basis import ITEM_LISTS, Ground, Qualifiable, field_grounds, grounds_of, weakest
from tui.i18n import _, date_text, list_text, number_text, term
from tui.model import COLLECTION_OF_TYPE, AnyEntity, FactBase, FuzzyDate, Names, Source
from tui.schema import COLLECTIONS, qualifiable_fields


@dataclass(frozen=True, slots=True)
class Fact:
    """One fact: where it is written (`path`, as in the fact file: `part_of`,
    `participants[2]`), what kind of fact it is, which sources cite it, and its grounds
    (empty when stated)."""

    entity: AnyEntity
    path: str
    kind: str
    """'field', or the word for an entry: 'participation', 'statement', 'office', …"""
    value: Any
    """The field's value, or the entry itself."""
    sources: tuple[str, ...]
    grounds: tuple[Ground, ...] = ()

    @property
    def basis(self) -> str:
        return weakest(self.grounds)


def facts_of(entity: AnyEntity) -> Iterator[Fact]:
    """The entity's facts: its own fields in the schema's order, then its entries."""
    if isinstance(entity, Source):
        return
    record = COLLECTIONS[COLLECTION_OF_TYPE[entity.entity_type]]
    for name in qualifiable_fields(record):
        value = getattr(entity, name, None)
        if value is None or value == "" or value == () or (isinstance(value, Names) and not value):
            continue
        yield Fact(entity, name, "field", value, tuple(entity.sources), field_grounds(entity, name))
    for list_name, noun in ITEM_LISTS[entity.entity_type]:
        items: Iterable[Qualifiable] = getattr(entity, list_name, ())
        for index, item in enumerate(items):
            own = tuple(getattr(item, "sources", ()))
            yield Fact(
                entity,
                f"{list_name}[{index}]",
                noun,
                item,
                tuple(dict.fromkeys(own or entity.sources)),
                grounds_of(item),
            )


@dataclass
class SourceAudit:
    """What rests on one source: every fact citing it, by basis, and those it alone
    cites."""

    source: str
    facts: int = 0
    inferred: list[Fact] = field(default_factory=list)
    background: list[Fact] = field(default_factory=list)
    alone: list[Fact] = field(default_factory=list)
    """The facts no other source cites."""


@dataclass
class Audit:
    facts: int = 0
    stated: int = 0
    inferred: int = 0
    background: int = 0
    single_source: int = 0
    sources: dict[str, SourceAudit] = field(default_factory=dict)
    """By source id, in the order of the base's sources (then any cited but missing)."""


def audit(base: FactBase, only: str | None = None) -> Audit:
    """Every fact of the base (of every entity but the sources), grouped by the sources
    that cite it; `only` keeps the one source (the counts stay the whole base's)."""
    found = Audit(
        sources={s.id: SourceAudit(s.id) for s in base.sources if only is None or s.id == only}
    )
    for entity in base:
        for fact in facts_of(entity):
            found.facts += 1
            basis = fact.basis
            if basis == "inferred":
                found.inferred += 1
            elif basis == "background":
                found.background += 1
            else:
                found.stated += 1
            alone = len(fact.sources) == 1
            found.single_source += alone
            for source_id in fact.sources:
                if only is not None and source_id != only:
                    continue
                group = found.sources.get(source_id)
                if group is None:
                    group = found.sources[source_id] = SourceAudit(source_id)
                group.facts += 1
                if basis == "inferred":
                    group.inferred.append(fact)
                elif basis == "background":
                    group.background.append(fact)
                if alone:
                    group.alone.append(fact)
    return found


def value_text(base: FactBase, fact: Fact, lang: str | None) -> str:
    """What the fact says, in one line: 'Essen delegation trip to Japan 2017' for a
    part_of, 'Essen City Council (delegation member)' for a participation."""

    def label(entity_id: str | None) -> str:
        if not entity_id:
            return ""
        entity = base.get(entity_id)
        return entity.label(lang) if entity is not None else entity_id

    value = fact.value
    if fact.kind == "field":
        if isinstance(value, Names):
            return value.get(lang)
        if isinstance(value, FuzzyDate):
            return date_text(value.year, value.month, value.day)
        if isinstance(value, tuple):
            refs = fact.path in ("themes", "affiliations")
            return list_text(label(v) if refs else str(v) for v in value)
        if fact.path in ("place", "part_of", "country", "seat", "parent", "broader"):
            return label(value)
        return _said(value) if fact.path in ("kind", "type") else str(value)
    if fact.kind == "participation":
        return f"{label(value.participant)} ({_said(value.role)})"
    if fact.kind == "office":
        organisation = label(value.organisation)
        return f"{value.title.get(lang)}{f', {organisation}' if organisation else ''}"
    if fact.kind == "figure":
        number = number_text(value.value)
        if value.approximate:
            number = _("about {number}").format(number=number)
        return f"{value.label.get(lang)}: {number}{' ' + value.unit if value.unit else ''}"
    return str(value.text.get(lang))  # a statement or an outcome


def _said(code: str) -> str:
    """A kind or role as the reader's word ('delegation member')."""
    said = term(code)
    return code.replace("-", " ") if said == code else said
