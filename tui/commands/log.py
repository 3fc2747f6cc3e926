"""`facts log ID`: the commits in which one entity was added, changed or removed.

Exit codes: 0 with the log (an entity no commit has touched yet gets an empty one), 1 for an
id that is neither in the base nor in its history, or when a version of the entity's file
did not parse (the log is printed all the same, the problems on stderr), 2 for what git
cannot answer.
"""

from __future__ import annotations

import argparse
import sys

from tui.commands.options import add_command, add_output_options, offers
from tui.i18n import _

TYPE_CHECKING = False  # not typing's: importing typing would slow down every start
if TYPE_CHECKING:
    from typing import Any

    from rich.console import RenderableType

    from tui.revisions import LogEntry, LogResult


def register(
    sub: argparse._SubParsersAction[argparse.ArgumentParser], common: argparse.ArgumentParser
) -> None:
    parser = add_command(
        sub,
        common,
        "log",
        help=_("the commits that added, changed or removed one entity (git), newest first"),
        description=_(
            "List the commits in which the entity ID was added, changed or removed, "
            "newest first: commit, date, author, subject and the fields that changed. Only "
            "commits that changed a fact file are looked at, and in each only the changed files "
            "that hold the id."
        ),
        examples=_("""\
facts log essen-koriyama-mou-2017
facts log thomas-kufen --json       # a list of {commit, date, author, subject, change, fields}
facts log old-id                    # works for a removed entity too: when it went"""),
        section="The edit loop: facts edit, check, diff, log",
    )
    offers(
        parser.add_argument("id", metavar="ID", help=_("the entity's id (see `facts search`)")),
        "entity",
    )
    parser.add_argument(
        "--json",
        action="store_true",
        help=_(
            "print a JSON list of {commit, short, date, author, email, "
            "subject, change, id, file, fields}"
        ),
    )
    add_output_options(parser)
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    from contextlib import nullcontext
    from pathlib import Path

    from tui.commands.common import make_console, print_paged, safe_line
    from tui.gitrepo import GitError
    from tui.i18n import source_language
    from tui.revisions import entity_log, find_base

    try:
        base = find_base(Path(args.facts))
        with source_language() if args.json else nullcontext():  # programs read English
            result = entity_log(base, args.id)
    except GitError as error:
        print(_("facts log: {message}").format(message=error), file=sys.stderr)
        return 2
    if not result.entries and not result.problems and not _in_base(args):
        return 1
    if args.json:
        from tui.render.json import json_text

        sys.stdout.write(json_text([entry_data(e, args.lang) for e in result.entries]))
    elif result.entries:
        console = make_console(args)
        print_paged(console, log_page(result, args.lang), args)
    elif result.shallow_end is None:
        print(
            _(
                "facts log: no commit has added or changed '{id}' yet (it is in the working "
                "tree only)"
            ).format(id=safe_line(args.id)),
            file=sys.stderr,
        )
    for problem in result.problems:
        print(
            _("facts log: {problem} (that version is left out)").format(
                problem=safe_line(str(problem))
            ),
            file=sys.stderr,
        )
    if result.shallow_end is not None:
        print(
            _(
                "facts log: the history of this shallow clone ends at {commit}; older changes "
                "are not shown (`git fetch --unshallow` fetches them)"
            ).format(commit=result.shallow_end.short),
            file=sys.stderr,
        )
    return 1 if result.problems else 0


def _in_base(args: argparse.Namespace) -> bool:
    """Whether the id is in the base now (an entity not committed yet); says why not."""
    from tui.commands.common import load_for, safe_line, unknown_id

    loaded = load_for(args)
    if loaded.base is None:
        print(
            _(
                "facts log: unknown id '{id}': no commit holds it (and the base has "
                "problems, so it cannot be looked up there: `facts check`)"
            ).format(id=safe_line(args.id)),
            file=sys.stderr,
        )
        return False
    if args.id in loaded.base:
        return True
    print(
        unknown_id("log", loaded.base, args.id) + _(" (no commit holds it either)"), file=sys.stderr
    )
    return False


def entry_data(entry: LogEntry, lang: str | None) -> dict[str, Any]:
    from tui.commands.diff import fields_data

    commit, change = entry.commit, entry.change
    return {
        "commit": commit.sha,
        "short": commit.short,
        "date": commit.date,
        "author": commit.author,
        "email": commit.email,
        "subject": commit.subject,
        "change": change.kind,
        "id": change.entity_id,
        "file": change.placed.path,
        "fields": fields_data(change),
    }


def log_page(result: LogResult, lang: str | None) -> RenderableType:
    from rich.console import Group
    from rich.text import Text

    from tui.commands.diff import CHANGE_WORDS, STYLES, Indented, change_lines
    from tui.safetext import one_line, safe_line

    lines: list[RenderableType] = []
    for entry in result.entries:
        commit, change = entry.commit, entry.change
        kind = "moved" if change.moved else change.kind
        head = Text()
        head.append(commit.short, style="yellow")
        head.append(f" {commit.date[:10]} {one_line(commit.author)}: ")
        head.append(one_line(commit.subject), style="bold")
        lines.append(Indented(head, 4, first=0))
        if change.kind == "changed":
            lines += change_lines(change, lang, header=False)
        else:
            what = Text()
            what.append(_(CHANGE_WORDS[kind]), style=STYLES[kind])
            where = (_(" to {file}") if change.kind == "added" else _(" from {file}")).format(
                file=safe_line(change.placed.path)
            )
            what.append(where)
            lines.append(Indented(what, 4))
    return Group(*lines)
