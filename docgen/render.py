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
from jinja2.sandbox import SandboxedEnvironment
from markupsafe import escape

from docgen import swedish
from docgen.errors import TemplateError
from docgen.markdown import Block, Inline
from docgen.package import deterministic_zip
from docgen.template_errors import render_message, syntax_message, tag_at, tag_with
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


_TAG_START = re.compile(r"\{[{%](-?)")
_PARAGRAPH_START = re.compile(r"<w:p[ >]")
_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
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
            raise TemplateError(render_message(exc, self.template.sources), self.path) from exc
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
    sources = _jinja_sources(template)
    try:
        tree = _parse(env, sources)
    except jinja2.TemplateSyntaxError as exc:
        return [*problems, TemplateError(syntax_message(exc, getattr(exc, "tag", None)), path)]
    unknown_filters = sorted({node.name for node in tree.find_all(nodes.Filter)} - set(env.filters))
    for name in unknown_filters:  # stand-ins, so the variables can still be found
        env.filters[name] = str
    offered = ", ".join(sorted(variables))
    for name in sorted(meta.find_undeclared_variables(tree) - set(variables)):
        where = _where(tag_with(sources, rf"(?<![\w.]){re.escape(name)}\b"))
        problems.append(TemplateError(
            f"variabeln ”{name}”{where} finns inte i kontraktet (docgen ger: {offered})", path
        ))
    for name in unknown_filters:
        where = _where(tag_with(sources, rf"\|\s*{re.escape(name)}\b"))
        problems.append(TemplateError(f"filtret ”{name}”{where} finns inte", path))
    return problems


def _where(tag: str | None) -> str:
    """Return ` (i ”tag”)` for a message, or nothing when the tag is not known."""
    return f" (i ”{tag}”)" if tag else ""


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
            exc.tag = tag_at(source, exc.lineno)  # type: ignore[attr-defined]
            raise
    tree = nodes.Template(body, lineno=1)
    tree.set_environment(env)
    return tree


def _jinja_sources(template: DocxTemplate) -> list[str]:
    """Return the Jinja source docxtpl makes of a template's body, headers and footers."""
    document = template.get_docx()
    sources: list[str] = [template.patch_xml(template.get_xml())]
    for relation in document.part.rels.values():
        if relation.reltype in (template.HEADER_URI, template.FOOTER_URI):
            sources.append(template.patch_xml(relation.target_part.blob.decode("utf-8")))
    return sources


# docxtpl has no type hints, so mypy sees its class as Any.
class TaggedTemplate(DocxTemplate):  # type: ignore[misc]
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


def _open_template(path: Path) -> TaggedTemplate:
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
    template = TaggedTemplate(path)
    try:
        template.init_docx()
    except Exception as exc:  # python-docx raises many kinds for a broken package
        raise TemplateError(f"mallen kan inte öppnas som Word-fil ({exc})", path) from exc
    return template


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
