"""Problems for programs: as JSON (`facts check --format json`) and as GitHub workflow
commands (`--format github`), which GitHub shows as annotations on the lines of a pull
request."""

from __future__ import annotations

import os
from collections.abc import Sequence
from typing import Any

from tui.load.problems import Problem
from tui.safetext import safe_line

__all__ = ["github_line", "problems_data"]


def problems_data(problems: Sequence[Problem]) -> dict[str, Any]:
    """`{"ok", "problems": [{"path", "line", "column", "message"}]}`; line and column are
    0 for a file or folder that could not be read at all."""
    return {
        "ok": not problems,
        "problems": [
            {"path": p.path, "line": p.line, "column": p.column, "message": p.message}
            for p in problems
        ],
    }


def github_line(problem: Problem) -> str:
    """`::error file=…,line=…,col=…::message`, escaped as GitHub's workflow commands need:
    `%`, CR and LF everywhere, and `:` and `,` inside the properties too.  The path is made
    relative to the current folder (the checkout, in a workflow), for GitHub to find it."""
    path = problem.path
    if os.path.isabs(path):
        relative = os.path.relpath(path)
        path = path if relative.startswith("..") else relative
    properties = [f"file={escape_property(safe_line(path))}"]
    if problem.line:
        properties += [f"line={problem.line}", f"col={problem.column}"]
    return f"::error {','.join(properties)}::{escape_data(safe_line(problem.message))}"


def escape_data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def escape_property(text: str) -> str:
    return escape_data(text).replace(":", "%3A").replace(",", "%2C")
