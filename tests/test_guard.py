"""The personal-data guard: a table of what it must find and what it must leave alone.

The valid numbers are the usual published test numbers (Skatteverket's and those in
the documentation of personnummer libraries); each one's check digit is right, and
each invalid case changes only the check digit or the date.
"""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from docgen.publish.guard import (
    EPOST,
    PERSONNUMMER,
    SAMORDNINGSNUMMER,
    TELEFON,
    Rules,
    luhn_valid,
    scan,
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
