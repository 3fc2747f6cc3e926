"""The store of the validated base: used while nothing changed, never trusted otherwise.

Every test points FACTS_CACHE_DIR at its own folder, so no test touches the user's cache.
"""

from __future__ import annotations

import os
import shutil
import stat
import subprocess
import sys
import time
from pathlib import Path

import pytest

import tui
import tui.search
from tui import store as cache_store
from tui.cli import main
from tui.entities import facts_of
from tui.load import fact_files, load, load_with
from tui.model import FactBase, Source
from tui.store import StoreDamaged, StoredBase

ROOT = Path(__file__).resolve().parent.parent

BASE = """\
sources:
  - id: press-2017
    title: Delegation aus Essen zu Gast in Japan
    language: de
events:
  - id: essen-delegation-2017
    name: {de: Delegation aus Essen, en: Essen delegation, ja: エッセン代表団}
    kind: delegation-trip
    date: "2017-11-29"
    sources: [press-2017]
"""

LONG_AGO = 1_500_000_000  # 2017: far from "just changed", so the files may be cached


@pytest.fixture
def cache_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "cache"
    monkeypatch.setenv("FACTS_CACHE_DIR", str(folder))
    monkeypatch.delenv("FACTS_NO_CACHE", raising=False)
    return folder


def write_base(folder: Path, text: str = BASE, when: int = LONG_AGO) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    file = folder / "base.yaml"
    file.write_text(text, encoding="utf-8")
    os.utime(file, (when, when))
    return folder


def event_names(base: FactBase | None) -> list[str]:
    assert base is not None
    return [event.name.get("en") for event in base.events]


def plant(folder: Path, title: str) -> None:
    """Store a base that differs from the YAML under the files' current state, to tell
    whether a later load read the store (it then sees `title`) or the files."""
    signature, _ = cache_store.signature(folder / "base.yaml")
    source = Source("planted", title, "en")
    fake = cache_store.Fresh(
        "base.yaml",
        signature,
        None,
        {"sources": [source]},
        ((facts_of(source),), (), (), (), ()),
        "0",
        (),
        b"",
    )
    assert cache_store.write(folder, [fake]) is not None


def stored(folder: Path) -> StoredBase | None:
    """The stored base, when the store holds every fact file as it is now."""
    found = cache_store.opened(folder)
    if found is None:
        return None
    now = {
        file.relative_to(folder).as_posix(): cache_store.signature(file)[0]
        for file in fact_files(folder)
    }
    if {record.path: record.signature for record in found.files} != now:
        return None
    return found.base()


def stored_parts(folder: Path, name: str):  # type: ignore[no-untyped-def]
    """The stored parts of the derived value `name` of the stored base, if any."""
    found = cache_store.opened(folder)
    return None if found is None else cache_store.parts(folder, found.token, name)


def same(a: FactBase | None, b: FactBase | None) -> bool:
    """Equal entity for entity, collection by collection (a stored base is not a tuple)."""
    assert a is not None and b is not None
    names = ("sources", "places", "participants", "themes", "events")
    return all(tuple(a.collection(n)) == tuple(b.collection(n)) for n in names)


class Count:
    """A derived value for the tests: the number of events, and how often it was built."""

    def __init__(self) -> None:
        self.built = 0

    def build(self, base: FactBase) -> int:
        self.built += 1
        return len(base.events)

    def dump(self, value: int) -> dict[str, bytes]:
        return {"n": str(value).encode()}

    def open(self, base: FactBase, read) -> int:  # type: ignore[no-untyped-def]
        return int(read("n"))


def titles(base: FactBase | None) -> list[str]:
    assert base is not None
    return [source.title for source in base.sources]


def test_a_valid_base_is_cached_and_read_back_equal(tmp_path: Path, cache_dir: Path) -> None:
    facts = write_base(tmp_path / "facts")
    first = load(facts)
    assert first.ok
    assert len(list(cache_dir.glob("*.sqlite"))) == 1
    second = load(facts)
    assert isinstance(second.base, StoredBase) and not isinstance(first.base, StoredBase)
    assert same(second.base, first.base)
    assert second.files == first.files
    assert event_names(second.base) == ["Essen delegation"]


