"""The protokollsutdrag: one paragraph of a meeting, as sent to those concerned."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from docgen.content.meeting import LoadedSammantrade, ResolvedParagraf
from docgen.documents import sammantrade
from docgen.documents.contract import as_context, variable
from docgen.documents.sammantrade import (
    ParagrafContext,
    common_context,
    justering,
    paragraph_context,
    properties_title,
)
from docgen.render import CompiledTemplate, Properties, Rendering
from docgen.swedish import format_paragraph

TEMPLATE = "protokollsutdrag.docx"


@dataclass(frozen=True, slots=True)
class Context(sammantrade.Context):
    """What a protokollsutdrag's template is given: the meeting's, and its one paragraph."""

    paragraf: ParagrafContext = variable("paragrafen")


def render(
    meeting: LoadedSammantrade, paragraf: ResolvedParagraf, template: Path | CompiledTemplate
) -> bytes:
    """Return the .docx of the extract of `paragraf` from `meeting`, laid out by `template`."""
    rendering = Rendering(template)
    fields = meeting.fields
    common = common_context(meeting, [paragraf], *justering(meeting, paragraf))
    context = Context(
        **as_context(common), paragraf=paragraph_context(meeting, paragraf, rendering, level=2)
    )
    return rendering.render(
        as_context(context),
        Properties(
            title=f"{properties_title(meeting, 'Protokollsutdrag')} "
            f"{format_paragraph(paragraf.nummer)}: {paragraf.rubrik}",
            subject=str(paragraf.diarienummer),
            author=meeting.organisation.organisation.kommun,
            day=fields.datum,
        ),
    )
