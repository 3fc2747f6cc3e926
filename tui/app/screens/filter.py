"""The filter screen (`f`): every year, theme, participant, kind and country found in the
list as it stands (the values of `tui.app.facet_index`), each with the number of entries it
narrows to; for a base in a git repository also "Changed since", the newest tags and commits
to choose from.  Typing narrows the choices; Enter adds the value (or removes an active
one)."""

from __future__ import annotations

from textual import on, work
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.widgets import Input, Static
from textual.worker import get_current_worker

from tui.app.facet_index import CHANGED, FACET_TITLES, Choice, Filter
from tui.app.messages import Progress
from tui.app.rows import SECTION_BY_KEY
from tui.app.screens.picker import PickerScreen
from tui.app.session import Session
from tui.app.table import Column, Row
from tui.app.widgets.virtual_list import VirtualList
from tui.changedsince import RevisionChoice
from tui.i18n import _
from tui.safetext import list_line

CHOICE_COLUMNS = (Column("name"), Column("keep", "dim", most=18))


class FilterScreen(PickerScreen[Filter | None]):
    LIST_ID = "facet-values"

    def __init__(
        self, session: Session, section: str, active: tuple[Filter, ...], lang: str | None = None
    ) -> None:
        super().__init__()
        self.session: Session | None = session
        """None once the screen is closed (a closed screen lingers in Textual's reference
        cycles: it must not keep a base)."""
        self.lang = lang
        self.section = section
        self.active = active
        self.choices: list[Choice] = []
        self.revisions: list[RevisionChoice] = []
        """What "Changed since" offers (none when the base is not in git)."""
        self._by_key: dict[str, Filter] = {}
        self._waiting = _("Counting…")
        """What the list says until the choices are counted ('' once they are)."""
        self._choose_when_counted = False
        """Enter came, with something typed, before the choices were counted."""

    def compose(self) -> ComposeResult:
        title = _(SECTION_BY_KEY[self.section].title)
        with Vertical(id="facet-box"):
            yield Static(
                _("Narrow {section}").format(section=title), id="facet-title", markup=False
            )
            yield Input(
                placeholder=_("Type to find a year, theme, participant, kind, country…"),
                id="facet-query",
            )
            yield VirtualList(empty=_("Counting…"), id="facet-values")
            yield Static(
                _("Enter adds (or removes) the value · Esc closes"),
                id="facet-help",
                markup=False,
            )

    def on_unmount(self) -> None:
        self.session = None

    def on_mount(self) -> None:
        self.query_one("#facet-values", VirtualList).can_focus = False
        self.query_one("#facet-query", Input).focus()
        self._refill("")  # the active filters can be removed while the rest is counted
        self._count()
        self._list_revisions()

    @work(thread=True, exclusive=True, group="revisions", description="tags and commits")
    def _list_revisions(self) -> None:
        """The newest tags and commits of the base's repository (two git commands; none
        when the base is not in git)."""
        session = self.session
        if session is None or session.changes is None or session.git() is None:
            return
        changes = session.changes
        found = changes.choices()  # what `facts search changed:REV` can be given
        if found and not get_current_worker().is_cancelled:
            self.app.call_from_thread(self._revisions_found, found)

    def _revisions_found(self, revisions: list[RevisionChoice]) -> None:
        self.revisions = revisions
        self._refill(self.query_one("#facet-query", Input).value)

    @work(thread=True, exclusive=True, group="facets", description="facet counts")
    def _count(self) -> None:
        """Counting needs every entry's values: the first time on a big base that reads the
        whole base (seconds at 100 000 events), so it runs here and says how far it got."""
        session = self.session
        if session is None:
            return  # closed
        section = SECTION_BY_KEY[self.section]
        index = session.facets(self._report)
        ids = session.listing(self.section).ids
        kept = index.narrow(ids, section.entity_type, self.active)
        listed = ids if len(kept) == len(ids) else [ids[at] for at in kept]
        choices = index.choices(listed, section.entity_type, self.active, self.lang)
        if not get_current_worker().is_cancelled:
            self.app.call_from_thread(self._counted, choices)

    def _report(self, done: int, total: int) -> None:
        """Told by the gathering worker; posted, never waited for (the gathering outlives a
        closed screen, whose queue then takes no more)."""
        self.post_message(Progress("counting", done, total))

    def on_progress(self, message: Progress) -> None:
        if self._waiting:
            self._waiting = _("Counting… {done} of {total} entries read (once per base)").format(
                done=message.done, total=message.total
            )
            self._refill(self.query_one("#facet-query", Input).value)

    def _counted(self, choices: list[Choice]) -> None:
        self.choices = choices
        self._waiting = ""
        self._refill(self.query_one("#facet-query", Input).value)
        if self._choose_when_counted:
            self._choose_when_counted = False
            self._choose()

    @on(Input.Changed, "#facet-query")
    def _typed(self, event: Input.Changed) -> None:
        self._refill(event.value)

    def _refill(self, query: str) -> None:
        """The choices that match what is typed.  The active filters come first while
        nothing is typed (to remove one), and after the new values once something is:
        typing a value means adding it, even when an active filter matches it too."""
        needle = query.strip().casefold()
        rows: list[Row] = []
        self._by_key = {}
        active: list[Row] = []
        for i, chosen in enumerate(self.active):
            if needle and needle not in chosen.describe().casefold():
                continue
            key = f"active:{i}"
            self._by_key[key] = chosen
            active.append(Row(key, (list_line(chosen.describe()), _("remove"))))
        if active:
            active.insert(0, Row(None, (_("Active filters (Enter removes)"),)))
        if not needle:
            rows.extend(active)
        facet = None
        for i, choice in enumerate(self.choices):
            label = choice.filter.label
            if needle and needle not in label.casefold() and needle not in choice.filter.facet:
                continue
            if choice.filter.facet != facet:
                facet = choice.filter.facet
                rows.append(Row(None, (_(FACET_TITLES[facet]),)))
            key = f"choice:{i}"
            self._by_key[key] = choice.filter
            rows.append(
                Row(key, (list_line(label), _("narrows to {count}").format(count=choice.count)))
            )
        taken = {f.value for f in self.active if f.facet == CHANGED}
        heading = False
        for i, revision in enumerate(self.revisions):
            name = (
                _("tag {name}").format(name=revision.rev)
                if revision.kind == "tag"
                else revision.rev
            )
            line = f"{name} · {revision.subject}"
            if revision.rev in taken or (
                needle
                and needle not in line.casefold()
                and needle not in "changed since"
                and needle not in _(FACET_TITLES[CHANGED]).casefold()
            ):
                continue
            if not heading:
                title = _("{facet} (git)").format(facet=_(FACET_TITLES[CHANGED]))
                rows.append(Row(None, (title,)))
                heading = True
            key = f"revision:{i}"
            self._by_key[key] = Filter(CHANGED, revision.rev, _since_label(revision))
            rows.append(Row(key, (list_line(line), revision.date[:10])))
        if needle:
            rows.extend(active)
        if self._waiting:
            if rows:
                rows.append(Row(None, (self._waiting,)))
            empty = self._waiting
        else:
            empty = _("Nothing matches") if needle else _("Nothing to narrow by")
        self.query_one("#facet-values", VirtualList).set_rows(rows, CHOICE_COLUMNS, empty=empty)

    @on(Input.Submitted, "#facet-query")
    def _submitted(self) -> None:
        if self._waiting and self.query_one("#facet-query", Input).value.strip():
            self._choose_when_counted = True  # what was typed may match a value not yet counted
            return
        self._choose()

    def _choose(self) -> None:
        key = self.query_one("#facet-values", VirtualList).current_id
        if key is not None:
            self.dismiss(self._by_key[key])

    @on(VirtualList.Chosen, "#facet-values")
    def _clicked(self, event: VirtualList.Chosen) -> None:
        self.dismiss(self._by_key[event.id])


def _since_label(revision: RevisionChoice) -> str:
    """How the active filter names the revision: 'v1.0', or 'a1b2c3d of 2025-05-12' (in the
    interface language: the filter keeps it as it was chosen)."""
    if revision.kind == "tag":
        return revision.rev
    return _("{commit} of {date}").format(commit=revision.rev, date=revision.date[:10])
