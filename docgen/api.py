"""What docgen does, as functions: the layer the command line and other programs call.

The rendering stack (python-docx, docxtpl, Jinja, LibreOffice's driver, the web copy)
is imported inside the functions that render, so that checking content or writing a
new file does not pay for loading it: `docgen check` is a command for every save. In
the same way the checker and the meeting model are imported by the functions that
need them, not by rendering one tjänsteskrivelse.
"""

from __future__ import annotations

import json
import shutil
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING, Any

from docgen import schema
from docgen.content.organisation import find_organisation, load_organisation
from docgen.content.result import CheckResult
from docgen.content.source import read_text
from docgen.content.tjansteskrivelse import (
    is_tjansteskrivelse,
    load_handling,
    load_tjansteskrivelse,
)
from docgen.content.yamlfile import split_front_matter
from docgen.errors import ContentError, OutputError, ProblemList, TemplateError
from docgen.output import locked, refuse_inputs, refuse_read_only, write_atomically

if TYPE_CHECKING:
    from docgen.publish.site import WebCopy

TEMPLATES = Path(str(resources.files("docgen") / "templates"))
"""The templates that come with docgen (package data, packed by templates/pack.py)."""


def check(paths: list[Path]) -> CheckResult:
    """Return the content files under `paths` with every problem and warning found in them.

    Personal data that must not reach the web (personnummer above all) is a warning at
    its line: the archive documents may carry it, a publication stops for it.
    """
    from docgen.content.check import check_paths
    from docgen.publish.guard import check_texts

    result = check_paths([Path(path) for path in paths])
    result.warnings.extend(check_texts(result.texts))
    return result


def __getattr__(name: str) -> Any:
    """Return the names that live with the rendering stack, importing it on first use
    (PEP 562): `DOCUMENT_TYPES`, each document type by name with its template's file
    name and contract, and `REDACTED_PDF`, the name of the web copy's PDF.
    """
    if name == "DOCUMENT_TYPES":
        from docgen.documents.registry import DOCUMENT_TYPES

        return DOCUMENT_TYPES
    if name == "REDACTED_PDF":
        from docgen.publish.site import REDACTED_PDF

        return REDACTED_PDF
    raise AttributeError(f"module 'docgen.api' has no attribute {name!r}")


EXAMPLES = TEMPLATES / "exempel"
"""The example content that comes with docgen, which `check_template` renders."""


def check_template(template: Path, typ: str | None = None) -> list[TemplateError]:
    """Return what is wrong with the template `template`, or with each template in the
    folder `template`: first against the contract, then by rendering the example content.

    The type is `typ`, or else the one whose template has the file's name.
    """
    from docgen.template_check import check_templates

    return check_templates(template, EXAMPLES, typ)


def export_templates(folder: Path) -> list[Path]:
    """Write docgen's templates into `folder`, for a kommun to start from; return them.

    Files already there are not replaced: they may be the kommun's own.
    """
    targets = [folder / source.name for source in sorted(TEMPLATES.glob("*.docx"))]
    ProblemList.raise_if_any(
        OutputError("finns redan; docgen skriver inte över en mall", target)
        for target in targets
        if target.exists()
    )
    for target in targets:
        write_atomically(target, (TEMPLATES / target.name).read_bytes())
    return targets


def render_tjansteskrivelse(
    source: Path, output: Path | None = None, template: Path | None = None, pdf: bool = False
) -> list[Path]:
    """Render the tjänsteskrivelse `source` to `output`, and a PDF/A beside it when `pdf`.

    `output` is a .docx file, a .pdf file (the .docx goes beside it), or an existing
    folder; by default the .docx goes beside `source`. Returns the files written. An
    existing file is replaced only when docgen wrote it for the same ärende and nobody
    has saved it since; none of the run's inputs is ever written over.
    """
    source = Path(source)
    _expect_markdown(source)
    return _render_file(source, output, pdf, _tjansteskrivelse(source, template))


def render_document(
    source: Path, output: Path | None = None, template: Path | None = None, pdf: bool = False
) -> list[Path]:
    """Render the document `source` of any type: a tjänsteskrivelse, or one of the types
    declared in docgen's doctypes.yaml or the organisation file's `dokumenttyper:`.

    Output and files as `render_tjansteskrivelse`. Without `template`, a document of a
    declared type is laid out by the template named after its type in the organisation's
    template folder where there is one, else by the general ``handling.docx``.
    """
    source = Path(source)
    _expect_markdown(source)
    return _render_file(source, output, pdf, _any_document(source, template))


