"""The config file and the settings: precedence, `facts config`, and every kind of mistake
answered as `config.toml:line:column: message` with exit 2."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tui.cli import main
from tui.config import load_settings
from tui.tomlkeys import KeyPlace, top_level_keys

ROOT = Path(__file__).resolve().parent.parent
HOSTILE = ROOT / "tests" / "hostile" / "base"


@pytest.fixture
def config(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The config file the program reads (through XDG_CONFIG_HOME), not yet written."""
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "xdg"))
    for name in ("VISUAL", "EDITOR", "PAGER", "FACTS_PATH"):
        monkeypatch.delenv(name, raising=False)
    path = tmp_path / "xdg" / "facts" / "config.toml"
    path.parent.mkdir(parents=True)
    return path


def settings_json(capsys: pytest.CaptureFixture[str], *args: str) -> dict:
    assert main([*args, "config", "--json"]) == 0
    return json.loads(capsys.readouterr().out)["settings"]


def test_defaults_without_a_config_file(config: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["config"]) == 0
    out = capsys.readouterr().out
    assert out == (
        f"facts    {ROOT / 'facts'}  default (the shipped fact base)\n"
        f"lang     (not set){' ' * (len(str(ROOT / 'facts')) - 9)}  default (each name in "
        "its own language)\n"
        # the locale's language (tests/conftest.py sets LC_MESSAGES)
        f"ui_lang  en{' ' * (len(str(ROOT / 'facts')) - 2)}  locale LC_MESSAGES=en_US.UTF-8\n"
        f"theme    dark{' ' * (len(str(ROOT / 'facts')) - 4)}  default\n"
        f"editor   vi{' ' * (len(str(ROOT / 'facts')) - 2)}  default\n"
        f"pager    less{' ' * (len(str(ROOT / 'facts')) - 4)}  default\n"
        f"\nconfig file: {config} (not there; create it to set defaults)\n"
    )


