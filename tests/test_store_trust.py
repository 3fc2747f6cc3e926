"""The store holds plain data, and only a store nobody else could have written is used.

The attack this guards against (issue 18): in a cache folder others may write to, another
user plants a rollback journal beside the store; a program that opens the store read-write
lets SQLite "recover" that journal into it, and whatever the store decodes then came from
the other user.  Here: the store is never decoded into objects the data names (no pickle),
a published store is never opened read-write (a journal beside it is never replayed), and
a folder or file someone else owns or may write to is not used at all.
"""

from __future__ import annotations

import ast
import hashlib
import json
import os
import shutil
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from tui import store
from tui.entities import Source
from tui.load import load
from tui.store.codec import decode_entity, encode_entity
from tui.store.damage import StoreDamaged, seal

ROOT = Path(__file__).resolve().parent.parent
LONG_AGO = 1_500_000_000

BASE = """\
sources:
  - id: press-2017
    title: Delegation aus Essen zu Gast in Japan
    language: de
events:
  - id: essen-delegation-2017
    name: {de: Delegation aus Essen, en: Essen delegation}
    kind: delegation-trip
    date: "2017-11-29"
    sources: [press-2017]
"""

PLANTED = "written by someone else"


@pytest.fixture
def cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "cache"
    monkeypatch.setenv("FACTS_CACHE_DIR", str(folder))
    monkeypatch.delenv("FACTS_NO_CACHE", raising=False)
    return folder


@pytest.fixture
def facts(tmp_path: Path) -> Path:
    folder = tmp_path / "facts"
    folder.mkdir()
    (folder / "base.yaml").write_text(BASE, encoding="utf-8")
    os.utime(folder / "base.yaml", (LONG_AGO, LONG_AGO))
    return folder


def facts_command(
    *args: str, env: dict[str, str] | None = None
) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "tui", *args],
        capture_output=True,
        text=True,
        cwd=ROOT,
        env=env or dict(os.environ),
        timeout=120,
    )


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def hostile_copy(store_file: Path, scratch: Path) -> bytes:
    """What an attacker wants the store to hold: the same store with the source's record
    replaced by one of theirs (a well-formed record, checksum and all)."""
    planted = scratch / "planted.sqlite"
    shutil.copy(store_file, planted)
    record = seal(encode_entity(Source("press-2017", PLANTED, "de")))
    with sqlite3.connect(planted) as db:
        db.execute("UPDATE entities SET data = ? WHERE id = 'press-2017'", (record,))
    db.close()
    return record


def hostile_journal(store_file: Path, scratch: Path) -> Path:
    """A rollback journal that turns `store_file` into the attacker's copy when SQLite
    replays it: a process changes the attacker's copy and is killed before it commits, so
    its journal holds the attacker's pages."""
    hostile_copy(store_file, scratch)
    code = (
        "import os, signal, sqlite3, sys\n"
        "db = sqlite3.connect(sys.argv[1], isolation_level=None)\n"
        "db.execute('PRAGMA synchronous = OFF')\n"
        "db.execute('PRAGMA cache_size = 1')\n"
        "db.execute('BEGIN')\n"
        "db.execute(\"UPDATE entities SET data = data || x'' WHERE id = 'press-2017'\")\n"
        "db.execute(\"UPDATE entities SET data = x'00'\")\n"
        "os.kill(os.getpid(), signal.SIGKILL)\n"
    )
    subprocess.run([sys.executable, "-c", code, str(scratch / "planted.sqlite")], check=False)
    journal = scratch / "planted.sqlite-journal"
    assert journal.stat().st_size > 0
    return journal


def stored_title(store_file: Path) -> str:
    with sqlite3.connect(f"{store_file.as_uri()}?mode=ro&immutable=1", uri=True) as db:
        (data,) = db.execute("SELECT data FROM entities WHERE id = 'press-2017'").fetchone()
    db.close()
    entity = decode_entity(bytes(data[4:]))
    assert isinstance(entity, Source)
    return entity.title


def test_the_planted_journal_would_take_over_a_store_opened_read_write(
    cache: Path, facts: Path, tmp_path: Path
) -> None:
    """The attack itself, on a copy: SQLite replays a journal it finds beside a database it
    opens read-write, whoever wrote the journal."""
    assert load(facts).ok
    journal = hostile_journal(store.cache_file(facts), tmp_path)
    victim = tmp_path / "victim.sqlite"
    shutil.copy(store.cache_file(facts), victim)
    shutil.copy(journal, tmp_path / "victim.sqlite-journal")
    with sqlite3.connect(victim) as db:  # what the previous version did to add its index
        db.execute("SELECT count(*) FROM entities").fetchone()
    db.close()
    assert stored_title(victim) == PLANTED


