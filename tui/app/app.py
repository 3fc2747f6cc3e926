"""The browser application: loads the fact base in a worker, watches it for edits, and hands
it to the browser screen.

Only `facts browse` (and `facts` alone) imports this module, so the other commands never pay
for Textual.
"""

from __future__ import annotations

import asyncio
import json
import time
import weakref
from collections.abc import Callable, Iterable
from contextlib import suppress
from functools import partial
from pathlib import Path
from typing import ClassVar

from rich.text import Text
from textual import events, work
from textual.app import App, SuspendNotSupported, SystemCommand
from textual.binding import BindingType
from textual.command import CommandPalette, Hit, Hits, Provider
from textual.reactive import var
from textual.screen import Screen
from textual.timer import Timer
from textual.worker import Worker, WorkerFailed, get_current_worker

from tui.app import keys
from tui.app.messages import BaseLoaded, EditEntity, LoadProgress, OpenEntity, Signature
from tui.app.rows import SECTIONS
from tui.app.screens.browser import BrowserScreen
from tui.app.screens.help import HelpScreen
from tui.app.session import Session
from tui.app.workers import ReleasingWorkers
from tui.collector import collect_released
from tui.config import ConfigError, load_settings
from tui.editor import EditorError, editor_argv, program_name, run_editor
from tui.i18n import N_, _, cell_width, ngettext
from tui.load import LoadResult, Problem, StoreDamaged, fact_files, load_with
from tui.locate import locate_entity
from tui.model import FactBase
from tui.paths import output_folder, shipped_facts
from tui.progress import NO_PROGRESS, LoadStep, Progress
from tui.render.json import entity_to_dict
from tui.safetext import list_line, safe_line
from tui.schema import LANGUAGES
from tui.search import QueryError, cache_key
from tui.search.engine import SearchIndex
from tui.store import StoredBase, discard

Loader = Callable[[Path], tuple[LoadResult, SearchIndex | None]]
"""Reads the fact files: the load's result and, when it brings one, the search index."""

RELEASE_CHECK = 1.0
"""Seconds between looks for a replaced base still in memory.  Reference counting frees it
as soon as the screens have moved to the new base and the workers given the old one have
finished (nothing the browser makes holds a base in a reference cycle: `tui.app.workers`,
`tui.search.memo.weakly`); only if something still holds it once no worker runs does a full
collection (`tui.collector.collect_released`) free it."""

RELOAD_PROGRESS_AFTER = 0.2
"""Seconds a reload after an edit runs before the status line says how far it has got (a
quick one shows nothing but the "Reloaded" note); the first load shows it at once, in
place of "Loading…"."""

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


def base_name(path: Path) -> str:
    """How the title names the base: its folder, with the folder above when the folder is
    called "facts" (the title would read "facts — facts"), or "shipped fact base"."""
    with suppress(OSError):
        if path.resolve() == shipped_facts().resolve():
            return _("shipped fact base")
    name = path.name or str(path)
    if name.casefold() == FactsApp.TITLE.casefold() and path.parent.name:
        return f"{path.parent.name}/{name}"
    return name


class EntityCommands(Provider):
    """The palette's entity jump: type part of a name, alias or id, choose, and it opens."""

    async def search(self, query: str) -> Hits:
        app = self.app
        if not isinstance(app, FactsApp) or app.session is None or not query.strip():
            return
        session, lang = app.session, app.lang
        matcher = self.matcher(query)
        index = await asyncio.to_thread(session.search_index)
        try:
            found = await asyncio.to_thread(
                index.query, query, limit=30, lang=lang, live=True, suggest=False
            )
        except QueryError:
            return
        for hit in found.hits:
            label = list_line(hit.name)
            display = Text.assemble(label, (f"  {_(hit.kind)}", "dim"))
            score = matcher.match(label) or hit.score * 0.5
            yield Hit(
                score,
                display,
                partial(app.open_entity, hit.id),
                text=label,
                help=list_line(f"{_(hit.kind)} · {hit.id}"),
            )


