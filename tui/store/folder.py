"""Where the store lives, which of its files may be trusted, and how files get there.

Where: $FACTS_CACHE_DIR, else the user's cache folder as platformdirs names it (on Linux
$XDG_CACHE_HOME/facts, else ~/.cache/facts); never next to the facts (they live in git and
may be read-only).  FACTS_NO_CACHE=1 turns the store off.

Trust: the folder is created private (0700).  A folder or a store file that someone else
owns or may write to is not used at all: whoever can write there could plant a store, or
a rollback journal for SQLite to replay into one.  The command then answers from the fact
files and says once, on stderr, why and how to fix it.  Links are never followed to a
store file, and a link to the folder only when it is ours.

Writing: a store is written under a temporary name and renamed over the old one when it is
complete, so a reader never sees half of one.  A temporary file is removed on every way
out the program controls; one left by a killed program (its lock released with it) is
removed by the next writer.
"""

from __future__ import annotations

import contextlib
import os
import stat
import sys
import time
from collections.abc import Iterator
from pathlib import Path

from tui.digest import new_hash
from tui.i18n import _

NO_CACHE_VAR = "FACTS_NO_CACHE"
DIR_VAR = "FACTS_CACHE_DIR"
SIDE_FILES = ("-journal", "-wal", "-shm")
"""What SQLite may put beside a database file (a rollback journal, a write-ahead log)."""
TEMPORARY = ".tmp"
STALE_SECONDS = 2.0
"""A temporary file younger than this may be one a writer has just made and not locked yet."""

if sys.platform == "win32":  # pragma: no cover - no advisory locks: stale files stay
    fcntl = None
else:
    import fcntl


def enabled() -> bool:
    return os.environ.get(NO_CACHE_VAR, "").strip().lower() not in {"1", "true", "yes"}


def cache_dir() -> Path:
    """Where stores go: never beside the facts."""
    explicit = os.environ.get(DIR_VAR)
    if explicit:
        return Path(explicit)
    from tui.paths import user_folder  # platformdirs, without its cost on Linux

    found = user_folder("cache")
    return found if found.is_absolute() else Path.home() / ".cache" / "facts"


def store_name(root: Path) -> str:
    """The stem of a base's files in the cache folder, from the base's absolute path."""
    return new_hash(os.fsencode(str(root.absolute()))).hexdigest()[:32]


def cache_file(root: Path) -> Path:
    """The store of the fact base at `root` (one per base)."""
    return cache_dir() / f"{store_name(root)}.sqlite"


def derived_file(root: Path, name: str) -> Path:
    """Where a value derived from the base of `root` (its search index) is kept."""
    safe = "".join(c if c.isalnum() or c == "-" else "-" for c in name.lower())
    return cache_dir() / f"{store_name(root)}.{safe}.sqlite"


# -- trust ------------------------------------------------------------------------------------


def _uid() -> int | None:
    geteuid = getattr(os, "geteuid", None)
    return geteuid() if geteuid is not None else None


def _owned(info: os.stat_result) -> bool:
    """Ours, or the administrator's (who could do anything anyway)."""
    uid = _uid()
    return uid is None or info.st_uid in (uid, 0)


def _others_may_write(info: os.stat_result) -> bool:
    return bool(info.st_mode & (stat.S_IWGRP | stat.S_IWOTH))


def folder_problem(folder: Path, *, create: bool) -> str | None:
    """Why stores in `folder` must not be used (one line, with the fix), or None when they
    may.  With `create`, a missing folder is made, private; without, a missing folder is
    fine (there is nothing in it to trust)."""
    try:
        info = os.lstat(folder)
    except FileNotFoundError:
        if not create:
            return None
        try:
            folder.mkdir(mode=0o700, parents=True, exist_ok=True)
            info = os.lstat(folder)
        except OSError:
            return None  # unwritable: nothing is stored, which costs speed only
    except OSError:
        return None
    if stat.S_ISLNK(info.st_mode):
        if not _owned(info):
            return _(
                "the cache folder {folder} is a link that belongs to another user; "
                "remove it, or set {variable} to a folder of your own"
            ).format(folder=folder, variable=DIR_VAR)
        try:
            info = os.stat(folder)
        except OSError:
            return None
    if not stat.S_ISDIR(info.st_mode):
        return None  # not a folder: nothing can be stored there (speed, not safety)
    if not _owned(info):
        return _(
            "the cache folder {folder} belongs to another user; set {variable} to a "
            "folder of your own"
        ).format(folder=folder, variable=DIR_VAR)
    if _others_may_write(info):
        return _(
            "others may write to the cache folder {folder}; make it private with "
            "'chmod 700 {folder}'"
        ).format(folder=folder)
    return None


def file_problem(path: Path, info: os.stat_result) -> str | None:
    """Why the store file `path` (as `os.lstat` found it) must not be opened, or None."""
    if stat.S_ISLNK(info.st_mode):
        return _(
            "the stored copy {path} is a link (facts never makes one); it is not "
            "followed, and replaced when the base is stored again"
        ).format(path=path)
    if not stat.S_ISREG(info.st_mode):
        return _("the stored copy {path} is not a regular file; remove it").format(path=path)
    if not _owned(info):
        return _(
            "the stored copy {path} belongs to another user; it is replaced when the "
            "base is stored again"
        ).format(path=path)
    if _others_may_write(info):
        return _(
            "others may write to the stored copy {path}; it is replaced by a private "
            "one when the base is stored again"
        ).format(path=path)
    return None


_said: set[str] = set()


