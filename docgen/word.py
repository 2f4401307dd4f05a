"""Writing docgen's blocks as WordprocessingML, through the template's named styles.

The blocks are written as XML text, element by element, exactly as python-docx would
build them (the same elements, attributes and order), without building its objects:
a protocol's hundreds of paragraphs cost string joins, not object graphs.

Lists become real Word numbering: every list gets a numbering instance of its own
(`w:num` with a start override) on the abstract numbering that the template's list
style points at, so each list restarts at 1 and nested lists count per level.
Tables get the template's table style and a repeating header row. Links become
external relationships of the document part.
"""

from __future__ import annotations

import copy
import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from html import escape
from typing import Any

from docx.enum.style import WD_STYLE_TYPE
from docx.opc.constants import RELATIONSHIP_TYPE
from docx.opc.oxml import CT_Relationships
from docx.oxml.ns import qn
from docx.shared import Inches
from docx.styles.style import StyleFactory

from docgen.errors import TemplateError
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
SWEDISH_WORD_NAMES = {
    "Header": "Sidhuvud",
    "Footer": "Sidfot",
    "Title": "Rubrik",
    "Subtitle": "Underrubrik",
    "Heading 1": "Rubrik 1",
    "Heading 2": "Rubrik 2",
    "Heading 3": "Rubrik 3",
    "Heading 4": "Rubrik 4",
    "List Bullet": "Punktlista",
    "List Number": "Numrerad lista",
    "Quote": "Citat",
    LINK_STYLE: "Hyperlänk",
    TABLE_STYLE: "Tabellrutnät",
}
"""The names Word in Swedish shows for built-in styles it stores in English."""
REQUIRED_KINDS = {
    name: WD_STYLE_TYPE.TABLE
    if name == TABLE_STYLE
    else WD_STYLE_TYPE.CHARACTER
    if name == LINK_STYLE
    else WD_STYLE_TYPE.PARAGRAPH
    for name in REQUIRED_STYLES
}
"""The kind each required style must be of: the table style, the link's character style,
the others paragraph styles."""

_W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
_R = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_EMU_PER_TWIP = 635
_BREAKING = re.compile("([\t\r\n])")
"""The characters python-docx writes as elements of their own in a run: tab and breaks."""
_LIST_STYLES = ("List Bullet", "List Number", "List Number Paren")


def style_name(name: str) -> str:
    """Return the style `name` quoted for a message or the guide, with the name Word in
    Swedish shows where that differs from the name stored in the file.

    >>> style_name("Heading 2")
    '”Heading 2” (”Rubrik 2” i svenska Word)'
    >>> style_name("Normal")
    '”Normal”'
    """
    shown = SWEDISH_WORD_NAMES.get(name)
    return f"”{name}” (”{shown}” i svenska Word)" if shown else f"”{name}”"


def find_style(document: Any, name: str) -> Any:
    """Return the style of `document` called `name`, however the editor that saved it wrote it.

    Word stores built-in styles under lower-case names (``heading 2``), LibreOffice under
    the names Word shows (``Heading 2``); both keep the id without spaces (``Heading2``).
    A name is matched without regard to case, then by id. Returns None when there is none.
    """
    return _find_styles(document, (name,))[name]


def required_style_ids(document: Any) -> dict[str, str] | None:
    """Return the id of each style in `REQUIRED_STYLES` in `document`, or None if one lacks."""
    styles = _find_styles(document, REQUIRED_STYLES)
    if any(style is None for style in styles.values()):
        return None
    return {name: style.style_id for name, style in styles.items()}


def _find_styles(document: Any, names: tuple[str, ...]) -> dict[str, Any]:
    """Return the style of `document` for each of `names`, as `find_style` finds it."""
    by_name: dict[str, Any] = {}
    by_id: dict[str, Any] = {}
    for style in document.styles:
        if style.name is not None:
            by_name.setdefault(style.name.casefold(), style)
        by_id.setdefault(style.style_id, style)
    return {name: by_name.get(name.casefold(), by_id.get(name.replace(" ", ""))) for name in names}


def _twips(emu: int) -> int:
    """Return `emu` in twips, rounded as python-docx rounds."""
    return int(round(emu / float(_EMU_PER_TWIP)))


@dataclass(frozen=True)
class Relationship:
    """One relationship of the document part: id, type, target and whether it is external."""

    rid: str
    reltype: str
    target: str
    external: bool


