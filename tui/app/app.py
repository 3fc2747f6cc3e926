"""Placeholder browser until the TUI lands: shows what was loaded."""

from __future__ import annotations

from pathlib import Path

from textual.app import App, ComposeResult
from textual.widgets import Footer, Header, Static

from tui.load import load


class FactsApp(App[None]):
    BINDINGS = [("q", "quit", "Quit")]

    def __init__(self, path: Path, start_id: str | None = None) -> None:
        super().__init__()
        self.path = path
        self.start_id = start_id

    def compose(self) -> ComposeResult:
        yield Header()
        result = load(self.path)
        if result.base is None:
            text = "\n".join(str(p) for p in result.problems)
        else:
            text = f"{len(result.base.events)} events loaded from {self.path}"
        yield Static(text, markup=False)
        yield Footer()


def run_app(path: Path, start_id: str | None = None) -> int:
    FactsApp(path, start_id).run()
    return 0
