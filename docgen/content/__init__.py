"""Loading content files: YAML and front matter with lines, validation, resolution."""

from docgen.content.check import CheckResult, check_paths, content_files
from docgen.content.doctypes import document_types, known_types
from docgen.content.meeting import (
    LoadedForedragningslista,
    LoadedSammantrade,
    ResolvedParagraf,
    load_foredragningslista,
    load_sammantrade,
)
from docgen.content.organisation import LoadedOrganisation, find_organisation, load_organisation
from docgen.content.tjansteskrivelse import (
    LoadedHandling,
    LoadedTjansteskrivelse,
    is_tjansteskrivelse,
    load_handling,
    load_tjansteskrivelse,
)
from docgen.content.tree import ContentTree

__all__ = [
    "CheckResult",
    "ContentTree",
    "LoadedForedragningslista",
    "LoadedHandling",
    "LoadedOrganisation",
    "LoadedSammantrade",
    "LoadedTjansteskrivelse",
    "ResolvedParagraf",
    "check_paths",
    "content_files",
    "document_types",
    "find_organisation",
    "is_tjansteskrivelse",
    "known_types",
    "load_handling",
    "load_foredragningslista",
    "load_organisation",
    "load_sammantrade",
    "load_tjansteskrivelse",
]
