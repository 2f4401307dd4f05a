"""The registry of document types: each by its template's name, the module that renders it."""

from __future__ import annotations

from types import ModuleType

from docgen.documents import (
    anslagsbevis,
    handling,
    kallelse,
    kungorelse,
    protokoll,
    protokollsutdrag,
    tjansteskrivelse,
)

DOCUMENT_TYPES: dict[str, ModuleType] = {
    "tjansteskrivelse": tjansteskrivelse,
    "protokoll": protokoll,
    "protokollsutdrag": protokollsutdrag,
    "anslagsbevis": anslagsbevis,
    "handling": handling,
    "kallelse": kallelse,
    "kungorelse": kungorelse,
}
"""Each document type by name, with its template's file name and contract."""