TEXTUAL_WORDS = (
    N_("Theme"),
    N_("Change the current theme"),
    N_("Quit"),
    N_("Quit the application as soon as possible"),
    N_("Keys"),
    N_("Hide the keys and widget help panel"),
    N_("Show help for the focused widget and a summary of available keys"),
    N_("Minimize"),
    N_("Minimize the widget and restore to normal size"),
    N_("Maximize"),
    N_("Maximize the focused widget"),
    N_("Screenshot"),
    N_("Save an SVG 'screenshot' of the current screen"),
    N_("palette"),
)
"""Textual's own words in the palette and the footer, for the catalogs (shown through `_`)."""

GO_TO = {
    "events": N_("Show the events list (key {key})"),
    "timeline": N_("Show the timeline list (key {key})"),
    "participants": N_("Show the participants list (key {key})"),
    "themes": N_("Show the themes list (key {key})"),
    "places": N_("Show the places list (key {key})"),
    "sources": N_("Show the sources list (key {key})"),
}


_HEADER_SIDES = 8 + 10 + 2
"""Columns of the header beside its title: Textual's icon (8) and clock space (10), and one
column of air on each side of the centred title."""


class PostedProgress(Progress):
    """A load worker's progress, posted to the app (from the worker's thread; nothing
    waits for the UI).  A worker replaced by a newer load says nothing more."""

    def __init__(self, app: App[int], worker: Worker[None] | None) -> None:
        self._app = app
        self._worker = worker

    def report(self, step: LoadStep) -> None:
        if self._worker is None or not self._worker.is_cancelled:
            self._app.post_message(LoadProgress(step))


