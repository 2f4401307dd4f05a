"""Markdown in content files, parsed by a CommonMark parser into docgen's block model.

What a Word document can show faithfully is supported: paragraphs, headings
(`##`–`####`; `#` is the document's own title), bullet and numbered lists (nested;
`1.` and `1)` numbering; `•` bullets and `a)`/`a.` letters as pasted from Word), tables
whose first row is the header, bold, italic, links, block quotes, footnotes (as raised
numbers, their text at the end of the section referring to them), and two HTML tags
officials need: `<u>…</u>` (underline) and `<br>` (a line break, e.g. inside a table
cell). Anything else is an error at its line, never dropped silently.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Literal

from markdown_it import MarkdownIt
from markdown_it.token import Token

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
    superscript: bool = False
    """A footnote's number, where it is referred to and before its text."""


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
    letters: bool = False
    """Numbered a, b, c … instead of 1, 2, 3 …, as a pasted `a)` list is."""


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


_PASTED_BULLET = re.compile(r"^([ \t]*)[•◦▪●○■‣·\uf0b7–][ \t]+", re.MULTILINE)
"""A bullet character pasted from Word or a web page at the start of a line (Word's
"–" list included: a line that starts with a dash and a space is a list item)."""

_HEADING_WITHOUT_SPACE = re.compile(r"^ {0,3}(#{1,6})(?=[^\s#\d\[])")
"""A line that was meant as a heading but lacks the space after its `#`."""

_FOOTNOTE_TEXT = re.compile(r"^ {0,3}\[\^([^\]\s]+)\]:[ \t]*(.*)$")
_FOOTNOTE = re.compile(r"\[\^([^\]\s]+)\]")
_CHARACTER_REFERENCE = re.compile(r"&#(?:[xX]([0-9a-fA-F]{1,8})|([0-9]{1,10}));")
_LETTER_ITEM = re.compile(r"^[ \t]*([a-zåäö])([.)])[ \t]+\S")
_TABLE_ROW = re.compile(r"^[ \t]*\|.*\|")


def parse(text: str, path: Path, first_line: int) -> tuple[Block, ...]:
    """Return the blocks of the Markdown `text` from `path`, which starts at `first_line`.

    Bullets pasted as `•` or `–` become a bullet list, as they look; a `#` heading without
    its space is reported; footnotes (`[^1]` and a
    line `[^1]: text`) become a raised number and the note's text at the end of the
    section (`##`) that first refers to it; what Markdown would drop or change silently
    (character references to control characters) is reported.
    """
    text = _PASTED_BULLET.sub(lambda found: f"{found.group(1)}- ", text)
    lines = text.split("\n")
    notes = _take_footnote_texts(lines)
    reader = _Reader(path, first_line, lines, notes)
    if "&#" in text:
        reader.scan_lines()
    for index, line in enumerate(lines):
        if found := _HEADING_WITHOUT_SPACE.match(line):
            marks = found.group(1)
            reader.problems.append(
                ContentError(
                    f"{marks} utan mellanslag blir vanlig text; skriv {max(marks, '##')} "
                    f"{line.lstrip()[len(marks) :]} "
                    "om raden är en rubrik",
                    path,
                    first_line + index,
                )
            )
    try:
        tree = _tree(_PARSER.parse("\n".join(lines)))
    except _TooDeep as deep:
        raise ContentError(
            f"texten är nästlad i mer än {_MAX_NESTING} nivåer (listor, citat, fetstil, kursiv "
            "och länkar i varandra); förenkla den",
            path,
            first_line + deep.line,
        ) from None
    blocks = reader.blocks(tree, in_list=False)
    if notes:
        blocks = reader.with_footnotes(blocks)
    problems = {(problem.line or 0, problem.message): problem for problem in reader.problems}
    ProblemList.raise_if_any(problems[place] for place in sorted(problems))
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
                warnings.append(
                    ContentError(
                        f"varning: rubriknivå {block.level} efter nivå {previous} hoppar över en nivå; "
                        "skärmläsare visar då en trasig disposition",
                        path,
                        block.line,
                    )
                )
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


class _Node:
    """A node of markdown-it's syntax tree: what `markdown_it.tree.SyntaxTreeNode` gives,
    built in one pass over the tokens with only the fields docgen reads (a tenth of the
    cost, which is most of checking a year's content).
    """

    __slots__ = ("attrs", "children", "content", "map", "markup", "tag", "type")

    def __init__(self, token: Token | None, kind: str) -> None:
        self.type = kind
        self.tag = token.tag if token else ""
        self.map = token.map if token else None
        self.attrs = token.attrs if token else {}
        self.markup = token.markup if token else ""
        self.content = token.content if token else ""
        self.children: list[_Node] = []


