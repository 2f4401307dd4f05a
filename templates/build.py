"""Build docgen's Word templates from named styles: ``python templates/build.py``.

Nobody here has Word, so each template is code: it starts from python-docx's default
document, redefines the styles the renderer looks up by name, replaces the numbering
with real multi-level lists, sets up the page, header and footer, writes the docxtpl
tags, and is saved through `docgen.package.deterministic_zip` so that building twice
gives the same bytes. The built .docx files are committed; ``tests/test_templates.py``
fails when they are older than this script (run ``make templates``).

Every template shares one style sheet, one numbering, one page setup and one way of
being written; what differs is described as data (`Template`): the letterhead lines,
whether the footer carries the protocol's signature boxes, and the body, a sequence of
paragraphs (style, text) and borderless layout tables (`Grid`). The meeting documents
(protokoll, protokollsutdrag, anslagsbevis) lay out label | value facts in such tables,
the way Swedish municipal protocols do.

Measures in the style sheet below are points (pt); Word's XML stores twentieths of a
point (twips) for spacing and indents and half-points for font sizes.
"""

from __future__ import annotations

import io
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path

import docx
from docx.document import Document
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.table import WD_ALIGN_VERTICAL
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.oxml.xmlchemy import BaseOxmlElement
from docx.shared import Pt, Twips
from docx.styles.style import BaseStyle
from docx.table import Table
from docx.text.paragraph import Paragraph
from lxml import etree

from docgen.package import deterministic_zip

TEMPLATES = Path(__file__).resolve().parent
"""The folder the built templates are written to."""

BODY_FONT = "Times New Roman"
HEADING_FONT = "Arial"
LANGUAGE = "sv-SE"
"""Fonts LibreOffice maps metrically (Liberation Serif/Sans), and the document language."""

# A4 in twips, with the margins of a Swedish municipal letter: room at the top for the
# letterhead, 2.5 cm at the sides.
PAGE_WIDTH = 11906
PAGE_HEIGHT = 16838
MARGIN_LEFT = MARGIN_RIGHT = 1418  # 2.5 cm
MARGIN_TOP = 2268  # 4 cm: the header (letterhead) sits above it
MARGIN_BOTTOM = 1418  # 2.5 cm
HEADER_DISTANCE = 709  # 1.25 cm from the top edge
FOOTER_DISTANCE = 709  # 1.25 cm from the bottom edge
TEXT_WIDTH = PAGE_WIDTH - MARGIN_LEFT - MARGIN_RIGHT
LETTERHEAD_LEFT = 5103  # 9 cm for the kommun's name; the rest for date, type, dnr
DEFAULT_TAB = 1304  # 2.3 cm, the Swedish default tab stop
LABEL_WIDTH = 2835  # 5 cm: the label column of a protocol's fact tables
ROLE_WIDTH = 1701  # 3 cm: Sekreterare, Ordförande, Justerande beside their signature lines
LABEL_GAP = 113  # 2 mm between a label and its value
ROW_GAP = 80  # 4 pt under each row of a fact table

FIXED_TIME_W3CDTF = "2000-01-01T00:00:00Z"
"""Created/modified time of every template: never the clock's."""

CORE_PROPERTIES = "http://schemas.openxmlformats.org/package/2006/metadata/core-properties"
DC = "http://purl.org/dc/elements/1.1/"
DCTERMS = "http://purl.org/dc/terms/"
XSI = "http://www.w3.org/2001/XMLSchema-instance"
"""Namespaces of docProps/core.xml."""

# Relationship types of parts in python-docx's default document that a template
# should not carry: a 2013 thumbnail of an empty page, Word 2010's duplicate style
# sheet (stale as soon as styles.xml changes) and an empty bibliography store.
DROPPED_RELATIONSHIPS = (
    "http://schemas.openxmlformats.org/package/2006/relationships/metadata/thumbnail",
    "http://schemas.microsoft.com/office/2007/relationships/stylesWithEffects",
    "http://schemas.openxmlformats.org/officeDocument/2006/relationships/customXml",
)

P = WD_STYLE_TYPE.PARAGRAPH
C = WD_STYLE_TYPE.CHARACTER


@dataclass(frozen=True)
class Style:
    """A paragraph or character style, in the points and flags a style sheet uses."""

    name: str
    kind: WD_STYLE_TYPE = P
    based_on: str | None = "Normal"
    next: str | None = None
    custom: bool = False
    priority: int = 99
    gallery: bool = False
    font: str | None = None
    size: float | None = None
    bold: bool = False
    italic: bool = False
    color: str | None = None
    underline: bool = False
    language: str | None = None
    space_before: float | None = None
    space_after: float | None = None
    keep_next: bool = False
    keep_lines: bool = False
    num_id: int | None = None
    contextual: bool = False
    tabs: tuple[tuple[str, int], ...] = ()
    indent_left: float | None = None
    indent_right: float | None = None
    outline_level: int | None = None
    line_above: bool = False
    """A thin rule above the text: the line to sign on, the name printed under it."""


def _heading(level: int, size: float, before: float, after: float) -> Style:
    """Return the style `Heading level`: Arial bold, an outline level, kept with the next."""
    return Style(
        f"Heading {level}",
        next="Normal",
        priority=9,
        gallery=True,
        font=HEADING_FONT,
        size=size,
        bold=True,
        space_before=before,
        space_after=after,
        keep_next=True,
        keep_lines=True,
        outline_level=level - 1,
    )


