"""The fact-base schema, declared once.

The loader validates against these declarations and `facts schema` turns the very same
declarations into the JSON Schema that editors use, so the two can never drift apart.
"""

from __future__ import annotations

from dataclasses import dataclass, field

LANGUAGES: tuple[str, ...] = ("de", "en", "ja")
"""Languages the shipped data and the `--lang` option know; other codes are accepted as data."""

ID_PATTERN = r"^[a-z0-9][a-z0-9._-]*$"
DATE_PATTERN = r"^[0-9]{4}(-[0-9]{2}(-[0-9]{2})?)?$"
LANG_PATTERN = r"^[a-z]{2,3}$"


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


@dataclass(frozen=True)
class ListOf(Type):
    item: Type
    non_empty: bool = False


@dataclass(frozen=True)
class Spec:
    """One field of a record."""

    name: str
    type: Type
    required: bool = False
    doc: str = ""


@dataclass(frozen=True)
class Record(Type):
    name: str
    fields: tuple[Spec, ...]
    doc: str = ""
    spec_by_name: dict[str, Spec] = field(init=False, compare=False, repr=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "spec_by_name", {s.name: s for s in self.fields})


SOURCES_REF = ListOf(Ref(("sources",)))

_citable = Spec("sources", SOURCES_REF, doc="Ids of the sources that report this.")

STATEMENT = Record(
    "statement",
    (
        Spec("text", Names(), required=True, doc="The fact, in your own words."),
        Spec("date", Date(), doc="When it happened or held true."),
        _citable,
    ),
    doc="A fact about the entity that is neither an event nor a link (a goal, a move, a founding).",
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
        ),
        doc=doc,
    )


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

OFFICE = Record(
    "office",
    (
        Spec("title", Names(), required=True, doc="The title of the office."),
        Spec("organisation", Ref(("participants",)), doc="The body the office belongs to."),
        Spec("start", Date()),
        Spec("end", Date()),
        _citable,
    ),
    doc="A title or office a person holds.",
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

PARTICIPATION = Record(
    "participation",
    (
        Spec("participant", Ref(("participants",)), required=True),
        Spec("role", Str(), required=True, doc="host, signatory, guest, speaker, organiser, …"),
        Spec("note", Names(), doc="What this participant did there."),
        _citable,
    ),
    doc="Who took part in an event, and as what.",
)

FIGURE = Record(
    "figure",
    (
        Spec("label", Names(), required=True, doc="What is counted."),
        Spec("value", Number(), required=True),
        Spec("unit", Str(), doc="guests, litres, …"),
        Spec("approximate", Bool(), doc="true when the source says about/rund."),
        _citable,
    ),
    doc="A key figure of an event.",
)

OUTCOME = Record(
    "outcome",
    (
        Spec("text", Names(), required=True),
        _citable,
    ),
    doc="What an event led to or agreed.",
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
