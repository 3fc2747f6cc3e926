"""Problems found in fact files, reported like a compiler: `path:line:column: message`."""

from __future__ import annotations

from collections.abc import Iterable

from tui.i18n import _
from tui.record import record
from tui.safetext import safe_line

PathPart = str | int
"""One step into the parsed YAML: a mapping key or a list index."""


@record(slots=True)
class Problem:
    """A located problem.  Line and column count from 1, as editors do; 0 where there is
    no text to point into (a folder or file that cannot be read), shown `path: message`."""

    path: str
    line: int
    column: int
    message: str

    def __str__(self) -> str:
        if not self.line:
            return f"{self.path}: {self.message}"
        return f"{self.path}:{self.line}:{self.column}: {self.message}"

    def sort_key(self) -> tuple[str, int, int, str]:
        return (self.path, self.line, self.column, self.message)


@record(slots=True)
class Pending:
    """A problem known by its place in the data, located in the file only if it is reported.

    Finding line numbers needs a second look at the file; valid files never pay for it.
    """

    file: str
    where: tuple[PathPart, ...]
    message: str
    at_key: bool = False
    """Point at the key of the last step (unknown fields) rather than at its value."""


def did_you_mean(word: str, candidates: Iterable[str]) -> str:
    """'; did you mean 'x'?' for the closest candidate, or '' when nothing is close."""
    import difflib  # here, not at every start

    matches = difflib.get_close_matches(word, list(candidates), n=1, cutoff=0.6)
    return _("; did you mean '{candidate}'?").format(candidate=matches[0]) if matches else ""


def quote(value: object, limit: int = 60) -> str:
    """A value shown inside a message: printable, one line, bounded in length."""
    text = value if isinstance(value, str) else repr(value)
    shown = safe_line(text)
    if len(shown) > limit:
        shown = shown[: limit - 1] + "…"
    return f"'{shown}'"
