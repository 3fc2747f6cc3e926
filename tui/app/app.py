"""The browser application: loads the fact base in a worker, watches it for edits, and hands
it to the browser screen.

Only `facts browse` (and `facts` alone) imports this module, so the other commands never pay
for Textual.
"""

from __future__ import annotations

import asyncio
import json
import threading
from collections.abc import Callable, Iterable
from contextlib import suppress
from functools import partial
from pathlib import Path
from typing import ClassVar

from rich.text import Text
from textual import work
from textual.app import App, SystemCommand
from textual.binding import Binding, BindingType
from textual.command import Hit, Hits, Provider
from textual.reactive import var
from textual.screen import Screen
from textual.worker import WorkerFailed, get_current_worker

from tui.app.facets import FacetIndex
from tui.app.rows import SECTIONS
from tui.app.screens.browser import BrowserScreen
from tui.load import LoadResult, Problem, StoreDamaged, fact_files, load_with
from tui.load.cache import discard
from tui.load.stored import StoredBase
from tui.model import FactBase
from tui.paths import output_folder
from tui.render.json import entity_to_dict
from tui.safetext import list_line
from tui.schema import LANGUAGES
from tui.search import QueryError, SearchIndex, cache_key

Signature = tuple[tuple[str, int, int], ...]

LINK_BEFORE_SHOWING = 5_000
"""Up to this many events the backlinks (a tenth of a second) are built before the first
screen, which then shows the first entry at once; above it the list comes first."""


def signature(path: Path) -> Signature:
    """What the watcher compares: every fact file with its modification time and size."""
    out = []
    try:
        files = fact_files(path) if path.exists() else ()
    except OSError:
        files = ()
    for file in files:
        try:
            stat = file.stat()
        except OSError:
            continue
        out.append((str(file), stat.st_mtime_ns, stat.st_size))
    return tuple(out)


class EntityCommands(Provider):
    """The palette's entity jump: type part of a name, alias or id, choose, and it opens."""

    async def search(self, query: str) -> Hits:
        app = self.app
        if not isinstance(app, FactsApp) or app.base is None or not query.strip():
            return
        base = app.base
        matcher = self.matcher(query)
        index = await asyncio.to_thread(app.search_index, base)
        try:
            found = await asyncio.to_thread(index.query, query, limit=30, lang=app.lang,
                                            live=True, suggest=False)
        except QueryError:
            return
        for hit in found.hits:
            label = list_line(hit.name)
            display = Text.assemble(label, (f"  {hit.kind}", "dim"))
            score = matcher.match(label) or hit.score * 0.5
            yield Hit(
                score,
                display,
                partial(app.open_entity, hit.id),
                text=label,
                help=list_line(f"{hit.kind} · {hit.id}"),
            )