def document_bytes(source: Path, template: Path | None = None) -> bytes:
    """Return the .docx of the document `source` (any type, as `render_document` makes
    it) as bytes, writing nothing: for a program that sends or stores it itself.
    """
    source = Path(source)
    _expect_markdown(source)
    return _any_document(source, template).make()


@dataclass(frozen=True)
class _Prepared:
    """A document read and ready to render: the files it is made from (its template
    among them), what it is about (its diarienummer, so as not to replace another's
    file), and the function that renders it.
    """

    inputs: list[Path]
    subject: str
    make: Callable[[], bytes]


def _tjansteskrivelse(source: Path, template: Path | None) -> _Prepared:
    """Return the tjänsteskrivelse `source` ready to render by `template` or the default."""
    from docgen.documents import tjansteskrivelse

    template = _path(template)
    organisation = load_organisation(find_organisation(source))
    document = load_tjansteskrivelse(source, organisation)
    chosen = template or (organisation.templates or TEMPLATES) / tjansteskrivelse.TEMPLATE
    return _Prepared(
        [source, organisation.path, chosen],
        str(document.fields.diarienummer),
        lambda: tjansteskrivelse.render(document, chosen),
    )


def _any_document(source: Path, template: Path | None) -> _Prepared:
    """Return the document `source` of any type ready to render (see `render_document`)."""
    template = _path(template)
    front = split_front_matter(read_text(source), source)[0]
    if is_tjansteskrivelse(front):
        return _tjansteskrivelse(source, template)
    from docgen.documents import handling

    organisation = load_organisation(find_organisation(source))
    document = load_handling(source, organisation)
    if template is None:
        own = handling.template_for(document.fields.typ, organisation.templates or TEMPLATES)
        template = own if own.is_file() else TEMPLATES / handling.TEMPLATE
    chosen = template
    return _Prepared(
        [source, organisation.path, chosen],
        str(document.diarienummer or document.dokumenttyp.namn),
        lambda: handling.render(document, chosen),
    )


def _render_file(source: Path, output: Path | None, pdf: bool, prepared: _Prepared) -> list[Path]:
    """Write the document `prepared` from `source` to `output` (and a PDF/A when `pdf`),
    never over one of its inputs or a file docgen did not write about its subject.
    """
    from docgen.package import refuse_foreign

    inputs = prepared.inputs
    output = _path(output)
    if output is not None:
        refuse_inputs(output, inputs)
    target, pdf = _docx_target(source, output, pdf)
    pdf_target = target.with_suffix(".pdf")
    for written in (target, pdf_target) if pdf else (target,):
        refuse_inputs(written, inputs)
    refuse_read_only([target, pdf_target] if pdf else [target])
    with locked(target, "filen"):  # what may be replaced is decided and written at once
        refuse_foreign(target, prepared.subject)
        if pdf and pdf_target.exists() and not target.exists():
            raise OutputError(
                "filen finns redan och docgen gjorde den inte av en Word-fil här; "
                "flytta den eller välj ett annat namn med -o",
                pdf_target,
            )
        write_atomically(target, prepared.make())
        if not pdf:
            return [target]
        from docgen.pdf import convert_to_pdf, work_prefix

        for leftover in target.parent.glob(f"{work_prefix(target)}*"):  # from a killed run
            shutil.rmtree(leftover, ignore_errors=True)
        return [target, *convert_to_pdf([target])]


def _docx_target(source: Path, output: Path | None, pdf: bool) -> tuple[Path, bool]:
    """Return the Word file to write for `output`, and whether a PDF is wanted."""
    if output is None:
        return source.with_suffix(".docx"), pdf
    if output.is_dir():
        return output / f"{source.stem}.docx", pdf
    if output.suffix.lower() == ".pdf":
        return output.with_suffix(".docx"), True
    if output.suffix.lower() != ".docx":
        raise OutputError(
            "-o ska vara en Word-fil (.docx), en PDF (.pdf) eller en mapp "
            "(skriv en mapp som inte finns med / på slutet, t.ex. ut/)",
            output,
        )
    return output, pdf


