"""The anslagsbevis: the notice that a protocol has been justerat, with the appeal period."""

from __future__ import annotations

from pathlib import Path

from docgen.content import LoadedSammantrade, ResolvedParagraf
from docgen.documents.sammantrade import (
    COMMON_VARIABLES,
    AnslagDates,
    common_context,
    properties_title,
)
from docgen.render import Properties, Rendering
from docgen.swedish import format_paragraphs

TEMPLATE = "anslagsbevis.docx"

VARIABLES = COMMON_VARIABLES
"""The template contract for an anslagsbevis."""


def render(meeting: LoadedSammantrade, template: Path,
           omedelbart: ResolvedParagraf | None = None) -> bytes:
    """Return the anslagsbevis of `meeting`'s justering, or of one paragraph justerad at once.

    A paragraph justerad omedelbart is justerad at the meeting and posted that day.
    """
    fields = meeting.fields
    if omedelbart is None:
        paragrafer, justerad, posted = list(meeting.paragrafer), fields.justering.datum, meeting.anslag
    else:
        paragrafer, justerad, posted = [omedelbart], fields.datum, fields.datum
    context = common_context(meeting, paragrafer, justerad, AnslagDates.posted(posted))
    return Rendering(template).render(context, Properties(
        title=properties_title(meeting, "Anslagsbevis"),
        subject=format_paragraphs(paragrafer[0].nummer, paragrafer[-1].nummer),
        author=meeting.organisation.organisation.kommun,
        day=justerad,
    ))
