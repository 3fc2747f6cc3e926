"""Words as the search compares them.

People type "Dusseldorf", "Duesseldorf" and "düsseldorf" for the same city, and "strasse"
for "Straße"; Japanese is written without spaces.  So text is cut into tokens (runs of
letters and digits; a run of CJK characters is one token, matched inside by substring) and
every token is folded: NFKC (full-width letters, half-width kana), case folding (ß → ss),
accents dropped on Latin letters, and the German transliterations ae/oe/ue read as a/o/u so
that ü = ue = u.  The same `fold_token` serves the index, the query and the highlighting,
so the three can never disagree.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator
from functools import lru_cache
from typing import TYPE_CHECKING, Any

_CJK_RANGES = (
    "\u3005\u3006\u3007"  # 々 〆 〇
    "\u3040-\u30ff"  # hiragana, katakana (with ー)
    "\u31f0-\u31ff"  # katakana extensions
    "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"  # CJK ideographs
    "\uff66-\uff9f"  # half-width katakana
    "\uac00-\ud7af"  # hangul syllables
    "\U00020000-\U0002ffff"
)
_CJK_CLASS = f"[{_CJK_RANGES}]"
_TOKEN_PATTERN = rf"{_CJK_CLASS}+|(?:[^\W_{_CJK_RANGES}]|[\u0300-\u036f])+"
"""A token: a CJK run, or a run of other letters/digits (combining accents kept with their
letter).  Compiled, its classes of big ranges cost about 10 ms (Python's regex compiler
walks every code point of them), so it is compiled only where the index is built
(`TOKEN_RE`); the query and the highlighting cut text with `_RUN` and `is_cjk`, which a
property test holds to the same tokens (`raw_tokens`)."""
_CJK_NOT_WORD = (
    "\u3005-\u3007\u3040-\u30ff\u31f0-\u31ff\uff66-\uff9f"
    "\ud7a4-\ud7af\ufa6e\ufa6f\ufada-\ufaff\U00020000-\U0002ffff"
)
"""The parts of `_CJK_RANGES` where characters may not be letters (kana marks, ・, code
points not assigned yet); the rest of the CJK blocks are letters, so `\\w` holds them."""
_RUN = re.compile(f"(?:[^\\W_]|[\u0300-\u036f{_CJK_NOT_WORD}])+")
"""A run of token characters: one token, or several where CJK meets other letters."""

if TYPE_CHECKING:
    TOKEN_RE: re.Pattern[str]


def __getattr__(name: str) -> Any:
    if name == "TOKEN_RE":  # the index build's tokenizer, compiled when first asked for
        compiled = globals()["TOKEN_RE"] = re.compile(_TOKEN_PATTERN)
        return compiled
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


_CJK_STARTS = (0x3005, 0x3040, 0x31F0, 0x3400, 0x4E00, 0xF900, 0xFF66, 0xAC00, 0x20000)
_CJK_ENDS = (0x3007, 0x30FF, 0x31FF, 0x4DBF, 0x9FFF, 0xFAFF, 0xFF9F, 0xD7AF, 0x2FFFF)
"""`_CJK_RANGES` as numbers (a test holds the two together): telling whether a character is
CJK by comparing numbers needs no regular expression compiled at import (that of the CJK
ranges costs a search several milliseconds at every start)."""
_UMLAUT_DIGRAPH = re.compile(r"(?<=[aou])e")
_NOT_ALNUM = re.compile(r"[\W_]+")
_LATIN_LIMIT = 0x250


def is_cjk(token: str) -> bool:
    """Whether a (folded) token is CJK and so matched anywhere inside, at any length."""
    if not token:
        return False
    code = ord(token[0])
    return any(low <= code <= high for low, high in zip(_CJK_STARTS, _CJK_ENDS, strict=True))


def _pieces(run: str, start: int) -> Iterator[tuple[int, int]]:
    """(start, end) of the tokens of one run: the whole run unless CJK meets other letters."""
    if run.isascii() or max(run) < "\u3005":
        yield start, start + len(run)
        return
    begin = 0
    cjk = is_cjk(run[0])
    for at in range(1, len(run)):
        here = is_cjk(run[at])
        if here != cjk:
            yield start + begin, start + at
            begin, cjk = at, here
    yield start + begin, start + len(run)


def raw_tokens(text: str) -> list[str]:
    """The tokens of a text as written (what `TOKEN_RE.findall` gives)."""
    out: list[str] = []
    for run in _RUN.findall(text):
        if run.isascii():
            out.append(run)
        else:
            out.extend(run[a:b] for a, b in _pieces(run, 0))
    return out


def cjk_grams(word: str, *, pairs_only: bool = False) -> list[str]:
    """The character pairs of a CJK word, and its single characters (a one-character word is
    its own gram): what the index keeps so that any part of the word can be found."""
    pairs = [word[i : i + 2] for i in range(len(word) - 1)]
    if pairs_only:
        return pairs or [word]
    return [*pairs, *word]


def _strip_accents(text: str) -> str:
    """Accents off Latin letters only: dakuten on kana are not accents (カ ≠ ガ)."""
    out: list[str] = []
    for ch in unicodedata.normalize("NFD", text):
        if unicodedata.combining(ch) and out and ord(out[-1][-1]) < _LATIN_LIMIT:
            continue
        out.append(ch)
    return unicodedata.normalize("NFC", "".join(out))


def _fold(token: str) -> str:
    text = unicodedata.normalize("NFKC", token).casefold()
    if not text.isascii():
        text = _strip_accents(text)
    text = _UMLAUT_DIGRAPH.sub("", text)
    if not text.isalnum():
        text = _NOT_ALNUM.sub("", text)
    return text


@lru_cache(maxsize=1 << 16)
def fold_token(token: str) -> str:
    """The comparable form of one token (cached: real text repeats its words a lot; the
    index build asks once per distinct spelling, see `Vocabulary`)."""
    return _fold(token)


def tokens(text: str) -> Iterator[str]:
    """The folded tokens of a text, in order (empty ones dropped)."""
    for raw in raw_tokens(text):
        folded = fold_token(raw)
        if folded:
            yield folded


def token_spans(text: str) -> Iterator[tuple[int, int, str]]:
    """(start, end, folded) of every token, with offsets into `text` itself."""
    for match in _RUN.finditer(text):
        for start, end in _pieces(match.group(), match.start()):
            folded = fold_token(text[start:end])
            if folded:
                yield start, end, folded


@lru_cache(maxsize=50_000)
def folded_offsets(raw: str) -> tuple[int, ...] | None:
    """For each character of `fold_token(raw)`, where it came from in `raw`, so that a match
    on the folded form can be highlighted in the original; plus one entry for the end.

    None when folding char by char disagrees with folding the whole (a rare NFKC composition),
    in which case callers highlight the whole token.  Cached: the same words are highlighted
    again and again."""
    pieces: list[tuple[str, int]] = []
    for at, ch in enumerate(raw):
        for out in _fold_char(ch, raw[at - 1] if at else ""):
            pieces.append((out, at))
    folded: list[str] = []
    origins: list[int] = []
    for index, (ch, at) in enumerate(pieces):
        if ch == "e" and index and pieces[index - 1][0] in "aou" and folded:
            continue
        folded.append(ch)
        origins.append(at)
    if "".join(folded) != fold_token(raw):
        return None
    origins.append(len(raw))
    return tuple(origins)


def _fold_char(ch: str, previous: str) -> str:
    if unicodedata.combining(ch):
        return "" if previous and ord(previous) < _LATIN_LIMIT else ch
    text = unicodedata.normalize("NFKC", ch).casefold()
    if not text.isascii():
        text = _strip_accents(text)
    return _NOT_ALNUM.sub("", text)


def _latin_table() -> dict[int, str]:
    table: dict[int, str] = {}
    for code in range(0xC0, 0x250):
        folded = _fold(chr(code))
        if folded.isascii() and folded != chr(code):
            table[code] = folded
    return table


def _unsure(text: str) -> bool:
    """Whether a text has letters `loose` cannot fold like `fold_token` (full-width, half-width
    kana, æ, …, and combining accents): letters beyond ASCII that are not CJK of full width.
    By its distinct characters, without a regular expression of big ranges (see
    `_TOKEN_PATTERN`)."""
    return any(
        ch > "\x7f" and ("\u0300" <= ch <= "\u036f" or (ch.isalnum() and not _full_width_cjk(ch)))
        for ch in set(text)
    )


def _full_width_cjk(ch: str) -> bool:
    return is_cjk(ch) and not "\uff66" <= ch <= "\uff9f"


def _latin() -> dict[int, str]:
    """Latin letters with accents → their folded ASCII: `_latin_table()` as a literal in
    `tui.search.latin` (written by `python -m tui.search.fold`; a test holds the two equal),
    since working it out cost every search that highlights an accent 5 ms."""
    from tui.search.latin import LATIN

    return LATIN


def write_latin(path: str) -> None:
    """Write `tui.search.latin` anew, from `_latin_table()`."""
    rows = "".join(f'    {code}: "{text}",\n' for code, text in sorted(_latin_table().items()))
    with open(path, "w", encoding="utf-8") as out:
        out.write(
            '"""Latin letters with accents and their folded ASCII (`tui.search.fold._latin`).\n\n'
            "Written by `python -m tui.search.fold`: do not edit.\n"
            '"""\n\n'
            f"LATIN: dict[int, str] = {{\n{rows}}}\n"
        )


def loose(text: str) -> str | None:
    """The whole text folded at once, cheaply, so that `fold_token(t) in loose(text)` holds
    for each of its tokens: a quick test of which fields can hold a match at all.  None when
    the text has characters this shortcut cannot fold exactly (then read it token by token)."""
    folded = text.casefold()
    if not folded.isascii():
        folded = folded.translate(_latin())
        if not folded.isascii() and _unsure(folded):
            return None
    return _UMLAUT_DIGRAPH.sub("", folded)


if __name__ == "__main__":
    import os

    write_latin(os.path.join(os.path.dirname(os.path.abspath(__file__)), "latin.py"))