@dataclass(frozen=True)
class TemplateFacts:
    """What writing blocks needs to know of one template, found once when it is compiled.

    `named` gives the id by which an element names each required style, None for the
    default style of its kind (which an element names by naming none, as python-docx
    writes it), `kinds` each required style's kind (paragraph, character, table),
    `list_numbering` the abstract numbering each list style points at, `numbering` the
    template's numbering part (None when it has none), `relationships` the document
    part's own. The widths between the margins are in EMU: `block_width` of the last
    section as python-docx reckons it for an evenly divided table (a margin of 0 taken
    as unset), `text_width` of the first, for tables with columns of their own widths.
    """

    template: str
    named: Mapping[str, str | None]
    kinds: Mapping[str, WD_STYLE_TYPE]
    list_numbering: Mapping[str, int | None]
    numbering: Any
    relationships: tuple[Relationship, ...]
    block_width: int
    text_width: int

    @classmethod
    def of(cls, document: Any, style_ids: Mapping[str, str], template: str) -> TemplateFacts:
        """Return the facts of the python-docx `document` whose required styles have `style_ids`."""
        element = document.styles.element
        styles = {name: StyleFactory(element.get_by_id(i)) for name, i in style_ids.items()}
        kinds = {name: style.type for name, style in styles.items()}
        defaults = {kind: document.styles.default(kind) for kind in set(kinds.values())}
        try:
            numbering = document.part.part_related_by(RELATIONSHIP_TYPE.NUMBERING).element
        except KeyError:
            numbering = None
        sections = list(document.sections)
        first = _section_width(sections[0], python_docx=False) if sections else _LETTER
        last = _section_width(sections[-1], python_docx=True) if sections else _LETTER
        rels = document.part.rels
        return cls(
            template=template,
            named={
                name: None if style == defaults[style.type] else style.style_id
                for name, style in styles.items()
            },
            kinds=kinds,
            list_numbering={
                name: _abstract_numbering(styles[name].element, numbering) for name in _LIST_STYLES
            },
            numbering=numbering,
            relationships=tuple(
                Relationship(r.rId, r.reltype, r.target_ref, r.is_external) for r in rels.values()
            ),
            block_width=last,
            text_width=first,
        )

    def problems(self) -> list[str]:
        """Return what is wrong with the template's required styles for writing blocks:
        a style of another kind than its use needs, a list style without numbering.
        """
        found = []
        for name, kind in REQUIRED_KINDS.items():
            try:
                self.style(name, kind)
            except TemplateError as problem:
                found.append(problem.message)
        found += [
            _UNNUMBERED.format(style=style_name(name))
            for name, abstract in self.list_numbering.items()
            if abstract is None and self.kinds[name] == WD_STYLE_TYPE.PARAGRAPH
        ]
        return found

    def style(self, name: str, kind: WD_STYLE_TYPE) -> str | None:
        """Return the id an element names the required style `name` by, which must be of
        `kind`; a template whose style is of another kind is refused in one line.
        """
        if self.kinds[name] != kind:
            wanted = {
                WD_STYLE_TYPE.PARAGRAPH: "styckeformatmall",
                WD_STYLE_TYPE.CHARACTER: "teckenformatmall",
                WD_STYLE_TYPE.TABLE: "tabellformatmall",
            }[kind]
            raise TemplateError(f"formatmallen {style_name(name)} är ingen {wanted}", self.template)
        return self.named[name]


_UNNUMBERED = (
    "formatmallen {style} är inte kopplad till någon numrering i mallen "
    "(word/numbering.xml), så listor kan inte skrivas"
)
_LETTER = int(Inches(8.5) - 2 * Inches(1))
"""The width between the margins where a template gives no page: python-docx's default."""


def _section_width(section: Any, python_docx: bool) -> int:
    """Return the width between the margins of `section` in EMU; a size the template does
    not give is python-docx's default (a Letter page, inch margins). With `python_docx`,
    a margin of 0 is taken as unset too, as python-docx does for an evenly divided table.
    """

    def given(value: Any, default: Any) -> Any:
        return (value or default) if python_docx else (default if value is None else value)

    page = given(section.page_width, Inches(8.5))
    left, right = given(section.left_margin, Inches(1)), given(section.right_margin, Inches(1))
    return int(page - left - right)


def _abstract_numbering(style: Any, numbering: Any) -> int | None:
    """Return the abstract numbering id the list style `style` points at, or None."""
    try:
        num_id = style.pPr.numPr.numId.val
        return int(numbering.num_having_numId(num_id).abstractNumId.val)
    except (AttributeError, KeyError):
        return None


