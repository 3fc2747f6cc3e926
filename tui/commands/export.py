"""`facts export`: the fact base as a document for other programs and people."""

from __future__ import annotations

import argparse
import sys

from tui.commands.common import load_base
from tui.export import to_json

FORMATS = ("json",)


def register(sub: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:
    parser = sub.add_parser(
        "export",
        parents=[common],
        help="write the fact base (or chosen entities) as JSON",
        description="Write the whole fact base, or the entities named by ID, as one document.",
    )
    parser.add_argument("ids", nargs="*", metavar="ID", help="only these entities")
    parser.add_argument("--format", choices=FORMATS, default="json", help="output format")
    parser.add_argument("-o", "--output", metavar="FILE", help="write to FILE instead of stdout")
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    base = load_base(args)
    if base is None:
        return 1
    unknown = [i for i in args.ids if i not in base]
    if unknown:
        for entity_id in unknown:
            print(f"facts export: unknown id '{entity_id}'", file=sys.stderr)
        return 1
    text = to_json(base, args.ids or None)
    if args.output:
        with open(args.output, "w", encoding="utf-8") as out:
            out.write(text)
    else:
        sys.stdout.write(text)
    return 0
