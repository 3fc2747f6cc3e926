"""Reading YAML safely: plain data only, bounded work, problems instead of exceptions.

Fact files are edited by hand, merged in git and shared between organisations, so the reader
assumes nothing about them.  It never builds Python objects from tags, keeps dates as the text
the author wrote (the schema decides what a date is), reports duplicate mapping keys (which
PyYAML would silently resolve by keeping the last one), and bounds the work a file can cause:
its size, its nesting depth and the number of values it holds once every alias is expanded.
The bounds are counted node by node while the file is composed, so work stops at the first
node past a limit: an "alias bomb" is refused after a few dozen nodes, in about a millisecond.
A file denser than fact YAML ever is gets its values counted on libyaml's event stream
first, which costs no memory.
"""

from __future__ import annotations

import codecs
import re
from collections.abc import Sequence
from pathlib import Path
from typing import Any, ClassVar

import yaml
from yaml.composer import Composer
from yaml.constructor import SafeConstructor
from yaml.resolver import Resolver

from tui.i18n import N_, _
from tui.load.files import not_a_file, unreadable
from tui.load.problems import PathPart, Problem, quote

try:  # libyaml is about four times faster; the pure-Python parser is the fallback.
    from yaml import CSafeLoader as _BaseLoader
    from yaml._yaml import CParser

    class _EventLoader(Composer, CParser, SafeConstructor, Resolver):
        """libyaml's parser under PyYAML's own composer, so that every node passes through
        `compose_node` (libyaml's composer would build the whole tree out of reach)."""

        def __init__(self, stream: str) -> None:
            CParser.__init__(self, stream)
            SafeConstructor.__init__(self)
            Resolver.__init__(self)
            Composer.__init__(self)

except ImportError:  # pragma: no cover - depends on how PyYAML was built
    # the pure-Python loader stands in for the C one: mypy sees two different classes
    from yaml import SafeLoader as _BaseLoader  # type: ignore[assignment]
    from yaml import SafeLoader as _EventLoader  # type: ignore[assignment]

MAX_FILE_BYTES = 8 * 1024 * 1024
"""Largest fact file read: 8 MiB, eighty times the whole shipped base and several seconds of
loading (about 0.6 s of CPU per MB of fact YAML); a base that large is better split into
several files, which an author can also find their way around."""

MAX_DEPTH = 64
"""Deepest nesting of lists and mappings.  The schema needs seven levels at most."""

MAX_NODES = 1_000_000
"""Most values (scalars, lists and mappings, keys included) in one file, counting every alias
as the values it stands for.  This bounds the memory of the node tree and the work of every
later step, which sees aliases expanded.  Fact YAML holds a value per 9-27 bytes (15 in a
typical generated base), so a real file meets the size limit first."""

_PLAIN_TAGS = {
    "tag:yaml.org,2002:" + name
    for name in ("null", "bool", "int", "float", "str", "seq", "map", "merge")
}


class _TooMuch(yaml.YAMLError):
    """A limit was broken: the message is the whole answer, at the node where it happened."""

    def __init__(self, mark: Any, message: str) -> None:
        super().__init__(message)
        self.mark = mark
        self.message = message


