"""The fact-base schema, declared once.

The loader validates against these declarations and `facts schema` turns the very same
declarations into the JSON Schema that editors use, so the two can never drift apart.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from tui.i18n import N_
from tui.patterns import DATE_PATTERN as DATE_PATTERN
from tui.patterns import ID_PATTERN as ID_PATTERN
from tui.patterns import LANG_PATTERN as LANG_PATTERN

LANGUAGES: tuple[str, ...] = ("de", "en", "ja")
"""Languages the shipped data and the `--lang` option know; other codes are accepted as data."""


@dataclass(frozen=True)
class Type:
    """Base of the small type language the schema is written in."""


@dataclass(frozen=True)
class Str(Type):
    """Free text, one line or many."""


@dataclass(frozen=True)
class Number(Type):
    """An integer or a decimal number (booleans are not numbers here)."""


@dataclass(frozen=True)
class Bool(Type):
    """true or false."""


@dataclass(frozen=True)
class Date(Type):
    """A date with the precision the source gives: YYYY, YYYY-MM or YYYY-MM-DD."""


@dataclass(frozen=True)
class Lang(Type):
    """A two- or three-letter language code (de, en, ja, …)."""


@dataclass(frozen=True)
class Id(Type):
    """The entity's own id, unique across the whole base."""


@dataclass(frozen=True)
class Names(Type):
    """A text in several languages: a mapping like {de: …, en: …, ja: …}, or one plain string
    when the text is the same in every language (a person's name, say)."""


@dataclass(frozen=True)
class Ref(Type):
    """A reference by id to an entity of one of the named collections."""

    collections: tuple[str, ...]


@dataclass(frozen=True)
class Enum(Type):
    values: tuple[str, ...]
    hint: str = ""
    """Said after the list of values when a value is none of them and not close to one."""


@dataclass(frozen=True)
class ListOf(Type):
    item: Type
    non_empty: bool = False


@dataclass(frozen=True)
class FieldMap(Type):
    """A mapping from names of the enclosing entity's own fields to one `item` each.

    Which names it may hold is a rule of the enclosing record (`qualifiable_fields`), so the
    loader and the JSON Schema ask the record, not this type."""

    item: Record


@dataclass(frozen=True)
class Spec:
    """One field of a record."""

    name: str
    type: Type
    required: bool = False
    doc: str = ""


@dataclass(frozen=True)
class Needs:
    """Where `field` is given, `needs` must be given beside it (and `why` says so)."""

    field: str
    needs: str
    why: str


@dataclass(frozen=True)
class Record(Type):
    name: str
    fields: tuple[Spec, ...]
    doc: str = ""
    needs: tuple[Needs, ...] = ()
    spec_by_name: dict[str, Spec] = field(init=False, compare=False, repr=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "spec_by_name", {s.name: s for s in self.fields})


SOURCES_REF = ListOf(Ref(("sources",)))

_citable = Spec("sources", SOURCES_REF, doc="Ids of the sources that report this.")

BASES: tuple[str, ...] = ("inferred", "background")
"""How a fact rests on its sources when they do not state it in so many words: `inferred`
(read between the lines of the cited source) or `background` (general knowledge, from no
cited source).  No basis means the cited source states it."""

_BASIS_HINT = N_("leave 'basis' out for a fact its source states in so many words")

_basis = (
    Spec(
        "basis",
        Enum(BASES, hint=_BASIS_HINT),
        doc="inferred (read between the lines of the cited source) or background (general "
        "knowledge, from no cited source); leave it out when the source states the fact.",
    ),
    Spec(
        "basis_note",
        Names(),
        doc="Why: what in the source the inference rests on, or what the general knowledge is "
        "(de/en). Required with 'basis'.",
    ),
)
_basis_needs = (
    Needs(
        "basis",
        "basis_note",
        N_("a short reason (de/en) why the source does not state this in so many words"),
    ),
    Needs(
        "basis_note",
        "basis",
        N_(
            "add basis: inferred or background, or remove the note (without a basis the fact "
            "counts as stated by its source)"
        ),
    ),
)


def _qualified(name: str, fields: tuple[Spec, ...], doc: str) -> Record:
    """A fact that is an object of its own carries its basis as two fields of its own."""
    return Record(name, (*fields, *_basis), doc=doc, needs=_basis_needs)


STATEMENT = _qualified(
    "statement",
    (
        Spec("text", Names(), required=True, doc="The fact, in your own words."),
        Spec("date", Date(), doc="When it happened or held true."),
        _citable,
    ),
    "A fact about the entity that is neither an event nor a link (a goal, a move, a founding).",
)

FIELD_BASIS = Record(
    "field basis",
    (
        Spec("basis", Enum(BASES, hint=_BASIS_HINT), required=True, doc="inferred or background."),
        Spec("note", Names(), required=True, doc="Why (de/en)."),
    ),
    doc="The basis of one of the entity's own fields that its sources do not state in so many "
    "words.",
)


def _entity(name: str, doc: str, *own: Spec) -> Record:
    """Every entity but a source shares these fields; sources are what the others cite."""
    return Record(
        name,
        (
            Spec("id", Id(), required=True, doc="Unique across the whole base."),
            Spec("name", Names(), required=True, doc="Its name in de/en/ja as far as known."),
            *own,
            Spec("aliases", ListOf(Str()), doc="Other spellings and short forms, any language."),
            Spec("description", Names(), doc="A short description in your own words."),
            Spec("statements", ListOf(STATEMENT), doc="Further facts about it."),
            Spec(
                "sources",
                ListOf(Ref(("sources",)), non_empty=True),
                required=True,
                doc="Ids of the sources that report it.",
            ),
            Spec(
                "field_basis",
                FieldMap(FIELD_BASIS),
                doc="For each of its own fields (date, place, part_of, parent, seat, kind, "
                "country, …) that the sources do not state in so many words: the basis and "
                "why.",
            ),
        ),
        doc=doc,
    )


