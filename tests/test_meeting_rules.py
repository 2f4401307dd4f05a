"""The rules of a meeting file: every mistake named at its line, through `docgen check`."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import copy_organisation
from docx import Document
from docx_text import document_lines, missing_in_order, normalise

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
    (
        "unknown member",
        change("[Johan Ek,", "[Johan Eek,"),
        "ledamoter:",
        "personen ”Johan Eek” finns inte i organisation.yaml",
    ),
    (
        "member twice",
        change("[Johan Ek, Eva Sjö,", "[Johan Ek, Johan Ek, Eva Sjö,"),
        "ledamoter:",
        "”Johan Ek” står med två gånger bland deltagarna",
    ),
    (
        "substitute for a present member",
        change("ersatter: Karin Ström", "ersatter: Eva Sjö"),
        "ersatter:",
        "”Eva Sjö” är själv med som ledamot i §\xa01; där kan ingen ersätta ledamoten",
    ),
    (
        "justerare not deciding",
        change("justerare: [Eva Sjö]", "justerare: [Christina Ståldal]"),
        "justerare:",
        "justeraren ”Christina Ståldal” måste vara en beslutande ledamot",
    ),
    (
        "justerare is the chair",
        change("justerare: [Eva Sjö]", "justerare: [Maria Berg]"),
        "justerare:",
        "måste vara en beslutande ledamot (inte ordföranden)",
    ),
    (
        "three justerare",
        change("justerare: [Eva Sjö]", "justerare: [Eva Sjö, Rolf Wasteson, Lars Dahl]"),
        "justerare:",
        "justerare: får ha högst 2 poster",
    ),
    (
        "justering too late",
        change("datum: 2014-08-26", "datum: 2014-09-03"),
        "justering:",
        "protokollet ska justeras inom 14 dagar efter sammanträdet, alltså 2014-08-19–2014-09-02",
    ),
    (
        "justering before the meeting",
        change("datum: 2014-08-26", "datum: 2014-08-18"),
        "justering:",
        "ska justeras inom 14 dagar",
    ),
    (
        "anslag too late",
        change("sekreterare:", "anslag: {datum: 2014-08-29}\nsekreterare:"),
        "anslag:",
        "senast andra dagen efter den, alltså 2014-08-26–2014-08-28",
    ),
    (
        "anslag before justering",
        change("sekreterare:", "anslag: {datum: 2014-08-25}\nsekreterare:"),
        "anslag:",
        "kommunallagen 8 kap. 12 §",
    ),
    (
        "time that is no time",
        change("tid: 9.00–11.30", "tid: på förmiddagen"),
        "tid:",
        "tid: ”på förmiddagen” är ingen tid",
    ),
    (
        "time ending before it starts",
        change("tid: 9.00–11.30", "tid: 11.30–9.00"),
        "tid:",
        "är ingen tid",
    ),
    (
        "unknown voter",
        change("Lars Dahl: avstår", "Lars Dahl: avstår\n        Nils Okänd: ja"),
        "Nils Okänd",
        "personen ”Nils Okänd” finns inte",
    ),
    (
        "voter with jäv",
        change("Lars Dahl: avstår", "Lars Dahl: avstår\n        Johan Ek: ja"),
        "Johan Ek: ja",
        "”Johan Ek” har anmält jäv och får inte rösta",
    ),
    (
        "voter not deciding",
        change("Lars Dahl: avstår", "Lars Dahl: avstår\n        Christina Ståldal: ja"),
        "Christina Ståldal: ja",
        "”Christina Ståldal” är inte beslutande i § 1 och får inte rösta",
    ),
    (
        "vote missing",
        change("        Lars Dahl: avstår\n", ""),
        "roster:",
        "omröstning: röst saknas för Lars Dahl",
    ),
    (
        "member votes twice",
        change("Lars Dahl: avstår", "Lars Dahl: avstår\n        Eva Sjö: nej"),
        "Eva Sjö: nej",
        "nyckeln ”Eva Sjö” förekommer två gånger",
    ),
    (
        "tally contradicts result",
        change("utfall: ja", "utfall: nej"),
        "utfall:",
        "omröstning: 2 ja och 1 nej (1 avstår) ger utfallet ja, inte nej",
    ),
    (
        "tie without the chair's vote",
        change("Maria Berg: ja", "Maria Berg: avstår"),
        "utfall:",
        "lika röstetal utan ordförandens utslagsröst",
    ),
    (
        "result that is no side",
        change("utfall: ja", "utfall: kanske"),
        "utfall:",
        "utfall: ska vara ”ja” eller ”nej”",
    ),
    (
        "reservation by a non-member",
        change("- {namn: Rolf Wasteson}", "- {namn: Christina Ståldal}"),
        "- {namn: Christina Ståldal}",
        "deltog inte i beslutet i § 1 och kan inte reservera sig",
    ),
    (
        "reservation by a member with jäv",
        change("- {namn: Rolf Wasteson}", "- {namn: Johan Ek}"),
        "- {namn: Johan Ek}",
        "”Johan Ek” deltog inte i beslutet",
    ),
    (
        "note by someone absent",
        change("{namn: Christina Ståldal, text", "{namn: Nils Åberg, text"),
        "Nils Åberg",
        "”Nils Åberg” var inte närvarande vid sammanträdet",
    ),
    (
        "jäv by a non-member",
        change("jav: [Johan Ek]", "jav: [Christina Ståldal]"),
        "jav:",
        "”Christina Ståldal” är inte beslutande i § 1 och kan inte anmäla jäv",
    ),
    (
        "proposal by a member with jäv",
        change("{namn: Maria Berg, text: Bifall.}", "{namn: Johan Ek, text: Bifall.}"),
        "Johan Ek, text",
        "”Johan Ek” deltar inte i beslutet i § 1 och kan inte yrka",
    ),
    (
        "diarienummer off pattern",
        change("arende: KFKS 2014/412-040", "arende: KFKS 2014-412"),
        "arende:",
        "följer inte mönstret ”KFKS {år}/{löpnummer}-{klass}”",
    ),
    (
        "no title and no tjänsteskrivelse",
        change("    rubrik: Ett ärende\n", ""),
        "arende:",
        "rubrik saknas, och det finns ingen tjänsteskrivelse",
    ),
    (
        "no decision and no tjänsteskrivelse",
        change("    beslut: Arbetsutskottet beslutar.\n", ""),
        "- arende:",
        "beslut saknas",
    ),
    (
        "misspelt key",
        change("    beslut: Arbetsutskottet", "    beslutt: Arbetsutskottet"),
        "beslutt:",
        "okänd uppgift ”beslutt” i paragraf 1 i filen; menade du ”beslut”?",
    ),
    (
        "unknown organ",
        change("organ: KSAU", "organ: KSU"),
        "organ: KSU",
        "organet ”KSU” finns inte",
    ),
    (
        "substitute for themselves",
        change(
            "{namn: Lars Dahl, ersatter: Karin Ström}", "{namn: Lars Dahl, ersatter: Lars Dahl}"
        ),
        "ersatter: Lars Dahl",
        "”Lars Dahl” kan inte ersätta sig själv",
    ),
    (
        "two substitutes for one member",
        change(
            "    - {namn: Lars Dahl, ersatter: Karin Ström}",
            "    - {namn: Lars Dahl, ersatter: Karin Ström}\n"
            "    - {namn: Nils Åberg, ersatter: Karin Ström}",
        ),
        "Nils Åberg, ersatter",
        "”Karin Ström” ersätts redan av en annan ersättare",
    ),
    (
        "justerare twice",
        change("justerare: [Eva Sjö]", "justerare: [Eva Sjö, Eva Sjö]"),
        "justerare:",
        "”Eva Sjö” står redan som justerare",
    ),
    (
        "reservation by one who abstained",
        change("- {namn: Rolf Wasteson}", "- {namn: Lars Dahl}"),
        "- {namn: Lars Dahl}",
        "”Lars Dahl” deltog inte i beslutet i § 1 och kan inte reservera sig",
    ),
    (
        "several reserving together, one of whom abstained",
        change(
            "- {namn: Rolf Wasteson}", "- namn:\n          - Rolf Wasteson\n          - Lars Dahl"
        ),
        "          - Lars Dahl",
        "”Lars Dahl” deltog inte i beslutet i § 1 och kan inte reservera sig",
    ),
    (
        "empty decision",
        change("beslut: Arbetsutskottet beslutar.", "beslut: []"),
        "beslut: []",
        "får inte vara tom",
    ),
    (
        "a timestamp for a date",
        change("datum: 2014-08-19", "datum: 1408406400"),
        "datum: 1408",
        "”1408406400” är inget giltigt datum",
    ),
    (
        "yaml alias",
        change("justerare: [Eva Sjö]", "justerare: &j [*j]"),
        "justerare:",
        "YAML-alias (*namn) stöds inte",
    ),
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
def test_bad_meeting(
    tree: Path, name: str, apply: Callable[[str], str], marker: str, message: str
) -> None:
    assert_reported_at(tree, apply(MEETING), marker, message)


def assert_reported_at(tree: Path, text: str, marker: str, message: str) -> None:
    """Assert that `docgen check` of meeting `text` reports `message` at the line of `marker`."""
    path = tree / "mote.yaml"
    path.write_text(text, encoding="utf-8")
    line = next(i for i, row in enumerate(text.splitlines(), 1) if marker in row)
    code, errors = check(path)
    assert code == 1
    assert any(e.startswith(f"{path}:{line}: ") and message in e for e in errors), errors


# (name, change, text on the line the message is at, the whole message after "file:line: ")
EXACT: list[tuple[str, Callable[[str], str], str, str]] = [
    (
        "neither ja nor nej",
        change("    reservationer:", "    omedelbar_justering: kanske\n    reservationer:"),
        "omedelbar_justering:",
        "paragraf 1 i filen, omedelbar justering: ska vara ja eller nej, inte ”kanske”",
    ),
    (
        "misspelt secretary",
        change("sekreterare: Anna Ros", "sekreterare: Ana Ros"),
        "sekreterare:",
        "personen ”Ana Ros” finns inte i organisation.yaml; menade du ”Anna Ros”?",
    ),
    (
        "paragraph numbers after a comma inside { }",
        change("{namn: Lars Dahl, ersatter: Karin Ström}", "{namn: Lars Dahl, paragrafer: 1, 2}"),
        "Lars Dahl, paragrafer",
        "deltagare, tjänstgörande ersättare 1: inom { } skiljer ett komma uppgifterna åt, så "
        '”2” blev egna uppgifter; sätt paragrafnumren inom citattecken: paragrafer: "1, 2"',
    ),
    (
        "a paragraph with an ärende and no decision",
        change("    beslut: Arbetsutskottet beslutar.\n", ""),
        "- arende:",
        "beslut saknas (och ingen tjänsteskrivelse har ett förslag)",
    ),
]


@pytest.mark.parametrize(("name", "apply", "marker", "line"), EXACT, ids=[c[0] for c in EXACT])
def test_a_mistake_is_one_exact_line(
    tree: Path, name: str, apply: Callable[[str], str], marker: str, line: str
) -> None:
    path = tree / "mote.yaml"
    text = apply(MEETING)
    path.write_text(text, encoding="utf-8")
    number = next(i for i, row in enumerate(text.splitlines(), 1) if marker in row)
    assert check(path) == (1, [f"{path}:{number}: {line}"])


@pytest.mark.parametrize("written", ["ja", "Ja", "JA", "nej", "Nej", "true", "false"])
def test_yes_and_no_may_be_written_in_swedish(tree: Path, written: str) -> None:
    text = MEETING.replace(
        "    reservationer:", f"    omedelbar_justering: {written}\n    reservationer:"
    )
    (tree / "mote.yaml").write_text(text, encoding="utf-8")
    assert check(tree / "mote.yaml") == (0, [])


def test_a_procedural_paragraph_needs_no_decision(tree: Path) -> None:
    text = MEETING + "  - rubrik: Val av justerare\n"
    (tree / "mote.yaml").write_text(text, encoding="utf-8")
    assert check(tree / "mote.yaml") == (0, [])


def test_a_tie_is_decided_by_the_chair(tree: Path) -> None:
    text = change("Lars Dahl: avstår", "Lars Dahl: nej")(MEETING)
    (tree / "mote.yaml").write_text(text, encoding="utf-8")  # 2–2, the chair voted ja
    assert check(tree / "mote.yaml") == (0, [])


def test_paragraph_numbers_follow_the_previous_meeting(tree: Path) -> None:
    earlier = MEETING.replace("datum: 2014-08-19", "datum: 2014-06-10").replace(
        "datum: 2014-08-26", "datum: 2014-06-17"
    )
    (tree / "juni.yaml").write_text(earlier, encoding="utf-8")  # § 1
    path = tree / "mote.yaml"
    path.write_text(MEETING.replace("forsta_paragraf: 1", "forsta_paragraf: 3"), encoding="utf-8")
    code, errors = check(path)
    assert code == 1
    assert errors == [
        (
            f"{path}:6: forsta_paragraf: sammanträdet ska börja på § 2, eftersom "
            "juni.yaml slutade på § 1; paragraferna numreras i följd per organ och år"
        )
    ]
    path.write_text(MEETING.replace("forsta_paragraf: 1\n", ""), encoding="utf-8")
    assert check(tree)[0] == 0


def test_an_unreadable_earlier_meeting_stops_the_numbering(tree: Path) -> None:
    (tree / "juni.yaml").write_text(
        "typ: sammantrade\norgan: KSAU\n  trasig: [\n", encoding="utf-8"
    )
    path = tree / "mote.yaml"
    path.write_text(MEETING.replace("forsta_paragraf: 1\n", ""), encoding="utf-8")
    code, errors = check(path)
    assert code == 1
    line = MEETING.replace("forsta_paragraf: 1\n", "").splitlines().index("paragrafer:") + 1
    assert errors == [
        (
            f"{path}:{line}: paragraferna kan inte numreras medan juni.yaml inte går "
            f"att läsa (den kan vara ett tidigare sammanträde): {tree / 'juni.yaml'}:3: "
            "indraget stämmer inte: raden är indragen under en rad som redan har ett "
            "värde; dra in den lika långt som raderna på samma nivå"
        )
    ]


def test_an_earlier_meeting_with_broken_paragraphs_stops_the_numbering(tree: Path) -> None:
    earlier = MEETING.replace("datum: 2014-08-19", "datum: 2014-06-10").replace(
        "datum: 2014-08-26", "datum: 2014-06-17"
    )
    earlier = earlier[: earlier.index("paragrafer:")] + "paragrafer: true\n"
    (tree / "juni.yaml").write_text(earlier, encoding="utf-8")
    path = tree / "mote.yaml"
    path.write_text(MEETING.replace("forsta_paragraf: 1\n", ""), encoding="utf-8")
    code, errors = check(path)
    assert code == 1
    assert any("paragraferna kan inte numreras: juni.yaml har fel" in e for e in errors), errors


PER_PARAGRAPH = """\
typ: sammantrade
organ: KSAU
datum: 2014-08-19
tid: 9.00–10.00, 13.00–15.30
ajournering: [10.30–10.45]
plats: Stadshuset
forsta_paragraf: 1
deltagare:
  ordforande: Maria Berg
  forste_vice_ordforande: Eva Sjö
  ledamoter:
    - Johan Ek
    - {namn: Rolf Wasteson, paragrafer: 1–2}
    - {namn: Karin Ström, paragrafer: 2–4}
  tjanstgorande_ersattare:
    - {namn: Lars Dahl, ersatter: Karin Ström, paragrafer: "1"}
    - {namn: Per Holm, parti: KD}
  ej_tjanstgorande_ersattare: [Christina Ståldal]
