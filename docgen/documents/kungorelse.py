"""The kungörelse: kommunfullmäktige's notice of a meeting, for the anslagstavla.

Kommunallagen 5 kap. 12 § wants it posted at least a week before the meeting, with the
time, the place and the ärenden; `kungord` in the meeting file records the day it goes
up, and the meeting's check refuses a day too late (`rules.kungord_i_tid`). It is made
from the same agenda as the kallelse, with the same items.
"""

from __future__ import annotations

from pathlib import Path

from docgen.content import LoadedForedragningslista
from docgen.documents.kallelse import announced
from docgen.render import Properties, Rendering

TEMPLATE = "kungorelse.docx"

VARIABLES = {
    "kommun": "kommunens namn",
    "organ": "organets namn: Kommunfullmäktige",
    "datum": "sammanträdets datum",
    "tid": "veckodag, datum och när sammanträdet börjar, t.ex. måndag 22 september 2014 kl. 18.00",
    "plats": "sammanträdets plats",
    "arenden": "lista: nummer, rubrik, underrubrik, diarienummer, foredragande, handlingar",
    "kungord": "dagen kungörelsen sätts upp på anslagstavlan (ett datum), eller inget",
    "ordforande": "ordförandens namn, eller tomt",
}
"""The template contract for a kungörelse."""


def is_kungjord(agenda: LoadedForedragningslista) -> bool:
    """Return whether the meeting of `agenda` is one that is kungjord: kommunfullmäktige's."""
    return agenda.organ.namn == "Kommunfullmäktige"


def subject(agenda: LoadedForedragningslista) -> str:
    """Return what the kungörelse's file says it is about: the organ's meeting on its day."""
    return f"Kungörelse {agenda.organ.kod} {agenda.fields.datum.isoformat()}"


def render(agenda: LoadedForedragningslista, template: Path) -> bytes:
    """Return the .docx of the kungörelse of the meeting `agenda`, laid out by `template`."""
    fields = agenda.fields
    kommun = agenda.organisation.organisation.kommun
    context = announced(agenda) | {"kungord": fields.kungord}
    return Rendering(template).render(
        context,
        Properties(
            title=f"Kungörelse {agenda.organ.namn} {fields.datum.isoformat()}",
            subject=subject(agenda),
            author=kommun,
            day=fields.datum,
        ),
    )
