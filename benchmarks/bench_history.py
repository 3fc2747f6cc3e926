"""What `facts diff`, `facts log` and `facts edit` cost on a big base kept in git.

    python benchmarks/bench_history.py                       # /work/wt/bases/100k, or make one
    python benchmarks/bench_history.py --base path/to/base   # a copy of it is used
    python benchmarks/bench_history.py --no-full-load        # skip the reference load
    python benchmarks/bench_history.py --no-search           # skip `changed:` in the search

In a temporary git repository holding a copy of the base (the base itself is never written),
with one commit of the whole base:

  * `facts diff` after one event's date changed in one file, as a process (git included),
    beside the parse of that one file (what the diff must at least do, at each side) and a
    full load of the base (`facts check` without the store: what "two full loads" would
    cost twice);
  * `facts log ID` once COMMITS more commits each changed the same file (another entity in
    it), and once for an entity whose file no commit after the first touched;
  * `facts edit ID` with `true` as the editor: finding the entity's line;
  * `facts search changed:HEAD` on that change, the search's store already made, beside
    `facts search kind:event` (the same search without `changed:`): what the filter adds.

CPU seconds are the fair figure on a shared machine (wall clock also counts waiting for a
CPU); both are printed.  The figures go into the README's "The edit loop" section.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_BASE = Path("/work/wt/bases/100k")


def git(repo: Path, *args: str) -> str:
    env = {**os.environ, "GIT_CONFIG_GLOBAL": os.devnull, "GIT_CONFIG_NOSYSTEM": "1"}
    done = subprocess.run(
        ["git", "-C", str(repo), *args], capture_output=True, text=True, env=env, check=True
    )
    return done.stdout


def timed(args: list[str], env: dict[str, str] | None = None) -> tuple[float, float, str]:
    """CPU seconds (the process and everything it waited for, git included), wall seconds
    and stdout of one run of `facts ARGS`."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    done = subprocess.run(
        [sys.executable, "-m", "tui", *args],
        capture_output=True,
        text=True,
        env={**os.environ, **(env or {})},
    )
    wall = time.perf_counter() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if done.returncode not in (0, 1):
        raise SystemExit(f"facts {' '.join(args)} failed ({done.returncode}): {done.stderr}")
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return cpu, wall, done.stdout


def parse_cost(path: Path) -> float:
    """CPU seconds of parsing one fact file into entities (in this process)."""
    sys.path.insert(0, str(ROOT))
    from tui.load.onefile import read_entities

    text = path.read_text(encoding="utf-8")
    started = time.process_time()
    entities, problems = read_entities(text, str(path))
    assert entities is not None and not problems, problems[:3]
    return time.process_time() - started


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--base", type=Path, default=DEFAULT_BASE)
    parser.add_argument("--commits", type=int, default=20)
    parser.add_argument("--no-full-load", action="store_true")
    parser.add_argument("--no-search", action="store_true")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="facts-bench-history-") as scratch:
        run(Path(scratch), args.base, args.commits, not args.no_full_load, not args.no_search)


