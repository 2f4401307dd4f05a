"""Accessibility of every example document (lag 2018:1937, EN 301 549 / WCAG 2.1 AA)."""

from __future__ import annotations

import itertools
import re
from pathlib import Path

import pytest
from conftest import CONTENT, TJANSTESKRIVELSER
from docx import Document
from docx.oxml.ns import qn

from docgen import render_tjansteskrivelse
from docgen.api import close_meeting, render_kallelse

SOURCES = sorted(TJANSTESKRIVELSER.glob("*.md"))
MEETINGS = sorted((CONTENT / "sammantraden").glob("*.yaml"))
# every document the examples make: the tjänsteskrivelser, and each meeting's close
NAMES = (
    [s.stem for s in SOURCES]
    + [
        f"{m.stem}/{name}"
        for m in MEETINGS
        for name in ("protokoll", "protokollsutdrag", "anslagsbevis")
    ]
    + [f"kallelser/{m.stem}-kallelse" for m in MEETINGS]
    + ["kallelser/2014-09-22-kf-kungorelse"]
)


@pytest.fixture(scope="module")
def rendered(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Render every example document once, into one folder."""
    folder = tmp_path_factory.mktemp("a11y")
    for source in SOURCES:
        render_tjansteskrivelse(source, folder / f"{source.stem}.docx")
    for meeting in MEETINGS:
        close_meeting(meeting, folder / meeting.stem)
        render_kallelse(meeting, folder / "kallelser")
    return folder


@pytest.fixture(params=NAMES)
def document(request: pytest.FixtureRequest, rendered: Path) -> Document:
    """Return one example document read back (for a meeting: the first of that kind)."""
    name = str(request.param)
    if name.startswith("kallelser/"):
        path = rendered / f"{name}.docx"
    elif "/" in name:
        meeting, kind = name.split("/")
        path = sorted((rendered / meeting).glob(f"{kind}*.docx"))[-1]
    else:
        path = rendered / f"{name}.docx"
    return Document(str(path))


def heading_level(paragraph: object) -> int | None:
    """Return the heading level of `paragraph`'s style, or None when it is no heading."""
    match = re.fullmatch(r"Heading (\d)", paragraph.style.name)  # type: ignore[attr-defined]
    return int(match.group(1)) if match else None


def test_headings_are_heading_styles_in_order(document: Document) -> None:
    levels = [level for p in document.paragraphs if (level := heading_level(p))]
    assert levels[0] == 1 and levels.count(1) == 1
    assert all(b <= a + 1 for a, b in itertools.pairwise(levels)), levels
    for paragraph in document.paragraphs:  # no fake headings: bold Normal paragraphs alone
        runs = [r for r in paragraph.runs if r.text.strip()]
        if paragraph.style.name == "Normal" and runs and len(paragraph.text) < 80:
            assert not all(r.bold for r in runs), paragraph.text


def test_lists_use_word_numbering(document: Document) -> None:
    listed = [p for p in document.paragraphs if p.style.name.startswith("List")]
    assert all(p._p.pPr is not None and p._p.pPr.numPr is not None for p in listed)
    assert not any(re.match(r"\s*(\d+[.)]|[a-z]\.|[-•])\s", p.text) for p in document.paragraphs)


def test_data_tables_have_a_repeating_header_row_without_merged_cells(document: Document) -> None:
    tables = document.tables  # python-docx makes new proxies on each call: take them once
    data_tables = [  # Markdown's tables (Table Grid) and tables a template heads, e.g. an agenda
        t
        for t in tables
        if (t.style is not None and t.style.name == "Table Grid")
        or t.rows[0]._tr.find(".//" + qn("w:tblHeader")) is not None
    ]
    layout_tables = [t for t in tables if t not in data_tables]
    for table in layout_tables:  # label/value layout: no header row that would mislead
        assert table._tbl.find(".//" + qn("w:tblHeader")) is None
    for table in data_tables:
        header = table.rows[0]._tr
        assert header.trPr is not None and header.trPr.find(qn("w:tblHeader")) is not None
        assert header.findall(".//" + qn("w:gridSpan")) == []
        assert header.findall(".//" + qn("w:vMerge")) == []


def test_images_have_alt_text_and_language_is_swedish(document: Document) -> None:
    for part in [document.part, *(s.header.part for s in document.sections)]:
        for picture in part.element.iter("{*}docPr"):
            assert picture.get("descr"), "an image without alt text"
    defaults = document.styles.element.find(qn("w:docDefaults"))
    assert defaults.find(".//" + qn("w:lang")).get(qn("w:val")) == "sv-SE"
    assert document.core_properties.title and document.core_properties.language == "sv-SE"
