"""A meeting file (sammanträde), checked against the law and resolved against the tree.

The rules (DOMAIN.md): justering within 14 days; anslag no later than the second day
after justering; § numbers running per organ and year across meetings; votes by those
who took part in the item (members with jäv do not), adding up and matching the
stated result; reservations only by those who took part in the decision.
"""

from __future__ import annotations

import bisect
import difflib
import math
import re
from collections import Counter
from dataclasses import dataclass
from datetime import date, time, timedelta
from pathlib import Path

from docgen import calendar, markdown
from docgen.content.organisation import LoadedOrganisation
from docgen.content.tjansteskrivelse import LoadedTjansteskrivelse
from docgen.content.tree import ContentTree, Entry
from docgen.content.validate import validate
from docgen.content.yamlfile import Key, Located
from docgen.diarienummer import Diarienummer
from docgen.errors import ContentError, DocgenError, ProblemList
from docgen.model import Organ, Paragraf, Person, Sammantrade
from docgen.swedish import format_date

JUSTERING_DAYS = 14
_TIME = re.compile(r"^(?:kl\.?\s*)?(\d{1,2})[.:](\d{2})(?:\s*[-–]\s*(\d{1,2})[.:](\d{2}))?$")


@dataclass(frozen=True)
class Tally:
    """The counted votes of an omröstning."""

    ja: int
    nej: int
    avstar: int


@dataclass(frozen=True)
class ResolvedParagraf:
    """One § of a meeting with everything its documents need, checked."""

    nummer: int
    fields: Paragraf
    diarienummer: Diarienummer
    tjansteskrivelse: LoadedTjansteskrivelse | None
    rubrik: str
    underrubrik: str | None
    beslut: tuple[markdown.Inline, ...]
    arendet: tuple[markdown.Block, ...]
    handlingar: tuple[str, ...]
    tally: Tally | None


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

    @property
    def path(self) -> Path:
        """Return the meeting file's path."""
        return self.located.path

    def person(self, name: str) -> Person:
        """Return the person called `name` in the organisation file."""
        return next(p for p in self.organisation.organisation.personer if p.namn == name)


def load_sammantrade(path: Path, organisation: LoadedOrganisation,
                     tree: ContentTree | None = None) -> LoadedSammantrade:
    """Return the meeting at `path`, or raise every problem found in it and what it refers to.

    `tree` is the run's content tree, which reads each file once; without one, the
    organisation file's folder is read for this meeting alone.
    """
    tree = tree or ContentTree(organisation.path.parent)
    located = tree.read(path)
    fields = validate(Sammantrade, located)
    return _Resolver(fields, located, organisation, tree).resolve()


