"""YAML and Markdown front matter, loaded with the file line of every value.

Plain scalars stay text unless they are `true`, `false` or empty/`null`: YAML 1.1's
other guesses (`no` → False, `9:00` → 540, `2014-02-30` → a crash) surprise people
who write dates, times and party codes. The typed model converts text to dates and
numbers and says so when it cannot.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from docgen.content.source import first_not_in_xml, not_in_xml_message
from docgen.errors import ContentError

Key = tuple[str | int, ...]
"""Where a value sits in a loaded file: the keys and list indexes leading to it."""


@dataclass
class Located:
    """Loaded YAML data with the file `path` and the line of each value by its `Key`."""

    data: Any
    path: Path
    lines: dict[Key, int] = field(default_factory=dict)
    block_scalars: set[Key] = field(default_factory=set)
    """The keys whose text is a block (`|` or `>`): it starts on the line after its key."""

    def line(self, key: Key) -> int | None:
        """Return the line of `key`, or of the nearest enclosing value that has one."""
        while key:
            if key in self.lines:
                return self.lines[key]
            key = key[:-1]
        return self.lines.get((), None)

    def error(self, message: str, key: Key = ()) -> ContentError:
        """Return a `ContentError` with `message` at the line of `key`."""
        return ContentError(message, self.path, self.line(key))


class _Loader(yaml.SafeLoader):
    """A safe YAML loader that resolves only null and booleans; all else is text."""


def _refuse_aliases(loader: Any, parent: Any, index: Any) -> Any:
    """Compose a node, refusing YAML aliases (`*name`): they can recurse or explode in size."""
    if loader.check_event(yaml.AliasEvent):
        event = loader.peek_event()
        raise yaml.composer.ComposerError(None, None, "alias", event.start_mark)
    return yaml.composer.Composer.compose_node(loader, parent, index)


_Loader.compose_node = _refuse_aliases  # type: ignore[assignment,method-assign]
_Loader.yaml_implicit_resolvers = {}
_Loader.add_implicit_resolver(
    "tag:yaml.org,2002:bool", re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$"), list("tTfF")
)
_Loader.add_implicit_resolver(
    "tag:yaml.org,2002:null", re.compile(r"^(?:~|null|Null|NULL|)$"), ["~", "n", "N", ""]
)


class _FastLoader(getattr(yaml, "CSafeLoader", _Loader)):  # type: ignore[misc]
    """The same loader on libyaml's C parser, about ten times faster, where PyYAML has it.

    It keeps the marks (lines) of every node, but composes aliases in C, where they
    cannot be refused as they are parsed: an alias shows as one node met twice, and the
    file is then read again by `_Loader`, which refuses it at the alias's line. A file the
    C parser refuses is read again the same way, so every message comes from `_Loader`.
    Text with a tab, a byte order mark or `|#`, where the two parsers disagree (libyaml
    accepts tabs that PyYAML refuses), is read by `_Loader` alone, so the fast path
    changes no file's meaning.
    """

    yaml_implicit_resolvers = _Loader.yaml_implicit_resolvers


_BLOCK_COMMENT = re.compile(r"[|>][-+0-9]{0,2}#")
"""A block scalar's header with a comment right after it: libyaml takes it, PyYAML does not."""


class _Alias(Exception):
    """A node met a second time while constructing: the file uses a YAML alias."""


def _problem_in_swedish(exc: yaml.MarkedYAMLError) -> str:
    """Return a Swedish description of what the YAML parser `exc` stumbled on."""
    problem = exc.problem or ""
    if problem == "alias":
        return "YAML-alias (*namn) stöds inte; skriv ut värdet där det behövs"
    if "'\\t'" in problem or "\t" in problem:
        return "tabbtecken i indraget; YAML kräver mellanslag"
    if "mapping values are not allowed" in problem:
        return "ett kolon (:) där det inte får stå; sätt texten inom citattecken"
    if "could not find expected ':'" in problem:
        return "en rad saknar kolon (:) efter nyckeln"
    if "found undefined alias" in problem or "found unhashable key" in problem:
        return f"ogiltig YAML ({problem})"
    if "expected <block end>" in problem or "did not find expected" in problem:
        return "indraget stämmer inte; kontrollera att raderna på samma nivå börjar lika långt in"
    if "found character" in problem:
        return f"ett tecken som inte får inleda ett värde här ({problem}); sätt texten inom citattecken"
    if "while scanning a quoted scalar" in (exc.context or ""):
        return "ett citattecken öppnas men stängs aldrig"
    return f"ogiltig YAML ({problem or exc.context})"


