"""How long hostile files take to be refused, and what the loader's limits cost valid files.

    python benchmarks/hostile.py [--base benchmarks/out/10k]

For each case of the hostile corpus (tests/hostile/cases.toml) it prints the time `load`
takes to answer (median of several runs) and the peak memory Python allocated meanwhile.
With --base it also times reading a real-sized base's files with and without the limit check
(libyaml's event stream, walked once before the nodes are built), which is what the limits
cost every valid file.  The tests assert the answers, never the times.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
import tracemalloc
from pathlib import Path

os.environ["FACTS_NO_CACHE"] = "1"  # time the loader, not the cache
ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests"))

from test_hostile_loader import CASES, HOSTILE, MAKE  # noqa: E402

from tui.load import load, yamlread  # noqa: E402


def timed(path: Path, runs: int) -> tuple[float, int]:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        load(path)
        times.append(time.perf_counter() - start)
    tracemalloc.start()
    load(path)
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    return statistics.median(times), peak


def corpus(runs: int) -> None:
    print(f"{'case':28} {'answer':>10} {'peak memory':>12}")
    with tempfile.TemporaryDirectory() as scratch:
        for case in CASES:
            if "file" in case:
                path = HOSTILE / "loader" / case["file"]
            else:
                path = Path(scratch) / f"{case['make']}.yaml"
                MAKE[case["make"]](path)
            seconds, peak = timed(path, runs)
            name = path.name.removesuffix(".yaml")
            print(f"{name:28} {seconds * 1000:8.2f} ms {peak / 1e6:9.2f} MB")


def limit_cost(base: Path, runs: int) -> None:
    """The fact loader (limits counted in PyYAML's composer over libyaml's events) against
    libyaml's own composer with the same resolvers and no limits."""
    files = sorted(base.rglob("*.yaml"))
    texts = [yamlread.decode(f.read_bytes(), str(f))[0] or "" for f in files]
    size = sum(len(t.encode()) for t in texts)

    class Unlimited(yamlread._BaseLoader):  # type: ignore[misc, name-defined]
        yaml_implicit_resolvers = yamlread._FactLoader.yaml_implicit_resolvers

    def parse(limited: bool) -> float:
        # CPU time: the wall clock of a shared machine varies more than the difference.
        start = time.process_time()
        for text in texts:
            if limited:
                yamlread.parse_text(text, "x.yaml")
            else:
                loader = Unlimited(text)
                try:
                    loader.get_single_data()
                finally:
                    loader.dispose()
        return time.process_time() - start

    with_limits = min(parse(True) for _ in range(runs))
    without = min(parse(False) for _ in range(runs))
    print(f"\n{base}: {len(files)} files, {size / 1e6:.1f} MB of YAML (CPU time, best of {runs})")
    print(
        f"parse without limits {without:.2f} s, with {with_limits:.2f} s "
        f"(+{(with_limits / without - 1) * 100:.0f} %)"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--base", type=Path, help="a generated base to time the limit check on")
    args = parser.parse_args()
    corpus(args.runs)
    if args.base:
        limit_cost(args.base, args.runs)


if __name__ == "__main__":
    main()
