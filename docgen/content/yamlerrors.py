"""What the YAML parser stumbled on, told in Swedish with the fix, never in its English.

PyYAML reports a problem as an English phrase and a position (`expected <block end>,
but found '<scalar>'`). Read together with the line itself, the position usually says
what the user did: a colon or a `#` in a text, a text starting with a quotation mark,
a list item indented unlike the others. Each becomes one Swedish sentence, with the
corrected line where there is one to show.
"""

from __future__ import annotations

import re

import yaml

_CURLY_QUOTES = "”“„«»‘’"
_LONGEST_KEY = 1024
"""The longest key YAML reads without quotation marks (its "simple key" limit)."""


def explain(exc: yaml.MarkedYAMLError, lines: list[str]) -> tuple[str, int | None]:
    """Return, in Swedish, what the YAML parser `exc` stumbled on and the 0-based line.

    `lines` are the YAML text's lines; the parser's English never reaches the user.
    """
    problem, context = exc.problem or "", exc.context or ""
    mark = exc.problem_mark or exc.context_mark
    line = mark.line if mark else None
    text = lines[line] if line is not None and line < len(lines) else ""
    before = text[: mark.column] if mark else ""
    if problem == "alias":
        return "YAML-alias (*namn) stöds inte; skriv ut värdet där det behövs", line
    if "'\\t'" in problem or "\t" in problem or "tab character" in problem:
        return "tabbtecken i indraget; YAML kräver mellanslag", line
    if "quoted scalar" in context and exc.context_mark is not None:
        if "escape" in problem:
            return (
                'ett omvänt snedstreck (\\) inom "…" inleder ett specialtecken; skriv \\\\ '
                "för ett snedstreck, eller sätt texten inom '…' i stället"
            ), line
        return "ett citattecken öppnas här men stängs aldrig", exc.context_mark.line
    if "mapping values are not allowed" in problem:
        return _stray_colon(lines, line or 0, before)
    if "could not find expected ':'" in problem:
        where = exc.context_mark.line if exc.context_mark else line
        written = lines[where] if where is not None and where < len(lines) else ""
        key = written.split(":", 1)[0].strip()
        if len(key) > _LONGEST_KEY and ":" in written:
            return (
                f"nyckeln före kolonet är {len(key)} tecken lång; YAML tar högst "
                f"{_LONGEST_KEY} (en lång text hör hemma efter kolonet)"
            ), where
        return "raden saknar kolon (:) efter nyckeln (skriv t.ex. rubrik: Text)", where
    if "',' or '}'" in problem or "',' or ']'" in problem:
        closing = "}" if "}" in problem else "]"
        if exc.context_mark and re.search(r"\s#", lines[exc.context_mark.line]):
            return (
                f"# efter ett mellanslag inleder en kommentar, så resten av raden försvinner "
                f"och {closing} saknas; sätt texten med # inom citattecken"
            ), exc.context_mark.line
        if before.rstrip()[-1:] in ("'", '"'):
            quote = before.rstrip()[-1]
            other = "'" if quote == '"' else '"'
            return (
                f"en text som börjar med ett citattecken ({quote}) slutar vid nästa "
                f"citattecken, så resten kan inte läsas; sätt hela texten inom {other}…{other}"
            ), line
        return (
            f"i {'{' if closing == '}' else '['}…{closing} ska delarna skiljas med kommatecken "
            f"och {closing} stänga på samma rad; sätt text som innehåller {{ }} [ ] , eller : "
            "inom citattecken"
        ), line
    if "cannot start any token" in problem:
        found = re.search(r"'(.+?)'", problem)
        sign = found.group(1) if found else (text[mark.column] if mark and text else "?")
        if sign in ("\t", "\\t"):
            return "tabbtecken i indraget; YAML kräver mellanslag", line
        return f"tecknet {sign} får inte inleda en text här; sätt texten inom citattecken", line
    if "block scalar" in context:
        return (
            "efter | eller > ska raden sluta; skriv texten på raderna under, "
            "indragen mer än nyckeln"
        ), line
    if "single document" in context or "document separator" in problem:
        return (
            "en rad med tre bindestreck (---) delar filen i två; "
            "ta bort den (en fil innehåller ett enda dokument)"
        ), line
    if "<block end>" in problem or "did not find expected" in problem:
        return _block_end(lines, line or 0, before)
    if "unhashable" in problem or "mapping keys" in problem:
        return "en nyckel måste vara en enkel text", line
    return (
        "raden går inte att läsa som YAML; kontrollera citattecken, kolon (:) och indraget, "
        "och sätt texten inom citattecken om den innehåller tecken som # : [ ] { }"
    ), line


