"""How fast search answers while someone types, on a large synthetic base.

    python benchmarks/bench_search.py                    # 100 000 events, seed 1
    python benchmarks/bench_search.py --events 10000 --limit 20
    python benchmarks/bench_search.py --base path/to/base
    python benchmarks/bench_search.py --index opened     # only the index the programs open

Measures, in one run and on one base:
  * loading the YAML (parse + check) and building the search index, side by side (the index
    must not cost more than the load);
  * storing the index as parts (`SearchIndex.dump`) and opening it again
    (`SearchIndex.open`): the time to open it and answer a first query ("wasserstoff", 20
    results), with the parts read from memory and from an SQLite table in a temporary
    file, as `facts search` does on a stored base;
  * every keystroke-prefix of realistic queries ("k", "ku", "kuf", … "kufen 2017") answered
    as the browser asks (`live=True`, `limit` results with snippets), in typing order so the
    term cache helps as it does in the browser: median, 95th percentile and maximum;
  * the same full queries answered by `grep -ric` over the YAML files, for comparison.

The keystrokes are measured on the built index and on the opened one (`--index`): the
programs use the opened one when the base is stored.

Targets (issue 4): median < 5 ms, 95th percentile < 20 ms, index build <= load; (issue 6)
open + first query well under the Python start-up of `facts search` (~0.3 s).
"""

from __future__ import annotations

import argparse
import os
import shutil
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tui.load import fact_files, load  # noqa: E402
from tui.model import FactBase  # noqa: E402
from tui.search.engine import SearchIndex  # noqa: E402

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
    command = [
        sys.executable,
        str(generator),
        "--events",
        str(events),
        "--seed",
        str(seed),
        "--out",
        str(out),
    ]
    subprocess.run(command, check=True, stdout=subprocess.DEVNULL)
    (out / ".complete").write_text("")
    return out


def grep_count(query: str, path: Path) -> tuple[float, float, int]:
    """Wall and CPU seconds and matching lines for `grep -ric QUERY PATH` (the unquoted query
    as one string: what someone would type at a shell)."""
    text = query.replace('"', "")
    started = time.perf_counter()
    before = os.times()
    done = subprocess.run(
        ["grep", "-ric", "--", text, str(path)], capture_output=True, text=True, check=False
    )
    after = os.times()
    elapsed = time.perf_counter() - started
    cpu = (after.children_user - before.children_user) + (
        after.children_system - before.children_system
    )
    total = 0
    for line in done.stdout.splitlines():
        total += int(line.rsplit(":", 1)[-1] or 0)
    return elapsed, cpu, total


def first_query(base: FactBase, read: Callable[[str], bytes | None]) -> tuple[float, float, int]:
    """Wall and CPU seconds to open the index and answer "wasserstoff" (20 results), and how
    many bytes of parts that read."""
    sizes: list[int] = []

    def counted(name: str) -> bytes | None:
        data = read(name)
        sizes.append(len(data or b""))
        return data

    wall, cpu = time.perf_counter(), time.process_time()
    SearchIndex.open(base, counted).query("wasserstoff", limit=20)
    return time.perf_counter() - wall, time.process_time() - cpu, sum(sizes)


def stored_index(base: FactBase, index: SearchIndex) -> SearchIndex:
    """The index dumped, written to an SQLite table in a temporary file and opened again:
    what a program that finds the base stored uses."""
    started, cpu = time.perf_counter(), time.process_time()
    parts = index.dump()
    print(
        f"index dump:           {time.perf_counter() - started:7.2f} s wall, "
        f"{time.process_time() - cpu:7.2f} s CPU; {len(parts)} parts, "
        f"{sum(map(len, parts.values())) / 1e6:.1f} MB"
    )
    with tempfile.TemporaryDirectory(prefix="bench-search-") as folder:
        connection = sqlite3.connect(Path(folder) / "parts.sqlite")
        connection.execute("CREATE TABLE parts(name TEXT PRIMARY KEY, data BLOB)")
        connection.executemany("INSERT INTO parts VALUES (?, ?)", parts.items())
        connection.commit()

        def from_file(name: str) -> bytes | None:
            row = connection.execute("SELECT data FROM parts WHERE name = ?", (name,)).fetchone()
            return None if row is None else row[0]

        for label, read in (("memory", parts.get), ("SQLite file", from_file)):
            runs = [first_query(base, read) for _ in range(5)]
            wall, cpu, size = min(runs)
            print(
                f"open + first query, parts from {label + ':':<12} {wall * 1000:6.1f} ms wall, "
                f"{cpu * 1000:6.1f} ms CPU (best of 5; {size / 1e6:.1f} MB of parts read)"
            )
        connection.close()
    return SearchIndex.open(base, parts.get)


def keystrokes(index: SearchIndex, limit: int, greps: dict[str, tuple[float, float, int]]) -> None:
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
    print(
        f"  {'query':<28} {'median':>8} {'max':>8} {'cpu med':>8} {'results':>8}  | "
        f"{'grep -ric ms':>12} {'cpu ms':>8} {'lines':>7}"
    )
    for query, total, median, worst, cpu in rows:
        grep_wall, grep_cpu, grep_lines = greps[query]
        print(
            f"  {query:<28} {ms(median)} {ms(worst)} {ms(cpu)} {total:>8}  | "
            f"{ms(grep_wall):>12} {ms(grep_cpu)} {grep_lines:>7}"
        )
    for label, values in (("wall clock", every_wall), ("CPU time", every_cpu)):
        print(
            f"  {label}, all {len(values)} keystrokes: "
            f"median {ms(statistics.median(values)).strip()} ms, "
            f"95th percentile {ms(percentile(values, 0.95)).strip()} ms, "
            f"max {ms(max(values)).strip()} ms"
        )
    print(
        f"  grep -ric per full query: median "
        f"{ms(statistics.median(g[0] for g in greps.values())).strip()} ms wall, "
        f"{ms(statistics.median(g[1] for g in greps.values())).strip()} ms CPU"
    )


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--events", type=int, default=100_000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--base", type=Path, help="use this base instead of generating one")
    parser.add_argument(
        "--limits",
        default="20,50",
        help="results per query, one pass each (20: a screenful; 50: the default)",
    )
    parser.add_argument(
        "--index",
        choices=("built", "opened", "both"),
        default="both",
        help="measure keystrokes on the index as built, as opened from its parts, or both",
    )
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
    print(
        f"entities: {len(base)} ({len(base.events)} events); "
        f"vocabulary: {len(index.tables.vocab)} words"
    )
    print(f"load (parse + check): {load_seconds:7.2f} s wall, {load_cpu:7.2f} s CPU")
    print(
        f"index build:          {build_seconds:7.2f} s wall, {build_cpu:7.2f} s CPU "
        f"({build_cpu / load_cpu:.0%} of the load's CPU time)"
    )
    print(f"machine load average: {os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs")

    indexes = {"built": index, "opened": stored_index(base, index)}
    greps = {query: grep_count(query, path) for query in QUERIES}
    for name, measured in indexes.items():
        if args.index not in (name, "both"):
            continue
        for limit in (int(part) for part in args.limits.split(",")):
            measured.forget()
            print(f"\n{name} index:", end="")
            keystrokes(measured, limit, greps)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