def test_the_config_file_sets_every_setting(
    config: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    config.write_text(
        '# my settings\nfacts = "my-base"\nlang = "ja"\nui_lang = "de"\ntheme = "light"\n'
        'editor = "code --wait"\npager = "less -S"\n',
        encoding="utf-8",
    )
    shown = settings_json(capsys)
    assert shown == {
        "facts": {
            "value": str(config.parent / "my-base"),
            "source": "config",
            "origin": f"{config}:2:9",
        },
        "lang": {"value": "ja", "source": "config", "origin": f"{config}:3:8"},
        "ui_lang": {"value": "de", "source": "config", "origin": f"{config}:4:11"},
        "theme": {"value": "light", "source": "config", "origin": f"{config}:5:9"},
        "editor": {"value": "code --wait", "source": "config", "origin": f"{config}:6:10"},
        "pager": {"value": "less -S", "source": "config", "origin": f"{config}:7:9"},
    }
    settings_now = load_settings()
    assert settings_now.editor_command() == ["code", "--wait"]
    assert settings_now.pager_command() == ["less", "-S"]
    assert settings_now.ui_lang.value == "de"
    assert main(["config"]) == 0
    assert f"theme    light{' ' * 20}"[:15] in capsys.readouterr().out


def test_flags_beat_the_environment_which_beats_the_file(
    config: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    config.write_text(f'facts = "{HOSTILE}"\nlang = "ja"\n', encoding="utf-8")
    assert settings_json(capsys)["lang"]["value"] == "ja"
    monkeypatch.setenv("FACTS_LANG", "de")
    monkeypatch.setenv("FACTS_PATH", str(ROOT / "facts"))
    shown = settings_json(capsys)
    assert shown["lang"] == {"value": "de", "source": "environment", "origin": "FACTS_LANG"}
    assert shown["facts"]["source"] == "environment"
    shown = settings_json(capsys, "--facts", str(HOSTILE))
    assert shown["facts"] == {"value": str(HOSTILE), "source": "flag", "origin": "--facts"}
    assert main(["config", "--lang", "en", "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["settings"]["lang"]["source"] == "flag"


def test_the_config_file_chooses_the_base_and_the_language(
    config: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    config.write_text(f'facts = "{HOSTILE}"\nlang = "ja"\n', encoding="utf-8")
    assert main(["check"]) == 0
    assert capsys.readouterr().out.startswith("OK: 5 files, 2 events")
    config.write_text('lang = "ja"\n', encoding="utf-8")
    assert main(["show", "city-of-koriyama", "--no-pager"]) == 0
    assert capsys.readouterr().out.startswith("郡山市")
    assert main(["show", "city-of-koriyama", "--no-pager", "--lang", "en"]) == 0
    assert capsys.readouterr().out.startswith("City of Koriyama")


def test_editor_and_pager_follow_gits_order(
    config: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """FACTS_EDITOR, then the config file, then VISUAL, then EDITOR, then vi."""
    monkeypatch.setenv("EDITOR", "nano")
    assert settings_json(capsys)["editor"]["origin"] == "EDITOR"
    monkeypatch.setenv("VISUAL", "emacs")
    assert settings_json(capsys)["editor"]["value"] == "emacs"
    config.write_text('editor = "hx"\npager = "most"\n', encoding="utf-8")
    monkeypatch.setenv("PAGER", "more")
    shown = settings_json(capsys)
    assert shown["editor"]["value"] == "hx" and shown["pager"]["value"] == "most"
    monkeypatch.setenv("FACTS_EDITOR", "vim -n")
    assert settings_json(capsys)["editor"] == {
        "value": "vim -n",
        "source": "environment",
        "origin": "FACTS_EDITOR",
    }


def on_a_terminal(args: list[str], env: dict[str, str]) -> tuple[int, str]:
    """Run `facts` with a pseudo-terminal as stdin and stdout; its exit code and output."""
    import pty

    master, slave = pty.openpty()
    process = subprocess.Popen(
        [sys.executable, "-m", "tui", *args],
        stdin=slave,
        stdout=slave,
        stderr=subprocess.PIPE,
        env={**os.environ, **env},
    )
    os.close(slave)
    chunks = []
    while True:
        try:
            chunk = os.read(master, 65536)
        except OSError:  # the other side is closed
            break
        if not chunk:
            break
        chunks.append(chunk)
    os.close(master)
    assert process.stderr is not None
    error = process.stderr.read().decode()
    assert process.wait(timeout=60) == 0, error
    return process.returncode, b"".join(chunks).decode("utf-8", "replace")


def test_the_pager_of_the_settings_pages(
    config: Path, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    seen = tmp_path / "paged.txt"
    config.write_text(f'pager = "tee {seen}"\n', encoding="utf-8")
    env = {"XDG_CONFIG_HOME": str(config.parent.parent), "LINES": "10", "COLUMNS": "80"}
    _, shown = on_a_terminal(["show", "thomas-kufen"], env)
    assert "Thomas Kufen" in shown
    assert "Thomas Kufen" in seen.read_text(encoding="utf-8")  # it went through the pager
    config.write_text('pager = "no-such-pager-here"\n', encoding="utf-8")
    assert main(["show", "thomas-kufen", "--pager"]) == 0
    captured = capsys.readouterr()
    assert captured.out.startswith("Thomas Kufen")
    assert captured.err == (
        f"facts: the pager 'no-such-pager-here' ({config}:1:9) is not "
        "installed; printing without it\n"
    )


def test_the_theme_reaches_the_browser(
    config: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    from tui.app.app import FactsApp
    from tui.commands import browse

    themes: list[str] = []
    monkeypatch.setattr(browse, "_not_a_terminal", lambda: "")
    monkeypatch.setattr(FactsApp, "run", lambda app: themes.append(app.theme) or 0)
    config.write_text('theme = "light"\n', encoding="utf-8")
    assert main(["browse"]) == 0
    monkeypatch.setenv("FACTS_THEME", "dark")
    assert main([]) == 0
    assert themes == ["textual-light", "textual-dark"]


async def test_a_theme_set_before_the_start_stays(shipped_path: Path) -> None:
    from tui.app.app import FactsApp

    app = FactsApp(shipped_path, watch_interval=None)
    app.theme = "textual-light"
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert app.current_theme.dark is False


# -- mistakes -------------------------------------------------------------------------------


def config_error(config: Path, text: str | bytes, capsys: pytest.CaptureFixture[str]) -> str:
    if isinstance(text, bytes):
        config.write_bytes(text)
    else:
        config.write_text(text, encoding="utf-8")
    assert main(["check"]) == 2
    captured = capsys.readouterr()
    assert captured.out == ""
    return captured.err.removeprefix(str(config))


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ('theme = "dark"\nlang = "ja\n', ":2:11: TOML syntax error: illegal character '\\n'"),
        ('theme = "dark"\ntheme = "light"\n', ":2:16: TOML syntax error: cannot overwrite a value"),
        ("theme = \n", ":1:9: TOML syntax error: invalid value"),
        (
            'lang = "de"\ncolour = "blue"\n',
            ":2:1: unknown setting 'colour' (the settings are facts, lang, ui_lang, theme, "
            "editor, pager)",
        ),
        (
            'them = "dark"\n',
            ":1:1: unknown setting 'them'; did you mean 'theme'? (the settings "
            "are facts, lang, ui_lang, theme, editor, pager)",
        ),
        (
            'lang = "de"\n\n[browser]\ntheme = "dark"\n',
            ":3:2: unknown setting 'browser' (the settings are facts, lang, ui_lang, theme, "
            "editor, pager)",
        ),
        (
            '"pa ger" = "less"\n',
            ":1:1: unknown setting 'pa ger'; did you mean 'pager'? (the "
            "settings are facts, lang, ui_lang, theme, editor, pager)",
        ),
        ('theme = "blue"\n', ':1:9: \'theme\' must be "dark" or "light", not "blue"'),
        ("lang = 5\n", ":1:8: 'lang' must be text in quotes, not the number 5"),
        (
            'editor = "vim \'unclosed"\n',
            ":1:10: 'editor' is not a command line (No closing quotation): \"vim 'unclosed\"",
        ),
        ('pager = ""\n', ":1:9: 'pager' is empty; give a command such as \"vi\""),
        ('facts = ""\n', ":1:9: 'facts' is empty; give a folder of fact files or one file"),
        ('theme.colour = "dark"\n', ":1:1: 'theme' must be text in quotes, not a table"),
        (
            'editor = """\nvi\ntheme = "x"\n"""\ntheme = ["dark"]\n',
            ":5:9: 'theme' must be text in quotes, not a list",
        ),
        ('ui_lang = "fr"  # French\n', ':1:11: \'ui_lang\' must be "de", "en" or "ja", not "fr"'),
        (
            b'theme = "d\xfcrk"\n',
            ":1:11: not valid UTF-8 text (byte 0xfc); save the config file as UTF-8",
        ),
    ],
    ids=[
        "syntax",
        "twice",
        "no-value",
        "unknown",
        "did-you-mean",
        "table",
        "quoted-key",
        "wrong-choice",
        "number",
        "bad-command",
        "empty-pager",
        "empty-facts",
        "dotted",
        "after-a-multiline-string",
        "fr",
        "latin1",
    ],
)
def test_a_mistake_in_the_config_file_is_located(
    config: Path, capsys: pytest.CaptureFixture[str], text: str | bytes, message: str
) -> None:
    assert config_error(config, text, capsys) == message + "\n"


def test_a_broken_config_file_never_shows_a_traceback(config: Path) -> None:
    config.write_text("[[theme]]\nx = 1\n", encoding="utf-8")
    done = subprocess.run(
        [sys.executable, "-m", "tui", "summary"],
        capture_output=True,
        text=True,
        timeout=60,
        env={**os.environ, "XDG_CONFIG_HOME": str(config.parent.parent)},
    )
    assert done.returncode == 2
    assert done.stdout == ""
    assert done.stderr == f"{config}:1:3: 'theme' must be text in quotes, not a list\n"


def test_a_config_file_that_cannot_be_read(
    config: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path,
) -> None:
    config.mkdir()
    assert main(["check"]) == 2
    assert capsys.readouterr().err == (
        f"{config}: cannot read the config file: not a regular file\n"
    )
    monkeypatch.setenv("FACTS_CONFIG", str(tmp_path / "missing.toml"))
    assert main(["check"]) == 2
    assert capsys.readouterr().err == (
        f"{tmp_path / 'missing.toml'}: no such config file (named by FACTS_CONFIG)\n"
    )
    monkeypatch.setenv("FACTS_CONFIG", os.devnull)  # the way to ignore one's config
    assert main(["check"]) == 0


def test_a_wrong_value_in_the_environment_is_a_usage_error(
    config: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("FACTS_THEME", "blue")
    assert main(["check"]) == 2
    assert capsys.readouterr().err == 'facts: FACTS_THEME must be "dark" or "light", not "blue"\n'


def test_help_states_the_precedence(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit):
        main(["--help"])
    out = capsys.readouterr().out
    assert "settings (each taken from the first place that sets it):\n  1. flags" in out
    assert "3. the config file $XDG_CONFIG_HOME/facts/config.toml" in out


# -- the key scanner, against documents whose key places are known -------------------------

_bare = st.from_regex(r"[A-Za-z0-9_-]{1,8}", fullmatch=True)
_tricky_text = st.sampled_from(
    ["a = 1", "[t]", "#", "'", '"', 'x\\"y', '"""', "'''", "]", "{", "é", "日本", "\\\\", "= ["]
)


@st.composite
def _value(draw: st.DrawFn) -> str:
    kind = draw(
        st.sampled_from(
            ["basic", "literal", "ml-basic", "ml-literal", "int", "array", "inline", "date", "bool"]
        )
    )
    text = "".join(draw(st.lists(_tricky_text, max_size=3)))
    if kind == "basic":
        return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'
    if kind == "literal":
        return "'" + text.replace("'", "") + "'"
    if kind == "ml-basic":
        return '"""\n' + text.replace("\\", "\\\\").replace('"', '\\"') + '\nline"""'
    if kind == "ml-literal":
        return "'''" + text.replace("'", "") + "\n'''"
    if kind == "int":
        return str(draw(st.integers()))
    if kind == "array":
        return '[\n  1, # a comment with = and [\n  "]", [2, "#"],\n]'
    if kind == "inline":
        return '{ a = "}", b = [1] }'
    if kind == "date":
        return "1979-05-27 07:32:00Z"
    return "true"


@st.composite
def _document(draw: st.DrawFn) -> tuple[str, dict[str, KeyPlace]]:
    """A valid TOML text and where each of its top-level keys (and direct values) starts."""
    keys = draw(st.lists(_bare, min_size=1, max_size=6, unique=True))
    text = ""
    expected: dict[str, KeyPlace] = {}
    for key in keys:
        if draw(st.booleans()):
            text += "# comment = [x]\n"
        indent = " " * draw(st.integers(0, 2))
        style = draw(st.sampled_from(["bare", "basic", "literal", "dotted"]))
        spelled = {
            "bare": key,
            "basic": f'"{key}"',
            "literal": f"'{key}'",
            "dotted": f"{key} . inner",
        }[style]
        line = text.count("\n") + 1
        head = f"{indent}{spelled} = "
        value_place = (line, len(head) + 1) if style != "dotted" else None
        expected[key] = KeyPlace((line, len(indent) + 1), value_place)
        text += head + draw(_value()) + "\n"
    table = draw(st.sampled_from(["", "[section]", "[[items]]", "[ 'quoted' . sub ]"]))
    if table:
        name = {"[section]": "section", "[[items]]": "items"}.get(table, "quoted")
        column = {"[section]": 2, "[[items]]": 3}.get(table, 3)
        expected[name] = KeyPlace((text.count("\n") + 1, column), None)
        text += f'{table}\nlater = "not top level"\n'
    return text, expected


@settings(
    max_examples=200, deadline=None, derandomize=True, suppress_health_check=[HealthCheck.too_slow]
)
@given(_document())
def test_the_scanner_finds_every_top_level_key(document: tuple[str, dict[str, KeyPlace]]) -> None:
    text, expected = document
    parsed = tomllib.loads(text)  # the generated document is valid TOML
    found = top_level_keys(text)
    assert set(found) == set(parsed) == set(expected)
    assert found == expected, text
