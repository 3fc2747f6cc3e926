"""`facts search QUERY`: find entities the way people remember them, from the command line.

Exit codes: 0 with results, 1 with none (and a did-you-mean where there is one), 2 when the
query cannot be understood.  Uses the same engine as the browser's live search.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from typing import NamedTuple

from tui.commands.options import README, HelpFormatter, add_output_options, offers, safe_line
from tui.i18n import N_, _, ngettext

TYPE_CHECKING = False  # not typing's: importing typing would slow down every start
if TYPE_CHECKING:
    from pathlib import Path

    from rich.console import Console, RenderableType

    from tui.search.engine import SearchResult
    from tui.search.filters import ChangedSet, Changes

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
    # brief: a search answers in a moment, with the collector paused as at the start
    # (tui.cli.main); the index's and the base's objects are built paused anyway
    parser.set_defaults(run=run, brief=True)


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

    from tui.commands.common import load_progress, report_problems
    from tui.commands.pipe import plain_width
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
            text, kind=args.kind, limit=args.limit, lang=args.lang, changes=_History(path)
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
        width = plain_width(args, sys.stdout)
        lines = _plain(result, width) if width is not None else None
        if lines is not None:
            sys.stdout.write("".join(line + "\n" for line in lines))
        else:
            from tui.commands.common import make_console, print_paged

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


class _History:
    """`changed:REV` answered from git (`tui.changedsince.ChangeTracker`), which is imported
    and made when a query first has such a filter: most searches have none."""

    def __init__(self, path: Path) -> None:
        self._path = path
        self._tracker: Changes | None = None

    def __call__(self, rev: str) -> ChangedSet:
        if self._tracker is None:
            from tui.changedsince import ChangeTracker

            self._tracker = ChangeTracker(self._path)
        return self._tracker(rev)


class _Line(NamedTuple):
    """One line of the hits as laid out before any writer: `text` in its `style` with the
    `spans` styled, wrapped at `wrap` cells (if given), each piece indented by `indent`."""

    text: str
    style: str = ""
    spans: tuple[tuple[int, int, str], ...] = ()
    wrap: int | None = None
    indent: int = 0


def _layout(result: SearchResult, width: int, cells: Callable[[str], int]) -> list[_Line]:
    """Each hit: its name, type and id, and below it the snippet with the matches marked.
    The snippet is wrapped here, with the indent written out, so that no line ends in
    padding (pasted into a mail, trailing blanks show) and an id is never split from its
    line's indent.  The same layout feeds the Rich writer and the plain one."""
    from tui.safetext import one_line

    lines: list[_Line] = []
    indent = len(f"{len(result.hits)}. ")
    for number, hit in enumerate(result.hits, 1):
        number_text = f"{number}. ".rjust(indent)
        name = one_line(hit.name)
        head = number_text + name
        bold = ((len(number_text), len(head), "bold"),)
        meta = f"{_(hit.kind)} · {hit.id}"
        if cells(head) + 2 + cells(meta) <= width:
            start = len(head) + 2
            line = f"{head}  {meta}"
            lines.append(_Line(line, "dim", (*bold, (start, len(line), "dim"))))
        else:
            lines.append(_Line(head, "dim", bold))
            lines.append(_Line(" " * indent + meta, "", ((indent, indent + len(meta), "dim"),)))
        marks = tuple((begin, end, "bold reverse") for begin, end in hit.highlights)
        lines.append(_Line(hit.snippet, "", marks, max(width - indent, 10), indent))
        if hit.change is not None and hit.matched != "changed":  # the snippet says it else
            change = one_line(hit.change.text)
            lines.append(_Line(change, "dim", (), max(width - indent, 10), indent))
    shown = len(result.hits)
    footer = ngettext("{count} result", "{count} results", shown).format(count=shown)
    if result.total > shown:
        footer = ngettext(
            "{shown} of {count} result (use --limit to see more)",
            "{shown} of {count} results (use --limit to see more)",
            result.total,
        ).format(shown=shown, count=result.total)
    lines.append(_Line(footer, "dim"))
    return lines


def _plain(result: SearchResult, width: int) -> list[str] | None:
    """The hits as Rich prints them without styles, as lines of text, without Rich; None
    when some text is not plain one-cell text (then Rich measures and prints it)."""
    from tui.render.wrap import narrow, wrap

    out: list[str] = []
    for line in _layout(result, width, len):
        if not narrow(line.text):
            return None
        pieces = [line.text] if line.wrap is None else wrap(line.text, line.wrap, "default")
        for piece in pieces:
            text = " " * line.indent + (piece.rstrip() if line.wrap is not None else piece)
            out.extend(wrap(text, width, "default"))  # printed, each Text wraps at the width
    return out


def _render(result: SearchResult, console: Console) -> RenderableType:
    """The layout as Rich `Text` with spans, so that nothing in the data is read as markup."""
    from rich.cells import cell_len
    from rich.console import Group
    from rich.text import Span, Text

    texts: list[Text] = []
    for line in _layout(result, console.width, cell_len):
        text = Text(line.text, line.style, spans=[Span(*span) for span in line.spans])
        if line.wrap is None:
            texts.append(text)
            continue
        pad = Text(" " * line.indent)
        for piece in text.wrap(console, line.wrap):
            piece.rstrip()
            texts.append(pad + piece)
    return Group(*texts)