_MAX_NESTING = 40
"""How deep lists, quotes, emphasis and links may lie in each other: far beyond any real
text, well within the depth Python allows the walk that follows."""


class _TooDeep(Exception):
    """The text nests deeper than `_MAX_NESTING`, at `line` (0-based) of the text."""

    def __init__(self, line: int) -> None:
        super().__init__(line)
        self.line = line


def _tree(tokens: list[Token], depth: int = 0, line: int = 0) -> _Node:
    """Return the tree of `tokens`: an `x_open` … `x_close` pair becomes one node `x`,
    an inline token a node with its children. `depth` is how deep `tokens` already lie,
    `line` the line they start on; deeper than `_MAX_NESTING` raises `_TooDeep`.
    """
    root = _Node(None, "root")
    stack = [root]
    for token in tokens:
        line = token.map[0] if token.map else line
        if token.nesting == -1:
            stack.pop()
            continue
        kind = token.type.removesuffix("_open") if token.nesting == 1 else token.type
        node = _Node(token, kind)
        stack[-1].children.append(node)
        if token.nesting == 1:
            if depth + len(stack) > _MAX_NESTING:
                raise _TooDeep(line)
            stack.append(node)
        elif token.children:
            node.children = _tree(token.children, depth + len(stack), line).children
    return root


