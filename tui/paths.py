"""Where the fact base is: the command line, then FACTS_PATH, then the shipped base."""

from __future__ import annotations

import os
import sys
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


def user_folder(kind: str) -> Path:
    """The user's folder of `kind` ("config" or "cache") for facts, as platformdirs names it.

    On Linux that is $XDG_CONFIG_HOME/facts (or $XDG_CACHE_HOME/facts) when the variable is an
    absolute path, else ~/.config/facts (~/.cache/facts): worked out here, since importing
    platformdirs costs every start about 10 ms (tempfile, shutil, random…; the README's "A
    lean start").  Anywhere else, and in the rare cases on Linux that platformdirs treats with
    care of its own (a HOME that is not absolute, a relative XDG value, Android), it asks
    platformdirs; a test holds the two together."""
    variable = f"XDG_{kind.upper()}_HOME"
    value = os.environ.get(variable, "")
    home = os.environ.get("HOME", "")
    if (
        sys.platform == "linux"
        and "ANDROID_DATA" not in os.environ
        and os.path.isabs(home)
        and (os.path.isabs(value) or not value)
    ):
        return Path(value or os.path.join(home, f".{kind}")) / "facts"
    import platformdirs

    if kind == "config":
        return Path(platformdirs.user_config_dir("facts", appauthor=False, roaming=True))
    return Path(platformdirs.user_cache_dir("facts", appauthor=False))
