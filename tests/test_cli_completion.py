"""`facts completion bash|zsh|fish`: the scripts, exercised by the real shells.

Bash runs the generated function with COMP_WORDS/COMP_CWORD set as readline sets them and
the test reads COMPREPLY; fish answers `complete -C` itself; zsh's completion builtins only
work inside a completion widget, so the zsh script runs with `compadd`, `_describe`,
`_files` and `compset` replaced by recorders (the script's own logic is what is tested).
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tui.cli import main
from tui.commands.completion import candidates
from tui.commands.options import offers
from tui.commands.run import build_parser
from tui.completion import script, spec

ROOT = Path(__file__).resolve().parent.parent
HOSTILE = ROOT / "tests" / "hostile" / "base"


@pytest.fixture(scope="module")
def program(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A `facts` executable (the installed console script's code) for the shells to call."""
    folder = tmp_path_factory.mktemp("bin")
    path = folder / "facts"
    path.write_text(
        f"#!{sys.executable}\nimport sys\nfrom tui.cli import main\nsys.exit(main())\n",
        encoding="utf-8",
    )
    path.chmod(0o755)
    return path


def generated(shell: str, capsys: pytest.CaptureFixture[str]) -> str:
    assert main(["completion", shell]) == 0
    return capsys.readouterr().out


@pytest.fixture(scope="module")
def bash_script(tmp_path_factory: pytest.TempPathFactory) -> Path:
    from tui.completion import script as make

    path = tmp_path_factory.mktemp("completion") / "facts.bash"
    path.write_text(make("bash", build_parser()), encoding="utf-8")
    return path


def bash_complete(
    script_path: Path, program: Path, line: str, *, cwd: Path | None = None
) -> list[str]:
    """COMPREPLY for the command line `line` (the cursor at its end), as bash computes it:
    words split as readline splits them (COMP_WORDBREAKS holds '=')."""
    code = f"""
source {script_path}
line={_quote(line)}
read -ra COMP_WORDS <<< "$line"
COMP_WORDS[0]={_quote(str(program))}
tail=' '
if [[ "$line" == *"$tail" ]]; then COMP_WORDS+=(''); fi
words=()
for w in "${{COMP_WORDS[@]}}"; do
    if [[ "$w" == --*=* ]]; then words+=("${{w%%=*}}" '=' "${{w#*=}}"); else words+=("$w"); fi
done
COMP_WORDS=("${{words[@]}}")
if [[ "${{COMP_WORDS[-1]}}" == '' && "${{COMP_WORDS[-2]}}" == '=' ]]; then
    unset 'COMP_WORDS[-1]'
fi
COMP_CWORD=$(( ${{#COMP_WORDS[@]}} - 1 ))
COMPREPLY=()
_facts
printf '%s\\n' "${{COMPREPLY[@]}}"
"""
    done = subprocess.run(
        ["bash", "--norc", "--noprofile", "-c", code],
        capture_output=True,
        text=True,
        timeout=60,
        cwd=cwd,
    )
    assert done.returncode == 0, done.stderr
    assert done.stderr == ""
    return [w for w in done.stdout.splitlines() if w]


def _quote(text: str) -> str:
    return "'" + text.replace("'", "'\\''") + "'"


