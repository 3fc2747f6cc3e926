"""How fast search answers while someone types, on a large synthetic base.

    python benchmarks/bench_search.py                    # 100 000 events, seed 1
    python benchmarks/bench_search.py --events 10000 --limit 20
    python benchmarks/bench_search.py --base path/to/base

Measures, in one run and on one base:
  * loading the YAML (parse + check) and building the search index, side by side (the index
    must not cost more than the load);
  * every keystroke-prefix of realistic queries ("k", "ku", "kuf", … "kufen 2017") answered
    as the browser asks (`live=True`, `limit` results with snippets), in typing order so the
    term cache helps as it does in the browser: median, 95th percentile and maximum;
  * the same full queries answered by `grep -ric` over the YAML files, for comparison.

Targets (issue 4): median < 5 ms, 95th percentile < 20 ms, index build <= load.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tui.load import fact_files, load  # noqa: E402
from tui.search import SearchIndex  # noqa: E402

QUERIES: tuple[str, ...] = (
    "kufen 2017",
    "kazuo tanaka 2018",
    "wasserstoff",
    "hydrogen",
    "dusseldorf",
    "düsseldorf empfang",
    "郡山",
    "東京 代表団",
    "aoba logistik",
    "delegation aachen koriyama",
    "medizintechnik",
    "rakuten symphonie",
    "toshiba batterie",
    '"delegation of aachen"',
    "kind:signing hydrogen",
    "theme:hydrogen year:2020",
    "participant:tanaka empfang",
    "yamato hydrogen gmbh",
    "reception 2019",
    "smart mobility osaka",
)


def prefixes(query: str) -> list[str]:
    return [query[:end] for end in range(1, len(query) + 1) if query[end - 1] != " "]


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


def ms(seconds: float) -> str:
    return f"{seconds * 1000:8.2f}"


def generate(events: int, seed: int) -> Path:
    out = ROOT / "benchmarks" / "out" / f"search-{events}-s{seed}"
    if (out / ".complete").exists():
        return out
    generator = ROOT / "benchmarks" / "generate.py"
    if out.exists():
        shutil.rmtree(out)
    command = [sys.executable, str(generator), "--events", str(events), "--seed", str(seed),
               "--out", str(out)]
    subprocess.run(command, check=True, stdout=subprocess.DEVNULL)
    (out / ".complete").write_text("")
    return out


def grep_count(query: str, path: Path) -> tuple[float, float, int]:
    """Wall and CPU seconds and matching lines for `grep -ric QUERY PATH` (the unquoted query
    as one string: what someone would type at a shell)."""
    text = query.replace('"', "")
    started = time.perf_counter()
    before = os.times()
    done = subprocess.run(["grep", "-ric", "--", text, str(path)], capture_output=True,
                          text=True, check=False)
    after = os.times()
    elapsed = time.perf_counter() - started
    cpu = (after.children_user - before.children_user) + (
        after.children_system - before.children_system
    )
    total = 0
    for line in done.stdout.splitlines():
        total += int(line.rsplit(":", 1)[-1] or 0)
    return elapsed, cpu, total


def keystrokes(
    index: SearchIndex, limit: int, greps: dict[str, tuple[float, float, int]]
) -> None:
    """Every prefix of every query, in typing order.  Wall-clock time is what a person waits
    for; CPU time is what the search itself costs, whatever else the machine is doing."""
    every_wall: list[float] = []
    every_cpu: list[float] = []
    rows: list[tuple[str, int, float, float, float]] = []
    for query in QUERIES:
        walls: list[float] = []
        cpus: list[float] = []
        total = 0
        for typed in prefixes(query):
            wall, cpu = time.perf_counter(), time.process_time()
            answer = index.query(typed, live=True, limit=limit)
            cpus.append(time.process_time() - cpu)
            walls.append(time.perf_counter() - wall)
            total = answer.total
        every_wall.extend(walls)
        every_cpu.extend(cpus)
        rows.append((query, total, statistics.median(walls), max(walls), statistics.median(cpus)))
    print()
    print(f"every keystroke, {limit} results with snippets (ms):")
    print(f"  {'query':<28} {'median':>8} {'max':>8} {'cpu med':>8} {'results':>8}  | "
          f"{'grep -ric ms':>12} {'cpu ms':>8} {'lines':>7}")
    for query, total, median, worst, cpu in rows:
        grep_wall, grep_cpu, grep_lines = greps[query]
        print(f"  {query:<28} {ms(median)} {ms(worst)} {ms(cpu)} {total:>8}  | "
              f"{ms(grep_wall):>12} {ms(grep_cpu)} {grep_lines:>7}")
    for label, values in (("wall clock", every_wall), ("CPU time", every_cpu)):
        print(f"  {label}, all {len(values)} keystrokes: "
              f"median {ms(statistics.median(values)).strip()} ms, "
              f"95th percentile {ms(percentile(values, 0.95)).strip()} ms, "
              f"max {ms(max(values)).strip()} ms")
    print(f"  grep -ric per full query: median "
          f"{ms(statistics.median(g[0] for g in greps.values())).strip()} ms wall, "
          f"{ms(statistics.median(g[1] for g in greps.values())).strip()} ms CPU")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--events", type=int, default=100_000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--base", type=Path, help="use this base instead of generating one")
    parser.add_argument("--limits", default="20,50",
                        help="results per query, one pass each (20: a screenful; 50: the default)")
    args = parser.parse_args()

    path = args.base or generate(args.events, args.seed)
    files = fact_files(path)
    size = sum(f.stat().st_size for f in files)
    print(f"base: {path} ({len(files)} files, {size / 1e6:.1f} MB)")

    started, cpu = time.perf_counter(), time.process_time()
    result = load(path, cache=False)  # the YAML itself, not the load cache
    load_seconds = time.perf_counter() - started
    load_cpu = time.process_time() - cpu
    if result.base is None:
        print(f"the base has {len(result.problems)} problems", file=sys.stderr)
        return 1
    base = result.base

    started, cpu = time.perf_counter(), time.process_time()
    index = SearchIndex.build(base)
    build_seconds = time.perf_counter() - started
    build_cpu = time.process_time() - cpu
    print(f"entities: {len(base)} ({len(base.events)} events); "
          f"vocabulary: {len(index.vocab)} words")
    print(f"load (parse + check): {load_seconds:7.2f} s wall, {load_cpu:7.2f} s CPU")
    print(f"index build:          {build_seconds:7.2f} s wall, {build_cpu:7.2f} s CPU "
          f"({build_cpu / load_cpu:.0%} of the load's CPU time)")
    print(f"machine load average: {os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs")

    greps = {query: grep_count(query, path) for query in QUERIES}
    for limit in (int(part) for part in args.limits.split(",")):
        index.forget()
        keystrokes(index, limit, greps)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
