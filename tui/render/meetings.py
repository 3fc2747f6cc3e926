"""Who met whom, as a page (`facts met`) and as data (`facts met --json`).

The page is made of the same document blocks as every other page, so it prints in the
terminal, and a participant's page takes its sections (*Met*, *Same trip*) unchanged; a
trip's page takes *Who took part* from here too.  Each shared
event says when, where, in which role each side was there, and which sources say so, as
the numbered citations of the other pages.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

from tui.basis import weakest, word
from tui.i18n import _, language, list_separator, list_text, ngettext
from tui.meetings import Attendance, Contact, Meetings, TripContact, TripEvent
from tui.model import Event, FactBase
from tui.render.doc import Block, Citations, Heading, Line, Node, Para, Span, Title, Tree
from tui.render.json import reference
from tui.render.lines import dated_event_line, link, words
from tui.safetext import one_line
from tui.sides import Sides, country_of, home_city


def iso_date(event: Event) -> str | None:
    """The event's date for programs: ISO 8601 at the source's precision, a span as an
    ISO 8601 interval (`2017-11-29/2017-12-03`, an open end as `..`), None when undated."""
    if event.date:
        return event.date.iso()
    if event.start or event.end:
        first = event.start.iso() if event.start else ".."
        last = event.end.iso() if event.end else ".."
        return f"{first}/{last}"
    return None


class MeetingsPage:
    """The blocks of one participant's meetings; `cites` numbers the sources."""

    def __init__(
        self, base: FactBase, lang: str | None, cites: Citations, sides: Sides | None = None
    ) -> None:
        self.base = base
        self.lang = lang
        self.cites = cites
        self._sides = sides
        self._names: dict[str, Span] = {}
        self._dated: dict[str, Line] = {}
        self._trip_lines: dict[tuple[str, str], Line] = {}
        """A contact's line for a trip, by (contact, trip), for unfiltered answers."""
        """Each shared event's line (date, name, place), made once: it is listed on the
        page of each of its participants, under each other participant."""
        """Whose side each participant is on, kept across the pages of a document."""

    @property
    def sides(self) -> Sides:
        if self._sides is None:
            self._sides = Sides(self.base)
        return self._sides

    def blocks(self, answer: Meetings, *, level: int = 1) -> list[Block]:
        base, lang = self.base, self.lang
        person = base.get(answer.participant)
        name = one_line(person.label(lang) if person is not None else answer.participant)
        subtitle = [_("who met whom"), answer.participant]
        if answer.filter.active:
            subtitle.append(describe(answer))
        events, met = len(answer.events), len(answer.met)
        blocks: list[Block] = [
            Title(
                (link(base, answer.participant, lang, "strong"),),
                (Span(" · ".join(subtitle), "muted"),),
                level=level,
            ),
            Para(
                (
                    Span(
                        _("{events}; met {participants}; {count} more on the same trip").format(
                            events=ngettext("{count} event", "{count} events", events).format(
                                count=events
                            ),
                            participants=ngettext(
                                "{count} participant", "{count} participants", met
                            ).format(count=met),
                            count=len(answer.same_trip),
                        )
                    ),
                )
            ),
        ]
        blocks.extend(self.met(answer, name, level))
        blocks.extend(self.same_trip(answer, name, level))
        return blocks

    def met(self, answer: Meetings, name: str, level: int) -> list[Block]:
        blocks: list[Block] = [Heading(_("Met"), level + 1)]
        if not answer.events:
            scope = f" ({describe(answer)})" if answer.filter.active else ""
            blocks.append(
                Para(
                    (
                        Span(
                            _("Nobody: {name} took part in no event{scope}.").format(
                                name=name, scope=scope
                            ),
                            "muted",
                        ),
                    )
                )
            )
            return blocks
        if not answer.met:
            blocks.append(
                Para(
                    (
                        Span(
                            _("Nobody: no event lists another participant with {name}.").format(
                                name=name
                            ),
                            "muted",
                        ),
                    )
                )
            )
            return blocks
        blocks.append(
            Para(
                (
                    Span(
                        _(
                            "Each shared event: date, event · place — own role / their "
                            "role [sources]"
                        ),
                        "muted",
                    ),
                )
            )
        )
        blocks.append(Tree(tuple(self.contact(c) for c in answer.met)))
        return blocks

    def contact(self, contact: Contact) -> Node:
        """The contact with its shared events below it."""
        head = (
            self.name(contact.participant),
            _count(contact.count, "shared event"),
            *_only(contact.basis),
        )
        cites, lang, dated = self.cites, self.lang, self._dated
        lines = []
        for shared in contact.events:
            event = shared.event
            line = dated.get(event.id)
            if line is None:
                if len(dated) > 20_000:
                    dated.clear()
                line = dated[event.id] = dated_event_line(self.base, event, lang, alone=True)
            lines.append(
                Node(
                    (
                        *line,
                        _both_roles(shared.own_roles, shared.roles),
                        *cites.cite(shared.sources),
                        *cites.basis(shared.grounds, lang),
                    )
                )
            )
        return Node(head, tuple(lines))

    def same_trip(self, answer: Meetings, name: str, level: int) -> list[Block]:
        if not answer.same_trip:
            return []
        return [
            Heading(_("Same trip"), level + 1),
            Para(
                (
                    Span(
                        _(
                            "At other events of a trip {name} was on, never at the same event; "
                            "each trip: their events on it (their role) [sources]"
                        ).format(name=name),
                        "muted",
                    ),
                )
            ),
            Tree(tuple(self.traveller(c) for c in answer.same_trip)),
        ]

    def traveller(self, contact: TripContact, unfiltered: bool = False) -> Node:
        """The contact, and per trip their events on it: the events are the trip's, listed
        on its page; what matters here is which ones, in which role.  `unfiltered`: the
        answer is of every event, so that a contact's line for a trip (all but the mark of
        what the two being on it rests on) is the same on the page of everyone else on the
        trip, and made once."""
        name, cites, lang = self.name, self.cites, self.lang
        kept = self._trip_lines
        by_trip: dict[str, list[TripEvent]] | None = None
        grounds = contact.trip_grounds
        trips = []
        for i, trip in enumerate(contact.trips):
            key = (contact.participant, trip)
            line = kept.get(key) if unfiltered else None
            if line is None:
                if by_trip is None:
                    by_trip = {}
                    for e in contact.events:
                        by_trip.setdefault(e.trip, []).append(e)
                spans: list[Span] = [_on(), name(trip), _COLON]
                comma = _comma()
                sources: dict[str, None] = {}
                for n, e in enumerate(by_trip.get(trip, ())):
                    if n:
                        spans.append(comma)
                    spans.append(name(e.event.id))
                    spans.append(_their_roles(e.roles))
                    sources.update(dict.fromkeys(e.sources))
                line = (*spans, *cites.cite(sources))
                if unfiltered:
                    if len(kept) > 50_000:
                        kept.clear()
                    kept[key] = line
            mark = grounds[i] if i < len(grounds) else ()
            trips.append(Node((*line, *cites.basis(mark, lang)) if mark else line))
        head = (name(contact.participant), _count(len(trips), "trip"), *_only(contact.basis))
        return Node(head, tuple(trips))

    def name(self, entity_id: str) -> Span:
        """The entity's name, linked (`tui.render.lines.link`), kept by id: the sections
        name the same trips, events and people a hundred thousand times."""
        found = self._names.get(entity_id)
        if found is None:
            found = self._names[entity_id] = link(self.base, entity_id, self.lang)
        return found

    @staticmethod
    def roles(roles: tuple[str, ...]) -> str:
        return list_text(words(r) for r in roles) or "—"

    # -- the sections of a participant's and a trip's page ----------------------------------

    def page_sections(self, answer: Meetings, level: int, most: int | None) -> list[Block]:
        """*Met* and *Same trip* on a participant's page: the lists of `facts met`, each
        at most `most` lines long (the browser's pane) with a line saying what is left."""
        blocks: list[Block] = []
        name = link(self.base, answer.participant, self.lang).text
        if answer.met:
            blocks.append(Heading(_("Met"), level + 1))
            blocks.append(
                Para(
                    (
                        Span(
                            _(
                                "At the same event as {name}, most shared events first; "
                                "each shared event: "
                                "date, event · place — own role / their role [sources]"
                            ).format(name=name),
                            "muted",
                        ),
                    )
                )
            )
            blocks.extend(
                _capped(
                    answer.met,
                    self.contact,
                    most,
                    answer.participant,
                    "participant",
                    "shared event",
                )
            )
        if answer.same_trip:
            blocks.append(Heading(_("Same trip"), level + 1))
            blocks.append(
                Para(
                    (
                        Span(
                            _(
                                "At other events of a trip {name} was on, never at the same event; "
                                "each trip: their events on it (their role) [sources]"
                            ).format(name=name),
                            "muted",
                        ),
                    )
                )
            )
            unfiltered = not answer.filter.active
            blocks.extend(
                _capped(
                    answer.same_trip,
                    lambda contact: self.traveller(contact, unfiltered),
                    most,
                    answer.participant,
                    "participant",
                    "trip",
                )
            )
        return blocks

    def who_took_part(
        self, event: Event, people: tuple[Attendance, ...], level: int, most: int | None
    ) -> list[Block]:
        """*Who took part* on the page of an event with parts: everyone of the event and of
        its parts, a city's own side first (for a city's trip), then by country, each with
        the events they took part in."""
        if not people:
            return []
        base, lang = self.base, self.lang
        sides = self.sides
        city = home_city(sides, (p.participant for p in event.participants))
        groups: dict[str | None, list[Attendance]] = {}
        for person in people:
            key = (
                SIDE
                if city is not None and city in sides.of(person.participant)
                else (country_of(base, person.participant))
            )
            groups.setdefault(key, []).append(person)
        countries = sorted(
            (k for k in groups if k not in (SIDE, None)),
            key=lambda k: (link(base, k, lang).text.casefold(), k),
        )
        order: list[str | None] = [
            *([SIDE] if SIDE in groups else []),
            *countries,
            *([None] if None in groups else []),
        ]
        count = _plural(len(people), "participant")
        intro = (
            _(
                "{count} of this event and its parts, {city}'s side first, then by country; "
                "each with the events they took part in (their role) [sources]"
            ).format(count=count, city=one_line(link(base, city, lang).text))
            if city is not None
            else _(
                "{count} of this event and its parts, by country; each with the events "
                "they took part in (their role) [sources]"
            ).format(count=count)
        )
        blocks: list[Block] = [
            Heading(_("Who took part"), level + 1),
            Para((Span(intro, "muted"),)),
        ]
        left = most
        hidden = 0
        unshown: list[str] = []
        for key in order:
            members = groups[key]
            if left is not None and left <= 0:
                hidden += len(members)  # no group is shown with nobody in it
                unshown.append(
                    _("country not given") if key is None else one_line(link(base, key, lang).text)
                )
                continue
            if key == SIDE and city is not None:
                # the space apart: two strong spans side by side would make Markdown's
                # "**Side of ****City**", which no reader takes for bold
                head: Line = (
                    Span(_("Side of"), "strong"),
                    Span(" "),
                    link(base, city, lang, "strong"),
                )
            elif key is None:
                head = (Span(_("Country not given"), "strong"),)
            else:
                head = (link(base, key, lang, "strong"),)
            shown = members if left is None else members[:left]
            children = [Node(self.attendee(person)) for person in shown]
            if len(shown) < len(members):
                children.append(
                    Node(
                        (
                            Span(
                                _("… and {more}").format(
                                    more=_plural(len(members) - len(shown), "more participant")
                                ),
                                "muted",
                            ),
                        )
                    )
                )
            blocks.append(Tree((Node(head, tuple(children)),)))
            if left is not None:
                left -= len(shown)
        if hidden:
            blocks.append(
                Para(
                    (
                        Span(
                            _(
                                "… and {more} ({which}); `facts show {id} --all` lists every one"
                            ).format(
                                more=_plural(hidden, "more participant"),
                                which=list_text(unshown),
                                id=one_line(event.id),
                            ),
                            "muted",
                        ),
                    )
                )
            )
        elif left is not None and left <= 0 and len(people) > (most or 0):
            blocks.append(
                Para(
                    (
                        Span(
                            _("`facts show {id} --all` lists every one").format(
                                id=one_line(event.id)
                            ),
                            "muted",
                        ),
                    )
                )
            )
        return blocks

    def attendee(self, person: Attendance) -> Line:
        """The participant, then each of its events with its role (and the mark of what
        its being there rests on, where the sources do not state it), then the sources."""
        name = self.name
        spans: list[Span] = [name(person.participant), _DASH]
        sources: dict[str, None] = {}
        for n, e in enumerate(person.events):
            if n:
                spans.append(_comma())
            spans.append(name(e.event.id))
            spans.append(_their_roles(e.roles))
            if e.grounds:
                spans.extend(self.cites.basis(e.grounds, self.lang))
            sources.update(dict.fromkeys(e.sources))
        return (*spans, *self.cites.cite(sources))