justerare:  # Eva Sjö presides § 3, so Johan Ek justerar it
  - {namn: Eva Sjö, paragrafer: "1–2, 4"}
  - {namn: Johan Ek, paragrafer: "3"}
justering: {datum: 2014-08-26, plats: Stadsledningskontoret, tid: "15.00"}
sekreterare: Anna Ros
paragrafer:
  - rubrik: Val av justerare
    beslut: Eva Sjö utses att justera protokollet.
  - arende: KFKS 2014/412-040
    rubrik: Ett ärende med tre förslag
    beslut: Arbetsutskottet bifaller förslaget.
    yrkanden:
      - {namn: Maria Berg, text: Bifall till förslaget.}
      - {namn: Rolf Wasteson, text: Avslag.}
      - {namn: Karin Ström, text: Återremiss.}
    propositionsordning: Avslag och återremiss ställs först mot varandra; det som vinner ställs mot bifall.
    omrostningar:
      - typ: förberedande
        ja: avslag
        nej: återremiss
        roster:
          Maria Berg: avstår
          Eva Sjö: avstår
          Johan Ek: avstår
          Rolf Wasteson: ja
          Karin Ström: nej
          Per Holm: ja
        utfall: ja  # förberedande
      - typ: huvudomröstning
        ja: bifall
        nej: avslag
        roster:
          Maria Berg: ja
          Eva Sjö: ja
          Johan Ek: ja
          Rolf Wasteson: nej
          Karin Ström: nej
          Per Holm: avstår
        utfall: ja  # huvudomröstning
    reservationer:
      - {namn: Rolf Wasteson}
  - arende: KFKS 2014/413-040
    rubrik: Ett ärende där ordföranden har jäv
    beslut: Arbetsutskottet bifaller förslaget.
    jav: [Maria Berg]
    ordforande: Eva Sjö
    omrostning:
      ja: bifall
      nej: avslag
      roster:
        Eva Sjö: ja
        Johan Ek: nej
        Karin Ström: ja
        Per Holm: nej
      utfall: ja  # lika, ordföranden i paragrafen
  - rubrik: Anmälan av delegationsbeslut
    delegationsbeslut:
      - {nummer: "1", datum: 2014-08-01, beslut: Yttrande över detaljplan, beslutsfattare: Lena Dahlstedt}
      - {nummer: "2", datum: 2014-08-11, beslut: Tillförordnande av enhetschef, beslutsfattare: Lena Dahlstedt}
    beslut: Anmälan av delegationsbesluten noteras.
