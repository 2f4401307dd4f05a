"""What the protocol, its extracts and the anslagsbevis share: a meeting's facts and sections.

A paragraph's text is built here once, as blocks, so the protocol and the extract say
exactly the same thing: Jäv, Beslut, Ärende, Handlingar i ärendet, Ärendets tidigare
behandling, Yrkanden, Beslutsgång, Omröstning, Reservationer, Protokollsanteckningar,
Beslutet skickas till.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from docgen import calendar
from docgen.content import LoadedSammantrade, ResolvedParagraf
from docgen.markdown import Block, Heading, Inline, ListBlock, Paragraph, Span, Table
from docgen.render import Rendering, Text
from docgen.swedish import (
    format_date,
    format_date_weekday,
    format_paragraph,
    format_paragraphs,
    format_person,
    format_time_range,
    quote,
)

COMMON_VARIABLES = {
    "kommun": "kommunens namn",
    "organ": "organets namn, t.ex. Kommunstyrelsens arbetsutskott",
    "datum": "sammanträdets datum",
    "plats_och_tid": "plats, veckodag, datum och tid",
    "paragrafer_text": "paragraferna, t.ex. §§ 93–96",
    "forvaringsplats": "där protokollet förvaras",
    "anslag": "uppsatt, sista_dag (för överklagande) och nedtagning: datum",
    "justering": "datum och plats för justeringen",
    "sekreterare": "sekreterarens namn",
    "ordforande": "ordföranden, t.ex. Maria Berg (M)",
    "justerare": "lista med justerarna",
}
"""The template contract shared by the protocol, the extract and the anslagsbevis."""


@dataclass(frozen=True)
class AnslagDates:
    """When an anslag goes up, the last day for appeal, and when it may come down."""

    uppsatt: date
    sista_dag: date
    nedtagning: date

    @classmethod
    def posted(cls, day: date) -> AnslagDates:
        """Return the dates of an anslag posted on `day` (kommunallagen 13 kap. 5 §)."""
        return cls(day, calendar.appeal_deadline(day), calendar.anslag_removal_day(day))


def justering(meeting: LoadedSammantrade, paragraf: ResolvedParagraf | None = None
              ) -> tuple[date, AnslagDates]:
    """Return when `paragraf` (or the protocol) was justerad, and its anslag's dates.

    A paragraph justerad omedelbart is justerad at the meeting and posted that day.
    """
    if paragraf is not None and paragraf.fields.omedelbar_justering:
        day = meeting.fields.datum
        return day, AnslagDates.posted(day)
    return meeting.fields.justering.datum, AnslagDates.posted(meeting.anslag)


def later_justerade(meeting: LoadedSammantrade) -> list[ResolvedParagraf]:
    """Return the paragraphs the protocol's own justering covers (not those justerade at once)."""
    return [p for p in meeting.paragrafer if not p.fields.omedelbar_justering]


def person(meeting: LoadedSammantrade, name: str) -> str:
    """Return `name` with the party, as protocols write it: Rolf Wasteson (V)."""
    return format_person(name, meeting.person(name).parti)


def common_context(meeting: LoadedSammantrade, paragrafer: list[ResolvedParagraf],
                   justerad: date, anslag: AnslagDates) -> dict[str, Any]:
    """Return the context every meeting document gets, for `paragrafer` and that anslag."""
    fields = meeting.fields
    organisation = meeting.organisation.organisation
    return {
        "kommun": Text(organisation.kommun),
        "organ": Text(meeting.organ.namn),
        "datum": fields.datum,
        "plats_och_tid": Text(f"{fields.plats}, {format_date_weekday(fields.datum)} "
                              f"{format_time_range(meeting.start, meeting.end)}"),
        "paragrafer_text": Text(format_paragraphs(p.nummer for p in paragrafer)),
        "forvaringsplats": Text(organisation.forvaringsplats or ""),
        "anslag": {"uppsatt": anslag.uppsatt, "sista_dag": anslag.sista_dag,
                   "nedtagning": anslag.nedtagning},
        "justering": {"datum": justerad, "plats": Text(fields.justering.plats)},
        "sekreterare": Text(fields.sekreterare),
        "ordforande": Text(person(meeting, fields.deltagare.ordforande)),
        "justerare": [Text(person(meeting, name)) for name in fields.justerare],
    }


def paragraph_context(meeting: LoadedSammantrade, paragraf: ResolvedParagraf,
                      rendering: Rendering, level: int) -> dict[str, Any]:
    """Return one paragraph's context, its sections headed at heading `level`."""
    return {
        "nummer": paragraf.nummer,
        "nummer_text": Text(format_paragraph(paragraf.nummer)),
        "diarienummer": Text(str(paragraf.diarienummer)),
        "rubrik": Text(paragraf.rubrik),
        "underrubrik": Text(paragraf.underrubrik or ""),
        "innehall": rendering.blocks(sections(meeting, paragraf, level)),
    }


