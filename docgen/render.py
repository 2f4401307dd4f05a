"""Rendering a Word template with docxtpl in a sandbox, and finishing the package.

Templates come from outside the code (each municipality's own), so their Jinja runs
in Jinja's `SandboxedEnvironment`, with `StrictUndefined` (a misspelt variable is an
error, not an empty gap) and autoescaping. Content never becomes template code: it
enters only as context values, so `{{ x }}` typed by an official appears literally.
"""

from __future__ import annotations

import io
import re
import zipfile
from collections.abc import Collection, Mapping
from contextvars import ContextVar
from dataclasses import dataclass
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

import docxtpl.subdoc  # noqa: F401  (imports docxcompose now, so the fix below holds)
import jinja2
from docx.oxml.ns import nsmap
from docxtpl import DocxTemplate
from jinja2 import meta, nodes
from jinja2.exceptions import SecurityError
from jinja2.sandbox import SandboxedEnvironment
from markupsafe import escape

from docgen import swedish
from docgen.errors import TemplateError
from docgen.markdown import Block, Inline
from docgen.package import deterministic_zip
from docgen.word import REQUIRED_STYLES, WordWriter, find_style

# docxcompose, which docxtpl's subdocuments use, rebinds python-docx's global "cp" prefix
# to the custom-properties namespace when imported; core properties set after that would
# land in the wrong namespace and fail the schema. Bind the prefix back once, here.
nsmap["cp"] = "http://schemas.openxmlformats.org/package/2006/metadata/core-properties"

LAST_MODIFIED_BY = "docgen"
CORE_PROPERTY_LIMIT = 255

# docxtpl turns `{_{`, `}_}`, `{_%` and `%_}` back into Jinja delimiters after rendering;
# content containing them must come out unchanged, so that underscore goes in as a
# character reference, which only the XML parser resolves.
_DOCXTPL_UNDERSCORE = re.compile(r"(?<=\{)_(?=[{%])|(?<=[}%])_(?=\})")


_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_TAG_START = re.compile(r"\{[{%](-?)")
_PARAGRAPH_START = re.compile(r"<w:p[ >]")
_LINE_TAG = re.compile(r"#\}(\{\{.*?\}\}|\{%.*?%\})", re.DOTALL)

RECORDED_CONTEXTS: ContextVar[list[dict[str, Any]] | None] = ContextVar(
    "RECORDED_CONTEXTS", default=None)
"""Where `Rendering.render` puts each context it renders, while a template check listens."""


@dataclass(frozen=True)
class Properties:
    """The core properties a rendered document carries (title, subject, author, date)."""

    title: str
    subject: str
    author: str
    day: date


def environment() -> SandboxedEnvironment:
    """Return the sandboxed Jinja environment templates run in, with docgen's filters."""
    env = SandboxedEnvironment(undefined=jinja2.StrictUndefined, autoescape=True)
    for name in ("cycler", "joiner", "namespace", "lipsum"):  # objects a template has no use for
        env.globals.pop(name, None)
    env.filters.update(swedish.FILTERS)
    return env


class Text(str):
    """A content text: escaped for XML when a template shows it, and never read as Jinja."""

    __slots__ = ()

    def __html__(self) -> str:
        return _DOCXTPL_UNDERSCORE.sub("&#95;", str(escape(str(self))))


class _Subdocument:
    """WordprocessingML for a `{{p name }}` tag, guarded like `Text` against docxtpl."""

    def __init__(self, xml: str) -> None:
        self.xml = xml

    def __html__(self) -> str:
        return _DOCXTPL_UNDERSCORE.sub("&#95;", self.xml)


