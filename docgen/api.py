"""What docgen does, as functions: the layer the command line and other programs call."""

from __future__ import annotations

from collections.abc import Callable
from importlib import resources
from pathlib import Path

from docgen import batch, template_check
from docgen.content import (
    CheckResult,
    check_paths,
    find_organisation,
    load_organisation,
    load_tjansteskrivelse,
)
from docgen.documents import tjansteskrivelse
from docgen.errors import OutputError, ProblemList, TemplateError
from docgen.output import write_atomically
from docgen.pdf import convert_to_pdf
from docgen.template_check import check_templates

TEMPLATES = Path(str(resources.files("docgen") / "templates"))
"""The templates that come with docgen (package data, packed by templates/pack.py)."""


def check(paths: list[Path]) -> CheckResult:
    """Return the content files under `paths` with every problem and warning found in them."""
    return check_paths(paths)


DOCUMENT_TYPES = template_check.DOCUMENT_TYPES
"""Each document type by name, with its template's file name and contract."""

EXAMPLES = TEMPLATES / "exempel"
"""The example content that comes with docgen, which `check_template` renders."""


def check_template(template: Path, typ: str | None = None) -> list[TemplateError]:
    """Return what is wrong with the template `template`, or with each template in the
    folder `template`: first against the contract, then by rendering the example content.

    The type is `typ`, or else the one whose template has the file's name.
    """
    return check_templates(template, EXAMPLES, typ)


def export_templates(folder: Path) -> list[Path]:
    """Write docgen's templates into `folder`, for a kommun to start from; return them.

    Files already there are not replaced: they may be the kommun's own.
    """
    targets = [folder / source.name for source in sorted(TEMPLATES.glob("*.docx"))]
    ProblemList.raise_if_any(
        OutputError("finns redan; docgen skriver inte över en mall", target)
        for target in targets if target.exists())
    for target in targets:
        write_atomically(target, (TEMPLATES / target.name).read_bytes())
    return targets


def render_tjansteskrivelse(
    source: Path, output: Path | None = None, template: Path | None = None, pdf: bool = False
) -> list[Path]:
    """Render the tjänsteskrivelse `source` to `output` (default: beside it), and a PDF/A
    beside that when `pdf`; return the files written.
    """
    organisation = load_organisation(find_organisation(source))
    document = load_tjansteskrivelse(source, organisation)
    folder = organisation.templates or TEMPLATES
    data = tjansteskrivelse.render(document, template or folder / tjansteskrivelse.TEMPLATE)
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
    """Close the meeting in `source`: protocol, extracts, anslagsbevis and manifest, all or none.

    The templates are those in `templates`, else in the organisation file's `mallar:`
    folder, else docgen's own.
    """
    if templates is None:
        templates = load_organisation(find_organisation(source)).templates
    return batch.close(source, output, templates or TEMPLATES, pdf, progress)
