"""The kungörelse: kommunfullmäktige's notice of a meeting, for the anslagstavla.

Kommunallagen 5 kap. 12 § wants it posted at least a week before the meeting, with the
time, the place and the ärenden; `kungord` in the meeting file records the day it goes
up, and the meeting's check refuses a day too late (`rules.kungord_i_tid`). It is made
from the same agenda as the kallelse, with the same items.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path

from docgen.content.meeting import LoadedForedragningslista
from docgen.documents.contract import as_context, variable
from docgen.documents.kallelse import Announced, announced, announced_properties
from docgen.render import Rendering

TEMPLATE = "kungorelse.docx"


@dataclass(frozen=True, slots=True)
class Context(Announced):
    """What a kungörelse's template is given: what is announced, and when it goes up."""

    kungord: date | None = variable(
        "dagen kungörelsen sätts upp på anslagstavlan (ett datum), eller inget"
    )


def is_kungjord(agenda: LoadedForedragningslista) -> bool:
    """Return whether the meeting of `agenda` is one that is kungjord: kommunfullmäktige's."""
    return agenda.organ.namn == "Kommunfullmäktige"


def subject(agenda: LoadedForedragningslista) -> str:
    """Return what the kungörelse's file says it is about: the organ's meeting on its day."""
    return f"Kungörelse {agenda.organ.kod} {agenda.fields.datum.isoformat()}"


def render(agenda: LoadedForedragningslista, template: Path) -> bytes:
    """Return the .docx of the kungörelse of the meeting `agenda`, laid out by `template`."""
    context = Context(**as_context(announced(agenda)), kungord=agenda.fields.kungord)
    return Rendering(template).render(
        as_context(context), announced_properties(agenda, "Kungörelse", subject(agenda))
    )
