"""The personal-data guard: personnummer, samordningsnummer and (optionally) phone numbers
and e-mail addresses in text that is about to be published.

A personnummer is ÅÅMMDD-NNNK or ÅÅÅÅMMDD-NNNK (`+` instead of `-` from the year a
person turns 100; often written without the hyphen, or with a space or a dash, and
sometimes spaced as `85 07 09-9805`); K is the Luhn check digit of the nine digits
ÅÅMMDDNNN. A samordningsnummer is written the same way with 60 added to the day. Only
numbers whose date exists and whose check digit is right are reported, so diarienummer,
amounts and dates are left alone; a run of digits inside a word (`pnr8507099805`) is
still found.

Text is read as a reader sees it (`as_read`): invisible format characters (a soft
hyphen from Word, a zero-width space, a word joiner) are taken away, and a character
reference (`&#45;`) or a backslash escape (`\\-` in Markdown, `\\u00ad` in YAML) is read
as the character it stands for, so none of them hides a number. Phone numbers and e-mail
addresses are reported only where the organisation asks for it.
"""

from __future__ import annotations

import html
import re
import unicodedata
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from docgen.errors import ContentError

PERSONNUMMER = "personnummer"
SAMORDNINGSNUMMER = "samordningsnummer"
TELEFON = "telefonnummer"
EPOST = "e-postadress"

_SPACE = " \u00a0\u2000-\u200a\u202f\u205f\u3000"
"""The spaces written between a number's digit groups: plain, no-break, thin and the like."""
_DASH = "\\-\u2010\u2011\u2012\u2013\u2014\u2212\ufe63\uff0d"
"""The hyphens and dashes written before a personnummer's last four digits."""
_IDENTITY = re.compile(
    rf"(?<!\d)(?P<century>1[89]|20)?"
    rf"(?:(?P<date>\d{{6}})|(?<!\d[{_SPACE}])(?P<spaced>\d\d[{_SPACE}]\d\d[{_SPACE}]\d\d))"
    rf"(?P<sep>[{_SPACE}]{{0,2}}[{_DASH}+]?[{_SPACE}]{{0,2}})"
    r"(?P<serial>\d{4})(?!\d)"
)
_PHONE = re.compile(r"(?<![\w+])(?:\+46[\s-]?|0)(?:\(0\))?\d{1,3}(?:[\s-]?\d{2,3}){2,4}(?![\d])")
_EMAIL = re.compile(r"(?<![\w.+-])[\w.+-]+@[\w-]+(?:\.[\w-]+)+", re.ASCII)


@dataclass(frozen=True)
class Rules:
    """Which kinds of personal data the guard looks for besides identity numbers."""

    telefon: bool = False
    epost: bool = False


@dataclass(frozen=True)
class Finding:
    """Personal data found: its `kind`, the text as written, and where it stands."""

    kind: str
    text: str
    path: Path | None = None
    line: int | None = None

    def at(self, path: Path, line: int | None) -> Finding:
        """Return this finding placed at `path` and `line`."""
        return Finding(self.kind, self.text, path, line)

    def message(self) -> str:
        """Return the finding as one line for the user (without the place)."""
        return f"{self.kind} ”{self.text}” får inte publiceras på webben"

    def error(self) -> ContentError:
        """Return the finding as a problem at its file and line."""
        return ContentError(self.message(), self.path or Path("?"), self.line)


def luhn_valid(digits: str) -> bool:
    """Return whether the check digit (last) of `digits` is right by the Luhn algorithm.

    >>> luhn_valid("8507099805"), luhn_valid("8507099804")
    (True, False)
    """
    total = 0
    for index, char in enumerate(reversed(digits)):
        value = int(char) * (2 if index % 2 else 1)
        total += value - 9 if value > 9 else value
    return total % 10 == 0


