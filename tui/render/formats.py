"""The formats `facts export --format` writes, by name, each writer imported only when used
(the command line lists the names at every start)."""

from __future__ import annotations

import io
from collections.abc import Iterable
from typing import TYPE_CHECKING

from tui.output import Output

if TYPE_CHECKING:
    from tui.model import FactBase

FORMATS = ("json", "markdown", "html", "graphml", "gexf", "csv")
STREAMED = ("graphml", "gexf", "csv")
"""Formats whose writers hand out pieces as they go (who met whom: tui.render.network)."""
PAGED = ("markdown", "html")
"""Formats made of pages (`tui.render.document`), which walk without the bounded memo."""


def export(
    format: str,
    base: FactBase,
    out: Output,
    ids: list[str] | None = None,
    lang: str | None = None,
) -> None:
    """The chosen entities (all of them when `ids` is empty) as one document, written to
    `out` an entity at a time: nothing holds the whole document.  The cycle collector is
    paused meanwhile: the pages are made of millions of small tuples that reference
    counting frees (no cycles), and the collector would walk the base and the writers'
    caches again and again while they pile up (a third of a Markdown export's time).

    The formats that read each entity once walk with a bounded memo (`base.walking()`):
    what was decoded is let go as the walk moves on.  Markdown and HTML do not: a theme's
    or place's page lists its events from what each event's own page kept of it
    (`tui.render.entity.Listed`), but a participant's page reads its events and its trips'
    trees again, and under the bound those were decoded over and over (at 100 000 events
    528 s of CPU instead of about 250 s, for a peak of 555 MB instead of about 750 MB).
    Until *Met* and *Same trip* are worked out from stored ids, the faster walk wins."""
    from contextlib import nullcontext

    from tui.collector import collector_paused

    walk = nullcontext() if format in PAGED else base.walking()
    with collector_paused(), walk:
        _export(format, base, out, ids, lang)


def _export(
    format: str, base: FactBase, out: Output, ids: list[str] | None, lang: str | None
) -> None:
    if format == "json":
        from tui.render.json import write_json

        write_json(base, out, ids, lang)
    elif format == "markdown":
        from tui.render.document import document
        from tui.render.markdown import write_markdown

        write_markdown(document(base, ids, lang), out)
    elif format == "html":
        from tui.render.document import document
        from tui.render.html import write_html

        write_html(document(base, ids, lang), out, lang)
    elif format in STREAMED:
        for piece in export_pieces(format, base, ids, lang):
            out.write(piece)
    else:
        raise ValueError(f"unknown format {format!r}")


def export_text(
    format: str, base: FactBase, ids: list[str] | None = None, lang: str | None = None
) -> str:
    """The same document as one string (for the browser and the tests)."""
    out = io.StringIO(newline="")
    export(format, base, out, ids, lang)
    return out.getvalue()


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
