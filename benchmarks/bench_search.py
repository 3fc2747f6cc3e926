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


def grep_count(query: str, path: Path) -> tuple[float, int]:
    """Seconds and matching lines for `grep -ric QUERY PATH` (the unquoted query as one
    string: what someone would type at a shell)."""
    text = query.replace('"', "")
    started = time.perf_counter()
    done = subprocess.run(["grep", "-ric", "--", text, str(path)], capture_output=True,
                          text=True, check=False)
    elapsed = time.perf_counter() - started
    total = 0
    for line in done.stdout.splitlines():
        total += int(line.rsplit(":", 1)[-1] or 0)
    return elapsed, total


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--events", type=int, default=100_000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--base", type=Path, help="use this base instead of generating one")
    parser.add_argument("--limit", type=int, default=50, help="results per query (50)")
    args = parser.parse_args()

    path = args.base or generate(args.events, args.seed)
    files = fact_files(path)
    size = sum(f.stat().st_size for f in files)
    print(f"base: {path} ({len(files)} files, {size / 1e6:.1f} MB)")

    started = time.perf_counter()
    result = load(path)
    load_seconds = time.perf_counter() - started
    if result.base is None:
        print(f"the base has {len(result.problems)} problems", file=sys.stderr)
        return 1
    base = result.base

    started = time.perf_counter()
    index = SearchIndex.build(base)
    build_seconds = time.perf_counter() - started
    print(f"entities: {len(base)} ({len(base.events)} events); "
          f"vocabulary: {len(index.vocab)} words")
    print(f"load (parse + check): {load_seconds:7.2f} s")
    print(f"index build:          {build_seconds:7.2f} s  "
          f"({build_seconds / load_seconds:.0%} of the load)")

    every: list[float] = []
    rows: list[tuple[str, int, float, float, float, int]] = []
    for query in QUERIES:
        times: list[float] = []
        total = 0
        for typed in prefixes(query):
            started = time.perf_counter()
            answer = index.query(typed, live=True, limit=args.limit)
            times.append(time.perf_counter() - started)
            total = answer.total
        every.extend(times)
        grep_seconds, grep_lines = grep_count(query, path)
        rows.append((query, total, statistics.median(times), max(times), grep_seconds, grep_lines))

    print()
    print(f"per keystroke, limit={args.limit} (ms)     search: median     max   "
          "| full query: results | grep -ric: ms   lines")
    for query, total, median, worst, grep_seconds, grep_lines in rows:
        print(f"  {query:<34} {ms(median)} {ms(worst)}   | {total:>19} | "
              f"{ms(grep_seconds)} {grep_lines:>7}")
    print()
    print(f"all {len(every)} keystrokes: median {ms(statistics.median(every)).strip()} ms, "
          f"95th percentile {ms(percentile(every, 0.95)).strip()} ms, "
          f"max {ms(max(every)).strip()} ms")
    greps = [row[4] for row in rows]
    print(f"grep -ric per full query: median {ms(statistics.median(greps)).strip()} ms")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
