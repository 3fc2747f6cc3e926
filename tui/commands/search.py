"""`facts search QUERY`: find entities the way people remember them, from the command line.

Exit codes: 0 with results, 1 with none (and a did-you-mean where there is one), 2 when the
query cannot be understood.  Uses the same engine as the browser's live search.
"""

from __future__ import annotations

import argparse
import sys

from tui.commands.options import README, HelpFormatter, add_output_options, offers, safe_line
from tui.i18n import N_, _, ngettext

TYPE_CHECKING = False  # not typing's: importing typing would slow down every start
if TYPE_CHECKING:
    from rich.console import Console, RenderableType

    from tui.search.engine import SearchResult

EXAMPLES = N_("""\
query language:
  words        every word must match: names in any language, aliases, descriptions, and the
               names of linked entities (kufen 2017 = events with Thomas Kufen in 2017);
               case, accents and ü/ue/u, ß/ss do not matter; the start of a word is enough;
               a word of 4+ letters also matches inside a compound (stoff → Wasserstoff…);
               Japanese text matches anywhere inside; a word of 5+ letters that matches
               nothing may have a typo
  "a phrase"   these words, in this order
  kind:K       entity type (event, participant, theme, place, source) or a kind in the
               data (signing, visit, person, city, …)
  theme:T      the theme (by id or a name in any language), its narrower themes, and
               the events tagged with any of them
  participant:P  events P took part in (by id or name)
  year:Y       events in year Y, or a range year:2017..2025
  basis:B      stated (every fact of the entity stated by its sources), inferred or
               background (at least one fact of that basis; `facts audit` lists them)
  changed:REV  entities added or changed since the git revision REV (HEAD~3, v1.0, a
               branch, a commit id), the working tree included: what `facts diff REV` lists

examples:
  facts search düsseldorf
  facts search wasserstoff
  facts search kufen 2017
  facts search '"memorandum of understanding"' kind:event
  facts search theme:hydrogen year:2020..2025
  facts search koriyama basis:stated
  facts search changed:HEAD~3 kind:event
  facts search kufen --json

More: section "Searching" of {readme}.
""")


def register(
    sub: argparse._SubParsersAction[argparse.ArgumentParser], common: argparse.ArgumentParser
) -> None:
    parser = sub.add_parser(
        "search",
        parents=[common],
        help=_("find events, participants, themes, places and sources"),
        description=_(
            "Search names (in every language), aliases, descriptions and linked "
            "names. Prints the best matches first, each with the text that matched."
        ),
        epilog=_(EXAMPLES).format(readme=_(README)),
        formatter_class=HelpFormatter,
    )
    parser.add_argument("query", nargs="+", metavar="QUERY", help=_("words, phrases and filters"))
    offers(
        parser.add_argument(
            "--kind",
            metavar="K",
            help=_("only this entity type or kind (same as kind:K in the query)"),
        ),
        "kind",
    )
    parser.add_argument(
        "--limit", type=_limit, default=20, metavar="N", help=_("show at most N results (20)")
    )
    parser.add_argument(
        "--json",
        action="store_true",
        help=_(
            "print a JSON list of {id, kind, name, score, snippet, highlights, matched} "
            "(and change, with changed:)"
        ),
    )
    add_output_options(parser)
    parser.set_defaults(run=run)


