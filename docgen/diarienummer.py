"""Diarienummer and the per-organisation patterns they are written in.

A pattern is literal text with named parts in braces, e.g. ``KFKS {år}/{löpnummer}-{klass}``
or ``{prefix}-{år}/{löpnummer}.{klass}``:

- ``{prefix}``: letters, Swedish letters too (``KS``, ``KFKS``, ``BUN``)
- ``{år}``: the year, four digits; or ``{åå}``: the year in two digits (``KS 05-292 531``,
  ``H 00:189``), read as 2000–2049 or 1950–1999 (one of the two is required)
- ``{löpnummer}``: the serial number, digits kept as written (``0290``) (required)
- ``{klass}``: the classification code, digits possibly with dots (``001``, ``1.2``)
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

__all__ = ["Diarienummer", "DiarienummerPattern"]

# placeholder → (group name, regex, example value)
_PARTS: dict[str, tuple[str, str, str]] = {
    "prefix": ("prefix", r"[^\W\d_]+", "KS"),
    "år": ("ar", r"[0-9]{4}", "2024"),
    "åå": ("aa", r"[0-9]{2}", "24"),
    "löpnummer": ("lopnummer", r"[0-9]+", "123"),
    "klass": ("klass", r"[0-9]+(?:\.[0-9]+)*", "001"),
}
_REQUIRED = ("löpnummer",)
_CENTURY_PIVOT = 50  # two-digit years below it are 20xx, the others 19xx
_PLACEHOLDER = re.compile(r"\{([^{}]*)\}")


@dataclass(frozen=True)
class DiarienummerPattern:
    """A diarienummer pattern `text` compiled to a regular expression."""

    text: str
    regex: re.Pattern[str]

    @classmethod
    def compile(cls, text: str) -> DiarienummerPattern:
        """Return the pattern `text` compiled, or raise ValueError if it is malformed."""
        return _compile(text)

    def format(self, parts: dict[str, str]) -> str:
        """Return the pattern with each placeholder replaced by its value in `parts`."""

        def value(match: re.Match[str]) -> str:
            if match.group(1) not in parts:
                raise ValueError(f"diarienummermönstret ”{self.text}” kräver {match.group(0)}")
            return parts[match.group(1)]

        return _PLACEHOLDER.sub(value, self.text)

    def example(self) -> str:
        """Return an example diarienummer in this pattern."""
        return self.format({name: example for name, (_, _, example) in _PARTS.items()})


@lru_cache(maxsize=64)
def _compile(text: str) -> DiarienummerPattern:
    """Return the pattern `text` compiled, or raise ValueError if it is malformed."""
    regex: list[str] = []
    seen: list[str] = []
    position = 0
    for match in _PLACEHOLDER.finditer(text):
        name = match.group(1)
        if name not in _PARTS:
            known = ", ".join(f"{{{part}}}" for part in _PARTS)
            raise ValueError(
                f"diarienummermönstret ”{text}” har en okänd del {{{name}}} (kända: {known})"
            )
        if name in seen:
            raise ValueError(f"diarienummermönstret ”{text}” har {{{name}}} mer än en gång")
        seen.append(name)
        regex.append(_literal(text, text[position : match.start()]))
        group, part_regex, _ = _PARTS[name]
        regex.append(f"(?P<{group}>{part_regex})")
        position = match.end()
    regex.append(_literal(text, text[position:]))
    missing = [f"{{{name}}}" for name in _REQUIRED if name not in seen]
    if "år" in seen and "åå" in seen:
        raise ValueError(f"diarienummermönstret ”{text}” har både {{år}} och {{åå}}")
    if "år" not in seen and "åå" not in seen:
        missing.insert(0, "{år} (eller {åå})")
    if missing:
        raise ValueError(f"diarienummermönstret ”{text}” saknar {' och '.join(missing)}")
    return DiarienummerPattern(text, re.compile("".join(regex)))


def _literal(text: str, literal: str) -> str:
    """Return `literal` (a piece of the pattern `text`) escaped for a regex."""
    if "{" in literal or "}" in literal:
        raise ValueError(
            f"diarienummermönstret ”{text}” har en klammer som inte hör till en del som {{år}}"
        )
    return re.escape(literal)


@dataclass(frozen=True)
class Diarienummer:
    """A diarienummer: its parts and the `pattern` it is written in."""

    prefix: str | None
    ar: int
    lopnummer: str
    klass: str | None
    pattern: str

    def __post_init__(self) -> None:
        """Check that the parts fit the pattern and read back unchanged."""
        match = DiarienummerPattern.compile(self.pattern).regex.fullmatch(self._format())
        if match is None or _parts(match) != (self.prefix, self.ar, self.lopnummer, self.klass):
            raise ValueError(f"diarienumret {self!r} passar inte mönstret ”{self.pattern}”")

    @classmethod
    def parse(cls, text: str, pattern: str) -> Diarienummer:
        """Return the diarienummer in `text`, which must follow `pattern`.

        >>> dnr = Diarienummer.parse(" KFKS 2012/577-001 ", "KFKS {år}/{löpnummer}-{klass}")
        >>> dnr.ar, dnr.lopnummer, dnr.klass
        (2012, '577', '001')
        >>> str(dnr)
        'KFKS 2012/577-001'
        >>> dnr = Diarienummer.parse("KS 05-292 531", "{prefix} {åå}-{löpnummer} {klass}")
        >>> dnr.ar, str(dnr)
        (2005, 'KS 05-292 531')
        """
        compiled = DiarienummerPattern.compile(pattern)
        text = text.strip()
        match = compiled.regex.fullmatch(text)
        if match is None:
            raise ValueError(
                f"diarienummer ”{text}” följer inte mönstret ”{pattern}” "
                f"(exempel: {compiled.example()})"
            )
        prefix, ar, lopnummer, klass = _parts(match)
        return cls(prefix, ar, lopnummer, klass, pattern)

    def __str__(self) -> str:
        """Return the diarienummer in the canonical form of its pattern."""
        return self._format()

    def _format(self) -> str:
        """Return the parts written in the pattern, or raise ValueError if one is missing."""
        parts: dict[str, str | None] = {
            "prefix": self.prefix,
            "år": f"{self.ar:04d}",
            "åå": f"{self.ar % 100:02d}",
        }
        parts |= {"löpnummer": self.lopnummer, "klass": self.klass}
        present = {name: value for name, value in parts.items() if value is not None}
        return DiarienummerPattern.compile(self.pattern).format(present)


def _parts(match: re.Match[str]) -> tuple[str | None, int, str, str | None]:
    """Return prefix, year, serial and class from a `match` of a pattern's regex."""
    groups = match.groupdict()
    if groups.get("ar") is not None:
        year = int(groups["ar"])
    else:
        short = int(groups["aa"])
        year = (2000 if short < _CENTURY_PIVOT else 1900) + short
    return groups.get("prefix"), year, groups["lopnummer"], groups.get("klass")
