"""Templates saved by LibreOffice or Word work: every bundled template, opened and saved
unchanged in LibreOffice (headless), renders every example document with the same text in
the same styles; styles are found by Word's names, LibreOffice's names or their ids; and
unpacking a file LibreOffice saved gives sources that pack and render the same.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import zipfile
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import TEMPLATE_SOURCES, edited_copy, template_script
from docx import Document
from docx.oxml.ns import qn
from docx.text.paragraph import Paragraph
from examples import render_examples, styled_lines

from docgen.api import TEMPLATES
from docgen.cli import main
from docgen.pdf import convert_to_pdf
from docgen.word import find_style


@pytest.fixture(scope="module")
def saved_by_libreoffice(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Return a folder with every bundled template opened and saved by LibreOffice."""
    from conftest import find_soffice  # the fixture `libreoffice` is per test

    soffice = find_soffice()
    if soffice is None:  # as the `libreoffice` fixture, which a module fixture cannot use
        if os.environ.get("DOCGEN_REQUIRE_LIBREOFFICE"):
            pytest.fail("DOCGEN_REQUIRE_LIBREOFFICE is set but LibreOffice is not installed")
        pytest.skip("LibreOffice is not installed")
    root = tmp_path_factory.mktemp("libreoffice")
    subprocess.run(
        [
            soffice,
            f"-env:UserInstallation={(root / 'profil').as_uri()}",
            "--headless",
            "--norestore",
            "--convert-to",
            "docx:MS Word 2007 XML",
            "--outdir",
            str(root / "mallar"),
            *sorted(str(p) for p in TEMPLATES.glob("*.docx")),
        ],
        check=True,
        capture_output=True,
        timeout=120,
    )
    return root / "mallar"


@pytest.fixture(scope="module")
def original(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """Return every example document rendered through the bundled templates."""
    return render_examples(TEMPLATES, tmp_path_factory.mktemp("original"))


def test_templates_saved_by_libreoffice_render_the_same(
    libreoffice: str, saved_by_libreoffice: Path, original: dict[str, Path], tmp_path: Path
) -> None:
    saved = saved_by_libreoffice
    assert sorted(p.name for p in saved.iterdir()) == sorted(
        p.name for p in TEMPLATES.glob("*.docx")
    )
    with zipfile.ZipFile(saved / "tjansteskrivelse.docx") as package:
        styles = package.read("word/styles.xml").decode()
    assert 'w:val="Heading 2"' in styles and 'w:val="heading 2"' not in styles
    checked = CliRunner().invoke(main, ["templates", "check", str(saved)])
    assert (checked.exit_code, checked.stderr) == (0, "")
    resaved = render_examples(saved, tmp_path)
    assert sorted(resaved) == sorted(original) and len(original) == 22
    for name, path in original.items():
        assert styled_lines(resaved[name]) == styled_lines(path), name


def starts_page(paragraph: Paragraph) -> bool:
    """Return whether `paragraph` begins a new page: page break before, set on it or its
    style (or a style it is based on), or a page break ending the paragraph before it.
    """
    style = paragraph.style
    breaks = [paragraph.paragraph_format.page_break_before]
    while style is not None:
        breaks.append(style.paragraph_format.page_break_before)
        style = style.base_style
    if next((b for b in breaks if b is not None), False):
        return True
    before = paragraph._p.getprevious()
    return before is not None and any(
        br.get(qn("w:type")) == "page" for br in before.iter(qn("w:br"))
    )


def first_paragraph(path: Path) -> Paragraph:
    """Return the first § of the protocol at `path`: the first paragraph reading "§ n"."""
    return next(p for p in Document(str(path)).paragraphs if re.fullmatch(r"§\s\d+", p.text))


def test_the_first_paragraph_starts_a_page_also_in_a_template_libreoffice_saved(
    libreoffice: str, saved_by_libreoffice: Path, original: dict[str, Path], tmp_path: Path
) -> None:
    resaved = render_examples(saved_by_libreoffice, tmp_path)
    protocols = [name for name in original if name.endswith("/protokoll.docx")]
    assert len(protocols) == 3
    for name in protocols:
        assert starts_page(first_paragraph(original[name])), name
        assert starts_page(first_paragraph(resaved[name])), name
    (pdf,) = convert_to_pdf([resaved["2014-08-19-ksau/protokoll.docx"]])
    pages = subprocess.run(
        ["pdftotext", "-enc", "UTF-8", str(pdf), "-"], capture_output=True, text=True, check=True
    ).stdout.split("\f")
    title = "Delårsrapport för kommunstyrelsen januari–juni 2014"
    assert title not in pages[0] and title in pages[1]


def test_unpacking_what_libreoffice_saved(
    libreoffice: str, saved_by_libreoffice: Path, original: dict[str, Path], tmp_path: Path
) -> None:
    unpack, pack = template_script("unpack"), template_script("pack")
    sources = tmp_path / "templates"
    shutil.copytree(TEMPLATE_SOURCES / "husstil", sources / "husstil")
    folder = tmp_path / "mallar"
    folder.mkdir()
    for name in ("tjansteskrivelse", "protokoll", "protokollsutdrag", "anslagsbevis"):
        unpack.unpack(saved_by_libreoffice / f"{name}.docx", name, sources=sources)
        for part in (sources / name).rglob("*.xml"):
            text = part.read_text(encoding="utf-8")
            assert "w:rsid" not in text and "w14:paraId" not in text, part
            assert text.count("\n") > 2, part  # pretty-printed, one element a line
        (folder / f"{name}.docx").write_bytes(pack.pack(name, sources))
    assert (sources / "protokoll" / "word" / "styles.xml").is_file()  # LibreOffice's own
    rendered = render_examples(folder, tmp_path / "ut")
    for name, path in original.items():
        assert styled_lines(rendered[name]) == styled_lines(path), name


def test_styles_are_found_by_word_name_libreoffice_name_or_id(tmp_path: Path) -> None:
    path = edited_copy(
        TEMPLATES / "tjansteskrivelse.docx",
        tmp_path / "tjansteskrivelse.docx",
        "word/styles.xml",  # a localised name: only the id is left
        lambda styles: styles.replace(b'w:val="heading 3"', b'w:val="Rubrik 3"').replace(
            b'w:val="List Bullet"', b'w:val="LIST BULLET"'
        ),
    )
    document = Document(str(path))
    assert find_style(document, "Heading 3").style_id == "Heading3"
    assert find_style(document, "heading 2").style_id == "Heading2"
    assert find_style(document, "List Bullet").style_id == "ListBullet"
    assert find_style(document, "Rubrik 9") is None
    from conftest import TJANSTESKRIVELSER

    from docgen.api import render_tjansteskrivelse

    source = TJANSTESKRIVELSER / "2014-11-24-styrning-och-ledning.md"
    (ours,) = render_tjansteskrivelse(source, tmp_path / "ut.docx", path)
    (theirs,) = render_tjansteskrivelse(source, tmp_path / "original.docx")
    ids = [p.style.style_id for p in Document(str(ours)).paragraphs]
    assert ids == [p.style.style_id for p in Document(str(theirs)).paragraphs]
    assert "Heading3" in ids and "ListBullet" in ids
