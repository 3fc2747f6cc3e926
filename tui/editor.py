"""Opening a fact file in the user's editor at a line, with each editor's own convention.

The editor is the setting `editor` (tui.config: FACTS_EDITOR, the config file, VISUAL,
EDITOR, else vi), split like a shell line, so `code --wait` works.  Which convention it
follows is told by the program's name, without its folder or `.exe`.
"""

from __future__ import annotations

import os
import subprocess
from collections.abc import Sequence
from pathlib import Path

from tui.i18n import _

__all__ = ["GOTO", "LINE_FIRST", "NAME_COLON", "EditorError", "editor_argv", "run_editor"]

LINE_FIRST = frozenset(
    {
        "vi",
        "vim",
        "nvim",
        "nano",
        "emacs",
        "micro",
        "kak",
        "hx",
        "joe",
        "ne",
        # the same programs under other names
        "view",
        "gvim",
        "mvim",
        "vim.basic",
        "vim.tiny",
        "vim.nox",
        "vim.gtk3",
        "nvi",
        "emacsclient",
        "helix",
        "rnano",
    }
)
"""Editors that take `+LINE FILE`."""
GOTO = frozenset({"code", "codium", "code-insiders", "code-oss", "vscodium"})
"""Editors that take `--goto FILE:LINE`."""
NAME_COLON = frozenset({"subl", "sublime_text"})
"""Editors that take `FILE:LINE`."""


class EditorError(Exception):
    """The editor could not be started; the message is the whole answer."""


def program_name(word: str) -> str:
    name = os.path.basename(word)
    return name[:-4] if name.lower().endswith(".exe") else name


def editor_argv(editor: Sequence[str], path: Path, line: int) -> list[str]:
    """The command line that opens `path` at `line` in `editor` (its words)."""
    name = program_name(editor[0])
    file = str(path)
    if file.startswith(("-", "+")):
        file = os.path.join(".", file)  # a file name is never read as an option
    if name in LINE_FIRST:
        return [*editor, f"+{line}", file]
    if name in GOTO:
        return [*editor, "--goto", f"{file}:{line}"]
    if name in NAME_COLON:
        return [*editor, f"{file}:{line}"]
    return [*editor, file]


def run_editor(argv: Sequence[str]) -> int:
    """Run the editor in this terminal and wait for it; its exit code (128 + the signal
    when a signal ended it).  Ctrl-C goes to the editor, as with git: facts keeps waiting
    for it rather than ending under an editor that uses the key.  Raises EditorError when
    it cannot start."""
    try:
        process = subprocess.Popen(list(argv))
    except FileNotFoundError:
        raise EditorError(_("is not installed (or not on PATH)")) from None
    except PermissionError:
        raise EditorError(_("cannot be run (permission denied)")) from None
    except OSError as error:
        raise EditorError(
            _("cannot be started: {reason}").format(reason=error.strerror or error)
        ) from None
    while True:
        try:
            code = process.wait()
            break
        except KeyboardInterrupt:
            continue  # the editor got the Ctrl-C too, and decides
    return 128 - code if code < 0 else code