class _FactLoader(_EventLoader):
    """SafeLoader without timestamp resolution, with duplicate-key detection, and with the
    limits counted while the nodes are composed, so that work stops at the first node past
    a limit: an alias bomb is a few dozen nodes when it is refused."""

    # the stubs declare the attribute on the base as an instance variable; PyYAML reads it
    # from the class
    yaml_implicit_resolvers: ClassVar[dict[Any, list[tuple[str, Any]]]] = {  # type: ignore[misc]
        first: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:timestamp"]
        for first, resolvers in _BaseLoader.yaml_implicit_resolvers.items()
    }

    def __init__(self, stream: str, display: str) -> None:
        super().__init__(stream)
        self.display = display
        self.problems: list[Problem] = []
        self.nodes = 0
        """Values composed so far, each alias counted as the values it stands for."""
        self.depth = 0
        self.sizes: dict[str, int] = {}
        """Expanded size of every anchored value, once it is complete."""
        self.open_anchors: set[str] = set()
        """Anchors whose value is still being composed: an alias to one would be endless."""

    def compose_node(self, parent: yaml.Node | None, index: Any) -> yaml.Node:
        # PyYAML's Composer.compose_node with the limits counted in it: one call per node
        # matters, as this runs for every value of every file.  (Path resolvers, which the
        # original also serves, are not used by the safe loader.)
        event: Any = self.peek_event()
        kind = event.__class__
        anchor = event.anchor
        if kind is yaml.AliasEvent:
            self.get_event()
            if anchor not in self.anchors:
                raise yaml.composer.ComposerError(
                    None, None, f"found undefined alias {anchor!r}", event.start_mark
                )
            if anchor in self.open_anchors:
                raise _TooMuch(
                    event.start_mark,
                    _(
                        "alias '*{name}' is used inside the value it names, which "
                        "would make that value endless"
                    ).format(name=_name(anchor)),
                )
            # Every later step (checking, indexing, exporting) walks aliases expanded.
            self.nodes += self.sizes[anchor]
            if self.nodes > MAX_NODES:
                raise _TooMuch(event.start_mark, _(_ALIASES_TOO_MANY).format(limit=_limit()))
            return self.anchors[anchor]
        if anchor is not None and anchor in self.anchors:
            raise yaml.composer.ComposerError(
                f"found duplicate anchor {anchor!r}; first occurrence",
                self.anchors[anchor].start_mark,
                "second occurrence",
                event.start_mark,
            )
        first = self.nodes
        self.nodes += 1
        if self.nodes > MAX_NODES:
            raise _TooMuch(event.start_mark, _(_TOO_MANY).format(limit=_limit()))
        node: yaml.Node
        if kind is yaml.ScalarEvent:
            node = self.compose_scalar_node(anchor)
            if anchor is not None:
                self.sizes[anchor] = 1
            return node
        self.depth += 1
        if self.depth > MAX_DEPTH:
            raise _TooMuch(event.start_mark, _(_TOO_DEEP).format(depth=MAX_DEPTH))
        if anchor is not None:
            self.open_anchors.add(anchor)
        if kind is yaml.SequenceStartEvent:
            node = self.compose_sequence_node(anchor)
        else:
            node = self.compose_mapping_node(anchor)
        self.depth -= 1
        if anchor is not None:
            self.open_anchors.discard(anchor)
            self.sizes[anchor] = self.nodes - first
        return node

    def construct_mapping(self, node: yaml.MappingNode, deep: bool = False) -> dict[Any, Any]:
        seen: dict[Any, yaml.Node] = {}
        for key_node, _value in node.value:
            if isinstance(key_node, yaml.ScalarNode):
                key = key_node.value
                if key in seen:
                    first = seen[key].start_mark
                    self.problems.append(
                        _at(
                            self.display,
                            key_node.start_mark,
                            _(
                                "duplicate key {key} (first at line {line}, column {column}); "
                                "only one may stay"
                            ).format(key=quote(key), line=first.line + 1, column=first.column + 1),
                        )
                    )
                else:
                    seen[key] = key_node
        return super().construct_mapping(node, deep=deep)


def _unknown_tag(loader: _FactLoader, node: yaml.Node) -> None:
    tag = node.tag.replace("tag:yaml.org,2002:", "!!")
    raise yaml.constructor.ConstructorError(
        None,
        None,
        _("tag {tag} is not allowed: fact files hold plain data only").format(tag=quote(tag)),
        node.start_mark,
    )


# the stubs allow only str tags; None is PyYAML's documented key for 'any other tag'
_FactLoader.add_constructor(None, _unknown_tag)  # type: ignore[type-var]
# SafeLoader also builds bytes, sets, ordered pairs and datetimes from explicit tags; none of
# them is plain data the schema knows, so they are refused like any other tag.
for _tag in list(_FactLoader.yaml_constructors):
    if _tag is not None and _tag not in _PLAIN_TAGS:
        _FactLoader.add_constructor(_tag, _unknown_tag)  # type: ignore[type-var]  # as above


