"""A fact's basis: stated (no mark), inferred or background — in the files, the model and
the JSON export, and the loader's answers when it is written wrong."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from test_loader import problems, write

from tui.cli import main
from tui.load import load
from tui.model import Event, FactBase, FieldBasis, Names, Place
from tui.schema import COLLECTIONS, qualifiable_fields

SOURCES = """\
sources:
  - id: src
    title: Pressemitteilung
    language: de
"""

GOOD = (
    SOURCES
    + """\
places:
  - id: fukushima
    name: Fukushima
    kind: prefecture
    sources: [src]
  - id: koriyama
    name: Koriyama
    kind: city
    part_of: fukushima
    field_basis:
      part_of:
        basis: background
        note: {de: Allgemeinwissen., en: General knowledge.}
    sources: [src]
participants:
  - id: kufen
    name: Thomas Kufen
    kind: person
    offices:
      - title: Oberbürgermeister
        basis: inferred
        basis_note: {de: Aus dem Zusammenhang., en: From the context.}
    sources: [src]
events:
  - id: trip
    name: Reise
    kind: delegation-trip
    date: "2025"
    place: koriyama
    field_basis:
      date:
        basis: inferred
        note:
          de: Der Bericht nennt kein Datum.
          en: The report gives no date.
    participants:
      - participant: kufen
        role: delegation-member
      - participant: kufen
        role: guest
        basis: inferred
        basis_note: {de: Aus dem Foto., en: From the photo.}
    statements:
      - text: Besonders spannend.
        basis: inferred
        basis_note: Der Artikel deutet es an.
    figures:
      - label: Gäste
        value: 700
        basis: background
        basis_note: {de: Allgemein bekannt., en: Commonly known.}
    outcomes:
      - text: Vereinbarung
        basis: inferred
        basis_note: {de: Grund., en: Reason.}
    sources: [src]
