"""Making untrusted text safe to show: every sanitiser the terminal, the browser and the
exports need, in one place.

Fact files are written by hand and pasted from web pages, so a name may carry an escape
sequence, a carriage return or a right-to-left override.  A terminal would obey them (colour,
links, cursor moves, reordered lines); a reader of an export would be misled by them.  Here
such characters are turned into visible escapes like ``\\x1b`` or ``\\u202e``: the text stays
readable and honest about what the file holds, and nothing in it can act.

Which function for which surface:

* `safe_line` — a message, a file name, an id echoed back: everything invisible escaped.
* `one_line`, `paragraphs` — data on a page (`facts show`, the detail pane, Markdown, HTML).
* `list_line` — a row of a list in the browser (and its notifications).
* `snippet_line` — the text of a search hit, whose highlight offsets must survive.
* `json_escape_acting` — JSON as `facts export` writes it.

Markup is a separate matter: callers put data into Rich ``Text``; the Markdown and HTML
writers escape their own syntax (tui/render/markdown.py, html.py).  This module deals only
with characters that are dangerous whatever the format.
"""

from __future__ import annotations

import re
import unicodedata
from functools import cache

BIDI_CONTROLS = frozenset(
    "\u061c\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"
)
"""Marks, embeddings, overrides and isolates: they reorder what the reader sees (Trojan
Source), so they are shown rather than obeyed."""


# The patterns are compiled when first used (1-2 ms at every start otherwise): a warm
# search needs none of them.
@cache
def _whitespace_run() -> re.Pattern[str]:
    return re.compile(r"[ \t\n\r\f\v\u2028\u2029\x85]+")


@cache
def _paragraph_break() -> re.Pattern[str]:
    return re.compile(r"\n[ \t]*\n")


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


def _escaped(text: str, strict: bool) -> str:
    if text.isprintable():
        return text
    return "".join(escape_char(ch) if _unsafe(ch, strict) else ch for ch in text)


def visible(text: str) -> str:
    """`text` with every control character (C0, DEL, C1, ESC and so whole CSI/OSC sequences,
    bidi controls) made visible; line breaks too.  Format characters that scripts need
    (zero-width joiner, soft hyphen) are kept: this is for data a person reads."""
    return _escaped(text, False)


def safe_line(text: str) -> str:
    """One line of a message — a file name, an id someone typed, a problem — with every
    non-printable character made visible, the invisible format characters too: nothing
    invisible belongs in a path or a message, and a hidden one would make two names that
    look the same differ."""
    return _escaped(text, True)


def one_line(text: str) -> str:
    """Data for a single line of a page: runs of whitespace (line breaks, tabs) become one
    space, the rest goes through `visible`.  Folded YAML already gives one line; this is
    for the rest."""
    if text.isprintable() and "  " not in text and text[:1] != " " and text[-1:] != " ":
        return text  # the common case, and nothing to do: the only printable space is " "
    return visible(_whitespace_run().sub(" ", text).strip())


def paragraphs(text: str) -> str:
    """Data for a block of prose: paragraph breaks (blank lines) are kept, other line breaks
    and tabs become spaces."""
    parts = _paragraph_break().split(text.replace("\r\n", "\n"))
    return "\n\n".join(p for p in (one_line(part) for part in parts) if p)


def list_line(text: str) -> str:
    """A cell of a list row in the browser, or a notification: every kind of space (also
    no-break and ideographic) folded to one, everything invisible escaped as in
    `safe_line`.  Stricter than `one_line` on purpose: a list is read in fixed-width
    columns, where a zero-width character would make a name look like another and where
    Rich and the terminal disagree on the width of format characters."""
    return safe_line(" ".join(text.split())) if text else ""


_AS_SPACE = {
    **{code: " " for code in (*range(0x20), *range(0x7F, 0xA0))},
    **{code: " " for code in (0x2028, 0x2029, *range(0x202A, 0x202F), *range(0x2066, 0x206A))},
}
"""Control characters, line/paragraph separators and bidi overrides."""


def snippet_line(text: str) -> str:
    """One line for a search snippet: whitespace runs collapsed, control characters made
    spaces rather than escapes.  Different from `list_line` on purpose: the search finds
    words in this text and marks them by offset, so a stand-in must neither add letters
    that could match ("x1b") nor glue the words around it together.  What is shown then
    goes through `list_line` as every list cell does."""
    if not text.isprintable():
        text = text.translate(_AS_SPACE)
    return " ".join(text.split())


@cache
def _acting() -> re.Pattern[str]:
    """DEL, C1, line/paragraph separators and the bidi controls: what json.dumps leaves as
    it is but a terminal or an editor would act on (json already escapes C0)."""
    return re.compile("[\x7f-\x9f\u2028\u2029" + "".join(sorted(BIDI_CONTROLS)) + "]")


def json_escape_acting(text: str) -> str:
    """JSON text (as json.dumps writes it) with every character that would act on a
    terminal written as a \\u escape: `facts export | less` shows them, a JSON reader gets
    them back unchanged.  Everything else stays readable UTF-8 (Düsseldorf, 郡山市)."""
    return _acting().sub(lambda m: f"\\u{ord(m.group()):04x}", text)