def test_bash_script_parses_and_registers(bash_script: Path) -> None:
    done = subprocess.run(["bash", "-n", str(bash_script)], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    listed = subprocess.run(
        ["bash", "-c", f"source {bash_script}; complete -p facts"], capture_output=True, text=True
    )
    assert listed.stdout.strip() == "complete -F _facts facts"


def test_bash_completes_commands_and_options(bash_script: Path, program: Path) -> None:
    assert bash_complete(bash_script, program, "facts ") == [
        "browse",
        "show",
        "search",
        "met",
        "summary",
        "audit",
        "export",
        "check",
        "edit",
        "diff",
        "log",
        "init",
        "schema",
        "config",
        "completion",
    ]
    assert bash_complete(bash_script, program, "facts s") == ["show", "search", "summary", "schema"]
    assert bash_complete(bash_script, program, "facts -") == [
        "-h",
        "--help",
        "--version",
        "--facts",
    ]
    assert bash_complete(bash_script, program, "facts summary --p") == ["--participant", "--pager"]
    assert bash_complete(bash_script, program, "facts show --") == [
        "--help",
        "--facts",
        "--json",
        "--all",
        "--ids",
        "--last-change",
        "--lang",
        "--width",
        "--pager",
        "--no-pager",
    ]
    assert bash_complete(bash_script, program, "facts audit --") == [
        "--help",
        "--facts",
        "--source",
        "--json",
        "--ids",
        "--lang",
        "--width",
        "--pager",
        "--no-pager",
    ]


def test_bash_completes_option_values(bash_script: Path, program: Path) -> None:
    formats = ["json", "markdown", "html", "graphml", "gexf", "csv"]
    assert bash_complete(bash_script, program, "facts export --format ") == formats
    assert bash_complete(bash_script, program, "facts export --format=m") == ["markdown"]
    assert bash_complete(bash_script, program, "facts export --format=") == formats
    assert bash_complete(bash_script, program, "facts show --lang ") == ["de", "en", "ja"]
    assert bash_complete(bash_script, program, "facts completion ") == ["bash", "zsh", "fish"]
    # a value that is not offered: nothing, and the word after it is not taken as the ID
    assert bash_complete(bash_script, program, "facts show --width ") == []
    kinds = bash_complete(bash_script, program, "facts search --kind s")
    assert kinds[:1] == ["source"] and {"signing", "symposium"} <= set(kinds)


def test_bash_completes_ids_from_the_base(bash_script: Path, program: Path, shipped_base) -> None:
    assert bash_complete(bash_script, program, "facts show essen-k") == [
        "essen-koriyama-existing-cooperations",
        "essen-koriyama-mou-2017",
    ]
    for command in ("edit", "log"):
        assert bash_complete(bash_script, program, f"facts {command} essen-k") == [
            "essen-koriyama-existing-cooperations",
            "essen-koriyama-mou-2017",
        ]
    assert bash_complete(bash_script, program, "facts check --format ") == [
        "text",
        "json",
        "github",
    ]
    everything = bash_complete(bash_script, program, "facts browse ")
    assert sorted(everything) == sorted(e.id for e in shipped_base)
    # after the one ID show takes, nothing more
    assert bash_complete(bash_script, program, "facts show thomas-kufen ") == []
    # export takes many
    assert "thomas-kufen" in bash_complete(bash_script, program, "facts export paul-hoeller th")
    sources = bash_complete(bash_script, program, "facts audit --source ")
    assert sorted(sources) == sorted(s.id for s in shipped_base.sources)
    assert bash_complete(bash_script, program, "facts audit ") == []  # it takes no ID
    themes = bash_complete(bash_script, program, "facts summary --theme ")
    assert sorted(themes) == sorted(t.id for t in shipped_base.themes)
    assert bash_complete(bash_script, program, "facts summary --participant city-of-") == [
        "city-of-duesseldorf",
        "city-of-essen",
        "city-of-koriyama",
    ]
    events = bash_complete(bash_script, program, "facts summary --event ")
    assert sorted(events) == sorted(e.id for e in shipped_base.events)


def test_bash_reads_the_ids_of_the_base_on_the_command_line(
    bash_script: Path, program: Path
) -> None:
    assert bash_complete(bash_script, program, f"facts --facts {HOSTILE} show cjk") == ["cjk-place"]
    assert bash_complete(bash_script, program, f"facts show --facts={HOSTILE} cjk") == ["cjk-place"]
    assert bash_complete(bash_script, program, f"facts show --facts {HOSTILE} bidi") == [
        "bidi-city"
    ]


def test_bash_completes_paths(bash_script: Path, program: Path, tmp_path: Path) -> None:
    (tmp_path / "my-facts").mkdir()
    (tmp_path / "my-notes.txt").write_text("x")
    found = bash_complete(bash_script, program, "facts check --facts my-", cwd=tmp_path)
    assert sorted(found) == ["my-facts", "my-notes.txt"]
    assert bash_complete(bash_script, program, "facts export -o my-n", cwd=tmp_path) == [
        "my-notes.txt"
    ]


def test_data_is_never_expanded_by_the_shell(
    bash_script: Path, program: Path, tmp_path: Path
) -> None:
    """A kind in the data is text for the shell: offered quoted, never run."""
    marker = tmp_path / "ran"
    base = tmp_path / "base"
    base.mkdir()
    (base / "places.yaml").write_text(
        "sources:\n  - id: s\n    title: S\n    language: en\n"
        "places:\n"
        f'  - id: evil\n    name: Evil\n    kind: "$(touch {marker})"\n    sources: [s]\n'
        '  - id: spaced\n    name: Spaced\n    kind: "two words"\n    sources: [s]\n',
        encoding="utf-8",
    )
    found = bash_complete(bash_script, program, f"facts --facts {base} search --kind ")
    assert f"\\$\\(touch\\ {marker}\\)" in found
    assert "two\\ words" in found
    assert not marker.exists()


def test_a_command_that_declares_what_it_takes_gets_completion(
    program: Path, tmp_path: Path
) -> None:
    """What a new command needs to do: declare it on the argument (as `facts met ID` does;
    a command made here, to show that nothing else is needed)."""
    parser = build_parser()
    sub = next(a for a in parser._actions if isinstance(a, argparse._SubParsersAction))
    new = sub.add_parser("newcommand", help="a command the scripts have never seen")
    offers(new.add_argument("id"), "participant")
    offers(new.add_argument("--theme"), "theme")
    tables = spec(parser)
    command = next(c for c in tables.commands if c.name == "newcommand")
    assert command.positionals == (("participant", False),)
    path = tmp_path / "facts.bash"
    path.write_text(script("bash", parser), encoding="utf-8")
    assert bash_complete(path, program, "facts newcommand thomas-k") == ["thomas-kufen"]
    assert bash_complete(path, program, "facts newcommand --theme hydr") == [
        "hydrogen-technologies"
    ]
    assert bash_complete(path, program, "facts met thomas-k") == ["thomas-kufen"]
    assert bash_complete(path, program, "facts met --theme hydr") == ["hydrogen-technologies"]


def test_ids_are_listed_for_the_scripts(capsys: pytest.CaptureFixture[str], shipped_base) -> None:
    assert main(["completion", "--ids", "participant", "--prefix=city-of-"]) == 0
    assert capsys.readouterr().out == "city-of-duesseldorf\ncity-of-essen\ncity-of-koriyama\n"
    # in the order of the browser's list, which the store keeps (no entity is read)
    assert candidates(shipped_base, "source") == list(shipped_base.listing("sources").ids)
    assert sorted(candidates(shipped_base, "source")) == sorted(s.id for s in shipped_base.sources)
    assert main(["completion", "--ids", "entity", "--facts", "/nonexistent"]) == 1
    assert capsys.readouterr().out == ""


def test_completion_without_a_shell_is_a_usage_error(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["completion"]) == 2
    assert capsys.readouterr().err == (
        "facts completion: name the shell: bash, zsh or fish (see facts completion --help)\n"
    )


# -- zsh and fish -------------------------------------------------------------------------

needs_zsh = pytest.mark.skipif(
    shutil.which("zsh") is None, reason="zsh is not installed (.ci/run installs it)"
)
needs_fish = pytest.mark.skipif(
    shutil.which("fish") is None, reason="fish is not installed (.ci/run installs it)"
)


def test_zsh_and_fish_scripts_are_produced(capsys: pytest.CaptureFixture[str]) -> None:
    zsh = generated("zsh", capsys)
    assert zsh.startswith("#compdef facts\n") and "compdef _facts facts" in zsh
    fish = generated("fish", capsys)
    assert "complete -c facts -n 'test -z (__facts_command)' -a show" in fish
    assert "complete -c facts -n '__facts_is summary' -l theme -x -a '(__facts_ids theme)'" in fish


@needs_zsh
@pytest.mark.parametrize("shell", ["zsh"])
def test_zsh_script_parses(shell: str, capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    path = tmp_path / "_facts"
    path.write_text(generated(shell, capsys), encoding="utf-8")
    done = subprocess.run(["zsh", "-n", str(path)], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr


ZSH_STUBS = """
compdef() { : }
compadd() {
  local -a items
  if [[ $1 == -a ]]; then items=("${(@P)2}"); else shift; items=("$@"); fi
  local item; for item in "${items[@]}"; do [[ $item == ${PREFIX}* ]] && print -r -- "$item"; done
  return 0
}
_describe() {
  local item; for item in "${(@P)4}"; do
    item="${item%%:*}"; [[ $item == ${PREFIX}* ]] && print -r -- "$item"; done
  return 0
}
_files() { print -r -- '<files>' }
compset() { PREFIX="${PREFIX#*=}" }
"""


def zsh_complete(path: Path, program: Path, line: str) -> list[str]:
    code = f"""{ZSH_STUBS}
source {path}
words=(${{(z)line}})
[[ "$line" == *' ' ]] && words+=('')
words[1]={_quote(str(program))}
CURRENT=${{#words}}
PREFIX="${{words[CURRENT]}}"
_facts
"""
    done = subprocess.run(
        ["zsh", "-f", "-c", code],
        capture_output=True,
        text=True,
        timeout=60,
        env={**os.environ, "line": line},
    )
    assert done.returncode == 0, done.stderr
    assert done.stderr == ""
    return done.stdout.splitlines()


@needs_zsh
def test_zsh_completes_like_bash(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, program: Path
) -> None:
    path = tmp_path / "_facts"
    path.write_text(generated("zsh", capsys), encoding="utf-8")
    assert zsh_complete(path, program, "facts s") == ["show", "search", "summary", "schema"]
    assert zsh_complete(path, program, "facts export --format ") == [
        "json",
        "markdown",
        "html",
        "graphml",
        "gexf",
        "csv",
    ]
    assert zsh_complete(path, program, "facts export --format=m") == ["markdown"]
    assert zsh_complete(path, program, "facts show essen-k") == [
        "essen-koriyama-existing-cooperations",
        "essen-koriyama-mou-2017",
    ]
    assert zsh_complete(path, program, "facts summary --participant city-of-") == [
        "city-of-duesseldorf",
        "city-of-essen",
        "city-of-koriyama",
    ]
    assert zsh_complete(path, program, f"facts --facts {HOSTILE} show cjk") == ["cjk-place"]
    assert zsh_complete(path, program, "facts check --facts ") == ["<files>"]
    assert zsh_complete(path, program, "facts show --j") == ["--json"]


@needs_fish
def test_fish_script_parses_and_completes(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, program: Path
) -> None:
    path = tmp_path / "facts.fish"
    path.write_text(generated("fish", capsys), encoding="utf-8")
    parsed = subprocess.run(["fish", "-n", str(path)], capture_output=True, text=True)
    assert parsed.returncode == 0, parsed.stderr

    def complete(line: str) -> list[str]:
        done = subprocess.run(
            ["fish", "--no-config", "-c", f"source {path}; complete -C {_quote(line)}"],
            capture_output=True,
            text=True,
            timeout=60,
            env={**os.environ, "PATH": f"{program.parent}:{os.environ['PATH']}"},
        )
        assert done.returncode == 0, done.stderr
        return [w.split("\t")[0] for w in done.stdout.splitlines()]

    assert complete("facts show essen-k") == [
        "essen-koriyama-existing-cooperations",
        "essen-koriyama-mou-2017",
    ]
    assert complete("facts export --format ") == [
        "csv",
        "gexf",
        "graphml",
        "html",
        "json",
        "markdown",
    ]
    assert complete("facts summary --theme hydr") == ["hydrogen-technologies"]
    assert complete(f"facts --facts {HOSTILE} show cjk") == ["cjk-place"]
    assert "summary" in complete("facts ")
