"""`facts edit ID`: open the editor at the line where the entity is written.

Exit codes: 0 when the editor ends well, the editor's own exit code when it fails, 1 for an
unknown id, 2 when the editor cannot be started (not installed, not a program).
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
        "edit",
        help=_("open your editor at the line where an entity is written"),
        description=_(
            "Open the fact file that defines ID in your editor, at the entity's "
            "`- id:` line. The editor is $FACTS_EDITOR, else `editor` in the config file, else "
            '$VISUAL, else $EDITOR, else vi; it may carry arguments (EDITOR="code --wait"). '
            "vi, vim, nvim, nano, emacs, micro, kak, hx, joe and ne get +LINE FILE, code and "
            "codium --goto FILE:LINE, subl FILE:LINE, any other editor the file alone."
        ),
        examples=_("""\
facts edit essen-koriyama-mou-2017
EDITOR="code --wait" facts edit thomas-kufen
facts edit thomas-kufen && facts check && facts diff"""),
        section="The edit loop: facts edit, check, diff, log",
    )
    offers(
        parser.add_argument("id", metavar="ID", help=_("the entity's id (see `facts search`)")),
        "entity",
    )
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    from pathlib import Path

    from tui.commands.common import load_for, report_problems, safe_line, unknown_id
    from tui.editor import EditorError, editor_argv, program_name, run_editor
    from tui.load import fact_files
    from tui.locate import locate_entity

    # Found in the files themselves, not in the loaded base: a base with problems is
    # exactly the one that wants editing.
    written = locate_entity(args.id, fact_files(Path(args.facts)))
    if written is None:
        loaded = load_for(args)
        if loaded.base is None:
            report_problems(loaded)
            print(
                _("facts edit: unknown id '{id}': no fact file defines it").format(
                    id=safe_line(args.id)
                ),
                file=sys.stderr,
            )
        else:
            print(unknown_id("edit", loaded.base, args.id), file=sys.stderr)
        return 1
    setting = args.settings.editor
    argv = editor_argv(args.settings.editor_command(), written.path, written.at.line)
    name = safe_line(program_name(argv[0]))
    origin = f" ({safe_line(setting.origin)})" if setting.origin else ""
    try:
        code = run_editor(argv)
    except EditorError as error:
        print(
            _(
                "facts edit: the editor '{name}'{origin} {error}; set VISUAL or EDITOR, or "
                "`editor` in the config file (`facts config` shows which is used)"
            ).format(name=name, origin=origin, error=error),
            file=sys.stderr,
        )
        return 2
    if code:
        print(
            _("facts edit: the editor '{name}' ended with exit code {code}").format(
                name=name, code=code
            ),
            file=sys.stderr,
        )
    return code
