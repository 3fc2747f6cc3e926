"""The one renderer: entities and summaries as document blocks (tui.render.doc), turned into
Rich renderables for `facts show`, `facts summary` and the browser's detail pane
(tui.render.pages, tui.render.console), and written as Markdown, HTML and JSON by
`facts export` (tui.render.markdown, html, json).

Data is always put into `Text` objects or escaped by the writer, never into markup strings,
and every string from the fact base passes `tui.safetext` first, so no fact can style, link
or command the terminal.

`render_entity`, `render_summary` and `SummaryView` are imported from here on first use:
a command that only writes JSON, or only lists the export formats, never imports Rich.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from tui.render.pages import Page, SummaryView, render_entity, render_summary

__all__ = ["Page", "SummaryView", "render_entity", "render_summary"]


def __getattr__(name: str) -> Any:
    if name in __all__:
        from tui.render import pages

        return getattr(pages, name)
    raise AttributeError(f"module 'tui.render' has no attribute {name!r}")
