"""`facts init DIR`: start a new fact base of one's own.

Exit codes: 0 when written, 2 when DIR is not empty (nothing is written into it), 1 when it
cannot be written (no permission, a full disk).
"""

from __future__ import annotations

import argparse
import sys

from tui.commands.options import add_command, offers
from tui.i18n import _


def register(
    sub: argparse._SubParsersAction[argparse.ArgumentParser], common: argparse.ArgumentParser
) -> None:
    parser = add_command(
        sub,
        common,
        "init",
        help=_("start a new, empty fact base in a new folder"),
        description=_(
            "Write a new fact base into DIR (made if missing; refused if it holds "
            "anything): one commented file per collection with an example entry, the JSON Schema "
            "beside them for editors, a README on adding facts, and a .pre-commit-config.yaml "
            "that runs `facts check` before each commit. `facts check` passes on it as written."
        ),
        examples=_("""\
facts init my-facts
cd my-facts && git init && facts check --facts ."""),
        section="Starting a base of your own: facts init",
    )
    offers(
        parser.add_argument("dir", metavar="DIR", help=_("the folder to write (new or empty)")),
        "path",
    )
    parser.set_defaults(run=run, needs_settings=False)


def run(args: argparse.Namespace) -> int:
    import shlex
    from pathlib import Path

    from tui.newbase import NotEmpty, write_base
    from tui.safetext import safe_line

    folder = Path(args.dir)
    try:
        written = write_base(folder)
    except NotEmpty as error:
        print(
            _("facts init: {message}; give a new or empty folder (nothing was written)").format(
                message=safe_line(str(error))
            ),
            file=sys.stderr,
        )
        return 2
    except OSError as error:
        where = safe_line(str(error.filename or folder))
        print(
            _("facts init: cannot write {where}: {reason}").format(
                where=where, reason=safe_line(error.strerror or str(error))
            ),
            file=sys.stderr,
        )
        return 1
    shown = safe_line(str(folder))
    print(
        _("A new fact base in {folder}: {files}").format(
            folder=shown, files=", ".join(p.name for p in written)
        )
    )
    print(
        _(
            "Next: add a source to {folder}/sources.yaml (README.md there says how), then "
            "`facts check --facts {quoted}`."
        ).format(folder=shown, quoted=shlex.quote(shown))
    )
    return 0
