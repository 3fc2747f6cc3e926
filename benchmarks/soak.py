"""Soak test of the browser (not in CI): hours of use squeezed into minutes.

The browser runs (headless, Textual's `run_test`, with its real file watcher) on a copy of a
big base while a second thread edits, breaks and repairs one fact file every two seconds and
keys are sent all along (moves, sections, search, filter, open, back).  At the end it prints
what a leak would show: memory at the start and the end, reloads done, broken edits shown as
problems, and the threads and file descriptors of the process before and after.

    python benchmarks/soak.py --base /tmp/soak-10k --minutes 10

The base is modified (one file): give a copy, never the original.  FACTS_CACHE_DIR should
point at a folder of its own.
"""

from __future__ import annotations

import argparse
import asyncio
import gc
import os
import random
import sys
import threading
import time
import weakref
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import tui.app.app as app_module
from tui.app.app import FactsApp
from tui.collector import collect_released

PAUSES: list[float] = []
"""Seconds each release of replaced bases (a full collection) held the interpreter."""
FREED: list[int] = []
"""How many replaced bases each of those collections freed (0: it was not a cycle)."""
SHOWN: list[weakref.ref[Any]] = []
"""Every base the browser has shown: all but the current one should be freed."""


def _old_bases() -> int:
    return sum(1 for ref in SHOWN[:-1] if ref() is not None)


def timed_release() -> float:
    before = _old_bases()
    took = collect_released()
    PAUSES.append(took)
    FREED.append(before - _old_bases())
    return took


app_module.collect_released = timed_release  # the browser's own call, measured

KEYS = [
    "down",
    "down",
    "down",
    "pagedown",
    "up",
    "end",
    "home",
    "j",
    "k",
    "2",
    "3",
    "4",
    "1",
    "enter",
    "b",
    "tab",
    "tab",
    "escape",
]


def rss_mb() -> float:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def fds() -> int:
    return len(os.listdir("/proc/self/fd"))


def threads() -> int:
    return len(os.listdir("/proc/self/task"))


class Editor(threading.Thread):
    """Edit (a valid change), break (a syntax error) and repair the file, one step every
    `every` seconds."""

    def __init__(self, path: Path, every: float) -> None:
        super().__init__(daemon=True, name="soak-editor")
        self.path = path
        self.every = every
        self.original = path.read_text(encoding="utf-8")
        self.stop = threading.Event()
        self.steps = {"edit": 0, "break": 0, "repair": 0}

    def run(self) -> None:
        cycle = ("edit", "break", "repair")
        step = 0
        while not self.stop.wait(self.every):
            kind = cycle[step % 3]
            step += 1
            if kind == "edit":
                text = self.original + f"\n# soak edit {step}\n"
                text = text.replace(
                    "International cooperation", f"International cooperation {step}", 1
                )
            elif kind == "break":
                text = self.original + "\n  - id: [broken\n"
            else:
                text = self.original
            self.path.write_text(text, encoding="utf-8")
            self.steps[kind] += 1

    def restore(self) -> None:
        self.path.write_text(self.original, encoding="utf-8")


