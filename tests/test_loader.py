"""The loader's answers to broken fact files: every problem, each at its exact position."""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest

from tui.load import load

GOOD_SOURCES = """\
sources:
  - id: src
    title: Pressemitteilung
    language: de
"""


def write(folder: Path, **files: str) -> Path:
    for name, text in files.items():
        (folder / name).write_text(textwrap.dedent(text), encoding="utf-8")
    return folder


def problems(folder: Path) -> list[str]:
    result = load(folder)
    root = str(folder) + "/"
    return [str(p).replace(root, "") for p in result.problems]


def test_valid_files_load(tmp_path: Path) -> None:
    write(
        tmp_path,
        **{
            "sources.yaml": GOOD_SOURCES,
            "events.yaml": """\
            events:
              - id: signing
                name: {de: Unterzeichnung, en: Signing, ja: 調印}
                kind: signing
                date: 2017-12-01
                sources: [src]
            """,
            "empty.yaml": "",
        },
    )
    result = load(tmp_path)
    assert result.problems == ()
    assert result.base is not None
    event = result.base.get("signing")
    assert event.date.iso() == "2017-12-01"  # type: ignore[union-attr]
    assert event.name.get("ja") == "調印"  # type: ignore[union-attr]
    assert [f.name for f in result.files] == ["empty.yaml", "events.yaml", "sources.yaml"]


def test_one_file_can_hold_every_collection(tmp_path: Path) -> None:
    path = tmp_path / "all.yml"
    path.write_text(
        GOOD_SOURCES + "themes:\n  - id: energy\n    name: Energy\n    sources: [src]\n",
        encoding="utf-8",
    )
    result = load(path)
    assert result.problems == ()
    assert result.base is not None and result.base.get("energy") is not None


def test_yaml_syntax_error(tmp_path: Path) -> None:
    write(tmp_path, **{"a.yaml": "events:\n  - id: x\n    name: [unclosed\n"})
    assert problems(tmp_path) == ["a.yaml:4:1: YAML syntax error: did not find expected ',' or ']'"]


def test_unknown_field_suggests_the_nearest(tmp_path: Path) -> None:
    write(
        tmp_path,
        **{
            "sources.yaml": GOOD_SOURCES,
            "e.yaml": """\
            events:
              - id: trip
                name: Trip
                kind: delegation-trip
                dat: "2017"
                partcipants: []
                colour: red
                sources: [src]
            """,
        },
    )
    assert problems(tmp_path) == [
        "e.yaml:5:5: unknown field 'dat' in event; did you mean 'date'?",
        "e.yaml:6:5: unknown field 'partcipants' in event; did you mean 'participants'?",
        "e.yaml:7:5: unknown field 'colour' in event",
    ]


def test_missing_required_fields_and_wrong_types(tmp_path: Path) -> None:
    write(
        tmp_path,
        **{
            "sources.yaml": GOOD_SOURCES,
            "p.yaml": """\
            participants:
              - id: kufen
                kind: person
                sources: [src]
              - id: essen
                name: Essen
                kind: city
                aliases: Stadt Essen
                sources: src
              - name: Nameless
                kind: person
                sources: [src]
              - just a string
            """,
        },
    )
    assert problems(tmp_path) == [
        "p.yaml:2:5: missing required field 'name' in participant 'kufen'",
        "p.yaml:7:11: 'kind' must be one of person, organisation, government, not 'city'",
        "p.yaml:8:14: 'aliases' must be a list, not the text 'Stadt Essen'",
        "p.yaml:9:14: 'sources' must be a list, not the text 'src'",
        "p.yaml:10:5: missing required field 'id' in participant",
        "p.yaml:13:5: a participant must be a mapping of fields, not the text 'just a string'",
    ]


def test_enum_typo_gets_a_suggestion(tmp_path: Path) -> None:
    write(
        tmp_path,
        **{
            "sources.yaml": GOOD_SOURCES,
            "p.yaml": "participants:\n  - id: a\n    name: A\n    kind: persn\n"
            "    sources: [src]\n",
        },
    )
    assert problems(tmp_path) == [
        "p.yaml:4:11: 'kind' must be one of person, organisation, government, not 'persn';"
        " did you mean 'person'?"
    ]


def test_duplicate_ids_across_files_name_the_first(tmp_path: Path) -> None:
    write(
        tmp_path,
        **{
            "sources.yaml": GOOD_SOURCES,
            "themes.yaml": "themes:\n  - id: energy\n    name: Energy\n    sources: [src]\n",
            "places.yaml": "places:\n  - id: energy\n    name: Energy\n    kind: city\n"
            "    sources: [src]\n",
        },
    )
    assert problems(tmp_path) == [
        "themes.yaml:2:9: duplicate id 'energy' (first defined at places.yaml:2:9)"
    ]


def test_references_to_unknown_or_wrong_ids(tmp_path: Path) -> None:
    write(
        tmp_path,
        **{
            "sources.yaml": GOOD_SOURCES,
            "all.yaml": """\
            places:
              - id: essen
                name: Essen
                kind: city
                sources: [src]
            participants:
              - id: thomas-kufen
                name: Thomas Kufen
                kind: person
                sources: [src]
            events:
              - id: trip
                name: Trip
                kind: delegation-trip
                place: esen
                participants:
                  - participant: thomas-kufn
                    role: delegation lead
                  - participant: essen
                    role: host
                sources: [src, press]
            """,
        },
    )
    assert problems(tmp_path) == [
        "all.yaml:15:12: unknown place 'esen'; did you mean 'essen'?",
        "all.yaml:17:22: unknown participant 'thomas-kufn'; did you mean 'thomas-kufen'?",
        "all.yaml:19:22: 'essen' is a place, not a participant",
        "all.yaml:21:20: unknown source 'press'",
    ]


