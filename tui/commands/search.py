"""`facts search`: placeholder until its issue lands."""

from __future__ import annotations

import argparse
import sys


def register(sub: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:
    parser = sub.add_parser("search", parents=[common], help="(not yet available)")
    parser.add_argument("rest", nargs="*")
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    print("facts search: not yet available", file=sys.stderr)
    return 1
