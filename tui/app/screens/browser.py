"""The main screen: navigator lists on one side, the open entity on the other.

The screen owns the state (which section, which filters, which entity is open, the history);
the widgets only report what the user did.  An entity id is the only handle that travels.

What it promises: the detail shows the row the list highlights (in the wide layout), or says
that the entry it shows is not in the list; going back returns to the same view of the list
and the links; the status line always says which section, which filters and which language.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, replace
from functools import partial
from pathlib import Path
from typing import ClassVar

from rich.text import Text
from textual import events, on, work
from textual.app import ComposeResult
from textual.binding import BindingType
from textual.containers import Horizontal
from textual.reactive import reactive
from textual.screen import Screen
from textual.timer import Timer
from textual.widget import Widget
from textual.widgets import Header, Static, Tab, Tabs
from textual.worker import get_current_worker

from tui.app import keys
from tui.app.facet_index import CHANGED, Filter
from tui.app.history import History
from tui.app.messages import (
    BacklinksReady,
    EditEntity,
    FiltersChosen,
    OpenEntity,
    Progress,
    Step,
)
from tui.app.rows import HOME_SECTION, SECTION_BY_KEY, SECTIONS, RowSource, build_rows
from tui.app.screens.filter import FilterScreen
from tui.app.screens.network import NetworkScreen
from tui.app.screens.picker import tiny
from tui.app.screens.search import Found, SearchScreen
from tui.app.session import Session
from tui.app.widgets.detail import DetailPane, PanePlace
from tui.app.widgets.keybar import KeyBar
from tui.app.widgets.status import Status, StatusLine
from tui.app.widgets.virtual_list import ListPlace, VirtualList
from tui.i18n import N_, _, ngettext
from tui.load import Problem
from tui.load.problems import did_you_mean
from tui.model import FactBase, Participant
from tui.progress import LoadStep, describe
from tui.safetext import list_line, safe_line
from tui.search.filters import ChangedEntry
from tui.search.query import FilterUnanswered

PROBLEMS_SHOWN = 3
"""Problems listed under the browser; the panel must leave room for the data."""
PREVIEW_DELAY = 0.06
"""Seconds the list cursor rests before the wide layout shows the entry under it."""
NARROW_BELOW = 100
"""Below this width the list and the detail take turns instead of sharing the screen."""
LIST_SHARE = 0.45
"""The list's share of a wide screen before the divider is moved."""
DIVIDER_STEP = 4
LIST_LEAST, DETAIL_LEAST = 24, 40
NOTE_SECONDS = 1.5
"""How long the status line shows what a jump found."""
LAST_CHANGE_DELAY = 0.25
"""Seconds an entry is shown before its last change is asked of git (moving through a list
asks for the one it rests on, not for every row passed)."""


@dataclass(frozen=True, slots=True)
class ScreenPlace:
    """How the screen stood at a step of the history: the section, the list, the pane."""

    section: str
    list: ListPlace
    pane: PanePlace


