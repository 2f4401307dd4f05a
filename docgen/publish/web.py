"""The web copy of a meeting as plain facts: what its pages, feeds and calendar say.

Built from the loaded meeting the close uses, keeping only what may go on the web: no
signatures, and a paragraph marked `sekretess:` (with its ground in offentlighets- och
sekretesslagen) or `publiceras: false` shows only its § and title and the reason.
The archive documents are made elsewhere and keep everything.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from docgen.content import LoadedSammantrade, ResolvedParagraf
from docgen.content.tree import ContentTree
from docgen.documents.sammantrade import AnslagDates, justering
from docgen.markdown import Block, Inline, ListBlock, Paragraph, Quote, Span, Table
from docgen.swedish import (
    format_date,
    format_date_weekday,
    format_paragraph,
    format_paragraphs,
    format_person,
    format_time_range,
    quote,
)


@dataclass(frozen=True)
class Section:
    """One headed part of a paragraph on the web: Beslut, Ärende, Omröstning, …"""

    title: str
    blocks: tuple[Block, ...]


@dataclass(frozen=True)
class WebParagraf:
    """One § as the web shows it; `withheld` says why its content is not shown."""

    nummer: int
    rubrik: str
    underrubrik: str | None
    diarienummer: str | None
    withheld: str | None
    sections: tuple[Section, ...]

    @property
    def nummer_text(self) -> str:
        """Return the § as protocols write it, e.g. '§ 94'."""
        return format_paragraph(self.nummer)

    @property
    def filename(self) -> str:
        """Return the name of the paragraph's own page."""
        return f"paragraf-{self.nummer:03d}.html"


@dataclass(frozen=True)
class WebAnslag:
    """One anslag of the meeting: which §§ it covers, when justerad, and its dates."""

    paragrafer: tuple[int, ...]
    justerad: date
    dates: AnslagDates
    omedelbart: bool

    @property
    def paragrafer_text(self) -> str:
        """Return the §§ the anslag covers, e.g. '§§ 93–94, 96'."""
        return format_paragraphs(self.paragrafer)

    @property
    def anchor(self) -> str:
        """Return the id of the anslag on the anslag page."""
        return f"anslag-{self.paragrafer[0]:03d}"


@dataclass(frozen=True)
class Kungorelse:
    """The announcement of kommunfullmäktige's next meeting: when, where, which ärenden.

    Kommunallagen 5 kap. 12 § asks for it on the anslagstavla at least a week before.
    """

    organ: str
    datum: date
    tid: str
    plats: str
    arenden: tuple[str, ...]
    path: Path | None = None

    def as_json(self) -> dict[str, object]:
        """Return the kungörelse as JSON values, for a meeting's manifest."""
        return {"organ": self.organ, "datum": self.datum.isoformat(), "tid": self.tid,
                "plats": self.plats, "arenden": list(self.arenden)}

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Kungorelse:
        """Return the kungörelse kept in a manifest as `data`."""
        return cls(str(data["organ"]), date.fromisoformat(data["datum"]), str(data["tid"]),
                   str(data["plats"]), tuple(str(a) for a in data["arenden"]))


@dataclass(frozen=True)
class WebMeeting:
    """A meeting's web copy: its facts, its paragraphs and its anslag."""

    kommun: str
    organ_kod: str
    organ: str
    datum: date
    plats_och_tid: str
    beslutande: tuple[str, ...]
    tjanstgorande_ersattare: tuple[str, ...]
    ej_tjanstgorande_ersattare: tuple[str, ...]
    ovriga_narvarande: tuple[str, ...]
    justerare: tuple[str, ...]
    justering_plats: str
    forvaringsplats: str
    paragrafer: tuple[WebParagraf, ...]
    anslag: tuple[WebAnslag, ...]
    kungorelse: Kungorelse | None

    @property
    def title(self) -> str:
        """Return the protocol's title, e.g. 'Protokoll Kommunstyrelsen 1 september 2014'."""
        return f"Protokoll {self.organ} {format_date(self.datum)}"

    @property
    def paragrafer_text(self) -> str:
        """Return all the meeting's §§."""
        return format_paragraphs(p.nummer for p in self.paragrafer)