class _Resolver:
    """Checks a validated meeting against the organisation, the law and the content tree."""

    def __init__(self, fields: Sammantrade, located: Located, organisation: LoadedOrganisation,
                 tree: ContentTree):
        self.fields = fields
        self.located = located
        self.organisation = organisation
        self.tree = tree
        self.problems: list[DocgenError] = []
        self.people = {p.namn for p in organisation.organisation.personer}
        self.unknown: set[str] = set()

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
        fields = self.fields
        organ = self.organisation.organ(fields.organ)
        if organ is None:
            known = ", ".join(o.kod for o in self.organisation.organisation.organ)
            raise self.located.error(
                f"organet ”{fields.organ}” finns inte i {self.organisation.path.name} "
                f"(där finns: {known})", ("organ",))
        start, end = self._time()
        beslutande = self._deltagare()
        anslag = self._dates()
        first = self._first_number()
        paragrafer = []
        for index, paragraf in enumerate(fields.paragrafer):
            resolved = self._paragraf(index, paragraf, first + index, organ, beslutande)
            if resolved is not None:
                paragrafer.append(resolved)
        ProblemList.raise_if_any(self.problems)
        assert start is not None
        return LoadedSammantrade(fields, self.located, self.organisation, organ, start, end,
                                 anslag, tuple(paragrafer))

    def _time(self) -> tuple[time | None, time | None]:
        """Return the meeting's start and end time from `tid` (e.g. 9.00–11.30)."""
        match = _TIME.match(self.fields.tid)
        try:
            if match:
                hour, minute, end_hour, end_minute = match.groups()
                start = time(int(hour), int(minute))
                end = time(int(end_hour), int(end_minute)) if end_hour and end_minute else None
                if end is None or end > start:
                    return start, end
        except ValueError:
            pass
        self.fail(f"tid: ”{self.fields.tid}” är ingen tid; skriv t.ex. 9.00–11.30", ("tid",))
        return None, None

    def _known(self, name: str, key: Key) -> bool:
        """Return whether `name` is a person in the organisation file, recording it if not.

        An unknown name is reported once, with the person it most resembles; what follows
        from it elsewhere in the file (a missing vote, a justerare not deciding) is not.
        """
        if name in self.people:
            return True
        close = difflib.get_close_matches(name, sorted(self.people), n=1, cutoff=0.75)
        if name not in self.unknown:
            self._record(self.located.error(
                f"personen ”{name}” finns inte i {self.organisation.path.name}"
                + (f"; menade du ”{close[0]}”?" if close else ""), key))
        self.unknown.update([name, *close])
        return False

    def _deltagare(self) -> list[str]:
        """Check the participants and return those who take part in decisions."""
        deltagare = self.fields.deltagare
        roles: list[tuple[str, Key]] = [(deltagare.ordforande, ("deltagare", "ordforande"))]
        roles += [(n, ("deltagare", "ledamoter", i)) for i, n in enumerate(deltagare.ledamoter)]
        replaced: set[str] = set()
        for i, ersattare in enumerate(deltagare.tjanstgorande_ersattare):
            key: Key = ("deltagare", "tjanstgorande_ersattare", i)
            roles.append((ersattare.namn, key + ("namn",)))
            self._known(ersattare.ersatter, key + ("ersatter",))
            if ersattare.ersatter in deltagare.ledamoter or ersattare.ersatter == deltagare.ordforande:
                self.fail(f"”{ersattare.ersatter}” är själv med som ledamot och kan inte ersättas",
                          key + ("ersatter",))
            elif ersattare.ersatter == ersattare.namn:
                self.fail(f"”{ersattare.namn}” kan inte ersätta sig själv", key + ("ersatter",))
            elif ersattare.ersatter in replaced:
                self.fail(f"”{ersattare.ersatter}” ersätts redan av en annan ersättare",
                          key + ("ersatter",))
            replaced.add(ersattare.ersatter)
        roles += [(n, ("deltagare", "ej_tjanstgorande_ersattare", i))
                  for i, n in enumerate(deltagare.ej_tjanstgorande_ersattare)]
        seen: set[str] = set()
        for name, key in roles:
            if self._known(name, key) and name in seen:
                self.fail(f"”{name}” står med två gånger bland deltagarna", key)
            seen.add(name)
        beslutande = [deltagare.ordforande, *deltagare.ledamoter,
                      *(e.namn for e in deltagare.tjanstgorande_ersattare)]
        for i, name in enumerate(self.fields.justerare):
            if not self._known(name, ("justerare", i)):
                continue
            if name not in beslutande or name == deltagare.ordforande:
                self.fail(f"justeraren ”{name}” måste vara en beslutande ledamot (inte ordföranden)",
                          ("justerare", i))
            elif name in self.fields.justerare[:i]:
                self.fail(f"”{name}” står redan som justerare", ("justerare", i))
        return beslutande

    def _dates(self) -> date:
        """Check the justering and anslag dates; return the day the anslag is posted."""
        fields = self.fields
        justerad = fields.justering.datum
        if not fields.datum <= justerad <= fields.datum + timedelta(days=JUSTERING_DAYS):
            self.fail(
                f"justering.datum: protokollet ska justeras inom {JUSTERING_DAYS} dagar efter "
                f"sammanträdet, alltså {fields.datum.isoformat()}–"
                f"{(fields.datum + timedelta(days=JUSTERING_DAYS)).isoformat()}",
                ("justering", "datum"),
            )
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
            self.fail(f"paragraferna kan inte numreras medan {path.name} inte går att läsa "
                      f"(den kan vara ett tidigare sammanträde): {problem.lines()[0]}",
                      ("paragrafer",))
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
                self.fail(f"paragraferna kan inte numreras: {entry.path.name} har fel i "
                          "paragrafer eller forsta_paragraf; rätta den först", ("paragrafer",))
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
        return (f"{_listed([self.tree.relative(e.path) for e in entries])} gäller samma "
                f"sammanträde ({first.data.get('organ')} den {first.date()}); ta bort den ena "
                "filen eller flytta den ut ur innehållsmappen")

    def _paragraf(self, index: int, paragraf: Paragraf, nummer: int, organ: Organ,
                  beslutande: list[str]) -> ResolvedParagraf | None:
        """Check one paragraph and resolve it against its tjänsteskrivelse."""
        key: Key = ("paragrafer", index)
        try:
            dnr = Diarienummer.parse(paragraf.arende, self.organisation.pattern(organ))
        except ValueError as exc:
            self.fail(str(exc), key + ("arende",))
            return None
        skrivelse = self._tjansteskrivelse(str(dnr), key)
        deltar = [name for name in beslutande if name not in paragraf.jav]
        for i, name in enumerate(paragraf.jav):
            if self._known(name, key + ("jav", i)) and name not in beslutande:
                self.fail(f"”{name}” är inte beslutande vid sammanträdet och kan inte anmäla jäv",
                          key + ("jav", i))
        self._people_in(paragraf, key, deltar)
        for i, earlier in enumerate(paragraf.tidigare_behandling):
            if self.organisation.organ(earlier.organ) is None:
                self.fail(f"organet ”{earlier.organ}” finns inte i {self.organisation.path.name}",
                          key + ("tidigare_behandling", i, "organ"))
        tally = self._omrostning(paragraf, key, deltar)
        rubrik = paragraf.rubrik or (skrivelse.fields.rubrik if skrivelse else None)
        if rubrik is None:
            self.fail("rubrik saknas, och det finns ingen tjänsteskrivelse med detta "
                      "diarienummer att hämta den från", key + ("arende",))
        beslut = self._beslut(paragraf, key, skrivelse)
        return ResolvedParagraf(
            nummer=nummer,
            fields=paragraf,
            diarienummer=dnr,
            tjansteskrivelse=skrivelse,
            rubrik=rubrik or "",
            underrubrik=paragraf.underrubrik or (skrivelse.fields.underrubrik if skrivelse else None),
            beslut=beslut,
            arendet=self._arendet(paragraf, key, skrivelse),
            handlingar=tuple(paragraf.handlingar if paragraf.handlingar is not None
                             else _handlingar(skrivelse)),
            tally=tally,
        )

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
                f"tjänsteskrivelserna {_listed([self.tree.relative(e.path) for e in same_day])} "
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

    def _people_in(self, paragraf: Paragraf, key: Key, deltar: list[str]) -> None:
        """Check who proposed, reserved and entered notes in a paragraph."""
        present = {*deltar, *self.fields.deltagare.ej_tjanstgorande_ersattare,
                   *self.fields.deltagare.ovriga_narvarande}
        for i, yrkande in enumerate(paragraf.yrkanden):
            where = key + ("yrkanden", i, "namn")
            if self._known(yrkande.namn, where) and yrkande.namn not in deltar:
                self.fail(f"”{yrkande.namn}” deltar inte i beslutet och kan inte yrka", where)
        abstained = {name for name, vote in (paragraf.omrostning.roster.items()
                                             if paragraf.omrostning else []) if vote == "avstår"}
        for i, reservation in enumerate(paragraf.reservationer):
            where = key + ("reservationer", i, "namn")
            if not self._known(reservation.namn, where):
                continue
            if reservation.namn not in deltar or reservation.namn in abstained:
                self.fail(f"”{reservation.namn}” deltog inte i beslutet och kan inte reservera sig"
                          " (kommunallagen 4 kap. 27 §)", where)
        for i, note in enumerate(paragraf.protokollsanteckningar):
            where = key + ("protokollsanteckningar", i, "namn")
            if self._known(note.namn, where) and note.namn not in present:
                self.fail(f"”{note.namn}” var inte närvarande vid sammanträdet", where)

    def _omrostning(self, paragraf: Paragraf, key: Key, deltar: list[str]) -> Tally | None:
        """Check an open vote and return its tally."""
        vote = paragraf.omrostning
        if vote is None:
            return None
        where = key + ("omrostning",)
        for name in vote.roster:
            if not self._known(name, where + ("roster", name)):
                continue
            if name in paragraf.jav:
                self.fail(f"”{name}” har anmält jäv och får inte rösta", where + ("roster", name))
            elif name not in deltar:
                self.fail(f"”{name}” är inte beslutande i ärendet och får inte rösta",
                          where + ("roster", name))
        missing = [name for name in deltar if name not in vote.roster]
        if missing:
            self.fail("omröstning: röst saknas för " + ", ".join(missing), where + ("roster",))
        counts = Counter(vote.roster.values())
        tally = Tally(counts["ja"], counts["nej"], counts["avstår"])
        if tally.ja != tally.nej:
            result = "ja" if tally.ja > tally.nej else "nej"
        else:  # equal votes: the chair's vote decides (kommunallagen 5 kap. 55 §)
            chair = vote.roster.get(self.fields.deltagare.ordforande)
            result = chair if chair in ("ja", "nej") else "lika"
        if result != vote.utfall:
            self.fail(
                f"omröstning: {tally.ja} ja och {tally.nej} nej ({tally.avstar} avstår) ger "
                + (f"utfallet {result}" if result != "lika" else "lika röstetal utan "
                   "ordförandens utslagsröst")
                + f", inte {vote.utfall}",
                where + ("utfall",),
            )
        return tally

    def _beslut(self, paragraf: Paragraf, key: Key,
                skrivelse: LoadedTjansteskrivelse | None) -> tuple[markdown.Inline, ...]:
        """Return the decision's points: as written, or the tjänsteskrivelse's proposal."""
        if paragraf.beslut is None:
            if skrivelse is None:
                self.fail("beslut saknas (och ingen tjänsteskrivelse har ett förslag)", key)
                return ()
            return skrivelse.proposals
        points = [paragraf.beslut] if isinstance(paragraf.beslut, str) else paragraf.beslut
        return tuple((markdown.Span(point),) for point in points)

    def _arendet(self, paragraf: Paragraf, key: Key,
                 skrivelse: LoadedTjansteskrivelse | None) -> tuple[markdown.Block, ...]:
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


def _listed(names: list[str]) -> str:
    """Return `names` as Swedish lists them: "a, b och c"."""
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " och " + names[-1]


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
