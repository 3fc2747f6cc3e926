"""`facts diff [REV [REV2]]`: what changed by entity between two revisions of the base.

Exit codes: 0 (with or without changes, like `git diff`; with --exit-code, 1 when something
changed), 1 when a changed file does not parse at one of the revisions, 2 for what git
cannot answer (not a repository, an unknown revision, git missing).
"""

from __future__ import annotations

import argparse
import sys

from tui.commands.options import add_command, add_output_options
from tui.i18n import N_, _, cell_width, ngettext

TYPE_CHECKING = False  # not typing's: importing typing would slow down every start
if TYPE_CHECKING:
    from typing import Any

    from rich.console import RenderableType

    from tui.entitydiff import EntityChange
    from tui.revisions import DiffResult, Revisions


def register(
    sub: argparse._SubParsersAction[argparse.ArgumentParser], common: argparse.ArgumentParser
) -> None:
    parser = add_command(
        sub,
        common,
        "diff",
        help=_("what changed by entity between two revisions (git), or since one"),
        description=_(
            "Show the entities added, removed and changed between two revisions of "
            "the fact base in git — for a changed one, which fields, before → after. Without "
            "REV: HEAD and the working tree; with REV: REV and the working tree; with REV2: REV "
            "and REV2 (REV may also be A..B or A...B). An entity that moved to another file is "
            "a move, not a removal and an addition. Only the fact files git says changed are "
            "read; comments, quoting and the order of keys are not changes."
        ),
        examples=_("""\
facts diff                          # what you changed since the last commit
facts diff HEAD~3                   # since three commits ago, working tree included
facts diff v1.0 v1.1                # between two tags
facts diff main...my-branch         # what my-branch changed since it left main
facts diff --json                   # for programs
facts diff --exit-code --no-pager   # exit 1 when an entity changed, as in a CI step"""),
        section="The edit loop: facts edit, check, diff, log",
    )
    parser.add_argument(
        "rev", nargs="?", metavar="REV", help=_("the revision to compare from (default: HEAD)")
    )
    parser.add_argument(
        "rev2",
        nargs="?",
        metavar="REV2",
        help=_("the revision to compare to (default: the working tree)"),
    )
    parser.add_argument(
        "--json",
        action="store_true",
        help=_('print {"added": [...], "removed": [...], "changed": [...]}'),
    )
    parser.add_argument(
        "--exit-code",
        action="store_true",
        help=_("exit 1 when an entity changed, 0 when none did (as git diff)"),
    )
    add_output_options(parser)
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    from contextlib import nullcontext
    from pathlib import Path

    from tui.commands.common import make_console, print_paged, safe_line
    from tui.gitrepo import GitError
    from tui.i18n import source_language
    from tui.revisions import ProblemsAt, diff_base, find_base, resolve

    try:
        base = find_base(Path(args.facts))
        revisions = resolve(base, args.rev, args.rev2)
        with source_language() if args.json else nullcontext():  # programs read English
            result = diff_base(base, revisions)
    except GitError as error:
        print(_("facts diff: {message}").format(message=error), file=sys.stderr)
        return 2
    except ProblemsAt as problems:
        for problem in problems.problems:
            print(safe_line(str(problem)), file=sys.stderr)
        count = len(problems.problems)
        print(
            ngettext(
                "facts diff: {count} problem: the changed files must parse at both "
                "revisions to be compared by entity",
                "facts diff: {count} problems: the changed files must parse at both "
                "revisions to be compared by entity",
                count,
            ).format(count=count),
            file=sys.stderr,
        )
        return 1
    if args.json:
        from tui.render.json import json_text

        sys.stdout.write(json_text(diff_data(result, args.lang)))
    else:
        console = make_console(args)
        print_paged(console, diff_page(result, revisions, args.lang), args)
    return 1 if args.exit_code and result.diff else 0


# -- JSON -------------------------------------------------------------------------------------


def diff_data(result: DiffResult, lang: str | None) -> dict[str, Any]:
    return {
        "added": [_ref(change, lang) for change in result.diff.added],
        "removed": [_ref(change, lang) for change in result.diff.removed],
        "changed": [
            {**_ref(change, lang), "fields": fields_data(change)} for change in result.diff.changed
        ],
    }


def _ref(change: EntityChange, lang: str | None) -> dict[str, Any]:
    from tui.render.json import entity_reference

    placed = change.placed
    return {**entity_reference(placed.entity, lang), "file": placed.path}


