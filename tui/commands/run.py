"""The `facts` command line: the parser of every command, the settings, and the run.

Imported by `tui.cli.main` once the process is guarded.  The command modules are light to
import (argparse only); each imports what it needs when it runs, so `facts --help` reads no
fact base, loads no YAML parser and no Rich.
"""

from __future__ import annotations

import argparse
import os
import sys

from tui import __version__
from tui.commands import COMMANDS
from tui.commands.options import README, add_facts_option

DESCRIPTION = """\
Browse, search and summarise a YAML fact base of events, participants and cooperation
themes. Without a command, opens the browser (in a terminal)."""

EPILOG = f"""\
settings (each taken from the first place that sets it):
  1. flags: --facts PATH, --lang
  2. the environment: FACTS_PATH, FACTS_LANG, FACTS_UI_LANG, FACTS_THEME, FACTS_EDITOR,
     FACTS_PAGER
  3. the config file $XDG_CONFIG_HOME/facts/config.toml (~/.config/facts/config.toml; on
     macOS and Windows the platform's config folder; $FACTS_CONFIG names another):
     facts, lang, ui_lang, theme (dark/light), editor, pager
  4. for editor and pager: VISUAL, EDITOR, PAGER
  5. defaults: the shipped fact base, vi, less
  `facts config` prints the settings in force and where each comes from.

exit codes: 0 success, 1 invalid fact base or nothing found, 2 wrong usage, 130 Ctrl-C

examples:
  facts                                   open the browser
  facts search kufen 2017                 find entities
  facts show essen-koriyama-mou-2017      one entity in full
  facts summary --year 2025               the base at a glance
  facts check --facts my-facts/           validate your own fact base
  facts edit thomas-kufen                 your editor at the line that defines it
  facts diff                              what changed by entity since the last commit
  facts init my-facts                     start a fact base of your own
  facts completion bash                   shell completion (see the README)

More: {README}; `facts COMMAND --help` for each command."""


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="facts",
        description=DESCRIPTION,
        epilog=EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--version", action="version", version=f"facts {__version__}")
    add_facts_option(parser, top=True)
    common = argparse.ArgumentParser(add_help=False)
    add_facts_option(common)
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    for command in COMMANDS:
        command.register(sub, common)
    return parser


def run(argv: list[str] | None = None) -> int:
    _drop_nonsense_sizes()
    parser = build_parser()
    args = parser.parse_args(argv)
    args.parser = parser  # for `facts completion`, which writes a script from the parser
    command = getattr(args, "run", None)
    if command is None:
        from tui.commands import browse

        command = browse.run
    if getattr(args, "needs_settings", True):
        from tui.config import ConfigError, load_settings

        try:
            settings = load_settings({"facts": args.facts, "lang": getattr(args, "lang", None)})
        except ConfigError as error:
            print(error, file=sys.stderr)
            return 2
        args.settings = settings
        args.facts = str(settings.facts.value)
        args.lang = settings.lang.value
    try:
        try:
            return int(command(args))
        except Exception as error:
            if not _store_damaged(error):
                raise
            # the store went bad under us (cut short, overwritten): drop it and answer
            # again from the YAML, which is the truth (and is stored afresh)
            from pathlib import Path

            from tui.store import discard

            discard(Path(args.facts))
            return int(command(args))
    except OSError as error:
        from tui.output import OutputError

        if isinstance(error, OutputError):
            raise
        # Whatever a command did not foresee (a file vanishing under it): one line.
        from tui.commands.options import safe_line

        where = f": {safe_line(str(error.filename))}" if error.filename else ""
        print(f"facts: {safe_line(error.strerror or str(error))}{where}", file=sys.stderr)
        return 1


def _store_damaged(error: Exception) -> bool:
    """Whether `error` is the store's StoreDamaged (never, if the store was not opened)."""
    load = sys.modules.get("tui.load")
    return load is not None and isinstance(error, load.StoreDamaged)


def _drop_nonsense_sizes() -> None:
    """COLUMNS=0 (or 'abc', or 5) would make Rich print nothing or one letter a line: such
    a value counts as unset, and the terminal's real size (80 in a pipe) is used."""
    for name, smallest in (("COLUMNS", 20), ("LINES", 2)):
        value = os.environ.get(name)
        if value is not None and not (
            value.isascii() and value.isdigit() and int(value) >= smallest
        ):
            del os.environ[name]
