"""Loading content files: YAML and front matter with lines, validation, resolution."""

from docgen.content.check import CheckResult, check_paths, content_files
from docgen.content.meeting import (
    LoadedForedragningslista,
    LoadedSammantrade,
    ResolvedParagraf,
    load_foredragningslista,
    load_sammantrade,
)
from docgen.content.organisation import LoadedOrganisation, find_organisation, load_organisation
from docgen.content.tjansteskrivelse import LoadedTjansteskrivelse, load_tjansteskrivelse
from docgen.content.tree import ContentTree

__all__ = [
    "CheckResult",
    "ContentTree",
    "LoadedForedragningslista",
    "LoadedOrganisation",
    "LoadedSammantrade",
    "LoadedTjansteskrivelse",
    "ResolvedParagraf",
    "check_paths",
    "content_files",
    "find_organisation",
    "load_foredragningslista",
    "load_organisation",
    "load_sammantrade",
    "load_tjansteskrivelse",
]
