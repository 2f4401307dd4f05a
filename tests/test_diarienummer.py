import pytest

from docgen.diarienummer import Diarienummer, DiarienummerPattern

# Each real-world format from DOMAIN.md, as a configured pattern.
KFKS = "KFKS {år}/{löpnummer}-{klass}"
KS_SLASH = "{prefix} {år}/{löpnummer}"
KS_DASH_DOT = "{prefix}-{år}/{löpnummer}.{klass}"
KS_COLON = "{prefix}/{år}:{löpnummer}"
KU_DOTS = "{prefix}.{år}.{löpnummer}"
YEAR_FIRST = "{år}/{prefix} {löpnummer} {klass}"


@pytest.mark.parametrize(
    ("given", "expected"),
    [
        (("KFKS 2012/577-001", KFKS), (None, 2012, "577", "001")),
        (("KS 2018/14", KS_SLASH), ("KS", 2018, "14", None)),
        (("KS-2014/742.912", KS_DASH_DOT), ("KS", 2014, "742", "912")),
        (("KS/2018:4", KS_COLON), ("KS", 2018, "4", None)),
        (("KU.2017.3", KU_DOTS), ("KU", 2017, "3", None)),
        (("2018/KS 0290 10", YEAR_FIRST), ("KS", 2018, "0290", "10")),
        (("KFKS 2012/577-001", "{prefix} {år}/{löpnummer}-{klass}"), ("KFKS", 2012, "577", "001")),
        (("SÄN 2020/5", KS_SLASH), ("SÄN", 2020, "5", None)),
        (("KS-2014/742.912.1", KS_DASH_DOT), ("KS", 2014, "742", "912.1")),
        (("  KS 2018/14\n", KS_SLASH), ("KS", 2018, "14", None)),
    ],
)
def test_parse(given: tuple[str, str], expected: tuple[str | None, int, str, str | None]) -> None:
    text, pattern = given
    dnr = Diarienummer.parse(text, pattern)
    assert (dnr.prefix, dnr.ar, dnr.lopnummer, dnr.klass) == expected
    assert dnr.pattern == pattern


@pytest.mark.parametrize(
    ("given", "expected"),
    [
        (("KFKS 2012/577-001", KFKS), "KFKS 2012/577-001"),
        (("KS 2018/14", KS_SLASH), "KS 2018/14"),
        (("KS-2014/742.912", KS_DASH_DOT), "KS-2014/742.912"),
        (("KS/2018:4", KS_COLON), "KS/2018:4"),
        (("KU.2017.3", KU_DOTS), "KU.2017.3"),
        (("2018/KS 0290 10", YEAR_FIRST), "2018/KS 0290 10"),
        ((" KS 2018/14 ", KS_SLASH), "KS 2018/14"),
    ],
)
def test_str_gives_the_canonical_form(given: tuple[str, str], expected: str) -> None:
    assert str(Diarienummer.parse(*given)) == expected


def test_parse_keeps_leading_zeros_and_compares_by_value() -> None:
    dnr = Diarienummer.parse("2018/KS 0290 10", YEAR_FIRST)
    assert dnr.lopnummer == "0290"
    assert dnr == Diarienummer("KS", 2018, "0290", "10", YEAR_FIRST)
    assert hash(dnr) == hash(Diarienummer("KS", 2018, "0290", "10", YEAR_FIRST))


