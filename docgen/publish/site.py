"""Publishing a meeting: build its web copy in memory, guard it, then write all or nothing.

The guard reads every byte that would be published (pages, feeds, calendar and the
redacted protocol's text) and stops with the list of personal data it finds, each at
the content file and line it came from, unless the organisation file allows exactly
that text (`publicering.tillatet`, with a reason); what was allowed is logged in the
manifest. A paragraph marked `sekretess:` or `publiceras: false` never reaches the web.
"""

from __future__ import annotations

import hashlib
import io
import json
import os
import re
import shutil
import tempfile
import zipfile
from dataclasses import dataclass, replace
from pathlib import Path

from docgen.content import LoadedSammantrade, find_organisation, load_organisation, load_sammantrade
from docgen.content.source import read_text
from docgen.content.tree import ContentTree
from docgen.documents import protokoll
from docgen.errors import ContentError, OutputError, ProblemList
from docgen.markdown import Span
from docgen.pdf import convert_to_pdf
from docgen.publish import feeds, guard, html
from docgen.publish.web import web_meeting, withheld_reason

MANIFEST = "manifest.json"
REDACTED_PDF = "protokoll-webbversion.pdf"
"""The redacted protocol's name: never to be confused with the archive's protokoll.pdf."""


@dataclass(frozen=True)
class WebCopy:
    """A meeting's web copy, built and guarded, not yet written: file name → bytes."""

    files: dict[str, bytes]
    allowed: list[dict[str, str]]
    withheld: list[dict[str, str | int]]


def redacted(meeting: LoadedSammantrade) -> LoadedSammantrade:
    """Return `meeting` with the content of withheld paragraphs replaced by the reason."""
    paragrafer = []
    for paragraf in meeting.paragrafer:
        reason = withheld_reason(paragraf)
        if reason is None:
            paragrafer.append(paragraf)
            continue
        fields = paragraf.fields.model_copy(update={
            "underrubrik": None, "jav": [], "tidigare_behandling": [], "yrkanden": [],
            "beslutsgang": None, "omrostning": None, "reservationer": [],
            "protokollsanteckningar": [], "expedieras": [], "arendet": None, "beslut": reason,
        })
        paragrafer.append(replace(paragraf, fields=fields, underrubrik=None,
                                  beslut=((Span(reason),),), arendet=(), handlingar=(),
                                  tally=None))
    return replace(meeting, paragrafer=tuple(paragrafer))


def build(source: Path, folder: Path, templates: Path, pdf: bool = False) -> WebCopy:
    """Return the guarded web copy of the meeting in `source`, or raise what the guard found.

    The copy is meant for `folder`: on the website it is `publicering.webbadress`/its name.
    """
    organisation = load_organisation(find_organisation(source))
    meeting = load_sammantrade(source, organisation)
    settings = organisation.organisation.publicering
    base = f"{settings.webbadress.rstrip('/')}/{folder.name}" if settings.webbadress else None
    web = web_meeting(meeting)
    files = {name: text.encode("utf-8") for name, text in html.pages(web).items()}
    files["anslag.atom"] = feeds.atom(web, base)
    files["anslag.json"] = feeds.json_feed(web, base)
    files["sammantraden.ics"] = feeds.calendar(web, _organ_meetings(meeting), base)
    texts = {name: published_text(name, data) for name, data in files.items()}
    if pdf:
        document = protokoll.render(redacted(meeting), templates / protokoll.TEMPLATE)
        files[REDACTED_PDF] = _pdf(document)
        texts[REDACTED_PDF] = published_text(".docx", document)  # its streams are compressed
    extra = [web.kungorelse.path] if web.kungorelse else []
    allowed = _guard(meeting, texts, extra)
    withheld: list[dict[str, str | int]] = [
        {"paragraf": p.nummer, "skal": reason} for p in meeting.paragrafer
        if (reason := withheld_reason(p))]
    return WebCopy(files, allowed, withheld)


def _organ_meetings(meeting: LoadedSammantrade) -> list[feeds.CalendarMeeting]:
    """Return the meetings of `meeting`'s organ in its content tree, as the calendar shows them."""
    found = []
    for entry in ContentTree(meeting.organisation.path.parent).entries:
        data = entry.data
        day = entry.date()
        if data.get("typ") == "sammantrade" and data.get("organ") == meeting.organ.kod and day:
            found.append(feeds.CalendarMeeting(day, str(data.get("tid", "")),
                                               str(data.get("plats", ""))))
    return found


