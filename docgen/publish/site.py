"""Publishing a meeting on the anslagstavla: build its web copy in memory, guard it, write it.

The anslagstavla is a folder: one sub-folder per meeting (`ksau-2014-08-19/`: the
protocol, the anslag, one page per §), and at the top the index of current anslag, the
Atom and JSON feeds and one calendar per organ. The top is made again from the
manifests of the meetings published there, so each publish adds to the same feeds.

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
import re
import shutil
import tempfile
import zipfile
from dataclasses import dataclass, replace
from datetime import date
from pathlib import Path

from docgen.content.meeting import LoadedSammantrade, load_sammantrade
from docgen.content.organisation import find_organisation, load_organisation
from docgen.content.source import read_text
from docgen.content.tree import ContentTree
from docgen.documents import protokoll
from docgen.errors import ContentError, OutputError, ProblemList, error_reason
from docgen.markdown import Span
from docgen.output import (
    clean_leftovers,
    locked,
    new_staging,
    refuse_inputs,
    swap,
    write_atomically,
)
from docgen.pdf import convert_to_pdf
from docgen.publish import feeds, guard, html
from docgen.publish.web import Kungorelse, web_meeting, withheld_reason

MANIFEST = "manifest.json"
SITE_MANIFEST = "anslagstavla.json"
"""The anslagstavla's own manifest: its meetings' folders and its top files."""
REDACTED_PDF = "protokoll-webbversion.pdf"
"""The redacted protocol's name: never to be confused with the archive's protokoll.pdf."""


@dataclass(frozen=True)
class WebCopy:
    """A meeting's web copy, built and guarded, not yet written.

    `files` go in the meeting's `folder` of the anslagstavla; `calendar` is its organ's
    calendar file (name, bytes) at the top; `entries` and `kungorelse` are what the top
    index and feeds show of it; `sources` are the content files, for placing findings.
    """

    folder: str
    files: dict[str, bytes]
    calendar: tuple[str, bytes]
    entries: list[feeds.AnslagEntry]
    kungorelse: Kungorelse | None
    kommun: str
    base: str | None
    rules: guard.Rules
    allowances: dict[str, str]
    allowed: list[dict[str, str]]
    withheld: list[dict[str, str | int]]
    sources: list[tuple[Path, str]]


def redacted(meeting: LoadedSammantrade) -> LoadedSammantrade:
    """Return `meeting` with the content of withheld paragraphs replaced by the reason."""
    paragrafer = []
    for paragraf in meeting.paragrafer:
        reason = withheld_reason(paragraf)
        if reason is None:
            paragrafer.append(paragraf)
            continue
        fields = paragraf.fields.model_copy(
            update={
                "underrubrik": None,
                "jav": [],
                "tidigare_behandling": [],
                "yrkanden": [],
                "beslutsgang": None,
                "omrostning": None,
                "omrostningar": [],
                "reservationer": [],
                "protokollsanteckningar": [],
                "expedieras": [],
                "arendet": None,
                "beslut": reason,
            }
        )
        paragrafer.append(
            replace(
                paragraf,
                fields=fields,
                underrubrik=None,
                beslut=((Span(reason),),),
                arendet=(),
                handlingar=(),
                votes=(),
            )
        )
    return replace(meeting, paragrafer=tuple(paragrafer))


def folder_name(meeting: LoadedSammantrade) -> str:
    """Return the meeting's folder on the anslagstavla, e.g. 'ksau-2014-08-19'."""
    return f"{meeting.organ.kod.lower()}-{meeting.fields.datum.isoformat()}"


