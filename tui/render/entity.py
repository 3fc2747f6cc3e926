"""What a page about one entity says: header, key facts, people, themes, the event tree,
backlinks — every fact line carrying the numbers of the sources it comes from.

The answer to "who is Paul Höller and where did we meet him" is the person's offices plus
the events they took part in with their role and the place; "what happened on the trip" is
the trip's itinerary as a tree; "everything about hydrogen" includes the narrower themes.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping, Sequence
from typing import NamedTuple, TypeVar

from tui.basis import Ground, Qualifiable, field_grounds, grounds_of, within
from tui.hierarchy import ancestors, below, lineage
from tui.i18n import N_, _, list_text, number_text
from tui.meetings import BacklinkParticipations, TripTables, attendance, meetings
from tui.model import (
    AnyEntity,
    Event,
    FactBase,
    Names,
    Participant,
    Place,
    Source,
    Theme,
    outgoing_links,
)
from tui.order import EventOrder
from tui.periods import period_of
from tui.render.doc import (
    Block,
    Citations,
    Fields,
    Heading,
    Items,
    Line,
    Node,
    Para,
    Span,
    Title,
    Tree,
    join,
    plain,
    prose,
)
from tui.render.lines import (
    dated_event_line,
    event_line,
    link,
    place_line,
    shown_date,
    when,
    words,
)
from tui.render.longlists import SHELL, LongLists, Whole
from tui.render.meetings import MeetingsPage
from tui.safetext import one_line

LINKED_FROM = {
    "country": N_("from here"),
    "seat": N_("based here"),
    "offices": N_("office holder"),
    "affiliations": N_("member"),
}
"""How a backlink reads from the target's side, for the links no other section shows."""

T = TypeVar("T")


_KIND_LABELS = {"kind": N_("Kind"), "type": N_("Type")}

KIND_PLURAL = {
    "event": N_("events"),
    "participant": N_("participants"),
    "theme": N_("themes"),
    "place": N_("places"),
    "source": N_("sources"),
}
"""Each entity type's plural, as pages name groups of them."""

ORDER = {"event": 0, "participant": 1, "theme": 2, "place": 3, "source": 4}
"""The order briefings list kinds in: what happened first, the reference material last."""


def other_names(entity: AnyEntity, lang: str | None) -> Line:
    """Names in the languages not shown, and aliases: what to search for in other papers."""
    shown = entity.label(lang)
    seen = {shown}
    out: list[Line] = []
    if isinstance(entity.name, Names):
        for code, text in entity.name.items:
            if text and text not in seen:
                seen.add(text)
                out.append((Span(f"{code}: " if code else "", "muted"), plain(text)))
    for alias in entity.aliases:
        if alias not in seen:
            seen.add(alias)
            out.append((plain(alias),))
    return join(out, " · ")


class Listed(NamedTuple):
    """What a theme's or a place's page shows of one of its events, kept from the event's
    own page: such a page then lists tens of thousands of events without decoding one of
    them again (a whole export lets decoded entities go, `StoredBase.walking`)."""

    when: str
    line: Line
    sources: tuple[str, ...]
    themes: tuple[str, ...]
    themes_grounds: tuple[Ground, ...]
    place_grounds: tuple[Ground, ...]


