"""The web copy of a meeting as plain facts: what its pages, feeds and calendar say.

Built from the loaded meeting the close uses, keeping only what may go on the web: no
signatures, and a paragraph marked `sekretess:` (with its ground in offentlighets- och
sekretesslagen) or `publiceras: false` shows only its § and title and the reason.
The archive documents are made elsewhere and keep everything.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from docgen.content.meeting import LoadedSammantrade, ResolvedParagraf
from docgen.content.tree import ContentTree
from docgen.documents.sammantrade import (
    AnslagDates,
    ej_tjanstgorande,
    justering,
    ovriga,
    person,
    plats_och_tid,
    seat_text,
    sections,
)
from docgen.markdown import Block, Heading
from docgen.swedish import (
    format_date,
    format_paragraph,
    format_paragraphs,
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
        return {
            "organ": self.organ,
            "datum": self.datum.isoformat(),
            "tid": self.tid,
            "plats": self.plats,
            "arenden": list(self.arenden),
        }

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Kungorelse:
        """Return the kungörelse kept in a manifest as `data`."""
        return cls(
            str(data["organ"]),
            date.fromisoformat(data["datum"]),
            str(data["tid"]),
            str(data["plats"]),
            tuple(str(a) for a in data["arenden"]),
        )


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

    seats = meeting.seats
    return WebMeeting(
        kommun=organisation.kommun,
        organ_kod=meeting.organ.kod,
        organ=meeting.organ.namn,
        datum=fields.datum,
        plats_och_tid=plats_och_tid(meeting),
        beslutande=(
            *(seat_text(meeting, s) for s in seats if s.roll != "ersättare"),
            *(f"Vakant ({parti})" for parti in deltagare.vakanta),
        ),
        tjanstgorande_ersattare=tuple(
            seat_text(meeting, s) for s in seats if s.roll == "ersättare"
        ),
        ej_tjanstgorande_ersattare=tuple(ej_tjanstgorande(meeting)),
        ovriga_narvarande=tuple(ovriga(meeting)),
        justerare=tuple(person(meeting, j.namn) for j in fields.justerare),
        justering_plats=fields.justering.plats,
        forvaringsplats=organisation.forvaringsplats or organisation.kommun,
        paragrafer=tuple(_paragraf(meeting, p) for p in meeting.paragrafer),
        anslag=_anslag(meeting),
        kungorelse=kungorelse(meeting),
    )


def kungorelse(meeting: LoadedSammantrade) -> Kungorelse | None:
    """Return the kungörelse of kommunfullmäktige's next meeting, when the content tree
    holds its kallelse (a meeting file dated after `meeting`); None for other organ.
    """
    if meeting.organ.namn != "Kommunfullmäktige":
        return None
    later = [
        e
        for e in ContentTree(meeting.organisation.path.parent).meetings(meeting.organ.kod)
        if (day := e.date()) is not None and day > meeting.fields.datum
    ]
    if not later:
        return None
    entry = min(later, key=lambda e: (e.date() or date.max, e.path))
    items = entry.data.get("paragrafer")
    arenden = tuple(
        str(item.get("rubrik") or item.get("arende"))
        for item in (items if isinstance(items, list) else [])
        if isinstance(item, dict) and (item.get("rubrik") or item.get("arende"))
    )
    return Kungorelse(
        meeting.organ.namn,
        entry.date() or date.max,
        str(entry.data.get("tid", "")),
        str(entry.data.get("plats", "")),
        arenden,
        entry.path,
    )


def _anslag(meeting: LoadedSammantrade) -> tuple[WebAnslag, ...]:
    """Return the meeting's anslag: the protocol's, then one per § justerad omedelbart."""
    found = []
    later = tuple(p.nummer for p in meeting.paragrafer if not p.fields.omedelbar_justering)
    if later:
        found.append(WebAnslag(later, *justering(meeting), omedelbart=False))
    for paragraf in meeting.paragrafer:
        if paragraf.fields.omedelbar_justering:
            found.append(
                WebAnslag((paragraf.nummer,), *justering(meeting, paragraf), omedelbart=True)
            )
    return tuple(found)


def _diarienummer(paragraf: ResolvedParagraf) -> str | None:
    """Return a paragraph's diarienummer as the web shows them, or None when it has none."""
    numbers = [str(d) for d in (paragraf.diarienummer, *paragraf.fler_diarienummer) if d]
    return ", ".join(numbers) or None


def _paragraf(meeting: LoadedSammantrade, paragraf: ResolvedParagraf) -> WebParagraf:
    """Return one § for the web: everything, or only its title and why when withheld."""
    reason = withheld_reason(paragraf)
    if reason is not None:
        return WebParagraf(paragraf.nummer, paragraf.rubrik, None, None, reason, ())
    found: list[Section] = []
    for block in sections(meeting, paragraf, level=2):  # phrased as in the protocol itself
        if isinstance(block, Heading) or not found:
            title = "".join(span.text for span in block.spans) if isinstance(block, Heading) else ""
            found.append(Section(title, ()))
            if isinstance(block, Heading):
                continue
        found[-1] = Section(found[-1].title, (*found[-1].blocks, block))
    return WebParagraf(
        paragraf.nummer,
        paragraf.rubrik,
        paragraf.underrubrik,
        _diarienummer(paragraf),
        None,
        tuple(found),
    )