def build(source: Path, templates: Path, today: date, pdf: bool = False) -> WebCopy:
    """Return the guarded web copy of the meeting in `source`, or raise what the guard found.

    A protocol goes on the anslagstavla when its anslag is put up, after justering
    (kommunallagen 8 kap. 12 §): not before `today` has reached that day.
    """
    organisation = load_organisation(find_organisation(source))
    meeting = load_sammantrade(source, organisation)
    if meeting.anslag > today:
        raise meeting.located.error(
            f"anslaget sätts upp {meeting.anslag.isoformat()}, när protokollet är justerat; "
            "det kan publiceras på anslagstavlan först den dagen",
            ("justering",),
        )
    settings = organisation.organisation.publicering
    base = settings.webbadress
    web = web_meeting(meeting)
    calendar = feeds.calendar_name(meeting.organ.kod)
    files = {name: text.encode("utf-8") for name, text in html.pages(web, calendar).items()}
    texts = {name: published_text(name, data) for name, data in files.items()}
    if pdf:
        document = protokoll.render(redacted(meeting), templates / protokoll.TEMPLATE)
        files[REDACTED_PDF] = _pdf(document)
        texts[REDACTED_PDF] = published_text(".docx", document)  # its streams are compressed
    ics = feeds.calendar(web, _organ_meetings(meeting), base)
    texts[calendar] = published_text(calendar, ics)
    extra = [web.kungorelse.path] if web.kungorelse and web.kungorelse.path else []
    rules = guard.Rules(telefon=settings.telefon, epost=settings.epost)
    allowances = {" ".join(a.text.split()): a.skal for a in settings.tillatet}
    sources = _sources(meeting, extra)
    allowed = _guard(texts, rules, allowances, sources)
    withheld: list[dict[str, str | int]] = [
        {"paragraf": p.nummer, "skal": reason}
        for p in meeting.paragrafer
        if (reason := withheld_reason(p))
    ]
    folder = folder_name(meeting)
    return WebCopy(
        folder,
        files,
        (calendar, ics),
        feeds.entries(web, folder),
        web.kungorelse,
        organisation.organisation.kommun,
        base,
        rules,
        allowances,
        allowed,
        withheld,
        sources,
    )


def _organ_meetings(meeting: LoadedSammantrade) -> list[feeds.CalendarMeeting]:
    """Return the meetings of `meeting`'s organ in its content tree, as the calendar shows them."""
    found = []
    for entry in ContentTree(meeting.organisation.path.parent).meetings(meeting.organ.kod):
        data = entry.data
        if day := entry.date():
            found.append(
                feeds.CalendarMeeting(day, str(data.get("tid", "")), str(data.get("plats", "")))
            )
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


def _guard(
    texts: dict[str, str],
    rules: guard.Rules,
    allowances: dict[str, str],
    sources: list[tuple[Path, str]],
) -> list[dict[str, str]]:
    """Raise the personal data in `texts` (by file) that is not allowed; return what was.

    Each finding is placed at its line in `sources`, the content files.
    """
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


def _published(
    site: Path, skip: str
) -> tuple[list[feeds.AnslagEntry], list[Kungorelse], list[tuple[str, str]]]:
    """Return what the meetings already on the anslagstavla `site` (but `skip`) show at the top."""
    found, kungorelser, calendars = [], [], []
    for manifest in sorted(site.glob(f"*/{MANIFEST}")):
        if manifest.parent.name == skip:
            continue
        try:
            data = json.loads(manifest.read_text(encoding="utf-8"))
            found += [feeds.AnslagEntry.from_json(e) for e in data["anslag"]]
            if data.get("kungorelse"):
                kungorelser.append(Kungorelse.from_json(data["kungorelse"]))
            calendars.append((data["kalender"], data["organ"]))
        except (OSError, ValueError, KeyError, TypeError) as exc:
            raise OutputError(
                "är ingen webbkopia som docgen kan läsa; ta bort mappen eller "
                "publicera det sammanträdet igen",
                manifest.parent,
            ) from exc
    return found, kungorelser, calendars


def _top(copy: WebCopy, site: Path, organ: str) -> dict[str, bytes]:
    """Return the anslagstavla's top files with `copy` published: index, feeds, calendars."""
    found, kungorelser, calendars = _published(site, copy.folder)
    found += copy.entries
    if copy.kungorelse is not None:
        kungorelser.append(copy.kungorelse)
    calendars = sorted({*calendars, (copy.calendar[0], organ)})
    today = max(e.uppsatt for e in found)  # the day the newest anslag goes up
    ordered = feeds.newest_first(found)
    index = html.anslagstavla(
        copy.kommun,
        [e for e in ordered if e.nedtagning > today],
        [e for e in ordered if e.nedtagning <= today],
        sorted((k for k in kungorelser if k.datum >= today), key=lambda k: (k.datum, k.organ)),
        calendars,
    )
    return {
        "index.html": index.encode("utf-8"),
        "anslag.atom": feeds.atom(found, copy.kommun, copy.base),
        "anslag.json": feeds.json_feed(found, copy.kommun, copy.base),
        copy.calendar[0]: copy.calendar[1],
    }