class BrowserScreen(Screen[None]):
    BINDINGS: ClassVar[list[BindingType]] = keys.BROWSER

    section: reactive[str] = reactive("events", init=False)
    filters: reactive[tuple[Filter, ...]] = reactive((), init=False)
    current: reactive[str | None] = reactive(None, init=False)
    divider: reactive[int] = reactive(0, init=False)
    """Columns the user moved the divider by (`<`, `>`)."""

    def __init__(self, start_id: str | None = None) -> None:
        super().__init__()
        self.start_id = start_id
        self.history: History[ScreenPlace] = History()
        self.session: Session | None = None
        """The loaded base and what is derived from it (the app's, watched)."""
        self.lang: str | None = None
        """The language names are shown in (the app's, watched)."""
        self.last_query = ""
        """What the last search looked for: the next one starts from it."""
        self._shown_count = 0
        self._total_count = 0
        self._preview_timer: Timer | None = None
        self._note_timer: Timer | None = None
        self._progress = ""
        """What a worker is busy with before the list can show (gathering facets)."""
        self._loading = ""
        """How far the load of the base has got (the app's `loading`, in words)."""
        self._focus_target: Widget | None = None
        """The pane about to get the focus (it is given after the next refresh)."""
        self._opening = False
        """The section changes to show an entry opened elsewhere: the entry stays."""
        self._list_place: ListPlace | None = None
        """Where the list is to stand once its rows are shown (going back)."""
        self._arrival: PanePlace | None = None
        """Where the pane is to stand once the entry shows (going back)."""
        self._change_timer: Timer | None = None

    @property
    def base(self) -> FactBase | None:
        return self.session.base if self.session is not None else None

    # -- layout ----------------------------------------------------------------------------

    def compose(self) -> ComposeResult:
        yield Header(icon="≡")
        yield Tabs(
            *(Tab(f"{n} {_(s.title)}", id=f"tab-{s.key}") for n, s in enumerate(SECTIONS, start=1)),
            id="sections",
        )
        yield StatusLine(id="status")
        with Horizontal(id="main"):
            yield VirtualList(empty=_("Loading…"), id="list")
            yield DetailPane(id="detail")
        yield Static("", id="problems", markup=False)
        yield KeyBar()

    def on_mount(self) -> None:
        self.query_one(Tabs).can_focus = False
        self.query_one("#list", VirtualList).focus()
        self._update_status()
        # the app owns these; the screen follows them (and reads them once now)
        self.watch(self.app, "lang", self._lang_changed)
        self.watch(self.app, "session", self._session_changed)
        self.watch(self.app, "problems", self._problems_changed)
        self.watch(self.app, "loading", self._loading_changed)

    def on_resize(self, event: events.Resize) -> None:
        width, height = event.size
        self.set_class(width < NARROW_BELOW, "-narrow")
        self.set_class(tiny(width, height), "-tiny")  # no title, no tabs: the status names
        # the section
        self._place_divider()

    @property
    def narrow(self) -> bool:
        return self.has_class("-narrow")

    def watch_divider(self) -> None:
        self._place_divider()

    def _place_divider(self) -> None:
        listing = self.query_one("#list", VirtualList)
        width = self.size.width
        if self.narrow:
            listing.styles.width = "1fr"
            return
        wanted = round(width * LIST_SHARE) + self.divider
        listing.styles.width = max(LIST_LEAST, min(wanted, width - DETAIL_LEAST))

    def action_divider(self, step: int) -> None:
        """Move the divider between the list and the detail (wide layout)."""
        width = self.size.width
        now = round(width * LIST_SHARE) + self.divider
        least, most = LIST_LEAST - now, width - DETAIL_LEAST - now
        self.divider += max(least, min(step * DIVIDER_STEP, most))

    def _show_detail(self, show: bool) -> None:
        """In a narrow terminal only one pane is visible: the one being used."""
        self.set_class(show, "-show-detail")

    def on_descendant_focus(self, event: events.DescendantFocus) -> None:
        focused = self.focused
        if focused is not None:
            if self._focus_target is not None and focused is not self._focus_target:
                return  # an earlier focus, overtaken by the pane asked for since
            self._focus_target = None
            self._show_detail(self._in_detail(focused))
            detail = self.query_one(DetailPane)
            detail.set_class(focused.id == "links", "-links-focused")
            detail.set_class(focused.id == "met", "-met-focused")

    def _in_detail(self, widget: Widget) -> bool:
        detail = self.query_one(DetailPane)
        return widget is detail or detail in widget.ancestors

    def _focus(self, widget: Widget) -> None:
        """Focus a pane: after the next refresh, as a hidden pane (narrow layout) takes no
        focus; until then the next Tab counts from it."""
        self._focus_target = widget
        self._show_detail(self._in_detail(widget))

        def land() -> None:
            widget.focus()
            if not widget.focusable:
                self._focus_target = None  # it will not come: let the next focus count

        self.call_after_refresh(land)

    def _panes(self) -> list[Widget]:
        met = [self.query_one("#met")] if self.query_one(DetailPane).has_met else []
        return [
            self.query_one("#list"),
            self.query_one("#links"),
            *met,
            self.query_one("#entity-scroll"),
        ]

    def _step_pane(self, step: int) -> None:
        panes = self._panes()
        focused = self._focus_target or self.focused
        at = panes.index(focused) if focused in panes else 0
        self._focus(panes[(at + step) % len(panes)])

    def action_next_pane(self) -> None:
        self._step_pane(1)

    def action_previous_pane(self) -> None:
        self._step_pane(-1)

    def action_to_list(self) -> None:
        self._focus(self.query_one("#list"))

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """The footer shows `x` only when there is a filter to clear; `/` and `f` (keys that
        come before the list's) are letters of a name while the user types one to jump."""
        if action == "clear_filters":
            return bool(self.filters)
        if action == "network":
            base, current = self.base, self.current
            return (
                base is not None
                and current is not None
                and isinstance(base.get(current), Participant)
            )
        if action == "edit":
            base = self.base
            return base is not None and (self.current is not None or len(base) == 0)
        if action in ("search", "facets"):
            focused = self.focused
            return not (isinstance(focused, VirtualList) and focused.jumping)
        return True

    # -- the base --------------------------------------------------------------------------

    def _loading_changed(self, step: LoadStep | None) -> None:
        self._loading = describe(step) if step is not None else ""
        self._update_status()

    def _session_changed(self, session: Session | None) -> None:
        if session is None:
            return
        self.session = session
        base = session.base
        if not session.backlinks_ready:
            self._build_backlinks(session)
        self.history.forget(base)
        if self.current is not None and self.current not in base:
            self.notify(
                _("{id} is no longer in the fact base").format(id=safe_line(self.current)),
                severity="warning",
            )
            self.current = self.history.current
        self._rebuild(follow=False)
        self._render_current()
        if self.start_id is not None:
            start, self.start_id = self.start_id, None
            if start in base:
                self.open(start)
                self._focus(self.query_one("#links"))
            else:
                self._unknown_start(base, start)

    @work(thread=True, group="hint", description="closest id")
    def _unknown_start(self, base: FactBase, start: str) -> None:
        """Say that the id given at the start is unknown, with the closest one: comparing it
        with every id of a big base takes seconds, so not on the UI thread."""
        hint = did_you_mean(start, base.by_id)
        self.app.call_from_thread(
            self.notify,
            _("No entity with id '{id}'{hint}").format(id=safe_line(start), hint=hint),
            severity="error",
            timeout=10,
        )

    @work(thread=True, exclusive=True, group="backlinks", description="backlinks")
    def _build_backlinks(self, session: Session) -> None:
        """A big base shows its list first; the detail pane waits for the backlinks."""
        session.build_backlinks()
        if not get_current_worker().is_cancelled:
            self.post_message(BacklinksReady(session))

    def on_backlinks_ready(self, message: BacklinksReady) -> None:
        """Show the entry that waited for the backlinks."""
        if message.session is self.session:
            self._render_current()

    def _lang_changed(self, lang: str | None) -> None:
        if lang == self.lang:
            return
        self.lang = lang
        self._update_status()
        self._rebuild(follow=False)  # the same entries, perhaps in another order
        self._render_current()

    def _problems_changed(self, problems: tuple[Problem, ...]) -> None:
        panel = self.query_one("#problems", Static)
        panel.set_class(bool(problems), "-visible")
        if not problems:
            panel.update("")
            return
        files = len({p.path for p in problems})
        held = (
            _("showing the last good data") if self.base is not None else _("nothing to show yet")
        )
        if self.base is None:
            self._progress = _("Nothing loaded: the problems are below")
            self._update_status()
            self.query_one("#list", VirtualList).set_rows((), empty=_("No data yet"))
        text = Text()
        count = len(problems)
        text.append(
            _("{problems} in {files}: {held}; fix and save to reload").format(
                problems=ngettext("{count} problem", "{count} problems", count).format(count=count),
                files=ngettext("{count} file", "{count} files", files).format(count=files),
                held=held,
            )
            + "\n",
            style="bold",
        )
        shown = problems[:PROBLEMS_SHOWN]
        text.append("\n".join(safe_line(str(_near(p))) for p in shown))
        if len(problems) > len(shown):
            text.append(
                "\n"
                + _("… and {count} more: `facts check` lists them all").format(
                    count=len(problems) - len(shown)
                ),
                style="italic",
            )
        panel.update(text)

    # -- lists -----------------------------------------------------------------------------

    def watch_section(self, section: str) -> None:
        self.query_one(Tabs).active = f"tab-{section}"
        opening, self._opening = self._opening, False
        self._update_status()
        self._rebuild(follow=not opening)

    def watch_filters(self) -> None:
        self._update_status()
        self._rebuild(follow=True)
        self.refresh_bindings()

    @on(Tabs.TabActivated)
    def _tab_activated(self, event: Tabs.TabActivated) -> None:
        # Only a tab that is still the active one speaks for the user: a message that was
        # overtaken by a later change (ours or theirs) would otherwise switch back and forth.
        if event.tab.id and event.tab.id == self.query_one(Tabs).active:
            self.section = event.tab.id.removeprefix("tab-")

    def action_section(self, key: str) -> None:
        self.section = key
        self._focus(self.query_one("#list"))

    def _rebuild(self, follow: bool) -> None:
        """Build the list again; `follow`: the user changed the list (a section, a filter),
        so in the wide layout the detail follows the highlighted row when the open entry
        is no longer listed."""
        if self.session is None:
            return
        self._build_rows(self.session, self.section, self.filters, self.current, self.lang, follow)

    # A description of our own: Textual would otherwise describe the worker by the repr of
    # its arguments, and the repr of a base of 100 000 events takes seconds.
    @work(thread=True, exclusive=True, group="rows", description="list rows")
    def _build_rows(
        self,
        session: Session,
        section_key: str,
        filters: tuple[Filter, ...],
        keep: str | None,
        lang: str | None,
        follow: bool,
    ) -> None:
        base = session.base
        section = SECTION_BY_KEY[section_key]
        listing = session.listing(section_key, lang)
        kept = None
        facets = [f for f in filters if f.facet != CHANGED and f.applies_to(section.entity_type)]
        if facets:
            index = session.facets(partial(self._report, "filtering"))
            kept = index.narrow(listing.ids, section.entity_type, facets)
        marks = None
        since = [f for f in filters if f.facet == CHANGED]
        if since:
            self._report("changed", 0, 0)
            try:
                changed = [session.changed_since(f.value).entries for f in since]
            except FilterUnanswered as error:
                self.app.call_from_thread(self._changed_failed, filters, _first_line(error))
                return
            ids = listing.ids
            kept = [
                at
                for at in (kept if kept is not None else range(len(ids)))
                if all(ids[at] in found for found in changed)
            ]
            marks = partial(_mark, changed[0])
        counts = None
        if section_key == "themes":
            counts = session.theme_counts()  # the theme rows count events (after backlinks)
        rows = build_rows(base, section, listing, kept, lang, counts, marks)
        if not get_current_worker().is_cancelled:
            self.app.call_from_thread(
                self._show_rows, base, section_key, filters, rows, keep, len(listing), follow
            )

    def _report(self, task: str, done: int, total: int) -> None:
        """A worker's progress, posted (not waited for) to the screen."""
        self.post_message(Progress(task, done, total))

    def on_progress(self, message: Progress) -> None:
        if message.task == "filtering":
            self._progress = _("Filtering: reading every entry once, {done} of {total}").format(
                done=message.done, total=message.total
            )
            self._update_status()
        elif message.task == "changed":
            self._progress = _("Asking git what changed…")
            self._update_status()

    def _changed_failed(self, filters: tuple[Filter, ...], why: str) -> None:
        """git could not tell what changed (a file that did not parse at the revision, a
        revision that went away): the filter is taken off again, with the reason."""
        self.notify(
            _("Cannot filter by what changed: {reason}").format(reason=safe_line(why)),
            severity="error",
            timeout=8,
        )
        if filters == self.filters:
            self._progress = ""
            self.filters = tuple(f for f in filters if f.facet != CHANGED)

    def _show_rows(
        self,
        base: FactBase,
        section_key: str,
        filters: tuple[Filter, ...],
        rows: RowSource,
        keep: str | None,
        total: int,
        follow: bool,
    ) -> None:
        if base is not self.base or section_key != self.section or filters != self.filters:
            return  # a newer build is on its way
        section = SECTION_BY_KEY[section_key]
        empty = (
            _("{nothing} match the filters · x clears them").format(nothing=_(section.empty))
            if filters
            else _(section.empty)
        )
        if len(base) == 0:
            empty = _("This fact base is empty: Tab shows how to add facts")
        listing = self.query_one("#list", VirtualList)
        listing.set_rows(
            rows, rows.columns, keep=self.current or keep, empty=empty, widths=rows.widths
        )
        place, self._list_place = self._list_place, None
        if place is not None:
            listing.restore(place)
        self._shown_count, self._total_count = rows.listed, total
        self._progress = ""
        self._update_status()
        if not self.narrow and listing.current_id:
            listed = self.current is not None and listing.position_of(self.current) is not None
            if self.current is None or (follow and not listed):
                self.current = listing.current_id  # the detail shows what the list highlights
        self._update_note()

    def _update_status(self) -> None:
        section = SECTION_BY_KEY[self.section]
        shown, total = self._shown_count, self._total_count
        if self._progress:
            count, busy = self._progress, True
        elif self._loading:
            count, busy = self._loading, True
        elif self.filters:
            count, busy = (
                _counted(section.entity_type, total, True).format(shown=shown, count=total),
                False,
            )
        elif self.session is None:
            count, busy = _("Loading…"), True
        else:
            count, busy = _counted(section.entity_type, shown).format(count=shown), False
        status = self.query_one(StatusLine)
        status.show(
            Status(
                section=_(section.title),
                count=count,
                busy=busy,
                filters=tuple(
                    (list_line(f.describe()), f.applies_to(section.entity_type))
                    for f in self.filters
                ),
                lang=self.lang or _("own"),
                hints=(_("f more · x clears"), _("x clears"))
                if self.filters
                else (_("f filters by year, theme, participant, kind, country"), _("f filters")),
                note=status.status.note,
            )
        )

    def _update_note(self) -> None:
        """Say so in the detail when the entry it shows is not in the list."""
        detail = self.query_one(DetailPane)
        current = self.current
        entity = self.base.get(current) if self.base is not None and current else None
        listing = self.query_one("#list", VirtualList)
        if entity is None or listing.position_of(entity.id) is not None:
            detail.note("")
            return
        section = SECTION_BY_KEY[self.section]
        if section.entity_type != entity.entity_type:
            why = _("it is listed under {section}").format(
                section=_(SECTION_BY_KEY[HOME_SECTION[entity.entity_type]].title)
            )
        elif self.filters:
            why = _("the filters hide it · x clears them")
        else:
            why = _("it is not listed here")
        detail.note(_("This entry is not in the list: {why}").format(why=why))

    @on(VirtualList.Highlighted, "#list")
    def _previewed(self, event: VirtualList.Highlighted) -> None:
        """Wide terminals show the entry under the cursor; while a key is held down only
        the row it comes to rest on is rendered, so the cursor never waits for the pane."""
        if self.narrow:
            return
        if self._preview_timer is not None:
            self._preview_timer.stop()
        self._preview_timer = self.set_timer(PREVIEW_DELAY, partial(self._preview, event.id))

    def _preview(self, entity_id: str) -> None:
        self._preview_timer = None
        if self.base is not None and entity_id in self.base:
            self.current = entity_id
            self._update_note()

    @on(VirtualList.Chosen, "#list")
    def _chosen(self, event: VirtualList.Chosen) -> None:
        self.open(event.id)
        self._focus(self.query_one("#links"))

    @on(VirtualList.Chosen, "#links")
    @on(VirtualList.Chosen, "#met")
    def _followed(self, event: VirtualList.Chosen) -> None:
        self.open(event.id)

    @on(VirtualList.Jumped)
    def _jumped(self, event: VirtualList.Jumped) -> None:
        said = (
            _("jump: {text}").format(text=event.text)
            if event.found
            else _("no name starts with '{text}'").format(text=event.text)
        )
        self._say(list_line(said))

    def _say(self, note: str) -> None:
        """A word on the status line for a moment, in place of the hint."""
        status = self.query_one(StatusLine)
        status.show(replace(status.status, note=note))
        if self._note_timer is not None:
            self._note_timer.stop()
        self._note_timer = self.set_timer(NOTE_SECONDS, self._say_nothing)

    def _say_nothing(self) -> None:
        self._note_timer = None
        status = self.query_one(StatusLine)
        status.show(replace(status.status, note=""))

    # -- the open entity and history --------------------------------------------------------

    @property
    def _place(self) -> ScreenPlace:
        return ScreenPlace(
            self.section,
            self.query_one("#list", VirtualList).place,
            self.query_one(DetailPane).place,
        )

    def open(self, entity_id: str) -> None:
        """Open an entity as a new step in the history (the forward steps are dropped)."""
        base = self.base
        if base is None or entity_id not in base:
            self.notify(
                _("No entity with id '{id}'{hint}").format(id=safe_line(entity_id), hint=""),
                severity="error",
            )
            return
        if self.current is not None and self.current != self.history.current:
            self.history.visit(self.current)  # a previewed entry becomes a step to go back to
        self.history.keep(self._place)
        self.history.visit(entity_id)
        self._go(entity_id)

    def _go(self, entity_id: str, place: ScreenPlace | None = None) -> None:
        """Show the entity; `place`: how the screen stood when it was last shown there."""
        base = self.base
        entity = base.get(entity_id) if base is not None else None
        if entity is None:
            return
        self._arrival = place.pane if place is not None else None
        if self.current == entity_id:
            self._render_current()
        else:
            self.current = entity_id
        listing = self.query_one("#list", VirtualList)
        if place is not None and place.section != self.section:
            self._list_place = place.list
            self._opening = True
            self.section = place.section
            return
        if place is not None and listing.restore(place.list):
            self._update_note()
            return
        if listing.select_id(entity_id):
            self._update_note()
            return
        if SECTION_BY_KEY[self.section].entity_type != entity.entity_type:
            self._opening = True
            self.section = HOME_SECTION[entity.entity_type]
            return
        self._update_note()

    def watch_current(self) -> None:
        self._render_current()

    def _render_current(self) -> None:
        session = self.session
        if session is not None and self.current is not None and not session.backlinks_ready:
            self.query_one(DetailPane).wait()  # rendering needs them: BacklinksReady follows
            return
        arrival, self._arrival = self._arrival, None
        self.query_one(DetailPane).show(self.base, self.current, self.lang, arrival)
        self._ask_last_change()
        self.refresh_bindings()

    # -- the last change (a base in git) ----------------------------------------------------

    def _ask_last_change(self) -> None:
        """The pane's line on the entity's last commit: the line is there at once when the
        base is in git (so the page does not move when the answer comes), the answer is
        asked of git once the entry has been shown for a moment, in a worker."""
        detail = self.query_one(DetailPane)
        session, current = self.session, self.current
        if self._change_timer is not None:
            self._change_timer.stop()
            self._change_timer = None
        in_git = session is not None and session.git_known and session.git() is not None
        if session is None or current is None or not in_git or current not in session.base:
            detail.last_change(None)
            return
        detail.last_change(_("Last change: asking git…"))
        self._change_timer = self.set_timer(
            LAST_CHANGE_DELAY, partial(self._last_change, session, current)
        )

    @work(thread=True, exclusive=True, group="last-change", description="last change")
    def _last_change(self, session: Session, entity_id: str) -> None:
        found = session.last_change(entity_id)
        text = found.text if found is not None else _("Last change: git cannot read the history")
        if not get_current_worker().is_cancelled:
            self.app.call_from_thread(self._put_last_change, session, entity_id, text)

    def _put_last_change(self, session: Session, entity_id: str, text: str) -> None:
        if session is self.session and entity_id == self.current and self.is_attached:
            self.query_one(DetailPane).last_change(text)

    def on_open_entity(self, message: OpenEntity) -> None:
        self.open(message.entity_id)

    def on_step(self, message: Step) -> None:
        self.action_back() if message.step < 0 else self.action_forward()

    def on_filters_chosen(self, message: FiltersChosen) -> None:
        self.filters = message.filters

    def action_back(self) -> None:
        if self.current is not None and self.current != self.history.current:
            # a preview: back to the last opened entry, where it was left
            target, place = self.history.current, self.history.place
        else:
            self.history.keep(self._place)
            target = self.history.back()
            place = self.history.place
        if target is None:
            self.notify(_("Nothing to go back to"), timeout=2)
            return
        self._go(target, place)

    def action_forward(self) -> None:
        if self.current is not None and self.current == self.history.current:
            self.history.keep(self._place)
        target = self.history.forward()
        if target is None:
            self.notify(_("Nothing to go forward to"), timeout=2)
            return
        self._go(target, self.history.place)

    # -- commands --------------------------------------------------------------------------

    def action_search(self) -> None:
        def done(found: Found | None) -> None:
            if found is None:
                return
            self.last_query = found.query
            if found.entity_id:
                self.open(found.entity_id)
                self._focus(self.query_one("#links"))

        self.app.push_screen(SearchScreen(self.session, self.lang, self.last_query), done)

    def action_facets(self) -> None:
        if self.session is None:
            return

        def chosen(choice: Filter | None) -> None:
            if choice is None:
                return
            if choice in self.filters:
                self.filters = tuple(f for f in self.filters if f != choice)
            else:
                self.filters = (*self.filters, choice)

        self.app.push_screen(
            FilterScreen(self.session, self.section, self.filters, self.lang), chosen
        )

    def add_filter(self, choice: Filter) -> None:
        if choice not in self.filters:
            self.filters = (*self.filters, choice)

    def action_clear_filters(self) -> None:
        self.filters = ()

    def action_network(self) -> None:
        """The network view of the open participant (`m`)."""
        session, current = self.session, self.current
        entity = session.base.get(current) if session is not None and current else None
        if session is None or current is None or not isinstance(entity, Participant):
            self.notify(
                _("The network shows whom a participant met: open one first (3 lists them)"),
                timeout=4,
            )
            return
        if self.current != self.history.current:
            self.open(current)  # a previewed entry: the network's Back returns to it
        self.app.push_screen(NetworkScreen(session, current, self.filters, self.lang, self))

    def action_edit(self) -> None:
        """Open the fact file at the open entity in the editor (`e`); in an empty base, the
        first fact file."""
        base = self.base
        if base is None or (self.current is None and len(base) > 0):
            self.notify(_("Nothing open to edit"), timeout=2)
            return
        self.post_message(EditEntity(self.current))

    def action_copy_id(self) -> None:
        if self.current is None:
            self.notify(_("Nothing open to copy"), timeout=2)
            return
        self.app.copy_to_clipboard(self.current)
        self.notify(_("Copied the id {id}").format(id=safe_line(self.current)), timeout=3)

    def action_copy_summary(self) -> None:
        base = self.base
        if self.current is None or base is None:
            self.notify(_("Nothing open to copy"), timeout=2)
            return
        from tui.app.plain import plain_summary

        self.app.copy_to_clipboard(plain_summary(base, self.current, self.lang))
        self.notify(_("Copied a summary as plain text"), timeout=3)


