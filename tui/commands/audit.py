"""`facts audit`: every inferred and background fact with its reason, grouped by source,
and the facts that rest on a single source — what a reader checks before citing the base."""

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
        "audit",
        help=_(
            "every inferred and background fact with its reason, by source, and what rests "
            "on a single source"
        ),
        description=_(
            "List, source by source, every fact the base records that its sources do "
            "not state in so many words — inferred (read between the lines of the cited source) "
            "or background (general knowledge) — with the reason the fact files give, then the "
            "facts that no other source cites. A fact is every field of an entity that "
            "field_basis may name, where set, and every participation, statement, office, "
            "figure and outcome. --source keeps one source."
        ),
        examples=_("""\
facts audit
facts audit --source essen-press-release-2017-12-01
facts audit --lang de
facts audit --json | jq '.sources[].inferred[] | [.entity.id, .fact, .basis_note.en]'"""),
        section="Checking what the base says: facts audit",
    )
    offers(
        parser.add_argument("--source", metavar="ID", help=_("only the facts this source cites")),
        "source",
    )
    parser.add_argument(
        "--json",
        action="store_true",
        help=_("print the audit as JSON (references as in `facts export`)"),
    )
    parser.add_argument(
        "--ids",
        action="store_true",
        help=_("print the id after every linked name, to show it next"),
    )
    add_output_options(parser)
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    from tui.commands.common import load_base, make_console, print_paged, unknown_id

    base = load_base(args)
    if base is None:
        return 1
    if args.source is not None:
        entity = base.get(args.source)
        if entity is None:
            print(unknown_id("audit", base, args.source), file=sys.stderr)
            return 1
        if entity.entity_type != "source":
            print(
                _("facts audit: --source {id} is {kind}, not a source").format(
                    id=safe_line(args.source), kind=_(_a(entity.entity_type))
                ),
                file=sys.stderr,
            )
            return 1
    from tui.audit import audit

    found = audit(base, args.source)
    if args.json:
        from tui.render.audit import audit_data
        from tui.render.json import json_text

        sys.stdout.write(json_text(audit_data(base, found, args.lang)))
        return 0
    from tui.render.audit import AuditPage
    from tui.render.pages import Page

    console = make_console(args)
    print_paged(
        console,
        Page(AuditPage(base, args.lang).blocks(found, args.source), show_ids=args.ids),
        args,
    )
    return 0


def _a(noun: str) -> str:
    """'a theme', 'an event' (translated whole, as tui.load.validate's nouns are)."""
    return ("an " if noun[:1] in "aeiou" else "a ") + noun
