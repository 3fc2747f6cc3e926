"""The formats `facts export --format` writes, by name, each writer imported only when used
(the command line lists the names at every start)."""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from tui.model import FactBase

FORMATS = ("json", "markdown", "html", "graphml", "gexf", "csv")
STREAMED = ("graphml", "gexf", "csv")
"""Formats whose writers hand out pieces as they go (who met whom: tui.render.network)."""


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


def export_pieces(
    format: str, base: FactBase, ids: list[str] | None = None, lang: str | None = None
) -> Iterable[str]:
    """The document as pieces to write one after another: a streamed format's as it is
    made, the others' whole.  A selection the format cannot take is refused here, before
    any piece (ValueError)."""
    if format == "graphml":
        from tui.render.graphml import to_graphml

        return to_graphml(base, ids, lang)
    if format == "gexf":
        from tui.render.gexf import to_gexf

        return to_gexf(base, ids, lang)
    if format == "csv":
        from tui.render.csvfile import to_csv

        return to_csv(base, ids, lang)
    return (export_text(format, base, ids, lang),)
