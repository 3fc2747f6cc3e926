"""`facts export --format csv`: one row per participation, for a spreadsheet or a script.

Columns: event id, event name, date, participant id, participant name, role, place,
source ids (separated by spaces: the participation's own sources, else the event's), the
participation's basis (stated, inferred or background) and its reason (empty when
stated; added after the columns issue 14 fixed, so a reader by position is unaffected).  A
header row, RFC 4180 quoting (the csv module's, lines ending in CRLF), UTF-8.  Names are
on one line with control characters made visible, and a cell that a spreadsheet would run
as a formula (starting with = + - @) is written with a leading apostrophe, as OWASP advises.
Written one event at a time (see `tui.render.network` for what a selection holds).
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator

from tui.basis import word
from tui.meetings import attested
from tui.model import FactBase
from tui.render.meetings import iso_date
from tui.render.network import Selection, ids_text
from tui.safetext import one_line

HEADER = (
    "event_id",
    "event_name",
    "date",
    "participant_id",
    "participant_name",
    "role",
    "place",
    "sources",
    "basis",
    "basis_note",
)

_FORMULA = ("=", "+", "-", "@")


def cell(text: str) -> str:
    """Data for one cell: one line, nothing that acts on a terminal or a spreadsheet."""
    safe = one_line(text)
    return "'" + safe if safe.startswith(_FORMULA) else safe


def to_csv(base: FactBase, ids: list[str] | None = None, lang: str | None = None) -> Iterator[str]:
    """The rows of the selection, a few at a time; a selection the format cannot take is
    refused before the first row (SelectionError)."""
    return _pieces(base, Selection.of(base, ids, "csv"), lang)


def _pieces(base: FactBase, selection: Selection, lang: str | None) -> Iterator[str]:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(HEADER)
    names: dict[str, str] = {}

    def name(entity_id: str | None) -> str:
        if not entity_id:
            return ""
        found = names.get(entity_id)
        if found is None:
            entity = base.get(entity_id)
            found = cell(entity.label(lang) if entity is not None else entity_id)
            if len(names) < 100_000:  # places and participants repeat; events do not
                names[entity_id] = found
        return found

    for event, index in selection.participations():
        p = event.participants[index]
        writer.writerow(
            (
                event.id,
                cell(event.label(lang)),
                iso_date(event) or "",
                p.participant,
                name(p.participant),
                cell(p.role),
                name(event.place),
                ids_text(attested((p,), event)),
                word(p.basis),
                cell(p.basis_note.get(lang)) if p.basis else "",
            )
        )
        if buffer.tell() > 65536:
            yield buffer.getvalue()
            buffer.seek(0)
            buffer.truncate()
    yield buffer.getvalue()
