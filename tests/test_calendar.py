"""Calendar cases, each worked out by hand from a real calendar.

Movable feasts used below (Easter by the Gregorian computus, checked against
dateutil.easter; midsommardagen = the Saturday 20–26 June; alla helgons dag = the
Saturday 31 October–6 November):

- 2025: långfredag 18 Apr, påskdagen 20 Apr, annandag påsk 21 Apr, Kristi himmelsfärd
  29 May (Thu), pingstdagen 8 Jun (Sun), midsommarafton 20 Jun, midsommardagen 21 Jun,
  alla helgons dag 1 Nov. Julafton Wed, nyårsafton Wed; 6 Jan Mon, 1 May Thu, 6 Jun Fri.
- 2026: långfredag 3 Apr, annandag påsk 6 Apr, Kristi himmelsfärd 14 May,
  midsommarafton 19 Jun; 1 Jan Thu, 6 Jan Tue, 1 May Fri.
- 2024: 6 Jun Thu, 26 Dec Thu.  2027: julafton Fri 24 Dec, juldagen Sat 25 Dec.
"""

import subprocess
import sys
from datetime import date, timedelta

import pytest

from docgen.calendar import (
    anslag_removal_day,
    appeal_deadline,
    is_working_day,
    latest_posting_day,
    next_working_day,
)


@pytest.mark.parametrize(
    ("given", "expected"),
    [
        (date(2025, 1, 1), False),  # nyårsdagen
        (date(2025, 1, 6), False),  # trettondedag jul
        (date(2025, 4, 17), True),  # skärtorsdagen is a working day
        (date(2025, 4, 18), False),  # långfredagen
        (date(2025, 4, 21), False),  # annandag påsk
        (date(2025, 4, 30), True),  # valborgsmässoafton is a working day
        (date(2025, 5, 1), False),  # första maj
        (date(2025, 5, 29), False),  # Kristi himmelsfärdsdag
        (date(2025, 5, 30), True),  # the Friday after Kristi himmelsfärd (klämdag)
        (date(2025, 6, 6), False),  # nationaldagen
        (date(2025, 6, 9), True),  # annandag pingst, no longer a holiday since 2005
        (date(2025, 6, 19), True),  # the Thursday before midsommarafton
        (date(2025, 6, 20), False),  # midsommarafton (the aftnar are added by docgen)
        (date(2025, 6, 21), False),  # midsommardagen
        (date(2025, 10, 31), True),  # allhelgonaafton (Friday) is a working day
        (date(2025, 11, 1), False),  # alla helgons dag
        (date(2025, 12, 23), True),
        (date(2025, 12, 24), False),  # julafton
        (date(2025, 12, 25), False),  # juldagen
        (date(2025, 12, 26), False),  # annandag jul
        (date(2025, 12, 31), False),  # nyårsafton
        (date(2026, 1, 5), True),  # trettondagsafton (Monday) is a working day
        (date(2026, 6, 19), False),  # midsommarafton 2026
        (date(2027, 12, 24), False),  # julafton on a Friday
        (date(2027, 12, 27), True),  # Monday after jul when annandag falls on Sunday
        (date(2025, 9, 6), False),  # Saturday
        (date(2025, 9, 7), False),  # Sunday
        (date(2025, 9, 8), True),  # ordinary Monday
    ],
)
def test_is_working_day(given: date, expected: bool) -> None:
    assert is_working_day(given) is expected


@pytest.mark.parametrize(
    ("given", "expected"),
    [
        # strictly after: Wed 10 Sep is a working day, the next is Thu 11
        (date(2025, 9, 10), date(2025, 9, 11)),
        # Fri 12 Sep → 13–14 weekend → Mon 15
        (date(2025, 9, 12), date(2025, 9, 15)),
        # 17 Apr → 18 långfredag, 19 Sat, 20 påskdagen, 21 annandag påsk → Tue 22
        (date(2025, 4, 17), date(2025, 4, 22)),
        # Thu 5 Jun → 6 nationaldagen (Fri), 7–8 weekend → Mon 9
        (date(2025, 6, 5), date(2025, 6, 9)),
        # 23 Dec → 24 julafton, 25 juldagen, 26 annandag, 27–28 weekend → Mon 29
        (date(2025, 12, 23), date(2025, 12, 29)),
        # 30 Dec → 31 nyårsafton, 1 Jan nyårsdagen → Fri 2 Jan 2026
        (date(2025, 12, 30), date(2026, 1, 2)),
    ],
)
def test_next_working_day(given: date, expected: date) -> None:
    assert next_working_day(given) == expected


