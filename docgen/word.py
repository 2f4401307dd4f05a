"""Writing docgen's blocks as WordprocessingML, through the template's named styles.

Lists become real Word numbering: every list gets a numbering instance of its own
(`w:num` with a start override) on the abstract numbering that the template's list
style points at, so each list restarts at 1 and nested lists count per level.
Tables get the template's table style and a repeating header row.
"""

from __future__ import annotations

from collections.abc import Mapping
from copy import deepcopy
from typing import Any

from docx.enum.style import WD_STYLE_TYPE
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.opc.constants import RELATIONSHIP_TYPE
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Emu, Pt
from docx.styles.style import StyleFactory
from docx.table import Table as WordTable
from docx.text.paragraph import Paragraph as WordParagraph

from docgen.markdown import Block, Heading, Inline, ListBlock, Paragraph, Quote, Table

TABLE_STYLE = "Table Grid"
LINK_STYLE = "Hyperlink"
REQUIRED_STYLES = (
    "Normal",
    "Heading 2",
    "Heading 3",
    "Heading 4",
    "List Bullet",
    "List Number",
    "List Number Paren",
    "Quote",
    LINK_STYLE,
    TABLE_STYLE,
)
"""The styles a template must define for Markdown content to be written through them."""


def find_style(document: Any, name: str) -> Any:
    """Return the style of `document` called `name`, however the editor that saved it wrote it.

    Word stores built-in styles under lower-case names (``heading 2``), LibreOffice under
    the names Word shows (``Heading 2``); both keep the id without spaces (``Heading2``).
    A name is matched without regard to case, then by id. Returns None when there is none.
    """
    wanted = name.casefold()
    by_id = None
    for style in document.styles:
        if style.name is not None and style.name.casefold() == wanted:
            return style
        if by_id is None and style.style_id == name.replace(" ", ""):
            by_id = style
    return by_id


def required_style_ids(document: Any) -> dict[str, str] | None:
    """Return the id of each style in `REQUIRED_STYLES` in `document`, or None if one lacks."""
    styles = {name: find_style(document, name) for name in REQUIRED_STYLES}
    if any(style is None for style in styles.values()):
        return None
    return {name: style.style_id for name, style in styles.items()}


_ALIGN = {
    "left": WD_ALIGN_PARAGRAPH.LEFT,
    "center": WD_ALIGN_PARAGRAPH.CENTER,
    "right": WD_ALIGN_PARAGRAPH.RIGHT,
}


