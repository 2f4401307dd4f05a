from datetime import date, datetime, time
from decimal import Decimal
from types import SimpleNamespace

import pytest

from docgen.swedish import (
    FILTERS,
    format_amount,
    format_date,
    format_date_compact,
    format_date_weekday,
    format_paragraph,
    format_paragraphs,
    format_person,
    format_range,
    format_time,
    format_time_range,
    format_time_table,
    quote,
    quote_inner,
)

NBSP = "\u00a0"


@pytest.mark.parametrize(
    ("given", "expected"),
    [
        (date(2014, 11, 24), "24 november 2014"),
        (date(2025, 1, 1), "1 januari 2025"),
        (date(2025, 6, 20), "20 juni 2025"),
        (datetime(2014, 11, 24, 23, 30), "24 november 2014"),
    ],
)
def test_format_date(given: date, expected: str) -> None:
    assert format_date(given) == expected


@pytest.mark.parametrize(
    ("given", "expected"),
    [
        (date(2014, 11, 24), "måndag 24 november 2014"),
        (date(2025, 6, 20), "fredag 20 juni 2025"),
        (date(2025, 8, 17), "söndag 17 augusti 2025"),
    ],
)
def test_format_date_weekday(given: date, expected: str) -> None:
    assert format_date_weekday(given) == expected


@pytest.mark.parametrize(
    ("given", "expected"),
    [
        (date(2014, 11, 24), "2014-11-24"),
        (date(2025, 1, 5), "2025-01-05"),
        (datetime(2025, 1, 5, 8, 0), "2025-01-05"),
    ],
)
def test_format_date_compact(given: date, expected: str) -> None:
    assert format_date_compact(given) == expected


@pytest.mark.parametrize(
    ("given", "expected"),
    [
        (time(9, 0), "9.00"),
        (time(0, 30), "0.30"),
        (time(13, 5), "13.05"),
        (time(23, 59, 59), "23.59"),
    ],
)
def test_format_time(given: time, expected: str) -> None:
    assert format_time(given) == expected


@pytest.mark.parametrize(
    ("given", "expected"),
    [
        (time(9, 0), "09.00"),
        (time(0, 30), "00.30"),
        (time(13, 5), "13.05"),
    ],
)
def test_format_time_table(given: time, expected: str) -> None:
    assert format_time_table(given) == expected


@pytest.mark.parametrize(
    ("given", "expected"),
    [
        ((time(9, 0), time(11, 30)), "kl. 9.00–11.30"),
        ((time(13, 0), time(16, 45)), "kl. 13.00–16.45"),
        ((time(9, 0), None), "kl. 9.00"),
    ],
)
def test_format_time_range(given: tuple[time, time | None], expected: str) -> None:
    assert format_time_range(*given) == expected


@pytest.mark.parametrize(
    ("given", "expected"),
    [
        ((3500000,), f"3{NBSP}500{NBSP}000{NBSP}kr"),
        ((999,), f"999{NBSP}kr"),
        ((1000,), f"1{NBSP}000{NBSP}kr"),
        ((2.8, "miljoner kronor"), f"2,8{NBSP}miljoner kronor"),
        ((Decimal("1234.5"), "tkr"), f"1{NBSP}234,5{NBSP}tkr"),
        ((12500, "mnkr"), f"12{NBSP}500{NBSP}mnkr"),
        ((3500000, ""), f"3{NBSP}500{NBSP}000"),
    ],
)
def test_format_amount(given: tuple[int | float | Decimal, str], expected: str) -> None:
    assert format_amount(*given) == expected


def test_format_amount_uses_no_break_space_only() -> None:
    text = format_amount(1234567)
    assert " " not in text and "\u202f" not in text


@pytest.mark.parametrize(
    ("given", "expected"),
    [
        ((2015, 2016), "2015–2016"),
        (("94", "120"), "94–120"),
    ],
)
def test_format_range(given: tuple[int | str, int | str], expected: str) -> None:
    assert format_range(*given) == expected


