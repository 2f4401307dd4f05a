"""A meeting file (sammanträde), checked against the law and resolved against the tree.

The law itself is in `docgen.rules` (who decides a paragraph, tallies, the chair's
casting vote, växeltjänstgöring, beslutsförhet) and `docgen.calendar` (justering and
anslag periods); this module reads a meeting, works out who served in each paragraph,
applies those rules to every paragraph and words each problem at its line.
"""

from __future__ import annotations

import bisect
import difflib
import math
import re
from dataclasses import dataclass
from datetime import date, time
from pathlib import Path

from docgen import calendar, markdown, rules
from docgen.content.organisation import LoadedOrganisation
from docgen.content.tjansteskrivelse import LoadedTjansteskrivelse
from docgen.content.tree import ContentTree, Entry
from docgen.content.validate import validate
from docgen.content.yamlfile import Key, Located
from docgen.diarienummer import Diarienummer
from docgen.errors import ContentError, DocgenError, ProblemList
from docgen.model import (
    Foredragningslista,
    Ledamot,
    Omrostning,
    Organ,
    Paragraf,
    Person,
    Sammantrade,
)
from docgen.rules import JUSTERING_DAYS, Tally
from docgen.swedish import format_date, format_paragraphs, listed

__all__ = [
    "JUSTERING_DAYS",
    "LoadedForedragningslista",
    "LoadedSammantrade",
    "ResolvedParagraf",
    "Seat",
    "Tally",
    "load_foredragningslista",
    "load_sammantrade",
]

_RANGE = r"(\d{1,2})[.:](\d{2})(?:\s*[-–]\s*(\d{1,2})[.:](\d{2}))?"
_TIME = re.compile(rf"^(?:kl\.?\s*)?{_RANGE}$")
_NUMBERS = re.compile(r"^\s*(\d+)\s*(?:[-–]\s*(\d+))?\s*$")


@dataclass(frozen=True)
class Seat:
    """Someone deciding at the meeting: their role and which paragraphs they served.

    `paragrafer` is None when they served the whole meeting; `ej` the paragraphs where
    they served but did not take part in the decision.
    """

    namn: str
    roll: str
    paragrafer: frozenset[int] | None
    ej: frozenset[int]
    ersatter: str | None
    parti: str | None
    key: Key

    def serves(self, nummer: int) -> bool:
        """Return whether this seat is taken by them in paragraph `nummer`."""
        return self.paragrafer is None or nummer in self.paragrafer

    @property
    def whole_meeting(self) -> bool:
        """Return whether they decided in every paragraph (as the front page lists them)."""
        return self.paragrafer is None and not self.ej


@dataclass(frozen=True)
class Vote:
    """One omröstning of a paragraph with its count."""

    fields: Omrostning
    tally: Tally


@dataclass(frozen=True)
class ResolvedParagraf:
    """One § of a meeting with everything its documents need, checked."""

    nummer: int
    fields: Paragraf
    diarienummer: Diarienummer | None
    fler_diarienummer: tuple[Diarienummer, ...]
    tjansteskrivelse: LoadedTjansteskrivelse | None
    rubrik: str
    underrubrik: str | None
    beslut: tuple[markdown.Inline, ...]
    arendet: tuple[markdown.Block, ...]
    handlingar: tuple[str, ...]
    votes: tuple[Vote, ...]
    beslutande: tuple[str, ...]
    ordforande: str
    bilagor: tuple[Path, ...] = ()
    """The PDF files for the nämndhandlingar, found beside the meeting file."""

    @property
    def tally(self) -> Tally | None:
        """Return the count of the paragraph's last (deciding) vote, if it had one."""
        return self.votes[-1].tally if self.votes else None


@dataclass(frozen=True)
class LoadedSammantrade:
    """A meeting read, checked and resolved: what its protocol and extracts are made from."""

    fields: Sammantrade
    located: Located
    organisation: LoadedOrganisation
    organ: Organ
    start: time
    end: time | None
    anslag: date
    paragrafer: tuple[ResolvedParagraf, ...]
    seats: tuple[Seat, ...] = ()
    tider: tuple[tuple[time, time | None], ...] = ()
    ajourneringar: tuple[tuple[str, time, time | None], ...] = ()
    """Breaks: the words before the time ("för kaffe"), start and end."""

    @property
    def path(self) -> Path:
        """Return the meeting file's path."""
        return self.located.path

    def person(self, name: str) -> Person:
        """Return the person called `name` in the organisation file."""
        return next(p for p in self.organisation.organisation.personer if p.namn == name)


@dataclass(frozen=True)
class LoadedForedragningslista:
    """A meeting file read as its agenda: what its kallelse is made from, checked.

    An agenda's items carry no decisions yet; a closed meeting file gives the same
    agenda, its paragraphs resolved as for the protocol.
    """

    fields: Foredragningslista
    located: Located
    organisation: LoadedOrganisation
    organ: Organ
    start: time
    end: time | None
    paragrafer: tuple[ResolvedParagraf, ...]

    @property
    def path(self) -> Path:
        """Return the meeting file's path."""
        return self.located.path

    @property
    def agenda(self) -> bool:
        """Return whether the file is still an agenda (it has no `deltagare` yet)."""
        return self.fields.deltagare is None

    def person(self, name: str) -> Person | None:
        """Return the person called `name` in the organisation file, if there is one."""
        return next((p for p in self.organisation.organisation.personer if p.namn == name), None)


