"""Starting a content file right: every field of its type, with what goes where in Swedish.

`docgen new TYPE` writes a new organisation file, tjänsteskrivelse or meeting file. The
fields and their order come from the content model (`docgen.model`), the comments from
the same Swedish descriptions the JSON Schemas carry (`docgen.schema.DESCRIPTIONS`), so
a field added to the model is in the next new file too. What the user must write stands
as `""`, which `docgen check` reports at its line until it is filled in; optional fields
are left empty. The date is the one given (today, by default, chosen by the caller), and
a tjänsteskrivelse gets the next free löpnummer in its organ's diarienummer series when
the content tree has numbers of that series and year.
"""

from __future__ import annotations

import json
import textwrap
import typing
from collections.abc import Collection
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from pydantic import BaseModel

from docgen.content.organisation import FILENAME, LoadedOrganisation, find_organisation
from docgen.content.tree import ContentTree
from docgen.diarienummer import Diarienummer, DiarienummerPattern
from docgen.errors import ContentError, DocgenError, OutputError, error_reason
from docgen.model import Organ
from docgen.schema import NEW_FILES, PLAIN_TEXT_FOR, description

SUFFIXES = {
    "organisation": ".yaml",
    "tjansteskrivelse": ".md",
    "sammantrade": ".yaml",
    "foredragningslista": ".yaml",
}
"""The file name ending of each type's content file."""

_WIDTH = 92

NEXT_NOTE = "# nästa lediga nummer"
"""The comment beside a diarienummer `docgen new` filled in."""

CLASS_NOTE = "; lägg till ärendets klass sist"
"""Added to `NEXT_NOTE` where the organ's pattern ends with a class the user must choose."""

AFTER_THE_MEETING = ("deltagare", "justering", "anslag")
"""What a meeting file begun as an agenda leaves out: a file with `deltagare` is closed."""

AFTER_THE_MEETING_NOTE = (
    "Efter sammanträdet skrivs deltagare, justering och besluten in i samma fil; då blir den "
    "protokollet (docgen close). docgen new sammantrade visar alla uppgifter ett protokoll har."
)

BODY = "## Sammanfattning\n\n## Ärendet\n\n## Ekonomiska konsekvenser\n"
"""The sections a new tjänsteskrivelse starts with."""


@dataclass(frozen=True)
class Context:
    """What a new file is filled in from: its date, and the tree and organ where known."""

    today: date
    organ: str | None = None
    organisation: LoadedOrganisation | None = None
    tree: ContentTree | None = None


def default_name(typ: str, context: Context) -> str:
    """Return the file name a new file of `typ` gets when only a folder is named."""
    if typ == "organisation":
        return FILENAME
    if typ in ("sammantrade", "foredragningslista"):
        return f"{context.today.isoformat()}-{(context.organ or 'sammantrade').lower()}.yaml"
    return f"{context.today.isoformat()}-ny-tjansteskrivelse.md"


def new_file(typ: str, output: Path, today: date, organ: str | None = None) -> Path:
    """Write a new content file of `typ` at `output` (a file or an existing folder); return it.

    `today` is the file's date. The organisation file is looked for from `output`'s
    folder up, as `docgen check` does; where there is one, `organ` must be one of its
    codes and the tree is searched for the organ's diarienummer series. An existing file
    is never written over.
    """
    if typ not in NEW_FILES:
        raise OutputError(f"okänd typ ”{typ}”; välj en av: {', '.join(NEW_FILES)}", output)
    context = Context(today, organ)
    target = output / default_name(typ, context) if output.is_dir() else output
    if typ != "organisation":
        context = _with_tree(context, target)
    if target.suffix.lower() not in ((".md",) if typ == "tjansteskrivelse" else (".yaml", ".yml")):
        raise OutputError(f"filen ska sluta på {SUFFIXES[typ]}", target)
    write_new(target, text(typ, context))
    return target


def _with_tree(context: Context, target: Path) -> Context:
    """Return `context` with the organisation and content tree `target` would belong to."""
    try:
        organisation_file = find_organisation(target.parent)
    except ContentError:
        return context  # no tree (yet): the file is written without its facts
    tree = ContentTree.around(organisation_file, target.parent)
    organisation = tree.organisation()
    if context.organ is not None and organisation.organ(context.organ) is None:
        known = ", ".join(o.kod for o in organisation.organisation.organ)
        raise ContentError(
            f"organet ”{context.organ}” finns inte här (där finns: {known})", organisation.path
        )
    return Context(context.today, context.organ, organisation, tree)


