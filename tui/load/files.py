"""Which files a fact base is made of, and what in it cannot be read.

A base is one file or a folder of `*.yaml`/`*.yml` files at any depth (hidden files and
folders left out).  Nothing the folder names is dropped in silence: a folder that cannot be
listed (or vanishes while it is), a dangling symbolic link, a link loop, and a pipe, socket
or device where a fact file should be, each become a problem `path: cannot read …: reason`,
so that `facts check` never says "OK" about a base it has only half read.  A link to a fact
file is read; a link to a folder is reported, not followed (as git and ripgrep do: following
them could walk the whole disk, as /proc shows).
"""

from __future__ import annotations

import errno
import os
import stat
from pathlib import Path

from tui.i18n import N_, _
from tui.load.problems import Problem
from tui.record import record

_WHAT = (N_("the folder"), N_("the file"))
"""What `unreadable` names, marked for the catalogs."""

SUFFIXES = (".yaml", ".yml")

_NOT_FILES = (
    (stat.S_ISFIFO, N_("a named pipe")),
    (stat.S_ISSOCK, N_("a socket")),
    (stat.S_ISCHR, N_("a character device")),
    (stat.S_ISBLK, N_("a block device")),
)


@record(slots=True)
class Listing:
    files: tuple[Path, ...]
    """The fact files in name order (the base itself when it is one file)."""
    problems: tuple[Problem, ...] = ()
    """What the base names but cannot be read as a fact file."""


def unreadable(path: Path | str, what: str, reason: str) -> Problem:
    """`path: cannot read WHAT: reason` (no line: there is no text to point into)."""
    if what:
        return Problem(
            str(path), 0, 0, _("cannot read {what}: {reason}").format(what=_(what), reason=reason)
        )
    return Problem(str(path), 0, 0, _("cannot read: {reason}").format(reason=reason))


def not_a_file(mode: int) -> str | None:
    """What a non-regular file is ('a named pipe', …), or None for a regular file."""
    for test, name in _NOT_FILES:
        if test(mode):
            return _("{what}, not a file").format(what=_(name))
    return None if stat.S_ISREG(mode) else _("not a regular file")


def list_files(path: Path) -> Listing:
    """The fact files of the base at `path`, and what in it cannot be read."""
    if not path.is_dir():
        return Listing((path,))
    files: list[Path] = []
    problems: list[Problem] = []
    _walk(path, files, problems)
    return Listing(tuple(sorted(files)), tuple(problems))


def _walk(folder: Path, files: list[Path], problems: list[Problem]) -> None:
    try:
        with os.scandir(folder) as entries:
            found = sorted(entries, key=lambda entry: entry.name)
    except OSError as error:
        problems.append(unreadable(folder, "the folder", _reason(error)))
        return
    for entry in found:
        if entry.name.startswith("."):
            continue
        path = folder / entry.name
        try:
            if entry.is_dir(follow_symlinks=False):
                _walk(path, files, problems)
                continue
            linked = entry.is_symlink()
        except OSError as error:
            problems.append(unreadable(path, "", _reason(error)))
            continue
        problem = _linked(path) if linked else None
        if problem is None and entry.name.endswith(SUFFIXES):
            problem = _not_readable(path)
            if problem is None:
                files.append(path)
        if problem is not None:
            problems.append(problem)


def _linked(path: Path) -> Problem | None:
    """What is wrong with a symbolic link, whatever its name: a link to nothing or a loop
    may have stood for fact files, and a linked folder is not followed (a base is the
    folder itself, as for git; following links could walk the whole disk)."""
    try:
        mode = path.stat().st_mode
    except FileNotFoundError:
        try:
            target = os.readlink(path)
        except OSError:
            return unreadable(path, "", _("it was removed while the folder was read"))
        return unreadable(
            path, "", _("a symbolic link to '{target}', which does not exist").format(target=target)
        )
    except OSError as error:
        return unreadable(path, "", _reason(error))
    if stat.S_ISDIR(mode):
        return unreadable(
            path,
            "the folder",
            _(
                "a symbolic link to a folder, which facts "
                "does not follow; move the files into the base, or give that folder "
                "as a base of its own"
            ),
        )
    return None


def _not_readable(path: Path) -> Problem | None:
    try:
        mode = path.stat().st_mode  # follows a link to the file it names
    except OSError as error:
        return unreadable(path, "the file", _reason(error))
    kind = not_a_file(mode)
    return unreadable(path, "the file", kind) if kind is not None else None


def _reason(error: OSError) -> str:
    if error.errno == errno.ELOOP:
        return _("a loop of symbolic links")
    if error.errno == errno.ENOENT:
        return _("it was removed while it was being read")
    if error.errno == errno.ENOTDIR:
        return _("it was replaced by a file while it was being read")
    return error.strerror or str(error)
