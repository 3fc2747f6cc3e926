"""`facts audit`: every inferred and background fact with its reason, by the source that cites
it, and the facts that rest on a single source — as text and as JSON."""

from __future__ import annotations

import contextlib
import io
import json
import re
from pathlib import Path
from typing import Any

import pytest
from test_loader import write

from tui.cli import main

BASE = """\
sources:
  - id: release
    title: Pressemitteilung
    language: de
  - id: article
    title: Artikel
    language: de
places:
  - id: fukushima
    name: Fukushima
    kind: prefecture
    sources: [release]
  - id: koriyama
    name: Koriyama
    kind: city
    part_of: fukushima
    field_basis:
      part_of:
        basis: background
        note: {de: Allgemeinwissen., en: General knowledge.}
    sources: [release]
participants:
  - id: kufen
    name: Thomas Kufen
    kind: person
    sources: [release, article]
  - id: sata
    name: Yutaka Sata
    kind: person
    sources: [article]
events:
  - id: trip
    name: Trip
    kind: delegation-trip
    date: "2025"
    place: koriyama
    field_basis:
      date:
        basis: inferred
        note: {de: Kein Datum genannt., en: The report gives no date.}
    participants:
      - participant: kufen
        role: delegation-lead
        basis: inferred
        basis_note:
          de: Aus dem Zusammenhang.
          en: The release says he travelled with council members, not that he led.
      - participant: sata
        role: host
        sources: [article]
    sources: [release, article]
"""
"""15 facts: Fukushima's name and kind, Koriyama's name, kind and part_of (background), both
people's name and kind, the trip's name, kind, date (inferred) and place, and its two
participations (Kufen's inferred; Sata's cited by the article alone)."""

HEAD = [
    "Audit",
    "the whole fact base · 2 sources",
    "15 facts: 12 stated, 2 inferred, 1 background; 8 rest on a single source.",
    "",
    "A fact: each field of an event, participant, place or theme that field_basis may name "
    "(its id,",
    "sources and lists aside), where set, cited by the entity's sources; and each participation,",
    "statement, office, figure and outcome, cited by its own sources, else the entity's.",
    "",
]
ARTICLE = [
    "Artikel",
    "article · cited by 10 facts; 3 rest on it alone",
    "",
    "Inferred (2)",
    "read between the lines of the cited source; each: where it is written, what it says — why",
    "",
    "Trip · event · trip",
    "├── date  2025 — The report gives no date.",
    "└── participants[0]  Thomas Kufen (delegation lead) — The release says he travelled with "
    "council",
    "    members, not that he led.",
    "",
    "On this source alone (3)",
    "•  Yutaka Sata: name, kind",
    "•  Trip: 1 participation",
]


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(["audit", *args])
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture
def base(tmp_path: Path) -> Path:
    return write(tmp_path, **{"all.yaml": BASE})