_COLON, _DASH = Span(": "), Span(" — ")
_COMMAS: dict[str, Span] = {}
"""One span per separator, made once rather than for every line that lists events."""


def _comma() -> Span:
    """Between the events of a list: the language's separator (`tui.i18n.list_separator`)."""
    separator = list_separator()
    span = _COMMAS.get(separator)
    if span is None:
        span = _COMMAS[separator] = Span(separator)
    return span


_ON: dict[str, Span] = {}
"""'on ' in each interface language, made once."""


def _on() -> Span:
    """'on ' (before a trip) in the interface language."""
    lang = language()
    found = _ON.get(lang)
    if found is None:
        found = _ON[lang] = Span(_("on "))
    return found


_ROLES: dict[tuple[str, tuple[tuple[str, ...], ...]], Span] = {}
"""The span of each combination of roles, made once: a whole export's Met and Same trip
sections write a role after every one of hundreds of thousands of events."""


def _roles_span(roles: tuple[tuple[str, ...], ...], text: Callable[[], str]) -> Span:
    key = (language(), roles)  # the roles are in the reader's words
    found = _ROLES.get(key)
    if found is None:
        if len(_ROLES) > 10_000:
            _ROLES.clear()
        found = _ROLES[key] = Span(text())
    return found


def _their_roles(roles: tuple[str, ...]) -> Span:
    """' (delegation member)'."""
    return _roles_span((roles,), lambda: f" ({MeetingsPage.roles(roles)})")


