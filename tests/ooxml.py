"""Check .docx packages against the ISO/IEC 29500 transitional schemas and cross-references.

`validate_docx` validates the WordprocessingML parts against ``wml.xsd`` (after applying
Markup Compatibility, as Word and LibreOffice write extensions the 2006 schemas do not
know), ``[Content_Types].xml`` against ``opc-contentTypes.xsd``, and the elements of
``docProps/core.xml`` against the list its schema allows. `check_references` checks what
the schemas cannot: that styles and numbering referred to exist. Both return a list of
problems formatted ``part:line: message``, empty when there are none.

The schemas live in ``tests/data/ooxml-xsd/`` (see its ``SOURCE.md``) and are loaded
once, offline. ``docProps/core.xml`` is not schema-validated: ``opc-coreProperties.xsd``
imports the Dublin Core schemas from dublincore.org, which would need the network, so
its elements are checked against the list that schema allows instead.

>>> part = etree.fromstring(
...     f'<w:p xmlns:w="urn:w" xmlns:mc="{MC}" xmlns:x="urn:x" mc:Ignorable="x" x:id="7">'
...     f'<x:extra/><mc:AlternateContent><mc:Choice Requires="x"><x:new/></mc:Choice>'
...     f'<mc:Fallback><w:r/></mc:Fallback></mc:AlternateContent></w:p>'
... )
>>> etree.tostring(apply_markup_compatibility(part))
b'<w:p xmlns:w="urn:w"><w:r/></w:p>'
"""

from __future__ import annotations

import functools
import re
import zipfile
from collections.abc import Iterator
from pathlib import Path

from lxml import etree

__all__ = ["SKIPPED", "apply_markup_compatibility", "check_references", "validate_docx"]

SCHEMAS = Path(__file__).parent / "data" / "ooxml-xsd"
"""The folder of the ISO/IEC 29500 transitional schemas."""

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
MC = "http://schemas.openxmlformats.org/markup-compatibility/2006"

WORDPROCESSING_PART = re.compile(
    r"word/(document|styles|numbering|settings|fontTable|webSettings"
    r"|footnotes|endnotes|comments|header\d*|footer\d*)\.xml"
)
"""Names of the WordprocessingML parts validated against wml.xsd."""

PACKAGE_SCHEMAS = {"[Content_Types].xml": "opc-xsd/opc-contentTypes.xsd"}
"""Other parts and the schema each is validated against."""

SKIPPED = {
    "docProps/core.xml": "opc-coreProperties.xsd imports the Dublin Core schemas "
    "from http://dublincore.org/, which cannot be loaded offline; a structural check "
    "of the elements that schema allows runs instead",
}
"""Parts not schema-validated, with the reason."""

CORE_PART = "docProps/core.xml"
CORE = "http://schemas.openxmlformats.org/package/2006/metadata/core-properties"
DC = "http://purl.org/dc/elements/1.1/"
DCTERMS = "http://purl.org/dc/terms/"
XSI = "http://www.w3.org/2001/XMLSchema-instance"
CORE_ELEMENTS = {
    **{f"{{{CORE}}}{name}": "text" for name in ("category", "contentStatus", "revision")},
    **{f"{{{CORE}}}{name}": "text" for name in ("lastModifiedBy", "version")},
    f"{{{CORE}}}keywords": "keywords",
    f"{{{CORE}}}lastPrinted": "text",
    **{f"{{{DC}}}{name}": "text" for name in ("creator", "description", "identifier")},
    **{f"{{{DC}}}{name}": "text" for name in ("language", "subject", "title")},
    f"{{{DCTERMS}}}created": "W3CDTF",
    f"{{{DCTERMS}}}modified": "W3CDTF",
}
"""The children opc-coreProperties.xsd allows in cp:coreProperties (each at most once)."""

MAIN_PART = "word/document.xml"
STYLES_PART = "word/styles.xml"
NUMBERING_PART = "word/numbering.xml"

STYLE_REFERENCES = {"pStyle": "paragraph", "rStyle": "character", "tblStyle": "table"}
"""Elements that name a style, with the type of style they must name."""

STYLE_LINKS = ("basedOn", "next", "link")
"""Elements of a w:style that name another style."""


def _w(name: str) -> str:
    """Return the Clark name of the WordprocessingML element or attribute `name`."""
    return f"{{{W}}}{name}"


