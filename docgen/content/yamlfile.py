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
from docgen.content.yamlerrors import example, explain
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


MAX_DEPTH = 50
"""The deepest nesting of lists and keys docgen reads; its content needs fewer than ten."""

_LINE_BREAK = re.compile("\r\n|[\r\n\x85\u2028\u2029]")
"""What YAML counts as the end of a line, so its marks and our lines agree."""

_DEEP = (
    "uppgifterna ligger inuti varandra i mer än {depth} nivåer, och så djupt går inget "
    "innehåll i docgen; kontrollera indraget och klamrarna"
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


def _too_deep(text: str, path: Path, first_line: int) -> ContentError:
    """Return the error for YAML `text` nested deeper than `MAX_DEPTH`, at its first such line."""
    depth = 0
    try:
        for event in yaml.parse(text, Loader=yaml.SafeLoader):
            if isinstance(event, yaml.CollectionStartEvent):
                depth += 1
                if depth > MAX_DEPTH and event.start_mark is not None:
                    line = event.start_mark.line + first_line
                    return ContentError(_DEEP.format(depth=MAX_DEPTH), path, line)
            elif isinstance(event, yaml.CollectionEndEvent):
                depth -= 1
    except yaml.YAMLError:
        pass
    return ContentError(_DEEP.format(depth=MAX_DEPTH), path, first_line)


def load_yaml(text: str, path: Path, first_line: int = 1) -> Located:
    """Load the YAML `text` of `path`, whose first line is line `first_line` of the file."""
    if "\t" in text or "\ufeff" in text or _BLOCK_COMMENT.search(text) or _deep(text):
        return _load_slowly(text, path, first_line)  # where the parsers disagree: as before
    fast = _FastLoader(text)
    try:
        node = fast.get_single_node()
        located = Located(data=None, path=path)
        if node is not None:
            source = _Source(_LINE_BREAK.split(text), first_line)
            located.data = _construct(node, (), located, fast, source, set())
        return located
    except (yaml.YAMLError, _Alias, RecursionError, ContentError):
        pass  # read again below: whatever is wrong is said as the Python parser finds it
    finally:
        fast.dispose()
    return _load_slowly(text, path, first_line)


def _deep(text: str) -> bool:
    """Return whether `text` may nest deeper than `MAX_DEPTH`, which the C parser is not
    asked to find out (it may run out of stack): by its brackets or its indentation."""
    depth = 0
    for bracket in _BRACKETS.sub("", text):
        depth += 1 if bracket in "[{" else -1
        if depth > MAX_DEPTH:
            return True
    indents = (len(line) - len(line.lstrip(" ")) for line in text.splitlines())
    return max(indents, default=0) > 2 * MAX_DEPTH


_BRACKETS = re.compile(r"[^\[\]{}]+")


def _load_slowly(text: str, path: Path, first_line: int) -> Located:
    """Load the YAML `text` of `path` with the Python parser, refusing aliases as it goes."""
    loader = _Loader(text)
    lines = _LINE_BREAK.split(text)
    try:
        node = loader.get_single_node()
    except yaml.MarkedYAMLError as exc:
        message, line = explain(exc, lines)
        raise ContentError(message, path, None if line is None else line + first_line) from exc
    except yaml.YAMLError as exc:
        raise ContentError(
            "filen går inte att läsa som YAML; kontrollera citattecken, kolon och indrag",
            path,
            first_line,
        ) from exc
    except RecursionError as exc:
        raise _too_deep(text, path, first_line) from exc
    finally:
        loader.dispose()
    located = Located(data=None, path=path)
    if node is None:
        return located
    try:
        located.data = _construct(node, (), located, loader, _Source(lines, first_line), set())
    except RecursionError as exc:
        raise _too_deep(text, path, first_line) from exc
    return located


@dataclass(frozen=True)
class _Source:
    """The lines of a YAML text and the file line of its first: for checks the parser skips."""

    lines: list[str]
    first_line: int

    def after(self, mark: yaml.Mark) -> str:
        """Return the rest of the line from `mark` on."""
        return self.lines[mark.line][mark.column :] if mark.line < len(self.lines) else ""


def _construct(
    node: yaml.Node, key: Key, into: Located, loader: Any, source: _Source, seen: set[int]
) -> Any:
    """Build the Python value of `node` at `key`, recording lines in `into`.

    `seen` holds the identity of every node built so far: one met again is an alias.
    """
    if id(node) in seen:
        raise _Alias()
    seen.add(id(node))
    first_line = source.first_line
    into.lines.setdefault(key, node.start_mark.line + first_line)
    if len(key) > MAX_DEPTH:
        raise ContentError(_DEEP.format(depth=MAX_DEPTH), into.path, into.lines[key])
    sign = source.after(node.start_mark)[:1]
    if sign in ("&", "!"):
        raise ContentError(
            f"en text som börjar med {sign} läses som YAML-kod (ett ankare eller en tagg) och "
            "ändras eller försvinner; sätt texten inom citattecken",
            into.path,
            into.lines[key],
        )
    if isinstance(node, yaml.MappingNode):
        result: dict[str, Any] = {}
        for key_node, value_node in node.value:
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
            result[name] = _construct(value_node, key + (name,), into, loader, source, seen)
        return result
    if isinstance(node, yaml.SequenceNode):
        return [
            _construct(item, key + (index,), into, loader, source, seen)
            for index, item in enumerate(node.value)
        ]
    if isinstance(node, yaml.ScalarNode) and node.style in ("|", ">"):
        into.block_scalars.add(key)
    if isinstance(node, yaml.ScalarNode) and not node.style and node.value:  # plain: None or ""
        _check_plain(node, into, source)
    value = loader.construct_object(node)
    if isinstance(value, str) and (bad := first_not_in_xml(value)):
        raise ContentError(not_in_xml_message(bad), into.path, into.lines[key])
    return value


def _check_plain(node: yaml.ScalarNode, into: Located, source: _Source) -> None:
    """Refuse what YAML would silently drop from an unquoted text: a comment, a merged item.

    `rubrik: Tilläggsanslag #2` is the text "Tilläggsanslag" and a comment, and a list item
    indented further than the one above it becomes part of that item's text. A comment
    set apart as comments are, `utfall: ja  # förberedande` (two spaces, `# `), is one.
    """
    start, end = node.start_mark, node.end_mark
    if (
        re.match(r"-\w", source.after(start))
        and not source.lines[start.line][: start.column].strip()
    ):
        raise ContentError(
            "efter - ska ett mellanslag stå (skriv t.ex. - Text)",
            into.path,
            start.line + source.first_line,
        )
    for line in range(start.line + 1, min(end.line + 1, len(source.lines))):
        if source.lines[line].lstrip().startswith("- "):
            raise ContentError(
                "raden börjar med - men är indragen längre än punkten ovanför, så den blir en "
                "del av den punktens text; dra in den lika långt som de andra punkterna",
                into.path,
                line + source.first_line,
            )
    rest = source.after(end)
    if re.match(r"\s+#", rest) and not re.match(r"\s{2,}#(\s|$)", rest):  # "  # note" is one
        raise ContentError(
            "texten slutar vid # (det som står efter # räknas som en kommentar och kommer "
            f"inte med); sätt texten inom citattecken: {example(source.lines[end.line])}",
            into.path,
            end.line + source.first_line,
        )


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
