"""A small fact base in a temporary git repository with real commits, for the tests of
`facts diff` and `facts log`: git itself runs, with a configuration of the test's own (no
user's global settings), fixed names and dates.  A pytest plugin: a test module asks for it
with `pytest_plugins = ("gitbase",)` and imports nothing from it at run time."""

from __future__ import annotations

import os
import subprocess
import textwrap
from collections.abc import Callable
from pathlib import Path

import pytest

SOURCES = """\
sources:
  - id: src-a
    title: Press release A
    language: en
  - id: src-b
    title: Article B
    language: de
"""

PLACES = """\
places:
  - id: japan
    name: {de: Japan, en: Japan}
    kind: country
    sources: [src-a]
  - id: tokyo
    name: {de: Tokio, en: Tokyo}
    kind: city
    part_of: japan
    sources: [src-a]
"""

PARTICIPANTS = """\
participants:
  - id: city-of-essen
    name: {de: Stadt Essen, en: City of Essen}
    kind: government
    sources: [src-a]
  - id: toshiba
    name: Toshiba
    kind: organisation
    sources: [src-a]
"""

THEMES = """\
themes:
  - id: energy
    name: {de: Energie, en: Energy}
    sources: [src-a]
"""

EVENTS = """\
# The events.
events:
  - id: visit-2017
    name: {de: Besuch in Tokio, en: Visit to Tokyo}
    kind: visit
    date: "2017-11-30"
    place: tokyo
    participants:
      - participant: city-of-essen
        role: delegation
    themes: [energy]
    sources: [src-a]

  - id: reception-2017
    name: {de: Empfang, en: Reception}
    kind: reception
    date: "2017-12-01"
    place: tokyo
    sources: [src-a]
"""

FILES = {
    "sources.yaml": SOURCES,
    "places.yaml": PLACES,
    "participants.yaml": PARTICIPANTS,
    "themes.yaml": THEMES,
    "events.yaml": EVENTS,
}


class Repo:
    """A repository whose fact base is `facts/` below its top."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.facts = root / "facts"
        self.commits = 0

    def git(self, *args: str) -> str:
        self.commits += args[0] == "commit"
        date = f"2025-05-{10 + self.commits:02d}T12:00:00+09:00"
        env = {**os.environ, "GIT_AUTHOR_DATE": date, "GIT_COMMITTER_DATE": date}
        done = subprocess.run(
            ["git", "-C", str(self.root), *args],
            capture_output=True,
            text=True,
            env=env,
            check=True,
        )
        return done.stdout

    def write(self, name: str, text: str) -> Path:
        path = self.facts / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(textwrap.dedent(text), encoding="utf-8")
        return path

    def edit(self, name: str, old: str, new: str) -> None:
        path = self.facts / name
        text = path.read_text(encoding="utf-8")
        assert old in text, f"{old!r} not in {name}"
        path.write_text(text.replace(old, new, 1), encoding="utf-8")

    def commit(self, message: str) -> str:
        self.git("add", "-A")
        self.git("commit", "-q", "-m", message)
        return self.git("rev-parse", "HEAD").strip()


@pytest.fixture
def git_isolated(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """git without the user's or the system's configuration."""
    monkeypatch.setenv("GIT_CONFIG_GLOBAL", str(tmp_path / "gitconfig"))
    monkeypatch.setenv("GIT_CONFIG_NOSYSTEM", "1")
    (tmp_path / "gitconfig").write_text(
        "[user]\n\tname = Anna Schmidt\n\temail = anna@example.org\n"
        "[init]\n\tdefaultBranch = main\n",
        encoding="utf-8",
    )
    for name in ("GIT_DIR", "GIT_WORK_TREE", "GIT_INDEX_FILE"):
        monkeypatch.delenv(name, raising=False)


@pytest.fixture
def new_repo(git_isolated: None) -> Callable[[Path], Repo]:
    """Makes an empty repository (`git init`, a user name and e-mail of its own) at a path."""

    def make(root: Path) -> Repo:
        made = Repo(root)
        root.mkdir(parents=True)
        made.git("init", "-q")
        made.git("config", "user.name", "Anna Schmidt")
        made.git("config", "user.email", "anna@example.org")
        return made

    return make


@pytest.fixture
def repo(tmp_path: Path, new_repo: Callable[[Path], Repo]) -> Repo:
    """The small base, committed once ("The base")."""
    made = new_repo(tmp_path / "repo")
    for name, text in FILES.items():
        made.write(name, text)
    made.commit("The base")
    return made


@pytest.fixture
def loose(tmp_path: Path, git_isolated: None, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The small base in a folder outside any git repository (git is told not to look
    above the test's folder, wherever that is)."""
    folder = tmp_path / "loose"
    folder.mkdir()
    for name, text in FILES.items():
        (folder / name).write_text(text, encoding="utf-8")
    monkeypatch.setenv("GIT_CEILING_DIRECTORIES", str(tmp_path))
    return folder
