"""`facts completion bash|zsh|fish`: a shell completion script, from the real parser."""

from __future__ import annotations

import argparse
import sys

from tui.commands.options import ENTITY_KINDS, add_command
from tui.i18n import _

SHELLS = ("bash", "zsh", "fish")


def register(
    sub: argparse._SubParsersAction[argparse.ArgumentParser], common: argparse.ArgumentParser
) -> None:
    parser = add_command(
        sub,
        common,
        "completion",
        help=_("print a shell completion script for bash, zsh or fish"),
        description=_(
            "Print a completion script: commands, options, option values, and the "
            "ids of the fact base for the arguments that take them (read from the store when "
            "you press TAB)."
        ),
        examples=_("""\
eval "$(facts completion bash)"                                  # in ~/.bashrc
facts completion zsh > ~/.zfunc/_facts                           # with fpath+=~/.zfunc
facts completion fish > ~/.config/fish/completions/facts.fish"""),
        section="Shell completion",
    )
    parser.add_argument("shell", nargs="?", choices=SHELLS, help=_("the shell to complete in"))
    # What the scripts ask for at TAB time; not for people, so not in the help.
    parser.add_argument("--ids", choices=(*ENTITY_KINDS, "kind"), help=argparse.SUPPRESS)
    parser.add_argument("--prefix", default="", help=argparse.SUPPRESS)
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    if args.ids:
        return _print_ids(args)
    if args.shell is None:
        print(
            _("facts completion: name the shell: bash, zsh or fish (see facts completion --help)"),
            file=sys.stderr,
        )
        return 2
    from tui.completion import script

    sys.stdout.write(script(args.shell, args.parser))
    return 0


def _print_ids(args: argparse.Namespace) -> int:
    """The ids (or kinds) of the base starting with the prefix, one a line; nothing at all
    when the base cannot be read (a TAB shows no error)."""
    from pathlib import Path

    from tui.load import load

    prefix = args.prefix
    result = load(Path(args.facts))
    if result.base is None:
        return 1
    found = [c for c in candidates(result.base, args.ids) if c.startswith(prefix)]
    sys.stdout.write("".join(f"{c}\n" for c in found if c.isprintable()))
    return 0


LISTS = {
    "event": ("timeline",),
    "participant": ("participants",),
    "theme": ("themes",),
    "place": ("places",),
    "source": ("sources",),
}


def candidates(base: object, what: str) -> list[str]:
    """Ids in the browser's list order (the store keeps those orders, so no entity is read);
    for `kind`, the entity types and every kind in the data."""
    from tui.model import COLLECTION_OF_TYPE, FactBase

    assert isinstance(base, FactBase)
    if what == "kind":
        kinds = {str(k) for e in base for k in (getattr(e, "kind", None),) if k}
        return [*COLLECTION_OF_TYPE, *sorted(kinds - set(COLLECTION_OF_TYPE))]
    keys = LISTS.get(what) or tuple(key for keys in LISTS.values() for key in keys)
    return [entity_id for key in keys for entity_id in base.listing(key).ids]
