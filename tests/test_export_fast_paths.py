"""The shortcuts a whole-base export takes give what the plain way gives: a span written
from the writer's memory is the span written afresh; *Met* and *Same trip* worked out from
each trip's shared table (and from a page's events, sorted already) are the answer
`meetings` gives on its own, and the answer a filter that admits every event gives."""

from __future__ import annotations

from dataclasses import dataclass

import pytest
from conftest import generated_base
from hypothesis import given, settings
from hypothesis import strategies as st

from tui.meetings import EventFilter, TripTables, meetings
from tui.model import FactBase
from tui.order import EventOrder
from tui.render.doc import Citations, Heading, Span
from tui.render.document import document_blocks
from tui.render.entity import EntityPage, _Known
from tui.render.html import HtmlWriter
from tui.render.markdown import MarkdownWriter


@pytest.fixture(scope="module")
def generated(tmp_path_factory: pytest.TempPathFactory) -> FactBase:
    return generated_base(tmp_path_factory.mktemp("generated") / "base", 400)


@dataclass(frozen=True, slots=True)
class _EveryEventFiltered(EventFilter):
    """A filter that admits every event but counts as set: the way of a filtered answer."""

    @property
    def active(self) -> bool:
        return True


def test_the_pages_way_to_the_meetings_is_the_plain_answer(generated: FactBase) -> None:
    base = generated
    order = EventOrder(base)
    tables = TripTables(base)  # shared by every participant, as in an export
    same_trip = 0
    for person in base.participants:
        every = order(base.events_of(person.id))
        if not every:
            continue
        paged = meetings(base, person.id, via=_Known(base, person.id, every, tables), in_order=True)
        plain = meetings(base, person.id)
        filtered = meetings(base, person.id, _EveryEventFiltered())
        assert paged == plain
        assert (filtered.met, filtered.same_trip, filtered.events) == (
            plain.met,
            plain.same_trip,
            plain.events,
        )
        same_trip += len(plain.same_trip)
    assert same_trip > 100  # the base has trips to share


ids = st.sampled_from(["a", "b", "c-d", "e_f"])
spans = st.builds(
    Span,
    text=st.one_of(st.sampled_from(["", " · ", ", ", "x"]), st.text(max_size=70)),
    style=st.sampled_from(["", "strong", "muted", "em", "current", "inferred"]),
    link=st.one_of(st.none(), ids),
    url=st.one_of(st.none(), st.sampled_from(["https://example.org/a", "javascript:x"])),
    cites=st.one_of(st.just(()), st.tuples(st.integers(1, 9)), st.tuples(st.integers(1, 9))),
    notes=st.one_of(st.just(()), st.tuples(st.sampled_from(["a", "b"]))),
)
lines = st.lists(st.tuples(*[spans] * 3) | st.tuples(spans), min_size=1, max_size=12)


@settings(max_examples=200, deadline=None)
@given(lines=lines)
def test_a_span_written_from_memory_is_the_span_written_afresh(
    lines: list[tuple[Span, ...]],
) -> None:
    for kind in (MarkdownWriter, HtmlWriter):
        present = frozenset({"a", "c-d"})
        remembering = kind(present)
        for line in [*lines, *lines]:  # the second time round, from memory
            for breaks in ("<br><br>", "\n\n"):
                fresh = kind(present)
                assert remembering.inline(line, breaks) == "".join(
                    fresh.marked(span, breaks) for span in line
                )


def test_theme_and_place_pages_listed_from_the_event_pages_are_the_plain_pages(
    generated: FactBase,
) -> None:
    """A document's theme and place pages list their events from what each event's page
    kept (`Listed`, in the document's order): the same blocks as a page that reads the
    events and sorts them itself, with the same citations numbered before."""
    base = generated
    order = EventOrder(base)
    events = order(base.events)
    paged = EntityPage(base, None, Citations(), order=order)
    paged.ranked = {event.id: at for at, event in enumerate(events)}
    plain = EntityPage(base, None, Citations(), order=order)
    for event in events:
        assert paged.build(event, level=3) == plain.build(event, level=3)
    assert len(paged.listed_events) == len(events)
    assert not plain.listed_events  # the plain way keeps none
    listed = 0
    for entity in [*base.themes, *base.places]:
        assert paged.build(entity, level=3) == plain.build(entity, level=3)
        listed += len(base.event_ids_of(entity.id))
    assert listed > len(events)  # the pages list the events, more than once
    assert paged.cites == plain.cites


def test_an_export_of_some_events_lists_the_others_on_theme_pages_the_plain_way(
    generated: FactBase,
) -> None:
    """Events outside the chosen ones have no page to keep what they show: a theme's page
    in such a document reads them, and says what it said before."""
    base = generated
    theme = max(base.themes, key=lambda t: len(base.event_ids_of(t.id)))
    some = [base.event_ids_of(theme.id)[0], theme.id]
    blocks = document_blocks(base, some)
    plain = EntityPage(base, None, Citations())
    expected = [*plain.build(base.get(some[0]), level=3), *plain.build(theme, level=3)]  # type: ignore[arg-type]
    body = [b for b in blocks if not isinstance(b, Heading) or b.level != 2]
    assert body[1 : 1 + len(expected)] == expected