def _limit(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(
            _("not a number: '{text}'").format(text=safe_line(text))
        ) from None
    if value < 1:
        raise argparse.ArgumentTypeError(_("{value} is not a positive number").format(value=value))
    return value


def run(args: argparse.Namespace) -> int:
    import json

    from tui.changedsince import ChangeTracker
    from tui.commands.common import load_progress, make_console, print_paged, report_problems
    from tui.load import load_with
    from tui.paths import facts_path
    from tui.search import QueryError, cache_key
    from tui.search.engine import SearchIndex
    from tui.search.query import FilterUnanswered

    text = " ".join(args.query)
    if not text.strip():
        print(
            _("facts search: nothing to search for: give a word, a phrase or a filter"),
            file=sys.stderr,
        )
        return 2
    # The index is kept in the load cache next to the base, so a big base is searched
    # without rebuilding it while no fact file changes.
    key = cache_key()
    path = facts_path(getattr(args, "facts", None))
    with load_progress() as progress:
        loaded, extras = load_with(path, {key: SearchIndex}, progress=progress)
    if loaded.base is None:
        report_problems(loaded)
        return 1
    index: SearchIndex = extras[key]
    try:
        result = index.query(
            text, kind=args.kind, limit=args.limit, lang=args.lang, changes=ChangeTracker(path)
        )
    except FilterUnanswered as error:
        # a revision git does not know, a base not in git: nothing can be found (exit 1,
        # as for a search without results), but the query itself was understood
        for line in error.details:
            print(line, file=sys.stderr)
        print(_("facts search: {message}").format(message=safe_line(str(error))), file=sys.stderr)
        return 1
    except QueryError as error:
        print(_("facts search: {message}").format(message=safe_line(str(error))), file=sys.stderr)
        return 2
    for note in result.notes:
        print(safe_line(note), file=sys.stderr)
    if args.json:
        rows = [
            {
                "id": hit.id,
                "kind": hit.kind,
                "name": hit.name,
                "score": hit.score,
                "snippet": hit.snippet,
                "highlights": [list(span) for span in hit.highlights],
                "matched": hit.matched,
                **(
                    {
                        "change": {
                            "kind": hit.change.kind,
                            "fields": list(hit.change.fields),
                            "text": hit.change.text,
                        }
                    }
                    if hit.change is not None
                    else {}
                ),
            }
            for hit in result.hits
        ]
        sys.stdout.write(json.dumps(rows, ensure_ascii=False, indent=2) + "\n")
    elif result.hits:
        console = make_console(args)
        print_paged(console, _render(result, console), args)
    if not result.hits:
        message = _('no results for "{query}"').format(query=safe_line(text))
        if result.suggestion:
            message += _('; did you mean "{query}"?').format(query=safe_line(result.suggestion))
        elif not len(loaded.base):
            from tui.commands.common import empty_base

            message += f": {empty_base(args)}"
        print(message, file=sys.stderr)
        return 1
    return 0


def _render(result: SearchResult, console: Console) -> RenderableType:
    """Each hit: its name, type and id, and below it the snippet with the matches marked.
    Everything is a `Text` with spans, so nothing in the data is read as markup.  Lines are
    wrapped here, with the indent written out, so that no line ends in padding (pasted into
    a mail, trailing blanks show) and an id is never split from its line's indent."""
    from rich.console import Group
    from rich.text import Text

    from tui.safetext import one_line

    width = console.width
    lines: list[Text] = []
    indent = len(f"{len(result.hits)}. ")
    pad = Text(" " * indent)
    for number, hit in enumerate(result.hits, 1):
        head = Text(f"{number}. ".rjust(indent), style="dim")
        head.append(one_line(hit.name), style="bold")
        meta = Text(f"{_(hit.kind)} · {hit.id}", style="dim")
        if head.cell_len + 2 + meta.cell_len <= width:
            lines.append(head + Text("  ") + meta)
        else:
            lines.extend((head, pad + meta))
        snippet = Text(hit.snippet)
        for begin, end in hit.highlights:
            snippet.stylize("bold reverse", begin, end)
        for line in snippet.wrap(console, max(width - indent, 10)):
            line.rstrip()
            lines.append(pad + line)
        if hit.change is not None and hit.matched != "changed":  # the snippet says it else
            for line in Text(one_line(hit.change.text), style="dim").wrap(
                console, max(width - indent, 10)
            ):
                line.rstrip()
                lines.append(pad + line)
    shown = len(result.hits)
    footer = ngettext("{count} result", "{count} results", shown).format(count=shown)
    if result.total > shown:
        footer = ngettext(
            "{shown} of {count} result (use --limit to see more)",
            "{shown} of {count} results (use --limit to see more)",
            result.total,
        ).format(shown=shown, count=result.total)
    lines.append(Text(footer, style="dim"))
    return Group(*lines)
