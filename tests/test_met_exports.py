"""The network exports for researchers: GraphML and GEXF read back by networkx and compared
with `facts met` for every participant; the CSV read back by the csv module."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path
from typing import Any

import networkx as nx
import pytest
from conftest import generated_base

from tui.cli import main
from tui.model import FactBase
from tui.render.formats import export_pieces

HOSTILE = Path(__file__).resolve().parent / "hostile" / "base"
GRAPHS = ("graphml", "gexf")
RANK = {"stated": 0, "inferred": 1, "background": 2}


def export(capsys: pytest.CaptureFixture[str], *args: str) -> str:
    assert main(["export", *args]) == 0
    captured = capsys.readouterr()
    assert captured.err == ""
    return captured.out


def read_graph(kind: str, text: str) -> nx.Graph:
    stream = io.BytesIO(text.encode("utf-8"))
    graph = nx.read_graphml(stream) if kind == "graphml" else nx.read_gexf(stream)
    assert isinstance(graph, nx.Graph) and not graph.is_directed()
    return graph


def met(capsys: pytest.CaptureFixture[str], pid: str, *args: str) -> Any:
    assert main(["met", pid, "--json", *args]) == 0
    return json.loads(capsys.readouterr().out)


@pytest.mark.parametrize("kind", GRAPHS)
def test_the_graph_is_facts_met_for_every_participant(
    kind: str, shipped_base: FactBase, capsys: pytest.CaptureFixture[str]
) -> None:
    graph = read_graph(kind, export(capsys, "--format", kind))
    assert sorted(graph.nodes) == sorted(p.id for p in shipped_base.participants)
    edges = 0
    for p in shipped_base.participants:
        node = graph.nodes[p.id]
        assert node["label" if kind == "gexf" else "name"] == p.label()
        assert node["kind"] == p.kind
        country = shipped_base.by_id[p.country].label() if p.country else None
        assert node.get("country") == country
        answer = met(capsys, p.id)
        expected = {
            c["participant"]["id"]: (
                len(c["events"]),
                [e["id"] for e in c["events"]],
                list(dict.fromkeys(s for e in c["events"] for s in e["sources"])),
                # the surest basis of the shared events: a meeting resting only on inferred
                # participations says so on its edge
                min((e["basis"] for e in c["events"]), key=RANK.__getitem__),
                sum(e["basis"] == "stated" for e in c["events"]),
            )
            for c in answer["met"]
        }
        found = {
            other: (
                data["weight"],
                data["events"].split(),
                data["sources"].split(),
                data["basis"],
                data["stated"],
            )
            for other, data in graph[p.id].items()
        }
        assert found == expected, p.id
        edges += len(found)
    assert edges == 2 * graph.number_of_edges() > 50


@pytest.mark.parametrize("kind", GRAPHS)
def test_a_participant_stands_for_its_events_and_gives_its_own_network(
    kind: str, capsys: pytest.CaptureFixture[str]
) -> None:
    """Thomas Kufen's network: he, everyone he met, and who of them met whom at his events;
    his own edges are `facts met` for him."""
    graph = read_graph(kind, export(capsys, "--format", kind, "thomas-kufen"))
    answer = met(capsys, "thomas-kufen")
    contacts = {c["participant"]["id"]: c for c in answer["met"]}
    assert set(graph.nodes) == {"thomas-kufen", *contacts}
    for other, data in graph["thomas-kufen"].items():
        assert data["events"].split() == [e["id"] for e in contacts[other]["events"]]
        assert data["weight"] == len(contacts[other]["events"])
    assert graph.degree("thomas-kufen") == len(contacts)
    # the mayor and the city of Koriyama met at the signing, which is one of Kufen's events
    assert graph["mayor-of-koriyama"]["city-of-koriyama"]["events"] == "essen-koriyama-mou-2017"
    # the delegation's other meetings on the trip (the ambassador …) are not Kufen's events
    assert "hans-carl-von-werthern" not in graph.nodes


@pytest.mark.parametrize("kind", GRAPHS)
def test_a_selection_counts_only_the_events_it_stands_for(
    kind: str, capsys: pytest.CaptureFixture[str]
) -> None:
    graph = read_graph(
        kind,
        export(capsys, "--format", kind, "nrw-japan-fireside-talk-2017", "ambassador-talk-2017"),
    )
    assert sorted(graph.nodes) == [
        "essen-delegation-2017",
        "hans-carl-von-werthern",
        "nrw-japan-kk",
    ]
    assert sorted(map(sorted, graph.edges)) == [
        ["essen-delegation-2017", "hans-carl-von-werthern"],
        ["essen-delegation-2017", "nrw-japan-kk"],
    ]
    whole = read_graph(kind, export(capsys, "--format", kind))

    def edge(g: nx.Graph) -> dict[str, Any]:  # without GEXF's edge id, counted in each file
        return {k: v for k, v in g["essen-delegation-2017"]["nrw-japan-kk"].items() if k != "id"}

    assert edge(graph) == edge(whole)  # the fireside talk is their only shared event


@pytest.mark.parametrize("kind", [*GRAPHS, "csv"])
def test_a_selection_of_other_kinds_is_refused(
    kind: str, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["export", "--format", kind, "tokyo"]) == 1
    captured = capsys.readouterr()
    assert captured.out == ""
    assert captured.err == (
        f"facts export: --format {kind} takes events and participants; tokyo is a place\n"
    )


def test_lang_names_the_nodes(capsys: pytest.CaptureFixture[str]) -> None:
    graph = read_graph("gexf", export(capsys, "--format", "gexf", "--lang", "ja"))
    assert graph.nodes["city-of-koriyama"]["label"] == "郡山市"
    assert graph.nodes["city-of-koriyama"]["country"] == "日本"


# -- CSV ---------------------------------------------------------------------------------------


def rows(text: str) -> list[list[str]]:
    return list(csv.reader(io.StringIO(text, newline="")))


def test_csv_is_one_row_per_participation(
    shipped_base: FactBase, capsys: pytest.CaptureFixture[str]
) -> None:
    text = export(capsys, "--format", "csv")
    assert text.startswith(
        "event_id,event_name,date,participant_id,participant_name,role,"
        "place,sources,basis,basis_note\r\n"
    )
    table = rows(text)
    assert len(table) - 1 == sum(len(e.participants) for e in shipped_base.events)
    assert all(len(row) == 10 for row in table)
    found = {(r[0], r[3], r[5]) for r in table[1:]}
    assert found == {
        (e.id, p.participant, p.role) for e in shipped_base.events for p in e.participants
    }
    hoeller = next(r for r in table if r[3] == "paul-hoeller")
    assert hoeller == [
        "duesseldorf-evening-tokyo-2025",
        "Düsseldorf Evening in Tokyo 2025",
        "2025-06-16",
        "paul-hoeller",
        "Paul Höller",
        "guest",
        "Hotel New Otani (Tokyo)",
        "duesseldorf-evening-article-2025",
        "stated",
        "",
    ]
    trip = next(r for r in table if r[0] == "essen-japan-trip-2017")
    assert trip[2] == "2017-11-29/2017-12-03"
    council = next(r for r in table if r[3] == "essen-city-council")
    assert council[8:] == [
        "inferred",
        'The release says "some council members"; that they '
        "sit on Essen's council is read from the context.",
    ]


def test_csv_selection_takes_the_events_and_the_participants_named(
    capsys: pytest.CaptureFixture[str],
) -> None:
    table = rows(export(capsys, "--format", "csv", "paul-hoeller", "toshiba-hq-visit-2025"))[1:]
    evening = "duesseldorf-evening-tokyo-2025"  # Höller's one event, with everyone at it
    assert [(r[0], r[3]) for r in table] == [  # the tour takes its trip's 2025: first
        ("toshiba-hq-visit-2025", "toshiba"),
        ("toshiba-hq-visit-2025", "duesseldorf-delegation-2025"),
        (evening, "city-of-duesseldorf"),
        (evening, "stephan-keller"),
        (evening, "paul-hoeller"),
        (evening, "petra-sigmund"),
        (evening, "minister-kiuchi"),
        (evening, "zum-schluessel"),
    ]
    trip = rows(export(capsys, "--format", "csv", "duesseldorf-japan-trip-2025"))[1:]
    assert {r[0] for r in trip} == {
        "duesseldorf-japan-trip-2025",
        evening,
        "toshiba-hq-visit-2025",
        "haneda-innovation-city-agenda-2025",
        "rakuten-symphony-visit-2025",
        "duesseldorf-delegation-chiba-2025",
        "duesseldorf-delegation-osaka-2025",
    }  # the trip and its parts


def test_csv_quotes_as_rfc_4180_and_defuses_formulas(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("FACTS_CACHE_DIR", str(tmp_path / "cache"))
    base = tmp_path / "quotes.yaml"
    base.write_text(
        """\