def _both_roles(own: tuple[str, ...], theirs: tuple[str, ...]) -> Span:
    """' — host / guest'."""
    return _roles_span(
        (own, theirs), lambda: f" — {MeetingsPage.roles(own)} / {MeetingsPage.roles(theirs)}"
    )


def _only(basis: str) -> tuple[Span, ...]:
    """After a contact: ' · inferred only' when none of what links the two is stated (the
    marked lines below it say why), nothing when something is."""
    return (
        (Span(" · ", "muted"), Span(_("{basis} only").format(basis=_(basis)), basis))
        if basis
        else ()
    )


SIDE = "\0side"
"""The group of a city's own side on a trip's page (no id can hold a NUL)."""

T = TypeVar("T")


def _capped(
    items: tuple[T, ...],
    node: Callable[[T], Node],
    most: int | None,
    entity_id: str,
    noun: str,
    child_noun: str,
) -> list[Block]:
    """The items as one tree of at most `most` lines (all when `most` is None); an item too
    long for what is left shows its first lines.  The line after the tree says how many
    items are left out and where to see every one."""
    nodes: list[Node] = []
    left = most
    for item in items:
        if left is not None and left <= 0:
            break
        built = node(item)
        if left is not None:
            keep = max(left - 1, 1)
            rest = len(built.children) - keep
            if rest > 0:
                built = Node(
                    built.line,
                    (
                        *built.children[:keep],
                        Node(
                            (
                                Span(
                                    _("… and {more}").format(
                                        more=_plural(rest, "more " + child_noun)
                                    ),
                                    "muted",
                                ),
                            )
                        ),
                    ),
                )
            left -= 1 + len(built.children)
        nodes.append(built)
    blocks: list[Block] = [Tree(tuple(nodes))]
    rest = len(items) - len(nodes)
    if rest:
        blocks.append(
            Para(
                (
                    Span(
                        _("… and {more}; `facts show {id} --all` lists every one").format(
                            more=_plural(rest, "more " + noun), id=one_line(entity_id)
                        ),
                        "muted",
                    ),
                )
            )
        )
    return blocks


