"""Swedish formatting of dates, times, amounts, ranges, quotes, paragraph refs and names.

Dates and numbers come from CLDR via Babel (locale ``sv_SE``); the adjustments Swedish
officials expect (period in times, no-break spaces, en dashes, ”…” quotes) are made here.
``FILTERS`` offers the same functions to template authors under Swedish names.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from datetime import date, datetime, time
from decimal import Decimal
from typing import Any, Protocol

from babel import Locale
from babel.dates import format_date as babel_format_date
from babel.dates import format_time as babel_format_time
from babel.numbers import format_decimal, get_group_symbol

__all__ = [
    "FILTERS",
    "format_amount",
    "format_date",
    "format_date_compact",
    "format_date_weekday",
    "format_paragraph",
    "format_paragraphs",
    "format_person",
    "format_range",
    "format_time",
    "format_time_range",
    "format_time_table",
    "quote",
    "quote_inner",
]

LOCALE = Locale("sv", "SE")
NBSP = "\u00a0"
EN_DASH = "\u2013"


def _as_date(day: date) -> date:
    """Return `day` as a plain date, dropping the time of a datetime."""
    return day.date() if isinstance(day, datetime) else day


def _as_time(t: time | datetime) -> time:
    """Return `t` as a plain wall-clock time, dropping date and time zone."""
    return t.time() if isinstance(t, datetime) else t.replace(tzinfo=None)


def format_date(day: date) -> str:
    """Return `day` as in running text.

    >>> format_date(date(2014, 11, 24))
    '24 november 2014'
    """
    return babel_format_date(_as_date(day), "long", locale=LOCALE)


def format_date_weekday(day: date) -> str:
    """Return `day` with its weekday, in lower case.

    >>> format_date_weekday(date(2014, 11, 24))
    'måndag 24 november 2014'
    """
    return babel_format_date(_as_date(day), "full", locale=LOCALE)


def format_date_compact(day: date) -> str:
    """Return `day` in the compact numeric form.

    >>> format_date_compact(date(2014, 11, 24))
    '2014-11-24'
    """
    return babel_format_date(_as_date(day), "short", locale=LOCALE)


def format_time_table(t: time) -> str:
    """Return `t` with two-digit hour and a period, as in tables.

    >>> format_time_table(time(9, 0))
    '09.00'
    """
    # CLDR's Swedish short pattern is HH:mm; Språkrådet wants a period.
    return babel_format_time(_as_time(t), "short", locale=LOCALE).replace(":", ".")


def format_time(t: time) -> str:
    """Return `t` with the hour unpadded and a period, as in running text.

    >>> format_time(time(9, 0))
    '9.00'
    """
    text = format_time_table(t)
    return text[1:] if text[0] == "0" and text[1].isdigit() else text


def format_time_range(start: time, end: time | None) -> str:
    """Return the time from `start` to `end` (if any) after ``kl.``.

    >>> format_time_range(time(9, 0), time(11, 30))
    'kl. 9.00–11.30'
    """
    text = f"kl. {format_time(start)}"
    return text if end is None else f"{text}{EN_DASH}{format_time(end)}"


def format_amount(value: float | Decimal, unit: str = "kr") -> str:
    """Return `value` with no-break spaces between thousands and before `unit`.

    >>> format_amount(3500000)
    '3\\xa0500\\xa0000\\xa0kr'
    """
    number = format_decimal(value, locale=LOCALE).replace(get_group_symbol(LOCALE), NBSP)
    return f"{number}{NBSP}{unit}" if unit else number


def format_range(start: int | str, end: int | str) -> str:
    """Return the range from `start` to `end` with an en dash and no spaces.

    >>> format_range(2015, 2016)
    '2015–2016'
    """
    return f"{start}{EN_DASH}{end}"


def quote(text: str) -> str:
    """Return `text` between Swedish quotation marks.

    >>> quote("text")
    '”text”'
    """
    return f"\u201d{text}\u201d"


def quote_inner(text: str) -> str:
    """Return `text` between the single marks used inside a quotation.

    >>> quote_inner("text")
    '’text’'
    """
    return f"\u2019{text}\u2019"


def format_paragraph(number: int) -> str:
    """Return a reference to protocol paragraph `number`, with a no-break space.

    >>> format_paragraph(94)
    '§\\xa094'
    """
    return f"§{NBSP}{number}"


def format_paragraphs(numbers: Iterable[int]) -> str:
    """Return a reference to the protocol paragraphs `numbers`, runs written as ranges.

    Runs are joined by commas and the last by "och", as Swedish lists are written.

    >>> format_paragraphs([94, 95, 96])
    '§§\\xa094–96'
    >>> format_paragraphs([169, 173])
    '§§\\xa0169 och 173'
    >>> format_paragraphs([12, 13, 14, 16, 18])
    '§§\\xa012–14, 16 och 18'
    >>> format_paragraphs([93, 94, 96])
    '§§\\xa093–94 och 96'
    >>> format_paragraphs([95])
    '§\\xa095'
    """
    ordered = sorted(set(numbers))
    if not ordered:
        raise ValueError("inga paragrafer att hänvisa till")
    if len(ordered) == 1:
        return format_paragraph(ordered[0])
    runs: list[list[int]] = []
    for number in ordered:
        if runs and number == runs[-1][-1] + 1:
            runs[-1].append(number)
        else:
            runs.append([number])
    parts = [format_range(run[0], run[-1]) if len(run) > 1 else str(run[0]) for run in runs]
    listed = f"{', '.join(parts[:-1])} och {parts[-1]}" if len(parts) > 1 else parts[0]
    return f"§§{NBSP}{listed}"


def listed(items: list[str]) -> str:
    """Return `items` as Swedish lists them.

    >>> listed(["a"]), listed(["a", "b", "c"])
    ('a', 'a, b och c')
    """
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " och " + items[-1]


def count(number: int, singular: str, plural: str) -> str:
    """Return `number` with the noun that agrees with it.

    >>> count(1, "nej-röst", "nej-röster"), count(2, "ledamot", "ledamöter")
    ('1 nej-röst', '2 ledamöter')
    """
    return f"{number} {singular if number == 1 else plural}"


def genitive(name: str) -> str:
    """Return the genitive of an organ's or unit's name, as Swedish writes it.

    >>> genitive("Kommunfullmäktige"), genitive("Socialnämnden"), genitive("Stadshus")
    ('Kommunfullmäktiges', 'Socialnämndens', 'Stadshus')
    """
    return name if name.endswith(("s", "x", "z")) else f"{name}s"


def format_person(name: str, party: str | None) -> str:
    """Return `name` followed by `party` in parentheses when there is one.

    >>> format_person("Rolf Wasteson", "V")
    'Rolf Wasteson (V)'
    """
    return f"{name} ({party})" if party else name


class _Person(Protocol):
    """Anything with a ``namn`` (and perhaps a ``parti``), such as the model's Person."""

    @property
    def namn(self) -> str:
        """The person's full name."""


def _person_filter(person: _Person | Mapping[str, Any]) -> str:
    """Return a person given as an object or mapping with ``namn`` and ``parti``."""
    if isinstance(person, Mapping):
        return format_person(person["namn"], person.get("parti"))
    return format_person(person.namn, getattr(person, "parti", None))


FILTERS: dict[str, Callable[..., str]] = {
    "datum_lang": format_date,
    "datum_veckodag": format_date_weekday,
    "datum_kort": format_date_compact,
    "tid": format_time,
    "tid_tabell": format_time_table,
    "belopp": format_amount,
    "paragraf": format_paragraph,
    "citat": quote,
    "person": _person_filter,
}
