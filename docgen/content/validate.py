"""Checking loaded data against the typed model, with every problem in Swedish at its line."""

from __future__ import annotations

import difflib
import types
import typing
from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError

from docgen.content.yamlfile import Key, Located
from docgen.errors import ContentError, ProblemList

M = TypeVar("M", bound=BaseModel)

_MESSAGES = {
    "string_type": "ska vara en text",
    "string_too_short": "får inte vara tom",
    "list_type": "ska vara en lista (rader som börjar med -)",
    "too_short": "får inte vara tom",
    "model_type": "ska vara en uppsättning nycklar och värden",
    "dict_type": "ska vara en uppsättning nycklar och värden",
    "int_type": "ska vara ett heltal",
    "int_parsing": "ska vara ett heltal",
    "bool_type": "ska vara ja eller nej",
    "bool_parsing": "ska vara ja eller nej",
    "date_type": "ska vara ett datum (ÅÅÅÅ-MM-DD)",
    "time_type": "ska vara ett klockslag (TT.MM)",
    "time_parsing": "ska vara ett klockslag (TT.MM)",
    "text_or_list": "ska vara en text eller en lista (rader som börjar med -)",
}


def validate(model: type[M], located: Located) -> M:
    """Return `located`'s data as a `model`, or raise every problem with its line."""
    if located.data is None:
        raise located.error("filen innehåller inga uppgifter")
    try:
        return model.model_validate(located.data)
    except ValidationError as exc:
        errors = _one_per_union(exc.errors(), located.data)
        problems: list[ContentError] = []
        for err in errors:
            problem = _problem(model, located, err)
            if str(problem) not in map(str, problems):  # `{paragrafer: 1, 2, 3}` is one
                problems.append(problem)
        problems.sort(key=lambda problem: problem.line or 0)
        raise ProblemList.combine(problems) from exc


def _one_per_union(errors: list[Any], data: Any) -> list[Any]:
    """Return `errors` with one error per value that may be a text or a list, not one of each.

    pydantic reports a value that fits neither side of `Text | list[Text]` once per side;
    the side the user meant is the one whose shape the value has.
    """
    result, seen = [], set()
    for err in errors:
        loc = tuple(err["loc"])
        cut = next((i for i, part in enumerate(loc) if part in _UNION_MEMBERS), None)
        if cut is None:
            result.append(err)
            continue
        place, as_list = loc[:cut], str(loc[cut]).startswith("list")
        value = _value_at(data, place)
        if isinstance(value, (str, list)):
            if as_list == isinstance(value, list):
                result.append({**err, "loc": place + loc[cut + 1 :]})
        elif place not in seen:
            seen.add(place)
            result.append({**err, "loc": place, "type": "text_or_list"})
    return result


def _value_at(data: Any, key: Key) -> Any:
    """Return the loaded value at `key` in `data`, or None where there is none."""
    for part in key:
        try:
            data = data[part]
        except (KeyError, IndexError, TypeError):
            return None
    return data


def _problem(model: type[BaseModel], located: Located, err: Any) -> ContentError:
    """Return one pydantic error `err` as a Swedish `ContentError` at its line."""
    key: Key = tuple(err["loc"])
    kind = err["type"]
    name = _label(key)
    if kind == "missing":
        return located.error(f"uppgiften ”{key[-1]}” saknas{_under(key[:-1])}", key[:-1])
    if kind == "extra_forbidden":
        split = _split_numbers(located.data, key)
        if split:
            return located.error(f"{_label(key[:-1])}: {split}", key)
        return located.error(_unknown_key(model, key), key)
    if kind == "literal_error":
        expected = err["ctx"]["expected"].replace("'", "”").replace(" or ", " eller ")
        return located.error(f"{name}: ska vara {expected}, inte ”{err['input']}”", key)
    if kind in ("date_from_datetime_parsing", "date_parsing", "date_from_datetime_inexact"):
        return located.error(
            f"{name}: ”{err['input']}” är inget giltigt datum (skriv ÅÅÅÅ-MM-DD, t.ex. 2014-11-24)",
            key,
        )
    if kind in ("bool_type", "bool_parsing") and isinstance(err.get("input"), str):
        return located.error(f"{name}: ska vara ja eller nej, inte ”{err['input']}”", key)
    if kind == "too_long":
        return located.error(f"{name}: får ha högst {err['ctx']['max_length']} poster", key)
    if kind == "greater_than_equal":
        minimum = err["ctx"]["ge"]
        return located.error(f"{name}: ska vara minst {minimum}, inte ”{err['input']}”", key)
    if kind == "value_error":
        return located.error(f"{name}: {err['ctx']['error']}", key)
    if kind == "string_type" and isinstance(err.get("input"), dict) and len(err["input"]) == 1:
        return located.error(
            f"{name}: ska vara en text, men ett kolon (:) följt av mellanslag "
            "gör den till en uppgift; sätt texten inom citattecken",
            key,
        )
    message = _MESSAGES.get(kind, "ogiltigt värde")
    return located.error(f"{name}: {message}", key)