class WordWriter:
    """Writes blocks as WordprocessingML for one document, and the lists and links they
    add to its numbering and relationships.
    """

    def __init__(self, facts: TemplateFacts) -> None:
        self.facts = facts
        self.numbering: Any = None
        """The document's numbering part, copied from the template's at the first list."""
        self.relationships = list(facts.relationships)
        self.links_added = False
        self._hyperlinks: dict[str, str] = {}  # each link's url: its relationship's id
        for relationship in reversed(self.relationships):  # the first of equal urls wins
            if relationship.external and relationship.reltype == RELATIONSHIP_TYPE.HYPERLINK:
                self._hyperlinks[relationship.target] = relationship.rid
        self._taken = {r.rid for r in self.relationships}
        self._free = 1  # no id below rId{_free} is free

    def blocks(self, blocks: tuple[Block, ...]) -> str:
        """Return `blocks` as WordprocessingML: paragraphs and tables, in order."""
        return "".join(self._block(block) for block in blocks)

    def numbered(self, items: list[Inline]) -> str:
        """Return `items` as one numbered list that starts at 1."""
        num_id = self._new_list("List Number", start=1)
        return "".join(
            self.paragraph(spans, "List Number", numbering=(num_id, 0)) for spans in items
        )

    def paragraph(
        self,
        spans: Inline,
        style: str,
        keep_with_next: bool = False,
        numbering: tuple[int, int] | None = None,
    ) -> str:
        """Return a paragraph of `spans` in `style`, kept with the next where asked,
        numbered as (numbering instance, level) where given.
        """
        properties = ""
        style_id = self.facts.style(style, WD_STYLE_TYPE.PARAGRAPH)
        if style_id is not None:
            properties += f"<w:pStyle w:val={_attribute(style_id)}/>"
        if keep_with_next:
            properties += "<w:keepNext/>"
        if numbering is not None:
            num_id, level = numbering
            properties += f'<w:numPr><w:ilvl w:val="{level}"/><w:numId w:val="{num_id}"/></w:numPr>'
        return f'<w:p xmlns:w="{_W}">{_properties(properties)}{self._runs(spans)}</w:p>'

    def _block(self, block: Block) -> str:
        if isinstance(block, Paragraph):
            return self.paragraph(block.spans, "Normal", keep_with_next=block.keep_with_next)
        if isinstance(block, Heading):
            return self.paragraph(block.spans, f"Heading {block.level}")
        if isinstance(block, ListBlock):
            return "".join(self._list(block, level=0))
        if isinstance(block, Table):
            return self._table(block)
        assert isinstance(block, Quote)
        return "".join(self.paragraph(p.spans, "Quote") for p in block.blocks)

    def _list(self, block: ListBlock, level: int) -> Iterator[str]:
        """Yield a list's paragraphs at nesting `level`, with a numbering instance of its own."""
        style = _list_style(block)
        num_id = self._new_list(style, start=block.start, letters=block.letters)
        for item in block.items:
            first, *rest = item
            assert isinstance(first, Paragraph)
            yield self.paragraph(first.spans, style, numbering=(num_id, level))
            for nested in rest:
                assert isinstance(nested, ListBlock)
                yield from self._list(nested, level + 1)

    def _new_list(self, style: str, start: int, letters: bool = False) -> int:
        """Return the id of a new numbering instance for `style`'s list, starting at `start`.

        With `letters`, the first level counts a, b, c … (in the style's own punctuation,
        `a)` or `a.`), overriding the level as the numbering instance's own.
        """
        abstract_id = self.facts.list_numbering[style]
        if abstract_id is None:
            raise TemplateError(_UNNUMBERED.format(style=style_name(style)), self.facts.template)
        if self.numbering is None:
            self.numbering = copy.deepcopy(self.facts.numbering)
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
        level = copy.deepcopy(found[0])
        for linked in level.findall(qn("w:pStyle")):
            level.remove(linked)
        level.find(qn("w:numFmt")).set(qn("w:val"), "lowerLetter")
        return level

    def _table(self, block: Table) -> str:
        """Return a table as wide as the text, its header row repeated on each page and no
        row split between pages."""
        table_style = self.facts.style(TABLE_STYLE, WD_STYLE_TYPE.TABLE)
        named_style = f"<w:tblStyle w:val={_attribute(table_style)}/>" if table_style else ""
        rows = (block.header, *block.rows)
        columns = len(block.header)
        even = _twips(self.facts.block_width // columns) if columns else 0
        widths = [even] * columns
        layout = ""
        if block.widths:
            layout = '<w:tblLayout w:type="fixed"/>'
            total = sum(block.widths)
            widths = [_twips(self.facts.text_width * w // total) for w in block.widths]
        xml = [
            f'<w:tbl xmlns:w="{_W}"><w:tblPr>{named_style}'
            f'<w:tblW w:type="pct" w:w="5000"/>{layout}'
            '<w:tblLook w:firstColumn="0" w:firstRow="1" w:lastColumn="0" w:lastRow="0" '
            'w:noHBand="1" w:noVBand="1" w:val="04A0"/></w:tblPr><w:tblGrid>',
            *(f'<w:gridCol w:w="{width}"/>' for width in widths),
            "</w:tblGrid>",
        ]
        for number, cells in enumerate(rows):
            xml.append("<w:tr>")
            header = "<w:tblHeader/>" if number == 0 else ""
            xml.append(f"<w:trPr>{header}<w:cantSplit/></w:trPr>")  # no row split over pages
            keep = "<w:keepNext/>" if block.keep_with_next and number == len(rows) - 1 else ""
            for index, width in enumerate(widths):
                spans = cells[index] if index < len(cells) else ()
                align = block.align[index] if index < len(block.align) else None
                jc = f'<w:jc w:val="{align}"/>' if align else ""
                xml.append(
                    f'<w:tc><w:tcPr><w:tcW w:type="dxa" w:w="{width}"/></w:tcPr><w:p><w:pPr>'
                    f'{keep}<w:spacing w:after="0"/>{jc}</w:pPr>{self._runs(spans)}</w:p></w:tc>'
                )
            xml.append("</w:tr>")
        xml.append("</w:tbl>")
        return "".join(xml)

    def _runs(self, spans: Inline) -> str:
        """Return the runs of `spans`, links as real hyperlinks."""
        xml = []
        for span in spans:
            properties = ""
            if span.link:
                link_style = self.facts.style(LINK_STYLE, WD_STYLE_TYPE.CHARACTER)
                properties += f"<w:rStyle w:val={_attribute(link_style)}/>" if link_style else ""
            if span.bold:
                properties += "<w:b/>"
            if span.italic:
                properties += "<w:i/>"
            if span.underline:
                properties += '<w:u w:val="single"/>'
            if span.superscript:
                properties += '<w:vertAlign w:val="superscript"/>'
            run = f"<w:r>{_properties(properties, 'w:rPr')}{_run_content(span.text)}</w:r>"
            if span.link:
                run = (
                    f'<w:hyperlink xmlns:ns0="{_R}" ns0:id="{self._link(span.link)}">{run}'
                    "</w:hyperlink>"
                )
            xml.append(run)
        return "".join(xml)

    def _link(self, url: str) -> str:
        """Return the id of the document's external hyperlink relationship to `url`, adding
        one with the lowest free id the first time (found in a dict: a text with thousands
        of links must not cost a search of them all per link).
        """
        if url in self._hyperlinks:
            return self._hyperlinks[url]
        while f"rId{self._free}" in self._taken:
            self._free += 1
        rid = f"rId{self._free}"
        self._taken.add(rid)
        self._hyperlinks[url] = rid
        self.relationships.append(Relationship(rid, RELATIONSHIP_TYPE.HYPERLINK, url, True))
        self.links_added = True
        return rid

    def relationships_xml(self) -> bytes:
        """Return the document part's relationships, as python-docx writes them."""
        element = CT_Relationships.new()
        for relationship in self.relationships:
            element.add_rel(
                relationship.rid, relationship.reltype, relationship.target, relationship.external
            )
        return bytes(element.xml)


def _properties(content: str, tag: str = "w:pPr") -> str:
    """Return a properties element holding `content`, empty as python-docx leaves it."""
    return f"<{tag}>{content}</{tag}>" if content else f"<{tag}/>"


def _run_content(text: str) -> str:
    """Return a run's text as python-docx writes it: tabs as `w:tab`, line breaks as `w:br`,
    a text with spaces at either end marked to keep them.
    """
    if not _BREAKING.search(text):
        return _text(text)
    return "".join(
        ("<w:tab/>" if part == "\t" else "<w:br/>") if index % 2 else _text(part)
        for index, part in enumerate(_BREAKING.split(text))
    )


def _text(text: str) -> str:
    """Return a `w:t` of `text`, or nothing when it is empty."""
    if not text:
        return ""
    space = ' xml:space="preserve"' if len(text.strip()) < len(text) else ""
    return f"<w:t{space}>{escape(text, quote=False)}</w:t>"


def _attribute(value: str) -> str:
    """Return `value` as an XML attribute value, quoted and escaped.

    (html's escape, not xml.sax.saxutils': that module imports urllib.request and with
    it http, email and ssl, about 15 ms of every render's start-up.)
    """
    return f'"{escape(value)}"'


def _list_style(block: ListBlock) -> str:
    """Return the paragraph style for `block`'s kind of list."""
    if not block.ordered:
        return "List Bullet"
    return "List Number Paren" if block.paren else "List Number"
