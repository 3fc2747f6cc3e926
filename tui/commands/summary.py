"""`facts summary`: the whole base, or one theme/participant/year/event, at a glance."""

from __future__ import annotations

import argparse
import sys

from tui.commands.common import (
    add_output_options,
    load_base,
    make_console,
    number_option,
    print_paged,
    unknown_id,
)
from tui.safetext import safe_line


def register(sub: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:
    parser = sub.add_parser(
        "summary",
        parents=[common],
        help="print counts, a timeline by year, leading themes, participants and partners",
        description="Print the fact base at a glance: counts, a timeline of events by year, "
        "themes ranked by their number of events, the most frequent participants and which "
        "cities work with which partners. The options narrow it to some events; given "
        "together, an event must match all of them.",
    )
    parser.add_argument("--theme", metavar="ID", help="events on this theme or a narrower one")
    parser.add_argument("--participant", metavar="ID", help="events this participant took part in")
    parser.add_argument("--year", metavar="YYYY", type=_year, help="events in this year")
    parser.add_argument("--event", metavar="ID", help="this event and its parts")
    parser.add_argument("--top", metavar="N", type=_top, default=10,
                        help="list at most N themes, participants and cities (0: all; default 10)")
    parser.add_argument("--ids", action="store_true",
                        help="print the id after every linked name")
    add_output_options(parser)
    parser.set_defaults(run=run)


def _year(text: str) -> int:
    if len(text) != 4 or not text.isdigit():
        raise argparse.ArgumentTypeError(f"not a year (YYYY): '{safe_line(text[:20])}'")
    return int(text)


_top = number_option(0, "{value} is not a count; use 0 for all")


EXPECTED = {"theme": "theme", "participant": "participant", "event": "event"}


def run(args: argparse.Namespace) -> int:
    base = load_base(args)
    if base is None:
        return 1
    for option, entity_type in EXPECTED.items():
        value = getattr(args, option)
        if value is None:
            continue
        entity = base.get(value)
        if entity is None:
            print(unknown_id("summary", base, value), file=sys.stderr)
            return 1
        if entity.entity_type != entity_type:
            print(
                f"facts summary: --{option} {value} is a {entity.entity_type}, "
                f"not a{'n' if entity_type[0] in 'aeiou' else ''} {entity_type}",
                file=sys.stderr,
            )
            return 1
    from tui.render import SummaryView, render_summary

    view = SummaryView(args.theme, args.participant, args.year, args.event, args.top)
    console = make_console(args)
    print_paged(console, render_summary(base, view, args.lang, show_ids=args.ids), args)
    return 0
