"""The subcommands of `facts`, one module each; `tui.cli` registers them in this order."""

from tui.commands import browse, check, export, schema, search, show, summary

COMMANDS = (browse, show, search, summary, export, check, schema)
