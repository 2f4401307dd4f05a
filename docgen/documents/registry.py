"""One module per document type: the context it gives its template, and its template's name.

`DOCUMENT_TYPES` is the registry: each type by its template's name, the module that
renders it. Each module has `TEMPLATE` (the file name) and `Context` (the frozen
dataclass its template is given, from which the contract is read).
"""

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
