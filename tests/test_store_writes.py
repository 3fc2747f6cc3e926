"""Writing the store leaves a complete store or nothing: killed, out of space or interrupted.

The kill and the full disk are real: a `facts` process killed with SIGKILL in the middle of
writing, and one whose files may not grow past a limit (RLIMIT_FSIZE), as on a full disk.
"""

from __future__ import annotations

import contextlib
import gc
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tui import store
from tui.load import load

ROOT = Path(__file__).resolve().parent.parent
LONG_AGO = 1_500_000_000


@pytest.fixture
def cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "cache"
    monkeypatch.setenv("FACTS_CACHE_DIR", str(folder))
    monkeypatch.delenv("FACTS_NO_CACHE", raising=False)
    return folder


@pytest.fixture
def facts(tmp_path: Path, shipped_path: Path) -> Path:
    folder = tmp_path / "facts"
    shutil.copytree(shipped_path, folder)
    for file in folder.rglob("*.yaml"):
        os.utime(file, (LONG_AGO, LONG_AGO))
    return folder


def facts_process(*args: str, prelude: str = "", **kwargs: object) -> subprocess.Popen[str]:
    """`facts ARGS` in a process of its own; `prelude` runs first (to slow a step down)."""
    code = f"{prelude}\nimport sys\nfrom tui.cli import main\nsys.exit(main(sys.argv[1:]))"
    return subprocess.Popen(
        [sys.executable, "-c", code, *args],
        cwd=ROOT,
        text=True,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        **kwargs,
    )  # type: ignore[call-overload]


def expected_output(facts: Path, *args: str) -> str:
    done = subprocess.run(
        [sys.executable, "-m", "tui", *args, "--facts", str(facts)],
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=120,
        env={**os.environ, "FACTS_NO_CACHE": "1"},
    )
    assert done.returncode == 0, done.stderr
    return done.stdout


SLOW_WRITE = """
import sys, time
import tui.store.writer as writer
insert = writer._insert_file
def slow(*args):
    insert(*args)
    print("writing", file=sys.stderr, flush=True)
    time.sleep(60)
writer._insert_file = slow
"""


def age(path: Path) -> None:
    """As if written a while ago: a temporary file just made may not be locked yet, so a
    writer leaves young ones alone."""
    os.utime(path, (time.time() - 60, time.time() - 60))


def test_a_write_killed_midway_leaves_no_store_and_the_next_writer_clears_it_away(
    cache: Path, facts: Path
) -> None:
    expected = expected_output(facts, "show", "essen-japan-trip-2017")
    victim = facts_process(
        "show", "essen-japan-trip-2017", "--facts", str(facts), prelude=SLOW_WRITE
    )
    assert victim.stderr is not None
    assert victim.stderr.readline() == "writing\n"
    victim.kill()  # SIGKILL: nothing of the program runs any more
    victim.communicate(timeout=30)
    (left,) = cache.iterdir()
    assert left.name.endswith(".tmp")  # half written, never renamed into place
    assert store.opened(facts) is None
    age(left)
    after = facts_process("show", "essen-japan-trip-2017", "--facts", str(facts))
    out, err = after.communicate(timeout=120)
    assert (after.returncode, out, err) == (0, expected, "")
    assert [p.suffix for p in cache.iterdir()] == [".sqlite"]  # the stale one is gone
    assert store.opened(facts) is not None


def test_a_writer_leaves_the_files_another_writer_is_still_writing(
    cache: Path, facts: Path
) -> None:
    busy = facts_process("check", "--facts", str(facts), prelude=SLOW_WRITE)
    assert busy.stderr is not None
    try:
        assert busy.stderr.readline() == "writing\n"
        (writing,) = cache.iterdir()
        age(writing)  # old, but locked by a living writer
        assert load(facts).ok
        assert writing.exists()
    finally:
        busy.kill()
        busy.communicate(timeout=30)


FULL_DISK = """
import resource, signal
signal.signal(signal.SIGXFSZ, signal.SIG_IGN)  # a write past the limit fails (EFBIG)
resource.setrlimit(resource.RLIMIT_FSIZE, ({limit}, {limit}))
"""


@pytest.fixture
def hostile(tmp_path: Path) -> Path:
    """The hostile base: its search index (long words, every script) is larger than its
    store, so a limit can let the one be written and not the other."""
    folder = tmp_path / "hostile"
    shutil.copytree(ROOT / "tests" / "hostile" / "base", folder)
    for file in folder.rglob("*.yaml"):
        os.utime(file, (LONG_AGO, LONG_AGO))
    return folder