def _stray_colon(lines: list[str], line: int, before: str) -> tuple[str, int]:
    """Explain a colon where YAML allows none, at `line`; `before` is the text before it."""
    head, value = _split(before)
    if head:
        if value[:1] in _CURLY_QUOTES:
            return (
                "texten innehåller ett kolon (:) och står inom typografiska citattecken "
                f"({value[0]}…{value[0]}), som inte räknas som citattecken här; sätt den inom "
                f"raka citattecken: {example(lines[line])}"
            ), line
        if value[:1] in "\"'":
            return _quote_start(lines[line]), line
        return (
            "ett kolon (:) där det inte får stå; sätt texten inom citattecken: "
            f"{example(lines[line])}"
        ), line
    above = _line_above(lines, line)
    if above >= 0:
        previous = lines[above].strip()
        if ":" not in previous and not previous.startswith("-"):
            return "raden saknar kolon (:) efter nyckeln (skriv t.ex. rubrik: Text)", above
        if ":" in previous and ": " not in previous and not previous.endswith(":"):
            return "efter kolon (:) ska ett mellanslag stå (skriv t.ex. rubrik: Text)", above
    return (
        "indraget stämmer inte: raden är indragen under en rad som redan har ett värde; "
        "dra in den lika långt som raderna på samma nivå"
    ), line


def _block_end(lines: list[str], line: int, before: str) -> tuple[str, int]:
    """Explain text left over after a value at `line`, where YAML expected a new line."""
    head, value = _split(before)
    if head and value[:1] in "\"'":
        return _quote_start(lines[line]), line
    if head and value[:1] in "[{":
        return (
            f"texten börjar med {value[0]}, som YAML läser som början på en lista; "
            f"sätt texten inom citattecken: {example(lines[line])}"
        ), line
    text = lines[line] if line < len(lines) else ""
    if text.lstrip().startswith("- ") and not head:
        above = _line_above(lines, line)
        indent = len(text) - len(text.lstrip())
        above_indent = len(lines[above]) - len(lines[above].lstrip()) if above >= 0 else 0
        if above >= 0 and indent > above_indent:
            return (
                "raden börjar med - men är indragen längre än punkten ovanför; dra in den "
                "lika långt som de andra punkterna"
            ), line
        if above >= 0 and lines[above].lstrip().startswith("- "):
            return (
                "raden börjar med - men är indragen kortare än punkten ovanför; dra in "
                "punkterna i en lista lika långt"
            ), line
        return (
            "en lista (rader som börjar med -) kan inte stå bland uppgifter (nyckel: värde) "
            "på samma nivå; dra in listan under sin nyckel"
        ), line
    return (
        "indraget stämmer inte; kontrollera att raderna på samma nivå börjar lika långt in "
        "(och att en lista bara har rader som börjar med -)"
    ), line


def _quote_start(text: str) -> str:
    """Explain a value on the line `text` that starts with a quotation mark and goes on after it."""
    quote = _split(text)[1][:1]
    other = "'" if quote == '"' else '"'
    return (
        f"texten börjar med ett citattecken ({quote}), så bara det som står inom "
        "citattecknen blir texten och resten kan inte läsas; sätt hela texten inom "
        f"{other}…{other}: {example(text, other)}"
    )


_KEY_OR_ITEM = re.compile(r"(\s*(?:-\s+)*(?:[^\s\"'#\-{\[][^:]*?:\s+)?)(.*)$")


def _split(text: str) -> tuple[str, str]:
    """Return the line `text` as its `key: ` or `- ` part and its value ('' and all if neither)."""
    found = _KEY_OR_ITEM.match(text)
    assert found is not None  # the pattern matches every line
    head, value = found.groups()
    return (head, value) if head.strip() else ("", text)


def example(text: str, quote: str = '"') -> str:
    """Return the line `text` with its value in `quote` marks, shortened, as a fix to show."""
    head, value = _split(text)
    value = value.strip()
    if value[:1] in _CURLY_QUOTES and value[-1:] in _CURLY_QUOTES:
        value = value[1:-1]
    if len(value) > 40:
        value = value[:40].rstrip() + " …"
    return f"{head.strip()} {quote}{value}{quote}".strip()


def _line_above(lines: list[str], line: int) -> int:
    """Return the index of the nearest line above `line` with content, or -1."""
    above = line - 1
    while above >= 0 and (not lines[above].strip() or lines[above].lstrip().startswith("#")):
        above -= 1
    return above