def _parser() -> etree.XMLParser:
    """Return an XML parser that never touches the network or expands entities."""
    return etree.XMLParser(no_network=True, resolve_entities=False)


@functools.cache
def load_schema(relative: str) -> etree.XMLSchema:
    """Return the schema at `relative` under the schema folder, loaded once."""
    return etree.XMLSchema(etree.parse(str(SCHEMAS / relative), _parser()))


def apply_markup_compatibility(root: etree._Element) -> etree._Element:
    """Return `root` reduced to what the 2006 schemas know, as Markup Compatibility says.

    Elements and attributes in namespaces that mc:Ignorable lists are dropped, each
    mc:AlternateContent is replaced by the children of its mc:Fallback (or by nothing),
    and the mc: attributes themselves are removed. `root` is changed in place.
    """
    ignorable: set[str] = set()
    for element in _elements(root):
        for prefix in element.get(f"{{{MC}}}Ignorable", "").split():
            namespace = element.nsmap.get(prefix)
            if namespace:
                ignorable.add(namespace)

    for alternate in list(root.iter(f"{{{MC}}}AlternateContent")):
        parent = alternate.getparent()
        if parent is None:
            continue
        fallback = alternate.find(f"{{{MC}}}Fallback")
        position = parent.index(alternate)
        for offset, child in enumerate(list(fallback) if fallback is not None else []):
            parent.insert(position + offset, child)
        parent.remove(alternate)

    for element in [e for e in _elements(root) if etree.QName(e).namespace in ignorable]:
        parent = element.getparent()
        if parent is not None:
            parent.remove(element)

    for element in _elements(root):
        for name in list(element.attrib):
            namespace = etree.QName(name).namespace
            if namespace == MC or namespace in ignorable:
                del element.attrib[name]
    etree.cleanup_namespaces(root)
    return root


def _elements(root: etree._Element) -> Iterator[etree._Element]:
    """Yield `root` and every element under it, skipping comments and processing instructions."""
    for element in root.iter():
        if isinstance(element.tag, str):
            yield element


def _parse(part: str, data: bytes, errors: list[str]) -> etree._Element | None:
    """Return the parsed root of `part`, or None after adding its syntax error to `errors`."""
    try:
        return etree.fromstring(data, _parser())
    except etree.XMLSyntaxError as exc:
        errors.append(f"{part}:{exc.lineno}: not well-formed XML: {exc.msg}")
        return None


def _validate(part: str, root: etree._Element, schema: etree.XMLSchema) -> list[str]:
    """Return the schema errors of `part`, each with its line and the path of the element."""
    if schema.validate(root):
        return []
    return [f"{part}:{error.line}: {error.message} (at {error.path})" for error in schema.error_log]


def _read_parts(path: Path) -> dict[str, bytes]:
    """Return every entry of the .docx at `path` by name."""
    with zipfile.ZipFile(path) as package:
        return {name: package.read(name) for name in package.namelist()}


def _check_core_properties(root: etree._Element) -> list[str]:
    """Return the errors in core properties `root` that opc-coreProperties.xsd would report.

    Each child must be one the schema allows, in its own namespace (python-docx writes
    ``cp:lastModifiedBy`` into the custom-properties namespace once docxcompose has
    remapped its ``cp`` prefix), at most once, and the dates must be typed W3CDTF.
    """
    if root.tag != f"{{{CORE}}}coreProperties":
        return [f"{CORE_PART}:{root.sourceline}: root element {root.tag} is not cp:coreProperties"]
    errors = []
    seen = set()
    for child in root:
        if not isinstance(child.tag, str):
            continue
        kind = CORE_ELEMENTS.get(child.tag)
        where = f"{CORE_PART}:{child.sourceline}"
        if kind is None:
            errors.append(f"{where}: element {child.tag} is not allowed in cp:coreProperties")
            continue
        if child.tag in seen:
            errors.append(f"{where}: element {child.tag} occurs more than once")
        seen.add(child.tag)
        if kind == "W3CDTF" and child.get(f"{{{XSI}}}type") != "dcterms:W3CDTF":
            errors.append(f'{where}: element {child.tag} needs xsi:type="dcterms:W3CDTF"')
        if kind != "keywords" and len(child):
            errors.append(f"{where}: element {child.tag} may hold text only")
    return errors