def _paths(
    source: Path, output: Path | None, templates: Path | None
) -> tuple[Path, Path | None, Path | None]:
    """Return the three as paths (a program may give them as text); None stays None."""
    return Path(source), _path(output), _path(templates)


def _path(path: Path | None) -> Path | None:
    """Return `path` as a path, or None."""
    return None if path is None else Path(path)


def _expect_markdown(source: Path) -> None:
    """Refuse `source` unless it is a Markdown file: a meeting is closed, not rendered."""
    _expect_kind(
        source, (".md",), "en tjänsteskrivelse (.md)", "ett sammanträde stängs med docgen close"
    )


def _expect_meeting(source: Path) -> None:
    """Refuse `source` unless it is a meeting file: a tjänsteskrivelse is rendered."""
    _expect_kind(
        source,
        (".yaml", ".yml"),
        "ett sammanträde (.yaml)",
        "en tjänsteskrivelse görs till Word med docgen render",
    )


def _expect_kind(source: Path, suffixes: tuple[str, ...], kind: str, instead: str) -> None:
    """Raise `ContentError` when `source` is content of another kind than this command reads."""
    if source.suffix.lower() not in suffixes and source.suffix.lower() in (".md", ".yaml", ".yml"):
        raise ContentError(f"kommandot läser {kind}; {instead}", source)


def close_meeting(
    source: Path,
    output: Path | None = None,
    templates: Path | None = None,
    pdf: bool = False,
    progress: Callable[[int, int], None] = lambda done, total: None,
) -> list[Path]:
    """Close the meeting in `source`: protocol, extracts, anslagsbevis and manifest, all or none.

    The templates are those in `templates`, else in the organisation file's `mallar:`
    folder, else docgen's own.
    """
    source, output, templates = _paths(source, output, templates)
    _expect_meeting(source)
    if output is not None and output.suffix.lower() in (".docx", ".pdf", ".md", ".yaml", ".yml"):
        raise OutputError(
            "-o ska vara en mapp för sammanträdets dokument, t.ex. ut/ksau (med --pdf görs "
            "PDF:erna i samma mapp)",
            output,
        )
    from docgen import batch

    return batch.close(source, output, templates, TEMPLATES, pdf, progress)


def render_kallelse(
    source: Path,
    output: Path | None = None,
    templates: Path | None = None,
    pdf: bool = False,
    handlingar: bool = False,
) -> list[Path]:
    """Render the kallelse med föredragningslista of the meeting file `source`.

    The file may still be an agenda (no `deltagare`) or a closed meeting. The .docx is
    written into the folder `output` (by default beside `source`), with a PDF/A beside it
    when `pdf`; for kommunfullmäktige, the kungörelse for the anslagstavla too. With
    `handlingar`, also the nämndhandlingar: one bookmarked PDF of the kallelse, then each
    item's tjänsteskrivelse and bilagor in agenda order. Returns the files written.
    """
    from docgen.content.meeting import load_foredragningslista
    from docgen.content.tree import ContentTree
    from docgen.documents import kallelse, kungorelse, tjansteskrivelse
    from docgen.package import refuse_foreign
    from docgen.pdf import convert_to_pdf, join_pdfs, work_prefix

    _expect_meeting(source)
    tree = ContentTree.around(find_organisation(source), source)
    organisation = tree.organisation()
    agenda = load_foredragningslista(source, organisation, tree)
    folder = output or source.parent
    templates = templates or organisation.templates or TEMPLATES
    target = folder / f"{source.stem}-kallelse.docx"
    notice = folder / f"{source.stem}-kungorelse.docx" if kungorelse.is_kungjord(agenda) else None
    handlingar_target = folder / f"{source.stem}-handlingar.pdf"
    skrivelser = [p.tjansteskrivelse for p in agenda.paragrafer if p.tjansteskrivelse]
    inputs = [source, organisation.path, templates, *(s.path for s in skrivelser)]
    inputs += [path for p in agenda.paragrafer for path in p.bilagor]
    words = [target, *([notice] if notice else [])]
    writes = [*words, *(w.with_suffix(".pdf") for w in words if pdf or handlingar)]
    writes += [handlingar_target] if handlingar else []
    for written in writes:
        refuse_inputs(written, inputs)
    refuse_read_only(writes)
    refuse_foreign(target, kallelse.subject(agenda))
    if notice:
        refuse_foreign(notice, kungorelse.subject(agenda))
    data = kallelse.render(agenda, templates / kallelse.TEMPLATE)
    notice_data = kungorelse.render(agenda, templates / kungorelse.TEMPLATE) if notice else b""
    write_atomically(target, data)
    if notice:
        write_atomically(notice, notice_data)
    if not (pdf or handlingar):
        return words
    for leftover in folder.glob(f"{work_prefix(target)}*"):  # from a killed run
        shutil.rmtree(leftover, ignore_errors=True)
    if not handlingar:
        return [*words, *convert_to_pdf(words)]
    with tempfile.TemporaryDirectory(prefix=work_prefix(target), dir=folder) as work:
        parts: list[tuple[str, list[Path]]] = []
        documents = list(words)
        for number, paragraf in enumerate(agenda.paragrafer, start=1):
            files = []
            if paragraf.tjansteskrivelse is not None:
                docx = Path(work, f"{number:03d}-{paragraf.tjansteskrivelse.path.stem}.docx")
                docx.write_bytes(
                    tjansteskrivelse.render(
                        paragraf.tjansteskrivelse, templates / tjansteskrivelse.TEMPLATE
                    )
                )
                documents.append(docx)
                files.append(docx.with_suffix(".pdf"))
            parts.append((f"{number}. {paragraf.rubrik}", [*files, *paragraf.bilagor]))
        made = convert_to_pdf(documents)
        staged = Path(work, handlingar_target.name)
        join_pdfs([("Kallelse med föredragningslista", [made[0]]), *parts], staged)
        shutil.move(str(staged), handlingar_target)
    return [*words, *made[: len(words)], handlingar_target]


