"""The finishing step for .docx packages: the same content always gives the same bytes.

A .docx is a zip. python-docx and docxtpl write each entry with the clock's time and
in whatever order the part graph is walked, so two renderings of the same content
differ. `deterministic_zip` rewrites the zip: ``[Content_Types].xml`` first (readers
that sniff the package expect it there), then ``_rels/.rels``, then every other entry
in sorted order, each with a fixed timestamp, compression and file attributes.

>>> import io, zipfile
>>> buffer = io.BytesIO()
>>> with zipfile.ZipFile(buffer, "w") as package:
...     package.writestr("word/document.xml", "<w:document/>")
...     package.writestr("_rels/.rels", "<Relationships/>")
...     package.writestr("[Content_Types].xml", "<Types/>")
>>> finished = deterministic_zip(buffer.getvalue())
>>> zipfile.ZipFile(io.BytesIO(finished)).namelist()
['[Content_Types].xml', '_rels/.rels', 'word/document.xml']
>>> deterministic_zip(finished) == finished
True
"""

from __future__ import annotations

import io
import zipfile

__all__ = ["deterministic_zip"]

FIXED_DATE_TIME = (1980, 1, 1, 0, 0, 0)
"""The earliest timestamp a zip entry can carry, used for every entry."""

CREATE_SYSTEM_UNIX = 3
"""The zip "made by" system: Unix, so that `external_attr` holds Unix permissions."""

EXTERNAL_ATTR = 0o644 << 16
"""Unix permissions rw-r--r-- for every entry."""

COMPRESS_LEVEL = 6
"""zlib's default level, fixed so a changed default cannot change the bytes."""

FIRST_ENTRIES = ("[Content_Types].xml", "_rels/.rels")
"""Entries that come first, in this order, before the sorted rest."""


def deterministic_zip(data: bytes) -> bytes:
    """Return the zip `data` rewritten so that identical entries give identical bytes."""
    entries = _read_entries(data)
    output = io.BytesIO()
    with zipfile.ZipFile(output, "w") as package:
        for name in _entry_order(entries):
            package.writestr(_entry_info(name), entries[name], compresslevel=COMPRESS_LEVEL)
    return output.getvalue()


def _read_entries(data: bytes) -> dict[str, bytes]:
    """Return the file entries of the zip `data` by name, refusing duplicate names."""
    entries: dict[str, bytes] = {}
    with zipfile.ZipFile(io.BytesIO(data)) as package:
        for info in package.infolist():
            if info.is_dir():
                continue
            if info.filename in entries:
                raise ValueError(f"duplicate zip entry: {info.filename}")
            entries[info.filename] = package.read(info)
    return entries


def _entry_order(entries: dict[str, bytes]) -> list[str]:
    """Return the names of `entries`: the package's fixed first entries, then the rest sorted."""
    first = [name for name in FIRST_ENTRIES if name in entries]
    rest = sorted(name for name in entries if name not in FIRST_ENTRIES)
    return first + rest


def _entry_info(name: str) -> zipfile.ZipInfo:
    """Return the fixed zip metadata for the entry called `name`."""
    info = zipfile.ZipInfo(name, date_time=FIXED_DATE_TIME)
    info.compress_type = zipfile.ZIP_DEFLATED
    info.create_system = CREATE_SYSTEM_UNIX
    info.external_attr = EXTERNAL_ATTR
    return info
