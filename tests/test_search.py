"""Search on the shipped base, rule by rule: what a person types → what they must find first.

Every expectation is a fact of the two source documents (the Essen press release of 2017 and
the Düsseldorf evening article of 2025) as the shipped base records it.
"""

from __future__ import annotations

import itertools

import pytest

from tui.model import Event, FactBase
from tui.search import QueryError
from tui.search.engine import Hit, SearchIndex


@pytest.fixture(scope="module")
def index(shipped_base: FactBase) -> SearchIndex:
    return SearchIndex.build(shipped_base)


def ids(hits: list[Hit]) -> list[str]:
    return [hit.id for hit in hits]


def marked(hit: Hit) -> list[str]:
    return [hit.snippet[start:end] for start, end in hit.highlights]


# -- query → expected top hits --------------------------------------------------------------

TOP_HITS = [
    # folding: case, umlauts written as ü / ue / u, ß as ss
    ("Dusseldorf", ["duesseldorf"]),
    ("DÜSSELDORF", ["duesseldorf"]),
    ("duesseldorf", ["duesseldorf"]),
    ("schluessel", ["zum-schluessel"]),
    ("Höller", ["paul-hoeller"]),
    ("hoeller", ["paul-hoeller"]),
    # prefix of every word
    ("wasserst", ["hydrogen-technologies"]),
    ("kuf", ["thomas-kufen"]),
    ("fukushima med", ["fukushima-medical-device-centre"]),
    # parts of German compounds (4+ letters inside a longer word)
    ("stoff", ["hydrogen-technologies"]),
    ("wasserstoff", ["hydrogen-technologies"]),
    # Japanese without spaces: the start or any part of a name
    ("郡山", ["city-of-koriyama", "koriyama"]),
    ("東芝", ["toshiba"]),
    ("シンフォニー", ["rakuten-symphony"]),
    # names in every language the data holds
    ("hydrogen", ["hydrogen-technologies"]),
    ("Tokio", ["tokyo"]),
    ("tokyo", ["tokyo"]),
    # a whole name first, even when it is short
    ("toshiba", ["toshiba"]),
    ("1&1", ["1-and-1"]),
    ("NRW.INVEST", ["nrw-invest"]),
    # one typo in words of 5+ letters (two from 9 letters)
    ("Rakuten Symphonie", ["rakuten-symphony"]),
    ("fukushma", ["prefecture-of-fukushima"]),
    ("kufne", ["thomas-kufen"]),
    # quoted phrase
    ('"memorandum of understanding"', ["essen-koriyama-mou-2017"]),
]


@pytest.mark.parametrize(("query", "expected"), TOP_HITS)
def test_top_hits(index: SearchIndex, query: str, expected: list[str]) -> None:
    assert ids(index.search(query, limit=len(expected))) == expected


def test_folded_spellings_find_the_same_and_mark_the_original(index: SearchIndex) -> None:
    results = [ids(index.search(q)) for q in ("Düsseldorf", "Duesseldorf", "dusseldorf")]
    assert results[0] == results[1] == results[2]
    top = index.search("dusseldorf", limit=1)[0]
    assert marked(top) == ["Düsseldorf"]


def test_ss_finds_sharp_s(index: SearchIndex) -> None:
    hits = index.search("gross")
    assert "toshiba-rheinbahn-battery-cooperation" in ids(hits)
    assert any(m.startswith("groß") for hit in hits for m in marked(hit))


def test_prefix_and_compound_part_are_highlighted_alone(index: SearchIndex) -> None:
    prefix = index.search("wasserstoff", limit=1)[0]
    assert (prefix.snippet, marked(prefix)) == ("Wasserstofftechnologien", ["Wasserstoff"])
    part = index.search("technologien")
    compound = next(h for h in part if h.id == "hydrogen-technologies")
    assert compound.snippet == "Wasserstofftechnologien"
    assert marked(compound) == ["technologien"]


def test_transliterated_prefix_highlights_the_letters_typed(index: SearchIndex) -> None:
    hit = next(h for h in index.search("due") if h.id == "duesseldorf")
    assert marked(hit) == ["Dü"]


def test_japanese_hit_shows_the_japanese_name(index: SearchIndex) -> None:
    hit = index.search("郡山", limit=1)[0]
    assert (hit.name, hit.snippet, marked(hit)) == ("City of Koriyama", "郡山市", ["郡山"])
    assert index.search("郡山", limit=1, lang="ja")[0].name == "郡山市"


def test_english_word_finds_the_german_named_theme(index: SearchIndex) -> None:
    hit = index.search("hydrogen", limit=1)[0]
    assert (hit.kind, hit.name, hit.snippet) == (
        "theme",
        "Hydrogen technologies",
        "Hydrogen technologies",
    )
    # its events are found through the theme's name, too
    assert "toshiba-hq-visit-2025" in ids(index.search("hydrogen"))


