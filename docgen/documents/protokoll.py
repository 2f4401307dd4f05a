"""The protokoll: a meeting's front page, every paragraph, signatures and anslag."""

from __future__ import annotations

from pathlib import Path

from docgen.content import LoadedSammantrade
from docgen.documents.sammantrade import (
    COMMON_VARIABLES,
    attendance_appendix,
    common_context,
    ej_tjanstgorande,
    justering,
    ovriga,
    paragraph_context,
    properties_title,
    seat_text,
)
from docgen.render import CompiledTemplate, Properties, Rendering, Text
from docgen.swedish import format_paragraphs

TEMPLATE = "protokoll.docx"

VARIABLES = {
    **COMMON_VARIABLES,
    "beslutande": "ordförande och ledamöter, t.ex. Maria Berg (M), ordförande",
    "tjanstgorande_ersattare": "t.ex. Lars Dahl (S) för Karin Ström (S)",
    "ej_tjanstgorande_ersattare": "lista med namn och parti",
    "ovriga_narvarande": "lista med namn och titel",
    "bilaga": "förteckningen över beslutande som förstasidan hänvisar till, eller inget",
    "paragrafer": "lista: nummer, nummer_text, diarienummer, rubrik, underrubrik, innehall",
}
"""The template contract for a protocol."""


def render(meeting: LoadedSammantrade, template: Path | CompiledTemplate) -> bytes:
    """Return the .docx of `meeting`'s protocol, laid out by `template`."""
    rendering = Rendering(template)
    fields = meeting.fields
    deltagare = fields.deltagare
    paragrafer = list(meeting.paragrafer)
    everyone = bool(deltagare.hanvisning) and deltagare.hanvisning_galler == "alla"
    context = common_context(meeting, paragrafer, *justering(meeting))
    context |= {
        "beslutande": [Text(deltagare.hanvisning)]
        if deltagare.hanvisning
        else [Text(seat_text(meeting, seat)) for seat in meeting.seats if seat.roll != "ersättare"]
        + [Text(f"Vakant ({parti})") for parti in deltagare.vakanta],
        "tjanstgorande_ersattare": []
        if deltagare.hanvisning
        else [Text(seat_text(meeting, seat)) for seat in meeting.seats if seat.roll == "ersättare"],
        "ej_tjanstgorande_ersattare": []
        if everyone
        else [Text(line) for line in ej_tjanstgorande(meeting)],
        "ovriga_narvarande": [] if everyone else [Text(line) for line in ovriga(meeting)],
        # The list the front page refers to: on a page of its own, unless a § has the upprop.
        "bilaga": rendering.blocks(attendance_appendix(meeting, 2))
        if deltagare.hanvisning and not any(p.fields.upprop for p in paragrafer)
        else "",
        "paragrafer": [paragraph_context(meeting, p, rendering, level=3) for p in paragrafer],
    }
    return rendering.render(
        context,
        Properties(
            title=properties_title(meeting, "Protokoll"),
            subject=format_paragraphs(p.nummer for p in paragrafer),
            author=meeting.organisation.organisation.kommun,
            day=fields.datum,
        ),
    )
