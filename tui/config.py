"""The settings in force: flags, then the environment, then the config file, then defaults.

The config file is `$XDG_CONFIG_HOME/facts/config.toml` (elsewhere the platform's config
folder, from platformdirs), or the file `$FACTS_CONFIG` names.  It holds plain settings
(`facts`, `lang`, `ui_lang`, `theme`, `editor`, `pager`); anything else in it, or a value of
the wrong kind, is a mistake the user wants to hear about at once, with its place in the file,
rather than a setting silently ignored.  Every value says where it came from, so that
`facts config` can answer "why does it do that".

`editor` and `pager` follow git's order: the program's own variable (FACTS_EDITOR,
FACTS_PAGER) and its config file come before the general VISUAL, EDITOR and PAGER, which a
system sets for every program alike; a setting made for `facts` is then not overridden by one
made for everything.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator, Mapping
from pathlib import Path
from typing import Any, Generic, TypeVar

from tui.i18n import N_, _
from tui.record import fields, record

LANGUAGES = ("de", "en", "ja")
THEMES = ("dark", "light")
CONFIG_VAR = "FACTS_CONFIG"
DEFAULT_EDITOR = "vi"
DEFAULT_PAGER = "less"

T = TypeVar("T")


class ConfigError(Exception):
    """A setting that cannot be used; the message is the whole answer (exit 2)."""


@record(slots=True)
class Setting(Generic[T]):
    """A value and where it came from: `source` is 'flag', 'environment', 'config' or
    'default'; `origin` names it ('--lang', 'FACTS_LANG', 'path:line:column', a note)."""

    value: T
    source: str
    origin: str


@record(slots=True)
class Settings:
    facts: Setting[Path]
    """The fact base used when no --facts is given."""
    lang: Setting[str | None]
    """The language of names where the data has several (None: each name's own fallback)."""
    ui_lang: Setting[str | None]
    """The interface language (None: not chosen here; `tui.i18n.choose` then asks the
    locale, then the names' language)."""
    theme: Setting[str]
    """'dark' or 'light': the browser's colours."""
    editor: Setting[str]
    """The command line that edits a fact file (`facts edit`)."""
    pager: Setting[str]
    """The command line that pages long output."""
    config_file: Path
    config_found: bool

    def items(self) -> Iterator[tuple[str, Setting[Any]]]:
        for field in fields(self):
            value = getattr(self, field.name)
            if isinstance(value, Setting):
                yield field.name, value

    def editor_command(self) -> list[str]:
        """The editor as the words to run (it was checked to split)."""
        import shlex  # here, not at every start

        return shlex.split(self.editor.value)

    def pager_command(self) -> list[str]:
        import shlex

        return shlex.split(self.pager.value)


NAMES = tuple(f.name for f in fields(Settings) if f.name not in ("config_file", "config_found"))

ENVIRONMENT = {
    "facts": "FACTS_PATH",
    "lang": "FACTS_LANG",
    "ui_lang": "FACTS_UI_LANG",
    "theme": "FACTS_THEME",
    "editor": "FACTS_EDITOR",
    "pager": "FACTS_PAGER",
}
"""The program's own variable for each setting (before the config file)."""

GENERAL_ENVIRONMENT = {"editor": ("VISUAL", "EDITOR"), "pager": ("PAGER",)}
"""Variables every program reads, after the config file (see the module's docstring)."""


def config_file() -> Path:
    """Where the config file is looked for."""
    explicit = os.environ.get(CONFIG_VAR)
    if explicit:
        return Path(explicit)
    from tui.paths import user_folder

    return user_folder("config") / "config.toml"


def load_settings(flags: Mapping[str, str | None] | None = None) -> Settings:
    """The settings in force, given the flags the user typed (`facts`, `lang`; None where
    not given).  Raises ConfigError for a broken config file or a wrong value anywhere."""
    flags = flags or {}
    path = config_file()
    found, values = _read_config(path)
    resolved: dict[str, Setting[Any]] = {}
    for name in NAMES:
        flag = flags.get(name)
        if flag is not None:
            resolved[name] = Setting(checked(name, flag, f"--{name}"), "flag", f"--{name}")
            continue
        variable = ENVIRONMENT[name]
        text = os.environ.get(variable)
        if text:
            resolved[name] = Setting(checked(name, text, variable), "environment", variable)
            continue
        if name in values:
            resolved[name] = values[name]
            continue
        for general in GENERAL_ENVIRONMENT.get(name, ()):
            text = os.environ.get(general)
            if text:
                resolved[name] = Setting(checked(name, text, general), "environment", general)
                break
        else:
            resolved[name] = _default(name)
    return Settings(**resolved, config_file=path, config_found=found)


def _default(name: str) -> Setting[Any]:
    if name == "facts":
        from tui.paths import shipped_facts

        return Setting(shipped_facts(), "default", N_("the shipped fact base"))
    if name == "lang":
        return Setting(None, "default", N_("each name in its own language"))
    if name == "ui_lang":
        return Setting(None, "default", N_("not chosen: English"))
    if name == "theme":
        return Setting("dark", "default", "")
    if name == "editor":
        return Setting(DEFAULT_EDITOR, "default", "")
    return Setting(DEFAULT_PAGER, "default", "")


# -- values ---------------------------------------------------------------------------------


def _choice(choices: tuple[str, ...]) -> Callable[[str, str], str]:
    def check(text: str, where: str) -> str:
        if text not in choices:
            raise ValueError(
                _("{where} must be {choices}, not {value}").format(
                    where=where, choices=_either(choices), value=_show(text)
                )
            )
        return text

    return check


def _command(text: str, where: str) -> str:
    import shlex  # only for a command given in a setting

    try:
        words = shlex.split(text)
    except ValueError as error:
        raise ValueError(
            _("{where} is not a command line ({error}): {value}").format(
                where=where, error=error, value=_show(text)
            )
        ) from None
    if not words:
        raise ValueError(
            _("{where} is empty; give a command such as {example}").format(
                where=where, example=_show("vi")
            )
        )
    return text


def _path(text: str, where: str) -> Path:
    if not text:
        raise ValueError(
            _("{where} is empty; give a folder of fact files or one file").format(where=where)
        )
    return Path(os.path.expanduser(text))


_CHECKS: dict[str, Callable[[str, str], Any]] = {
    "facts": _path,
    "lang": _choice(LANGUAGES),
    "ui_lang": _choice(LANGUAGES),
    "theme": _choice(THEMES),
    "editor": _command,
    "pager": _command,
}


def _either(choices: tuple[str, ...]) -> str:
    quoted = [f'"{c}"' for c in choices]
    return ", ".join(quoted[:-1]) + _(" or ") + quoted[-1]


def _show(value: object) -> str:
    from tui.safetext import safe_line

    if isinstance(value, str):
        return '"' + safe_line(value[:60]) + ('…"' if len(value) > 60 else '"')
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return _("the number {value}").format(value=value)
    if isinstance(value, list):
        return _("a list")
    if isinstance(value, dict):
        return _("a table")
    return _("a date or time")


def checked(name: str, value: str, where: str) -> Any:
    """A value given on the command line or in the environment, checked like the file's;
    raises ConfigError."""
    try:
        return _CHECKS[name](value, where)
    except ValueError as error:
        raise ConfigError(f"facts: {error}") from None


# -- the file -------------------------------------------------------------------------------


def _read_config(path: Path) -> tuple[bool, dict[str, Setting[Any]]]:
    """Whether the file exists, and the settings it makes (checked, with their places)."""
    from tui.safetext import safe_line

    shown = safe_line(str(path))
    try:
        if not path.is_file() and str(path) != os.devnull and path.exists():
            raise ConfigError(
                _("{file}: cannot read the config file: not a regular file").format(file=shown)
            )
        data = path.read_bytes()
    except FileNotFoundError:
        if os.environ.get(CONFIG_VAR):
            raise ConfigError(
                _("{file}: no such config file (named by {variable})").format(
                    file=shown, variable=CONFIG_VAR
                )
            ) from None
        return False, {}
    except OSError as error:
        raise ConfigError(
            _("{file}: cannot read the config file: {reason}").format(
                file=shown, reason=error.strerror or error
            )
        ) from None
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = data.count(b"\n", 0, error.start) + 1
        column = error.start - (data.rfind(b"\n", 0, error.start) + 1) + 1
        raise ConfigError(
            f"{shown}:{line}:{column}: "
            + _("not valid UTF-8 text (byte 0x{byte}); save the config file as UTF-8").format(
                byte=f"{data[error.start]:02x}"
            )
        ) from None
    import tomllib

    try:
        table = tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        line, column, message = _toml_error(error, text)
        raise ConfigError(
            f"{shown}:{line}:{column}: " + _("TOML syntax error: {message}").format(message=message)
        ) from None
    from tui.tomlkeys import top_level_keys

    places = top_level_keys(text)
    settings: dict[str, Setting[Any]] = {}
    for key, value in table.items():
        place = places.get(key)
        key_at = place.key if place else (1, 1)
        if key not in _CHECKS:
            raise ConfigError(f"{shown}:{key_at[0]}:{key_at[1]}: {_unknown(key)}")
        value_at = place.value if place and place.value else key_at
        where = f"'{key}'"
        if not isinstance(value, str):
            raise ConfigError(
                f"{shown}:{value_at[0]}:{value_at[1]}: "
                + _("{where} must be text in quotes, not {value}").format(
                    where=where, value=_show(value)
                )
            )
        try:
            checked_value = _CHECKS[key](value, where)
        except ValueError as error:
            raise ConfigError(f"{shown}:{value_at[0]}:{value_at[1]}: {error}") from None
        if key == "facts" and not checked_value.is_absolute():
            checked_value = path.parent / checked_value  # as written, relative to the file
        settings[key] = Setting(checked_value, "config", f"{shown}:{value_at[0]}:{value_at[1]}")
    return True, settings


def _unknown(key: str) -> str:
    from tui.safetext import safe_line

    message = _("unknown setting '{key}'").format(key=safe_line(key))
    import difflib  # here, not at every start

    near = difflib.get_close_matches(key, NAMES, n=1, cutoff=0.6)
    if near:
        message += _("; did you mean '{candidate}'?").format(candidate=near[0])
    return message + _(" (the settings are {names})").format(names=", ".join(NAMES))


def _toml_error(error: Exception, text: str) -> tuple[int, int, str]:
    """Line, column and message of a tomllib error (its message carries the place, as
    '... (at line 3, column 9)' or '... (at end of document)'; Python 3.14 adds fields)."""
    import re

    message = str(error)
    line = getattr(error, "lineno", None)
    column = getattr(error, "colno", None)
    match = re.fullmatch(r"(.*) \(at line (\d+), column (\d+)\)", message, re.DOTALL)
    if match:
        message = match.group(1)
        line, column = line or int(match.group(2)), column or int(match.group(3))
    elif message.endswith(" (at end of document)"):
        message = message.removesuffix(" (at end of document)")
    message = getattr(error, "msg", message)
    if line is None or column is None:
        line = text.count("\n") + 1
        column = len(text) - (text.rfind("\n") + 1) + 1
    return line, column, message[:1].lower() + message[1:]