def _date_exists(year: int, month: int, day: int, century_known: bool) -> bool:
    """Return whether the date exists; a two-digit `year` may be of the 1800s, 1900s or 2000s."""
    years = [year] if century_known else [1800 + year, 1900 + year, 2000 + year]
    for candidate in years:
        try:
            date(candidate, month, day)
            return True
        except ValueError:
            continue
    return False


def identity_kind(number: str) -> str | None:
    """Return whether `number` is a personnummer or a samordningsnummer, or None.

    >>> identity_kind("850709-9805"), identity_kind("19850769-9802")
    ('personnummer', 'samordningsnummer')
    >>> identity_kind("850709-9804") is None  # wrong check digit
    True
    """
    match = _IDENTITY.fullmatch(as_read(number).strip())
    return _kind(match) if match else None


def _kind(match: re.Match[str]) -> str | None:
    """Return the kind of identity number `match` is, or None when it is none."""
    century, serial = match["century"], match["serial"]
    digits = match["date"] or "".join(c for c in match["spaced"] if c.isdigit())
    if not luhn_valid(digits + serial):
        return None
    year = int((century or "") + digits[:2])
    month, day = int(digits[2:4]), int(digits[4:6])
    if _date_exists(year, month, day, bool(century)):
        return PERSONNUMMER
    if day > 60 and _date_exists(year, month, day - 60, bool(century)):
        return SAMORDNINGSNUMMER
    return None


_WRITTEN_FOR = re.compile(
    r"[^\w\x00-\x7f]"  # a character outside ASCII that is no letter or digit, maybe invisible
    r"|&(?:#[0-9]{1,7}|#[xX][0-9a-fA-F]{1,6}|[A-Za-z][A-Za-z0-9]{1,31});"  # &#45; &#x2D; &shy;
    r"|\\(?:u[0-9a-fA-F]{4}|U[0-9a-fA-F]{8}|x[0-9a-fA-F]{2}|[!-/:-@\[-`{-~])"  # \u00ad, \-
)
"""What may stand for another character, or for none, in the text a reader sees."""


def as_read(text: str) -> str:
    r"""Return `text` as a reader sees it: without invisible format characters (Unicode
    category Cf: soft hyphen, zero-width space and joiner, word joiner, BOM …), and with
    each character reference and backslash escape read as the character it stands for.

    Lines stay where they are: nothing that stands for a line break or another control
    character is read as one.

    >>> as_read("850709\u00ad9805, 8507\u206009-9805, 850709\\-9805, 850709&#45;9805")
    '8507099805, 850709-9805, 850709-9805, 850709-9805'
    >>> as_read(r"A &amp; B &#10; \*x\* &okänd; C:\mapp \u00e5 \u2011")
    'A & B &#10; *x* &okänd; C:\\mapp \\u00e5 ‑'
    """
    return _WRITTEN_FOR.sub(_read, text)


def _read(match: re.Match[str]) -> str:
    """Return what the character, reference or escape `match` shows a reader."""
    written = match.group()
    if written.startswith("&"):
        char = html.unescape(written)
    elif written.startswith("\\") and len(written) > 2:  # YAML's \u00ad: digits may follow
        code = int(written[2:], 16)
        char = chr(code) if code <= 0x10FFFF and not chr(code).isalnum() else written
    else:
        char = written[-1]
    if len(char) != 1:  # not a reference HTML knows, or an escape of no character
        return written
    category = unicodedata.category(char)
    if category == "Cf":
        return ""
    return written if category in ("Cc", "Cs") else char


