"""Making untrusted text safe to show: one implementation for the CLI, the exports and the TUI.

Fact files are written by hand and pasted from web pages, so a name may carry an escape
sequence, a carriage return or a right-to-left override.  A terminal would obey them (colour,
links, cursor moves, reordered lines); a reader of an export would be misled by them.  Here
such characters are turned into visible escapes like ``\\x1b`` or ``\\u202e``: the text stays
readable and honest about what the file holds, and nothing in it can act.

Markup is a separate matter: callers put data into Rich ``Text`` / HTML-escaped / Markdown-
escaped output; this module only deals with characters that are dangerous in every format.
"""

from __future__ import annotations

import re
import unicodedata

BIDI_CONTROLS = frozenset(
    "\u061c\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"
)
"""Marks, embeddings, overrides and isolates: they reorder what the reader sees (Trojan
Source), so they are shown rather than obeyed."""

_WHITESPACE_RUN = re.compile(r"[ \t\n\r\f\v\u2028\u2029\x85]+")


def escape_char(ch: str) -> str:
    """The visible stand-in for one character: \\x1b, \\u202e, \\U000e0041."""
    code = ord(ch)
    if code < 0x100:
        return f"\\x{code:02x}"
    if code < 0x10000:
        return f"\\u{code:04x}"
    return f"\\U{code:08x}"


def _unsafe(ch: str, strict: bool) -> bool:
    if ch.isprintable() or ch == " ":
        return False
    if strict or ch in BIDI_CONTROLS:
        return True
    # Other format characters (zero-width joiner in emoji and Indic scripts, soft hyphen)
    # are harmless to a terminal and needed by some languages: keep them.
    return unicodedata.category(ch) != "Cf"


def visible(text: str, *, strict: bool = False) -> str:
    """`text` with every control character (C0, DEL, C1, ESC and so whole CSI/OSC sequences,
    bidi controls) made visible.  `strict` also escapes the remaining non-printable format
    characters, for file names and messages where nothing invisible belongs."""
    if text.isprintable():
        return text
    return "".join(escape_char(ch) if _unsafe(ch, strict) else ch for ch in text)


def one_line(text: str) -> str:
    """Data for a single line: runs of whitespace (line breaks, tabs) become one space, the
    rest goes through `visible`.  Folded YAML already gives one line; this is for the rest."""
    return visible(_WHITESPACE_RUN.sub(" ", text).strip())


def paragraphs(text: str) -> str:
    """Data for a block of prose: paragraph breaks (blank lines) are kept, other line breaks
    and tabs become spaces."""
    parts = re.split(r"\n[ \t]*\n", text.replace("\r\n", "\n"))
    return "\n\n".join(p for p in (one_line(part) for part in parts) if p)
