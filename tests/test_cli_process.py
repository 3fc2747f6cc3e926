"""The `facts` process at its edges, each attack with a real process: no terminal, closed
pipes, full disks, encodings that cannot hold the text, Ctrl-C during imports, loading and
writing, odd COLUMNS, empty paths, and what each command imports."""

from __future__ import annotations

import os
import re
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
FACTS = [sys.executable, "-m", "tui"]


def facts(
    *args: str, env: dict[str, str] | None = None, **kwargs: object
) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [*FACTS, *args],
        capture_output=True,
        text=True,
        timeout=120,
        env={**os.environ, **(env or {})},
        **kwargs,
    )  # type: ignore[call-overload]


# -- no terminal -----------------------------------------------------------------------------

NO_TERMINAL = (
    "facts: the browser needs a terminal, and {}; to print instead, run "
    "`facts --help`, `facts search WORDS…`, `facts show ID` or `facts summary`\n"
)


@pytest.mark.parametrize("args", [[], ["browse"], ["browse", "thomas-kufen"]])
def test_without_a_terminal_the_browser_says_what_to_run_instead(args: list[str]) -> None:
    """`facts </dev/null`, from cron, in a pipe: one line, exit 2, no escape codes, no
    wait."""
    started = time.monotonic()
    done = facts(*args, stdin=subprocess.DEVNULL)
    assert done.returncode == 2
    assert done.stdout == ""
    assert done.stderr == NO_TERMINAL.format("neither stdin nor stdout is one")
    assert time.monotonic() - started < 30


def test_a_terminal_on_one_side_only_is_not_enough() -> None:
    import pty

    master, slave = pty.openpty()
    try:
        done = subprocess.run(
            [*FACTS],
            stdin=subprocess.DEVNULL,
            stdout=slave,
            stderr=subprocess.PIPE,
            text=True,
            timeout=60,
        )
        assert done.returncode == 2
        assert done.stderr == NO_TERMINAL.format("stdin is not one")
        done = subprocess.run([*FACTS], stdin=slave, capture_output=True, text=True, timeout=60)
        assert done.returncode == 2
        assert done.stderr == NO_TERMINAL.format("stdout is not one")
        assert done.stdout == ""
    finally:
        os.close(master)
        os.close(slave)


# -- output that cannot be written ---------------------------------------------------------


def test_a_closed_pipe_exits_0_quietly() -> None:
    """`facts show ID | true`: the reader is gone before the first byte."""
    read, write = os.pipe()
    os.close(read)
    try:
        done = subprocess.run(
            [*FACTS, "show", "essen-japan-trip-2017"],
            stdout=write,
            stderr=subprocess.PIPE,
            text=True,
            timeout=60,
        )
    finally:
        os.close(write)
    assert (done.returncode, done.stderr) == (0, "")


