"""Where an entity is written: the file, line and column of its `- id:` line and of each of
its fields, for `facts edit` (and, later, the browser's `e`).

Loading a valid base never pays for this: positions are worked out on demand, for one entity.
The file is found by looking for the id's text in the fact files' bytes (a base that already
knows the file — a store that keeps each entity's file — hands it in and nothing else is
read).  Inside the file, the entity's own lines are composed by the loader's located-node
reader (`tui.load.yamlread.compose`): from its `- id:` line to the next line indented as
little as the dash, which is the whole entity in block-style YAML, a millisecond even in a
4 MB file.  When that cannot be trusted — the id's line is written twice (once inside a
block of text, say), the entity is written in flow style (`{id: …}`) or with escapes, or
its lines use an anchor defined elsewhere — the whole file is composed instead, and the
first entity of a collection with that id is the answer, as the loader counts it.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from types import MappingProxyType

import yaml

from tui.load.yamlread import compose, decode, position
from tui.schema import COLLECTIONS

__all__ = [
    "Found",
    "Position",
    "Span",
    "Written",
    "find_entity",
    "locate_entity",
    "may_define",
    "spans_of",
]


@dataclass(frozen=True, slots=True)
class Position:
    """A place in a fact file; line and column count from 1, as editors do."""

    path: Path
    line: int
    column: int

    def __str__(self) -> str:
        return f"{self.path}:{self.line}:{self.column}"


@dataclass(frozen=True, slots=True)
class Written:
    """Where an entity is written."""

    entity_id: str
    collection: str
    """The collection it is listed under (`events`, …)."""
    at: Position
    """Its first line: the `id` of `- id: …` (the column of `id`, as `facts check` points)."""
    fields: Mapping[str, Position]
    """Each of its fields (the key), in file order; empty when the file did not compose
    (a syntax error elsewhere in it) and only the `- id:` line could be found."""

    @property
    def path(self) -> Path:
        return self.at.path


@dataclass(frozen=True, slots=True)
class Span:
    """The text an entity's `- id:` line begins, as found without parsing."""

    start: int
    """Index of the start of the `- id:` line."""
    end: int
    """Index past the entity's last line (the next line indented as little as its dash)."""
    dash: bool
    """Whether the line starts the list item (`- id: …`) rather than continuing it."""


@dataclass(frozen=True, slots=True)
class Found:
    """An entity's node in a text: `node` is its mapping, `line_offset` the lines before the
    text it was composed from (`snippet`, or the whole text when None)."""

    node: yaml.MappingNode
    collection: str
    line_offset: int
    snippet: str | None


def locate_entity(
    entity_id: str, files: Sequence[Path], known: Path | None = None
) -> Written | None:
    """Where `entity_id` is written among `files` (the base's fact files, in the loader's
    order), or None.  `known` is the file a store says holds it: looked at first, alone."""
    if known is not None:
        found = _in_files(entity_id, [known])
        if found is not None:
            return found
    return _in_files(entity_id, [f for f in files if f != known])


def _in_files(entity_id: str, files: Sequence[Path]) -> Written | None:
    texts: list[tuple[Path, str]] = []
    needle = entity_id.encode()
    for path in files:
        try:
            data = path.read_bytes()
        except OSError:
            continue  # what cannot be read is `facts check`'s to report
        if needle not in data and b"\\" not in data and not _utf16(data):
            continue
        text = decode(data, str(path))[0]
        if text is not None:
            texts.append((path, text))
    candidates = [(path, text, span) for path, text in texts for span in spans_of(text, entity_id)]
    if len(candidates) == 1:
        path, text, span = candidates[0]
        found = _from_span(text, span, entity_id)
        if found is not None:
            return _written(entity_id, path, found)
    unparsed: list[tuple[Path, str, Span]] = []
    for path, text in texts:
        if not may_define(text, entity_id):
            continue
        try:
            found = _whole(text, entity_id)
        except yaml.YAMLError:
            unparsed.extend((path, text, span) for span in spans_of(text, entity_id))
            continue
        if found is not None:
            return _written(entity_id, path, found)
    if unparsed:  # a file with a syntax error: its `- id:` line is still worth opening
        path, text, span = unparsed[0]
        line, column = position(text, span.start)
        start = _LINE_START.match(text, span.start)
        indent = len(start.group()) if start else 0
        at = Position(path, line, column + indent)
        return Written(
            entity_id, _collection_before(text, span.start) or "", at, MappingProxyType({})
        )
    return None


def _utf16(data: bytes) -> bool:
    return data.startswith((b"\xff\xfe", b"\xfe\xff"))


def _written(entity_id: str, path: Path, found: Found) -> Written:
    offset = found.line_offset
    fields: dict[str, Position] = {}
    for key, _ in found.node.value:
        if isinstance(key, yaml.ScalarNode) and key.value not in fields:
            mark = key.start_mark
            fields[key.value] = Position(path, mark.line + 1 + offset, mark.column + 1)
    mark = found.node.start_mark
    at = Position(path, mark.line + 1 + offset, mark.column + 1)
    return Written(entity_id, found.collection, at, MappingProxyType(fields))


