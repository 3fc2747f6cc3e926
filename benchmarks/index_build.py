"""The search index build alone, in-process, over a base read into memory: its CPU and the
resident memory it takes above the base's (README, "index build" table).

    python benchmarks/index_build.py DIR memory    # tables in memory, then their parts
    python benchmarks/index_build.py DIR chunked   # parts built in chunks (what a check does)
    python benchmarks/index_build.py DIR chunked 5000  # with chunks of 5 000 documents

Prints one JSON line.  Resident memory is sampled every 5 ms from /proc (Linux): the peak
while building, minus the resident memory with the base read and nothing built.  The
chunked parts are counted as the store receives them, one at a time, and then dropped.
"""

from __future__ import annotations

import gc
import json
import os
import sys
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

PAGE = os.sysconf("SC_PAGE_SIZE")


def resident() -> int:
    with open("/proc/self/statm") as statm:
        return int(statm.read().split()[1]) * PAGE


class Peak:
    """The largest resident memory seen while it runs."""

    def __init__(self) -> None:
        self.peak = resident()
        self._done = threading.Event()
        self._thread = threading.Thread(target=self._watch, daemon=True)

    def _watch(self) -> None:
        while not self._done.wait(0.005):
            self.peak = max(self.peak, resident())

    def __enter__(self) -> Peak:
        self._thread.start()
        return self

    def __exit__(self, *_: object) -> None:
        self._done.set()
        self._thread.join()
        self.peak = max(self.peak, resident())


def main(argv: list[str]) -> int:
    from tui.collector import collector_paused
    from tui.load import load

    path, mode = Path(argv[0]), argv[1]
    result = load(path, cache=False)
    base = result.base
    if base is None:
        raise SystemExit(f"{path}: not a valid base")
    gc.collect()
    before = resident()
    start = time.process_time()
    parts_bytes = 0
    with Peak() as peak:
        if mode == "memory":
            from tui.search.build import build_tables
            from tui.search.dump import dump_tables

            with collector_paused():
                tables = build_tables(base)
            built_at = resident()
            parts = dump_tables(tables)
            parts_bytes = sum(map(len, parts.values()))
            del parts, tables
        elif mode == "chunked":
            from tui.search.chunked import CHUNK, build_parts

            chunk = int(argv[2]) if len(argv) > 2 else CHUNK
            for _, data in build_parts(base, chunk):
                parts_bytes += len(data)
            built_at = 0
        else:
            raise SystemExit(f"mode {mode!r}: memory or chunked")
    cpu = time.process_time() - start
    mb = 1e6  # as the README counts megabytes
    print(
        json.dumps(
            {
                "mode": mode,
                "entities": len(base),
                "base_mb": round(before / mb, 1),
                "cpu_s": round(cpu, 2),
                "peak_above_base_mb": round((peak.peak - before) / mb, 1),
                "built_above_base_mb": round((built_at - before) / mb, 1) if built_at else None,
                "parts_mb": round(parts_bytes / mb, 1),
            }
        )
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
