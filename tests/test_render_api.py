"""The renderables the browser's detail pane uses: links it can make clickable, ids, width."""

from __future__ import annotations

import io

from rich.console import Console
from rich.style import Style

from tui.model import FactBase
from tui.render import SummaryView, render_entity, render_summary


def plain(renderable: object, width: int = 100) -> str:
    console = Console(file=io.StringIO(), width=width, color_system=None)
    console.print(renderable)
    return console.file.getvalue()  # type: ignore[attr-defined]


def test_link_style_marks_every_name_that_leads_somewhere(shipped_base: FactBase) -> None:
    console = Console(file=io.StringIO(), width=100)
    renderable = render_entity(
        shipped_base, "essen-koriyama-mou-2017", link_style=lambda i: Style(meta={"open": i})
    )
    linked: dict[str, str] = {}
    for segment in console.render(renderable):
        target = segment.style.meta.get("open") if segment.style else None
        if target:
            linked[target] = linked.get(target, "") + segment.text
    assert linked["city-of-koriyama"] == "City of Koriyama"
    assert linked["thomas-kufen"].startswith("Thomas Kufen")
    assert "essen-japan-trip-2017" in linked and "renewable-energy" in linked
    assert "essen-press-release-2017-12-01" in linked  # the source in the list
    assert all(target in shipped_base for target in linked)


def test_ids_after_names_and_the_source_list_can_be_left_off(shipped_base: FactBase) -> None:
    with_ids = plain(render_entity(shipped_base, "paul-hoeller", show_ids=True))
    assert "Düsseldorf Evening in Tokyo 2025 (duesseldorf-evening-tokyo-2025)" in with_ids
    bare = plain(render_entity(shipped_base, "paul-hoeller", citations=False))
    assert "Sources" not in bare and "[1]" in bare


def test_an_unknown_id_renders_a_message(shipped_base: FactBase) -> None:
    assert plain(render_entity(shipped_base, "no-such\x1b[2J")) == "unknown id 'no-such\\x1b[2J'\n"


def test_a_narrow_pane_wraps_everything(shipped_base: FactBase) -> None:
    for renderable in (
        render_entity(shipped_base, "essen-japan-trip-2017"),
        render_summary(shipped_base, SummaryView(year=2025)),
    ):
        lines = plain(renderable, width=30).splitlines()
        assert max(len(line) for line in lines) <= 30