class Rendering:
    """One document being rendered from the template at `path`."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.template = _open_template(path)
        self.document = self.template.get_docx()
        missing = [name for name in REQUIRED_STYLES if find_style(self.document, name) is None]
        if missing:
            raise TemplateError(
                "mallen saknar formatmallarna " + ", ".join(f"”{m}”" for m in missing), path
            )
        self.writer = WordWriter(self.document)

    def blocks(self, blocks: tuple[Block, ...]) -> _Subdocument:
        """Return a subdocument holding `blocks`, for a `{{p name }}` tag."""
        subdoc = self.template.new_subdoc()
        self.writer.write(subdoc, blocks)
        return _Subdocument(str(subdoc))

    def numbered(self, items: list[Inline]) -> _Subdocument:
        """Return a subdocument holding `items` as a numbered list, or one plain paragraph."""
        subdoc = self.template.new_subdoc()
        if len(items) == 1:
            self.writer.paragraph(subdoc, items[0], "Normal")
        else:
            self.writer.numbered(subdoc, items)
        return _Subdocument(str(subdoc))

    def render(self, context: Mapping[str, Any], properties: Properties) -> bytes:
        """Return the finished .docx for `context`, with `properties` set.

        Whatever goes wrong while the template's Jinja runs is one `TemplateError`
        naming the template and, where it can be found, the tag.
        """
        recorder = RECORDED_CONTEXTS.get()
        if recorder is not None:
            recorder.append(dict(context))
        try:
            self.template.render(dict(context), environment())
        except TemplateError:
            raise
        except Exception as exc:  # a template's mistake, whatever its kind
            raise TemplateError(_render_message(exc, self.template.sources), self.path) from exc
        _set_properties(self.document, properties)
        buffer = io.BytesIO()
        self.template.save(buffer)
        return deterministic_zip(buffer.getvalue())


def contract_problems(path: Path, variables: Collection[str]) -> list[TemplateError]:
    """Return what the template at `path` needs that docgen's contract does not offer.

    That is: styles it lacks, Jinja syntax errors, and variables or filters it uses
    beyond `variables` and the sandbox's filters.
    """
    template = _open_template(path)
    document = template.get_docx()
    problems = [
        TemplateError(f"formatmallen ”{name}” saknas", path)
        for name in REQUIRED_STYLES
        if find_style(document, name) is None
    ]
    problems += [
        TemplateError(f"mallen använder formatmallen ”{style}”, som inte finns i mallen", path)
        for style in _missing_style_references(template)
    ]
    env = environment()
    try:
        tree = _parse(env, _jinja_sources(template))
    except jinja2.TemplateSyntaxError as exc:
        return [*problems, TemplateError(_syntax_message(exc, getattr(exc, "tag", None)), path)]
    unknown_filters = sorted({node.name for node in tree.find_all(nodes.Filter)} - set(env.filters))
    for name in unknown_filters:  # stand-ins, so the variables can still be found
        env.filters[name] = str
    offered = ", ".join(sorted(variables))
    for name in sorted(meta.find_undeclared_variables(tree) - set(variables)):
        problems.append(TemplateError(
            f"variabeln ”{name}” finns inte i kontraktet (docgen ger: {offered})", path
        ))
    problems.extend(TemplateError(f"filtret ”{name}” finns inte", path) for name in unknown_filters)
    return problems


def _missing_style_references(template: DocxTemplate) -> list[str]:
    """Return the ids of styles the template's body, headers or footers use but lacks.

    Word and LibreOffice show such text in the default style without a word.
    """
    document = template.get_docx()
    defined = {style.style_id for style in document.styles}
    elements = [document.element] + [
        relation.target_part.element for relation in document.part.rels.values()
        if relation.reltype in (template.HEADER_URI, template.FOOTER_URI)
    ]
    used = {
        reference.get(f"{_W}val")
        for element in elements
        for reference in element.iter(f"{_W}pStyle", f"{_W}rStyle", f"{_W}tblStyle")
    }
    return sorted(style for style in used - defined if style)


def jinja_tree(path: Path) -> nodes.Template:
    """Return the Jinja syntax tree of the template at `path` (body, headers and footers)."""
    return _parse(environment(), _jinja_sources(_open_template(path)))


def _parse(env: SandboxedEnvironment, sources: list[str]) -> nodes.Template:
    """Return one syntax tree of the template parts `sources`, each parsed on its own.

    A syntax error carries the tag it was found at, as `tag`.
    """
    body: list[nodes.Node] = []
    for source in sources:
        try:
            body += env.parse(source).body
        except jinja2.TemplateSyntaxError as exc:
            exc.tag = _tag_at(source, exc.lineno)  # type: ignore[attr-defined]
            raise
    tree = nodes.Template(body, lineno=1)
    tree.set_environment(env)
    return tree


def _render_message(exc: Exception, sources: list[str]) -> str:
    """Return the Swedish line for `exc`, raised while the Jinja of `sources` ran."""
    tag = _failing_tag(exc, sources)
    where = f" (i ”{tag}”)" if tag else ""
    if isinstance(exc, SecurityError):
        return "mallen försöker använda något som inte är tillåtet i en mall" + (
            where or f" ({exc})")
    if isinstance(exc, jinja2.UndefinedError):
        return _undefined_message(exc) + where
    if isinstance(exc, jinja2.TemplateSyntaxError):
        return _syntax_message(exc, tag)
    name = _failing_filter(exc)
    if name:
        return f"mallen kan inte fyllas i: filtret ”{name}” fick ett värde det inte kan visa{where}"
    return f"mallen kan inte fyllas i: ett värde passar inte till det mallen gör med det{where}"


def _syntax_message(exc: jinja2.TemplateSyntaxError, tag: str | None) -> str:
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
        says = (f"”{block[1]}” avslutas aldrig; ”end{block[1]}” saknas" if block
                else "mallen tar slut mitt i en tagg")
    elif token:
        says = f"”{token[2] or token[3]}” kan inte stå där"
    else:
        says = "koden går inte att läsa"
    if "end of template" in text.lower():  # the line is the part's last, not the mistake's
        tag = None
    return f"fel i mallens Jinja-kod: {says}" + (f" (i ”{tag}”)" if tag else "")


def _tag_at(source: str, line: int | None) -> str | None:
    """Return the tag that starts line `line` of the Jinja `source` made by `_Template`."""
    lines = source.split("\n")
    found = _LINE_TAG.match(lines[line - 1]) if line and 0 < line <= len(lines) else None
    return " ".join(found.group(1).split()) if found else None


def _failing_tag(exc: Exception, sources: list[str]) -> str | None:
    """Return the tag of the template part that was rendering when `exc` was raised.

    `_Template` puts each tag on a line of its own, so the line Jinja reports is a tag.
    """
    line = getattr(exc, "lineno", None) if isinstance(exc, jinja2.TemplateSyntaxError) else None
    traceback = exc.__traceback__
    while traceback is not None:
        if traceback.tb_frame.f_code.co_filename == "<template>":
            line = traceback.tb_lineno
        traceback = traceback.tb_next
    return _tag_at(sources[-1], line) if sources else None


def _failing_filter(exc: Exception) -> str | None:
    """Return the name of docgen's filter that raised `exc`, if one did."""
    names = {getattr(f, "__code__", None): name for name, f in swedish.FILTERS.items()}
    failing = None
    traceback = exc.__traceback__
    while traceback is not None:
        failing = names.get(traceback.tb_frame.f_code, failing)
        traceback = traceback.tb_next
    return failing


