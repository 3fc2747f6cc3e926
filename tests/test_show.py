"""`facts show` as a user meets it: messages, JSON, terminal manners, start-up."""

from __future__ import annotations

import json
import os
import pydoc
import subprocess
import sys

import pytest

from tui.cli import main
from tui.model import FactBase
from tui.render.json import entity_to_dict


def run_facts(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    environ = {k: v for k, v in os.environ.items() if k not in ("NO_COLOR", "FORCE_COLOR")}
    return subprocess.run(
        [sys.executable, "-m", "tui", *args],
        capture_output=True,
        text=True,
        env={**environ, **(env or {})},
        timeout=120,
    )


def test_unknown_id_exits_1_with_the_nearest_ids(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["show", "kufen"]) == 1
    captured = capsys.readouterr()
    assert captured.out == ""
    assert captured.err == "facts show: unknown id 'kufen'; did you mean: thomas-kufen?\n"


def test_a_typo_in_an_id_is_matched_by_spelling(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["show", "paul-holler"]) == 1
    assert "did you mean: paul-hoeller" in capsys.readouterr().err


def test_unknown_id_without_anything_near(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["show", "zzzzzz"]) == 1
    assert capsys.readouterr().err == "facts show: unknown id 'zzzzzz'\n"


def test_unknown_id_is_printed_inert(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["show", "\x1b]52;c;eA==\x07"]) == 1
    assert capsys.readouterr().err == "facts show: unknown id '\\x1b]52;c;eA==\\x07'\n"


def test_json_is_the_export_format_of_the_entity(
    shipped_base: FactBase, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["show", "paul-hoeller", "--json", "--lang", "de"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data == entity_to_dict(shipped_base, shipped_base.by_id["paul-hoeller"], "de")
    assert data["name"] == "Paul Höller"
    events = [ref["id"] for ref in data["backlinks"]["events"]]
    assert events == ["duesseldorf-evening-tokyo-2025"]


def test_lang_chooses_the_names(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["show", "city-of-koriyama", "--lang", "ja", "--width", "100"]) == 0
    first = capsys.readouterr().out.splitlines()[0]
    assert first == "郡山市"
    assert main(["show", "city-of-koriyama", "--lang", "de", "--width", "100"]) == 0
    assert capsys.readouterr().out.splitlines()[0] == "Stadt Koriyama"


def test_width_is_obeyed(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["show", "essen-japan-trip-2017", "--width", "40"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert max(len(line) for line in lines) == 40
    assert all(line == line.rstrip() for line in lines)  # no padding to paste into a mail


def test_a_width_too_narrow_is_refused(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exit_info:
        main(["show", "thomas-kufen", "--width", "5"])
    assert exit_info.value.code == 2
    assert "5 is too narrow; use 20 columns or more" in capsys.readouterr().err


def test_piped_output_has_no_escape_codes_but_a_terminal_gets_colour() -> None:
    piped = run_facts("show", "essen-koriyama-mou-2017")
    assert piped.returncode == 0 and piped.stderr == ""
    assert "Signing of the Essen–Koriyama memorandum" in piped.stdout
    assert "\x1b" not in piped.stdout
    coloured = run_facts("show", "essen-koriyama-mou-2017", "--no-pager", env={"FORCE_COLOR": "1"})
    assert "\x1b[" in coloured.stdout  # the check above could fail


def test_no_color_means_no_escape_codes_even_on_a_terminal() -> None:
    out = run_facts(
        "show", "essen-koriyama-mou-2017", "--no-pager", env={"FORCE_COLOR": "1", "NO_COLOR": "1"}
    ).stdout
    assert "Signing of the Essen–Koriyama memorandum" in out
    assert "\x1b" not in out


class PagerSpy:
    def __init__(self) -> None:
        self.pages: list[str] = []

    def __call__(self, text: str) -> None:
        self.pages.append(text)


@pytest.fixture
def pager(monkeypatch: pytest.MonkeyPatch) -> PagerSpy:
    spy = PagerSpy()
    monkeypatch.setattr(pydoc, "pager", spy)
    monkeypatch.delenv("NO_COLOR", raising=False)
    monkeypatch.setenv("LESS", "-F")
    return spy


def test_a_pipe_never_gets_a_pager(pager: PagerSpy, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["show", "essen-japan-trip-2017"]) == 0
    assert pager.pages == [] and "Itinerary" in capsys.readouterr().out


def test_a_terminal_gets_a_pager_when_the_page_is_taller(
    pager: PagerSpy, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("FORCE_COLOR", "1")
    monkeypatch.setenv("LINES", "20")
    assert main(["show", "essen-japan-trip-2017"]) == 0
    assert len(pager.pages) == 1 and "Itinerary" in pager.pages[0]
    assert "\x1b[" in pager.pages[0]  # colour for the terminal, so less needs -R
    assert os.environ["LESS"] == "-F -R"
    assert capsys.readouterr().out == ""
    monkeypatch.setenv("LINES", "500")
    assert main(["show", "essen-japan-trip-2017"]) == 0
    assert len(pager.pages) == 1 and "Itinerary" in capsys.readouterr().out


def test_pager_options(
    pager: PagerSpy, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["show", "thomas-kufen", "--pager"]) == 0
    assert len(pager.pages) == 1 and "\x1b" not in pager.pages[0]  # no colour into a pipe
    monkeypatch.setenv("FORCE_COLOR", "1")
    monkeypatch.setenv("LINES", "5")
    assert main(["show", "thomas-kufen", "--no-pager"]) == 0
    assert len(pager.pages) == 1 and "Thomas Kufen" in capsys.readouterr().out


def test_show_and_summary_do_not_import_textual() -> None:
    code = (
        "import sys\nfrom tui.cli import main\n"
        "assert main(['show', 'thomas-kufen']) == 0\nassert main(['summary']) == 0\n"
        "loaded = sorted(m for m in sys.modules if m.split('.')[0] == 'textual')\n"
        "print('TEXTUAL', loaded)\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    assert done.stdout.splitlines()[-1] == "TEXTUAL []"