def load_yaml(text: str, path: Path, first_line: int = 1) -> Located:
    """Load the YAML `text` of `path`, whose first line is line `first_line` of the file."""
    if "\t" in text or "\ufeff" in text or _BLOCK_COMMENT.search(text):
        return _load_slowly(text, path, first_line)  # where the parsers disagree: as before
    fast = _FastLoader(text)
    try:
        node = fast.get_single_node()
        located = Located(data=None, path=path)
        if node is not None:
            located.data = _construct(node, (), located, fast, first_line, set())
        return located
    except (yaml.YAMLError, _Alias):
        pass  # read again below, to refuse it in the words of the Python parser
    finally:
        fast.dispose()
    return _load_slowly(text, path, first_line)


def _load_slowly(text: str, path: Path, first_line: int) -> Located:
    """Load the YAML `text` of `path` with the Python parser, refusing aliases as it goes."""
    loader = _Loader(text)
    try:
        node = loader.get_single_node()
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + first_line if mark else None
        raise ContentError(_problem_in_swedish(exc), path, line) from exc
    except yaml.YAMLError as exc:
        raise ContentError(f"ogiltig YAML ({exc})", path, first_line) from exc
    finally:
        loader.dispose()
    located = Located(data=None, path=path)
    if node is None:
        return located
    located.data = _construct(node, (), located, loader, first_line, set())
    return located


def _construct(node: yaml.Node, key: Key, into: Located, loader: Any, first_line: int,
               seen: set[int]) -> Any:
    """Build the Python value of `node` at `key`, recording lines in `into`.

    `seen` holds the identity of every node built so far: one met again is an alias.
    """
    if id(node) in seen:
        raise _Alias()
    seen.add(id(node))
    into.lines.setdefault(key, node.start_mark.line + first_line)
    if isinstance(node, yaml.MappingNode):
        result: dict[str, Any] = {}
        for key_node, value_node in node.value:
            if id(key_node) in seen:
                raise _Alias()
            seen.add(id(key_node))
            line = key_node.start_mark.line + first_line
            if not isinstance(key_node, yaml.ScalarNode):
                raise ContentError("en nyckel måste vara en enkel text", into.path, line)
            name = str(key_node.value)
            if name in result:
                first = into.lines[key + (name,)]
                raise ContentError(
                    f"nyckeln ”{name}” förekommer två gånger (första gången på rad {first})",
                    into.path,
                    line,
                )
            into.lines[key + (name,)] = line
            result[name] = _construct(value_node, key + (name,), into, loader, first_line, seen)
        return result
    if isinstance(node, yaml.SequenceNode):
        return [
            _construct(item, key + (index,), into, loader, first_line, seen)
            for index, item in enumerate(node.value)
        ]
    if isinstance(node, yaml.ScalarNode) and node.style in ("|", ">"):
        into.block_scalars.add(key)
    value = loader.construct_object(node)
    if isinstance(value, str) and (bad := first_not_in_xml(value)):
        raise ContentError(not_in_xml_message(bad), into.path, into.lines[key])
    return value


def split_front_matter(text: str, path: Path) -> tuple[Located, str, int]:
    """Split Markdown `text` into its front matter, its body, and the body's first line."""
    lines = text.split("\n")
    if not lines or lines[0].strip() != "---":
        raise ContentError(
            "filen ska börja med en rad med tre bindestreck (---) följd av uppgifterna "
            "om ärendet (typ, datum, diarienummer, …) och ytterligare en rad ---",
            path,
            1,
        )
    for index in range(1, len(lines)):
        if lines[index].strip() in ("---", "..."):
            front = load_yaml("\n".join(lines[1:index]), path, first_line=2)
            body = "\n".join(lines[index + 1 :])
            return front, body, index + 2
    raise ContentError(
        "uppgifterna överst i filen avslutas aldrig med en rad med tre bindestreck (---)",
        path,
        1,
    )