class EntityPage:
    """Builds the blocks for one entity; `cites` is shared across a document."""

    def __init__(
        self,
        base: FactBase,
        lang: str | None,
        cites: Citations,
        most: int | None = None,
        order: EventOrder | None = None,
        reader: str = SHELL,
    ) -> None:
        self.base = base
        self.lang = lang
        self.cites = cites
        self.level = 1
        self.order = order or EventOrder(base)
        self.most = most
        self.lists = LongLists(base, most, reader)
        """The rule for the sections that grow with the base (tui.render.longlists)."""
        self._subtrees: dict[str, Node] = {}
        self._event_lines: dict[str, Line] = {}
        self._parts: dict[str, list[Event]] = {}
        self._when: dict[str, str] = {}
        self.tables = TripTables(base)
        self._meetings: MeetingsPage | None = None
        """Attendees and trip tables, shared by every page of the document."""
        self.ranked: Mapping[str, int] | None = None
        """The document's events and their places in its order (set by a document that
        lists every event before the other pages): the lists of the theme and place
        pages are then put together from `listed`, kept as each event's page is built."""
        self.listed_events: dict[str, Listed] = {}

    def heading(self, text: str) -> Heading:
        return Heading(_(text), self.level + 1)

    # -- the basis of a fact -------------------------------------------------------------

    def field_mark(self, entity: AnyEntity, *names: str) -> tuple[Span, ...]:
        """The mark of a line that shows these fields of the entity (none when stated)."""
        grounds = field_grounds(entity, *names)
        return self.cites.basis(grounds, self.lang) if grounds else ()

    def item_mark(self, *items: Qualifiable) -> tuple[Span, ...]:
        """The mark of a line that shows these facts of their own (participations, …)."""
        return self.cites.basis((g for item in items for g in grounds_of(item)), self.lang)

    def build(self, entity: AnyEntity, *, level: int = 1) -> list[Block]:
        self.level = level
        blocks: list[Block] = [self.title(entity, level)]
        if isinstance(entity, Source):
            blocks.extend(self.source(entity))
            return blocks
        own = entity.sources
        fields = self.key_facts(entity)
        names = other_names(entity, self.lang)
        if names:
            fields.append((_("Also called"), (*names, *self.field_mark(entity, "aliases"))))
        if entity.description:
            blocks.append(
                Para(
                    (
                        prose(entity.description.get(self.lang)),
                        *self.cites.cite(own),
                        *self.field_mark(entity, "description"),
                    )
                )
            )
        if fields:
            blocks.append(Fields(tuple(fields)))
        if self.ranked is not None and isinstance(entity, Event):
            self.listed_events[entity.id] = self.listing(entity)
        builder = {
            Event: self.event,
            Participant: self.participant,
            Theme: self.theme,
            Place: self.place,
        }[type(entity)]
        # each builder takes the type it is keyed by; mypy cannot tie a key to its value
        blocks.extend(builder(entity))  # type: ignore[operator]
        if entity.statements:
            blocks.append(self.heading(N_("Facts")))
            blocks.append(
                Fields(
                    tuple(
                        (
                            shown_date(s.date) if s.date else "",
                            (
                                prose(s.text.get(self.lang)),
                                *self.cites.cite(s.sources, own),
                                *self.item_mark(s),
                            ),
                        )
                        for s in entity.statements
                    )
                )
            )
        blocks.extend(self.linked_from(entity))
        return blocks

    # -- header ----------------------------------------------------------------------------

    def title(self, entity: AnyEntity, level: int) -> Title:
        kind = getattr(entity, "kind", "")
        subtitle = [_(entity.entity_type)]
        if kind and kind != entity.entity_type:
            subtitle.append(words(kind))
        if isinstance(entity, Participant) and entity.type:
            subtitle.append(words(entity.type))
        subtitle.append(entity.id)
        name = Span(one_line(entity.label(self.lang)), "strong")
        return Title(
            (name, *self.field_mark(entity, "name")),
            (Span(" · ".join(one_line(s) for s in subtitle), "muted"),),
            anchor=entity.id,
            level=level,
        )

    def key_facts(self, entity: AnyEntity) -> list[tuple[str, Line]]:
        rows: list[tuple[str, Line]] = []
        cite = self.cites.cite(entity.sources)

        def row(label: str, line: Line, *fields: str) -> None:
            rows.append((_(label), (*line, *cite, *self.field_mark(entity, *fields))))

        def kind_row(*fields: str) -> None:
            """The kind (and type) stand in the subtitle; a line of their own only when
            they carry a basis, so that the mark has a line to stand on."""
            for name in fields:
                value = getattr(entity, name, "")
                if value and field_grounds(entity, name):
                    row(_KIND_LABELS[name], (plain(words(value)),), name)

        base, lang = self.base, self.lang
        if isinstance(entity, Event):
            kind_row("kind")
            if entity.date_text():
                row(N_("When"), (plain(when(entity)),), "date", "start", "end")
            elif (period := period_of(base.get, entity)) is not None:
                dater = period.dater  # an undated part of a dated trip
                # the trip's date, and the links up to it: as sure as the least sure of them
                grounds = [
                    *within(entity, list(ancestors(base.get, entity.id)), dater.id),
                    *field_grounds(dater, "date", "start", "end"),
                ]
                rows.append(
                    (
                        _("When"),
                        (
                            Span(f"{when(dater)}, {_(period.dated_by())}: "),
                            link(base, dater.id, lang),
                            *self.cites.cite(dater.sources),
                            *self.cites.basis(grounds, lang),
                        ),
                    )
                )
            if entity.place:
                row(N_("Where"), place_line(base, entity.place, lang), "place")
            if entity.part_of:
                row(
                    N_("Part of"),
                    join((link(base, a.id, lang),) for a in base.ancestors(entity.id)),
                    "part_of",
                )
        elif isinstance(entity, Participant):
            kind_row("kind", "type")
            if entity.parent:
                row(N_("Part of"), (link(base, entity.parent, lang),), "parent")
            if entity.seat:
                row(N_("Based in"), place_line(base, entity.seat, lang), "seat")
            seat_chain = set(lineage(base.get, entity.seat)) if entity.seat else set()
            if entity.country and (entity.country not in seat_chain or entity.basis_of("country")):
                row(N_("Country"), (link(base, entity.country, lang),), "country")
            if entity.affiliations:
                row(
                    N_("Member of"),
                    join((link(base, a, lang),) for a in entity.affiliations),
                    "affiliations",
                )
            if entity.founded:
                row(N_("Founded"), (plain(shown_date(entity.founded)),), "founded")
        elif isinstance(entity, Theme):
            if entity.broader:
                chain = reversed(lineage(base.get, entity.broader))
                row(N_("Within"), join(((link(base, t, lang),) for t in chain), " › "), "broader")
            narrower = base.children_of(entity.id)
            if narrower:
                rows.append((_("Narrower"), join((link(base, t.id, lang),) for t in narrower)))
        elif isinstance(entity, Place):
            kind_row("kind")
            if entity.part_of:
                row(N_("Lies in"), place_line(base, entity.part_of, lang), "part_of")
            inside = base.children_of(entity.id)
            if inside:
                rows.append((_("Contains"), join((link(base, p.id, lang),) for p in inside)))
        return rows

    # -- per kind ----------------------------------------------------------------------------

    def event(self, event: Event) -> list[Block]:
        base, lang, own = self.base, self.lang, event.sources
        blocks: list[Block] = []
        tree = self.event_tree(event)
        if tree is not None:
            blocks.extend(tree)
        if event.participants:
            blocks.append(self.heading(N_("Participants")))
            rows = []
            for p in event.participants:
                line: list[Span] = [link(base, p.participant, lang)]
                if p.note:
                    line.append(Span(" — "))
                    line.append(prose(p.note.get(lang)))
                rows.append(
                    (words(p.role), (*line, *self.cites.cite(p.sources, own), *self.item_mark(p)))
                )
            blocks.append(Fields(tuple(rows)))
        if tree is not None and self.parts(event):
            blocks.extend(
                self.meetings_page().who_took_part(
                    event, attendance(base, event.id, tables=self.tables), self.level, self.most
                )
            )
        if event.themes:
            blocks.append(self.heading(N_("Themes")))
            themes = join((link(base, t, lang),) for t in event.themes)
            blocks.append(Para((*themes, *self.cites.cite(own), *self.field_mark(event, "themes"))))
        if event.figures:
            blocks.append(self.heading(N_("Figures")))
            rows = []
            for f in event.figures:
                value = number_text(f.value)
                if f.approximate:
                    value = _("about {number}").format(number=value)
                value += f" {one_line(f.unit)}" if f.unit else ""
                rows.append(
                    (
                        one_line(f.label.get(lang)),
                        (plain(value), *self.cites.cite(f.sources, own), *self.item_mark(f)),
                    )
                )
            blocks.append(Fields(tuple(rows)))
        if event.outcomes:
            blocks.append(self.heading(N_("Outcomes")))
            blocks.append(
                Items(
                    tuple(
                        (
                            prose(o.text.get(lang)),
                            *self.cites.cite(o.sources, own),
                            *self.item_mark(o),
                        )
                        for o in event.outcomes
                    )
                )
            )
        return blocks

    def event_tree(self, event: Event) -> list[Block] | None:
        """The larger event and all its parts, with this one marked: for a trip, its
        itinerary; for a visit, where it stands in the trip."""
        ancestors = self.base.ancestors(event.id)
        root = ancestors[-1] if ancestors else event
        if not isinstance(root, Event) or not self.parts(root):
            return None
        heading = N_("Itinerary") if "trip" in root.kind else N_("Programme")
        path = {event.id, *(a.id for a in ancestors)}
        return [self.heading(heading), Tree((self.event_node(root, event.id, path, set()),))]

    def event_node(self, event: Event, current: str, path: set[str], seen: set[str]) -> Node:
        """`event` and its parts.  `path` holds the current event and the events above it,
        the only ones whose lines differ from page to page: every other subtree is the same
        on every page of the trip, and made once."""
        seen.add(event.id)
        children = []
        for part in self.parts(event):
            if part.id in seen:
                continue
            if part.id in path:
                children.append(self.event_node(part, current, path, seen))
            else:
                seen.add(part.id)
                children.append(self._subtree(part))
        return Node(self.part_line(event, current), tuple(children))

    def _subtree(self, event: Event) -> Node:
        found = self._subtrees.get(event.id)
        if found is None:
            found = self._plain_node(event, set())
            self._keep(self._subtrees)[event.id] = found
        return found

    def _plain_node(self, event: Event, seen: set[str]) -> Node:
        seen.add(event.id)
        children = tuple(
            self._plain_node(part, seen) for part in self.parts(event) if part.id not in seen
        )
        return Node(self.part_line(event), children)

    def part_line(self, event: Event, current: str = "") -> Line:
        """An event of the itinerary, marked where its being part of the larger event is
        inferred (the evening reported with a trip, not said to be a stop of it)."""
        return (
            *dated_event_line(self.base, event, self.lang, current),
            *self.field_mark(event, "part_of"),
        )

    def parts(self, event: Event) -> list[Event]:
        """The parts of an event in date order, sorted once per document."""
        found = self._parts.get(event.id)
        if found is None:
            found = self.order(self.base.parts_of(event.id))
            self._keep(self._parts, 2_000)[event.id] = found  # they hold events: as trips
        return found

    def event_line(self, event: Event) -> Line:
        """An event in a list (of a participant, a theme, a place): made once per event."""
        found = self._event_lines.get(event.id)
        if found is None:
            found = event_line(self.base, event, self.lang)
            self._keep(self._event_lines)[event.id] = found
        return found

    def when(self, event: Event) -> str:
        """The event's date as a flat list shows it (`tui.render.lines.when` with the base),
        made once per event: an event is listed under each of its participants, themes and
        places.  Bounded, as the other caches, but larger: a date is a few bytes."""
        found = self._when.get(event.id)
        if found is None:
            found = self._keep(self._when, 50_000)[event.id] = when(event, self.base)
        return found

    def meetings_page(self) -> MeetingsPage:
        """The Met, Same trip and Who took part sections' builder, one per document (what
        it looks up about sides stays for the next page)."""
        if self._meetings is None:
            self._meetings = MeetingsPage(self.base, self.lang, self.cites)
        return self._meetings

    @staticmethod
    def _keep(cache: dict[str, T], most: int = 5_000) -> dict[str, T]:
        """`cache`, emptied when full.  The builder of a document keeps what it made for one
        page that the next pages show again (every part of a trip shows the trip's whole
        itinerary; an event is listed under each of its participants, themes and places),
        bounded so that a document of any size holds a few thousand entries."""
        if len(cache) > most:
            cache.clear()
        return cache

    def participant(self, person: Participant) -> list[Block]:
        base, lang, own = self.base, self.lang, person.sources
        blocks: list[Block] = []
        if person.offices:
            blocks.append(self.heading(N_("Offices")))
            items = []
            for office in person.offices:
                line: list[Span] = [plain(office.title.get(lang))]
                if office.organisation:
                    line.append(Span(", "))
                    line.append(link(base, office.organisation, lang))
                span = " – ".join(shown_date(d) for d in (office.start, office.end) if d)
                if span:
                    line.append(Span(f" ({span})", "muted"))
                items.append(
                    (*line, *self.cites.cite(office.sources, own), *self.item_mark(office))
                )
            blocks.append(Items(tuple(items)))
        every = self.order(base.events_of(person.id))
        search = f"kind:event participant:{person.id}"
        cut = self.lists.latest(
            (e.id for e in every), Whole(person.id, search, "participant", person.label(lang))
        )
        events, more = cut or (every, [])
        if events:
            blocks.append(self.heading(N_("Events")))
            blocks.extend(more)
            rows = []
            for event in events:
                roles = [p for p in event.participants if p.participant == person.id]
                line = list(self.event_line(event))
                if roles:
                    line.append(Span(" — " + list_text(words(p.role) for p in roles)))
                sources = [s for p in roles for s in p.sources]
                rows.append(
                    (
                        self.when(event),
                        (*line, *self.cites.cite(sources, event.sources), *self.item_mark(*roles)),
                    )
                )
            blocks.append(Fields(tuple(rows)))
        if every:
            answer = meetings(
                base,
                person.id,
                lang=lang,
                via=_Known(base, person.id, every, self.tables),
                in_order=True,  # `every` is in the one event order
            )
            blocks.extend(self.meetings_page().page_sections(answer, self.level, self.most))
        themes, more = self.listed(base.backlinks.participant_themes.get(person.id, ()), person.id)
        if themes:
            blocks.append(self.heading(N_("Themes")))
            blocks.append(Para(join((link(base, t, lang),) for t in themes)))
            blocks.extend(more)
        members, more = self.listed(base.backlinks.children.get(person.id, ()), person.id)
        if members:
            blocks.append(self.heading(N_("Units and members")))
            blocks.append(Items(tuple((link(base, m, lang),) for m in members)))
            blocks.extend(more)
        return blocks

    def listed(self, ids: Sequence[str], entity_id: str) -> tuple[Sequence[str], list[Block]]:
        """The ids a section of linked names lists (the first MOST_LISTED on a page), read
        together, and the lines saying what is left out."""
        shown, more = self.lists.first(ids, Whole(entity_id))
        self.base.prefetch(shown)
        return shown, more

    def theme(self, theme: Theme) -> list[Block]:
        base, lang = self.base, self.lang
        family = [theme.id, *self.descendants(theme.id)]
        blocks: list[Block] = []
        search = f"kind:event theme:{theme.id}"
        cut = self.lists.latest(
            (i for t in family for i in base.event_ids_of(t)),
            Whole(theme.id, search, "theme", theme.label(lang)),
        )
        events = cut[0] if cut else self.listed_about(family)
        more = cut[1] if cut else []
        if events:
            blocks.append(self.heading(N_("Events")))
            blocks.extend(more)
            rows = []
            rank = {t: i for i, t in enumerate(family)}
            basis = self.cites.basis
            for listed in map(self.listing, events):
                line = list(listed.line)
                themes = listed.themes
                via = (
                    []
                    if theme.id in themes
                    else sorted({t for t in themes if t in rank}, key=rank.__getitem__)
                )
                if via:
                    line.append(Span(_(" (via ")))
                    line.extend(join((link(base, t, lang),) for t in via))
                    line.append(Span(")"))
                rows.append(
                    (
                        listed.when,
                        (
                            *line,
                            *self.cites.cite(listed.sources),
                            *basis(listed.themes_grounds, lang),
                        ),
                    )
                )
            blocks.append(Fields(tuple(rows)))
        took_part = base.backlinks.theme_participants
        people, more = self.listed(
            tuple(dict.fromkeys(p for t in family for p in took_part.get(t, ()))), theme.id
        )
        if people:
            blocks.append(self.heading(N_("Participants")))
            blocks.append(Para(join((link(base, p, lang),) for p in people)))
            blocks.extend(more)
        return blocks

    def place(self, place: Place) -> list[Block]:
        family = [place.id, *self.descendants(place.id)]
        cut = self.lists.latest(
            (i for p in family for i in self.base.event_ids_of(p)), Whole(place.id)
        )
        events = cut[0] if cut else self.listed_about(family)
        more = cut[1] if cut else []
        if not events:
            return []
        cite, basis, lang = self.cites.cite, self.cites.basis, self.lang
        rows = [
            (
                listed.when,
                (*listed.line, *cite(listed.sources), *basis(listed.place_grounds, lang)),
            )
            for listed in map(self.listing, events)
        ]
        return [self.heading(N_("What happened here")), *more, Fields(tuple(rows))]

    def source(self, source: Source) -> list[Block]:
        rows: list[tuple[str, Line]] = []
        for label, value in (
            (N_("Kind"), words(source.kind) if source.kind else ""),
            (N_("Publisher"), source.publisher),
            (N_("Published"), shown_date(source.published) if source.published else ""),
            (N_("Language"), source.language),
            (N_("Local copy"), source.file),
        ):
            if value:
                rows.append((_(label), (plain(value),)))
        if source.url:
            rows.insert(3, ("URL", (Span(one_line(source.url), url=one_line(source.url)),)))
        blocks: list[Block] = [Fields(tuple(rows))]
        if source.note:
            blocks.append(Para((prose(source.note),)))
        cited, more = self.listed(self.base.backlinks.citations.get(source.id, ()), source.id)
        if cited:
            blocks.append(self.heading(N_("Cited by")))
            groups: dict[str, list[Line]] = {}
            for entity in map(self.base.by_id.__getitem__, cited):
                groups.setdefault(entity.entity_type, []).append(
                    (link(self.base, entity.id, self.lang),)
                )
            blocks.append(
                Fields(
                    tuple(
                        (_(KIND_PLURAL[kind]), join(lines))
                        for kind, lines in sorted(groups.items(), key=lambda kv: ORDER[kv[0]])
                    )
                )
            )
            blocks.extend(more)
        return blocks

    # -- shared ---------------------------------------------------------------------------

    def linked_from(self, entity: AnyEntity) -> list[Block]:
        """The participants linking here by the fields of LINKED_FROM, told apart without
        reading them: whatever else links here is an event, or a child (a narrower theme,
        an inner place, a member body: `outgoing_links`), and only a child participant is
        read to see whether it links here otherwise as well."""
        links = self.base.backlinks
        events = set(links.events.get(entity.id, ()))
        children = set(links.children.get(entity.id, ()))
        others = [i for i in links.referrers.get(entity.id, ()) if i not in events]
        self.base.prefetch(i for i in others if i in children)
        linked = [i for i in others if i not in children or self._labels(i, entity.id)]
        shown, more = self.lists.first(linked, Whole(entity.id))  # a country: thousands
        self.base.prefetch(shown)
        groups: dict[str, list[Line]] = {}
        for other_id in shown:
            groups.setdefault(self._labels(other_id, entity.id), []).append(
                (link(self.base, other_id, self.lang),)
            )
        rows = tuple((label, join(lines)) for label, lines in groups.items())
        return [self.heading(N_("Linked from")), Fields(rows), *more] if rows else []

    def _labels(self, other_id: str, entity_id: str) -> str:
        """How `other_id` links to `entity_id`, as Linked from says it ('' for no link
        of LINKED_FROM's)."""
        other = self.base.get(other_id)
        if not isinstance(other, Participant):
            return ""  # only a participant holds the links named here (LINKED_FROM)
        fields = [f for f, target in outgoing_links(other) if target == entity_id]
        return list_text(_(LINKED_FROM[f]) for f in dict.fromkeys(fields) if f in LINKED_FROM)

    def descendants(self, entity_id: str) -> list[str]:
        return [child.id for child in below((entity_id,), self.base.children_of)]

    def starting(self, kind: str) -> None:
        """The document's pages of `kind` come next, in `ORDER`, none of the kinds before
        again: what only those pages use is let go (the trip tables and the *Met* and
        *Same trip* builder once the events and participants are done, the events' `Listed`
        once the themes and places are), so that it does not add to the peak of the pages
        that follow (25 000 sources at 100 000 events)."""
        if ORDER[kind] > ORDER["participant"]:
            self.tables = TripTables(self.base)
            self._meetings = None
            self._parts.clear()
            self._subtrees.clear()
        if ORDER[kind] > ORDER["place"]:
            self.listed_events.clear()
            self._event_lines.clear()
            self._when.clear()

    def listing(self, event: Event | Listed) -> Listed:
        """What a list of events shows of this one (`Listed`): kept from its own page in a
        document that ranks its events, else made from the event in hand."""
        if isinstance(event, Listed):
            return event
        found = self.listed_events.get(event.id)
        if found is None:
            found = Listed(
                self.when(event),
                self.event_line(event),
                event.sources,
                event.themes,
                field_grounds(event, "themes"),
                field_grounds(event, "place"),
            )
        return found

    def listed_about(self, ids: Iterable[str]) -> Sequence[Event | Listed]:
        """`events_about`, from the events' `Listed` kept by their own pages when the
        document lists them all (no event decoded again); else the events themselves."""
        ranked, kept = self.ranked, self.listed_events
        if ranked is not None:
            found = dict.fromkeys(i for entity_id in ids for i in self.base.event_ids_of(entity_id))
            if all(map(kept.__contains__, found)):
                return [kept[i] for i in sorted(found, key=ranked.__getitem__)]
        return self.events_about(ids)

    def events_about(self, ids: Iterable[str]) -> list[Event]:
        """Events that name any of the ids (a theme and its narrower ones, a place and the
        places in it), in date order."""
        found = {e.id: e for i in ids for e in self.base.events_of(i)}
        return self.order(found.values())


class _Known(BacklinkParticipations):
    """The participant's events as its page has read them already (a stored base would
    decode them again); everything else from the backlinks."""

    def __init__(
        self, base: FactBase, participant_id: str, events: list[Event], tables: TripTables
    ) -> None:
        super().__init__(base, tables)
        self.participant_id = participant_id
        self.events = events

    def events_with(self, participant_id: str) -> Iterator[Event]:
        if participant_id != self.participant_id:
            yield from super().events_with(participant_id)
            return
        for event in self.events:
            if any(p.participant == participant_id for p in event.participants):
                yield event


def entity_blocks(
    base: FactBase,
    entity: AnyEntity,
    lang: str | None,
    cites: Citations,
    *,
    level: int = 1,
    most: int | None = None,
    reader: str = SHELL,
) -> list[Block]:
    return EntityPage(base, lang, cites, most, reader=reader).build(entity, level=level)
