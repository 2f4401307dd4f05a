"""Tests of the Word templates that templates/build.py builds and the repository commits."""

from __future__ import annotations

# docgen.render first: docxtpl's subdocuments import docxcompose, which rebinds python-docx's
# "cp" prefix; docgen.render binds it back once docxcompose is in.
import docgen.render  # noqa: F401  isort: skip

import datetime
import importlib.util
import sys
import zipfile
from collections.abc import Callable
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest
from docx import Document
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn
from docx.shared import Pt, Twips
from docx.table import Table
from docx.text.paragraph import Paragraph
from docxtpl import DocxTemplate
from jinja2 import StrictUndefined
from jinja2.sandbox import SandboxedEnvironment
from lxml import etree
from ooxml import check_references, validate_docx

from docgen.render import contract_problems
from docgen.swedish import FILTERS

ROOT = Path(__file__).resolve().parent.parent
TEMPLATES = ROOT / "templates"
W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"


def _load_build() -> ModuleType:
    """Return templates/build.py as a module (templates/ is a folder, not a package)."""
    spec = importlib.util.spec_from_file_location("templates_build", TEMPLATES / "build.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up while it loads
    spec.loader.exec_module(module)
    return module


build = _load_build()


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """Every template freshly built into a temporary folder, by file name."""
    return {path.name: path for path in build.build_all(tmp_path_factory.mktemp("templates"))}


@pytest.fixture(scope="module")
def tjansteskrivelse(built: dict[str, Path]) -> Path:
    """The freshly built tjänsteskrivelse template."""
    return built["tjansteskrivelse.docx"]


def _rewrite_part(source: Path, target: Path, part: str, change: Callable[[str], str]) -> None:
    """Copy the .docx `source` to `target` with `part` passed through `change`."""
    with zipfile.ZipFile(source) as old, zipfile.ZipFile(target, "w") as new:
        for info in old.infolist():
            data = old.read(info)
            if info.filename == part:
                data = change(data.decode("utf-8")).encode("utf-8")
            new.writestr(info, data)


def _part(path: Path, part: str) -> etree._Element:
    """Return the parsed XML of `part` in the .docx `path`."""
    with zipfile.ZipFile(path) as package:
        return etree.fromstring(package.read(part))


def _xpath(element: etree._Element, expression: str) -> list:
    """Return what `expression` selects from `element`, with the w: prefix bound."""
    return etree.XPath(expression, namespaces={"w": W})(element)  # type: ignore[return-value]


def _styled(container: object) -> list[tuple[str, str]]:
    """Return (style, text) of every paragraph of a story or cell, tables included, in order."""
    lines = []
    for item in container.iter_inner_content():  # type: ignore[attr-defined]
        if isinstance(item, Paragraph):
            lines.append((item.style.name, item.text))
        elif isinstance(item, Table):
            for row in item.rows:
                for cell in row.cells:
                    lines += _styled(cell)
    return lines


def _texts(container: object) -> list[str]:
    """Return the non-empty paragraph texts of a header or cell, tables included, in order."""
    return [text for _, text in _styled(container) if text]


# (a) the committed templates are what the script builds


@pytest.mark.parametrize("name", sorted(build.BUILDERS))
def test_committed_template_is_current(built: dict[str, Path], name: str) -> None:
    committed = TEMPLATES / name
    assert committed.exists(), f"{name} is missing: run `make templates`"
    assert built[name].read_bytes() == committed.read_bytes(), (
        "templates are stale: run `make templates`"
    )


@pytest.mark.parametrize("name", sorted(build.BUILDERS))
def test_building_twice_gives_identical_bytes(
    built: dict[str, Path], name: str, tmp_path: Path
) -> None:
    again = tmp_path / name
    build.BUILDERS[name](again)
    assert again.read_bytes() == built[name].read_bytes()


def test_every_template_is_built() -> None:
    assert sorted(build.BUILDERS) == [
        "anslagsbevis.docx",
        "protokoll.docx",
        "protokollsutdrag.docx",
        "tjansteskrivelse.docx",
    ]


@pytest.mark.parametrize("name", sorted(build.BUILDERS))
def test_package_is_deterministic_zip(built: dict[str, Path], name: str) -> None:
    with zipfile.ZipFile(built[name]) as package:
        infos = package.infolist()
    names = [info.filename for info in infos]
    assert names[:2] == ["[Content_Types].xml", "_rels/.rels"]
    assert names[2:] == sorted(names[2:])
    assert {info.date_time for info in infos} == {(1980, 1, 1, 0, 0, 0)}
    assert {info.compress_type for info in infos} == {zipfile.ZIP_DEFLATED}
    assert {info.external_attr for info in infos} == {0o644 << 16}


# (b) the templates are valid


@pytest.mark.parametrize("name", sorted(build.BUILDERS))
def test_template_validates(built: dict[str, Path], name: str) -> None:
    assert validate_docx(built[name]) == []
    assert check_references(built[name]) == []


# (c) what python-docx reads back

STYLE_TYPES = [
    ("Normal", WD_STYLE_TYPE.PARAGRAPH),
    ("Heading 1", WD_STYLE_TYPE.PARAGRAPH),
    ("Heading 2", WD_STYLE_TYPE.PARAGRAPH),
    ("Heading 3", WD_STYLE_TYPE.PARAGRAPH),
    ("Heading 4", WD_STYLE_TYPE.PARAGRAPH),
    ("Subtitle", WD_STYLE_TYPE.PARAGRAPH),
    ("Mottagare", WD_STYLE_TYPE.PARAGRAPH),
    ("List Bullet", WD_STYLE_TYPE.PARAGRAPH),
    ("List Number", WD_STYLE_TYPE.PARAGRAPH),
    ("List Number Paren", WD_STYLE_TYPE.PARAGRAPH),
    ("Quote", WD_STYLE_TYPE.PARAGRAPH),
    ("Underskrift", WD_STYLE_TYPE.PARAGRAPH),
    ("Hyperlink", WD_STYLE_TYPE.CHARACTER),
    ("Table Grid", WD_STYLE_TYPE.TABLE),
    ("Paragrafnummer", WD_STYLE_TYPE.PARAGRAPH),
    ("Etikett", WD_STYLE_TYPE.PARAGRAPH),
    ("Tabelltext", WD_STYLE_TYPE.PARAGRAPH),
    ("Namnförtydligande", WD_STYLE_TYPE.PARAGRAPH),
]
"""The styles every template defines: the renderer's, the letter's and the protocol's."""


@pytest.mark.parametrize("template", sorted(build.BUILDERS))
@pytest.mark.parametrize(("name", "kind"), STYLE_TYPES)
def test_style_exists_with_type(
    built: dict[str, Path], template: str, name: str, kind: WD_STYLE_TYPE
) -> None:
    style = Document(str(built[template])).styles[name]
    assert style.type == kind


@pytest.mark.parametrize("name", sorted(build.BUILDERS))
@pytest.mark.parametrize("part", ["word/styles.xml", "word/numbering.xml", "word/settings.xml"])
def test_every_template_shares_styles_numbering_settings(
    built: dict[str, Path], name: str, part: str
) -> None:
    with zipfile.ZipFile(built[name]) as package:
        ours = package.read(part)
    with zipfile.ZipFile(built["tjansteskrivelse.docx"]) as letter:
        assert ours == letter.read(part)


def test_paragrafnummer_is_bold_arial_kept_with_next(tjansteskrivelse: Path) -> None:
    style = Document(str(tjansteskrivelse)).styles["Paragrafnummer"]
    assert (style.font.name, style.font.size, style.font.bold) == ("Arial", Pt(13), True)
    assert style.paragraph_format.keep_with_next is True
    assert style.element.find(f"{qn('w:pPr')}/{qn('w:outlineLvl')}") is None  # not a heading


def test_signing_lines_are_rules_above_the_name(tjansteskrivelse: Path) -> None:
    styles = Document(str(tjansteskrivelse)).styles
    for name in ("Namnförtydligande", "Signaturfält"):
        assert _xpath(styles[name].element, "w:pPr/w:pBdr/w:top/@w:val") == ["single"]
        assert styles[name].paragraph_format.space_before >= Pt(20)


@pytest.mark.parametrize("level", [1, 2, 3, 4])
def test_headings_are_arial_bold_outline_kept_with_next(tjansteskrivelse: Path, level: int) -> None:
    style = Document(str(tjansteskrivelse)).styles[f"Heading {level}"]
    assert style.font.name == "Arial"
    assert style.font.bold is True
    assert style.paragraph_format.keep_with_next is True
    outline = style.element.find(f"{qn('w:pPr')}/{qn('w:outlineLvl')}")
    assert outline is not None and outline.get(qn("w:val")) == str(level - 1)


def test_body_font_language_and_page(tjansteskrivelse: Path) -> None:
    document = Document(str(tjansteskrivelse))
    normal = document.styles["Normal"]
    assert (normal.font.name, normal.font.size) == ("Times New Roman", Pt(12))
    defaults = document.styles.element.find(qn("w:docDefaults"))
    lang = defaults.find(f"{qn('w:rPrDefault')}/{qn('w:rPr')}/{qn('w:lang')}")
    assert lang.get(qn("w:val")) == "sv-SE"
    assert normal.element.find(f"{qn('w:rPr')}/{qn('w:lang')}").get(qn("w:val")) == "sv-SE"
    section = document.sections[0]
    assert (section.page_width, section.page_height) == (Twips(11906), Twips(16838))
    assert section.left_margin == section.right_margin == Twips(1418)


def test_quote_and_signature_styles(tjansteskrivelse: Path) -> None:
    styles = Document(str(tjansteskrivelse)).styles
    assert styles["Quote"].font.italic is True
    assert styles["Quote"].paragraph_format.left_indent > 0
    assert styles["Underskrift"].paragraph_format.space_before == Pt(36)
    assert styles["Hyperlink"].font.underline is True
    (first_row,) = _xpath(styles["Table Grid"].element, "w:tblStylePr[@w:type='firstRow']")
    assert _xpath(first_row, "w:rPr/w:b") != []
    assert _xpath(first_row, "w:tcPr/w:shd/@w:fill") == ["D9D9D9"]


@pytest.mark.parametrize(
    ("style", "level", "number_format", "text"),
    [
        ("List Bullet", 0, "bullet", "•"),
        ("List Bullet", 1, "bullet", "–"),
        ("List Bullet", 8, "bullet", "▪"),
        ("List Number", 0, "decimal", "%1."),
        ("List Number", 1, "lowerLetter", "%2."),
        ("List Number", 2, "lowerRoman", "%3."),
        ("List Number", 3, "decimal", "%4."),
        ("List Number Paren", 0, "decimal", "%1)"),
        ("List Number Paren", 1, "lowerLetter", "%2)"),
    ],
)
def test_list_style_numbering_chain(
    tjansteskrivelse: Path, style: str, level: int, number_format: str, text: str
) -> None:
    document = Document(str(tjansteskrivelse))
    num_id = document.styles[style].element.pPr.numPr.numId.val
    numbering = document.part.numbering_part.element
    (abstract_id,) = _xpath(numbering, f"w:num[@w:numId='{num_id}']/w:abstractNumId/@w:val")
    (abstract,) = _xpath(numbering, f"w:abstractNum[@w:abstractNumId='{abstract_id}']")
    assert len(_xpath(abstract, "w:lvl")) == 9
    assert _xpath(abstract, "w:multiLevelType/@w:val")[0] in {"hybridMultilevel", "multilevel"}
    (lvl,) = _xpath(abstract, f"w:lvl[@w:ilvl='{level}']")
    assert _xpath(lvl, "w:numFmt/@w:val") == [number_format]
    assert _xpath(lvl, "w:lvlText/@w:val") == [text]
    assert _xpath(lvl, "w:pPr/w:ind/@w:left") == [str(360 * (level + 1))]


def test_body_tags_in_order_one_run_each(tjansteskrivelse: Path) -> None:
    paragraphs = Document(str(tjansteskrivelse)).paragraphs
    assert [(p.style.name, p.text) for p in paragraphs] == list(build.TJANSTESKRIVELSE_BODY)
    assert all(len(p.runs) == 1 for p in paragraphs)


def test_header_reads_kommun_date_type_diarienummer(tjansteskrivelse: Path) -> None:
    header = Document(str(tjansteskrivelse)).sections[0].header
    assert _texts(header) == [
        "{{ kommun }}",
        "{{ datum|datum_kort }}",
        "TJÄNSTESKRIVELSE",
        "{{ diarienummer }}",
    ]
    kommun = header.tables[0].cell(0, 0).paragraphs[0].runs[0]
    assert kommun.bold is True


def test_footer_has_page_and_numpages_fields(tjansteskrivelse: Path) -> None:
    footer = Document(str(tjansteskrivelse)).sections[0].footer
    (paragraph,) = footer.paragraphs
    assert paragraph.alignment == WD_ALIGN_PARAGRAPH.RIGHT
    instructions = [i.text.strip() for i in paragraph._p.iter(qn("w:instrText"))]
    assert instructions == ["PAGE", "NUMPAGES"]
    kinds = [c.get(qn("w:fldCharType")) for c in paragraph._p.iter(qn("w:fldChar"))]
    assert kinds == ["begin", "separate", "end"] * 2
    assert paragraph.text == "Sida 1 av 1"


def test_core_properties_are_fixed(tjansteskrivelse: Path) -> None:
    # Read with lxml, not python-docx: once docxcompose is imported (docxtpl imports it),
    # python-docx looks for cp:lastModifiedBy in the custom-properties namespace.
    core = _part(tjansteskrivelse, "docProps/core.xml")
    namespaces = {
        "cp": "http://schemas.openxmlformats.org/package/2006/metadata/core-properties",
        "dc": "http://purl.org/dc/elements/1.1/",
        "dcterms": "http://purl.org/dc/terms/",
    }

    def value(name: str) -> list[str]:
        return core.xpath(f"{name}/text()", namespaces=namespaces)

    assert value("dc:title") == ["Tjänsteskrivelse (mall)"]
    assert value("dc:creator") == value("cp:lastModifiedBy") == ["docgen"]
    assert value("cp:revision") == ["1"]
    assert value("dcterms:created") == value("dcterms:modified") == ["2000-01-01T00:00:00Z"]
    assert value("dc:language") == ["sv-SE"]


def test_settings_are_swedish_and_valid(tjansteskrivelse: Path) -> None:
    settings = _part(tjansteskrivelse, "word/settings.xml")
    assert _xpath(settings, "w:zoom/@w:percent") == ["100"]
    assert _xpath(settings, "w:themeFontLang/@w:val") == ["sv-SE"]


# (d) the checks catch real errors


def test_validate_docx_reports_paragraph_inside_run(tjansteskrivelse: Path, tmp_path: Path) -> None:
    broken = tmp_path / "broken.docx"
    _rewrite_part(
        tjansteskrivelse,
        broken,
        "word/document.xml",
        lambda xml: xml.replace("<w:t>{{ rubrik }}</w:t>", "<w:p><w:t>{{ rubrik }}</w:t></w:p>", 1),
    )
    errors = validate_docx(broken)
    assert len(errors) == 1
    assert errors[0].startswith("word/document.xml:")
    assert "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}p" in errors[0]


def test_validate_docx_reports_paragraph_inside_text(
    tjansteskrivelse: Path, tmp_path: Path
) -> None:
    broken = tmp_path / "broken.docx"
    _rewrite_part(
        tjansteskrivelse,
        broken,
        "word/header1.xml",
        lambda xml: xml.replace("TJÄNSTESKRIVELSE</w:t>", "TJÄNSTESKRIVELSE<w:p/></w:t>", 1),
    )
    errors = validate_docx(broken)
    assert [e.split(":")[0] for e in errors] == ["word/header1.xml"]


def test_validate_docx_ignores_only_ignorable_extensions(
    tjansteskrivelse: Path, tmp_path: Path
) -> None:
    # w14 is listed in mc:Ignorable of document.xml, w10 is declared but not ignorable.
    ignorable = tmp_path / "ignorable.docx"
    _rewrite_part(
        tjansteskrivelse,
        ignorable,
        "word/document.xml",
        lambda xml: xml.replace("<w:p>", '<w:p w14:paraId="1A2B3C4D">', 1),
    )
    assert validate_docx(ignorable) == []
    unknown = tmp_path / "unknown.docx"
    _rewrite_part(
        tjansteskrivelse,
        unknown,
        "word/document.xml",
        lambda xml: xml.replace("<w:p>", '<w:p w10:unknown="1">', 1),
    )
    assert len(validate_docx(unknown)) == 1


def test_check_references_reports_missing_style_and_numbering(
    tjansteskrivelse: Path, tmp_path: Path
) -> None:
    broken = tmp_path / "broken.docx"

    def change(xml: str) -> str:
        xml = xml.replace('<w:pStyle w:val="Heading1"/>', '<w:pStyle w:val="Rubrik1"/>', 1)
        return xml.replace("<w:pPr/>", '<w:pPr><w:numPr><w:numId w:val="42"/></w:numPr></w:pPr>', 1)

    _rewrite_part(tjansteskrivelse, broken, "word/document.xml", change)
    assert validate_docx(broken) == []
    errors = check_references(broken)
    assert len(errors) == 2
    assert all(e.startswith("word/document.xml:") for e in errors)
    assert "'Rubrik1'" in errors[0] and "'42'" in errors[1]


def test_validate_docx_reports_core_property_in_wrong_namespace(
    tjansteskrivelse: Path, tmp_path: Path
) -> None:
    broken = tmp_path / "broken.docx"
    custom = "http://schemas.openxmlformats.org/officeDocument/2006/custom-properties"
    _rewrite_part(
        tjansteskrivelse,
        broken,
        "docProps/core.xml",
        lambda xml: xml.replace(
            "</cp:coreProperties>",
            f'<cp:lastModifiedBy xmlns:cp="{custom}">x</cp:lastModifiedBy></cp:coreProperties>',
        ),
    )
    errors = validate_docx(broken)
    assert len(errors) == 1
    assert errors[0].startswith("docProps/core.xml:") and custom in errors[0]


# rendering with docxtpl, as the renderer will


def test_template_renders_with_docxtpl(tjansteskrivelse: Path, tmp_path: Path) -> None:
    from docxtpl import DocxTemplate
    from jinja2 import StrictUndefined
    from jinja2.sandbox import SandboxedEnvironment

    environment = SandboxedEnvironment(autoescape=True, undefined=StrictUndefined)
    environment.filters["datum_kort"] = lambda value: value.isoformat()
    template = DocxTemplate(str(tjansteskrivelse))
    forslag = template.new_subdoc()
    forslag.add_paragraph("Kommunstyrelsen noterar.")
    brodtext = template.new_subdoc()
    brodtext.add_paragraph("Brödtext.")
    brodtext.add_paragraph("En punkt.", style="List Number")
    context = {
        "kommun": "Nacka kommun",
        "datum": datetime.date(2014, 11, 24),
        "diarienummer": "KFKS 2012/577-001",
        "organ": "Kommunstyrelsen",
        "rubrik": "Styrning & ledning",
        "underrubrik": "",
        "forslag_till_beslut": forslag,
        "brodtext": brodtext,
        "bilagor": ["Bilaga 1"],
        "underskrifter": [{"namn": "Lena Dahlstedt", "titel": "Stadsdirektör", "enhet": None}],
    }
    template.render(context, environment)
    output = tmp_path / "rendered.docx"
    template.save(str(output))

    assert validate_docx(output) == []
    assert check_references(output) == []
    document = Document(str(output))
    assert [(p.style.name, p.text) for p in document.paragraphs] == [
        ("Mottagare", "Kommunstyrelsen"),
        ("Heading 1", "Styrning & ledning"),
        ("Heading 2", "Förslag till beslut"),
        ("Normal", "Kommunstyrelsen noterar."),
        ("Normal", "Brödtext."),
        ("List Number", "En punkt."),
        ("Heading 2", "Bilagor"),
        ("Normal", "Bilaga 1"),
        ("Underskrift", "Lena Dahlstedt"),
        ("Normal", "Stadsdirektör"),
    ]
    assert _texts(document.sections[0].header) == [
        "Nacka kommun",
        "2014-11-24",
        "TJÄNSTESKRIVELSE",
        "KFKS 2012/577-001",
    ]


# the meeting documents: protokoll, protokollsutdrag, anslagsbevis

MEETING_TEMPLATES = ("protokoll.docx", "protokollsutdrag.docx", "anslagsbevis.docx")

COMMON_VARIABLES = {
    "kommun",
    "organ",
    "datum",
    "plats_och_tid",
    "paragrafer_text",
    "forvaringsplats",
    "anslag",
    "justering",
    "sekreterare",
    "ordforande",
    "justerare",
}
"""The context docgen gives every meeting document."""

VARIABLES = {
    "protokoll.docx": COMMON_VARIABLES
    | {
        "beslutande",
        "tjanstgorande_ersattare",
        "ej_tjanstgorande_ersattare",
        "ovriga_narvarande",
        "bilaga",
        "paragrafer",
    },
    "protokollsutdrag.docx": COMMON_VARIABLES | {"paragraf"},
    "anslagsbevis.docx": COMMON_VARIABLES,
}
"""The variables each meeting template may use, and no others."""

HEADERS = {
    "protokoll.docx": ["{{ kommun }}", "PROTOKOLL", "{{ organ }}", "{{ datum|datum_kort }}"],
    "protokollsutdrag.docx": [
        "{{ kommun }}",
        "PROTOKOLLSUTDRAG",
        "{{ organ }}",
        "{{ datum|datum_kort }}",
    ],
    "anslagsbevis.docx": ["{{ kommun }}", "ANSLAGSBEVIS"],
}

SIGNATURES = ["Ordförandes signatur", "Justerandes signatur", "Utdragsbestyrkande"]

PLATS_OCH_TID = "Nacka stadshus, sammanträdesrummet Jelgava, tisdag 19 augusti 2014 kl. 9.00–11.30"
APPEAL = (
    "Den som vill överklaga beslutet ska ge in överklagandet till förvaltningsrätten "
    "senast 17 september 2014."
)


@pytest.mark.parametrize("name", MEETING_TEMPLATES)
def test_meeting_template_uses_only_the_contract(built: dict[str, Path], name: str) -> None:
    # Styles, Jinja syntax, variables and filters, as `docgen templates check` sees them.
    assert contract_problems(built[name], VARIABLES[name]) == []


@pytest.mark.parametrize("name", MEETING_TEMPLATES)
def test_meeting_header_names_kommun_type_organ_date(built: dict[str, Path], name: str) -> None:
    header = Document(str(built[name])).sections[0].header
    assert _texts(header) == HEADERS[name]
    kommun, kind = header.tables[0].cell(0, 0), header.tables[0].cell(0, 1)
    assert kommun.paragraphs[0].runs[0].bold is True
    assert kind.paragraphs[0].runs[0].bold is True


@pytest.mark.parametrize("name", MEETING_TEMPLATES)
def test_meeting_footer_numbers_pages(built: dict[str, Path], name: str) -> None:
    footer = Document(str(built[name])).sections[0].footer
    last = footer.paragraphs[-1]
    assert last.text == "Sida 1 av 1"
    assert last.alignment == WD_ALIGN_PARAGRAPH.RIGHT
    assert [i.text.strip() for i in last._p.iter(qn("w:instrText"))] == ["PAGE", "NUMPAGES"]


@pytest.mark.parametrize(
    ("name", "boxes"),
    [
        ("protokoll.docx", SIGNATURES),
        ("protokollsutdrag.docx", SIGNATURES),
        ("anslagsbevis.docx", None),
    ],
)
def test_footer_signature_boxes(built: dict[str, Path], name: str, boxes: list[str] | None) -> None:
    footer = Document(str(built[name])).sections[0].footer
    if boxes is None:
        assert footer.tables == []
        return
    (table,) = footer.tables
    (row,) = table.rows
    assert [cell.text for cell in row.cells] == boxes
    assert {p.style.name for cell in row.cells for p in cell.paragraphs} == {"Signaturfält"}
    assert _xpath(table._tbl, "w:tblPr/w:tblBorders") == []  # borderless: only the lines
    assert _xpath(table._tbl, "w:tblPr/w:tblStyle") == []
    # the table comes first, the page numbers under it
    assert [child.tag for child in footer._element] == [qn("w:tbl"), qn("w:p")]


def test_protokoll_front_page_labels_in_order(built: dict[str, Path]) -> None:
    document = Document(str(built["protokoll.docx"]))
    labels = [text for style, text in _styled(document) if style == "Etikett"]
    assert labels == [
        "Plats och tid",
        "Beslutande",
        "Tjänstgörande ersättare",
        "Ej tjänstgörande ersättare",
        "Övriga närvarande",
        "Utses att justera",
        "Justeringens plats och tid",
        "Paragrafer",
        "Underskrifter",
        "Sekreterare",
        "Ordförande",
        "Justerande",
        "Organ",
        "Sammanträdesdatum",
        "Datum då anslaget sätts upp",
        "Sista dag för överklagande",
        "Datum då anslaget tas ned",
        "Förvaringsplats för protokollet",
        "Underskrift",
    ]
    first, signatures, anslag = document.tables
    assert [column.width for column in first.columns] == [Twips(2835), Twips(9070 - 2835)]
    assert first.columns[0].width == signatures.columns[0].width == anslag.columns[0].width


def test_layout_tables_keep_an_empty_cell_valid(built: dict[str, Path]) -> None:
    # A loop over an empty list must leave a paragraph in its cell: {%p else %} does.
    # (The row itself is left out when its list is empty: {%tr if … %} in rows 5 and 7.)
    document = Document(str(built["protokoll.docx"]))
    cell = document.tables[0].rows[6].cells[1]
    assert [p.text for p in cell.paragraphs] == [
        "{%p for e in ej_tjanstgorande_ersattare %}",
        "{{ e }}",
        "{%p else %}",
        "",
        "{%p endfor %}",
    ]


def test_protokoll_paragraph_loop(built: dict[str, Path]) -> None:
    body = [(p.style.name, p.text) for p in Document(str(built["protokoll.docx"])).paragraphs]
    start = body.index(("Normal", "{%p for p in paragrafer %}"))
    assert body[start:] == [
        ("Normal", "{%p for p in paragrafer %}"),
        ("Paragrafnummer", "{%r if loop.first %}{%r endif %}{{ p.nummer_text }}"),
        ("Normal", "{{ p.diarienummer }}"),
        ("Heading 2", "{{ p.rubrik }}"),
        ("Normal", "{%p if p.underrubrik %}"),
        ("Subtitle", "{{ p.underrubrik }}"),
        ("Normal", "{%p endif %}"),
        ("Normal", "{{p p.innehall }}"),
        ("Normal", "{%p endfor %}"),
    ]


def test_protokollsutdrag_body(built: dict[str, Path]) -> None:
    document = Document(str(built["protokollsutdrag.docx"]))
    assert [(p.style.name, p.text) for p in document.paragraphs] == [
        ("Paragrafnummer", "{{ paragraf.nummer_text }}"),
        ("Normal", "{{ paragraf.diarienummer }}"),
        ("Heading 1", "{{ paragraf.rubrik }}"),
        ("Normal", "{%p if paragraf.underrubrik %}"),
        ("Subtitle", "{{ paragraf.underrubrik }}"),
        ("Normal", "{%p endif %}"),
        ("Normal", "{{p paragraf.innehall }}"),
    ]
    (table,) = document.tables
    assert _styled(table.rows[0].cells[1]) == [
        ("Tabelltext", "Utdraget bestyrks"),
        ("Namnförtydligande", "{{ sekreterare }}"),
    ]


def _environment() -> SandboxedEnvironment:
    """Return the sandbox docgen renders in: strict, autoescaping, with the Swedish filters."""
    environment = SandboxedEnvironment(undefined=StrictUndefined, autoescape=True)
    environment.filters.update(FILTERS)
    return environment


def _common_context() -> dict[str, Any]:
    """Return the context every meeting document gets, as docgen formats it."""
    return {
        "kommun": "Nacka kommun",
        "organ": "Kommunstyrelsens arbetsutskott",
        "datum": datetime.date(2014, 8, 19),
        "plats_och_tid": PLATS_OCH_TID,
        "paragrafer_text": "§§ 93–94",
        "forvaringsplats": "Stadsledningskontoret, Nacka stadshus",
        "anslag": {
            "uppsatt": datetime.date(2014, 8, 27),
            "sista_dag": datetime.date(2014, 9, 17),
            "nedtagning": datetime.date(2014, 9, 18),
        },
        "justering": {"datum": datetime.date(2014, 8, 26), "plats": "Nacka stadshus",
                      "plats_och_tid": "Nacka stadshus 2014-08-26"},
        "sekreterare": "Görel Petersson",
        "ordforande": "Mats Gerdau (M)",
        "justerare": ["Rolf Wasteson (V)", "Hans Peters (C)"],
    }


def _paragraph(
    template: DocxTemplate, nummer: int, rubrik: str, underrubrik: str, level: int
) -> dict[str, Any]:
    """Return one paragraph's context, its sections a subdocument headed at `level`."""
    innehall = template.new_subdoc()
    innehall.add_paragraph("Beslut", style=f"Heading {level}")
    innehall.add_paragraph(f"Beslut i § {nummer}.")
    innehall.add_paragraph("Ärende", style=f"Heading {level}")
    innehall.add_paragraph(f"Ärendet i § {nummer}.")
    return {
        "nummer": nummer,
        "nummer_text": f"§ {nummer}",
        "diarienummer": f"KFKS 2014/{nummer}-001",
        "rubrik": rubrik,
        "underrubrik": underrubrik,
        "innehall": innehall,
    }


def _render(template: DocxTemplate, context: dict[str, Any], output: Path) -> Document:
    """Render `template` with `context` to `output`, check the package, and read it back."""
    template.render(context, _environment())
    template.save(str(output))
    assert validate_docx(output) == []
    assert check_references(output) == []
    return Document(str(output))


def test_protokoll_renders(built: dict[str, Path], tmp_path: Path) -> None:
    template = DocxTemplate(str(built["protokoll.docx"]))
    context = _common_context() | {
        "beslutande": ["Mats Gerdau (M), ordförande", "Cathrin Bergenstråhle (M)"],
        "tjanstgorande_ersattare": ["Helena Westerling (S) för Carl-Magnus Grenninger (S)"],
        "ej_tjanstgorande_ersattare": [],
        "ovriga_narvarande": ["Lena Dahlstedt, stadsdirektör"],
        "bilaga": "",
        "paragrafer": [
            _paragraph(template, 93, "Ekonomi & budget", "", level=3),
            _paragraph(template, 94, "Styrning och ledning", "Lägesrapport augusti 2014", level=3),
        ],
    }
    document = _render(template, context, tmp_path / "protokoll.docx")
    assert _styled(document) == [
        ("Heading 1", "Kommunstyrelsens arbetsutskott"),
        ("Etikett", "Plats och tid"),
        ("Tabelltext", PLATS_OCH_TID),
        ("Etikett", "Beslutande"),
        ("Tabelltext", "Mats Gerdau (M), ordförande"),
        ("Tabelltext", "Cathrin Bergenstråhle (M)"),
        ("Etikett", "Tjänstgörande ersättare"),
        ("Tabelltext", "Helena Westerling (S) för Carl-Magnus Grenninger (S)"),
        ("Etikett", "Övriga närvarande"),
        ("Tabelltext", "Lena Dahlstedt, stadsdirektör"),
        ("Etikett", "Utses att justera"),
        ("Tabelltext", "Rolf Wasteson (V)"),
        ("Tabelltext", "Hans Peters (C)"),
        ("Etikett", "Justeringens plats och tid"),
        ("Tabelltext", "Nacka stadshus 2014-08-26"),
        ("Etikett", "Paragrafer"),
        ("Tabelltext", "§§ 93–94"),
        ("Etikett", "Underskrifter"),
        ("Etikett", "Sekreterare"),
        ("Namnförtydligande", "Görel Petersson"),
        ("Tabelltext", ""),
        ("Etikett", "Ordförande"),
        ("Namnförtydligande", "Mats Gerdau (M)"),
        ("Tabelltext", ""),
        ("Etikett", "Justerande"),
        ("Namnförtydligande", "Rolf Wasteson (V)"),
        ("Tabelltext", ""),
        ("Etikett", "Justerande"),
        ("Namnförtydligande", "Hans Peters (C)"),
        ("Heading 2", "ANSLAG/BEVIS"),
        ("Normal", "Protokollet är justerat. Justeringen har tillkännagivits genom anslag."),
        ("Etikett", "Organ"),
        ("Tabelltext", "Kommunstyrelsens arbetsutskott"),
        ("Etikett", "Sammanträdesdatum"),
        ("Tabelltext", "2014-08-19"),
        ("Etikett", "Datum då anslaget sätts upp"),
        ("Tabelltext", "2014-08-27"),
        ("Etikett", "Sista dag för överklagande"),
        ("Tabelltext", "2014-09-17"),
        ("Etikett", "Datum då anslaget tas ned"),
        ("Tabelltext", "2014-09-18"),
        ("Etikett", "Förvaringsplats för protokollet"),
        ("Tabelltext", "Stadsledningskontoret, Nacka stadshus"),
        ("Etikett", "Underskrift"),
        ("Namnförtydligande", "Görel Petersson"),
        ("Paragrafnummer", "§ 93"),
        ("Normal", "KFKS 2014/93-001"),
        ("Heading 2", "Ekonomi & budget"),
        ("Heading 3", "Beslut"),
        ("Normal", "Beslut i § 93."),
        ("Heading 3", "Ärende"),
        ("Normal", "Ärendet i § 93."),
        ("Paragrafnummer", "§ 94"),
        ("Normal", "KFKS 2014/94-001"),
        ("Heading 2", "Styrning och ledning"),
        ("Subtitle", "Lägesrapport augusti 2014"),
        ("Heading 3", "Beslut"),
        ("Normal", "Beslut i § 94."),
        ("Heading 3", "Ärende"),
        ("Normal", "Ärendet i § 94."),
    ]
    # One page break, before the first paragraph only: the front page stands alone.
    numbers = [p for p in document.paragraphs if p.style.name == "Paragrafnummer"]
    breaks = [len(_xpath(p._p, ".//w:br[@w:type='page']")) for p in numbers]
    assert breaks == [1, 0]
    assert _texts(document.sections[0].header) == [
        "Nacka kommun",
        "PROTOKOLL",
        "Kommunstyrelsens arbetsutskott",
        "2014-08-19",
    ]
    assert _texts(document.sections[0].footer) == [*SIGNATURES, "Sida 1 av 1"]


def test_protokollsutdrag_renders(built: dict[str, Path], tmp_path: Path) -> None:
    template = DocxTemplate(str(built["protokollsutdrag.docx"]))
    context = _common_context() | {
        "paragraf": _paragraph(template, 94, "Styrning och ledning", "Lägesrapport", level=2),
    }
    document = _render(template, context, tmp_path / "utdrag.docx")
    assert _styled(document) == [
        ("Paragrafnummer", "§ 94"),
        ("Normal", "KFKS 2014/94-001"),
        ("Heading 1", "Styrning och ledning"),
        ("Subtitle", "Lägesrapport"),
        ("Heading 2", "Beslut"),
        ("Normal", "Beslut i § 94."),
        ("Heading 2", "Ärende"),
        ("Normal", "Ärendet i § 94."),
        ("Etikett", "Utdragsbestyrkande"),
        ("Tabelltext", "Utdraget bestyrks"),
        ("Namnförtydligande", "Görel Petersson"),
    ]
    assert _texts(document.sections[0].header) == [
        "Nacka kommun",
        "PROTOKOLLSUTDRAG",
        "Kommunstyrelsens arbetsutskott",
        "2014-08-19",
    ]
    assert _texts(document.sections[0].footer) == [*SIGNATURES, "Sida 1 av 1"]


def test_protokollsutdrag_without_underrubrik(built: dict[str, Path], tmp_path: Path) -> None:
    template = DocxTemplate(str(built["protokollsutdrag.docx"]))
    context = _common_context() | {"paragraf": _paragraph(template, 95, "Rubrik", "", level=2)}
    document = _render(template, context, tmp_path / "utdrag.docx")
    assert [p.style.name for p in document.paragraphs][:4] == [
        "Paragrafnummer",
        "Normal",
        "Heading 1",
        "Heading 2",
    ]


def test_anslagsbevis_renders(built: dict[str, Path], tmp_path: Path) -> None:
    template = DocxTemplate(str(built["anslagsbevis.docx"]))
    document = _render(template, _common_context(), tmp_path / "anslagsbevis.docx")
    assert _styled(document) == [
        ("Heading 1", "Anslagsbevis"),
        ("Normal", "Protokollet är justerat. Justeringen har tillkännagivits genom anslag."),
        ("Etikett", "Organ"),
        ("Tabelltext", "Kommunstyrelsens arbetsutskott"),
        ("Etikett", "Sammanträdesdatum"),
        ("Tabelltext", "2014-08-19"),
        ("Etikett", "Paragrafer"),
        ("Tabelltext", "§§ 93–94"),
        ("Etikett", "Datum då anslaget sätts upp"),
        ("Tabelltext", "2014-08-27"),
        ("Etikett", "Sista dag för överklagande"),
        ("Tabelltext", "2014-09-17"),
        ("Etikett", "Datum då anslaget tas ned"),
        ("Tabelltext", "2014-09-18"),
        ("Etikett", "Förvaringsplats för protokollet"),
        ("Tabelltext", "Stadsledningskontoret, Nacka stadshus"),
        ("Etikett", "Underskrift"),
        ("Namnförtydligande", "Görel Petersson"),
        ("Normal", APPEAL),
    ]
    assert _texts(document.sections[0].header) == ["Nacka kommun", "ANSLAGSBEVIS"]
    assert _texts(document.sections[0].footer) == ["Sida 1 av 1"]
