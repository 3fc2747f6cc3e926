"""`facts export --format gexf`: who met whom as a GEXF 1.3 network (Gephi's own format;
networkx reads it too).

Nodes are participants (their name as the `label`, `kind` and `country` as attributes),
edges the pairs who met with `weight` = number of shared events and the attributes
`events` and `sources` (ids separated by spaces), `basis` (`stated` when a shared event
rests on stated participations, else `inferred` or `background`) and `stated` (how many
do).  Written as it goes (see
`tui.render.network` for what a selection holds).
"""

from __future__ import annotations

from collections.abc import Iterator

from tui.basis import word
from tui.model import FactBase
from tui.render.network import Selection, country_name, ids_text, xml_text

HEAD = """<?xml version="1.0" encoding="UTF-8"?>
<gexf xmlns="http://gexf.net/1.3" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"
    xsi:schemaLocation="http://gexf.net/1.3 http://gexf.net/1.3/gexf.xsd" version="1.3">
  <meta>
    <creator>facts</creator>
    <description>Who met whom: participants, and an edge for each pair that took part in
      the same event (weight: how many events)</description>
  </meta>
  <graph mode="static" defaultedgetype="undirected">
    <attributes class="node">
      <attribute id="kind" title="kind" type="string"/>
      <attribute id="country" title="country" type="string"/>
    </attributes>
    <attributes class="edge">
      <attribute id="events" title="events" type="string"/>
      <attribute id="sources" title="sources" type="string"/>
      <attribute id="basis" title="basis" type="string"/>
      <attribute id="stated" title="stated" type="integer"/>
    </attributes>
    <nodes>
"""
MIDDLE = "    </nodes>\n    <edges>\n"
TAIL = "    </edges>\n  </graph>\n</gexf>\n"


def to_gexf(base: FactBase, ids: list[str] | None = None, lang: str | None = None) -> Iterator[str]:
    """The network of the selection, as pieces of text to write one after another; a
    selection the format cannot take is refused before the first piece (SelectionError)."""
    return _pieces(Selection.of(base, ids, "gexf"), lang)


def _pieces(selection: Selection, lang: str | None) -> Iterator[str]:
    base = selection.base
    yield HEAD
    for node in selection.nodes():
        values = [f'          <attvalue for="kind" value="{xml_text(node.kind)}"/>\n']
        country = country_name(base, node, lang)
        if country:
            values.append(f'          <attvalue for="country" value="{xml_text(country)}"/>\n')
        yield (
            f'      <node id="{xml_text(node.id)}" label="{xml_text(node.label(lang))}">\n'
            f"        <attvalues>\n{''.join(values)}        </attvalues>\n"
            "      </node>\n"
        )
    yield MIDDLE
    for number, (pid, contact) in enumerate(selection.edges(lang)):
        events = ids_text([shared.id for shared in contact.events])
        yield (
            f'      <edge id="{number}" source="{xml_text(pid)}" '
            f'target="{xml_text(contact.participant)}" weight="{contact.count}">\n'
            "        <attvalues>\n"
            f'          <attvalue for="events" value="{xml_text(events)}"/>\n'
            f'          <attvalue for="sources" value="{xml_text(ids_text(contact.sources))}"/>\n'
            f'          <attvalue for="basis" value="{word(contact.basis)}"/>\n'
            f'          <attvalue for="stated" value="{contact.stated}"/>\n'
            "        </attvalues>\n"
            "      </edge>\n"
        )
    yield TAIL
