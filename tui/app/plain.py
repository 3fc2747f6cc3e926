"""An entity as plain text, for the clipboard: what `facts show` prints, without colour."""

from __future__ import annotations

import io

from rich.console import Console

from tui.model import FactBase
from tui.render import render_entity
from tui.render.longlists import MOST_LISTED


def plain_summary(base: FactBase, entity_id: str, lang: str | None = None, width: int = 80) -> str:
    buffer = io.StringIO()
    console = Console(
        file=buffer,
        width=width,
        color_system=None,
        force_terminal=False,
        no_color=True,
        highlight=False,
        emoji=False,
    )
    # as `facts show` prints it: long sections cut, with the commands that list all
    console.print(render_entity(base, entity_id, lang, most=MOST_LISTED))
    return "\n".join(line.rstrip() for line in buffer.getvalue().splitlines()).strip() + "\n"
