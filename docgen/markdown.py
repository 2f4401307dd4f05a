"""Markdown in content files, parsed by a CommonMark parser into docgen's block model.

What a Word document can show faithfully is supported: paragraphs, headings
(`##`–`####`; `#` is the document's own title), bullet and numbered lists (nested;
`1.` and `1)` numbering), tables whose first row is the header, bold, italic, links,
block quotes, and two HTML tags officials need: `<u>…</u>` (underline) and `<br>`
(a line break, e.g. inside a table cell). Anything else is an error at its line,
never dropped silently.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Literal

from markdown_it import MarkdownIt
from markdown_it.tree import SyntaxTreeNode

from docgen.errors import ContentError, ProblemList

Align = Literal["left", "center", "right"] | None


@dataclass(frozen=True)
class Span:
    """A run of text with one formatting; a newline in `text` is a line break."""

    text: str
    bold: bool = False
    italic: bool = False
    underline: bool = False
    link: str | None = None


Inline = tuple[Span, ...]


@dataclass(frozen=True)
class Paragraph:
    """A paragraph of body text."""

    spans: Inline
    line: int
    keep_with_next: bool = False
    """Kept on the page of what follows it (a reservation's introduction with its text)."""


@dataclass(frozen=True)
class Heading:
    """A heading of `level` 2–4 (level 1 is the document's title)."""

    level: int
    spans: Inline
    line: int


@dataclass(frozen=True)
class ListBlock:
    """A bullet or numbered list; each item is a sequence of blocks (nested lists too)."""

    ordered: bool
    paren: bool
    start: int
    items: tuple[tuple[Block, ...], ...]
    line: int


@dataclass(frozen=True)
class Table:
    """A table: one header row, body rows, and a text alignment per column."""

    header: tuple[Inline, ...]
    rows: tuple[tuple[Inline, ...], ...]
    align: tuple[Align, ...]
    line: int
    widths: tuple[int, ...] | None = None
    """Relative column widths (e.g. a vote table's wide name column); None: even columns."""
    keep_with_next: bool = False
    """The last row kept on the page of what follows (a vote's result)."""


@dataclass(frozen=True)
class Quote:
    """A block quote of paragraphs."""

    blocks: tuple[Paragraph, ...]
    line: int


Block = Paragraph | Heading | ListBlock | Table | Quote

_PARSER = MarkdownIt("commonmark", {"html": True}).enable("table")
_BREAK = re.compile(r"^<br\s*/?>$", re.IGNORECASE)
_UNSUPPORTED = {
    "fence": "kodblock stöds inte",
    "code_block": "indragen text blir ett kodblock, som inte stöds; ta bort indraget",
    "html_block": "HTML stöds inte (bara <u>…</u> och <br>)",
    "hr": "horisontella linjer (---, ***) stöds inte",
    "code_inline": "kod med `bakåtfnuttar` stöds inte",
    "image": "bilder stöds inte i brödtexten",
}


def parse(text: str, path: Path, first_line: int) -> tuple[Block, ...]:
    """Return the blocks of the Markdown `text` from `path`, which starts at `first_line`."""
    reader = _Reader(path, first_line)
    blocks = reader.blocks(SyntaxTreeNode(_PARSER.parse(text)), in_list=False)
    ProblemList.raise_if_any(reader.problems)
    return blocks


def skipped_heading_levels(blocks: tuple[Block, ...], path: Path) -> list[ContentError]:
    """Return a warning for each heading more than one level below the one before it.

    The body follows the template's level-2 headings, so it may start at `##` or `###`.
    A skipped level breaks the document's outline for screen readers (WCAG 1.3.1).
    """
    warnings, previous = [], 2
    for block in blocks:
        if isinstance(block, Heading):
            if block.level > previous + 1:
                warnings.append(ContentError(
                    f"varning: rubriknivå {block.level} efter nivå {previous} hoppar över en nivå; "
                    "skärmläsare visar då en trasig disposition",
                    path,
                    block.line,
                ))
            previous = block.level
    return warnings


def section(blocks: tuple[Block, ...], title: str) -> tuple[Block, ...]:
    """Return the blocks under the level-2 heading `title`, up to the next such heading."""
    level_2 = [i for i, b in enumerate(blocks) if isinstance(b, Heading) and b.level == 2]
    for position, index in enumerate(level_2):
        heading = blocks[index]
        assert isinstance(heading, Heading)
        if plain_text(heading.spans) == title:
            end = level_2[position + 1] if position + 1 < len(level_2) else len(blocks)
            return blocks[index + 1 : end]
    return ()


def plain_text(spans: Inline) -> str:
    """Return the text of `spans` without formatting."""
    return "".join(span.text for span in spans)


class _Reader:
    """Turns a markdown-it syntax tree into blocks, collecting every problem on the way."""

    def __init__(self, path: Path, first_line: int) -> None:
        self.path = path
        self.first_line = first_line
        self.problems: list[ContentError] = []

    def line(self, node: SyntaxTreeNode) -> int:
        """Return the file line where `node` starts."""
        return self.first_line + (node.map[0] if node.map else 0)

    def fail(self, message: str, line: int) -> None:
        """Record a problem at `line`."""
        self.problems.append(ContentError(message, self.path, line))

    def blocks(self, node: SyntaxTreeNode, *, in_list: bool) -> tuple[Block, ...]:
        """Return the blocks among `node`'s children."""
        found: list[Block] = []
        for child in node.children:
            block = self.block(child, in_list=in_list)
            if block is not None:
                found.append(block)
        return tuple(found)

    def block(self, node: SyntaxTreeNode, *, in_list: bool) -> Block | None:
        """Return `node` as a block, or None (and a problem) when it cannot be shown."""
        line = self.line(node)
        if node.type == "paragraph":
            return Paragraph(self.inline(node.children[0], line), line)
        if node.type == "heading":
            level = int(node.tag[1])
            if in_list:
                self.fail("en rubrik kan inte stå i en lista", line)
            elif level == 1:
                self.fail(
                    "rubriknivå 1 (#) är dokumentets egen rubrik; börja avsnitt med ## "
                    "och underavsnitt med ###",
                    line,
                )
            elif level > 4:
                self.fail(f"rubriknivå {level} stöds inte; använd ##, ### eller ####", line)
            else:
                return Heading(level, self.inline(node.children[0], line), line)
            return None
        if node.type in ("bullet_list", "ordered_list"):
            return self.list_block(node, line)
        if node.type == "table":
            return self.table(node, line, in_list=in_list)
        if node.type == "blockquote":
            return self.quote(node, line)
        self.fail(_UNSUPPORTED.get(node.type, f"{node.type} stöds inte"), line)
        return None

    def list_block(self, node: SyntaxTreeNode, line: int) -> ListBlock:
        """Return a bullet or numbered list with its items."""
        ordered = node.type == "ordered_list"
        items = tuple(self.blocks(item, in_list=True) for item in node.children)
        for item, item_node in zip(items, node.children, strict=True):
            if not item or not isinstance(item[0], Paragraph):
                self.fail("en listpunkt måste börja med text", self.line(item_node))
            elif any(isinstance(b, Paragraph) for b in item[1:]):
                self.fail(
                    "en listpunkt med flera stycken stöds inte; skriv punkten som ett stycke "
                    "eller dela upp den i flera punkter",
                    self.line(item_node),
                )
        start = int(str(node.attrs.get("start", 1))) if ordered else 1
        return ListBlock(ordered, node.markup == ")", start, items, line)

    def table(self, node: SyntaxTreeNode, line: int, *, in_list: bool) -> Table | None:
        """Return a table whose first row is its header row."""
        if in_list:
            self.fail("en tabell kan inte stå i en lista", line)
            return None
        rows = [tr for section in node.children for tr in section.children]
        cells = [tuple(self.inline_of(cell, line) for cell in tr.children) for tr in rows]
        align = tuple(_alignment(cell) for cell in rows[0].children)
        return Table(cells[0], tuple(cells[1:]), align, line)

    def quote(self, node: SyntaxTreeNode, line: int) -> Quote | None:
        """Return a block quote; only paragraphs may stand in it."""
        blocks = self.blocks(node, in_list=True)
        paragraphs = tuple(b for b in blocks if isinstance(b, Paragraph))
        if len(paragraphs) != len(blocks):
            self.fail("i ett citat (>) kan bara vanliga stycken stå", line)
            return None
        return Quote(paragraphs, line)

    def inline_of(self, cell: SyntaxTreeNode, line: int) -> Inline:
        """Return the text of a table cell, empty when the cell is."""
        return self.inline(cell.children[0], line) if cell.children else ()

    def inline(self, node: SyntaxTreeNode, line: int) -> Inline:
        """Return the spans of an inline node."""
        reader = _InlineReader(self, line)
        reader.walk(node, Span(""))
        return tuple(reader.spans)


class _InlineReader:
    """Collects the spans of one paragraph; `<u>` may open and close across emphasis."""

    def __init__(self, reader: _Reader, line: int) -> None:
        self.reader = reader
        self.line = line
        self.spans: list[Span] = []
        self.underline = 0

    def walk(self, node: SyntaxTreeNode, style: Span) -> None:
        """Append the spans under `node`, formatted as `style` says."""
        for child in node.children:
            kind = child.type
            if kind in ("text", "softbreak", "hardbreak"):
                text = {"softbreak": " ", "hardbreak": "\n"}.get(kind, child.content)
                self.add(text, style)
            elif kind == "strong":
                self.walk(child, replace(style, bold=True))
            elif kind == "em":
                self.walk(child, replace(style, italic=True))
            elif kind == "link":
                self.walk(child, replace(style, link=str(child.attrs["href"])))
            elif kind == "html_inline":
                self.html(child.content.strip(), style)
            else:
                self.reader.fail(_UNSUPPORTED.get(kind, f"{kind} stöds inte"), self.line)

    def add(self, text: str, style: Span) -> None:
        """Append `text` formatted as `style`, underlined inside `<u>`."""
        self.spans.append(replace(style, text=text, underline=self.underline > 0))

    def html(self, tag: str, style: Span) -> None:
        """Apply one of the supported inline HTML tags, or record a problem."""
        lowered = tag.lower()
        if lowered == "<u>":
            self.underline += 1
        elif lowered == "</u>" and self.underline > 0:
            self.underline -= 1
        elif _BREAK.match(tag):
            self.add("\n", style)
        else:
            self.reader.fail(f"HTML-taggen {tag} stöds inte (bara <u>…</u> och <br>)", self.line)


def _alignment(cell: SyntaxTreeNode) -> Align:
    """Return the alignment markdown-it gives a header cell, from its style attribute."""
    style = str(cell.attrs.get("style", ""))
    for value in ("left", "center", "right"):
        if value in style:
            return value
    return None
