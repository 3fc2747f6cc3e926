"""`facts init DIR`: a new base that checks, whose examples check once uncommented, that
editors validate (the modeline and the schema beside it), with a README and a pre-commit
configuration using this project's hook; never written into a folder that holds anything."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml

from tui.cli import main
from tui.jsonschema import json_schema_text
from tui.newbase import FILES, PROJECT_URL


def facts(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def test_a_new_base(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    folder = tmp_path / "my-facts"
    code, out, err = facts(capsys, "init", str(folder))
    assert (code, err) == (0, "")
    assert out == (
        f"A new fact base in {folder}: sources.yaml, places.yaml, participants.yaml, "
        "themes.yaml, events.yaml, schema.json, README.md, .pre-commit-config.yaml\n"
        f"Next: add a source to {folder}/sources.yaml (README.md there says how), then "
        f"`facts check --facts {folder}`.\n"
    )
    assert sorted(p.name for p in folder.iterdir()) == sorted(
        [*FILES, "schema.json", "README.md", ".pre-commit-config.yaml"]
    )
    for name in FILES:
        text = (folder / name).read_text(encoding="utf-8")
        assert text.startswith("# yaml-language-server: $schema=./schema.json\n")
    assert (folder / "schema.json").read_text(encoding="utf-8") == json_schema_text()
    assert facts(capsys, "check", "--facts", str(folder)) == (
        0,
        "OK: 5 files, 0 events, 0 participants, 0 themes, 0 places, 0 sources\n",
        "",
    )


def test_the_examples_check_once_uncommented(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    """Each file's example, its lines without the leading '# ', below the collection's key:
    the five examples together make a valid base, whose links all resolve."""
    folder = tmp_path / "base"
    assert facts(capsys, "init", str(folder))[0] == 0
    for name in FILES:
        path = folder / name
        text = path.read_text(encoding="utf-8")
        example = "".join(line[2:] + "\n" for line in text.splitlines() if line.startswith("#   "))
        assert example.lstrip().startswith("- id: ")
        path.write_text(text + example, encoding="utf-8")
    code, out, err = facts(capsys, "check", "--facts", str(folder))
    assert (code, err) == (0, "")
    assert out == "OK: 5 files, 1 events, 1 participants, 1 themes, 1 places, 1 sources\n"


def test_the_pre_commit_configuration(tmp_path: Path) -> None:
    assert main(["init", str(tmp_path / "b")]) == 0
    config = yaml.safe_load((tmp_path / "b" / ".pre-commit-config.yaml").read_text("utf-8"))
    (repo,) = config["repos"]
    assert repo["repo"] == PROJECT_URL
    assert re.fullmatch(r"v\d+\.\d+\.\d+", repo["rev"])
    assert repo["hooks"] == [{"id": "facts-check", "args": ["--facts", "."]}]
    readme = (tmp_path / "b" / "README.md").read_text(encoding="utf-8")
    assert "`repo:` the git address of the facts project" in readme
    assert "facts diff --facts ." in readme


def test_never_into_a_folder_that_holds_anything(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    (tmp_path / "notes.txt").write_text("mine", encoding="utf-8")
    assert facts(capsys, "init", str(tmp_path)) == (
        2,
        "",
        f"facts init: {tmp_path} is not empty; give a new or empty folder (nothing was written)\n",
    )
    assert [p.name for p in tmp_path.iterdir()] == ["notes.txt"]
    hidden = tmp_path / "hidden"
    hidden.mkdir()
    (hidden / ".git").mkdir()
    assert facts(capsys, "init", str(hidden))[0] == 2
    assert facts(capsys, "init", str(tmp_path / "notes.txt"))[0] == 2
    empty = tmp_path / "empty"
    empty.mkdir()
    assert facts(capsys, "init", str(empty))[0] == 0


def test_summary_and_search_of_a_new_base(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    folder = tmp_path / "new"
    assert main(["init", str(folder)]) == 0
    capsys.readouterr()
    hint = (
        f"the fact base {folder} is empty: add a source and what it reports to its files "
        "(the README `facts init` wrote says how), then `facts check`"
    )
    assert facts(capsys, "summary", "--facts", str(folder)) == (1, "", f"facts summary: {hint}\n")
    assert facts(capsys, "search", "essen", "--facts", str(folder)) == (
        1,
        "",
        f'no results for "essen": {hint}\n',
    )
