"""The history of a fact base, read through the real `git` executable.

Only git's plumbing is asked, in forms whose output does not depend on the user's git
configuration (no colours, no renames guessed, no signatures shown, NUL-separated names) nor
on the language git speaks.  Nothing here writes: `GIT_OPTIONAL_LOCKS=0` keeps even the
index untouched while a working tree is compared.  Every failure becomes a `GitError` whose
message is one line a person can act on.
"""

from __future__ import annotations

import os
import subprocess
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

from tui.i18n import _

__all__ = ["BlobReader", "Commit", "FileChange", "GitError", "Repository"]


class GitError(Exception):
    """git cannot answer: not installed, not a repository, an unknown revision …  The
    message is the whole answer (a usage error: exit 2)."""


@dataclass(frozen=True, slots=True)
class FileChange:
    """One file that differs between two trees."""

    path: str
    """Relative to the repository's top folder, with '/' (as git names it)."""
    old: str | None
    """Its blob at the older side, None where it did not exist."""
    new: str | None
    """Its blob at the newer side, None where it does not exist; for the working tree, the
    blob is not known (the file is read from disk): `""`."""


@dataclass(frozen=True, slots=True)
class Commit:
    sha: str
    short: str
    date: str
    """The author date, ISO 8601 with its offset (git's %aI)."""
    author: str
    email: str
    subject: str
    parent: str
    """Its first parent, shortened as `short` is ('' for a root commit)."""
    changes: tuple[FileChange, ...]
    """The files it changed against its first parent (against nothing, for a root commit)."""


_FORMAT = "%x1e%H%x1f%P%x1f%aI%x1f%an%x1f%ae%x1f%s"


