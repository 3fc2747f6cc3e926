"""A whole export works out each event's attendees and each trip's table once, for all the
pages of the document (tui.meetings.TripTables): what a page says must not depend on which
pages were made before it with the same tables."""

from __future__ import annotations

import pytest
from test_generate import build

from tui.meetings import BacklinkParticipations, TripTables, attendance, meetings
from tui.model import AnyEntity, FactBase
from tui.render.doc import Citations
from tui.render.entity import EntityPage
from tui.render.markdown import to_markdown_text


@pytest.fixture(scope="module")
def generated(tmp_path_factory: pytest.TempPathFactory) -> FactBase:
    return build(tmp_path_factory.mktemp("shared"), 300, seed=3)


@pytest.fixture(params=["shipped", "generated"])
def base(request: pytest.FixtureRequest, shipped_base: FactBase, generated: FactBase) -> FactBase:
    return shipped_base if request.param == "shipped" else generated


def test_meetings_with_shared_tables_are_the_meetings_worked_out_alone(base: FactBase) -> None:
    tables = TripTables(base)
    people = [p.id for p in base.participants]
    for pid in [*people, *reversed(people)]:  # each asked twice, the tables full the second time
        shared = meetings(base, pid, via=BacklinkParticipations(base, tables))
        assert shared == meetings(base, pid), pid


def test_who_took_part_with_shared_tables_is_worked_out_alone(base: FactBase) -> None:
    tables = TripTables(base)
    events = [e.id for e in base.events if base.parts_of(e.id)]
    assert events
    for event_id in [*events, *reversed(events)]:
        assert attendance(base, event_id, tables=tables) == attendance(base, event_id), event_id


def test_a_page_built_after_others_reads_as_the_page_built_first(base: FactBase) -> None:
    """One builder for the whole document (its tables, sides and writer caches filled by
    every page before) gives each page exactly as a builder of its own would."""
    ids = [e.id for e in base.participants][:40] + [e.id for e in base.events][:40]
    page = EntityPage(base, None, Citations())
    together = [to_markdown_text(page.build(_entity(base, i))) for i in ids]
    alone = [
        to_markdown_text(EntityPage(base, None, Citations()).build(_entity(base, i))) for i in ids
    ]
    # citation numbers and basis letters run on through a document: compared without them
    assert [_uncited(t) for t in together] == [_uncited(t) for t in alone]


def _entity(base: FactBase, entity_id: str) -> AnyEntity:
    found = base.get(entity_id)
    assert found is not None
    return found


def _uncited(text: str) -> str:
    import re

    text = re.sub(r" \\\[(\[\d+\]\(#c\d+\)(, )?)+\\\]", "", text)
    return re.sub(r" \\\[(\[[a-z]+\]\(#n-[a-z]+\)(, )?)+\\\]", "", text)


def test_generated_base_has_trips_with_people(generated: FactBase) -> None:
    """The generated base exercises Same trip at all (else the tests above prove little)."""
    assert any(meetings(generated, p.id).same_trip for p in generated.participants)