def _at(display: str, mark: Any, message: str) -> Problem:
    line = mark.line + 1 if mark is not None else 1
    column = mark.column + 1 if mark is not None else 1
    return Problem(display, line, column, message)


_LINE_BREAK = re.compile("\r\n|[\r\n\x85\u2028\u2029]")
"""What YAML (and so every line number libyaml reports) counts as the end of a line."""


def _lines(text: str) -> list[str]:
    return _LINE_BREAK.split(text)


def position(text: str, index: int) -> tuple[int, int]:
    """Line and column (from 1, in characters) of an index into `text`, counted as libyaml
    counts them, so that all positions in messages agree."""
    breaks = list(_LINE_BREAK.finditer(text, 0, index))
    line_start = breaks[-1].end() if breaks else 0
    return len(breaks) + 1, index - line_start + 1


_position = position


# -- bytes to text ---------------------------------------------------------------------------


def decode(data: bytes, display: str) -> tuple[str | None, list[Problem]]:
    """Text from bytes: UTF-8 (with or without BOM) or UTF-16 with a BOM."""
    if data.startswith(codecs.BOM_UTF8):
        data = data[len(codecs.BOM_UTF8) :]
        encoding = "utf-8"
    elif data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        encoding = "utf-16"
    else:
        encoding = "utf-8"
        nul = data.find(b"\x00")
        if nul >= 0:  # before decoding: a binary file is named as such, not as bad UTF-8
            return None, [_nul_problem(data, nul, display)]
    try:
        text = data.decode(encoding)
    except UnicodeDecodeError as error:
        line_start = data.rfind(b"\n", 0, error.start) + 1
        line = data.count(b"\n", 0, error.start) + 1
        column = len(data[line_start : error.start].decode(encoding, "replace")) + 1
        byte = data[error.start : error.start + 1].hex()
        return None, [
            Problem(
                display,
                line,
                column,
                _("not valid {encoding} text (byte 0x{byte})").format(
                    encoding=encoding.upper(), byte=byte
                ),
            )
        ]
    if encoding == "utf-16" and text.startswith("\ufeff"):
        text = text[1:]
    nul = text.find("\x00")
    if nul >= 0:
        line, column = _position(text, nul)
        return None, [
            Problem(
                display,
                line,
                column,
                _("NUL character: this looks like a binary file, not YAML text"),
            )
        ]
    return text, []


