"""`facts`: the command line.  Subcommands live in `tui.commands`, one module each."""

from __future__ import annotations

import argparse
import os
import sys

from tui import __version__
from tui.commands import COMMANDS, browse
from tui.commands.common import add_facts_option
from tui.load.cache import discard
from tui.load.stored import StoreDamaged
from tui.paths import facts_path


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="facts",
        description="Browse, search and summarise a YAML fact base of events, participants "
        "and cooperation themes. Without a command, opens the browser.",
    )
    parser.add_argument("--version", action="version", version=f"facts {__version__}")
    add_facts_option(parser, top=True)
    common = argparse.ArgumentParser(add_help=False)
    add_facts_option(common)
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    for command in COMMANDS:
        command.register(sub, common)
    return parser


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    run = getattr(args, "run", browse.run)
    try:
        try:
            return run(args)
        except StoreDamaged:
            # the cache file went bad under us (cut short, overwritten): drop it and answer
            # again from the YAML, which is the truth (and is stored afresh)
            discard(facts_path(getattr(args, "facts", None)))
            return run(args)
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        # The reader went away (`facts export | head`): not an error worth a traceback.
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return 0
