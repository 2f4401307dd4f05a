"""PDF/A through LibreOffice: every example document converts, and the PDF says what the .docx says."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import TJANSTESKRIVELSER, require_libreoffice
from docx import Document
from docx_text import document_lines, normalise

from docgen.cli import main
from docgen.pdf import convert_to_pdf

SOURCES = sorted(TJANSTESKRIVELSER.glob("*.md"))


@pytest.fixture(scope="module")
def converted(tmp_path_factory: pytest.TempPathFactory) -> list[tuple[Path, Path]]:
    """Render every example tjänsteskrivelse and convert all of them in one LibreOffice start."""
    from docgen import render_tjansteskrivelse

    require_libreoffice()
    folder = tmp_path_factory.mktemp("pdf")
    documents = [render_tjansteskrivelse(s, folder / f"{s.stem}.docx")[0] for s in SOURCES]
    return list(zip(documents, convert_to_pdf(documents), strict=True))


def pdfinfo(pdf: Path, *options: str) -> str:
    """Return what poppler's pdfinfo says of `pdf`."""
    return subprocess.run(
        ["pdfinfo", *options, str(pdf)], capture_output=True, text=True, check=True
    ).stdout


@pytest.mark.usefixtures("libreoffice")
def test_every_example_converts_to_tagged_pdfa_2b(converted: list[tuple[Path, Path]]) -> None:
    assert len(converted) == len(SOURCES) >= 2
    for docx, pdf in converted:
        info = pdfinfo(pdf)
        assert re.search(r"^Tagged:\s+yes$", info, re.MULTILINE), info
        assert re.search(r"^Pages:\s+[1-9]", info, re.MULTILINE)
        title = Document(str(docx)).core_properties.title
        assert re.search(rf"^Title:\s+{re.escape(title)}$", info, re.MULTILINE), info
        xmp = pdfinfo(pdf, "-meta")
        assert re.search(r"<pdfaid:part>2</pdfaid:part>|pdfaid:part=\"2\"", xmp), xmp
        assert re.search(
            r"<pdfaid:conformance>B</pdfaid:conformance>|pdfaid:conformance=\"B\"", xmp
        ), xmp


@pytest.mark.usefixtures("libreoffice")
def test_the_pdf_carries_the_words_of_the_docx(converted: list[tuple[Path, Path]]) -> None:
    for docx, pdf in converted:
        text = subprocess.run(
            ["pdftotext", "-enc", "UTF-8", str(pdf), "-"],
            capture_output=True,
            text=True,
            check=True,
        ).stdout
        compact = re.sub(r"[\s\u00ad-]+", "", text)  # a narrow cell may break a long word
        docx_words = set(re.findall(r"\w+", normalise(" ".join(document_lines(docx)))))
        assert len(docx_words) > 100
        assert {word for word in docx_words if word not in compact} == set()


def test_render_pdf_without_libreoffice_keeps_the_docx(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("PATH", str(tmp_path / "empty"))
    out = tmp_path / "a.docx"
    result = CliRunner().invoke(main, ["render", str(SOURCES[0]), "-o", str(out), "--pdf"])
    assert result.exit_code == 1
    assert "LibreOffice finns inte på datorn" in result.stderr
    assert "Traceback" not in result.stderr
    assert out.is_file() and not out.with_suffix(".pdf").exists()


@pytest.mark.usefixtures("libreoffice")
def test_render_pdf_from_the_command_line(tmp_path: Path) -> None:
    out = tmp_path / "a.docx"
    result = CliRunner().invoke(main, ["render", str(SOURCES[0]), "-o", str(out), "--pdf"])
    assert result.exit_code == 0, result.stderr
    assert out.is_file() and out.with_suffix(".pdf").is_file()
    assert f"skrev {out.with_suffix('.pdf')}" in result.output


@pytest.mark.usefixtures("libreoffice")
def test_close_pdf_converts_every_meeting_document(tmp_path: Path) -> None:
    from conftest import CONTENT

    out = tmp_path / "ksau"
    meeting = CONTENT / "sammantraden" / "2014-08-19-ksau.yaml"
    result = CliRunner().invoke(main, ["close", str(meeting), "-o", str(out), "--pdf"])
    assert result.exit_code == 0, result.stderr
    documents = sorted(out.glob("*.docx"))
    assert len(documents) == 7
    for docx in documents:
        pdf = docx.with_suffix(".pdf")
        info = pdfinfo(pdf)
        assert re.search(r"^Tagged:\s+yes$", info, re.MULTILINE), docx.name
        assert "<pdfaid:part>2</pdfaid:part>" in pdfinfo(
            pdf, "-meta"
        ) or 'pdfaid:part="2"' in pdfinfo(pdf, "-meta")
        title = Document(str(docx)).core_properties.title
        assert re.search(rf"^Title:\s+{re.escape(title)}$", info, re.MULTILINE), (docx.name, info)
    manifest = (out / "manifest.json").read_text(encoding="utf-8")
    assert all(f'"fil": "{d.with_suffix(".pdf").name}"' in manifest for d in documents)


def test_close_pdf_without_libreoffice_keeps_the_word_files(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from conftest import CONTENT

    monkeypatch.setenv("PATH", str(tmp_path / "empty"))
    out = tmp_path / "ksau"
    meeting = CONTENT / "sammantraden" / "2014-08-19-ksau.yaml"
    result = CliRunner().invoke(main, ["close", str(meeting), "-o", str(out), "--pdf"])
    assert result.exit_code == 1
    assert "LibreOffice finns inte på datorn" in result.stderr
    assert len(list(out.glob("*.docx"))) == 7 and not list(out.glob("*.pdf"))
