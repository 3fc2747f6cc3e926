"""`facts summary`: the whole base, or one theme/participant/year/event, at a glance.

Exit 1 when the summary selects no event (`facts summary --year 2099`), as for a search that
finds nothing.  `--json` prints the numbers of the page, read off the page's own document
(`tui.render.summary`), so that the two cannot disagree.
"""

from __future__ import annotations

import argparse
import sys

from tui.commands.options import add_command, add_output_options, number_option, offers, safe_line
from tui.i18n import N_, _

TYPE_CHECKING = False  # not typing's: importing typing would slow down every start
if TYPE_CHECKING:
    from typing import Any

    from tui.model import FactBase
    from tui.render.doc import Line, Node
    from tui.render.summary import Summary


def register(
    sub: argparse._SubParsersAction[argparse.ArgumentParser], common: argparse.ArgumentParser
) -> None:
    parser = add_command(
        sub,
        common,
        "summary",
        help=_("print counts, a timeline by year, leading themes, participants and partners"),
        description=_(
            "Print the fact base at a glance: counts, a timeline of events by year, "
            "themes ranked by their number of events, the most frequent participants and which "
            "cities work with which partners. The options narrow it to some events; given "
            "together, an event must match all of them. Exit 1 when no event matches."
        ),
        examples=_("""\
facts summary
facts summary --theme hydrogen-technologies
facts summary --participant city-of-essen --year 2017
facts summary --event essen-japan-trip-2017 --top 0
facts summary --json | jq .counts"""),
        section="The base at a glance: facts summary",
    )
    offers(
        parser.add_argument(
            "--theme", metavar="ID", help=_("events on this theme or a narrower one")
        ),
        "theme",
    )
    offers(
        parser.add_argument(
            "--participant", metavar="ID", help=_("events this participant took part in")
        ),
        "participant",
    )
    parser.add_argument("--year", metavar="YYYY", type=_year, help=_("events in this year"))
    offers(
        parser.add_argument("--event", metavar="ID", help=_("this event and its parts")), "event"
    )
    parser.add_argument(
        "--top",
        metavar="N",
        type=_top,
        default=10,
        help=_("list at most N themes, participants and cities (0: all; default 10)"),
    )
    parser.add_argument(
        "--ids", action="store_true", help=_("print the id after every linked name")
    )
    parser.add_argument(
        "--json",
        action="store_true",
        help=_("print the numbers of the page as JSON (see the README)"),
    )
    add_output_options(parser)
    parser.set_defaults(run=run)


def _year(text: str) -> int:
    if len(text) != 4 or not text.isascii() or not text.isdigit():
        raise argparse.ArgumentTypeError(
            _("not a year (YYYY): '{text}'").format(text=safe_line(text[:20]))
        )
    return int(text)


_top = number_option(0, N_("{value} is not a count; use 0 for all"))


EXPECTED = {"theme": "theme", "participant": "participant", "event": "event"}


def _a(noun: str) -> str:
    """'a theme', 'an event' (translated as a whole, see tui.load.validate's nouns)."""
    return ("an " if noun[:1] in "aeiou" else "a ") + noun


def run(args: argparse.Namespace) -> int:
    from tui.commands.common import load_base, make_console, print_paged, unknown_id

    base = load_base(args)
    if base is None:
        return 1
    if not len(base) and not args.json:
        from tui.commands.common import empty_base

        print(_("facts summary: {message}").format(message=empty_base(args)), file=sys.stderr)
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
                _("facts summary: --{option} {id} is {kind}, not {wanted}").format(
                    option=option,
                    id=safe_line(value),
                    kind=_(_a(entity.entity_type)),
                    wanted=_(_a(entity_type)),
                ),
                file=sys.stderr,
            )
            return 1
    from tui.render.summary import Summary, SummaryView

    view = SummaryView(args.theme, args.participant, args.year, args.event, args.top)
    summary = Summary(base, view, args.lang)
    if args.json:
        from tui.i18n import source_language
        from tui.render.json import json_text

        with source_language():  # the numbers are read off the page's English words
            data = summary_data(base, summary, args.lang)
        sys.stdout.write(json_text(data))
    else:
        from tui.render import render_summary

        console = make_console(args)
        print_paged(console, render_summary(base, view, args.lang, show_ids=args.ids), args)
    return 0 if summary.tally.events else 1


# -- the page's numbers as data ---------------------------------------------------------------

SUMMARY_FORMAT = 1


