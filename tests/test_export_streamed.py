"""Exports written an entity at a time: the same bytes as the document built whole, the
output started before the last page is built, and the fast paths equal to what they replace."""

from __future__ import annotations

import json
import re
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tui.model import FactBase
from tui.render import document as document_module
from tui.render.document import document, document_blocks
from tui.render.formats import export, export_text
from tui.render.html import to_html_text
from tui.render.json import encode, json_text, to_data
from tui.render.markdown import escape, to_markdown_text
from tui.safetext import one_line, visible

DOCUMENTS = ("json", "markdown", "html")
"""The formats of whole documents (the network formats stream their own way)."""

JSON = st.recursive(
    st.none()
    | st.booleans()
    | st.integers()
    | st.text()
    | st.floats(allow_nan=False, allow_infinity=False),
    lambda inner: (
        st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8), inner, max_size=4)
    ),
    max_leaves=30,
)


@given(JSON)
@settings(max_examples=300, deadline=None)
def test_the_json_encoder_writes_what_the_standard_library_writes(value: Any) -> None:
    assert encode(value) == json.dumps(value, ensure_ascii=False, indent=2)


_SPECIAL = re.compile(r"([\\`*_\[\]<>#|~$@])")
_ENTITY = re.compile(r"&(?=#?[A-Za-z0-9]+;)")
_BLOCK_START = re.compile(r"^(\s*)([-+=>]|\d+[.)])")


def _escape_before(text: str) -> str:
    """The Markdown escape as it was written before it had to be fast."""
    text = _ENTITY.sub(r"\\&", _SPECIAL.sub(r"\\\1", text))
    return _BLOCK_START.sub(lambda m: m.group(1) + "\\" + m.group(2), text)


@given(st.text(alphabet=list("\\`*_[]<>#|~$@&;x1 -+=>.)\n\tab9ü")) | st.text())
@settings(max_examples=500, deadline=None)
def test_the_markdown_escape_is_the_one_it_replaced(text: str) -> None:
    assert escape(text) == _escape_before(text)


@given(st.text())
@settings(max_examples=500, deadline=None)
def test_one_line_takes_its_shortcut_only_where_nothing_changes(text: str) -> None:
    folded = re.sub(r"[ \t\n\r\f\v\u2028\u2029\x85]+", " ", text).strip()
    assert one_line(text) == visible(folded)


@pytest.mark.parametrize("fmt", DOCUMENTS)
@pytest.mark.parametrize("ids", [None, ["essen-koriyama-mou-2017", "thomas-kufen", "tokyo"]])
def test_streamed_exports_are_the_documents_built_whole(
    shipped_base: FactBase, fmt: str, ids: list[str] | None
) -> None:
    whole = {
        "json": lambda: json_text(to_data(shipped_base, ids)),
        "markdown": lambda: to_markdown_text(document_blocks(shipped_base, ids)),
        "html": lambda: to_html_text(document_blocks(shipped_base, ids)),
    }[fmt]()
    assert export_text(fmt, shipped_base, ids) == whole


class Recorder:
    """An output that notes how far the document was built at each write."""

    def __init__(self) -> None:
        self.writes: list[tuple[int, int]] = []
        self.text: list[str] = []

    def write(self, text: str, /) -> int:
        self.writes.append((len(text), built[0]))
        self.text.append(text)
        return len(text)


built = [0]


@pytest.mark.parametrize("fmt", DOCUMENTS)
def test_output_begins_before_the_last_page_is_built(
    shipped_base: FactBase, fmt: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    built[0] = 0
    page_build = document_module.EntityPage.build

    def counting(self: Any, entity: Any, *, level: int = 1) -> Any:
        built[0] += 1
        return page_build(self, entity, level=level)

    monkeypatch.setattr(document_module.EntityPage, "build", counting)
    out = Recorder()
    export(fmt, shipped_base, out)
    entities = len(shipped_base)
    if fmt != "json":
        assert built[0] == entities
    pieces = [n for n, _ in out.writes if n]
    assert len(pieces) >= entities  # a write per entity at least
    # no single write holds more than a small part of the document
    assert max(pieces) < sum(pieces) / 4
    if fmt != "json":
        first_page_written = next(at for at, (_, b) in enumerate(out.writes) if b >= 1)
        assert out.writes[first_page_written][1] < entities


def test_a_document_knows_its_anchors_before_its_pages(shipped_base: FactBase) -> None:
    doc = document(shipped_base, ["paul-hoeller", "tokyo"])
    assert doc.anchors == {"paul-hoeller", "tokyo"}
    assert doc.title == "Facts"
    assert document(shipped_base, ["tokyo"]).title.endswith(" — Facts")
