"""How fast `facts met` answers, and what the network exports cost, on a big base.

    python benchmarks/bench_met.py --base /path/to/100k          # a base that exists
    python benchmarks/bench_met.py --events 100000               # generated into benchmarks/out/

With a valid store (the first run writes it into FACTS_CACHE_DIR, default a folder under
benchmarks/out/), every command runs as a fresh process, the pairs alternating so that a
busy machine slows both alike; the table gives the median CPU seconds (user + system, all
threads) and wall seconds, the peak resident memory, and the output's size:

  facts show P            the busiest participant's page (the yardstick of the issue)
  facts met P             whom P met, as text, and as --json
  facts export graphml    the whole network, GraphML, GEXF, CSV, next to the JSON export
  facts export graphml P  a selection: P with the participants of P's events

The busiest participant is the one in the most events.  Targets: `facts met` within 2x
`facts show`; exports streaming (peak memory that of holding the base, not the document).
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "benchmarks" / "out"
sys.path.insert(0, str(ROOT))


def run(argv: list[str], env: dict[str, str]) -> tuple[float, float, int, int]:
    """(cpu s, wall s, peak RSS MB, bytes written) of one fresh process."""
    start = time.perf_counter()
    process = subprocess.Popen(argv, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, env=env)
    assert process.stdout is not None
    size = 0
    while chunk := process.stdout.read(1 << 16):
        size += len(chunk)
    _, status, usage = os.wait4(process.pid, 0)
    wall = time.perf_counter() - start
    process.returncode = os.waitstatus_to_exitcode(status)
    if process.returncode != 0:
        raise SystemExit(f"{' '.join(argv)} exited {process.returncode}")
    return usage.ru_utime + usage.ru_stime, wall, usage.ru_maxrss // 1024, size


def busiest(base_path: Path, env: dict[str, str]) -> str:
    code = (
        "import sys; from pathlib import Path; from tui.load import load\n"
        "base = load(Path(sys.argv[1])).base\n"
        "print(max(base.participants, key=lambda p: len(base.event_ids_of(p.id))).id)\n"
    )
    return subprocess.run(
        [sys.executable, "-c", code, str(base_path)],
        env=env,
        check=True,
        capture_output=True,
        text=True,
    ).stdout.strip()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--base", type=Path, help="an existing fact base (never written to)")
    parser.add_argument(
        "--events",
        type=int,
        default=100_000,
        help="generate a base of this size when --base is not given",
    )
    parser.add_argument("--runs", type=int, default=3, help="runs of each command (median)")
    parser.add_argument(
        "--export-runs",
        type=int,
        default=1,
        help="runs of each export (a whole-base export takes minutes)",
    )
    parser.add_argument("--no-exports", action="store_true", help="time `facts met` only")
    args = parser.parse_args()

    base = args.base
    if base is None:
        base = OUT / f"{args.events}-s1"
        if not base.exists():
            subprocess.run(
                [
                    sys.executable,
                    str(ROOT / "benchmarks" / "generate.py"),
                    "--events",
                    str(args.events),
                    "--seed",
                    "1",
                    "--out",
                    str(base),
                ],
                check=True,
            )
    env = dict(os.environ)
    env.setdefault("FACTS_CACHE_DIR", str(OUT / "cache"))
    env.pop("FACTS_PATH", None)
    facts = [sys.executable, "-m", "tui"]
    on = ["--facts", str(base)]

    print(f"… base {base}: writing the store if it is not valid yet", file=sys.stderr)
    subprocess.run([*facts, "check", *on], env=env, check=True, capture_output=True)
    subprocess.run([*facts, "show", "--no-pager", "x-none", *on], env=env, capture_output=True)
    who = busiest(base, env)
    print(f"… busiest participant: {who}", file=sys.stderr)

    pages: dict[str, list[str]] = {
        f"facts show {who}": [*facts, "show", who, "--width", "100", *on],
        f"facts met {who}": [*facts, "met", who, "--width", "100", *on],
        f"facts met {who} --json": [*facts, "met", who, "--json", *on],
    }
    exports: dict[str, list[str]] = {}
    if not args.no_exports:
        exports.update(
            {
                "facts export --format json": [*facts, "export", "--format", "json", *on],
                "facts export --format graphml": [*facts, "export", "--format", "graphml", *on],
                "facts export --format gexf": [*facts, "export", "--format", "gexf", *on],
                "facts export --format csv": [*facts, "export", "--format", "csv", *on],
                f"facts export --format graphml {who}": [
                    *facts,
                    "export",
                    "--format",
                    "graphml",
                    who,
                    *on,
                ],
            }
        )
    results: dict[str, list[tuple[float, float, int, int]]] = {}
    for cases, runs in ((pages, args.runs), (exports, args.export_runs)):
        for n in range(runs):  # round robin: every command in every round
            for name, argv in cases.items():
                print(f"… run {n + 1}/{runs}: {name}", file=sys.stderr)
                results.setdefault(name, []).append(run(argv, env))

    show_cpu = statistics.median(r[0] for r in results[f"facts show {who}"])
    print(
        f"\n{len(results)} commands, {args.runs} runs of each page, {args.export_runs} of "
        f"each export, base {base.name}\n"
    )
    print("| command | CPU s (× show) | wall s | peak RSS MB | output MB |")
    print("|---|---|---|---|---|")
    for name, runs in results.items():
        cpu = statistics.median(r[0] for r in runs)
        wall = statistics.median(r[1] for r in runs)
        rss = max(r[2] for r in runs)
        size = runs[0][3] / 1e6
        print(f"| `{name}` | {cpu:.2f} ({cpu / show_cpu:.2f}×) | {wall:.2f} | {rss} | {size:.1f} |")
    load = os.getloadavg()[0]
    print(
        f"\nMachine: {os.cpu_count()} CPUs, load average {load:.1f} at the end; "
        f"Python {sys.version.split()[0]}"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
