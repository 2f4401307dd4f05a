"""Benchmark a meeting close against bare docxtpl and per-document LibreOffice, in one run.

    python bench/close.py [--paragraphs 40] [--pdf]

Builds a meeting of N paragraphs in a temporary content tree, then times:
1. `docgen close` (load, check, render every document, write atomically, manifest);
2. bare docxtpl rendering of the same documents: a fresh DocxTemplate each, a plain
   context and a subdocument of the same paragraphs, as a user of docxtpl alone would;
3. with --pdf: docgen's batch conversion (one LibreOffice start) against one
   `soffice --convert-to pdf` call per document.
It prints the times and their ratios. Nothing here is asserted: speed is measured.
Bare docxtpl's subdocuments need docxcompose, which docgen itself does without;
`make bench` installs it in a virtual environment of the benchmark's own.
"""

from __future__ import annotations

import argparse
import io
import os
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import date
from pathlib import Path

from docxtpl import DocxTemplate
from jinja2.sandbox import SandboxedEnvironment

from docgen.api import TEMPLATES, close_meeting
from docgen.pdf import convert_to_pdf, find_soffice
from docgen.swedish import FILTERS

REPO = Path(__file__).resolve().parents[1]


def build_tree(folder: Path, paragraphs: int) -> Path:
    """Write an organisation file and a meeting of `paragraphs` paragraphs; return the meeting."""
    shutil.copy(REPO / "content" / "organisation.yaml", folder / "organisation.yaml")
    lines = [
        "typ: sammantrade",
        "organ: KS",
        "datum: 2014-09-01",
        "tid: 9.00–12.00",
        "plats: Nacka stadshus",
        "forsta_paragraf: 1",
        "deltagare:",
        "  ordforande: Maria Berg",
        "  ledamoter: [Johan Ek, Sara Lind, Eva Sjö, Rolf Wasteson]",
        "justerare: [Eva Sjö]",
        "justering: {datum: 2014-09-08, plats: Stadsledningskontoret}",
        "sekreterare: Anna Ros",
        "paragrafer:",
    ]
    for number in range(1, paragraphs + 1):
        lines += [
            f"  - arende: KFKS 2014/{number}-001",
            f"    rubrik: Ärende nummer {number}",
            "    beslut: Kommunstyrelsen beslutar i enlighet med förslaget.",
            "    arendet: |",
            "      Stadsledningskontoret föreslår att kommunstyrelsen fattar beslut i ärendet.",
            "      Förslaget har beretts av arbetsutskottet.",
            f"    handlingar: [Stadsledningskontorets tjänsteskrivelse nummer {number}]",
            "    beslutsgang: Kommunstyrelsen beslutade i enlighet med förslaget.",
        ]
    meeting = folder / "mote.yaml"
    meeting.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return meeting


