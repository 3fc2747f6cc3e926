"""The browser's layering, checked on its source: screens and widgets talk upward with
messages and read what the app hands them; none reaches into a private part of the app or
of another screen (`self.app._caches`, `screen._link_now(...)`, `getattr(x, "_y")`)."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

APP_SOURCE = Path(__file__).resolve().parent.parent / "tui" / "app"
MODULES = sorted(APP_SOURCE.rglob("*.py"))


def private_reaches(source: str) -> list[tuple[int, str]]:
    """Every private attribute (`_name`, not `__dunder__`) read or set on anything but the
    object's own `self`/`cls`, or its own base class through `super()`."""
    found = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Attribute):
            name, owner = node.attr, node.value
        elif (
            isinstance(node, ast.Call)
            and isinstance(node.func, ast.Name)
            and node.func.id in ("getattr", "setattr", "hasattr")
            and len(node.args) >= 2
            and isinstance(node.args[1], ast.Constant)
            and isinstance(node.args[1].value, str)
        ):
            name, owner = node.args[1].value, node.args[0]
        else:
            continue
        if not name.startswith("_") or (name.startswith("__") and name.endswith("__")):
            continue
        if isinstance(owner, ast.Name) and owner.id in ("self", "cls"):
            continue
        if (
            isinstance(owner, ast.Call)
            and isinstance(owner.func, ast.Name)
            and owner.func.id == "super"
        ):
            continue
        found.append((node.lineno, ast.unparse(node)))
    return sorted(found)


def test_the_check_finds_what_it_is_for() -> None:
    source = (
        "self.app._caches\n"
        "self.screen._link_now(base)\n"
        "browser._progress = 1\n"
        "getattr(app, '_lock')\n"
        "self._own\n"
        "super()._handle_exception(error)\n"
        "self.__class__\n"
    )
    assert sorted(line for line, _ in private_reaches(source)) == [1, 2, 3, 4]


@pytest.mark.parametrize("module", MODULES, ids=lambda p: str(p.relative_to(APP_SOURCE)))
def test_no_module_of_the_browser_reaches_into_private_parts(module: Path) -> None:
    assert private_reaches(module.read_text(encoding="utf-8")) == []


def test_no_screen_imports_the_app() -> None:
    """The app hands the screens what they need; a screen importing the app (even late, to
    read its bindings) would tie them back to it."""
    for module in MODULES:
        if module.name == "app.py":
            continue
        tree = ast.parse(module.read_text(encoding="utf-8"))
        imported = {node.module for node in ast.walk(tree) if isinstance(node, ast.ImportFrom)}
        assert "tui.app.app" not in imported, module
