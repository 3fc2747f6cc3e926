"""Where the top-level keys of a TOML text are written, for messages about their values.

`tomllib` gives positions only for syntax errors; a setting that parses but is unknown or
has a wrong value must still be reported as `config.toml:line:column: message`.  This is a
small scanner for text `tomllib` has already accepted: it knows TOML's four kinds of
strings, comments, arrays and inline tables well enough never to mistake a `=` or a `[`
inside a value for a key, and it reads quoted keys through `tomllib` itself, so a key here
is spelled exactly as in the parsed mapping.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass

_BARE_KEY = re.compile(r"[A-Za-z0-9_-]+")


@dataclass(frozen=True, slots=True)
class KeyPlace:
    """Line and column (from 1) of a top-level key, and of its value when the key is set
    directly (`theme = "dark"`); `value` is None for a table (`[theme]`, `theme.x = 1`)."""

    key: tuple[int, int]
    value: tuple[int, int] | None


def top_level_keys(text: str) -> dict[str, KeyPlace]:
    """The first place each top-level key of `text` (valid TOML) is written."""
    return _Scanner(text).scan()


class _Scanner:
    def __init__(self, text: str) -> None:
        self.text = text
        self.at = 0
        self.found: dict[str, KeyPlace] = {}

    def position(self, index: int) -> tuple[int, int]:
        line_start = self.text.rfind("\n", 0, index) + 1
        return self.text.count("\n", 0, index) + 1, index - line_start + 1

    def scan(self) -> dict[str, KeyPlace]:
        text = self.text
        in_root = True
        while self.at < len(text):
            self.skip_blank()
            if self.at >= len(text):
                break
            char = text[self.at]
            if char in "\r\n":
                self.at += 1
            elif char == "#":
                self.skip_comment()
            elif char == "[":
                self.at += 2 if text.startswith("[[", self.at) else 1
                first, start = self.key()[0]
                self.found.setdefault(first, KeyPlace(self.position(start), None))
                in_root = False
                self.skip_line()
            else:
                parts = self.key()
                self.skip_blank()
                self.at += 1  # the '='
                self.skip_blank()
                if in_root:
                    first, start = parts[0]
                    value = self.position(self.at) if len(parts) == 1 else None
                    self.found.setdefault(first, KeyPlace(self.position(start), value))
                self.skip_value()
        return self.found

    def skip_blank(self) -> None:
        while self.at < len(self.text) and self.text[self.at] in " \t":
            self.at += 1

    def skip_comment(self) -> None:
        end = self.text.find("\n", self.at)
        self.at = len(self.text) if end < 0 else end

    def skip_line(self) -> None:
        """Past the rest of a table header's line (its ']' or ']]' and a comment)."""
        self.skip_comment()

    def key(self) -> list[tuple[str, int]]:
        """A dotted key: each part as spelled in the parsed mapping, with where it starts."""
        parts: list[tuple[str, int]] = []
        while True:
            self.skip_blank()
            start = self.at
            if self.text[start] in "\"'":
                end = self.string_end(start)
                raw = self.text[start:end]
                parts.append((tomllib.loads(f"k = {raw}")["k"], start))
                self.at = end
            else:
                match = _BARE_KEY.match(self.text, start)
                assert match is not None, "tomllib accepted this text"
                parts.append((match.group(), start))
                self.at = match.end()
            self.skip_blank()
            if self.at < len(self.text) and self.text[self.at] == ".":
                self.at += 1
                continue
            return parts

    def string_end(self, start: int) -> int:
        """The index just past the string that starts at `start` (any of TOML's four)."""
        text = self.text
        quote = text[start]
        if text.startswith(quote * 3, start):
            at = start + 3
            while True:
                if quote == '"' and text[at] == "\\":
                    at += 2
                    continue
                if text.startswith(quote * 3, at):
                    run = at
                    while run < len(text) and text[run] == quote:
                        run += 1
                    return run  # up to two quotes of the content may stand before the end
                at += 1
        at = start + 1
        while text[at] != quote:
            at += 2 if quote == '"' and text[at] == "\\" else 1
        return at + 1

    def skip_value(self) -> None:
        """Past one value: a string, an array or inline table (which may span lines and hold
        comments), or a plain token such as a number or a date (which may hold a space)."""
        text = self.text
        depth = 0
        while self.at < len(text):
            char = text[self.at]
            if char in "\"'":
                self.at = self.string_end(self.at)
            elif char in "[{":
                depth += 1
                self.at += 1
            elif char in "]}":
                depth -= 1
                self.at += 1
            elif char == "#":
                self.skip_comment()
            elif char == "\n" and depth == 0:
                return
            else:
                self.at += 1
