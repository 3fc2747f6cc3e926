"""What every subcommand shares: finding and loading the fact base, printing problems."""

from __future__ import annotations

import argparse
import sys
from typing import TextIO

from tui.load import LoadResult, load
from tui.model import FactBase
from tui.paths import facts_path


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


def safe_line(text: str) -> str:
    """One line of plain text with control characters made visible, so that nothing from a
    file name or a fact reaches the terminal as a command."""
    return "".join(
        ch if ch.isprintable() or ch == " " else f"\\x{ord(ch):02x}"
        if ord(ch) < 0x100 else f"\\u{ord(ch):04x}"
        for ch in text
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
