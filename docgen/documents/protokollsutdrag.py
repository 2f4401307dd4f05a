"""The protokollsutdrag: one paragraph of a meeting, as sent to those concerned."""

from __future__ import annotations

from pathlib import Path

from docgen.content import LoadedSammantrade, ResolvedParagraf
from docgen.documents.sammantrade import (
    COMMON_VARIABLES,
    common_context,
    justering,
    paragraph_context,
    properties_title,
)
from docgen.render import CompiledTemplate, Properties, Rendering
from docgen.swedish import format_paragraph

TEMPLATE = "protokollsutdrag.docx"

VARIABLES = {
    **COMMON_VARIABLES,
    "paragraf": "paragrafen: nummer, nummer_text, diarienummer, rubrik, underrubrik, innehall",
}
"""The template contract for a protokollsutdrag."""


def render(
    meeting: LoadedSammantrade, paragraf: ResolvedParagraf, template: Path | CompiledTemplate
) -> bytes:
    """Return the .docx of the extract of `paragraf` from `meeting`, laid out by `template`."""
    rendering = Rendering(template)
    fields = meeting.fields
    context = common_context(meeting, [paragraf], *justering(meeting, paragraf))
    context["paragraf"] = paragraph_context(meeting, paragraf, rendering, level=2)
    return rendering.render(
        context,
        Properties(
            title=f"{properties_title(meeting, 'Protokollsutdrag')} "
            f"{format_paragraph(paragraf.nummer)}: {paragraf.rubrik}",
            subject=str(paragraf.diarienummer),
            author=meeting.organisation.organisation.kommun,
            day=fields.datum,
        ),
    )
