"""What docgen does, as functions: the layer the command line and other programs call."""

from __future__ import annotations

from collections.abc import Callable
from importlib import resources
from pathlib import Path

from docgen import batch
from docgen.content import (
    CheckResult,
    check_paths,
    find_organisation,
    load_organisation,
    load_tjansteskrivelse,
)
from docgen.documents import anslagsbevis, protokoll, protokollsutdrag, tjansteskrivelse
from docgen.errors import TemplateError
from docgen.output import write_atomically
from docgen.pdf import convert_to_pdf
from docgen.render import contract_problems

TEMPLATES = Path(str(resources.files("docgen") / "templates"))
"""The templates that come with docgen (package data, packed by templates/pack.py)."""


def check(paths: list[Path]) -> CheckResult:
    """Return the content files under `paths` with every problem and warning found in them."""
    return check_paths(paths)


DOCUMENT_TYPES = {
    "tjansteskrivelse": tjansteskrivelse,
    "protokoll": protokoll,
    "protokollsutdrag": protokollsutdrag,
    "anslagsbevis": anslagsbevis,
}
"""Each document type by name, with its template's name and contract."""


def check_template(template: Path, typ: str | None = None) -> list[TemplateError]:
    """Return what `template` uses that the contract of its document type does not offer.

    The type is `typ`, or else the one whose template has the file's name.
    """
    kind = typ or (template.stem if template.stem in DOCUMENT_TYPES else "tjansteskrivelse")
    return contract_problems(template, DOCUMENT_TYPES[kind].VARIABLES)


def render_tjansteskrivelse(
    source: Path, output: Path | None = None, template: Path | None = None, pdf: bool = False
) -> list[Path]:
    """Render the tjänsteskrivelse `source` to `output` (default: beside it), and a PDF/A
    beside that when `pdf`; return the files written.
    """
    organisation = load_organisation(find_organisation(source))
    document = load_tjansteskrivelse(source, organisation)
    data = tjansteskrivelse.render(document, template or TEMPLATES / tjansteskrivelse.TEMPLATE)
    target = output or source.with_suffix(".docx")
    write_atomically(target, data)
    return [target, *convert_to_pdf([target])] if pdf else [target]


def close_meeting(
    source: Path,
    output: Path | None = None,
    templates: Path | None = None,
    pdf: bool = False,
    progress: Callable[[int, int], None] = lambda done, total: None,
) -> list[Path]:
    """Close the meeting in `source`: protocol, extracts, anslagsbevis and manifest, all or none."""
    return batch.close(source, output, templates or TEMPLATES, pdf, progress)