@pytest.mark.parametrize(
    ("given", "expected"),
    [
        # DOMAIN example: 2025-05-30 + 21 = 2025-06-20 midsommarafton → 21 midsommardagen,
        # 22 Sun → Mon 2025-06-23
        (date(2025, 5, 30), date(2025, 6, 23)),
        # 2025-05-31 + 21 = 2025-06-21 midsommardagen (Sat) → 22 Sun → Mon 2025-06-23
        (date(2025, 5, 31), date(2025, 6, 23)),
        # 2026-05-29 + 21 = 2026-06-19 midsommarafton → 20 midsommardagen, 21 Sun → 2026-06-22
        (date(2026, 5, 29), date(2026, 6, 22)),
        # 2025-03-28 + 21 = 2025-04-18 långfredag → 19 Sat, 20 påskdagen, 21 annandag påsk
        # → Tue 2025-04-22
        (date(2025, 3, 28), date(2025, 4, 22)),
        # 2025-03-31 + 21 = 2025-04-21 annandag påsk → Tue 2025-04-22
        (date(2025, 3, 31), date(2025, 4, 22)),
        # 2026-03-13 + 21 = 2026-04-03 långfredag → 4 Sat, 5 påskdagen, 6 annandag påsk
        # → Tue 2026-04-07
        (date(2026, 3, 13), date(2026, 4, 7)),
        # 2025-03-27 + 21 = 2025-04-17 skärtorsdagen, a working day → itself
        (date(2025, 3, 27), date(2025, 4, 17)),
        # 2025-05-08 + 21 = 2025-05-29 Kristi himmelsfärd (Thu) → Fri 2025-05-30
        (date(2025, 5, 8), date(2025, 5, 30)),
        # 2026-04-23 + 21 = 2026-05-14 Kristi himmelsfärd (Thu) → Fri 2026-05-15
        (date(2026, 4, 23), date(2026, 5, 15)),
        # 2025-05-16 + 21 = 2025-06-06 nationaldagen (Fri) → 7 Sat, 8 pingstdagen
        # → Mon 2025-06-09 (annandag pingst is a working day)
        (date(2025, 5, 16), date(2025, 6, 9)),
        # 2024-05-16 + 21 = 2024-06-06 nationaldagen (Thu) → Fri 2024-06-07
        (date(2024, 5, 16), date(2024, 6, 7)),
        # 2025-10-11 + 21 = 2025-11-01 alla helgons dag (Sat) → 2 Sun → Mon 2025-11-03
        (date(2025, 10, 11), date(2025, 11, 3)),
        # 2025-10-10 + 21 = 2025-10-31 allhelgonaafton, a working day → itself
        (date(2025, 10, 10), date(2025, 10, 31)),
        # 2025-12-03 + 21 = 2025-12-24 julafton → 25 juldagen, 26 annandag, 27–28 weekend
        # → Mon 2025-12-29
        (date(2025, 12, 3), date(2025, 12, 29)),
        # 2025-12-04 + 21 = 2025-12-25 juldagen → 26 annandag, 27–28 weekend → 2025-12-29
        (date(2025, 12, 4), date(2025, 12, 29)),
        # 2024-12-05 + 21 = 2024-12-26 annandag jul (Thu) → Fri 2024-12-27
        (date(2024, 12, 5), date(2024, 12, 27)),
        # 2027-12-03 + 21 = 2027-12-24 julafton (Fri) → 25 juldagen (Sat), 26 Sun
        # → Mon 2027-12-27
        (date(2027, 12, 3), date(2027, 12, 27)),
        # 2025-12-10 + 21 = 2025-12-31 nyårsafton → 2026-01-01 nyårsdagen → Fri 2026-01-02
        (date(2025, 12, 10), date(2026, 1, 2)),
        # 2025-12-11 + 21 = 2026-01-01 nyårsdagen → Fri 2026-01-02
        (date(2025, 12, 11), date(2026, 1, 2)),
        # 2024-12-16 + 21 = 2025-01-06 trettondedag jul (Mon) → Tue 2025-01-07
        (date(2024, 12, 16), date(2025, 1, 7)),
        # 2025-12-16 + 21 = 2026-01-06 trettondedag jul (Tue) → Wed 2026-01-07
        (date(2025, 12, 16), date(2026, 1, 7)),
        # 2025-04-10 + 21 = 2025-05-01 första maj (Thu) → Fri 2025-05-02
        (date(2025, 4, 10), date(2025, 5, 2)),
        # 2026-04-10 + 21 = 2026-05-01 första maj (Fri) → 2–3 weekend → Mon 2026-05-04
        (date(2026, 4, 10), date(2026, 5, 4)),
        # 2025-04-09 + 21 = 2025-04-30 valborgsmässoafton, a working day → itself
        (date(2025, 4, 9), date(2025, 4, 30)),
        # 2025-09-06 (Sat) + 21 = 2025-09-27 Sat → 28 Sun → Mon 2025-09-29
        (date(2025, 9, 6), date(2025, 9, 29)),
        # 2025-09-07 (Sun) + 21 = 2025-09-28 Sun → Mon 2025-09-29
        (date(2025, 9, 7), date(2025, 9, 29)),
        # 2025-09-10 (Wed) + 21 = 2025-10-01 Wed, a working day → itself
        (date(2025, 9, 10), date(2025, 10, 1)),
    ],
)
def test_appeal_deadline(given: date, expected: date) -> None:
    assert appeal_deadline(given) == expected


