"""`facts export`: the fact base as a document for other programs and people."""

from __future__ import annotations

import argparse
import shutil
import sys
import tempfile
from typing import TYPE_CHECKING

from tui.commands.options import add_command, add_output_options, offers
from tui.i18n import _
from tui.render.formats import FORMATS

if TYPE_CHECKING:
    from tui.output import Output


def register(
    sub: argparse._SubParsersAction[argparse.ArgumentParser], common: argparse.ArgumentParser
) -> None:
    parser = add_command(
        sub,
        common,
        "export",
        help=_(
            "write the fact base (or chosen entities) as JSON (the default), Markdown or HTML, "
            "or who met whom as GraphML, GEXF or CSV"
        ),
        description=_(
            "Write the whole fact base, or the entities named by ID, as one document: "
            "JSON for programs (the default), Markdown for a forge or a message, HTML (one "
            "standalone page) for a browser or an e-mail attachment. The JSON document carries "
            '"format": 1; a program reading it should refuse another number. Who met whom: a '
            "network for Gephi, networkx or Cytoscape (GraphML, GEXF), or one row per "
            "participation (CSV); for these, an event ID stands for itself and its parts, a "
            "participant ID for the events it took part in."
        ),
        examples=_("""\
facts export > facts.json                            # JSON, the whole base
facts export --format markdown -o essen-2017.md essen-japan-trip-2017
facts export --format html -o facts.html
facts export --format graphml -o network.graphml     # who met whom, for Gephi
facts export --format csv thomas-kufen               # his events, a row per participation"""),
        section="Documents to hand on: facts export",
    )
    offers(
        parser.add_argument("ids", nargs="*", metavar="ID", help=_("only these entities")), "entity"
    )
    parser.add_argument(
        "--format", choices=FORMATS, default="json", help=_("output format (default: json)")
    )
    offers(
        parser.add_argument(
            "-o", "--output", metavar="FILE", help=_("write to FILE instead of stdout")
        ),
        "file",
    )
    add_output_options(parser, terminal=False)
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    from tui.commands.common import load_base, safe_line, unknown_id
    from tui.render.formats import STREAMED, export, export_pieces

    base = load_base(args)
    if base is None:
        return 1
    unknown = [i for i in args.ids if i not in base]
    if unknown:
        for entity_id in unknown:
            print(unknown_id("export", base, entity_id), file=sys.stderr)
        return 1
    ids, lang = args.ids or None, getattr(args, "lang", None)
    pieces = None
    if args.format in STREAMED:
        try:
            pieces = export_pieces(args.format, base, ids, lang)
        except ValueError as error:  # a selection this format cannot take
            print(
                _("facts export: {message}").format(message=safe_line(str(error))), file=sys.stderr
            )
            return 1

    def write(out: Output) -> None:
        if pieces is None:
            export(args.format, base, out, ids, lang)  # an entity at a time
        else:
            for piece in pieces:
                out.write(piece)

    if args.output:
        try:
            with open(args.output, "w", encoding="utf-8", newline="") as out:
                write(out)
        except OSError as error:
            print(
                _("facts export: cannot write {file}: {reason}").format(
                    file=safe_line(args.output), reason=safe_line(error.strerror or str(error))
                ),
                file=sys.stderr,
            )
            return 1
        return 0
    if not base.stored:
        write(sys.stdout)
        return 0
    # A stored base can go bad under the export (the file cut short or overwritten); the
    # answer must then come whole from the fact files, so the document is spooled to a
    # temporary file (memory stays bounded) and written out once it is complete.
    with tempfile.TemporaryFile("w+", encoding="utf-8", newline="") as spool:
        write(spool)  # StoreDamaged: the command answers again from the files
        spool.seek(0)
        shutil.copyfileobj(spool, sys.stdout, 1 << 20)
    return 0
