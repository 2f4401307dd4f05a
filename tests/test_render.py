"""Rendering a tjänsteskrivelse: what the Markdown and front matter become in Word."""

from __future__ import annotations

import re
import zipfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from conftest import TJANSTESKRIVELSER, copy_organisation, edited_copy
from docx import Document
from docx.oxml.ns import qn
from ooxml import check_references, validate_docx

from docgen import render_tjansteskrivelse
from docgen.api import TEMPLATES
from docgen.content.organisation import find_organisation, load_organisation
from docgen.content.tjansteskrivelse import LoadedTjansteskrivelse, load_tjansteskrivelse
from docgen.documents import tjansteskrivelse
from docgen.errors import TemplateError
from docgen.markdown import Paragraph, Span, Table
from docgen.render import Rendering, TemplateSet
from docgen.word import WordWriter

HEAD = """\
---
typ: tjansteskrivelse
datum: 2014-11-24
diarienummer: KFKS 2012/577-001
organ: KS
avsandare: Stadsledningskontoret
rubrik: {rubrik}
forslag_till_beslut:
  - Kommunstyrelsen noterar informationen.
underskrifter:
  - {{namn: Lena Dahlstedt, titel: Stadsdirektör}}
---
"""


def render(tmp_path: Path, body: str, rubrik: str = "Rubrik") -> Document:
    """Render a tjänsteskrivelse with `body` and return it read back, after validating it."""
    copy_organisation(tmp_path)
    source = tmp_path / "arende.md"
    source.write_text(HEAD.format(rubrik=rubrik) + body, encoding="utf-8")
    (out,) = render_tjansteskrivelse(source, tmp_path / "arende.docx")
    assert validate_docx(out) == []
    assert check_references(out) == []
    return Document(str(out))


def body_paragraphs(document: Document) -> list:
    """Return the paragraphs after the proposal (the Markdown body and signatures)."""
    paragraphs = document.paragraphs
    start = next(
        i for i, p in enumerate(paragraphs) if p.text.startswith("Kommunstyrelsen noterar")
    )
    return paragraphs[start + 1 :]


def test_inline_formatting_and_links(tmp_path: Path) -> None:
    document = render(
        tmp_path,
        "Text med **fet**, *kursiv*, <u>understruken</u> och [en länk](https://www.nacka.se).\n",
    )
    paragraph = body_paragraphs(document)[0]
    runs = {run.text: run for run in paragraph.runs}
    assert runs["fet"].bold and runs["kursiv"].italic and runs["understruken"].underline
    assert paragraph.text == "Text med fet, kursiv, understruken och en länk."
    link = paragraph._p.find(qn("w:hyperlink"))
    assert link is not None
    target = document.part.rels[link.get(qn("r:id"))]
    assert target.is_external and target.target_ref == "https://www.nacka.se"


def test_many_links_each_url_once_with_its_own_id(tmp_path: Path) -> None:
    """3 000 links to 2 000 urls: each url one external relationship, the same id wherever
    it is linked, no id the template already uses taken twice.
    """
    text = " ".join(f"[l{n}](https://e.se/{n % 2000})" for n in range(3000))
    document = render(tmp_path, text + "\n")
    paragraph = body_paragraphs(document)[0]
    ids = [link.get(qn("r:id")) for link in paragraph._p.findall(qn("w:hyperlink"))]
    rels = document.part.rels
    targets = [rels[rid].target_ref for rid in ids]
    assert targets == [f"https://e.se/{n % 2000}" for n in range(3000)]
    assert ids[:1000] == ids[2000:]
    template = Document(str(TEMPLATES / "tjansteskrivelse.docx")).part.rels
    assert len([rel for rel in rels.values() if rel.is_external]) == 2000
    assert len(rels) == len(template) + 2000  # none of the template's ids taken again