def too_large(display: str) -> Problem:
    return Problem(
        display,
        1,
        1,
        _(
            "file is larger than {size} MiB, the limit for one fact "
            "file; split it into several files"
        ).format(size=MAX_FILE_BYTES // (1024 * 1024)),
    )


def _nul_problem(data: bytes, nul: int, display: str) -> Problem:
    head = data[:64]
    if (
        len(head) >= 4
        and (head[1::2].count(0) >= len(head) // 4 or head[::2].count(0) >= len(head) // 4)
        and data.count(0) * 3 >= len(data)
    ):
        # Every other byte NUL: UTF-16 saved without its byte-order mark.
        return Problem(
            display,
            1,
            1,
            _("this looks like UTF-16 text without a byte-order mark; save the file as UTF-8"),
        )
    line = data.count(b"\n", 0, nul) + 1
    line_start = data.rfind(b"\n", 0, nul) + 1
    column = len(data[line_start:nul].decode("utf-8", "replace")) + 1
    return Problem(
        display, line, column, _("NUL byte: this looks like a binary file, not YAML text")
    )


def read_yaml(path: Path, display: str) -> tuple[Any, list[Problem]]:
    """Parse one file into plain data, or say exactly why not."""
    try:
        info = path.stat()
        kind = not_a_file(info.st_mode)
        if kind is not None:
            # Opening a pipe would wait for a writer; a device may never end.
            return None, [unreadable(display, "the file", kind)]
        if info.st_size > MAX_FILE_BYTES:
            return None, [too_large(display)]
        with path.open("rb") as stream:
            # The size stat() gave, plus whatever the file grew by meanwhile, up to one byte
            # past the limit (asking for the limit itself would allocate 8 MiB every time).
            data = stream.read(min(info.st_size, MAX_FILE_BYTES) + 1)
            if len(data) > info.st_size:
                data += stream.read(MAX_FILE_BYTES + 1 - len(data))
    except OSError as error:
        return None, [unreadable(display, "the file", error.strerror or str(error))]
    if len(data) > MAX_FILE_BYTES:
        return None, [too_large(display)]
    text, problems = decode(data, display)
    if text is None:
        return None, problems
    return parse_text(text, display)


# -- text to data ----------------------------------------------------------------------------


def parse_text(text: str, display: str) -> tuple[Any, list[Problem]]:
    directive = _directive_problem(text, display)
    if directive is not None:
        return None, [directive]
    loader = _FactLoader(text, display)
    try:
        if _node_bound(text) > MAX_NODES:
            _count_nodes(text)
        data = loader.get_single_data()
    except _TooMuch as error:
        return None, [_at(display, error.mark, error.message)]
    except yaml.YAMLError as error:
        return None, [*loader.problems, _syntax_problem(error, text, display)]
    except RecursionError:  # pragma: no cover - the depth limit comes first
        return None, [Problem(display, 1, 1, _(_TOO_DEEP).format(depth=MAX_DEPTH))]
    finally:
        loader.dispose()
    return data, loader.problems


_PROLOGUE = re.compile(r"\A(?:[ \t]*(?:#[^\r\n]*)?(?:\r\n|[\r\n]))*%")
"""A text whose first line that is not blank or a comment is a directive (`%YAML 1.2`)."""
_DOCUMENT_START = re.compile(r"^---(?=[ \t\r\n]|$)", re.MULTILINE)


def _directive_problem(text: str, display: str) -> Problem | None:
    """libyaml accepts some malformed directives (`%YAML 1.1#…`, a tab inside `%YAML 1.1`,
    a line holding a tab before `---`) and reads the file as empty; the pure-Python scanner,
    run over the few lines before the document starts, finds what is wrong and where."""
    if not _PROLOGUE.match(text):
        return None
    start = _DOCUMENT_START.search(text)
    prologue = text[: start.end()] if start else text
    try:
        for _token in yaml.scan(prologue, Loader=yaml.SafeLoader):
            pass
    except yaml.MarkedYAMLError as error:
        if error.context == "while scanning a directive" and error.problem_mark is not None:
            line = _lines(text)[error.context_mark.line] if error.context_mark else ""
            name = line.split()[0] if line.split() else "%"
            return Problem(
                display,
                *_inside(text, error.problem_mark),
                _("malformed {name} directive: {problem}").format(
                    name=quote(name), problem=_plain(error.problem or "")
                ),
            )
        return _syntax_problem(error, text, display)
    except yaml.YAMLError as error:
        return _syntax_problem(error, text, display)
    return None


def _node_bound(text: str) -> int:
    """More than the number of values `text` can hold (about three times as many in fact
    YAML), counted at C speed: each value but the first follows one of these characters, and
    may bring an empty value with it."""
    return 2 * sum(text.count(ch) for ch in ",:-?[{\n*") + 2


def _count_nodes(text: str) -> None:
    """Refuse a file denser than real fact files before any node is built: composing half a
    million nodes would take seconds and a few hundred megabytes before the limit is hit,
    while libyaml's event stream costs a fraction of that and no memory."""
    nodes = 0
    for event in yaml.parse(text, Loader=_BaseLoader):
        if isinstance(event, yaml.NodeEvent):
            nodes += 1
            if nodes > MAX_NODES:
                raise _TooMuch(event.start_mark, _(_TOO_MANY).format(limit=_limit()))


def _limit() -> str:
    return f"{MAX_NODES:,}".replace(",", " ")


_TOO_MANY = N_("more than {limit} values in one file; split it into several files")
_ALIASES_TOO_MANY = N_(
    "aliases expand to more than {limit} values (an 'alias bomb'?); the "
    "limit for one fact file is {limit}"
)


def _name(anchor: str) -> str:
    return quote(anchor)[1:-1]


_TOO_DEEP = N_("nested more than {depth} levels deep; fact files need only a few levels")
_CONTROL_NAMES = {0x07: "BEL", 0x08: "BS", 0x1B: "ESC", 0x7F: "DEL", 0x9B: "CSI"}
_ALIAS = re.compile(r"\*([^\s,\[\]{}]+)")


def _syntax_problem(error: yaml.YAMLError, text: str, display: str) -> Problem:
    """One clear line for a YAML error, in the words of someone editing the file."""
    if isinstance(error, yaml.reader.ReaderError):
        line, column = _position(text, error.position)
        code = error.character if isinstance(error.character, int) else ord(error.character)
        name = _CONTROL_NAMES.get(code)
        what = f"U+{code:04X}" + (f" ({name})" if name else "")
        if code < 0x20 or 0x7F <= code <= 0x9F:
            return Problem(
                display,
                line,
                column,
                _(
                    "control character {what} is not allowed in YAML text; delete "
                    'it, or write it as "{escape}" inside double quotes'
                ).format(what=what, escape=f"\\x{code:02x}"),
            )
        return Problem(
            display,
            line,
            column,
            _("character {what} is not allowed in YAML text").format(what=what),
        )
    if not isinstance(error, yaml.MarkedYAMLError):
        return Problem(display, 1, 1, _("YAML error: {error}").format(error=error))
    mark = error.problem_mark or error.context_mark
    tab = _tab_in_indentation(text, mark)
    if tab is not None and not isinstance(error, yaml.constructor.ConstructorError):
        return Problem(
            display, *tab, _("tab character used for indentation; YAML indents with spaces")
        )
    return Problem(display, *_inside(text, mark), _marked_message(error, text, mark))


def _marked_message(error: yaml.MarkedYAMLError, text: str, mark: Any) -> str:
    problem = error.problem or ""
    context = error.context or ""
    start = error.context_mark
    if isinstance(error, yaml.constructor.ConstructorError):
        if problem == "found unhashable key":
            return _("a mapping key must be plain text, not a list or mapping")
        return problem or context or _("invalid YAML")
    if problem == "exceeded maximum nesting depth" or context == "exceeded maximum nesting depth":
        return _(_TOO_DEEP).format(depth=MAX_DEPTH)
    if problem == "but found another document":
        return _(
            "a second YAML document ('---'): a fact file holds one document; move the "
            "rest into a file of its own"
        )
    if problem.startswith("found undefined alias"):
        alias = _ALIAS.match(_line_from(text, mark))
        name = _name(alias.group(1)) if alias else ""
        return _("alias '*{name}' has no anchor '&{name}' before it").format(name=name)
    if problem == "second occurrence" and start is not None:
        return _("the same anchor is defined twice (first at line {line}, column {column})").format(
            line=start.line + 1, column=start.column + 1
        )
    if problem == "found unexpected end of stream" and "quoted scalar" in context and start:
        return _(
            "the quoted text that starts at line {line}, column {column} is never closed"
        ).format(line=start.line + 1, column=start.column + 1)
    if problem.startswith("mapping values are not allowed"):
        return _(
            "YAML syntax error: unexpected ':' here; put the value in quotes if the ':' "
            "is part of the text, otherwise indent the line like the lines it belongs "
            "with"
        )
    message = _("YAML syntax error: {problem}").format(
        problem=_plain(problem or context or "invalid YAML")
    )
    if problem in _INDENTATION_SYMPTOMS:
        message += _("; is this line indented like the lines it belongs with?")
    return message


def _inside(text: str, mark: Any) -> tuple[int, int]:
    """Line and column of a mark, kept inside the file: at the end of a file without a final
    line break, libyaml reports a line that does not exist."""
    if mark is None:
        return 1, 1
    if mark.line >= len(_lines(text)):
        return _position(text, len(text))
    return mark.line + 1, mark.column + 1


_INDENTATION_SYMPTOMS = {"did not find expected key", "did not find expected '-' indicator"}
"""What libyaml says when a line is indented one space too few or too many."""


_JARGON = (
    ("flow mapping", "{…} mapping"),
    ("flow sequence", "[…] list"),
    ("block mapping", "mapping"),
    ("block sequence", "list"),
    ("block collection", "list or mapping"),
    ("quoted scalar", "quoted text"),
    ("plain scalar", "value"),
    ("block scalar", "block of text"),
    ("scalar", "value"),
)


def _plain(message: str) -> str:
    """libyaml's words in the words of the person editing the file."""
    for jargon, plain in _JARGON:
        message = message.replace(jargon, plain)
    return message


def _line_from(text: str, mark: Any) -> str:
    lines = _lines(text)
    if mark is None or mark.line >= len(lines):
        return ""
    return str(lines[mark.line][mark.column :])


def _tab_in_indentation(text: str, mark: Any) -> tuple[int, int] | None:
    """Where a tab indents the line the parser stopped at (libyaml's words for it, "found
    character that cannot start any token", do not say what is wrong)."""
    if mark is None:
        return None
    lines = _lines(text)
    if mark.line >= len(lines):
        return None
    line = lines[mark.line]
    indent = len(line) - len(line.lstrip(" \t-?:"))
    tab = line.find("\t", 0, max(indent, mark.column + 1))
    if tab < 0 or tab > mark.column:
        return None
    return mark.line + 1, tab + 1


def compose(text: str) -> yaml.Node | None:
    """The node tree of a text, each node with its place (`start_mark`), at libyaml's speed:
    what finds where something is written (here, and in `tui.locate`).  Nothing is
    constructed from the nodes, so no tag can run code and no alias is expanded; libyaml
    refuses nesting deeper than it can compose.  Raises yaml.YAMLError."""
    return yaml.compose(text, Loader=_BaseLoader)


_COMPOSED: dict[str, yaml.Node | None] = {}


def _compose(text: str) -> yaml.Node | None:
    """The node tree of a file, kept while its problems are located: a file with a hundred
    problems is composed once, not a hundred times (for a 1 MB file, a second instead of
    minutes).  The last two files are kept, as problems about links come file after file
    but may alternate; that memory is held only after a load that found problems."""
    if text in _COMPOSED:
        return _COMPOSED[text]
    node = compose(text)
    if len(_COMPOSED) >= 2:
        _COMPOSED.pop(next(iter(_COMPOSED)))
    _COMPOSED[text] = node
    return node


def locate(text: str, where: Sequence[PathPart], at_key: bool) -> tuple[int, int]:
    """Line and column (from 1) of the node at `where`, or of the nearest enclosing node.

    Only called when a problem is reported, so valid files are parsed once.
    """
    try:
        node = _compose(text)
    except yaml.YAMLError:
        return 1, 1
    mark = node.start_mark if node is not None else None
    for index, step in enumerate(where):
        last = index == len(where) - 1
        if isinstance(node, yaml.MappingNode):
            for key_node, value_node in node.value:
                if isinstance(key_node, yaml.ScalarNode) and key_node.value == str(step):
                    node = value_node
                    mark = key_node.start_mark if (last and at_key) else value_node.start_mark
                    break
            else:
                break
        elif isinstance(node, yaml.SequenceNode) and isinstance(step, int):
            if 0 <= step < len(node.value):
                node = node.value[step]
                mark = node.start_mark
            else:
                break
        else:
            break
    if mark is None:
        return 1, 1
    return mark.line + 1, mark.column + 1