def summary_data(base: FactBase, summary: Summary, lang: str | None) -> dict[str, Any]:
    """What the page says, as data: each section is read from the blocks the page is
    printed from (the counts' fields, the timeline's tree, the rankings' tables)."""
    from tui.render.json import reference

    def ref(entity_id: str | None) -> dict[str, Any] | None:
        return reference(base, entity_id, lang) if entity_id else None

    view = summary.view
    data: dict[str, Any] = {
        "format": SUMMARY_FORMAT,
        "selection": {
            "theme": ref(view.theme),
            "participant": ref(view.participant),
            "year": view.year,
            "event": ref(view.event),
        },
        **_counts(summary),
        "timeline": [],
        "themes": {"top": [], "more": 0},
        "participants": {"top": [], "more": 0},
        "connected": {"top": [], "more": 0},
        "cities": {"top": [], "more": 0},
    }
    if not summary.tally.events:
        return data
    data["timeline"] = _timeline(base, summary, lang)
    for rows, more in _tables(summary.themes()):
        data["themes"] = {
            "top": [{**_ref_of(base, row[0], lang), "events": _number(row[1])} for row in rows],
            "more": more,
        }
    for rows, more in _tables(summary.participants()):
        data["participants"] = {
            "top": [
                {
                    **_ref_of(base, row[0], lang),
                    "events": _number(row[1]),
                    "roles": [r for r in _text(row[2]).split(", ") if r],
                }
                for row in rows
            ],
            "more": more,
        }
    for rows, more in _tables(summary.connected()):
        data["connected"] = {
            "top": [
                {
                    **_ref_of(base, row[0], lang),
                    "contacts": _number(row[1]),
                    "inferred_only": _number(row[2]) if len(row) > 2 else 0,
                }
                for row in rows
            ],
            "more": more,
        }
    for rows, more in _tables(summary.cities()):
        data["cities"] = {
            "top": [
                {
                    **_ref_of(base, row[0], lang),
                    "partners": [
                        {
                            **reference(base, s.link, lang),
                            "inferred_only": _inferred_after(row[1], i),
                        }
                        for i, s in enumerate(row[1])
                        if s.link
                    ],
                    "more_partners": _more(row[1]),
                }
                for row in rows
            ],
            "more": more,
        }
    return data


def _counts(summary: Summary) -> dict[str, Any]:
    """The 'In numbers' fields: each collection's count and the period."""
    from tui.render.doc import Fields

    counts: dict[str, int] = {}
    period: dict[str, str] | None = None
    names = ("events", "participants", "themes", "places", "sources")
    for block in summary.counts():
        if not isinstance(block, Fields):
            continue
        for label, line in block.rows:
            text = _text(line)
            if label.casefold() in names:
                counts[label.casefold()] = int(text)
            elif label and text:
                first, _dash, last = text.partition(" – ")
                period = {"first": first, "last": last or first}
    return {"counts": counts, "period": period}


def _timeline(base: FactBase, summary: Summary, lang: str | None) -> list[dict[str, Any]]:
    from tui.render.doc import Tree

    years = []
    for block in summary.timeline():
        if not isinstance(block, Tree):
            continue
        for node in block.nodes:
            year = _text(node.line[:1])
            entries = [_entry(base, child, lang) for child in node.children if _link(child.line)]
            years.append(
                {
                    "year": int(year) if year.isdigit() else None,
                    "events": _number(node.line[1:]),
                    "entries": entries,
                    "more": sum(
                        _more(child.line) for child in node.children if not _link(child.line)
                    ),
                }
            )
    return years


def _entry(base: FactBase, node: Node, lang: str | None, part: bool = False) -> dict[str, Any]:
    """One event of the timeline: its reference, date and its parts; on a condensed
    timeline (a large selection) no parts are listed and `more_parts` counts them.  A part
    says what its lying in the event above rests on (`part_of_basis`)."""
    from tui.basis import field_grounds, weakest, word
    from tui.model import Event
    from tui.render.json import reference

    event_id = _link(node.line)
    assert event_id is not None
    event = base.get(event_id)
    date = event.date_text() if isinstance(event, Event) else ""
    entry = {**reference(base, event_id, lang), "date": date}
    if part and isinstance(event, Event):
        entry["part_of_basis"] = word(weakest(field_grounds(event, "part_of")))
    entry["parts"] = [_entry(base, child, lang, True) for child in node.children]
    held = [s.text for s in node.line if s.text.strip().startswith("+")]
    entry["more_parts"] = int(held[0].split()[0][1:]) if held else 0
    return entry


def _tables(blocks: list[Any]) -> list[tuple[tuple[Any, ...], int]]:
    """The rows of a ranking's table, and the number its '… and N more' line gives."""
    from tui.render.doc import Para, Table

    found: list[tuple[tuple[Any, ...], int]] = []
    for block in blocks:
        if isinstance(block, Table):
            found.append((block.rows, 0))
        elif isinstance(block, Para) and found and _text(block.line).startswith("…"):
            found[-1] = (found[-1][0], _more(block.line))
    return found


def _ref_of(base: FactBase, line: Line, lang: str | None) -> dict[str, Any]:
    from tui.render.json import reference

    entity_id = _link(line)
    return reference(base, entity_id or _text(line), lang)


def _link(line: Line) -> str | None:
    return next((span.link for span in line if span.link), None)


def _text(line: Line) -> str:
    return "".join(span.text for span in line).strip()


def _inferred_after(line: Line, index: int) -> bool:
    """Whether the name at `index` is marked '(inferred)' on the page."""
    from tui.render.doc import BASIS_STYLES

    return index + 1 < len(line) and line[index + 1].style in BASIS_STYLES


def _number(line: Line) -> int:
    words = _text(line).split()
    return int(words[0]) if words and words[0].isdigit() else 0


def _more(line: Line) -> int:
    """N of a '… and N more' text at the end of a line, else 0."""
    words = _text(line).split()
    for index, word in enumerate(words[:-1]):
        if word == "and" and words[index + 1].isdigit():
            return int(words[index + 1])
    return 0
