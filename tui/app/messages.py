"""The messages the browser's workers and screens send upward, instead of calling each other.

A worker thread posts one (`post_message` is safe from any thread and never waits for the
UI), and the screen or app it is posted to handles it on the UI thread in its own time.
"""

from __future__ import annotations

from dataclasses import dataclass

from textual.message import Message

from tui.app.facet_index import Filter
from tui.app.session import Session
from tui.load import Problem
from tui.progress import LoadStep

Signature = tuple[tuple[str, int, int], ...]
"""What the watcher compares: every fact file with its modification time and size."""


@dataclass
class BaseLoaded(Message):
    """A load finished: a new session (None when the files did not make a valid base: the
    last good one stays) and the problems found."""

    session: Session | None
    problems: tuple[Problem, ...]
    seen: Signature
    """The files as they were when the load began: an edit during the load loads again."""


@dataclass
class LoadProgress(Message):
    """How far the load of the base has got (posted by the load worker's `Progress`).

    Only the latest report matters: a queued one is replaced by a newer one."""

    step: LoadStep

    def can_replace(self, message: Message) -> bool:
        return isinstance(message, LoadProgress)


@dataclass
class BacklinksReady(Message):
    """The session's backlinks are worked out: the entry that waited for them can show."""

    session: Session


@dataclass
class Progress(Message):
    """How far a long task of a worker has got (`task` says which, for the screen to word).

    Only the latest report matters: a queued report is replaced by a newer one of the same
    task, so a fast worker never floods the screen."""

    task: str
    done: int
    total: int

    def can_replace(self, message: Message) -> bool:
        return isinstance(message, Progress) and message.task == self.task


@dataclass
class OpenEntity(Message):
    """Open this entity in the browser (from the palette, or a command)."""

    entity_id: str


@dataclass
class Step(Message):
    """Go back (-1) or forward (1) in the browser's history (from the network view, whose
    steps are the browser's)."""

    step: int


@dataclass
class FiltersChosen(Message):
    """The filters chosen elsewhere (the network view's `f`, `x`): the browser's lists
    follow them."""

    filters: tuple[Filter, ...]


@dataclass
class EditEntity(Message):
    """Open the fact file where this entity is written in the editor (None: the base's
    first fact file, for a base with no entities yet); the app suspends for it."""

    entity_id: str | None
