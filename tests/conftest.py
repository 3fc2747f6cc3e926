"""Shared fixtures: the shipped fact base, loaded once per test session.

The tests never touch the user's own cache or config, nor each other's between runs: the
cache and the config folder are scratch folders of this session, removed when it ends, and
the settings' environment variables are cleared.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path

import pytest

from tui.load import load
from tui.model import FactBase
from tui.paths import shipped_facts

ROOT = Path(__file__).resolve().parent.parent

_SCRATCH = Path(tempfile.mkdtemp(prefix="facts-test-cache-"))
os.environ["FACTS_CACHE_DIR"] = str(_SCRATCH / "cache")
os.environ["XDG_CONFIG_HOME"] = str(_SCRATCH / "config")
for _name in (
    "FACTS_PATH",
    "FACTS_CONFIG",
    "FACTS_LANG",
    "FACTS_UI_LANG",
    "FACTS_THEME",
    "FACTS_EDITOR",
    "FACTS_PAGER",
    "FACTS_NO_CACHE",
    "LANGUAGE",
    "LC_ALL",
):
    os.environ.pop(_name, None)
# The interface in English, whatever the machine's locale: a C locale sets no language,
# and `--lang ja` would then make the interface Japanese too (tests/test_i18n.py).
os.environ["LC_MESSAGES"] = "en_US.UTF-8"


def pytest_unconfigure(config: pytest.Config) -> None:
    shutil.rmtree(_SCRATCH, ignore_errors=True)


@pytest.fixture(scope="session")
def shipped_path() -> Path:
    return shipped_facts()


@pytest.fixture(scope="session")
def shipped_base(shipped_path: Path) -> FactBase:
    result = load(shipped_path)
    assert result.problems == (), "\n".join(map(str, result.problems))
    assert result.base is not None
    return result.base


def generated_base(out: Path, events: int) -> FactBase:
    """A base of `events` events from benchmarks/generate.py (seed 1), loaded without the
    store: for tests that need trips, people and sources in numbers the shipped base has
    not."""
    import importlib.util
    import sys

    spec = importlib.util.spec_from_file_location("generate", ROOT / "benchmarks" / "generate.py")
    assert spec is not None and spec.loader is not None
    generate = importlib.util.module_from_spec(spec)
    sys.modules["generate"] = generate
    spec.loader.exec_module(generate)
    generate.generate(events, 1, out)
    base = load(out, cache=False).base
    assert base is not None
    return base
