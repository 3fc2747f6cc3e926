"""`facts search` as a user meets it: what it prints, on which stream, with which exit code."""

from __future__ import annotations

import json
import re
import subprocess
import sys

import pytest

from tui.cli import main


def search(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(["search", *args])
    out, err = capsys.readouterr()
    return code, out, err


def test_results_name_type_id_and_snippet(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = search(capsys, "wasserstoff", "--limit", "2", "--width", "120")
    assert code == 0
    assert err == ""
    assert out.splitlines() == [
        "1. Hydrogen technologies  theme · hydrogen-technologies",
        "   Wasserstofftechnologien",
        "2. Regenerative Innovation Center  participant · regenerative-innovation-center",
        "   …Klimaneutralität, Kreislaufwirtschaft und Wasserstofftechnologien. Der Artikel "
        "berichtet die Eröffnung im…",
        "2 of 4 results (use --limit to see more)",
    ]


def test_narrow_output_keeps_ids_whole_and_lines_unpadded(
    capsys: pytest.CaptureFixture[str],
) -> None:
    """At 80 columns a long name pushes type and id onto their own indented line, and
    wrapped snippets carry no trailing blanks (they show when pasted into a mail)."""
    code, out, _ = search(capsys, "wasserstoff", "--limit", "2", "--width", "60")
    assert code == 0
    assert out.splitlines() == [
        "1. Hydrogen technologies  theme · hydrogen-technologies",
        "   Wasserstofftechnologien",
        "2. Regenerative Innovation Center",
        "   participant · regenerative-innovation-center",
        "   …Klimaneutralität, Kreislaufwirtschaft und",
        "   Wasserstofftechnologien. Der Artikel berichtet die",
        "   Eröffnung im…",
        "2 of 4 results (use --limit to see more)",
    ]


def test_words_of_the_query_may_be_separate_arguments(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = search(capsys, "kufen", "2017", "--kind", "event", "--width", "200")
    assert code == 0
    assert out.splitlines()[-1] == "3 results"
    assert "Essen delegation trip to Japan 2017  event · essen-japan-trip-2017" in out


def test_json_lists_id_kind_name_score_snippet(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = search(capsys, "郡山", "--json", "--limit", "2")
    assert code == 0
    rows = json.loads(out)
    assert [(r["id"], r["kind"], r["name"], r["snippet"]) for r in rows] == [
        ("city-of-koriyama", "participant", "City of Koriyama", "郡山市"),
        ("koriyama", "place", "Koriyama", "郡山市"),
    ]
    assert set(rows[0]) == {"id", "kind", "name", "score", "snippet", "highlights", "matched"}
    assert rows[0]["highlights"] == [[0, 2]]
    assert rows[0]["score"] > 0


def test_no_result_says_so_with_a_did_you_mean(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = search(capsys, "rakutn", "symfony")
    assert code == 1
    assert out == ""
    assert err == 'no results for "rakutn symfony"; did you mean "rakuten symphony"?\n'


def test_no_result_in_json_is_an_empty_list(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = search(capsys, "xqzvw", "--json")
    assert (code, out, err) == (1, "[]\n", 'no results for "xqzvw"\n')


def test_filter_notes_go_to_stderr(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = search(capsys, "theme:climate", "--kind", "theme")
    assert code == 0
    assert err == "theme: Climate neutrality and the narrower theme Hydrogen technologies\n"
    assert out.splitlines()[0] == "1. Climate neutrality  theme · climate-neutrality"


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (
            ["year:abc"],
            "facts search: year: expects a year such as 2017 or a range such as 2017..2025, "
            'not "abc"',
        ),
        (
            ["foo:bar"],
            'facts search: unknown filter "foo:" — filters are kind:, theme:, year:, '
            "participant:, basis:, changed: (put text in quotes to search for it as words)",
        ),
        (
            ['"memorandum'],
            'facts search: unbalanced quote: the phrase "memorandum has no closing "',
        ),
        ([""], "facts search: nothing to search for: give a word, a phrase or a filter"),
        (["essen", "--kind", "things"], None),
    ],
)
def test_bad_query_exits_2(
    capsys: pytest.CaptureFixture[str], args: list[str], message: str | None
) -> None:
    code, out, err = search(capsys, *args)
    assert code == 2
    assert out == ""
    if message is None:
        assert err.startswith('facts search: unknown kind "things"; kinds are event, ')
    else:
        assert err == message + "\n"


def test_piped_output_has_no_escape_codes() -> None:
    done = subprocess.run(
        [sys.executable, "-m", "tui", "search", "düsseldorf", "--limit", "3"],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0
    assert "\x1b" not in done.stdout
    assert done.stdout.splitlines()[0] == "1. Düsseldorf  place · duesseldorf"


def test_highlights_are_styled_on_a_terminal(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("FORCE_COLOR", "1")
    monkeypatch.delenv("NO_COLOR", raising=False)
    code, out, _ = search(capsys, "wasserstoff", "--limit", "1")
    assert code == 0
    assert "\x1b[1;7mWasserstoff\x1b[0mtechnologien" in out
    monkeypatch.setenv("NO_COLOR", "1")
    code, out, _ = search(capsys, "wasserstoff", "--limit", "1")
    assert "Wasserstofftechnologien" in out and "\x1b[1;7m" not in out


def test_search_does_not_import_textual() -> None:
    code = (
        "import sys, contextlib, io\n"
        "from tui.cli import main\n"
        "with contextlib.redirect_stdout(io.StringIO()):\n"
        "    main(['search', 'essen'])\n"
        "print(sorted(m for m in sys.modules if m.split('.')[0] == 'textual' or m == 'tui.app'))\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    assert done.stdout == "[]\n"


def test_a_trip_named_by_the_query_ranks_above_its_stops_found_by_their_ids(
    capsys: pytest.CaptureFixture[str],
) -> None:
    """Issue 13 §8: "Stop in Chiba" and "Stop in Osaka" hold "düsseldorf delegation" only in
    their ids (duesseldorf-delegation-chiba-2025); the trip and the delegation are named so."""
    code, out, _ = search(capsys, "düsseldorf", "delegation", "--width", "200")
    assert code == 0
    listed = [line.strip() for line in out.splitlines() if re.match(r" *\d+\. ", line)]
    assert listed[:2] == [
        "1. Düsseldorf business delegation 2025  participant · duesseldorf-delegation-2025",
        "2. Düsseldorf delegation trip to Japan 2025  event · duesseldorf-japan-trip-2025",
    ]
    code, out, _ = search(capsys, "düsseldorf", "delegation", "--json")
    rows = json.loads(out)
    order = [row["id"] for row in rows]
    by_name = [row["id"] for row in rows if "name" in row["matched"].split(", ")]
    assert order.index("duesseldorf-delegation-chiba-2025") > max(map(order.index, by_name))
    assert order.index("duesseldorf-delegation-osaka-2025") > max(map(order.index, by_name))
    assert {
        row["matched"]
        for row in rows
        if row["id"].startswith("duesseldorf-delegation-")
        and row["id"] != "duesseldorf-delegation-2025"
    } == {"id"}
