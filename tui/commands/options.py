"""The options the commands share, and what the shell may complete for each argument.

Only argparse is imported here: every command module registers its options through this
one, and `facts --help` builds all of them, so it must stay light.  What an argument
*takes* is declared on the argument itself (`offers(parser.add_argument(...), "theme")`);
the completion scripts read it from the parser, so a new command that declares it gets
completion without touching the scripts.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Callable

from tui.i18n import N_, _

LANGUAGES = ("de", "en", "ja")

OFFERS = "facts_offers"
"""The attribute of an argparse action that says what its values are (see `VALUE_KINDS`)."""

ENTITY_KINDS = ("entity", "event", "participant", "theme", "place", "source")
"""Ids of the base: any entity, or one type of them."""

VALUE_KINDS = (*ENTITY_KINDS, "kind", "path", "file")
"""`kind`: an entity type or a kind in the data; `path`: a file or folder; `file`: a file."""

README = N_(
    "the README of facts (README.md beside pyproject.toml; on a package index, the "
    "project's description)"
)


class HelpFormatter(argparse.RawDescriptionHelpFormatter):
    """Descriptions and epilogs as written; option help wrapped by terminal columns, so
    that a Japanese text (double width, no spaces) fits the terminal as English does."""

    def __init__(
        self,
        prog: str,
        indent_increment: int = 2,
        max_help_position: int = 24,
        width: int | None = None,
    ) -> None:
        # the width argparse would take, without the import of shutil it takes it from
        width = terminal_columns() - 2 if width is None else width
        super().__init__(prog, indent_increment, max_help_position, width)

    def _split_lines(self, text: str, width: int) -> list[str]:
        if text.isascii():
            return super()._split_lines(text, width)
        from tui.i18n import wrap_cells

        return wrap_cells(self._whitespace_matcher.sub(" ", text).strip(), width)


def terminal_columns() -> int:
    """`shutil.get_terminal_size().columns`, worked out as shutil does (COLUMNS, else the
    terminal of stdout, else 80): argparse asks for it for every option added, and importing
    shutil (and the compression modules it loads) costs each start about 3 ms."""
    try:
        columns = int(os.environ["COLUMNS"])
    except (KeyError, ValueError):
        columns = 0
    try:
        lines = int(os.environ["LINES"])
    except (KeyError, ValueError):
        lines = 0
    if columns <= 0 or lines <= 0:
        try:
            size = os.get_terminal_size(sys.__stdout__.fileno())  # type: ignore[union-attr]
        except (AttributeError, ValueError, OSError):
            size = os.terminal_size((80, 24))
        if columns <= 0:
            columns = size.columns or 80
    return columns


def offers(action: argparse.Action, kind: str) -> argparse.Action:
    """Declare that `action` takes values of `kind` (one of VALUE_KINDS)."""
    if kind not in VALUE_KINDS:
        raise ValueError(f"unknown kind of value {kind!r}")
    setattr(action, OFFERS, kind)
    return action


def offered(action: argparse.Action) -> str | None:
    return getattr(action, OFFERS, None)


def epilog(examples: str, section: str) -> str:
    """The end of a command's --help: examples, then where the whole story is."""
    lines = [_("examples:"), *(f"  {line}" for line in examples.strip().splitlines())]
    lines += [
        "",
        _('More: section "{section}" of {readme}.').format(section=section, readme=_(README)),
    ]
    return "\n".join(lines)


def add_command(
    sub: argparse._SubParsersAction[argparse.ArgumentParser],
    common: argparse.ArgumentParser,
    name: str,
    *,
    help: str,
    description: str,
    examples: str,
    section: str,
    epilog_before: str = "",
) -> argparse.ArgumentParser:
    """A subcommand with the shared options, its examples and the README pointer."""
    parser: argparse.ArgumentParser = sub.add_parser(
        name,
        parents=[common],
        help=help,
        description=description,
        epilog=(epilog_before + "\n" if epilog_before else "") + epilog(examples, section),
        formatter_class=HelpFormatter,
    )
    return parser


def _facts_path(text: str) -> str:
    if not text:
        raise argparse.ArgumentTypeError(
            _("an empty path; give a folder of fact files or one file")
        )
    return text


def add_facts_option(parser: argparse.ArgumentParser, *, top: bool = False) -> None:
    """--facts is accepted before and after the subcommand (`facts --facts X check` and
    `facts check --facts X`); on the subcommand it only overrides when given."""
    offers(
        parser.add_argument(
            "--facts",
            metavar="PATH",
            type=_facts_path,
            default=None if top else argparse.SUPPRESS,
            help=_(
                "fact base: a folder of YAML files or one file (default: $FACTS_PATH, "
                "else `facts` in the config file, else the shipped base)"
            ),
        ),
        "path",
    )


def add_lang_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--lang",
        choices=LANGUAGES,
        default=None,
        help=_(
            "show names in this language where the data has several (default: $FACTS_LANG, "
            "else `lang` in the config file; fallback: language-neutral, en, de, ja)"
        ),
    )


def add_output_options(parser: argparse.ArgumentParser, *, terminal: bool = True) -> None:
    """--lang, --width and --pager/--no-pager, the same for every command that prints
    (`terminal=False`: only --lang, for commands that write documents)."""
    add_lang_option(parser)
    if not terminal:
        return
    parser.add_argument(
        "--width",
        type=number_option(20, N_("{value} is too narrow; use 20 columns or more")),
        default=None,
        metavar="COLUMNS",
        help=_("wrap at this many columns (default: the terminal's width, 80 in a pipe)"),
    )
    pager = parser.add_mutually_exclusive_group()
    pager.add_argument(
        "--pager",
        dest="pager",
        action="store_true",
        default=None,
        help=_(
            "always show the output in a pager ($FACTS_PAGER, `pager` in the config file, "
            "$PAGER, else less)"
        ),
    )
    pager.add_argument(
        "--no-pager",
        dest="pager",
        action="store_false",
        help=_("never use a pager (default: a pager when output is longer than the terminal)"),
    )


def add_json_option(parser: argparse.ArgumentParser, what: str) -> None:
    parser.add_argument("--json", action="store_true", help=what)


def number_option(minimum: int, too_small: str) -> Callable[[str], int]:
    """An argparse type for a whole number of at least `minimum`; `too_small` is the
    message for a smaller one ({value} is filled in).  Wrong input exits 2 with it."""

    def parse(text: str) -> int:
        try:
            value = int(text)
        except ValueError:
            raise argparse.ArgumentTypeError(
                _("not a number: '{text}'").format(text=safe_line(text))
            ) from None
        if value < minimum:
            raise argparse.ArgumentTypeError(_(too_small).format(value=value))
        return value

    return parse


def safe_line(text: str) -> str:
    """`tui.safetext.safe_line`, imported when a message needs it (not for every --help)."""
    from tui.safetext import safe_line as made_safe

    return made_safe(text)
