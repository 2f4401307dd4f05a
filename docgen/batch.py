"""Meeting close: check everything, render every document, then write all of it or nothing.

The order of work keeps earlier results safe. Every document is rendered in memory
first; only then are the files written, into a staging folder beside the target.
Two renames then set the previous result aside and put the staging folder in its
place. A run that fails or is killed leaves the previous result or the complete new
one; the next run removes a leftover staging folder and restores a result left aside.
Only a folder docgen wrote itself (it holds a manifest) is ever replaced, and never
one that holds the content. A lock file stops two runs writing one folder at once.
"""

from __future__ import annotations

import fcntl
import hashlib
import json
import multiprocessing
import os
import shutil
import tempfile
from collections.abc import Callable, Iterator
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from contextlib import contextmanager
from dataclasses import dataclass
from functools import partial
from pathlib import Path

from docgen.content import LoadedSammantrade, ResolvedParagraf, load_sammantrade
from docgen.content.organisation import find_organisation, load_organisation
from docgen.documents import anslagsbevis, protokoll, protokollsutdrag
from docgen.documents.sammantrade import later_justerade
from docgen.errors import DocgenError, OutputError, ProblemList
from docgen.pdf import convert_to_pdf

MANIFEST = "manifest.json"


@dataclass(frozen=True)
class Planned:
    """One document of a meeting close: its file name, what it is, and how to render it."""

    name: str
    typ: str
    paragraf: int | None
    diarienummer: str | None
    sources: tuple[Path, ...]
    render: Callable[[], bytes]


def _dnr(paragraf: ResolvedParagraf) -> str | None:
    """Return a paragraph's diarienummer as text; None for a paragraph without an ärende."""
    return str(paragraf.diarienummer) if paragraf.diarienummer else None


def plan(meeting: LoadedSammantrade, templates: Path) -> list[Planned]:
    """Return the documents of `meeting`'s close: protocol, extracts and anslagsbevis."""
    base = (meeting.path, meeting.organisation.path)
    skrivelser = tuple(dict.fromkeys(
        p.tjansteskrivelse.path for p in meeting.paragrafer if p.tjansteskrivelse))
    documents = [Planned(
        "protokoll.docx", "protokoll", None, None, base + skrivelser,
        lambda: protokoll.render(meeting, templates / protokoll.TEMPLATE),
    )]
    for paragraf in meeting.paragrafer:
        own = (paragraf.tjansteskrivelse.path,) if paragraf.tjansteskrivelse else ()
        documents.append(Planned(
            f"protokollsutdrag-{paragraf.nummer:03d}.docx", "protokollsutdrag", paragraf.nummer,
            _dnr(paragraf), base + own,
            partial(protokollsutdrag.render, meeting, paragraf,
                    templates / protokollsutdrag.TEMPLATE),
        ))
    if later_justerade(meeting):
        documents.append(Planned(
            "anslagsbevis.docx", "anslagsbevis", None, None, base,
            lambda: anslagsbevis.render(meeting, templates / anslagsbevis.TEMPLATE),
        ))
    for paragraf in meeting.paragrafer:
        if paragraf.fields.omedelbar_justering:
            documents.append(Planned(
                f"anslagsbevis-{paragraf.nummer:03d}.docx", "anslagsbevis", paragraf.nummer,
                _dnr(paragraf), base,
                partial(anslagsbevis.render, meeting, templates / anslagsbevis.TEMPLATE,
                        omedelbart=paragraf),
            ))
    return documents


def close(
    source: Path,
    target: Path | None,
    templates: Path,
    pdf: bool = False,
    progress: Callable[[int, int], None] = lambda done, total: None,
) -> list[Path]:
    """Close the meeting in `source`: write its documents and manifest to `target`.

    Returns the files written. Nothing is written unless every document rendered;
    `progress` hears how many of how many documents are rendered.
    """
    organisation = load_organisation(find_organisation(source))
    meeting = load_sammantrade(source, organisation)
    folder = target or source.with_suffix("")
    documents = plan(meeting, templates)
    rendered = _render_all(documents, progress)
    _check_replaceable(folder, organisation.path.parent)
    with _locked(folder):
        _clean_leftovers(folder)
        staging = Path(tempfile.mkdtemp(prefix=f".{folder.name}.tmp-", dir=folder.parent))
        staging.chmod(0o755)  # mkdtemp makes it private; the result is for colleagues too
        try:
            files = []
            for document, data in zip(documents, rendered, strict=True):
                (staging / document.name).write_bytes(data)
                files.append(staging / document.name)
            pdfs, pdf_problem = _pdfs(files, folder) if pdf else ([], None)
            manifest = _manifest(meeting, documents, staging, organisation.path.parent)
            (staging / MANIFEST).write_text(manifest, encoding="utf-8")
            _replace(folder, staging)
        except OSError as exc:
            shutil.rmtree(staging, ignore_errors=True)
            raise OutputError(f"mappen kan inte skrivas ({exc.strerror})", folder) from exc
        except BaseException:
            shutil.rmtree(staging, ignore_errors=True)
            raise
    if pdf_problem is not None:  # the Word files are written; the PDFs that failed are said
        raise pdf_problem
    return [folder / f.name for f in [*files, *pdfs]] + [folder / MANIFEST]