"""
"""A valid meeting whose deciding members change from § to §; each case below breaks it once."""

PER_PARAGRAPH_CASES: list[tuple[str, Callable[[str], str], str, str]] = [
    (
        "a vote from one who left",
        change(
            "        Per Holm: nej\n", "        Per Holm: nej\n        Rolf Wasteson: nej  # gick\n"
        ),
        "# gick",
        "”Rolf Wasteson” är inte beslutande i § 3 och får inte rösta",
    ),
    (
        "coming back after leaving",
        change("paragrafer: 1–2}", 'paragrafer: "1, 3"}'),
        "Rolf Wasteson, paragrafer",
        (
            "”Rolf Wasteson” slutade tjänstgöra och kan inte tjänstgöra "
            "igen från § 3 (växeltjänstgöring"
        ),
    ),
    (
        "an ersättare for a member serving then",
        change('ersatter: Karin Ström, paragrafer: "1"', "ersatter: Karin Ström, paragrafer: 1–2"),
        "Lars Dahl",
        "”Karin Ström” är själv med som ledamot i §\u00a02; där kan ingen ersätta ledamoten",
    ),
    (
        "a chair with jäv and nobody presiding",
        change("    ordforande: Eva Sjö\n", ""),
        "arende: KFKS 2014/413-040",
        ("ordföranden ”Maria Berg” deltar inte i § 3; skriv vem som var ordförande i paragrafen"),
    ),
    (
        "a tie the presiding member decided the other way",
        change(
            "        Eva Sjö: ja\n        Johan Ek: nej",
            "        Eva Sjö: nej\n        Johan Ek: ja",
        ),
        "# lika",
        "omröstning: 2 ja och 2 nej (0 avstår) ger utfallet nej, inte ja",
    ),
    (
        "a förberedande omröstning with the wrong result",
        change("utfall: ja  # förberedande", "utfall: nej  # förberedande"),
        "# förberedande",
        "omröstning: 2 ja och 1 nej (3 avstår) ger utfallet ja, inte nej",
    ),
    (
        "a deciding member written as absent",
        change("          Johan Ek: ja\n", "          Johan Ek: frånvarande\n"),
        "Johan Ek: frånvarande",
        "”Johan Ek” är beslutande i § 2 och kan inte stå som frånvarande",
    ),
    (
        "paragraphs outside the meeting",
        change("paragrafer: 2–4}", "paragrafer: 2–5}"),
        "Karin Ström, paragrafer",
        "§ 5 hör inte till sammanträdet (§§\u00a01–4)",
    ),
    (
        "paragraphs that are no numbers",
        change("paragrafer: 2–4}", "paragrafer: två}"),
        "Karin Ström, paragrafer",
        "”två” är inga paragrafnummer",
    ),
    (
        "one vote and several at once",
        change(
            "    jav: [Maria Berg]\n",
            "    jav: [Maria Berg]\n    omrostningar:  # båda\n"
            "      - {ja: a, nej: b, roster: {Eva Sjö: ja}, utfall: ja}\n",
        ),
        "# båda",
        "skriv en omröstning under omrostning",
    ),
    (
        "a procedural paragraph without a heading",
        change("  - rubrik: Val av justerare\n", "  - underrubrik: Val av justerare\n"),
        "underrubrik: Val av justerare",
        "rubrik saknas (en paragraf utan ärende behöver en rubrik)",
    ),
    (
        "a reservation from one who left",
        change(
            "    ordforande: Eva Sjö\n",
            "    ordforande: Eva Sjö\n    reservationer: [{namn: Rolf Wasteson}]\n",
        ),
        "reservationer: [{namn: Rolf",
        ("”Rolf Wasteson” deltog inte i beslutet i § 3 och kan inte reservera sig"),
    ),
    (
        "a presiding member who is not deciding",
        change("    ordforande: Eva Sjö\n", "    ordforande: Rolf Wasteson\n"),
        "ordforande: Rolf Wasteson",
        ("”Rolf Wasteson” är inte beslutande i § 3 och kan inte vara ordförande där"),
    ),
    (
        "a split time that runs backwards",
        change("tid: 9.00–10.00, 13.00–15.30", "tid: 9.00–10.00, 13.00–12.30"),
        "tid:",
        "tid: ”9.00–10.00, 13.00–12.30” är ingen tid",
    ),
    (
        "a justerare presiding the § they justera",
        change('{namn: Eva Sjö, paragrafer: "1–2, 4"}', "{namn: Eva Sjö, paragrafer: 1–4}"),
        "{namn: Eva Sjö, paragrafer: 1–4}",
        "justeraren ”Eva Sjö” måste vara en beslutande ledamot (inte ordföranden)",
    ),
    (
        "a § nobody justerar",
        change('{namn: Johan Ek, paragrafer: "3"}', '{namn: Johan Ek, paragrafer: "4"}'),
        "justerare:",
        "ingen justerare för §\u00a03",
    ),
    (
        "a vacancy filled by nobody's name",
        change("{namn: Per Holm, parti: KD}", "{namn: Per Holm, ersatter: Per Holm}"),
        "Per Holm",
        "”Per Holm” kan inte ersätta sig själv",
    ),
]


@pytest.mark.parametrize(
    ("name", "apply", "marker", "message"),
    PER_PARAGRAPH_CASES,
    ids=[c[0] for c in PER_PARAGRAPH_CASES],
)
def test_rules_hold_per_paragraph(
    tree: Path, name: str, apply: Callable[[str], str], marker: str, message: str
) -> None:
    assert_reported_at(tree, apply(PER_PARAGRAPH), marker, message)


def test_the_per_paragraph_meeting_is_valid(tree: Path) -> None:
    (tree / "mote.yaml").write_text(PER_PARAGRAPH, encoding="utf-8")
    assert check(tree / "mote.yaml") == (0, [])


COME_BACK = """\
typ: sammantrade
organ: KSAU
datum: 2014-08-19
tid: 9.00–11.30
plats: Stadshuset
forsta_paragraf: 1
deltagare:
  ordforande: Maria Berg
  ledamoter: [Johan Ek, {namn: Rolf Wasteson, paragrafer: "1, 3"}]