def test_cycles_in_hierarchies(tmp_path: Path) -> None:
    write(
        tmp_path,
        **{
            "sources.yaml": GOOD_SOURCES,
            "t.yaml": """\
            themes:
              - id: energy
                name: Energy
                broader: hydrogen
                sources: [src]
              - id: hydrogen
                name: Hydrogen
                broader: energy
                sources: [src]
              - id: self
                name: Self
                broader: self
                sources: [src]
            """,
        },
    )
    assert problems(tmp_path) == [
        "t.yaml:4:14: cycle in 'broader': energy → hydrogen → energy",
        "t.yaml:12:14: cycle in 'broader': self → self",
    ]


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ('"2017-13-01"', "invalid date '2017-13-01': there is no month 13"),
        ('"2025-02-29"', "invalid date '2025-02-29': February 2025 has 28 days"),
        (
            '"1.12.2017"',
            "'date' must be a date like 2017, 2017-12 or 2017-12-01, not the text '1.12.2017'",
        ),
        (
            "yesterday",
            "'date' must be a date like 2017, 2017-12 or 2017-12-01, not the text 'yesterday'",
        ),
    ],
)
def test_invalid_dates(tmp_path: Path, value: str, message: str) -> None:
    write(
        tmp_path,
        **{
            "sources.yaml": GOOD_SOURCES,
            "e.yaml": f"events:\n  - id: e\n    name: E\n    kind: visit\n    date: {value}\n"
            "    sources: [src]\n",
        },
    )
    assert problems(tmp_path) == [f"e.yaml:5:11: {message}"]


def test_a_bare_year_is_a_date(tmp_path: Path) -> None:
    write(
        tmp_path,
        **{
            "sources.yaml": GOOD_SOURCES,
            "e.yaml": "events:\n  - id: e\n    name: E\n    kind: conference\n    date: 2026\n"
            "    sources: [src]\n",
        },
    )
    result = load(tmp_path)
    assert result.base is not None
    assert result.base.events[0].date_text() == "2026"


def test_spans_must_run_forward_and_not_mix_with_date(tmp_path: Path) -> None:
    write(
        tmp_path,
        **{
            "sources.yaml": GOOD_SOURCES,
            "e.yaml": """\
            events:
              - id: a
                name: A
                kind: visit
                start: "2017-12-03"
                end: "2017-11-29"
                sources: [src]
              - id: b
                name: B
                kind: visit
                date: "2017"
                start: "2017"
                sources: [src]
            """,
        },
    )
    assert problems(tmp_path) == [
        "e.yaml:6:10: 'end' (2017-11-29) is before 'start' (2017-12-03)",
        "e.yaml:8:5: give either 'date' or 'start'/'end', not both",
    ]


def test_names_need_language_codes(tmp_path: Path) -> None:
    write(
        tmp_path,
        **{
            "sources.yaml": GOOD_SOURCES,
            "t.yaml": "themes:\n  - id: t\n    name: {English: Energy, de: ''}\n"
            "    sources: [src]\n",
        },
    )
    assert problems(tmp_path) == [
        "t.yaml:3:12: 'English' in 'name' is not a language code (use de, en, ja, …)",
        "t.yaml:3:33: 'name.de' must be text, not the text ''",
    ]


def test_file_level_shape(tmp_path: Path) -> None:
    write(
        tmp_path,
        **{
            "a.yaml": "- id: x\n",
            "b.yaml": "event:\n  - id: x\n",
            "c.yaml": "events: {id: x}\n",
        },
    )
    assert problems(tmp_path) == [
        "a.yaml:1:1: a fact file must be a mapping of collections "
        "(sources, places, participants, themes, events), not a list",
        "b.yaml:1:1: unknown collection 'event'; did you mean 'events'?",
        "c.yaml:1:9: 'events' must be a list of entries, not a mapping",
    ]


def test_every_problem_in_every_file_in_one_run(tmp_path: Path) -> None:
    write(
        tmp_path,
        **{
            "a.yaml": "themes:\n  - id: t\n    name: T\n",
            "b.yaml": "places: [\n",
            "c.yaml": "sources:\n  - id: s\n    title: S\n",
        },
    )
    assert problems(tmp_path) == [
        "a.yaml:2:5: missing required field 'sources' in theme 't'",
        "b.yaml:2:1: YAML syntax error: did not find expected node content",
        "c.yaml:2:5: missing required field 'language' in source 's'",
    ]


def test_duplicate_mapping_keys_are_reported(tmp_path: Path) -> None:
    write(
        tmp_path,
        **{
            "sources.yaml": GOOD_SOURCES,
            "t.yaml": "themes:\n  - id: t\n    name: T\n    name: U\n    sources: [src]\n",
        },
    )
    assert problems(tmp_path) == [
        "t.yaml:4:5: duplicate key 'name' (first at line 3, column 5); only one may stay"
    ]


def test_python_tags_are_refused(tmp_path: Path) -> None:
    write(tmp_path, **{"x.yaml": "themes: !!python/object/apply:os.system ['echo pwned']\n"})
    assert problems(tmp_path) == [
        "x.yaml:1:9: tag '!!python/object/apply:os.system' is not allowed: "
        "fact files hold plain data only"
    ]


def test_missing_path_and_empty_folder(tmp_path: Path) -> None:
    assert [str(p) for p in load(tmp_path / "nope").problems] == [
        f"{tmp_path}/nope:1:1: no such file or folder"
    ]
    assert [str(p) for p in load(tmp_path).problems] == [
        f"{tmp_path}:1:1: no fact files (*.yaml, *.yml) in this folder"
    ]
