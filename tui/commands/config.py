"""`facts config`: the settings in force, and where each one comes from."""

from __future__ import annotations

import argparse
import sys

from tui.commands.options import add_command, add_lang_option
from tui.i18n import _, cell_width

TYPE_CHECKING = False  # not typing's: importing typing would slow down every start
if TYPE_CHECKING:
    from typing import Any

    from tui.config import Settings

EXAMPLE = """\
# ~/.config/facts/config.toml
facts = "~/work/nrw-japan-facts"   # the base used without --facts
lang = "de"                        # names in German where the data has several
ui_lang = "de"                     # the interface language: de, en or ja
theme = "light"                    # the browser's colours: dark or light
editor = "code --wait"             # for `facts edit` (to come)
pager = "less -S"                  # for long output on a terminal"""


def register(
    sub: argparse._SubParsersAction[argparse.ArgumentParser], common: argparse.ArgumentParser
) -> None:
    parser = add_command(
        sub,
        common,
        "config",
        help=_("print the settings in force and where each comes from"),
        description=_(
            "Print each setting's value and where it comes from: a flag, the "
            "environment, the config file (with its line) or the default. A setting is taken "
            "from the first of: flags, FACTS_* variables, the config file, then (editor and "
            "pager) VISUAL, EDITOR, PAGER, then the default."
        ),
        examples=_("""\
facts config
facts config --json
FACTS_THEME=light facts config"""),
        section="Configuration",
        epilog_before=_("a config file:")
        + "\n"
        + "\n".join(f"  {line}" for line in EXAMPLE.splitlines()),
    )
    add_lang_option(parser)
    parser.add_argument(
        "--json",
        action="store_true",
        help=_(
            'print {"config_file", "config_file_found", "settings": {name: '
            '{"value", "source", "origin"}}}'
        ),
    )
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    settings: Settings = args.settings
    if args.json:
        import json

        sys.stdout.write(json.dumps(as_data(settings), ensure_ascii=False, indent=2) + "\n")
        return 0
    from tui.commands.options import safe_line

    rows = [
        (name, _shown(setting.value), _where(setting.source, setting.origin))
        if name != "ui_lang" or setting.value is not None
        else (name, *_ui_lang_in_force(settings))
        for name, setting in settings.items()
    ]
    width = max(cell_width(value) for _name, value, _where_from in rows)
    for name, value, where in rows:
        shown = safe_line(value)
        print(f"{name:<8} {shown}{' ' * (width - cell_width(shown))}  {safe_line(where)}")
    state = _("read") if settings.config_found else _("not there; create it to set defaults")
    print(
        "\n"
        + _("config file: {file} ({state})").format(
            file=safe_line(str(settings.config_file)), state=state
        )
    )
    return 0


def as_data(settings: Settings) -> dict[str, Any]:
    return {
        "config_file": str(settings.config_file),
        "config_file_found": settings.config_found,
        "settings": {
            name: {
                "value": None if setting.value is None else str(setting.value),
                "source": setting.source,
                "origin": setting.origin,
            }
            for name, setting in settings.items()
        },
    }


def _shown(value: object) -> str:
    return _("(not set)") if value is None else str(value)


def _ui_lang_in_force(settings: Settings) -> tuple[str, str]:
    """No ui_lang set: the language the interface speaks all the same, and why (the
    locale, else the names' language, else English)."""
    from tui.i18n import LANGUAGES, locale_choice

    found = locale_choice()
    if found is not None:
        return found[0], _("locale {variable}").format(variable=found[1])
    names = settings.lang
    if names.value in LANGUAGES:
        return str(names.value), _("the names' language: {where}").format(
            where=_where(names.source, names.origin)
        )
    return "en", _where(settings.ui_lang.source, settings.ui_lang.origin)


def _where(source: str, origin: str) -> str:
    if source == "flag":
        return _("flag {origin}").format(origin=origin)
    if source == "environment":
        return _("environment {origin}").format(origin=origin)
    if source == "config":
        return _("config file {origin}").format(origin=origin)
    return _("default ({origin})").format(origin=_(origin)) if origin else _("default")
