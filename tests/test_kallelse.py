"""Before the meeting: the meeting file as an agenda, its kallelse, and the nämndhandlingar.

The agenda here is the example KSAU meeting as the registrar starts it: the same items,
without attendance, justering and decisions. Closing the full file later must give
each agenda item's title and diarienummer unchanged to its §. The kallelse is laid out
like the real ones kept in tests/data/kallelser/.
"""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner
from conftest import CONTENT
from docx import Document
from docx_text import document_lines, missing_in_order, normalise
from ooxml import check_references, validate_docx
from pypdf import PdfReader, PdfWriter

from docgen.cli import main

KSAU = "sammantraden/2014-08-19-ksau.yaml"
AFTER_THE_MEETING = (
    "beslut",
    "beslutsgang",
    "yrkanden",
    "omrostning",
    "reservationer",
    "protokollsanteckningar",
    "jav",
)


def run(*args: str) -> tuple[int, str, str]:
    """Run docgen with `args`; return exit code, stdout and stderr."""
    result = CliRunner().invoke(main, list(args))
    return result.exit_code, result.output, result.stderr


def as_agenda(tree: Path, keep: tuple[str, ...] = ("justerare", "sekreterare")) -> Path:
    """Turn the KSAU meeting in the content `tree` back into its agenda; return the file."""
    path = tree / KSAU
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    for key in ("deltagare", "justering", "justerare", "sekreterare"):
        if key not in keep:
            del data[key]
    for item in data["paragrafer"]:
        for key in AFTER_THE_MEETING:
            item.pop(key, None)
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return path


def kallelse_items(docx: Path) -> list[tuple[str, str, str | None, str]]:
    """Return each item of a kallelse's föredragningslista: number, title, dnr, föredragande."""
    table = Document(str(docx)).tables[1]
    items = []
    for row in table.rows[1:]:
        number, arende, foredragande = (cell.text for cell in row.cells)
        lines = arende.split("\n")
        dnr = next((line.removeprefix("Dnr ") for line in lines if line.startswith("Dnr ")), None)
        items.append((number, lines[0], dnr, foredragande))
    return items


def test_check_accepts_an_agenda(content_tree: Path) -> None:
    as_agenda(content_tree)
    code, output, errors = run("check", str(content_tree))
    assert (code, errors) == (0, "")
    assert "inga fel" in output


def test_closing_an_agenda_says_in_one_line_what_is_missing(content_tree: Path) -> None:
    agenda = as_agenda(content_tree, keep=("sekreterare",))
    code, _, errors = run("close", str(agenda), "-o", str(content_tree.parent / "ut"))
    assert code == 1
    assert errors.strip().splitlines() == [
        f"{agenda}:1: sammanträdet är ännu en föredragningslista: deltagare, justerare och "
        "justering saknas; skriv in dem efter sammanträdet, så kan protokollet göras"
    ]
    assert not (content_tree.parent / "ut").exists()


def test_an_agenda_holds_no_decisions(content_tree: Path) -> None:
    agenda = as_agenda(content_tree)
    text = agenda.read_text(encoding="utf-8")
    text = text.replace(
        "  foredragande: Anna Ros\n",
        "  foredragande: Anna Ros\n  yrkanden: [{namn: Eva Sjö, text: Avslag.}]\n",
    )
    agenda.write_text(text, encoding="utf-8")
    line = text.splitlines().index("  yrkanden: [{namn: Eva Sjö, text: Avslag.}]") + 1
    code, _, errors = run("check", str(agenda))
    assert code == 1
    assert errors.strip().splitlines() == [
        f"{agenda}:{line}: yrkanden skrivs in efter sammanträdet, när filen också har deltagare"
    ]


