"""The subcommands of `facts`, one module each; `tui.commands.run` registers them in this
order.  Each module imports only argparse at the top (what it needs to run, it imports in
`run`), so that building the whole parser for `facts --help` stays cheap."""

from tui.commands import (
    audit,
    browse,
    check,
    completion,
    config,
    diff,
    edit,
    export,
    init,
    log,
    met,
    schema,
    search,
    show,
    summary,
)

COMMANDS = (
    browse,
    show,
    search,
    met,
    summary,
    audit,
    export,
    check,
    edit,
    diff,
    log,
    init,
    schema,
    config,
    completion,
)