def run(scratch: Path, base: Path, commits: int, full_load: bool, search: bool = True) -> None:
    repo = scratch / "repo"
    facts = repo / "facts"
    print(f"copying {base} into a new git repository …", file=sys.stderr)
    shutil.copytree(base, facts)
    git(repo, "init", "-q")
    git(repo, "config", "user.name", "Bench")
    git(repo, "config", "user.email", "bench@example.org")
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", "The base")
    env = {"FACTS_CACHE_DIR": str(scratch / "cache"), "FACTS_CONFIG": os.devnull}
    files = sorted(facts.rglob("*.yaml"), key=lambda p: p.stat().st_size)
    target = files[-1]  # the biggest file: the worst case for one file
    text = target.read_text(encoding="utf-8")
    ids = re.findall(r"^  - id: (\S+)$", text, re.MULTILINE)
    entity = ids[len(ids) // 2]
    start = text.index(f"  - id: {entity}\n")
    date = re.compile(r'(    (?:date|start): ")(\d{4})').search(text, start)
    assert date is not None
    edited = text[: date.start(2)] + str(int(date.group(2)) - 1) + text[date.end(2) :]
    target.write_text(edited, encoding="utf-8")
    size = target.stat().st_size / 1e6
    events = (
        sum(
            len(re.findall(r"^  - id: ", p.read_text(encoding="utf-8"), re.MULTILINE))
            for p in (facts / "events").glob("*.yaml")
        )
        if (facts / "events").is_dir()
        else 0
    )
    rows: list[tuple[str, float, float]] = []

    cpu, wall, out = timed(["diff", "--json", "--facts", str(facts)], env)
    changed = json.loads(out)["changed"]
    assert [c["id"] for c in changed] == [entity], changed
    rows.append(("`facts diff` (one date changed in one file)", cpu, wall))
    cpu_text, wall_text, _ = timed(["diff", "--no-pager", "--facts", str(facts)], env)
    rows.append(("`facts diff`, the same as text", cpu_text, wall_text))
    one = parse_cost(target)
    rows.append((f"parsing that one file ({size:.1f} MB) into entities, once", one, one))
    reference = None
    if full_load:
        print("a full load of the base (the reference) …", file=sys.stderr)
        ref_cpu, ref_wall, _ = timed(
            ["check", "--facts", str(facts)], {**env, "FACTS_NO_CACHE": "1"}
        )
        reference = ref_cpu
        rows.append(("one full load of the base (`facts check`, no store)", ref_cpu, ref_wall))
    if search:
        print("the search's store (a first search) …", file=sys.stderr)
        timed(["search", "--json", "--limit", "1", "kind:event", "--facts", str(facts)], env)
        plain = ["search", "--json", "--limit", "20", "kind:event", "--facts", str(facts)]
        cpu, wall, _ = timed(plain, env)
        rows.append(
            ("`facts search kind:event --json` (the store made), for comparison", cpu, wall)
        )
        cpu, wall, out = timed(
            ["search", "--json", "changed:HEAD", "kind:event", "--facts", str(facts)], env
        )
        assert [hit["id"] for hit in json.loads(out)] == [entity], out[:500]
        rows.append(("`facts search changed:HEAD kind:event --json` (the same change)", cpu, wall))

    git(repo, "commit", "-q", "-am", "Fix a date")
    other = ids[0] if ids[0] != entity else ids[1]
    for number in range(commits):
        current = target.read_text(encoding="utf-8")
        at = current.index(f"  - id: {other}\n")
        kind = re.compile(r"(    kind: )(\S+)").search(current, at)
        assert kind is not None
        current = current[: kind.end()] + "x" + current[kind.end() :]
        target.write_text(current, encoding="utf-8")
        git(repo, "commit", "-q", "-am", f"Edit {other} ({number + 1})")
    cpu, wall, out = timed(["log", "--json", entity, "--facts", str(facts)], env)
    entries = json.loads(out)
    assert [e["subject"] for e in entries] == ["Fix a date", "The base"], entries
    rows.append((f"`facts log ID`, {commits + 2} commits changed its file", cpu, wall))
    quiet = next(p for p in files if p != target)
    quiet_id = re.search(r"^  - id: (\S+)$", quiet.read_text(encoding="utf-8"), re.MULTILINE)
    assert quiet_id is not None
    cpu, wall, out = timed(["log", "--json", quiet_id.group(1), "--facts", str(facts)], env)
    assert [e["subject"] for e in json.loads(out)] == ["The base"]
    rows.append(("`facts log ID`, its file changed only in the first commit", cpu, wall))
    cpu, wall, _ = timed(["edit", entity, "--facts", str(facts)], {**env, "EDITOR": "true"})
    rows.append(("`facts edit ID` (the editor: `true`)", cpu, wall))

    total = sum(p.stat().st_size for p in files) / 1e6
    print(
        f"\n{events:,} events in {len(files)} files, {total:.0f} MB; the changed file "
        f"{target.relative_to(facts)} ({size:.1f} MB)\n"
    )
    print("| | CPU | wall clock |")
    print("| --- | --- | --- |")
    for label, cpu, wall in rows:
        print(f"| {label} | {cpu:.2f} s | {wall:.2f} s |")
    diff_cpu = rows[0][1]
    print(f"\n`facts diff` / (2 × the one file's parse): {diff_cpu / (2 * one):.2f}")
    if reference:
        print(f"`facts diff` / (2 × a full load): {diff_cpu / (2 * reference):.3f}")


if __name__ == "__main__":
    main()
