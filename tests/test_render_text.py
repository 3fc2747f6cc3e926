"""The shared sanitiser: what a user sees when a fact carries control or bidi characters."""

from __future__ import annotations

from tui.safetext import list_line, one_line, paragraphs, safe_line, snippet_line, visible


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
    assert safe_line("a\u200db") == "a\\u200db"
    assert safe_line("file\x1b[2J.yaml: \u202e") == "file\\x1b[2J.yaml: \\u202e"


def test_one_line_folds_line_breaks_and_tabs() -> None:
    assert one_line("  first\nsecond\r\n\tthird\u2028fourth  ") == "first second third fourth"
    assert one_line("over\rwrite") == "over write"


def test_paragraphs_keep_blank_lines_only() -> None:
    assert paragraphs("one\ntwo\n\n\nthree\x1b[1m") == "one two\n\nthree\\x1b[1m"


def test_a_list_row_folds_every_space_and_shows_every_invisible_character() -> None:
    assert list_line("Essen\u3000Koriyama\n\u00a0MoU\u200d") == "Essen Koriyama MoU\\u200d"
    assert one_line("Essen Koriyama\u200d") == "Essen Koriyama\u200d"
    assert list_line("") == ""


def test_a_snippet_turns_control_characters_into_spaces_not_escapes() -> None:
    # no "x1b" that a search could match, and the words around it stay apart
    assert snippet_line("hydrogen\x1b[2Jplant\u202etest \n x") == "hydrogen [2Jplant test x"
