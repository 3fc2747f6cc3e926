"""`facts schema`: the JSON Schema of a fact file, for editors that validate YAML."""

from __future__ import annotations

import argparse
import sys

from tui.commands.options import add_command
from tui.i18n import _


def register(
    sub: argparse._SubParsersAction[argparse.ArgumentParser], common: argparse.ArgumentParser
) -> None:
    parser = add_command(
        sub,
        common,
        "schema",
        help=_("print the JSON Schema of a fact file (the one in facts/schema.json)"),
        description=_(
            "Print the JSON Schema that fact files follow, for editors that validate "
            "YAML against a schema. (It is the same for every base; --facts is accepted and "
            "makes no difference.)"
        ),
        examples=_("""\
facts schema > schema.json
# then, first line of a fact file, for the YAML language server:
# yaml-language-server: $schema=schema.json"""),
        section="The fact base",
    )
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    from tui.jsonschema import json_schema_text

    sys.stdout.write(json_schema_text())
    return 0
