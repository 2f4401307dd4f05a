"""The protokoll: a meeting's front page, every paragraph, signatures and anslag."""

from __future__ import annotations

from pathlib import Path

from docgen.content import LoadedSammantrade
from docgen.content.meeting import parse_numbers
from docgen.documents.sammantrade import (
    COMMON_VARIABLES,
    common_context,
    justering,
    paragraph_context,
    person,
    properties_title,
    seat_text,
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
        "beslutande": [Text(deltagare.hanvisning)] if deltagare.hanvisning else [
            Text(seat_text(meeting, seat)) for seat in meeting.seats if seat.roll != "ersättare"],
        "tjanstgorande_ersattare": [] if deltagare.hanvisning else [
            Text(seat_text(meeting, seat)) for seat in meeting.seats if seat.roll == "ersättare"],
        "ej_tjanstgorande_ersattare": [
            Text(_with_paragraphs(person(meeting, e.namn), e.paragrafer))
            for e in deltagare.ej_tjanstgorande_ersattare
        ],
        "ovriga_narvarande": [Text(_with_paragraphs(_present(meeting, n.namn), n.paragrafer))
                              for n in deltagare.ovriga_narvarande],
        "paragrafer": [paragraph_context(meeting, p, rendering, level=3) for p in paragrafer],
    }
    return rendering.render(context, Properties(
        title=properties_title(meeting, "Protokoll"),
        subject=format_paragraphs(p.nummer for p in paragrafer),
        author=meeting.organisation.organisation.kommun,
        day=fields.datum,
    ))


def _with_paragraphs(text: str, paragrafer: str | None) -> str:
    """Return `text` followed by the paragraphs it concerns, when only some: '… §§ 12–18'."""
    numbers = parse_numbers(paragrafer) if paragrafer else None
    return f"{text} {format_paragraphs(numbers)}" if numbers else text


def _present(meeting: LoadedSammantrade, name: str) -> str:
    """Return someone present who is not a member: with their title where it is known."""
    known = {p.namn: p for p in meeting.organisation.organisation.personer}
    titel = known[name].titel if name in known else None
    return f"{name}, {titel[0].lower()}{titel[1:]}" if titel else name
