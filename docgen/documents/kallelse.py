"""The kallelse med föredragningslista: the call to a meeting, with its numbered items.

Laid out like the kallelser kommuner send (see tests/data/kallelser/): the organ is
called to the meeting, time and place, the justerare proposed, then the föredragningslista
with each item's title, diarienummer, handlingar and föredragande, the note on whom a
member who cannot come tells, and the names of ordförande and sekreterare. The items are
numbered 1, 2, 3 …: § numbers are given at the meeting.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path

from docgen.content.meeting import LoadedForedragningslista, ResolvedParagraf
from docgen.documents.contract import as_context, variable
from docgen.render import Properties, Rendering, Text
from docgen.swedish import format_date_weekday, format_person, format_time_range

TEMPLATE = "kallelse.docx"


@dataclass(frozen=True, slots=True)
class ArendeContext:
    """One item of the föredragningslista, as the kallelse and the kungörelse show it."""

    nummer: int = variable("ärendets nummer på föredragningslistan (ett tal)")
    rubrik: Text = variable("rubriken")
    underrubrik: Text = variable("underrubriken, eller tomt")
    diarienummer: Text = variable("diarienumret, eller tomt")
    foredragande: Text = variable("den som föredrar ärendet, eller tomt")
    handlingar: list[Text] = variable("lista med ärendets handlingar")


@dataclass(frozen=True, slots=True)
class Announced:
    """What both the kallelse and the kungörelse say of a meeting."""

    kommun: Text = variable("kommunens namn")
    organ: Text = variable("organets namn, t.ex. Kommunfullmäktige")
    datum: date = variable("sammanträdets datum")
    tid: Text = variable(
        "veckodag, datum och när sammanträdet börjar, t.ex. tisdag 19 augusti 2014 kl. 9.00"
    )
    plats: Text = variable("sammanträdets plats")
    arenden: list[ArendeContext] = variable("lista med ärendena")
    ordforande: Text = variable("ordförandens namn, eller tomt")


@dataclass(frozen=True, slots=True)
class Context(Announced):
    """What a kallelse's template is given: what is announced, and whom to tell."""

    justerare: Text = variable("föreslagna justerare, t.ex. Eva Sjö (S), eller tomt")
    arenden_text: Text = variable("ärendenas nummer, t.ex. 1–4")
    forhinder: Text = variable(
        "vem den som har förhinder anmäler det till (organisation.yaml, kallelse:)"
    )
    sekreterare: Text = variable("sekreterarens namn, eller tomt")


def announced(agenda: LoadedForedragningslista) -> Announced:
    """Return what both the kallelse and the kungörelse say of the meeting `agenda`."""
    fields = agenda.fields
    return Announced(
        kommun=Text(agenda.organisation.organisation.kommun),
        organ=Text(agenda.organ.namn),
        datum=fields.datum,
        # When the meeting ends is not known beforehand: the kallelse gives its start.
        tid=Text(f"{format_date_weekday(fields.datum)} {format_time_range(agenda.start, None)}"),
        plats=Text(fields.plats),
        arenden=[item(p, i) for i, p in enumerate(agenda.paragrafer, start=1)],
        ordforande=Text(ordforande(agenda) or ""),
    )


def render(agenda: LoadedForedragningslista, template: Path) -> bytes:
    """Return the .docx of the kallelse of the meeting `agenda`, laid out by `template`."""
    fields = agenda.fields
    count = len(agenda.paragrafer)
    context = Context(
        **as_context(announced(agenda)),
        justerare=Text(", ".join(_person(agenda, j.namn) for j in fields.justerare)),
        arenden_text=Text("1" if count == 1 else f"1–{count}"),
        forhinder=Text(agenda.organisation.organisation.kallelse.forhinder),
        sekreterare=Text(fields.sekreterare or ""),
    )
    return Rendering(template).render(
        as_context(context), announced_properties(agenda, "Kallelse", subject(agenda))
    )


def announced_properties(agenda: LoadedForedragningslista, kind: str, about: str) -> Properties:
    """Return the file properties of a document announcing the meeting `agenda`: its
    `kind` ("Kallelse", "Kungörelse") with the organ and day as title, `about` as subject.
    """
    return Properties(
        title=f"{kind} {agenda.organ.namn} {agenda.fields.datum.isoformat()}",
        subject=about,
        author=agenda.organisation.organisation.kommun,
        day=agenda.fields.datum,
    )


def subject(agenda: LoadedForedragningslista) -> str:
    """Return what the kallelse's file says it is about: the organ's meeting on its day."""
    return f"Kallelse {agenda.organ.kod} {agenda.fields.datum.isoformat()}"


def item(paragraf: ResolvedParagraf, nummer: int) -> ArendeContext:
    """Return one item of the föredragningslista: `paragraf` as the agenda's `nummer`."""
    return ArendeContext(
        nummer=nummer,
        rubrik=Text(paragraf.rubrik),
        underrubrik=Text(paragraf.underrubrik or ""),
        diarienummer=Text(str(paragraf.diarienummer or "")),
        foredragande=Text(paragraf.fields.foredragande or ""),
        handlingar=[Text(h) for h in paragraf.handlingar],
    )


def ordforande(agenda: LoadedForedragningslista) -> str | None:
    """Return who signs the kallelse as ordförande: the meeting's chair, else the organ's."""
    if agenda.fields.deltagare is not None:
        return agenda.fields.deltagare.ordforande.namn
    return agenda.organ.ordforande


def _person(agenda: LoadedForedragningslista, name: str) -> str:
    """Return `name` with the party where the organisation file has one: Eva Sjö (S)."""
    person = agenda.person(name)
    return format_person(name, person.parti if person else None)