justerare: [Johan Ek]
justering: {datum: 2014-08-26, plats: Stadsledningskontoret}
sekreterare: Anna Ros
paragrafer:
  - rubrik: Första
    beslut: Beslut.
  - rubrik: Andra
    beslut: Beslut.
    jav: [Rolf Wasteson]
  - rubrik: Tredje
    beslut: Beslut.
"""


def test_a_member_may_come_back_after_jav(tree: Path) -> None:
    path = tree / "mote.yaml"
    path.write_text(COME_BACK, encoding="utf-8")
    assert check(path) == (0, [])
    path.write_text(COME_BACK.replace("    jav: [Rolf Wasteson]\n", ""), encoding="utf-8")
    assert check(path) == (
        1,
        [
            (
                f"{path}:9: ”Rolf Wasteson” slutade tjänstgöra och kan inte "
                "tjänstgöra igen från § 3 (växeltjänstgöring; bara efter jäv får "
                "man återinträda)"
            )
        ],
    )


def test_beslutsforhet_counts_the_members_serving_in_each_paragraph(tree: Path) -> None:
    organisation = tree / "organisation.yaml"
    organisation.write_text(
        organisation.read_text(encoding="utf-8").replace(
            "namn: Kommunstyrelsens arbetsutskott",
            "namn: Kommunstyrelsens arbetsutskott\n    ledamoter: 11",
        ),
        encoding="utf-8",
    )
    path = tree / "mote.yaml"
    path.write_text(PER_PARAGRAPH, encoding="utf-8")
    code, errors = check(path)
    rows = PER_PARAGRAPH.splitlines()
    start = rows.index("paragrafer:")
    lines = [i for i, row in enumerate(rows, 1) if i > start and row.startswith("  - ")]
    assert code == 1
    assert errors == [  # §§ 1–2: 6 of 11 serve; §§ 3–4: 5 (Rolf Wasteson left, Lars Dahl too)
        f"{path}:{lines[n - 1]}: § {n}: bara 5 av 11 ledamöter tjänstgör; organet är "
        "beslutfört först när fler än hälften är med (kommunallagen 6 kap. 27 §)"
        for n in (3, 4)
    ]


def test_the_protocol_shows_who_decided_each_paragraph_and_every_vote(tree: Path) -> None:
    path = tree / "mote.yaml"
    path.write_text(PER_PARAGRAPH, encoding="utf-8")
    out = tree / "ut"
    result = CliRunner().invoke(main, ["close", str(path), "-o", str(out)])
    assert result.exit_code == 0, result.stderr
    text = normalise(" ".join(document_lines(out / "protokoll.docx")))
    assert (
        missing_in_order(
            [
                (
                    "Stadshuset, tisdag 19 augusti 2014 kl. 9.00–10.00, 13.00–15.30, ajournering kl. "
                    "10.30–10.45"
                ),
                "Maria Berg (M), ordförande",
                "Eva Sjö (S), 1:e vice ordförande",
                "Johan Ek (M)",
                "Rolf Wasteson (V) §§ 1–2",
                "Karin Ström (S) §§ 2–4",
                "Lars Dahl (S) för Karin Ström (S) § 1",
                "Per Holm (KD) för ledamot (KD)",
                "Utses att justera Eva Sjö (S) §§ 1–2 och 4 Johan Ek (M) § 3",
                "Stadsledningskontoret 2014-08-26, kl. 15.00",
                "Justerande Eva Sjö (S) §§ 1–2 och 4",
                "Justerande Johan Ek (M) § 3",
                "§ 1",
                "Val av justerare",
                "Närvaro",
                "Lars Dahl (S) tjänstgjorde för Karin Ström (S).",
                "§ 2",
                "Propositionsordning",
                "Förberedande omröstning",
                (
                    "Omröstningen utföll med 2 ja-röster mot 1 nej-röst; 3 ledamöter avstod. Avslag blir "
                    "alltså motförslag i huvudomröstningen."
                ),
                "Huvudomröstning",
                (
                    "Omröstningen utföll med 3 ja-röster mot 2 nej-röster; 1 ledamot avstod. "
                    "Kommunstyrelsens arbetsutskott har alltså beslutat om bifall."
                ),
                "§ 3",
                "Rolf Wasteson (V) tjänstgjorde inte.",
                "Eva Sjö (S) var ordförande under paragrafen.",
                "Maria Berg (M) anmälde jäv och deltog inte i handläggningen av ärendet.",
                "Ledamot Ja Nej Avstår",
                "Eva Sjö (S) X",
                "Johan Ek (M) X",
                "Karin Ström (S) X",
                (
                    "Omröstningen utföll med 2 ja-röster mot 2 nej-röster. Rösterna är lika, och Eva Sjö (S) "
                    "har som ordförande utslagsröst."
                ),
                "§ 4",
                "Anmälan av delegationsbeslut",
                "Nr Datum Beslut Beslutsfattare",
                "1 2014-08-01 Yttrande över detaljplan Lena Dahlstedt",
                "2 2014-08-11 Tillförordnande av enhetschef Lena Dahlstedt",
            ],
            text,
        )
        == []
    )
    assert "Maria Berg (M) X" not in text.split("§ 3")[1]  # jäv: not in the § 3 vote


def test_a_vote_and_a_reservation_stay_with_what_they_introduce(tree: Path) -> None:
    path = tree / "mote.yaml"
    path.write_text(
        PER_PARAGRAPH.replace(
            "      - {namn: Rolf Wasteson}\n", "      - {namn: Rolf Wasteson, text: Skälen.}\n"
        ),
        encoding="utf-8",
    )
    out = tree / "ut"
    assert CliRunner().invoke(main, ["close", str(path), "-o", str(out)]).exit_code == 0
    document = Document(str(out / "protokoll.docx"))
    kept = {p.text for p in document.paragraphs if p.paragraph_format.keep_with_next}
    assert "Den som röstar för avslag röstar ja, den som röstar för återremiss röstar nej." in kept
    assert "Rolf Wasteson (V) reserverade sig mot beslutet och lät anteckna följande." in kept
    votes = [t for t in document.tables if t.rows[0].cells[0].text == "Ledamot"]
    assert len(votes) == 3
    for table in votes:  # the last row stays with the result under it; the others may break
        assert all(c.paragraphs[0].paragraph_format.keep_with_next for c in table.rows[-1].cells)
        assert not table.rows[1].cells[0].paragraphs[0].paragraph_format.keep_with_next


def test_a_list_where_a_name_belongs_is_named(tree: Path) -> None:
    text = change("[Johan Ek, Eva Sjö,", "[Johan Ek, [Eva Sjö],")(MEETING)
    path = tree / "mote.yaml"
    path.write_text(text, encoding="utf-8")
    code, errors = check(path)
    assert code == 1
    assert errors[0] == (
        f"{path}:9: deltagare, ledamot 2: här ska stå ett namn, eller t.ex. "
        "{namn: Rolf Wasteson, paragrafer: 1–2}"
    )


CLOSED = change(
    """      roster:
        Maria Berg: ja
        Eva Sjö: ja
        Rolf Wasteson: nej
        Lars Dahl: avstår
      utfall: ja""",
    """      sluten: {ja: 2, nej: 1, blanka: 1}
      utfall: ja""",
)
"""The base meeting's vote held closed (a val): ballots counted, no names."""


