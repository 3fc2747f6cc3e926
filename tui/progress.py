"""How far a long load has got, told to whoever shows it (the CLI's bar, the browser).

The loader (`tui.load.loading`) is handed a `Progress` and reports each stage of a load
that has real work to do — reading files, checking across them, writing the store,
building or updating the search index — as a `LoadStep` with its counts.  A load that opens a
current store reports nothing at all, so a warm command has nothing to show and nothing to
import.  The default, `NO_PROGRESS`, hears every report and does nothing: a load that
nobody watches pays one method call per file.

Core code: no Rich, no Textual.  The words a step is shown with are here (`describe`), so
that the terminal and the browser say the same thing in every interface language.
"""

from __future__ import annotations

import os
import time
from typing import Final

from tui.i18n import _, ngettext, number_text
from tui.record import record

__all__ = [
    "CHECK",
    "INDEX",
    "INDEX_UPDATE",
    "NO_PROGRESS",
    "READ",
    "READ_CHANGED",
    "STAGES",
    "STORE",
    "STORE_UPDATE",
    "LoadStep",
    "Progress",
    "describe",
    "process_start",
]

_IMPORTED = time.monotonic()

READ: Final = "read"
"""Every fact file read and checked on its own: `done` of `total` files, `entities` so far."""
READ_CHANGED: Final = "read-changed"
"""After an edit: the changed files read (`done` of `total`)."""
CHECK: Final = "check"
"""The checks across files (references, duplicate ids, cycles) over `entities`."""
STORE: Final = "store"
"""The checked base written to the store (`entities`)."""
STORE_UPDATE: Final = "store-update"
"""The store updated for the changed files."""
INDEX: Final = "index"
"""The search index built (over `entities`)."""
INDEX_UPDATE: Final = "index-update"
"""The search index updated for the changed files."""

STAGES: Final = (READ, READ_CHANGED, CHECK, STORE, STORE_UPDATE, INDEX, INDEX_UPDATE)


@record
class LoadStep:
    """One report: the stage, how much of it is done out of `total` (0: not counted in
    parts, only begun) and how many entities it concerns (0: none counted)."""

    stage: str
    done: int = 0
    total: int = 0
    entities: int = 0


class Progress:
    """Hears the steps of a load.  This class itself ignores them (see `NO_PROGRESS`);
    a display overrides `report`.  Called on the loading thread: a display that lives on
    another thread hands the step over (the browser posts a message)."""

    def report(self, step: LoadStep) -> None:
        """One more step, or a new count for the current one."""


NO_PROGRESS: Final = Progress()


def process_start() -> float:
    """When this process started, on the `time.monotonic()` clock: progress is promised
    within half a second of pressing Enter, so a display's delay counts from there, not
    from the start of the load (Python and the imports before it take a while on a busy
    machine).  On Linux from /proc; elsewhere, when this module was imported."""
    try:
        with open("/proc/self/stat", "rb") as stat:
            fields = stat.read().rsplit(b")", 1)[1].split()
        with open("/proc/uptime", "rb") as uptime:
            since_boot = float(uptime.read().split()[0])
        age = since_boot - int(fields[19]) / os.sysconf("SC_CLK_TCK")  # field 22: starttime
    except (OSError, ValueError, IndexError):
        return _IMPORTED
    return min(_IMPORTED, time.monotonic() - max(0.0, age))


def describe(step: LoadStep) -> str:
    """The step in the interface language, with its counts: "Reading the fact files: 12 of
    34 files, 35,000 entities so far"."""
    count = number_text(step.entities)
    if step.stage in (READ, READ_CHANGED):
        files = ngettext("{done} of {total} file", "{done} of {total} files", step.total).format(
            done=number_text(step.done), total=number_text(step.total)
        )
        if step.stage == READ_CHANGED:
            return _("Reading the changed files: {files}").format(files=files)
        if not step.entities:
            return _("Reading the fact files: {files}").format(files=files)
        entities = ngettext(
            "{count} entity so far", "{count} entities so far", step.entities
        ).format(count=count)
        return _("Reading the fact files: {files}, {entities}").format(
            files=files, entities=entities
        )
    if step.stage == CHECK:
        return ngettext(
            "Checking references, ids and cycles across {count} entity",
            "Checking references, ids and cycles across {count} entities",
            step.entities,
        ).format(count=count)
    if step.stage == STORE:
        return ngettext(
            "Writing the store: {count} entity",
            "Writing the store: {count} entities",
            step.entities,
        ).format(count=count)
    if step.stage == STORE_UPDATE:
        return _("Updating the store for the changed files")
    if step.stage == INDEX:
        return ngettext(
            "Building the search index: {count} entity",
            "Building the search index: {count} entities",
            step.entities,
        ).format(count=count)
    if step.stage == INDEX_UPDATE:
        return _("Updating the search index for the changed files")
    return step.stage
