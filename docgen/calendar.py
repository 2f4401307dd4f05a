"""Working days and appeal periods under lag (1930:173) and kommunallagen (2017:725).

A day is not a working day when it is a Saturday or Sunday, an allmän helgdag (taken
from the ``holidays`` package, PUBLIC category, Sundays not included), or one of the
three aftnar that 1930:173 2 § names: midsommarafton, julafton and nyårsafton (added
here, whatever the package version does with them).
"""

from __future__ import annotations

import importlib.util
import sys
from datetime import date, timedelta
from functools import cache
from types import ModuleType

__all__ = [
    "anslag_removal_day",
    "appeal_deadline",
    "is_working_day",
    "latest_posting_day",
    "next_working_day",
]

APPEAL_PERIOD = timedelta(weeks=3)  # kommunallagen 13 kap. 5 §: three weeks from posting
POSTING_DELAY = timedelta(days=2)  # kommunallagen 8 kap. 12 §: "senast andra dagen efter"


def _midsommarafton(year: int) -> date:
    """Return midsommarafton of `year`, the Friday from 19 to 25 June."""
    june_19 = date(year, 6, 19)
    return june_19 + timedelta(days=(4 - june_19.weekday()) % 7)


_SWEDEN = "holidays.countries.sweden"


def _sweden_module() -> ModuleType:
    """Return the ``holidays`` package's module for Sweden, imported on its own.

    ``import holidays.countries.sweden`` (and ``holidays.country_holidays("SE")``) first
    runs ``holidays/countries/__init__.py``, which imports all 250 countries — a tenth
    of a second, most of `docgen check`. Sweden's module needs none of them, so it is
    loaded from its file within the installed package and registered under its own
    name, where a later normal import finds it.
    """
    if _SWEDEN in sys.modules:
        return sys.modules[_SWEDEN]
    countries = importlib.util.find_spec("holidays.countries")  # runs no __init__
    assert countries is not None and countries.submodule_search_locations is not None
    location = next(iter(countries.submodule_search_locations))
    spec = importlib.util.spec_from_file_location(_SWEDEN, f"{location}/sweden.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return sys.modules.setdefault(_SWEDEN, module)


@cache
def _holidays(year: int) -> frozenset[date]:
    """Return the allmänna helgdagar and the three aftnar of `year`."""
    public = _sweden_module().Sweden(years=year, include_sundays=False)
    aftnar = {_midsommarafton(year), date(year, 12, 24), date(year, 12, 31)}
    return frozenset(public) | aftnar


def is_working_day(day: date) -> bool:
    """Return whether `day` is a weekday that is neither a helgdag nor one of the aftnar.

    >>> is_working_day(date(2025, 6, 20))  # midsommarafton
    False
    >>> is_working_day(date(2025, 6, 23))
    True
    """
    return day.weekday() < 5 and day not in _holidays(day.year)


def next_working_day(day: date) -> date:
    """Return the first working day strictly after `day`.

    >>> next_working_day(date(2025, 12, 23))
    datetime.date(2025, 12, 29)
    """
    day += timedelta(days=1)
    while not is_working_day(day):
        day += timedelta(days=1)
    return day


def _move_to_working_day(day: date) -> date:
    """Return `day` if it is a working day, else the next one (1930:173 2 §)."""
    return day if is_working_day(day) else next_working_day(day)


def appeal_deadline(posted: date) -> date:
    """Return the last day an appeal may arrive, for an anslag posted on `posted`.

    >>> appeal_deadline(date(2025, 5, 30))  # 20 June is midsommarafton
    datetime.date(2025, 6, 23)
    """
    return _move_to_working_day(posted + APPEAL_PERIOD)


def anslag_removal_day(posted: date) -> date:
    """Return the first day an anslag posted on `posted` may be taken down.

    >>> anslag_removal_day(date(2025, 5, 30))
    datetime.date(2025, 6, 24)
    """
    return next_working_day(appeal_deadline(posted))


def latest_posting_day(justerad: date) -> date:
    """Return the last day the anslag may be posted for a protocol justerad on `justerad`.

    The law's "senast andra dagen efter justeringen" counts calendar days; a second day
    that is not a working day moves to the next working day under 1930:173 2 §.

    >>> latest_posting_day(date(2025, 6, 16))  # Monday → Wednesday
    datetime.date(2025, 6, 18)
    >>> latest_posting_day(date(2025, 6, 18))  # → Friday 20, midsommarafton → Monday
    datetime.date(2025, 6, 23)
    """
    return _move_to_working_day(justerad + POSTING_DELAY)
