"""`facts browse [ID]` (and `facts` alone): the Textual browser.

This is the only place the command line imports Textual, and it does so lazily, so that
every other subcommand starts without paying for it.
"""

from __future__ import annotations

import argparse
import sys

from tui.commands.options import add_command, add_output_options, offers
from tui.i18n import N_, _
from tui.output import is_terminal

TYPE_CHECKING = False  # not typing's: importing typing would slow down every start
if TYPE_CHECKING:
    from pathlib import Path

    from tui.progressbar import PlainLine

NO_TERMINAL = N_(
    "facts: the browser needs a terminal, and {which}; to print instead, run "
    "`facts --help`, `facts search WORDS…`, `facts show ID` or `facts summary`"
)


def register(
    sub: argparse._SubParsersAction[argparse.ArgumentParser], common: argparse.ArgumentParser
) -> None:
    parser = add_command(
        sub,
        common,
        "browse",
        help=_("open the browser (the default when no command is given)"),
        description=_(
            "Open the terminal browser, optionally at the entity ID. It needs a "
            "terminal on stdin and stdout; in a pipe or from cron, use the printing commands."
        ),
        examples=_("""\
facts browse
facts browse essen-koriyama-mou-2017
facts browse --lang ja --facts my-facts/"""),
        section="The browser",
    )
    offers(
        parser.add_argument("id", nargs="?", metavar="ID", help=_("open at this entity")), "entity"
    )
    add_output_options(parser, terminal=False)
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    which = _not_a_terminal()
    if which:
        print(_(NO_TERMINAL).format(which=which), file=sys.stderr)
        return 2
    from pathlib import Path

    path = Path(args.facts)
    early = _early_progress(path)
    try:
        from tui.app.app import run_app  # Textual: most of the time before the first frame
    finally:
        if early is not None:  # erased as the browser takes the screen: nothing is left
            early.clear()  # behind its screen (quitting during the load waits for it)
    settings = getattr(args, "settings", None)
    return run_app(
        path,
        getattr(args, "id", None),
        lang=getattr(args, "lang", None),
        theme=settings.theme.value if settings is not None else "dark",
    )


def _early_progress(path: Path) -> PlainLine | None:
    """When the base must be read (its store is not current, by the files' stats), the
    first step at once, as a plain line on the terminal: importing Textual and drawing the
    first frame take a second or two on a busy machine, and the browser's status line only
    carries on from there.  Nothing when the store is current, nor on a terminal that
    cannot move the cursor."""
    from tui.progressbar import PlainLine, can_draw

    if not is_terminal(sys.stderr) or not can_draw():
        return None
    from tui.load import pending_work
    from tui.progress import describe

    step = pending_work(path)
    if step is None:
        return None
    line = PlainLine(sys.stderr)
    line.show(describe(step))
    return line


def _not_a_terminal() -> str:
    """Which of stdin and stdout is not a terminal ('' when both are): Textual would wait
    for keys that never come, or write escape codes into a file."""

    stdin, stdout = is_terminal(sys.stdin), is_terminal(sys.stdout)
    if stdin and stdout:
        return ""
    if not stdin and not stdout:
        return _("neither stdin nor stdout is one")
    return _("stdin is not one") if not stdin else _("stdout is not one")
