"""`facts`: the console script's entry point, kept to the standard library on purpose.

Everything else is imported inside `main`, so that what guards the process is in place
before the first heavy import: Ctrl-C at any moment exits 130 without a traceback, a reader
that goes away (`facts export | head`, `| true`) ends the program quietly with 0, and any
other failure to write the output (a full disk) is one line on stderr and exit 1.  Output
that the terminal's encoding cannot hold gets visible escapes (`\\xfc`) instead of an error.
"""

from __future__ import annotations

import errno
import os
import sys

from tui.output import OutputError

TYPE_CHECKING = False  # not typing's: `facts --version` would spend a tenth of its time on it
if TYPE_CHECKING:
    from typing import TextIO

__all__ = ["OutputError", "main"]


class _Output:
    """sys.stdout, with a failed write raised as OutputError, so that it can be told apart
    from a failure to read a fact file or to write an export."""

    def __init__(self, stream: TextIO) -> None:
        self._stream = stream

    def write(self, text: str) -> int:
        try:
            return self._stream.write(text)
        except OSError as error:
            raise OutputError(error.errno, error.strerror) from error

    def writelines(self, lines: list[str]) -> None:
        for line in lines:
            self.write(line)

    def flush(self) -> None:
        try:
            self._stream.flush()
        except OSError as error:
            raise OutputError(error.errno, error.strerror) from error

    def __getattr__(self, name: str) -> object:
        return getattr(self._stream, name)


def main(argv: list[str] | None = None) -> int:
    stdout = sys.stdout
    try:
        reconfigure = getattr(stdout, "reconfigure", None)
        if reconfigure is not None:
            reconfigure(errors="backslashreplace")
        sys.stdout = _Output(stdout)
        try:
            if (sys.argv[1:] if argv is None else argv) == ["--version"]:
                from tui import __version__  # the one answer that needs no parser

                print(f"facts {__version__}")
                sys.stdout.flush()
                return 0
            from tui.collector import collector_paused

            # What the start builds (modules, classes, the parser, the settings) lives as
            # long as the process: the cycle collector would only walk it again and again
            # (a fifth of a warm search's CPU).  A long command resumes it when it starts.
            with collector_paused():
                from tui.commands.run import run

                code = run(argv)
            sys.stdout.flush()
            return code
        except SystemExit:  # --help, --version and usage errors end in argparse
            sys.stdout.flush()
            raise
        finally:
            sys.stdout = stdout
    except KeyboardInterrupt:
        _quiet()
        return 130
    except OutputError as error:
        _drop_output(stdout)
        if error.errno == errno.EPIPE:
            return 0  # the reader has all it wanted
        from tui.i18n import _

        print(
            _("facts: cannot write the output: {reason}").format(reason=error.strerror or error),
            file=sys.stderr,
        )
        return 1


def _quiet() -> None:
    """No second Ctrl-C while leaving: it would interrupt the clean-up with a traceback."""
    import contextlib
    import signal

    with contextlib.suppress(ValueError):  # ValueError: not the main thread
        signal.signal(signal.SIGINT, signal.SIG_IGN)


def _drop_output(stdout: object) -> None:
    """Point the real stdout at /dev/null: Python flushes it once more at exit, and what
    could not be written would fail again, with a message about an ignored exception."""
    try:
        if stdout is sys.__stdout__ and stdout is not None and stdout.fileno() == 1:
            devnull = os.open(os.devnull, os.O_WRONLY)
            os.dup2(devnull, 1)
            os.close(devnull)
    except (OSError, ValueError, AttributeError):
        pass
