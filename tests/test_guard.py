"""The personal-data guard: a table of what it must find and what it must leave alone.

The valid numbers are the usual published test numbers (Skatteverket's and those in
the documentation of personnummer libraries); each one's check digit is right, and
each invalid case changes only the check digit or the date.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from docgen.publish.guard import (
    EPOST,
    PERSONNUMMER,
    SAMORDNINGSNUMMER,
    TELEFON,
    Finding,
    Rules,
    check_texts,
    locate,
    luhn_valid,
    scan,
    scan_lines,
    scan_published,
)

P, S = PERSONNUMMER, SAMORDNINGSNUMMER
OFF, ON = Rules(), Rules(telefon=True, epost=True)

CASES = [
    # personnummer in all the common ways of writing them
    ("850709-9805", OFF, [(P, "850709-9805")]),
    ("8507099805", OFF, [(P, "8507099805")]),
    ("19850709-9805", OFF, [(P, "19850709-9805")]),
    ("198507099805", OFF, [(P, "198507099805")]),
    ("850709+9805", OFF, [(P, "850709+9805")]),
    ("850709 9805", OFF, [(P, "850709 9805")]),
    ("850709–9805", OFF, [(P, "850709–9805")]),
    ("850709\u00a09805", OFF, [(P, "850709\u00a09805")]),
    ("880320-0016", OFF, [(P, "880320-0016")]),
    ("890102-3286", OFF, [(P, "890102-3286")]),
    ("811228-9874", OFF, [(P, "811228-9874")]),
    ("121212-1212", OFF, [(P, "121212-1212")]),
    ("000229-0005", OFF, [(P, "000229-0005")]),  # 29 February 2000
    ("196408233234", OFF, [(P, "196408233234")]),
    # inside words, sentences and tables
    ("pnr8507099805", OFF, [(P, "8507099805")]),
    ("Sökande (19850709-9805) har", OFF, [(P, "19850709-9805")]),
    ("| Anna Andersson | 850709-9805 | Nacka |", OFF, [(P, "850709-9805")]),
    ("personnr:880320-0016,", OFF, [(P, "880320-0016")]),
    ("två: 850709-9805 och 880320-0016.", OFF, [(P, "850709-9805"), (P, "880320-0016")]),
    # in YAML fields and Markdown, reservations and notes (as the lines are written)
    ('    arendet: "Gäller 811228-9874 och hens ansökan."', OFF, [(P, "811228-9874")]),
    (
        "      - {namn: Rolf Wasteson, text: Sökanden 890102-3286 bör få bidrag.}",
        OFF,
        [(P, "890102-3286")],
    ),
    ("        text: Jag vill anteckna att 19121212-1212 nämndes.", OFF, [(P, "19121212-1212")]),
    ("- **880320-0016** i en punktlista", OFF, [(P, "880320-0016")]),
    ("> citat med 850709-9805", OFF, [(P, "850709-9805")]),
    # samordningsnummer: day + 60
    ("701063-2391", OFF, [(S, "701063-2391")]),
    ("19701063-2391", OFF, [(S, "19701063-2391")]),
    ("7010632391", OFF, [(S, "7010632391")]),
    ("19640883-3223", OFF, [(S, "19640883-3223")]),
    ("640883+3223", OFF, [(S, "640883+3223")]),
    # wrong check digit or no such date: not a personnummer
    ("850709-9804", OFF, []),
    ("19850709-9806", OFF, []),
    ("8507099800", OFF, []),
    ("701063-2390", OFF, []),
    ("19010229-0004", OFF, []),  # 1901 was no leap year (nor 2001)
    ("851332-0000", OFF, []),
    ("556036-0793", OFF, []),  # an organisationsnummer: month 60
    # numbers that only look like one
    ("KFKS 2014/412-040", OFF, []),
    ("KS-2014/742.912", OFF, []),
    ("2018/KS 0290 10", OFF, []),
    ("KU.2017.3", OFF, []),
    ("3 500 000 kr", OFF, []),
    ("12345678901 kr", OFF, []),
    ("2014-11-24", OFF, []),
    ("20141124", OFF, []),
    ("kl. 9.00–11.30, §§ 93–96", OFF, []),
    ("2014-11-24 10.00", OFF, []),
    # phone numbers and e-mail: only when the rule is on
    ("Ring 08-718 80 00", OFF, []),
    ("mobil 070-123 45 67", OFF, []),
    ("+46 70 123 45 67", OFF, []),
    ("registrator@nacka.se", OFF, []),
    ("Ring 08-718 80 00", ON, [(TELEFON, "08-718 80 00")]),
    ("mobil 070-123 45 67", ON, [(TELEFON, "070-123 45 67")]),
    ("+46 70 123 45 67", ON, [(TELEFON, "+46 70 123 45 67")]),
    ("skriv till registrator@nacka.se.", ON, [(EPOST, "registrator@nacka.se")]),
    ("KFKS 2014/412-040 den 2014-11-24, 3 500 000 kr", ON, []),
    ("850709-9805, 08-718 80 00", ON, [(P, "850709-9805"), (TELEFON, "08-718 80 00")]),
]


@pytest.mark.parametrize(("text", "rules", "expected"), CASES)
def test_guard(text: str, rules: Rules, expected: list[tuple[str, str]]) -> None:
    assert [(f.kind, f.text) for f in scan(text, rules)] == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("<strong>850709</strong>-9805", "850709-9805"),
        ("**19850709**-9805 i Markdown", "19850709-9805"),
        ("<td>850709</td><td>9805</td>", "8507099805"),
        ('<p>Sökande <a href="x">880320</a>-<em>0016</em></p>', "880320-0016"),
        ("850709_9805", "8507099805"),
    ],
)
def test_markup_between_the_digits_does_not_hide_a_number(text: str, expected: str) -> None:
    assert scan(text) == []  # as written, the markup hides it
    assert [(f.kind, f.text) for f in scan_published(text)] == [(P, expected)]


def test_the_table_is_large_enough() -> None:
    assert len(CASES) >= 40


def test_no_valid_personnummer_is_missed() -> None:
    """Every valid number of one birth day, in four ways of writing it, is found."""
    found = 0
    for serial in range(1000):
        digits = f"850709{serial:03d}"
        check = next(c for c in range(10) if luhn_valid(f"{digits}{c}"))
        number = f"{digits}{check}"
        for written in (
            number,
            f"{number[:6]}-{number[6:]}",
            f"19{number}",
            f"x19{number[:6]}-{number[6:]}y",
        ):
            assert [f.kind for f in scan(written)] == [P], written
            found += 1
    assert found == 4000


_AROUND = st.text(alphabet=st.characters(blacklist_categories=("Nd", "Cs")), max_size=30)


@given(
    st.dates(date(1890, 1, 1), date(2025, 12, 31)),
    st.integers(0, 999),
    st.booleans(),
    st.sampled_from(["", "-", "+", " "]),
    st.booleans(),
    _AROUND,
    _AROUND,
)
def test_a_valid_number_is_found_whatever_surrounds_it(
    born: date,
    serial: int,
    century: bool,
    separator: str,
    coordination: bool,
    before: str,
    after: str,
) -> None:
    """No false negative: any valid personnummer or samordningsnummer, written any usual way,
    with any text around it that has no digits, is reported as exactly what was written."""
    day = born.day + (60 if coordination else 0)
    nine = f"{born:%y%m}{day:02d}{serial:03d}"
    check = next(c for c in range(10) if luhn_valid(f"{nine}{c}"))
    number = (f"{born.year // 100}" if century else "") + f"{nine[:6]}{separator}{nine[6:]}{check}"
    found = scan(f"{before}{number}{after}")
    kind = SAMORDNINGSNUMMER if coordination else PERSONNUMMER
    assert (kind, number) in [(f.kind, f.text) for f in found]


# Invisible characters, spaces, escapes and references between the digits: each form as
# written in a content file, and the number as a reader of the published page sees it.
# 850101-1236 is a valid personnummer (the Luhn sum of 8501011236 is 30).
HIDDEN = [
    ("850101\u00ad1236", "8501011236"),  # soft hyphen, which Word inserts
    ("850101\u200b-1236", "850101-1236"),  # zero-width space
    ("8501\u206001 12\u206036", "850101 1236"),  # word joiner
    ("850101\u200c1236", "8501011236"),  # zero-width non-joiner
    ("850101\u200d-1236", "850101-1236"),  # zero-width joiner
    ("\ufeff850101-1236", "850101-1236"),  # byte order mark
    ("85 01 01-1236", "85 01 01-1236"),  # spaces inside the number
    ("85\u00a001\u00a001-1236", "85\u00a001\u00a001-1236"),  # no-break spaces
    ("1985 01 01-1236", "1985 01 01-1236"),
    ("850101 - 1236", "850101 - 1236"),
    ("850101\u20091236", "850101\u20091236"),  # thin space
    ("850101\u20101236", "850101\u20101236"),  # hyphen
    ("850101\u20111236", "850101\u20111236"),  # non-breaking hyphen
    ("850101\u22121236", "850101\u22121236"),  # minus sign
    ("850101+1236", "850101+1236"),
    ("850101\\-1236", "850101-1236"),  # Markdown escape
    ("850101\\+1236", "850101+1236"),
    ("850101&#45;1236", "850101-1236"),  # character reference
    ("850101&#x2D;1236", "850101-1236"),
    ("850101&#x2011;1236", "850101\u20111236"),
    ("850101&shy;1236", "8501011236"),
    ("850101&nbsp;1236", "850101\u00a01236"),
    ("850101&ndash;1236", "850101–1236"),
    ("850101&#8203;-1236", "850101-1236"),  # a reference to a zero-width space
    ("850101\\u00ad1236", "8501011236"),  # YAML's escape in a double-quoted string
    ("19850101&#45;1236", "19850101-1236"),
]


@pytest.mark.parametrize(("written", "shown"), HIDDEN)
def test_nothing_between_the_digits_hides_a_number(written: str, shown: str) -> None:
    assert [(f.kind, f.text) for f in scan(f"Sökande {written} har ansökt.")] == [(P, shown)]


@pytest.mark.parametrize(("written", "shown"), HIDDEN)
def test_check_warns_at_the_line_of_a_hidden_number(written: str, shown: str) -> None:
    """`docgen check` reads the content file as written: the warning names its line and
    the number as a reader sees it."""
    path = Path("sammantraden/2014-08-19-ksau.yaml")
    text = f"typ: sammantrade\nparagrafer:\n  - arendet: |\n      Sökande {written}.\n"
    assert [(f.text, f.line) for f in scan_lines(text, path)] == [(shown, 4)]
    [warning] = check_texts({path: text})
    assert (warning.path, warning.line) == (path, 4)
    assert f"personnummer ”{shown}”" in str(warning)
    assert "\u00ad" not in str(warning) and "\u200b" not in str(warning)


@pytest.mark.parametrize(("written", "shown"), HIDDEN)
def test_publish_places_a_hidden_number_at_its_line(written: str, shown: str) -> None:
    """The published page shows the number (its references decoded, its escapes taken
    away); `locate` finds where it is written in the content files, after an earlier file
    with the same digits inside a longer number."""
    page = f"<p>Sökande {shown}.</p>"
    [finding] = scan_published(page)
    sources = [
        (Path("organisation.yaml"), "kommun: Nacka\nnr: 9918501011236\n"),
        (Path("mote.yaml"), f"typ: sammantrade\n\narendet: |\n  Text.\n  Sökande {written}.\n"),
    ]
    placed = locate(finding, sources)
    assert (placed.path, placed.line) == (Path("mote.yaml"), 5)


def test_a_hidden_number_is_placed_on_the_right_line_among_many() -> None:
    lines = ["rubrik: Bygglov", "belopp: 1 234 567 kr", *[f"rad {i}" for i in range(3, 40)]]
    lines[29] = "  text: Sökanden 850101\u00ad1236 bör få bidrag."
    lines[35] = "  text: Också 85 01 01-1236 och 850101&#45;1236."
    found = scan_lines("\n".join(lines), Path("mote.yaml"))
    assert [(f.text, f.line) for f in found] == [
        ("8501011236", 30),
        ("85 01 01-1236", 36),
        ("850101-1236", 36),
    ]
    assert locate(Finding(P, "850101-1236"), [(Path("m.yaml"), "\n".join(lines))]).line == 36


@pytest.mark.parametrize(
    "text",
    [
        # amounts, also with the digits of a valid personnummer (8501011236) in them
        "1 234 567",
        "1 234 567 kr",
        "3\u00a0500\u00a0000 kr",
        "12 345 678 901 kr",
        "8 501 011 236 kr",
        "850 101 1236",
        "2 850 101 1236",
        # phone numbers
        "08-718 80 00",
        "08 718 80 00",
        "070-123 45 67",
        "070\u00ad-123 45 67",
        "+46 70 123 45 67",
        "010-850 10 11",
        "0850-10 11 236",
        "85 01 01 12 36",
        # diarienummer and dates, also with invisible characters and references in them
        "KFKS 2014/412-040",
        "KFKS\u00a02014/412&#45;040",
        "KS-2014/742.912",
        "2014-08-19",
        "2014 08 19",
        "20140819",
        "2014-08-19 1000",
        "2014\u200b-08-19",
        "19 augusti 2014 kl. 10.00",
        "§§ 93\u201396",
        "1985-01-01-1236",
        # the digits of a personnummer with a longer number around them
        "1 85 01 01-1236",
        "5850101-1236",
        "850101-12367",
        # wrong check digit, written in the new ways
        "850101\u00ad1237",
        "85 01 01-1237",
        "850101&#45;1237",
    ],
)
def test_ordinary_numbers_are_left_alone(text: str) -> None:
    assert scan(f"Beslut: {text}.") == []
    assert scan_lines(f"a: 1\nb: {text}\n", Path("x.yaml")) == []


_FORMAT = st.characters(whitelist_categories=("Cf",))


@given(st.integers(0, 999), st.lists(st.tuples(st.integers(0, 11), _FORMAT), max_size=4))
def test_format_characters_anywhere_in_a_number_do_not_hide_it(
    serial: int, hidden: list[tuple[int, str]]
) -> None:
    """Any invisible format characters, anywhere in a valid number, leave it found as
    the number without them."""
    nine = f"850709{serial:03d}"
    check = next(c for c in range(10) if luhn_valid(f"{nine}{c}"))
    number = f"{nine[:6]}-{nine[6:]}{check}"
    written = number
    for at, char in sorted(hidden, reverse=True):
        written = written[:at] + char + written[at:]
    assert [(f.kind, f.text) for f in scan(f"Sökande {written}.")] == [(P, number)]
