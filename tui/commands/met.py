"""`facts met ID`: whom a participant met, at which events, says which source — and who
was on the same trip without meeting them."""

from __future__ import annotations

import argparse
import sys

from tui.commands.options import add_command, add_output_options, offers, safe_line
from tui.i18n import _


def register(
    sub: argparse._SubParsersAction[argparse.ArgumentParser], common: argparse.ArgumentParser
) -> None:
    parser = add_command(
        sub,
        common,
        "met",
        help=_(
            "whom a participant met (shared events, roles, sources) and who was on the same trip"
        ),
        description=_(
            "List everyone participant ID met — took part in the same event with, "
            "in any role — most shared events first, with each shared event's date, place, both "
            "roles and sources; then, apart, who was on the same trip (another event of the "
            "same trip tree) without ever meeting ID. --year and --theme narrow the events "
            "first. Exit 1 for an id that is not a participant."
        ),
        examples=_("""\
facts met duesseldorf-delegation-2025
facts met thomas-kufen --year 2017
facts met toshiba --theme climate-neutrality --lang de
facts met city-of-essen --json | jq '.met[].participant.name'"""),
        section="Who met whom: facts met",
    )
    offers(
        parser.add_argument(
            "id", metavar="ID", help=_("the participant's id (see `facts search`)")
        ),
        "participant",
    )
    parser.add_argument(
        "--year",
        metavar="Y|Y..Y",
        type=_year,
        help=_("only events in this year or range (a span counts for each year)"),
    )
    offers(
        parser.add_argument(
            "--theme", metavar="ID", help=_("only events on this theme or a narrower one")
        ),
        "theme",
    )
    parser.add_argument(
        "--json",
        action="store_true",
        help=_("print the answer as JSON (references as in `facts export`)"),
    )
    parser.add_argument(
        "--ids",
        action="store_true",
        help=_("print the id after every linked name, to show it next"),
    )
    add_output_options(parser)
    parser.set_defaults(run=run)


def _year(text: str) -> str:
    from tui.search.query import year_range  # the search's `year:` rule, to the letter

    try:
        year_range(text)
    except ValueError as error:
        raise argparse.ArgumentTypeError(safe_line(str(error).removeprefix("year: "))) from None
    return text


def _not_a(option: str, value: str, entity_type: str, wanted: str) -> str:
    def a(noun: str) -> str:  # 'a theme', 'an event', translated whole (tui.load.validate)
        return _(("an " if noun[:1] in "aeiou" else "a ") + noun)

    return _("facts met: {option}{id} is {kind}, not {wanted}").format(
        option=option, id=safe_line(value), kind=a(entity_type), wanted=a(wanted)
    )


def run(args: argparse.Namespace) -> int:
    from tui.commands.common import load_base, make_console, print_paged, unknown_id

    base = load_base(args)
    if base is None:
        return 1
    for value, option, wanted in ((args.id, "", "participant"), (args.theme, "--theme ", "theme")):
        if value is None:
            continue
        entity = base.get(value)
        if entity is None:
            print(unknown_id("met", base, value), file=sys.stderr)
            return 1
        if entity.entity_type != wanted:
            print(_not_a(option, value, entity.entity_type, wanted), file=sys.stderr)
            return 1
    from tui.meetings import event_filter, meetings

    answer = meetings(base, args.id, event_filter(base, args.year, args.theme), args.lang)
    if args.json:
        from tui.render.json import json_text
        from tui.render.meetings import meetings_data

        sys.stdout.write(json_text(meetings_data(base, answer, args.lang)))
        return 0
    from tui.render.console import to_rich
    from tui.render.meetings import meetings_blocks

    console = make_console(args)
    blocks = meetings_blocks(base, answer, args.lang)
    print_paged(console, to_rich(blocks, show_ids=args.ids), args)
    return 0