# -- in one text -----------------------------------------------------------------------------


def find_entity(text: str, entity_id: str) -> Found | None:
    """The entity's node in one file's text, or None when the file does not define it.
    Raises yaml.YAMLError when it had to compose the whole text and that is not YAML."""
    spans = list(spans_of(text, entity_id))
    if len(spans) == 1:
        found = _from_span(text, spans[0], entity_id)
        if found is not None:
            return found
    if not may_define(text, entity_id):
        return None
    return _whole(text, entity_id)


def may_define(text: str, entity_id: str) -> bool:
    """Whether `text` may define `entity_id` in any way YAML allows — `id: x` in block or
    flow style, quoted or not, with an anchor or tag, the value on the next line — or with
    an escape (`id: "\\x78"`).  False for the many files that only link to it: those are
    never composed whole in search of it."""
    escaped = re.escape(entity_id)
    anywhere = re.compile(
        rf"""\bid['"]?[ \t]*:\s*(?:[&!]\S*\s+)*['"]?{escaped}['"]?(?=[\s,}}\]#]|$)"""
        r"""|\bid['"]?[ \t]*:\s*(?:[&!]\S*\s+)*"[^"\n]*\\"""
    )
    return anywhere.search(text) is not None


def spans_of(text: str, entity_id: str) -> Iterator[Span]:
    """Every line of `text` that reads `id: ENTITY_ID` in block style (`- id: x`,
    `  id: 'x'  # comment`), found by looking for the id's text, not by parsing."""
    line = re.compile(
        r"(?P<indent>[ ]*)(?P<dash>-[ \t]+)?(?:id|'id'|\"id\")[ \t]*:[ \t]+"
        rf"(?:{re.escape(entity_id)}|'{re.escape(entity_id)}'|\"{re.escape(entity_id)}\")"
        r"[ \t]*(?:#[^\n]*)?\r?"
    )
    seen = -1
    start = text.find(entity_id)
    while start >= 0:
        line_start = text.rfind("\n", 0, start) + 1
        line_end = text.find("\n", start)
        line_end = len(text) if line_end < 0 else line_end
        if line_start != seen:
            seen = line_start
            match = line.fullmatch(text, line_start, line_end)
            if match is not None:
                yield Span(
                    line_start,
                    _entity_end(text, line_end, len(match["indent"])),
                    match["dash"] is not None,
                )
        start = text.find(entity_id, line_end)


def _entity_end(text: str, line_end: int, indent: int) -> int:
    """Past the last line of the entity whose first line ends at `line_end`: the next line
    that holds something (not a comment) at an indentation of at most `indent` (the next
    item, the next collection, the end of the document) starts what follows."""
    follows = re.compile(rf"^[ ]{{0,{indent}}}[^ \t\r\n#]", re.MULTILINE)
    match = follows.search(text, line_end)
    return match.start() if match else len(text)


_LINE_START = re.compile(r"[ ]*(?:-[ \t]+)?")
_TOP_KEY = re.compile(r"^([A-Za-z_][\w-]*)[ \t]*:(?=[ \t\r\n]|$)", re.MULTILINE)


def _collection_before(text: str, start: int) -> str | None:
    """The top-level key (at column 0) the entity starting at `start` is listed under."""
    last = None
    for last in _TOP_KEY.finditer(text, 0, start):  # noqa: B007 - the last one is wanted
        pass
    name = last.group(1) if last else None
    return name if name in COLLECTIONS else None


def _from_span(text: str, span: Span, entity_id: str) -> Found | None:
    """The entity composed from its own lines, or None when they are not the whole of one
    list item that defines it (then the whole text must be composed)."""
    if not span.dash:
        return None
    collection = _collection_before(text, span.start)
    if collection is None:
        return None
    snippet = text[span.start : span.end]
    try:
        node = compose(snippet)
    except yaml.YAMLError:  # an alias to an anchor elsewhere, a quote left open …
        return None
    if not (isinstance(node, yaml.SequenceNode) and len(node.value) == 1):
        return None
    item = node.value[0]
    if not isinstance(item, yaml.MappingNode) or _id_of(item) != entity_id:
        return None
    offset = position(text, span.start)[0] - 1
    return Found(item, collection, offset, snippet)


def _whole(text: str, entity_id: str) -> Found | None:
    root = compose(text)
    if not isinstance(root, yaml.MappingNode):
        return None
    for key, value in root.value:
        if not (isinstance(key, yaml.ScalarNode) and key.value in COLLECTIONS):
            continue
        if not isinstance(value, yaml.SequenceNode):
            continue
        for item in value.value:
            if isinstance(item, yaml.MappingNode) and _id_of(item) == entity_id:
                return Found(item, key.value, 0, None)
    return None


def _id_of(node: yaml.MappingNode) -> str | None:
    for key, value in node.value:
        if isinstance(key, yaml.ScalarNode) and key.value == "id":
            return value.value if isinstance(value, yaml.ScalarNode) else None
    return None
