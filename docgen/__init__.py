"""docgen: Swedish municipal documents from structured content, as Word and PDF/A.

The public API; the command line (`docgen`) is a thin layer over it. Each name is
imported from its module on first use (PEP 562), so importing a part of docgen — the
content checker, say — does not load the rendering stack.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from docgen.api import (
        check,
        check_template,
        close_meeting,
        document_bytes,
        json_schema,
        new_content_file,
        publish_meeting,
        render_document,
        render_kallelse,
        render_tjansteskrivelse,
    )
    from docgen.calendar import appeal_deadline, next_working_day
    from docgen.content.result import CheckResult
    from docgen.diarienummer import Diarienummer
    from docgen.errors import ContentError, DocgenError, OutputError, ProblemList, TemplateError

__version__ = "0.1.0"

_WHERE = {
    "check": "docgen.api",
    "check_template": "docgen.api",
    "close_meeting": "docgen.api",
    "document_bytes": "docgen.api",
    "json_schema": "docgen.api",
    "new_content_file": "docgen.api",
    "publish_meeting": "docgen.api",
    "render_document": "docgen.api",
    "render_kallelse": "docgen.api",
    "render_tjansteskrivelse": "docgen.api",
    "appeal_deadline": "docgen.calendar",
    "next_working_day": "docgen.calendar",
    "CheckResult": "docgen.content.result",
    "Diarienummer": "docgen.diarienummer",
    "ContentError": "docgen.errors",
    "DocgenError": "docgen.errors",
    "OutputError": "docgen.errors",
    "ProblemList": "docgen.errors",
    "TemplateError": "docgen.errors",
}
"""The module each public name comes from."""

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
    "document_bytes",
    "json_schema",
    "new_content_file",
    "next_working_day",
    "publish_meeting",
    "render_document",
    "render_kallelse",
    "render_tjansteskrivelse",
]


def __getattr__(name: str) -> Any:
    """Return the public name `name` from its module (PEP 562); other names do not exist."""
    if name not in _WHERE:
        raise AttributeError(f"module 'docgen' has no attribute {name!r}")
    return getattr(importlib.import_module(_WHERE[name]), name)


def __dir__() -> list[str]:
    """Return the public names, as `dir(docgen)` shows them."""
    return list(__all__)