def _count(count: int, noun: str) -> Span:
    """'  3 trips' after a contact, made once per count, noun and interface language."""
    key = (count, noun, language())
    found = _COUNTS.get(key)
    if found is None:
        if len(_COUNTS) > 10_000:
            _COUNTS.clear()
        found = _COUNTS[key] = Span("  " + _plural(count, noun), "muted")
    return found


_COUNTS: dict[tuple[int, str, str], Span] = {}


def _plural(count: int, noun: str) -> str:
    """'3 events', '1 shared event', '2 more participants', in the interface language."""
    return _FORMS[noun](count).format(count=count)


_FORMS: dict[str, Callable[[int], str]] = {
    "event": lambda n: ngettext("{count} event", "{count} events", n),
    "participant": lambda n: ngettext("{count} participant", "{count} participants", n),
    "shared event": lambda n: ngettext("{count} shared event", "{count} shared events", n),
    "trip": lambda n: ngettext("{count} trip", "{count} trips", n),
    "more participant": lambda n: ngettext(
        "{count} more participant", "{count} more participants", n
    ),
    "more shared event": lambda n: ngettext(
        "{count} more shared event", "{count} more shared events", n
    ),
    "more trip": lambda n: ngettext("{count} more trip", "{count} more trips", n),
}
"""Each noun's form for a count: only the noun asked for is looked up (a whole export
counts the trips of 75 000 contacts)."""


