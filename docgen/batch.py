"""Meeting close: check everything, render every document, then write all of it or nothing.

Every document is rendered in memory first, in this process; only then are files
written, into a staging folder that `output.swap` puts in the target's place (see
`output`). A folder is replaced only when docgen wrote it for this same meeting (its
manifest says so) and nobody has changed docgen's files in it since; files someone
else put there (a signed, scanned protocol, say) move over into the new result. A run
never writes into a folder that holds one of its own inputs.
"""

from __future__ import annotations

import hashlib
import json
import shutil
from collections.abc import Callable
from dataclasses import dataclass
from functools import partial
from pathlib import Path

from docgen.content.meeting import LoadedSammantrade, ResolvedParagraf, load_sammantrade
from docgen.content.organisation import find_organisation
from docgen.content.tree import ContentTree
from docgen.documents import anslagsbevis, protokoll, protokollsutdrag
from docgen.documents.sammantrade import later_justerade
from docgen.errors import DocgenError, OutputError, ProblemList, error_reason
from docgen.output import (
    clean_leftovers,
    locked,
    new_staging,
    refuse_inputs,
    refuse_read_only,
    swap,
)
from docgen.pdf import convert_to_pdf
from docgen.render import CompiledTemplate, TemplateSet

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


def plan(
    meeting: LoadedSammantrade, templates: Path, compiled: TemplateSet | None = None
) -> list[Planned]:
    """Return the documents of `meeting`'s close: protocol, extracts and anslagsbevis.

    Each template is compiled once, in `compiled` (a set of the caller's, or one made
    here), when the first document of its type renders.
    """
    run = compiled or TemplateSet()

    def template(name: str) -> CompiledTemplate:
        """Return the run's compiled template called `name`."""
        return run.get(templates / name)

    def extract(paragraf: ResolvedParagraf) -> bytes:
        """Return the protokollsutdrag of `paragraf`."""
        return protokollsutdrag.render(meeting, paragraf, template(protokollsutdrag.TEMPLATE))

    def notice(paragraf: ResolvedParagraf | None = None) -> bytes:
        """Return the anslagsbevis of the protocol, or of `paragraf` justerad at once."""
        return anslagsbevis.render(meeting, template(anslagsbevis.TEMPLATE), omedelbart=paragraf)

    base = (meeting.path, meeting.organisation.path)
    skrivelser = tuple(
        dict.fromkeys(p.tjansteskrivelse.path for p in meeting.paragrafer if p.tjansteskrivelse)
    )
    documents = [
        Planned(
            "protokoll.docx",
            "protokoll",
            None,
            None,
            base + skrivelser,
            lambda: protokoll.render(meeting, template(protokoll.TEMPLATE)),
        )
    ]
    for paragraf in meeting.paragrafer:
        own = (paragraf.tjansteskrivelse.path,) if paragraf.tjansteskrivelse else ()
        documents.append(
            Planned(
                f"protokollsutdrag-{paragraf.nummer:03d}.docx",
                "protokollsutdrag",
                paragraf.nummer,
                _dnr(paragraf),
                base + own,
                partial(extract, paragraf),
            )
        )
    if later_justerade(meeting):
        documents.append(
            Planned(
                "anslagsbevis.docx",
                "anslagsbevis",
                None,
                None,
                base,
                notice,
            )
        )
    for paragraf in meeting.paragrafer:
        if paragraf.fields.omedelbar_justering:
            documents.append(
                Planned(
                    f"anslagsbevis-{paragraf.nummer:03d}.docx",
                    "anslagsbevis",
                    paragraf.nummer,
                    _dnr(paragraf),
                    base,
                    partial(notice, paragraf),
                )
            )
    return documents


def close(
    source: Path,
    target: Path | None,
    templates: Path | None,
    bundled: Path,
    pdf: bool = False,
    progress: Callable[[int, int], None] = lambda done, total: None,
) -> list[Path]:
    """Close the meeting in `source`: write its documents and manifest to `target`.

    The templates are those in `templates`, else in the organisation file's `mallar:`
    folder, else the `bundled` ones. Returns the files written. Nothing is written
    unless every document rendered; `progress` hears how many of how many are rendered.
    """
    tree = ContentTree.around(find_organisation(source), source)  # each file read once
    organisation = tree.organisation()
    meeting = load_sammantrade(source, organisation, tree)
    folder = target or source.with_suffix("")
    templates = templates or organisation.templates or bundled
    documents = plan(meeting, templates, TemplateSet())
    inputs = dict.fromkeys(path for document in documents for path in document.sources)
    refuse_inputs(folder, [*inputs, templates])
    rendered = []
    for document in documents:
        rendered.append(document.render())
        progress(len(rendered), len(documents))
    names = {n for d in documents for n in (d.name, str(Path(d.name).with_suffix(".pdf")))}
    with locked(folder):
        clean_leftovers(folder)
        keep = _others_files(folder, meeting, names | {MANIFEST})
        staging = new_staging(folder)
        try:
            files = []
            for document, data in zip(documents, rendered, strict=True):
                (staging / document.name).write_bytes(data)
                files.append(staging / document.name)
            pdfs, pdf_problem = _pdfs(files, folder) if pdf else ([], None)
            manifest = _manifest(meeting, documents, staging, organisation.path.parent)
            (staging / MANIFEST).write_text(manifest, encoding="utf-8")
            swap(folder, staging, keep)
        except OSError as exc:
            shutil.rmtree(staging, ignore_errors=True)
            raise OutputError(
                f"mappen kan inte skrivas till ({error_reason(exc)})", folder
            ) from exc
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


