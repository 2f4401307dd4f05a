"""Reading content files as text, with the checks a hand-edited file needs.

A content file must be UTF-8 text (a byte order mark is accepted and dropped), not
empty, not huge, and free of characters that XML 1.0 cannot carry: such a character
would make a broken Word file, so it is reported with its line and column instead.
"""

from __future__ import annotations

import re
from pathlib import Path

from docgen.errors import ContentError

MAX_BYTES = 5 * 1024 * 1024
"""The largest content file docgen reads; a tjänsteskrivelse is a few tens of kB."""

_NOT_IN_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def read_text(path: Path) -> str:
    """Return the text of the content file at `path`, or raise `ContentError` saying why not."""
    try:
        size = path.stat().st_size
        if size > MAX_BYTES:
            raise ContentError(
                f"filen är för stor ({size / 1024 / 1024:.0f} MB; högst "
                f"{MAX_BYTES // 1024 // 1024} MB för en innehållsfil)",
                path,
            )
        data = path.read_bytes()
    except FileNotFoundError as exc:
        raise ContentError("filen finns inte", path) from exc
    except IsADirectoryError as exc:
        raise ContentError("är en mapp, inte en fil", path) from exc
    except PermissionError as exc:
        raise ContentError("filen kan inte läsas (behörighet saknas)", path) from exc
    if b"\x00" in data:
        line = data[: data.index(b"\x00")].count(b"\n") + 1
        raise ContentError("filen är ingen textfil (den innehåller binära data)", path, line)
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise ContentError(
            f"filen är inte sparad som UTF-8 (byte 0x{data[exc.start]:02X}); "
            "spara om den med teckenkodningen UTF-8",
            path,
            line,
        ) from exc
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    if not text.strip():
        raise ContentError("filen är tom", path, 1)
    bad = _NOT_IN_XML.search(text)
    if bad:
        line = text.count("\n", 0, bad.start()) + 1
        column = bad.start() - (text.rfind("\n", 0, bad.start()) + 1) + 1
        raise ContentError(
            f"{not_in_xml_message(bad.group())} i kolumn {column}; ta bort det", path, line
        )
    return text


def first_not_in_xml(text: str) -> str | None:
    """Return the first character of `text` that XML 1.0 cannot carry, or None."""
    found = _NOT_IN_XML.search(text)
    return found.group() if found else None


def not_in_xml_message(character: str) -> str:
    """Return the message for a `character` that cannot stand in a Word document."""
    return (
        f"otillåtet kontrolltecken U+{ord(character):04X} "
        "(det kan inte stå i ett Word-dokument)"
    )
