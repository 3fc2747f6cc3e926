# ruff: noqa: E501  (the YAML below is kept as authors write it, one record a line)
"""A small fact base for the browser tests, modelled on the 2017 Essen press release, with
hostile data mixed in (markup brackets, escape sequences, CJK names).

The browser's snapshot and flow tests use it rather than the shipped base, so that editing
the shipped facts never changes a screenshot; the done-when walk runs on the shipped base.
"""

from __future__ import annotations

from pathlib import Path

from tui.load import load

SOURCES = """\
sources:
  - id: essen-release
    title: Delegation aus Essen zu Gast in Japan
    kind: press release
    publisher: Stadt Essen
    published: "2017-12-01"
    language: de
  - id: evening-article
    title: "Düsseldorf-Abend in Tokio"
    kind: news article
    language: de
"""

PLACES = """\
places:
  - {id: germany, name: {de: Deutschland, en: Germany}, kind: country, sources: [essen-release]}
  - {id: japan, name: {en: Japan, ja: 日本}, kind: country, sources: [essen-release]}
  - {id: nrw, name: {en: North Rhine-Westphalia}, kind: state, part_of: germany, sources: [essen-release]}
  - {id: essen, name: Essen, kind: city, part_of: nrw, sources: [essen-release]}
  - {id: fukushima, name: {en: Fukushima Prefecture, ja: 福島県}, kind: prefecture, part_of: japan, sources: [essen-release]}
  - {id: koriyama, name: {en: Koriyama, ja: 郡山市}, kind: city, part_of: fukushima, sources: [essen-release]}
  - {id: tokyo, name: {en: Tokyo, ja: 東京}, kind: city, part_of: japan, sources: [evening-article]}
"""

PARTICIPANTS = """\
participants:
  - id: city-of-essen
    name: {de: Stadt Essen, en: City of Essen}
    kind: government
    type: city
    country: germany
    seat: essen
    sources: [essen-release]
  - id: thomas-kufen
    name: Thomas Kufen
    kind: person
    country: germany
    offices:
      - {title: {en: Lord Mayor of Essen, de: Oberbürgermeister}, organisation: city-of-essen, sources: [essen-release]}
    sources: [essen-release]
  - id: city-of-koriyama
    name: {en: City of Koriyama, ja: 郡山市}
    kind: government
    type: city
    country: japan
    seat: koriyama
    sources: [essen-release]
  - id: university-hospital-essen
    name: {de: Universitätsklinikum Essen, en: University Hospital Essen}
    kind: organisation
    country: germany
    seat: essen
    sources: [essen-release]
  - id: stephan-keller
    name: Stephan Keller
    kind: person
    country: germany
    sources: [evening-article]
  - id: bracket-corp
    name: "[bold]Bracket[/] Corp [link=x]"
    kind: organisation
    country: japan
    description: {en: "Name full of markup: [/] [red]not red[/red] \\x1b[31m"}
    sources: [evening-article]
"""

THEMES = """\
themes:
  - {id: sustainability, name: {en: Sustainability, de: Nachhaltigkeit}, sources: [essen-release]}
  - {id: renewable-energy, name: {en: Renewable energy, de: Erneuerbare Energien, ja: 再生可能エネルギー}, broader: sustainability, sources: [essen-release]}
  - {id: environmental-technology, name: {en: Environmental technology}, broader: sustainability, sources: [essen-release]}
  - {id: health, name: {en: Health}, sources: [essen-release]}
  - {id: medical-technology, name: {en: Medical technology}, broader: health, sources: [essen-release]}
  - {id: business-contacts, name: {en: Business contacts}, sources: [evening-article]}
"""

EVENTS = """\
events:
  - id: essen-trip-2017
    name: {en: Essen delegation trip to Japan 2017, de: Delegationsreise Essen–Japan 2017}
    kind: delegation-trip
    start: "2017-11-29"
    end: "2017-12-03"
    place: japan
    participants:
      - {participant: thomas-kufen, role: delegation-lead}
      - {participant: city-of-essen, role: delegation}
    themes: [environmental-technology, renewable-energy, medical-technology]
    sources: [essen-release]
  - id: essen-koriyama-mou-2017
    name: {en: Signing of the Essen–Koriyama memorandum, de: Unterzeichnung der Absichtserklärung}
    kind: signing
    date: "2017-12-01"
    place: japan
    part_of: essen-trip-2017
    participants:
      - {participant: thomas-kufen, role: signatory, sources: [essen-release]}
      - {participant: city-of-koriyama, role: party}
    themes: [renewable-energy, medical-technology]
    outcomes:
      - text: {en: Close cooperation in renewable energy and medical technology.}
        sources: [essen-release]
    sources: [essen-release]
  - id: medical-symposium-2017
    name: {en: 2nd NRW-Fukushima Joint Symposium on Advances in Medicine}
    kind: symposium
    date: "2017-12-02"
    part_of: essen-trip-2017
    participants:
      - {participant: university-hospital-essen, role: organiser}
    themes: [medical-technology]
    sources: [essen-release]
  - id: fukushima-energy-goal
    name: {en: Fukushima aims for 100 % renewable energy}
    kind: goal
    date: "2040"
    place: fukushima
    themes: [renewable-energy]
    sources: [essen-release]
  - id: duesseldorf-evening-2025
    name: {en: Düsseldorf evening in Tokyo, ja: 東京でのデュッセルドルフの夕べ}
    kind: reception
    date: "2025-06-16"
    place: tokyo
    participants:
      - {participant: stephan-keller, role: guest}
      - {participant: bracket-corp, role: sponsor}
    themes: [business-contacts]
    figures:
      - {label: {en: guests}, value: 700, approximate: true, sources: [evening-article]}
    sources: [evening-article]
  - id: hostile-event
    name: "[/]Broken [b]markup\\x1b[2J 東京の会議 [link=file:///etc]"
    kind: "[meeting]"
    date: "2019-05"
    place: tokyo
    participants:
      - {participant: bracket-corp, role: "[host]"}
    themes: [business-contacts]
    sources: [evening-article]
"""

FILES = {
    "sources.yaml": SOURCES,
    "places.yaml": PLACES,
    "participants.yaml": PARTICIPANTS,
    "themes.yaml": THEMES,
    "events.yaml": EVENTS,
}


def write_demo_base(folder: Path) -> Path:
    """Write the demo base into `folder`/demo-base (a fixed name, so that the header, which
    shows the base's name, is the same in every snapshot)."""
    base = folder / "demo-base"
    base.mkdir(parents=True, exist_ok=True)
    for name, text in FILES.items():
        (base / name).write_text(text, encoding="utf-8")
    return base


def test_demo_base_is_valid(tmp_path: Path) -> None:
    result = load(write_demo_base(tmp_path))
    assert result.problems == ()
    assert result.base is not None
    assert len(result.base.events) == 6
    hostile = result.base.by_id["hostile-event"]
    assert "\x1b" in hostile.label()  # the escape really reaches the model