def publish_meeting(
    source: Path,
    output: Path | None = None,
    templates: Path | None = None,
    pdf: bool = False,
    today: date | None = None,
) -> list[Path]:
    """Publish the meeting in `source` on the anslagstavla in the folder `output` (default:
    `webb` beside the content folder); return the files written.

    Stops with the personal data found, each at its file and line, before writing anything,
    and before the day the anslag goes up (`today`, by default the computer's date).
    """
    source, output, templates = _paths(source, output, templates)
    _expect_meeting(source)
    return write_web_copy(
        web_copy(source, templates, pdf, today), source, output or default_web_folder(source)
    )


def web_copy(
    source: Path, templates: Path | None = None, pdf: bool = False, today: date | None = None
) -> WebCopy:
    """Return the guarded web copy of the meeting in `source`, built but not written.

    `today` (by default the computer's date) must have reached the day the anslag goes up.
    """
    from docgen.publish.site import build

    return build(source, templates or TEMPLATES, today or date.today(), pdf)


def write_web_copy(copy: WebCopy, source: Path, site: Path) -> list[Path]:
    """Write the web `copy` of the meeting in `source` onto the anslagstavla in `site`."""
    from docgen.publish.site import write

    return write(copy, source, site)


def default_web_folder(source: Path) -> Path:
    """Return the anslagstavla's folder unless told: `webb` beside the content folder."""
    return find_organisation(source).parent.parent / "webb"


CONTENT_TYPES = tuple(schema.NEW_FILES)
"""What `new_content_file` writes: the content file types (`typ`), and `foredragningslista`,
a meeting file begun as an agenda."""

SCHEMA_TYPES = tuple(schema.SCHEMAS)
"""What `json_schema` describes: the content file types, an agenda, the other document types."""


def json_schema(typ: str) -> dict[str, object]:
    """Return the JSON Schema (draft 2020-12) of the content file type `typ`, for editors."""
    return schema.json_schema(typ)


def write_json_schema(typ: str, output: Path) -> Path:
    """Write the JSON Schema of `typ` to the file `output` as UTF-8; return the file."""
    text = json.dumps(schema.json_schema(typ), ensure_ascii=False, indent=2)
    write_atomically(output, f"{text}\n".encode())
    return output


def new_content_file(
    typ: str, output: Path, organ: str | None = None, today: date | None = None
) -> Path:
    """Write a new content file of `typ` at `output` (a file, or a folder to put it in).

    Every field of the type is there with a Swedish comment; the date is `today` (by
    default the computer's date), and a tjänsteskrivelse gets the next free number in
    `organ`'s diarienummer series where the content tree shows one. An existing file
    is never written over. Returns the file written.
    """
    from docgen import new

    return new.new_file(typ, output, today or date.today(), organ)