@pytest.mark.parametrize(
    ("old", "new", "message"),
    [
        (
            "sluten: {ja: 2, nej: 1, blanka: 1}",
            "sluten: {ja: 3, nej: 1, blanka: 1}",
            "omröstning: 5 röstsedlar men bara 4 beslutande i § 1",
        ),
        ("utfall: ja", "utfall: nej", "omröstning: 2 ja och 1 nej ger utfallet ja, inte nej"),
    ],
)
def test_a_closed_vote_is_counted(tree: Path, old: str, new: str, message: str) -> None:
    path = tree / "mote.yaml"
    text = CLOSED(MEETING)
    path.write_text(text, encoding="utf-8")
    assert check(path) == (0, [])
    text = text.replace(old, new)
    path.write_text(text, encoding="utf-8")
    line = next(i for i, row in enumerate(text.splitlines(), 1) if new in row)
    assert check(path) == (1, [f"{path}:{line}: {message}"])


def test_a_closed_vote_in_the_protocol(tree: Path) -> None:
    path = tree / "mote.yaml"
    path.write_text(CLOSED(MEETING).replace("ja: 2, nej: 1", "ja: 1, nej: 1"), encoding="utf-8")
    out = tree / "ut"
    assert CliRunner().invoke(main, ["close", str(path), "-o", str(out)]).exit_code == 0
    text = normalise(" ".join(document_lines(out / "protokoll.docx")))
    assert (
        "Vid sluten omröstning fick bifall 1 röst och avslag 1 röst; dessutom 1 blank "
        "valsedel. "
        "Rösterna var lika, och lotten avgjorde. Kommunstyrelsens arbetsutskott har alltså "
        "beslutat om bifall."
    ) in text
    assert "Ledamot Ja Nej" not in text


