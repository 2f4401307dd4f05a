"""The document types beyond the tjänsteskrivelse: docgen's own, declared in doctypes.yaml,
and those a kommun adds or replaces under `dokumenttyper:` in its organisation file.
"""

from __future__ import annotations

from collections.abc import Mapping
from functools import cache
from importlib import resources
from pathlib import Path
from types import MappingProxyType

from docgen.content.organisation import LoadedOrganisation
from docgen.content.validate import validate
from docgen.content.yamlfile import Located, load_yaml
from docgen.model import Dokumenttyp, Organisation, Strict, Typnamn

TJANSTESKRIVELSE = "tjansteskrivelse"
"""The type with its own model and template, which the declared types do not replace."""


class _Declarations(Strict):
    """The bundled declarations file: each document type by its name."""

    typer: dict[Typnamn, Dokumenttyp]


@cache
def bundled() -> Mapping[str, Dokumenttyp]:
    """Return docgen's own document types, read once from the package's doctypes.yaml."""
    source = resources.files("docgen") / "doctypes.yaml"
    loaded = load_yaml(source.read_text(encoding="utf-8"), Path(str(source)))
    wrapped = Located(
        {"typer": loaded.data},
        loaded.path,
        {("typer", *key): line for key, line in loaded.lines.items()},
    )
    return MappingProxyType(dict(validate(_Declarations, wrapped).typer))


def document_types(organisation: Organisation | LoadedOrganisation) -> dict[str, Dokumenttyp]:
    """Return every declared document type for `organisation`: docgen's, then the kommun's.

    A type the kommun declares under a name docgen uses replaces docgen's whole.
    """
    fields = (
        organisation.organisation if isinstance(organisation, LoadedOrganisation) else organisation
    )
    return {**bundled(), **fields.dokumenttyper}


def known_types(organisation: Organisation | LoadedOrganisation) -> list[str]:
    """Return the names a Markdown file's `typ` may have: the tjänsteskrivelse first."""
    return [TJANSTESKRIVELSE, *sorted(document_types(organisation))]
