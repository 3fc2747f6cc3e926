"""What every subcommand shares: finding and loading the fact base, printing problems."""

from __future__ import annotations

import argparse
import os
import re
import sys
from collections.abc import Callable
from typing import TYPE_CHECKING, TextIO

from tui.load import LoadResult, load
from tui.model import FactBase
from tui.paths import facts_path
from tui.safetext import safe_line

if TYPE_CHECKING:
    from rich.console import Console, RenderableType


def add_facts_option(parser: argparse.ArgumentParser, *, top: bool = False) -> None:
    """--facts is accepted before and after the subcommand (`facts --facts X check` and
    `facts check --facts X`); on the subcommand it only overrides when given."""
    parser.add_argument(
        "--facts",
        metavar="PATH",
        default=None if top else argparse.SUPPRESS,
        help="fact base: a folder of YAML files or one file "
        "(default: $FACTS_PATH, else the shipped base)",
    )


def report_problems(result: LoadResult, stream: TextIO | None = None) -> None:
    stream = stream or sys.stderr
    for problem in result.problems:
        print(safe_line(str(problem)), file=stream)
    count = len(result.problems)
    files = len({p.path for p in result.problems})
    print(
        f"{count} problem{'s' if count != 1 else ''} in {files} file{'s' if files != 1 else ''}",
        file=stream,
    )


def load_for(args: argparse.Namespace) -> LoadResult:
    return load(facts_path(getattr(args, "facts", None)))


def load_base(args: argparse.Namespace) -> FactBase | None:
    """The valid base, or None after the problems were printed (the caller exits 1)."""
    result = load_for(args)
    if result.base is None:
        report_problems(result)
        return None
    return result.base


# -- output commands (show, summary, search, …) -------------------------------------------

LANGUAGES = ("de", "en", "ja")


def add_output_options(parser: argparse.ArgumentParser, *, terminal: bool = True) -> None:
    """--lang, --width and --pager/--no-pager, the same for every command that prints
    (`terminal=False`: only --lang, for commands that write documents)."""
    parser.add_argument(
        "--lang",
        choices=LANGUAGES,
        default=None,
        help="show names in this language where the data has several "
        "(fallback: language-neutral, en, de, ja)",
    )
    if not terminal:
        return
    parser.add_argument(
        "--width",
        type=_width,
        default=None,
        metavar="COLUMNS",
        help="wrap at this many columns (default: the terminal's width, 80 in a pipe)",
    )
    pager = parser.add_mutually_exclusive_group()
    pager.add_argument(
        "--pager",
        dest="pager",
        action="store_true",
        default=None,
        help="always show the output in a pager",
    )
    pager.add_argument(
        "--no-pager",
        dest="pager",
        action="store_false",
        help="never use a pager (default: a pager when output is longer than the terminal)",
    )


def number_option(minimum: int, too_small: str) -> Callable[[str], int]:
    """An argparse type for a whole number of at least `minimum`; `too_small` is the
    message for a smaller one ({value} is filled in).  Wrong input exits 2 with it."""

    def parse(text: str) -> int:
        try:
            value = int(text)
        except ValueError:
            raise argparse.ArgumentTypeError(f"not a number: '{safe_line(text)}'") from None
        if value < minimum:
            raise argparse.ArgumentTypeError(too_small.format(value=value))
        return value

    return parse


_width = number_option(20, "{value} is too narrow; use 20 columns or more")


def make_console(args: argparse.Namespace, file: TextIO | None = None) -> Console:
    """A console that never reads data as markup or colours it by guesswork, sends no
    escape codes to a pipe, and honours NO_COLOR (Rich reads it) and --width."""
    from rich.console import Console

    return Console(
        file=file,
        width=getattr(args, "width", None),
        force_terminal=None,
        # NO_COLOR users want plain text: Rich would drop colours but keep bold and dim.
        color_system=None if os.environ.get("NO_COLOR") else "auto",
        highlight=False,
        markup=False,
        emoji=False,
    )


def print_paged(console: Console, renderable: RenderableType, args: argparse.Namespace) -> None:
    """Print, through a pager when asked (--pager) or when the output is taller than the
    terminal it goes to (never into a pipe, never with --no-pager)."""
    choice = getattr(args, "pager", None)
    if choice is None:
        choice = console.is_terminal and _height(console, renderable) > console.height
    if not choice:
        console.print(renderable)
        return
    # less shows colours only with -R: add it to the user's own LESS settings, if any.
    less = os.environ.get("LESS", "")
    if "R" not in less:
        os.environ["LESS"] = f"{less} -R".strip()
    with console.pager(styles=console.is_terminal):
        console.print(renderable)


def _height(console: Console, renderable: RenderableType) -> int:
    return len(console.render_lines(renderable, console.options, pad=False, new_lines=False))


def suggest_ids(base: FactBase, text: str, limit: int = 5) -> list[str]:
    """Ids a mistyped one may have meant: close spellings of the id, then entities whose
    id, name or alias contains what was typed ('kufen' → thomas-kufen)."""
    import difflib

    needle = text.casefold()
    words = set(re.split(r"[-_.\s]+", needle)) - {""}
    close = difflib.get_close_matches(needle, list(base.by_id), n=limit, cutoff=0.6)
    containing = [
        entity.id
        for entity in base
        if needle
        and (
            any(needle in t.casefold() for t in (entity.id, *entity.name.texts(), *entity.aliases))
            or (len(words) > 1 and words <= set(entity.id.split("-")))  # words in another order
        )
    ]
    return list(dict.fromkeys([*close, *containing]))[:limit]


def unknown_id(command: str, base: FactBase, text: str) -> str:
    """The message for an id that is not in the base, with the nearest ids to try."""
    message = f"facts {command}: unknown id '{safe_line(text)}'"
    near = suggest_ids(base, text)
    if near:
        message += "; did you mean: " + ", ".join(near) + "?"
    return message