def test_an_ersattare_may_serve_for_two_members_in_turn(tree: Path) -> None:
    text = COME_BACK.replace(
        'ledamoter: [Johan Ek, {namn: Rolf Wasteson, paragrafer: "1, 3"}]',
        'ledamoter: [Johan Ek, {namn: Rolf Wasteson, paragrafer: "2–3"},'
        ' {namn: Eva Sjö, paragrafer: "1–2"}]\n  tjanstgorande_ersattare:\n'
        '    - {namn: Lars Dahl, ersatter: Rolf Wasteson, paragrafer: "1"}\n'
        '    - {namn: Lars Dahl, ersatter: Eva Sjö, paragrafer: "3"}',
    )
    text = text.replace("    jav: [Rolf Wasteson]\n", "")
    path = tree / "mote.yaml"
    path.write_text(text, encoding="utf-8")
    assert check(path) == (0, [])
    path.write_text(
        text.replace('ersatter: Eva Sjö, paragrafer: "3"', "ersatter: Eva Sjö"), encoding="utf-8"
    )
    line = (
        text.splitlines().index('    - {namn: Lars Dahl, ersatter: Eva Sjö, paragrafer: "3"}') + 1
    )
    code, errors = check(path)
    assert code == 1
    assert f"{path}:{line}: ”Lars Dahl” står med två gånger bland deltagarna" in errors


