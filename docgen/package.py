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
import zlib
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from lxml import etree

from docgen.content.written import AUTHOR
from docgen.errors import OutputError

__all__ = ["Deflated", "Properties", "deterministic_zip", "finished_package"]

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


CORE_PART = "docProps/core.xml"
CORE_CONTENT_TYPE = "application/vnd.openxmlformats-package.core-properties+xml"
CORE_RELATIONSHIP = (
    "http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties"
)
CORE_PROPERTY_LIMIT = 255
LAST_MODIFIED_BY = AUTHOR
"""Who last modified a document docgen wrote: a later save in Word puts a person there."""
"""The most characters Word accepts in one core property."""

_NS = {
    "cp": "http://schemas.openxmlformats.org/package/2006/metadata/core-properties",
    "dc": "http://purl.org/dc/elements/1.1/",
    "dcterms": "http://purl.org/dc/terms/",
    "dcmitype": "http://purl.org/dc/dcmitype/",
    "xsi": "http://www.w3.org/2001/XMLSchema-instance",
}
_CONTENT_TYPES = "http://schemas.openxmlformats.org/package/2006/content-types"
_RELATIONSHIPS = "http://schemas.openxmlformats.org/package/2006/relationships"


@dataclass(frozen=True)
class Properties:
    """What a finished document says of itself: title, subject, author, language and date.

    Nothing comes from the clock: created and modified are the document's own date.

    >>> xml = Properties("Protokoll", "§§ 1–2", "Nacka kommun", date(2014, 8, 19)).xml()
    >>> b"<dc:title>Protokoll</dc:title>" in xml, b"2014-08-19T00:00:00Z" in xml
    (True, True)
    """

    title: str
    subject: str
    author: str
    day: date
    last_modified_by: str = LAST_MODIFIED_BY
    language: str = "sv-SE"

    def xml(self) -> bytes:
        """Return the package's core-properties part (docProps/core.xml) for these values."""
        root = etree.Element(f"{{{_NS['cp']}}}coreProperties", nsmap=_NS)
        moment = f"{self.day.isoformat()}T00:00:00Z"
        for prefix, name, value in (
            ("dc", "title", _limited(self.title)),
            ("dc", "subject", _limited(self.subject)),
            ("dc", "creator", _limited(self.author)),
            ("cp", "lastModifiedBy", self.last_modified_by),
            ("cp", "revision", "1"),
            ("dcterms", "created", moment),
            ("dcterms", "modified", moment),
            ("dc", "language", self.language),
        ):
            element = etree.SubElement(root, f"{{{_NS[prefix]}}}{name}")
            element.text = value
            if prefix == "dcterms":
                element.set(f"{{{_NS['xsi']}}}type", "dcterms:W3CDTF")
        return _serialised(root)


def refuse_foreign(path: Path, subject: str) -> None:
    """Raise `OutputError` unless `path` is free or a .docx docgen wrote about `subject`.

    A document someone has saved since (in Word, say) no longer says docgen last
    modified it, so it is not replaced either: the changes in it would be lost.
    """
    if not path.exists():
        return
    try:
        with zipfile.ZipFile(path) as package:
            core = etree.fromstring(package.read(CORE_PART))
        last = core.findtext(f"{{{_NS['cp']}}}lastModifiedBy")
        written_for = core.findtext(f"{{{_NS['dc']}}}subject")
    except (OSError, KeyError, zipfile.BadZipFile, etree.XMLSyntaxError):
        last = written_for = None
    if last != LAST_MODIFIED_BY:
        raise OutputError(
            "filen finns redan och är inte docgens (den kan vara ändrad och "
            "sparad i Word); flytta den eller välj ett annat namn med -o",
            path,
        )
    if written_for != _limited(subject):
        raise OutputError(
            f"filen finns redan och är en annan handling ({written_for}); "
            "välj ett annat namn med -o",
            path,
        )


def _limited(value: str) -> str:
    """Return `value` shortened to the characters a core property may hold."""
    if len(value) <= CORE_PROPERTY_LIMIT:
        return value
    return value[: CORE_PROPERTY_LIMIT - 1] + "…"


Deflated = dict[str, tuple[bytes, int, bytes]]
"""Per entry name, the last content deflated under it, its CRC-32 and its deflated bytes.

One template's documents share most of their entries unchanged (styles, theme, fonts,
images); a `Deflated` kept for the template deflates each of those once per run.
"""