def _pdfs(files: list[Path], folder: Path) -> tuple[list[Path], DocgenError | None]:
    """Return the PDFs made of `files`, and what stopped any, named as in `folder`."""
    try:
        return convert_to_pdf(files), None
    except ProblemList as problems:
        made = [f.with_suffix(".pdf") for f in files if f.with_suffix(".pdf").exists()]
        return made, ProblemList(_renamed(p, folder) for p in problems.problems)
    except DocgenError as problem:
        made = [f.with_suffix(".pdf") for f in files if f.with_suffix(".pdf").exists()]
        return made, _renamed(problem, folder)


def _renamed(problem: DocgenError, folder: Path) -> DocgenError:
    """Return `problem` naming its file where it ends up, in `folder`, not in staging."""
    if isinstance(problem, OutputError):
        return OutputError(problem.message, folder / problem.path.name)
    return problem


def _check_replaceable(folder: Path, content: Path) -> None:
    """Refuse a target that holds the content or that docgen did not write itself."""
    if content.resolve().is_relative_to(folder.resolve()):
        raise OutputError("mappen innehåller innehållsfilerna och kan inte skrivas över; "
                          "välj en annan mapp med -o", folder)
    if folder.is_dir() and any(folder.iterdir()) and not (folder / MANIFEST).is_file():
        raise OutputError("mappen finns redan och är ingen mapp som docgen har skrivit (den "
                          f"saknar {MANIFEST}); välj en annan mapp med -o eller töm den", folder)


PARALLEL_FROM = 12
"""The number of documents from which rendering is spread over the cores (measured in bench/)."""

_planned: list[Planned] = []  # what forked workers render, by index


def _render_one(index: int) -> bytes:
    """Render the planned document at `index` (in a worker forked after planning)."""
    return _planned[index].render()


def _render_all(documents: list[Planned], progress: Callable[[int, int], None]) -> list[bytes]:
    """Render `documents` in memory, over several cores when there are enough of them."""
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    workers = min(cores or 1, 4)
    if workers < 2 or len(documents) < PARALLEL_FROM:
        rendered = []
        for document in documents:
            rendered.append(document.render())
            progress(len(rendered), len(documents))
        return rendered
    global _planned
    _planned = documents
    try:
        context = multiprocessing.get_context("fork")
        with ProcessPoolExecutor(workers, mp_context=context) as pool:
            rendered = []
            for data in pool.map(_render_one, range(len(documents)), chunksize=2):
                rendered.append(data)
                progress(len(rendered), len(documents))
            return rendered
    except BrokenProcessPool as exc:  # a worker was killed (out of memory, say)
        raise DocgenError("en process som skapade dokumenten avbröts oväntat; inget skrevs. "
                          "Försök igen") from exc
    finally:
        _planned = []


def _manifest(meeting: LoadedSammantrade, documents: list[Planned], staging: Path,
              root: Path) -> str:
    """Return the manifest: each file with its hash and what it is, and its sources."""
    def entry(path: Path) -> dict[str, str]:
        return {"fil": path.resolve().relative_to(root.resolve()).as_posix(), "sha256": _sha256(path)}

    files = []
    for document in documents:
        item: dict[str, object] = {"fil": document.name, "sha256": _sha256(staging / document.name),
                                   "typ": document.typ}
        if document.paragraf is not None:
            item["paragraf"] = document.paragraf
            item["diarienummer"] = document.diarienummer
        item["kallor"] = [entry(p) for p in document.sources]
        files.append(item)
        pdf = (staging / document.name).with_suffix(".pdf")
        if pdf.exists():
            files.append({**item, "fil": pdf.name, "sha256": _sha256(pdf)})
    data = {"organ": meeting.organ.kod, "datum": meeting.fields.datum.isoformat(),
            "sammantrade": entry(meeting.path), "filer": files}
    return json.dumps(data, ensure_ascii=False, indent=2) + "\n"


def _sha256(path: Path) -> str:
    """Return the SHA-256 of the file at `path`, in hex."""
    return hashlib.sha256(path.read_bytes()).hexdigest()


@contextmanager
def _locked(folder: Path) -> Iterator[None]:
    """Hold the lock on writing `folder`, or raise `OutputError` if another run holds it."""
    try:
        folder.parent.mkdir(parents=True, exist_ok=True)
        handle = open(folder.parent / f".{folder.name}.lock", "w")  # noqa: SIM115
    except OSError as exc:
        raise OutputError(f"mappen kan inte skrivas ({exc.strerror})", folder.parent) from exc
    with handle:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError as exc:
            raise OutputError("en annan docgen-körning skriver just nu till mappen; vänta tills "
                              "den är klar och försök igen", folder) from exc
        yield


def _clean_leftovers(folder: Path) -> None:
    """Remove staging folders of killed runs; restore a result a killed run had set aside."""
    for leftover in folder.parent.glob(f".{folder.name}.tmp-*"):
        shutil.rmtree(leftover, ignore_errors=True)
    for aside in sorted(folder.parent.glob(f".{folder.name}.old-*")):
        if not folder.exists() and (aside / "result").is_dir():
            os.rename(aside / "result", folder)
        shutil.rmtree(aside, ignore_errors=True)


def _replace(folder: Path, staging: Path) -> None:
    """Put `staging` in `folder`'s place, the old result set aside until the swap is done."""
    if folder.exists() and not folder.is_dir():
        raise OutputError("finns redan och är ingen mapp", folder)
    if not folder.exists():
        os.rename(staging, folder)
        return
    aside = Path(tempfile.mkdtemp(prefix=f".{folder.name}.old-", dir=folder.parent))
    os.rename(folder, aside / "result")
    os.rename(staging, folder)
    shutil.rmtree(aside, ignore_errors=True)