def test_the_cache_is_private_and_never_beside_the_facts(tmp_path: Path, cache_dir: Path) -> None:
    facts = write_base(tmp_path / "facts")
    load(facts)
    assert sorted(p.name for p in facts.iterdir()) == ["base.yaml"]
    assert stat.S_IMODE(cache_dir.stat().st_mode) == 0o700
    (cached,) = cache_dir.iterdir()
    assert stat.S_IMODE(cached.stat().st_mode) == 0o600


def test_a_cache_hit_is_what_load_returns(tmp_path: Path, cache_dir: Path) -> None:
    facts = write_base(tmp_path / "facts")
    plant(facts, "from the cache")
    assert titles(load(facts).base) == ["from the cache"]
    assert titles(load(facts, cache=False).base) == ["Delegation aus Essen zu Gast in Japan"]


def test_an_edited_file_is_read_again(tmp_path: Path, cache_dir: Path) -> None:
    facts = write_base(tmp_path / "facts")
    load(facts)
    write_base(facts, BASE.replace("Essen delegation", "Delegation from Essen"), LONG_AGO + 60)
    assert event_names(load(facts).base) == ["Delegation from Essen"]


def test_an_edit_that_keeps_size_and_time_is_still_seen(tmp_path: Path, cache_dir: Path) -> None:
    """Same size, same mtime (cp -p, an editor that restores times): the change time and
    the inode, which nobody can set, still differ."""
    facts = write_base(tmp_path / "facts")
    load(facts)
    edited = BASE.replace("Essen delegation", "Essen Delegation")
    file = facts / "base.yaml"
    replacement = facts / "base.yaml.new"
    replacement.write_text(edited, encoding="utf-8")
    os.utime(replacement, (LONG_AGO, LONG_AGO))
    os.replace(replacement, file)
    time.sleep(0.01)
    assert event_names(load(facts).base) == ["Essen Delegation"]


def test_a_new_file_in_the_folder_is_seen(tmp_path: Path, cache_dir: Path) -> None:
    facts = write_base(tmp_path / "facts")
    load(facts)
    extra = facts / "more.yaml"
    extra.write_text(
        "sources:\n  - id: article-2025\n    title: Düsseldorf-Abend in Tokio\n    language: de\n",
        encoding="utf-8",
    )
    assert titles(load(facts).base) == [
        "Delegation aus Essen zu Gast in Japan",
        "Düsseldorf-Abend in Tokio",
    ]


