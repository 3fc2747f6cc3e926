"""The pages the README shows are the pages the program prints (at 100 columns), so that a
reader checking the README's words against the tool finds them true."""

from __future__ import annotations

from pathlib import Path

import pytest

from tui.cli import main

README = Path(__file__).resolve().parent.parent / "README.md"


@pytest.mark.parametrize(
    "command", ["facts show paul-hoeller", "facts met duesseldorf-delegation-2025"]
)
def test_the_readme_example_is_what_is_printed(
    command: str, capsys: pytest.CaptureFixture[str]
) -> None:
    text = README.read_text(encoding="utf-8")
    shown = text.split(f"```\n$ {command}\n", 1)[1].split("```", 1)[0]
    assert main([*command.split()[1:], "--width", "100"]) == 0
    assert capsys.readouterr().out == shown
