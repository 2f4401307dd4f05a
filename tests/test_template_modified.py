"""A kommun's own look, made by editing the unpacked XML as a word processor would save it:
other fonts, other margins and a logo with alt text in the header. Every example document
renders with it, the results are valid Office Open XML that LibreOffice converts, and the
logo keeps its alt text.
"""

from __future__ import annotations

import shutil
import struct
import zipfile
import zlib
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import TEMPLATE_SOURCES, template_script
from docx import Document
from examples import render_examples
from lxml import etree
from ooxml import check_references, validate_docx

from docgen.cli import main
from docgen.pdf import convert_to_pdf

ALT_TEXT = "Nacka kommuns logotyp"
W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
WP = "http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing"

LOGO_PARAGRAPH = f"""<w:p xmlns:w="{W}">
  <w:r>
    <w:drawing>
      <wp:inline xmlns:wp="{WP}" distT="0" distB="0" distL="0" distR="0">
        <wp:extent cx="1080000" cy="360000"/>
        <wp:docPr id="100" name="Logotyp" descr="{ALT_TEXT}"/>
        <a:graphic xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main">
          <a:graphicData uri="http://schemas.openxmlformats.org/drawingml/2006/picture">
            <pic:pic xmlns:pic="http://schemas.openxmlformats.org/drawingml/2006/picture">
              <pic:nvPicPr>
                <pic:cNvPr id="100" name="logotyp.png" descr="{ALT_TEXT}"/>
                <pic:cNvPicPr/>
              </pic:nvPicPr>
              <pic:blipFill>
                <a:blip xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"
                        r:embed="rIdLogotyp"/>
                <a:stretch><a:fillRect/></a:stretch>
              </pic:blipFill>
              <pic:spPr>
                <a:xfrm><a:off x="0" y="0"/><a:ext cx="1080000" cy="360000"/></a:xfrm>
                <a:prstGeom prst="rect"><a:avLst/></a:prstGeom>
              </pic:spPr>
            </pic:pic>
          </a:graphicData>
        </a:graphic>
      </wp:inline>
    </w:drawing>
  </w:r>
</w:p>"""
"""A picture in a paragraph of its own, with alt text, as Word writes one."""

HEADER_RELS = """<?xml version='1.0' encoding='UTF-8' standalone='yes'?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">
  <Relationship Id="rIdLogotyp" Target="media/logotyp.png"
    Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/image"/>
</Relationships>
"""


def _png(width: int, height: int, rgb: tuple[int, int, int]) -> bytes:
    """Return a PNG image of one colour."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        return (
            struct.pack(">I", len(data))
            + kind
            + data
            + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)
        )

    rows = b"".join(b"\0" + bytes(rgb) * width for _ in range(height))
    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(rows))
        + chunk(b"IEND", b"")
    )


def _edit(path: Path, old: str, new: str) -> None:
    """Replace every `old` in the file `path` by `new`, which must be there."""
    text = path.read_text(encoding="utf-8")
    assert old in text, (path, old)
    path.write_text(text.replace(old, new), encoding="utf-8")


@pytest.fixture(scope="module")
def kommun_templates(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Return a folder of templates edited as a kommun would: fonts, margins, logo."""
    root = tmp_path_factory.mktemp("kommun")
    sources = root / "kalla"
    shutil.copytree(TEMPLATE_SOURCES, sources, ignore=shutil.ignore_patterns("*.py", "__pycache__"))
    styles = sources / "husstil" / "word" / "styles.xml"
    _edit(styles, '"Times New Roman"', '"DejaVu Serif"')
    _edit(styles, '"Arial"', '"DejaVu Sans"')
    _edit(sources / "husstil" / "word" / "fontTable.xml", '"Times New Roman"', '"DejaVu Serif"')
    pack = template_script("pack")
    folder = root / "mallar"
    folder.mkdir()
    for name in pack.template_names(sources):  # type: ignore[attr-defined]
        own = sources / name
        _edit(own / "word" / "document.xml", 'w:top="2268"', 'w:top="2835"')
        _edit(own / "word" / "document.xml", 'w:left="1418"', 'w:left="1701"')
        header = own / "word" / "header1.xml"
        text = header.read_text(encoding="utf-8")
        start = text.index(">", text.index("<w:hdr")) + 1
        header.write_text(text[:start] + LOGO_PARAGRAPH + text[start:], encoding="utf-8")
        (own / "word" / "_rels" / "header1.xml.rels").write_text(HEADER_RELS, encoding="utf-8")
        (own / "word" / "media").mkdir()
        (own / "word" / "media" / "logotyp.png").write_bytes(_png(120, 40, (0, 84, 147)))
        _edit(
            own / "[Content_Types].xml",
            '<Default Extension="xml"',
            '<Default Extension="png" ContentType="image/png"/>\n  <Default Extension="xml"',
        )
        data = pack.pack(name, sources)  # type: ignore[attr-defined]
        (folder / f"{name}.docx").write_bytes(data)
    return folder


def test_the_edited_templates_pass_the_check(kommun_templates: Path) -> None:
    result = CliRunner().invoke(main, ["templates", "check", str(kommun_templates)])
    assert (result.exit_code, result.stderr) == (0, "")


def test_every_example_renders_valid_with_the_kommuns_look(
    kommun_templates: Path, tmp_path: Path, libreoffice: str
) -> None:
    rendered = render_examples(kommun_templates, tmp_path)
    assert len(rendered) == 22
    for name, path in rendered.items():
        assert validate_docx(path) == [], name
        assert check_references(path) == [], name
        document = Document(str(path))
        section = document.sections[0]
        assert (section.top_margin, section.left_margin) == (2835 * 635, 1701 * 635), name
        assert document.styles["Normal"].font.name == "DejaVu Serif"
        assert document.styles["Heading 1"].font.name == "DejaVu Sans"
        with zipfile.ZipFile(path) as package:
            header = etree.fromstring(package.read("word/header1.xml"))
            assert package.read("word/media/logotyp.png").startswith(b"\x89PNG")
        pictures = header.findall(f".//{{{WP}}}docPr")
        assert [p.get("descr") for p in pictures] == [ALT_TEXT], name
    distinct = list({path.name: path for path in rendered.values()}.values())
    pdfs = convert_to_pdf(distinct)
    assert len(pdfs) == len(distinct) >= 7
    assert all(pdf.read_bytes().startswith(b"%PDF") for pdf in pdfs)
