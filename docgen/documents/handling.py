"""Every other document an official writes (tilläggsdirektiv, uppdragsbeskrivning, yttrande
…): one general template for all the declared types, from one Markdown file each.

A template named after the type (``yttrande.docx``) in the template folder is used
instead of the general ``handling.docx`` where it exists.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path

from docgen.content.tjansteskrivelse import LoadedHandling
from docgen.documents.contract import as_context, variable
from docgen.documents.tjansteskrivelse import UnderskriftContext, signatures
from docgen.render import Properties, Rendering, Subdocument, Text
from docgen.swedish import format_date

TEMPLATE = "handling.docx"


@dataclass(frozen=True, slots=True)
class Context:
    """What the template of a declared document type (handling.docx or its own) is given."""

    kommun: Text = variable("kommunens namn")
    rubrikord: Text = variable("dokumenttypens rubrikord, t.ex. TILLÄGGSDIREKTIV")
    organ: Text = variable("den mottagande nämndens namn, eller tomt")
    datum: date = variable("dokumentets datum (ett datum: använd filtren datum_kort, datum_lang …)")
    datumrad: Text = variable(
        "kommunen och datumet på en rad (”Gävle kommun 10 juni 2018”), eller tomt"
    )
    diarienummer: Text = variable("diarienumret, eller tomt")
    rubrik: Text = variable("rubriken")
    underrubrik: Text = variable("underrubriken, eller tomt")
    avsandare: Text = variable("den skickande enheten, eller tomt")
    forslag_till_beslut: Subdocument | str = variable(
        "förslaget till beslut, som {{p forslag_till_beslut }}, eller tomt"
    )
    beslut: Subdocument | str = variable("beslutet, som {{p beslut }}, eller tomt")
    brodtext: Subdocument = variable("avsnitten ur Markdown-texten, som {{p brodtext }}")
    bilagor: list[Text] = variable("lista med bilagornas namn")
    underskrifter: list[UnderskriftContext] = variable("lista med underskrifter")


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
    context = Context(
        kommun=Text(kommun),
        rubrikord=Text(document.dokumenttyp.rubrikord),
        organ=Text(document.organ.namn if document.organ else ""),
        datum=fields.datum,
        datumrad=Text(
            f"{kommun} {format_date(fields.datum)}" if document.dokumenttyp.datumrad else ""
        ),
        diarienummer=Text(diarienummer),
        rubrik=Text(fields.rubrik),
        underrubrik=Text(fields.underrubrik or ""),
        avsandare=Text(fields.avsandare or ""),
        forslag_till_beslut=rendering.numbered(list(document.proposals))
        if document.proposals
        else "",
        beslut=rendering.numbered(list(document.decisions)) if document.decisions else "",
        brodtext=rendering.blocks(document.body),
        bilagor=[Text(bilaga) for bilaga in fields.bilagor],
        underskrifter=signatures(fields.underskrifter),
    )
    properties = Properties(
        title=fields.rubrik,
        subject=diarienummer or document.dokumenttyp.namn,
        author=fields.avsandare or kommun,
        day=fields.datum,
    )
    return rendering.render(as_context(context), properties)
