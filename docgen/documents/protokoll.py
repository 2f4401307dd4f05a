"""The protokoll: a meeting's front page, every paragraph, signatures and anslag."""

from __future__ import annotations

from pathlib import Path

from docgen.content import LoadedSammantrade
from docgen.documents.sammantrade import (
    COMMON_VARIABLES,
    common_context,
    justering,
    paragraph_context,
    person,
    properties_title,
)
from docgen.render import Properties, Rendering, Text
from docgen.swedish import format_paragraphs

TEMPLATE = "protokoll.docx"

VARIABLES = {
    **COMMON_VARIABLES,
    "beslutande": "ordförande och ledamöter, t.ex. Maria Berg (M), ordförande",
    "tjanstgorande_ersattare": "t.ex. Lars Dahl (S) för Karin Ström (S)",
    "ej_tjanstgorande_ersattare": "lista med namn och parti",
    "ovriga_narvarande": "lista med namn och titel",
    "paragrafer": "lista: nummer, nummer_text, diarienummer, rubrik, underrubrik, innehall",
}
"""The template contract for a protocol."""


def render(meeting: LoadedSammantrade, template: Path) -> bytes:
    """Return the .docx of `meeting`'s protocol, laid out by `template`."""
    rendering = Rendering(template)
    fields = meeting.fields
    deltagare = fields.deltagare
    paragrafer = list(meeting.paragrafer)
    context = common_context(meeting, paragrafer, *justering(meeting))
    context |= {
        "beslutande": [Text(f"{person(meeting, deltagare.ordforande)}, ordförande")]
        + [Text(person(meeting, name)) for name in deltagare.ledamoter],
        "tjanstgorande_ersattare": [
            Text(f"{person(meeting, e.namn)} för {person(meeting, e.ersatter)}")
            for e in deltagare.tjanstgorande_ersattare
        ],
        "ej_tjanstgorande_ersattare": [
            Text(person(meeting, name)) for name in deltagare.ej_tjanstgorande_ersattare
        ],
        "ovriga_narvarande": [Text(_present(meeting, name)) for name in deltagare.ovriga_narvarande],
        "paragrafer": [paragraph_context(meeting, p, rendering, level=3) for p in paragrafer],
    }
    return rendering.render(context, Properties(
        title=properties_title(meeting, "Protokoll"),
        subject=format_paragraphs(p.nummer for p in paragrafer),
        author=meeting.organisation.organisation.kommun,
        day=fields.datum,
    ))


def _present(meeting: LoadedSammantrade, name: str) -> str:
    """Return someone present who is not a member: with their title where it is known."""
    known = {p.namn: p for p in meeting.organisation.organisation.personer}
    titel = known[name].titel if name in known else None
    return f"{name}, {titel[0].lower()}{titel[1:]}" if titel else name
