"""The bundled templates: packed from the XML sources in templates/, valid, and docgen's own.

What the templates look like is tested where they are used (test_render, test_close,
test_accessibility); here: the committed .docx files are what templates/pack.py makes of
the sources, unpacking gives the sources back, the packages are valid Office Open XML,
and no other program's name or theme is left in them.
"""

from __future__ import annotations

import io
import shutil
import zipfile
from collections.abc import Callable
from pathlib import Path

import pytest
from conftest import TEMPLATE_SOURCES, template_script
from docx import Document
from ooxml import check_references, validate_docx

from docgen.api import DOCUMENT_TYPES, TEMPLATES

pack = template_script("pack")
unpack = template_script("unpack")
NAMES = sorted(DOCUMENT_TYPES)


def _rewrite_part(source: Path, target: Path, part: str, change: Callable[[str], str]) -> None:
    """Copy the .docx `source` to `target` with `part` passed through `change`."""
    with zipfile.ZipFile(source) as old, zipfile.ZipFile(target, "w") as new:
        for info in old.infolist():
            data = old.read(info)
            if info.filename == part:
                data = change(data.decode("utf-8")).encode("utf-8")
            new.writestr(info, data)


# the committed templates are what pack.py makes of the sources


def test_every_document_type_has_sources_and_a_bundled_template() -> None:
    assert pack.template_names() == NAMES
    assert sorted(path.stem for path in TEMPLATES.glob("*.docx")) == NAMES


def test_committed_templates_and_examples_are_current() -> None:
    assert pack.stale() == [], "kör make templates"


def test_a_changed_source_makes_the_template_stale(tmp_path: Path) -> None:
    target = tmp_path / "mallar"
    shutil.copytree(TEMPLATES, target)
    (target / "protokoll.docx").write_bytes(pack.pack("tjansteskrivelse"))
    (target / "extra.docx").write_bytes(b"")
    assert pack.stale(target) == [target / "extra.docx", target / "protokoll.docx"]


@pytest.mark.parametrize("name", NAMES)
def test_packing_is_deterministic(name: str) -> None:
    data = pack.pack(name)
    assert pack.pack(name) == data
    infos = zipfile.ZipFile(io.BytesIO(data)).infolist()
    assert [i.filename for i in infos[:2]] == ["[Content_Types].xml", "_rels/.rels"]
    assert {i.date_time for i in infos} == {(1980, 1, 1, 0, 0, 0)}


@pytest.mark.parametrize("name", NAMES)
def test_unpacking_a_template_gives_its_sources_back(name: str, tmp_path: Path) -> None:
    sources = tmp_path / "templates"
    shutil.copytree(TEMPLATE_SOURCES / "husstil", sources / "husstil")
    docx = tmp_path / f"{name}.docx"
    docx.write_bytes(pack.pack(name))
    unpack.unpack(docx, name, sources=sources)
    assert _tree(sources / name) == _tree(TEMPLATE_SOURCES / name)
    assert pack.pack(name, sources) == pack.pack(name)


def test_unpacking_with_husstil_writes_the_shared_parts(tmp_path: Path) -> None:
    sources = tmp_path / "templates"
    docx = tmp_path / "protokoll.docx"
    docx.write_bytes(pack.pack("protokoll"))
    unpack.unpack(docx, "protokoll", house=True, sources=sources)
    assert _tree(sources / "husstil") == _tree(TEMPLATE_SOURCES / "husstil")


def test_unpacking_drops_what_editors_add_on_every_save() -> None:
    w = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
    w14 = "http://schemas.microsoft.com/office/word/2010/wordml"
    saved = (
        f'<w:document xmlns:w="{w}" xmlns:w14="{w14}"><w:body>'
        '<w:p w:rsidR="00A1" w:rsidRDefault="00B2" w14:paraId="1A2B3C4D" w14:textId="77">'
        '<w:bookmarkStart w:id="0" w:name="_GoBack"/><w:proofErr w:type="spellStart"/>'
        '<w:r w:rsidRPr="00C3"><w:lastRenderedPageBreak/><w:t xml:space="preserve">{{ rubrik }} </w:t>'
        '</w:r><w:proofErr w:type="spellEnd"/><w:bookmarkEnd w:id="0"/></w:p>'
        "</w:body></w:document>"
    ).encode()
    assert unpack.tidy(saved).decode().splitlines()[1:] == [
        f'<w:document xmlns:w="{w}" xmlns:w14="{w14}">',
        "  <w:body>",
        "    <w:p>",
        "      <w:r>",
        '        <w:t xml:space="preserve">{{ rubrik }} </w:t>',
        "      </w:r>",
        "    </w:p>",
        "  </w:body>",
        "</w:document>",
    ]
    assert pack.compact(unpack.tidy(saved)).endswith(
        b'<w:p><w:r><w:t xml:space="preserve">{{ rubrik }} </w:t></w:r></w:p></w:body></w:document>'
    )


def test_every_template_shares_the_house_style() -> None:
    for name in NAMES:
        with zipfile.ZipFile(TEMPLATES / f"{name}.docx") as package:
            for part in unpack.HOUSE_PARTS:
                assert package.read(part) == pack.compact(
                    (TEMPLATE_SOURCES / "husstil" / part).read_bytes()
                )


def _tree(folder: Path) -> dict[str, bytes]:
    """Return every file under `folder` by relative path, with its bytes."""
    return {
        p.relative_to(folder).as_posix(): p.read_bytes() for p in folder.rglob("*") if p.is_file()
    }


# the packages are valid and docgen's own


@pytest.mark.parametrize("name", NAMES)
def test_template_validates(name: str) -> None:
    assert validate_docx(TEMPLATES / f"{name}.docx") == []
    assert check_references(TEMPLATES / f"{name}.docx") == []


@pytest.mark.parametrize("name", NAMES)
def test_no_other_programs_name_or_theme(name: str) -> None:
    with zipfile.ZipFile(TEMPLATES / f"{name}.docx") as package:
        text = "".join(package.read(part).decode("utf-8") for part in package.namelist())
    for leftover in ("Microsoft Macintosh", "Word", "Calibri", "Cambria", "Office", "Normal.dotm"):
        assert f">{leftover}" not in text and f'"{leftover}' not in text
    assert "<Application>docgen</Application>" in text
    properties = Document(str(TEMPLATES / f"{name}.docx")).core_properties
    assert (properties.author, properties.language) == ("docgen", "sv-SE")


# tests/ooxml.py catches real errors in a package


@pytest.fixture
def tjansteskrivelse() -> Path:
    """The bundled tjänsteskrivelse template."""
    return TEMPLATES / "tjansteskrivelse.docx"


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


def test_rendered_documents_carry_docgens_name_and_theme(tmp_path: Path) -> None:
    from conftest import TJANSTESKRIVELSER

    from docgen.api import render_tjansteskrivelse

    (path,) = render_tjansteskrivelse(
        TJANSTESKRIVELSER / "2014-08-07-lagesrapport-augusti.md", tmp_path / "t.docx"
    )
    with zipfile.ZipFile(path) as package:
        app = package.read("docProps/app.xml").decode()
        theme = package.read("word/theme/theme1.xml").decode()
    assert "<Application>docgen</Application>" in app and "Word" not in app
    assert 'name="docgen"' in theme and "Calibri" not in theme and "Cambria" not in theme