def test_the_kallelse_items_become_the_protocols_paragraphs(
    content_tree: Path, tmp_path: Path
) -> None:
    closed_file = tmp_path / "closed.yaml"
    closed_file.write_bytes((content_tree / KSAU).read_bytes())
    agenda = as_agenda(content_tree)
    code, _, errors = run("kallelse", str(agenda), "-o", str(tmp_path / "före"))
    assert code == 0, errors
    docx = tmp_path / "före" / "2014-08-19-ksau-kallelse.docx"
    items = kallelse_items(docx)
    assert items == [
        (
            "1.",
            "Delårsrapport för kommunstyrelsen januari–juni 2014",
            "KFKS 2014/412-040",
            "Lena Dahlstedt",
        ),
        (
            "2.",
            "Styrning och ledning för öppenhet och mångfald",
            "KFKS 2012/577-001",
            "Lena Dahlstedt",
        ),
        ("3.", "Markanvisning för bostäder vid Sickla", "KFKS 2014/350-214", "Anna Ros"),
        ("4.", "Sammanträdesplan för kommunstyrelsens arbetsutskott 2015", "KFKS 2014/500-001", ""),
    ]
    # After the meeting the same file, filled in, closes into the protocol.
    (content_tree / KSAU).write_bytes(closed_file.read_bytes())
    code, _, errors = run("close", str(content_tree / KSAU), "-o", str(tmp_path / "efter"))
    assert code == 0, errors
    protocol = normalise(" ".join(document_lines(tmp_path / "efter" / "protokoll.docx")))
    expected = [
        part
        for number, (_, rubrik, dnr, _) in enumerate(items, start=93)
        for part in (f"§ {number}", dnr or "", rubrik)
    ]
    assert missing_in_order(expected, protocol) == []


def test_the_kallelse_reads_like_a_real_one(tmp_path: Path) -> None:
    code, _, errors = run("kallelse", str(CONTENT / KSAU), "-o", str(tmp_path))
    assert code == 0, errors
    docx = tmp_path / "2014-08-19-ksau-kallelse.docx"
    text = normalise(" ".join(document_lines(docx)))
    assert (
        missing_in_order(
            [
                "Nacka kommun",
                "KALLELSE",
                "Kallelse med föredragningslista",
                "Kommunstyrelsens arbetsutskott kallas till sammanträde för att behandla "
                "ärendena i föredragningslistan nedan, ärende 1–4.",
                "Tid tisdag 19 augusti 2014 kl. 9.00",
                "Plats Nacka stadshus, sammanträdesrummet Jelgava",
                "Förslag till justerare Eva Sjö (S)",
                "Föredragningslista",
                "Stadsledningskontorets tjänsteskrivelse den 5 augusti 2014",
                "Ledamot som har förhinder ska snarast anmäla det till sekreteraren",
                "Maria Berg Anna Ros",
                "Ordförande Sekreterare",
            ],
            text,
        )
        == []
    )
    document = Document(str(docx))
    assert document.paragraphs[0].style.name == "Heading 1"
    assert document.core_properties.language == "sv-SE"
    assert validate_docx(docx) == []
    assert check_references(docx) == []
    first = docx.read_bytes()
    code, _, errors = run("kallelse", str(CONTENT / KSAU), "-o", str(tmp_path))
    assert code == 0, errors
    assert docx.read_bytes() == first


def test_the_forhinder_note_is_the_kommuns_wording(content_tree: Path, tmp_path: Path) -> None:
    organisation = content_tree / "organisation.yaml"
    organisation.write_text(
        organisation.read_text(encoding="utf-8")
        + "kallelse:\n  forhinder: Förhinder anmäls till kansliet, telefon 08-718 80 00.\n",
        encoding="utf-8",
    )
    code, _, errors = run("kallelse", str(content_tree / KSAU), "-o", str(tmp_path))
    assert code == 0, errors
    text = normalise(" ".join(document_lines(tmp_path / "2014-08-19-ksau-kallelse.docx")))
    assert "Förhinder anmäls till kansliet, telefon 08-718 80 00." in text


