"""The real documents in tests/data/seeds, reproduced from the example content."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import CONTENT, SEEDS
from docx import Document
from docx.oxml.ns import qn
from docx_text import document_lines, missing_in_order, normalise, seed_lines
from ooxml import check_references, validate_docx

from docgen import render_document

CASES = [
    (
        "000_d1d220c0f6d60a04.txt",
        "handlingar/2012-01-16-tillaggsdirektiv-utveckling-utan-granser.md",
    ),
    ("001_136fb112077b1267.txt", "tjansteskrivelser/2014-11-24-styrning-och-ledning.md"),
    ("002_5c8f5b57624cd509.txt", "tjansteskrivelser/2011-12-05-utveckling-utan-granser.md"),
    (
        "003_a32f00dc1af626bf.txt",
        "handlingar/gavle/2018-06-10-uppdragsbeskrivning-stodfunktioner.md",
    ),
]
"""Each seed with the content file (under content/) that reproduces it."""


@pytest.fixture(scope="module")
def rendered(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """Render every seed's content once for this module's tests."""
    folder = tmp_path_factory.mktemp("seeds")
    return {
        source: render_document(CONTENT / source, folder / f"{Path(source).stem}.docx")[0]
        for _, source in CASES
    }


@pytest.mark.parametrize(("seed", "source"), CASES)
def test_every_line_of_the_seed_is_in_the_document_in_order(
    rendered: dict[str, Path], seed: str, source: str
) -> None:
    text = normalise(" ".join(document_lines(rendered[source])))
    expected = seed_lines(SEEDS / seed)
    assert len(expected) > 40
    assert missing_in_order(expected, text) == []


@pytest.mark.parametrize(("seed", "source"), CASES)
def test_the_document_is_schema_valid_with_resolving_references(
    rendered: dict[str, Path], seed: str, source: str
) -> None:
    assert validate_docx(rendered[source]) == []
    assert check_references(rendered[source]) == []


def test_seed_001_structure(rendered: dict[str, Path]) -> None:
    document = Document(str(rendered[CASES[1][1]]))
    by_style: dict[str, list[str]] = {}
    for paragraph in document.paragraphs:
        by_style.setdefault(paragraph.style.name, []).append(paragraph.text)
    assert by_style["Heading 1"] == [
        "Utveckling av styrning och ledning för öppenhet och mångfald 2015 - 2016"
    ]
    assert by_style["Subtitle"] == ["Förslag till ny inriktning 2015 – 2016 och lägesrapport 2014"]
    assert {"Förslag till beslut", "Sammanfattning", "Ärendet", "Övrigt"} <= set(
        by_style["Heading 2"]
    )
    assert "Ledning av stödenheterna" in by_style["Heading 3"]
    # two numbered lists of five, each a real Word list restarting at 1
    numbered = [p for p in document.paragraphs if p.style.name == "List Number"]
    assert len(numbered) == 10
    num_ids = [p._p.pPr.numPr.numId.val for p in numbered]
    assert len(set(num_ids[:5])) == 1 and len(set(num_ids[5:])) == 1
    assert num_ids[0] != num_ids[5]
    bullets = [p for p in document.paragraphs if p.style.name == "List Bullet"]
    assert len(bullets) == 6 and all(run.italic for p in bullets for run in p.runs)
    assert [len(t.rows) for t in document.tables] == [8, 5]
    for table in document.tables:
        header = table.rows[0]._tr.trPr
        assert header is not None and header.find(qn("w:tblHeader")) is not None
    underlined = [
        r.text
        for t in document.tables
        for c in t._cells
        for p in c.paragraphs
        for r in p.runs
        if r.underline
    ]
    assert "Engagerade, stolta, motiverade medarbetare" in underlined
    signatures = [p.text for p in document.paragraphs if p.style.name == "Underskrift"]
    assert signatures == ["Lena Dahlstedt", "Helena Meier"]


def test_seed_002_lettered_and_parenthesised_lists(rendered: dict[str, Path]) -> None:
    document = Document(str(rendered[CASES[2][1]]))
    paragraphs = {p.text: p for p in document.paragraphs}
    lettered = paragraphs["Hållbar utveckling"]
    assert lettered.style.name == "List Number"
    assert lettered._p.pPr.numPr.ilvl.val == 1  # level 2 of List Number is lowerLetter
    assert paragraphs["Som ansvarig nämnd för övergripande frågor."].style.name == (
        "List Number Paren"
    )
    proposals = [
        p
        for p in document.paragraphs
        if p.text.startswith("Kommunstyrelsen ") and p.style.name == "List Number"
    ]
    assert len(proposals) == 2
    texts = [p.text for p in document.paragraphs]
    assert texts.index("Bilagor") < texts.index("Rapport Utveckling utan gränser")


def _by_style(path: Path) -> dict[str, list[str]]:
    """Return the body's paragraph texts of the document at `path`, by style name."""
    found: dict[str, list[str]] = {}
    for paragraph in Document(str(path)).paragraphs:
        found.setdefault(paragraph.style.name, []).append(paragraph.text)
    return found


def test_seed_000_is_a_tillaggsdirektiv_with_its_sections_and_lettered_list(
    rendered: dict[str, Path],
) -> None:
    path = rendered[CASES[0][1]]
    by_style = _by_style(path)
    assert by_style["Heading 1"] == [
        "Tillägg till direktiv för projektet ”Utveckling utan gränser – översyn av övriga "
        "stödprocesser”"
    ]
    assert by_style["Heading 2"][:2] == ["Bakgrund", "Syfte"]
    assert by_style["Heading 3"] == ["Projektets mål", "Organisation"]
    assert "Internationalisering" in by_style["List Number"]  # lettered by Word, not typed
    assert by_style["Underskrift"] == ["Lena Dahlstedt"]
    header = Document(str(path)).sections[0].header
    assert "TILLÄGGSDIREKTIV" in [p.text for t in header.tables for p in t._cells[1].paragraphs]


def test_seed_003_is_an_uppdragsbeskrivning_of_gavle_with_nested_bullets(
    rendered: dict[str, Path],
) -> None:
    path = rendered[CASES[3][1]]
    document = Document(str(path))
    texts = [p.text for p in document.paragraphs]
    assert texts[texts.index("Uppdragsbeskrivning inventering av stödfunktioner") + 1] == (
        "Gävle kommun 10 juni 2018"
    )
    header = [
        p.text for t in document.sections[0].header.tables for c in t._cells for p in c.paragraphs
    ]
    assert header[:3] == ["Gävle kommun", "2018-06-10", "UPPDRAGSBESKRIVNING"]
    nested = [
        p
        for p in document.paragraphs
        if p.text == "Bidrar till huvudprocessernas mål genom att ge professionellt stöd"
    ]
    assert len(nested) == 1 and nested[0]._p.pPr.numPr.ilvl.val == 1
    assert _by_style(path).get("Underskrift") is None  # the real one is not signed
