"""`facts check`: validate the fact base like a compiler would — for a person, for a
program (`--format json`) or for GitHub's annotations (`--format github`)."""

from __future__ import annotations

import argparse

from tui.commands.options import add_command

FORMATS = ("text", "json", "github")


def register(
    sub: argparse._SubParsersAction[argparse.ArgumentParser], common: argparse.ArgumentParser
) -> None:
    parser = add_command(
        sub, common, "check",
        help="validate the fact base; list every problem as path:line:column: message",
        description="Validate the fact base. Exit 0 when it is valid, 1 with the list of "
        "problems (one per line, path:line:column: message). --format json prints "
        '{"ok", "problems": [{"path", "line", "column", "message"}]} on stdout; --format '
        "github prints ::error file=…,line=…,col=…::message lines, which GitHub Actions "
        "show as annotations.",
        examples="""\
facts check
facts check --facts my-facts/
facts check --facts my-facts/events.yaml
facts check --format json | jq '.problems[].message'
facts check --format github          # in a GitHub Actions step""",
        section="Checking a fact base",
    )
    parser.add_argument("--format", choices=FORMATS, default="text",
                        help="text for people (the default), json for programs, github for "
                        "GitHub Actions annotations")
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    import sys

    from tui.commands.common import report_problems
    from tui.load import Derived, load_with
    from tui.paths import facts_path

    def index() -> dict[str, Derived]:  # imported only when a full read builds it
        from tui.search import cache_key
        from tui.search.engine import SearchIndex

        return {cache_key(): SearchIndex}

    # One pass: when the whole base is read anyway, its search index is built and stored
    # with it, so that the first `facts search` after a check opens it at once.  After an
    # edit only the changed files are read, and the index is left to the first search.
    result, _ = load_with(facts_path(getattr(args, "facts", None)), index,
                          build_from_store=False)
    if args.format == "json":
        from tui.annotations import problems_data
        from tui.render.json import json_text

        sys.stdout.write(json_text(problems_data(result.problems)))
        return 0 if result.base is not None else 1
    if args.format == "github":
        from tui.annotations import github_line

        for problem in result.problems:
            print(github_line(problem))
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
