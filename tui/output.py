"""Where the program's text goes, in a module of its own (standard library only): the
protocol every writer writes to, and the error that means writing the program's own output
failed.  The entry point, the command runner, the export dispatcher and the writers all name
them without importing each other."""

from __future__ import annotations

TYPE_CHECKING = False  # not typing's: importing typing would slow down every start
if TYPE_CHECKING:
    from typing import Protocol, TextIO

    class Output(Protocol):
        """Where a writer puts its text: a file, stdout, a StringIO."""

        def write(self, text: str, /) -> object: ...

else:

    class Output:
        """Where a writer puts its text (a protocol for the type checker; importing typing
        for it would cost `facts --version` a tenth of its time)."""


__all__ = ["Output", "OutputError", "is_terminal"]


class OutputError(OSError):
    """Writing to stdout failed (the reader is gone, the disk is full)."""


def is_terminal(stream: TextIO | None) -> bool:
    """Whether a stream is a terminal; False for a missing, replaced or closed one (a test
    harness's stand-in, a stream closed by the reader) rather than an exception."""
    try:
        return stream is not None and stream.isatty()
    except (AttributeError, ValueError, OSError):
        return False
