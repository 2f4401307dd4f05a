"""One module per document type: the context it gives its template, and its template's name.

Each module has `TEMPLATE` (the file name) and `Context` (the frozen dataclass its
template is given, from which the contract is read); `registry.DOCUMENT_TYPES` lists
them. This package imports none of them, so rendering one type loads only its module.
"""