@pytest.mark.parametrize(
    ("kungord", "problem"),
    [
        ("2014-09-15", None),
        (
            "2014-09-16",
            "kungord: kungörelsen ska sättas upp på anslagstavlan minst en vecka före "
            "sammanträdet, alltså senast 2014-09-15 (kommunallagen 5 kap. 12 §)",
        ),
    ],
)
def test_the_kungorelse_is_posted_a_week_before_fullmaktige(
    content_tree: Path, kungord: str, problem: str | None
) -> None:
    meeting = content_tree / "sammantraden" / "2014-09-22-kf.yaml"
    text = meeting.read_text(encoding="utf-8")
    text = re.sub(r"^(tid: .*)$", rf"\1\nkungord: {kungord}", text, count=1, flags=re.MULTILINE)
    meeting.write_text(text, encoding="utf-8")
    line = text.splitlines().index(f"kungord: {kungord}") + 1
    code, _, errors = run("check", str(content_tree))
    if problem is None:
        assert (code, errors) == (0, "")
    else:
        assert code == 1
        assert errors.strip().splitlines() == [f"{meeting}:{line}: {problem}"]


def test_fullmaktige_gets_its_kungorelse_for_the_anslagstavla(
    content_tree: Path, tmp_path: Path
) -> None:
    meeting = content_tree / "sammantraden" / "2014-09-22-kf.yaml"
    text = meeting.read_text(encoding="utf-8")
    meeting.write_text(
        re.sub(r"^(tid: .*)$", r"\1\nkungord: 2014-09-12", text, count=1, flags=re.MULTILINE),
        encoding="utf-8",
    )
    code, output, errors = run("kallelse", str(meeting), "-o", str(tmp_path))
    assert code == 0, errors
    notice = tmp_path / "2014-09-22-kf-kungorelse.docx"
    assert f"skrev {notice}" in output
    lines = normalise(" ".join(document_lines(notice)))
    assert (
        missing_in_order(
            [
                "KUNGÖRELSE",
                "Kungörelse",
                "Kommunfullmäktige i Nacka kommun sammanträder måndag 22 september 2014 kl. "
                "18.00 i Nacka stadshus, sessionssalen.",
                "Ärenden",
                "1. Upprop",
                "5. Markanvisning för bostäder vid Ältavägen Dnr KFKS 2014/412-040",
                "Kungörelsen är anslagen på kommunens anslagstavla 12 september 2014.",
                "Nils Åberg",
                "Ordförande",
            ],
            lines,
        )
        == []
    )
    assert validate_docx(notice) == []
    # The KSAU meeting is no fullmäktige: no kungörelse.
    code, output, _ = run("kallelse", str(content_tree / KSAU), "-o", str(tmp_path))
    assert code == 0 and "kungorelse" not in output


def test_only_fullmaktige_is_kungjord(content_tree: Path) -> None:
    agenda = as_agenda(content_tree)
    text = agenda.read_text(encoding="utf-8").replace("plats:", "kungord: 2014-08-01\nplats:", 1)
    agenda.write_text(text, encoding="utf-8")
    line = text.splitlines().index("kungord: 2014-08-01") + 1
    code, _, errors = run("check", str(agenda))
    assert code == 1
    assert errors.strip().splitlines() == [
        f"{agenda}:{line}: kungord: bara kommunfullmäktiges sammanträden kungörs; ta bort raden"
    ]


def blank_pdf(path: Path, pages: int) -> Path:
    """Write a PDF of `pages` blank A4 pages at `path`; return it."""
    writer = PdfWriter()
    for _ in range(pages):
        writer.add_blank_page(595, 842)
    with path.open("wb") as handle:
        writer.write(handle)
    return path


def with_bilagor(agenda: Path, bilagor: dict[str, list[str]]) -> str:
    """Give items of `agenda` their bilagor (by title); return the file's new text."""
    text = agenda.read_text(encoding="utf-8")
    for rubrik, names in bilagor.items():
        text = text.replace(
            f"  rubrik: {rubrik}\n", f"  rubrik: {rubrik}\n  bilagor: [{', '.join(names)}]\n"
        )
    agenda.write_text(text, encoding="utf-8")
    return text


