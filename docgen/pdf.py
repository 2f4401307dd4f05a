"""PDF/A-2b from Word files through a real LibreOffice, headless, with a profile of its own.

All files of a batch go to one LibreOffice start (starting it costs seconds; each
further file is cheap). Its profile lives in a hidden work folder beside the first
document (`work_folder`), so it never collides with a LibreOffice the user has open and
a killed run leaves nothing in the system's temporary folder; a hung conversion is
ended after a timeout. `join_pdfs` binds finished PDFs into one, with bookmarks (pypdf,
imported here alone).
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from pypdf import PdfReader, PdfWriter, Transformation
from pypdf.constants import PageLabelStyle
from pypdf.errors import PyPdfError
from pypdf.generic import NameObject

from docgen.errors import DocgenError, OutputError, ProblemList

PDFA_FILTER = "pdf:writer_pdf_Export:" + json.dumps(
    {
        "SelectPdfVersion": {"type": "long", "value": "2"},  # PDF/A-2b
        "UseTaggedPDF": {"type": "boolean", "value": "true"},
        "ExportBookmarks": {"type": "boolean", "value": "true"},
    }
)
"""LibreOffice's export filter with its options for tagged PDF/A-2b."""

TIMEOUT_SECONDS = 60.0
"""How long one LibreOffice start may take, per file it converts."""


class LibreOfficeMissing(DocgenError):
    """LibreOffice is not installed, so no PDF can be made."""

    def __str__(self) -> str:
        return (
            "LibreOffice finns inte på datorn, så ingen PDF kan göras; installera det "
            "(Windows: från libreoffice.org; Debian/Ubuntu: sudo apt-get install "
            "libreoffice-writer-nogui) och försök igen"
        )


WINDOWS_PLACES = (
    r"C:\Program Files\LibreOffice\program\soffice.exe",
    r"C:\Program Files (x86)\LibreOffice\program\soffice.exe",
)
"""Where LibreOffice's Windows installer puts `soffice`, which it does not add to PATH."""


def find_soffice() -> str | None:
    """Return the path of LibreOffice's `soffice` program, or None when it is not installed."""
    found = shutil.which("soffice") or shutil.which("libreoffice")
    if found is None and sys.platform == "win32":
        found = next((place for place in WINDOWS_PLACES if Path(place).is_file()), None)
    return found


def work_prefix(document: Path) -> str:
    """Return the name prefix of the hidden work folders made beside `document`."""
    return f".{document.stem}.pdf-"


def convert_to_pdf(documents: list[Path], timeout: float = TIMEOUT_SECONDS) -> list[Path]:
    """Write a PDF/A-2b beside each of `documents` with one LibreOffice start; return them.

    The documents must have distinct file names. A document LibreOffice cannot convert
    is reported; the PDFs of the others are kept.
    """
    soffice = find_soffice()
    if soffice is None:
        raise LibreOfficeMissing()
    if not documents:
        return []
    with tempfile.TemporaryDirectory(
        prefix=work_prefix(documents[0]), dir=documents[0].parent
    ) as work:
        profile = Path(work, "profile").resolve().as_uri()  # a URI needs an absolute path
        staging = Path(work, "pdf")
        command = [
            soffice,
            f"-env:UserInstallation={profile}",
            "--headless",
            "--norestore",
            "--nolockcheck",
            "--convert-to",
            PDFA_FILTER,
            "--outdir",
            str(staging),
            *(str(d) for d in documents),
        ]
        try:
            result = subprocess.run(
                command,
                capture_output=True,
                text=True,
                timeout=timeout * len(documents),
                check=False,
            )
        except subprocess.TimeoutExpired as exc:
            raise OutputError(
                f"LibreOffice svarade inte inom {exc.timeout:.0f} sekunder; ingen PDF gjordes",
                documents[0],
            ) from exc
        written, failed = [], []
        for document in documents:
            made = staging / document.with_suffix(".pdf").name
            if made.is_file():
                target = document.with_suffix(".pdf")
                shutil.move(str(made), target)
                written.append(target)
            else:
                detail = (result.stderr or result.stdout).strip().splitlines()
                failed.append(
                    OutputError(
                        "LibreOffice kunde inte göra en PDF av filen"
                        + (f" ({detail[-1]})" if detail else ""),
                        document,
                    )
                )
        ProblemList.raise_if_any(failed)
        return written


