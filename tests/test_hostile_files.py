"""Nothing the program does writes into the fact base, and a damaged cache changes nothing
a user sees.

Fact bases live in git and on shared drives: a program that only reads them must leave
every byte, every modification time and the list of files exactly as it found them.
"""

from __future__ import annotations

import hashlib
import os
import shutil
from pathlib import Path

import pytest
from test_app_flows import settle
from test_hostile_render import BASE

from tui.app.app import FactsApp
from tui.cli import main
from tui.paths import shipped_facts

Snapshot = dict[str, tuple[str, int, int, int]]


def snapshot(folder: Path) -> Snapshot:
    """Every file and folder below `folder`: content hash, mode, size and mtime in ns."""
    out: Snapshot = {}
    for path in sorted(folder.rglob("*")):
        info = path.lstat()
        digest = hashlib.sha256(path.read_bytes()).hexdigest() if path.is_file() else "dir"
        out[str(path.relative_to(folder))] = (digest, info.st_mode, info.st_size, info.st_mtime_ns)
    return out


@pytest.fixture
def bases(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> dict[str, Path]:
    """Copies of the shipped and the hostile base, the cache in its own folder, and the
    working directory elsewhere (the browser's export writes there, by design)."""
    out = {}
    for name, source in (("shipped", shipped_facts()), ("hostile", BASE)):
        out[name] = tmp_path / name
        shutil.copytree(source, out[name])
    monkeypatch.setenv("FACTS_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.delenv("FACTS_NO_CACHE", raising=False)
    monkeypatch.delenv("FACTS_PATH", raising=False)
    work = tmp_path / "work"
    work.mkdir()
    monkeypatch.chdir(work)
    return out


def command_lines(folder: Path, out: Path) -> list[list[str]]:
    some = (
        ["markup-org", "hostile-event"]
        if folder.name == "hostile"
        else ["essen-koriyama-mou-2017", "thomas-kufen"]
    )
    lines = [
        ["check"],
        ["summary"],
        ["summary", "--year", "2017"],
        ["search", "Essen"],
        ["search", "[bold]"],
        ["export"],
        ["export", "--format", "markdown"],
        ["export", "--format", "html"],
        ["export", "-o", str(out / "export.json")],
        ["show", "--json", some[0]],
    ]
    lines += [["show", entity_id, "--no-pager"] for entity_id in some]
    return [[*line, "--facts", str(folder)] for line in lines] + [["schema"]]


async def test_no_command_writes_into_the_fact_base(
    bases: dict[str, Path], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    before = {name: snapshot(folder) for name, folder in bases.items()}
    for folder in bases.values():
        for argv in command_lines(folder, tmp_path):
            assert main(argv) in (0, 1), argv  # 1: a search with no hit
    app = FactsApp(bases["hostile"], watch_interval=0.05)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        for key in ("down", "enter", "tab", "enter", "backspace", "2", "3", "slash"):
            await pilot.press(key)
        await settle(pilot)
    capsys.readouterr()
    assert {name: snapshot(folder) for name, folder in bases.items()} == before
    assert (tmp_path / "export.json").exists()  # the commands did run and write elsewhere
    assert list((tmp_path / "cache").glob("*.sqlite"))  # and the cache went to its folder


def _flipped(data: bytes, at: int) -> bytes:
    return data[:at] + bytes([data[at] ^ 0xFF]) + data[at + 1 :]


DAMAGE = {
    "truncated": lambda data: data[: len(data) // 2],
    "empty": lambda data: b"",
    "garbage": lambda data: os.urandom(len(data)),
    # a byte of a stored entity: SQLite cannot tell, the entity's checksum does
    "flipped-byte": lambda data: _flipped(data, data.index(b'[4,"hostile-event",') + 40),
}


@pytest.mark.parametrize("damage", DAMAGE)
def test_a_damaged_cache_changes_nothing_a_user_sees(
    damage: str,
    bases: dict[str, Path],
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path,
) -> None:
    folder = bases["hostile"]
    for file in folder.iterdir():  # old enough to be cached (recent edits never are)
        os.utime(file, (1_500_000_000, 1_500_000_000))
    argv = ["show", "hostile-event", "--facts", str(folder), "--lang", "en"]
    monkeypatch.setenv("FACTS_NO_CACHE", "1")
    assert main(argv) == 0
    expected = capsys.readouterr()
    monkeypatch.delenv("FACTS_NO_CACHE")
    assert main(argv) == 0  # writes the cache
    capsys.readouterr()
    (cached,) = (tmp_path / "cache").glob("*.sqlite")
    damaged = DAMAGE[damage](cached.read_bytes())
    cached.write_bytes(damaged)
    for _ in range(2):  # read past the damage, then from the rebuilt cache
        assert main(argv) == 0
        assert capsys.readouterr() == expected
    assert cached.read_bytes() != damaged  # rebuilt


def test_an_unwritable_cache_folder_changes_nothing_a_user_sees(
    bases: dict[str, Path],
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path,
) -> None:
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("")
    argv = ["summary", "--facts", str(bases["shipped"])]
    monkeypatch.setenv("FACTS_NO_CACHE", "1")
    assert main(argv) == 0
    expected = capsys.readouterr()
    monkeypatch.delenv("FACTS_NO_CACHE")
    monkeypatch.setenv("FACTS_CACHE_DIR", str(blocker / "cache"))
    assert main(argv) == 0
    assert capsys.readouterr() == expected  # same output, and not a word about the cache
