"""`facts show` of the broadest theme, participant and place of generated bases, to a pipe
with a warm store, side by side with `facts show innovation` on the shipped base: the pages
that list at most `MOST_LISTED` entries of a section (tui/render/longlists.py).

    python benchmarks/pages.py --bases /work/wt/bases/10k,/work/wt/bases/100k --runs 3

Each command runs `--runs` times, interleaved with the others (a busy machine slows them
alike); the table gives median CPU seconds (user + sys of the child), the largest peak RSS,
the lines printed and the ratio to the shipped page.  `--all` adds the whole page of the
broadest theme once, for what the cut saves.  Run with compiled bytecode
(`python -m compileall -q tui`, PYTHONDONTWRITEBYTECODE unset) and `nice` on a shared machine.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def broadest(path: Path) -> dict[str, str]:
    """The theme, participant and place whose pages list the most events."""
    from tui.hierarchy import below
    from tui.load import load

    base = load(path).base
    assert base is not None

    def family(entity_id: str) -> int:
        ids = [entity_id, *(child.id for child in below((entity_id,), base.children_of))]
        return len({event for i in ids for event in base.event_ids_of(i)})

    return {
        "theme": max(base.themes, key=lambda t: family(t.id)).id,
        "participant": max(base.participants, key=lambda p: len(base.event_ids_of(p.id))).id,
        "place": max(base.places, key=lambda p: family(p.id)).id,
    }


def run(command: list[str]) -> tuple[float, float, int]:
    """CPU seconds, peak MB and lines of one command, its output to a pipe (the child's
    own resource use, from `wait4`)."""
    child = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)
    assert child.stdout is not None
    lines = child.stdout.read().count(b"\n")
    _, status, usage = os.wait4(child.pid, 0)
    child.returncode = os.waitstatus_to_exitcode(status)
    if child.returncode:
        raise SystemExit(f"{' '.join(command)} failed: exit {child.returncode}")
    return usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024, lines


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--bases", required=True, help="generated bases, comma-separated")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--all", action="store_true", help="also the broadest theme's --all")
    parser.add_argument("--broadest", metavar="BASE", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.broadest:  # in a child: this process stays small, or each child's peak says ours
        print(json.dumps(broadest(Path(args.broadest))))
        return 0
    facts = [sys.executable, "-m", "tui"]
    rows: list[tuple[str, list[str]]] = [
        ("shipped: show innovation", [*facts, "show", "innovation"])
    ]
    for raw in args.bases.split(","):
        path = Path(raw)
        subprocess.run([*facts, "--facts", str(path), "check"], capture_output=True, check=True)
        probe = [sys.executable, __file__, "--bases", "-", "--broadest", str(path)]
        chosen = json.loads(subprocess.run(probe, capture_output=True, check=True).stdout)
        for kind, entity_id in chosen.items():
            command = [*facts, "--facts", str(path), "show", entity_id]
            rows.append((f"{path.name}: show {entity_id} ({kind})", command))
        if args.all:
            rows.append((f"{path.name}: show {rows[-3][1][-1]} --all", [*rows[-3][1], "--all"]))
    found: dict[str, list[tuple[float, float, int]]] = {name: [] for name, _ in rows}
    for at in range(args.runs):
        for name, command in rows:
            if at and name.endswith("--all"):
                continue  # once is enough for what the cut saves
            found[name].append(run(command))
    shipped = statistics.median(cpu for cpu, _, _ in found[rows[0][0]])
    print(f"{'command':52} {'CPU s':>7} {'× shipped':>9} {'peak MB':>8} {'lines':>7}")
    for name, _ in rows:
        cpu = statistics.median(c for c, _, _ in found[name])
        peak = max(p for _, p, _ in found[name])
        lines = found[name][0][2]
        print(f"{name:52} {cpu:7.2f} {cpu / shipped:8.1f}× {peak:8.0f} {lines:7}")
    print(f"load average {os.getloadavg()[0]:.1f} at the end; {args.runs} runs, medians")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