@pytest.mark.parametrize("room", ["none", "for-the-base-only"])
@pytest.mark.parametrize("command", [["show", "hostile-event"], ["search", "hostile"]])
def test_a_disk_that_fills_while_the_store_is_written_leaves_nothing_behind(
    cache: Path,
    hostile: Path,
    tmp_path: Path,
    room: str,
    command: list[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The answer is the same (from the fact files), and what was written is removed: a
    store cut short, or the search index beside it (when the base fits and its index does
    not)."""
    facts = hostile
    monkeypatch.setenv("FACTS_CACHE_DIR", str(tmp_path / "measure"))
    facts_process("search", "hostile", "--facts", str(facts)).communicate(timeout=120)
    sizes = sorted(p.stat().st_size for p in (tmp_path / "measure").iterdir())
    base_size = store.cache_file(facts).stat().st_size
    monkeypatch.setenv("FACTS_CACHE_DIR", str(cache))
    limit = 20_000 if room == "none" else base_size
    assert len(sizes) == 2 and max(sizes) > base_size  # the index (the larger) cannot fit
    expected = expected_output(facts, *command)
    for _ in range(2):  # and again, with the disk still full
        full = facts_process(*command, "--facts", str(facts), prelude=FULL_DISK.format(limit=limit))
        out, err = full.communicate(timeout=120)
        assert (full.returncode, out, err) == (0, expected, "")
        assert not [p for p in cache.iterdir() if p.suffix == ".tmp"]
    left = sorted(p.name for p in cache.iterdir())
    if room == "none":
        assert left == []
    else:
        assert left == [store.cache_file(facts).name]
        assert store.opened(facts) is not None


def test_an_interrupted_write_removes_its_file(
    cache: Path, facts: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Ctrl-C (or any other way out) in the middle of writing."""
    import tui.store.writer as writer

    def interrupted(*_: object) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr(writer, "_insert_file", interrupted)
    with pytest.raises(KeyboardInterrupt):
        load(facts)
    assert list(cache.iterdir()) == []


def test_a_failed_update_keeps_the_previous_store_and_leaves_nothing_behind(
    cache: Path, facts: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import tui.store.writer as writer

    assert load(facts).ok
    before = {p.name: p.read_bytes() for p in cache.iterdir()}
    (facts / "themes.yaml").write_text(
        (facts / "themes.yaml").read_text(encoding="utf-8") + "\n", encoding="utf-8"
    )

    def full(*_: object) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(writer, "_insert_file", full)
    assert load(facts).ok  # answered from the files
    assert {p.name: p.read_bytes() for p in cache.iterdir()} == before


def _open_store_files() -> list[str]:
    """The store files this process holds open (a store replaced since shows as deleted)."""
    found = []
    for fd in os.listdir("/proc/self/fd"):
        with contextlib.suppress(OSError):
            target = os.readlink(f"/proc/self/fd/{fd}")
            if ".sqlite" in target:
                found.append(target)
    return found


@pytest.mark.skipif(not Path("/proc/self/fd").is_dir(), reason="needs /proc (Linux)")
def test_loads_after_edits_keep_no_replaced_store_open(cache: Path, facts: Path) -> None:
    """The soak test's finding: every reload after an edit left the store it updated open
    (a file descriptor and SQLite's pages each time: 10 -> 112 descriptors in ten minutes).
    Whatever the loads return is dropped, so no store file may stay open at all."""
    before = _open_store_files()
    themes = facts / "themes.yaml"
    text = themes.read_text(encoding="utf-8")
    for step in range(4):
        themes.write_text(f"{text}\n# edit {step}\n", encoding="utf-8")
        result = load(facts)
        assert result.base is not None and not result.problems
        del result
        gc.collect()
    assert _open_store_files() == before


@pytest.mark.skipif(not Path("/proc/self/fd").is_dir(), reason="needs /proc (Linux)")
def test_reloads_with_the_search_index_keep_no_store_open(cache: Path, facts: Path) -> None:
    """The browser's reload (base and search index, built under a paused collector that
    freezes what it made): a SQLite connection is its own reference cycle, so one dropped
    without closing stayed open for good once frozen (the soak test: 10 -> 41 descriptors
    in ten minutes, after the fix above)."""
    from tui.load import load_with
    from tui.search.engine import SearchIndex

    before = _open_store_files()
    themes = facts / "themes.yaml"
    text = themes.read_text(encoding="utf-8")
    for step in range(4):
        themes.write_text(f"{text}\n# edit {step}\n", encoding="utf-8")
        result, extras = load_with(facts, {"search": SearchIndex})
        assert result.base is not None and extras["search"] is not None
        del result, extras
    assert _open_store_files() == before