def fields_data(change: EntityChange) -> list[dict[str, Any]]:
    return [
        {"field": f.field, "before": f.before, "after": f.after, "changes": list(f.words)}
        for f in change.fields
    ]


# -- text -------------------------------------------------------------------------------------

STYLES = {"added": "green", "removed": "red", "changed": "yellow", "moved": "cyan"}
CHANGE_WORDS = {
    "added": N_("added"),
    "removed": N_("removed"),
    "changed": N_("changed"),
    "moved": N_("moved"),
}


def change_lines(
    change: EntityChange, lang: str | None, *, header: bool = True
) -> list[RenderableType]:
    """An entity's change as lines to print: what happened to which entity, then each
    change of a field, indented (shared by `facts log`, which prints no header)."""
    from rich.text import Text

    from tui.safetext import one_line, safe_line

    kind = "moved" if change.moved else change.kind
    entity = change.placed.entity
    lines: list[RenderableType] = []
    if header:
        line = Text()
        shown = _(CHANGE_WORDS[kind])
        line.append(shown + " " * max(1, 9 - cell_width(shown)), style=STYLES[kind])
        line.append(f"{_(entity.entity_type)} ")
        line.append(safe_line(entity.id), style="bold")
        name = one_line(entity.label(lang))
        if name and name != entity.id:
            line.append(f": {name}")
        lines.append(Indented(line, 13, first=2))
    for field in change.fields:
        for word in field.words:
            lines.append(Indented(Text(one_line(word)), 13 if header else 4))
    return lines


class Indented:
    """Text wrapped to the width, its first line indented by `first` and the others by
    `rest` (Rich's Padding would fill each line up to the width with spaces, which a pipe
    then holds)."""

    def __init__(self, text: Any, rest: int, first: int | None = None) -> None:
        self.text, self.rest = text, rest
        self.first = rest if first is None else first

    def __rich_console__(self, console: Any, options: Any) -> Any:
        from rich.text import Text

        width = options.max_width
        lines = list(self.text.wrap(console, max(20, width - self.first)))
        if len(lines) > 1 and self.rest != self.first:  # the rest, at its own width
            start = len(lines[0].plain)
            start += len(self.text.plain[start:]) - len(self.text.plain[start:].lstrip(" "))
            lines[1:] = self.text[start:].wrap(console, max(20, width - self.rest))
        for line in lines:
            line.rstrip()
        yield Text("\n").join(
            Text(" " * (self.rest if i else self.first)) + line for i, line in enumerate(lines)
        )


def diff_page(result: DiffResult, revisions: Revisions, lang: str | None) -> RenderableType:
    from rich.console import Group
    from rich.text import Text

    from tui.safetext import safe_line

    diff = result.diff
    sides = f"{safe_line(revisions.old_label)} → {safe_line(revisions.new_label)}"
    lines: list[RenderableType] = []
    by_file: dict[str, list[EntityChange]] = {}
    for change in diff:  # added, removed, changed, each in file order
        by_file.setdefault(change.placed.path, []).append(change)
    for path in sorted(by_file):
        lines.append(Text(safe_line(path), style="bold"))
        for change in by_file[path]:
            lines += change_lines(change, lang)
    files = ngettext("{count} fact file", "{count} fact files", result.files).format(
        count=result.files
    )
    formatting = ""
    if result.formatting_only:
        only = result.formatting_only
        formatting = ngettext(
            "{count} fact file changed only in comments or formatting (quoting, spacing, order)",
            "{count} fact files changed only in comments or formatting (quoting, spacing, order)",
            only,
        ).format(count=only)
    if not diff:
        lines.append(
            Text(
                _("No entity changed between {old} and {new}.").format(
                    old=safe_line(revisions.old_label), new=safe_line(revisions.new_label)
                )
            )
        )
        if formatting:
            lines.append(Text(formatting + "."))
        return Group(*lines)
    moved = sum(1 for change in diff.changed if change.moved)
    counts = [
        f"{len(found)} {_(CHANGE_WORDS[kind])}"
        + (" " + _("({count} moved)").format(count=moved) if moved and kind == "changed" else "")
        for kind, found in (
            ("added", diff.added),
            ("removed", diff.removed),
            ("changed", diff.changed),
        )
        if found
    ]
    summary = _("{sides}: {counts}, in {files}").format(
        sides=sides, counts=", ".join(counts), files=files
    )
    lines += [Text(""), Text(summary + (f"; {formatting}" if formatting else ""), style="dim")]
    return Group(*lines)