def write_new(path: Path, content: str) -> None:
    """Write `content` to a new file at `path`, or raise `OutputError` if something is there."""
    exists = OutputError(
        "filen finns redan; docgen new skriver aldrig över en fil (välj ett annat namn med -o)",
        path,
    )
    if path.exists() or path.is_symlink():
        raise exists
    if not path.parent.is_dir():
        raise OutputError("mappen finns inte", path.parent)
    try:
        with path.open("x", encoding="utf-8", newline="\n") as stream:
            stream.write(content)
    except FileExistsError as exc:
        raise exists from exc
    except OSError as exc:
        path.unlink(missing_ok=True)
        raise OutputError(f"filen kan inte skrivas ({error_reason(exc)})", path) from exc


def text(typ: str, context: Context) -> str:
    """Return the text of a new content file of `typ`, filled in from `context`."""
    model = NEW_FILES[typ]
    values = _values(typ, context)
    lines = [f"# {line}" for line in _intro(typ, context)]
    later = AFTER_THE_MEETING if typ == "foredragningslista" else ()
    lines += _fields(model, values, 0, context.today, skip=later)
    if later:
        lines += [f"# {line}" for line in textwrap.wrap(AFTER_THE_MEETING_NOTE, _WIDTH - 2)]
    front = "\n".join(lines) + "\n"
    if typ == "tjansteskrivelse":
        return f"---\n{front}---\n{BODY}"
    return front


def _intro(typ: str, context: Context) -> list[str]:
    """Return the comment lines that open a new file of `typ`."""
    what = {
        "organisation": "Ny organisationsfil, påbörjad",
        "tjansteskrivelse": "Ny tjänsteskrivelse, påbörjad",
        "sammantrade": "Nytt sammanträde, påbörjat",
        "foredragningslista": "Nytt sammanträde (föredragningslistan före mötet), påbörjat",
    }[typ]
    lines = [
        f"{what} med docgen new {context.today.isoformat()}.",
        'Skriv det som ska stå där det står "" och fyll i de tomma uppgifter som behövs;',
        "rader som börjar med # är förklaringar och kan tas bort. Kontrollera med docgen check.",
    ]
    if typ == "tjansteskrivelse":
        lines.append("Texten skrivs under raden --- nedan, i avsnitt som börjar med ##.")
    return lines


def _values(typ: str, context: Context) -> dict[str, str]:
    """Return the top-level values known for a new file of `typ`, written as YAML."""
    values: dict[str, str] = {}
    if context.organ is not None:
        values["organ"] = _quoted(context.organ)
    if typ == "tjansteskrivelse":
        following = _next_diarienummer(context)
        values["diarienummer"] = _quoted(following or "")
        if following is not None:
            values["diarienummer"] += f"  {NEXT_NOTE}" + (CLASS_NOTE if _has_class(context) else "")
    return values


def _has_class(context: Context) -> bool:
    """Return whether the organ's diarienummer pattern has a class part ({klass})."""
    if context.organisation is None or context.organ is None:
        return False
    organ = context.organisation.organ(context.organ)
    return organ is not None and "{klass}" in context.organisation.pattern(organ)


def _next_diarienummer(context: Context) -> str | None:
    """Return the next free diarienummer of the organ's series this year (class left out)."""
    if context.tree is None or context.organisation is None or context.organ is None:
        return None
    organ = context.organisation.organ(context.organ)
    assert organ is not None
    return next_diarienummer(context.tree, context.organisation, organ, context.today.year)


def next_diarienummer(
    tree: ContentTree, organisation: LoadedOrganisation, organ: Organ, year: int
) -> str | None:
    """Return the next free number of `organ`'s diarienummer series in `year`, or None.

    The series is every diarienummer in the tree written in the organ's pattern (with
    the organ's code as prefix, where the pattern has one) in `year`: the next free
    löpnummer follows the highest, as wide as the widest. The class is left empty for
    the user, since it depends on the case. None when the tree shows no such number.
    """
    pattern = organisation.pattern(organ)
    prefix = organ.kod if "{prefix}" in pattern else None
    found = [
        dnr
        for value in _texts_in(tree)
        if (dnr := _parse(value, pattern)) is not None and dnr.ar == year and dnr.prefix == prefix
    ]
    if not found:
        return None
    width = max(len(dnr.lopnummer) for dnr in found)
    highest = max(int(dnr.lopnummer) for dnr in found)
    parts = {
        "prefix": prefix or "",
        "år": f"{year:04d}",
        "åå": f"{year % 100:02d}",
        "löpnummer": f"{highest + 1:0{width}d}",
        "klass": "",
    }
    try:
        return DiarienummerPattern.compile(pattern).format(parts)
    except ValueError:
        return None


