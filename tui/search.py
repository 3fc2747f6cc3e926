"""Search over the fact base, shared by `facts search` and the browser's live search.

Placeholder engine (case-insensitive substring on names and aliases) with the final API;
the search issue replaces the matching and ranking behind it.
"""

from __future__ import annotations

from dataclasses import dataclass

from tui.model import AnyEntity, FactBase


class QueryError(ValueError):
    """The query cannot be understood (exit code 2 on the command line)."""


@dataclass(frozen=True, slots=True)
class Hit:
    id: str
    kind: str
    """The entity type: event, participant, theme, place or source."""
    name: str
    score: float
    snippet: str
    """Text around the match; `highlights` are (start, end) offsets into it."""
    highlights: tuple[tuple[int, int], ...] = ()


@dataclass(frozen=True)
class SearchIndex:
    base: FactBase

    @classmethod
    def build(cls, base: FactBase) -> SearchIndex:
        return cls(base)

    def search(self, query: str, *, kind: str | None = None, limit: int = 50) -> list[Hit]:
        needle = query.strip().casefold()
        if not needle:
            return []
        hits: list[Hit] = []
        for entity in self.base:
            if kind and entity.entity_type != kind:
                continue
            for text in _texts(entity):
                at = text.casefold().find(needle)
                if at >= 0:
                    hits.append(
                        Hit(entity.id, entity.entity_type, entity.label(), 1.0, text,
                            ((at, at + len(needle)),))
                    )
                    break
        return hits[:limit]


def _texts(entity: AnyEntity) -> list[str]:
    return [entity.id, *entity.name.texts(), *entity.aliases]