def test_the_page_lists_by_source_with_reasons(
    base: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, err = run(capsys, "--facts", str(base), "--width", "100")
    assert (code, err) == (0, "")
    assert out.splitlines() == [
        *HEAD,
        "Pressemitteilung",
        "release · cited by 12 facts; 5 rest on it alone",
        "",
        "Inferred (2)",
        "read between the lines of the cited source; each: where it is written, what it says — why",
        "",
        "Trip · event · trip",
        "├── date  2025 — The report gives no date.",
        "└── participants[0]  Thomas Kufen (delegation lead) — The release says he travelled with "
        "council",
        "    members, not that he led.",
        "",
        "Background (1)",
        "general knowledge that no cited source gives; each: where it is written, what it says — "
        "why",
        "",
        "Koriyama · place · koriyama",
        "└── part_of  Fukushima — General knowledge.",
        "",
        "On this source alone (5)",
        "•  Fukushima: name, kind",
        "•  Koriyama: name, kind, part_of",
        "",
        *ARTICLE,
    ]


def test_one_source_and_another_language(base: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "--facts", str(base), "--width", "100", "--source", "article")
    assert code == 0
    assert out.splitlines() == [HEAD[0], "source article · 2 sources", *HEAD[2:], *ARTICLE]
    code, out, _ = run(
        capsys, "--facts", str(base), "--width", "100", "--source", "article", "--lang", "de"
    )
    assert code == 0
    assert "├── date  2025 — Kein Datum genannt." in out.splitlines()
    assert "└── participants[0]  Thomas Kufen (delegation lead) — Aus dem Zusammenhang." in (
        out.splitlines()
    )


def test_a_wrong_source_is_refused(base: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert run(capsys, "--facts", str(base), "--source", "artikel") == (
        1,
        "",
        "facts audit: unknown id 'artikel'; did you mean: article?\n",
    )
    assert run(capsys, "--facts", str(base), "--source", "koriyama") == (
        1,
        "",
        "facts audit: --source koriyama is a place, not a source\n",
    )


def test_json(base: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "--facts", str(base), "--json", "--source", "article")
    assert code == 0
    data = json.loads(out)
    trip = {"id": "trip", "entity": "event", "kind": "delegation-trip", "name": "Trip"}
    assert data == {
        "format": 1,
        "counts": {"facts": 15, "stated": 12, "inferred": 2, "background": 1, "single_source": 8},
        "sources": [
            {
                "source": {
                    "id": "article",
                    "entity": "source",
                    "kind": "source",
                    "name": "Artikel",
                },
                "facts": 10,
                "inferred": [
                    {
                        "entity": trip,
                        "fact": "date",
                        "kind": "field",
                        "what": "2025",
                        "basis": "inferred",
                        "basis_note": {
                            "de": "Kein Datum genannt.",
                            "en": "The report gives no date.",
                        },
                        "sources": ["release", "article"],
                    },
                    {
                        "entity": trip,
                        "fact": "participants[0]",
                        "kind": "participation",
                        "what": "Thomas Kufen (delegation lead)",
                        "basis": "inferred",
                        "basis_note": {
                            "de": "Aus dem Zusammenhang.",
                            "en": "The release says he "
                            "travelled with council members, not that he led.",
                        },
                        "sources": ["release", "article"],
                    },
                ],
                "background": [],
                "single_source": [
                    {
                        "entity": {
                            "id": "sata",
                            "entity": "participant",
                            "kind": "person",
                            "name": "Yutaka Sata",
                        },
                        "fact": "name",
                        "kind": "field",
                        "what": "Yutaka Sata",
                        "basis": "stated",
                        "basis_note": None,
                        "sources": ["article"],
                    },
                    {
                        "entity": {
                            "id": "sata",
                            "entity": "participant",
                            "kind": "person",
                            "name": "Yutaka Sata",
                        },
                        "fact": "kind",
                        "kind": "field",
                        "what": "person",
                        "basis": "stated",
                        "basis_note": None,
                        "sources": ["article"],
                    },
                    {
                        "entity": trip,
                        "fact": "participants[1]",
                        "kind": "participation",
                        "what": "Yutaka Sata (host)",
                        "basis": "stated",
                        "basis_note": None,
                        "sources": ["article"],
                    },
                ],
            }
        ],
    }


def exported() -> dict[str, Any]:
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        assert main(["export", "--format", "json"]) == 0
    return dict(json.loads(out.getvalue()))


def test_the_shipped_audit_lists_every_basis_the_export_carries(
    capsys: pytest.CaptureFixture[str],
) -> None:
    """Every field_basis entry and every object with a basis of the JSON export appears in
    the audit under each source that cites it, and nothing else does."""
    document = exported()
    expected: dict[tuple[str, str], str] = {}
    for collection in ("places", "participants", "themes", "events"):
        for entity in document[collection]:
            for name, entry in entity.get("field_basis", {}).items():
                expected[entity["id"], name] = entry["basis"]
            for key, value in entity.items():
                if isinstance(value, list):
                    for n, item in enumerate(value):
                        if isinstance(item, dict) and "basis" in item:
                            expected[entity["id"], f"{key}[{n}]"] = item["basis"]
    code, out, _ = run(capsys, "--json")
    assert code == 0
    data = json.loads(out)
    listed: dict[tuple[str, str], str] = {}
    for group in data["sources"]:
        for basis in ("inferred", "background"):
            for fact in group[basis]:
                assert fact["basis"] == basis
                assert group["source"]["id"] in fact["sources"]
                assert fact["basis_note"]["en"] and fact["basis_note"]["de"]
                listed[fact["entity"]["id"], fact["fact"]] = basis
    assert listed == expected
    counts = data["counts"]
    assert counts["inferred"] == sum(b == "inferred" for b in expected.values())
    assert counts["background"] == sum(b == "background" for b in expected.values())
    assert counts["stated"] + counts["inferred"] + counts["background"] == counts["facts"]


def test_the_readme_shows_the_shipped_audit(capsys: pytest.CaptureFixture[str]) -> None:
    readme = (Path(__file__).resolve().parent.parent / "README.md").read_text(encoding="utf-8")
    shown = readme.split("$ facts audit | head -3\n", 1)[1].split("```", 1)[0]
    code, out, _ = run(capsys, "--width", "100")
    assert code == 0
    assert out.splitlines()[:3] == shown.splitlines()


HOSTILE = Path(__file__).resolve().parent / "hostile" / "base"
ACTING = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]")
"""Characters that act on a terminal instead of being read (as in test_hostile_render)."""


def test_hostile_reasons_are_printed_as_text(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A basis note full of markup and escapes reaches the page as visible text, and the JSON
    keeps it exactly."""
    monkeypatch.setenv("FACTS_CACHE_DIR", str(tmp_path))
    code, out, err = run(capsys, "--facts", str(HOSTILE), "--width", "200", "--lang", "en")
    assert (code, err) == (0, "")
    assert not ACTING.findall(out)
    assert "[bold red]read[/] <script>alert(1)</script> *from*" in out
    code, out, err = run(capsys, "--facts", str(HOSTILE), "--width", "200", "--lang", "de")
    assert "Allgemeinwissen <b>fett</b> & [link=https://evil.example]Link[/link]" in out
    assert "\x1b" not in out
    code, out, _ = run(capsys, "--facts", str(HOSTILE), "--json")
    notes = [
        f["basis_note"] for s in json.loads(out)["sources"] for f in s["inferred"] + s["background"]
    ]
    assert {
        "en": "[bold red]read[/] <script>alert(1)</script> *from* \x1b[31mred\x1b[0m `the` "
        "\u202ecaption"
    } in notes