sources:
  - {id: s, title: S, language: en}
participants:
  - {id: a, name: 'Müller, "Hans"', kind: person, sources: [s]}
  - {id: b, name: '=HYPERLINK("http://evil.example")', kind: person, sources: [s]}
events:
  - id: e
    name: "Line\\nbreak, and 郡山"
    kind: talk
    participants:
      - {participant: a, role: "-1 guest"}
      - {participant: b, role: host}
    sources: [s]
""",
        encoding="utf-8",
    )
    out = tmp_path / "out.csv"
    assert main(["export", "--format", "csv", "--facts", str(base), "-o", str(out)]) == 0
    raw = out.read_bytes()
    assert raw.decode("utf-8").count("\r\n") == 3
    assert b'"M\xc3\xbcller, ""Hans"""' in raw
    table = rows(raw.decode("utf-8"))
    assert table[1] == [
        "e",
        "Line break, and 郡山",
        "",
        "a",
        'Müller, "Hans"',
        "'-1 guest",
        "",
        "s",
        "stated",
        "",
    ]
    assert table[2][4] == '\'=HYPERLINK("http://evil.example")'


# -- safety and streaming -------------------------------------------------------------------


@pytest.mark.parametrize("kind", GRAPHS)
def test_hostile_names_reach_the_graph_as_visible_text(
    kind: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("FACTS_CACHE_DIR", str(tmp_path))
    text = export(capsys, "--format", kind, "--facts", str(HOSTILE), "--lang", "de")
    assert "\x1b" not in text and "\u202e" not in text and "\x9b" not in text
    graph = read_graph(kind, text)  # well-formed XML despite <, &, quotes and controls
    name = graph.nodes["markup-org"]["label" if kind == "gexf" else "name"]
    assert name == "[bold]Fett[/] GmbH"
    assert graph["markup-org"]["emoji-person"]["events"] == "hostile-event"


def test_xml_text_escapes_markup_and_what_xml_cannot_hold() -> None:
    from tui.render.network import xml_text

    assert xml_text('<a href="x">&</a>') == "&lt;a href=&quot;x&quot;&gt;&amp;&lt;/a&gt;"
    assert xml_text("nul\x00 esc\x1b bom\ufffe end\uffff") == (
        "nul\\x00 esc\\x1b bom\\ufffe end\\uffff"
    )


@pytest.fixture(scope="module")
def generated(tmp_path_factory: pytest.TempPathFactory) -> FactBase:
    return generated_base(tmp_path_factory.mktemp("generated") / "base", 1500)


@pytest.mark.parametrize("kind", [*GRAPHS, "csv"])
def test_the_network_formats_are_written_as_they_go(kind: str, generated: FactBase) -> None:
    """A writer hands out pieces, none of them the whole document: nodes one by one, edges
    one participant at a time, rows in batches."""
    pieces = export_pieces(kind, generated, None, None)
    assert not isinstance(pieces, tuple)
    sizes = [len(piece) for piece in pieces]
    assert max(sizes) < 100_000 < sum(sizes) / 4