@pytest.mark.parametrize(
    ("given", "expected"),
    [
        (
            ("KFKS 2012-577", KFKS),
            (
                "diarienummer ”KFKS 2012-577” följer inte mönstret "
                "”KFKS {år}/{löpnummer}-{klass}” (exempel: KFKS 2024/123-001)"
            ),
        ),
        (
            ("KS 2018/14", KFKS),
            (
                "diarienummer ”KS 2018/14” följer inte mönstret "
                "”KFKS {år}/{löpnummer}-{klass}” (exempel: KFKS 2024/123-001)"
            ),
        ),
        (
            ("KS  2018/14", KS_SLASH),
            (
                "diarienummer ”KS  2018/14” följer inte mönstret "
                "”{prefix} {år}/{löpnummer}” (exempel: KS 2024/123)"
            ),
        ),
        (
            ("KS 18/14", KS_SLASH),
            (
                "diarienummer ”KS 18/14” följer inte mönstret "
                "”{prefix} {år}/{löpnummer}” (exempel: KS 2024/123)"
            ),
        ),
        (
            ("2018/KS 0290", YEAR_FIRST),
            (
                "diarienummer ”2018/KS 0290” följer inte mönstret "
                "”{år}/{prefix} {löpnummer} {klass}” (exempel: 2024/KS 123 001)"
            ),
        ),
    ],
)
def test_parse_rejects_text_that_does_not_follow_the_pattern(
    given: tuple[str, str], expected: str
) -> None:
    with pytest.raises(ValueError) as error:
        Diarienummer.parse(*given)
    assert str(error.value) == expected


@pytest.mark.parametrize(
    ("given", "expected"),
    [
        ("{prefix} {year}/{löpnummer}", "okänd del {year}"),
        ("{prefix} {år}", "saknar {löpnummer}"),
        ("{prefix}", "saknar {år}"),
        ("{prefix}-{klass}", "och {löpnummer}"),
        ("{år}/{åå}-{löpnummer}", "både {år} och {åå}"),
        ("{år}/{löpnummer}/{år}", "{år} mer än en gång"),
        ("{år}/{löpnummer} }", "klammer"),
        ("{år}/{löpnummer {klass}", "klammer"),
    ],
)
def test_malformed_pattern_is_rejected(given: str, expected: str) -> None:
    with pytest.raises(ValueError, match=expected.replace("{", r"\{").replace("}", r"\}")):
        Diarienummer.parse("KS 2018/14", given)


@pytest.mark.parametrize(
    ("given", "expected"),
    [
        (KFKS, "KFKS 2024/123-001"),
        (KS_SLASH, "KS 2024/123"),
        (KU_DOTS, "KS.2024.123"),
    ],
)
def test_pattern_example(given: str, expected: str) -> None:
    assert DiarienummerPattern.compile(given).example() == expected


@pytest.mark.parametrize(
    ("given", "expected"),
    [
        (("KS", 2018, "14", None, KFKS), "kräver {klass}"),
        ((None, 2018, "14", None, KS_SLASH), "kräver {prefix}"),
        (("KS", 2018, "14", None, "{år}/{löpnummer}"), "passar inte"),
        ((None, 2018, "14a", None, "{år}/{löpnummer}"), "passar inte"),
    ],
)
def test_constructor_rejects_parts_that_do_not_fit(
    given: tuple[str | None, int, str, str | None, str], expected: str
) -> None:
    with pytest.raises(ValueError, match=expected.replace("{", r"\{").replace("}", r"\}")):
        Diarienummer(*given)


def test_parse_accepts_only_ascii_digits() -> None:
    with pytest.raises(ValueError, match="följer inte"):
        Diarienummer.parse("KS ٢٠١٨/14", KS_SLASH)


@pytest.mark.parametrize(
    ("text", "pattern", "year"),
    [
        ("KS 05-292 531", "{prefix} {åå}-{löpnummer} {klass}", 2005),  # Nacka, 2005
        ("H 00:189", "H {åå}:{löpnummer}", 2000),  # Tjörn, kommunfullmäktige 2000-12-11
        ("KS 98-17 100", "{prefix} {åå}-{löpnummer} {klass}", 1998),
    ],
)
def test_two_digit_years_read_and_written_back(text: str, pattern: str, year: int) -> None:
    dnr = Diarienummer.parse(text, pattern)
    assert (dnr.ar, str(dnr)) == (year, text)


def test_two_digit_year_pattern_example_fits_itself() -> None:
    pattern = DiarienummerPattern.compile("{prefix} {åå}-{löpnummer} {klass}")
    assert pattern.example() == "KS 24-123 001"
    assert Diarienummer.parse(pattern.example(), pattern.text).ar == 2024