_NAMES = {
    "avsandare": "avsändare",
    "forslag_till_beslut": "förslag till beslut",
    "forvaringsplats": "förvaringsplats",
    "forsta_paragraf": "första paragraf",
    "ordforande": "ordförande",
    "ledamoter": "ledamöter",
    "tjanstgorande_ersattare": "tjänstgörande ersättare",
    "ersatter": "ersätter",
    "ej_tjanstgorande_ersattare": "ej tjänstgörande ersättare",
    "ovriga_narvarande": "övriga närvarande",
    "arende": "ärende",
    "arendet": "ärendet",
    "tidigare_behandling": "tidigare behandling",
    "beslutsgang": "beslutsgång",
    "omrostning": "omröstningen",
    "jav": "jäv",
    "omedelbar_justering": "omedelbar justering",
}
"""How a user names a key, where the key is spelt without å, ä and ö or as two words."""

_ENTRIES = {
    "forslag_till_beslut": "förslag till beslut, punkt {n}",
    "beslut": "beslut, punkt {n}",
    "underskrifter": "underskrift {n}",
    "bilagor": "bilaga {n}",
    "organ": "organ {n}",
    "personer": "person {n}",
    "paragrafer": "paragraf {n} i filen",
    "ledamoter": "ledamot {n}",
    "tjanstgorande_ersattare": "tjänstgörande ersättare {n}",
    "ej_tjanstgorande_ersattare": "ej tjänstgörande ersättare {n}",
    "justerare": "justerare {n}",
    "handlingar": "handling {n}",
    "tidigare_behandling": "tidigare behandling {n}",
    "yrkanden": "yrkande {n}",
    "reservationer": "reservation {n}",
    "protokollsanteckningar": "protokollsanteckning {n}",
    "jav": "jäv, namn {n}",
    "expedieras": "expedieras, mottagare {n}",
}
"""How a user names the `n`th entry of a list, by the list's key."""

_UNION_MEMBERS = {"str", "list[constrained-str]", "constrained-str"}
"""The parts pydantic adds to an error's place for a value that may be a text or a list."""


def _label(key: Key) -> str:
    """Return how a user names the value at `key`, e.g. `förslag till beslut, punkt 2`."""
    parts: list[str] = []
    for index, part in enumerate(key):
        if isinstance(part, int):
            listing = key[index - 1] if index else ""
            entry = _ENTRIES.get(str(listing), "{listing}, nummer {n}")
            name = _NAMES.get(str(listing), str(listing))
            if parts and parts[-1] == name:
                parts.pop()
            parts.append(entry.format(n=part + 1, listing=name))
        elif part in ("roster", "[key]"):
            continue  # the votes are named by who cast them; a key by itself
        else:
            parts.append(_NAMES.get(part, part))
    return ", ".join(parts) or "filen"


def _under(key: Key) -> str:
    """Return ' i underskrift 1' for a nested `key`, nothing at the top."""
    return f" i {_label(key)}" if key else ""


def _unknown_key(model: type[BaseModel], key: Key) -> str:
    """Return the message for an unknown key, suggesting the allowed key it resembles."""
    allowed = _fields_at(model, key[:-1])
    message = f"okänd uppgift ”{key[-1]}”{_under(key[:-1])}"
    close = difflib.get_close_matches(str(key[-1]), allowed, n=1, cutoff=0.6)
    if close:
        return f"{message}; menade du ”{close[0]}”?"
    if allowed:
        return f"{message}; tillåtna är: {', '.join(allowed)}"
    return message


def _split_numbers(data: Any, key: Key) -> str | None:
    """Return what to write instead, where `{paragrafer: 80, 81}` made `81` a key of its own.

    Inside `{ }` a comma ends a value, so the paragraph numbers after the first become
    keys without a value; the numbers are read again from the mapping, in order.
    """
    mapping = _value_at(data, key[:-1])
    if not isinstance(mapping, dict) or not str(key[-1]).isdigit():
        return None
    items = list(mapping.items())
    first = next((i for i, (k, v) in enumerate(items) if str(k).isdigit() and v is None), None)
    if not first or not str(items[first - 1][1]).strip()[-1:].isdigit():
        return None
    name, start = items[first - 1]
    numbers = [str(start).strip()]
    numbers += [str(k) for k, v in items[first:] if str(k).isdigit() and v is None]
    return (
        f"inom {{ }} skiljer ett komma uppgifterna åt, så ”{', '.join(numbers[1:])}” blev "
        f'egna uppgifter; sätt paragrafnumren inom citattecken: {name}: "{", ".join(numbers)}"'
    )


def _fields_at(model: type[BaseModel], key: Key) -> list[str]:
    """Return the field names of the model found by following `key` from `model`."""
    current: Any = model
    for part in key:
        current = _unwrap(current)
        if isinstance(part, int):
            args = typing.get_args(current)
            current = args[0] if args else None
        elif isinstance(current, type) and issubclass(current, BaseModel):
            info = current.model_fields.get(part)
            current = info.annotation if info else None
        else:
            return []
    current = _unwrap(current)
    if isinstance(current, type) and issubclass(current, BaseModel):
        return list(current.model_fields)
    return []


def _unwrap(annotation: Any) -> Any:
    """Return `annotation` without `| None`."""
    if isinstance(annotation, types.UnionType) or typing.get_origin(annotation) is typing.Union:
        rest = [a for a in typing.get_args(annotation) if a is not type(None)]
        return rest[0] if len(rest) == 1 else annotation
    return annotation
