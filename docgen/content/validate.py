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
    "bool_type": "ska vara true eller false",
    "bool_parsing": "ska vara true eller false",
    "date_type": "ska vara ett datum (ÅÅÅÅ-MM-DD)",
    "time_type": "ska vara ett klockslag (TT.MM)",
    "time_parsing": "ska vara ett klockslag (TT.MM)",
}


def validate(model: type[M], located: Located) -> M:
    """Return `located`'s data as a `model`, or raise every problem with its line."""
    if located.data is None:
        raise located.error("filen innehåller inga uppgifter")
    try:
        return model.model_validate(located.data)
    except ValidationError as exc:
        problems: list[ContentError] = [_problem(model, located, err) for err in exc.errors()]
        problems.sort(key=lambda problem: problem.line or 0)
        raise ProblemList.combine(problems) from exc


def _problem(model: type[BaseModel], located: Located, err: Any) -> ContentError:
    """Return one pydantic error `err` as a Swedish `ContentError` at its line."""
    key: Key = tuple(err["loc"])
    kind = err["type"]
    name = _label(key)
    if kind == "missing":
        return located.error(f"uppgiften ”{key[-1]}” saknas{_under(key[:-1])}", key[:-1])
    if kind == "extra_forbidden":
        return located.error(_unknown_key(model, key), key)
    if kind == "literal_error":
        expected = err["ctx"]["expected"].replace("'", "”").replace(" or ", " eller ")
        return located.error(f"{name}: ska vara {expected}, inte ”{err['input']}”", key)
    if kind in ("date_from_datetime_parsing", "date_parsing", "date_from_datetime_inexact"):
        return located.error(
            f"{name}: ”{err['input']}” är inget giltigt datum (skriv ÅÅÅÅ-MM-DD, t.ex. 2014-11-24)",
            key,
        )
    if kind == "too_long":
        return located.error(f"{name}: får ha högst {err['ctx']['max_length']} poster", key)
    if kind == "value_error":
        return located.error(f"{name}: {err['ctx']['error']}", key)
    message = _MESSAGES.get(kind, f"ogiltigt värde ({err['msg']})")
    return located.error(f"{name}: {message}", key)


def _label(key: Key) -> str:
    """Return how a user names the value at `key`, e.g. `underskrifter[2].titel`."""
    text = ""
    for part in key:
        text += f"[{part + 1}]" if isinstance(part, int) else (f".{part}" if text else part)
    return text or "filen"


def _under(key: Key) -> str:
    """Return ' i underskrifter[1]' for a nested `key`, nothing at the top."""
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
