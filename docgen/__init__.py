"""docgen: Swedish municipal documents from structured content, as Word and PDF/A.

The public API; the command line (`docgen`) is a thin layer over it.
"""

from docgen.api import (
    check,
    check_template,
    close_meeting,
    json_schema,
    new_content_file,
    publish_meeting,
    render_document,
    render_tjansteskrivelse,
)
from docgen.calendar import appeal_deadline, next_working_day
from docgen.content import CheckResult
from docgen.diarienummer import Diarienummer
from docgen.errors import ContentError, DocgenError, OutputError, ProblemList, TemplateError

__version__ = "0.1.0"

__all__ = [
    "CheckResult",
    "ContentError",
    "Diarienummer",
    "DocgenError",
    "OutputError",
    "ProblemList",
    "TemplateError",
    "__version__",
    "appeal_deadline",
    "check",
    "check_template",
    "close_meeting",
    "json_schema",
    "new_content_file",
    "next_working_day",
    "publish_meeting",
    "render_document",
    "render_tjansteskrivelse",
]