def test_files_changed_just_now_are_stored_with_their_content_hash(
    tmp_path: Path, cache_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A second edit in the same clock tick could keep size, times and inode: a file
    changed just before it was read is stored with its content's hash, and that is
    compared too (here every stat field is made to stay the same)."""
    facts = write_base(tmp_path / "facts", when=int(time.time()))
    same = cache_store.signature(facts / "base.yaml")[0]
    monkeypatch.setattr(cache_store, "signature", lambda _: (same, True))
    assert event_names(load(facts).base) == ["Essen delegation"]
    assert stored(facts) is not None  # stored, racy or not
    (facts / "base.yaml").write_text(
        BASE.replace("Essen delegation", "Essen Delegation"), encoding="utf-8"
    )
    assert event_names(load(facts).base) == ["Essen Delegation"]
    assert event_names(load(facts).base) == ["Essen Delegation"]  # and stored so


def test_an_invalid_base_is_not_cached_and_reports_as_before(
    tmp_path: Path, cache_dir: Path
) -> None:
    facts = write_base(tmp_path / "facts", BASE.replace("[press-2017]", "[press-2018]"))
    for _ in range(2):
        result = load(facts)
        assert [str(p) for p in result.problems] == [
            f"{facts / 'base.yaml'}:10:15: unknown source 'press-2018'; did you mean 'press-2017'?"
        ]
    assert not cache_dir.exists() or not list(cache_dir.glob("*.sqlite"))


@pytest.mark.parametrize(
    "damage",
    [
        pytest.param(lambda data: data[: len(data) // 2], id="truncated"),
        pytest.param(lambda data: b"not a cache at all", id="foreign-file"),
        pytest.param(lambda data: b"", id="empty"),
        pytest.param(lambda data: data[:5] + bytes([data[5] ^ 1]) + data[6:], id="bad-header"),
    ],
)
def test_a_damaged_cache_is_ignored_and_rebuilt(tmp_path: Path, cache_dir: Path, damage) -> None:
    facts = write_base(tmp_path / "facts")
    plant(facts, "from the cache")
    (cached,) = cache_dir.glob("*.sqlite")
    cached.write_bytes(damage(cached.read_bytes()))
    assert titles(load(facts).base) == ["Delegation aus Essen zu Gast in Japan"]
    rebuilt = stored(facts)
    assert rebuilt is not None
    assert titles(rebuilt) == ["Delegation aus Essen zu Gast in Japan"]


def _flip_blob_bytes(path: Path, marker: bytes) -> None:
    data = bytearray(path.read_bytes())
    at = data.index(marker)
    data[at : at + len(marker)] = bytes(len(marker))
    path.write_bytes(bytes(data))


def test_damage_found_while_reading_is_reported_not_decoded(
    tmp_path: Path, cache_dir: Path
) -> None:
    """Inside a stored entity, damage passes SQLite's own checks; its checksum does not."""
    facts = write_base(tmp_path / "facts")
    load(facts)
    (cached,) = cache_dir.glob("*.sqlite")
    _flip_blob_bytes(cached, "エッセン代表団".encode())
    base = stored(facts)
    assert base is not None
    with pytest.raises(StoreDamaged, match="a stored value is damaged"):
        list(base.events)


def _zero_page(path: Path, page: int) -> None:
    data = bytearray(path.read_bytes())
    size = int.from_bytes(data[16:18], "big")
    data[page * size : (page + 1) * size] = bytes(size)
    path.write_bytes(bytes(data))


@pytest.mark.parametrize(
    "damage",
    [
        pytest.param(
            lambda path: _flip_blob_bytes(path, "エッセン代表団".encode()), id="in-an-entity"
        ),
        *(pytest.param(lambda path, n=n: _zero_page(path, n), id=f"page-{n}") for n in range(1, 6)),
    ],
)
def test_the_cli_answers_from_the_yaml_when_the_cache_goes_bad_under_it(
    tmp_path: Path, cache_dir: Path, capsys: pytest.CaptureFixture[str], damage
) -> None:
    """Whether the damage shows when the store is opened or only when a damaged value is
    read, the answer is the one the YAML gives."""
    facts = write_base(tmp_path / "facts")
    assert main(["export", "--format", "json", "--facts", str(facts)]) == 0
    expected = capsys.readouterr().out
    (cached,) = cache_dir.glob("*.sqlite")
    damage(cached)
    assert main(["export", "--format", "json", "--facts", str(facts)]) == 0
    captured = capsys.readouterr()
    assert (captured.out, captured.err) == (expected, "")
    rebuilt = stored(facts)  # dropped, and stored afresh by the answer from the YAML
    assert rebuilt is not None and event_names(rebuilt) == ["Essen delegation"]


def test_a_cache_others_may_write_is_never_unpickled(tmp_path: Path, cache_dir: Path) -> None:
    facts = write_base(tmp_path / "facts")
    plant(facts, "written by someone else")
    (cached,) = cache_dir.glob("*.sqlite")
    cached.chmod(0o666)
    assert titles(load(facts).base) == ["Delegation aus Essen zu Gast in Japan"]


@pytest.mark.skipif(
    not hasattr(os, "geteuid") or os.geteuid() != 0,
    reason="giving a file to another user needs root",
)
def test_a_cache_of_another_user_is_never_unpickled(tmp_path: Path, cache_dir: Path) -> None:
    facts = write_base(tmp_path / "facts")
    plant(facts, "written by someone else")
    (cached,) = cache_dir.glob("*.sqlite")
    os.chown(cached, 65534, 65534)
    assert titles(load(facts).base) == ["Delegation aus Essen zu Gast in Japan"]


def test_a_cache_of_another_version_is_not_used(
    tmp_path: Path, cache_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    facts = write_base(tmp_path / "facts")
    plant(facts, "from the cache")
    monkeypatch.setattr(tui, "__version__", "99.0.0")
    assert titles(load(facts).base) == ["Delegation aus Essen zu Gast in Japan"]


def test_an_unwritable_cache_costs_nothing_but_speed(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder")
    monkeypatch.setenv("FACTS_CACHE_DIR", str(blocker / "cache"))
    facts = write_base(tmp_path / "facts")
    for _ in range(2):
        assert event_names(load(facts).base) == ["Essen delegation"]
    assert blocker.read_text() == "not a folder"


def test_no_temporary_file_is_left_when_writing_fails(
    tmp_path: Path, cache_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def full_disk(*_: object) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(cache_store.folder.os, "replace", full_disk)
    facts = write_base(tmp_path / "facts")
    assert load(facts).ok
    assert list(cache_dir.iterdir()) == []


@pytest.mark.parametrize("how", ["argument", "environment"])
def test_the_cache_can_be_turned_off(
    tmp_path: Path, cache_dir: Path, monkeypatch: pytest.MonkeyPatch, how: str
) -> None:
    facts = write_base(tmp_path / "facts")
    plant(facts, "from the cache")
    if how == "environment":
        monkeypatch.setenv("FACTS_NO_CACHE", "1")
        result = load(facts)
    else:
        result = load(facts, cache=False)
    assert titles(result.base) == ["Delegation aus Essen zu Gast in Japan"]


def test_where_the_cache_lives(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("FACTS_CACHE_DIR", raising=False)
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    assert cache_store.cache_dir() == tmp_path / "xdg" / "facts"
    monkeypatch.delenv("XDG_CACHE_HOME")
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    assert cache_store.cache_dir() == tmp_path / "home" / ".cache" / "facts"
    monkeypatch.setenv("FACTS_CACHE_DIR", str(tmp_path / "mine"))
    assert cache_store.cache_dir() == tmp_path / "mine"


def test_derived_values_are_cached_with_the_base(tmp_path: Path, cache_dir: Path) -> None:
    facts = write_base(tmp_path / "facts")
    count = Count()
    for _ in range(3):
        result, extras = load_with(facts, {"count": count})
        assert result.ok and extras == {"count": 1}
    assert count.built == 1


def test_a_plain_load_then_one_with_derived_values(tmp_path: Path, cache_dir: Path) -> None:
    """A store written without the derived value gets it added (built from the stored
    base) on the first load that asks for it."""
    facts = write_base(tmp_path / "facts")
    load(facts)
    count = Count()
    for _ in range(2):
        _, extras = load_with(facts, {"count": count})
        assert extras == {"count": 1}
    assert count.built == 1
    read = stored_parts(facts, "count")
    assert read is not None and read("n") == b"1"


@pytest.fixture
def shipped_copy(tmp_path: Path, shipped_path: Path) -> Path:
    """The shipped base where the cache may be written (its files not 'just changed')."""
    facts = tmp_path / "facts"
    shutil.copytree(shipped_path, facts)
    for file in facts.rglob("*.yaml"):
        os.utime(file, (LONG_AGO, LONG_AGO))
    return facts


def test_the_shipped_base_round_trips_through_the_cache(
    cache_dir: Path, shipped_copy: Path
) -> None:
    facts = shipped_copy
    fresh = load(facts, cache=False)
    load(facts)
    cached = load(facts)
    assert isinstance(cached.base, StoredBase)
    assert same(cached.base, fresh.base)
    assert fresh.base is not None
    for entity in fresh.base:  # every backlink, every list order, as the YAML gives them
        for method in (
            "events_of",
            "parts_of",
            "children_of",
            "participants_of_theme",
            "themes_of",
            "cited_by",
            "referrers",
            "ancestors",
        ):
            assert getattr(cached.base, method)(entity.id) == getattr(fresh.base, method)(
                entity.id
            ), (method, entity.id)
        assert cached.base.get(entity.id) == entity
    for key in ("events", "timeline", "participants", "themes", "places", "sources"):
        assert cached.base.listing(key) == fresh.base.listing(key)
    assert tuple(cached.base.timeline()) == fresh.base.timeline()
    assert dict(cached.base.event_positions) == dict(fresh.base.event_positions)
    assert "no-such-id" not in cached.base and cached.base.get("no-such-id") is None


def test_two_programs_starting_at_once_leave_a_usable_cache(
    cache_dir: Path, shipped_copy: Path
) -> None:
    facts = shipped_copy
    env = {**os.environ, "FACTS_CACHE_DIR": str(cache_dir)}
    command = [sys.executable, "-m", "tui", "check", "--facts", str(facts)]
    runs = [
        subprocess.Popen(command, env=env, stdout=subprocess.PIPE, text=True, cwd=ROOT)
        for _ in range(3)
    ]
    outputs = [run.communicate(timeout=120)[0] for run in runs]
    assert [run.returncode for run in runs] == [0, 0, 0]
    assert len(set(outputs)) == 1 and outputs[0].startswith("OK: ")
    assert {p.suffix for p in cache_dir.iterdir()} == {".sqlite"}  # nothing half-written
    assert stored(facts) is not None


def test_valid_files_are_parsed_once_and_never_searched_for_positions(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, shipped_copy: Path
) -> None:
    """Line numbers cost a second parse; valid files never pay for it."""
    import tui.load.loading as loader

    parsed: list[Path] = []
    read_yaml = loader.read_yaml

    def counting(path: Path, display: str):  # type: ignore[no-untyped-def]
        parsed.append(path)
        return read_yaml(path, display)

    def no_locating(*_: object) -> tuple[int, int]:
        raise AssertionError("a valid file was parsed again to find a position")

    monkeypatch.setattr(loader, "read_yaml", counting)
    monkeypatch.setattr(loader, "locate", no_locating)
    result = load(shipped_copy, cache=False)
    assert result.ok
    assert sorted(parsed) == sorted(result.files)
    broken = write_base(tmp_path / "broken", BASE.replace("[press-2017]", "[press-2018]"))
    with pytest.raises(AssertionError, match="parsed again"):
        load(broken, cache=False)


def test_a_plain_load_leaves_the_derived_values_in_the_cache(
    tmp_path: Path, cache_dir: Path
) -> None:
    """The browser loads the base alone, `facts search` base and index: taking turns, neither
    may cost the other its part of the cache."""
    facts = write_base(tmp_path / "facts")
    count = Count()
    load_with(facts, {"count": count})
    assert load(facts).ok
    _, extras = load_with(facts, {"count": count})
    assert extras == {"count": 1}
    assert count.built == 1


def test_the_pickle_cache_of_earlier_versions_is_removed(tmp_path: Path, cache_dir: Path) -> None:
    facts = write_base(tmp_path / "facts")
    old = cache_store.cache_file(facts).with_suffix(".pickle")
    old.parent.mkdir(mode=0o700)
    old.write_bytes(b"an old cache")
    load(facts)
    assert [p.suffix for p in cache_dir.iterdir()] == [".sqlite"]


@pytest.mark.parametrize("how", ["missing", "damaged"])
def test_a_bad_part_of_the_stored_search_index_changes_no_answer(
    tmp_path: Path, cache_dir: Path, capsys: pytest.CaptureFixture[str], how: str
) -> None:
    import sqlite3

    facts = write_base(tmp_path / "facts")
    argv = ["search", "delegation", "--facts", str(facts)]
    assert main(argv) == 0
    expected = capsys.readouterr().out
    assert "Essen delegation" in expected
    (cached,) = cache_dir.glob("*.search-index-*.sqlite")
    with sqlite3.connect(cached) as db:
        if how == "missing":
            db.execute("DELETE FROM parts WHERE name = 'vocab'")
        else:
            db.execute("UPDATE parts SET data = X'00000000' || data WHERE name = 'vocab'")
    db.close()
    assert main(argv) == 0
    assert capsys.readouterr().out == expected
    rebuilt = stored_parts(facts, tui.search.cache_key())
    assert rebuilt is not None and rebuilt("vocab") is not None


def test_every_module_the_store_fingerprints_exists() -> None:
    """An edit to any of these invalidates stored bases; a path left behind by a move would
    silently stop that (the fingerprint once hashed a missing file as '?')."""
    from tui.store import fingerprint

    missing = [str(path) for path in fingerprint.code_paths() if not path.is_file()]
    assert missing == []
    package = Path(tui.__file__).parent
    for module in (package / "store").glob("*.py"):  # the whole store, whatever it holds
        assert module.relative_to(package).as_posix() in fingerprint.CODE
    for module in (
        "entities.py",
        "model.py",
        "schema.py",
        "listing.py",
        "tally.py",
        "sides.py",
        "load/loading.py",
        "load/validate.py",
    ):
        assert module in fingerprint.CODE


def test_a_missing_module_turns_the_store_off_instead_of_being_ignored(
    tmp_path: Path, cache_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from tui.store import fingerprint

    monkeypatch.setattr(fingerprint, "_fingerprint", None)
    monkeypatch.setattr(fingerprint, "CODE", (*fingerprint.CODE, "load/gone.py"))
    facts = write_base(tmp_path / "facts")
    for _ in range(2):
        assert event_names(load(facts).base) == ["Essen delegation"]
    assert not cache_dir.exists() or not list(cache_dir.glob("*.sqlite"))
