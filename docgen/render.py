"""Rendering a Word template with docxtpl in a sandbox, and finishing the package.

Templates come from outside the code (each municipality's own), so their Jinja runs
in Jinja's `SandboxedEnvironment`, with `StrictUndefined` (a misspelt variable is an
error, not an empty gap) and autoescaping. Content never becomes template code: it
enters only as context values, so `{{ x }}` typed by an official appears literally.
"""

from __future__ import annotations

import copy
import io
import re
import time
import zipfile
from collections.abc import Mapping
from contextvars import ContextVar
from pathlib import Path
from typing import Any

import jinja2
from docx.blkcntnr import BlockItemContainer
from docx.opc.pkgwriter import _ContentTypesItem
from docx.oxml import OxmlElement
from docxtpl import DocxTemplate
from jinja2 import nodes
from lxml import etree
from markupsafe import escape

from docgen.errors import TemplateError
from docgen.markdown import Block, Inline
from docgen.package import Deflated, finished_package
from docgen.package import Properties as Properties
from docgen.sandbox import LimitExceeded, Sandbox
from docgen.template_errors import render_message, tag_at
from docgen.word import REQUIRED_STYLES, WordWriter, find_style, required_style_ids

# docxtpl turns `{_{`, `}_}`, `{_%` and `%_}` back into Jinja delimiters after rendering;
# content containing them must come out unchanged, so that underscore goes in as a
# character reference, which only the XML parser resolves.
_DOCXTPL_UNDERSCORE = re.compile(r"(?<=\{)_(?=[{%])|(?<=[}%])_(?=\})")


_TAG_START = re.compile(r"\{[{%](-?)")
_PARAGRAPH_START = re.compile(r"<w:p[ >]")
_NEWLINE_PARAGRAPH = re.compile(r"\n<w:p([ >])")
_LISTING_CHARACTERS = re.compile("[\t\a\n\f]")
"""What docxtpl's `resolve_listing` turns into tabs, breaks and paragraphs."""
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


class CompiledTemplate:
    """A template opened, checked and compiled once, for rendering many documents.

    It holds the template's bytes, the ids of its required styles, docxtpl's Jinja
    source of each part and the compiled Jinja of each, all in one sandbox whose
    deadline each rendering sets anew. A `TemplateSet` holds one per template of a run.
    """

    def __init__(self, path: Path) -> None:
        self.path = path
        template = _open_template(path)
        self.blob = path.read_bytes()
        style_ids = required_style_ids(template.get_docx())
        if style_ids is None:
            missing = [n for n in REQUIRED_STYLES if find_style(template.get_docx(), n) is None]
            raise TemplateError(
                "mallen saknar formatmallarna " + ", ".join(f"”{m}”" for m in missing), path
            )
        self.style_ids = style_ids
        self._pristine = template.get_docx()
        self.environment = environment()
        self.patched: dict[str, str] = {}
        self.deflated: Deflated = {}
        self.compiled: dict[str, jinja2.Template] = {}

    def open(self) -> TaggedTemplate:
        """Return a fresh docxtpl template of these bytes, to render one document.

        Its python-docx document is a deep copy of the one opened here (faster than
        reading the package again, and the same parts).
        """
        template = TaggedTemplate(io.BytesIO(self.blob), self)
        template.docx = copy.deepcopy(self._pristine)
        return template

    def restart_clock(self) -> Sandbox:
        """Return the sandbox with a fresh deadline, for one document's rendering."""
        self.environment.deadline = time.monotonic() + self.environment.seconds
        return self.environment


class TemplateSet:
    """The templates of one run (a close, a check), each compiled on first use.

    Made by the caller of one run and dropped with it; nothing is kept between runs.
    """

    def __init__(self) -> None:
        self._templates: dict[Path, CompiledTemplate] = {}

    def get(self, path: Path) -> CompiledTemplate:
        """Return the compiled template at `path`, compiling it the first time."""
        if path not in self._templates:
            self._templates[path] = CompiledTemplate(path)
        return self._templates[path]


