"""Whether a command's output is plain text (a pipe, a file) and how wide, told without Rich.

Rich is imported for output to a terminal, where it styles and pages.  Output to a pipe or a
file gets the same text from a plain writer, and for that the program must know, before
importing Rich, what Rich would decide: `plain_width` answers as `rich.console.Console`
does for the console `tui.commands.common.make_console` makes (a test compares the two
over the environment variables Rich reads), and answers None wherever it is not sure, so
that the caller goes through Rich as before.
"""

from __future__ import annotations

import argparse
import os
import sys
from typing import TextIO

from tui.output import is_terminal

_STREAMS = (0, 1, 2)
"""Where Rich looks for the terminal's size, in this order (also when writing to a pipe)."""


def plain_width(args: argparse.Namespace, stream: TextIO) -> int | None:
    """The width Rich would wrap at when `stream` is not a terminal for Rich and gets UTF-8,
    and the output is not to be paged; None otherwise (then print through Rich)."""
    if sys.platform == "win32" or getattr(args, "pager", None):
        return None
    environ = os.environ
    compatible = environ.get("TTY_COMPATIBLE", "")
    if compatible == "1" or (compatible != "0" and environ.get("FORCE_COLOR")):
        return None  # Rich takes it for a terminal
    if compatible != "0" and "FORCE_COLOR" not in environ and is_terminal(stream):
        return None
    if not (getattr(stream, "encoding", None) or "utf-8").lower().startswith("utf"):
        return None  # Rich would write ASCII stand-ins
    width: int | None = getattr(args, "width", None)
    if width is not None:
        return width
    columns = environ.get("COLUMNS")
    if columns is not None and columns.isdigit():
        return int(columns) or 80
    for descriptor in _STREAMS:
        try:
            found = os.get_terminal_size(descriptor).columns
        except (AttributeError, ValueError, OSError):
            continue
        return found or 80
    return 80