def _others_files(folder: Path, meeting: LoadedSammantrade, ours: set[str]) -> list[str]:
    """Return the names in `folder` that others put there, after checking it may be replaced.

    `folder` may be replaced when it is empty or missing, or when docgen wrote it for
    this meeting and none of docgen's files in it was changed since (the manifest has
    their hashes). Files not in the manifest are someone else's: they are kept, unless
    the new result has a file of the same name.
    """
    if not folder.exists():
        return []
    if not folder.is_dir():
        raise OutputError("finns redan och är ingen mapp", folder)
    present = sorted(p.name for p in folder.iterdir())
    if not present:
        return []
    written = _read_manifest(folder)
    if (written.get("organ"), written.get("datum")) != (
        meeting.organ.kod,
        meeting.fields.datum.isoformat(),
    ):
        raise OutputError(
            f"mappen har dokumenten från ett annat sammanträde ({written.get('organ')} "
            f"{written.get('datum')}) och skrivs inte över; välj en annan mapp med -o",
            folder,
        )
    entries = written.get("filer")
    listed = {
        str(f.get("fil")): str(f.get("sha256"))
        for f in (entries if isinstance(entries, list) else [])
        if isinstance(f, dict)
    }
    for name, digest in listed.items():
        path = folder / name
        if path.is_file() and _sha256(path) != digest:
            raise OutputError(
                "filen har ändrats sedan docgen skrev den och skrivs inte över; "
                "flytta den ur mappen eller välj en annan mapp med -o",
                path,
            )
    refuse_read_only(folder / name for name in listed)
    others = [name for name in present if name not in listed and name != MANIFEST]
    for name in others:
        if name in ours:
            raise OutputError(
                "filen skrevs inte av docgen men har samma namn som ett dokument "
                "som ska skrivas; flytta den ur mappen eller välj en annan mapp "
                "med -o",
                folder / name,
            )
    return others


def _read_manifest(folder: Path) -> dict[str, object]:
    """Return the manifest docgen left in `folder`, or raise `OutputError` if there is none."""
    path = folder / MANIFEST
    if not path.is_file():
        raise OutputError(
            "mappen finns redan och är ingen mapp som docgen har skrivit (den "
            f"saknar {MANIFEST}); välj en annan mapp med -o eller töm den",
            folder,
        )
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, ValueError) as exc:
        raise OutputError(
            f"{MANIFEST} går inte att läsa, så det går inte att veta vilka filer "
            "docgen skrev; välj en annan mapp med -o",
            folder,
        ) from exc
    if not isinstance(data, dict):
        raise OutputError(f"{MANIFEST} går inte att läsa; välj en annan mapp med -o", folder)
    return data


def _manifest(
    meeting: LoadedSammantrade, documents: list[Planned], staging: Path, root: Path
) -> str:
    """Return the manifest: each file with its hash and what it is, and its sources."""
    known: dict[Path, dict[str, str]] = {}  # most documents share their sources

    def entry(path: Path) -> dict[str, str]:
        if path not in known:
            known[path] = {
                "fil": path.resolve().relative_to(root.resolve()).as_posix(),
                "sha256": _sha256(path),
            }
        return known[path]

    files = []
    for document in documents:
        item: dict[str, object] = {
            "fil": document.name,
            "sha256": _sha256(staging / document.name),
            "typ": document.typ,
        }
        if document.paragraf is not None:
            item["paragraf"] = document.paragraf
            item["diarienummer"] = document.diarienummer
        item["kallor"] = [entry(p) for p in document.sources]
        files.append(item)
        pdf = (staging / document.name).with_suffix(".pdf")
        if pdf.exists():
            files.append({**item, "fil": pdf.name, "sha256": _sha256(pdf)})
    data = {
        "organ": meeting.organ.kod,
        "datum": meeting.fields.datum.isoformat(),
        "sammantrade": entry(meeting.path),
        "filer": files,
    }
    return json.dumps(data, ensure_ascii=False, indent=2) + "\n"


def _sha256(path: Path) -> str:
    """Return the SHA-256 of the file at `path`, in hex."""
    return hashlib.sha256(path.read_bytes()).hexdigest()
