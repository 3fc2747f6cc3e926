"""`facts show ID`: one entity in full, with its sources numbered — a page to hand on."""

from __future__ import annotations

import argparse
import sys

from tui.commands.common import (
    add_output_options,
    load_base,
    make_console,
    print_paged,
    unknown_id,
)


def register(sub: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:
    parser = sub.add_parser(
        "show",
        parents=[common],
        help="print one entity in full: key facts, participants, event tree, sources",
        description="Print one event, participant, theme, place or source in full: key facts, "
        "participants with roles, themes, the larger event and its parts, backlinks, and "
        "numbered source citations for every fact.",
    )
    parser.add_argument("id", metavar="ID", help="the entity's id (see `facts search`)")
    parser.add_argument("--json", action="store_true",
                        help="print the entity as JSON (the format of `facts export`)")
    parser.add_argument("--ids", action="store_true",
                        help="print the id after every linked name, to show it next")
    add_output_options(parser)
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    base = load_base(args)
    if base is None:
        return 1
    entity = base.get(args.id)
    if entity is None:
        print(unknown_id("show", base, args.id), file=sys.stderr)
        return 1
    if args.json:
        from tui.render.json import entity_to_dict, json_text

        sys.stdout.write(json_text(entity_to_dict(base, entity, args.lang)))
        return 0
    from tui.render import render_entity

    console = make_console(args)
    print_paged(console, render_entity(base, entity.id, args.lang, show_ids=args.ids), args)
    return 0
