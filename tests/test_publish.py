"""docgen publish: the web copy's files, its feeds and calendar read back by maintained
parsers, the guard stopping a leak at its file and line, and secret paragraphs kept off."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from datetime import date, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import feedparser
import icalendar
import jsonschema
import pytest
from click.testing import CliRunner
from conftest import CONTENT
from docx_text import document_lines, normalise

from docgen.cli import main

DATA = Path(__file__).resolve().parent / "data"
KSAU = Path("sammantraden") / "2014-08-19-ksau.yaml"
KS = Path("sammantraden") / "2014-09-01-ks.yaml"
MEETING = "ksau-2014-08-19"  # the KSAU meeting's folder on the anslagstavla
STOCKHOLM = ZoneInfo("Europe/Stockholm")
SECRET = "Barnets vårdnadshavare har ansökt om förtur"
PNR = "19850709-9805"


def run(*args: str) -> tuple[int, str, str]:
    """Run docgen with `args`; return the exit code, standard output and standard error."""
    result = CliRunner().invoke(main, list(args))
    return result.exit_code, result.stdout, result.stderr


@pytest.fixture(scope="module")
def web(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Publish the example KSAU meeting on an anslagstavla once for this module's tests."""
    out = tmp_path_factory.mktemp("publish") / "anslagstavla"
    code, output, errors = run("publish", str(CONTENT / KSAU), "-o", str(out))
    assert code == 0, errors
    assert output == f"skrev webbkopian, 12 filer, till anslagstavlan i {out}\n"
    return out


