"""The template contract: what each document type gives its template, written once.

Each document module has a frozen dataclass, `Context`, whose fields are the variables
its template may use, each described in Swedish with `variable("…")`; structured
values are dataclasses of their own (the anslag, the justering, each paragraf), and
lists say their element type. From these the README's tables (templates/guide.py), the
static check of a kommun's template (template_check.py, names and attributes) and the
values the template is given (`as_context`) are all read, so they cannot drift apart.
"""

from __future__ import annotations

from dataclasses import field, fields, is_dataclass
from typing import Any, get_args, get_origin, get_type_hints

DESCRIPTION = "beskrivning"
"""The key of a field's metadata that holds its Swedish description."""


def variable(description: str) -> Any:
    """Return a dataclass field that a template may use, described by `description`."""
    return field(metadata={DESCRIPTION: description})


def as_context(values: Any) -> dict[str, Any]:
    """Return the fields of the context dataclass `values` by name, for the renderer.

    The values themselves are passed on, not copied: nested dataclasses stay objects
    whose attributes the template reads.
    """
    return {f.name: getattr(values, f.name) for f in fields(values)}


def variables(context: type) -> dict[str, str]:
    """Return each variable of the context dataclass `context` with its description."""
    return {f.name: f.metadata[DESCRIPTION] for f in fields(context)}


def attributes(annotation: Any) -> dict[str, Any] | None:
    """Return the attributes a template may read from a value of type `annotation`, each
    with its type; None where the value is not a contract's dataclass (a text, a date).
    """
    if not (isinstance(annotation, type) and is_dataclass(annotation)):
        return None
    hints = get_type_hints(annotation)
    return {f.name: hints[f.name] for f in fields(annotation)}


def element(annotation: Any) -> Any:
    """Return the type of the items of a list of type `annotation`, or None if not a list."""
    if get_origin(annotation) in (list, tuple):
        arguments = get_args(annotation)
        return arguments[0] if arguments else None
    return None