def withheld_reason(paragraf: ResolvedParagraf) -> str | None:
    """Return why `paragraf`'s content stays off the web, or None when it is published."""
    fields = paragraf.fields
    if fields.sekretess:
        return f"Sekretess enligt {fields.sekretess}. Paragrafens innehåll publiceras inte."
    if not fields.publiceras:
        return "Paragrafens innehåll publiceras inte på webben."
    return None


def web_meeting(meeting: LoadedSammantrade) -> WebMeeting:
    """Return the web copy of `meeting`."""
    fields = meeting.fields
    deltagare = fields.deltagare
    organisation = meeting.organisation.organisation

    def person(name: str) -> str:
        return format_person(name, meeting.person(name).parti)

    def present(name: str) -> str:
        titel = meeting.person(name).titel
        return f"{name}, {titel[0].lower()}{titel[1:]}" if titel else person(name)

    return WebMeeting(
        kommun=organisation.kommun,
        organ_kod=meeting.organ.kod,
        organ=meeting.organ.namn,
        datum=fields.datum,
        plats_och_tid=f"{fields.plats}, {format_date_weekday(fields.datum)} "
                      f"{format_time_range(meeting.start, meeting.end)}",
        beslutande=(f"{person(deltagare.ordforande)}, ordförande",
                    *(person(n) for n in deltagare.ledamoter)),
        tjanstgorande_ersattare=tuple(f"{person(e.namn)} för {person(e.ersatter)}"
                                      for e in deltagare.tjanstgorande_ersattare),
        ej_tjanstgorande_ersattare=tuple(person(n) for n in deltagare.ej_tjanstgorande_ersattare),
        ovriga_narvarande=tuple(present(n) for n in deltagare.ovriga_narvarande),
        justerare=tuple(person(n) for n in fields.justerare),
        justering_plats=fields.justering.plats,
        forvaringsplats=organisation.forvaringsplats or organisation.kommun,
        paragrafer=tuple(_paragraf(meeting, p, person) for p in meeting.paragrafer),
        anslag=_anslag(meeting),
        kungorelse=kungorelse(meeting),
    )


def kungorelse(meeting: LoadedSammantrade) -> Kungorelse | None:
    """Return the kungörelse of kommunfullmäktige's next meeting, when the content tree
    holds its kallelse (a meeting file dated after `meeting`); None for other organ.
    """
    if meeting.organ.namn != "Kommunfullmäktige":
        return None
    later = [e for e in ContentTree(meeting.organisation.path.parent).meetings(meeting.organ.kod)
             if (day := e.date()) is not None and day > meeting.fields.datum]
    if not later:
        return None
    entry = min(later, key=lambda e: (e.date() or date.max, e.path))
    items = entry.data.get("paragrafer")
    arenden = tuple(str(item.get("rubrik") or item.get("arende")) for item in
                    (items if isinstance(items, list) else []) if isinstance(item, dict)
                    and (item.get("rubrik") or item.get("arende")))
    return Kungorelse(meeting.organ.namn, entry.date() or date.max,
                      str(entry.data.get("tid", "")), str(entry.data.get("plats", "")), arenden,
                      entry.path)


def _anslag(meeting: LoadedSammantrade) -> tuple[WebAnslag, ...]:
    """Return the meeting's anslag: the protocol's, then one per § justerad omedelbart."""
    found = []
    later = tuple(p.nummer for p in meeting.paragrafer if not p.fields.omedelbar_justering)
    if later:
        found.append(WebAnslag(later, *justering(meeting), omedelbart=False))
    for paragraf in meeting.paragrafer:
        if paragraf.fields.omedelbar_justering:
            found.append(WebAnslag((paragraf.nummer,), *justering(meeting, paragraf),
                                   omedelbart=True))
    return tuple(found)


def _text(text: str) -> Inline:
    """Return `text` as spans without formatting."""
    return (Span(text),)


def _paras(*texts: str) -> tuple[Block, ...]:
    """Return each of `texts` as a paragraph."""
    return tuple(Paragraph(_text(t), 0) for t in texts)


def _quote(text: str) -> Quote:
    """Return `text` in quotation marks, as a block quote."""
    return Quote((Paragraph(_text(quote(text)), 0),), 0)


