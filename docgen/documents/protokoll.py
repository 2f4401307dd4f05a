"""The protokoll: a meeting's front page, every paragraph, signatures and anslag."""

from __future__ import annotations

from dataclasses import dataclass, replace
from math import ceil
from pathlib import Path
from typing import Any

from docgen.content.meeting import LoadedSammantrade
from docgen.documents import sammantrade
from docgen.documents.contract import as_context, variable
from docgen.documents.sammantrade import (
    ParagrafContext,
    attendance_appendix,
    common_context,
    continued_attendance,
    ej_tjanstgorande,
    justering,
    ovriga,
    paragraph_context,
    properties_title,
    seat_text,
)
from docgen.render import CompiledTemplate, Properties, Rendering, Subdocument, Text
from docgen.swedish import format_paragraphs

TEMPLATE = "protokoll.docx"


@dataclass(frozen=True, slots=True)
class Context(sammantrade.Context):
    """What a protocol's template is given: the meeting's, and its attendance and paragraphs."""

    beslutande: list[Text] = variable("ordförande och ledamöter, t.ex. Maria Berg (M), ordförande")
    tjanstgorande_ersattare: list[Text] = variable("t.ex. Lars Dahl (S) för Karin Ström (S)")
    ej_tjanstgorande_ersattare: list[Text] = variable("lista med namn och parti")
    ovriga_narvarande: list[Text] = variable("lista med namn och titel")
    bilaga: Subdocument | str = variable(
        "förteckningen över beslutande som förstasidan hänvisar till, eller den närvaro "
        "som inte fick plats på förstasidan, eller inget"
    )
    paragrafer: list[ParagrafContext] = variable("lista med paragraferna")


FRONT_PAGE_LINES = 27
"""How many lines of the bundled template's first page the attendance and signatures may fill.

Counted as `front_page_lines` counts them, the heading and the ANSLAG/BEVIS box apart.
Measured with LibreOffice: 19 lines and three signatures fit, 20 do not; 15 lines and
four signatures fit, 17 do not. tests/test_layout.py converts protocols to prove it.
"""

LINE_CHARACTERS = 52
"""About how many characters of a name or title fit on one line of the front page's column."""

SIGNATURE_LINES = 2.6
"""How many lines one signature (its space, line and name) takes on the front page."""


def front_page_lines(values: list[list[str]], signatures: int) -> float:
    """Return about how many lines the front page's attendance rows and `signatures` fill.

    >>> front_page_lines([["Maria Berg (M), ordförande", "Johan Ek (M)"], []], 3)
    9.8
    """
    text = sum(ceil(len(line) / LINE_CHARACTERS) for lines in values for line in lines)
    return round(text + SIGNATURE_LINES * signatures, 1)


def render(meeting: LoadedSammantrade, template: Path | CompiledTemplate) -> bytes:
    """Return the .docx of `meeting`'s protocol, laid out by `template`.

    The signatures and the ANSLAG/BEVIS box stay on the first page: where the attendance
    would push them off it, the ersättare not serving and the others present, and if
    need be the whole attendance, continue on the page after it.
    """
    rendering = Rendering(template)
    fields = meeting.fields
    deltagare = fields.deltagare
    paragrafer = list(meeting.paragrafer)
    everyone = bool(deltagare.hanvisning) and deltagare.hanvisning_galler == "alla"
    common = common_context(meeting, paragrafer, *justering(meeting))
    context = Context(
        **as_context(common),
        beslutande=[Text(deltagare.hanvisning)]
        if deltagare.hanvisning
        else [Text(seat_text(meeting, seat)) for seat in meeting.seats if seat.roll != "ersättare"]
        + [Text(f"Vakant ({parti})") for parti in deltagare.vakanta],
        tjanstgorande_ersattare=[]
        if deltagare.hanvisning
        else [Text(seat_text(meeting, seat)) for seat in meeting.seats if seat.roll == "ersättare"],
        ej_tjanstgorande_ersattare=[]
        if everyone
        else [Text(line) for line in ej_tjanstgorande(meeting)],
        ovriga_narvarande=[] if everyone else [Text(line) for line in ovriga(meeting)],
        # The list the front page refers to: on a page of its own, unless a § has the upprop.
        bilaga=rendering.blocks(attendance_appendix(meeting, 2))
        if deltagare.hanvisning and not any(p.fields.upprop for p in paragrafer)
        else "",
        paragrafer=[paragraph_context(meeting, p, rendering, level=3) for p in paragrafer],
    )
    if not context.bilaga and meeting.organisation.organisation.protokoll.forstasidan == "samlad":
        context = _fit_front_page(meeting, context, rendering)
    return rendering.render(
        as_context(context),
        Properties(
            title=properties_title(meeting, "Protokoll"),
            subject=format_paragraphs(p.nummer for p in paragrafer),
            author=meeting.organisation.organisation.kommun,
            day=fields.datum,
        ),
    )


def _fit_front_page(meeting: LoadedSammantrade, context: Context, rendering: Rendering) -> Context:
    """Return `context` with attendance moved off the front page until its signatures fit.

    First the ersättare not serving and the others present move to the next page;
    then, if still too long, the deciding members too, and the front page says where.
    """
    signatures = 1 + 1 + len(context.ordforande_paragrafer) + len(context.justerare)
    fixed = [
        [str(context.plats_och_tid)],
        [str(j) for j in context.justerare],
        [str(context.justering.plats_och_tid)],
        [str(context.paragrafer_text)],
    ]
    keys = [
        "beslutande",
        "tjanstgorande_ersattare",
        "ej_tjanstgorande_ersattare",
        "ovriga_narvarande",
    ]
    rows = {key: [str(line) for line in getattr(context, key)] for key in keys}
    if front_page_lines([*fixed, *rows.values()], signatures) <= FRONT_PAGE_LINES:
        return context
    titles = {
        "beslutande": "Beslutande",
        "tjanstgorande_ersattare": "Tjänstgörande ersättare",
        "ej_tjanstgorande_ersattare": "Ej tjänstgörande ersättare",
        "ovriga_narvarande": "Övriga närvarande",
    }
    moved = keys[2:]
    kept = [rows["beslutande"], rows["tjanstgorande_ersattare"]]
    changes: dict[str, Any] = {}
    if front_page_lines([*fixed, *kept], signatures) > FRONT_PAGE_LINES:
        moved = keys
        changes["beslutande"] = [Text("Se förteckningen efter förstasidan")]
    for key in moved:
        if key != "beslutande":
            changes[key] = []
    changes["bilaga"] = rendering.blocks(
        continued_attendance([(titles[k], rows[k]) for k in moved], 2)
    )
    return replace(context, **changes)
