"""Rich renderables for entities: printed by `facts show`, shown in the browser's detail pane.

Placeholder with the final entry point; the summaries issue fills in the full layout. Data is
always put into `Text` objects, never into markup strings.
"""

from __future__ import annotations

from rich.console import Group, RenderableType
from rich.text import Text

from tui.model import FactBase


def render_entity(base: FactBase, entity_id: str, lang: str | None = None) -> RenderableType:
    entity = base.get(entity_id)
    if entity is None:
        return Text(f"unknown id {entity_id!r}")
    title = Text(entity.label(lang), style="bold")
    lines: list[RenderableType] = [title, Text(f"{entity.entity_type} · {entity.id}", style="dim")]
    if entity.description:
        lines.append(Text(entity.description.get(lang)))
    return Group(*lines)
