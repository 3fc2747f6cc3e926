"""What the commands that read a base share: loading it, printing problems, a console
that is safe with any data, and paging.  (The options are in `tui.commands.options`, which
stays light; this module is imported when a command runs.)"""

from __future__ import annotations

import argparse
import os
import re
import sys
from collections.abc import Iterable, Iterator
from contextlib import contextmanager, suppress
from typing import IO, TYPE_CHECKING, TextIO

from tui.commands.options import LANGUAGES, number_option, safe_line
from tui.i18n import _, ngettext
from tui.load import LoadResult, load
from tui.model import FactBase
from tui.output import is_terminal
from tui.paths import facts_path
from tui.progress import NO_PROGRESS, Progress

if TYPE_CHECKING:
    from rich.console import Console, RenderableType
    from rich.pager import Pager

__all__ = [
    "LANGUAGES",
    "empty_base",
    "load_base",
    "load_for",
    "load_progress",
    "make_console",
    "number_option",
    "print_paged",
    "report_problems",
    "safe_line",
    "suggest_ids",
    "unknown_id",
]


def report_problems(result: LoadResult, stream: TextIO | None = None) -> None:
    stream = stream or sys.stderr
    for problem in result.problems:
        print(safe_line(str(problem)), file=stream)
    count = len(result.problems)
    files = len({p.path for p in result.problems})
    print(
        _("{problems} in {files}").format(
            problems=ngettext("{count} problem", "{count} problems", count).format(count=count),
            files=ngettext("{count} file", "{count} files", files).format(count=files),
        ),
        file=stream,
    )


@contextmanager
def load_progress() -> Iterator[Progress]:
    """What a command's load reports its progress to: a bar on stderr when stderr is a
    terminal (shown only when the load takes a while, see `tui.progressbar`), taken off
    again when the block ends, before the command writes anything; nothing at all in a
    pipe or a file."""
    stream = sys.stderr
    if stream is None or not is_terminal(stream):
        yield NO_PROGRESS
        return
    from tui.progressbar import TerminalProgress

    bar = TerminalProgress(stream)
    try:
        yield bar
    finally:
        bar.close()


def load_for(args: argparse.Namespace) -> LoadResult:
    with load_progress() as progress:
        return load(facts_path(getattr(args, "facts", None)), progress=progress)


def load_base(args: argparse.Namespace) -> FactBase | None:
    """The valid base, or None after the problems were printed (the caller exits 1)."""
    result = load_for(args)
    if result.base is None:
        report_problems(result)
        return None
    return result.base


# -- output commands (show, summary, search, …) -------------------------------------------


def make_console(args: argparse.Namespace, file: TextIO | None = None) -> Console:
    """A console that never reads data as markup or colours it by guesswork, sends no
    escape codes to a pipe, and honours NO_COLOR (Rich reads it) and --width."""
    from rich.console import Console

    return Console(
        file=file,
        width=getattr(args, "width", None),
        force_terminal=None,
        # NO_COLOR users want plain text: Rich would drop colours but keep bold and dim.
        color_system=None if os.environ.get("NO_COLOR") else "auto",
        highlight=False,
        markup=False,
        emoji=False,
    )


def print_paged(console: Console, renderable: RenderableType, args: argparse.Namespace) -> None:
    """Print, through a pager when asked (--pager) or when the output is taller than the
    terminal it goes to (never into a pipe, never with --no-pager).

    The pager is the setting `pager` (FACTS_PAGER, the config file, PAGER, else less), run
    the way Python's pydoc runs one: through the shell, so `less -S` or `bat -p` work."""
    choice = getattr(args, "pager", None)
    if choice is None:
        choice = console.is_terminal and _height(console, renderable) > console.height
    command = _pager_command(args) if choice else None
    if command is None:
        lines = None
        if _plain(console) and hasattr(renderable, "plain_lines"):
            lines = renderable.plain_lines(console.width)
        if lines is None:
            console.print(renderable)
        else:
            _write_lines(console.file, lines)
        return
    os.environ["PAGER"] = command
    os.environ.pop("MANPAGER", None)  # pydoc would prefer it; it is for man pages
    import shlex  # here, not at every start

    if os.path.basename(shlex.split(command)[0]) == "less":
        # less shows colours only with -R: add it to the user's own LESS settings, if any.
        less = os.environ.get("LESS", "")
        if "R" not in less:
            os.environ["LESS"] = f"{less} -R".strip()
    with console.pager(_pager(command), styles=console.is_terminal):
        console.print(renderable)