def bare_docxtpl(paragraphs: int, out: Path) -> list[Path]:
    """Render the same documents with docxtpl alone; return the files written."""
    env = SandboxedEnvironment(autoescape=True)
    env.filters.update(FILTERS)
    common = {
        "kommun": "Nacka kommun",
        "organ": "Kommunstyrelsen",
        "datum": date(2014, 9, 1),
        "plats_och_tid": "Nacka stadshus, måndag 1 september 2014 kl. 9.00–12.00",
        "paragrafer_text": f"§§ 1–{paragraphs}",
        "forvaringsplats": "Stadsledningskontoret",
        "anslag": {
            "uppsatt": date(2014, 9, 8),
            "sista_dag": date(2014, 9, 29),
            "nedtagning": date(2014, 9, 30),
        },
        "justering": {"datum": date(2014, 9, 8), "plats": "Stadsledningskontoret"},
        "sekreterare": "Anna Ros",
        "ordforande": "Maria Berg (M)",
        "justerare": ["Eva Sjö (S)"],
        "beslutande": ["Maria Berg (M), ordförande"],
        "tjanstgorande_ersattare": [],
        "ej_tjanstgorande_ersattare": [],
        "ovriga_narvarande": [],
    }

    def paragraph(tpl: DocxTemplate, number: int) -> dict[str, object]:
        subdoc = tpl.new_subdoc()
        sections = (
            ("Beslut", "Kommunstyrelsen beslutar i enlighet med förslaget."),
            ("Ärende", "Stadsledningskontoret föreslår att kommunstyrelsen fattar beslut."),
            ("Beslutsgång", "Kommunstyrelsen beslutade i enlighet med förslaget."),
        )
        for heading, text in sections:
            subdoc.add_paragraph(heading, style="Heading 3")
            subdoc.add_paragraph(text)
        return {
            "nummer": number,
            "nummer_text": f"§ {number}",
            "diarienummer": f"KFKS 2014/{number}-001",
            "rubrik": f"Ärende nummer {number}",
            "underrubrik": "",
            "innehall": subdoc,
        }

    written = []
    tpl = DocxTemplate(TEMPLATES / "protokoll.docx")
    tpl.render({**common, "paragrafer": [paragraph(tpl, n) for n in range(1, paragraphs + 1)]}, env)
    written.append(_save(tpl, out / "protokoll.docx"))
    for number in range(1, paragraphs + 1):
        tpl = DocxTemplate(TEMPLATES / "protokollsutdrag.docx")
        tpl.render({**common, "paragraf": paragraph(tpl, number)}, env)
        written.append(_save(tpl, out / f"protokollsutdrag-{number:03d}.docx"))
    tpl = DocxTemplate(TEMPLATES / "anslagsbevis.docx")
    tpl.render(common, env)
    written.append(_save(tpl, out / "anslagsbevis.docx"))
    return written


def _save(tpl: DocxTemplate, path: Path) -> Path:
    """Save a rendered template to `path`, as a docxtpl user would."""
    buffer = io.BytesIO()
    tpl.save(buffer)
    path.write_bytes(buffer.getvalue())
    return path


def per_document_libreoffice(documents: list[Path], folder: Path) -> None:
    """Convert each document with its own LibreOffice start, as a simple script would."""
    soffice = find_soffice()
    assert soffice
    profile = (folder / "profile").as_uri()
    for document in documents:
        subprocess.run(
            [
                soffice,
                f"-env:UserInstallation={profile}",
                "--headless",
                "--convert-to",
                "pdf",
                "--outdir",
                str(folder),
                str(document),
            ],
            capture_output=True,
            check=True,
        )


def timed(action: Callable[[], object]) -> float:
    """Return the seconds `action()` takes."""
    start = time.perf_counter()
    action()
    return time.perf_counter() - start


def main() -> int:
    """Run the benchmark and print times and ratios."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--paragraphs", type=int, default=40)
    parser.add_argument("--pdf", action="store_true", help="also compare PDF conversion")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as work:
        folder = Path(work)
        meeting = build_tree(folder, args.paragraphs)
        (folder / "bare").mkdir()
        documents = args.paragraphs + 2
        docgen_seconds = timed(lambda: close_meeting(meeting, folder / "docgen"))
        bare_seconds = timed(lambda: bare_docxtpl(args.paragraphs, folder / "bare"))
        print(f"{documents} documents, {args.paragraphs} paragraphs, {os.cpu_count()} cores")
        print(f"docgen close (one process):    {docgen_seconds:7.2f} s")
        print(f"bare docxtpl (one process):    {bare_seconds:7.2f} s")
        print(f"ratio docgen/bare:             {docgen_seconds / bare_seconds:7.2f}")
        if args.pdf:
            files = sorted((folder / "docgen").glob("*.docx"))
            (folder / "single").mkdir()
            batch_seconds = timed(lambda: convert_to_pdf(files))
            single_seconds = timed(lambda: per_document_libreoffice(files, folder / "single"))
            print(f"PDF, one LibreOffice start:    {batch_seconds:7.2f} s")
            print(f"PDF, one start per document:   {single_seconds:7.2f} s")
            print(f"ratio per-document/batch:      {single_seconds / batch_seconds:7.2f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
