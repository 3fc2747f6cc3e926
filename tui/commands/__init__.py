"""The subcommands of `facts`, one module each; `tui.cli` registers them in this order."""

from tui.commands import browse, check, export, schema

COMMANDS = (browse, check, export, schema)
