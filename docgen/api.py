"""What docgen does, as functions: the layer the command line and other programs call."""

from __future__ import annotations

from pathlib import Path

from docgen.content import check_paths, find_organisation, load_organisation, load_tjansteskrivelse
from docgen.documents import tjansteskrivelse
from docgen.errors import DocgenError
from docgen.output import write_atomically

TEMPLATES = Path(__file__).resolve().parent.parent / "templates"
"""The templates that come with docgen, built by templates/build.py."""


def check(paths: list[Path]) -> tuple[list[Path], list[DocgenError]]:
    """Return the content files under `paths` and every problem found in them."""
    return check_paths(paths)


def render_tjansteskrivelse(
    source: Path, output: Path | None = None, template: Path | None = None
) -> Path:
    """Render the tjänsteskrivelse `source` to `output` (default: beside it) and return that path."""
    organisation = load_organisation(find_organisation(source))
    document = load_tjansteskrivelse(source, organisation)
    data = tjansteskrivelse.render(document, template or TEMPLATES / tjansteskrivelse.TEMPLATE)
    target = output or source.with_suffix(".docx")
    write_atomically(target, data)
    return target