def test_one_who_voted_in_the_forberedande_omrostning_may_reserve(tree: Path) -> None:
    """Per Holm voted in § 2's förberedande omröstning and abstained in the huvudomröstning:
    he took part in the decision (Göteborg's kommunstyrelse 2025-03-26 § 261 records such
    reservations); Maria Berg, who abstained in § 1's only vote, did not."""
    path = tree / "mote.yaml"
    text = PER_PARAGRAPH.replace(
        "      - {namn: Rolf Wasteson}\n", "      - {namn: [Rolf Wasteson, Per Holm]}\n"
    )
    path.write_text(text, encoding="utf-8")
    assert check(path) == (0, [])
    text = text.replace("          Per Holm: ja\n", "          Per Holm: avstår\n")
    text = text.replace("      - {namn: [Rolf Wasteson, Per Holm]}", "      - {namn: Per Holm}")
    text = text.replace("        utfall: ja  # förberedande", "        utfall: nej  # förberedande")
    assert_reported_at(
        tree,
        text,
        "- {namn: Per Holm}",
        "”Per Holm” deltog inte i beslutet i § 2 och kan inte reservera sig",
    )


KOMMUNENS_ORD = """\
protokoll:
  rubriker:
    omrostning: ""
    forberedande_omrostning: Omröstning om motförslag i huvudvoteringen
    huvudomrostning: Huvudvotering
  voteringsproposition: "Godkänd voteringsproposition: ”Ja för {ja} och Nej för {nej}.”"
  rostlangd: text
  reservation: "{namn} reserverar sig mot beslutet."
  reservation_med_text: "{namn} reserverar sig mot beslutet {text}"
  anteckningar_fore_reservationer: true
"""
"""Göteborg's way of writing votes and reservations (tests/cases/goteborg-ks)."""