def _mark(changed: Mapping[str, ChangedEntry], entity_id: str) -> str:
    """What a list row says of how the entity changed: 'added', 'changed', 'moved' or ''
    (the words of the search's `changed:REV`, in the interface language)."""
    entry = changed.get(entity_id)
    return _(_MARKS.get(entry.kind, entry.kind)) if entry is not None else ""


_MARKS = {"added": N_("added"), "changed": N_("changed"), "moved": N_("moved")}
"""The kinds of change a list row names."""


def _first_line(error: Exception) -> str:
    text = str(error).strip()
    lines = text.splitlines()
    more = (" " + _("(and {count} more)").format(count=len(lines) - 1)) if len(lines) > 1 else ""
    return (lines[0] if lines else type(error).__name__) + more


def _near(problem: Problem) -> Problem:
    """The problem with its path relative to the working folder when the file lies below it,
    so that the line stays short and an editor opened here finds the file."""
    try:
        relative = Path(problem.path).resolve().relative_to(Path.cwd())
    except (OSError, ValueError):
        return problem
    return Problem(str(relative), problem.line, problem.column, problem.message)


def _counted(entity_type: str, count: int, of: bool = False) -> str:
    """'23 events', '3 of 23 events' (English names the list as such even for one: '1
    events'; other languages count)."""
    if of:
        return {
            "event": ngettext("{shown} of {count} events", "{shown} of {count} events", count),
            "participant": ngettext(
                "{shown} of {count} participants", "{shown} of {count} participants", count
            ),
            "theme": ngettext("{shown} of {count} themes", "{shown} of {count} themes", count),
            "place": ngettext("{shown} of {count} places", "{shown} of {count} places", count),
            "source": ngettext("{shown} of {count} sources", "{shown} of {count} sources", count),
        }[entity_type]
    return {
        "event": ngettext("{count} events", "{count} events", count),
        "participant": ngettext("{count} participants", "{count} participants", count),
        "theme": ngettext("{count} themes", "{count} themes", count),
        "place": ngettext("{count} places", "{count} places", count),
        "source": ngettext("{count} sources", "{count} sources", count),
    }[entity_type]