class Repository:
    """A git repository's work tree, found from a path inside it."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self._shallow: frozenset[str] | None = None

    @classmethod
    def around(cls, path: Path) -> Repository:
        """The repository `path` (a file or folder) lies in."""
        if not path.exists():
            raise GitError(_("{path}: no such file or folder").format(path=_shown(str(path))))
        folder = path if path.is_dir() else path.parent
        try:
            top = _run(folder, ["rev-parse", "--show-toplevel"])
        except GitError as error:
            if "not a git repository" in str(error):
                raise GitError(
                    _(
                        "{path} is not in a git repository (there, `git init` makes one; or give "
                        "--facts a fact base inside one)"
                    ).format(path=_shown(str(path)))
                ) from None
            raise
        if not top.strip():
            raise GitError(
                _("{path} is inside a git folder, not a work tree").format(path=_shown(str(path)))
            )
        return cls(Path(os.fsdecode(top.rstrip(b"\n"))))

    def git(self, *args: str, input: bytes | None = None) -> bytes:
        return _run(self.root, list(args), input=input)

    # -- revisions ---------------------------------------------------------------------------

    def commit(self, rev: str) -> str:
        """The commit `rev` names (a branch, tag, sha, HEAD~2 …), as its full id."""
        if not rev or rev.startswith("-"):
            raise GitError(_("'{rev}' is not a revision").format(rev=_shown(rev)))
        try:
            out = self.git("rev-parse", "--verify", "--quiet", rev + "^{commit}")
        except GitError:
            out = b""
        if out.strip():
            return out.decode().strip()
        if rev in ("HEAD", "@") and not self.has_commits():
            raise GitError(
                _(
                    "the repository has no commits yet: nothing to compare with "
                    "(commit once, then `facts diff` shows what changed since)"
                )
            )
        if self.is_shallow():
            raise GitError(
                _(
                    "unknown revision '{rev}': this is a shallow clone, which lacks "
                    "older history; `git fetch --unshallow` fetches it"
                ).format(rev=_shown(rev))
            )
        raise GitError(
            _(
                "unknown revision '{rev}' (not a branch, tag or commit of {repo}; "
                "`git log --oneline` lists the commits)"
            ).format(rev=_shown(rev), repo=_shown(str(self.root)))
        )

    def has_commits(self) -> bool:
        try:
            return bool(self.git("rev-parse", "--verify", "--quiet", "HEAD").strip())
        except GitError:
            return False

    def merge_base(self, first: str, second: str) -> str:
        try:
            return self.git("merge-base", first, second).decode().strip()
        except GitError:
            raise GitError(_("the two revisions have no common ancestor")) from None

    def empty_tree(self) -> str:
        """The id of the empty tree (what an unborn HEAD is compared as)."""
        return self.git("hash-object", "-t", "tree", "--stdin", input=b"").decode().strip()

    def is_shallow(self) -> bool:
        try:
            return self.git("rev-parse", "--is-shallow-repository").strip() == b"true"
        except GitError:
            return False

    def shallow_boundary(self) -> frozenset[str]:
        """The commits a shallow clone holds without their parents."""
        if self._shallow is None:
            found: frozenset[str] = frozenset()
            try:
                name = self.git("rev-parse", "--git-path", "shallow").decode().strip()
                path = Path(name) if os.path.isabs(name) else self.root / name
                found = frozenset(path.read_text(encoding="ascii").split())
            except (GitError, OSError, UnicodeDecodeError):
                pass
            self._shallow = found
        return self._shallow

    # -- what changed ------------------------------------------------------------------------

    def changes(self, old: str, new: str | None, paths: Sequence[str]) -> list[FileChange]:
        """The files under `paths` that differ from commit (or tree) `old` to commit `new`,
        or to the working tree (`new` None, untracked files included)."""
        args = [
            "diff",
            "--raw",
            "-z",
            "--no-abbrev",
            "--no-renames",
            "--no-color",
            "--no-ext-diff",
            "--no-textconv",
            "--ignore-submodules",
            old,
        ]
        if new is not None:
            args.append(new)
        out = self.git(*args, "--", *paths)
        found = list(_raw_changes(out.split(b"\0"), worktree=new is None))
        if new is None:
            untracked = self.git("ls-files", "-z", "--others", "--exclude-standard", "--", *paths)
            found += [
                FileChange(os.fsdecode(name), None, "") for name in untracked.split(b"\0") if name
            ]
        return found

    def log(self, paths: Sequence[str]) -> Iterator[Commit]:
        """The commits that changed a file under `paths`, newest first, each with the files
        it changed (merge commits are left out: the commits they merge are listed)."""
        out = self.git(
            "log",
            f"--format={_FORMAT}",
            "--raw",
            "-z",
            "--no-abbrev",
            "--no-renames",
            "--no-color",
            "--no-show-signature",
            "--root",
            "--no-merges",
            "--",
            *paths,
        )
        tokens = out.split(b"\0")
        short = self._abbreviation() if out else 7
        header: list[str] | None = None
        changes: list[FileChange] = []
        index = 0
        while index < len(tokens):
            token = tokens[index].lstrip(b"\n")
            if token.startswith(b"\x1e"):
                if header is not None:
                    yield _commit(header, changes, short)
                header = token[1:].decode("utf-8", "replace").split("\x1f")
                changes = []
                index += 1
            elif token.startswith(b":") and index + 1 < len(tokens):
                change = _raw_change(token, tokens[index + 1], worktree=False)
                if change is not None:
                    changes.append(change)
                index += 2
            else:
                index += 1
        if header is not None:
            yield _commit(header, changes, short)

    def tags(self, limit: int) -> list[tuple[str, str, str]]:
        """The newest `limit` tags that name a commit: (name, date, subject), newest first
        (an annotated tag by its own date and message, a plain one by its commit's)."""
        out = self.git(
            "for-each-ref",
            "--sort=-creatordate",
            f"--count={max(0, limit) * 2}",
            "--format=%(refname:short)%1f%(creatordate:iso-strict)%1f%(subject)"
            "%1f%(objecttype)%1f%(*objecttype)",
            "refs/tags",
        )
        found: list[tuple[str, str, str]] = []
        for line in out.decode("utf-8", "replace").splitlines():
            name, date, subject, kind, target = [*line.split("\x1f"), *[""] * 5][:5]
            if "commit" in (kind, target) and len(found) < limit:
                found.append((name, date, subject))
        return found

    def recent(self, paths: Sequence[str], limit: int) -> list[tuple[str, str, str]]:
        """The last `limit` commits (merges left out) that changed a file under `paths`:
        (short id, author date, subject), newest first.  None in a repository without
        commits."""
        if not self.has_commits():
            return []
        out = self.git(
            "log",
            f"--max-count={max(0, limit)}",
            "--format=%h%x1f%aI%x1f%s",
            "--no-merges",
            "--no-color",
            "--no-show-signature",
            "--",
            *paths,
        )
        found: list[tuple[str, str, str]] = []
        for line in out.decode("utf-8", "replace").splitlines():
            short, date, subject = [*line.split("\x1f"), "", ""][:3]
            if short:
                found.append((short, date, subject))
        return found

    def _abbreviation(self) -> int:
        """How many digits git shortens commit ids to in this repository (%h cannot be
        asked for beside blob ids written in full)."""
        try:
            return len(self.git("rev-parse", "--short", "HEAD").strip()) or 7
        except GitError:
            return 7

    # -- contents ----------------------------------------------------------------------------

    def reader(self) -> BlobReader:
        """A reader of blobs by id, through one `git cat-file --batch` (use it in `with`)."""
        return BlobReader(self.root)


class BlobReader:
    """The contents of blobs, one `git cat-file --batch` process for all of them: following
    an entity through hundreds of commits starts git once, not hundreds of times."""

    def __init__(self, root: Path) -> None:
        try:
            self._process = subprocess.Popen(
                ["git", "-C", str(root), "cat-file", "--batch"],
                stdin=subprocess.PIPE,
                stdout=subprocess.PIPE,
                stderr=subprocess.DEVNULL,
                env=_environment(),
            )
        except OSError as error:
            raise _not_installed(error) from None

    def read(self, blob: str) -> bytes:
        stdin, stdout = self._process.stdin, self._process.stdout
        assert stdin is not None and stdout is not None
        try:
            stdin.write(blob.encode("ascii") + b"\n")
            stdin.flush()
            head = stdout.readline().split()
        except OSError as error:
            raise GitError(
                _("git cat-file stopped: {reason}").format(
                    reason=_shown(error.strerror or str(error))
                )
            ) from None
        if len(head) != 3 or head[1] != b"blob":
            raise GitError(_("git has no file {blob} (a damaged repository?)").format(blob=blob))
        data = stdout.read(int(head[2]))
        stdout.read(1)  # the line break after the contents
        return data

    def close(self) -> None:
        for stream in (self._process.stdin, self._process.stdout):
            if stream is not None:
                stream.close()
        self._process.wait()

    def __enter__(self) -> BlobReader:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def _commit(header: list[str], changes: list[FileChange], short: int) -> Commit:
    sha, parents, date, author, email, subject = (header + [""] * 6)[:6]
    parent = parents.split()[0][:short] if parents.split() else ""
    return Commit(sha, sha[:short], date, author, email, subject, parent, tuple(changes))


def _raw_changes(tokens: list[bytes], *, worktree: bool) -> Iterator[FileChange]:
    index = 0
    while index + 1 < len(tokens):
        token = tokens[index].lstrip(b"\n")
        if token.startswith(b":"):
            change = _raw_change(token, tokens[index + 1], worktree=worktree)
            if change is not None:
                yield change
            index += 2
        else:
            index += 1


def _raw_change(meta: bytes, name: bytes, *, worktree: bool) -> FileChange | None:
    """One line of `--raw` output: `:old_mode new_mode old_blob new_blob status`.  Only
    regular files count (a link or a submodule is not a fact file)."""
    parts = meta[1:].split()
    if len(parts) < 5:
        return None
    old_mode, new_mode, old, new = (p.decode() for p in parts[:4])
    regular = ("100644", "100755")
    old_blob = old if old_mode in regular and set(old) != {"0"} else None
    if new_mode in regular:
        new_blob: str | None = "" if worktree else new
    else:
        new_blob = None
    if old_blob is None and new_blob is None:
        return None
    return FileChange(os.fsdecode(name), old_blob, new_blob)


def _environment() -> dict[str, str]:
    env = dict(os.environ)
    env["GIT_OPTIONAL_LOCKS"] = "0"  # read only: not even the index's stat cache written
    env["GIT_TERMINAL_PROMPT"] = "0"
    env.pop("GIT_PAGER", None)
    env["GIT_LITERAL_PATHSPECS"] = "1"  # a file named '*.yaml' is that file, not a pattern
    env["LC_ALL"] = "C"  # git's messages in one language, so that they can be recognised
    env.pop("LANGUAGE", None)
    return env


def _run(folder: Path, args: list[str], *, input: bytes | None = None) -> bytes:
    try:
        done = subprocess.run(
            ["git", "-C", str(folder), "-c", "core.quotepath=off", *args],
            input=input,
            capture_output=True,
            env=_environment(),
            check=False,
        )
    except OSError as error:
        raise _not_installed(error) from None
    if done.returncode != 0:
        message = done.stderr.decode("utf-8", "replace").strip().splitlines()
        first = next(
            (line for line in message if line.strip()),
            _("exit code {code}").format(code=done.returncode),
        )
        raise GitError(f"git {args[0]}: {_shown(first.removeprefix('fatal: '))}")
    return done.stdout


def _not_installed(error: OSError) -> GitError:
    if isinstance(error, FileNotFoundError):
        return GitError(
            _(
                "git is not installed (or not on PATH); the history of a fact base "
                "is read through it"
            )
        )
    return GitError(
        _("cannot run git: {reason}").format(reason=_shown(error.strerror or str(error)))
    )


def _shown(text: str) -> str:
    from tui.safetext import safe_line

    return safe_line(text)
