"""`basis:` in a search: `basis:stated` keeps the entities whose every fact its sources state,
`basis:inferred` / `basis:background` those with at least one fact of that basis — checked
against the JSON export, which carries every basis, and as a user sees it on the command line."""

from __future__ import annotations

import json
from typing import Any

import pytest

from tui.cli import main
from tui.model import FactBase
from tui.search import QueryError
from tui.search.engine import SearchIndex
from tui.search.query import Filter, parse


@pytest.fixture(scope="module")
def index(shipped_base: FactBase) -> SearchIndex:
    return SearchIndex.build(shipped_base)


def bases_from_export(entity: dict[str, Any]) -> set[str]:
    """The bases of an exported entity's facts, read from the export alone: `field_basis`
    entries and objects of its lists with a `basis`."""
    found = {entry["basis"] for entry in entity.get("field_basis", {}).values()}
    for value in entity.values():
        if isinstance(value, list):
            found.update(
                item["basis"] for item in value if isinstance(item, dict) and "basis" in item
            )
    return found


@pytest.fixture(scope="module")
def exported() -> dict[str, set[str]]:
    import contextlib
    import io

    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        assert main(["export", "--format", "json"]) == 0
    document = json.loads(out.getvalue())
    return {
        entity["id"]: bases_from_export(entity)
        for collection in ("sources", "places", "participants", "themes", "events")
        for entity in document[collection]
    }


def found(index: SearchIndex, query: str) -> set[str]:
    result = index.query(query, limit=10_000)
    assert result.total == len(result.hits)
    return {hit.id for hit in result.hits}


def test_each_basis_selects_what_the_export_says(
    index: SearchIndex, exported: dict[str, set[str]]
) -> None:
    stated = {i for i, bases in exported.items() if not bases}
    inferred = {i for i, bases in exported.items() if "inferred" in bases}
    background = {i for i, bases in exported.items() if "background" in bases}
    assert found(index, "basis:stated") == stated
    assert found(index, "basis:inferred") == inferred
    assert found(index, "basis:background") == background
    assert stated and inferred and background  # the shipped base has all three
    assert stated | inferred | background == set(exported)
    assert not stated & (inferred | background)


def test_basis_narrows_words_and_other_filters(
    index: SearchIndex, exported: dict[str, set[str]]
) -> None:
    words = found(index, "koriyama")
    assert found(index, "koriyama basis:background") == {
        i for i in words if "background" in exported[i]
    }
    assert found(index, "koriyama basis:stated") == {i for i in words if not exported[i]}
    assert "koriyama" in found(index, "koriyama basis:background")  # in Fukushima: background
    assert "koriyama" not in found(index, "koriyama basis:stated")
    events = found(index, "kind:event basis:inferred")
    assert "duesseldorf-japan-trip-2025" in events
    assert all(i in found(index, "kind:event") for i in events)


def test_the_value_is_one_of_three(index: SearchIndex) -> None:
    with pytest.raises(QueryError) as error:
        index.query("basis:maybe")
    assert str(error.value) == 'basis: is stated, inferred or background, not "maybe"'
    with pytest.raises(QueryError) as error:
        index.query("basis:")
    assert str(error.value) == (
        "basis: needs a value, e.g. basis:stated, basis:inferred or basis:background"
    )
    assert parse("basis:Inferred").filters == (Filter("basis", "inferred"),)
    # typed letter by letter: half a value is no error, and no filter yet
    assert parse("essen basis:inf", live=True).filters == ()
    with pytest.raises(QueryError):
        parse("essen basis:inx", live=True)


def test_on_the_command_line(capsys: pytest.CaptureFixture[str]) -> None:
    code = main(["search", "basis:inferred", "kind:event", "ambassador", "--width", "100"])
    out, err = capsys.readouterr()
    assert code == 0
    assert err == "basis: inferred (a fact read between the lines of its source)\n"
    assert out.splitlines() == [
        "1. Talk with Ambassador von Werthern  event · ambassador-talk-2017",
        "   Talk with Ambassador von Werthern",
        "2. Essen delegation trip to Japan 2017  event · essen-japan-trip-2017",
        "   …captions add a talk with the German ambassador, a visit to a medical device centre "
        "and the…",
        "3. Düsseldorf Evening in Tokyo 2025  event · duesseldorf-evening-tokyo-2025",
        "   participant note: German ambassador.",
        "3 results",
    ]
    # a hit of the filters alone says which of its facts are of that basis, where written
    code = main(["search", "basis:inferred", "kind:signing", "--width", "100"])
    out, err = capsys.readouterr()
    assert code == 0
    assert "   basis: inferred: place" in out.splitlines()
    code = main(["search", "basis:sure"])
    out, err = capsys.readouterr()
    assert (code, out) == (2, "")
    assert err == 'facts search: basis: is stated, inferred or background, not "sure"\n'