def test_all_words_must_match_across_linked_entities(
    index: SearchIndex, shipped_base: FactBase
) -> None:
    kufen_2017 = sorted(
        e.id
        for e in shipped_base.events
        if any(p.participant == "thomas-kufen" for p in e.participants)
        and e.when is not None
        and e.when.year == 2017
    )
    assert len(kufen_2017) == 2  # the trip and the memorandum he signed
    found = index.search("kufen 2017", kind="event")
    # and the anniversary, whose description names him (the release leaves open whether he
    # made his remark there), though he is not recorded as taking part
    assert sorted(ids(found)) == sorted([*kufen_2017, "nrw-japan-kk-25th-anniversary"])
    # every word must match: a word found nowhere empties the result
    assert index.search("kufen 2017 toshiba") == []


def test_linked_names_make_an_event_findable(index: SearchIndex) -> None:
    """The Düsseldorf evening mentions no Keller in its own text: his participation finds it."""
    hit = next(h for h in index.search("keller") if h.id == "duesseldorf-evening-tokyo-2025")
    assert "Keller" in marked(hit)


def test_phrase_needs_its_words_in_order(index: SearchIndex) -> None:
    assert index.search('"understanding of memorandum"') == []
    hit = index.search('"memorandum of understanding"', limit=1)[0]
    assert marked(hit) == ["memorandum of understanding"]


# -- filters ---------------------------------------------------------------------------------


def test_kind_filter_selects_entity_type_or_event_kind(
    index: SearchIndex, shipped_base: FactBase
) -> None:
    events = index.query("kind:event", limit=1000)
    assert events.total == len(shipped_base.events)
    assert {h.kind for h in events.hits} == {"event"}
    signings = ids(index.search("kind:signing"))
    assert sorted(signings) == sorted(e.id for e in shipped_base.events if e.kind == "signing")
    places = index.search("essen", kind="place")
    assert ids(places)[:2] == ["essen", "essen-city-hall"]
    assert {h.kind for h in places} == {"place"}


def test_theme_filter_by_name_includes_narrower_themes(index: SearchIndex) -> None:
    result = index.query("theme:climate")
    assert result.notes == (
        "theme: Climate neutrality and the narrower theme Hydrogen technologies",
    )
    found = ids(result.hits)
    assert found[:2] == ["climate-neutrality", "hydrogen-technologies"]
    assert "toshiba-hq-visit-2025" in found  # tagged with hydrogen technologies only


def test_theme_filter_with_words(index: SearchIndex, shipped_base: FactBase) -> None:
    hits = index.search("theme:hydrogen tokio", kind="event")
    assert ids(hits) == ["toshiba-hq-visit-2025"]
    assert "hydrogen-technologies" in shipped_base.get("toshiba-hq-visit-2025").themes


def test_year_and_participant_filters(index: SearchIndex, shipped_base: FactBase) -> None:
    in_2017 = sorted(
        e.id
        for e in shipped_base.events  # the trip's undated parts too
        if (e.when and e.when.year == 2017) or e.part_of == "essen-japan-trip-2017"
    )
    assert len(in_2017) == 10
    assert sorted(ids(index.search("year:2017", limit=100))) == in_2017
    result = index.query("participant:kufen")
    assert result.notes == ("participant: Thomas Kufen",)
    assert sorted(ids(result.hits)) == sorted(
        e.id
        for e in shipped_base.events
        if isinstance(e, Event) and any(p.participant == "thomas-kufen" for p in e.participants)
    )
    assert ids(index.search("participant:kufen year:2025")) == []
    span = ids(index.search("year:2020..2025", limit=100))
    assert "duesseldorf-evening-tokyo-2025" in span and "essen-japan-trip-2017" not in span


def test_filter_for_unknown_theme_explains(index: SearchIndex) -> None:
    result = index.query("theme:hydrogn")
    assert result.hits == ()
    assert result.notes == ('no theme matches "hydrogn"; did you mean theme:"hydrogen"?',)


# -- ranking ---------------------------------------------------------------------------------


def test_name_hit_ranks_above_description_hit(index: SearchIndex) -> None:
    hits = index.search("hydrogen")
    assert hits[0].matched == "name"
    assert all(h.matched != "name" for h in hits[1:])
    assert hits[0].score > hits[1].score


def test_exact_above_prefix_above_compound_part_above_typo(index: SearchIndex) -> None:
    hits = index.search("technologien")
    exact = next(h for h in hits if h.id == "green-technologies")  # Grüne Technologien
    part = next(h for h in hits if h.id == "hydrogen-technologies")  # Wasserstofftechnologien
    assert exact.score > part.score
    prefix = next(h for h in index.search("medizin") if h.id == "medical-technology")
    whole_word = next(h for h in index.search("medizin") if h.id == "medicine-and-biotechnology")
    assert whole_word.score > prefix.score > part.score
    typo = index.search("kufne", limit=1)[0]
    assert typo.id == "thomas-kufen" and typo.score < part.score


