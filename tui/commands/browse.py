"""`facts browse [ID]` (and `facts` alone): the Textual browser.

This is the only place the command line imports Textual, and it does so lazily, so that
every other subcommand starts without paying for it.
"""

from __future__ import annotations

import argparse

from tui.commands.common import add_output_options


def register(sub: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:
    parser = sub.add_parser(
        "browse",
        parents=[common],
        help="open the browser (the default when no command is given)",
        description="Open the terminal browser, optionally at the entity ID.",
    )
    parser.add_argument("id", nargs="?", metavar="ID", help="open at this entity")
    add_output_options(parser, terminal=False)
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    from tui.app.app import run_app
    from tui.paths import facts_path

    return run_app(
        facts_path(getattr(args, "facts", None)),
        getattr(args, "id", None),
        lang=getattr(args, "lang", None),
    )