def test_headings_quotes_and_line_breaks(tmp_path: Path) -> None:
    document = render(
        tmp_path, "## Avsnitt\n\n### Under\n\n#### Under under\n\n> Citat\n\nRad ett  \nrad två\n"
    )
    paragraphs = body_paragraphs(document)
    assert [(p.style.name, p.text) for p in paragraphs[:5]] == [
        ("Heading 2", "Avsnitt"),
        ("Heading 3", "Under"),
        ("Heading 4", "Under under"),
        ("Quote", "Citat"),
        ("Normal", "Rad ett\nrad två"),
    ]


def test_lists_restart_and_nest(tmp_path: Path) -> None:
    document = render(tmp_path, "1. a\n2. b\n   - inre\n\nMellan.\n\n1. c\n\nMellan.\n\n3. tre\n")
    paragraphs = [p for p in body_paragraphs(document) if p.style.name.startswith("List")]
    levels = [(p.text, p.style.name, p._p.pPr.numPr.ilvl.val) for p in paragraphs]
    assert levels == [
        ("a", "List Number", 0),
        ("b", "List Number", 0),
        ("inre", "List Bullet", 1),
        ("c", "List Number", 0),
        ("tre", "List Number", 0),
    ]
    num_ids = [p._p.pPr.numPr.numId.val for p in paragraphs]
    assert num_ids[0] == num_ids[1] and len({num_ids[0], num_ids[3], num_ids[4]}) == 3
    numbering = document.part.numbering_part.element
    starts = []
    for num_id in (num_ids[0], num_ids[3], num_ids[4]):
        override = numbering.num_having_numId(num_id).find(qn("w:lvlOverride"))
        starts.append(override.find(qn("w:startOverride")).get(qn("w:val")))
    assert starts == ["1", "1", "3"]  # every list restarts; an explicit start is kept


def test_table_header_row_and_alignment(tmp_path: Path) -> None:
    document = render(tmp_path, "| Post | Belopp |\n|---|--:|\n| Lön | 3 500 |\n| Hyra | 200 |\n")
    table = document.tables[0]
    assert table.style.name == "Table Grid"
    assert [[c.text for c in row.cells] for row in table.rows] == [
        ["Post", "Belopp"],
        ["Lön", "3 500"],
        ["Hyra", "200"],
    ]
    assert table.rows[0]._tr.trPr.find(qn("w:tblHeader")) is not None
    assert all(
        row._tr.trPr is None or row._tr.trPr.find(qn("w:tblHeader")) is None
        for row in table.rows[1:]
    )
    assert table.rows[1].cells[1].paragraphs[0].alignment == 2  # right


@pytest.mark.parametrize(
    "text",
    [
        "{{ rubrik }}",
        "{% if true %}x{% endif %}",
        "{_{ x }_}",
        "{_% if %_}",
        "{# kommentar #}",
        "<w:p>&amp; ' \" < > &",
        "עברית مرحبا 🎉",
        "x" * 5000,
    ],
)
def test_content_is_data(tmp_path: Path, text: str) -> None:
    escaped = text.replace("\\", "\\\\").replace('"', '\\"')
    markdown = text.replace("_", "\\_").replace("#", "\\#")  # literal in Markdown too
    document = render(tmp_path, f"Före {markdown} efter.\n", rubrik=f'"{escaped}"')
    assert document.paragraphs[1].text == text
    if "<" not in text:  # inline HTML in the body is refused; the title carries tags
        assert body_paragraphs(document)[0].text == f"Före {text} efter."


def test_core_properties_and_language(tmp_path: Path) -> None:
    document = render(tmp_path, "Text.\n", rubrik='"Budget & <plan> för ”2015–2016”"')
    core = document.core_properties
    assert core.title == "Budget & <plan> för ”2015–2016”"
    assert core.subject == "KFKS 2012/577-001"
    assert core.author == "Stadsledningskontoret"
    assert len(render(tmp_path, "Text.\n", rubrik="x" * 300).core_properties.title) == 255
    assert core.created.date().isoformat() == "2014-11-24" == core.modified.date().isoformat()
    assert core.last_modified_by == "docgen"
    styles = document.styles.element
    lang = styles.find(qn("w:docDefaults")).find(".//" + qn("w:lang"))
    assert lang.get(qn("w:val")) == "sv-SE"


