"""`most`: the browser's pane lists at most that many events of a participant, theme or place,
and says how many more there are and where to find every one."""

from __future__ import annotations

import io

from rich.console import Console

from tui.model import FactBase
from tui.render import render_entity


def text(base: FactBase, entity_id: str, most: int | None) -> str:
    out = io.StringIO()
    Console(file=out, width=100, color_system=None).print(render_entity(base, entity_id, most=most))
    return out.getvalue()


def test_a_theme_lists_its_first_events_and_says_how_many_more(shipped_base: FactBase) -> None:
    page = text(shipped_base, "hydrogen-technologies", most=1)
    events = page.split("Events\n", 1)[1].split("\n\n")
    assert events[0] == "2023-09  Opening of the Regenerative Innovation Center · Düsseldorf [1]"
    assert events[1] == ("… and 1 more event; `facts show hydrogen-technologies` lists every one")


def test_without_most_or_under_it_every_event_is_listed(shipped_base: FactBase) -> None:
    full = text(shipped_base, "hydrogen-technologies", most=None)
    assert "more event" not in full
    assert text(shipped_base, "hydrogen-technologies", most=50) == full

    def events(page: str) -> list[str]:
        return page.split("Events\n", 1)[1].split("\n\n", 1)[0].splitlines()

    assert len(events(full)) > len(events(text(shipped_base, "hydrogen-technologies", most=1)))


def test_participants_and_places_are_capped_the_same_way(shipped_base: FactBase) -> None:
    for entity_id in ("essen-delegation-2017", "japan"):
        count = len(shipped_base.events_of(entity_id))
        page = text(shipped_base, entity_id, most=1)
        assert "more event" in page, entity_id
        assert f"`facts show {entity_id}` lists every one" in page
        assert count > 1
