"""The rules of a meeting file: every mistake named at its line, through `docgen check`."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import copy_organisation

from docgen.cli import main

MEETING = """\
typ: sammantrade
organ: KSAU
datum: 2014-08-19
tid: 9.00–11.30
plats: Stadshuset
forsta_paragraf: 1
deltagare:
  ordforande: Maria Berg
  ledamoter: [Johan Ek, Eva Sjö, Rolf Wasteson]
  tjanstgorande_ersattare:
    - {namn: Lars Dahl, ersatter: Karin Ström}
  ej_tjanstgorande_ersattare: [Christina Ståldal]
justerare: [Eva Sjö]
justering: {datum: 2014-08-26, plats: Stadsledningskontoret}
sekreterare: Anna Ros
paragrafer:
  - arende: KFKS 2014/412-040
    rubrik: Ett ärende
    beslut: Arbetsutskottet beslutar.
    jav: [Johan Ek]
    yrkanden:
      - {namn: Maria Berg, text: Bifall.}
    omrostning:
      ja: bifall
      nej: avslag
      roster:
        Maria Berg: ja
        Eva Sjö: ja
        Rolf Wasteson: nej
        Lars Dahl: avstår
      utfall: ja
    reservationer:
      - {namn: Rolf Wasteson}
    protokollsanteckningar:
      - {namn: Christina Ståldal, text: En anteckning.}