def validate_docx(path: Path) -> list[str]:
    """Return every schema error in the WordprocessingML and package parts of the .docx `path`."""
    parts = _read_parts(Path(path))
    errors: list[str] = []
    if MAIN_PART not in parts:
        errors.append(f"{MAIN_PART}:0: the package has no main document part")
    for part in sorted(parts):
        if WORDPROCESSING_PART.fullmatch(part):
            schema = load_schema("wml.xsd")
            markup_compatibility = True
        elif part in PACKAGE_SCHEMAS:
            schema = load_schema(PACKAGE_SCHEMAS[part])
            markup_compatibility = False
        elif part == CORE_PART:
            root = _parse(part, parts[part], errors)
            if root is not None:
                errors += _check_core_properties(root)
            continue
        else:
            continue
        root = _parse(part, parts[part], errors)
        if root is None:
            continue
        if markup_compatibility:
            root = apply_markup_compatibility(root)
        errors += _validate(part, root, schema)
    return errors


def check_references(path: Path) -> list[str]:
    """Return every style or numbering reference in the .docx `path` that leads nowhere."""
    parts = _read_parts(Path(path))
    errors: list[str] = []
    roots = {}
    for part in sorted(parts):
        if WORDPROCESSING_PART.fullmatch(part):
            root = _parse(part, parts[part], errors)
            if root is not None:
                roots[part] = root

    styles = roots.get(STYLES_PART)
    style_types = {}
    if styles is not None:
        for style in styles.iter(_w("style")):
            style_types[style.get(_w("styleId"))] = style.get(_w("type"), "paragraph")
        for style in styles.iter(_w("style")):
            kind = style.get(_w("type"), "paragraph")
            for link in STYLE_LINKS:
                for element in style.findall(_w(link)):
                    value = element.get(_w("val"))
                    if value not in style_types:
                        errors.append(
                            f"{STYLES_PART}:{element.sourceline}: w:{link} {value!r} "
                            f"of style {style.get(_w('styleId'))!r} is not a style"
                        )
                    elif link == "basedOn" and style_types[value] != kind:
                        errors.append(
                            f"{STYLES_PART}:{element.sourceline}: {kind} style "
                            f"{style.get(_w('styleId'))!r} is based on {style_types[value]} "
                            f"style {value!r}"
                        )

    for part, root in roots.items():
        for name, kind in STYLE_REFERENCES.items():
            for element in root.iter(_w(name)):
                value = element.get(_w("val"))
                if value not in style_types:
                    errors.append(
                        f"{part}:{element.sourceline}: w:{name} {value!r} is not a style "
                        f"in {STYLES_PART}"
                    )
                elif style_types[value] != kind:
                    errors.append(
                        f"{part}:{element.sourceline}: w:{name} {value!r} names a "
                        f"{style_types[value]} style, not a {kind} style"
                    )

    numbering = roots.get(NUMBERING_PART)
    abstract_ids = set()
    num_ids: dict[str, str | None] = {}
    if numbering is not None:
        for abstract in numbering.iter(_w("abstractNum")):
            abstract_ids.add(abstract.get(_w("abstractNumId")))
        for num in numbering.iter(_w("num")):
            abstract = num.find(_w("abstractNumId"))
            abstract_id = abstract.get(_w("val")) if abstract is not None else None
            num_ids[num.get(_w("numId"))] = abstract_id
            if abstract_id not in abstract_ids:
                errors.append(
                    f"{NUMBERING_PART}:{num.sourceline}: w:num {num.get(_w('numId'))!r} "
                    f"refers to abstractNum {abstract_id!r}, which does not exist"
                )

    for part, root in roots.items():
        if part == NUMBERING_PART:
            continue
        for element in root.iter(_w("numId")):
            value = element.get(_w("val"))
            if value == "0":  # numId 0 switches numbering off
                continue
            if value not in num_ids:
                errors.append(
                    f"{part}:{element.sourceline}: w:numId {value!r} is not a w:num "
                    f"in {NUMBERING_PART}"
                )
            elif num_ids[value] not in abstract_ids:
                errors.append(
                    f"{part}:{element.sourceline}: w:numId {value!r} leads to no abstractNum "
                    f"in {NUMBERING_PART}"
                )
    return errors
