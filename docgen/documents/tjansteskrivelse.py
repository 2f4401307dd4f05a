"""The tjänsteskrivelse: an official's report to a nämnd, from one Markdown file."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

from docgen.content import LoadedTjansteskrivelse
from docgen.model import Underskrift
from docgen.render import CompiledTemplate, Properties, Rendering, Text

TEMPLATE = "tjansteskrivelse.docx"

VARIABLES = {
    "kommun": "kommunens namn",
    "organ": "den mottagande nämndens namn, t.ex. Kommunstyrelsen",
    "datum": "dokumentets datum (ett datum: använd filtren datum_kort, datum_lang …)",
    "diarienummer": "diarienumret, t.ex. KFKS 2012/577-001",
    "rubrik": "rubriken",
    "underrubrik": "underrubriken, eller tomt",
    "avsandare": "den skickande enheten, eller tomt",
    "forslag_till_beslut": "förslaget till beslut, som {{p forslag_till_beslut }}",
    "brodtext": "avsnitten ur Markdown-texten, som {{p brodtext }}",
    "bilagor": "lista med bilagornas namn",
    "underskrifter": "lista med underskrifter: namn, titel, enhet",
}
"""The template contract for a tjänsteskrivelse: each variable a template may use."""


def render(document: LoadedTjansteskrivelse, template: Path | CompiledTemplate) -> bytes:
    """Return the .docx of the tjänsteskrivelse `document`, laid out by `template`."""
    fields = document.fields
    rendering = Rendering(template)
    kommun = document.organisation.organisation.kommun
    context: dict[str, Any] = {
        "kommun": Text(kommun),
        "organ": Text(document.organ.namn),
        "datum": fields.datum,
        "diarienummer": Text(str(document.diarienummer)),
        "rubrik": Text(fields.rubrik),
        "underrubrik": Text(fields.underrubrik or ""),
        "avsandare": Text(fields.avsandare or ""),
        "forslag_till_beslut": rendering.numbered(list(document.proposals)),
        "brodtext": rendering.blocks(document.body),
        "bilagor": [Text(bilaga) for bilaga in fields.bilagor],
        "underskrifter": signatures(fields.underskrifter),
    }
    properties = Properties(
        title=fields.rubrik,
        subject=str(document.diarienummer),
        author=fields.avsandare or kommun,
        day=fields.datum,
    )
    return rendering.render(context, properties)


def signatures(underskrifter: Sequence[Underskrift]) -> list[dict[str, Text]]:
    """Return the signatures under a document as its template shows them."""
    return [
        {"namn": Text(u.namn), "titel": Text(u.titel), "enhet": Text(u.enhet or "")}
        for u in underskrifter
    ]