_CLOSING = ("deltagare", "justerare", "justering", "sekreterare")
"""What a meeting file needs besides its agenda before its protocol can be made."""


def load_sammantrade(
    path: Path, organisation: LoadedOrganisation, tree: ContentTree | None = None
) -> LoadedSammantrade:
    """Return the meeting at `path`, or raise every problem found in it and what it refers to.

    `tree` is the run's content tree, which reads each file once; without one, the
    organisation file's folder is read for this meeting alone. A file that is still an
    agenda (no `deltagare`) is refused in one line naming what it lacks.
    """
    tree = tree or ContentTree(organisation.path.parent)
    located = tree.read(path)
    if isinstance(located.data, dict) and "deltagare" not in located.data:
        validate(Foredragningslista, located)  # a misspelt key is said as such first
        missing = [key for key in _CLOSING if key not in located.data]
        raise located.error(
            f"sammanträdet är ännu en föredragningslista: {listed(missing)} saknas; "
            "skriv in dem efter sammanträdet, så kan protokollet göras",
            (),
        )
    fields = validate(Sammantrade, located)
    return _Resolver(fields, located, organisation, tree).resolve()


def load_foredragningslista(
    path: Path, organisation: LoadedOrganisation, tree: ContentTree | None = None
) -> LoadedForedragningslista:
    """Return the agenda of the meeting file at `path`, or raise every problem found.

    A file with `deltagare` is checked as the whole meeting it has become; one without
    is checked as an agenda: organ, time, § numbering, each item's ärende and title.
    """
    tree = tree or ContentTree(organisation.path.parent)
    located = tree.read(path)
    fields = validate(Foredragningslista, located)
    if fields.deltagare is None:
        return _Resolver(fields, located, organisation, tree, agenda=True).resolve_agenda()
    meeting = load_sammantrade(path, organisation, tree)
    return LoadedForedragningslista(
        meeting.fields,
        located,
        organisation,
        meeting.organ,
        meeting.start,
        meeting.end,
        meeting.paragrafer,
    )


def parse_times(text: str) -> list[tuple[time, time | None]] | None:
    """Return the time ranges in `text` ("16.00–16.10, 18.00–18.15"), or None if it is none.

    >>> parse_times("kl. 9.00–11.30")
    [(datetime.time(9, 0), datetime.time(11, 30))]
    >>> parse_times("9.00-8.00") is None
    True
    """
    ranges: list[tuple[time, time | None]] = []
    for part in text.split(","):
        match = _TIME.match(part.strip())
        if not match:
            return None
        hour, minute, end_hour, end_minute = match.groups()
        try:
            start = time(int(hour), int(minute))
            end = time(int(end_hour), int(end_minute)) if end_hour and end_minute else None
        except ValueError:
            return None
        if end is not None and end <= start:
            return None
        ranges.append((start, end))
    return ranges


def _words_and_times(text: str) -> tuple[str, str]:
    """Return the words before a break's time and the time: "för kaffe 10.00–10.20".

    >>> _words_and_times("för kaffe kl. 10.00–10.20")
    ('för kaffe', '10.00–10.20')
    """
    match = re.match(r"^(.*?)\s*(?:kl\.?\s*)?(\d{1,2}[.:]\d{2}.*)$", text)
    return (match.group(1), match.group(2)) if match else ("", text)


def parse_numbers(text: str) -> list[int] | None:
    """Return the paragraph numbers of "170, 172–184", or None when it is not such a list.

    >>> parse_numbers("170, 172–174")
    [170, 172, 173, 174]
    """
    numbers: list[int] = []
    for part in text.split(","):
        match = _NUMBERS.match(part)
        if not match:
            return None
        first = int(match.group(1))
        last = int(match.group(2) or first)
        if last < first:
            return None
        numbers.extend(range(first, last + 1))
    return numbers