@pytest.mark.parametrize("command", [["show", "press-2017"], ["check"], ["search", "essen"]])
def test_a_journal_planted_beside_the_store_is_never_replayed(
    cache: Path, facts: Path, tmp_path: Path, command: list[str]
) -> None:
    assert load(facts).ok
    target = store.cache_file(facts)
    journal = hostile_journal(target, tmp_path)
    expected = facts_command(
        *command, "--facts", str(facts), env={**os.environ, "FACTS_NO_CACHE": "1"}
    )
    before = digest(target)
    shutil.copy(journal, f"{target}-journal")
    for _ in range(2):  # the first may store an index beside it, the second reads both
        done = facts_command(*command, "--facts", str(facts))
        assert (done.returncode, done.stdout, done.stderr) == (
            expected.returncode,
            expected.stdout,
            expected.stderr,
        )
        assert PLANTED not in done.stdout
    assert digest(target) == before and stored_title(target) != PLANTED


def test_a_new_store_takes_the_place_of_the_old_one_and_of_its_journal(
    cache: Path, facts: Path, tmp_path: Path
) -> None:
    """SQLite would pair a journal left beside the old store with the new one."""
    assert load(facts).ok
    target = store.cache_file(facts)
    shutil.copy(hostile_journal(target, tmp_path), f"{target}-journal")
    (facts / "base.yaml").write_text(
        BASE.replace("Essen delegation", "Delegation of Essen"), encoding="utf-8"
    )
    os.utime(facts / "base.yaml", (LONG_AGO + 60, LONG_AGO + 60))
    assert load(facts).ok
    assert not Path(f"{target}-journal").exists()
    with sqlite3.connect(target) as db:  # even a read-write open finds nothing to replay
        db.execute("SELECT count(*) FROM entities").fetchone()
    db.close()
    assert stored_title(target) == "Delegation aus Essen zu Gast in Japan"


def folder_others_may_write(cache: Path) -> str:
    cache.chmod(0o777)
    return (
        f"facts: not using the stored copy of the fact base: others may write to the "
        f"cache folder {cache}; make it private with 'chmod 700 {cache}'\n"
    )


def folder_of_another_user(cache: Path) -> str:
    os.chown(cache, 65534, 65534)
    return (
        f"facts: not using the stored copy of the fact base: the cache folder {cache} "
        "belongs to another user; set FACTS_CACHE_DIR to a folder of your own\n"
    )


def store_others_may_write(cache: Path) -> str:
    (found,) = cache.glob("*.sqlite")
    found.chmod(0o666)
    return (
        f"facts: not using the stored copy of the fact base: others may write to the "
        f"stored copy {found}; it is replaced by a private one when the base is stored "
        "again\n"
    )


def store_of_another_user(cache: Path) -> str:
    (found,) = cache.glob("*.sqlite")
    os.chown(found, 65534, 65534)
    return (
        f"facts: not using the stored copy of the fact base: the stored copy {found} "
        "belongs to another user; it is replaced when the base is stored again\n"
    )


needs_root = pytest.mark.skipif(
    not hasattr(os, "geteuid") or os.geteuid() != 0,
    reason="giving a file to another user needs root",
)


@pytest.mark.parametrize(
    "untrust",
    [
        pytest.param(folder_others_may_write, id="folder-others-may-write"),
        pytest.param(folder_of_another_user, id="folder-of-another-user", marks=needs_root),
        pytest.param(store_others_may_write, id="store-others-may-write"),
        pytest.param(store_of_another_user, id="store-of-another-user", marks=needs_root),
    ],
)
def test_a_store_others_could_have_written_is_not_used_and_the_user_is_told_why(
    cache: Path, facts: Path, tmp_path: Path, untrust, capsys: pytest.CaptureFixture[str]
) -> None:
    from tui.cli import main

    assert load(facts).ok
    target = store.cache_file(facts)
    hostile_copy(target, tmp_path)
    shutil.copy(tmp_path / "planted.sqlite", target)  # the other user's store, in place
    argv = ["show", "press-2017", "--facts", str(facts)]
    os.environ["FACTS_NO_CACHE"] = "1"
    try:
        assert main(argv) == 0
    finally:
        del os.environ["FACTS_NO_CACHE"]
    expected = capsys.readouterr().out
    told = untrust(cache)
    store.folder._said.clear()  # a fresh program
    done = facts_command(*argv)
    assert (done.returncode, done.stdout, done.stderr) == (0, expected, told)
    assert PLANTED not in done.stdout


