"""`facts export --format graphml`: who met whom as a GraphML network (Gephi, networkx,
Cytoscape, yEd).

Nodes are participants (`name`, `kind`, `country`), edges the pairs who met: `weight` is the
number of shared events, `events` and `sources` list their ids, separated by spaces;
`basis` is `stated` when at least one shared event rests on stated participations (else
`inferred` or `background`), `stated` counts those events.  The
file is written as it goes (see `tui.render.network` for what a selection holds).
"""

from __future__ import annotations

from collections.abc import Iterator

from tui.basis import word
from tui.model import FactBase
from tui.render.network import Selection, country_name, ids_text, xml_text

HEAD = """<?xml version="1.0" encoding="UTF-8"?>
<graphml xmlns="http://graphml.graphdrawing.org/xmlns"
    xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"
    xsi:schemaLocation="http://graphml.graphdrawing.org/xmlns
      http://graphml.graphdrawing.org/xmlns/1.0/graphml.xsd">
  <key id="name" for="node" attr.name="name" attr.type="string"/>
  <key id="kind" for="node" attr.name="kind" attr.type="string"/>
  <key id="country" for="node" attr.name="country" attr.type="string"/>
  <key id="weight" for="edge" attr.name="weight" attr.type="int"/>
  <key id="events" for="edge" attr.name="events" attr.type="string"/>
  <key id="sources" for="edge" attr.name="sources" attr.type="string"/>
  <key id="basis" for="edge" attr.name="basis" attr.type="string"/>
  <key id="stated" for="edge" attr.name="stated" attr.type="int"/>
  <graph id="facts" edgedefault="undirected">
"""
TAIL = "  </graph>\n</graphml>\n"


def to_graphml(
    base: FactBase, ids: list[str] | None = None, lang: str | None = None
) -> Iterator[str]:
    """The network of the selection, as pieces of text to write one after another; a
    selection the format cannot take is refused before the first piece (SelectionError)."""
    return _pieces(Selection.of(base, ids, "graphml"), lang)


def _pieces(selection: Selection, lang: str | None) -> Iterator[str]:
    base = selection.base
    yield HEAD
    for node in selection.nodes():
        data = [
            f'      <data key="name">{xml_text(node.label(lang))}</data>\n',
            f'      <data key="kind">{xml_text(node.kind)}</data>\n',
        ]
        country = country_name(base, node, lang)
        if country:
            data.append(f'      <data key="country">{xml_text(country)}</data>\n')
        yield f'    <node id="{xml_text(node.id)}">\n{"".join(data)}    </node>\n'
    for pid, contact in selection.edges(lang):
        events = ids_text([shared.id for shared in contact.events])
        yield (
            f'    <edge source="{xml_text(pid)}" target="{xml_text(contact.participant)}">\n'
            f'      <data key="weight">{contact.count}</data>\n'
            f'      <data key="events">{xml_text(events)}</data>\n'
            f'      <data key="sources">{xml_text(ids_text(contact.sources))}</data>\n'
            f'      <data key="basis">{word(contact.basis)}</data>\n'
            f'      <data key="stated">{contact.stated}</data>\n'
            "    </edge>\n"
        )
    yield TAIL
