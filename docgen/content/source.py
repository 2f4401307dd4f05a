"""Reading content files as text, with the checks a hand-edited file needs.

A content file must be a regular file (a named pipe, device or symbolic-link loop is
named in one line, never waited on), UTF-8 text (a byte order mark is accepted and
dropped), not empty, not huge, and free of characters that XML 1.0 cannot carry: such a
character would make a broken Word file, so it is reported with its line and column.
"""

from __future__ import annotations

import errno
import os
import re
import stat
from pathlib import Path

from docgen.errors import ContentError, error_reason

MAX_BYTES = 5 * 1024 * 1024
"""The largest content file docgen reads; a tjänsteskrivelse is a few tens of kB."""

_NOT_IN_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def read_text(path: Path) -> str:
    """Return the text of the content file at `path`, or raise `ContentError` saying why not."""
    data = _read_regular_file(path)
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
    return f"otillåtet kontrolltecken U+{ord(character):04X} (det kan inte stå i ett Word-dokument)"


def broken_link(exc: OSError) -> str:
    """Return why a path whose target cannot be looked up (`exc`) is passed over."""
    if exc.errno == errno.ELOOP:
        return "länken går i en slinga (den pekar till slut på sig själv)"
    if isinstance(exc, FileNotFoundError):
        return "länken pekar på något som inte finns"
    return f"kan inte läsas ({error_reason(exc)})"


def not_regular(mode: int) -> str:
    """Return why a file of `mode` that is neither a regular file nor a folder is not read."""
    kind = (
        "en namngiven pipe (FIFO)"
        if stat.S_ISFIFO(mode)
        else "en socket"
        if stat.S_ISSOCK(mode)
        else "en enhetsfil"
    )
    return f"ingen vanlig fil utan {kind}; docgen läser bara vanliga filer"


def not_readable(path: Path) -> ContentError | None:
    """Return why the content file `path` cannot be read, for what only a look can tell, or None.

    A link loop, a missing file, a folder or a named pipe (which would make a read wait
    forever) are told apart here, before anything opens the file.
    """
    try:
        mode = os.stat(path).st_mode
    except FileNotFoundError:
        return None if not path.is_symlink() else ContentError(_broken_link_of(path), path)
    except OSError as exc:
        return ContentError(broken_link(exc), path)
    if stat.S_ISREG(mode) or stat.S_ISDIR(mode):
        return None
    return ContentError(not_regular(mode), path)


def _broken_link_of(path: Path) -> str:
    """Return why the dangling link `path` cannot be read."""
    return broken_link(FileNotFoundError(2, "No such file or directory", str(path)))


def _read_regular_file(path: Path) -> bytes:
    """Return the bytes of the regular file at `path`; anything else is a `ContentError`.

    The file is opened without blocking and checked before reading, so a named pipe or
    a device never makes docgen wait for input that does not come.
    """
    problem = not_readable(path)
    if problem is not None:
        raise problem
    try:
        flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0)
        descriptor = os.open(path, flags)
    except OSError as exc:
        raise ContentError(_cannot_open(exc), path) from exc
    info = os.fstat(descriptor)  # before fdopen, which refuses a folder in English
    if not stat.S_ISREG(info.st_mode):
        os.close(descriptor)
        if stat.S_ISDIR(info.st_mode):
            raise ContentError(
                "är en mapp, inte en fil; ange en fil i den (docgen check tar hela mappar)", path
            )
        raise ContentError(not_regular(info.st_mode), path)
    with os.fdopen(descriptor, "rb") as file:
        if info.st_size > MAX_BYTES:
            raise ContentError(
                f"filen är för stor ({info.st_size / 1024 / 1024:.0f} MB; högst "
                f"{MAX_BYTES // 1024 // 1024} MB för en innehållsfil)",
                path,
            )
        try:
            data = file.read(MAX_BYTES + 1)
        except OSError as exc:
            raise ContentError(_cannot_open(exc), path) from exc
    if len(data) > MAX_BYTES:
        raise ContentError(
            f"filen är för stor (högst {MAX_BYTES // 1024 // 1024} MB för en innehållsfil)", path
        )
    return data


def _cannot_open(exc: OSError) -> str:
    """Return, in Swedish, why a content file could not be opened or read."""
    if exc.errno == errno.ENOENT:
        return "filen finns inte"
    if exc.errno == errno.EISDIR:
        return "är en mapp, inte en fil"
    if exc.errno in (errno.EACCES, errno.EPERM) and os.path.isdir(exc.filename or ""):
        return "är en mapp, inte en fil"
    if exc.errno in (errno.EACCES, errno.EPERM):
        return "filen kan inte läsas (behörighet saknas)"
    if exc.errno == errno.ELOOP:
        return broken_link(exc)
    if exc.errno in (errno.ENXIO, errno.ENODEV):
        return (
            "är ingen vanlig fil (utan t.ex. en socket eller en enhet); "
            "docgen läser bara vanliga filer"
        )
    if exc.errno == errno.ENOTDIR:
        return "filen finns inte (en del av sökvägen är ingen mapp)"
    code = errno.errorcode.get(exc.errno or 0, str(exc.errno))
    return f"filen kan inte läsas (systemfel {code})"
