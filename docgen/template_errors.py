"""Where a template's Jinja goes wrong, in one Swedish line naming the tag.

`render.TaggedTemplate` puts every tag of a template on a line of its own (after an
empty Jinja comment holding the line break, so the output is unchanged): the line Jinja
reports for an error, or the template line in an exception's traceback, is then the
tag, which the message quotes. Any exception raised while a template renders (a
variable docgen does not give, a filter given the wrong thing, Python internals the
sandbox refuses, one of the sandbox's limits, memory running out, a syntax error)
becomes one such line.
"""

from __future__ import annotations

import re

import jinja2
from jinja2.exceptions import SecurityError

from docgen import swedish
from docgen.sandbox import LimitExceeded

_LINE_TAG = re.compile(r"#\}(\{\{.*?\}\}|\{%.*?%\})", re.DOTALL)


def render_message(exc: Exception, sources: list[str]) -> str:
    """Return the Swedish line for `exc`, raised while the Jinja of `sources` ran."""
    tag = _failing_tag(exc, sources)
    where = f" (i ”{tag}”)" if tag else ""
    if isinstance(exc, LimitExceeded):  # its message says which limit, in Swedish
        return f"{exc}{where}"
    if isinstance(exc, MemoryError):
        return (
            "mallen behövde mer minne än datorn har och stoppades "
            f"(bygger den en väldigt lång text eller lista?){where}"
        )
    if isinstance(exc, SecurityError):
        return "mallen försöker använda något som inte är tillåtet i en mall" + (
            where or f" ({exc})"
        )
    if isinstance(exc, jinja2.UndefinedError):
        return _undefined_message(exc) + where
    if isinstance(exc, jinja2.TemplateSyntaxError):
        return syntax_message(exc, tag)
    name = _failing_filter(exc)
    if name:
        return f"mallen kan inte fyllas i: filtret ”{name}” fick ett värde det inte kan visa{where}"
    return f"mallen kan inte fyllas i: ett värde passar inte till det mallen gör med det{where}"


def syntax_message(exc: jinja2.TemplateSyntaxError, tag: str | None) -> str:
    """Return a Swedish line for a Jinja syntax error found at `tag`."""
    text = exc.message or ""
    unknown = re.search(r"Encountered unknown tag '(\w+)'", text)
    block = re.search(r"innermost block that needs to be closed is '(\w+)'", text)
    token = re.search(r"expected token '([^']+)', got '([^']+)'|unexpected '([^']+)'", text)
    if unknown and block:
        says = f"taggen ”{unknown[1]}” passar inte här: ”{block[1]}” före den är inte avslutad"
    elif unknown:
        says = f"taggen ”{unknown[1]}” finns inte"
    elif "end of template" in text.lower():
        says = (
            f"”{block[1]}” avslutas aldrig; ”end{block[1]}” saknas"
            if block
            else "mallen tar slut mitt i en tagg"
        )
    elif token:
        says = f"”{token[2] or token[3]}” kan inte stå där"
    else:
        says = "koden går inte att läsa"
    if "end of template" in text.lower():  # the line is the part's last, not the mistake's
        tag = None
    return f"fel i mallens Jinja-kod: {says}" + (f" (i ”{tag}”)" if tag else "")


def tag_at(source: str, line: int | None) -> str | None:
    """Return the tag that starts line `line` of the Jinja `source` made by `TaggedTemplate`."""
    lines = source.split("\n")
    found = _LINE_TAG.match(lines[line - 1]) if line and 0 < line <= len(lines) else None
    return " ".join(found.group(1).split()) if found else None


def tag_with(sources: list[str], pattern: str) -> str | None:
    """Return the first tag in the Jinja `sources` made by `TaggedTemplate` that `pattern`
    (a regular expression) matches, or None.
    """
    for source in sources:
        for line in source.split("\n"):
            found = _LINE_TAG.match(line)
            if found and re.search(pattern, found.group(1)):
                return " ".join(found.group(1).split())
    return None


def _failing_tag(exc: Exception, sources: list[str]) -> str | None:
    """Return the tag of the template part that was rendering when `exc` was raised.

    `TaggedTemplate` puts each tag on a line of its own, so the line Jinja reports is a tag.
    """
    line = getattr(exc, "lineno", None) if isinstance(exc, jinja2.TemplateSyntaxError) else None
    traceback = exc.__traceback__
    while traceback is not None:
        if traceback.tb_frame.f_code.co_filename == "<template>":
            line = traceback.tb_lineno
        traceback = traceback.tb_next
    return tag_at(sources[-1], line) if sources else None


def _failing_filter(exc: Exception) -> str | None:
    """Return the name of docgen's filter that raised `exc`, if one did."""
    names = {getattr(f, "__code__", None): name for name, f in swedish.FILTERS.items()}
    failing = None
    traceback = exc.__traceback__
    while traceback is not None:
        failing = names.get(traceback.tb_frame.f_code, failing)
        traceback = traceback.tb_next
    return failing


def _undefined_message(exc: jinja2.UndefinedError) -> str:
    """Return a Swedish message for a template that uses a variable docgen does not give."""
    match = re.search(r"'([^']+)' is undefined", exc.message or "")
    if match:
        return f"mallen använder variabeln ”{match.group(1)}”, som docgen inte ger den"
    match = re.search(r"has no attribute '([^']+)'", exc.message or "")
    if match:
        return f"mallen använder ”{match.group(1)}”, som docgen inte ger den"
    return f"mallen använder något som docgen inte ger den ({exc.message})"