class _Resolver:
    """Checks a validated meeting against the organisation, the law and the content tree."""

    def __init__(
        self,
        fields: Foredragningslista,
        located: Located,
        organisation: LoadedOrganisation,
        tree: ContentTree,
        agenda: bool = False,
    ):
        self.fields = fields
        self.agenda = agenda
        self.located = located
        self.organisation = organisation
        self.tree = tree
        self.problems: list[DocgenError] = []
        self.people = {p.namn for p in organisation.organisation.personer}
        self.unknown: set[str] = set()
        self.numbers: list[int] = []

    @property
    def closed(self) -> Sammantrade:
        """Return the meeting's fields, which a closed meeting has all of."""
        assert isinstance(self.fields, Sammantrade)
        return self.fields

    def fail(self, message: str, key: Key) -> None:
        """Record a problem at the line of `key`, keeping this file's problems in line order.

        A problem naming a person already reported as unknown (or the person they were
        probably meant to be) is left out: it follows from that one misspelling.
        """
        if not any(re.search(rf"(?<!\w){re.escape(name)}(?!\w)", message) for name in self.unknown):
            self._record(self.located.error(message, key))

    def _record(self, problem: ContentError) -> None:
        """Add `problem` after this file's problems on earlier or the same lines."""

        def order(found: DocgenError) -> float:
            if isinstance(found, ContentError) and found.path == self.located.path:
                return found.line or 0
            return math.inf

        bisect.insort(self.problems, problem, key=order)

    def resolve(self) -> LoadedSammantrade:
        """Return the resolved meeting, or raise every problem found."""
        fields = self.closed
        organ = self._organ()
        tider = self._times(fields.tid, ("tid",))
        self._kungord(organ)
        ajourneringar = [
            (words, *r)
            for i, text in enumerate(fields.ajournering)
            for words, times in [_words_and_times(text)]
            for r in self._times(times, ("ajournering", i))
        ]
        anslag = self._dates()
        first = self._first_number()
        self.numbers = [first + i for i in range(len(fields.paragrafer))]
        self._known(fields.sekreterare, ("sekreterare",))
        seats = self._deltagare()
        self._quorum(organ, seats)
        paragrafer = self._paragrafer(first, organ, seats)
        ProblemList.raise_if_any(self.problems)
        return LoadedSammantrade(
            fields,
            self.located,
            self.organisation,
            organ,
            tider[0][0],
            tider[-1][1],
            anslag,
            tuple(paragrafer),
            tuple(seats),
            tuple(tider),
            tuple(ajourneringar),
        )

    def _paragrafer(self, first: int, organ: Organ, seats: list[Seat]) -> list[ResolvedParagraf]:
        """Return the paragraphs that resolve, numbered from `first`; record the others' problems."""
        found = []
        for index, paragraf in enumerate(self.fields.paragrafer):
            resolved = self._paragraf(index, paragraf, first + index, organ, seats)
            if resolved is not None:
                found.append(resolved)
        return found

    def resolve_agenda(self) -> LoadedForedragningslista:
        """Return the meeting file resolved as an agenda, or raise every problem found."""
        fields = self.fields
        organ = self._organ()
        tider = self._times(fields.tid, ("tid",))
        self._kungord(organ)
        for i, justerare in enumerate(fields.justerare):
            self._known(justerare.namn, ("justerare", i))
        if fields.sekreterare is not None:
            self._known(fields.sekreterare, ("sekreterare",))
        first = self._first_number()
        self.numbers = [first + i for i in range(len(fields.paragrafer))]
        paragrafer = self._paragrafer(first, organ, [])
        ProblemList.raise_if_any(self.problems)
        return LoadedForedragningslista(
            fields,
            self.located,
            self.organisation,
            organ,
            tider[0][0],
            tider[-1][1],
            tuple(paragrafer),
        )

    def _organ(self) -> Organ:
        """Return the meeting's organ from the organisation file, or raise that it is not there."""
        organ = self.organisation.organ(self.fields.organ)
        if organ is None:
            known = ", ".join(o.kod for o in self.organisation.organisation.organ)
            raise self.located.error(
                f"organet ”{self.fields.organ}” finns inte i {self.organisation.path.name} "
                f"(där finns: {known})",
                ("organ",),
            )
        return organ

    def _kungord(self, organ: Organ) -> None:
        """Check the day kommunfullmäktige's kungörelse is posted (kommunallagen 5 kap. 12 §)."""
        posted = self.fields.kungord
        if posted is None:
            return
        if organ.namn != "Kommunfullmäktige":
            self.fail(
                "kungord: bara kommunfullmäktiges sammanträden kungörs; ta bort raden",
                ("kungord",),
            )
        elif not rules.kungord_i_tid(posted, self.fields.datum):
            latest = rules.kungorelse_senast(self.fields.datum)
            self.fail(
                f"kungord: kungörelsen ska sättas upp på anslagstavlan minst en vecka före "
                f"sammanträdet, alltså senast {latest.isoformat()} (kommunallagen 5 kap. 12 §)",
                ("kungord",),
            )

    def _agenda_only(self, paragraf: Paragraf, key: Key) -> None:
        """Record each part of `paragraf` that only the meeting itself can give."""
        after = {
            "jav": paragraf.jav,
            "yrkanden": paragraf.yrkanden,
            "propositionsordning": paragraf.propositionsordning,
            "beslutsgang": paragraf.beslutsgang,
            "omrostning": paragraf.omrostning,
            "omrostningar": paragraf.omrostningar,
            "reservationer": paragraf.reservationer,
            "protokollsanteckningar": paragraf.protokollsanteckningar,
            "ordforande": paragraf.ordforande,
        }
        for name, value in after.items():
            if value:
                self.fail(
                    f"{name} skrivs in efter sammanträdet, när filen också har deltagare",
                    key + (name,),
                )

    def _times(self, text: str, key: Key) -> list[tuple[time, time | None]]:
        """Return the time ranges written at `key`, recording a problem if they are none."""
        ranges = parse_times(text)
        if ranges:
            return ranges
        label = ".".join(str(part) for part in key if isinstance(part, str))
        self.fail(
            f"{label}: ”{text}” är ingen tid; "
            "skriv t.ex. 9.00–11.30 (flera pass: 16.00–16.10, 18.00–18.15)",
            key,
        )
        return [(time(0), None)]

    def _known(self, name: str, key: Key) -> bool:
        """Return whether `name` is a person in the organisation file, recording it if not.

        An unknown name is reported once, with the person it most resembles; what follows
        from it elsewhere in the file (a missing vote, a justerare not deciding) is not.
        """
        if name in self.people:
            return True
        close = difflib.get_close_matches(name, sorted(self.people), n=1, cutoff=0.75)
        if name not in self.unknown:
            self._record(
                self.located.error(
                    f"personen ”{name}” finns inte i {self.organisation.path.name}"
                    + (f"; menade du ”{close[0]}”?" if close else ""),
                    key,
                )
            )
        self.unknown.update([name, *close])
        return False

    def _numbers(self, text: str | None, key: Key) -> frozenset[int] | None:
        """Return the paragraphs written at `key` ("12–13"), checked against this meeting's."""
        if text is None:
            return None
        numbers = parse_numbers(text)
        span = format_paragraphs(self.numbers) if self.numbers else ""
        if numbers is None:
            self.fail(f"”{text}” är inga paragrafnummer; skriv t.ex. 12–13 eller 170, 172–184", key)
            return frozenset()
        outside = [n for n in numbers if n not in self.numbers]
        if outside:
            self.fail(f"§ {outside[0]} hör inte till sammanträdet ({span})", key)
        return frozenset(numbers)

    def _deltagare(self) -> list[Seat]:
        """Check the participants and return the seats of those who decide."""
        deltagare = self.closed.deltagare
        seats: list[Seat] = []
        roles: list[tuple[str, Ledamot | None, Key]] = [
            ("ordförande", deltagare.ordforande, ("deltagare", "ordforande")),
            (
                "1:e vice ordförande",
                deltagare.forste_vice_ordforande,
                ("deltagare", "forste_vice_ordforande"),
            ),
            (
                "2:e vice ordförande",
                deltagare.andre_vice_ordforande,
                ("deltagare", "andre_vice_ordforande"),
            ),
        ]
        # The chair and vice chairs may also stand in the list of members, where the
        # protocol lists them in its own order: they keep that place.
        titled = {member.namn: roll for roll, member, _ in roles if member is not None}
        in_list = {member.namn for member in deltagare.ledamoter}
        roles = [role for role in roles if role[1] is None or role[1].namn not in in_list]
        roles += [
            (titled.get(member.namn, "ledamot"), member, ("deltagare", "ledamoter", i))
            for i, member in enumerate(deltagare.ledamoter)
        ]
        for roll, member, key in roles:
            if member is None:
                continue
            seats.append(
                Seat(
                    member.namn,
                    roll,
                    self._numbers(member.paragrafer, key + ("paragrafer",)),
                    self._numbers(member.ej, key + ("ej",)) or frozenset(),
                    None,
                    None,
                    key,
                )
            )
        members = {seat.namn: seat for seat in seats}
        for i, ersattare in enumerate(deltagare.tjanstgorande_ersattare):
            key = ("deltagare", "tjanstgorande_ersattare", i)
            seat = Seat(
                ersattare.namn,
                "ersättare",
                self._numbers(ersattare.paragrafer, key + ("paragrafer",)),
                self._numbers(ersattare.ej, key + ("ej",)) or frozenset(),
                ersattare.ersatter,
                ersattare.parti,
                key,
            )
            self._replaces(seat, members, seats)
            seats.append(seat)
        seen: set[str] = set()
        for index, seat in enumerate(seats):
            named = seat.key + (("namn",) if seat.roll == "ersättare" else ())
            # An ersättare may serve for one member, later for another: never at once.
            earlier = [other for other in seats[:index] if other.namn == seat.namn]
            if self._known(seat.namn, named) and any(
                other.roll != "ersättare"
                or seat.roll != "ersättare"
                or any(other.serves(n) and seat.serves(n) for n in self.numbers)
                for other in earlier
            ):
                self.fail(f"”{seat.namn}” står med två gånger bland deltagarna", seat.key)
            seen.add(seat.namn)
            self._no_switching(seat)
        for listing in ("ej_tjanstgorande_ersattare", "ovriga_narvarande"):
            for i, present in enumerate(getattr(deltagare, listing)):
                where: Key = ("deltagare", listing, i)
                self._numbers(present.paragrafer, where + ("paragrafer",))
                if listing == "ej_tjanstgorande_ersattare" and self._known(present.namn, where):
                    if present.namn in seen:
                        self.fail(f"”{present.namn}” står med två gånger bland deltagarna", where)
                    seen.add(present.namn)
        self._justerare(seats)
        return seats

    def _justerare(self, seats: list[Seat]) -> None:
        """Check the justerare: deciding members, not presiding the §§ they justera, one or two
        for each paragraph (kommunallagen 5 kap. 69 §)."""
        chair = self.closed.deltagare.ordforande.namn
        names = {seat.namn for seat in seats}
        covering: dict[int, int] = dict.fromkeys(self.numbers, 0)
        for i, justerare in enumerate(self.closed.justerare):
            key: Key = ("justerare", i)
            numbers = self._numbers(justerare.paragrafer, key)
            own = numbers if numbers is not None else frozenset(self.numbers)
            for nummer in own & covering.keys():
                covering[nummer] += 1
            name = justerare.namn
            if not self._known(name, key):
                continue
            presides = [
                n
                for n, p in zip(self.numbers, self.fields.paragrafer, strict=True)
                if n in own and (p.ordforande or chair) == name
            ]
            if name not in names or presides:
                self.fail(
                    f"justeraren ”{name}” måste vara en beslutande ledamot (inte ordföranden)", key
                )
            elif name in [j.namn for j in self.closed.justerare[:i]]:
                self.fail(f"”{name}” står redan som justerare", key)
        uncovered = [n for n, count in covering.items() if count == 0]
        if uncovered and self.closed.justerare:
            self.fail(f"ingen justerare för {format_paragraphs(uncovered)}", ("justerare",))

    def _replaces(self, seat: Seat, members: dict[str, Seat], seats: list[Seat]) -> None:
        """Check whom an ersättare serves for: a member not serving then, a party seat, a vacancy."""
        key = seat.key + ("ersatter",)
        if seat.ersatter is None:
            return
        if seat.ersatter == seat.namn:
            self.fail(f"”{seat.namn}” kan inte ersätta sig själv", key)
            return
        if not self._known(seat.ersatter, key):
            return
        member = members.get(seat.ersatter)
        if member is not None:
            jav = {
                self.numbers[i]
                for i, p in enumerate(self.fields.paragrafer)
                if member.namn in p.jav
            }
            both = [n for n in self.numbers if member.serves(n) and seat.serves(n) and n not in jav]
            if both:
                self.fail(
                    f"”{seat.ersatter}” är själv med som ledamot i "
                    f"{format_paragraphs(both)}; där kan ingen ersätta ledamoten",
                    key,
                )
                return
        for other in seats:
            if (
                other.roll == "ersättare"
                and other.ersatter == seat.ersatter
                and any(other.serves(n) and seat.serves(n) for n in self.numbers)
            ):
                self.fail(f"”{seat.ersatter}” ersätts redan av en annan ersättare", key)
                return

    def _no_switching(self, seat: Seat) -> None:
        """Check that a member who stopped serving did not come back (växeltjänstgöring).

        An ersättare may be called in again for another member or after a jäv.
        """
        if seat.paragrafer is None or seat.roll == "ersättare":
            return
        jav = [self.numbers[i] for i, p in enumerate(self.fields.paragrafer) if seat.namn in p.jav]
        comebacks = rules.switching_gaps(seat.paragrafer, self.numbers, jav)
        if comebacks:
            self.fail(
                f"”{seat.namn}” slutade tjänstgöra och kan inte tjänstgöra igen från "
                f"§ {comebacks[0]} (växeltjänstgöring; bara efter jäv får man återinträda)",
                seat.key + ("paragrafer",),
            )

    def _quorum(self, organ: Organ, seats: list[Seat]) -> None:
        """Check that more than half the organ's members served in each paragraph."""
        if organ.ledamoter is None:
            return
        for index, nummer in enumerate(self.numbers):
            serving = sum(1 for seat in seats if seat.serves(nummer))
            if not rules.is_quorate(serving, organ.ledamoter):
                self.fail(
                    f"§ {nummer}: bara {serving} av {organ.ledamoter} ledamöter tjänstgör; "
                    "organet är beslutfört först när fler än hälften är med "
                    "(kommunallagen 6 kap. 27 §)",
                    ("paragrafer", index),
                )

    def _dates(self) -> date:
        """Check the justering and anslag dates; return the day the anslag is posted."""
        fields = self.closed
        justerad = fields.justering.datum
        deadline = rules.justering_deadline(fields.datum)
        if not fields.datum <= justerad <= deadline:
            self.fail(
                f"justering.datum: protokollet ska justeras inom {JUSTERING_DAYS} dagar efter "
                f"sammanträdet, alltså {fields.datum.isoformat()}–{deadline.isoformat()}",
                ("justering", "datum"),
            )
        if fields.justering.tid is not None:
            self._times(fields.justering.tid, ("justering", "tid"))
        posted = fields.anslag.datum if fields.anslag else justerad
        latest = calendar.latest_posting_day(justerad)
        if fields.anslag and not justerad <= posted <= latest:
            self.fail(
                f"anslag.datum: anslaget ska sättas upp tidigast på justeringsdagen och senast "
                f"andra dagen efter den, alltså {justerad.isoformat()}–{latest.isoformat()} "
                "(kommunallagen 8 kap. 12 §)",
                ("anslag", "datum"),
            )
        return posted

    def _first_number(self) -> int:
        """Return the first § of this meeting, following the organ's earlier meetings that year.

        § numbers run per organ and calendar year, so the first § follows the last § of
        the organ's previous meeting that year in the content tree. Where the tree has no
        earlier meeting, it may start mid-year, and only the registrar knows the number:
        `forsta_paragraf` is then required, except in January, when a meeting with none
        before it is the year's first and starts at § 1. Two files for one organ's meeting
        on one day (most often a copy, "… - kopia.yaml") are refused, naming both, since
        numbering by either would depend on a file name.
        """
        fields = self.fields
        own = self.located.path.resolve()
        unreadable = [(p, problem) for p, problem in self.tree.unreadable if p.resolve() != own]
        for path, problem in unreadable:
            self.fail(
                f"paragraferna kan inte numreras medan {path.name} inte går att läsa "
                f"(den kan vara ett tidigare sammanträde): {problem.lines()[0]}",
                ("paragrafer",),
            )
        if unreadable:
            return fields.forsta_paragraf or 1
        meetings = self.tree.meetings(fields.organ, fields.datum.year)
        same_day = [e for e in meetings if e.date() == fields.datum]
        if len(same_day) > 1:
            self.fail(self._twins(same_day), ("datum",))
        expected, previous = 1, None
        for entry in meetings:
            day = entry.date()
            if day is None or day >= fields.datum:
                break
            twins = [e for e in meetings if e.date() == day]
            if len(twins) > 1:
                self.fail(f"paragraferna kan inte numreras: {self._twins(twins)}", ("paragrafer",))
                return expected
            paragrafer, start = entry.data.get("paragrafer"), str(entry.data.get("forsta_paragraf"))
            if not isinstance(paragrafer, list) or not (start.isdigit() or start == "None"):
                self.fail(
                    f"paragraferna kan inte numreras: {entry.path.name} har fel i "
                    "paragrafer eller forsta_paragraf; rätta den först",
                    ("paragrafer",),
                )
                return expected
            expected = (int(start) if start.isdigit() else expected) + len(paragrafer)
            previous = entry
        if fields.forsta_paragraf is None:
            if previous is None and fields.datum.month != 1:
                self.fail(
                    f"forsta_paragraf saknas: innehållsmappen har inget tidigare sammanträde för "
                    f"{fields.organ} {fields.datum.year}, så docgen vet inte vilken § "
                    "sammanträdet börjar på; skriv forsta_paragraf: 1 om det är årets första "
                    "sammanträde, annars numret efter förra sammanträdets sista §",
                    ("datum",),
                )
            return expected
        if previous is not None and fields.forsta_paragraf != expected:
            self.fail(
                f"forsta_paragraf: sammanträdet ska börja på § {expected}, eftersom "
                f"{previous.path.name} slutade på § {expected - 1}; paragraferna numreras i "
                "följd per organ och år",
                ("forsta_paragraf",),
            )
        return fields.forsta_paragraf

    def _twins(self, entries: list[Entry]) -> str:
        """Return the problem of several files holding one organ's meeting on one day."""
        first = entries[0]
        return (
            f"{listed([self.tree.relative(e.path) for e in entries])} gäller samma "
            f"sammanträde ({first.data.get('organ')} den {first.date()}); ta bort den ena "
            "filen eller flytta den ut ur innehållsmappen"
        )

    def _paragraf(
        self, index: int, paragraf: Paragraf, nummer: int, organ: Organ, seats: list[Seat]
    ) -> ResolvedParagraf | None:
        """Check one paragraph and resolve it against its tjänsteskrivelse."""
        key: Key = ("paragrafer", index)
        dnr: Diarienummer | None = None
        skrivelse = None
        if paragraf.arende is not None:
            try:
                dnr = Diarienummer.parse(paragraf.arende, self.organisation.pattern(organ))
            except ValueError as exc:
                self.fail(str(exc), key + ("arende",))
                return None
            skrivelse = self._tjansteskrivelse(str(dnr), key)
        more = []
        for i, text in enumerate(paragraf.fler_diarienummer):
            try:
                more.append(Diarienummer.parse(text, self.organisation.pattern(organ)))
            except ValueError as exc:
                self.fail(str(exc), key + ("fler_diarienummer", i))
        if more and dnr is None:
            self.fail(
                "fler_diarienummer: skriv först ärendets eget diarienummer (arende)",
                key + ("fler_diarienummer",),
            )
        if self.agenda:
            self._agenda_only(paragraf, key)
            return self._resolved(paragraf, key, nummer, dnr, tuple(more), skrivelse, [], "", ())
        # A member with jäv holds the seat through the item (an ersättare may step in);
        # one who left the meeting before it cannot report jäv in it.
        serving = [
            seat.namn
            for seat in seats
            if seat.serves(nummer)
            or (
                seat.paragrafer is not None
                and min(seat.paragrafer, default=nummer)
                < nummer
                < max(seat.paragrafer, default=nummer)
            )
        ]
        for i, name in enumerate(paragraf.jav):
            if self._known(name, key + ("jav", i)) and name not in serving:
                self.fail(
                    f"”{name}” är inte beslutande i § {nummer} och kan inte anmäla jäv",
                    key + ("jav", i),
                )
        sitting_out = [seat.namn for seat in seats if nummer in seat.ej]
        deltar = rules.deciding(_served(seats), nummer, [*paragraf.jav, *sitting_out])
        ordforande = self._presiding(paragraf, key, nummer, deltar)
        self._people_in(paragraf, key, deltar, nummer)
        for i, earlier in enumerate(paragraf.tidigare_behandling):
            if self.organisation.organ(earlier.organ) is None:
                self.fail(
                    f"organet ”{earlier.organ}” finns inte i {self.organisation.path.name}",
                    key + ("tidigare_behandling", i, "organ"),
                )
        if paragraf.omrostning and paragraf.omrostningar:
            self.fail(
                "skriv en omröstning under omrostning eller flera under omrostningar, inte båda",
                key + ("omrostningar",),
            )
        votes = tuple(
            self._omrostning(
                vote,
                key + ((name,) if i is None else (name, i)),
                paragraf,
                deltar,
                ordforande,
                nummer,
            )
            for name, i, vote in paragraf.votes()
        )
        return self._resolved(
            paragraf, key, nummer, dnr, tuple(more), skrivelse, deltar, ordforande, votes
        )

    def _resolved(
        self,
        paragraf: Paragraf,
        key: Key,
        nummer: int,
        dnr: Diarienummer | None,
        more: tuple[Diarienummer, ...],
        skrivelse: LoadedTjansteskrivelse | None,
        deltar: list[str],
        ordforande: str,
        votes: tuple[Vote, ...],
    ) -> ResolvedParagraf:
        """Return one paragraph with its title, decision, text and handlingar found."""
        rubrik = paragraf.rubrik or (skrivelse.fields.rubrik if skrivelse else None)
        if rubrik is None:
            unread = [self.tree.relative(path) for path in self.tree.unreadable_texts]
            self.fail(
                "rubrik saknas"
                + (
                    ", och det finns ingen tjänsteskrivelse med detta "
                    "diarienummer att hämta den från"
                    + (f" ({listed(unread)} har fel och kan vara den)" if unread else "")
                    if dnr
                    else " (en paragraf utan ärende behöver en rubrik)"
                ),
                key + (("arende",) if dnr else ()),
            )
        beslut = self._beslut(paragraf, key, skrivelse)
        return ResolvedParagraf(
            nummer=nummer,
            fields=paragraf,
            diarienummer=dnr,
            fler_diarienummer=more,
            tjansteskrivelse=skrivelse,
            rubrik=rubrik or "",
            underrubrik=paragraf.underrubrik
            or (skrivelse.fields.underrubrik if skrivelse else None),
            beslut=beslut,
            arendet=self._arendet(paragraf, key, skrivelse),
            handlingar=tuple(
                paragraf.handlingar if paragraf.handlingar is not None else _handlingar(skrivelse)
            ),
            votes=votes,
            beslutande=tuple(deltar),
            ordforande=ordforande,
            bilagor=self._bilagor(paragraf, key),
        )

    def _bilagor(self, paragraf: Paragraf, key: Key) -> tuple[Path, ...]:
        """Return the item's bilagor as files, recording each that is missing or no PDF."""
        found = []
        for i, name in enumerate(paragraf.bilagor):
            path = self.located.path.parent / name
            try:
                with path.open("rb") as handle:
                    start = handle.read(1024)
            except OSError:
                self.fail(
                    f"bilagan ”{name}” finns inte (sökt i {path.parent}); skriv filens namn "
                    "räknat från sammanträdesfilens mapp",
                    key + ("bilagor", i),
                )
                continue
            if b"%PDF-" not in start:
                self.fail(
                    f"bilagan ”{name}” är ingen PDF; spara den som PDF och skriv den filen",
                    key + ("bilagor", i),
                )
                continue
            found.append(path)
        return tuple(found)

    def _tjansteskrivelse(self, dnr: str, key: Key) -> LoadedTjansteskrivelse | None:
        """Return the latest tjänsteskrivelse of `dnr` up to the meeting, if there is one.

        Two of that date cannot be told apart (one is most often a copy), so both are named.
        """
        found = self.tree.tjansteskrivelser(dnr, self.fields.datum)
        if not found:
            return None
        same_day = [e for e in found if e.date() == found[-1].date()]
        if len(same_day) > 1:
            self.fail(
                f"tjänsteskrivelserna {listed([self.tree.relative(e.path) for e in same_day])} "
                f"har samma diarienummer ({dnr}) och datum ({found[-1].date()}), så docgen vet "
                "inte vilken som gäller; ta bort den ena filen eller flytta den ut ur "
                "innehållsmappen",
                key + ("arende",),
            )
        try:
            return self.tree.tjansteskrivelse(found[-1].path, self.organisation)
        except DocgenError as exc:
            self.problems.append(exc)
            self.fail(f"tjänsteskrivelsen för {dnr} ({found[-1].path.name}) har fel", key)
            return None

    def _presiding(self, paragraf: Paragraf, key: Key, nummer: int, deltar: list[str]) -> str:
        """Return who presides paragraph `nummer`: the meeting's chair unless another is named."""
        chair = self.closed.deltagare.ordforande.namn
        if paragraf.ordforande is not None:
            if (
                self._known(paragraf.ordforande, key + ("ordforande",))
                and paragraf.ordforande not in deltar
            ):
                self.fail(
                    f"”{paragraf.ordforande}” är inte beslutande i § {nummer} och kan inte "
                    "vara ordförande där",
                    key + ("ordforande",),
                )
            return paragraf.ordforande
        if chair not in deltar and (paragraf.votes() or paragraf.yrkanden):
            self.fail(
                f"ordföranden ”{chair}” deltar inte i § {nummer}; skriv vem som var "
                "ordförande i paragrafen (ordforande:)",
                key,
            )
        return chair

    def _people_in(self, paragraf: Paragraf, key: Key, deltar: list[str], nummer: int) -> None:
        """Check who proposed, reserved and entered notes in a paragraph."""
        deltagare = self.closed.deltagare
        present = {
            *deltar,
            *(p.namn for p in deltagare.ej_tjanstgorande_ersattare),
            *(p.namn for p in deltagare.ovriga_narvarande),
            *(s.namn for s in [deltagare.ordforande, *deltagare.ledamoter]),
            *(e.namn for e in deltagare.tjanstgorande_ersattare),
        }
        for i, yrkande in enumerate(paragraf.yrkanden):
            where = key + ("yrkanden", i, "namn")
            if self._known(yrkande.namn, where) and yrkande.namn not in deltar:
                self.fail(
                    f"”{yrkande.namn}” deltar inte i beslutet i § {nummer} och kan inte yrka", where
                )
        rosters = [vote.roster for _, _, vote in paragraf.votes()]
        for i, reservation in enumerate(paragraf.reservationer):
            several = not isinstance(reservation.namn, str)
            for j, name in enumerate(reservation.names()):
                where = key + ("reservationer", i, "namn") + ((j,) if several else ())
                if self._known(name, where) and not rules.may_reserve(name, deltar, rosters):
                    self.fail(
                        f"”{name}” deltog inte i beslutet i § {nummer} och kan "
                        "inte reservera sig (kommunallagen 4 kap. 27 §)",
                        where,
                    )
        for i, note in enumerate(paragraf.protokollsanteckningar):
            where = key + ("protokollsanteckningar", i, "namn")
            if self._known(note.namn, where) and note.namn not in present:
                self.fail(f"”{note.namn}” var inte närvarande vid sammanträdet", where)

    def _omrostning(
        self,
        vote: Omrostning,
        where: Key,
        paragraf: Paragraf,
        deltar: list[str],
        ordforande: str,
        nummer: int,
    ) -> Vote:
        """Check one vote of paragraph `nummer` and return it with its tally."""
        if vote.sluten is not None:
            return self._closed(vote, where, deltar, nummer)
        for name, choice in vote.roster.items():
            if not self._known(name, where + ("roster", name)):
                continue
            if name in paragraf.jav:
                self.fail(f"”{name}” har anmält jäv och får inte rösta", where + ("roster", name))
            elif choice == "frånvarande":
                if name in deltar:
                    self.fail(
                        f"”{name}” är beslutande i § {nummer} och kan inte stå som frånvarande",
                        where + ("roster", name),
                    )
            elif name not in deltar:
                self.fail(
                    f"”{name}” är inte beslutande i § {nummer} och får inte rösta",
                    where + ("roster", name),
                )
        missing = [name for name in deltar if name not in vote.roster]
        if missing:
            self.fail("omröstning: röst saknas för " + ", ".join(missing), where + ("roster",))
        counted = rules.tally(vote.roster)
        result = rules.outcome(counted, vote.roster.get(ordforande))
        if result != vote.utfall:
            self.fail(
                f"omröstning: {counted.ja} ja och {counted.nej} nej ({counted.avstar} avstår) ger "
                + (
                    f"utfallet {result}"
                    if result != "lika"
                    else "lika röstetal utan ordförandens utslagsröst"
                )
                + f", inte {vote.utfall}",
                where + ("utfall",),
            )
        return Vote(vote, counted)

    def _closed(self, vote: Omrostning, where: Key, deltar: list[str], nummer: int) -> Vote:
        """Check a closed vote: no names, no more ballots than deciding members."""
        assert vote.sluten is not None
        counted = Tally(vote.sluten.ja, vote.sluten.nej, vote.sluten.blanka)
        if vote.roster:
            self.fail(
                "en sluten omröstning har inga namn; skriv antingen roster eller sluten",
                where + ("roster",),
            )
        ballots = counted.ja + counted.nej + counted.avstar
        if ballots > len(deltar):
            self.fail(
                f"omröstning: {ballots} röstsedlar men bara {len(deltar)} beslutande i § {nummer}",
                where + ("sluten",),
            )
        result = rules.closed_outcome(counted)
        if result not in ("lika", vote.utfall):
            self.fail(
                f"omröstning: {counted.ja} ja och {counted.nej} nej ger utfallet {result}, "
                f"inte {vote.utfall}",
                where + ("utfall",),
            )
        return Vote(vote, counted)

    def _beslut(
        self, paragraf: Paragraf, key: Key, skrivelse: LoadedTjansteskrivelse | None
    ) -> tuple[markdown.Inline, ...]:
        """Return the decision's points: as written, or the tjänsteskrivelse's proposal.

        A paragraph without an ärende (Val av justerare, Meddelanden, …) may have none.
        """
        if paragraf.beslut is None:
            if skrivelse is None:
                if paragraf.arende is not None and not self.agenda:
                    self.fail("beslut saknas (och ingen tjänsteskrivelse har ett förslag)", key)
                return ()
            return skrivelse.proposals
        points = [paragraf.beslut] if isinstance(paragraf.beslut, str) else paragraf.beslut
        return tuple((markdown.Span(point),) for point in points)

    def _arendet(
        self, paragraf: Paragraf, key: Key, skrivelse: LoadedTjansteskrivelse | None
    ) -> tuple[markdown.Block, ...]:
        """Return the ärende text: as written (Markdown), or the tjänsteskrivelse's summary."""
        if paragraf.arendet is not None:
            where = key + ("arendet",)
            line = (self.located.line(where) or 1) + (where in self.located.block_scalars)
            try:
                return markdown.parse(paragraf.arendet, self.located.path, line)
            except DocgenError as exc:
                self.problems.append(exc)
                return ()
        return markdown.section(skrivelse.body, "Sammanfattning") if skrivelse else ()


def _served(seats: list[Seat]) -> dict[str, frozenset[int] | None]:
    """Return the paragraphs each person served, over all their seats (None: all)."""
    served: dict[str, frozenset[int] | None] = {}
    for seat in seats:
        before = served.get(seat.namn, frozenset())
        served[seat.namn] = (
            None if before is None or seat.paragrafer is None else before | seat.paragrafer
        )
    return served


def _handlingar(skrivelse: LoadedTjansteskrivelse | None) -> list[str]:
    """Return the documents of an ärende: its tjänsteskrivelse, named as protocols name it."""
    if skrivelse is None:
        return []
    day = format_date(skrivelse.fields.datum)
    sender = skrivelse.fields.avsandare
    if sender is None:
        return [f"Tjänsteskrivelse den {day}"]
    genitive = sender if sender.endswith(("s", "x", "z")) else f"{sender}s"
    return [f"{genitive} tjänsteskrivelse den {day}"]
