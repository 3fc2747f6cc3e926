"""The formats `facts export --format` writes, by name, each writer imported only when used
(the command line lists the names at every start)."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from tui.model import FactBase

FORMATS = ("json", "markdown", "html")


def export_text(
    format: str, base: FactBase, ids: list[str] | None = None, lang: str | None = None
) -> str:
    """The chosen entities (all of them when `ids` is empty) as one document."""
    if format == "json":
        from tui.render.json import to_json

        return to_json(base, ids, lang)
    if format == "markdown":
        from tui.render.markdown import to_markdown

        return to_markdown(base, ids, lang)
    if format == "html":
        from tui.render.html import to_html

        return to_html(base, ids, lang)
    raise ValueError(f"unknown format {format!r}")