@pytest.mark.parametrize(
    ("name", "make", "problem"),
    [
        ("saknas.pdf", None, "bilagan ”saknas.pdf” finns inte"),
        ("karta.docx", b"PK\x03\x04", "bilagan ”karta.docx” är ingen PDF"),
    ],
)
def test_a_bilaga_must_be_a_pdf_that_exists(
    content_tree: Path, name: str, make: bytes | None, problem: str
) -> None:
    agenda = as_agenda(content_tree)
    if make is not None:
        (agenda.parent / name).write_bytes(make)
    text = with_bilagor(agenda, {"Markanvisning för bostäder vid Sickla": [name]})
    line = text.splitlines().index(f"  bilagor: [{name}]") + 1
    code, _, errors = run("check", str(agenda))
    assert code == 1
    (message,) = errors.strip().splitlines()
    assert message.startswith(f"{agenda}:{line}: {problem}")


def pdfinfo(pdf: Path, *options: str) -> str:
    """Return what poppler's pdfinfo says of `pdf`."""
    return subprocess.run(
        ["pdfinfo", *options, str(pdf)], capture_output=True, text=True, check=True
    ).stdout


@pytest.mark.usefixtures("libreoffice")
def test_the_namndhandlingar_bind_kallelse_skrivelser_and_bilagor(
    content_tree: Path, tmp_path: Path
) -> None:
    agenda = as_agenda(content_tree)
    blank_pdf(agenda.parent / "karta.pdf", 2)
    blank_pdf(agenda.parent / "plan.pdf", 3)
    with_bilagor(
        agenda,
        {
            "Markanvisning för bostäder vid Sickla": ["karta.pdf"],
            "Sammanträdesplan för kommunstyrelsens arbetsutskott 2015": ["plan.pdf"],
        },
    )
    code, output, errors = run("kallelse", str(agenda), "-o", str(tmp_path), "--handlingar")
    assert code == 0, errors
    handlingar = tmp_path / "2014-08-19-ksau-handlingar.pdf"
    kallelse = tmp_path / "2014-08-19-ksau-kallelse.pdf"
    assert f"skrev {handlingar}" in output
    # The one tjänsteskrivelse among the items (KFKS 2012/577-001), rendered the same way.
    skrivelse = tmp_path / "skrivelse.pdf"
    code, _, errors = run(
        "render",
        str(content_tree / "tjansteskrivelser" / "2014-08-07-lagesrapport-augusti.md"),
        "-o",
        str(skrivelse),
    )
    assert code == 0, errors
    own = len(PdfReader(kallelse).pages)
    written = len(PdfReader(skrivelse).pages)
    reader = PdfReader(handlingar)
    assert len(reader.pages) == own + written + 2 + 3
    outline = [(o.title, reader.get_destination_page_number(o)) for o in reader.outline]
    assert outline == [
        ("Kallelse med föredragningslista", 0),
        ("1. Delårsrapport för kommunstyrelsen januari–juni 2014", 0),
        ("2. Styrning och ledning för öppenhet och mångfald", own),
        ("3. Markanvisning för bostäder vid Sickla", own + written),
        ("4. Sammanträdesplan för kommunstyrelsens arbetsutskott 2015", own + written + 2),
    ]
    assert reader.page_labels == [str(n) for n in range(1, len(reader.pages) + 1)]
    total = len(reader.pages)
    for number in range(1, total + 1):  # printed through the binder, on every page
        text = subprocess.run(
            ["pdftotext", "-f", str(number), "-l", str(number), "-layout", str(handlingar), "-"],
            capture_output=True,
            text=True,
            check=True,
        ).stdout
        assert f"Sida {number} av {total}" in text, (number, text[:200])
    info = pdfinfo(handlingar)
    assert re.search(r"^Tagged:\s+yes$", info, re.MULTILINE), info
    xmp = pdfinfo(handlingar, "-meta")
    assert re.search(r"<pdfaid:part>2</pdfaid:part>|pdfaid:part=\"2\"", xmp), xmp
    assert re.search(r"<pdfaid:conformance>B</pdfaid:conformance>|pdfaid:conformance=\"B\"", xmp)