class FactsApp(App[int]):
    """Loads the base into a `Session` (one per loaded base, replaced whole on a reload) and
    hands it to the screens, which watch `session`, `problems` and `lang`."""

    CSS_PATH = "app.tcss"
    TITLE = "facts"
    COMMANDS = App.COMMANDS | {EntityCommands}
    BINDINGS: ClassVar[list[BindingType]] = keys.APP

    # always_update: a reloaded base is a new value even when equal, and comparing two large
    # bases field by field would cost more than the reload itself
    session: var[Session | None] = var(None, init=False, always_update=True)
    problems: var[tuple[Problem, ...]] = var((), init=False, always_update=True)
    lang: var[str | None] = var(None, init=False)
    """The language names are shown in; None: the data's own fallback (en, de, ja)."""
    loading: var[LoadStep | None] = var(None, init=False)
    """How far the running load has got (None: none running, or not for long yet)."""

    def __init__(
        self,
        path: Path,
        start_id: str | None = None,
        *,
        lang: str | None = None,
        watch_interval: float | None = 1.0,
        loader: Loader | None = None,
    ) -> None:
        super().__init__()
        self._workers = ReleasingWorkers(self)  # a finished worker lets go of its arguments
        self.path = path
        self.start_id = start_id
        self.set_reactive(FactsApp.lang, lang)
        self.watch_interval = watch_interval
        self.loader = loader
        self.base_name = base_name(path)
        self._seen: Signature | None = None
        self._loading = False
        self._load_began = 0.0
        self._pending: LoadStep | None = None
        self._progress_timer: Timer | None = None
        self.load_progress: Progress = NO_PROGRESS
        """What the running load reports to (a `loader` given to the app may report too)."""
        self._recovering = False
        self._replaced: list[weakref.ref[FactBase]] = []
        """The bases reloads replaced that may still be in memory (see `_release`)."""
        self._release_timer: Timer | None = None
        self.released_in = 0.0
        """Seconds the last release of replaced bases held the interpreter (measured)."""

    @property
    def base(self) -> FactBase | None:
        """The base on screen (the last good one while the files are broken)."""
        return self.session.base if self.session is not None else None

    def get_default_screen(self) -> Screen[None]:
        return BrowserScreen(self.start_id)

    def on_mount(self) -> None:
        self._show_title((self.base_name,))
        self._event_loop = asyncio.get_running_loop()
        self.reload()
        if self.watch_interval:
            self.set_interval(self.watch_interval, self._poll)

    # -- loading and watching --------------------------------------------------------------

    def reload(self) -> None:
        self._loading = True
        self._load_began = time.monotonic()
        self._load()

    def on_load_progress(self, message: LoadProgress) -> None:
        """Show how far the load has got: at once while there is nothing else to show, and
        during a reload once it has taken `RELOAD_PROGRESS_AFTER` seconds."""
        if not self._loading:
            return
        self._pending = message.step
        left = RELOAD_PROGRESS_AFTER - (time.monotonic() - self._load_began)
        if self.session is None or left <= 0:
            self.loading = message.step
        elif self._progress_timer is None:
            self._progress_timer = self.set_timer(left, self._show_pending)

    def _show_pending(self) -> None:
        self._progress_timer = None
        if self._loading:
            self.loading = self._pending

    def _loaded(self) -> None:
        if self._progress_timer is not None:
            self._progress_timer.stop()
            self._progress_timer = None
        self._pending = None
        if self.loading is not None:
            self.loading = None

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
        self.notify(
            _("The stored copy of the fact base was damaged; reading the fact files again"),
            severity="warning",
            timeout=6,
        )
        self.reload()

    @work(thread=True, exclusive=True, group="load", description="load the fact base")
    def _load(self) -> None:
        seen = signature(self.path)  # taken first: an edit during the load triggers another
        progress = self.load_progress = PostedProgress(self, get_current_worker())
        if self.loader is not None:
            result, index = self.loader(self.path)
        else:
            # the search index rides in the load cache, as for `facts search`: unchanged
            # files give both at once, and a change builds the index once for both commands
            key = cache_key()
            result, extras = load_with(self.path, {key: SearchIndex}, progress=progress)
            index = extras.get(key)
        session = None
        if result.base is not None:
            if isinstance(result.base, StoredBase):
                result.base.on_damage(self._damaged)
            session = Session(result.base, index, self.path)
            self._prepare(session)
        if not get_current_worker().is_cancelled:
            self.post_message(BaseLoaded(session, result.problems, seen))

    @staticmethod
    def _prepare(session: Session) -> None:
        """Derive what the first screen needs while still off the UI thread.  The backlinks
        of a big base in memory (seconds at 100 000 events) come after the first screen
        instead: the list needs none, and the detail pane waits for them (the browser
        builds them in a worker).  A stored base reads each entity's backlinks as they are
        asked for: nothing to build."""
        base = session.base
        if base.stored or len(base.events) <= LINK_BEFORE_SHOWING:
            session.build_backlinks()
        session.listing(SECTIONS[0].key)
        session.git()  # whether the pane has a line for the last change: one `git rev-parse`

    @work(thread=True, exclusive=True, group="index", description="search index")
    def _warm_index(self, session: Session) -> None:
        """Build the search index once the list is up (when the load did not bring it), so
        that the first `/` answers at once."""
        if self.session is session:
            session.search_index()

    def on_base_loaded(self, loaded: BaseLoaded) -> None:
        self._seen = loaded.seen
        self._loading = False
        self._loaded()
        self._recovering = False
        problems, session = loaded.problems, loaded.session
        if problems and self.session is not None:
            self.notify(
                ngettext(
                    "The edit broke the fact base ({count} problem); showing the last good data",
                    "The edit broke the fact base ({count} problems); showing the last good data",
                    len(problems),
                ).format(count=len(problems)),
                severity="error",
                timeout=6,
            )
        elif session is not None and self.session is not None:
            self.notify(_("Reloaded the fact base"), timeout=2)
        self.problems = problems
        if self.session is not None:
            self.session.forget_history()  # the files changed: git's answers no longer hold
        if session is not None:
            if self.session is not None:
                self._replaced.append(weakref.ref(self.session.base))
                self._release_soon()
            self.session = session
            self._warm_index(session)

    def _release_soon(self) -> None:
        if self._release_timer is not None:
            self._release_timer.stop()
        self._release_timer = self.set_timer(RELEASE_CHECK, self._release)

    def _release(self) -> None:
        """Make sure the replaced bases are gone.  They are freed by reference counting
        (the rule: nothing the browser makes keeps a base in a reference cycle); while a
        worker runs, a base still here may be that worker's, so the browser looks again a
        second later.  One still here when no worker runs is held in a cycle someone made
        after all, which only a full collection frees (a pause of a second or more at
        10 000 events in memory: the exception, not the rule; `released_in` says how long
        it took); once, and again after the next reload if it survives even that."""
        self._release_timer = None
        self._replaced = [ref for ref in self._replaced if ref() is not None]
        if not self._replaced:
            return  # reference counting freed them
        if any(not worker.is_finished for worker in self.workers):
            self._release_soon()  # a running worker may hold it: not a cycle
            return
        self.released_in = collect_released()
        self._replaced = [ref for ref in self._replaced if ref() is not None]

    def watch_session(self, session: Session | None) -> None:
        base = session.base if session is not None else None
        if base is None:
            self._show_title((self.base_name,))
            return
        events, participants, themes = len(base.events), len(base.participants), len(base.themes)
        self._show_title(
            (
                self.base_name,
                ngettext("{count} events", "{count} events", events).format(count=events),
                ngettext("{count} participants", "{count} participants", participants).format(
                    count=participants
                ),
                ngettext("{count} themes", "{count} themes", themes).format(count=themes),
            )
        )

    _title_parts: tuple[str, ...] = ()

    def _show_title(self, parts: tuple[str, ...]) -> None:
        """The header's subtitle: the base's name, then as many of the counts as fit whole
        (German and Japanese counts are longer than English ones; the status line below
        counts the section's entries anyway)."""
        self._title_parts = parts
        room = self.size.width - _HEADER_SIDES - cell_width(f"{self.title} — ")
        kept = list(parts[:1])
        for part in parts[1:]:
            if cell_width(" · ".join((*kept, part))) > room:
                break
            kept.append(part)
        self.sub_title = " · ".join(kept)

    def on_resize(self, event: events.Resize) -> None:
        self._show_title(self._title_parts)

    @work(thread=True, exclusive=True, group="poll", description="watch the fact files")
    def _poll(self) -> None:
        if self._loading or self._seen is None:
            return
        if signature(self.path) != self._seen:
            self.call_from_thread(self.reload)

    # -- commands --------------------------------------------------------------------------

    @property
    def browser(self) -> BrowserScreen:
        return next(s for s in self.screen_stack if isinstance(s, BrowserScreen))

    def action_help(self) -> None:
        if not isinstance(self.screen, HelpScreen):
            self.push_screen(HelpScreen())

    def action_next_language(self) -> None:
        order = (None, *LANGUAGES)
        at = order.index(self.lang) if self.lang in order else 0
        self.lang = order[(at + 1) % len(order)]  # the status line says which

    def action_toggle_theme(self) -> None:
        self.theme = "textual-light" if self.current_theme.dark else "textual-dark"

    def action_export(self) -> None:
        """Write the open entity as JSON (the format of `facts export`) into the working folder,
        or the home folder when the working folder is inside the fact base."""
        base, current = self.base, self.browser.current
        if base is None or current is None or current not in base:
            self.notify(_("Nothing open to export"), timeout=2)
            return
        data = entity_to_dict(base, base.by_id[current], self.lang)
        folder = output_folder(self.path)
        target = folder / f"{current}.json"
        number = 1
        while target.exists():
            number += 1
            target = folder / f"{current}-{number}.json"
        try:
            target.write_text(
                json.dumps(data, ensure_ascii=False, indent=2) + "\n", encoding="utf-8"
            )
        except OSError as error:
            self.notify(
                _("Could not write {file}: {reason}").format(file=target, reason=error.strerror),
                severity="error",
            )
            return
        self.notify(
            _("Exported to {file}").format(file=list_line(str(target.resolve()))), timeout=5
        )

    # -- editing (e) ---------------------------------------------------------------------------

    def on_edit_entity(self, message: EditEntity) -> None:
        self._locate(message.entity_id)

    @work(thread=True, exclusive=True, group="edit", description="where the entity is written")
    def _locate(self, entity_id: str | None) -> None:
        """Find the file and line (reading the fact files: not on the UI thread)."""
        try:
            files = list(fact_files(self.path))
        except OSError:
            files = []
        target: tuple[Path, int] | None = None
        if entity_id is None:  # an empty base: its first file, the sources first
            first = sorted(files, key=lambda f: (not f.name.startswith("sources"), str(f)))
            target = (first[0], 1) if first else None
        else:
            written = locate_entity(entity_id, files)
            target = (written.path, written.at.line) if written is not None else None
        self.call_from_thread(self._edit, entity_id, target)

    def _edit(self, entity_id: str | None, target: tuple[Path, int] | None) -> None:
        """Hand the terminal to the editor, wait for it, take the terminal back and reload.
        If the editor cannot start or fails, nothing is reloaded and a notice says why."""
        if target is None:
            said = (
                _("Cannot find where {id} is written: `facts check` says what is wrong").format(
                    id=safe_line(entity_id)
                )
                if entity_id
                else _("Cannot find a fact file: `facts check` says what is wrong")
            )
            self.notify(said, severity="error", timeout=8)
            return
        try:
            settings = load_settings()
        except ConfigError as error:
            self.notify(
                _("Cannot edit: {reason}").format(reason=safe_line(str(error))),
                severity="error",
                timeout=8,
            )
            return
        path, line = target
        argv = editor_argv(settings.editor_command(), path, line)
        name = safe_line(program_name(argv[0]))
        origin = settings.editor.origin
        failed: EditorError | None = None
        code = 0
        try:
            with self.suspend():
                try:
                    code = run_editor(argv)
                except EditorError as error:
                    failed = error
        except SuspendNotSupported:
            self.notify(
                _(
                    "This terminal cannot be handed to an editor; `facts edit ID` in a shell "
                    "opens it"
                ),
                severity="error",
                timeout=8,
            )
            return
        if failed is not None:
            said = f" ({safe_line(origin)})" if origin else ""
            self.notify(
                _(
                    "The editor '{name}'{origin} {failure}; nothing changed. Set VISUAL or EDITOR, "
                    "or `editor` in the config file (`facts config` shows which is used)"
                ).format(name=name, origin=said, failure=failed),
                severity="error",
                timeout=10,
            )
            return
        if code:
            self.notify(
                _("The editor '{name}' ended with exit code {code}; nothing was reloaded").format(
                    name=name, code=code
                ),
                severity="warning",
                timeout=8,
            )
            return
        self.reload()

    def open_entity(self, entity_id: str) -> None:
        """Open the entity in the browser, as a new step in its history."""
        self.browser.post_message(OpenEntity(entity_id))

    def get_system_commands(self, screen: Screen[object]) -> Iterable[SystemCommand]:
        for command in super().get_system_commands(screen):  # Textual's own, in our words
            title, help_text, callback, discover = command
            yield SystemCommand(_(title), _(help_text), callback, discover)
        browser = self.browser
        yield SystemCommand(
            _("Filter"),
            _("Narrow the list by year, theme, participant, kind or country"),
            browser.action_facets,
        )
        yield SystemCommand(
            _("Clear filters"), _("Show the whole list again"), browser.action_clear_filters
        )
        yield SystemCommand(
            _("Light or dark"),
            _("Switch between the light and the dark theme"),
            self.action_toggle_theme,
        )
        yield SystemCommand(
            _("Export"),
            _("Write the open entity as JSON into the current folder"),
            self.action_export,
        )
        yield SystemCommand(
            _("Copy id"), _("Copy the open entity's id to the clipboard"), browser.action_copy_id
        )
        yield SystemCommand(
            _("Network"),
            _("Whom the open participant met, ranked by shared events (key m)"),
            browser.action_network,
        )
        yield SystemCommand(
            _("Edit"),
            _("Open the open entity's fact file in your editor (key e)"),
            browser.action_edit,
        )
        yield SystemCommand(
            _("Copy summary"),
            _("Copy the open entity as plain text"),
            browser.action_copy_summary,
        )
        yield SystemCommand(
            _("Search"), _("Search everything, with live results"), browser.action_search
        )
        yield SystemCommand(
            _("Language"),
            _("Show names in the next language (de, en, ja)"),
            self.action_next_language,
        )
        yield SystemCommand(_("Reload"), _("Read the fact files again"), self.reload)
        yield SystemCommand(_("Help"), _("List every key"), self.action_help)
        for number, section in enumerate(SECTIONS, start=1):
            yield SystemCommand(
                _("Go to {section}").format(section=_(section.title)),
                _(GO_TO[section.key]).format(key=number),
                partial(browser.action_section, section.key),
            )

    def action_command_palette(self) -> None:
        """Textual's palette, with its prompt in the interface language."""
        if self.use_command_palette and not CommandPalette.is_open(self):  # type: ignore[arg-type]
            self.push_screen(
                CommandPalette(id="--command-palette", placeholder=_("Search for commands…"))
            )


def run_app(
    path: Path, start_id: str | None = None, lang: str | None = None, theme: str = "dark"
) -> int:
    """Run the browser; `theme` is the setting 'dark' or 'light' (see tui.config)."""
    app = FactsApp(path, start_id, lang=lang)
    app.theme = "textual-light" if theme == "light" else "textual-dark"
    result = app.run()
    return result or 0