@pytest.mark.parametrize(
    ("given", "expected"),
    [
        # DOMAIN example: last appeal day Mon 2025-06-23 → Tue 2025-06-24
        (date(2025, 5, 30), date(2025, 6, 24)),
        # last appeal day Tue 2025-04-22 (after Easter) → Wed 2025-04-23
        (date(2025, 3, 28), date(2025, 4, 23)),
        # 2025-05-07 + 21 = Wed 2025-05-28 (working) → 29 Kristi himmelsfärd → Fri 2025-05-30
        (date(2025, 5, 7), date(2025, 5, 30)),
        # 2025-05-15 + 21 = Thu 2025-06-05 (working) → 6 nationaldagen, 7–8 weekend
        # → Mon 2025-06-09
        (date(2025, 5, 15), date(2025, 6, 9)),
        # 2025-06-02 + 21 = Mon 2025-06-23 → Tue 2025-06-24
        (date(2025, 6, 2), date(2025, 6, 24)),
        # 2025-05-29 + 21 = Thu 2025-06-19 (working) → 20 midsommarafton, 21 midsommardagen,
        # 22 Sun → Mon 2025-06-23
        (date(2025, 5, 29), date(2025, 6, 23)),
        # last appeal day Mon 2025-12-29 (after jul) → Tue 2025-12-30
        (date(2025, 12, 3), date(2025, 12, 30)),
        # 2025-12-02 + 21 = Tue 2025-12-23 (working) → 24–28 closed → Mon 2025-12-29
        (date(2025, 12, 2), date(2025, 12, 29)),
        # last appeal day Fri 2026-01-02 (after nyår) → 3–4 weekend → Mon 2026-01-05
        (date(2025, 12, 10), date(2026, 1, 5)),
        # 2025-12-15 + 21 = Mon 2026-01-05 (working) → 6 trettondedag jul → Wed 2026-01-07
        (date(2025, 12, 15), date(2026, 1, 7)),
        # 2025-09-10 + 21 = Wed 2025-10-01 → Thu 2025-10-02
        (date(2025, 9, 10), date(2025, 10, 2)),
    ],
)
def test_anslag_removal_day(given: date, expected: date) -> None:
    assert anslag_removal_day(given) == expected


@pytest.mark.parametrize(
    ("given", "expected"),
    [
        # justerad Mon 2025-06-16 + 2 calendar days = Wed 2025-06-18
        (date(2025, 6, 16), date(2025, 6, 18)),
        # justerad Wed 2025-06-18 + 2 = Fri 20 midsommarafton → 21–22 → Mon 2025-06-23
        (date(2025, 6, 18), date(2025, 6, 23)),
        # justerad Thu 2025-09-11 + 2 = Sat 13 → 14 Sun → Mon 2025-09-15
        (date(2025, 9, 11), date(2025, 9, 15)),
        # justerad Fri 2025-09-12 + 2 = Sun 14 → Mon 2025-09-15
        (date(2025, 9, 12), date(2025, 9, 15)),
        # justerad Wed 2025-04-16 + 2 = Fri 18 långfredag → 19–21 → Tue 2025-04-22
        (date(2025, 4, 16), date(2025, 4, 22)),
        # justerad Mon 2025-12-22 + 2 = Wed 24 julafton → 25–28 → Mon 2025-12-29
        (date(2025, 12, 22), date(2025, 12, 29)),
        # justerad Tue 2025-12-30 + 2 = Thu 2026-01-01 nyårsdagen → Fri 2026-01-02
        (date(2025, 12, 30), date(2026, 1, 2)),
    ],
)
def test_latest_posting_day(given: date, expected: date) -> None:
    assert latest_posting_day(given) == expected


def test_appeal_deadline_is_the_first_working_day_from_three_weeks() -> None:
    day = date(2024, 1, 1)
    while day < date(2028, 1, 1):
        last = appeal_deadline(day)
        assert is_working_day(last)
        assert last >= day + timedelta(days=21)
        closed = range((last - day - timedelta(days=21)).days)
        assert not any(is_working_day(day + timedelta(days=21 + n)) for n in closed)
        assert anslag_removal_day(day) > last
        day += timedelta(days=1)


def test_sweden_loaded_alone_gives_the_packages_holidays() -> None:
    """docgen loads the holidays package's Sweden module without the other countries
    (tests/test_embedding.py); its helgdagar are those `holidays.country_holidays("SE")`
    gives, with the three aftnar added.
    """
    script = (
        "import sys\n"
        "from datetime import date\n"
        "from docgen import calendar\n"
        "ours = {year: calendar._holidays(year) for year in range(1990, 2061)}\n"
        "assert 'holidays.countries' not in sys.modules  # Sweden was loaded alone\n"
        "import holidays\n"
        "for year in range(1990, 2061):\n"
        "    public = holidays.country_holidays('SE', years=year, include_sundays=False)\n"
        "    aftnar = {calendar._midsommarafton(year), date(year, 12, 24), date(year, 12, 31)}\n"
        "    assert ours[year] == frozenset(public) | aftnar, year\n"
        "print('ok')\n"
    )
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True)
    assert done.stdout == "ok\n", done.stderr
