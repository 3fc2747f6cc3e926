"""A whole document to hand on: the chosen entities (or the whole base with its summary),
grouped by kind, with one numbered source list at the end."""

from __future__ import annotations

from collections.abc import Iterable

from tui.model import AnyEntity, FactBase
from tui.render.doc import Block, Citations, Heading, Span, Title
from tui.render.entity import ORDER, EntityPage, EventOrder
from tui.render.summary import SummaryView, summary_blocks

SECTION = {
    "event": "Events",
    "participant": "Participants",
    "theme": "Themes",
    "place": "Places",
    "source": "Source documents",
}


def chosen(base: FactBase, ids: Iterable[str] | None) -> list[AnyEntity]:
    """Events in date order (a briefing reads as a story), the rest in file order."""
    wanted = set(ids) if ids else None
    events = [e for e in EventOrder(base)(base.events) if wanted is None or e.id in wanted]
    others = [e for e in base if e.entity_type != "event" and (wanted is None or e.id in wanted)]
    return sorted([*events, *others], key=lambda e: ORDER[e.entity_type])


def document_blocks(
    base: FactBase, ids: Iterable[str] | None = None, lang: str | None = None
) -> list[Block]:
    entities = chosen(base, ids)
    whole = not ids
    count = len(entities)
    subtitle = "the whole fact base" if whole else f"{count} entit{'ies' if count != 1 else 'y'}"
    blocks: list[Block] = [Title((Span("Facts", "strong"),), (Span(subtitle, "muted"),))]
    if whole:
        summary = summary_blocks(base, SummaryView(top=0), lang)
        blocks.append(Heading("Summary", 2))
        blocks.extend(_deeper(summary[1:]))
    cites = Citations()
    page = EntityPage(base, lang, cites)  # one page builder: its indexes serve every entity
    current = ""
    for entity in entities:
        if entity.entity_type != current:
            current = entity.entity_type
            blocks.append(Heading(SECTION[current], 2))
        blocks.extend(page.build(entity, level=3))
    blocks.extend(cites.block(base, lang))
    return blocks


def _deeper(blocks: list[Block]) -> list[Block]:
    return [Heading(b.text, b.level + 1) if isinstance(b, Heading) else b for b in blocks]


def anchors(blocks: Iterable[Block]) -> frozenset[str]:
    """The entity ids a document has a section for: links to them can jump there."""
    return frozenset(b.anchor for b in blocks if isinstance(b, Title) and b.anchor)
