"""What the filters kind:, theme:, year:, participant:, basis: and changed: select, as sets
of documents.

Each filter names things the way people remember them: `theme:hydrogen` matches a theme by
id or by the words of any of its names (so the English name finds the German-named theme)
and selects it, the narrower themes below it and the events tagged with any of them;
`participant:kufen` matches participants the same way and selects the events they took
part in; `basis:inferred` (`background`) the entities with at least one fact of that basis,
`basis:stated` those whose every fact is stated.  The answer comes with a note that says
what was understood.  `changed:REV` is answered by the caller's `Changes` (the base's
history in git, `tui.changedsince`): this package only turns the ids it names into
documents.
"""

from __future__ import annotations

from array import array
from collections.abc import Callable, Iterable, Mapping, Sequence
from typing import TypeVar

import tui.search.bits as bits
from tui.basis import bases_in
from tui.hierarchy import below, children_table
from tui.i18n import _, language, list_text, ngettext, term
from tui.model import AnyEntity, Event, FactBase, Theme
from tui.periods import Get, period_of, years_of
from tui.record import record
from tui.search.fields import name_fields
from tui.search.fold import tokens
from tui.search.memo import Memo, Once
from tui.search.query import Filter, QueryError, year_range

ENTITY_TYPES: tuple[str, ...] = ("event", "participant", "theme", "place", "source")
_PLURALS = {f"{name}s": name for name in ENTITY_TYPES}
K = TypeVar("K")


@record(slots=True)
class ChangedEntry:
    """How one entity changed since the revision of a `changed:` filter."""

    kind: str
    """'added', 'changed' or 'moved' (a move may have changed fields too)."""
    fields: tuple[str, ...] = ()
    """The fields that changed, as the YAML names them (`file` for a move)."""
    text: str = ""
    """What a person reads: 'changed since HEAD~3: date, participants'."""


@record(slots=True)
class ChangedSet:
    """What `changed:REV` stands for: the entities added or changed since REV, by id."""

    entries: Mapping[str, ChangedEntry]
    note: str = ""
    """What the filter was understood as, e.g. 'changed since HEAD~3 (3f2a1c9): 2 changed'."""


Changes = Callable[[str], ChangedSet]
"""REV → what changed since it; raises FilterUnanswered when that cannot be told."""


@record(slots=True)
class Selection:
    bits: int
    note: str = ""
    """What the filter was understood as, e.g. 'theme: Hydrogen technologies'."""
    ids: frozenset[str] = frozenset()
    """The themes or participants a theme:/participant: filter stands for."""
    changed: Mapping[str, ChangedEntry] | None = None
    """For changed:, how each selected entity changed."""


def folded_phrase(text: str) -> str:
    return " ".join(tokens(text))


@record(slots=True)
class FilterTables:
    """What the filters select, as documents, made in one pass while the index is built (the
    base's own backlinks may not exist yet, and building them on the first filter would
    stall a keystroke).  An opened index reads each table from its store on first use."""

    kinds: Mapping[str, Sequence[int]]
    """Kind names → documents: the entity types, and the values of the `kind` field of
    events (signing, visit, …), places (city, …) and participants (person, …)."""
    kind_names: Mapping[str, str]
    """Each folded kind name → the kind as the data writes it."""
    years: Mapping[int, Sequence[int]]
    themes: Mapping[str, Sequence[int]]
    """Theme id → the events tagged with it."""
    participants: Mapping[str, Sequence[int]]
    """Participant id → the events they took part in."""
    bases: Mapping[str, Sequence[int]]
    """'inferred', 'background' → the entities with at least one fact of that basis (an own
    field named in `field_basis`, or a participation, statement, office, figure or outcome
    with a `basis`)."""


def filter_tables(docs: Sequence[AnyEntity], get: Get) -> FilterTables:
    """`get` looks an id up: an event without a date of its own counts for the years of the
    trip it belongs to (tui.periods)."""
    kinds: dict[str, list[int]] = {name: [] for name in ENTITY_TYPES}
    shown: dict[str, str] = {name: name for name in ENTITY_TYPES}
    years: dict[int, list[int]] = {}
    themes: dict[str, list[int]] = {}
    participants: dict[str, list[int]] = {}
    bases: dict[str, list[int]] = {"inferred": [], "background": []}
    for doc, entity in enumerate(docs):
        kinds[entity.entity_type].append(doc)
        for basis in dict.fromkeys(b for _field, b in bases_in(entity)):
            bases.setdefault(basis, []).append(doc)
        own_kind = getattr(entity, "kind", "") if entity.entity_type != "source" else ""
        key = folded_phrase(own_kind) if own_kind else ""
        if key and key not in ENTITY_TYPES:
            kinds.setdefault(key, []).append(doc)
            shown.setdefault(key, own_kind)
        if isinstance(entity, Event):
            for year in years_of(get, entity):
                years.setdefault(year, []).append(doc)
            for theme in dict.fromkeys(entity.themes):
                themes.setdefault(theme, []).append(doc)
            for participant in dict.fromkeys(p.participant for p in entity.participants):
                participants.setdefault(participant, []).append(doc)
    return FilterTables(
        _packed(kinds),
        shown,
        _packed(years),
        _packed(themes),
        _packed(participants),
        _packed(bases),
    )


