"""The subcommands of `facts`, one module each; `tui.commands.run` registers them in this
order.  Each module imports only argparse at the top (what it needs to run, it imports in
`run`), so that building the whole parser for `facts --help` stays cheap; a command named on
the command line is registered alone (`facts search …` builds the parser of `search` only).
"""

from __future__ import annotations

import importlib
from types import ModuleType

NAMES = (
    "browse",
    "show",
    "search",
    "met",
    "summary",
    "audit",
    "export",
    "check",
    "edit",
    "diff",
    "log",
    "init",
    "schema",
    "config",
    "completion",
)
"""Every command's name, which is also its module's."""


def command(name: str) -> ModuleType:
    """The module of the command `name` (one of NAMES)."""
    return importlib.import_module(f"tui.commands.{name}")


def __getattr__(name: str) -> object:
    if name == "COMMANDS":  # every command's module, in order (imported on first use)
        return tuple(command(each) for each in NAMES)
    raise AttributeError(f"module 'tui.commands' has no attribute {name!r}")