class _Reader:
    """Turns a markdown-it syntax tree into blocks, collecting every problem on the way."""

    def __init__(
        self,
        path: Path,
        first_line: int,
        lines: list[str],
        notes: dict[str, tuple[int, str]] | None = None,
    ) -> None:
        self.path = path
        self.first_line = first_line
        self.lines = lines
        self.problems: list[ContentError] = []
        self.notes = notes or {}
        """Each footnote's text and the line (0-based) it was written on, by its label."""
        self.numbers: dict[str, int] = {}
        """Each footnote's number, given in the order the text first refers to them."""

    def footnote(self, label: str, line: int) -> Span | None:
        """Return the raised number of the footnote `label` referred to on `line`, or None."""
        if label not in self.notes:
            self.fail(
                f"fotnoten [^{label}] har ingen text; skriv den på en egen rad: "
                f"[^{label}]: Texten.",
                line,
            )
            return None
        number = self.numbers.setdefault(label, len(self.numbers) + 1)
        return Span(str(number), superscript=True)

    def with_footnotes(self, blocks: tuple[Block, ...]) -> tuple[Block, ...]:
        """Return `blocks` with each footnote's text after the section that first refers to it."""
        for label, (line, _) in self.notes.items():
            if label not in self.numbers:
                self.fail(
                    f"texten i fotnoten [^{label}] hänvisas aldrig till; skriv [^{label}] "
                    "där den hör hemma, eller ta bort raden",
                    self.first_line + line,
                )
        placed: set[str] = set()
        result: list[Block] = []
        mentioned: set[str] = set()  # the footnote numbers raised in `result` so far
        for block, following in zip(blocks, (*blocks[1:], None), strict=True):
            result.append(block)
            mentioned |= _marks(block)
            if following is None or isinstance(following, Heading) and following.level == 2:
                for label, number in self.numbers.items():
                    if label not in placed and str(number) in mentioned:
                        placed.add(label)
                        result.append(self.note(label, number))
                        mentioned |= _marks(result[-1])
        return tuple(result)

    def note(self, label: str, number: int) -> Paragraph:
        """Return the paragraph of footnote `label`: its raised `number`, then its text."""
        line, text = self.notes[label]
        spans: Inline = ()
        parsed = self.reparsed(text, line)
        if len(parsed) == 1 and isinstance(parsed[0], Paragraph):
            spans = parsed[0].spans
        else:
            self.fail("en fotnot ska vara ett enda stycke text", self.first_line + line)
        return Paragraph(
            (Span(str(number), superscript=True), Span(" "), *spans), self.first_line + line
        )

    def scan_lines(self) -> None:
        """Record what a line says that the parser would drop or change without a word."""
        for number, text in enumerate(self.lines, self.first_line):
            for found in _CHARACTER_REFERENCE.finditer(text):
                problem = _bad_character_reference(found)
                if problem:
                    self.fail(problem, number)

    def line(self, node: _Node) -> int:
        """Return the file line where `node` starts."""
        return self.first_line + (node.map[0] if node.map else 0)

    def fail(self, message: str, line: int) -> None:
        """Record a problem at `line`."""
        self.problems.append(ContentError(message, self.path, line))

    def blocks(self, node: _Node, *, in_list: bool) -> tuple[Block, ...]:
        """Return the blocks among `node`'s children."""
        found: list[Block] = []
        for child in node.children:
            lettered = self.lettered(child) if child.type == "paragraph" and not in_list else None
            if lettered is not None:
                found.extend(lettered)
                continue
            block = self.block(child, in_list=in_list)
            if block is not None:
                found.append(block)
        return tuple(found)

    def lettered(self, node: _Node) -> tuple[Block, ...] | None:
        """Return a paragraph whose lines run `a)`, `b)` … as text and a lettered list.

        Lists pasted from Word keep their letters as text; CommonMark knows only numbers,
        so it would run them together into one paragraph. None when `node` is no such
        paragraph.
        """
        start, end = node.map or (0, 0)
        lines = self.lines[start:end]
        marks = [_LETTER_ITEM.match(text) for text in lines]
        first = next((i for i, m in enumerate(marks) if m and m.group(1) == "a"), None)
        if first is None:
            return None
        punctuation = lines[first].strip()[1]
        offsets: list[int] = []
        texts: list[str] = []
        for offset in range(first, len(lines)):
            found = marks[offset]
            letter = chr(ord("a") + len(offsets))
            if found and found.group(1) == letter and found.group(2) == punctuation:
                offsets.append(offset)
                texts.append(lines[offset][found.end(2) :].strip())
            else:
                texts[-1] += "\n" + lines[offset].strip()
        if len(offsets) < 2:
            return None
        blocks: list[Block] = []
        if first:
            blocks.extend(self.reparsed("\n".join(lines[:first]), start))
        entries = tuple(
            self.reparsed(text, start + offset) for offset, text in zip(offsets, texts, strict=True)
        )
        if not all(len(entry) == 1 and isinstance(entry[0], Paragraph) for entry in entries):
            return None
        line = self.first_line + start + first
        blocks.append(ListBlock(True, punctuation == ")", 1, entries, line, letters=True))
        return tuple(blocks)

    def reparsed(self, text: str, offset: int) -> tuple[Block, ...]:
        """Return the blocks of `text`, a part of this Markdown starting at line `offset`."""
        reader = _Reader(self.path, self.first_line + offset, text.split("\n"), self.notes)
        reader.numbers = self.numbers
        blocks = reader.blocks(_tree(_PARSER.parse(text)), in_list=True)
        self.problems.extend(reader.problems)
        return blocks

    def block(self, node: _Node, *, in_list: bool) -> Block | None:
        """Return `node` as a block, or None (and a problem) when it cannot be shown."""
        line = self.line(node)
        if node.type == "paragraph":
            self.paragraph_lines(node, in_list=in_list)
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

    def paragraph_lines(self, node: _Node, *, in_list: bool) -> None:
        """Record lines of a paragraph that were meant as a table, or as letters in a list."""
        start, end = node.map or (0, 0)
        lines = self.lines[start:end]
        marks = [_LETTER_ITEM.match(text) for text in lines]
        letters = [m.group(1) + m.group(2) for m in marks if m]
        if in_list and any(a in letters and b in letters for a, b in (("a)", "b)"), ("a.", "b."))):
            offset = next(i for i, m in enumerate(marks) if m and m.group(1) == "a")
            self.fail(
                "en lista med bokstäver (a, b …) inuti en lista eller ett citat blir inte en "
                "lista; skriv punkterna som 1., 2. … indragna under punkten, så numrerar "
                "Word dem a, b …",
                self.first_line + start + offset,
            )
        rows = [offset for offset, text in enumerate(lines) if _TABLE_ROW.match(text)]
        if rows:
            offset = rows[1] if len(rows) > 1 else rows[0]
            self.fail(
                "raden ser ut som en tabellrad men blir vanlig text: en tabell behöver en "
                "rad som |---|---| direkt under rubrikraden, med lika många kolumner, och "
                "inga tomma rader mellan raderna",
                self.first_line + start + offset,
            )

    def list_block(self, node: _Node, line: int) -> ListBlock:
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

    def table(self, node: _Node, line: int, *, in_list: bool) -> Table | None:
        """Return a table whose first row is its header row."""
        if in_list:
            self.fail("en tabell kan inte stå i en lista", line)
            return None
        rows = [tr for section in node.children for tr in section.children]
        columns = len(rows[0].children)
        for tr in rows[1:]:
            written = _cell_count(self.lines[tr.map[0]]) if tr.map else columns
            if written > columns:
                self.fail(
                    f"raden har {written} celler men tabellens rubrikrad bara {columns}, så "
                    "de sista skulle försvinna; lägg till kolumner i rubrikraden och raden "
                    "|---| under den, eller ta bort celler",
                    self.line(tr),
                )
        cells = [tuple(self.inline_of(cell, line) for cell in tr.children) for tr in rows]
        align = tuple(_alignment(cell) for cell in rows[0].children)
        return Table(cells[0], tuple(cells[1:]), align, line)

    def quote(self, node: _Node, line: int) -> Quote | None:
        """Return a block quote; only paragraphs may stand in it."""
        blocks = self.blocks(node, in_list=True)
        paragraphs = tuple(b for b in blocks if isinstance(b, Paragraph))
        if len(paragraphs) != len(blocks):
            self.fail("i ett citat (>) kan bara vanliga stycken stå", line)
            return None
        return Quote(paragraphs, line)

    def inline_of(self, cell: _Node, line: int) -> Inline:
        """Return the text of a table cell, empty when the cell is."""
        return self.inline(cell.children[0], line) if cell.children else ()

    def inline(self, node: _Node, line: int) -> Inline:
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

    def walk(self, node: _Node, style: Span) -> None:
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
        """Append `text` formatted as `style`, underlined inside `<u>`, footnotes raised."""
        parts = _FOOTNOTE.split(text) if "[^" in text else [text]
        for index, part in enumerate(parts):
            if index % 2:
                number = self.reader.footnote(part, self.line)
                if number is not None:
                    self.spans.append(replace(number, underline=self.underline > 0))
            elif part or len(parts) == 1:
                self.spans.append(
                    Span(
                        part,
                        style.bold,
                        style.italic,
                        self.underline > 0,
                        style.link,
                        style.superscript,
                    )
                )

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


