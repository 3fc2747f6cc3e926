"""What a long load reports (`tui.progress`): every stage of the work it has to do, with
counts that add up to the base it gives, in the interface language; nothing at all when the
store is current; and the terminal bar (`tui.progressbar`) shows it only after its delay."""

from __future__ import annotations

import io
import itertools
import shutil
from pathlib import Path

import pytest

from tui import i18n
from tui.load import Updatable, load, load_with
from tui.progress import (
    CHECK,
    INDEX,
    INDEX_UPDATE,
    READ,
    READ_CHANGED,
    STORE,
    STORE_UPDATE,
    LoadStep,
    Progress,
    describe,
)
from tui.progressbar import TerminalProgress
from tui.search import cache_key
from tui.search.engine import SearchIndex


class Recorded(Progress):
    def __init__(self) -> None:
        self.steps: list[LoadStep] = []

    def report(self, step: LoadStep) -> None:
        self.steps.append(step)


@pytest.fixture
def base_copy(tmp_path: Path, shipped_path: Path) -> Path:
    """A base of its own (its own store), so that the first load reads every file."""
    return Path(shutil.copytree(shipped_path, tmp_path / "facts"))


def stages(steps: list[LoadStep]) -> list[str]:
    return list(dict.fromkeys(step.stage for step in steps))


def test_a_first_load_reports_each_file_then_the_check_the_store_and_the_index(
    base_copy: Path,
) -> None:
    heard = Recorded()
    result, _ = load_with(base_copy, {cache_key(): SearchIndex}, progress=heard)
    assert result.base is not None
    files = len(result.files)
    reading = [step for step in heard.steps if step.stage == READ]
    assert [(s.done, s.total) for s in reading] == [(n, files) for n in range(files)]
    assert reading[0].entities == 0
    assert all(a.entities <= b.entities for a, b in itertools.pairwise(reading))
    assert stages(heard.steps) == [READ, CHECK, STORE, INDEX]
    everything = len(result.base)
    assert [s.entities for s in heard.steps if s.stage != READ] == [everything] * 3


def test_a_load_from_a_current_store_reports_nothing(base_copy: Path) -> None:
    load_with(base_copy, {cache_key(): SearchIndex})
    heard = Recorded()
    result, extras = load_with(base_copy, {cache_key(): SearchIndex}, progress=heard)
    assert result.ok and extras
    assert heard.steps == []


def test_after_an_edit_only_the_changed_file_is_reported(base_copy: Path) -> None:
    load_with(base_copy, {cache_key(): SearchIndex})
    themes = base_copy / "themes.yaml"
    themes.write_text(themes.read_text(encoding="utf-8") + "\n# edited\n", encoding="utf-8")
    heard = Recorded()
    result, _ = load_with(base_copy, {cache_key(): SearchIndex}, progress=heard)
    assert result.base is not None
    index = INDEX_UPDATE if isinstance(SearchIndex, Updatable) else INDEX
    assert stages(heard.steps) == [READ_CHANGED, CHECK, STORE_UPDATE, index]
    assert [(s.done, s.total) for s in heard.steps if s.stage == READ_CHANGED] == [(0, 1)]
    assert next(s for s in heard.steps if s.stage == CHECK).entities == len(result.base)


def test_without_a_store_nothing_is_written_and_nothing_said_of_it(base_copy: Path) -> None:
    heard = Recorded()
    result = load(base_copy, cache=False, progress=heard)
    assert result.ok
    assert stages(heard.steps) == [READ, CHECK]


@pytest.mark.parametrize(
    ("lang", "step", "text"),
    [
        ("en", LoadStep(READ, 0, 34), "Reading the fact files: 0 of 34 files"),
        (
            "en",
            LoadStep(READ, 12, 34, 35_000),
            "Reading the fact files: 12 of 34 files, 35,000 entities so far",
        ),
        ("en", LoadStep(READ_CHANGED, 0, 1), "Reading the changed files: 0 of 1 file"),
        (
            "en",
            LoadStep(CHECK, entities=100_000),
            "Checking references, ids and cycles across 100,000 entities",
        ),
        ("en", LoadStep(STORE, entities=1), "Writing the store: 1 entity"),
        ("en", LoadStep(STORE_UPDATE), "Updating the store for the changed files"),
        ("en", LoadStep(INDEX, entities=13_863), "Building the search index: 13,863 entities"),
        ("en", LoadStep(INDEX_UPDATE), "Updating the search index for the changed files"),
        (
            "de",
            LoadStep(READ, 12, 34, 35_000),
            "Faktendateien werden gelesen: 12 von 34 Dateien, bisher 35.000 Einträge",
        ),
        ("de", LoadStep(INDEX, entities=13_863), "Suchindex wird aufgebaut: 13.863 Einträge"),
        (
            "ja",
            LoadStep(READ, 12, 34, 35_000),
            "ファクトファイルを読み込み中: 34 ファイル中 12、これまでに 35,000 項目",
        ),
        ("ja", LoadStep(CHECK, entities=100), "100 項目の参照・ID・循環を検査中"),
    ],
)
def test_each_step_is_said_with_its_counts_in_the_interface_language(
    lang: str, step: LoadStep, text: str
) -> None:
    before = i18n.language()
    i18n.set_language(lang)
    try:
        assert describe(step) == text
    finally:
        i18n.set_language(before)


class FakeTerminal(io.StringIO):
    """A stream that says it is a terminal (Rich then moves the cursor and colours)."""

    def isatty(self) -> bool:
        return True


def test_the_bar_is_not_shown_before_its_delay() -> None:
    screen = FakeTerminal()
    bar = TerminalProgress(screen, wait=3600)
    bar.report(LoadStep(READ, 0, 3))
    bar.report(LoadStep(READ, 1, 3, 40))
    bar.close()
    assert screen.getvalue() == ""


def test_the_bar_shows_the_step_and_is_cleared_when_closed() -> None:
    screen = FakeTerminal()
    bar = TerminalProgress(screen, wait=0)
    bar.report(LoadStep(READ, 0, 3))
    shown = screen.getvalue()
    assert "Reading the fact files: 0 of 3 files" in shown
    bar.close()
    assert screen.getvalue().endswith("\x1b[2K")  # the bar's line erased: nothing is left
    bar.report(LoadStep(CHECK, entities=5))  # a report after the end shows nothing
    assert "Checking" not in screen.getvalue()
