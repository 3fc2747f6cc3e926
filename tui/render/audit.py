"""`facts audit` as a page and as data: per source, the inferred and the background facts
that cite it, each with its reason, and the facts that rest on it alone."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from tui.audit import Audit, Fact, SourceAudit, value_text
from tui.basis import word
from tui.i18n import N_, _, list_text, ngettext, source_language
from tui.model import FactBase, Source
from tui.render.doc import Block, Heading, Items, Line, Node, Para, Span, Title, Tree, plain
from tui.render.json import reference
from tui.render.lines import link
from tui.safetext import one_line, paragraphs

FACT_RULE = N_(
    "A fact: each field of an event, participant, place or theme that field_basis "
    "may name (its id, sources and lists aside), where set, cited by the entity's "
    "sources; and each participation, statement, office, figure and outcome, cited "
    "by its own sources, else the entity's."
)


def _plural(count: int, noun: str) -> str:
    """'3 facts', '1 source', '2 participations', in the interface language."""
    forms = {
        "fact": ngettext("{count} fact", "{count} facts", count),
        "source": ngettext("{count} source", "{count} sources", count),
        "participation": ngettext("{count} participation", "{count} participations", count),
        "statement": ngettext("{count} statement", "{count} statements", count),
        "office": ngettext("{count} office", "{count} offices", count),
        "figure": ngettext("{count} figure", "{count} figures", count),
        "outcome": ngettext("{count} outcome", "{count} outcomes", count),
    }
    return forms[noun].format(count=count)


class AuditPage:
    def __init__(self, base: FactBase, lang: str | None) -> None:
        self.base = base
        self.lang = lang

    def blocks(self, found: Audit, only: str | None = None) -> list[Block]:
        scope = _("source {id}").format(id=one_line(only)) if only else _("the whole fact base")
        blocks: list[Block] = [
            Title(
                (Span(_("Audit"), "strong"),),
                (Span(f"{scope} · {_plural(len(self.base.sources), 'source')}", "muted"),),
            ),
            Para(
                (
                    Span(
                        _(
                            "{facts}: {stated} stated, {inferred} inferred, {background} "
                            "background; {single} rest on a single source."
                        ).format(
                            facts=_plural(found.facts, "fact"),
                            stated=found.stated,
                            inferred=found.inferred,
                            background=found.background,
                            single=found.single_source,
                        )
                    ),
                )
            ),
            Para((Span(_(FACT_RULE), "muted"),)),
        ]
        for group in found.sources.values():
            blocks.extend(self.source(group))
        return blocks

    def source(self, group: SourceAudit) -> list[Block]:
        source = self.base.get(group.source)
        title = source.label(self.lang) if isinstance(source, Source) else group.source
        blocks: list[Block] = [
            Heading(one_line(title), 2),
            Para(
                (
                    Span(
                        _("{id} · cited by {facts}; {alone} rest on it alone").format(
                            id=one_line(group.source),
                            facts=_plural(group.facts, "fact"),
                            alone=len(group.alone),
                        ),
                        "muted",
                    ),
                )
            ),
        ]
        for heading, facts, note in (
            (N_("Inferred"), group.inferred, N_("read between the lines of the cited source")),
            (
                N_("Background"),
                group.background,
                N_("general knowledge that no cited source gives"),
            ),
        ):
            if not facts:
                continue
            blocks.append(Heading(f"{_(heading)} ({len(facts)})", 3))
            blocks.append(
                Para(
                    (
                        Span(
                            _("{note}; each: where it is written, what it says — why").format(
                                note=_(note)
                            ),
                            "muted",
                        ),
                    )
                )
            )
            blocks.append(
                Tree(
                    tuple(
                        Node(
                            self.entity_line(entity_facts[0]),
                            tuple(Node(self.fact_line(f)) for f in entity_facts),
                        )
                        for entity_facts in _by_entity(facts)
                    )
                )
            )
        if group.alone:
            blocks.append(
                Heading(_("On this source alone ({count})").format(count=len(group.alone)), 3)
            )
            blocks.append(
                Items(
                    tuple(self.alone_line(entity_facts) for entity_facts in _by_entity(group.alone))
                )
            )
        return blocks

    def entity_line(self, fact: Fact) -> Line:
        entity = fact.entity
        return (
            link(self.base, entity.id, self.lang),
            Span(f" · {_(entity.entity_type)} · {one_line(entity.id)}", "muted"),
        )

    def fact_line(self, fact: Fact) -> Line:
        reasons = "; ".join(paragraphs(note.get(self.lang)) for _basis, note in fact.grounds)
        return (
            Span(one_line(fact.path), "muted"),
            Span("  "),
            plain(value_text(self.base, fact, self.lang)),
            Span(" — "),
            Span(reasons or _("no reason given")),
        )

    def alone_line(self, facts: list[Fact]) -> Line:
        fields = [f.path for f in facts if f.kind == "field"]
        counts: dict[str, int] = {}
        for fact in facts:
            if fact.kind != "field":
                counts[fact.kind] = counts.get(fact.kind, 0) + 1
        parts = [list_text(fields)] if fields else []
        parts.extend(_plural(n, kind) for kind, n in counts.items())
        return (
            link(self.base, facts[0].entity.id, self.lang),
            Span(": "),
            Span(one_line("; ".join(parts))),
        )


def _by_entity(facts: Iterable[Fact]) -> list[list[Fact]]:
    groups: dict[str, list[Fact]] = {}
    for fact in facts:
        groups.setdefault(fact.entity.id, []).append(fact)
    return list(groups.values())


def english_value_text(base: FactBase, item: Fact, lang: str | None) -> str:
    """A program reads `what` with ISO dates and the data's words, in any interface language."""
    with source_language():
        return value_text(base, item, lang)


def audit_data(base: FactBase, found: Audit, lang: str | None) -> dict[str, Any]:
    """`facts audit --json` (the README gives the shape)."""

    def fact(item: Fact) -> dict[str, Any]:
        notes = [note.as_dict() for _, note in item.grounds]
        return {
            "entity": reference(base, item.entity.id, lang),
            "fact": item.path,
            "kind": item.kind,
            "what": one_line(english_value_text(base, item, lang)),
            "basis": word(item.basis),
            "basis_note": notes[0] if notes else None,
            "sources": list(item.sources),
        }

    return {
        "format": 1,
        "counts": {
            "facts": found.facts,
            "stated": found.stated,
            "inferred": found.inferred,
            "background": found.background,
            "single_source": found.single_source,
        },
        "sources": [
            {
                "source": reference(base, group.source, lang),
                "facts": group.facts,
                "inferred": [fact(f) for f in group.inferred],
                "background": [fact(f) for f in group.background],
                "single_source": [fact(f) for f in group.alone],
            }
            for group in found.sources.values()
        ],
    }
