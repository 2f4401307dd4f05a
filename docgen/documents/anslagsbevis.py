"""The anslagsbevis: the notice that a protocol has been justerat, with the appeal period."""

from __future__ import annotations

from pathlib import Path

from docgen.content.meeting import LoadedSammantrade, ResolvedParagraf
from docgen.documents import sammantrade
from docgen.documents.contract import as_context
from docgen.documents.sammantrade import (
    common_context,
    justering,
    later_justerade,
    properties_title,
)
from docgen.render import CompiledTemplate, Properties, Rendering
from docgen.swedish import format_paragraphs

TEMPLATE = "anslagsbevis.docx"

Context = sammantrade.Context
"""What an anslagsbevis's template is given: what every meeting document is."""


def render(
    meeting: LoadedSammantrade,
    template: Path | CompiledTemplate,
    omedelbart: ResolvedParagraf | None = None,
) -> bytes:
    """Return the anslagsbevis of `meeting`'s justering, or of one paragraph justerad at once.

    The protocol's justering covers the paragraphs not justerade omedelbart; each of
    those has its own justering at the meeting, and its own anslagsbevis.
    """
    paragrafer = [omedelbart] if omedelbart else later_justerade(meeting)
    justerad, anslag = justering(meeting, omedelbart)
    context = common_context(meeting, paragrafer, justerad, anslag)
    return Rendering(template).render(
        as_context(context),
        Properties(
            title=properties_title(meeting, "Anslagsbevis"),
            subject=format_paragraphs(p.nummer for p in paragrafer),
            author=meeting.organisation.organisation.kommun,
            day=justerad,
        ),
    )