def test_the_files_of_a_web_copy(web: Path) -> None:
    assert sorted(p.relative_to(web).as_posix() for p in web.rglob("*")) == [
        "anslag.atom",
        "anslag.json",
        "anslagstavla.json",
        "index.html",
        MEETING,
        f"{MEETING}/anslag.html",
        f"{MEETING}/manifest.json",
        f"{MEETING}/paragraf-093.html",
        f"{MEETING}/paragraf-094.html",
        f"{MEETING}/paragraf-095.html",
        f"{MEETING}/paragraf-096.html",
        f"{MEETING}/protokoll.html",
        "sammantraden-ksau.ics",
    ]
    manifest = json.loads((web / MEETING / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["typ"] == "webbkopia"
    assert [f["fil"] for f in manifest["filer"]] == sorted(
        p.name for p in (web / MEETING).iterdir() if p.name != "manifest.json"
    )
    assert manifest["tillatna_personuppgifter"] == []
    assert manifest["ej_publicerade_paragrafer"] == []
    top = json.loads((web / "anslagstavla.json").read_text(encoding="utf-8"))
    assert top["sammantraden"] == [MEETING]
    assert [f["fil"] for f in top["filer"]] == [
        "anslag.atom",
        "anslag.json",
        "index.html",
        "sammantraden-ksau.ics",
    ]


def test_each_publish_adds_to_the_anslagstavla(content_tree: Path, tmp_path: Path) -> None:
    """Three meetings on one anslagstavla: one index and one feed; old anslag move down."""
    ks = (content_tree / KS).read_text(encoding="utf-8")
    later = content_tree / "sammantraden" / "2014-11-03-ks.yaml"
    later.write_text(
        ks.replace("datum: 2014-09-01", "datum: 2014-11-03")
        .replace("forsta_paragraf: 210\n", "")
        .replace("{datum: 2014-09-08,", "{datum: 2014-11-10,")
        .replace("{datum: 2014-09-09}", "{datum: 2014-11-10}"),
        encoding="utf-8",
    )
    site = tmp_path / "anslagstavla"
    for meeting in (KSAU, KS, later.relative_to(content_tree)):
        code, _, errors = run("publish", str(content_tree / meeting), "-o", str(site))
        assert code == 0, errors
    feed = feedparser.parse((site / "anslag.atom").read_bytes())
    assert [e.link for e in feed.entries] == [
        "ks-2014-11-03/anslag.html#anslag-211",
        "ks-2014-09-01/anslag.html#anslag-210",
        "ksau-2014-08-19/anslag.html#anslag-093",
        "ksau-2014-08-19/anslag.html#anslag-095",
    ]
    index = (site / "index.html").read_text(encoding="utf-8")
    current, earlier = index.split("<h2>Tidigare anslag</h2>")
    assert "ks-2014-11-03/anslag.html" in current and "ks-2014-09-01" not in current
    assert all(f"{m}/anslag.html" in earlier for m in ("ks-2014-09-01", MEETING))
    assert sorted(p.name for p in site.glob("*.ics")) == [
        "sammantraden-ks.ics",
        "sammantraden-ksau.ics",
    ]
    calendar = icalendar.Calendar.from_ical((site / "sammantraden-ks.ics").read_bytes())
    assert [e.decoded("dtstart").date() for e in calendar.walk("VEVENT")] == [
        date(2014, 9, 1),
        date(2014, 11, 3),
    ]
    code, _, errors = run("publish", str(content_tree / KS), "-o", str(site))  # again: same
    assert code == 0, errors
    assert feedparser.parse((site / "anslag.atom").read_bytes()).entries == feed.entries


def test_the_atom_feed_reads_back(web: Path) -> None:
    feed = feedparser.parse((web / "anslag.atom").read_bytes())
    assert not feed.bozo, feed.get("bozo_exception")
    assert feed.version == "atom10"
    assert feed.feed.title == "Anslagstavla, Nacka kommun"
    assert feed.feed.language == "sv"
    assert feed.feed.author == "Nacka kommun"
    assert feed.feed.id == "tag:docgen.invalid,2018:anslagstavla"
    assert {link.rel: link.href for link in feed.feed.links} == {
        "self": "anslag.atom",
        "alternate": "index.html",
    }
    assert feed.feed.updated == "2014-08-26T00:00:00+02:00"
    assert feed.feed.generator == "docgen"
    assert [(e.id, e.title, e.link, e.published, e.updated, e.author) for e in feed.entries] == [
        (
            "tag:docgen.invalid,2014:KSAU/2014-08-19/anslag-093",
            "Anslag: Protokoll Kommunstyrelsens arbetsutskott 19 augusti 2014, §§\u00a093–94 och 96",
            f"{MEETING}/anslag.html#anslag-093",
            "2014-08-26T00:00:00+02:00",
            "2014-08-26T00:00:00+02:00",
            "Kommunstyrelsens arbetsutskott, Nacka kommun",
        ),
        (
            "tag:docgen.invalid,2014:KSAU/2014-08-19/anslag-095",
            "Anslag: Protokoll Kommunstyrelsens arbetsutskott 19 augusti 2014, §\u00a095",
            f"{MEETING}/anslag.html#anslag-095",
            "2014-08-19T00:00:00+02:00",
            "2014-08-19T00:00:00+02:00",
            "Kommunstyrelsens arbetsutskott, Nacka kommun",
        ),
    ]
    summary = normalise(feed.entries[0].summary)
    assert (
        "Anslaget sätts upp 26 augusti 2014 och tas ned 17 september 2014. "
        "Sista dag för överklagande: 16 september 2014."
    ) in summary


def test_the_json_feed_validates(web: Path) -> None:
    feed = json.loads((web / "anslag.json").read_text(encoding="utf-8"))
    schema = json.loads((DATA / "jsonfeed" / "schema-v1.json").read_text(encoding="utf-8"))
    assert "uri" in jsonschema.FormatChecker().checkers  # addresses are checked as URIs
    jsonschema.validate(feed, schema, format_checker=jsonschema.FormatChecker())
    assert feed["version"] == "https://jsonfeed.org/version/1.1"
    assert feed["language"] == "sv"
    assert feed["authors"] == [{"name": "Nacka kommun"}]
    assert "feed_url" not in feed  # no webbadress, so no full URLs to give
    assert [(i["id"], i["date_published"], i["authors"]) for i in feed["items"]] == [
        (
            "tag:docgen.invalid,2014:KSAU/2014-08-19/anslag-093",
            "2014-08-26T00:00:00+02:00",
            [{"name": "Kommunstyrelsens arbetsutskott, Nacka kommun"}],
        ),
        (
            "tag:docgen.invalid,2014:KSAU/2014-08-19/anslag-095",
            "2014-08-19T00:00:00+02:00",
            [{"name": "Kommunstyrelsens arbetsutskott, Nacka kommun"}],
        ),
    ]
    assert feed["items"][0]["content_text"].startswith(
        "Kommunstyrelsens arbetsutskott, sammanträde 19 augusti 2014, §§\u00a093–94 och 96. "
        "Protokollet justerades 26 augusti 2014."
    )
    broken = {**feed, "items": [{"title": "x"}]}  # the schema can fail: no id
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(broken, schema)
    relative = {**feed, "feed_url": "anslag.json"}  # and a relative address is no URL
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(relative, schema, format_checker=jsonschema.FormatChecker())


def test_the_calendar_lists_the_organs_meetings(content_tree: Path, tmp_path: Path) -> None:
    later = content_tree / "sammantraden" / "2014-09-16-ksau.yaml"
    later.write_text(
        "typ: sammantrade\norgan: KSAU\ndatum: 2014-09-16\ntid: 13.00\nplats: Nacka stadshus\n",
        encoding="utf-8",
    )  # planned: no § yet
    code, _, errors = run("publish", str(content_tree / KSAU), "-o", str(tmp_path / "w"))
    assert code == 0, errors
    calendar = icalendar.Calendar.from_ical((tmp_path / "w" / "sammantraden-ksau.ics").read_bytes())
    events = [
        (str(e["summary"]), e.decoded("dtstart"), e.decoded("dtend"), str(e["location"]))
        for e in calendar.walk("VEVENT")
    ]
    assert events == [
        (
            "Sammanträde Kommunstyrelsens arbetsutskott",
            datetime(2014, 8, 19, 9, 0, tzinfo=STOCKHOLM),
            datetime(2014, 8, 19, 11, 30, tzinfo=STOCKHOLM),
            "Nacka stadshus, sammanträdesrummet Jelgava",
        ),
        (
            "Sammanträde Kommunstyrelsens arbetsutskott",
            datetime(2014, 9, 16, 13, 0, tzinfo=STOCKHOLM),
            datetime(2014, 9, 16, 15, 0, tzinfo=STOCKHOLM),
            "Nacka stadshus",
        ),
    ]
    assert len({str(e["uid"]) for e in calendar.walk("VEVENT")}) == 2
    assert [str(t["tzid"]) for t in calendar.walk("VTIMEZONE")] == ["Europe/Stockholm"]
    assert str(calendar["x-wr-calname"]) == "Kommunstyrelsens arbetsutskott, Nacka kommun"


def test_publishing_twice_gives_the_same_bytes(web: Path, tmp_path: Path) -> None:
    code, _, errors = run("publish", str(CONTENT / KSAU), "-o", str(tmp_path / "again"))
    assert code == 0, errors
    files = sorted(p.relative_to(web) for p in web.rglob("*") if p.is_file())
    assert files == sorted(
        p.relative_to(tmp_path / "again") for p in (tmp_path / "again").rglob("*") if p.is_file()
    )
    for path in files:
        assert (tmp_path / "again" / path).read_bytes() == (web / path).read_bytes(), path


def test_content_is_escaped(content_tree: Path, tmp_path: Path) -> None:
    meeting = content_tree / KSAU
    meeting.write_text(
        meeting.read_text(encoding="utf-8").replace(
            "godkänna delårsrapporten.",
            "godkänna <script>alert(1)</script> {{ x }} delårsrapporten.",
        ),
        encoding="utf-8",
    )
    code, _, errors = run("publish", str(meeting), "-o", str(tmp_path / "w"))
    assert code == 0, errors
    page = (tmp_path / "w" / MEETING / "paragraf-093.html").read_text(encoding="utf-8")
    assert "&lt;script&gt;alert(1)&lt;/script&gt; {{ x }}" in page
    assert "<script>" not in page


def _line_of(path: Path, text: str) -> int:
    """Return the line of `path` where `text` first stands."""
    return next(
        i for i, line in enumerate(path.read_text(encoding="utf-8").split("\n"), 1) if text in line
    )


@pytest.mark.parametrize(
    "where", ["protokollsanteckning", "reservation", "beslut", "tjansteskrivelse", "markdown"]
)
def test_a_personnummer_stops_the_publish_at_its_line(
    content_tree: Path, tmp_path: Path, where: str
) -> None:
    meeting = content_tree / KSAU
    text = meeting.read_text(encoding="utf-8")
    if where == "protokollsanteckning":
        source = meeting
        text = text.replace("Lägesrapporten visar att", f"Lägesrapporten ({PNR}) visar att")
    elif where == "reservation":
        source = meeting
        text = text.replace("hyresrätter i kommunal regi.", "hyresrätter (se 8507099805).")
    elif where == "beslut":
        source = meeting
        text = text.replace(
            "fastställer sammanträdesplanen för 2015.",
            "fastställer sammanträdesplanen för 2015 (850709-9805).",
        )
    elif where == "markdown":  # bold splits the number in the page's HTML
        source = meeting
        text = text.replace(
            "ett överskott på 3,5 miljoner kronor",
            "ett överskott på 3,5 miljoner kronor (**850709**-9805)",
        )
    else:
        source = content_tree / "tjansteskrivelser" / "2014-08-07-lagesrapport-augusti.md"
        source.write_text(
            source.read_text(encoding="utf-8").replace(
                "De beslutade förändringarna", f"Ansökan {PNR}. De beslutade förändringarna"
            ),
            encoding="utf-8",
        )
    meeting.write_text(text, encoding="utf-8")
    target = tmp_path / "w"
    code, _, errors = run("publish", str(meeting), "-o", str(target))
    assert code == 1
    number = {
        "protokollsanteckning": PNR,
        "reservation": "8507099805",
        "beslut": "850709-9805",
        "tjansteskrivelse": PNR,
        "markdown": "850709-9805",
    }[where]
    line = _line_of(source, "850709**-9805" if where == "markdown" else number)
    assert errors.splitlines() == [
        f"{source}:{line}: personnummer ”{number}” får inte publiceras på webben"
    ]
    assert not target.exists()
    assert not list(tmp_path.glob(".w*"))  # no staging left behind
    code, _, errors = run("check", str(content_tree))  # check warns at the same line
    assert code == 0
    assert errors.splitlines()[0].startswith(f"{source}:{line}: varning: personnummer ”{number}”")


def test_a_personnummer_with_a_soft_hyphen_stops_the_publish(
    content_tree: Path, tmp_path: Path
) -> None:
    """A soft hyphen (which Word inserts) between the digits is invisible on the page but
    hides nothing from the guard: publish stops at the number's line, shown as a reader
    sees it, and check warns at the same line."""
    meeting = content_tree / KSAU
    meeting.write_text(
        meeting.read_text(encoding="utf-8").replace(
            "      Delårsrapporten visar ett överskott på 3,5 miljoner kronor för perioden.\n",
            "      Delårsrapporten visar ett överskott på 3,5 miljoner kronor för perioden.\n"
            "      Sökande 850101\u00ad1236 har begärt uppgifterna.\n",
        ),
        encoding="utf-8",
    )
    line = _line_of(meeting, "850101\u00ad1236")
    target = tmp_path / "w"
    code, _, errors = run("publish", str(meeting), "-o", str(target))
    assert code == 1
    assert errors.splitlines() == [
        f"{meeting}:{line}: personnummer ”8501011236” får inte publiceras på webben"
    ]
    assert not target.exists()
    code, _, errors = run("check", str(meeting))
    assert code == 0
    assert errors.splitlines()[0].startswith(
        f"{meeting}:{line}: varning: personnummer ”8501011236”"
    )


def test_an_allowed_finding_is_published_and_logged(content_tree: Path, tmp_path: Path) -> None:
    organisation = content_tree / "organisation.yaml"
    organisation.write_text(
        organisation.read_text(encoding="utf-8")
        + (
            "publicering:\n  telefon: true\n  epost: true\n  tillatet:\n"
            "    - {text: 08-718 80 00, skal: kommunens växel}\n"
        ),
        encoding="utf-8",
    )
    meeting = content_tree / KSAU
    meeting.write_text(
        meeting.read_text(encoding="utf-8").replace(
            "godkänna delårsrapporten.", "godkänna delårsrapporten (frågor på 08-718 80 00)."
        ),
        encoding="utf-8",
    )
    code, _, errors = run("publish", str(meeting), "-o", str(tmp_path / "w"))
    assert code == 0, errors
    manifest = json.loads((tmp_path / "w" / MEETING / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["tillatna_personuppgifter"] == [
        {"typ": "telefonnummer", "text": "08-718 80 00", "skal": "kommunens växel"}
    ]
    assert "08-718 80 00" in (tmp_path / "w" / MEETING / "paragraf-093.html").read_text(
        encoding="utf-8"
    )
    meeting.write_text(
        meeting.read_text(encoding="utf-8").replace(
            "08-718 80 00", "070-123 45 67 eller anna.ros@nacka.se"
        ),
        encoding="utf-8",
    )
    code, _, errors = run("publish", str(meeting), "-o", str(tmp_path / "w"))
    assert code == 1
    line = _line_of(meeting, "070-123 45 67")
    assert errors.splitlines() == [
        f"{meeting}:{line}: telefonnummer ”070-123 45 67” får inte publiceras på webben",
        f"{meeting}:{line}: e-postadress ”anna.ros@nacka.se” får inte publiceras på webben",
    ]


def _every_byte(folder: Path) -> bytes:
    """Return every byte of every file under `folder`, names included."""
    return b"".join(
        p.name.encode() + p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()
    )


@pytest.mark.parametrize("marking", ["sekretess: OSL 26 kap. 1 §", "publiceras: false"])
def test_a_withheld_paragraph_stays_off_the_web(
    content_tree: Path, tmp_path: Path, marking: str
) -> None:
    meeting = content_tree / KSAU
    text = (
        meeting.read_text(encoding="utf-8")
        .replace(
            "    omedelbar_justering: true\n", f"    omedelbar_justering: true\n    {marking}\n"
        )
        .replace(
            "Stadsledningskontoret föreslår en markanvisningstävling",
            f"{SECRET} ({PNR}). Stadsledningskontoret föreslår en markanvisningstävling",
        )
    )
    meeting.write_text(text, encoding="utf-8")
    code, _, errors = run("publish", str(meeting), "-o", str(tmp_path / "w"))
    assert code == 0, errors  # the personnummer is in the withheld paragraph only
    published = _every_byte(tmp_path / "w")
    for secret in (
        SECRET,
        PNR,
        "hyresrätter i kommunal regi",
        "markanvisningstävling",
        "Exploateringsenheten",
        "KFKS 2014/350-214",
    ):
        assert secret.encode() not in published, secret
    page = (tmp_path / "w" / MEETING / "paragraf-095.html").read_text(encoding="utf-8")
    assert "<h1>§\u00a095 Markanvisning för bostäder vid Sickla</h1>" in page
    reason = (
        "Sekretess enligt OSL 26 kap. 1 §. Paragrafens innehåll publiceras inte."
        if marking.startswith("sekretess")
        else "Paragrafens innehåll publiceras inte på webben."
    )
    assert reason in page
    manifest = json.loads((tmp_path / "w" / MEETING / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["ej_publicerade_paragrafer"] == [{"paragraf": 95, "skal": reason}]
    code, _, errors = run("close", str(meeting), "-o", str(tmp_path / "arkiv"))
    assert code == 0, errors
    archive = normalise(" ".join(document_lines(tmp_path / "arkiv" / "protokoll.docx")))
    assert SECRET in archive and PNR in archive and "hyresrätter i kommunal regi" in archive


def test_close_publish_writes_both(content_tree: Path, tmp_path: Path) -> None:
    code, output, errors = run(
        "close", str(content_tree / KSAU), "-o", str(tmp_path / "ksau"), "--publish"
    )
    assert code == 0, errors
    assert (tmp_path / "ksau" / "protokoll.docx").is_file()
    assert (tmp_path / "webb" / MEETING / "anslag.html").is_file()  # webb beside the content
    assert f"till anslagstavlan i {tmp_path / 'webb'}" in output
    code, output, errors = run(
        "close",
        str(content_tree / KS),
        "-o",
        str(tmp_path / "ks"),
        "--publish",
        "--webb",
        str(tmp_path / "annan"),
    )
    assert code == 0, errors
    assert (tmp_path / "annan" / "ks-2014-09-01" / "anslag.html").is_file()


def test_close_publish_stops_before_writing_when_the_guard_finds(
    content_tree: Path, tmp_path: Path
) -> None:
    meeting = content_tree / KSAU
    meeting.write_text(
        meeting.read_text(encoding="utf-8").replace(
            "godkänna delårsrapporten.", f"godkänna delårsrapporten ({PNR})."
        ),
        encoding="utf-8",
    )
    code, _, errors = run("close", str(meeting), "-o", str(tmp_path / "ksau"), "--publish")
    assert code == 1
    assert f"personnummer ”{PNR}”" in errors
    assert not (tmp_path / "ksau").exists() and not (tmp_path / "webb").exists()


def test_publish_refuses_a_folder_it_did_not_write(tmp_path: Path) -> None:
    (tmp_path / "w").mkdir()
    (tmp_path / "w" / "viktig.txt").write_text("x", encoding="utf-8")
    code, _, errors = run("publish", str(CONTENT / KSAU), "-o", str(tmp_path / "w"))
    assert code == 1
    assert "ingen anslagstavla som docgen har skrivit" in errors
    assert (tmp_path / "w" / "viktig.txt").is_file()


def test_a_redacted_pdf_beside_the_full_one(
    libreoffice: str, content_tree: Path, tmp_path: Path
) -> None:
    meeting = content_tree / KSAU
    meeting.write_text(
        meeting.read_text(encoding="utf-8")
        .replace(
            "    omedelbar_justering: true\n",
            "    omedelbar_justering: true\n    sekretess: OSL 26 kap. 1 §\n",
        )
        .replace(
            "Stadsledningskontoret föreslår en markanvisningstävling",
            f"{SECRET}. Stadsledningskontoret föreslår en markanvisningstävling",
        ),
        encoding="utf-8",
    )
    code, _, errors = run("close", str(meeting), "-o", str(tmp_path / "ksau"), "--publish", "--pdf")
    assert code == 0, errors
    full = tmp_path / "ksau" / "protokoll.pdf"
    redacted = tmp_path / "webb" / MEETING / "protokoll-webbversion.pdf"

    def text(pdf: Path) -> str:
        return normalise(
            subprocess.run(
                ["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True
            ).stdout
        )

    def info(pdf: Path) -> str:
        return subprocess.run(
            ["pdfinfo", str(pdf)], capture_output=True, text=True, check=True
        ).stdout

    assert SECRET in text(full)
    assert SECRET not in text(redacted) and "hyresrätter" not in text(redacted)
    assert "Sekretess enligt OSL 26 kap. 1 §" in text(redacted)
    assert "Markanvisning för bostäder vid Sickla" in text(redacted)
    assert SECRET.encode() not in _every_byte(tmp_path / "webb")
    metadata = info(redacted)
    assert "Author:          Nacka kommun" in metadata
    assert "Anna Ros" not in metadata and "Maria Berg" not in metadata
    assert redacted.read_bytes().startswith(b"%PDF-") and b"pdfaid:part" in redacted.read_bytes()


def test_kommunfullmaktige_announces_its_next_meeting(content_tree: Path, tmp_path: Path) -> None:
    kf = content_tree / "sammantraden" / "2014-09-22-kf.yaml"  # the example KF meeting
    (content_tree / "sammantraden" / "2014-10-20-kf.yaml").write_text(
        "typ: sammantrade\norgan: KF\ndatum: 2014-10-20\ntid: 18.00\nplats: Nacka stadshus, "
        "sammanträdessalen\nparagrafer:\n  - {arende: KFKS 2014/412-040, rubrik: Delårsrapport}\n"
        "  - {arende: KFKS 2014/500-001}\n",
        encoding="utf-8",
    )
    code, _, errors = run("publish", str(kf), "-o", str(tmp_path / "w"))
    assert code == 0, errors
    announced = (
        'Kommunfullmäktige sammanträder <time datetime="2014-10-20">20 oktober 2014'
        "</time> kl. 18.00 i Nacka stadshus, sammanträdessalen.</p> <p>Ärenden:</p> "
        "<ol> <li>Delårsrapport</li> <li>KFKS 2014/500-001</li> </ol>"
    )
    index = normalise((tmp_path / "w" / "index.html").read_text(encoding="utf-8"))
    assert (
        f'<h2>Kungörelse: Kommunfullmäktige <time datetime="2014-10-20">20 oktober 2014'
        f"</time></h2> <p>{announced}" in index
    )
    page = normalise((tmp_path / "w" / "kf-2014-09-22" / "anslag.html").read_text(encoding="utf-8"))
    assert f"<h2>Kungörelse</h2> <p>{announced}" in page
    code, _, errors = run("publish", str(content_tree / KSAU), "-o", str(tmp_path / "ksau"))
    assert code == 0, errors  # other organ announce nothing
    assert "Kungörelse" not in (tmp_path / "ksau" / "index.html").read_text(encoding="utf-8")
    assert "Kungörelse" not in (tmp_path / "ksau" / MEETING / "anslag.html").read_text(
        encoding="utf-8"
    )


def test_a_secrecy_ground_must_name_the_provision(content_tree: Path) -> None:
    meeting = content_tree / KSAU
    meeting.write_text(
        meeting.read_text(encoding="utf-8").replace(
            "    omedelbar_justering: true\n", "    omedelbar_justering: true\n    sekretess: ja\n"
        ),
        encoding="utf-8",
    )
    code, _, errors = run("check", str(meeting))
    assert code == 1
    message = (
        "paragraf 3 i filen, sekretess: ”ja” anger ingen grund för sekretess; skriv "
        "bestämmelsen i offentlighets- och sekretesslagen, t.ex. OSL 26 kap. 1 §"
    )
    assert errors.splitlines() == [f"{meeting}:{_line_of(meeting, 'sekretess: ja')}: {message}"]


def test_the_web_address_makes_links_absolute(content_tree: Path, tmp_path: Path) -> None:
    organisation = content_tree / "organisation.yaml"
    organisation.write_text(
        organisation.read_text(encoding="utf-8")
        + ("publicering:\n  webbadress: https://www.nacka.se/anslagstavla/\n"),
        encoding="utf-8",
    )
    code, _, errors = run("publish", str(content_tree / KSAU), "-o", str(tmp_path / "w"))
    assert code == 0, errors
    feed = feedparser.parse((tmp_path / "w" / "anslag.atom").read_bytes())
    base = "https://www.nacka.se/anslagstavla"
    assert {link.rel: link.href for link in feed.feed.links} == {
        "self": f"{base}/anslag.atom",
        "alternate": f"{base}/index.html",
    }
    assert feed.feed.id == "tag:www.nacka.se,2018:anslagstavla"
    assert feed.entries[0].id == "tag:www.nacka.se,2014:KSAU/2014-08-19/anslag-093"
    assert feed.entries[0].link == f"{base}/{MEETING}/anslag.html#anslag-093"
    items = json.loads((tmp_path / "w" / "anslag.json").read_text(encoding="utf-8"))
    assert (items["home_page_url"], items["feed_url"], items["items"][1]["url"]) == (
        f"{base}/index.html",
        f"{base}/anslag.json",
        f"{base}/{MEETING}/anslag.html#anslag-095",
    )
    schema = json.loads((DATA / "jsonfeed" / "schema-v1.json").read_text(encoding="utf-8"))
    jsonschema.validate(items, schema, format_checker=jsonschema.FormatChecker())


def test_what_is_not_published_does_not_stop_the_publish(
    content_tree: Path, tmp_path: Path
) -> None:
    """The guard reads what goes on the web: the Ärendet section of a tjänsteskrivelse does
    not (the protocol takes its Sammanfattning), so a personnummer there only warns."""
    source = content_tree / "tjansteskrivelser" / "2014-08-07-lagesrapport-augusti.md"
    text = source.read_text(encoding="utf-8")
    head, tail = text.split("## Ärendet\n", 1)
    source.write_text(f"{head}## Ärendet\n\nSökande {PNR}.\n{tail}", encoding="utf-8")
    code, _, errors = run("publish", str(content_tree / KSAU), "-o", str(tmp_path / "w"))
    assert code == 0, errors
    assert PNR.encode() not in _every_byte(tmp_path / "w")
    code, _, errors = run("check", str(source))
    assert code == 0
    assert errors.startswith(f"{source}:{_line_of(source, PNR)}: varning: personnummer ”{PNR}”")


def test_what_a_killed_publish_left_is_cleaned(web: Path, tmp_path: Path) -> None:
    site = tmp_path / "w"
    shutil.copytree(web, site)
    (site / ".ksau-2014-08-19.tmp-abc").mkdir()  # staging of a killed run
    (site / ".index.html.x1y2").write_text("halv", encoding="utf-8")
    aside = site / ".ksau-2014-08-19.old-def"  # killed between the two renames
    aside.mkdir()
    os.rename(site / MEETING, aside / "result")
    code, _, errors = run("publish", str(CONTENT / KS), "-o", str(site))
    assert code == 0, errors
    assert sorted(p.name for p in site.iterdir() if p.name.startswith(".")) == []
    assert (site / MEETING / "protokoll.html").is_file()
    assert json.loads((site / "anslagstavla.json").read_text(encoding="utf-8"))["sammantraden"] == [
        "ks-2014-09-01",
        MEETING,
    ]


def test_a_protocol_goes_on_the_anslagstavla_only_once_justerat(tmp_path: Path) -> None:
    """Before the day its anslag goes up (justering 2014-08-26), the KSAU protocol is refused
    at the justering's line, and nothing is written; on that day it is published.
    """
    from docgen.api import publish_meeting
    from docgen.errors import ContentError

    source = CONTENT / KSAU
    with pytest.raises(ContentError) as refused:
        publish_meeting(source, tmp_path / "webb", today=date(2014, 8, 25))
    assert str(refused.value) == (
        f"{source}:18: anslaget sätts upp 2014-08-26, när protokollet är justerat; "
        "det kan publiceras på anslagstavlan först den dagen"
    )
    assert not (tmp_path / "webb").exists()
    assert publish_meeting(source, tmp_path / "webb", today=date(2014, 8, 26))
