"""Meeting close: every document at once, seed 004 reproduced, all or nothing."""

from __future__ import annotations

import hashlib
import json
from datetime import date
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import CONTENT, SEEDS
from docx import Document
from docx_text import document_lines, missing_in_order, normalise, seed_lines
from ooxml import check_references, validate_docx

from docgen.cli import main

KSAU = CONTENT / "sammantraden" / "2014-08-19-ksau.yaml"
KS = CONTENT / "sammantraden" / "2014-09-01-ks.yaml"
FOOTER = "Ordförandes signatur Justerandes signatur Utdragsbestyrkande"


def run_close(*args: str) -> tuple[int, str, str]:
    """Run `docgen close`; return exit code, stdout and stderr."""
    result = CliRunner().invoke(main, ["close", *args])
    return result.exit_code, result.output, result.stderr


@pytest.fixture(scope="module")
def closed(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Close the example KSAU meeting once for this module's tests."""
    out = tmp_path_factory.mktemp("close") / "ksau"
    code, output, errors = run_close(str(KSAU), "-o", str(out))
    assert code == 0, errors
    return out


def test_every_document_is_written(closed: Path) -> None:
    assert sorted(p.name for p in closed.iterdir()) == [
        "anslagsbevis-095.docx",
        "anslagsbevis.docx",
        "manifest.json",
        "protokoll.docx",
        "protokollsutdrag-093.docx",
        "protokollsutdrag-094.docx",
        "protokollsutdrag-095.docx",
        "protokollsutdrag-096.docx",
    ]
    for path in closed.glob("*.docx"):
        assert validate_docx(path) == [], path.name
        assert check_references(path) == [], path.name


def test_seed_004_is_the_extract_of_paragraph_94(closed: Path) -> None:
    extract = closed / "protokollsutdrag-094.docx"
    text = normalise(" ".join(document_lines(extract)))
    expected = [line for line in seed_lines(SEEDS / "004_2ffe380440a0af3e.txt") if line != FOOTER]
    assert len(expected) > 15
    assert missing_in_order(expected, text) == []
    footer = Document(str(extract)).sections[0].footer
    footer_text = normalise(" ".join(c.text for t in footer.tables for c in t._cells))
    assert FOOTER in footer_text  # on every page, as in the seed


def test_the_protocol_front_page_and_paragraphs(closed: Path) -> None:
    text = normalise(" ".join(document_lines(closed / "protokoll.docx")))
    assert (
        missing_in_order(
            [
                "Kommunstyrelsens arbetsutskott",
                "Nacka stadshus, sammanträdesrummet Jelgava, tisdag 19 augusti 2014 kl. 9.00–11.30",
                "Maria Berg (M), ordförande",
                "Johan Ek (M)",
                "Per Holm (KD), jäv § 95",
                "Rolf Wasteson (V)",
                "Lars Dahl (S) för Karin Ström (S)",
                "Nils Åberg (M)",
                "Christina Ståldal (NL)",
                "Lena Dahlstedt, stadsdirektör",
                "Eva Sjö (S)",
                "Stadsledningskontoret 2014-08-26",
                "§§ 93–96",
                "§ 93",
                "KFKS 2014/412-040",
                "Delårsrapport",
                "§ 94",
                "Styrning och ledning för öppenhet och mångfald",
                "§ 95",
                "Jäv",
                "Per Holm (KD) anmälde jäv och deltog inte i handläggningen av ärendet.",
                "Omröstning",
                "Omröstningen utföll med 3 ja-röster mot 2 nej-röster; 1 ledamot avstod.",
                "Reservationer",
                "Rolf Wasteson (V) reserverade sig mot beslutet och lät anteckna följande.",
                "”Marken bör i stället användas för hyresrätter i kommunal regi.”",
                "Paragrafen justerades omedelbart.",
                "§ 96",
                "Sammanträdesplan",
            ],
            text,
        )
        == []
    )


def test_the_anslagsbevis_dates(closed: Path) -> None:
    # justerat tisdag 2014-08-26 and posted that day; + 21 days = tisdag 2014-09-16.
    # § 95 was justerad omedelbart, so this justering covers the others only.
    text = normalise(" ".join(document_lines(closed / "anslagsbevis.docx")))
    assert (
        missing_in_order(
            [
                "2014-08-19",
                "§§ 93–94 och 96",
                "2014-08-26",
                "2014-09-16",
                "2014-09-17",
                "senast 16 september 2014",
            ],
            text,
        )
        == []
    )
    # § 95, justerad omedelbart at the meeting 2014-08-19: + 21 = 2014-09-09
    text = normalise(" ".join(document_lines(closed / "anslagsbevis-095.docx")))
    assert missing_in_order(["§ 95", "2014-08-19", "2014-09-09", "2014-09-10"], text) == []


def test_a_paragraph_justerad_omedelbart_has_its_own_justering_and_anslag() -> None:
    from docgen.content.meeting import load_sammantrade
    from docgen.content.organisation import load_organisation
    from docgen.documents.sammantrade import justering

    meeting = load_sammantrade(KSAU, load_organisation(CONTENT / "organisation.yaml"))
    by_number = {p.nummer: p for p in meeting.paragrafer}
    justerad, anslag = justering(meeting, by_number[95])
    assert (justerad, anslag.uppsatt, anslag.sista_dag) == (
        date(2014, 8, 19),
        date(2014, 8, 19),
        date(2014, 9, 9),
    )  # at the meeting
    justerad, anslag = justering(meeting, by_number[94])
    assert (justerad, anslag.uppsatt, anslag.sista_dag) == (
        date(2014, 8, 26),
        date(2014, 8, 26),
        date(2014, 9, 16),
    )


def test_close_replaces_only_a_folder_docgen_wrote(tmp_path: Path, content_tree: Path) -> None:
    mine = tmp_path / "mina-filer"
    mine.mkdir()
    (mine / "viktig.txt").write_text("behåll mig", encoding="utf-8")
    code, _, errors = run_close(str(KSAU), "-o", str(mine))
    assert code == 1
    assert f"{mine}: mappen finns redan och är ingen mapp som docgen har skrivit" in errors
    assert (mine / "viktig.txt").read_text(encoding="utf-8") == "behåll mig"
    meeting = content_tree / "sammantraden" / "2014-08-19-ksau.yaml"
    code, _, errors = run_close(str(meeting), "-o", str(content_tree))
    assert code == 1
    assert f"{content_tree}: mappen innehåller 2014-08-19-ksau.yaml, som körningen läser" in errors
    assert meeting.is_file() and (content_tree / "organisation.yaml").is_file()


def test_the_result_is_readable_by_others(closed: Path) -> None:
    assert closed.stat().st_mode & 0o755 == 0o755


def test_the_manifest(closed: Path) -> None:
    manifest = json.loads((closed / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["organ"] == "KSAU" and manifest["datum"] == "2014-08-19"
    files = {item["fil"]: item for item in manifest["filer"]}
    assert set(files) == {p.name for p in closed.glob("*.docx")}
    for name, item in files.items():
        assert item["sha256"] == hashlib.sha256((closed / name).read_bytes()).hexdigest()
    extract = files["protokollsutdrag-094.docx"]
    assert (extract["typ"], extract["paragraf"], extract["diarienummer"]) == (
        "protokollsutdrag",
        94,
        "KFKS 2012/577-001",
    )
    sources = {s["fil"]: s["sha256"] for s in extract["kallor"]}
    skrivelse = "tjansteskrivelser/2014-08-07-lagesrapport-augusti.md"
    assert set(sources) == {"sammantraden/2014-08-19-ksau.yaml", "organisation.yaml", skrivelse}
    assert sources[skrivelse] == hashlib.sha256((CONTENT / skrivelse).read_bytes()).hexdigest()


def test_the_following_ks_meeting(tmp_path: Path) -> None:
    code, output, errors = run_close(str(KS), "-o", str(tmp_path / "ks"))
    assert code == 0, errors
    text = normalise(" ".join(document_lines(tmp_path / "ks" / "protokollsutdrag-210.docx")))
    assert (
        missing_in_order(
            [
                "§ 210",
                "KFKS 2012/577-001",
                "Beslut",
                "Kommunstyrelsen noterar informationen till protokollet.",
                "Ärendets tidigare behandling",
                "Beslut i kommunstyrelsens arbetsutskott den 19 augusti 2014 § 94",
            ],
            text,
        )
        == []
    )
    # posted 2014-09-09 (given); + 21 = 2014-09-30
    text = normalise(" ".join(document_lines(tmp_path / "ks" / "anslagsbevis.docx")))
    assert missing_in_order(["2014-09-09", "2014-09-30", "2014-10-01"], text) == []


def test_a_failing_close_writes_nothing_and_keeps_the_previous_result(
    content_tree: Path, tmp_path: Path
) -> None:
    out = tmp_path / "ut"
    meeting = content_tree / "sammantraden" / "2014-08-19-ksau.yaml"
    assert run_close(str(meeting), "-o", str(out))[0] == 0
    before = {p.name: p.read_bytes() for p in out.iterdir()}
    text = meeting.read_text(encoding="utf-8")
    meeting.write_text(
        text.replace("utfall: ja", "utfall: nej").replace(
            "justerare: [Eva Sjö]", "justerare: [Nils Åberg]"
        ),
        encoding="utf-8",
    )
    code, _, errors = run_close(str(meeting), "-o", str(out))
    assert code == 1
    assert "utfallet ja, inte nej" in errors and "justeraren ”Nils Åberg”" in errors
    assert {p.name: p.read_bytes() for p in out.iterdir()} == before
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".ut.")] == []


def test_leftovers_of_a_killed_run_are_cleaned_and_a_set_aside_result_restored(
    tmp_path: Path,
) -> None:
    out = tmp_path / "ut"
    (tmp_path / ".ut.tmp-abc").mkdir()
    (tmp_path / ".ut.tmp-abc" / "protokoll.docx").write_bytes(b"half")
    aside = tmp_path / ".ut.old-xyz" / "result"
    aside.mkdir(parents=True)
    (aside / "protokoll.docx").write_bytes(b"the previous result")
    (aside / "manifest.json").write_text(
        json.dumps(
            {
                "organ": "KSAU",
                "datum": "2014-08-19",
                "filer": [
                    {
                        "fil": "protokoll.docx",
                        "sha256": hashlib.sha256(b"the previous result").hexdigest(),
                    }
                ],
            }
        ),
        encoding="utf-8",
    )
    # a run killed between its two renames left the old result aside and no folder
    code, _, errors = run_close(str(KSAU), "-o", str(out))
    assert code == 0, errors
    assert sorted(p.name for p in tmp_path.iterdir()) == ["ut"]
    assert (out / "protokoll.docx").read_bytes() != b"the previous result"


def test_two_runs_on_one_folder(tmp_path: Path) -> None:
    import fcntl

    out = tmp_path / "ut"
    with open(tmp_path / ".ut.lock", "w") as held:
        fcntl.flock(held, fcntl.LOCK_EX)
        code, _, errors = run_close(str(KSAU), "-o", str(out))
    assert code == 1
    assert "en annan docgen-körning skriver just nu till mappen" in errors
    assert not out.exists()


def test_appeal_dates_api() -> None:
    from docgen import appeal_deadline, next_working_day

    assert appeal_deadline(date(2025, 5, 30)) == date(2025, 6, 23)  # midsommarafton 20 June
    assert next_working_day(date(2025, 6, 23)) == date(2025, 6, 24)


def test_a_template_error_in_one_document_is_reported(tmp_path: Path) -> None:
    from docx import Document as open_docx

    from docgen.api import TEMPLATES

    templates = tmp_path / "mallar"
    templates.mkdir()
    for template in TEMPLATES.glob("*.docx"):
        (templates / template.name).write_bytes(template.read_bytes())
    broken = open_docx(str(templates / "protokollsutdrag.docx"))
    broken.add_paragraph("{{ paragraf.okand }}")
    broken.save(str(templates / "protokollsutdrag.docx"))
    code, _, errors = run_close(
        str(KSAU), "-o", str(tmp_path / "ut"), "--templates", str(templates)
    )
    assert code == 1
    assert (
        f"{templates / 'protokollsutdrag.docx'}: mallen använder ”okand”, som docgen inte ger den"
        in errors
    )
    assert not (tmp_path / "ut").exists()
