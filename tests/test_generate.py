"""The benchmark's synthetic bases: valid, as rich as real ones, and the same for a seed."""

from __future__ import annotations

import importlib.util
import subprocess
import sys
from pathlib import Path
from types import ModuleType

import pytest

from tui.load import load
from tui.model import FactBase

ROOT = Path(__file__).resolve().parent.parent


def _generator() -> ModuleType:
    spec = importlib.util.spec_from_file_location("generate", ROOT / "benchmarks" / "generate.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules["generate"] = module
    spec.loader.exec_module(module)
    return module


generate = _generator()


def build(tmp_path: Path, events: int, seed: int = 1) -> FactBase:
    out = tmp_path / f"base-{events}-{seed}"
    generate.generate(events, seed, out)
    result = load(out, cache=False)
    assert result.problems == (), "\n".join(map(str, result.problems[:5]))
    assert result.base is not None
    return result.base


@pytest.fixture(scope="module")
def base_400(tmp_path_factory: pytest.TempPathFactory) -> FactBase:
    return build(tmp_path_factory.mktemp("generated"), 400)


@pytest.mark.parametrize("events", [1, 7])
def test_every_size_passes_check_with_exactly_that_many_events(tmp_path: Path, events: int) -> None:
    assert len(build(tmp_path, events).events) == events


def test_a_bigger_base_passes_check_too(base_400: FactBase) -> None:
    assert len(base_400.events) == 400


def test_events_are_as_rich_as_a_real_base(base_400: FactBase) -> None:
    base = base_400
    events = base.events
    for lang in ("de", "en", "ja"):
        assert all(dict(e.name.items).get(lang) for e in events), lang
    assert all(e.description.get("de") and e.description.get("en") for e in events)
    assert sum(bool(dict(e.description.items).get("ja")) for e in events) > len(events) // 2
    assert all(e.participants and e.themes and e.sources for e in events)
    assert max(len(base.ancestors(e.id)) for e in events) == 2  # trip > visit > side talk
    assert sum(1 for e in events if e.part_of) > len(events) // 2
    assert {p.kind for p in base.participants} == {"person", "organisation", "government"}
    assert {s.language for s in base.sources} == {"de", "en", "ja"}
    assert any(t.broader for t in base.themes)
    assert any(e.figures for e in events) and any(e.outcomes for e in events)


def test_the_same_seed_gives_the_same_bytes(tmp_path: Path) -> None:
    def files(seed: int, name: str) -> dict[str, bytes]:
        out = tmp_path / name
        generate.generate(300, seed, out)
        return {str(p.relative_to(out)): p.read_bytes() for p in sorted(out.rglob("*.yaml"))}

    first = files(5, "a")
    assert files(5, "b") == first
    assert files(6, "c") != first


def test_big_collections_are_split_into_files_under_the_limit(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(generate, "CHUNK_BYTES", 20_000)
    out = tmp_path / "split"
    written = generate.generate(120, 2, out)
    assert len(written) > 10
    assert all(path.stat().st_size < 40_000 for path in written)
    assert len(build_from(out).events) == 120


def build_from(out: Path) -> FactBase:
    result = load(out, cache=False)
    assert result.problems == ()
    assert result.base is not None
    return result.base


def test_regenerating_into_a_folder_replaces_the_old_base(tmp_path: Path) -> None:
    out = tmp_path / "again"
    generate.generate(300, 1, out)
    generate.generate(5, 1, out)
    assert len(build_from(out).events) == 5


def test_the_command_line(tmp_path: Path) -> None:
    out = tmp_path / "cli"
    done = subprocess.run(
        [
            sys.executable,
            str(ROOT / "benchmarks" / "generate.py"),
            "--events",
            "30",
            "--seed",
            "3",
            "--out",
            str(out),
        ],
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert done.stderr.startswith("wrote ") and "30 events" in done.stderr
    assert len(build_from(out).events) == 30
