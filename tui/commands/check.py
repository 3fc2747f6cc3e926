"""`facts check`: validate the fact base like a compiler would — for a person, for a
program (`--format json`) or for GitHub's annotations (`--format github`)."""

from __future__ import annotations

import argparse

from tui.commands.options import add_command
from tui.i18n import _, ngettext

FORMATS = ("text", "json", "github")


def register(
    sub: argparse._SubParsersAction[argparse.ArgumentParser], common: argparse.ArgumentParser
) -> None:
    parser = add_command(
        sub,
        common,
        "check",
        help=_("validate the fact base; list every problem as path:line:column: message"),
        description=_(
            "Validate the fact base. Exit 0 when it is valid, 1 with the list of "
            "problems (one per line, path:line:column: message). --format json prints "
            '{"ok", "problems": [{"path", "line", "column", "message"}]} on stdout; --format '
            "github prints ::error file=…,line=…,col=…::message lines, which GitHub Actions "
            "show as annotations."
        ),
        examples=_("""\
facts check
facts check --facts my-facts/
facts check --facts my-facts/events.yaml
facts check --format json | jq '.problems[].message'
facts check --format github          # in a GitHub Actions step"""),
        section="Checking a fact base",
    )
    parser.add_argument(
        "--format",
        choices=FORMATS,
        default="text",
        help=_(
            "text for people (the default), json for programs, github for "
            "GitHub Actions annotations"
        ),
    )
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    import sys

    from tui.commands.common import load_progress, report_problems
    from tui.load import Derived, load_with
    from tui.paths import facts_path

    def index() -> dict[str, Derived]:  # imported only when a full read builds it
        from tui.search import cache_key
        from tui.search.engine import SearchIndex

        return {cache_key(): SearchIndex}

    # One pass: when the whole base is read anyway, its search index is built and stored
    # with it, so that the first `facts search` after a check opens it at once.  After an
    # edit only the changed files are read, and the index is left to the first search.
    with load_progress() as progress:
        result, _extras = load_with(
            facts_path(getattr(args, "facts", None)),
            index,
            build_from_store=False,
            progress=progress,
        )
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
    # English names the collections as such ("1 sources"); other languages count them
    n = {
        name: len(base.collection(name))
        for name in ("events", "participants", "themes", "places", "sources")
    }
    counts = _(", ").join(
        text.format(count=n[name])
        for name, text in (
            ("events", ngettext("{count} events", "{count} events", n["events"])),
            (
                "participants",
                ngettext("{count} participants", "{count} participants", n["participants"]),
            ),
            ("themes", ngettext("{count} themes", "{count} themes", n["themes"])),
            ("places", ngettext("{count} places", "{count} places", n["places"])),
            ("sources", ngettext("{count} sources", "{count} sources", n["sources"])),
        )
    )
    files = len(result.files)
    print(
        _("OK: {files}, {counts}").format(
            files=ngettext("{count} file", "{count} files", files).format(count=files),
            counts=counts,
        )
    )
    return 0
