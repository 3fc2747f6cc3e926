"""What the store keeps is in no language: a base stored by an English `facts` reads German
to a German reader.  The store holds data and keys only (entities, facts, references, the
summary's tally with its year keys and ISO period) and never a problem's text: problems are
worded when they are found, in the reader's language, also when an edit is checked against
the stored tables of the files that did not change.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from tui.cli import main
from tui.i18n import set_language

SOURCES = """\
sources:
  - id: src-a
    title: Press release A
    language: en
"""

PARTICIPANTS = """\
participants:
  - id: city-of-essen
    name: {de: Stadt Essen, en: City of Essen}
    kind: government
    sources: [src-a]
"""

EVENTS = """\
events:
  - id: visit-2017
    name: {de: Besuch in Tokio, en: Visit to Tokyo}
    kind: visit
    date: "2017-12-01"
    participants:
      - participant: city-of-essen
        role: delegation
    sources: [src-a]
  - id: talks-later
    name: {de: Gespräche, en: Talks}
    kind: meeting
    participants:
      - participant: city-of-essen
        role: delegation
    sources: [src-a]
"""


@pytest.fixture
def base(tmp_path: Path) -> Path:
    folder = tmp_path / "base"
    folder.mkdir()
    for name, text in (
        ("sources.yaml", SOURCES),
        ("participants.yaml", PARTICIPANTS),
        ("events.yaml", EVENTS),
    ):
        (folder / name).write_text(text, encoding="utf-8")
    return folder


def run(
    code: str, args: list[str], monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> tuple[int, str, str]:
    monkeypatch.setenv("FACTS_UI_LANG", code)
    try:
        status = main(args)
    finally:
        set_language("en")
    out = capsys.readouterr()
    return status, out.out, out.err


def test_a_store_built_in_english_reads_german(
    base: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("FACTS_CACHE_DIR", str(tmp_path / "cache"))
    assert run("en", ["check", "--facts", str(base)], monkeypatch, capsys)[0] == 0
    assert list((tmp_path / "cache").glob("*.sqlite")), "the check stored the base"
    _, english, _ = run("en", ["summary", "--facts", str(base)], monkeypatch, capsys)
    assert "undated" in english and "2017-12-01" in english
    # the same store, read by a German reader: the tally's year key and period are worded
    _, german, _ = run("de", ["summary", "--facts", str(base)], monkeypatch, capsys)
    assert "ohne Datum" in german and "1. Dezember 2017" in german
    assert "undated" not in german and "2017-12-01" not in german
    _, japanese, _ = run("ja", ["summary", "--facts", str(base)], monkeypatch, capsys)
    assert "日付なし" in japanese and "2017年12月1日" in japanese


def test_problems_of_an_edit_checked_against_the_store_are_in_the_readers_language(
    base: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("FACTS_CACHE_DIR", str(tmp_path / "cache"))
    assert run("en", ["check", "--facts", str(base)], monkeypatch, capsys)[0] == 0
    events = base / "events.yaml"
    events.write_text(
        events.read_text(encoding="utf-8").replace(
            "participant: city-of-essen\n        role: delegation\n"
            "    sources: [src-a]\n  - id: talks",
            "participant: city-of-esen\n        role: delegation\n"
            "    sources: [src-a]\n  - id: talks",
        ),
        encoding="utf-8",
    )
    status, _, german = run("de", ["check", "--facts", str(base)], monkeypatch, capsys)
    assert status == 1
    # only events.yaml was read again; the participants came from the store's tables
    assert "Beteiligter 'city-of-esen' ist unbekannt; meinten Sie 'city-of-essen'?" in german
    assert "unknown" not in german and "did you mean" not in german
    status, _, english = run("en", ["check", "--facts", str(base)], monkeypatch, capsys)
    assert status == 1
    assert "unknown participant 'city-of-esen'; did you mean 'city-of-essen'?" in english
