"""A new, empty fact base: what `facts init DIR` writes.

One file per collection, each opening with the YAML language server's modeline (so that an
editor checks and completes while one types) and a commented example of an entry, the
JSON Schema beside them, a README on adding facts, and a pre-commit configuration that runs
`facts check` before each commit.  The base is valid as written; uncommenting every example
keeps it valid (a test does exactly that).
"""

from __future__ import annotations

import os
from pathlib import Path

from tui import __version__
from tui.jsonschema import json_schema_text

__all__ = ["FILES", "PROJECT_URL", "NotEmpty", "write_base"]

PROJECT_URL = "https://example.org/REPLACE-WITH-THE-URL-OF-FACTS.git"
"""Where the `facts-check` hook comes from, as written into the new base's pre-commit
configuration.  The project has no public address of its own yet: the README of the new
base says what to put there."""

MODELINE = "# yaml-language-server: $schema=./schema.json\n"


class NotEmpty(Exception):
    """The folder exists and holds something: nothing is written into it."""


_SOURCES = """\
#
# Sources: the documents the facts are taken from (a press release, an article, a report).
# Every other entry cites one or more of them by id, and every fact must have one.
#
# Add one under `sources:` below, indented by two spaces, like this (without the "# "):
#
#   - id: example-press-release-2025
#     title: Delegation from Example City visits Tokyo
#     kind: press release
#     publisher: City of Example, press office
#     published: "2025-05-12"
#     url: https://www.example.org/press/2025-05-12
#     language: en
"""

_PLACES = """\
#
# Places: countries, states, prefectures, cities, districts, venues.  A place is not the
# government body of the same name: the city as a place is `example-city`, its city
# administration (which signs agreements) a participant, `city-of-example`.
#
# Add one under `places:` below, indented by two spaces, like this (without the "# "):
#
#   - id: example-city
#     name: {de: Beispielstadt, en: Example City}
#     kind: city
#     sources: [example-press-release-2025]
"""

_PARTICIPANTS = """\
#
# Participants: people, organisations and government bodies (kind: person, organisation or
# government).
#
# Add one under `participants:` below, indented by two spaces, like this (without the "# "):
#
#   - id: city-of-example
#     name: {de: Stadt Beispielstadt, en: City of Example}
#     kind: government
#     type: city
#     seat: example-city
#     sources: [example-press-release-2025]
"""

_THEMES = """\
#
# Themes: the fields of cooperation, arranged in a tree by `broader` (the id of the broader
# theme).
#
# Add one under `themes:` below, indented by two spaces, like this (without the "# "):
#
#   - id: example-theme
#     name: {de: Wasserstofftechnologien, en: Hydrogen technologies}
#     sources: [example-press-release-2025]
"""

_EVENTS = """\
#
# Events: what happened (a delegation trip, a visit, a signing, a reception), when, where,
# who took part in which role, on which themes.  A trip holds its visits through `part_of`.
# Write a date with the precision the source gives, in quotes: "2025", "2025-05", "2025-05-12".
#
# Add one under `events:` below, indented by two spaces, like this (without the "# "):
#
#   - id: example-visit-2025
#     name: {de: Besuch in Tokio, en: Visit to Tokyo}
#     kind: visit
#     date: "2025-05-12"
#     place: example-city
#     participants:
#       - participant: city-of-example
#         role: delegation
#     themes: [example-theme]
#     sources: [example-press-release-2025]
"""

FILES: dict[str, str] = {
    "sources.yaml": MODELINE + _SOURCES + "\nsources:\n",
    "places.yaml": MODELINE + _PLACES + "\nplaces:\n",
    "participants.yaml": MODELINE + _PARTICIPANTS + "\nparticipants:\n",
    "themes.yaml": MODELINE + _THEMES + "\nthemes:\n",
    "events.yaml": MODELINE + _EVENTS + "\nevents:\n",
}
"""The fact files, one per collection, in the order a reader meets them."""


_README = """\
# A fact base

This folder is a fact base for `facts`, a terminal fact browser: events, the people and
organisations taking part in them, the places they happen in, the themes of cooperation,
and the sources every fact is taken from. It is plain YAML, written by hand.

| file | holds |
| --- | --- |
| `sources.yaml` | the documents the facts are taken from |
| `places.yaml` | countries, cities, venues … |
| `participants.yaml` | people, organisations, government bodies |
| `themes.yaml` | the fields of cooperation, as a tree |
| `events.yaml` | trips, visits, signings, receptions … |
| `schema.json` | the JSON Schema of a fact file (`facts schema` writes it anew) |

Any `*.yaml` file in this folder (or below it, outside hidden folders) is read, and any file
may hold any collection: split them as you like (`events-2026.yaml`).

## Adding facts

1. Add the source first, in `sources.yaml`. Every entry cites the ids of its sources.
2. Add what the source reports: places, participants, themes, then the events that link
   them. Each file shows a commented example of an entry; copy it below the collection's
   key, indented by two spaces, and change it. Ids are lowercase, with `-` between words,
   and unique in the whole base.
3. Write descriptions in your own words; facts and figures come from the source.

Editors with the YAML language server (VS Code with the YAML extension, Neovim, …) check and
complete each file while you type, from the first line of each file.

## The edit loop

```sh
facts check --facts .        # every problem as file:line:column: message
facts browse --facts .       # the browser
facts edit ID --facts .      # your editor at the line where ID is written
facts diff --facts .         # what changed by entity since the last commit
git commit -am "…"
facts log ID --facts .       # the commits that changed ID
```

(Set `FACTS_PATH` to this folder, or `facts` in facts' config file, to leave out
`--facts .`.)

## Checking before each commit

`.pre-commit-config.yaml` runs `facts check` before every commit through
[pre-commit](https://pre-commit.com) (`pip install pre-commit`, then `pre-commit install`
in this repository). Before it can work, put in it:

- `repo:` the git address of the facts project (the repository holding its
  `.pre-commit-hooks.yaml`; the address you installed facts from), in place of the
  `example.org` placeholder;
- `rev:` a tag or commit of it (the version you use: `facts --version`).

Where this folder is not the top of its git repository, change `--facts .` in `args` to
the folder's path from the top. Where facts is installed already, a local hook needs no
address:

```yaml
repos:
  - repo: local
    hooks:
      - id: facts-check
        name: facts check
        entry: facts check --facts .
        language: system
        pass_filenames: false
        files: \\.(yaml|yml)$
```
"""

_PRE_COMMIT = f"""\
# pre-commit (https://pre-commit.com): `facts check` before every commit.
# Put the git address of the facts project in `repo` and one of its tags or commits in
# `rev` first: see README.md, "Checking before each commit".
repos:
  - repo: {PROJECT_URL}
    rev: v{__version__}
    hooks:
      - id: facts-check
        args: [--facts, .]
"""


def write_base(folder: Path) -> list[Path]:
    """Write a new base into `folder` (made if missing), and return the files written.
    Raises NotEmpty when the folder holds anything, OSError when it cannot be written."""
    if folder.exists() and not folder.is_dir():
        raise NotEmpty(f"{folder} is a file, not a folder")
    if folder.is_dir() and any(os.scandir(folder)):
        raise NotEmpty(f"{folder} is not empty")
    folder.mkdir(parents=True, exist_ok=True)
    contents = {
        **FILES,
        "schema.json": json_schema_text(),
        "README.md": _README,
        ".pre-commit-config.yaml": _PRE_COMMIT,
    }
    written = []
    for name, text in contents.items():
        path = folder / name
        with path.open("x", encoding="utf-8", newline="\n") as out:  # never over a file
            out.write(text)
        written.append(path)
    return written
