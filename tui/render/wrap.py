"""Word wrapping as Rich does it, without importing Rich for the common case.

Rich wraps a `Text` by cutting it into words (runs of non-space with the spaces after them),
folding a word longer than the line, and dropping the spaces a line ends in beyond its
width.  For text whose every character is one cell wide and a grapheme of its own (Latin,
Greek, Cyrillic, punctuation, arrows, box drawing: `narrow`), that is plain string work, done
here; any other text (Japanese, emoji, combining accents) is wrapped by Rich itself, so that
the plain writers (`tui.render.plain`, the hits of `facts search`) and Rich can never
disagree on the width of a character.  A test checks `narrow` against Rich's own widths.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import TYPE_CHECKING, Literal

if TYPE_CHECKING:
    from rich.console import Console

Justify = Literal["default", "left", "center", "right", "full"]

NARROW_RANGES = (
    (0x20, 0x7E),
    (0xA0, 0xAC),
    (0xAE, 0x2FF),
    (0x370, 0x482),  # Latin, Greek, Cyrillic
    (0x2010, 0x2027),
    (0x2030, 0x205E),  # dashes, quotes, bullets, ellipsis, ‹ ›
    (0x20A0, 0x20C0),
    (0x2100, 0x214F),
    (0x2190, 0x21FF),  # currency, letterlike, arrows
    (0x2500, 0x25FC),  # box drawing, geometric shapes
)
"""Characters that are one cell wide for Rich and a grapheme of their own: text made only
of them is measured by its length and cut anywhere."""

_NARROW = frozenset(chr(c) for low, high in NARROW_RANGES for c in range(low, high + 1))
narrow = _NARROW.issuperset
"""Whether every character of a text is one of those (then its length is its width)."""


def cell_len(text: str) -> int:
    """The cells a text takes, as Rich counts them: its length for narrow text (without
    asking Rich, which measures character by character), else Rich's answer."""
    if narrow(text):
        return len(text)
    from rich.cells import cell_len as cells

    return cells(text)


_WORD = re.compile(r"\s*\S+\s*")
_TRAILING_SPACE = re.compile(r"\s+$")


def _divide(line: str, width: int) -> list[int]:
    """rich._wrap.divide_line for one-cell characters: the offsets to break `line` at."""
    breaks: list[int] = []
    offset = 0
    for match in _WORD.finditer(line):
        start = match.start()
        word = match.group()
        length = len(word.rstrip())
        if width - offset >= length:
            offset += len(word)
        elif length > width:
            pieces = [word[at : at + width] for at in range(0, len(word), width)]
            for index, piece in enumerate(pieces):
                if start:
                    breaks.append(start)
                if index == len(pieces) - 1:
                    offset = len(piece)
                else:
                    start += len(piece)
        elif offset and start:
            breaks.append(start)
            offset = len(word)
    return breaks


def wrap(text: str, width: int, justify: Justify = "left") -> list[str]:
    """What `Text(text).wrap(console, width, justify=justify)` gives, as strings."""
    if not narrow(text.replace("\n", "")):
        return _rich_wrap(text, width, justify)
    out: list[str] = []
    for line in text.split("\n"):
        cuts = _divide(line, width)
        for start, end in zip([0, *cuts], [*cuts, len(line)], strict=True):
            piece = line[start:end]
            if len(piece) > width:  # Text.rstrip_end
                space = _TRAILING_SPACE.search(piece)
                if space is not None:
                    piece = piece[: len(piece) - min(len(space.group()), len(piece) - width)]
            if justify == "left":
                piece = piece[:width].ljust(width)
            elif justify == "right":
                piece = piece.rstrip()[:width]
                piece = " " * (width - len(piece)) + piece
            out.append(piece[:width])
    return out


def _rich_wrap(text: str, width: int, justify: Justify) -> list[str]:
    from rich.text import Text

    return [line.plain for line in Text(text).wrap(_console(), width, justify=justify)]


@lru_cache(maxsize=1)
def _console() -> Console:
    from rich.console import Console

    return Console(color_system=None, highlight=False, markup=False, emoji=False)