def _paragraf(meeting: LoadedSammantrade, paragraf: ResolvedParagraf,
              person: Callable[[str], str]) -> WebParagraf:
    """Return one § for the web: everything, or only its title and why when withheld."""
    reason = withheld_reason(paragraf)
    if reason is not None:
        return WebParagraf(paragraf.nummer, paragraf.rubrik, None, None, reason, ())
    fields = paragraf.fields
    sections: list[Section] = []
    if fields.jav:
        sections.append(Section("Jäv", _paras(*(
            f"{person(n)} anmälde jäv och deltog inte i handläggningen av ärendet."
            for n in fields.jav))))
    beslut: tuple[Block, ...] = (
        (Paragraph(paragraf.beslut[0], 0),) if len(paragraf.beslut) == 1
        else (ListBlock(True, False, 1, tuple((Paragraph(b, 0),) for b in paragraf.beslut), 0),))
    sections.append(Section("Beslut", beslut))
    if paragraf.arendet:
        sections.append(Section("Ärende", paragraf.arendet))
    if paragraf.handlingar:
        sections.append(Section("Handlingar i ärendet", _paras(*paragraf.handlingar)))
    if fields.tidigare_behandling:
        earlier: list[Block] = []
        for item in fields.tidigare_behandling:
            organ = meeting.organisation.organ(item.organ)
            name = organ.namn if organ else item.organ
            earlier += _paras(f"Beslut i {name[0].lower()}{name[1:]} den "
                              f"{format_date(item.datum)} {format_paragraph(item.paragraf)}")
            earlier += _paras(item.beslut) if item.beslut else ()
        sections.append(Section("Ärendets tidigare behandling", tuple(earlier)))
    if fields.yrkanden:
        sections.append(Section("Yrkanden", _paras(*(y.text for y in fields.yrkanden))))
    if fields.beslutsgang:
        sections.append(Section("Beslutsgång", _paras(fields.beslutsgang)))
    vote, tally = fields.omrostning, paragraf.tally
    if vote is not None and tally is not None:
        marks = {"ja": 1, "nej": 2, "avstår": 3}
        rows = []
        for name, choice in vote.roster.items():
            cells: list[Inline] = [_text(person(name)), (), (), ()]
            cells[marks[choice]] = _text("X")
            rows.append(tuple(cells))
        winner = vote.ja if vote.utfall == "ja" else vote.nej
        sections.append(Section("Omröstning", (
            *_paras(f"Den som röstar för {vote.ja} röstar ja, den som röstar för {vote.nej} "
                    "röstar nej."),
            Table(tuple(_text(h) for h in ("Ledamot", "Ja", "Nej", "Avstår")), tuple(rows),
                  (None, "center", "center", "center"), 0),
            *_paras(f"Omröstningen utföll med {tally.ja} ja-röster mot {tally.nej} nej-röster; "
                    f"{tally.avstar} avstod. {meeting.organ.namn} har alltså beslutat om "
                    f"{winner}."),
        )))
    if fields.reservationer:
        reserved: list[Block] = []
        for r in fields.reservationer:
            reserved += _paras(f"{person(r.namn)} reserverade sig mot beslutet"
                               + (" och lät anteckna följande." if r.text else "."))
            reserved += [_quote(r.text)] if r.text else []
        sections.append(Section("Reservationer", tuple(reserved)))
    if fields.protokollsanteckningar:
        notes: list[Block] = []
        for note in fields.protokollsanteckningar:
            notes += _paras(f"{person(note.namn)} lät anteckna följande.")
            notes.append(_quote(note.text))
        sections.append(Section("Protokollsanteckningar", tuple(notes)))
    if fields.omedelbar_justering:
        sections.append(Section("Justering", _paras("Paragrafen justerades omedelbart.")))
    if fields.expedieras:
        sections.append(Section("Beslutet skickas till", (ListBlock(
            False, False, 1, tuple((Paragraph(_text(to), 0),) for to in fields.expedieras), 0),)))
    return WebParagraf(paragraf.nummer, paragraf.rubrik, paragraf.underrubrik,
                       str(paragraf.diarienummer), None, tuple(sections))