def _pager(command: str) -> Pager | None:
    """What shows the page: Rich's own pager calls `pydoc.pager`, and importing pydoc costs
    16 ms at every paged page (a search on a 24-line terminal is one); `_CommandPager` does
    what pydoc does here without it.  Rich's (None) where pydoc has other ways (Windows)."""
    if sys.platform in ("win32", "emscripten"):
        return None
    from rich.pager import Pager

    class _CommandPager(Pager):
        """The page piped through the shell to the pager, as `pydoc.pager` does when PAGER
        is set (as `print_paged` sets it) and both stdin and stdout are terminals; in
        every other case pydoc itself, with its own rules."""

        def show(self, content: str) -> None:
            if not (is_terminal(sys.stdin) and is_terminal(sys.stdout)):
                import pydoc

                pydoc.pager(content)
                return
            if os.environ.get("TERM") in ("dumb", "emacs"):
                content = re.sub(".\b", "", content)  # pydoc.plain: no backspaced bold
            _pipe(content, command)

    return _CommandPager()


def _pipe(text: str, command: str) -> None:
    """`text` fed to the pager `command` (run by the shell), as `pydoc.pipepager` feeds
    it: Ctrl-C while it runs is the pager's (it stops writing, never the pager), a pager
    quit early is no error, and the program waits until the pager is done."""
    import subprocess

    process = subprocess.Popen(
        command, shell=True, stdin=subprocess.PIPE, errors="backslashreplace"
    )
    try:
        assert process.stdin is not None
        # Ctrl-C while writing: the pager has the terminal, and it decides
        with process.stdin as pipe, suppress(KeyboardInterrupt):
            pipe.write(text)
    except OSError:
        pass  # the pager was quit before it read everything
    while True:
        try:
            process.wait()
            break
        except KeyboardInterrupt:
            pass  # as the pager ignores it: a pager left running would leave the terminal raw


def _pager_command(args: argparse.Namespace) -> str | None:
    """The pager's command line, or None (print directly) when its program is not
    installed: said once on stderr when the user chose it, silently for the default."""
    settings = getattr(args, "settings", None)
    command = settings.pager.value if settings is not None else "less"
    import shlex
    import shutil

    program = shlex.split(command)[0]
    if shutil.which(program) is not None:
        return str(command)
    if settings is None or settings.pager.source == "default":
        return "more" if shutil.which("more") else None
    print(
        _("facts: the pager '{program}' ({origin}) is not installed; printing without it").format(
            program=safe_line(program), origin=safe_line(settings.pager.origin)
        ),
        file=sys.stderr,
    )
    return None


def _plain(console: Console) -> bool:
    """Whether the console writes no styles at all (a pipe, NO_COLOR) in UTF-8: then a page
    is written as plain lines, the same text without Rich laying out every line."""
    return (
        (not console.is_terminal or console.color_system is None)
        and not console.options.ascii_only
        and not console.legacy_windows
    )


def _write_lines(out: IO[str], lines: Iterable[str]) -> None:
    chunk: list[str] = []
    for line in lines:
        chunk.append(line)
        if len(chunk) >= 1000:
            out.write("\n".join(chunk) + "\n")
            chunk = []
    if chunk:
        out.write("\n".join(chunk) + "\n")


def _height(console: Console, renderable: RenderableType) -> int:
    return len(console.render_lines(renderable, console.options, pad=False, new_lines=False))


def empty_base(args: argparse.Namespace) -> str:
    """What to say about a valid base that holds nothing yet (a new one, from `facts
    init`): where it is, and what to do next."""
    where = safe_line(str(getattr(args, "facts", "") or _("the fact base")))
    return _(
        "the fact base {where} is empty: add a source and what it reports to its files "
        "(the README `facts init` wrote says how), then `facts check`"
    ).format(where=where)


def suggest_ids(base: FactBase, text: str, limit: int = 5) -> list[str]:
    """Ids a mistyped one may have meant: close spellings of the id, then entities whose
    id, name or alias contains what was typed ('kufen' → thomas-kufen)."""
    import difflib

    needle = text.casefold()
    words = set(re.split(r"[-_.\s]+", needle)) - {""}
    close = difflib.get_close_matches(needle, list(base.by_id), n=limit, cutoff=0.6)
    containing = [
        entity.id
        for entity in base
        if needle
        and (
            any(needle in t.casefold() for t in (entity.id, *entity.name.texts(), *entity.aliases))
            or (len(words) > 1 and words <= set(entity.id.split("-")))  # words in another order
        )
    ]
    return list(dict.fromkeys([*close, *containing]))[:limit]


def unknown_id(command: str, base: FactBase, text: str) -> str:
    """The message for an id that is not in the base, with the nearest ids to try."""
    near = suggest_ids(base, text)
    if near:
        return _("facts {command}: unknown id '{id}'; did you mean: {ids}?").format(
            command=command, id=safe_line(text), ids=", ".join(near)
        )
    return _("facts {command}: unknown id '{id}'").format(command=command, id=safe_line(text))
