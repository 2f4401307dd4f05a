"""What docgen does, as functions: the layer the command line and other programs call."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from docgen import batch, publish
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

TEMPLATES = Path(__file__).resolve().parent.parent / "templates"
"""The templates that come with docgen, built by templates/build.py."""


def check(paths: list[Path]) -> CheckResult:
    """Return the content files under `paths` with every problem and warning found in them.

    Personal data that must not reach the web (personnummer above all) is a warning at
    its line: the archive documents may carry it, a publication stops for it.
    """
    result = check_paths(paths)
    result.warnings.extend(publish.guard.check_files(result.files))
    return result


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


def publish_meeting(
    source: Path,
    output: Path | None = None,
    templates: Path | None = None,
    pdf: bool = False,
) -> list[Path]:
    """Publish the meeting in `source` on the anslagstavla in the folder `output` (default:
    `webb` beside the content folder); return the files written.

    Stops with the personal data found, each at its file and line, before writing anything.
    """
    return write_web_copy(web_copy(source, templates, pdf), source,
                          output or default_web_folder(source))


def web_copy(source: Path, templates: Path | None = None, pdf: bool = False) -> publish.WebCopy:
    """Return the guarded web copy of the meeting in `source`, built but not written."""
    return publish.build(source, templates or TEMPLATES, pdf)


def write_web_copy(copy: publish.WebCopy, source: Path, site: Path) -> list[Path]:
    """Write the web `copy` of the meeting in `source` onto the anslagstavla in `site`."""
    return publish.write(copy, source, site)


def default_web_folder(source: Path) -> Path:
    """Return the anslagstavla's folder unless told: `webb` beside the content folder."""
    return find_organisation(source).parent.parent / "webb"


REDACTED_PDF = publish.REDACTED_PDF
"""The name of the web copy's PDF, which leaves out what may not be published."""