def _alignment(cell: _Node) -> Align:
    """Return the alignment markdown-it gives a header cell, from its style attribute."""
    style = str(cell.attrs.get("style", ""))
    for value in ("left", "center", "right"):
        if value in style:
            return value
    return None


def _cell_count(row: str) -> int:
    """Return how many cells the table row `row` is written with."""
    text = row.strip()
    text = text.removeprefix("|")
    text = text[:-1] if text.endswith("|") and not text.endswith("\\|") else text
    return len(re.split(r"(?<!\\)\|", text))


def _bad_character_reference(found: re.Match[str]) -> str | None:
    """Return the problem with a character reference such as `&#x7;`, or None when it is fine.

    markdown-it turns a reference to a character a document cannot hold into U+FFFD (�).
    """
    code = int(found.group(1), 16) if found.group(1) else int(found.group(2))
    if code < 0x20 and code not in (0x09, 0x0A, 0x0D) or 0x7F <= code <= 0x9F:
        return (
            f"otillåtet kontrolltecken U+{code:04X} (skrivet {found.group()}); det kan inte "
            "stå i ett Word-dokument, ta bort det"
        )
    if (
        0xD800 <= code <= 0xDFFF
        or 0xFDD0 <= code <= 0xFDEF
        or code & 0xFFFF >= 0xFFFE
        or code > 0x10FFFF
    ):
        return f"{found.group()} är inget tecken som kan stå i ett dokument; ta bort det"
    return None


def _take_footnote_texts(lines: list[str]) -> dict[str, tuple[int, str]]:
    """Return the footnote texts of `lines` by label, blanking their lines in `lines`.

    A footnote's text is a line `[^label]: text`, continued on the lines below it that
    are indented; the lines are kept, empty, so the other lines keep their numbers.
    """
    notes: dict[str, tuple[int, str]] = {}
    index = 0
    while index < len(lines):
        found = _FOOTNOTE_TEXT.match(lines[index])
        if found is None:
            index += 1
            continue
        start, text = index, found.group(2).strip()
        lines[index] = ""
        index += 1
        while index < len(lines) and lines[index].startswith(("  ", "\t")) and lines[index].strip():
            text += "\n" + lines[index].strip()
            lines[index] = ""
            index += 1
        notes.setdefault(found.group(1), (start, text))
    return notes


def _marks(block: Block) -> set[str]:
    """Return the raised footnote numbers in `block`, nested lists, tables and quotes too.

    >>> _marks(Paragraph((Span("Se"), Span("2", superscript=True)), 1))
    {'2'}
    """
    if isinstance(block, (Paragraph, Heading)):
        return {span.text for span in block.spans if span.superscript}
    if isinstance(block, ListBlock):
        return {mark for item in block.items for each in item for mark in _marks(each)}
    if isinstance(block, Quote):
        return {mark for each in block.blocks for mark in _marks(each)}
    if isinstance(block, Table):
        rows = (block.header, *block.rows)
        return {span.text for row in rows for cell in row for span in cell if span.superscript}
    return set()
