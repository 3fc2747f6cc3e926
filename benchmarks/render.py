"""How long `facts show`, `facts summary` and `facts export` take, start-up included.

    /tmp/venv/bin/python benchmarks/render.py                      # the shipped base
    /tmp/venv/bin/python benchmarks/render.py benchmarks/out/10k   # a generated base

Each command runs as a fresh process (what a user waits for), output to a pipe at width
100; the figure is the median of --runs runs.  The import line shows what start-up alone
costs and that Textual is not among the imports.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path


def timed(argv: list[str], runs: int) -> tuple[float, int]:
    times = []
    lines = 0
    for _ in range(runs):
        start = time.perf_counter()
        done = subprocess.run(argv, capture_output=True, text=True, check=True,
                              env={**os.environ, "COLUMNS": "100"})
        times.append(time.perf_counter() - start)
        lines = done.stdout.count("\n")
    return statistics.median(times), lines


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("facts", nargs="?", help="fact base (default: the shipped one)")
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--no-export", action="store_true",
                        help="leave out the whole-base exports (minutes on a 10 000-event base)")
    args = parser.parse_args()
    base = ["--facts", args.facts] if args.facts else []
    facts = [sys.executable, "-m", "tui"]
    probe = ("import sys, time; t = time.perf_counter(); import tui.cli; "
             "print(f'{time.perf_counter() - t:.3f}', "
             "any(m.startswith('textual') for m in sys.modules))")
    out = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True,
                         check=True).stdout.split()
    print(f"import tui.cli: {float(out[0]) * 1000:.0f} ms, Textual imported: {out[1]}")
    first = _first_ids(args.facts)
    cases = [
        ("show event", ["show", first["event"], "--no-pager"]),
        ("show theme", ["show", first["theme"], "--no-pager"]),
        ("show participant", ["show", first["participant"], "--no-pager"]),
        ("summary", ["summary", "--no-pager"]),
    ]
    if not args.no_export:
        cases += [
            ("export markdown", ["export", "--format", "markdown"]),
            ("export html", ["export", "--format", "html"]),
        ]
    for label, argv in cases:
        seconds, lines = timed([*facts, *argv, *base], args.runs)
        print(f"{label:<17} {seconds * 1000:7.0f} ms  ({lines} lines)")
    return 0


def _first_ids(facts: str | None) -> dict[str, str]:
    """The first event, theme and participant of the base (no need to know its ids)."""
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
    from tui.load import load
    from tui.paths import facts_path

    result = load(facts_path(facts))
    if result.base is None:
        raise SystemExit(f"not a valid fact base: {facts}")
    b = result.base
    return {"event": b.events[0].id, "theme": b.themes[0].id, "participant": b.participants[0].id}


if __name__ == "__main__":
    raise SystemExit(main())