class Rendering:
    """One document being rendered from a template (a path, or one compiled for the run)."""

    def __init__(self, template: Path | CompiledTemplate) -> None:
        self.compiled = (
            template if isinstance(template, CompiledTemplate) else CompiledTemplate(template)
        )
        self.path = self.compiled.path
        self.template = self.compiled.open()
        self.document = self.template.get_docx()
        self.writer = WordWriter(self.document, self.compiled.style_ids)

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
            self.template.render(dict(context), self.compiled.restart_clock())
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
        package = self.document.part.package
        for part in package.parts:  # as python-docx does before saving
            part.before_marshal()
        return finished_package(_package_entries(package), properties, self.compiled.deflated)


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


def _package_entries(package: Any) -> dict[str, bytes]:
    """Return the zip entries python-docx would save of `package`, by name."""
    parts = list(package.parts)
    entries = {
        "[Content_Types].xml": _ContentTypesItem.from_parts(parts).blob,  # type: ignore[no-untyped-call]
        "_rels/.rels": package.rels.xml,
    }
    for part in parts:
        named = [(part.partname.membername, part.blob)]
        if len(part.rels):
            named.append((part.partname.rels_uri.membername, part.rels.xml))
        for name, content in named:
            if name in entries:
                raise ValueError(f"duplicate zip entry: {name}")
            entries[name] = content
    return entries


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

    def __init__(self, source: Path | io.BytesIO, compiled: CompiledTemplate | None = None) -> None:
        super().__init__(source)
        self.sources: list[str] = []
        self.compiled = compiled

    def patch_xml(self, src_xml: str) -> str:
        """Return docxtpl's Jinja source of `src_xml`, each tag starting a line."""
        cache = self.compiled.patched if self.compiled is not None else {}
        source = cache.get(src_xml)
        if source is None:
            source = cache[src_xml] = _TAG_START.sub(_line_break_before, super().patch_xml(src_xml))
        self.sources.append(_PARAGRAPH_START.sub(r"\n\g<0>", source))  # as docxtpl will
        return source

    def render_xml_part(self, src_xml: str, part: Any, context: Any, jinja_env: Any = None) -> str:
        """Return the part `src_xml` rendered, as docxtpl does, from Jinja compiled once a run."""
        if self.compiled is None or jinja_env is not self.compiled.environment:
            return str(super().render_xml_part(src_xml, part, context, jinja_env))
        self.current_rendering_part = part
        xml = self._jinja(_PARAGRAPH_START.sub(r"\n\g<0>", src_xml), jinja_env).render(context)
        xml = _NEWLINE_PARAGRAPH.sub(r"<w:p\1", xml)
        xml = (
            xml.replace("{_{", "{{").replace("}_}", "}}").replace("{_%", "{%").replace("%_}", "%}")
        )
        if not _LISTING_CHARACTERS.search(xml):  # docxtpl's resolve_listing would change nothing
            return xml
        return str(self.resolve_listing(xml))

    def render_properties(self, context: Any, jinja_env: Any = None) -> None:
        """Render the core properties as Jinja, as docxtpl does, from Jinja compiled once a run.

        docgen replaces them after (`Properties`); this keeps what docxtpl does to the
        package meanwhile (python-docx adds a core-properties part where there is none).
        """
        if self.compiled is None or jinja_env is not self.compiled.environment:
            super().render_properties(context, jinja_env)
            return
        core = self.docx.core_properties
        for name in ("author", "comments", "identifier", "language", "subject", "title"):
            setattr(core, name, self._jinja(getattr(core, name), jinja_env).render(context))

    def _jinja(self, source: str, env: Sandbox) -> jinja2.Template:
        """Return `source` compiled in `env`, compiling it the first time in this run."""
        assert self.compiled is not None
        template = self.compiled.compiled.get(source)
        if template is None:
            template = self.compiled.compiled[source] = env.from_string(source)
        return template


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