def write(copy: WebCopy, source: Path, site: Path) -> list[Path]:
    """Write `copy` into the anslagstavla `site`, and make its top files again.

    The meeting's folder is replaced whole; the top files are each replaced in one step.
    """
    refuse_inputs(site, [source, find_organisation(source)])
    if site.exists() and not site.is_dir():
        raise OutputError("finns redan och är ingen mapp", site)
    if site.is_dir() and any(site.iterdir()) and not (site / SITE_MANIFEST).is_file():
        raise OutputError(
            f"mappen finns redan och är ingen anslagstavla som docgen har skrivit "
            f"(den saknar {SITE_MANIFEST}); välj en annan mapp med -o eller töm "
            "den",
            site,
        )
    folder = site / copy.folder
    organ = copy.entries[0].organ if copy.entries else copy.folder
    manifest = {
        "typ": "webbkopia",
        "sammantrade": source.name,
        "organ": organ,
        "kalender": copy.calendar[0],
        "filer": [
            {"fil": name, "sha256": hashlib.sha256(data).hexdigest()}
            for name, data in sorted(copy.files.items())
        ],
        "anslag": [e.as_json() for e in copy.entries],
        "kungorelse": copy.kungorelse.as_json() if copy.kungorelse else None,
        "tillatna_personuppgifter": copy.allowed,
        "ej_publicerade_paragrafer": copy.withheld,
    }
    try:
        site.mkdir(parents=True, exist_ok=True)
        with locked(site):
            _clean_leftovers(site)
            top = _top(copy, site, organ)
            _guard(
                {n: published_text(n, d) for n, d in top.items()},
                copy.rules,
                copy.allowances,
                copy.sources,
            )
            staging = new_staging(folder)
            for name, data in copy.files.items():
                (staging / name).write_bytes(data)
            (staging / MANIFEST).write_text(
                json.dumps(manifest, ensure_ascii=False, indent=2) + "\n", encoding="utf-8"
            )
            swap(folder, staging)
            for name, data in top.items():
                write_atomically(site / name, data)
            meetings = sorted(m.parent.name for m in site.glob(f"*/{MANIFEST}"))
            top_files = sorted({*top, *(f.name for f in site.glob("sammantraden-*.ics"))})
            write_atomically(
                site / SITE_MANIFEST,
                (
                    json.dumps(
                        {
                            "typ": "anslagstavla",
                            "sammantraden": meetings,
                            "filer": [
                                {
                                    "fil": name,
                                    "sha256": hashlib.sha256(
                                        (site / name).read_bytes()
                                    ).hexdigest(),
                                }
                                for name in top_files
                            ],
                        },
                        ensure_ascii=False,
                        indent=2,
                    )
                    + "\n"
                ).encode(),
            )
    except OSError as exc:
        for leftover in site.glob(f".{folder.name}.tmp-*"):
            shutil.rmtree(leftover, ignore_errors=True)
        raise OutputError(f"mappen kan inte skrivas till ({error_reason(exc)})", site) from exc
    return (
        [folder / name for name in sorted(copy.files)]
        + [folder / MANIFEST]
        + [site / name for name in sorted(top)]
        + [site / SITE_MANIFEST]
    )


def _clean_leftovers(site: Path) -> None:
    """Remove what killed publishes left in `site`; restore meeting folders they set aside."""
    for leftover in sorted(site.glob(".*")):
        if leftover.is_dir() and (".old-" in leftover.name or ".tmp-" in leftover.name):
            clean_leftovers(site / leftover.name[1:].split(".old-")[0].split(".tmp-")[0])
        elif leftover.is_file():  # a top file's temporary copy
            leftover.unlink()