def test_a_folder_others_may_write_is_neither_read_nor_written(cache: Path, facts: Path) -> None:
    cache.mkdir(mode=0o700)
    cache.chmod(0o777)
    done = facts_command("check", "--facts", str(facts))
    assert done.returncode == 0 and done.stdout.startswith("OK: ")
    assert done.stderr.count("\n") == 1 and "chmod 700" in done.stderr
    assert list(cache.iterdir()) == []


def test_the_cache_folder_is_made_private(cache: Path, facts: Path) -> None:
    assert load(facts).ok
    assert cache.stat().st_mode & 0o777 == 0o700
    assert {p.stat().st_mode & 0o777 for p in cache.iterdir()} == {0o600}


def test_a_link_in_place_of_the_store_is_not_followed(
    cache: Path, facts: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A link pointing at a crafted store (here one of the victim's own files)."""
    assert load(facts).ok
    target = store.cache_file(facts)
    hostile_copy(target, tmp_path)
    target.unlink()
    target.symlink_to(tmp_path / "planted.sqlite")
    result = load(facts)
    assert [s.title for s in result.base.sources] == ["Delegation aus Essen zu Gast in Japan"]
    assert "is a link (facts never makes one)" in capsys.readouterr().err
    assert not target.is_symlink()  # replaced by a store of our own
    assert stored_title(target) == "Delegation aus Essen zu Gast in Japan"


@needs_root
def test_a_link_to_the_cache_folder_owned_by_another_user_is_not_followed(
    tmp_path: Path,
    facts: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    real = tmp_path / "real-cache"
    real.mkdir(mode=0o700)
    link = tmp_path / "cache-link"
    link.symlink_to(real)
    os.lchown(link, 65534, 65534)
    monkeypatch.setenv("FACTS_CACHE_DIR", str(link))
    monkeypatch.delenv("FACTS_NO_CACHE", raising=False)
    assert load(facts).ok
    assert "is a link that belongs to another user" in capsys.readouterr().err
    assert list(real.iterdir()) == []


def test_nothing_is_decoded_into_objects_the_data_names() -> None:
    """No pickle, marshal or shelve in the model, loader and store: a store holds plain
    data, read back by decoders that build only the model's own classes."""
    package = ROOT / "tui"
    modules = [package / name for name in ("entities.py", "model.py", "listing.py", "tally.py")]
    modules += sorted((package / "load").glob("*.py")) + sorted((package / "store").glob("*.py"))
    for module in modules:
        tree = ast.parse(module.read_text(encoding="utf-8"))
        imported = {
            alias.name.split(".")[0]
            for node in ast.walk(tree)
            if isinstance(node, ast.Import | ast.ImportFrom)
            for alias in (
                node.names if isinstance(node, ast.Import) else [ast.alias(node.module or "")]
            )
        }
        assert not imported & {"pickle", "marshal", "shelve", "copyreg"}, module


@pytest.mark.parametrize(
    "data",
    [
        json.dumps([0, "x", "t", "de"]).encode(),  # a source with fields missing
        json.dumps([9, "x"]).encode(),  # no such collection
        json.dumps({"__reduce__": ["os.system", ["true"]]}).encode(),
        json.dumps(
            [
                4,
                "e",
                ["", "n"],
                [],
                [],
                [],
                [],
                "k",
                "2017-13-99",
                None,
                None,
                None,
                None,
                [],
                [],
                [],
                [],
            ]
        ).encode(),  # not a date
        json.dumps([1, "p", ["", 5], [], [], [], [], "", None]).encode(),  # a number as a name
        b"\x80\x04\x95",  # a pickle
    ],
)
def test_foreign_or_damaged_data_is_a_damaged_store_not_an_object(data: bytes) -> None:
    from tui.store.damage import decoded

    with pytest.raises(StoreDamaged):
        decoded(seal(data), decode_entity, "a stored entity")


def test_every_entity_of_the_shipped_base_round_trips_as_plain_data(shipped_path: Path) -> None:
    base = load(shipped_path, cache=False).base
    assert base is not None
    for entity in base:
        data = encode_entity(entity)
        json.loads(data)  # plain JSON
        assert decode_entity(data) == entity
