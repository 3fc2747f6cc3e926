"""The plain writer (pipes, NO_COLOR) prints what Rich prints there, to the byte."""

from __future__ import annotations

import io

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st
from rich.console import Console

from tui.model import FactBase
from tui.render.doc import (
    Block,
    Fields,
    Heading,
    Items,
    Node,
    NoteList,
    Para,
    SourceList,
    Span,
    Table,
    Title,
    Tree,
)
from tui.render.pages import Page, render_entity, render_summary
from tui.render.summary import SummaryView


def rich_text(page: Page, width: int) -> str:
    out = io.StringIO()
    Console(
        file=out,
        width=width,
        color_system=None,
        force_terminal=False,
        highlight=False,
        markup=False,
        emoji=False,
    ).print(page)
    return out.getvalue()


def plain_text(page: Page, width: int) -> str:
    lines = page.plain_lines(width)
    return rich_text(page, width) if lines is None else "".join(line + "\n" for line in lines)


WORDS = st.sampled_from(
    [
        "Essen",
        "Koriyama",
        "Düsseldorf",
        "–",
        "·",
        "郡山市",
        "エッセン",
        "👩\u200d🔬",
        "e\u0301",
        "Donaudampfschifffahrtsgesellschaftskapitän",
        "a",
        "",
        " ",
        "  ",
        "\n\n",
        "[1]",
        "x" * 45,
        "Lord Mayor",
        "←",
        "•",
        "２０１７",
        "ﾃｽﾄ",
    ]
)
TEXT = st.lists(WORDS, max_size=12).map(" ".join)
SPAN = st.builds(
    Span,
    TEXT,
    st.sampled_from(["", "strong", "muted", "current", "inferred", "background"]),
    st.one_of(st.none(), st.sampled_from(["tokyo", "essen-koriyama-mou-2017"])),
    url=st.none(),
    cites=st.just(()),
    notes=st.just(()),
)
CITE = st.lists(st.integers(1, 30), min_size=1, max_size=3).map(lambda n: Span("", cites=tuple(n)))
NOTE = st.lists(st.sampled_from(["a", "b", "z", "aa", "bc"]), min_size=1, max_size=3).map(
    lambda keys: Span("", notes=tuple(keys))
)
"""A reference to the basis legend, with letters as `Citations.basis` gives them."""
LINE = st.lists(st.one_of(SPAN, CITE, NOTE), max_size=5).map(tuple)
NODE = st.recursive(
    st.builds(Node, LINE),
    lambda kids: st.builds(Node, LINE, st.lists(kids, max_size=3).map(tuple)),
    max_leaves=8,
)
BLOCK: st.SearchStrategy[Block] = st.one_of(
    st.builds(Title, LINE, LINE),
    st.builds(Heading, TEXT),
    st.builds(Para, LINE),
    st.builds(
        Fields, st.lists(st.tuples(st.one_of(st.just(""), TEXT), LINE), max_size=4).map(tuple)
    ),
    st.builds(Items, st.lists(LINE, max_size=3).map(tuple)),
    st.builds(Tree, st.lists(NODE, max_size=3).map(tuple)),
    st.builds(SourceList, st.lists(st.tuples(st.integers(1, 12), LINE), max_size=3).map(tuple)),
    st.builds(
        NoteList,
        st.lists(st.tuples(st.sampled_from(["a", "b", "aa"]), LINE), max_size=3).map(tuple),
    ),
    st.integers(1, 3).flatmap(
        lambda n: st.builds(
            Table,
            st.just(tuple(f"Col{i}" for i in range(n))),
            st.lists(st.lists(LINE, min_size=n, max_size=n).map(tuple), max_size=3).map(tuple),
            st.just((1,) if n > 1 else ()),
        )
    ),
)


@given(st.lists(BLOCK, max_size=6), st.integers(8, 130), st.booleans())
@example([Tree((Node((), (Node((), (Node(()),)),)),))], 8, False)  # deeper than the page
@example([Table(("Col0", "Col1", "Col2"), (), (1,))], 8, False)  # wider than the page
@settings(max_examples=150, deadline=None)
def test_any_page_comes_out_as_rich_prints_it(
    blocks: list[Block], width: int, show_ids: bool
) -> None:
    page = Page(blocks, show_ids=show_ids)
    assert plain_text(page, width) == rich_text(page, width)


@pytest.mark.parametrize("width", [20, 37, 80, 100, 160])
def test_every_shipped_page_comes_out_as_rich_prints_it(shipped_base: FactBase, width: int) -> None:
    for entity in shipped_base:
        page = render_entity(shipped_base, entity.id, show_ids=width == 37)
        assert isinstance(page, Page)
        assert plain_text(page, width) == rich_text(page, width), entity.id
    summary = render_summary(shipped_base, SummaryView(top=0))
    assert plain_text(summary, width) == rich_text(summary, width)
