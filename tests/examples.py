"""Every example document rendered through a folder of templates, read back for comparison."""

from __future__ import annotations

import re
from pathlib import Path

from conftest import CONTENT
from docx import Document
from docx.oxml.ns import qn
from docx.text.paragraph import Paragraph

from docgen.api import close_meeting, render_tjansteskrivelse


def render_examples(templates: Path, output: Path) -> dict[str, Path]:
    """Render every example tjänsteskrivelse and close every example meeting through
    `templates` (a folder holding the four templates) into `output`; return the .docx by name.
    """
    written: list[Path] = []
    for source in sorted((CONTENT / "tjansteskrivelser").glob("*.md")):
        written += render_tjansteskrivelse(
            source, output / f"{source.stem}.docx", templates / "tjansteskrivelse.docx"
        )
    for meeting in sorted((CONTENT / "sammantraden").glob("*.yaml")):
        written += close_meeting(meeting, output / meeting.stem, templates)
    return {path.relative_to(output).as_posix(): path for path in written if path.suffix == ".docx"}


def styled_lines(path: Path) -> list[str]:
    """Return every paragraph of the .docx `path` as "style: text", header, body and footer,
    tables cell by cell, in order. Style names are compared without regard to case, as
    Word and LibreOffice spell built-in names differently.
    """
    document = Document(str(path))
    section = document.sections[0]
    lines: list[str] = []
    for story in (section.header, document, section.footer):
        element = story._element if story is not document else document.element.body
        lines += _lines(element, story)
    # Page fields show what the editor counted when it saved; readers count again.
    return [re.sub(r"Sida \d+ av \d+", "Sida N av M", line) for line in lines]


def _lines(element: object, story: object) -> list[str]:
    """Return the paragraphs under `element`, in reading order, tables included."""
    lines: list[str] = []
    for child in element.iterchildren():  # type: ignore[attr-defined]
        if child.tag == qn("w:p"):
            paragraph = Paragraph(child, story)  # type: ignore[arg-type]
            name = paragraph.style.name if paragraph.style is not None else ""
            lines.append(f"{(name or '').casefold()}: {paragraph.text}")
        elif child.tag == qn("w:tbl"):
            for row in child.tr_lst:  # each cell once, however it spans columns
                for cell in row.tc_lst:
                    lines += _lines(cell, story)
    return lines
