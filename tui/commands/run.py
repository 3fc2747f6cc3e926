"""The `facts` command line: the parser of every command, the settings, and the run.

Imported by `tui.cli.main` once the process is guarded.  The command modules are light to
import (argparse only); each imports what it needs when it runs, so `facts --help` reads no
fact base, loads no YAML parser and no Rich.
"""

from __future__ import annotations

import argparse
import os
import sys

from tui import __version__
from tui.commands import NAMES, command
from tui.commands.options import README, HelpFormatter, add_facts_option
from tui.i18n import N_, _

DESCRIPTION = N_("""\
Browse, search and summarise a YAML fact base of events, participants and cooperation
themes. Without a command, opens the browser (in a terminal).""")

EPILOG = N_("""\
settings (each taken from the first place that sets it):
  1. flags: --facts PATH, --lang
  2. the environment: FACTS_PATH, FACTS_LANG, FACTS_UI_LANG, FACTS_THEME, FACTS_EDITOR,
     FACTS_PAGER
  3. the config file $XDG_CONFIG_HOME/facts/config.toml (~/.config/facts/config.toml; on
     macOS and Windows the platform's config folder; $FACTS_CONFIG names another):
     facts, lang, ui_lang, theme (dark/light), editor, pager
  4. for editor and pager: VISUAL, EDITOR, PAGER
  5. defaults: the shipped fact base, vi, less
  `facts config` prints the settings in force and where each comes from.
  The interface language: FACTS_UI_LANG, `ui_lang`, the locale (LANG …), else --lang.

exit codes: 0 success, 1 invalid fact base or nothing found, 2 wrong usage, 130 Ctrl-C

examples:
  facts                                   open the browser
  facts search kufen 2017                 find entities
  facts show essen-koriyama-mou-2017      one entity in full
  facts summary --year 2025               the base at a glance
  facts check --facts my-facts/           validate your own fact base
  facts edit thomas-kufen                 your editor at the line that defines it
  facts diff                              what changed by entity since the last commit
  facts init my-facts                     start a fact base of your own
  facts completion bash                   shell completion (see the README)

More: {readme}; `facts COMMAND --help` for each command.""")


def build_parser(only: str | None = None) -> argparse.ArgumentParser:
    """The parser of every command, or with `only` of that command alone (what parses its
    arguments the same, in a fraction of the time)."""
    parser = argparse.ArgumentParser(
        prog="facts",
        description=_(DESCRIPTION),
        epilog=_(EPILOG).format(readme=_(README)),
        formatter_class=HelpFormatter,
    )
    parser.add_argument(
        "--version",
        action="version",
        version=f"facts {__version__}",
        help=_("show program's version number and exit"),
    )
    add_facts_option(parser, top=True)
    common = argparse.ArgumentParser(add_help=False, formatter_class=HelpFormatter)
    add_facts_option(common)
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    for name in NAMES if only is None else (only,):
        command(name).register(sub, common)
    return parser


def _named_command(argv: list[str]) -> str | None:
    """The command the arguments name, when the parser of that command alone parses them
    as the whole parser would: its name first, after nothing but `--facts PATH`.  None for
    anything else (`--help`, a mistyped name, `completion`, which writes the whole parser)."""
    at = 0
    while at < len(argv) and (argv[at] == "--facts" or argv[at].startswith("--facts=")):
        at += 1 if "=" in argv[at] else 2
    if at < len(argv) and argv[at] in NAMES and argv[at] != "completion":
        return argv[at]
    return None


def run(argv: list[str] | None = None) -> int:
    _drop_nonsense_sizes()
    words = sys.argv[1:] if argv is None else argv
    _choose_language(words)
    parser = build_parser(_named_command(words))
    args = parser.parse_args(argv)
    args.parser = parser  # for `facts completion`, which writes a script from the parser
    action = getattr(args, "run", None)
    if action is None:
        action = command("browse").run
    if getattr(args, "needs_settings", True):
        from tui.config import ConfigError, load_settings

        try:
            settings = load_settings({"facts": args.facts, "lang": getattr(args, "lang", None)})
        except ConfigError as error:
            print(error, file=sys.stderr)
            return 2
        args.settings = settings
        args.facts = str(settings.facts.value)
        args.lang = settings.lang.value
        from tui.i18n import choose, set_language

        set_language(choose(settings.ui_lang.value, settings.lang.value))
    if not getattr(args, "brief", False):
        from tui.collector import collector_resumed

        collector_resumed()  # the command may run long: see tui.cli.main
    try:
        try:
            return int(action(args))
        except Exception as error:
            if not _store_damaged(error):
                raise
            # the store went bad under us (cut short, overwritten): drop it and answer
            # again from the YAML, which is the truth (and is stored afresh)
            from pathlib import Path

            from tui.store import discard

            discard(Path(args.facts))
            return int(action(args))
    except OSError as error:
        from tui.output import OutputError

        if isinstance(error, OutputError):
            raise
        # Whatever a command did not foresee (a file vanishing under it): one line.
        from tui.commands.options import safe_line

        where = f": {safe_line(str(error.filename))}" if error.filename else ""
        print(
            _("facts: {reason}{where}").format(
                reason=safe_line(error.strerror or str(error)), where=where
            ),
            file=sys.stderr,
        )
        return 1


def _choose_language(argv: list[str]) -> None:
    """The interface language, before the parser is built (its help is in it): from the
    settings as far as they can be read now; a broken config file is reported after the
    parse, as before, and meanwhile does not stop `--help` from being answered."""
    from tui.config import ConfigError, load_settings
    from tui.i18n import choose, set_language

    names = None
    for index, word in enumerate(argv):
        if word == "--":
            break
        if word == "--lang" and index + 1 < len(argv):
            names = argv[index + 1]
        elif word.startswith("--lang="):
            names = word.removeprefix("--lang=")
    ui_lang = None
    try:
        settings = load_settings({"lang": names})
        ui_lang, names = settings.ui_lang.value, settings.lang.value
    except ConfigError:
        from tui.config import ENVIRONMENT, LANGUAGES

        value = os.environ.get(ENVIRONMENT["ui_lang"])
        ui_lang = value if value in LANGUAGES else None
        names = names if names in LANGUAGES else None
    set_language(choose(ui_lang, names))


def _store_damaged(error: Exception) -> bool:
    """Whether `error` is the store's StoreDamaged (never, if the store was not opened)."""
    load = sys.modules.get("tui.load")
    return load is not None and isinstance(error, load.StoreDamaged)


def _drop_nonsense_sizes() -> None:
    """COLUMNS=0 (or 'abc', or 5) would make Rich print nothing or one letter a line: such
    a value counts as unset, and the terminal's real size (80 in a pipe) is used."""
    for name, smallest in (("COLUMNS", 20), ("LINES", 2)):
        value = os.environ.get(name)
        if value is not None and not (
            value.isascii() and value.isdigit() and int(value) >= smallest
        ):
            del os.environ[name]
