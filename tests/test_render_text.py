"""The shared sanitiser: what a user sees when a fact carries control or bidi characters."""

from __future__ import annotations

from tui.commands.common import safe_line
from tui.text import one_line, paragraphs, visible


def test_escape_sequences_become_visible_text() -> None:
    assert visible("\x1b[31mred\x1b[0m") == "\\x1b[31mred\\x1b[0m"
    assert visible("\x1b]8;;https://evil.example\x07x") == "\\x1b]8;;https://evil.example\\x07x"
    assert visible("a\x9b2Jb") == "a\\x9b2Jb"  # C1 CSI, one byte


def test_bidi_controls_are_shown_not_obeyed() -> None:
    assert visible("abc\u202edcba\u2066x\u2069") == "abc\\u202edcba\\u2066x\\u2069"


def test_text_of_every_script_is_kept() -> None:
    for text in ("郡山市 エッセン", "Düsseldorf – „Altbier“", "👩\u200d🔬", "naïve · ½"):
        assert visible(text) == text


def test_strict_mode_also_shows_invisible_format_characters() -> None:
    assert visible("a\u200db") == "a\u200db"
    assert visible("a\u200db", strict=True) == "a\\u200db"
    assert safe_line("file\x1b[2J.yaml: \u202e") == "file\\x1b[2J.yaml: \\u202e"


def test_one_line_folds_line_breaks_and_tabs() -> None:
    assert one_line("  first\nsecond\r\n\tthird\u2028fourth  ") == "first second third fourth"
    assert one_line("over\rwrite") == "over write"


def test_paragraphs_keep_blank_lines_only() -> None:
    assert paragraphs("one\ntwo\n\n\nthree\x1b[1m") == "one two\n\nthree\\x1b[1m"