def describe(answer: Meetings) -> str:
    """The filter in words: '2025', '2017..2025', 'theme hydrogen-technologies'."""
    text = answer.filter.describe()
    return text.replace("theme ", _("theme") + " ") if text else text


def meetings_blocks(
    base: FactBase, answer: Meetings, lang: str | None, cites: Citations | None = None
) -> list[Block]:
    """The page of `facts met`, its numbered sources at the end."""
    cites = cites if cites is not None else Citations()
    blocks = MeetingsPage(base, lang, cites).blocks(answer)
    blocks.extend(cites.block(base, lang))
    return blocks


def meetings_data(base: FactBase, answer: Meetings, lang: str | None) -> dict[str, Any]:
    """`facts met --json`: references as `facts export` writes them (id, entity, kind,
    name), a shared event's reference with its date, both roles, its source ids and the
    basis of the meeting there; each shared trip with the basis of both being on it."""

    def ref(entity_id: str) -> dict[str, Any]:
        return reference(base, entity_id, lang)

    return {
        "participant": ref(answer.participant),
        "met": [
            {
                "participant": ref(contact.participant),
                "events": [
                    {
                        **ref(shared.id),
                        "date": iso_date(shared.event),
                        "own_role": ", ".join(shared.own_roles),
                        "role": ", ".join(shared.roles),
                        "sources": list(shared.sources),
                        "basis": word(shared.basis),
                    }
                    for shared in contact.events
                ],
            }
            for contact in answer.met
        ],
        "same_trip": [
            {
                "participant": ref(contact.participant),
                "trips": [
                    {**ref(t), "basis": word(weakest(contact.grounds(t)))} for t in contact.trips
                ],
            }
            for contact in answer.same_trip
        ],
    }
