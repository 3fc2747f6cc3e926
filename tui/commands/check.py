"""`facts check`: validate the fact base like a compiler would."""

from __future__ import annotations

import argparse

from tui.commands.options import add_command


def register(
    sub: argparse._SubParsersAction[argparse.ArgumentParser], common: argparse.ArgumentParser
) -> None:
    parser = add_command(
        sub, common, "check",
        help="validate the fact base; list every problem as path:line:column: message",
        description="Validate the fact base. Exit 0 when it is valid, 1 with the list of "
        "problems (one per line, path:line:column: message).",
        examples="""\
facts check
facts check --facts my-facts/
facts check --facts my-facts/events.yaml""",
        section="Checking a fact base",
    )
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    from tui.commands.common import load_for, report_problems

    result = load_for(args)
    if result.base is None:
        report_problems(result)
        return 1
    base = result.base
    counts = ", ".join(
        f"{len(base.collection(name))} {name}"
        for name in ("events", "participants", "themes", "places", "sources")
    )
    files = len(result.files)
    print(f"OK: {files} file{'s' if files != 1 else ''}, {counts}")
    return 0
