"""Reading YAML safely: plain data only, problems instead of exceptions.

The loader never builds Python objects from tags, keeps dates as the text the author wrote
(the schema decides what a date is), and reports duplicate mapping keys, which PyYAML would
otherwise silently resolve by keeping the last one.
"""

from __future__ import annotations

import codecs
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import yaml

from tui.load.problems import PathPart, Problem, quote

try:  # libyaml is about four times faster; the pure-Python parser is the fallback.
    from yaml import CSafeLoader as _BaseLoader
except ImportError:  # pragma: no cover - depends on how PyYAML was built
    from yaml import SafeLoader as _BaseLoader  # type: ignore[assignment]

MAX_FILE_BYTES = 256 * 1024 * 1024


class _FactLoader(_BaseLoader):  # type: ignore[misc, valid-type]
    """SafeLoader without timestamp resolution, and with duplicate-key detection."""

    yaml_implicit_resolvers = {
        first: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:timestamp"]
        for first, resolvers in _BaseLoader.yaml_implicit_resolvers.items()
    }

    def __init__(self, stream: str, display: str) -> None:
        super().__init__(stream)
        self.display = display
        self.problems: list[Problem] = []

    def construct_mapping(self, node: yaml.MappingNode, deep: bool = False) -> dict[Any, Any]:
        seen: dict[Any, yaml.Node] = {}
        for key_node, _ in node.value:
            if isinstance(key_node, yaml.ScalarNode):
                key = key_node.value
                if key in seen:
                    first = seen[key].start_mark
                    self.problems.append(
                        _at(
                            self.display,
                            key_node.start_mark,
                            f"duplicate key {quote(key)} (first at line {first.line + 1}, "
                            f"column {first.column + 1}); only one may stay",
                        )
                    )
                else:
                    seen[key] = key_node
        return super().construct_mapping(node, deep=deep)


def _unknown_tag(loader: _FactLoader, node: yaml.Node) -> None:
    tag = node.tag.replace("tag:yaml.org,2002:", "!!")
    raise yaml.constructor.ConstructorError(
        None, None, f"tag {quote(tag)} is not allowed: fact files hold plain data only",
        node.start_mark,
    )


_FactLoader.add_constructor(None, _unknown_tag)  # type: ignore[arg-type]


def _at(display: str, mark: Any, message: str) -> Problem:
    line = mark.line + 1 if mark is not None else 1
    column = mark.column + 1 if mark is not None else 1
    return Problem(display, line, column, message)


def decode(data: bytes, display: str) -> tuple[str | None, list[Problem]]:
    """Text from bytes: UTF-8 (with or without BOM) or UTF-16 with a BOM."""
    if data.startswith(codecs.BOM_UTF8):
        data = data[len(codecs.BOM_UTF8) :]
        encoding = "utf-8"
    elif data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        encoding = "utf-16"
    else:
        encoding = "utf-8"
    try:
        text = data.decode(encoding)
    except UnicodeDecodeError as error:
        line = data[: error.start].count(b"\n") + 1
        column = error.start - (data.rfind(b"\n", 0, error.start) + 1) + 1
        byte = data[error.start : error.start + 1].hex()
        return None, [
            Problem(display, line, column, f"not valid {encoding.upper()} text (byte 0x{byte})")
        ]
    if encoding == "utf-16" and text.startswith("\ufeff"):
        text = text[1:]
    nul = text.find("\x00")
    if nul >= 0:
        line = text.count("\n", 0, nul) + 1
        column = nul - (text.rfind("\n", 0, nul) + 1) + 1
        return None, [Problem(display, line, column, "NUL byte: this looks like a binary file")]
    return text, []


def read_yaml(path: Path, display: str) -> tuple[Any, list[Problem]]:
    """Parse one file into plain data, or say exactly why not."""
    try:
        size = path.stat().st_size
        if size > MAX_FILE_BYTES:
            return None, [
                Problem(display, 1, 1, f"file is {size} bytes; the limit is {MAX_FILE_BYTES}")
            ]
        data = path.read_bytes()
    except OSError as error:
        return None, [Problem(display, 1, 1, f"cannot read file: {error.strerror or error}")]
    text, problems = decode(data, display)
    if text is None:
        return None, problems
    return parse_text(text, display)


def parse_text(text: str, display: str) -> tuple[Any, list[Problem]]:
    loader = _FactLoader(text, display)
    try:
        data = loader.get_single_data()
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        message = error.problem or error.context or "invalid YAML"
        if isinstance(error, yaml.constructor.ConstructorError):
            return None, [*loader.problems, _at(display, mark, message)]
        return None, [*loader.problems, _at(display, mark, f"YAML syntax error: {message}")]
    except yaml.YAMLError as error:  # reader errors (control characters) carry no mark
        return None, [Problem(display, 1, 1, f"YAML error: {error}")]
    except RecursionError:
        return None, [Problem(display, 1, 1, "nesting is too deep")]
    finally:
        loader.dispose()
    return data, loader.problems


def locate(text: str, where: Sequence[PathPart], at_key: bool) -> tuple[int, int]:
    """Line and column (from 1) of the node at `where`, or of the nearest enclosing node.

    Only called when a problem is reported, so valid files are parsed once.
    """
    try:
        node: yaml.Node | None = yaml.compose(text, Loader=_BaseLoader)
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