def properties_title(meeting: LoadedSammantrade, kind: str) -> str:
    """Return a meeting document's title, e.g. 'Protokoll Kommunstyrelsen 1 september 2014'."""
    return f"{kind} {meeting.organ.namn} {format_date(meeting.fields.datum)}"


def sections(meeting: LoadedSammantrade, paragraf: ResolvedParagraf, level: int
             ) -> tuple[Block, ...]:
    """Return the sections of a paragraph as blocks, headed at heading `level`."""
    fields = paragraf.fields
    blocks: list[Block] = []

    def section(title: str, *content: Block) -> None:
        blocks.append(Heading(level, _text(title), 0))
        blocks.extend(content)

    def paragraphs(*texts: str) -> list[Block]:
        return [Paragraph(_text(text), 0) for text in texts]

    if fields.jav:
        section("Jäv", *paragraphs(*(
            f"{person(meeting, name)} anmälde jäv och deltog inte i handläggningen av ärendet."
            for name in fields.jav)))
    beslut: list[Block] = (
        [Paragraph(paragraf.beslut[0], 0)] if len(paragraf.beslut) == 1
        else [ListBlock(True, False, 1, tuple((Paragraph(p, 0),) for p in paragraf.beslut), 0)]
    )
    section("Beslut", *beslut)
    if paragraf.arendet:
        section("Ärende", *paragraf.arendet)
    if paragraf.handlingar:
        section("Handlingar i ärendet", *paragraphs(*paragraf.handlingar))
    if fields.tidigare_behandling:
        earlier: list[Block] = []
        for item in fields.tidigare_behandling:
            organ = meeting.organisation.organ(item.organ)
            name = organ.namn if organ else item.organ
            earlier += paragraphs(f"Beslut i {name[0].lower()}{name[1:]} den "
                                  f"{format_date(item.datum)} {format_paragraph(item.paragraf)}")
            earlier += paragraphs(item.beslut) if item.beslut else []
        section("Ärendets tidigare behandling", *earlier)
    if fields.yrkanden:
        section("Yrkanden", *paragraphs(*(y.text for y in fields.yrkanden)))
    if fields.beslutsgang:
        section("Beslutsgång", *paragraphs(fields.beslutsgang))
    if fields.omrostning and paragraf.tally:
        section("Omröstning", *_omrostning(meeting, paragraf))
    if fields.reservationer:
        reserved: list[Block] = []
        for reservation in fields.reservationer:
            reserved += paragraphs(f"{person(meeting, reservation.namn)} reserverade sig mot "
                                   "beslutet" + (" och lät anteckna följande." if reservation.text
                                                 else "."))
            reserved += paragraphs(quote(reservation.text)) if reservation.text else []
        section("Reservationer", *reserved)
    if fields.protokollsanteckningar:
        notes: list[Block] = []
        for note in fields.protokollsanteckningar:
            notes += paragraphs(f"{person(meeting, note.namn)} lät anteckna följande.",
                                quote(note.text))
        section("Protokollsanteckningar", *notes)
    if fields.omedelbar_justering:
        section("Justering", *paragraphs("Paragrafen justerades omedelbart."))
    if fields.expedieras:
        section("Beslutet skickas till", ListBlock(
            False, False, 1, tuple((Paragraph(_text(to), 0),) for to in fields.expedieras), 0))
    return tuple(blocks)


def _omrostning(meeting: LoadedSammantrade, paragraf: ResolvedParagraf) -> list[Block]:
    """Return an open vote as the protocol shows it: the question, each vote, the result."""
    vote = paragraf.fields.omrostning
    tally = paragraf.tally
    assert vote is not None and tally is not None
    marks = {"ja": 1, "nej": 2, "avstår": 3}
    rows = []
    for name, choice in vote.roster.items():
        cells = [_text(person(meeting, name)), (), (), ()]
        cells[marks[choice]] = _text("X")
        rows.append(tuple(cells))
    winner = vote.ja if vote.utfall == "ja" else vote.nej
    organ = meeting.organ.namn
    return [
        Paragraph(_text(f"Den som röstar för {vote.ja} röstar ja, den som röstar för {vote.nej} "
                        "röstar nej."), 0),
        Table(tuple(_text(h) for h in ("Ledamot", "Ja", "Nej", "Avstår")), tuple(rows),
              (None, "center", "center", "center"), 0),
        Paragraph(_text(f"Omröstningen utföll med {tally.ja} ja-röster mot {tally.nej} "
                        f"nej-röster; {tally.avstar} avstod. {organ} har alltså beslutat om "
                        f"{winner}."), 0),
    ]


def _text(text: str) -> Inline:
    """Return `text` as spans without formatting."""
    return (Span(text),)
