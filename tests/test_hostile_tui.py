"""The browser on the hostile fact base: it does not crash, shows markup as text, lets no
control character reach the screen, and survives a hostile edit of the files it watches."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from rich.cells import cell_len
from test_app_flows import screen_text, settle, until
from test_hostile_render import BASE, assert_inert

from tui.app.app import FactsApp
from tui.load import load

SIZE = (120, 40)
IDS = sorted(entity.id for entity in load(BASE).base or ())


@pytest.fixture(autouse=True)
def _private_cache(
    tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("FACTS_CACHE_DIR", str(tmp_path_factory.mktemp("cache")))


def where(text: str, needle: str) -> tuple[int, int]:
    """Screen cell (x, y) where `needle` starts."""
    for y, line in enumerate(text.splitlines()):
        if needle in line:
            return cell_len(line[: line.index(needle)]), y
    raise AssertionError(f"{needle!r} is not on the screen")


async def test_every_hostile_entity_opens_and_shows_inert_text() -> None:
    app = FactsApp(BASE, watch_interval=None, lang="en")
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert_inert(screen_text(app))
        for entity_id in IDS:
            app.open_entity(entity_id)
            await settle(pilot)
            assert app.browser.current == entity_id
            text = screen_text(app)
            assert_inert(text)
            assert all(cell_len(line) <= SIZE[0] for line in text.splitlines())
        assert app.is_running


LITERAL = {
    "de": [("markup-org", "[bold]Fett[/] GmbH"), ("child-event", "[/]")],
    "en": [
        ("markup-org", "[link=https://evil.example]Click me[/link]"),
        ("hostile-event", "[@click=app.quit]Signing[/]"),
        ("html-theme", "<script>alert('theme')</script>"),
    ],
    "ja": [("markup-org", "[@click=app.quit]終了[/]")],
}


@pytest.mark.parametrize("lang", LITERAL)
async def test_markup_in_names_is_shown_literally(lang: str) -> None:
    app = FactsApp(BASE, watch_interval=None, lang=lang)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        for entity_id, shown in LITERAL[lang]:
            app.open_entity(entity_id)
            await settle(pilot)
            assert shown in screen_text(app), (entity_id, shown)


async def test_clicking_an_action_written_in_the_data_does_nothing() -> None:
    """`[@click=app.quit]` would be a live action if the name were read as markup."""
    app = FactsApp(BASE, "hostile-event", watch_interval=None, lang="en")
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        x, y = where(screen_text(app), "[@click=app.quit]Signing")
        await pilot.click(offset=(x + 20, y))  # on "Signing", inside the would-be link
        await settle(pilot)
        assert app.is_running
        assert app.return_code is None


async def test_a_hostile_edit_keeps_the_last_good_data(tmp_path: Path) -> None:
    """An alias bomb saved into a watched file: the browser keeps what it showed, says why,
    and reloads when the file is fixed."""
    facts = tmp_path / "facts"
    shutil.copytree(BASE, facts)
    bomb = (BASE.parent / "loader" / "alias-bomb.yaml").read_text(encoding="utf-8")
    themes = facts / "themes.yaml"
    good_text = themes.read_text(encoding="utf-8")
    app = FactsApp(facts, "html-theme", watch_interval=0.05, lang="en")
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        good = app.base
        assert good is not None
        themes.write_text(bomb, encoding="utf-8")
        await until(pilot, lambda: bool(app.problems), "the problems")
        await settle(pilot)
        assert app.base is good
        assert any(
            "aliases expand to more than 1 000 000 values" in str(problem)
            for problem in app.problems
        )
        text = screen_text(app)
        assert "showing the last good data" in text
        assert "<script>alert('theme')</script>" in text
        themes.write_text(good_text.replace("alert('theme')", "alert('fixed')"), encoding="utf-8")
        await until(pilot, lambda: not app.problems and app.base is not good, "the fix")
        await settle(pilot)
        assert "<script>alert('fixed')</script>" in screen_text(app)