def deterministic_zip(data: bytes, core: Properties | None = None) -> bytes:
    """Return the zip `data` rewritten so that identical entries give identical bytes.

    With `core`, the package's core properties are replaced by (or given) those values.
    """
    return finished_package(_read_entries(data), core)


def finished_package(
    entries: dict[str, bytes], core: Properties | None = None, deflated: Deflated | None = None
) -> bytes:
    """Return the zip of `entries` (name → content), as `deterministic_zip` writes it.

    With `core`, the core properties are set as there. An entry whose content is the
    one `deflated` holds under its name is copied deflated from there, not deflated
    again; the bytes are the same either way.
    """
    entries = dict(entries)
    if core is not None:
        _set_core_properties(entries, core)
    cache: Deflated = {} if deflated is None else deflated
    output = io.BytesIO()
    with zipfile.ZipFile(output, "w") as package:
        for name in _entry_order(entries):
            content = entries[name]
            known = cache.get(name)
            if known is None or known[0] != content:
                compressor = zlib.compressobj(COMPRESS_LEVEL, zlib.DEFLATED, -15)
                known = (
                    content,
                    zlib.crc32(content),
                    compressor.compress(content) + compressor.flush(),
                )
                cache.setdefault(name, known)
            _write_deflated(package, output, name, known)
    return output.getvalue()


def _write_deflated(
    package: zipfile.ZipFile, output: io.BytesIO, name: str, known: tuple[bytes, int, bytes]
) -> None:
    """Append entry `name` to `package`, its content already deflated, as `writestr` would.

    zipfile has no call for deflated bytes, so this does what `ZipFile.writestr` does
    for a seekable file: the local header with the final CRC and sizes, then the data,
    and the entry noted for the central directory that `close` writes.
    """
    content, crc, data = known
    info = _entry_info(name)
    info.file_size = len(content)
    info.compress_size = len(data)
    info.CRC = crc
    info.flag_bits = 0
    info.header_offset = output.tell()
    output.write(info.FileHeader(False))
    output.write(data)
    package.filelist.append(info)
    package.NameToInfo[name] = info
    package.start_dir = output.tell()
    package._didModify = True  # type: ignore[attr-defined]


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


def _set_core_properties(entries: dict[str, bytes], core: Properties) -> None:
    """Put `core` in `entries` as the core-properties part, declared where a package needs it."""
    if CORE_PART not in entries:
        types = etree.fromstring(entries["[Content_Types].xml"])
        override = etree.SubElement(types, f"{{{_CONTENT_TYPES}}}Override")
        override.set("PartName", f"/{CORE_PART}")
        override.set("ContentType", CORE_CONTENT_TYPE)
        entries["[Content_Types].xml"] = _serialised(types)
        relationships = etree.fromstring(entries["_rels/.rels"])
        taken = {r.get("Id") for r in relationships}
        relationship = etree.SubElement(relationships, f"{{{_RELATIONSHIPS}}}Relationship")
        relationship.set(
            "Id", next(f"rIdCore{n}" for n in range(len(taken) + 1) if f"rIdCore{n}" not in taken)
        )
        relationship.set("Type", CORE_RELATIONSHIP)
        relationship.set("Target", CORE_PART)
        entries["_rels/.rels"] = _serialised(relationships)
    else:
        _declare_core_properties(entries)
    entries[CORE_PART] = core.xml()


def _declare_core_properties(entries: dict[str, bytes]) -> None:
    """Give the package's relationship to its core properties the type Word and python-docx
    know, where the package names it otherwise: LibreOffice's "Office Open XML Text"
    writes the first edition's `…/officedocument/2006/relationships/metadata/core-properties`.
    """
    relationships = etree.fromstring(entries["_rels/.rels"])
    changed = False
    for relationship in relationships:
        target = (relationship.get("Target") or "").lstrip("/")
        kind = relationship.get("Type") or ""
        if target == CORE_PART and kind != CORE_RELATIONSHIP and kind.endswith("/core-properties"):
            relationship.set("Type", CORE_RELATIONSHIP)
            changed = True
    if changed:
        entries["_rels/.rels"] = _serialised(relationships)


def _serialised(element: etree._Element) -> bytes:
    """Return `element` as a standalone XML part."""
    return bytes(etree.tostring(element, xml_declaration=True, encoding="UTF-8", standalone=True))


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