@pytest.mark.parametrize(
    "command",
    ["export", "show essen-japan-trip-2017", "summary", "search essen", "schema", "--help"],
)
def test_a_reader_that_stops_early_ends_the_program_quietly(command: str) -> None:
    done = subprocess.run(
        [
            "bash",
            "-c",
            f'{" ".join(FACTS)} {command} | head -c 10 >/dev/null; echo "${{PIPESTATUS[0]}}"',
        ],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert (done.stdout, done.stderr) == ("0\n", "")
    piped = subprocess.run(
        ["bash", "-c", f'{" ".join(FACTS)} {command} | true; echo "${{PIPESTATUS[0]}}"'],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert (piped.stdout, piped.stderr) == ("0\n", "")


@pytest.mark.skipif(not Path("/dev/full").exists(), reason="no /dev/full on this system")
@pytest.mark.parametrize("command", [["search", "essen"], ["export"], ["summary", "--json"]])
def test_a_full_disk_is_one_line_and_exit_1(command: list[str]) -> None:
    with open("/dev/full", "w") as full:
        done = subprocess.run(
            [*FACTS, *command], stdout=full, stderr=subprocess.PIPE, text=True, timeout=60
        )
    assert done.returncode == 1
    assert done.stderr == "facts: cannot write the output: No space left on device\n"


@pytest.mark.parametrize(
    "env",
    [{"PYTHONIOENCODING": "ascii"}, {"LC_ALL": "C", "PYTHONUTF8": "0", "PYTHONIOENCODING": ""}],
)
def test_output_the_terminal_cannot_encode_gets_visible_escapes(env: dict[str, str]) -> None:
    done = facts("summary", env=env)
    assert done.returncode == 0, done.stderr
    assert done.stderr == ""
    assert "City of D\\xfcsseldorf" in done.stdout
    shown = facts("show", "city-of-koriyama", "--lang", "ja", env=env)
    assert shown.returncode == 0 and shown.stderr == ""
    assert "\\u90e1\\u5c71\\u5e02" in shown.stdout  # 郡山市


# -- odd arguments ------------------------------------------------------------------------------


@pytest.mark.parametrize("columns", ["0", "-3", "abc", "", "5", "½"])
def test_nonsense_columns_count_as_unset(columns: str) -> None:
    normal = facts("summary")
    odd = facts("summary", env={"COLUMNS": columns})
    assert odd.returncode == 0 and odd.stderr == ""
    assert odd.stdout == normal.stdout  # 80 columns in a pipe
    assert max(len(line) for line in odd.stdout.splitlines()) <= 80


def test_columns_that_make_sense_are_used() -> None:
    wide = facts("summary", env={"COLUMNS": "140"})
    assert max(len(line) for line in wide.stdout.splitlines()) > 80


@pytest.mark.parametrize(
    "args", [["--facts", "", "check"], ["check", "--facts", ""], ["show", "x", "--facts="]]
)
def test_an_empty_facts_path_is_a_usage_error(args: list[str]) -> None:
    done = facts(*args)
    assert done.returncode == 2
    assert done.stderr.splitlines()[-1].endswith(
        "error: argument --facts: an empty path; give a folder of fact files or one file"
    )
    assert done.stdout == ""


def test_facts_is_accepted_after_every_command(tmp_path: Path) -> None:
    base = str(ROOT / "tests" / "hostile" / "base")
    for command in (
        ["check"],
        ["schema"],
        ["summary"],
        ["search", "bidi"],
        ["export"],
        ["show", "cjk-place"],
        ["config"],
        ["completion", "bash"],
    ):
        done = facts(*command, "--facts", base)
        assert done.returncode == 0, (command, done.stderr)


# -- Ctrl-C -------------------------------------------------------------------------------------


def _ctrl_c_as_in_a_terminal() -> None:
    """SIGINT as a foreground program in a terminal gets it: a shell without job control
    starts background commands (`pytest &`) with SIGINT ignored, the child would inherit
    that, and Python then never raises KeyboardInterrupt at all."""
    signal.signal(signal.SIGINT, signal.SIG_DFL)


def interrupted(
    args: list[str],
    when: str,
    *,
    after: float = 0.0,
    env: dict[str, str] | None = None,
    read_stdout: bool = True,
) -> tuple[int, str]:
    """Run facts with `-X importtime` (each finished import is a line on stderr, so the
    moment can be chosen exactly), send SIGINT `after` seconds past the first import line
    that mentions `when`, and return the exit code and stderr less the import lines."""
    process = subprocess.Popen(
        [sys.executable, "-X", "importtime", "-m", "tui", *args],
        stdout=subprocess.DEVNULL if read_stdout else subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env={**os.environ, **(env or {})},
        preexec_fn=_ctrl_c_as_in_a_terminal,
    )
    assert process.stderr is not None
    other: list[str] = []
    try:
        for line in process.stderr:
            if line.startswith("import time:"):
                if re.search(rf"\| +{re.escape(when)}$", line.rstrip()):
                    break
            else:
                other.append(line)
        else:
            pytest.fail(f"the process ended before importing {when}")
        time.sleep(after)
        process.send_signal(signal.SIGINT)
        rest = process.stderr.read()
        code = process.wait(timeout=60)
    finally:
        if process.poll() is None:
            process.kill()
    other += [
        line for line in rest.splitlines(keepends=True) if not line.startswith("import time:")
    ]
    # A signal that lands while the interpreter is already shutting down (the command had
    # finished) ends the process by SIGINT itself: the shell shows that as 130 too.
    return (130 if code == -signal.SIGINT else code), "".join(other)


INTERRUPT_AT_IMPORT = """\
import os, runpy, signal, sys
when, sys.argv = sys.argv[1], ["facts", *sys.argv[2:]]
def at_import(event, args):
    if event == "import" and args[0] == when:
        os.kill(os.getpid(), signal.SIGINT)  # Ctrl-C as the module starts to load
sys.addaudithook(at_import)
runpy.run_module("tui", run_name="__main__", alter_sys=True)
"""


def interrupted_at_import(args: list[str], when: str) -> tuple[int, str]:
    """Run facts and press Ctrl-C exactly when `when` starts to be imported (the process
    sends itself SIGINT from an audit hook): no race with a fast machine or a slow one."""
    done = subprocess.run(
        [sys.executable, "-c", INTERRUPT_AT_IMPORT, when, *args],
        capture_output=True,
        text=True,
        timeout=120,
        preexec_fn=_ctrl_c_as_in_a_terminal,
    )
    return done.returncode, done.stderr


def test_ctrl_c_during_the_imports_exits_130_without_a_traceback() -> None:
    # (not yaml: a summary from a current store never imports the YAML reader)
    for module in ("tui.commands.run", "tui.model", "tui.store", "tui.render"):
        code, err = interrupted_at_import(["summary"], module)
        assert (code, err) == (130, ""), module


def test_the_interrupt_at_import_does_interrupt() -> None:
    """The harness itself: without the interrupt the same command succeeds, and a module
    the command never imports leaves it alone (so a 130 above is the Ctrl-C's doing)."""
    assert interrupted_at_import(["summary"], "no.such.module")[0] == 0


@pytest.fixture(scope="module")
def big_base(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("big")
    done = subprocess.run(
        [
            sys.executable,
            str(ROOT / "benchmarks" / "generate.py"),
            "--events",
            "3000",
            "--seed",
            "1",
            "--out",
            str(out),
        ],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert done.returncode == 0, done.stderr
    return out


def test_ctrl_c_while_loading_and_while_writing_exits_130(big_base: Path) -> None:
    code, err = interrupted(
        ["check", "--facts", str(big_base)], "tui.load", after=0.5, env={"FACTS_NO_CACHE": "1"}
    )
    assert (code, err) == (130, "")
    # blocked writing into a pipe nobody reads (the export is far larger than its buffer)
    code, err = interrupted(["export"], "tui.render.json", after=1.5, read_stdout=False)
    assert (code, err) == (130, "")


# -- a lean start ---------------------------------------------------------------------------

HEAVY = (
    "yaml",
    "rich",
    "sqlite3",
    "textual",
    "tui.load",
    "tui.model",
    "tui.search.engine",
    "tui.render.pages",
    "tui.render.json",
    "tui.render.entity",
)


def imported(*args: str) -> set[str]:
    code = (
        "import sys, contextlib, io\n"
        "from tui.cli import main\n"
        "with contextlib.redirect_stdout(io.StringIO()):\n"
        "    try:\n"
        f"        main({list(args)!r})\n"
        "    except SystemExit:\n"
        "        pass\n"
        "print(sorted(sys.modules))\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    import ast

    return set(ast.literal_eval(done.stdout.splitlines()[-1]))


def top(modules: set[str]) -> set[str]:
    return {h for h in HEAVY if any(m == h or m.startswith(h + ".") for m in modules)}


def test_version_help_and_completion_import_none_of_the_heavy_modules() -> None:
    assert top(imported("--version")) == set()
    assert top(imported("--help")) == set()
    assert top(imported("show", "--help")) == set()
    assert top(imported("completion", "bash")) == set()
    assert top(imported("schema")) == set()


def test_a_command_imports_what_it_uses() -> None:
    imported("check")  # a check that reads the whole base builds the search index with it
    assert top(imported("check")) == {"sqlite3", "tui.load", "tui.model"}  # a current store
    shown = top(imported("show", "thomas-kufen"))
    assert {"rich", "tui.render.pages"} <= shown and "tui.search.engine" not in shown
    imported("search", "essen")  # the first search after a check builds the index
    searched = imported("search", "essen")
    assert "tui.search.engine" in top(searched)
    # a warm search to a pipe (as here) opens the stored base and index and writes the hits
    # as plain text: no YAML reader, no checks, no schema, no Rich, no browser
    assert {"yaml", "rich", "textual"}.isdisjoint(top(searched))
    assert {"tui.load.validate", "tui.load.yamlread", "tui.schema"}.isdisjoint(searched)
    assert "tui.changedsince" not in searched  # no changed: in the query
    assert "rich" not in top(imported("search", "essen", "--json"))
    assert "rich" not in top(imported("summary", "--json"))
    assert "rich" not in top(imported("show", "thomas-kufen", "--json"))


# -- the test suite's own scratch folders ----------------------------------------------------


def test_the_tests_leave_no_scratch_folder_behind(tmp_path: Path) -> None:
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "pytest",
            "-q",
            "-p",
            "no:cacheprovider",
            str(ROOT / "tests" / "test_shipped.py"),
        ],
        capture_output=True,
        text=True,
        timeout=300,
        cwd=ROOT,
        env={**os.environ, "TMPDIR": str(tmp_path)},
    )
    assert done.returncode == 0, done.stdout + done.stderr
    assert sorted(p.name for p in tmp_path.iterdir() if p.name.startswith("facts-")) == []