def scan(text: str, rules: Rules = Rules()) -> list[Finding]:
    """Return the personal data in `text`, in the order it stands.

    >>> [f.text for f in scan("Sökande: 19850709-9805, dnr KFKS 2014/412-040.")]
    ['19850709-9805']
    >>> scan("Beslut 2014-11-24 om 3 500 000 kr, tfn 08-718 80 00.")
    []
    """
    text = as_read(text)
    found: list[tuple[int, Finding]] = []
    for match in _IDENTITY.finditer(text):
        kind = _kind(match)
        if kind is None and match["century"]:  # 20 + ÅÅMMDD…: try without the century
            inner = _IDENTITY.fullmatch(match.group()[2:])
            kind = _kind(inner) if inner else None
        if kind is not None:
            found.append((match.start(), Finding(kind, match.group())))
    taken = [range(start, start + len(f.text)) for start, f in found]
    if rules.telefon:
        for match in _PHONE.finditer(text):
            if not any(match.start() in r for r in taken) and _phone_digits(match.group()):
                found.append((match.start(), Finding(TELEFON, match.group().strip())))
    if rules.epost:
        found += [(m.start(), Finding(EPOST, m.group())) for m in _EMAIL.finditer(text)]
    return [finding for _, finding in sorted(found, key=lambda item: item[0])]


def _phone_digits(text: str) -> bool:
    """Return whether `text` has as many digits as a Swedish phone number (7–13)."""
    count = sum(char.isdigit() for char in text)
    return 7 <= count <= 13


_MARKUP = re.compile(r"<[^>]*>|\*+|(?<=\d)_+|_+(?=\d)")


def without_markup(text: str) -> str:
    """Return `text` without HTML tags and Markdown emphasis, which can split a number.

    >>> without_markup("<strong>850709</strong>-9805 och **19850709**-9805")
    '850709-9805 och 19850709-9805'
    """
    return _MARKUP.sub("", text)


def scan_published(text: str, rules: Rules = Rules()) -> list[Finding]:
    """Return the personal data in `text` as written and with its markup taken away."""
    found = scan(text, rules)
    known = {(f.kind, f.text) for f in found}
    return found + [f for f in scan(without_markup(text), rules) if (f.kind, f.text) not in known]


_MAY_HOLD = re.compile(r"[\d@]")
"""What every kind of personal data the guard finds holds: a digit, or an e-mail's @."""


def scan_lines(text: str, path: Path, rules: Rules = Rules()) -> list[Finding]:
    """Return the personal data in the file text `text` of `path`, each at its line."""
    return [
        finding.at(path, number)
        for number, line in enumerate(text.split("\n"), start=1)
        if _MAY_HOLD.search(line)
        for finding in scan_published(line, rules)
    ]


def locate(finding: Finding, sources: Iterable[tuple[Path, str]]) -> Finding:
    """Return `finding` placed at the first line of `sources` (path, text) where it stands
    on its own (not inside a longer number), also where markup or a line break stands
    between its digits; failing that, where it stands at all. The sources are read as a
    reader sees them (`as_read`), as the finding was.

    >>> found = locate(Finding(PERSONNUMMER, "120304-2385"), [
    ...     (Path("mote.yaml"), "a\\nb: 20120304-2385"), (Path("a.md"), "x\\ny\\nz 120304-2385")])
    >>> found.path.name, found.line
    ('a.md', 3)
    """
    sources = [(path, as_read(text)) for path, text in sources]
    exact = re.escape(finding.text)
    loose = r"\D{0,12}".join(re.escape(c) for c in finding.text if c.isalnum())
    on_its_own = [rf"(?<!\w){body}(?!\w)" for body in (exact, loose)]  # not in 20120304-2385
    for pattern in map(re.compile, [*on_its_own, exact, loose]):
        for path, text in sources:
            match = pattern.search(text)
            if match:
                return finding.at(path, text.count("\n", 0, match.start()) + 1)
    for path, _ in sources:
        return finding.at(path, None)
    return finding


def check_texts(texts: Mapping[Path, str]) -> list[ContentError]:
    """Return a warning for each personnummer or samordningsnummer in the content `texts`."""
    warnings = []
    for path, text in texts.items():
        for finding in scan_lines(text, path):
            warnings.append(
                ContentError(
                    f"varning: {finding.kind} ”{finding.text}”; det får inte publiceras på webben "
                    "(ta bort det, eller markera paragrafen med sekretess: eller publiceras: false)",
                    path,
                    finding.line,
                )
            )
    return warnings
