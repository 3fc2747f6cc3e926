"""Where the fact base is: the command line, then FACTS_PATH, then the shipped base."""

from __future__ import annotations

import os
from pathlib import Path

ENV_VAR = "FACTS_PATH"
_PACKAGE = Path(__file__).resolve().parent


def shipped_facts() -> Path:
    """The fact base that comes with the program: inside an installed wheel, or the checkout's
    top-level `facts/` when running from source (an editable install)."""
    inside = _PACKAGE / "shipped_facts"
    return inside if inside.is_dir() else _PACKAGE.parent / "facts"


def facts_path(option: str | None) -> Path:
    if option:
        return Path(option)
    from_env = os.environ.get(ENV_VAR)
    if from_env:
        return Path(from_env)
    return shipped_facts()


def output_folder(facts: Path, cwd: Path | None = None) -> Path:
    """Where the browser writes an export: the working folder, unless that lies inside the
    fact base (people often start `facts` from there), in which case the home folder, so that
    nothing the program writes ever lands among the fact files."""
    here = (cwd or Path.cwd()).resolve()
    base = facts.resolve()
    root = base if base.is_dir() else base.parent
    if here == root or root in here.parents:
        return Path.home()
    return here
