"""A whole document to hand on: the chosen entities (or the whole base with its summary),
grouped by kind, with one numbered source list at the end.

The document comes in parts, one entity's page at a time, so that a writer can put each part
out before the next is built: an export of 100 000 events then holds one page in memory, not
the whole document.  What a writer must know before the first part (which entities have a
section to link to, the title) is worked out from the ids alone.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from operator import itemgetter

from tui.i18n import N_, _, ngettext
from tui.model import AnyEntity, FactBase
from tui.order import EventOrder
from tui.render.doc import Block, Citations, Heading, Span, Title
from tui.render.entity import ORDER, EntityPage
from tui.render.summary import SummaryView, summary_blocks

SECTION = {
    "event": N_("Events"),
    "participant": N_("Participants"),
    "theme": N_("Themes"),
    "place": N_("Places"),
    "source": N_("Source documents"),
}


def chosen(
    base: FactBase, ids: Iterable[str] | None, order: EventOrder | None = None
) -> list[AnyEntity]:
    """Events in date order (a briefing reads as a story), the rest in file order."""
    found = (base.get(entity_id) for _, entity_id in chosen_ids(base, ids, order))
    return [entity for entity in found if entity is not None]


def chosen_ids(
    base: FactBase, ids: Iterable[str] | None, order: EventOrder | None = None
) -> list[tuple[str, str]]:
    """The (entity type, id) of `chosen`, in its order, without holding the entities: a
    stored base orders its events from the facts it keeps of each file and names the rest
    from their ids, without decoding any (an export of 100 000 events then decodes each
    entity once, on its page, and holds one page's entities, not the base)."""
    wanted = set(ids) if ids else None
    if base.stored:
        from tui.store.reader import StoredBase

        if isinstance(base, StoredBase):  # ordered from the stored facts: nothing decoded
            return [
                *(("event", i) for i in base.events_in_order() if wanted is None or i in wanted),
                *_others(base, wanted),
            ]
    key = (order or EventOrder(base)).key
    events = [(key(e), e.id) for e in base.events if wanted is None or e.id in wanted]
    events.sort(key=itemgetter(0))  # stable: the file order among equal keys, as `sorted`
    return [*(("event", entity_id) for _, entity_id in events), *_others(base, wanted)]


_KINDS = sorted(
    {
        "participant": "participants",
        "theme": "themes",
        "place": "places",
        "source": "sources",
    }.items(),
    key=lambda kind: ORDER[kind[0]],
)
"""The kinds after the events, in the order of `ORDER`, with their collections."""


def _others(base: FactBase, wanted: set[str] | None) -> list[tuple[str, str]]:
    """The entities that are not events, kind by kind (`ORDER`), each kind in file order;
    a stored base names them from its ids alone."""

    def decoding(name: str) -> list[str]:
        return [e.id for e in base.collection(name)]

    ids_of: Callable[[str], list[str]] = decoding
    if base.stored:
        from tui.store.reader import StoredBase

        if isinstance(base, StoredBase):
            ids_of = base.ids_of
    return [
        (kind, entity_id)
        for kind, name in _KINDS
        for entity_id in ids_of(name)
        if wanted is None or entity_id in wanted
    ]


@dataclass(frozen=True)
class Document:
    """A document ready to be written: `parts` yields its blocks a page at a time (once)."""

    anchors: frozenset[str]
    """The entity ids the document has a section for: links to them can jump there."""
    title: str
    """What a browser's tab says: the one entity's name, else "Facts"."""
    parts: Iterator[list[Block]]


def document(base: FactBase, ids: Iterable[str] | None = None, lang: str | None = None) -> Document:
    ids = list(ids) if ids else None
    order = EventOrder(base)
    entities = chosen_ids(base, ids, order)
    single = base.get(ids[0]) if ids and len(ids) == 1 else None
    title = (
        _("{name} — Facts").format(name=single.label(lang)) if single is not None else _("Facts")
    )
    return Document(
        frozenset(entity_id for _, entity_id in entities),
        title,
        _parts(base, entities, not ids, lang, order),
    )


PREFETCH = 256
"""How many of the next pages' entities a stored base reads in one query."""


def _parts(
    base: FactBase,
    entities: list[tuple[str, str]],
    whole: bool,
    lang: str | None,
    order: EventOrder,
) -> Iterator[list[Block]]:
    count = len(entities)
    subtitle = (
        _("the whole fact base")
        if whole
        else ngettext("{count} entity", "{count} entities", count).format(count=count)
    )
    head: list[Block] = [Title((Span(_("Facts"), "strong"),), (Span(subtitle, "muted"),))]
    if whole:
        summary = summary_blocks(base, SummaryView(top=0), lang, order)
        head.append(Heading(_("Summary"), 2))
        head.extend(_deeper(summary[1:]))
    yield head
    cites = Citations()
    page = EntityPage(base, lang, cites, order=order)  # one builder: its caches serve all
    # the events come first: the theme and place pages list them from what their own pages
    # kept (`EntityPage.listed_about`), without decoding them again
    page.ranked = {
        entity_id: at for at, (kind, entity_id) in enumerate(entities) if kind == "event"
    }
    current = ""
    for at, (kind, entity_id) in enumerate(entities):
        if at % PREFETCH == 0:
            base.prefetch(i for _, i in entities[at : at + PREFETCH])
        entity = base.get(entity_id)
        if entity is None:  # a stored base reads what it listed a moment ago
            continue
        blocks: list[Block] = []
        if kind != current:
            current = kind
            page.starting(kind)
            blocks.append(Heading(_(SECTION[current]), 2))
        blocks.extend(page.build(entity, level=3))
        yield blocks
    yield list(cites.block(base, lang))


def document_blocks(
    base: FactBase, ids: Iterable[str] | None = None, lang: str | None = None
) -> list[Block]:
    """The whole document at once (for callers that want the blocks, not the text)."""
    return [block for part in document(base, ids, lang).parts for block in part]


def _deeper(blocks: list[Block]) -> list[Block]:
    return [Heading(b.text, b.level + 1) if isinstance(b, Heading) else b for b in blocks]


def anchors(blocks: Iterable[Block]) -> frozenset[str]:
    """The entity ids a document has a section for: links to them can jump there."""
    return frozenset(b.anchor for b in blocks if isinstance(b, Title) and b.anchor)