def test_rendering_is_byte_identical(tmp_path: Path) -> None:
    first, second = tmp_path / "a", tmp_path / "b"
    first.mkdir()
    second.mkdir()
    render(first, "## Avsnitt\n\n1. a\n2. b\n\n[länk](https://www.nacka.se)\n")
    render(second, "## Avsnitt\n\n1. a\n2. b\n\n[länk](https://www.nacka.se)\n")
    assert (first / "arende.docx").read_bytes() == (second / "arende.docx").read_bytes()


def test_rendering_leaves_python_docx_as_it_found_it(tmp_path: Path) -> None:
    """A program that embeds docgen and uses python-docx itself must see no change in it."""
    import docx.oxml.ns

    before = dict(docx.oxml.ns.nsmap)
    render(tmp_path, "## Avsnitt\n\n- a\n\n| a | b |\n|---|---|\n| 1 | 2 |\n")
    assert docx.oxml.ns.nsmap == before
    assert before["cp"] == "http://schemas.openxmlformats.org/package/2006/metadata/core-properties"


def _example(name: str) -> tuple[LoadedTjansteskrivelse, Path]:
    """Return the example tjänsteskrivelse `name`, loaded, and the bundled template."""
    source = TJANSTESKRIVELSER / name
    organisation = load_organisation(find_organisation(source))
    return load_tjansteskrivelse(source, organisation), TEMPLATES / "tjansteskrivelse.docx"


def test_a_template_compiled_once_renders_each_document_as_a_fresh_one() -> None:
    """Documents rendered from one `TemplateSet` are the bytes each renders to alone,
    and the second compiles nothing the first did not.
    """
    first, template = _example("2014-11-24-styrning-och-ledning.md")
    second, _ = _example("2011-12-05-utveckling-utan-granser.md")
    templates = TemplateSet()
    compiled = templates.get(template)
    together = [tjansteskrivelse.render(d, compiled) for d in (first, second)]
    parts = (compiled.body, *compiled.headers_footers)
    again = tjansteskrivelse.render(first, templates.get(template))
    alone = [tjansteskrivelse.render(d, template) for d in (first, second)]
    assert together == alone
    assert again == alone[0]
    assert templates.get(template) is compiled
    assert (compiled.body, *compiled.headers_footers) == parts


def test_each_document_of_a_compiled_template_has_its_own_deadline() -> None:
    """The time one document's template took does not count against the next."""
    document, template = _example("2014-11-24-styrning-och-ledning.md")
    compiled = TemplateSet().get(template)
    tjansteskrivelse.render(document, compiled)
    compiled.environment.deadline = 0.0  # as if the last document had used all its time
    assert tjansteskrivelse.render(document, compiled)


def _template_with(tmp_path: Path, change: Callable[[Any], None]) -> Path:
    """Return a copy of the bundled tjänsteskrivelse template after `change(document)`."""
    document = Document(str(TEMPLATES / "tjansteskrivelse.docx"))
    change(document)
    path = tmp_path / "tjansteskrivelse.docx"
    document.save(str(path))
    return path


def _make_default(style_id: str) -> Callable[[Any], None]:
    """Return a change making the style `style_id` the default of its kind."""

    def change(document: Any) -> None:
        element = document.styles.element.get_by_id(style_id)
        kind = element.get(qn("w:type"))
        for other in document.styles.element.findall(qn("w:style")):
            if other.get(qn("w:type")) == kind:
                other.attrib.pop(qn("w:default"), None)
        element.set(qn("w:default"), "1")

    return change


def _writer(template: Path) -> WordWriter:
    """Return a block writer for one document of `template`."""
    return Rendering(template).writer


TABLE = Table(
    header=((Span("Namn"),), (Span("Röst"),)),
    rows=(((Span("Eva Sjö (S)"),), (Span("Ja"),)),),
    align=(None, None),
    line=1,
    widths=(3, 1),
)


