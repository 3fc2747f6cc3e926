"""How `facts` scales: one command, one table.

    python benchmarks/run.py                      # 1 000, 10 000 and 100 000 events
    python benchmarks/run.py --sizes 1000,10000   # a quicker look
    python benchmarks/run.py --million            # adds 1 000 000 events (about an hour)

For each size it generates a base (benchmarks/generate.py, seed 1, kept in benchmarks/out/
for the next run) and measures, each in a fresh process so that nothing is warm by accident:

  yaml MB         size of the fact files
  parse floor     bare `yaml.load(text, Loader=CSafeLoader)` of every file, nothing else:
                  as a plain script runs it (cycle collector on), and with the collector
                  paused as the loader does (the stricter floor)
  first load      `load(path, cache=False)`: parse, check, build the model (what every
                  start cost before the cache), and its ratio to the parse floor
  index / store   building the search index, and writing base, backlinks, list orders,
                  counts and index into the store in the cache (as a first `facts check`
                  does them, in one pass)
  open / query    opening base and index from a valid store in a fresh process, then the
                  first query (which reads the index parts and the entities it needs)
  search cold     `facts search WORD` as a whole process with an empty cache
  search warm     the same with a valid cache (median of 3); the shipped base for comparison
  keystroke       in-process search per typed prefix of the queries of bench_search.py
                  (live, 50 results): median and 95th percentile
  tui first       headless browser, to the first screen with the list and the first
                  entry's page: from process start, and from the app's start
  edit            on a copy of the base: `facts check` with an empty store (a first load),
                  then one small file (themes.yaml) edited and `facts check` again, as a
                  ratio to the first; the same for `facts search` (both update the stored
                  index after the edit); `--edit-only` runs this column alone
  printing        `facts summary` and `facts show` of the broadest theme (the theme whose
                  page lists the most events), each to a pipe with a valid store, median of
                  3, as a ratio to the same commands on the shipped base (which list its
                  broadest theme, international-cooperation); `--printing-only` runs this
                  column alone (`--bases DIR,...` for bases generated already)
  export          with a valid store: `facts export --format json`, `markdown` and `html`
                  (each a fresh process), the markdown and html ones as ratios to the json
                  one, the json one as a ratio to a `json.load` + `json.dump` of the very
                  document it wrote, and the largest peak memory of the three (the issue's
                  targets: ≤ 1.5×, ≤ 2×, ≤ 150 MB at 10 000 events, ≤ 300 MB at 100 000);
                  `--no-export` leaves it out, `--export-only` runs it alone
  add an event    on a copy of the base: `facts check` with an empty store, then one event
                  appended to events/2018.yaml (dated mid-year: into the middle of the
                  timeline) and `facts check` again, as a ratio to the first; the same for
                  `facts search`; `--add-event-only` runs this column alone (`--bases`)
  peak RSS        the largest resident memory of the first-load processes (search cold,
                  first load) and of the starts with a valid store (the rest)
  grep -ric       `grep -ric WORD` over the same files (one process)
  vd -b           VisiData loading the same files in batch mode, one run per file, where
                  `vd` is installed (up to 10 000 events: --vd-max-events)

Times are wall-clock seconds, which grow on a busy machine; `--cpu` measures CPU seconds
instead (of the process, all threads), which other work on the machine inflates far less.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "benchmarks" / "out"
sys.path.insert(0, str(ROOT))

WORD = "wasserstoff"
"""A word people search for (German for hydrogen): in theme, company and event texts."""

# -- probes: each runs in its own process and prints one JSON line -------------------------


def clock() -> float:
    """Wall-clock seconds, or with --cpu the process's CPU seconds (all threads), which a
    busy machine inflates far less."""
    return time.process_time() if os.environ.get("BENCH_CPU") else time.perf_counter()


def probe_bare(path: str, collector: str) -> dict[str, Any]:
    import gc

    import yaml

    from tui.load import fact_files

    files = fact_files(Path(path))
    if collector == "off":
        gc.disable()
    started = clock()
    for file in files:
        yaml.load(file.read_text(encoding="utf-8"), Loader=yaml.CSafeLoader)
    return {"seconds": clock() - started}


def probe_plain(path: str) -> dict[str, Any]:
    """The first load itself: `load(path, cache=False)`, parse, check and build."""
    from tui.load import load

    started = clock()
    result = load(Path(path), cache=False)
    assert result.base is not None, result.problems[:3]
    return {"seconds": clock() - started}


def probe_first(path: str) -> dict[str, Any]:
    """The first load with an empty store, as `facts check` does it: read and check every
    file, store the base, build the search index and store it; each step timed."""
    from tui import store
    from tui.load import load_with
    from tui.search import cache_key
    from tui.search.engine import SearchIndex

    spent = {"write": 0.0, "index": 0.0}

    def timed(step: str, function: Any) -> Any:
        def run(*args: Any, **kwargs: Any) -> Any:
            started = clock()
            try:
                return function(*args, **kwargs)
            finally:
                spent[step] += clock() - started

        return run

    store.write = timed("write", store.write)
    store.write_parts = timed("write", store.write_parts)
    build = SearchIndex.build
    SearchIndex.build = timed("index", build)  # type: ignore[method-assign]
    root = Path(path)
    started = clock()
    result, extras = load_with(root, {cache_key(): SearchIndex})
    total = clock() - started
    assert result.base is not None and cache_key() in extras, result.problems[:3]
    sizes = [p.stat().st_size for p in store.cache_dir().glob(f"{store.cache_file(root).stem}*")]
    return {
        "rest": total - spent["write"] - spent["index"],
        "index": spent["index"],
        "write": spent["write"],
        "total": total,
        "events": len(result.base.events),
        "cache_mb": sum(sizes) / 1e6,
    }


def probe_cached(path: str) -> dict[str, Any]:
    """Opening the stored base and index, then the first query (which reads the parts of
    the index it needs and the entities it shows)."""
    from tui.load import load_with
    from tui.search import cache_key
    from tui.search.engine import SearchIndex

    started = clock()
    result, extras = load_with(Path(path), {cache_key(): SearchIndex})
    assert result.base is not None and result.base.stored and cache_key() in extras
    opened = clock()
    found = extras[cache_key()].query(WORD, limit=20)
    assert found.total
    return {"seconds": opened - started, "query": clock() - opened}


def probe_keys(path: str) -> dict[str, Any]:
    from bench_search import QUERIES, percentile, prefixes

    from tui.load import load_with
    from tui.search import cache_key
    from tui.search.engine import SearchIndex

    _, extras = load_with(Path(path), {cache_key(): SearchIndex})
    index = extras[cache_key()]
    times = []
    for query in QUERIES:
        for typed in prefixes(query):
            started = clock()
            index.query(typed, live=True, limit=50)
            times.append(clock() - started)
    return {
        "median": statistics.median(times),
        "p95": percentile(times, 0.95),
        "max": max(times),
        "count": len(times),
    }


def probe_tui(path: str) -> dict[str, Any]:
    """The first screen: the list and the first entry's page in the detail pane.  Seconds
    from process start (the parent's clock before it spawned us: interpreter, imports,
    Textual's start-up included) and from the moment the app starts."""
    import asyncio

    spawned = float(os.environ["BENCH_SPAWNED"])
    from tui.app.app import FactsApp
    from tui.app.widgets.detail import PageView

    def now() -> float:
        return time.process_time() if os.environ.get("BENCH_CPU") else time.time()

    async def first_screen() -> dict[str, Any]:
        app = FactsApp(Path(path), watch_interval=None)
        begun = now()
        async with app.run_test(size=(120, 40)) as pilot:
            while True:
                await pilot.pause(0.005)
                browser = app.browser if app.base is not None else None
                if browser is None or browser.current is None:
                    continue
                page = browser.query_one(PageView)._strips
                if any(browser.current in strip.text for strip in page[:6]):  # its page is up
                    break
            ended = now()
        return {
            "seconds": ended - (0.0 if os.environ.get("BENCH_CPU") else spawned),
            "in_app": ended - begun,
            "first_entry": browser.current,
        }

    return asyncio.run(first_screen())


def probe_broadest(path: str) -> dict[str, Any]:
    """The theme whose page lists the most events (its own and its narrower themes'): what
    the printing column shows."""
    from tui.hierarchy import below
    from tui.load import load

    base = load(Path(path)).base
    assert base is not None

    def events(theme_id: str) -> int:
        family = [theme_id, *(child.id for child in below((theme_id,), base.children_of))]
        return len({event for t in family for event in base.event_ids_of(t)})

    counted = [(events(theme.id), theme.id) for theme in base.themes]
    most = max(count for count, _ in counted)
    return {"theme": next(t for count, t in counted if count == most), "events": most}


PROBES = {
    "broadest": probe_broadest,
    "bare": probe_bare,
    "plain": probe_plain,
    "first": probe_first,
    "cached": probe_cached,
    "keys": probe_keys,
    "tui": probe_tui,
}


# -- the runner -----------------------------------------------------------------------------


def run_process(command: list[str], env: dict[str, str], timeout: float = 1800) -> dict[str, Any]:
    """Run a command; its wall time, its own CPU time and peak memory (from wait4, for this
    child alone), exit code and last stdout line."""
    started = time.time()
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        child = subprocess.Popen(
            command, env={**env, "BENCH_SPAWNED": repr(started)}, cwd=ROOT, stdout=out, stderr=err
        )
        timer = threading.Timer(timeout, child.kill)
        timer.start()
        try:
            _, status, usage = os.wait4(child.pid, 0)
        finally:
            timer.cancel()
        child.returncode = os.waitstatus_to_exitcode(status)  # reaped here, not by Popen
        wall = time.time() - started
        out.seek(0)
        err.seek(0)
        lines = out.read().decode("utf-8", "replace").strip().splitlines()
        errors = err.read().decode("utf-8", "replace")[-2000:]
    return {
        "wall": wall,
        "code": child.returncode,
        "last": lines[-1] if lines else "",
        "stderr": errors,
        "cpu": usage.ru_utime + usage.ru_stime,
        "peak_mb": usage.ru_maxrss / 1024,
    }


class Meter:
    """The largest peak memory of the processes run through it."""

    def __init__(self) -> None:
        self.peak_mb = 0.0

    def run(self, command: list[str], env: dict[str, str]) -> dict[str, Any]:
        done = run_process(command, env)
        self.peak_mb = max(self.peak_mb, done["peak_mb"])
        return done


def probe(meter: Meter, name: str, env: dict[str, str], *args: str) -> dict[str, Any]:
    done = meter.run([sys.executable, __file__, "--probe", name, *args], env)
    if done["code"] != 0:
        raise SystemExit(f"probe {name} failed:\n{done['stderr']}")
    return {
        **json.loads(done["last"]),
        "wall": done["wall"],
        "cpu": done["cpu"],
        "peak_mb": done["peak_mb"],
    }


EDIT_FILE = "themes.yaml"
"""The small file the edit column changes (30 KB at 100 000 events)."""


def edit_one_file(root: Path, name: str = EDIT_FILE) -> None:
    """What an author does: change the name of one theme in a small file, and save."""
    path = root / name
    text = path.read_text(encoding="utf-8")
    at = text.index("en: ", text.index("name:")) + len("en: ")  # the English name
    path.write_text(text[:at] + "Edited " + text[at:], encoding="utf-8")


def edit_loop(path: Path, env: dict[str, str], cpu: bool, name: str = EDIT_FILE) -> dict[str, Any]:
    """Edit one small file, then the next command, as a ratio to the same command on the
    same base with an empty store (a first load): `facts check`, then `facts search`
    (each updates the stored search index after the edit)."""
    out: dict[str, Any] = {}
    key = "cpu" if cpu else "wall"
    with tempfile.TemporaryDirectory(prefix="facts-bench-edit-") as scratch:
        for command in (["check"], ["search", WORD]):
            copy = Path(scratch) / command[0]
            shutil.copytree(path, copy)  # times kept: the files are old, as in real life
            local = {**env, "FACTS_CACHE_DIR": str(Path(scratch) / f"cache-{command[0]}")}
            first = run_process(facts_command(*command, "--facts", str(copy)), local)
            edit_one_file(copy, name)
            after = run_process(facts_command(*command, "--facts", str(copy)), local)
            if first["code"] != 0 or after["code"] != 0:
                raise SystemExit(f"edit loop failed:\n{first['stderr']}{after['stderr']}")
            out[command[0]] = {
                "first": first[key],
                "after": after[key],
                "ratio": after[key] / first[key],
                "peak_mb": after["peak_mb"],
            }
    return out


ADD_TO = "events/2018.yaml"
"""The events file the add-an-event column appends to (1 MB at 10 000 events)."""


def add_one_event(root: Path, name: str = ADD_TO) -> None:
    """What an author does most: append one event to an events file, and save.  The event
    is the file's first one with a new id and name (so every place, person, theme and source
    it names exists), dated in the middle of the year: it goes into the middle of the
    timeline, not at its end."""
    path = root / name
    text = path.read_text(encoding="utf-8")
    start = text.index("\n  - id: ") + 1
    end = text.find("\n  - id: ", start)
    block = text[start : end if end >= 0 else len(text)].rstrip("\n")
    first_id = block.split("id: ", 1)[1].split("\n", 1)[0].strip()
    added = block.replace(first_id, first_id + "-added", 1)
    added = added.replace("name: {de: ", "name: {de: Neu hinzugefügt ", 1)
    added = added.replace("en: ", "en: Newly added ", 1)
    path.write_text(text.rstrip("\n") + "\n\n" + added + "\n", encoding="utf-8")


def add_event_loop(
    path: Path, env: dict[str, str], cpu: bool, name: str = ADD_TO
) -> dict[str, Any]:
    """Add one event to an events file, then the next command, as a ratio to the same
    command on the same base with an empty store (a first load): `facts check`, then
    `facts search` (each updates the stored search index after the edit: an added entity
    gets a document number of its own, see `tui.search.update`)."""
    out: dict[str, Any] = {}
    key = "cpu" if cpu else "wall"
    with tempfile.TemporaryDirectory(prefix="facts-bench-add-") as scratch:
        for command in (["check"], ["search", WORD]):
            copy = Path(scratch) / command[0]
            shutil.copytree(path, copy)  # times kept: the files are old, as in real life
            local = {**env, "FACTS_CACHE_DIR": str(Path(scratch) / f"cache-{command[0]}")}
            first = run_process(facts_command(*command, "--facts", str(copy)), local)
            add_one_event(copy, name)
            after = run_process(facts_command(*command, "--facts", str(copy)), local)
            if first["code"] != 0 or after["code"] != 0:
                raise SystemExit(f"add-an-event loop failed:\n{first['stderr']}{after['stderr']}")
            out[command[0]] = {
                "first": first[key],
                "after": after[key],
                "ratio": after[key] / first[key],
                "peak_mb": after["peak_mb"],
                "first_peak_mb": first["peak_mb"],
            }
    return out


def printing(path: Path, env: dict[str, str], cpu: bool, runs: int = 3) -> dict[str, Any]:
    """`facts summary` and `facts show` of the broadest theme, each to a pipe with a valid
    store (the run before makes it when needed and is not counted): medians of `runs`, and
    the largest peak memory."""
    key = "cpu" if cpu else "wall"
    broadest = probe(Meter(), "broadest", env, str(path))
    out: dict[str, Any] = {"theme": broadest["theme"], "events": broadest["events"]}
    for name, command in (("summary", ["summary"]), ("show", ["show", broadest["theme"]])):
        full = facts_command(*command, "--facts", str(path))
        run_process(full, env)
        meter = Meter()
        done = [meter.run(full, env) for _ in range(runs)]
        if any(run["code"] != 0 for run in done):
            raise SystemExit(f"facts {name} failed:\n{done[0]['stderr']}")
        out[name] = {
            "seconds": statistics.median(run[key] for run in done),
            "peak_mb": meter.peak_mb,
        }
    return out


def shipped_printing(env: dict[str, str], cpu: bool) -> dict[str, Any]:
    """The printing column's commands on the shipped base (what the ratios are to)."""
    from tui.paths import shipped_facts

    with tempfile.TemporaryDirectory(prefix="facts-bench-cache-") as cache:
        return printing(shipped_facts(), {**env, "FACTS_CACHE_DIR": cache}, cpu, runs=5)


def printing_cell(found: dict[str, Any], shipped: dict[str, Any]) -> str:
    """'summary s (× shipped) / show s (× shipped)'."""
    return " / ".join(
        f"{found[name]['seconds']:.2f} ({found[name]['seconds'] / shipped[name]['seconds']:.1f}×)"
        for name in ("summary", "show")
    )


EXPORT_FLOOR = (
    "import json, sys\n"
    "with open(sys.argv[1], encoding='utf-8') as f: data = json.load(f)\n"
    "with open(sys.argv[2], 'w', encoding='utf-8') as f:\n"
    "    json.dump(data, f, ensure_ascii=False, indent=2)\n"
)
"""What the JSON export is held to: reading and writing the same document, nothing else."""


def export_column(path: Path, env: dict[str, str], cpu: bool) -> dict[str, Any]:
    """The three document exports of the whole base with a valid store (filled here if it
    is not), each written to a file, and the floor of the JSON one."""
    key = "cpu" if cpu else "wall"
    base = ["--facts", str(path)]
    out: dict[str, Any] = {}
    with tempfile.TemporaryDirectory(prefix="facts-bench-export-") as scratch:
        run_process(facts_command("check", *base), env)  # a valid store: a warm start
        peak = 0.0
        for name in ("json", "markdown", "html"):
            target = str(Path(scratch) / f"export.{name}")
            done = run_process(facts_command("export", "--format", name, "-o", target, *base), env)
            if done["code"] != 0:
                raise SystemExit(f"export {name} failed:\n{done['stderr']}")
            out[name] = done[key]
            peak = max(peak, done["peak_mb"])
        floor = run_process(
            [
                sys.executable,
                "-c",
                EXPORT_FLOOR,
                str(Path(scratch) / "export.json"),
                str(Path(scratch) / "again.json"),
            ],
            env,
        )
        out["floor"] = floor[key]
        out["peak_mb"] = peak
    return out


def export_cell(found: dict[str, Any] | None) -> str:
    if not found:
        return "–"
    return (
        f"{found['json']:.2f} / {found['markdown']:.2f} / {found['html']:.2f} "
        f"({found['markdown'] / found['json']:.2f}×, {found['html'] / found['json']:.2f}×; "
        f"json {found['json'] / found['floor']:.2f}× floor; {found['peak_mb']:.0f} MB)"
    )


def base_for(events: int, seed: int) -> Path:
    out = OUT / f"{events}-s{seed}"
    marker = out / ".complete"
    if not marker.exists():
        if out.exists():
            shutil.rmtree(out)
        subprocess.run(
            [
                sys.executable,
                str(ROOT / "benchmarks" / "generate.py"),
                "--events",
                str(events),
                "--seed",
                str(seed),
                "--out",
                str(out),
            ],
            check=True,
        )
        marker.write_text("")
        old = time.time() - 3600  # as if written an hour ago: files just written are not cached
        for file in out.rglob("*.yaml"):
            os.utime(file, (old, old))
    return out


def facts_command(*args: str) -> list[str]:
    return [sys.executable, "-m", "tui", *args]


def measure(
    events: int,
    seed: int,
    env: dict[str, str],
    vd: str | None,
    vd_max: int,
    tui: bool,
    export: bool = True,
) -> dict[str, Any]:
    path = base_for(events, seed)
    files = list(path.rglob("*.yaml"))
    row: dict[str, Any] = {"events": events, "mb": sum(f.stat().st_size for f in files) / 1e6}
    meter = Meter()  # the first load (parse, check, index, store)
    warm_meter = Meter()  # every start with a valid store
    with tempfile.TemporaryDirectory(prefix="facts-bench-cache-") as cache:
        local = {**env, "FACTS_CACHE_DIR": cache}
        say(f"{events} events: facts search, cold")
        row["search_cold"] = meter.run(facts_command("search", WORD, "--facts", str(path)), local)
        shutil.rmtree(cache)
        os.mkdir(cache, 0o700)
        say(f"{events} events: first load")
        row["first"] = probe(meter, "first", local, str(path))
        row["first"]["load"] = probe(meter, "plain", local, str(path))["seconds"]
        say(f"{events} events: cached load, search warm, keystrokes")
        row["cached"] = probe(warm_meter, "cached", local, str(path))
        warm = [
            warm_meter.run(facts_command("search", WORD, "--facts", str(path)), local)
            for _ in range(3)
        ]
        row["search_warm"] = {
            "wall": statistics.median(w["wall"] for w in warm),
            "cpu": statistics.median(w["cpu"] for w in warm),
            "code": warm[0]["code"],
        }
        row["keys"] = probe(warm_meter, "keys", local, str(path))
        say(f"{events} events: facts summary, facts show of the broadest theme")
        row["printing"] = printing(path, local, bool(env.get("BENCH_CPU")))
        if tui:
            say(f"{events} events: browser first screen")
            row["tui"] = probe(warm_meter, "tui", local, str(path))
        if export:
            say(f"{events} events: exports")
            row["export"] = export_column(path, local, bool(env.get("BENCH_CPU")))
    say(f"{events} events: edit one small file, then the next command")
    row["edit"] = edit_loop(path, env, bool(env.get("BENCH_CPU")))
    row["peak_mb"] = meter.peak_mb
    row["warm_peak_mb"] = warm_meter.peak_mb
    say(f"{events} events: parse floor")
    row["bare"] = probe(meter, "bare", env, str(path), "on")
    row["bare_off"] = probe(meter, "bare", env, str(path), "off")
    started = time.perf_counter()
    # into a pipe: GNU grep writing to /dev/null stops at the first match
    subprocess.run(["grep", "-ric", WORD, str(path)], stdout=subprocess.PIPE, check=False)
    row["grep"] = time.perf_counter() - started
    if vd and events <= vd_max:
        say(f"{events} events: vd -b")
        row["vd"] = visidata(vd, files, env)
    return row


def visidata(vd: str, files: list[Path], env: dict[str, str]) -> dict[str, float] | None:
    """VisiData loading every file in batch mode, one file per run: given several files, `vd
    -b` loads only what it saves, which made it look ten times faster than it is."""
    meter = Meter()
    wall = cpu = 0.0
    with tempfile.TemporaryDirectory(prefix="facts-bench-vd-") as scratch:
        for file in sorted(files):
            done = meter.run(
                [vd, "-b", "--no-config", str(file), "-o", str(Path(scratch) / "out.tsv")], env
            )
            if done["code"] != 0:
                return None
            wall += done["wall"]
            cpu += done["cpu"]
    return {"wall": wall, "cpu": cpu}


def shipped_search(env: dict[str, str]) -> float:
    """`facts search WORD` on the shipped base with a valid cache: the start-up to match."""
    from tui.paths import shipped_facts

    with tempfile.TemporaryDirectory(prefix="facts-bench-cache-") as cache:
        local = {**env, "FACTS_CACHE_DIR": cache}
        command = facts_command("search", WORD, "--facts", str(shipped_facts()))
        run_process(command, local)
        meter = Meter()
        runs = [meter.run(command, local) for _ in range(5)]
        return statistics.median(run["cpu" if env.get("BENCH_CPU") else "wall"] for run in runs)


def say(text: str) -> None:
    print(f"  … {text}", file=sys.stderr, flush=True)


# -- the table --------------------------------------------------------------------------------


def table(rows: list[dict[str, Any]], shipped: float, cpu: bool, printed: dict[str, Any]) -> str:
    def sec(value: dict[str, Any] | float | None, key: str | None = None) -> str:
        """A figure a probe measured itself (`key`), else the whole process's time."""
        if value is None:
            return "–"
        if isinstance(value, float):
            return f"{value:.2f}"
        return f"{value[key or ('cpu' if cpu else 'wall')]:.2f}"

    head = [
        "events",
        "YAML MB",
        "parse floor s (gc on / paused)",
        "first load s (× floor)",
        "index s / store write s (store MB)",
        "open s / first query s",
        "search cold s",
        "search warm s (× shipped)",
        "keystroke ms median / p95",
        "TUI first screen s (process / in app)",
        "edit one small file, then check / search s (× first load)",
        "summary / show broadest theme, to a pipe, s (× shipped)",
        "export json / markdown / html s (markdown, html × json; json × load+dump; peak)",
        "peak RSS MB first load / warm",
        "grep -ric s (wall)",
        "vd -b s",
    ]
    lines = ["| " + " | ".join(head) + " |", "|" + "---|" * len(head)]
    for row in rows:
        first = row["first"]
        floor = row["bare"]["seconds"]
        cells = [
            f"{row['events']:,}".replace(",", " "),
            f"{row['mb']:.1f}",
            f"{floor:.2f} / {row['bare_off']['seconds']:.2f}",
            f"{first['load']:.2f} ({first['load'] / floor:.2f}× / "
            f"{first['load'] / row['bare_off']['seconds']:.2f}×)",
            f"{first['index']:.2f} / {first['write']:.2f} ({first['cache_mb']:.0f})",
            f"{row['cached']['seconds']:.3f} / {row['cached']['query']:.3f}",
            sec(row["search_cold"]),
            f"{sec(row['search_warm'])} "
            f"({row['search_warm']['cpu' if cpu else 'wall'] / shipped:.1f}×)",
            f"{row['keys']['median'] * 1000:.2f} / {row['keys']['p95'] * 1000:.2f}",
            f"{row['tui']['seconds']:.2f} / {row['tui']['in_app']:.2f}" if row.get("tui") else "–",
            f"{row['edit']['check']['after']:.2f} ({row['edit']['check']['ratio']:.2f}×) / "
            f"{row['edit']['search']['after']:.2f} ({row['edit']['search']['ratio']:.2f}×)",
            printing_cell(row["printing"], printed),
            export_cell(row.get("export")),
            f"{row['peak_mb']:.0f} / {row['warm_peak_mb']:.0f}",
            f"{row['grep']:.2f}",
            sec(row.get("vd")),
        ]
        lines.append("| " + " | ".join(cells) + " |")
    return "\n".join(lines)


def machine() -> str:
    cpu = ""
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    import yaml

    return (
        f"{os.cpu_count()} cores, {cpu or platform.processor()}, "
        f"{os.sysconf('SC_PAGE_SIZE') * os.sysconf('SC_PHYS_PAGES') / 2**30:.0f} GiB; "
        f"Python {platform.python_version()}, PyYAML {yaml.__version__} "
        f"(libyaml {'yes' if yaml.__with_libyaml__ else 'no'}); "
        f"load average {os.getloadavg()[0]:.1f} at the end"
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--sizes",
        default="1000,10000,100000",
        help="event counts, comma-separated (1000,10000,100000)",
    )
    parser.add_argument("--million", action="store_true", help="add 1 000 000 events")
    parser.add_argument(
        "--million-row",
        metavar="DIR",
        help="only the 1 000 000-event row, guarded: on the base generated in DIR, `facts "
        "check` with an empty store ($FACTS_CACHE_DIR, else a temporary folder), then `facts "
        f"search {WORD}` and `facts summary`, at nice 10, each stopped when the machine's "
        "available memory falls below --keep-free GB; a line every 30 s of how far it got",
    )
    parser.add_argument(
        "--keep-free",
        type=float,
        default=4.0,
        metavar="GB",
        help="with --million-row: stop a command when less memory than this is available (4)",
    )
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument(
        "--vd",
        default=shutil.which("vd"),
        help="VisiData's vd to compare with (default: vd on PATH, if any)",
    )
    parser.add_argument(
        "--vd-max-events",
        type=int,
        default=10_000,
        metavar="N",
        help="run VisiData only up to N events (10000): its pure-Python YAML "
        "reader needs minutes for 100 000",
    )
    parser.add_argument("--no-tui", action="store_true", help="skip the browser probe")
    parser.add_argument("--cpu", action="store_true", help="CPU seconds instead of wall-clock")
    parser.add_argument(
        "--edit-only",
        action="store_true",
        help="only the edit column (edit one small file, then the next command), for each size",
    )
    parser.add_argument(
        "--printing-only",
        action="store_true",
        help="only the printing column (facts summary, facts show of the broadest theme, to a "
        "pipe, against the shipped base), for each size or each --bases folder",
    )
    parser.add_argument(
        "--bases",
        metavar="DIR,...",
        help="with --printing-only or --add-event-only: these generated bases instead of "
        "--sizes (their store goes to $FACTS_CACHE_DIR when set, so that a big one is loaded "
        "once; --add-event-only copies each, and never writes into it)",
    )
    parser.add_argument(
        "--edit-file",
        default=EDIT_FILE,
        metavar="PATH",
        help=f"the file the edit column changes, relative to the base ({EDIT_FILE}; "
        "events/2018.yaml is a 1 MB events file at 10 000 events)",
    )
    parser.add_argument(
        "--add-event-only",
        action="store_true",
        help=f"only the add-an-event column (one event appended to {ADD_TO}, then the next "
        "command), for each size or each --bases folder",
    )
    parser.add_argument("--no-export", action="store_true", help="skip the export column")
    parser.add_argument(
        "--export-only",
        action="store_true",
        help="only the export column (json, markdown, html with a valid store), for each size",
    )
    parser.add_argument("--probe", nargs="+", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.probe:
        name, *rest = args.probe
        print(json.dumps(PROBES[name](*rest)))
        return 0
    sizes = [int(size) for size in args.sizes.split(",") if size.strip()]
    if args.million:
        sizes.append(1_000_000)
    env = {key: value for key, value in os.environ.items() if key != "FACTS_NO_CACHE"}
    if args.cpu:
        env["BENCH_CPU"] = "1"
    if not args.vd:
        say("vd (VisiData) not found: its column stays empty")
    if args.edit_only:
        for size in sizes:
            edit = edit_loop(base_for(size, args.seed), env, args.cpu, args.edit_file)
            print(
                f"{size} events: "
                + "; ".join(
                    f"{name}: first load {found['first']:.2f} s, after editing {args.edit_file} "
                    f"{found['after']:.2f} s ({found['ratio']:.3f}×, "
                    f"peak {found['peak_mb']:.0f} MB)"
                    for name, found in edit.items()
                ),
                flush=True,
            )
        return 0
    if args.add_event_only:
        bases = (
            [Path(b) for b in args.bases.split(",") if b.strip()]
            if args.bases
            else [base_for(size, args.seed) for size in sizes]
        )
        for path in bases:
            added = add_event_loop(path, env, args.cpu)
            print(
                f"{path.name}: "
                + "; ".join(
                    f"{name}: first load {found['first']:.2f} s (peak {found['first_peak_mb']:.0f} "
                    f"MB), after adding an event to {ADD_TO} {found['after']:.2f} s "
                    f"({found['ratio']:.3f}×, peak {found['peak_mb']:.0f} MB)"
                    for name, found in added.items()
                ),
                flush=True,
            )
        return 0
    if args.million_row:
        return million_row(Path(args.million_row), env, args.keep_free)
    if args.printing_only:
        return printing_only(args, sizes, env)
    if args.export_only:
        for size in sizes:
            with tempfile.TemporaryDirectory(prefix="facts-bench-cache-") as cache:
                found = export_column(
                    base_for(size, args.seed), {**env, "FACTS_CACHE_DIR": cache}, args.cpu
                )
            print(f"{size} events: export {export_cell(found)}", flush=True)
        return 0
    shipped = shipped_search(env)
    printed = shipped_printing(env, args.cpu)
    print(
        "Times in "
        + ("CPU seconds (process, all threads)" if args.cpu else "wall-clock seconds")
        + "; keystrokes in milliseconds."
    )
    print()
    rows: list[dict[str, Any]] = []
    for size in sizes:  # the table grows row by row: the biggest size takes minutes
        rows.append(
            measure(
                size,
                args.seed,
                env,
                args.vd,
                args.vd_max_events,
                not args.no_tui,
                not args.no_export,
            )
        )
        lines = table(rows, shipped, args.cpu, printed).splitlines()
        print("\n".join(lines if len(rows) == 1 else lines[-1:]), flush=True)
    print()
    print(f"`facts search {WORD}` on the shipped base, valid cache: {shipped:.2f} s")
    print(f"On the shipped base: {shipped_line(printed)}")
    print(f"Machine: {machine()}")
    return 0


def shipped_line(printed: dict[str, Any]) -> str:
    return (
        f"`facts summary` {printed['summary']['seconds']:.2f} s, "
        f"`facts show {printed['theme']}` {printed['show']['seconds']:.2f} s"
    )


# -- the 1 000 000-event row, guarded ---------------------------------------------------------


def _meminfo() -> dict[str, int]:
    """/proc/meminfo in kB."""
    found: dict[str, int] = {}
    with open("/proc/meminfo") as info:
        for line in info:
            key, _, rest = line.partition(":")
            found[key] = int(rest.split()[0])
    return found


def _child_state(pid: int) -> tuple[float, float]:
    """(CPU seconds, resident MB) of a running process, from /proc."""
    with open(f"/proc/{pid}/stat") as stat:
        fields = stat.read().rsplit(")", 1)[1].split()
    ticks = os.sysconf("SC_CLK_TCK")
    cpu = (int(fields[11]) + int(fields[12])) / ticks
    with open(f"/proc/{pid}/statm") as statm:
        rss = int(statm.read().split()[1]) * os.sysconf("SC_PAGE_SIZE") / 2**20
    return cpu, rss


def _folder_files(folder: Path) -> str:
    """The files of the cache folder and their sizes: which phase a first load is in (the
    base's store, then the index's temporary file and its spill)."""
    try:
        entries = sorted(folder.iterdir())
    except OSError:
        return "-"
    return ", ".join(
        f"{entry.name.split('.', 1)[-1] if len(entry.name.split('.')[0]) == 32 else entry.name}"
        f" {entry.stat().st_size / 2**20:.0f} MB"
        for entry in entries
        if entry.is_file()
    )


def _at_nice_10() -> None:
    os.nice(max(0, 10 - os.nice(0)))  # 10, not 10 more than a runner already at 10


def guarded(
    command: list[str], env: dict[str, str], keep_free_gb: float, cache: Path, every: float = 30
) -> dict[str, Any]:
    """`run_process`, at nice 10, watched: a line every `every` seconds (CPU, resident
    memory, memory left on the machine, the cache folder's files), and killed when the
    machine's available memory falls below `keep_free_gb` (others share it)."""
    started = time.time()
    log: list[str] = []
    stopped: list[str] = []
    peak_seen = 0.0
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        child = subprocess.Popen(
            command, env=env, cwd=ROOT, stdout=out, stderr=err, preexec_fn=_at_nice_10
        )
        done = threading.Event()

        def watch() -> None:
            nonlocal peak_seen
            last = 0.0
            while not done.wait(1.0):
                try:
                    cpu, rss = _child_state(child.pid)
                except (OSError, IndexError, ValueError):
                    continue
                peak_seen = max(peak_seen, rss)
                available = _meminfo()["MemAvailable"] / 2**20
                now = time.time() - started
                if available < keep_free_gb:
                    stopped.append(
                        f"stopped at {now:.0f} s: {available:.1f} GB available, "
                        f"the process at {rss:.0f} MB, {cpu:.0f} s CPU"
                    )
                    child.kill()
                if now - last >= every:
                    last = now
                    line = (
                        f"  {now:6.0f} s wall, {cpu:6.0f} s CPU, {rss:6.0f} MB resident, "
                        f"{available:5.1f} GB available; {_folder_files(cache)}"
                    )
                    log.append(line)
                    say(line)

        watcher = threading.Thread(target=watch, daemon=True)
        watcher.start()
        try:
            _, status, usage = os.wait4(child.pid, 0)
        finally:
            done.set()
            watcher.join()
        child.returncode = os.waitstatus_to_exitcode(status)
        out.seek(0)
        err.seek(0)
        lines = out.read().decode("utf-8", "replace").strip().splitlines()
        errors = err.read().decode("utf-8", "replace")[-2000:]
    return {
        "wall": time.time() - started,
        "code": child.returncode,
        "last": lines[-1] if lines else "",
        "stderr": errors,
        "user": usage.ru_utime,
        "system": usage.ru_stime,
        "cpu": usage.ru_utime + usage.ru_stime,
        "peak_mb": usage.ru_maxrss / 1024,
        "stopped": stopped[0] if stopped else None,
        "log": log,
    }


def million_row(path: Path, env: dict[str, str], keep_free_gb: float) -> int:
    """The 1 000 000-event row: a first `facts check`, then a search and a summary with the
    store it left, each as a whole process (README, "The 1 000 000-event row")."""
    if not (path / "events").is_dir():
        raise SystemExit(f"{path}: generate it first (benchmarks/generate.py --out {path})")
    given = env.get("FACTS_CACHE_DIR")
    cache = Path(given) if given else Path(tempfile.mkdtemp(prefix="facts-million-cache-"))
    cache.mkdir(parents=True, exist_ok=True)
    if any(cache.iterdir()):
        raise SystemExit(f"{cache}: not empty (the row starts with no store)")
    local = {**env, "FACTS_CACHE_DIR": str(cache)}
    yaml_mb = sum(file.stat().st_size for file in path.rglob("*.yaml")) / 2**20
    say(f"{path}: {yaml_mb:.0f} MB of YAML; store in {cache}")
    for name, command in (
        ("check, no store", ["check"]),
        (f"search {WORD}", ["search", WORD]),
        ("summary", ["summary"]),
    ):
        say(f"{name}:")
        found = guarded(facts_command("--facts", str(path), *command), local, keep_free_gb, cache)
        print(
            f"{name}: exit {found['code']}, {found['cpu']:.0f} s CPU ({found['user']:.0f} user + "
            f"{found['system']:.0f} system), {found['wall']:.0f} s wall, peak "
            f"{found['peak_mb']:.0f} MB; cache: {_folder_files(cache)}",
            flush=True,
        )
        if found["stopped"] or found["code"] != 0:
            print(found["stopped"] or found["stderr"], flush=True)
            return 1
        print(f"  last line: {found['last'][:200]}", flush=True)
    return 0


def printing_only(args: argparse.Namespace, sizes: list[int], env: dict[str, str]) -> int:
    """The printing column alone: the shipped base first, then each base, one run."""
    bases = (
        [Path(b) for b in args.bases.split(",") if b.strip()]
        if args.bases
        else [base_for(size, args.seed) for size in sizes]
    )
    printed = shipped_printing(env, args.cpu)
    unit = "CPU s" if args.cpu else "s"
    print(f"shipped base: {shipped_line(printed)} ({unit})", flush=True)
    for path in bases:
        if os.environ.get("FACTS_CACHE_DIR"):
            found = printing(path, env, args.cpu)
        else:
            with tempfile.TemporaryDirectory(prefix="facts-bench-cache-") as cache:
                found = printing(path, {**env, "FACTS_CACHE_DIR": cache}, args.cpu)
        print(
            f"{path.name}: summary / show {found['theme']} ({found['events']} events): "
            f"{printing_cell(found, printed)}; peak "
            f"{found['summary']['peak_mb']:.0f} / {found['show']['peak_mb']:.0f} MB",
            flush=True,
        )
    print(f"Machine: {machine()}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
