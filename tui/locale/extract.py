"""Bring the translation catalogs up to date with the source.

    python -m tui.locale.extract            # update tui/locale/*/LC_MESSAGES/facts.po
    python -m tui.locale.extract --check    # exit 1 when a catalog is out of date

It reads every module of the package (with `ast`, importing nothing) for `_("…")`,
`N_("…")` and `ngettext("…", "…", n)` with literal strings, and argparse's own messages
from the argparse of this Python; each catalog then holds exactly those messages, in the
order of the first file they are in, then alphabetically (the lines are left out, so that
an edit elsewhere in a file changes no catalog).  A translation already made is kept; a new
message gets an empty one (the test suite then fails until it is translated); a message no
longer in the source is kept at the end as an obsolete `#~` entry, so that a translation is
not lost when a string moves back.  Strings are marked in the source by their English text,
which is the msgid: change the English and the translation must be looked at again.
"""

from __future__ import annotations

import argparse
import ast
import sys
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from tui.i18n import LANGUAGES, SOURCE_LANGUAGE, PoEntry, catalog_path, parse_po

PACKAGE = Path(__file__).resolve().parent.parent

HEADERS = {
    "de": "nplurals=2; plural=(n != 1);",
    "ja": "nplurals=1; plural=0;",
}
"""Each language's Plural-Forms (the loader knows these rules; see tui.i18n)."""

ARGPARSE = "argparse"


@dataclass
class Message:
    msgid: str
    plural: str | None = None
    places: list[str] = field(default_factory=list)


def _strings(call: ast.Call) -> list[str] | None:
    values = []
    for arg in call.args:
        if isinstance(arg, ast.Constant) and isinstance(arg.value, str):
            values.append(arg.value)
        else:
            break
    return values


def messages_in(path: Path, name: str) -> Iterator[tuple[str, str | None, str]]:
    """(msgid, msgid_plural, place) of each marked string in the module at `path`."""
    tree = ast.parse(path.read_text(encoding="utf-8"), str(path))
    for node in ast.walk(tree):
        if not isinstance(node, ast.Call) or not isinstance(node.func, ast.Name):
            continue
        strings = _strings(node) or []
        place = f"{name}:{node.lineno}"
        if node.func.id in ("_", "N_") and len(strings) >= 1 and len(node.args) == 1:
            yield strings[0], None, place
        elif node.func.id == "ngettext" and len(strings) >= 2:
            yield strings[0], strings[1], place


def source_messages() -> list[Message]:
    """Every marked message of the package, then argparse's, by first file and text."""
    found: dict[str, Message] = {}

    def add(items: Iterable[tuple[str, str | None, str]]) -> None:
        for msgid, plural, place in sorted(items, key=lambda m: _place_key(m[2])):
            message = found.setdefault(msgid, Message(msgid, plural))
            message.places.append(place)
            if plural is not None:
                message.plural = plural

    for path in sorted(PACKAGE.rglob("*.py")):
        if "locale" in path.relative_to(PACKAGE).parts:
            continue
        add(messages_in(path, path.relative_to(PACKAGE.parent).as_posix()))
    add(messages_in(Path(argparse.__file__), ARGPARSE))
    # by the first file, then alphabetically: a line moved by an edit changes nothing
    return sorted(found.values(), key=lambda m: (_place_key(m.places[0])[0], m.msgid))


def _place_key(place: str) -> tuple[str, int]:
    name, _colon, line = place.rpartition(":")
    return name, int(line)


def _quote(text: str) -> str:
    return (
        '"'
        + (text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n").replace("\t", "\\t"))
        + '"'
    )


def _field(keyword: str, text: str) -> list[str]:
    if "\n" not in text.rstrip("\n"):
        return [f"{keyword} {_quote(text)}"]
    lines = [f'{keyword} ""']
    parts = text.split("\n")
    for index, part in enumerate(parts):
        last = index == len(parts) - 1
        if last and not part:
            break
        lines.append(_quote(part + ("" if last else "\n")))
    return lines


def render(lang: str, messages: list[Message], old: list[PoEntry]) -> str:
    """The catalog of `lang` for `messages`, keeping the translations in `old`."""
    previous = {entry.msgid: entry for entry in old if entry.msgid}
    out = [
        "# Translations of facts' interface. Update with `python -m tui.locale.extract`;",
        "# fill in each empty msgstr (the tests fail while one is missing).",
        'msgid ""',
        'msgstr ""',
        _quote(f"Language: {lang}\n"),
        _quote("MIME-Version: 1.0\n"),
        _quote("Content-Type: text/plain; charset=UTF-8\n"),
        _quote("Content-Transfer-Encoding: 8bit\n"),
        _quote(f"Plural-Forms: {HEADERS[lang]}\n"),
        "",
    ]
    seen = set()
    for message in messages:
        seen.add(message.msgid)
        before = previous.get(message.msgid)
        for comment in before.comments if before else []:
            if not comment.startswith("#."):
                out.append(comment)
        # the files only, not the lines: a line moved by an unrelated edit would otherwise
        # make every catalog out of date
        files = dict.fromkeys(p.rpartition(":")[0] for p in message.places)
        out.append("#: " + " ".join(files))
        flags = sorted(before.flags) if before and before.flags else []
        if "{" in message.msgid and "python-brace-format" not in flags:
            flags = sorted({*flags, "python-brace-format"})
        if flags:
            out.append("#, " + ", ".join(flags))
        out += _field("msgid", message.msgid)
        if message.plural is not None:
            out += _field("msgid_plural", message.plural)
            count = 1 if lang == "ja" else 2
            for index in range(count):
                text = before.msgstr.get(index, "") if before else ""
                out += _field(f"msgstr[{index}]", text)
        else:
            out += _field("msgstr", before.msgstr.get(0, "") if before else "")
        out.append("")
    for entry in sorted(old, key=lambda e: e.msgid):
        if entry.msgid and entry.msgid not in seen and entry.translation:
            seen.add(entry.msgid)
            lines = _field("msgid", entry.msgid)
            if entry.msgid_plural is not None:
                lines += _field("msgid_plural", entry.msgid_plural)
                for index, text in sorted(entry.msgstr.items()):
                    lines += _field(f"msgstr[{index}]", text)
            else:
                lines += _field("msgstr", entry.msgstr.get(0, ""))
            out += ["#~ " + line for line in lines]
            out.append("")
    return "\n".join(out).rstrip("\n") + "\n"


def updated(lang: str) -> tuple[str, str]:
    """(the catalog as it is, as it should be)."""
    path = catalog_path(lang)
    current = path.read_text(encoding="utf-8") if path.exists() else ""
    return current, render(lang, source_messages(), parse_po(current))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m tui.locale.extract", description=__doc__.split("\n\n")[0]
    )
    parser.add_argument(
        "--check", action="store_true", help="change nothing; exit 1 when a catalog is out of date"
    )
    args = parser.parse_args(argv)
    stale = []
    for lang in LANGUAGES:
        if lang == SOURCE_LANGUAGE:
            continue
        current, wanted = updated(lang)
        if current == wanted:
            continue
        stale.append(lang)
        if not args.check:
            path = catalog_path(lang)
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(wanted, encoding="utf-8")
            print(f"updated {path}")
    if args.check and stale:
        print(
            "out of date: " + ", ".join(stale) + " (run python -m tui.locale.extract)",
            file=sys.stderr,
        )
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
