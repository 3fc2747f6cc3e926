"""A chunked index build killed by a signal leaves its spill file in the cache folder: the
store's sweep of stale temporaries removes it, and never one whose build still runs."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tui.store.folder import remove_stale

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="advisory locks only")

HOLD = """
import sys, time
from tui.search.spill import Spill
spill = Spill(sys.argv[1])
spill.put(0, 0, 0, {})
print(spill.path, flush=True)
time.sleep(120)
"""


def _start(folder: Path) -> tuple[subprocess.Popen[str], Path]:
    child = subprocess.Popen(
        [sys.executable, "-c", HOLD, str(folder)], stdout=subprocess.PIPE, text=True
    )
    assert child.stdout is not None
    path = Path(child.stdout.readline().strip())
    assert path.parent == folder and path.exists()
    return child, path


def _age(path: Path) -> None:
    old = time.time() - 3600
    os.utime(path, (old, old))


def test_a_killed_builds_spill_is_swept(tmp_path: Path) -> None:
    child, path = _start(tmp_path)
    child.send_signal(signal.SIGKILL)
    child.wait()
    _age(path)
    remove_stale(tmp_path)
    assert list(tmp_path.iterdir()) == []


def test_a_running_builds_spill_is_kept(tmp_path: Path) -> None:
    child, path = _start(tmp_path)
    try:
        _age(path)
        remove_stale(tmp_path)
        assert path.exists()
    finally:
        child.kill()
        child.wait()
