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
from pathlib import Path
from typing import Any

import jinja2
from docx.blkcntnr import BlockItemContainer
from docx.oxml import OxmlElement
from docxtpl import DocxTemplate
from jinja2 import meta, nodes
from lxml import etree
from markupsafe import escape

from docgen.errors import TemplateError
from docgen.markdown import Block, Inline
from docgen.package import Properties as Properties
from docgen.package import deterministic_zip
from docgen.sandbox import LimitExceeded, Sandbox
from docgen.template_errors import render_message, syntax_message, tag_at, tag_with
from docgen.word import REQUIRED_STYLES, WordWriter, find_style

# docxtpl turns `{_{`, `}_}`, `{_%` and `%_}` back into Jinja delimiters after rendering;
# content containing them must come out unchanged, so that underscore goes in as a
# character reference, which only the XML parser resolves.
_DOCXTPL_UNDERSCORE = re.compile(r"(?<=\{)_(?=[{%])|(?<=[}%])_(?=\})")


_TAG_START = re.compile(r"\{[{%](-?)")
_PARAGRAPH_START = re.compile(r"<w:p[ >]")
_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
RECORDED_CONTEXTS: ContextVar[list[dict[str, Any]] | None] = ContextVar(
    "RECORDED_CONTEXTS", default=None
)
"""Where `Rendering.render` puts each context it renders, while a template check listens."""


def environment() -> Sandbox:
    """Return a new sandboxed Jinja environment for one rendering, with docgen's filters."""
    return Sandbox()


class Text(str):
    """A content text: escaped for XML when a template shows it, and never read as Jinja."""

    __slots__ = ()

    def __html__(self) -> str:
        return _DOCXTPL_UNDERSCORE.sub("&#95;", str(escape(str(self))))


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

    def blocks(self, blocks: tuple[Block, ...]) -> Subdocument:
        """Return a subdocument holding `blocks`, for a `{{p name }}` tag."""
        subdocument = Subdocument(self.document)
        self.writer.write(subdocument, blocks)
        return subdocument

    def numbered(self, items: list[Inline]) -> Subdocument:
        """Return a subdocument holding `items` as a numbered list, or one plain paragraph."""
        subdocument = Subdocument(self.document)
        if len(items) == 1:
            self.writer.paragraph(subdocument, items[0], "Normal")
        else:
            self.writer.numbered(subdocument, items)
        return subdocument

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
        except LimitExceeded as exc:
            raise TemplateError(str(exc), self.path) from exc
        except RecursionError as exc:
            raise TemplateError(
                "mallen anropar sig själv utan slut (ett makro som anropar sig självt?)", self.path
            ) from exc
        except TypeError as exc:
            if "no loader" not in str(exc):
                raise TemplateError(render_message(exc, self.template.sources), self.path) from exc
            raise TemplateError(
                "mallen försöker hämta en annan mall ({% include %}, "
                "{% import %} eller {% extends %}), vilket inte går i docgen",
                self.path,
            ) from exc
        except TemplateError:
            raise
        except Exception as exc:  # a template's mistake, whatever its kind
            raise TemplateError(render_message(exc, self.template.sources), self.path) from exc
        buffer = io.BytesIO()
        self.template.save(buffer)
        return deterministic_zip(buffer.getvalue(), properties)


class Subdocument(BlockItemContainer):
    """Paragraphs and tables for a `{{p name }}` tag, written in a detached body of `document`.

    It shares the document's part, so styles, numbering and links resolve against the
    document itself; no second package is opened. Its XML is guarded like `Text`
    against docxtpl's delimiter rewriting.
    """

    def __init__(self, document: Any) -> None:
        super().__init__(OxmlElement("w:body"), document)
        self._width = document._block_width

    def add_table(self, rows: int, cols: int, width: Any = None) -> Any:
        """Add a table as wide as the document's text."""
        return super().add_table(rows, cols, width or self._width)

    def __html__(self) -> str:
        xml = "".join(etree.tostring(child, encoding="unicode") for child in self._element)
        return _DOCXTPL_UNDERSCORE.sub("&#95;", xml)


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
        problems.append(
            TemplateError(
                f"variabeln ”{name}”{where} finns inte i kontraktet (docgen ger: {offered})", path
            )
        )
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
        relation.target_part.element
        for relation in document.part.rels.values()
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


def _parse(env: Sandbox, sources: list[str]) -> nodes.Template:
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
