"""`facts schema`: the JSON Schema of a fact file, for editors that validate YAML."""

from __future__ import annotations

import argparse
import sys

from tui.jsonschema import json_schema_text


def register(sub: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:
    parser = sub.add_parser(
        "schema",
        help="print the JSON Schema of a fact file (the one in facts/schema.json)",
        description="Print the JSON Schema that fact files follow, for editors that validate "
        "YAML against a schema.",
    )
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    sys.stdout.write(json_schema_text())
    return 0