def _pdf(document: bytes) -> bytes:
    """Return the PDF/A of the .docx `document`."""
    with tempfile.TemporaryDirectory(prefix="docgen-webb-") as work:
        docx = Path(work) / REDACTED_PDF.replace(".pdf", ".docx")
        docx.write_bytes(document)
        [made] = convert_to_pdf([docx])
        return made.read_bytes()


def published_text(name: str, data: bytes) -> str:
    """Return the text a published file carries, as the guard reads it.

    iCalendar lines are unfolded, so a number split over two lines is still seen; a PDF's
    streams are compressed, so its text is read from the redacted .docx instead.
    """
    if name.endswith(".ics"):
        return data.decode("utf-8").replace("\r\n ", "").replace("\r\n\t", "")
    if name.endswith(".docx"):
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            xml = archive.read("word/document.xml").decode("utf-8")
        return re.sub(r"<[^>]+>", "", xml)
    return data.decode("utf-8", errors="replace")


def _guard(meeting: LoadedSammantrade, texts: dict[str, str], extra: list[Path]
           ) -> list[dict[str, str]]:
    """Raise the personal data in `texts` (by file) that is not allowed; return what was.

    Each finding is placed in the meeting's content files, or in the `extra` files.
    """
    settings = meeting.organisation.organisation.publicering
    rules = guard.Rules(telefon=settings.telefon, epost=settings.epost)
    allowances = {" ".join(a.text.split()): a.skal for a in settings.tillatet}
    sources = _sources(meeting, extra)
    problems: list[ContentError] = []
    allowed: list[dict[str, str]] = []
    seen: set[tuple[str, str]] = set()
    for _, text in sorted(texts.items()):
        for finding in guard.scan_published(text, rules):
            key = (finding.kind, finding.text)
            if key in seen:
                continue
            seen.add(key)
            reason = allowances.get(" ".join(finding.text.split()))
            if reason is not None:
                allowed.append({"typ": finding.kind, "text": finding.text, "skal": reason})
            else:
                problems.append(guard.locate(finding, sources).error())
    problems.sort(key=lambda problem: (str(problem.path), problem.line or 0))
    ProblemList.raise_if_any(problems)
    return allowed


def _sources(meeting: LoadedSammantrade, extra: list[Path]) -> list[tuple[Path, str]]:
    """Return the content files the web copy is made from, with their text."""
    paths = [meeting.path, meeting.organisation.path, *extra]
    paths += [p.tjansteskrivelse.path for p in meeting.paragrafer if p.tjansteskrivelse]
    return [(path, read_text(path)) for path in dict.fromkeys(paths)]


def write(copy: WebCopy, source: Path, folder: Path) -> list[Path]:
    """Write `copy` to `folder` with its manifest, replacing an earlier web copy whole."""
    content = find_organisation(source).parent
    if content.resolve().is_relative_to(folder.resolve()):
        raise OutputError("mappen innehåller innehållsfilerna; välj en annan mapp med -o", folder)
    if folder.is_dir() and any(folder.iterdir()) and not (folder / MANIFEST).is_file():
        raise OutputError(f"mappen finns redan och är ingen webbkopia som docgen har skrivit (den "
                          f"saknar {MANIFEST}); välj en annan mapp med -o eller töm den", folder)
    if folder.exists() and not folder.is_dir():
        raise OutputError("finns redan och är ingen mapp", folder)
    manifest = {
        "typ": "webbkopia",
        "sammantrade": source.name,
        "filer": [{"fil": name, "sha256": hashlib.sha256(data).hexdigest()}
                  for name, data in sorted(copy.files.items())],
        "tillatna_personuppgifter": copy.allowed,
        "ej_publicerade_paragrafer": copy.withheld,
    }
    try:
        folder.parent.mkdir(parents=True, exist_ok=True)
        staging = Path(tempfile.mkdtemp(prefix=f".{folder.name}.tmp-", dir=folder.parent))
        staging.chmod(0o755)
        for name, data in copy.files.items():
            (staging / name).write_bytes(data)
        (staging / MANIFEST).write_text(json.dumps(manifest, ensure_ascii=False, indent=2) + "\n",
                                        encoding="utf-8")
        if folder.exists():
            aside = Path(tempfile.mkdtemp(prefix=f".{folder.name}.old-", dir=folder.parent))
            os.rename(folder, aside / "result")
            os.rename(staging, folder)
            shutil.rmtree(aside, ignore_errors=True)
        else:
            os.rename(staging, folder)
    except OSError as exc:
        for leftover in folder.parent.glob(f".{folder.name}.tmp-*"):
            shutil.rmtree(leftover, ignore_errors=True)
        raise OutputError(f"mappen kan inte skrivas ({exc.strerror})", folder) from exc
    return [folder / name for name in sorted(copy.files)] + [folder / MANIFEST]