@pytest.mark.parametrize(
    ("given", "expected"),
    [
        ("text", "\u201dtext\u201d"),
        ("Kommunstyrelsen noterar informationen.", "”Kommunstyrelsen noterar informationen.”"),
    ],
)
def test_quote(given: str, expected: str) -> None:
    assert quote(given) == expected


@pytest.mark.parametrize(("given", "expected"), [("text", "\u2019text\u2019")])
def test_quote_inner(given: str, expected: str) -> None:
    assert quote_inner(given) == expected


@pytest.mark.parametrize(("given", "expected"), [(94, f"§{NBSP}94"), (1, f"§{NBSP}1")])
def test_format_paragraph(given: int, expected: str) -> None:
    assert format_paragraph(given) == expected


@pytest.mark.parametrize(
    ("given", "expected"),
    [
        ([94, 95, 96], f"§§{NBSP}94–96"),
        (range(94, 121), f"§§{NBSP}94–120"),
        ([94], f"§{NBSP}94"),
        ([96, 93, 94], f"§§{NBSP}93–94 och 96"),
        ([1, 3, 5, 6, 7], f"§§{NBSP}1, 3 och 5–7"),
    ],
)
def test_format_paragraphs(given: list[int], expected: str) -> None:
    assert format_paragraphs(given) == expected


def test_format_paragraphs_needs_a_paragraph() -> None:
    with pytest.raises(ValueError, match="inga paragrafer"):
        format_paragraphs([])


@pytest.mark.parametrize(
    ("given", "expected"),
    [
        (("Rolf Wasteson", "V"), "Rolf Wasteson (V)"),
        (("Anna Andersson", "NL"), "Anna Andersson (NL)"),
        (("Anna Andersson", None), "Anna Andersson"),
        (("Anna Andersson", ""), "Anna Andersson"),
    ],
)
def test_format_person(given: tuple[str, str | None], expected: str) -> None:
    assert format_person(*given) == expected


def test_filters_have_the_swedish_names() -> None:
    assert set(FILTERS) == {
        "datum_lang",
        "datum_veckodag",
        "datum_kort",
        "tid",
        "tid_tabell",
        "belopp",
        "paragraf",
        "citat",
        "person",
    }


@pytest.mark.parametrize(
    ("given", "expected"),
    [
        (("datum_lang", date(2014, 11, 24)), "24 november 2014"),
        (("datum_lang", datetime(2014, 11, 24, 9, 0)), "24 november 2014"),
        (("datum_veckodag", datetime(2014, 11, 24, 9, 0)), "måndag 24 november 2014"),
        (("datum_kort", datetime(2014, 11, 24, 9, 0)), "2014-11-24"),
        (("tid", time(9, 0)), "9.00"),
        (("tid", datetime(2014, 11, 24, 9, 0)), "9.00"),
        (("tid_tabell", datetime(2014, 11, 24, 9, 0)), "09.00"),
        (("belopp", 3500000), f"3{NBSP}500{NBSP}000{NBSP}kr"),
        (("paragraf", 94), f"§{NBSP}94"),
        (("citat", "text"), "”text”"),
        (("person", {"namn": "Rolf Wasteson", "parti": "V"}), "Rolf Wasteson (V)"),
        (("person", {"namn": "Anna Andersson"}), "Anna Andersson"),
        (("person", SimpleNamespace(namn="Rolf Wasteson", parti="V")), "Rolf Wasteson (V)"),
        (("person", SimpleNamespace(namn="Anna Andersson", parti=None)), "Anna Andersson"),
        (("person", SimpleNamespace(namn="Anna Andersson")), "Anna Andersson"),
    ],
)
def test_filter(given: tuple[str, object], expected: str) -> None:
    name, value = given
    assert FILTERS[name](value) == expected


def test_filters_work_in_jinja() -> None:
    from jinja2 import Environment

    environment = Environment(autoescape=False)
    environment.filters.update(FILTERS)
    template = environment.from_string("{{ d | datum_veckodag }} {{ t | tid }}, {{ p | person }}")
    text = template.render(
        d=date(2014, 11, 24), t=time(9, 0), p={"namn": "Rolf Wasteson", "parti": "V"}
    )
    assert text == "måndag 24 november 2014 9.00, Rolf Wasteson (V)"