"""
)


def good_base(tmp_path: Path) -> FactBase:
    result = load(write(tmp_path, **{"all.yaml": GOOD}))
    assert result.problems == ()
    assert result.base is not None
    return result.base


# -- the model ------------------------------------------------------------------------------


def test_a_basis_is_read_onto_the_object_and_the_field(tmp_path: Path) -> None:
    base = good_base(tmp_path)
    trip = base.get("trip")
    assert isinstance(trip, Event)
    stated, inferred = trip.participants
    assert (stated.basis, stated.basis_note) == ("", Names())
    assert inferred.basis == "inferred"
    assert inferred.basis_note.get("en") == "From the photo."
    assert trip.statements[0].basis == "inferred"
    assert trip.figures[0].basis == "background" and trip.outcomes[0].basis == "inferred"
    assert trip.basis_of("date") == FieldBasis(
        "inferred",
        Names((("de", "Der Bericht nennt kein Datum."), ("en", "The report gives no date."))),
    )
    assert trip.basis_of("place") is None  # no mark: the source states it
    koriyama = base.get("koriyama")
    assert isinstance(koriyama, Place)
    assert [(name, b.basis) for name, b in koriyama.field_basis] == [("part_of", "background")]
    assert base.get("kufen").offices[0].basis == "inferred"  # type: ignore[union-attr]


def test_which_fields_a_field_basis_may_name() -> None:
    assert qualifiable_fields(COLLECTIONS["events"]) == (
        "name",
        "kind",
        "date",
        "start",
        "end",
        "place",
        "part_of",
        "themes",
        "aliases",
        "description",
    )
    assert qualifiable_fields(COLLECTIONS["participants"]) == (
        "name",
        "kind",
        "type",
        "country",
        "seat",
        "parent",
        "affiliations",
        "founded",
        "aliases",
        "description",
    )
    assert qualifiable_fields(COLLECTIONS["places"]) == (
        "name",
        "kind",
        "part_of",
        "aliases",
        "description",
    )
    assert "field_basis" not in COLLECTIONS["sources"].spec_by_name


# -- the JSON export ----------------------------------------------------------------------


def test_the_export_carries_the_basis_exactly_so(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    write(tmp_path, **{"all.yaml": GOOD})
    assert main(["export", "--facts", str(tmp_path)]) == 0
    data = json.loads(capsys.readouterr().out)
    trip = next(e for e in data["events"] if e["id"] == "trip")
    assert trip["field_basis"] == {
        "date": {
            "basis": "inferred",
            "note": {"de": "Der Bericht nennt kein Datum.", "en": "The report gives no date."},
        }
    }
    stated, inferred = trip["participants"]
    assert "basis" not in stated and "basis_note" not in stated
    assert stated == {
        "participant": {
            "id": "kufen",
            "entity": "participant",
            "kind": "person",
            "name": "Thomas Kufen",
        },
        "role": "delegation-member",
    }
    assert (inferred["basis"], inferred["basis_note"]) == (
        "inferred",
        {"de": "Aus dem Foto.", "en": "From the photo."},
    )
    assert trip["statements"] == [
        {
            "text": {"*": "Besonders spannend."},
            "basis": "inferred",
            "basis_note": {"*": "Der Artikel deutet es an."},
        }
    ]
    assert trip["figures"][0]["basis"] == "background"
    assert trip["outcomes"][0]["basis_note"] == {"de": "Grund.", "en": "Reason."}
    kufen = next(p for p in data["participants"] if p["id"] == "kufen")
    assert kufen["offices"][0]["basis"] == "inferred"
    assert "field_basis" not in kufen
    koriyama = next(p for p in data["places"] if p["id"] == "koriyama")
    assert koriyama["field_basis"] == {
        "part_of": {
            "basis": "background",
            "note": {"de": "Allgemeinwissen.", "en": "General knowledge."},
        }
    }
    fukushima = next(p for p in data["places"] if p["id"] == "fukushima")
    assert "field_basis" not in fukushima


def test_show_json_is_the_export_of_one_entity(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    write(tmp_path, **{"all.yaml": GOOD})
    assert main(["show", "koriyama", "--json", "--facts", str(tmp_path)]) == 0
    shown = json.loads(capsys.readouterr().out)
    assert shown["field_basis"]["part_of"]["basis"] == "background"


# -- the loader's answers -----------------------------------------------------------------


def test_an_unknown_basis_gets_a_suggestion_or_the_rule(tmp_path: Path) -> None:
    write(
        tmp_path,
        **{
            "sources.yaml": SOURCES,
            "e.yaml": """\
    events:
      - id: trip
        name: Reise
        kind: trip
        statements:
          - text: Eins
            basis: infered
            basis_note: Grund
          - text: Zwei
            basis: stated
            basis_note: Grund
        field_basis:
          kind: {basis: backround, note: Grund}
        sources: [src]
    """,
        },
    )
    assert problems(tmp_path) == [
        "e.yaml:7:16: 'basis' must be one of inferred, background, not 'infered';"
        " did you mean 'inferred'?",
        "e.yaml:10:16: 'basis' must be one of inferred, background, not 'stated'"
        " (leave 'basis' out for a fact its source states in so many words)",
        "e.yaml:13:21: 'basis' must be one of inferred, background, not 'backround';"
        " did you mean 'background'?",
    ]


def test_a_basis_needs_its_reason_and_a_reason_its_basis(tmp_path: Path) -> None:
    write(
        tmp_path,
        **{
            "sources.yaml": SOURCES,
            "e.yaml": """\
    participants:
      - id: kufen
        name: Kufen
        kind: person
        offices:
          - title: OB
            basis: inferred
        sources: [src]
    events:
      - id: trip
        name: Reise
        kind: trip
        participants:
          - participant: kufen
            role: guest
            basis_note: {de: Grund, en: Reason}
        outcomes:
          - text: Vereinbarung
            basis: background
            basis_note: ""
        field_basis:
          kind: {basis: inferred}
          name: {note: Grund}
        sources: [src]
    """,
        },
    )
    assert problems(tmp_path) == [
        "e.yaml:7:9: 'basis' needs 'basis_note' beside it: a short reason (de/en) why the"
        " source does not state this in so many words",
        "e.yaml:16:9: 'basis_note' needs 'basis' beside it: add basis: inferred or"
        " background, or remove the note (without a basis the fact counts as stated by its"
        " source)",
        "e.yaml:20:21: 'basis_note' must not be empty",
        "e.yaml:22:13: missing required field 'note' in field basis",
        "e.yaml:23:13: missing required field 'basis' in field basis",
    ]


def test_a_field_basis_names_a_field_the_entity_has_and_has_set(tmp_path: Path) -> None:
    write(
        tmp_path,
        **{
            "sources.yaml": SOURCES,
            "e.yaml": """\
    places:
      - id: essen
        name: Essen
        kind: city
        field_basis:
          part_of: {basis: background, note: Allgemeinwissen}
          parent: {basis: background, note: Allgemeinwissen}
          partof: {basis: background, note: Allgemeinwissen}
        sources: [src]
    events:
      - id: trip
        name: Reise
        kind: trip
        themes: []
        field_basis:
          id: {basis: inferred, note: Grund}
          sources: {basis: inferred, note: Grund}
          participants: {basis: inferred, note: Grund}
          themes: {basis: inferred, note: Grund}
          7: {basis: inferred, note: Grund}
        sources: [src]
    participants:
      - id: kufen
        name: Kufen
        kind: person
        field_basis: [country]
        sources: [src]
    """,
        },
    )
    assert problems(tmp_path) == [
        "e.yaml:6:7: field_basis names 'part_of', but this place has no 'part_of'",
        "e.yaml:7:7: field_basis names 'parent', which is not a field of a place;"
        " did you mean 'part_of'?",
        "e.yaml:8:7: field_basis names 'partof', which is not a field of a place;"
        " did you mean 'part_of'?",
        "e.yaml:16:7: field_basis cannot name 'id': the id is the base's own handle, not a fact",
        "e.yaml:17:7: field_basis cannot name 'sources': they say where the facts come from",
        "e.yaml:18:7: field_basis cannot name 'participants': give each entry of"
        " 'participants' its own 'basis' and 'basis_note'",
        "e.yaml:19:7: field_basis names 'themes', but this event has no 'themes'",
        "e.yaml:20:7: field_basis names '7', which is not a field of an event",
        "e.yaml:26:18: 'field_basis' must be a mapping from the entity's field names to their"
        " basis and note, not a list",
    ]


def test_sources_carry_no_basis(tmp_path: Path) -> None:
    write(tmp_path, **{"s.yaml": SOURCES + "    basis: inferred\n"})
    assert problems(tmp_path) == [
        "s.yaml:5:5: unknown field 'basis' in source",
    ]


def test_the_json_schema_says_the_same(tmp_path: Path) -> None:
    """Editors get the basis rules from facts/schema.json as well."""
    from tui.jsonschema import json_schema

    defs = json_schema()["$defs"]
    assert defs["participation"]["properties"]["basis"]["enum"] == ["inferred", "background"]
    assert defs["participation"]["dependentRequired"] == {
        "basis": ["basis_note"],
        "basis_note": ["basis"],
    }
    assert defs["event"]["properties"]["field_basis"]["propertyNames"]["enum"] == list(
        qualifiable_fields(COLLECTIONS["events"])
    )
    assert defs["field_basis"]["required"] == ["basis", "note"]


# -- the shipped base -----------------------------------------------------------------------


def _marked(base: FactBase) -> set[tuple[str, str]]:
    """(`id › field` or `id › list › entry`, basis) for every fact of the base with a basis."""
    marks: set[tuple[str, str]] = set()
    for entity in base:
        for name, basis in getattr(entity, "field_basis", ()):
            marks.add((f"{entity.id} › {name}", basis.basis))
        for collection in ("participants", "statements", "offices", "figures", "outcomes"):
            for number, item in enumerate(getattr(entity, collection, ()) or (), start=1):
                if item.basis:
                    entry = getattr(item, "participant", None) or str(number)
                    marks.add((f"{entity.id} › {collection} › {entry}", item.basis))
    return marks


def _listed(coverage: str) -> set[tuple[str, str]]:
    """The same pairs as facts/COVERAGE.md lists them under 'Facts the sources do not state'."""
    section = coverage.split("## Facts the sources do not state", 1)[1].split("\n## ", 1)[0]
    listed: set[tuple[str, str]] = set()
    basis = ""
    for line in section.splitlines():
        if line.startswith("### "):
            basis = line.removeprefix("### ").split()[0].lower()
        elif line.startswith("- `"):
            listed.add((line[3 : line.index("`", 3)], basis))
    return listed


def test_coverage_lists_every_fact_with_a_basis_and_no_other(
    shipped_base: FactBase, shipped_path: Path
) -> None:
    """facts/COVERAGE.md is the reader's check of the base: its list of inferred and
    background facts is exactly what the YAML marks."""
    coverage = (shipped_path / "COVERAGE.md").read_text(encoding="utf-8")
    assert _listed(coverage) == _marked(shipped_base)


def test_the_shipped_base_states_no_month_it_does_not_give(shipped_base: FactBase) -> None:
    """Only the evening of 16 June 2025 is dated in the Düsseldorf article: no event or
    statement of it holds a month (issue 15, case D)."""
    article = "duesseldorf-evening-article-2025"
    months = sorted(
        (entity.id, date.iso())
        for entity in shipped_base.events
        if article in entity.sources
        for date in (entity.date, entity.start, entity.end)
        if date is not None and date.month is not None
    )
    assert months == [
        ("duesseldorf-evening-tokyo-2025", "2025-06-16"),
        ("ric-opening-2023", "2023-09"),
    ]
    statement_dates = {
        statement.date.iso()
        for entity in shipped_base
        for statement in entity.statements
        if article in (statement.sources or entity.sources) and statement.date is not None
    }
    assert statement_dates == {"2021"}
    trip = shipped_base.get("duesseldorf-japan-trip-2025")
    assert isinstance(trip, Event)
    assert trip.date is not None and trip.date.iso() == "2025"
    basis = trip.basis_of("date")
    assert basis is not None and basis.basis == "inferred"