def test_votes_and_reservations_in_the_kommuns_words(tree: Path) -> None:
    organisation = tree / "organisation.yaml"
    organisation.write_text(
        organisation.read_text(encoding="utf-8") + KOMMUNENS_ORD, encoding="utf-8"
    )
    path = tree / "mote.yaml"
    path.write_text(
        PER_PARAGRAPH.replace(
            "      - {namn: Rolf Wasteson}\n",
            "      - {namn: [Rolf Wasteson, Karin Ström], text: i enlighet med en skrivelse.}\n"
            "      - {namn: Per Holm}\n"
            "    protokollsanteckningar: [{namn: Johan Ek, text: En anteckning.}]\n",
        ),
        encoding="utf-8",
    )
    out = tree / "ut"
    result = CliRunner().invoke(main, ["close", str(path), "-o", str(out)])
    assert result.exit_code == 0, result.stderr
    lines = document_lines(out / "protokoll.docx")
    second = lines[lines.index("§\xa02") : lines.index("§\xa03")]
    assert second[second.index("Omröstning om motförslag i huvudvoteringen") :] == [
        "Omröstning om motförslag i huvudvoteringen",
        "Godkänd voteringsproposition: ”Ja för avslag och Nej för återremiss.”",
        "Rolf Wasteson (V) och tjänstgörande ersättaren Per Holm (KD) röstar Ja (2).",
        "Karin Ström (S) röstar Nej (1).",
        "Ordföranden Maria Berg (M), Eva Sjö (S) och Johan Ek (M) avstår från att rösta (3).",
        (
            "Omröstningen utföll med 2 ja-röster mot 1 nej-röst; 3 ledamöter avstod. Avslag blir "
            "alltså motförslag i huvudomröstningen."
        ),
        "Huvudvotering",
        "Godkänd voteringsproposition: ”Ja för bifall och Nej för avslag.”",
        "Ordföranden Maria Berg (M), Eva Sjö (S) och Johan Ek (M) röstar Ja (3).",
        "Rolf Wasteson (V) och Karin Ström (S) röstar Nej (2).",
        "Tjänstgörande ersättaren Per Holm (KD) avstår från att rösta (1).",
        (
            "Omröstningen utföll med 3 ja-röster mot 2 nej-röster; 1 ledamot avstod. "
            "Kommunstyrelsens arbetsutskott har alltså beslutat om bifall."
        ),
        "Protokollsanteckningar",
        "Johan Ek (M) lät anteckna följande.",
        "”En anteckning.”",
        "Reservationer",
        (
            "Rolf Wasteson (V) och Karin Ström (S) reserverar sig mot beslutet i enlighet med en "
            "skrivelse."
        ),
        "Per Holm (KD) reserverar sig mot beslutet.",
    ]
    third = lines[lines.index("§\xa03") : lines.index("§\xa04")]
    assert "Tjänstgörande ordföranden Eva Sjö (S) och Karin Ström (S) röstar Ja (2)." in third
