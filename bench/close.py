"""Benchmark a meeting close against bare docxtpl, the floor, and per-document LibreOffice.

    python bench/close.py [--paragraphs 10 40 100 400] [--pdf]

For each size, builds a meeting of N paragraphs in a temporary content tree, then times,
in this one process, one after the other:
1. `docgen close` (load, check, render every document, write atomically, manifest);
2. bare docxtpl rendering of the same documents: a fresh DocxTemplate each, a plain
   context and a subdocument of the same paragraphs, as a user of docxtpl alone would;
3. the floor: writing docgen's own files again, byte for byte, by deflating only the
   entries that differ from the template's and copying the rest deflated as they are;
4. with --pdf: docgen's batch conversion (one LibreOffice start) against one
   `soffice --convert-to pdf` call per document.
Each is run --repeat times (3) and the best run counts. It prints CPU and wall seconds,
the ratios of CPU seconds (on a busy machine the wall clock measures the neighbours),
the peak memory Python allocates during a close (tracemalloc, in a close of its own
after the timed ones) and the process's peak resident memory. Nothing here is
asserted: speed is measured. Bare docxtpl's subdocuments need docxcompose, which docgen
itself does without; `make bench` installs it in a virtual environment of its own.
"""

from __future__ import annotations

import argparse
import io
import os
import resource
import subprocess
import sys
import tempfile
import time
import tracemalloc
import zipfile
from collections.abc import Callable
from datetime import date
from pathlib import Path

from docxtpl import DocxTemplate
from jinja2.sandbox import SandboxedEnvironment
from meeting import build_tree

from docgen.api import TEMPLATES, close_meeting
from docgen.package import Deflated, finished_package
from docgen.pdf import convert_to_pdf, find_soffice
from docgen.swedish import FILTERS


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


def timed(action: Callable[[], object], repeat: int = 1) -> tuple[float, float]:
    """Return the CPU seconds and wall seconds `action()` takes, the best of `repeat` runs."""
    best = (float("inf"), float("inf"))
    for _ in range(repeat):
        cpu, wall = time.process_time(), time.perf_counter()
        action()
        best = min(best, (time.process_time() - cpu, time.perf_counter() - wall))
    return best


def floor(files: list[Path], out: Path) -> Callable[[], None]:
    """Return the floor for `files` (docgen's output): rewriting each, byte for byte, with
    only the entries that differ from its template's deflated, the rest copied.

    What can be prepared outside the clock is: each file's entries, and each template's
    entries deflated once (as a run of docgen keeps them).
    """
    kinds = {
        "protokoll": "protokoll.docx",
        "protokollsutdrag": "protokollsutdrag.docx",
        "anslagsbevis": "anslagsbevis.docx",
    }
    caches: dict[str, Deflated] = {}
    for kind, template in kinds.items():
        caches[kind] = {}
        with zipfile.ZipFile(TEMPLATES / template) as package:
            entries = {name: package.read(name) for name in package.namelist()}
        finished_package(entries, None, caches[kind])  # fills the cache: outside the clock
    jobs = []
    for path in files:
        with zipfile.ZipFile(path) as package:
            entries = {name: package.read(name) for name in package.namelist()}
        jobs.append((out / path.name, entries, caches[path.stem.split("-")[0]]))

    def run() -> None:
        for target, entries, cache in jobs:
            target.write_bytes(finished_package(entries, None, dict(cache)))

    return run


def peak_megabytes(meeting: Path, out: Path) -> float:
    """Return the peak memory, in MB, Python allocates while closing `meeting` into `out`."""
    tracemalloc.start()
    close_meeting(meeting, out)
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    return peak / 1e6


def bench(paragraphs: int, pdf: bool, repeat: int) -> None:
    """Time one meeting of `paragraphs` paragraphs every way and print the figures."""
    with tempfile.TemporaryDirectory() as work:
        folder = Path(work)
        meeting = build_tree(folder, paragraphs)
        for name in ("bare", "floor"):
            (folder / name).mkdir()
        close_meeting(meeting, folder / "warm")  # imports and first-use costs, untimed
        docgen = timed(lambda: close_meeting(meeting, folder / "docgen"), repeat)
        files = sorted((folder / "docgen").glob("*.docx"))
        bare = timed(lambda: bare_docxtpl(paragraphs, folder / "bare"), repeat)
        floor_run = floor(files, folder / "floor")
        least = timed(floor_run, repeat)
        same = all((folder / "floor" / f.name).read_bytes() == f.read_bytes() for f in files)
        peak = peak_megabytes(meeting, folder / "traced")
        print(f"{len(files)} documents, {paragraphs} paragraphs, {os.cpu_count()} cores")
        for label, (cpu, wall) in (
            ("docgen close", docgen),
            ("bare docxtpl", bare),
            ("floor", least),
        ):
            print(f"  {label + ':':16} {cpu:7.3f} s CPU {wall:7.3f} s wall")
        print(f"  bare docxtpl / docgen: {bare[0] / docgen[0]:6.2f}x (CPU)")
        print(f"  docgen / floor:        {docgen[0] / least[0]:6.1f}x (CPU)")
        print(f"  floor byte-identical to docgen: {same}")
        print(f"  peak memory in a close: {peak:.1f} MB (tracemalloc: Python's own allocations)")
        rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        print(f"  peak RSS of this process so far: {rss:.0f} MB (bare docxtpl included)")
        if pdf:
            (folder / "single").mkdir()
            batch = timed(lambda: convert_to_pdf(files))[1]
            single = timed(lambda: per_document_libreoffice(files, folder / "single"))[1]
            print(f"  PDF, one LibreOffice start:  {batch:7.2f} s wall")
            print(f"  PDF, one start per document: {single:7.2f} s wall")
            print(f"  ratio per-document/batch:    {single / batch:7.2f}")


def main() -> int:
    """Run the benchmark for each size asked for and print times and ratios."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--paragraphs", type=int, nargs="+", default=[10, 40, 100, 400])
    parser.add_argument("--pdf", action="store_true", help="also compare PDF conversion")
    parser.add_argument("--repeat", type=int, default=3, help="runs of each, the best counts")
    args = parser.parse_args()
    for paragraphs in args.paragraphs:
        bench(paragraphs, args.pdf, args.repeat)
    return 0


if __name__ == "__main__":
    sys.exit(main())
