"""The `facts` command as a user meets it: exit codes, messages, JSON shape, start-up cost."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import textwrap
from pathlib import Path
from typing import Any

import pytest

from tui import __version__
from tui.cli import main

ISO_DATE = re.compile(r"^\d{4}(-\d{2}(-\d{2})?)?$")


def run_facts(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "tui", *args],
        capture_output=True,
        text=True,
        env={**os.environ, **(env or {})},
        timeout=120,
    )


@pytest.fixture
def broken(tmp_path: Path) -> Path:
    (tmp_path / "events.yaml").write_text(
        textwrap.dedent(
            """\
            events:
              - id: trip
                name: Trip
                kind: delegation-trip
                dat: "2017"
                sources: [nowhere]
            """
        ),
        encoding="utf-8",
    )
    return tmp_path


def test_version(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--version"]) == 0
    assert capsys.readouterr().out == f"facts {__version__}\n"
    with pytest.raises(SystemExit) as exit_info:  # elsewhere on the line, argparse answers
        main(["--facts", "x", "--version"])
    assert exit_info.value.code == 0
    assert capsys.readouterr().out == f"facts {__version__}\n"


def test_help_lists_the_commands(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit):
        main(["--help"])
    out = capsys.readouterr().out
    for command in ("browse", "show", "search", "summary", "export", "check"):
        assert re.search(rf"^\s+{command}\s", out, re.MULTILINE), command


def test_check_passes_on_the_shipped_base(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["check"]) == 0
    out = capsys.readouterr().out
    assert re.fullmatch(
        r"OK: 5 files, \d+ events, \d+ participants, \d+ themes, \d+ places, \d+ sources\n", out
    ), out


def test_check_lists_problems_and_exits_1(broken: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["check", "--facts", str(broken)]) == 1
    captured = capsys.readouterr()
    assert captured.out == ""
    assert captured.err == (
        f"{broken}/events.yaml:5:5: unknown field 'dat' in event; did you mean 'date'?\n"
        f"{broken}/events.yaml:6:15: unknown source 'nowhere'\n"
        "2 problems in 1 file\n"
    )


def test_facts_option_before_the_command_and_from_the_environment(broken: Path) -> None:
    before = run_facts("--facts", str(broken), "check")
    assert before.returncode == 1
    assert "2 problems in 1 file" in before.stderr
    from_env = run_facts("check", env={"FACTS_PATH": str(broken)})
    assert from_env.returncode == 1
    assert from_env.stderr == before.stderr
    option_wins = run_facts("check", "--facts", str(broken), env={"FACTS_PATH": "/nonexistent"})
    assert option_wins.stderr == before.stderr


def test_broken_input_never_shows_a_traceback(tmp_path: Path) -> None:
    (tmp_path / "x.yaml").write_bytes(b"events:\n  - id: \xff\xfe\n")
    result = run_facts("check", "--facts", str(tmp_path))
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    assert result.stderr == (
        f"{tmp_path}/x.yaml:2:9: not valid UTF-8 text (byte 0xff)\n1 problem in 1 file\n"
    )


def test_unknown_command_is_a_usage_error() -> None:
    result = run_facts("frobnicate")
    assert result.returncode == 2
    assert "invalid choice: 'frobnicate'" in result.stderr


def _references(value: Any) -> list[dict[str, Any]]:
    """Every resolved reference object anywhere in an exported entity."""
    found = []
    if isinstance(value, dict):
        if {"id", "entity", "kind", "name"} <= value.keys() and len(value) == 4:
            found.append(value)
        for item in value.values():
            found.extend(_references(item))
    elif isinstance(value, list):
        for item in value:
            found.extend(_references(item))
    return found


def test_export_json_shape(capsys: pytest.CaptureFixture[str], shipped_base) -> None:
    assert main(["export", "--format", "json"]) == 0
    data = json.loads(capsys.readouterr().out)
    collections = ["sources", "places", "participants", "themes", "events"]
    assert [k for k in data if k != "format"] == collections
    for name in collections:
        assert len(data[name]) == len(shipped_base.collection(name))
        for entity in data[name]:
            assert entity["id"] and entity["name"] and entity["entity"]
    refs = [ref for name in collections for e in data[name] for ref in _references(e)]
    assert refs, "the export holds resolved references"
    for ref in refs:
        target = shipped_base.get(ref["id"])
        assert target is not None
        assert ref["name"] == target.label()
        assert ref["entity"] == target.entity_type
    for event in data["events"]:
        assert event["sources"] and all(s["entity"] == "source" for s in event["sources"])
        for key in ("date", "start", "end"):
            if key in event:
                assert ISO_DATE.match(event[key]), event[key]


def test_export_chosen_ids_and_unknown_id(capsys: pytest.CaptureFixture[str], shipped_base) -> None:
    some = shipped_base.events[0]
    assert main(["export", some.id]) == 0
    data = json.loads(capsys.readouterr().out)
    assert [e["id"] for e in data["events"]] == [some.id]
    assert data["participants"] == []
    assert main(["export", "no-such-id"]) == 1
    assert capsys.readouterr().err == "facts export: unknown id 'no-such-id'\n"


def test_every_help_has_examples_and_points_to_the_readme(
    capsys: pytest.CaptureFixture[str],
) -> None:
    from tui.commands import COMMANDS

    for command in ["", *(c.__name__.rsplit(".", 1)[1] for c in COMMANDS)]:
        with pytest.raises(SystemExit):
            main([command, "--help"] if command else ["--help"])
        out = capsys.readouterr().out
        assert re.search(r"\nexamples:\n  .*facts ", out), command
        assert "More: " in out and "README" in out, command


def test_export_help_says_json_is_the_default(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit):
        main(["export", "--help"])
    out = capsys.readouterr().out
    assert "JSON for programs (the default)" in out
    assert "output format (default: json)" in out


def test_summary_json_has_the_numbers_of_the_page(capsys: pytest.CaptureFixture[str]) -> None:
    for args in (
        [],
        ["--theme", "health"],
        ["--year", "2017", "--top", "3"],
        ["--event", "essen-japan-trip-2017"],
    ):
        assert main(["summary", *args, "--width", "200", "--no-pager"]) == 0
        page = capsys.readouterr().out
        assert main(["summary", *args, "--json"]) == 0
        data = json.loads(capsys.readouterr().out)
        numbers = dict(
            re.findall(r"^(Events|Participants|Themes|Places|Sources) +(\d+)$", page, re.MULTILINE)
        )
        assert {k.lower(): int(v) for k, v in numbers.items()} == data["counts"]
        period = re.search(r"^Period +(\S+)(?: – (\S+))?$", page, re.MULTILINE)
        assert period is not None and data["period"]["first"] == period.group(1)
        assert data["period"]["last"] == (period.group(2) or period.group(1))
        for year in data["timeline"]:
            assert re.search(rf"^{year['year']}  {year['events']} events?$", page, re.MULTILINE)
        themes_section = page.split("Themes by number of events\n", 1)[1].split("\n\n")[0]
        for theme in data["themes"]["top"]:
            assert re.search(
                rf"^{re.escape(theme['name'])} +{theme['events']}$", themes_section, re.MULTILINE
            ), theme
        if data["themes"]["more"]:
            assert f"… and {data['themes']['more']} more themes" in page
        for person in data["participants"]["top"]:
            assert person["name"].split()[0] in page and person["roles"]
        for city in data["cities"]["top"]:
            assert city["name"] in page and city["partners"]


def test_summary_json_when_nothing_matches(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["summary", "--year", "2099", "--json"]) == 1
    data = json.loads(capsys.readouterr().out)
    assert data["counts"] == {
        "events": 0,
        "participants": 0,
        "themes": 0,
        "places": 0,
        "sources": 0,
    }
    assert data["selection"]["year"] == 2099 and data["timeline"] == []
    assert data["period"] is None


def test_cli_does_not_import_textual() -> None:
    code = (
        "import sys, contextlib, io\n"
        "from tui.cli import main\n"
        "with contextlib.redirect_stdout(io.StringIO()):\n"
        "    main(['check']); main(['export'])\n"
        "print(sorted(m for m in sys.modules if m.split('.')[0] == 'textual' or m == 'tui.app'))\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=60
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout == "[]\n"


def test_the_installed_wheel_carries_the_shipped_base(tmp_path: Path) -> None:
    """`facts` from a wheel (no checkout around it) still finds the shipped fact base."""
    root = Path(__file__).resolve().parent.parent
    build = subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "wheel",
            "--no-deps",
            "-q",
            "-w",
            str(tmp_path / "w"),
            str(root),
        ],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert build.returncode == 0, build.stderr
    wheel = next((tmp_path / "w").glob("*.whl"))
    import zipfile

    with zipfile.ZipFile(wheel) as archive:
        names = archive.namelist()
        metadata = archive.read(next(n for n in names if n.endswith(".dist-info/METADATA")))
        licence = next(n for n in names if n.endswith(".dist-info/licenses/LICENSE"))
        assert archive.read(licence) == (root / "LICENSE").read_bytes()
    headers = metadata.decode().split("\n\n", 1)[0].splitlines()
    assert "License-Expression: MIT" in headers
    assert "License-File: LICENSE" in headers
    assert "Classifier: License :: OSI Approved :: MIT License" in headers
    assert "Classifier: Environment :: Console" in headers
    assert any(h.startswith("Author: ") for h in headers)
    assert any(h.startswith("Keywords: ") for h in headers)
    assert "Requires-Dist: platformdirs>=3" in headers
    target = tmp_path / "site"
    install = subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "install",
            "--no-deps",
            "-q",
            "--target",
            str(target),
            str(wheel),
        ],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert install.returncode == 0, install.stderr
    result = subprocess.run(
        [
            sys.executable,
            "-c",
            "import tui, tui.paths; print(tui.__file__); print(tui.paths.shipped_facts())\n"
            "from tui.cli import main; raise SystemExit(main(['check']))",
        ],
        capture_output=True,
        text=True,
        timeout=60,
        cwd=tmp_path,
        env={**os.environ, "PYTHONPATH": str(target)},
    )
    assert result.returncode == 0, result.stderr
    module_file, facts_dir, check = result.stdout.splitlines()
    assert module_file.startswith(str(target))
    assert facts_dir == str(target / "tui" / "shipped_facts")
    assert check.startswith("OK: 5 files")


def test_ci_installs_pinned_versions_of_every_tool() -> None:
    """A new release of ruff, Textual or pytest-textual-snapshot cannot change CI: every
    test and lint tool, and every runtime library, is pinned to an exact version."""
    import tomllib

    root = Path(__file__).resolve().parent.parent
    project = tomllib.loads((root / "pyproject.toml").read_text("utf-8"))["project"]
    pins = dict(
        line.split("==", 1)
        for line in (root / ".ci" / "constraints.txt").read_text("utf-8").splitlines()
        if "==" in line and not line.startswith("#")
    )
    pinned = {name.lower().replace("_", "-") for name in pins}
    wanted = [*project["dependencies"], *project["optional-dependencies"]["test"], "hatchling"]
    for requirement in wanted:
        name = re.split(r"[<>=!~ \[]", requirement, maxsplit=1)[0].lower()
        assert name in pinned, name
    script = (root / ".ci" / "run").read_text("utf-8")
    assert 'PIP_CONSTRAINT="$PWD/.ci/constraints.txt"' in script
    assert "--upgrade pip" not in script and "-U pip" not in script
    assert "mypy" not in script.split("PIP_CONSTRAINT")[1]  # the lead turns it on
