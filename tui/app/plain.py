"""An entity as plain text, for the clipboard: what `facts show` prints, without colour."""

from __future__ import annotations

import io

from rich.console import Console

from tui.model import FactBase
from tui.render import render_entity


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
    console.print(render_entity(base, entity_id, lang))
    return "\n".join(line.rstrip() for line in buffer.getvalue().splitlines()).strip() + "\n"