async def soak(base: Path, minutes: float, every: float, seed: int) -> dict[str, Any]:
    app = FactsApp(base)
    counts = {"reloads": 0, "broken": 0}
    alive = SHOWN
    random.seed(seed)
    async with app.run_test(size=(120, 40)) as pilot:
        started = time.monotonic()
        while app.base is None:
            await pilot.pause(0.5)
            if time.monotonic() - started > 600:
                raise SystemExit("the base did not load in 10 minutes")
        load_s = time.monotonic() - started

        def reloaded(session: Any) -> None:
            counts["reloads"] += 1
            if session is not None:
                alive.append(weakref.ref(session.base))

        def problems(value: tuple[object, ...]) -> None:
            if value:
                counts["broken"] += 1

        app.watch(app, "session", reloaded, init=False)
        app.watch(app, "problems", problems, init=False)
        await pilot.pause(2)
        gc.collect()
        start = {
            "rss": rss_mb(),
            "fds": fds(),
            "threads": threads(),
            "py_threads": threading.active_count(),
        }
        editor = Editor(next(base.glob("themes.y*ml")), every)
        editor.start()
        keys = 0
        until = time.monotonic() + minutes * 60
        try:
            while time.monotonic() < until:
                key = random.choice(KEYS)
                if random.random() < 0.08:
                    await pilot.press("slash", *"essen", "down", "enter")
                    keys += 7
                elif random.random() < 0.05:
                    await pilot.press("f", "down", "escape")
                    keys += 3
                else:
                    await pilot.press(key)
                    keys += 1
                await pilot.pause(0.25)
        finally:
            editor.stop.set()
            editor.join()
            editor.restore()
        # let the last reload finish (and the browser release the base it replaced), then
        # measure; the script collects nothing itself before counting
        settle_until = time.monotonic() + 120
        await pilot.pause(3)
        while (app._loading or app.problems) and time.monotonic() < settle_until:
            await pilot.pause(1)
        await pilot.press("escape", "escape", "1")
        await pilot.pause(15)
        end = {
            "rss": rss_mb(),
            "fds": fds(),
            "threads": threads(),
            "py_threads": threading.active_count(),
        }
        names = sorted(t.name for t in threading.enumerate())
        problems_now = len(app.problems)
        kept = sum(1 for ref in alive if ref() is not None and ref() is not app.base)
        # Objects frozen out of the cycle collector's sight (gc.freeze after each load) are
        # never collected: unfreezing shows whether that is what keeps old bases.
        gc.unfreeze()
        gc.collect()
        kept_unfrozen = sum(1 for ref in alive if ref() is not None and ref() is not app.base)
        end["rss_unfrozen"] = rss_mb()
    return {
        "load_s": load_s,
        "start": start,
        "end": end,
        "keys": keys,
        "steps": editor.steps,
        "thread_names": names,
        "problems_at_end": problems_now,
        "old_bases": kept,
        "old_bases_unfrozen": kept_unfrozen,
        "bases_shown": len(alive),
        "pauses": list(PAUSES),
        **counts,
    }


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--base", type=Path, required=True, help="a COPY of a fact base")
    parser.add_argument("--minutes", type=float, default=10.0)
    parser.add_argument("--every", type=float, default=2.0, help="seconds between file steps")
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    result = asyncio.run(soak(args.base, args.minutes, args.every, args.seed))
    start, end = result["start"], result["end"]
    print(f"soak: {args.minutes:g} min on {args.base}, a file step every {args.every:g} s")
    print(f"first load: {result['load_s']:.1f} s")
    print(f"file steps: {result['steps']}; keys sent: {result['keys']}")
    print(
        f"reloads done: {result['reloads']}; broken edits shown as problems: "
        f"{result['broken']}; problems at the end: {result['problems_at_end']}"
    )
    print(f"memory (RSS): {start['rss']:.0f} MB at the start, {end['rss']:.0f} MB at the end")
    print(
        f"threads: {start['threads']} -> {end['threads']} (Python: {start['py_threads']} -> "
        f"{end['py_threads']}: {', '.join(result['thread_names'])})"
    )
    print(f"file descriptors: {start['fds']} -> {end['fds']}")
    pauses = result["pauses"]
    if not pauses:
        print("releases of replaced bases: none needed (reference counting freed them)")
    else:
        print(
            f"releases of replaced bases: {len(pauses)}, each a full collection of "
            f"{min(pauses) * 1000:.0f}-{max(pauses) * 1000:.0f} ms (median "
            f"{sorted(pauses)[len(pauses) // 2] * 1000:.0f} ms), freeing {sum(FREED)} "
            "replaced bases between them"
        )
    print(
        f"old bases still in memory at the end: {result['old_bases']} of "
        f"{result['bases_shown']} shown; after gc.unfreeze() and a full collection: "
        f"{result['old_bases_unfrozen']} (RSS {end['rss_unfrozen']:.0f} MB)"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
