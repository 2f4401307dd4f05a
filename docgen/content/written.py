"""Recognising the documents docgen wrote itself, among the files of a content folder.

`docgen render` writes a tjänsteskrivelse's .docx (and PDF) beside its Markdown file and
`docgen kallelse` the kallelse beside the meeting file, so a content folder holds
docgen's own documents. A walk passes them over without a word; a .docx someone saved
since (in Word, say) no longer names docgen as its last author and is reported like any
other file docgen does not read.
"""

from __future__ import annotations

import zipfile
from pathlib import Path
from xml.etree import ElementTree

AUTHOR = "docgen"
"""What docgen writes as a document's last author (`cp:lastModifiedBy` in docProps/core.xml)."""

_CORE_PART = "docProps/core.xml"
_LAST_MODIFIED_BY = (
    "{http://schemas.openxmlformats.org/package/2006/metadata/core-properties}lastModifiedBy"
)
_MAX_CORE_BYTES = 64 * 1024
"""The largest core-properties part read; docgen's are under 1 kB."""


def written_by_docgen(path: Path) -> bool:
    """Return whether `path` is a .docx docgen wrote, or a PDF beside one of the same name.

    >>> written_by_docgen(Path("no-such-file.docx"))
    False
    """
    suffix = path.suffix.lower()
    if suffix == ".pdf":
        return written_by_docgen(path.with_suffix(".docx"))
    if suffix != ".docx":
        return False
    try:
        with zipfile.ZipFile(path) as package:
            if package.getinfo(_CORE_PART).file_size > _MAX_CORE_BYTES:
                return False
            core = ElementTree.fromstring(package.read(_CORE_PART))
    except (OSError, KeyError, zipfile.BadZipFile, ElementTree.ParseError):
        return False
    return core.findtext(_LAST_MODIFIED_BY) == AUTHOR