def join_pdfs(parts: list[tuple[str, list[Path]]], target: Path) -> int:
    """Write to `target` one PDF of every file in `parts`, in order, with a bookmark for
    each part; return its number of pages.

    Each part is a bookmark's title and its files; a part without files gets its
    bookmark at the first page, where the kallelse lists it. The first file is kept
    whole, with its PDF/A metadata and tags; the bookmarks are the parts' alone, and
    the pages are labelled 1, 2, 3 … through the whole, so a reader's page box counts
    through the binder.
    """
    files = [path for _, paths in parts for path in paths]
    if not files:
        raise ValueError("join_pdfs needs at least one file")
    try:
        writer = PdfWriter(clone_from=files[0])
        writer.root_object.pop(NameObject("/Outlines"), None)
        starts: list[int] = []
        first = True
        for _, paths in parts:
            starts.append(len(writer.pages) if paths and not first else 0)
            for path in paths:
                if not first:
                    writer.append(PdfReader(path), import_outline=False)
                first = False
    except (OSError, PyPdfError) as exc:
        raise OutputError(f"PDF-filen kunde inte läsas ({exc})", files[0]) from exc
    for (title, _), start in zip(parts, starts, strict=True):
        writer.add_outline_item(title=title, page_number=start)
    last = len(writer.pages) - 1
    writer.set_page_label(0, last, style=PageLabelStyle.DECIMAL, start=1)
    writer.page_mode = "/UseOutlines"
    _stamp_page_numbers(writer, target.parent)
    with target.open("wb") as handle:
        writer.write(handle)
    return last + 1


STAMP = "Sida {page} av {pages}"
"""The page number printed through a bound PDF, in its top right corner."""


def _stamp_page_numbers(writer: PdfWriter, folder: Path) -> None:
    """Print "Sida n av N" in the top right corner of every page of `writer`.

    The numbers are set by LibreOffice on pages of their own (so their font is embedded,
    as PDF/A wants) and laid over each page's corner, whatever the page's size.
    """
    from docx import Document
    from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_BREAK
    from docx.shared import Cm, Pt

    pages = len(writer.pages)
    stamps = Document()
    section = stamps.sections[0]
    section.page_width, section.page_height = Cm(21), Cm(29.7)
    section.top_margin = section.bottom_margin = Cm(0.6)
    section.left_margin = section.right_margin = Cm(0.8)
    for number in range(1, pages + 1):
        paragraph = stamps.add_paragraph()
        paragraph.alignment = WD_ALIGN_PARAGRAPH.RIGHT
        run = paragraph.add_run(STAMP.format(page=number, pages=pages))
        run.font.size = Pt(8)
        if number < pages:
            run.add_break(WD_BREAK.PAGE)
    with tempfile.TemporaryDirectory(prefix=".docgen-sidnummer-", dir=folder) as work:
        source = Path(work, "sidnummer.docx")
        stamps.save(str(source))
        (made,) = convert_to_pdf([source])
        overlay = PdfReader(made)
        if len(overlay.pages) != pages:
            raise OutputError("sidnumren kunde inte sättas ut på alla sidor", made)
        for page, stamp in zip(writer.pages, overlay.pages, strict=True):
            dx = float(page.mediabox.right) - float(stamp.mediabox.right)
            dy = float(page.mediabox.top) - float(stamp.mediabox.top)
            page.merge_transformed_page(stamp, Transformation().translate(dx, dy))
