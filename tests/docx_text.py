"""Reading a rendered .docx back as text, in reading order, for assertions."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from docx import Document
from docx.oxml.ns import qn
from docx.table import Table
from docx.text.paragraph import Paragraph


def document_lines(path: Path) -> list[str]:
    """Return the header's lines, then the body's paragraphs and table rows, in order."""
    document = Document(str(path))
    lines: list[str] = []
    header = document.sections[0].header
    lines.extend(_story_lines(header._element, header))
    lines.extend(_story_lines(document.element.body, document))
    return lines


def _story_lines(element: Any, story: Any) -> list[str]:
    """Return the paragraphs and table rows of a body or header `element`, in order."""
    lines: list[str] = []
    for child in element.iterchildren():
        if child.tag == qn("w:p"):
            lines.append(Paragraph(child, story).text)
        elif child.tag == qn("w:tbl"):
            for row in Table(child, story).rows:
                lines.append(" ".join(cell.text for cell in _unique_cells(row)))
    return lines


def _unique_cells(row: Any) -> list[Any]:
    """Return a row's cells once each (python-docx repeats merged cells)."""
    seen: list[Any] = []
    for cell in row.cells:
        if not any(cell._tc is other._tc for other in seen):
            seen.append(cell)
    return seen


def normalise(text: str) -> str:
    """Return `text` with runs of whitespace (line breaks, tabs, no-break spaces) as one space."""
    return " ".join(text.replace("\u00a0", " ").split())


def missing_in_order(expected: list[str], actual_text: str) -> list[str]:
    """Return the `expected` lines not found in `actual_text` in order (empty when all are)."""
    missing, position = [], 0
    for line in expected:
        found = actual_text.find(line, position)
        if found < 0:
            missing.append(line)
        else:
            position = found + len(line)
    return missing


_LIST_MARKER = re.compile(r"^(?:(?:[-•]|\d+[.)]|[a-z][.)])\s+)+")  # "- a. " in seed 000


def seed_lines(path: Path) -> list[str]:
    """Return the text lines of a seed, as a reader sees them.

    The seeds are text extracted from PDFs: list labels are typed out (Word numbers
    them), `*…*` and `<u>…</u>` mark italics and underline, and a word hyphenated at
    a line end is split over two lines. Those marks are removed and split words joined.
    """
    raw = path.read_text(encoding="utf-8")
    raw = re.sub(r"(\w)-[ \t]*\n\s*\n?(?=[a-zåäö])", r"\1", raw)
    lines = []
    for line in raw.splitlines():
        line = re.sub(r"</?u>", "", line).replace("*", "")
        line = _LIST_MARKER.sub("", normalise(line))
        if line:
            lines.append(line)
    return lines