def _jinja_sources(template: DocxTemplate) -> list[str]:
    """Return the Jinja source docxtpl makes of a template's body, headers and footers."""
    document = template.get_docx()
    sources: list[str] = [template.patch_xml(template.get_xml())]
    for relation in document.part.rels.values():
        if relation.reltype in (template.HEADER_URI, template.FOOTER_URI):
            sources.append(template.patch_xml(relation.target_part.blob.decode("utf-8")))
    return sources


# docxtpl has no type hints, so mypy sees its class as Any.
class _Template(DocxTemplate):  # type: ignore[misc]
    """A docxtpl template that keeps the Jinja source of each part it renders, every tag
    on a line of its own (after an empty Jinja comment holding the line break), so that
    the line Jinja reports for an error names the tag.
    """

    def __init__(self, path: Path) -> None:
        super().__init__(path)
        self.sources: list[str] = []

    def patch_xml(self, src_xml: str) -> str:
        """Return docxtpl's Jinja source of `src_xml`, each tag starting a line."""
        source: str = _TAG_START.sub(_line_break_before, super().patch_xml(src_xml))
        self.sources.append(_PARAGRAPH_START.sub(r"\n\g<0>", source))  # as docxtpl will
        return source


def _line_break_before(tag: re.Match[str]) -> str:
    """Return the start of `tag` after a comment holding a line break; a tag that strips
    the whitespace before it (``{%-``) has the comment strip it instead.
    """
    return ("{#-\n#}" if tag.group(1) else "{#\n#}") + tag.group(0)


def _open_template(path: Path) -> _Template:
    """Return the docxtpl template at `path`, or raise `TemplateError` saying what is wrong."""
    if not path.is_file():
        raise TemplateError("mallen finns inte", path)
    if not zipfile.is_zipfile(path):
        raise TemplateError("mallen är ingen Word-fil (.docx)", path)
    try:
        with zipfile.ZipFile(path) as archive:
            names = set(archive.namelist())
            archive.testzip()
    except (zipfile.BadZipFile, OSError, EOFError) as exc:
        raise TemplateError(f"mallen är skadad ({exc})", path) from exc
    if "word/document.xml" not in names:
        raise TemplateError("mallen är ingen Word-fil: word/document.xml saknas", path)
    template = _Template(path)
    try:
        template.init_docx()
    except Exception as exc:  # python-docx raises many kinds for a broken package
        raise TemplateError(f"mallen kan inte öppnas som Word-fil ({exc})", path) from exc
    return template


def _undefined_message(exc: jinja2.UndefinedError) -> str:
    """Return a Swedish message for a template that uses a variable docgen does not give."""
    match = re.search(r"'([^']+)' is undefined", exc.message or "")
    if match:
        return f"mallen använder variabeln ”{match.group(1)}”, som docgen inte ger den"
    match = re.search(r"has no attribute '([^']+)'", exc.message or "")
    if match:
        return f"mallen använder ”{match.group(1)}”, som docgen inte ger den"
    return f"mallen använder något som docgen inte ger den ({exc.message})"


def _property(value: str) -> str:
    """Return `value` shortened to the 255 characters a core property may hold."""
    return value if len(value) <= CORE_PROPERTY_LIMIT else value[: CORE_PROPERTY_LIMIT - 1] + "…"


def _set_properties(document: Any, properties: Properties) -> None:
    """Set the core properties from the content, nothing from the clock."""
    core = document.core_properties
    moment = datetime.combine(properties.day, datetime.min.time(), tzinfo=UTC)
    core.title = _property(properties.title)
    core.subject = _property(properties.subject)
    core.author = _property(properties.author)
    core.last_modified_by = LAST_MODIFIED_BY
    core.language = "sv-SE"
    core.created = moment
    core.modified = moment
    core.revision = 1
    core.comments = ""
    core.keywords = ""
