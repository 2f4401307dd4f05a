"""The tjänsteskrivelse: an official's report to a nämnd, from one Markdown file."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from docgen.content.tjansteskrivelse import LoadedTjansteskrivelse
from docgen.documents.contract import as_context, variable
from docgen.model import Underskrift
from docgen.render import CompiledTemplate, Properties, Rendering, Subdocument, Text

TEMPLATE = "tjansteskrivelse.docx"


@dataclass(frozen=True, slots=True)
class UnderskriftContext:
    """One signature under a document, as its template shows it."""

    namn: Text = variable("namnet")
    titel: Text = variable("titeln")
    enhet: Text = variable("enheten, eller tomt")


@dataclass(frozen=True, slots=True)
class Context:
    """What a tjänsteskrivelse's template is given."""

    kommun: Text = variable("kommunens namn")
    organ: Text = variable("den mottagande nämndens namn, t.ex. Kommunstyrelsen")
    datum: date = variable("dokumentets datum (ett datum: använd filtren datum_kort, datum_lang …)")
    diarienummer: Text = variable("diarienumret, t.ex. KFKS 2012/577-001")
    rubrik: Text = variable("rubriken")
    underrubrik: Text = variable("underrubriken, eller tomt")
    avsandare: Text = variable("den skickande enheten, eller tomt")
    forslag_till_beslut: Subdocument = variable(
        "förslaget till beslut, som {{p forslag_till_beslut }}"
    )
    brodtext: Subdocument = variable("avsnitten ur Markdown-texten, som {{p brodtext }}")
    bilagor: list[Text] = variable("lista med bilagornas namn")
    underskrifter: list[UnderskriftContext] = variable("lista med underskrifter")


def render(document: LoadedTjansteskrivelse, template: Path | CompiledTemplate) -> bytes:
    """Return the .docx of the tjänsteskrivelse `document`, laid out by `template`."""
    fields = document.fields
    rendering = Rendering(template)
    kommun = document.organisation.organisation.kommun
    context = Context(
        kommun=Text(kommun),
        organ=Text(document.organ.namn),
        datum=fields.datum,
        diarienummer=Text(str(document.diarienummer)),
        rubrik=Text(fields.rubrik),
        underrubrik=Text(fields.underrubrik or ""),
        avsandare=Text(fields.avsandare or ""),
        forslag_till_beslut=rendering.numbered(list(document.proposals)),
        brodtext=rendering.blocks(document.body),
        bilagor=[Text(bilaga) for bilaga in fields.bilagor],
        underskrifter=signatures(fields.underskrifter),
    )
    properties = Properties(
        title=fields.rubrik,
        subject=str(document.diarienummer),
        author=fields.avsandare or kommun,
        day=fields.datum,
    )
    return rendering.render(as_context(context), properties)


def signatures(underskrifter: Sequence[Underskrift]) -> list[UnderskriftContext]:
    """Return the signatures under a document as its template shows them."""
    return [
        UnderskriftContext(namn=Text(u.namn), titel=Text(u.titel), enhet=Text(u.enhet or ""))
        for u in underskrifter
    ]
