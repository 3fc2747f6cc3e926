"""Shared fixtures: the shipped fact base, loaded once per test session."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

import pytest

from tui.load import load
from tui.model import FactBase
from tui.paths import shipped_facts

ROOT = Path(__file__).resolve().parent.parent

# Tests never touch the user's own cache (nor each other's between runs).
os.environ["FACTS_CACHE_DIR"] = tempfile.mkdtemp(prefix="facts-test-cache-")
os.environ.pop("FACTS_PATH", None)


@pytest.fixture(scope="session")
def shipped_path() -> Path:
    return shipped_facts()


@pytest.fixture(scope="session")
def shipped_base(shipped_path: Path) -> FactBase:
    result = load(shipped_path)
    assert result.problems == (), "\n".join(map(str, result.problems))
    assert result.base is not None
    return result.base