# The numbering instances the list styles point at (numbering.xml w:num/@w:numId).
NUM_BULLET = 1
NUM_DECIMAL = 2
NUM_PAREN = 3

STYLES: tuple[Style, ...] = (
    Style(
        "Normal",
        based_on=None,
        priority=0,
        gallery=True,
        font=BODY_FONT,
        size=12,
        language=LANGUAGE,
    ),
    _heading(1, size=16, before=6, after=6),
    _heading(2, size=13, before=16, after=4),
    _heading(3, size=12, before=12, after=3),
    _heading(4, size=11, before=10, after=2),
    Style(
        "Subtitle",
        next="Normal",
        priority=11,
        gallery=True,
        font=HEADING_FONT,
        size=13,
        space_after=12,
        keep_next=True,
    ),
    Style(
        "Mottagare",
        next="Heading 1",
        custom=True,
        priority=1,
        gallery=True,
        font=HEADING_FONT,
        size=11,
        space_after=12,
        keep_next=True,
    ),
    Style("List Bullet", num_id=NUM_BULLET, contextual=True),
    Style("List Number", num_id=NUM_DECIMAL, contextual=True),
    Style("List Number Paren", custom=True, num_id=NUM_PAREN, contextual=True),
    Style(
        "Quote",
        next="Normal",
        priority=29,
        gallery=True,
        italic=True,
        indent_left=28.35,
        indent_right=28.35,
    ),
    Style(
        "Underskrift",
        next="Normal",
        custom=True,
        priority=1,
        gallery=True,
        space_before=36,
        space_after=0,
        keep_next=True,
        keep_lines=True,
    ),
    Style(
        "Paragrafnummer",
        next="Normal",
        custom=True,
        priority=1,
        gallery=True,
        font=HEADING_FONT,
        size=13,
        bold=True,
        space_before=12,  # apart from the paragraph before it on the same page
        space_after=6,
        keep_next=True,
        keep_lines=True,
    ),
    Style(
        "Etikett",
        custom=True,
        priority=1,
        gallery=True,
        font=HEADING_FONT,
        size=9,
        bold=True,
        space_before=2,
        space_after=0,
    ),
    Style("Tabelltext", custom=True, priority=1, gallery=True, space_after=0),
    Style(
        "Namnförtydligande",
        based_on="Underskrift",
        next="Normal",
        custom=True,
        priority=1,
        gallery=True,
        space_before=30,
        indent_right=56.7,
        line_above=True,
    ),
    Style(
        "Header",
        font=HEADING_FONT,
        size=10,
        space_after=0,
        tabs=(("center", TEXT_WIDTH // 2), ("right", TEXT_WIDTH)),
    ),
    Style(
        "Footer",
        font=HEADING_FONT,
        size=9,
        space_after=0,
        tabs=(("center", TEXT_WIDTH // 2), ("right", TEXT_WIDTH)),
    ),
    Style(
        "Signaturfält",
        based_on="Footer",
        custom=True,
        priority=1,
        size=8,
        space_before=20,
        indent_right=14.2,
        line_above=True,
    ),
    Style(
        "Hyperlink",
        kind=C,
        based_on="Default Paragraph Font",
        color="0563C1",
        underline=True,
    ),
)
"""The template's paragraph and character styles, looked up by name by the renderer."""

KEPT_STYLE_IDS = frozenset({"DefaultParagraphFont", "TableNormal", "NoList", "TableGrid"})
"""Styles of the default document kept as they are (or adjusted separately)."""

BULLETS = ("•", "–", "▪")
"""Bullet characters by list level, repeated every three levels."""


def _twips(points: float) -> int:
    """Return `points` in twentieths of a point."""
    return round(points * 20)


def _el(tag: str, children: Iterable[BaseOxmlElement] = (), **attrs: object) -> BaseOxmlElement:
    """Return a new WordprocessingML element `tag` with `children` and w: attributes `attrs`."""
    element = OxmlElement(tag)
    for name, value in attrs.items():
        element.set(qn(f"w:{name}"), str(value))
    element.extend(children)
    return element


def _fonts(name: str) -> BaseOxmlElement:
    """Return a w:rFonts naming `name` for every script, with no theme font overriding it."""
    return _el("w:rFonts", ascii=name, hAnsi=name, eastAsia=name, cs=name)


def _language(value: str) -> BaseOxmlElement:
    """Return a w:lang for `value`, as Swedish Word writes it."""
    return _el("w:lang", val=value, eastAsia="en-US", bidi="ar-SA")


def _rpr(style: Style) -> BaseOxmlElement:
    """Return the run properties of `style`, children in schema order."""
    children = []
    if style.font:
        children.append(_fonts(style.font))
    if style.bold:
        children += [_el("w:b"), _el("w:bCs")]
    if style.italic:
        children += [_el("w:i"), _el("w:iCs")]
    if style.color:
        children.append(_el("w:color", val=style.color))
    if style.size:
        half_points = round(style.size * 2)
        children += [_el("w:sz", val=half_points), _el("w:szCs", val=half_points)]
    if style.underline:
        children.append(_el("w:u", val="single"))
    if style.language:
        children.append(_language(style.language))
    return _el("w:rPr", children)


def _ppr(style: Style) -> BaseOxmlElement:
    """Return the paragraph properties of `style`, children in schema order."""
    children = []
    if style.keep_next:
        children.append(_el("w:keepNext"))
    if style.keep_lines:
        children.append(_el("w:keepLines"))
    if style.num_id is not None:
        children.append(_el("w:numPr", [_el("w:numId", val=style.num_id)]))
    if style.line_above:
        rule = _el("w:top", val="single", sz=4, space=1, color="auto")  # 1/2 pt, 1 pt off
        children.append(_el("w:pBdr", [rule]))
    if style.tabs:
        tabs = [_el("w:tab", val=kind, pos=position) for kind, position in style.tabs]
        children.append(_el("w:tabs", tabs))
    spacing = {}
    if style.space_before is not None:
        spacing["before"] = _twips(style.space_before)
    if style.space_after is not None:
        spacing["after"] = _twips(style.space_after)
    if spacing:
        children.append(_el("w:spacing", **spacing))
    indent = {}
    if style.indent_left is not None:
        indent["left"] = _twips(style.indent_left)
    if style.indent_right is not None:
        indent["right"] = _twips(style.indent_right)
    if indent:
        children.append(_el("w:ind", **indent))
    if style.contextual:
        children.append(_el("w:contextualSpacing"))
    if style.outline_level is not None:
        children.append(_el("w:outlineLvl", val=style.outline_level))
    return _el("w:pPr", children)


def _replace_child(parent: BaseOxmlElement, child: BaseOxmlElement, *successors: str) -> None:
    """Put `child` into `parent` in place of any element of its tag, before `successors`."""
    for old in parent.findall(child.tag):
        parent.remove(old)
    if len(child):
        parent.insert_element_before(child, *successors)


def _define_style(document: Document, spec: Style) -> None:
    """Create or redefine the style `spec` in `document`, replacing its formatting."""
    styles = document.styles
    try:
        style: BaseStyle = styles[spec.name]
    except KeyError:
        style = styles.add_style(spec.name, spec.kind, builtin=not spec.custom)
    if style.type != spec.kind:
        raise ValueError(f"style {spec.name!r} exists with another type")
    style.base_style = styles[spec.based_on] if spec.based_on else None
    if spec.kind == P:
        style.next_paragraph_style = styles[spec.next] if spec.next else None
    style.priority = spec.priority
    style.hidden = False
    style.unhide_when_used = False
    style.quick_style = spec.gallery
    element = style.element
    for link in element.findall(qn("w:link")):
        element.remove(link)
    tail = ("w:tblPr", "w:trPr", "w:tcPr", "w:tblStylePr")
    _replace_child(element, _ppr(spec), "w:rPr", *tail)
    _replace_child(element, _rpr(spec), *tail)


def _define_table_grid(document: Document) -> None:
    """Give `Table Grid` (single borders) a bold first row on light grey."""
    element = document.styles["Table Grid"].element
    for old in element.findall(qn("w:tblStylePr")):
        element.remove(old)
    element.append(
        _el(
            "w:tblStylePr",
            [
                _el("w:rPr", [_el("w:b"), _el("w:bCs")]),
                _el("w:tcPr", [_el("w:shd", val="clear", color="auto", fill="D9D9D9")]),
            ],
            type="firstRow",
        )
    )


def _define_doc_defaults(document: Document) -> None:
    """Make Times New Roman 12 pt, Swedish, single-spaced the document's defaults."""
    root = document.styles.element
    defaults = root.find(qn("w:docDefaults"))
    if defaults is None:
        raise ValueError("styles.xml has no w:docDefaults")
    for old in list(defaults):
        defaults.remove(old)
    font = _fonts(BODY_FONT)
    size = [_el("w:sz", val=24), _el("w:szCs", val=24)]
    defaults.append(_el("w:rPrDefault", [_el("w:rPr", [font, *size, _language(LANGUAGE)])]))
    # Spacing lives here, not in Normal: a table style's spacing outranks the defaults
    # but not a paragraph style, so Normal must leave it alone for tables to be tight.
    paragraph = [_el("w:widowControl"), _el("w:spacing", after=200, line=240, lineRule="auto")]
    defaults.append(_el("w:pPrDefault", [_el("w:pPr", paragraph)]))


def _prune_styles(document: Document, keep: set[str]) -> None:
    """Remove every style whose id is not in `keep`: a template carries what it uses."""
    root = document.styles.element
    for style in root.findall(qn("w:style")):
        if style.get(qn("w:styleId")) not in keep:
            root.remove(style)


def _define_styles(document: Document) -> None:
    """Give `document` exactly the styles of the style sheet."""
    _define_doc_defaults(document)
    for spec in STYLES:
        _define_style(document, spec)
    _define_table_grid(document)
    keep = {document.styles[spec.name].style_id for spec in STYLES} | KEPT_STYLE_IDS
    _prune_styles(document, keep)


def _level(level: int, number_format: str, text: str) -> BaseOxmlElement:
    """Return list level `level`, indented 0.25 inch further than the one above it."""
    return _el(
        "w:lvl",
        [
            _el("w:start", val=1),
            _el("w:numFmt", val=number_format),
            _el("w:lvlText", val=text),
            _el("w:lvlJc", val="left"),
            _el("w:pPr", [_el("w:ind", left=360 * (level + 1), hanging=360)]),
        ],
        ilvl=level,
    )


def _abstract_num(abstract_id: int, nsid: str, levels: list[BaseOxmlElement]) -> BaseOxmlElement:
    """Return a nine-level w:abstractNum `abstract_id` with the fixed identifier `nsid`."""
    head = [_el("w:nsid", val=nsid), _el("w:multiLevelType", val="hybridMultilevel")]
    return _el("w:abstractNum", [*head, *levels], abstractNumId=abstract_id)


def _numbered_levels(suffix: str) -> list[BaseOxmlElement]:
    """Return levels numbered 1, a, i, then 1 again, each followed by `suffix`."""
    formats = ("decimal", "lowerLetter", "lowerRoman") + ("decimal",) * 6
    return [_level(i, fmt, f"%{i + 1}{suffix}") for i, fmt in enumerate(formats)]


def _define_numbering(document: Document) -> None:
    """Replace the numbering with one bullet and two numbered lists, one w:num each."""
    root = document.part.numbering_part.element
    for old in list(root):
        root.remove(old)
    bullets = [_level(i, "bullet", BULLETS[i % len(BULLETS)]) for i in range(9)]
    abstracts = [
        (NUM_BULLET, _abstract_num(0, "4D2B0001", bullets)),
        (NUM_DECIMAL, _abstract_num(1, "4D2B0002", _numbered_levels("."))),
        (NUM_PAREN, _abstract_num(2, "4D2B0003", _numbered_levels(")"))),
    ]
    for _, abstract in abstracts:
        root.append(abstract)
    for num_id, abstract in abstracts:
        abstract_id = abstract.get(qn("w:abstractNumId"))
        root.append(_el("w:num", [_el("w:abstractNumId", val=abstract_id)], numId=num_id))


def _define_settings(document: Document) -> None:
    """Make settings.xml valid, Swedish and free of per-document identity."""
    root = document.settings.element
    zoom = root.find(qn("w:zoom"))
    if zoom is not None:
        zoom.set(qn("w:percent"), "100")
    for tag in ("w:proofState", "w:savePreviewPicture"):
        for old in root.findall(qn(tag)):
            root.remove(old)
    w14_doc_id = "{http://schemas.microsoft.com/office/word/2010/wordml}docId"
    for old in root.findall(w14_doc_id):
        root.remove(old)
    values = {
        "w:defaultTabStop": DEFAULT_TAB,
        "w:themeFontLang": LANGUAGE,
        "w:decimalSymbol": ",",
        "w:listSeparator": ";",
    }
    for tag, value in values.items():
        element = root.find(qn(tag))
        if element is None:
            raise ValueError(f"settings.xml has no {tag}")
        element.attrib.clear()
        element.set(qn("w:val"), str(value))


def _define_page(document: Document) -> None:
    """Set up the one section: A4 portrait with letter margins."""
    section = document.sections[0]
    section.page_width = Twips(PAGE_WIDTH)
    section.page_height = Twips(PAGE_HEIGHT)
    section.left_margin = Twips(MARGIN_LEFT)
    section.right_margin = Twips(MARGIN_RIGHT)
    section.top_margin = Twips(MARGIN_TOP)
    section.bottom_margin = Twips(MARGIN_BOTTOM)
    section.header_distance = Twips(HEADER_DISTANCE)
    section.footer_distance = Twips(FOOTER_DISTANCE)
    section.gutter = Twips(0)


def _drop_parts(document: Document) -> None:
    """Drop the default document's thumbnail, Word 2010 style copy and bibliography store."""
    for rels in (document.part.package.rels, document.part.rels):
        for r_id in [r_id for r_id, rel in rels.items() if rel.reltype in DROPPED_RELATIONSHIPS]:
            del rels[r_id]


def _set_properties(document: Document, title: str, subject: str) -> None:
    """Set the core properties to fixed values: no clock, no python-docx boilerplate.

    The elements are written with explicit namespaces rather than through python-docx's
    `core_properties`: importing docxtpl with docxcompose installed remaps python-docx's
    ``cp`` prefix to the custom-properties namespace (docxtpl issue #471), after which
    python-docx writes ``cp:lastModifiedBy`` and ``cp:revision`` into the wrong namespace.
    """
    root = document.core_properties._element
    for old in list(root):
        root.remove(old)
    values = [
        (DC, "title", title),
        (DC, "subject", subject),
        (DC, "creator", "docgen"),
        (DC, "description", "Byggd av templates/build.py: ändra skriptet, inte filen."),
        (CORE_PROPERTIES, "lastModifiedBy", "docgen"),
        (CORE_PROPERTIES, "revision", "1"),
        (DCTERMS, "created", FIXED_TIME_W3CDTF),
        (DCTERMS, "modified", FIXED_TIME_W3CDTF),
        (DC, "language", LANGUAGE),
    ]
    for namespace, name, text in values:
        element = etree.SubElement(root, f"{{{namespace}}}{name}")
        element.text = text
        if namespace == DCTERMS:
            element.set(f"{{{XSI}}}type", "dcterms:W3CDTF")


def _add_field(paragraph: Paragraph, instruction: str, cached: str) -> None:
    """Append the complex field `instruction` with the result `cached` to `paragraph`."""
    paragraph.add_run()._r.append(_el("w:fldChar", fldCharType="begin"))
    code = OxmlElement("w:instrText")
    code.set(qn("xml:space"), "preserve")
    code.text = f" {instruction} "
    paragraph.add_run()._r.append(code)
    paragraph.add_run()._r.append(_el("w:fldChar", fldCharType="separate"))
    paragraph.add_run(cached)
    paragraph.add_run()._r.append(_el("w:fldChar", fldCharType="end"))


def _layout_table(table: Table, widths: tuple[int, ...], gap: int = 0, row_gap: int = 0) -> None:
    """Fix the column `widths` (twips) of `table`, flush with the margins.

    Cells have no padding but `gap` on their right, to keep columns apart, and
    `row_gap` below, to keep rows apart.
    """
    table.autofit = False
    for column, cell, width in zip(table.columns, table.rows[0].cells, widths):
        column.width = Twips(width)
        cell.width = Twips(width)
    tbl_pr = table._tbl.tblPr
    for old in tbl_pr.findall(qn("w:tblW")):
        tbl_pr.remove(old)
    later = ("w:jc", "w:tblCellSpacing", "w:tblInd", "w:tblBorders", "w:shd", "w:tblLayout")
    tbl_pr.insert_element_before(_el("w:tblW", w=sum(widths), type="dxa"), *later)
    later = ("w:tblBorders", "w:shd", "w:tblLayout", "w:tblCellMar", "w:tblLook")
    tbl_pr.insert_element_before(_el("w:tblInd", w=0, type="dxa"), *later)
    padding = [_el("w:left", w=0, type="dxa"), _el("w:right", w=gap, type="dxa")]
    if row_gap:
        padding.insert(1, _el("w:bottom", w=row_gap, type="dxa"))
    tbl_pr.insert_element_before(_el("w:tblCellMar", padding), "w:tblLook", "w:tblCaption")


def _add_runs(paragraph: Paragraph, text: str) -> None:
    """Write `text` into `paragraph`: one run, or more where it holds a page break.

    A form feed stands for a page break (w:br w:type="page"), which needs a run of its
    own; so does a docxtpl ``{%r … %}`` tag around it, which removes its whole run.
    """
    for piece in re.split(r"(\f|\{%r [^%]*%\})", text):
        if piece == "\f":
            paragraph.add_run()._r.append(_el("w:br", type="page"))
        elif piece:
            paragraph.add_run(piece)


def _letterhead(document: Document, lines: tuple[str, ...], document_type: str) -> None:
    """Put the kommun on the left and `lines` on the right, `document_type` among them bold."""
    header = document.sections[0].header
    header.is_linked_to_previous = False
    trailing = header.paragraphs[0]
    table = header.add_table(rows=1, cols=2, width=Twips(TEXT_WIDTH))
    _layout_table(table, (LETTERHEAD_LEFT, TEXT_WIDTH - LETTERHEAD_LEFT))

    left, right = table.rows[0].cells
    kommun = left.paragraphs[0]
    kommun.style = document.styles["Header"]
    run = kommun.add_run("{{ kommun }}")
    run.bold = True
    run.font.size = Pt(14)

    for index, text in enumerate(lines):
        paragraph = right.paragraphs[0] if index == 0 else right.add_paragraph()
        paragraph.style = document.styles["Header"]
        run = paragraph.add_run(text)
        if text == document_type:
            run.bold = True
    header._element.append(trailing._p)  # the header ends with a paragraph, after the table


def _footer(document: Document, signatures: tuple[str, ...] = ()) -> None:
    """Put "Sida X av Y" (PAGE and NUMPAGES fields), right aligned, in the footer.

    With `signatures`, a borderless table above it gives each a line to sign on: a
    protocol's "Ordförandes signatur | Justerandes signatur | Utdragsbestyrkande".
    """
    footer = document.sections[0].footer
    footer.is_linked_to_previous = False
    paragraph = footer.paragraphs[0]
    if signatures:
        width = TEXT_WIDTH // len(signatures)
        widths = (width,) * (len(signatures) - 1) + (TEXT_WIDTH - width * (len(signatures) - 1),)
        table = footer.add_table(rows=1, cols=len(signatures), width=Twips(TEXT_WIDTH))
        _layout_table(table, widths)
        for cell, label in zip(table.rows[0].cells, signatures):
            cell.paragraphs[0].style = document.styles["Signaturfält"]
            cell.paragraphs[0].add_run(label)
        footer._element.append(paragraph._p)  # the page numbers come under the table
    paragraph.style = document.styles["Footer"]
    paragraph.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    paragraph.add_run("Sida ")
    _add_field(paragraph, "PAGE", "1")
    paragraph.add_run(" av ")
    _add_field(paragraph, "NUMPAGES", "1")


Line = tuple[str, str]
"""One paragraph: (style name, docxtpl tag or fixed text)."""

Cell = tuple[Line, ...]
"""The paragraphs of one table cell."""


@dataclass(frozen=True)
class Grid:
    """A borderless layout table: fixed column widths and rows of cells.

    A row given as a string is a docxtpl row tag (``{%tr for … %}``, ``{%tr endfor %}``):
    docxtpl replaces the whole row with the tag, so the rows between repeat.
    """

    widths: tuple[int, ...]
    rows: tuple[tuple[Cell, ...] | str, ...]
    space_before: float = 0
    """Points above the first row (a table has no paragraph spacing of its own)."""
    space_after: float = 0
    """Points below the last row, beyond the usual gap between rows."""


Block = Line | Grid
"""What a template body is made of."""


def _grid(document: Document, grid: Grid) -> None:
    """Append `grid` to the body of `document` as a borderless table whose rows never split."""
    table = document.add_table(rows=len(grid.rows), cols=len(grid.widths))
    _layout_table(table, grid.widths, gap=LABEL_GAP, row_gap=ROW_GAP)
    for index, (row, cells) in enumerate(zip(table.rows, grid.rows)):
        row._tr.get_or_add_trPr().append(_el("w:cantSplit"))
        if isinstance(cells, str):
            cells = ((("Tabelltext", cells),),)
        margins = []
        if index == 0 and grid.space_before:
            margins.append(_el("w:top", w=_twips(grid.space_before), type="dxa"))
        if index == len(grid.rows) - 1 and grid.space_after:
            margins.append(_el("w:bottom", w=ROW_GAP + _twips(grid.space_after), type="dxa"))
        # A row whose value is a signature sits on its line: the labels level with the name.
        signed = any(style == SIGNATURE_STYLE for style, _ in cells[-1][:1])
        for cell, lines in zip(row.cells, cells):
            if margins:
                later = ("w:textDirection", "w:tcFitText", "w:vAlign", "w:hideMark")
                cell._tc.get_or_add_tcPr().insert_element_before(_el("w:tcMar", margins), *later)
            if signed:
                cell.vertical_alignment = WD_ALIGN_VERTICAL.BOTTOM
            paragraphs = cell.paragraphs  # a new cell holds one empty paragraph
            for position, (style, text) in enumerate(lines):
                paragraph = paragraphs[0] if position == 0 else cell.add_paragraph()
                paragraph.style = document.styles[style]
                _add_runs(paragraph, text)
        for cell in row.cells:
            if cell.paragraphs[0].style.name == "Normal":  # empty cells: tight, like the rest
                cell.paragraphs[0].style = document.styles["Tabelltext"]


def _body(document: Document, blocks: Iterable[Block]) -> list[Paragraph]:
    """Append the paragraphs and layout tables `blocks`; return the body's paragraphs."""
    paragraphs = []
    for block in blocks:
        if isinstance(block, Grid):
            _grid(document, block)
        else:
            style, text = block
            paragraph = document.add_paragraph(style=style)
            _add_runs(paragraph, text)
            paragraphs.append(paragraph)
    return paragraphs


def _value(text: str) -> Cell:
    """Return a cell holding one value paragraph."""
    return (("Tabelltext", text),)


def _each(items: str, item: str) -> Cell:
    """Return a cell with one paragraph per entry of the list `items`.

    The ``{%p else %}`` branch leaves one empty paragraph when the list is empty: a
    cell must hold a paragraph, and the loop's own paragraphs are removed by docxtpl.
    """
    return (
        ("Tabelltext", f"{{%p for {item} in {items} %}}"),
        ("Tabelltext", f"{{{{ {item} }}}}"),
        ("Tabelltext", "{%p else %}"),
        ("Tabelltext", ""),
        ("Tabelltext", "{%p endfor %}"),
    )


def _facts(*rows: tuple[str, Cell] | str, space_before: float = 0, space_after: float = 0) -> Grid:
    """Return a label | value table: a 5 cm column of labels, the values beside them."""
    widths = (LABEL_WIDTH, TEXT_WIDTH - LABEL_WIDTH)
    cells = tuple(row if isinstance(row, str) else ((("Etikett", row[0]),), row[1])
                  for row in rows)
    return Grid(widths, cells, space_before, space_after)


def _listed(label: str, items: str, item: str) -> tuple[str, tuple[str, Cell], str]:
    """Return a label | list row that docxtpl leaves out when the list `items` is empty."""
    return (f"{{%tr if {items} %}}", (label, _each(items, item)), "{%tr endif %}")


SIGNATURE_STYLE = "Namnförtydligande"
"""The style of a name under a signing line, with room above it for the signature."""


def _signature(name: str) -> Cell:
    """Return a cell with room for a handwritten signature, a line, and `name` under it."""
    return ((SIGNATURE_STYLE, name),)


TJANSTESKRIVELSE_BODY: tuple[Line, ...] = (
    ("Mottagare", "{{ organ }}"),
    ("Heading 1", "{{ rubrik }}"),
    ("Normal", "{%p if underrubrik %}"),
    ("Subtitle", "{{ underrubrik }}"),
    ("Normal", "{%p endif %}"),
    ("Heading 2", "Förslag till beslut"),
    ("Normal", "{{p forslag_till_beslut }}"),
    ("Normal", "{{p brodtext }}"),
    ("Normal", "{%p if bilagor %}"),
    ("Heading 2", "Bilagor"),
    ("Normal", "{%p for bilaga in bilagor %}"),
    ("Normal", "{{ bilaga }}"),
    ("Normal", "{%p endfor %}"),
    ("Normal", "{%p endif %}"),
    ("Normal", "{%p for person in underskrifter %}"),
    ("Underskrift", "{{ person.namn }}"),
    ("Normal", "{{ person.titel }}"),
    ("Normal", "{%p if person.enhet %}"),
    ("Normal", "{{ person.enhet }}"),
    ("Normal", "{%p endif %}"),
    ("Normal", "{%p endfor %}"),
)
"""The body of a tjänsteskrivelse: (style, docxtpl tag or fixed text), one paragraph each."""

SIGNATURES = ("Ordförandes signatur", "Justerandes signatur", "Utdragsbestyrkande")
"""The boxes at the foot of every page of a protocol and of an extract from it."""

JUSTERAT = "Protokollet är justerat. Justeringen har tillkännagivits genom anslag."

ANSLAG_DATES: tuple[tuple[str, Cell], ...] = (
    ("Datum då anslaget sätts upp", _value("{{ anslag.uppsatt|datum_kort }}")),
    ("Sista dag för överklagande", _value("{{ anslag.sista_dag|datum_kort }}")),
    ("Datum då anslaget tas ned", _value("{{ anslag.nedtagning|datum_kort }}")),
    ("Förvaringsplats för protokollet", _value("{{ forvaringsplats }}")),
    ("Underskrift", _signature("{{ sekreterare }}")),
)
"""The rows of the bevis om anslag after the meeting's own: dates, place, signature."""


def _anslag(*paragrafer: tuple[str, Cell], space_after: float = 0) -> Grid:
    """Return the bevis om anslag table, with `paragrafer` after the meeting date."""
    return _facts(
        ("Organ", _value("{{ organ }}")),
        ("Sammanträdesdatum", _value("{{ datum|datum_kort }}")),
        *paragrafer,
        *ANSLAG_DATES,
        space_after=space_after,
    )


UNDERSKRIFTER = Grid(
    (LABEL_WIDTH, ROLE_WIDTH, TEXT_WIDTH - LABEL_WIDTH - ROLE_WIDTH),
    (
        (
            (("Etikett", "Underskrifter"),),
            (("Etikett", "Sekreterare"),),
            _signature("{{ sekreterare }}"),
        ),
        ((), (("Etikett", "Ordförande"),), _signature("{{ ordforande }}")),
        "{%tr for j in justerare %}",
        ((), (("Etikett", "Justerande"),), _signature("{{ j }}")),
        "{%tr endfor %}",
    ),
)
"""The protocol's signatures: sekreterare, ordförande and each justerare, with a line each."""

PROTOKOLL_BODY: tuple[Block, ...] = (
    ("Heading 1", "{{ organ }}"),
    _facts(
        ("Plats och tid", _value("{{ plats_och_tid }}")),
        ("Beslutande", _each("beslutande", "b")),
        *_listed("Tjänstgörande ersättare", "tjanstgorande_ersattare", "e"),
        *_listed("Ej tjänstgörande ersättare", "ej_tjanstgorande_ersattare", "e"),
        *_listed("Övriga närvarande", "ovriga_narvarande", "n"),
        ("Utses att justera", _each("justerare", "j")),
        (
            "Justeringens plats och tid",
            _value("{{ justering.plats_och_tid }}"),
        ),
        ("Paragrafer", _value("{{ paragrafer_text }}")),
    ),
    UNDERSKRIFTER,
    ("Heading 2", "ANSLAG/BEVIS"),
    ("Normal", JUSTERAT),
    _anslag(),
    # The list of deciding members a front page refers to ("Se sid 2"), on a page of its own.
    ("Normal", "{%p if bilaga %}"),
    ("Normal", "\f"),
    ("Normal", "{{p bilaga }}"),
    ("Normal", "{%p endif %}"),
    ("Normal", "{%p for p in paragrafer %}"),
    # The first paragraph starts a new page after the front page: the page break sits
    # in a run that only the loop's first round keeps.
    ("Paragrafnummer", "{%r if loop.first %}\f{%r endif %}{{ p.nummer_text }}"),
    ("Normal", "{{ p.diarienummer }}"),
    ("Heading 2", "{{ p.rubrik }}"),
    ("Normal", "{%p if p.underrubrik %}"),
    ("Subtitle", "{{ p.underrubrik }}"),
    ("Normal", "{%p endif %}"),
    ("Normal", "{{p p.innehall }}"),
    ("Normal", "{%p endfor %}"),
)
"""The protocol: front page, signatures, bevis om anslag, then every paragraph."""

PROTOKOLLSUTDRAG_BODY: tuple[Block, ...] = (
    ("Paragrafnummer", "{{ paragraf.nummer_text }}"),
    ("Normal", "{{ paragraf.diarienummer }}"),
    ("Heading 1", "{{ paragraf.rubrik }}"),
    ("Normal", "{%p if paragraf.underrubrik %}"),
    ("Subtitle", "{{ paragraf.underrubrik }}"),
    ("Normal", "{%p endif %}"),
    ("Normal", "{{p paragraf.innehall }}"),
    _facts(
        (
            "Utdragsbestyrkande",
            (("Tabelltext", "Utdraget bestyrks"), *_signature("{{ sekreterare }}")),
        ),
        space_before=24,
    ),
)
"""The extract: one paragraph as the protocol has it, then the bestyrkande."""

APPEAL = (
    "Den som vill överklaga beslutet ska ge in överklagandet till förvaltningsrätten "
    "senast {{ anslag.sista_dag|datum_lang }}."
)
"""The last day for appeal, in running text; one run, so docxtpl sees the whole tag."""

ANSLAGSBEVIS_BODY: tuple[Block, ...] = (
    ("Heading 1", "Anslagsbevis"),
    ("Normal", JUSTERAT),
    _anslag(("Paragrafer", _value("{{ paragrafer_text }}")), space_after=12),
    ("Normal", APPEAL),
)
"""The anslagsbevis: the justering announced, its dates, and the last day for appeal."""


@dataclass(frozen=True)
class Template:
    """What one template is: its letterhead, footer, body and properties."""

    title: str
    subject: str
    document_type: str
    letterhead: tuple[str, ...]
    body: tuple[Block, ...]
    signatures: tuple[str, ...] = ()


TJANSTESKRIVELSE = Template(
    title="Tjänsteskrivelse (mall)",
    subject="Tjänsteskrivelse",
    document_type="TJÄNSTESKRIVELSE",
    letterhead=("{{ datum|datum_kort }}", "TJÄNSTESKRIVELSE", "{{ diarienummer }}"),
    body=TJANSTESKRIVELSE_BODY,
)
PROTOKOLL = Template(
    title="Protokoll (mall)",
    subject="Protokoll",
    document_type="PROTOKOLL",
    letterhead=("PROTOKOLL", "{{ organ }}", "{{ datum|datum_kort }}"),
    body=PROTOKOLL_BODY,
    signatures=SIGNATURES,
)
PROTOKOLLSUTDRAG = Template(
    title="Protokollsutdrag (mall)",
    subject="Protokollsutdrag",
    document_type="PROTOKOLLSUTDRAG",
    letterhead=("PROTOKOLLSUTDRAG", "{{ organ }}", "{{ datum|datum_kort }}"),
    body=PROTOKOLLSUTDRAG_BODY,
    signatures=SIGNATURES,
)
ANSLAGSBEVIS = Template(
    title="Anslagsbevis (mall)",
    subject="Anslagsbevis",
    document_type="ANSLAGSBEVIS",
    letterhead=("ANSLAGSBEVIS",),
    body=ANSLAGSBEVIS_BODY,
)


def _new_document() -> Document:
    """Return python-docx's default document with the house styles, numbering and page."""
    document = docx.Document()
    _drop_parts(document)
    _define_styles(document)
    _define_numbering(document)
    _define_settings(document)
    _define_page(document)
    return document


def _document(template: Template) -> tuple[Document, list[Paragraph]]:
    """Return the document of `template` and its body paragraphs (tables aside)."""
    document = _new_document()
    _letterhead(document, template.letterhead, template.document_type)
    _footer(document, template.signatures)
    paragraphs = _body(document, template.body)
    _set_properties(document, template.title, template.subject)
    return document, paragraphs


def _save(document: Document, path: Path) -> None:
    """Write `document` to `path` as a deterministic zip."""
    buffer = io.BytesIO()
    document.save(buffer)
    path.write_bytes(deterministic_zip(buffer.getvalue()))


def _keep_with_next(paragraphs: list[Paragraph], text: str) -> None:
    """Keep the paragraph reading `text` on the page of the one after it."""
    next(p for p in paragraphs if p.text == text).paragraph_format.keep_with_next = True


def build_tjansteskrivelse(path: Path) -> None:
    """Build the tjänsteskrivelse template at `path`."""
    document, paragraphs = _document(TJANSTESKRIVELSE)
    # The title line of a signature sits tight under the name when a unit line follows.
    titel = next(p for p in paragraphs if p.text == "{{ person.titel }}")
    titel.paragraph_format.space_after = Twips(0)
    _save(document, path)


def build_protokoll(path: Path) -> None:
    """Build the protokoll template at `path`."""
    document, paragraphs = _document(PROTOKOLL)
    _keep_with_next(paragraphs, "{{ p.diarienummer }}")
    _keep_with_next(paragraphs, JUSTERAT)
    _save(document, path)


def build_protokollsutdrag(path: Path) -> None:
    """Build the protokollsutdrag template at `path`."""
    document, paragraphs = _document(PROTOKOLLSUTDRAG)
    _keep_with_next(paragraphs, "{{ paragraf.diarienummer }}")
    _save(document, path)


def build_anslagsbevis(path: Path) -> None:
    """Build the anslagsbevis template at `path`."""
    document, _ = _document(ANSLAGSBEVIS)
    _save(document, path)


BUILDERS: dict[str, Callable[[Path], None]] = {
    "tjansteskrivelse.docx": build_tjansteskrivelse,
    "protokoll.docx": build_protokoll,
    "protokollsutdrag.docx": build_protokollsutdrag,
    "anslagsbevis.docx": build_anslagsbevis,
}
"""Every template by file name, with the function that builds it."""


def build_all(folder: Path) -> list[Path]:
    """Build every template into `folder` and return their paths."""
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for name, build in BUILDERS.items():
        path = folder / name
        build(path)
        paths.append(path)
    return paths


def main() -> None:
    """Rebuild every template in the templates folder."""
    for path in build_all(TEMPLATES):
        print(f"built {path}")


if __name__ == "__main__":
    main()
