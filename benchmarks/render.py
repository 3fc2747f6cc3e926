"""How long `facts show`, `facts summary` and `facts export` take, start-up included.

    /tmp/venv/bin/python benchmarks/render.py                      # the shipped base
    /tmp/venv/bin/python benchmarks/render.py benchmarks/out/10k   # a generated base
    /tmp/venv/bin/python benchmarks/render.py --exports benchmarks/out/10k

Each command runs as a fresh process (what a user waits for), output to a pipe at width
100; the figure is the median of --runs runs.  The import line shows what start-up alone
costs and that Textual is not among the imports.

--exports measures what the exports and the long listings are held to, as CPU seconds and
peak memory of each process (the machine is shared: CPU time is steadier than the clock),
side by side in one run: each export format; the floor of the JSON export, a `json.load` +
`json.dump` of the very document it wrote; and `facts show` of the broadest theme to a pipe
against the same command on the shipped base.  The store is filled first, so that every
figure is of a warm start.
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
        done = subprocess.run(
            argv, capture_output=True, text=True, check=True, env={**os.environ, "COLUMNS": "100"}
        )
        times.append(time.perf_counter() - start)
        lines = done.stdout.count("\n")
    return statistics.median(times), lines


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("facts", nargs="?", help="fact base (default: the shipped one)")
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument(
        "--no-export",
        action="store_true",
        help="leave out the whole-base exports (minutes on a 10 000-event base)",
    )
    parser.add_argument(
        "--exports",
        action="store_true",
        help="CPU and peak memory of the exports and of the broadest theme's "
        "listing, with the ratios the targets are stated in",
    )
    args = parser.parse_args()
    if args.exports:
        return exports(args.facts, args.runs)
    base = ["--facts", args.facts] if args.facts else []
    facts = [sys.executable, "-m", "tui"]
    probe = (
        "import sys, time; t = time.perf_counter(); import tui.cli; "
        "print(f'{time.perf_counter() - t:.3f}', "
        "any(m.startswith('textual') for m in sys.modules))"
    )
    out = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, check=True
    ).stdout.split()
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


def measured(
    argv: list[str],
    runs: int,
    stdout: int | None = subprocess.DEVNULL,
) -> tuple[float, float]:
    """Median CPU seconds (user + system) and the largest peak memory in MB of a process
    running `argv`, over `runs` runs."""
    cpu: list[float] = []
    peak = 0.0
    for _ in range(runs):
        child = subprocess.Popen(
            argv, stdout=stdout, stderr=subprocess.DEVNULL, env={**os.environ, "COLUMNS": "100"}
        )
        _, status, usage = os.wait4(child.pid, 0)
        if status != 0:
            raise SystemExit(f"failed ({status}): {' '.join(argv)}")
        cpu.append(usage.ru_utime + usage.ru_stime)
        peak = max(peak, usage.ru_maxrss / 1024)  # kilobytes on Linux
    return statistics.median(cpu), peak


FORMATS = ("json", "markdown", "html")
FLOOR = (
    "import json, sys\n"
    "with open(sys.argv[1], encoding='utf-8') as f: data = json.load(f)\n"
    "with open(sys.argv[2], 'w', encoding='utf-8') as f:\n"
    "    json.dump(data, f, ensure_ascii=False, indent=2)\n"
)


def exports(facts: str | None, runs: int) -> int:
    import tempfile

    run = [sys.executable, "-m", "tui"]
    base = ["--facts", facts] if facts else []
    subprocess.run([*run, *base, "check"], check=True, capture_output=True)  # fill the store
    subprocess.run([*run, "check"], check=True, capture_output=True)
    with tempfile.TemporaryDirectory() as scratch:
        document = Path(scratch) / "export.json"
        subprocess.run([*run, *base, "export", "-o", str(document)], check=True)
        rows: dict[str, tuple[float, float]] = {}
        for name in FORMATS:
            rows[f"export {name}"] = measured([*run, *base, "export", "--format", name], runs)
        rows["json.load + json.dump"] = measured(
            [sys.executable, "-c", FLOOR, str(document), str(Path(scratch) / "again.json")], runs
        )
    broadest, shipped_broadest = _broadest(facts), _broadest(None)
    rows[f"show {broadest} (to a pipe)"] = measured(
        [*run, *base, "show", broadest, "--no-pager"], runs
    )
    rows[f"same, shipped base ({shipped_broadest})"] = measured(
        [*run, "show", shipped_broadest, "--no-pager"], runs
    )
    print("| command | CPU s | peak MB |\n| --- | --- | --- |")
    for label, (cpu, peak) in rows.items():
        print(f"| {label} | {cpu:.2f} | {peak:.0f} |")
    json_cpu = rows["export json"][0]
    show = list(rows.values())[-2:]
    print(
        f"\nmarkdown / json {rows['export markdown'][0] / json_cpu:.2f}x, "
        f"html / json {rows['export html'][0] / json_cpu:.2f}x, "
        f"json / (json.load + json.dump) {json_cpu / rows['json.load + json.dump'][0]:.2f}x, "
        f"show of the broadest theme / shipped {show[0][0] / show[1][0]:.2f}x, "
        f"largest export peak {max(rows[f'export {n}'][1] for n in FORMATS):.0f} MB"
    )
    return 0


def _broadest(facts: str | None) -> str:
    """The theme with the most events, its narrower themes' included (as `facts show`)."""
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
    from tui.hierarchy import family
    from tui.load import load
    from tui.paths import facts_path

    result = load(facts_path(facts))
    if result.base is None:
        raise SystemExit(f"not a valid fact base: {facts}")
    b = result.base

    def events(theme_id: str) -> int:
        return len({e for t in family(theme_id, b.children_of) for e in b.event_ids_of(t)})

    return max((t.id for t in b.themes), key=events)


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