def test_equal_scores_keep_a_stable_order(index: SearchIndex) -> None:
    hits = index.search("essen", limit=100)
    assert hits[0].id == "essen"  # the query is its whole name
    again = index.search("essen", limit=100)
    assert hits == again
    order = {"theme": 0, "participant": 1, "place": 2, "event": 3, "source": 4}
    for before, after in itertools.pairwise(hits):
        if before.score == after.score:
            assert order[before.kind] <= order[after.kind]


def test_limit(index: SearchIndex) -> None:
    assert len(index.search("essen", limit=3)) == 3
    assert index.query("essen", limit=3).total > 3
    assert index.search("essen", limit=0) == []


# -- no result, bad query --------------------------------------------------------------------


def test_no_result_offers_a_did_you_mean(index: SearchIndex) -> None:
    result = index.query("rakutn symfony")
    assert result.hits == () and result.total == 0
    assert result.suggestion == "rakuten symphony"
    assert index.query("kfen").suggestion == "kufen"
    assert index.query("xqzvw").suggestion is None


def test_short_words_get_no_typo_tolerance(index: SearchIndex) -> None:
    assert index.search("kfen") == []  # 4 letters: only a suggestion


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ("year:abc", 'year: expects a year such as 2017 or a range such as 2017..2025, not "abc"'),
        ("year:2025..2017", "year: the range 2025..2017 ends before it starts"),
        (
            "foo:bar",
            'unknown filter "foo:" — filters are kind:, theme:, year:, participant:, basis:, '
            "changed: (put text in quotes to search for it as words)",
        ),
        ('"memorandum of', 'unbalanced quote: the phrase "memorandum of has no closing "'),
        ("theme:", "theme: needs a value, e.g. theme:hydrogen"),
        ("!!!", "nothing to search for: the query has no letters or digits"),
    ],
)
def test_bad_queries(index: SearchIndex, query: str, message: str) -> None:
    with pytest.raises(QueryError) as caught:
        index.search(query)
    assert str(caught.value) == message


def test_unknown_kind_lists_the_kinds(index: SearchIndex) -> None:
    with pytest.raises(QueryError) as caught:
        index.search("kind:signin")
    message = str(caught.value)
    assert message.startswith(
        'unknown kind "signin" (did you mean "signing"?); kinds are event, participant, '
    )
    assert "delegation-trip" in message


def test_live_typing_tolerates_unfinished_syntax(index: SearchIndex) -> None:
    assert ids(index.query('"memorandum of under', live=True).hits)[:1] == [
        "essen-koriyama-mou-2017"
    ]
    assert index.query("theme:", live=True).hits == ()
    assert index.query("kind:sig", live=True).total == 2
    assert index.search("") == []
    assert index.search("   ") == []


def test_an_id_match_ranks_below_every_name_match(index: SearchIndex) -> None:
    """Issue 13 §8: an id holds the words of what its entity belongs to (the stops of a trip
    are duesseldorf-delegation-chiba-2025 …); a match there ranks below name matches."""
    hits = index.search("düsseldorf delegation")
    order = ids(hits)
    trip = order.index("duesseldorf-japan-trip-2025")
    assert order.index("duesseldorf-delegation-chiba-2025") > trip
    assert order.index("duesseldorf-delegation-osaka-2025") > trip
    named = [h.score for h in hits if "name" in h.matched.split(", ")]
    by_id = [h.score for h in hits if h.matched == "id"]
    assert by_id and min(named) > max(by_id)
    # typing an id still finds its entity first
    assert ids(index.search("duesseldorf-delegation-chiba-2025", limit=1)) == [
        "duesseldorf-delegation-chiba-2025"
    ]


def test_filter_notes_name_in_the_names_language(index: SearchIndex) -> None:
    """A reader who asked for German names reads the filter's note in them too."""
    result = index.query("theme:wasserstoff", lang="de")
    assert result.notes == ("theme: Wasserstofftechnologien",)
    result = index.query("participant:city-of-essen", lang="de")
    assert result.notes == ("participant: Stadt Essen",)


def test_did_you_mean_offers_the_spelling_that_was_nearly_typed(index: SearchIndex) -> None:
    """A German spelling with a typo is answered with the German name, which is what the
    reader will type again, not with the English one."""
    result = index.query("theme:wasserstofftechnologin")
    assert result.notes == (
        'no theme matches "wasserstofftechnologin"; did you mean theme:"Wasserstofftechnologien"?',
    )
