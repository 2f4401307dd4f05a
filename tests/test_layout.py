"""How the meeting documents fall on pages: LibreOffice converts them, pdftotext reads each page.

The front page of a protocol keeps the signatures and the ANSLAG/BEVIS box together on
page 1; a protokollsutdrag carries the utdragsbestyrkande in its footer boxes, as seed
004 (the real Nacka extract of § 94) does, not as a block that adds a page.
"""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import CONTENT, SEEDS, require_libreoffice

from docgen.cli import main
from docgen.pdf import convert_to_pdf

MANY = [f"Ersättare Nummer{n}" for n in range(1, 13)]
"""Twelve ersättare present without serving: a nämnd whose attendance fills a page."""


def pages(pdf: Path) -> list[str]:
    """Return the text of each page of `pdf`, whitespace runs made single spaces."""
    text = subprocess.run(
        ["pdftotext", "-layout", "-enc", "UTF-8", str(pdf), "-"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    return [re.sub(r"\s+", " ", page).strip() for page in text.split("\f")[:-1]]


def _close(meeting: Path, out: Path) -> Path:
    """Close `meeting` into `out`; return the folder."""
    result = CliRunner().invoke(main, ["close", str(meeting), "-o", str(out)])
    assert result.exit_code == 0, result.stderr
    return out


@pytest.fixture(scope="module")
def converted(tmp_path_factory: pytest.TempPathFactory) -> dict[str, list[str]]:
    """Close the example KSAU and KS meetings and a crowded nämnd; return each PDF's pages.

    The crowded nämnd is the KSAU meeting with twelve more ersättare present, § 95
    presided by Johan Ek, and the anslag signed by the registrator.
    """
    require_libreoffice()
    folder = tmp_path_factory.mktemp("layout")
    tree = folder / "innehall"
    tree.mkdir()
    for path in CONTENT.rglob("*"):
        if path.is_file():
            target = tree / path.relative_to(CONTENT)
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(path.read_bytes())
    organisation = tree / "organisation.yaml"
    text = organisation.read_text(encoding="utf-8")
    people = "".join(f"  - {{namn: {name}, parti: S}}\n" for name in MANY)
    text = text.replace("personer:\n", f"personer:\n{people}", 1)
    organisation.write_text(text + "protokoll:\n  anslag_underskrift: Registrator\n", "utf-8")
    crowded = tree / "sammantraden" / "2014-08-19-ksau.yaml"
    meeting = crowded.read_text(encoding="utf-8")
    meeting = meeting.replace(
        "ej_tjanstgorande_ersattare: [Nils Åberg, Christina Ståldal]",
        f"ej_tjanstgorande_ersattare: [Nils Åberg, Christina Ståldal, {', '.join(MANY)}]",
    )
    assert "    omedelbar_justering: true" in meeting
    meeting = meeting.replace(
        "    omedelbar_justering: true", "    omedelbar_justering: true\n    ordforande: Johan Ek"
    )
    crowded.write_text(meeting, encoding="utf-8")
    folders = {
        "ksau": _close(CONTENT / "sammantraden" / "2014-08-19-ksau.yaml", folder / "ksau"),
        "ks": _close(CONTENT / "sammantraden" / "2014-09-01-ks.yaml", folder / "ks"),
        "namnd": _close(crowded, folder / "namnd"),
    }
    documents = {
        f"{name}/{docx.stem}": docx
        for name, out in folders.items()
        for docx in sorted(out.glob("*.docx"))
    }
    # convert_to_pdf wants distinct file names: copy each under its key
    flat = folder / "pdf"
    flat.mkdir()
    copies = []
    for key, docx in documents.items():
        copy = flat / f"{key.replace('/', '-')}.docx"
        copy.write_bytes(docx.read_bytes())
        copies.append(copy)
    pdfs = convert_to_pdf(copies)
    return {key: pages(pdf) for key, pdf in zip(documents, pdfs, strict=True)}


@pytest.mark.parametrize(
    ("name", "names"),
    [
        ("ksau", ["Anna Ros", "Maria Berg (M)", "Eva Sjö (S)"]),
        ("ks", ["Anna Ros", "Maria Berg (M)", "Sara Lind (C)", "Karin Ström (S)"]),
        ("namnd", ["Anna Ros", "Maria Berg (M)", "Johan Ek (M)", "Eva Sjö (S)"]),
    ],
)
def test_signatures_and_the_anslag_box_are_on_page_1(
    converted: dict[str, list[str]], name: str, names: list[str]
) -> None:
    first = converted[f"{name}/protokoll"][0]
    signatures = first[first.index("Underskrifter") : first.index("ANSLAG/BEVIS")]
    for person in names:
        assert person in signatures, (person, first)
    assert "Förvaringsplats för protokollet" in first
    assert re.search(r"Underskrift (Anna Ros|Registrator)", first), first


def test_long_attendance_continues_after_the_front_page(converted: dict[str, list[str]]) -> None:
    first, second = converted["namnd/protokoll"][:2]
    assert "Ej tjänstgörande ersättare" not in first
    assert "Nummer12" not in first
    assert "Beslutande" in first and "Maria Berg (M), ordförande" in first
    assert second.index("Ej tjänstgörande ersättare") < second.index("Ersättare Nummer12 (S)")
    assert "Övriga närvarande Lena Dahlstedt, stadsdirektör" in second


def test_an_ordinary_front_page_keeps_all_its_attendance(converted: dict[str, list[str]]) -> None:
    first = converted["ksau/protokoll"][0]
    assert "Ej tjänstgörande ersättare Nils Åberg (M) Christina Ståldal (NL)" in first
    assert "Övriga närvarande Lena Dahlstedt" in first


def test_who_presided_some_paragraphs_signs_for_them(converted: dict[str, list[str]]) -> None:
    first = converted["namnd/protokoll"][0]
    assert "Ordförande Maria Berg (M) Ordförande § 95 Johan Ek (M) Justerande" in first


def test_the_anslag_is_signed_as_the_organisation_says(converted: dict[str, list[str]]) -> None:
    assert "Underskrift Registrator" in converted["namnd/anslagsbevis"][0]
    assert "Underskrift Registrator" in converted["namnd/protokoll"][0]
    assert "Underskrift Anna Ros" in converted["ksau/anslagsbevis"][0]


def test_an_extract_has_the_utdragsbestyrkande_only_in_its_footer(
    converted: dict[str, list[str]],
) -> None:
    assert len(converted["ks/protokollsutdrag-210"]) == 1
    for key, document in converted.items():
        if "protokollsutdrag" in key:
            for page in document:
                assert "Utdraget bestyrks" not in page
                assert page.count("Utdragsbestyrkande") == 1, (key, page)


def test_the_extract_of_paragraph_94_breaks_where_seed_004_does(
    converted: dict[str, list[str]],
) -> None:
    """Seed 004 has two pages: Beslutsgång ends page 1, Protokollsanteckningar opens page 2."""
    seed = (SEEDS / "004_2ffe380440a0af3e.txt").read_text(encoding="utf-8")
    assert seed.count("Ordförandes signatur\tJusterandes signatur\tUtdragsbestyrkande") == 2
    first, second = converted["ksau/protokollsutdrag-094"]
    assert "Beslutsgång" in first and "Protokollsanteckningar" not in first
    assert second.split("Protokollsanteckningar", 1)[0].strip().endswith("2014-08-19")


def test_attendance_continued_after_the_front_page_is_set_close(tmp_path: Path) -> None:
    """The names the front page had no room for follow their heading one a line, in one
    paragraph with line breaks, as a front page sets them (not one spaced paragraph each).
    """
    from docx import Document

    case = Path(__file__).resolve().parent / "cases" / "goteborg-ks"
    protocol = _close(case / "sammantrade.yaml", tmp_path) / "protokoll.docx"
    body = [p.text for p in Document(str(protocol)).paragraphs]
    heading = body.index("Ej tjänstgörande ersättare")
    assert body[heading + 1].split("\n") == [
        "Johannes Hulter (S)",
        "Anneli Rhedin (M)",
        "Nina Miskovsky (M)",
        "Marie Brynolfsson (V)",
        "Emmyly Bönfors (C)",
    ]