class WordWriter:
    """Writes blocks into containers of one document, sharing its styles and numbering."""

    def __init__(self, document: Any, style_ids: Mapping[str, str] | None = None) -> None:
        """Write into `document`; `style_ids` (from `required_style_ids` of the same
        template) spares looking each style up by name again.
        """
        self.document = document
        self.part = document.part
        self.numbering = self.part.numbering_part.element
        if style_ids is None:
            self.styles = {name: find_style(document, name) for name in REQUIRED_STYLES}
        else:
            element = document.styles.element
            self.styles = {
                name: StyleFactory(element.get_by_id(style_id))
                for name, style_id in style_ids.items()
            }
        default = document.styles.default(WD_STYLE_TYPE.PARAGRAPH)
        self._paragraph_ids = {  # as python-docx sets a paragraph's style: none for the default
            name: None if style == default else style.style_id
            for name, style in self.styles.items()
            if style.type == WD_STYLE_TYPE.PARAGRAPH
        }

    def write(self, container: Any, blocks: tuple[Block, ...]) -> None:
        """Add `blocks` to `container`, in order."""
        for block in blocks:
            self._block(container, block, level=0, numbering=None)

    def paragraph(self, container: Any, spans: Inline, style: str) -> WordParagraph:
        """Add a paragraph of `spans` in `style` to `container`."""
        if style not in self._paragraph_ids:  # python-docx says what is wrong
            paragraph: WordParagraph = container.add_paragraph(style=self.styles[style])
        else:
            paragraph = container.add_paragraph()
            paragraph._p.style = self._paragraph_ids[style]
        self._spans(paragraph, spans)
        return paragraph

    def numbered(self, container: Any, items: list[Inline]) -> None:
        """Add `items` as one numbered list that starts at 1."""
        num_id = self._new_list("List Number", start=1)
        for spans in items:
            self._numbered(self.paragraph(container, spans, "List Number"), num_id, 0)

    def _block(self, container: Any, block: Block, level: int, numbering: int | None) -> None:
        if isinstance(block, Paragraph):
            written = self.paragraph(container, block.spans, "Normal")
            if block.keep_with_next:
                written.paragraph_format.keep_with_next = True
        elif isinstance(block, Heading):
            self.paragraph(container, block.spans, f"Heading {block.level}")
        elif isinstance(block, ListBlock):
            self._list(container, block, level)
        elif isinstance(block, Table):
            self._table(container, block)
        elif isinstance(block, Quote):
            for paragraph in block.blocks:
                self.paragraph(container, paragraph.spans, "Quote")

    def _list(self, container: Any, block: ListBlock, level: int) -> None:
        """Add a list at nesting `level`, with a numbering instance of its own."""
        style = _list_style(block)
        num_id = self._new_list(style, start=block.start, letters=block.letters)
        for item in block.items:
            first, *rest = item
            assert isinstance(first, Paragraph)
            paragraph = self.paragraph(container, first.spans, style)
            self._numbered(paragraph, num_id, level)
            for nested in rest:
                assert isinstance(nested, ListBlock)
                self._list(container, nested, level + 1)

    def _new_list(self, style: str, start: int, letters: bool = False) -> int:
        """Return the id of a new numbering instance for `style`'s list, starting at `start`.

        With `letters`, the first level counts a, b, c … (in the style's own punctuation,
        `a)` or `a.`), overriding the level as the numbering instance's own.
        """
        style_element = self.styles[style].element
        style_num = style_element.pPr.numPr.numId.val
        abstract_id = self.numbering.num_having_numId(style_num).abstractNumId.val
        num = self.numbering.add_num(abstract_id)
        for ilvl in range(9):
            override = num.add_lvlOverride(ilvl=ilvl)
            override.add_startOverride(start if ilvl == 0 else 1)
            if letters and ilvl == 0:
                override.append(self._lettered_level(abstract_id))
        return int(num.numId)

    def _lettered_level(self, abstract_id: int) -> Any:
        """Return a copy of the first level of numbering `abstract_id`, counting a, b, c …"""
        found = self.numbering.xpath(
            f'w:abstractNum[@w:abstractNumId="{abstract_id}"]/w:lvl[@w:ilvl="0"]'
        )
        level = deepcopy(found[0])
        for linked in level.findall(qn("w:pStyle")):
            level.remove(linked)
        level.find(qn("w:numFmt")).set(qn("w:val"), "lowerLetter")
        return level

    @staticmethod
    def _numbered(paragraph: WordParagraph, num_id: int, level: int) -> None:
        """Give `paragraph` list numbering `num_id` at `level`."""
        num_pr = paragraph._p.get_or_add_pPr().get_or_add_numPr()
        num_pr.get_or_add_ilvl().val = level
        num_pr.get_or_add_numId().val = num_id

    def _table(self, container: Any, block: Table) -> None:
        """Add a table with a repeating, never-splitting header row."""
        rows = (block.header, *block.rows)
        columns = len(block.header)
        table: WordTable = container.add_table(len(rows), columns)
        table.style = self.styles[TABLE_STYLE]
        _full_width(table)
        if block.widths:
            section = self.document.sections[0]
            _column_widths(
                table, block.widths, section.page_width - section.left_margin - section.right_margin
            )
        header = table.rows[0]._tr.get_or_add_trPr()
        header.append(OxmlElement("w:tblHeader"))
        header.append(OxmlElement("w:cantSplit"))
        for row, cells in zip(table.rows, rows, strict=True):
            for index, cell in enumerate(row.cells):
                spans = cells[index] if index < len(cells) else ()
                paragraph = cell.paragraphs[0]
                self._spans(paragraph, spans)
                align = block.align[index] if index < len(block.align) else None
                if align:
                    paragraph.alignment = _ALIGN[align]
                paragraph.paragraph_format.space_after = Pt(0)
        if block.keep_with_next:
            for cell in table.rows[-1].cells:
                cell.paragraphs[0].paragraph_format.keep_with_next = True

    def _spans(self, paragraph: WordParagraph, spans: Inline) -> None:
        """Add the runs of `spans` to `paragraph`, hyperlinks as real links."""
        for span in spans:
            if span.link:
                target = self._hyperlink(paragraph, span.link)
                run = paragraph.add_run()
                target.append(run._r)
                run.style = self.styles[LINK_STYLE]
            else:
                run = paragraph.add_run()
            run.text = span.text
            run.bold = span.bold or None
            run.italic = span.italic or None
            run.underline = span.underline or None
            run.font.superscript = span.superscript or None

    def _hyperlink(self, paragraph: WordParagraph, url: str) -> Any:
        """Return a new `w:hyperlink` to `url` at the end of `paragraph`."""
        rel_id = self.part.relate_to(url, RELATIONSHIP_TYPE.HYPERLINK, is_external=True)
        link = OxmlElement("w:hyperlink")
        link.set(qn("r:id"), rel_id)
        paragraph._p.append(link)
        return link


def _list_style(block: ListBlock) -> str:
    """Return the paragraph style for `block`'s kind of list."""
    if not block.ordered:
        return "List Bullet"
    return "List Number Paren" if block.paren else "List Number"


def _column_widths(table: WordTable, weights: tuple[int, ...], text_width: int) -> None:
    """Share `text_width` (EMU) between `table`'s columns in proportion to `weights`."""
    table.autofit = False
    for column, weight in zip(table.columns, weights, strict=True):
        width = Emu(text_width * weight // sum(weights))
        column.width = width
        for cell in column.cells:
            cell.width = width


def _full_width(table: WordTable) -> None:
    """Make `table` span the text width, columns shared evenly, header row marked."""
    tbl_pr = table._tbl.tblPr
    width = tbl_pr.find(qn("w:tblW"))
    if width is None:
        width = OxmlElement("w:tblW")
        tbl_pr.append(width)
    width.set(qn("w:type"), "pct")
    width.set(qn("w:w"), "5000")
    look = tbl_pr.find(qn("w:tblLook"))
    if look is None:
        look = OxmlElement("w:tblLook")
        tbl_pr.append(look)
    for name, value in (
        ("val", "04A0"),
        ("firstRow", "1"),
        ("lastRow", "0"),
        ("firstColumn", "0"),
        ("lastColumn", "0"),
        ("noHBand", "1"),
        ("noVBand", "1"),
    ):
        look.set(qn(f"w:{name}"), value)
