"""Every other document an official writes (tilläggsdirektiv, uppdragsbeskrivning, yttrande
…): one general template for all the declared types, from one Markdown file each.

A template named after the type (``yttrande.docx``) in the template folder is used
instead of the general ``handling.docx`` where it exists.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from docgen.content import LoadedHandling
from docgen.documents.tjansteskrivelse import signatures
from docgen.render import Properties, Rendering, Text
from docgen.swedish import format_date

TEMPLATE = "handling.docx"

VARIABLES = {
    "kommun": "kommunens namn",
    "rubrikord": "dokumenttypens rubrikord, t.ex. TILLÄGGSDIREKTIV",
    "organ": "den mottagande nämndens namn, eller tomt",
    "datum": "dokumentets datum (ett datum: använd filtren datum_kort, datum_lang …)",
    "datumrad": "kommunen och datumet på en rad (”Gävle kommun 10 juni 2018”), eller tomt",
    "diarienummer": "diarienumret, eller tomt",
    "rubrik": "rubriken",
    "underrubrik": "underrubriken, eller tomt",
    "avsandare": "den skickande enheten, eller tomt",
    "forslag_till_beslut": "förslaget till beslut, som {{p forslag_till_beslut }}, eller tomt",
    "beslut": "beslutet, som {{p beslut }}, eller tomt",
    "brodtext": "avsnitten ur Markdown-texten, som {{p brodtext }}",
    "bilagor": "lista med bilagornas namn",
    "underskrifter": "lista med underskrifter: namn, titel, enhet",
}
"""The template contract for the declared document types: each variable a template may use."""


def template_for(typ: str, folder: Path) -> Path:
    """Return the template for documents of type `typ` in `folder`: the type's own, if any."""
    own = folder / f"{typ}.docx"
    return own if own.is_file() else folder / TEMPLATE


def render(document: LoadedHandling, template: Path) -> bytes:
    """Return the .docx of the document `document`, laid out by `template`."""
    fields = document.fields
    rendering = Rendering(template)
    kommun = document.organisation.organisation.kommun
    diarienummer = str(document.diarienummer) if document.diarienummer else ""
    context: dict[str, Any] = {
        "kommun": Text(kommun),
        "rubrikord": Text(document.dokumenttyp.rubrikord),
        "organ": Text(document.organ.namn if document.organ else ""),
        "datum": fields.datum,
        "datumrad": Text(
            f"{kommun} {format_date(fields.datum)}" if document.dokumenttyp.datumrad else ""
        ),
        "diarienummer": Text(diarienummer),
        "rubrik": Text(fields.rubrik),
        "underrubrik": Text(fields.underrubrik or ""),
        "avsandare": Text(fields.avsandare or ""),
        "forslag_till_beslut": rendering.numbered(list(document.proposals))
        if document.proposals
        else "",
        "beslut": rendering.numbered(list(document.decisions)) if document.decisions else "",
        "brodtext": rendering.blocks(document.body),
        "bilagor": [Text(bilaga) for bilaga in fields.bilagor],
        "underskrifter": signatures(fields.underskrifter),
    }
    properties = Properties(
        title=fields.rubrik,
        subject=diarienummer or document.dokumenttyp.namn,
        author=fields.avsandare or kommun,
        day=fields.datum,
    )
    return rendering.render(context, properties)
