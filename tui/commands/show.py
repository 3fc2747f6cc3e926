"""`facts show ID`: one entity in full, with its sources numbered — a page to hand on."""

from __future__ import annotations

import argparse
import sys

from tui.commands.options import add_command, add_output_options, offers
from tui.i18n import _

TYPE_CHECKING = False  # not typing's: importing typing would slow down every start
if TYPE_CHECKING:
    from tui.changedsince import LastChange


def register(
    sub: argparse._SubParsersAction[argparse.ArgumentParser], common: argparse.ArgumentParser
) -> None:
    parser = add_command(
        sub,
        common,
        "show",
        help=_("print one entity in full: key facts, participants, event tree, sources"),
        description=_(
            "Print one event, participant, theme, place or source in full: key facts, "
            "participants with roles, themes, the larger event and its parts, backlinks, and "
            "numbered source citations for every fact."
        ),
        examples=_("""\
facts show essen-koriyama-mou-2017
facts show thomas-kufen --ids           # with the id after every linked name
facts show hydrogen-technologies --lang ja
facts show innovation --all             # every event of a broad theme, not only the latest
facts show paul-hoeller --json          # the entity as in `facts export`
facts show thomas-kufen --last-change   # and the commit that last changed it (git)"""),
        section="One entity: facts show ID",
    )
    offers(
        parser.add_argument("id", metavar="ID", help=_("the entity's id (see `facts search`)")),
        "entity",
    )
    parser.add_argument(
        "--json",
        action="store_true",
        help=_("print the entity as JSON (the format of `facts export`)"),
    )
    parser.add_argument(
        "--all",
        action="store_true",
        help=_(
            "list every entry of every section; without it, a section that grows with the "
            "base (a theme's events, a source's citations, …) lists only the entries a reader "
            "looks for first, the most recent events, and says how to see the rest"
        ),
    )
    parser.add_argument(
        "--ids",
        action="store_true",
        help=_("print the id after every linked name, to show it next"),
    )
    parser.add_argument(
        "--last-change",
        action="store_true",
        help=_(
            "add when the entity last changed: the commit's date, author "
            "and subject, and whether the working tree changes it (the base in "
            "git)"
        ),
    )
    add_output_options(parser)
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    from tui.commands.common import load_base, make_console, print_paged, unknown_id

    base = load_base(args)
    if base is None:
        return 1
    entity = base.get(args.id)
    if entity is None:
        print(unknown_id("show", base, args.id), file=sys.stderr)
        return 1
    from contextlib import nullcontext

    from tui.i18n import source_language

    with source_language() if args.json else nullcontext():  # programs read English
        history = _last_change(args, entity.id) if args.last_change else None
    if args.last_change and history is None:
        return 2
    if args.json:
        from tui.render.json import entity_to_dict, json_text

        data = entity_to_dict(base, entity, args.lang)
        if history is not None:
            with source_language():
                data["last_change"] = history.as_dict()
        sys.stdout.write(json_text(data))
        return 0
    from tui.render import render_entity
    from tui.render.longlists import MOST_LISTED

    console = make_console(args)
    page = render_entity(
        base,
        entity.id,
        args.lang,
        show_ids=args.ids,
        most=None if args.all else MOST_LISTED,
        history=history.text if history is not None else None,
    )
    print_paged(console, page, args)
    return 0


def _last_change(args: argparse.Namespace, entity_id: str) -> LastChange | None:
    """The entity's last change in git; None (after saying why, in one line) when git
    cannot tell: not a repository, git missing."""
    from tui.changedsince import ChangeTracker
    from tui.gitrepo import GitError
    from tui.paths import facts_path

    tracker = ChangeTracker(facts_path(getattr(args, "facts", None)))
    try:
        tracker.base()
    except GitError as error:
        print(f"facts show: --last-change: {error}", file=sys.stderr)
        return None
    return tracker.last_change(entity_id)
