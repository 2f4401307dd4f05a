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
        raise ContentError("filen är ingen textfil (den innehåller binära data)", path)
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
            f"otillåtet kontrolltecken U+{ord(bad.group()):04X} i kolumn {column}; "
            "ta bort det (det kan inte stå i ett Word-dokument)",
            path,
            line,
        )
    return text