def test_a_default_style_is_named_by_naming_none_as_python_docx_writes_it(
    tmp_path: Path,
) -> None:
    """A table or link in the template's default table or character style names no style."""
    grid = _writer(_template_with(tmp_path, _make_default("TableGrid"))).blocks((TABLE,))
    assert "<w:tblStyle" not in grid and "<w:tblPr><w:tblW" in grid
    link = Paragraph((Span("docgen", link="https://example.se"),), 1)
    linked = _writer(_template_with(tmp_path, _make_default("Hyperlink"))).blocks((link,))
    assert "<w:rPr/>" in linked and "<w:rStyle" not in linked
    bundled = _writer(TEMPLATES / "tjansteskrivelse.docx")
    assert '<w:tblStyle w:val="TableGrid"/>' in bundled.blocks((TABLE,))
    assert '<w:rStyle w:val="Hyperlink"/>' in bundled.blocks((link,))


def test_columns_of_their_own_widths_share_the_text_width_even_with_a_zero_margin(
    tmp_path: Path,
) -> None:
    """A margin of 0 is a margin of 0: the columns share the page less the other margin."""

    def no_left_margin(document: Any) -> None:
        document.sections[0].left_margin = 0

    template = _template_with(tmp_path, no_left_margin)
    section = Document(str(template)).sections[0]
    xml = _writer(template).blocks((TABLE,))
    widths = [int(w) for w in re.findall(r'<w:gridCol w:w="(\d+)"/>', xml)]
    text_width = (section.page_width - section.right_margin) / 635
    assert widths[0] == pytest.approx(3 * widths[1], abs=1)
    assert sum(widths) == pytest.approx(text_width, abs=2)


def test_a_link_style_of_the_wrong_kind_is_one_line(tmp_path: Path) -> None:
    def paragraph_kind(document: Any) -> None:
        document.styles.element.get_by_id("Hyperlink").set(qn("w:type"), "paragraph")

    writer = _writer(_template_with(tmp_path, paragraph_kind))
    expected = "formatmallen ”Hyperlink” (”Hyperlänk” i svenska Word) är ingen teckenformatmall"
    with pytest.raises(TemplateError, match=re.escape(expected)):
        writer.blocks((Paragraph((Span("docgen", link="https://example.se"),), 1),))


def test_a_template_without_a_section_renders_on_python_docx_default_page(
    tmp_path: Path,
) -> None:
    """A body without `w:sectPr` (Word then uses its default page) still renders, and its
    tables share python-docx's default text width: a Letter page less inch margins.
    """

    def no_section(document: Any) -> None:
        body = document.element.body
        body.remove(body.find(qn("w:sectPr")))

    template = _template_with(tmp_path, no_section)
    document, _ = _example("2014-11-24-styrning-och-ledning.md")
    output = tmp_path / "ut.docx"
    output.write_bytes(tjansteskrivelse.render(document, template))
    assert validate_docx(output) == []
    widths = re.findall(r'<w:gridCol w:w="(\d+)"/>', _writer(template).blocks((TABLE,)))
    assert sum(int(w) for w in widths) == pytest.approx(6.5 * 1440, abs=2)


def test_a_template_saved_as_office_open_xml_text_by_libreoffice_renders(tmp_path: Path) -> None:
    """LibreOffice's "Office Open XML Text" names the core properties' relationship as the
    standard's first edition did; the template renders, and the document names it as Word
    does, with docgen's properties in it.
    """
    first_edition = (
        "http://schemas.openxmlformats.org/officedocument/2006/relationships/metadata/"
        "core-properties"
    )
    template = edited_copy(
        TEMPLATES / "tjansteskrivelse.docx",
        tmp_path / "tjansteskrivelse.docx",
        "_rels/.rels",
        lambda rels: re.sub(
            rb'Type="[^"]*/metadata/core-properties"', b'Type="%s"' % first_edition.encode(), rels
        ),
    )
    document, _ = _example("2014-11-24-styrning-och-ledning.md")
    output = tmp_path / "ut.docx"
    output.write_bytes(tjansteskrivelse.render(document, template))
    assert validate_docx(output) == []
    with zipfile.ZipFile(output) as rendered:
        assert first_edition.encode() not in rendered.read("_rels/.rels")
    assert Document(str(output)).core_properties.subject == "KFKS 2012/577-001"