def warn(reason: str) -> None:
    """Say once per program, on stderr, why a store is not used (the answer is the same,
    read from the fact files)."""
    if reason not in _said:
        _said.add(reason)
        with contextlib.suppress(OSError, ValueError):
            print(
                _("facts: not using the stored copy of the fact base: {reason}").format(
                    reason=reason
                ),
                file=sys.stderr,
            )


def same_file(before: os.stat_result, after: os.stat_result) -> bool:
    return (before.st_ino, before.st_dev) == (after.st_ino, after.st_dev)


# -- writing --------------------------------------------------------------------------------


class Temporary:
    """A file being written in the cache folder, locked while this program writes it, and
    removed unless `publish` renamed it into place."""

    def __init__(self, target: Path) -> None:
        self.target = target
        import tempfile  # here, not at every start

        handle, name = tempfile.mkstemp(
            dir=target.parent, prefix=target.name + ".", suffix=TEMPORARY
        )
        self.path = Path(name)
        self._handle: int | None = handle
        if fcntl is not None:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        for side in SIDE_FILES:  # nothing of SQLite's may be there before it opens it
            if os.path.lexists(f"{name}{side}"):
                self.close()
                raise OSError(f"{name}{side} exists")

    def publish(self) -> None:
        """Put the finished file in place of the old one, in one step.  SQLite's side files
        of the old one go first: they would belong to the new one otherwise."""
        for side in SIDE_FILES:
            with contextlib.suppress(FileNotFoundError):
                os.unlink(f"{self.target}{side}")
        os.chmod(self.path, 0o600)
        os.replace(self.path, self.target)
        self.path = Path()
        with contextlib.suppress(OSError):  # the pickle cache of versions before the store
            os.unlink(self.target.with_suffix(".pickle"))

    def close(self) -> None:
        """Remove the file (unless published) and release the lock."""
        if self.path != Path():
            for name in (str(self.path), *(f"{self.path}{side}" for side in SIDE_FILES)):
                with contextlib.suppress(OSError):
                    os.unlink(name)
            self.path = Path()
        if self._handle is not None:
            os.close(self._handle)
            self._handle = None

    def copy_of(self, source: Path | int, known: os.stat_result | None) -> bool:
        """Fill the file with the bytes of `source`, a published store (never written again)
        that is still the very file `known` describes, by the kernel (sendfile: a store of
        250 MB costs a tenth of a second, where SQLite's page by page backup took a second);
        False, with nothing written, when it is not that file any more (another program
        replaced it meanwhile) or cannot be copied so: then the caller copies it as an
        SQLite database.  `source` may be the file held open (a number): it is copied even
        when it is no longer in the folder."""
        if known is None or self._handle is None or not hasattr(os, "sendfile"):
            return False
        try:
            handle = (
                os.dup(source)
                if isinstance(source, int)
                else os.open(source, os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0))
            )
        except OSError:
            return False
        try:
            found = os.fstat(handle)
            if not same_file(known, found) or (found.st_size, found.st_mtime_ns) != (
                known.st_size,
                known.st_mtime_ns,
            ):
                return False
            out, size, done = self._handle, found.st_size, 0
            os.ftruncate(out, 0)
            while done < size:
                sent = os.sendfile(out, handle, done, size - done)
                if sent <= 0:
                    break
                done += sent
            if done != size or os.fstat(out).st_size != size:
                os.ftruncate(out, 0)
                return False
            return True
        except OSError:
            with contextlib.suppress(OSError):
                os.ftruncate(self._handle, 0)
            return False
        finally:
            os.close(handle)

    def __enter__(self) -> Temporary:
        return self

    def __exit__(self, *_: object) -> None:
        self.close()


def remove_stale(folder: Path) -> None:
    """Remove the temporary files that writers killed before they finished left behind:
    a file whose lock can be taken has no writer any more."""
    if fcntl is None:
        return
    with contextlib.suppress(OSError):
        for name in _temporaries(folder):
            _remove_if_stale(folder / name)


def _temporaries(folder: Path) -> Iterator[str]:
    for entry in os.scandir(folder):
        if entry.name.endswith(TEMPORARY) and ".sqlite." in entry.name:
            yield entry.name


def _remove_if_stale(path: Path) -> None:
    try:
        info = os.lstat(path)
        if not stat.S_ISREG(info.st_mode) or not _owned(info):
            return
        if time.time() - info.st_mtime < STALE_SECONDS:
            return
        handle = os.open(path, os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0))
    except OSError:
        return
    try:
        fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except OSError:
        os.close(handle)
        return  # a writer holds it
    try:
        if same_file(info, os.lstat(path)):
            for name in (str(path), *(f"{path}{side}" for side in SIDE_FILES)):
                with contextlib.suppress(OSError):
                    os.unlink(name)
    except OSError:
        pass
    finally:
        os.close(handle)


def discard(root: Path) -> None:
    """Forget the stored base of `root` and what was derived from it (it was found damaged
    while being read)."""
    folder = cache_dir()
    stem = store_name(root)
    with contextlib.suppress(OSError):
        for entry in os.scandir(folder):
            if entry.name.startswith(stem + ".") and entry.name.endswith(".sqlite"):
                with contextlib.suppress(OSError):
                    os.unlink(entry.path)


def remove_derived(root: Path) -> None:
    """Remove the values derived from the previous store of `root` (a new store makes
    them stale: they name the base they were built from)."""
    folder = cache_dir()
    stem = store_name(root) + "."
    with contextlib.suppress(OSError):
        for entry in os.scandir(folder):
            name = entry.name
            if name.startswith(stem) and name.endswith(".sqlite") and name.count(".") == 2:
                with contextlib.suppress(OSError):
                    os.unlink(entry.path)