class FactsApp(App[int]):
    CSS_PATH = "app.tcss"
    TITLE = "facts"
    COMMANDS = App.COMMANDS | {EntityCommands}
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("q", "quit", "Quit", id="app.quit"),
        Binding("question_mark", "help", "Help", id="app.help"),
        Binding("d", "toggle_theme", "Light or dark", show=False, id="app.toggle_theme"),
        Binding("L", "next_language", "Names in the next language (de, en, ja)", show=False,
                id="app.language"),
    ]

    # always_update: a reloaded base is a new value even when equal, and comparing two large
    # bases field by field would cost more than the reload itself
    base: var[FactBase | None] = var(None, init=False, always_update=True)
    problems: var[tuple[Problem, ...]] = var((), init=False, always_update=True)
    lang: var[str | None] = var(None, init=False)
    """The language names are shown in; None: the data's own fallback (en, de, ja)."""

    def __init__(
        self,
        path: Path,
        start_id: str | None = None,
        *,
        lang: str | None = None,
        watch_interval: float | None = 1.0,
        loader: Callable[[Path], LoadResult] | None = None,
    ) -> None:
        super().__init__()
        self.path = path
        self.start_id = start_id
        self.set_reactive(FactsApp.lang, lang)
        self.watch_interval = watch_interval
        self.loader = loader
        self.base_name = path.name or str(path)
        self._seen: Signature | None = None
        self._loading = False
        self._recovering = False
        self._lock = threading.Lock()
        self._index_lock = threading.Lock()
        self._caches: tuple[FactBase | None, dict] = (None, {})

    def get_default_screen(self) -> Screen:
        return BrowserScreen(self.start_id)

    def on_mount(self) -> None:
        self.sub_title = self.base_name
        self._event_loop = asyncio.get_running_loop()
        self.reload()
        if self.watch_interval:
            self.set_interval(self.watch_interval, self._poll)

    # -- loading and watching --------------------------------------------------------------

    def reload(self) -> None:
        self._loading = True
        self._load()

    def _handle_exception(self, error: Exception) -> None:
        """Damage to the store that reached Textual (from a worker, or painting a row) has
        been reported to `_damaged` already: the app goes on; anything else ends it as
        Textual does."""
        damage = error.error if isinstance(error, WorkerFailed) else error
        if isinstance(damage, StoreDamaged):
            self._recover()
            return
        super()._handle_exception(error)

    def _damaged(self) -> None:
        """The store's listener: called from whichever thread found the damage."""
        self._event_loop.call_soon_threadsafe(self._recover)

    def _recover(self) -> None:
        """A store that goes bad under the running browser (cut short, overwritten) is
        dropped and the fact files are read again, with a word about it."""
        if self._recovering:
            return
        self._recovering = True
        discard(self.path)
        self.notify("The stored copy of the fact base was damaged; reading the fact files "
                    "again", severity="warning", timeout=6)
        self.reload()

    @work(thread=True, exclusive=True, group="load")
    def _load(self) -> None:
        seen = signature(self.path)  # taken first: an edit during the load triggers another
        if self.loader is not None:
            result, index = self.loader(self.path), None
        else:
            # the search index rides in the load cache, as for `facts search`: unchanged
            # files give both at once, and a change builds the index once for both commands
            key = cache_key()
            result, extras = load_with(self.path, {key: SearchIndex})
            index = extras.get(key)
        if result.base is not None:
            if isinstance(result.base, StoredBase):
                result.base.on_damage(self._damaged)
            self._prepare(result.base, index)
        if not get_current_worker().is_cancelled:
            self.call_from_thread(self._loaded, result.base, result.problems, seen)

    def _prepare(self, base: FactBase, index: SearchIndex | None) -> None:
        """Derive what the first screen needs while still off the UI thread.  The backlinks
        of a big base in memory (seconds at 100 000 events) come after the first screen
        instead: the list needs none, and the detail pane waits for them (`linked`).  A
        stored base reads each entity's backlinks as they are asked for: nothing to build."""
        if index is not None:
            self._cache(base)["search"] = index
        if base.stored or len(base.events) <= LINK_BEFORE_SHOWING:
            self._link_now(base)
        base.listing(SECTIONS[0].key)

    def _link_now(self, base: FactBase) -> None:
        if not base.stored:
            base.events_of("")  # builds the backlinks
        self._cache(base)["linked"] = True

    def linked(self, base: FactBase) -> bool:
        """Whether the base's backlinks are built, so that the UI thread may ask for them
        without waiting."""
        return bool(self._cache(base).get("linked"))

    @work(thread=True, exclusive=True, group="link", description="backlinks")
    def _link(self, base: FactBase) -> None:
        self._link_now(base)
        if not get_current_worker().is_cancelled:
            self.call_from_thread(self._on_linked, base)

    def _on_linked(self, base: FactBase) -> None:
        if self.base is base:
            self.browser.linked()

    @work(thread=True, exclusive=True, group="index", description="search index")
    def _warm_index(self, base: FactBase) -> None:
        """Build the search index once the list is up (when the load did not bring it), so
        that the first `/` answers at once."""
        if self.base is base:
            self.search_index(base)

    def _loaded(
        self, base: FactBase | None, problems: tuple[Problem, ...], seen: Signature
    ) -> None:
        self._seen = seen
        self._loading = False
        self._recovering = False
        if problems and self.base is not None:
            self.notify(
                f"The edit broke the fact base ({len(problems)} problem"
                f"{'s' if len(problems) != 1 else ''}); showing the last good data",
                severity="error",
                timeout=6,
            )
        elif base is not None and self.base is not None:
            self.notify("Reloaded the fact base", timeout=2)
        self.problems = problems
        if base is not None:
            self.base = base
            if not self.linked(base):
                self._link(base)
            self._warm_index(base)

    @work(thread=True, exclusive=True, group="poll")
    def _poll(self) -> None:
        if self._loading or self._seen is None:
            return
        if signature(self.path) != self._seen:
            self.call_from_thread(self.reload)

    # -- caches shared by the workers (one set per base) -------------------------------------

    def _cache(self, base: FactBase) -> dict:
        with self._lock:
            if self._caches[0] is not base:
                self._caches = (base, {})
            return self._caches[1]

    def facets(self, base: FactBase) -> FacetIndex:
        """The base's facet values; `FacetIndex.gather` reads them (in a worker) on first use."""
        cache = self._cache(base)
        with self._lock:
            if "facets" not in cache:
                cache["facets"] = FacetIndex(base)
            return cache["facets"]

    def progress_to(self, show: Callable[[int, int], None]) -> Callable[[int, int], None]:
        """A `progress(done, total)` for a worker, shown by `show` on the UI thread (and
        dropped once the app has gone, as the worker may outlive it)."""

        def report(done: int, total: int) -> None:
            with suppress(RuntimeError):
                self.call_from_thread(show, done, total)

        return report

    def search_index(self, base: FactBase) -> SearchIndex:
        cache = self._cache(base)
        with self._index_lock:  # not the caches' lock: building takes seconds
            if "search" not in cache:
                cache["search"] = SearchIndex.build(base)
            return cache["search"]

    # -- commands --------------------------------------------------------------------------

    @property
    def browser(self) -> BrowserScreen:
        return next(s for s in self.screen_stack if isinstance(s, BrowserScreen))

    def action_help(self) -> None:
        from tui.app.screens.help import HelpScreen

        if not isinstance(self.screen, HelpScreen):
            self.push_screen(HelpScreen())

    def action_next_language(self) -> None:
        order = (None, *LANGUAGES)
        at = order.index(self.lang) if self.lang in order else 0
        self.lang = order[(at + 1) % len(order)]
        shown = self.lang or "each entity's first of en, de, ja"
        self.notify(f"Names in: {shown}", timeout=2)

    def action_toggle_theme(self) -> None:
        self.theme = "textual-light" if self.current_theme.dark else "textual-dark"

    def action_export(self) -> None:
        """Write the open entity as JSON (the format of `facts export`) into the working folder,
        or the home folder when the working folder is inside the fact base."""
        browser = self.browser
        base, current = self.base, browser.current
        if base is None or current is None or current not in base:
            self.notify("Nothing open to export", timeout=2)
            return
        data = entity_to_dict(base, base.by_id[current], self.lang)
        folder = output_folder(self.path)
        target = folder / f"{current}.json"
        number = 1
        while target.exists():
            number += 1
            target = folder / f"{current}-{number}.json"
        try:
            target.write_text(json.dumps(data, ensure_ascii=False, indent=2) + "\n",
                              encoding="utf-8")
        except OSError as error:
            self.notify(f"Could not write {target}: {error.strerror}", severity="error")
            return
        self.notify(f"Exported to {list_line(str(target.resolve()))}", timeout=5)

    def open_entity(self, entity_id: str) -> None:
        self.browser.open(entity_id)

    def get_system_commands(self, screen: Screen) -> Iterable[SystemCommand]:
        yield from super().get_system_commands(screen)
        browser = self.browser
        yield SystemCommand("Filter", "Narrow the list by year, theme, participant, kind or "
                            "country", browser.action_facets)
        yield SystemCommand("Clear filters", "Show the whole list again",
                            browser.action_clear_filters)
        yield SystemCommand("Light or dark", "Switch between the light and the dark theme",
                            self.action_toggle_theme)
        yield SystemCommand("Export", "Write the open entity as JSON into the current folder",
                            self.action_export)
        yield SystemCommand("Copy id", "Copy the open entity's id to the clipboard",
                            browser.action_copy_id)
        yield SystemCommand("Copy summary", "Copy the open entity as plain text",
                            browser.action_copy_summary)
        yield SystemCommand("Search", "Search everything, with live results",
                            browser.action_search)
        yield SystemCommand("Language", "Show names in the next language (de, en, ja)",
                            self.action_next_language)
        yield SystemCommand("Reload", "Read the fact files again", self.reload)
        yield SystemCommand("Help", "List every key", self.action_help)
        for number, section in enumerate(SECTIONS, start=1):
            yield SystemCommand(f"Go to {section.title}", f"Show the {section.title.lower()} "
                                f"list (key {number})", partial(browser.action_section,
                                                                section.key))


def run_app(
    path: Path, start_id: str | None = None, lang: str | None = None, theme: str = "dark"
) -> int:
    """Run the browser; `theme` is the setting 'dark' or 'light' (see tui.config)."""
    app = FactsApp(path, start_id, lang=lang)
    app.theme = "textual-light" if theme == "light" else "textual-dark"
    result = app.run()
    return result or 0