UNQUALIFIABLE: dict[str, str] = {
    "id": N_("the id is the base's own handle, not a fact"),
    "sources": N_("they say where the facts come from"),
    "field_basis": N_("it is the basis itself"),
}
"""Fields of an entity that `field_basis` cannot name, and why."""


def qualifiable_fields(record: Record) -> tuple[str, ...]:
    """The entity's own fields a `field_basis` may name: not the id, the sources or itself,
    nor a list of objects (participations, statements, …), whose entries carry their own."""
    return tuple(
        spec.name
        for spec in record.fields
        if spec.name not in UNQUALIFIABLE and not _object_list(spec.type)
    )


def _object_list(kind: Type) -> bool:
    return isinstance(kind, ListOf) and isinstance(kind.item, Record)


SOURCE = Record(
    "source",
    (
        Spec("id", Id(), required=True),
        Spec("title", Str(), required=True, doc="The document's title as published."),
        Spec("kind", Str(), doc="press release, news article, …"),
        Spec("publisher", Str(), doc="Who published it."),
        Spec("published", Date(), doc="Publication date."),
        Spec("url", Str(), doc="Where it can be read, if known."),
        Spec("language", Lang(), required=True, doc="Language of the document."),
        Spec("file", Str(), doc="Local copy of the document, if any."),
        Spec("note", Str(), doc="Anything a reader should know about the source itself."),
    ),
    doc="A document that facts are taken from.",
)

PLACE = _entity(
    "place",
    "A country, region, city, district or venue.",
    Spec("kind", Str(), required=True, doc="country, state, prefecture, city, district, venue, …"),
    Spec("part_of", Ref(("places",)), doc="The larger place it lies in."),
)

OFFICE = _qualified(
    "office",
    (
        Spec("title", Names(), required=True, doc="The title of the office."),
        Spec("organisation", Ref(("participants",)), doc="The body the office belongs to."),
        Spec("start", Date()),
        Spec("end", Date()),
        _citable,
    ),
    "A title or office a person holds.",
)

PARTICIPANT = _entity(
    "participant",
    "A person, an organisation or a government body (city, prefecture, state, country).",
    Spec(
        "kind",
        Enum(("person", "organisation", "government")),
        required=True,
        doc="person, organisation or government.",
    ),
    Spec("type", Str(), doc="A finer kind: company, university hospital, city, ministry, …"),
    Spec("country", Ref(("places",)), doc="The country it belongs to."),
    Spec("seat", Ref(("places",)), doc="Where it is based."),
    Spec("parent", Ref(("participants",)), doc="The organisation it belongs to."),
    Spec("offices", ListOf(OFFICE), doc="Titles and offices of a person."),
    Spec("affiliations", ListOf(Ref(("participants",))), doc="Bodies it is a member of."),
    Spec("founded", Date()),
)

THEME = _entity(
    "theme",
    "A field of cooperation.",
    Spec("broader", Ref(("themes",)), doc="The broader theme this one belongs to."),
)

PARTICIPATION = _qualified(
    "participation",
    (
        Spec("participant", Ref(("participants",)), required=True),
        Spec("role", Str(), required=True, doc="host, signatory, guest, speaker, organiser, …"),
        Spec("note", Names(), doc="What this participant did there."),
        _citable,
    ),
    "Who took part in an event, and as what.",
)

FIGURE = _qualified(
    "figure",
    (
        Spec("label", Names(), required=True, doc="What is counted."),
        Spec("value", Number(), required=True),
        Spec("unit", Str(), doc="guests, litres, …"),
        Spec("approximate", Bool(), doc="true when the source says about/rund."),
        _citable,
    ),
    "A key figure of an event.",
)

OUTCOME = _qualified(
    "outcome",
    (
        Spec("text", Names(), required=True),
        _citable,
    ),
    "What an event led to or agreed.",
)

EVENT = _entity(
    "event",
    "Something that happened: a trip, a signing, a visit, a reception, …",
    Spec(
        "kind",
        Str(),
        required=True,
        doc="delegation-trip, signing, visit, reception, symposium, anniversary, conference, …",
    ),
    Spec("date", Date(), doc="The day, month or year it took place (or use start/end)."),
    Spec("start", Date()),
    Spec("end", Date()),
    Spec("place", Ref(("places",)), doc="Where it took place."),
    Spec(
        "part_of",
        Ref(("events",)),
        doc="The larger event it is part of (a trip holds its visits).",
    ),
    Spec("participants", ListOf(PARTICIPATION)),
    Spec("themes", ListOf(Ref(("themes",)))),
    Spec("figures", ListOf(FIGURE)),
    Spec("outcomes", ListOf(OUTCOME)),
)

COLLECTIONS: dict[str, Record] = {
    "sources": SOURCE,
    "places": PLACE,
    "participants": PARTICIPANT,
    "themes": THEME,
    "events": EVENT,
}
"""The top-level keys of a fact file, in the order the export writes them."""

KIND_OF_COLLECTION: dict[str, str] = {
    "sources": "source",
    "places": "place",
    "participants": "participant",
    "themes": "theme",
    "events": "event",
}

PARENT_FIELD: dict[str, str] = {
    "events": "part_of",
    "places": "part_of",
    "themes": "broader",
    "participants": "parent",
}
"""Fields that form a hierarchy inside their own collection and so must not form a cycle."""