def _parse(text: str, pattern: str) -> Diarienummer | None:
    """Return `text` as a diarienummer of `pattern`, or None when it is not one."""
    try:
        return Diarienummer.parse(text, pattern)
    except ValueError:
        return None


def _texts_in(tree: ContentTree) -> list[str]:
    """Return every text value in the tree's content files (front matter for .md), once each."""
    texts: set[str] = set()
    for path in tree.walked.files:
        try:
            data = tree.front_matter(path)[0].data if path.suffix == ".md" else tree.read(path).data
        except DocgenError:
            continue  # a broken file has no number to give; docgen check reports it
        pending = [data]
        while pending:
            value = pending.pop()
            if isinstance(value, dict):
                pending.extend(value.values())
            elif isinstance(value, list):
                pending.extend(value)
            elif isinstance(value, str) and len(value) < 100:
                texts.add(value)
    return sorted(texts)


def _fields(
    model: type[BaseModel],
    values: dict[str, str],
    indent: int,
    today: date,
    skip: Collection[str] = (),
) -> list[str]:
    """Return the YAML lines of every field of `model` but those in `skip`, each under its
    Swedish comment.
    """
    pad = " " * indent
    lines: list[str] = []
    for name, info in model.model_fields.items():
        if name in skip:
            continue
        about = description(model, name)
        if about:
            lines += textwrap.wrap(
                about, _WIDTH - indent, initial_indent=f"{pad}# ", subsequent_indent=f"{pad}# "
            )
        if name in values:
            lines.append(f"{pad}{name}: {values[name]}")
            continue
        lines += _field(
            name,
            info.annotation,
            info.is_required(),
            info.get_default(call_default_factory=True),
            indent,
            today,
        )
    return lines


def _field(
    name: str, annotation: Any, required: bool, default: Any, indent: int, today: date
) -> list[str]:
    """Return the YAML lines of one field `name` of type `annotation`, as a new file has it."""
    pad = " " * indent
    origin = typing.get_origin(annotation)
    if origin is typing.Literal:
        return [f"{pad}{name}: {typing.get_args(annotation)[0]}"]
    if not required:
        if default is None or isinstance(default, bool | int | str):
            return [f"{pad}{name}:{_scalar(default)}"]
        if default == []:
            return [f"{pad}{name}: []"]
        if default == {}:
            return [f"{pad}{name}: {{}}"]
        return [f"{pad}# {name}: (utelämnad: docgens standardval gäller)"]
    if annotation is date:
        return [f"{pad}{name}: {today.isoformat()}"]
    if _is_model(annotation):
        return [f"{pad}{name}:", *_fields(annotation, {}, indent + 2, today)]
    if origin is list:
        (item,) = typing.get_args(annotation)
        if _is_model(item):
            nested = _fields(item, {}, indent + 4, today)
            first = next(i for i, line in enumerate(nested) if not line.lstrip().startswith("#"))
            nested[:first] = [f"{pad}  {line.lstrip()}" for line in nested[:first]]
            nested[first] = f"{pad}  - {nested[first].lstrip()}"
            return [f"{pad}{name}:", *nested]
        return [f"{pad}{name}:", f'{pad}  - ""']
    return [f'{pad}{name}: ""']


def _is_model(annotation: Any) -> bool:
    """Return whether `annotation` is a model written as a mapping (not one a name stands for)."""
    return (
        isinstance(annotation, type)
        and issubclass(annotation, BaseModel)
        and not any(base.__name__ in PLAIN_TEXT_FOR for base in annotation.__mro__)
    )


def _scalar(value: Any) -> str:
    """Return a default `value` after a key's colon: nothing for None, else a space and YAML."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return " true" if value else " false"
    return f" {_quoted(value) if isinstance(value, str) else value}"


def _quoted(value: str) -> str:
    """Return `value` as a double-quoted YAML text."""
    return json.dumps(value, ensure_ascii=False)
