"""Every entity the detail pane can lead to, both ways: the links an entity holds and the
backlinks the base derives (events of a participant, narrower themes, citing entities…).

Free of Textual; the detail pane shows these as a list that Enter or a click follows.
"""

from __future__ import annotations

from dataclasses import dataclass

from tui.i18n import N_, _, term
from tui.model import Event, FactBase, Participant, Place, Source, Theme, outgoing_links

RELATION_LABELS: dict[str, str] = {
    "part_of": "part of",
    "place": "place",
    "themes": "theme",
    "broader": "broader",
    "country": "country",
    "seat": "seat",
    "parent": "belongs to",
    "offices": "office at",
    "affiliations": "member of",
}

UPWARD: dict[str, tuple[str, str]] = {
    "event": ("part of", "within"),
    "place": ("part of", "within"),
    "theme": ("broader", "broader still"),
    "participant": ("belongs to", "within"),
    "source": ("", ""),
}
"""How the first and the further steps up an entity's hierarchy are named."""

PROGRAM_RELATIONS: frozenset[str] = frozenset(
    (
        N_("part of"),
        N_("place"),
        N_("theme"),
        N_("broader"),
        N_("country"),
        N_("seat"),
        N_("belongs to"),
        N_("office at"),
        N_("member of"),
        N_("within"),
        N_("broader still"),
        N_("part"),
        N_("participant"),
        N_("narrower"),
        N_("contains"),
        N_("unit"),
        N_("based here"),
        N_("member"),
        N_("event"),
        N_("cited by"),
        N_("source"),
    )
)
"""The relations named by the program (translated where shown); a participant's role is the
data's own word and is shown as written."""


def relation_text(link: Link) -> str:
    if link.role:
        return term(link.relation)  # the data's word, in the reader's words where known
    return _(link.relation) if link.relation in PROGRAM_RELATIONS else link.relation


@dataclass(frozen=True, slots=True)
class Link:
    relation: str
    id: str
    role: bool = False
    """Whether `relation` is a role from the data (shown as written, not translated)."""


def links_of(base: FactBase, entity_id: str) -> list[Link]:
    """Links in reading order: up the hierarchy, the entity's own links, what points back
    to it, then its sources (so that where a fact comes from is always one step away)."""
    entity = base.get(entity_id)
    if entity is None:
        return []
    out: list[Link] = []
    ancestors = base.ancestors(entity_id)
    up, further = UPWARD[entity.entity_type]
    out.extend(Link(up if i == 0 else further, a.id) for i, a in enumerate(ancestors))
    hierarchy = {a.id for a in ancestors[:1]}
    if isinstance(entity, Event):
        out.extend(Link("part", part.id) for part in base.parts_of(entity_id))
        for participation in entity.participants:
            role = participation.role.strip()
            out.append(
                Link(role, participation.participant, True)
                if role
                else Link("participant", participation.participant)
            )
    for field, target in outgoing_links(entity):
        if field == "participants" or (
            field in ("part_of", "broader", "parent") and target in hierarchy
        ):
            continue
        out.append(Link(RELATION_LABELS.get(field, field.replace("_", " ")), target))
    if isinstance(entity, Theme | Place | Participant):
        child = {"theme": "narrower", "place": "contains", "participant": "unit"}
        out.extend(Link(child[entity.entity_type], c.id) for c in base.children_of(entity_id))
    if isinstance(entity, Place):
        out.extend(
            Link("based here", r.id)
            for r in base.referrers(entity_id)
            if isinstance(r, Participant)
        )
    if isinstance(entity, Participant):
        out.extend(
            Link("member", r.id)
            for r in base.referrers(entity_id)
            if isinstance(r, Participant) and entity_id in r.affiliations
        )
    if isinstance(entity, Participant | Theme | Place):
        out.extend(Link("event", e.id) for e in base.events_of(entity_id))
    if isinstance(entity, Participant):
        out.extend(Link("theme", t.id) for t in base.themes_of(entity_id))
    if isinstance(entity, Theme):
        out.extend(Link("participant", p.id) for p in base.participants_of_theme(entity_id))
    if isinstance(entity, Source):
        out.extend(Link("cited by", c.id) for c in base.cited_by(entity_id))
    else:
        out.extend(Link("source", s) for s in base.sources_of(entity))
    unique = dict.fromkeys(link for link in out if link.id in base)
    return list(unique)