"""
"""A valid meeting; each case breaks it in one way."""


def change(old: str, new: str) -> Callable[[str], str]:
    """Return a change of `MEETING` replacing `old` (which must occur once) by `new`."""

    def apply(text: str) -> str:
        assert text.count(old) == 1, old
        return text.replace(old, new)

    return apply


# (name, change, text on the line the message must name, message)
CASES: list[tuple[str, Callable[[str], str], str, str]] = [
    ("unknown member", change("[Johan Ek,", "[Johan Eek,"), "ledamoter:",
     "personen ”Johan Eek” finns inte i organisation.yaml"),
    ("member twice", change("[Johan Ek, Eva Sjö,", "[Johan Ek, Johan Ek, Eva Sjö,"), "ledamoter:",
     "”Johan Ek” står med två gånger bland deltagarna"),
    ("substitute for a present member", change("ersatter: Karin Ström", "ersatter: Eva Sjö"),
     "ersatter:", "”Eva Sjö” är själv med som ledamot i §\xa01 och kan inte ersättas där"),
    ("justerare not deciding", change("justerare: [Eva Sjö]", "justerare: [Christina Ståldal]"),
     "justerare:", "justeraren ”Christina Ståldal” måste vara en beslutande ledamot"),
    ("justerare is the chair", change("justerare: [Eva Sjö]", "justerare: [Maria Berg]"),
     "justerare:", "måste vara en beslutande ledamot (inte ordföranden)"),
    ("three justerare", change("justerare: [Eva Sjö]",
                               "justerare: [Eva Sjö, Rolf Wasteson, Lars Dahl]"),
     "justerare:", "justerare: får ha högst 2 poster"),
    ("justering too late", change("datum: 2014-08-26", "datum: 2014-09-03"), "justering:",
     "protokollet ska justeras inom 14 dagar efter sammanträdet, alltså 2014-08-19–2014-09-02"),
    ("justering before the meeting", change("datum: 2014-08-26", "datum: 2014-08-18"),
     "justering:", "ska justeras inom 14 dagar"),
    ("anslag too late", change("sekreterare:", "anslag: {datum: 2014-08-29}\nsekreterare:"),
     "anslag:", "senast andra dagen efter den, alltså 2014-08-26–2014-08-28"),
    ("anslag before justering", change("sekreterare:", "anslag: {datum: 2014-08-25}\nsekreterare:"),
     "anslag:", "kommunallagen 8 kap. 12 §"),
    ("time that is no time", change("tid: 9.00–11.30", "tid: på förmiddagen"), "tid:",
     "tid: ”på förmiddagen” är ingen tid"),
    ("time ending before it starts", change("tid: 9.00–11.30", "tid: 11.30–9.00"), "tid:",
     "är ingen tid"),
    ("unknown voter", change("Lars Dahl: avstår", "Lars Dahl: avstår\n        Nils Okänd: ja"),
     "Nils Okänd", "personen ”Nils Okänd” finns inte"),
    ("voter with jäv", change("Lars Dahl: avstår", "Lars Dahl: avstår\n        Johan Ek: ja"),
     "Johan Ek: ja", "”Johan Ek” har anmält jäv och får inte rösta"),
    ("voter not deciding", change("Lars Dahl: avstår", "Lars Dahl: avstår\n        Christina Ståldal: ja"),
     "Christina Ståldal: ja", "”Christina Ståldal” är inte beslutande i § 1 och får inte rösta"),
    ("vote missing", change("        Lars Dahl: avstår\n", ""), "roster:",
     "omröstning: röst saknas för Lars Dahl"),
    ("member votes twice", change("Lars Dahl: avstår", "Lars Dahl: avstår\n        Eva Sjö: nej"),
     "Eva Sjö: nej", "nyckeln ”Eva Sjö” förekommer två gånger"),
    ("tally contradicts result", change("utfall: ja", "utfall: nej"), "utfall:",
     "omröstning: 2 ja och 1 nej (1 avstår) ger utfallet ja, inte nej"),
    ("tie without the chair's vote", change("Maria Berg: ja", "Maria Berg: avstår"), "utfall:",
     "lika röstetal utan ordförandens utslagsröst"),
    ("result that is no side", change("utfall: ja", "utfall: kanske"), "utfall:",
     "utfall: ska vara ”ja” eller ”nej”"),
    ("reservation by a non-member", change("- {namn: Rolf Wasteson}", "- {namn: Christina Ståldal}"),
     "- {namn: Christina Ståldal}", "deltog inte i beslutet i § 1 och kan inte reservera sig"),
    ("reservation by a member with jäv", change("- {namn: Rolf Wasteson}", "- {namn: Johan Ek}"),
     "- {namn: Johan Ek}", "”Johan Ek” deltog inte i beslutet"),
    ("note by someone absent", change("{namn: Christina Ståldal, text", "{namn: Nils Åberg, text"),
     "Nils Åberg", "”Nils Åberg” var inte närvarande vid sammanträdet"),
    ("jäv by a non-member", change("jav: [Johan Ek]", "jav: [Christina Ståldal]"), "jav:",
     "”Christina Ståldal” är inte beslutande i § 1 och kan inte anmäla jäv"),
    ("proposal by a member with jäv", change("{namn: Maria Berg, text: Bifall.}",
                                             "{namn: Johan Ek, text: Bifall.}"),
     "Johan Ek, text", "”Johan Ek” deltar inte i beslutet i § 1 och kan inte yrka"),
    ("diarienummer off pattern", change("arende: KFKS 2014/412-040", "arende: KFKS 2014-412"),
     "arende:", "följer inte mönstret ”KFKS {år}/{löpnummer}-{klass}”"),
    ("no title and no tjänsteskrivelse", change("    rubrik: Ett ärende\n", ""), "arende:",
     "rubrik saknas, och det finns ingen tjänsteskrivelse"),
    ("no decision and no tjänsteskrivelse", change("    beslut: Arbetsutskottet beslutar.\n", ""),
     "- arende:", "beslut saknas"),
    ("misspelt key", change("    beslut: Arbetsutskottet", "    beslutt: Arbetsutskottet"),
     "beslutt:", "okänd uppgift ”beslutt” i paragrafer[1]; menade du ”beslut”?"),
    ("unknown organ", change("organ: KSAU", "organ: KSU"), "organ: KSU",
     "organet ”KSU” finns inte"),
    ("substitute for themselves", change("{namn: Lars Dahl, ersatter: Karin Ström}",
                                         "{namn: Lars Dahl, ersatter: Lars Dahl}"),
     "ersatter: Lars Dahl", "”Lars Dahl” kan inte ersätta sig själv"),
    ("two substitutes for one member", change("    - {namn: Lars Dahl, ersatter: Karin Ström}",
                                              "    - {namn: Lars Dahl, ersatter: Karin Ström}\n"
                                              "    - {namn: Nils Åberg, ersatter: Karin Ström}"),
     "Nils Åberg, ersatter", "”Karin Ström” ersätts redan av en annan ersättare"),
    ("justerare twice", change("justerare: [Eva Sjö]", "justerare: [Eva Sjö, Eva Sjö]"),
     "justerare:", "”Eva Sjö” står redan som justerare"),
    ("reservation by one who abstained", change("- {namn: Rolf Wasteson}", "- {namn: Lars Dahl}"),
     "- {namn: Lars Dahl}", "”Lars Dahl” deltog inte i beslutet i § 1 och kan inte reservera sig"),
    ("empty decision", change("beslut: Arbetsutskottet beslutar.", "beslut: []"), "beslut: []",
     "får inte vara tom"),
    ("a timestamp for a date", change("datum: 2014-08-19", "datum: 1408406400"), "datum: 1408",
     "”1408406400” är inget giltigt datum"),
    ("yaml alias", change("justerare: [Eva Sjö]", "justerare: &j [*j]"), "justerare:",
     "YAML-alias (*namn) stöds inte"),
]


@pytest.fixture
def tree(tmp_path: Path) -> Path:
    """Return a content folder with the example organisation file."""
    return copy_organisation(tmp_path)


def check(path: Path) -> tuple[int, list[str]]:
    """Run `docgen check path`; return the exit code and the lines on stderr."""
    result = CliRunner().invoke(main, ["check", str(path)])
    return result.exit_code, result.stderr.splitlines()


def test_the_base_meeting_is_valid(tree: Path) -> None:
    (tree / "mote.yaml").write_text(MEETING, encoding="utf-8")
    assert check(tree / "mote.yaml") == (0, [])


@pytest.mark.parametrize(("name", "apply", "marker", "message"), CASES, ids=[c[0] for c in CASES])
def test_bad_meeting(tree: Path, name: str, apply: Callable[[str], str], marker: str,
                     message: str) -> None:
    text = apply(MEETING)
    path = tree / "mote.yaml"
    path.write_text(text, encoding="utf-8")
    line = next(i for i, row in enumerate(text.splitlines(), 1) if marker in row)
    code, errors = check(path)
    assert code == 1
    assert any(e.startswith(f"{path}:{line}: ") and message in e for e in errors), errors


def test_a_tie_is_decided_by_the_chair(tree: Path) -> None:
    text = change("Lars Dahl: avstår", "Lars Dahl: nej")(MEETING)
    (tree / "mote.yaml").write_text(text, encoding="utf-8")  # 2–2, the chair voted ja
    assert check(tree / "mote.yaml") == (0, [])


def test_paragraph_numbers_follow_the_previous_meeting(tree: Path) -> None:
    earlier = MEETING.replace("datum: 2014-08-19", "datum: 2014-06-10").replace(
        "datum: 2014-08-26", "datum: 2014-06-17")
    (tree / "juni.yaml").write_text(earlier, encoding="utf-8")  # § 1
    path = tree / "mote.yaml"
    path.write_text(MEETING.replace("forsta_paragraf: 1", "forsta_paragraf: 3"), encoding="utf-8")
    code, errors = check(path)
    assert code == 1
    assert errors == [(f"{path}:6: forsta_paragraf: sammanträdet ska börja på § 2, eftersom "
                      "juni.yaml slutade på § 1; paragraferna numreras i följd per organ och år")]
    path.write_text(MEETING.replace("forsta_paragraf: 1\n", ""), encoding="utf-8")
    assert check(tree)[0] == 0


def test_an_unreadable_earlier_meeting_stops_the_numbering(tree: Path) -> None:
    (tree / "juni.yaml").write_text("typ: sammantrade\norgan: KSAU\n  trasig: [\n",
                                    encoding="utf-8")
    path = tree / "mote.yaml"
    path.write_text(MEETING.replace("forsta_paragraf: 1\n", ""), encoding="utf-8")
    code, errors = check(path)
    assert code == 1
    line = MEETING.replace("forsta_paragraf: 1\n", "").splitlines().index("paragrafer:") + 1
    assert errors == [(f"{path}:{line}: paragraferna kan inte numreras medan juni.yaml inte går "
                      f"att läsa (den kan vara ett tidigare sammanträde): {tree / 'juni.yaml'}:3: "
                      "ett kolon (:) där det inte får stå; sätt texten inom citattecken")]


def test_an_earlier_meeting_with_broken_paragraphs_stops_the_numbering(tree: Path) -> None:
    earlier = MEETING.replace("datum: 2014-08-19", "datum: 2014-06-10").replace(
        "datum: 2014-08-26", "datum: 2014-06-17")
    earlier = earlier[: earlier.index("paragrafer:")] + "paragrafer: true\n"
    (tree / "juni.yaml").write_text(earlier, encoding="utf-8")
    path = tree / "mote.yaml"
    path.write_text(MEETING.replace("forsta_paragraf: 1\n", ""), encoding="utf-8")
    code, errors = check(path)
    assert code == 1
    assert any("paragraferna kan inte numreras: juni.yaml har fel" in e for e in errors), errors