def _packed(mapping: Mapping[K, list[int]]) -> dict[K, array[int]]:
    """Documents as `array('I')`: compact, and stored as one block of bytes."""
    return {key: array("I", docs) for key, docs in mapping.items()}


class FilterResolver:
    """Turns filters into document sets, remembering answers (filters repeat per keystroke)."""

    def __init__(
        self,
        base: FactBase,
        size: int,
        doc_of: Callable[[str], int],
        tables: FilterTables,
        named: Callable[[str, str], list[AnyEntity]],
    ) -> None:
        self.base = base
        self.size = size
        """How many documents: the size of a document set."""
        self.doc_of = doc_of
        self.tables = tables
        self.named = named
        """Entities of a type whose id is the value, or whose names hold all its words."""
        self._cache: Memo[tuple[str, str, bool, str, str | None], Selection] = Memo(512)
        self._narrower = Once(lambda: children_table(base.themes))  # not self: no cycle
        """Each theme's narrower themes, from the themes' own `broader` links (not the base's
        backlinks, which a big base may not have built yet)."""
        self._labels: Memo[str, dict[str, str] | None] = Memo(4)
        """Per entity type: folded name → label, for 'did you mean' (None: too many)."""
        self._resolvers: dict[str, Callable[[FilterResolver, str, str | None], Selection]] = {
            "year": FilterResolver._year,
            "theme": FilterResolver._theme,
            "participant": FilterResolver._participant,
            "basis": FilterResolver._basis,
        }
        """The functions, not bound methods: those would hold the resolver in a cycle (and
        with it the base, see `tui.search.memo.weakly`)."""

    @property
    def kind_names(self) -> Mapping[str, str]:
        return self.tables.kind_names

    def forget(self) -> None:
        self._cache.clear()

    def _descendants(self, chosen: dict[str, Theme]) -> list[Theme]:
        """The narrower themes below the chosen ones."""
        lookup = self._narrower().get
        found = below(chosen, lambda theme_id: lookup(theme_id, ()))
        return [theme for theme in found if isinstance(theme, Theme)]

    def resolve(self, flt: Filter, live: bool = False, lang: str | None = None) -> Selection:
        """`live`: a kind still being typed ("kind:sig") stands for the kinds it begins;
        `lang`: the language the notes name entities in (their names' language)."""
        # the notes are in the interface language and name entities in the names' language:
        # one answer per pair
        key = (flt.key, flt.value, live and flt.key == "kind", language(), lang)
        if flt.key == "kind":
            return self._cache.get(key, lambda: self._kind(flt.value, live))
        return self._cache.get(key, lambda: self._resolvers[flt.key](self, flt.value, lang))

    def _kind(self, value: str, live: bool) -> Selection:
        key = folded_phrase(value)
        key = _PLURALS.get(key, key)
        kinds, kind_names, size = self.tables.kinds, self.tables.kind_names, self.size
        if key in kinds:
            return Selection(bits.from_ids(kinds[key], size))
        begun = [k for k in kinds if key and k.startswith(key)]
        if live and begun:
            docs = [doc for k in begun for doc in kinds[k]]
            return Selection(bits.from_ids(docs, size))
        others = sorted(kind_names[k] for k in kinds if k not in ENTITY_TYPES)
        shown = list_text(others[:20] + (["…"] if len(others) > 20 else []))
        import difflib  # here, not at every start

        hint = difflib.get_close_matches(key, list(kinds), n=1, cutoff=0.75)
        types = list_text(ENTITY_TYPES)  # what kind: takes, as typed: not translated
        if hint and shown:
            message = _(
                'unknown kind "{value}" (did you mean "{hint}"?); kinds are {types}, '
                "or a kind of event, place or participant: {kinds}"
            )
        elif hint:
            message = _('unknown kind "{value}" (did you mean "{hint}"?); kinds are {types}')
        elif shown:
            message = _(
                'unknown kind "{value}"; kinds are {types}, '
                "or a kind of event, place or participant: {kinds}"
            )
        else:
            message = _('unknown kind "{value}"; kinds are {types}')
        raise QueryError(
            message.format(
                value=value,
                hint=kind_names[hint[0]] if hint else "",
                types=types,
                kinds=shown,
            )
        )

    def _year(self, value: str, lang: str | None = None) -> Selection:
        first, last = year_range(value)
        docs: list[int] = []
        years = self.tables.years
        for year in range(first, last + 1):
            docs.extend(years.get(year, ()))
        return Selection(bits.from_ids(docs, self.size))

    def _basis(self, value: str, lang: str | None = None) -> Selection:
        """`stated`: no fact of the entity has a basis; else at least one has this one."""
        key = value.strip().lower()
        bases = self.tables.bases
        if key == "stated":
            marked = bits.union([bases.get(b, ()) for b in ("inferred", "background")], self.size)
            return Selection(
                ((1 << self.size) - 1) & ~marked,
                _("basis: stated (every fact stated by its sources)"),
            )
        note = {
            "inferred": _("basis: inferred (a fact read between the lines of its source)"),
            "background": _("basis: background (a fact from general knowledge)"),
        }
        return Selection(bits.from_ids(bases.get(key, ()), self.size), note.get(key, ""))

    def _theme(self, value: str, lang: str | None = None) -> Selection:
        themes = [t for t in self.named(value, "theme") if isinstance(t, Theme)]
        if not themes:
            return Selection(0, self._none_matches("theme", value))
        chosen: dict[str, Theme] = {}
        for theme in themes:
            chosen[theme.id] = theme
        narrower = self._descendants(chosen)
        everything = list(chosen.values()) + narrower
        tagged = self.tables.themes
        size = self.size
        selected = bits.from_ids(
            [doc for t in everything for doc in tagged.get(t.id, ())], size
        ) | bits.from_ids((self.doc_of(t.id) for t in everything), size)
        if narrower:
            note = ngettext(
                "theme: {themes} and the narrower theme {narrower}",
                "theme: {themes} and the narrower themes {narrower}",
                len(narrower),
            ).format(themes=_names(chosen.values(), lang), narrower=_names(narrower, lang))
        else:
            note = _("theme: {themes}").format(themes=_names(chosen.values(), lang))
        return Selection(selected, note, frozenset(t.id for t in everything))

    def _participant(self, value: str, lang: str | None = None) -> Selection:
        people = self.named(value, "participant")
        if not people:
            return Selection(0, self._none_matches("participant", value))
        took_part = self.tables.participants
        events = [doc for p in people for doc in took_part.get(p.id, ())]
        return Selection(
            bits.from_ids(events, self.size),
            _("participant: {participants}").format(participants=_names(people, lang)),
            frozenset(p.id for p in people),
        )

    def _none_matches(self, what: str, value: str) -> str:
        """'no theme matches …', with the closest name when there are few enough to compare
        (their names are gathered once: on a stored base each entity is decoded to read them,
        and a value being typed asks again at every keystroke)."""
        labels = self._labels.get(what, lambda: self._gather_labels(what))
        nothing = (
            _('no theme matches "{value}"')
            if what == "theme"
            else _('no participant matches "{value}"')
        ).format(value=value)
        if labels is None:
            return nothing
        import difflib  # here, not at every start

        hint = difflib.get_close_matches(folded_phrase(value), list(labels), n=1, cutoff=0.6)
        if not hint:
            return nothing
        return _('{nothing}; did you mean {key}:"{name}"?').format(
            nothing=nothing, key=what, name=labels[hint[0]]
        )

    def _gather_labels(self, what: str) -> dict[str, str] | None:
        entities: Sequence[AnyEntity] = (
            self.base.themes if what == "theme" else self.base.participants
        )
        if len(entities) > 2000:
            return None
        labels: dict[str, str] = {}
        for entity in entities:
            for text in name_fields(entity):
                # the spelling nearly typed (any language, an alias) is the one to offer:
                # it is what the reader will type again
                labels.setdefault(folded_phrase(text), text)
        return labels

    def reason(self, entity: AnyEntity, flt: Filter, lang: str | None) -> tuple[str, str]:
        """(field, text) that shows why a filter-only hit was selected."""
        if flt.key == "year":
            return "date", self._period_text(entity)
        if flt.key == "kind":
            kind = getattr(entity, "kind", "")  # in the reader's words (`kind:` takes the code)
            return "kind", term(kind) if kind else _(entity.entity_type)
        if flt.key == "basis":
            wanted = flt.value.strip().lower()
            where = [w for w, b in bases_in(entity) if b == wanted]
            said = term(wanted)  # the basis in the reader's words; the fields as written
            return "basis", (f"{said}: {list_text(where)}" if where else said)
        ids = self.resolve(flt).ids
        if flt.key == "theme":
            if isinstance(entity, Theme):
                return "theme", entity.label(lang)
            linked_ids: Iterable[str] = getattr(entity, "themes", ())
        else:
            linked_ids = (p.participant for p in getattr(entity, "participants", ()))
        names = [self.base.by_id[i].label(lang) for i in dict.fromkeys(linked_ids) if i in ids]
        return flt.key, list_text(names)

    def _period_text(self, entity: AnyEntity) -> str:
        """The date a year filter went by: an undated part's is its trip's, and says so."""
        period = period_of(self.base.get, entity) if isinstance(entity, Event) else None
        if period is None:
            return ""
        return period.text() + (f" ({_(period.dated_by())})" if period.inherited else "")


def _names(entities: Iterable[AnyEntity], lang: str | None = None, limit: int = 5) -> str:
    items = list(entities)
    shown = list_text(e.label(lang) for e in items[:limit])
    if len(items) <= limit:
        return shown
    more = len(items) - limit
    return ngettext("{names} and {count} more", "{names} and {count} more", more).format(
        names=shown, count=more
    )
