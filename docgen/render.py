"""Rendering a Word template as docxtpl renders it, in a sandbox, and finishing the package.

A template is opened once per run (`CompiledTemplate`): python-docx reads its package,
docxtpl turns each part into Jinja source, Jinja compiles it. Each document is then
rendered from that: its parts' Jinja run, docxtpl's own finishing steps applied (the
listing characters, the table grid, the drawing ids) and the parts serialised as
python-docx would save them, beside the template's unchanged entries; no docxtpl or
python-docx object is made per document. The bytes are those docxtpl and python-docx
would write (tests/test_render_hashes.py holds them to it), with two differences
where docxtpl did something docgen undoes or should not do: the core properties'
Jinja is not run (docgen writes those properties itself, `package.Properties`), and a
footnotes part is rendered once, where docxtpl rendered it once per section and so read
its own output as Jinja again.

Templates come from outside the code (each municipality's own), so their Jinja runs
in Jinja's `SandboxedEnvironment`, with `StrictUndefined` (a misspelt variable is an
error, not an empty gap) and autoescaping. Content never becomes template code: it
enters only as context values, so `{{ x }}` typed by an official appears literally.
"""

from __future__ import annotations

import copy
import re
import zipfile
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import jinja2
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.opc.pkgwriter import _ContentTypesItem
from docx.oxml import parse_xml
from docxtpl import DocxTemplate
from jinja2 import nodes
from lxml import etree
from markupsafe import escape

from docgen.errors import TemplateError, error_reason
from docgen.markdown import Block, Inline
from docgen.package import CORE_PART, Deflated, finished_package
from docgen.package import Properties as Properties
from docgen.sandbox import LimitExceeded, Sandbox
from docgen.template_errors import render_message, tag_at
from docgen.word import (
    REQUIRED_STYLES,
    TemplateFacts,
    WordWriter,
    find_style,
    required_style_ids,
    style_name,
)

# docxtpl turns `{_{`, `}_}`, `{_%` and `%_}` back into Jinja delimiters after rendering;
# content containing them must come out unchanged, so that underscore goes in as a
# character reference, which only the XML parser resolves.
_DOCXTPL_UNDERSCORE = re.compile(r"(?<=\{)_(?=[{%])|(?<=[}%])_(?=\})")


def _guarded(xml: str) -> str:
    """Return `xml` with docxtpl's delimiter underscores (`{_{` …) as character references."""
    return _DOCXTPL_UNDERSCORE.sub("&#95;", xml) if "_" in xml else xml


_TAG_START = re.compile(r"\{[{%](-?)")
_PARAGRAPH_START = re.compile(r"<w:p[ >]")
_NEWLINE_PARAGRAPH = re.compile(r"\n<w:p([ >])")
_LISTING_CHARACTERS = re.compile("[\t\a\n\f]")
"""What docxtpl's `resolve_listing` turns into tabs, breaks and paragraphs."""
_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_DRAWING = {"wp": "http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing"}
_FOOTNOTES = "application/vnd.openxmlformats-officedocument.wordprocessingml.footnotes+xml"


def environment() -> Sandbox:
    """Return a new sandboxed Jinja environment for one rendering, with docgen's filters."""
    return Sandbox()


class Text(str):
    """A content text: escaped for XML when a template shows it, and never read as Jinja."""

    __slots__ = ()

    def __html__(self) -> str:
        return _guarded(str(escape(str(self))))


class CompiledTemplate:
    """A template opened, checked and compiled once, for rendering many documents.

    It holds what rendering a document needs and never changes: the compiled Jinja of
    each part docxtpl renders (the body, headers, footers and footnotes), the template's
    `w:document` element whose body each document replaces, the package's other entries
    as python-docx would save them, the facts about styles, numbering and widths the
    block writer needs, and one sandbox whose deadline each rendering sets anew; and,
    filled as documents are rendered, what they share: entries already deflated and
    headers already serialised. A `TemplateSet` holds one per template of a run.
    """

    def __init__(self, path: Path) -> None:
        self.path = path
        template = _open_template(path)
        document = template.get_docx()
        style_ids = required_style_ids(document)
        if style_ids is None:
            missing = [n for n in REQUIRED_STYLES if find_style(document, n) is None]
            raise TemplateError(
                "mallen saknar formatmallarna " + ", ".join(map(style_name, missing)), path
            )
        for problem in unclosed_tags(template):  # Jinja would swallow the text up to a match
            raise TemplateError(problem, path)
        self.facts = TemplateFacts.of(document, style_ids, str(path))
        self.environment = environment()
        self.deflated: Deflated = {}
        self._parts: dict[str, bytes] = {}  # a header's XML repeats across a run's documents
        self.docxtpl = template
        part = document.part
        self.document = copy.deepcopy(document.element)  # copied per document, so its
        for child in list(self.document.find(f"{_W}body")):  # body goes: each has its own
            child.getparent().remove(child)
        self.body = self._compile(template.get_xml())
        self.headers_footers = [
            (related.partname.membername, self._compile(xml))
            for related, xml in _headers_and_footers(template)
        ]
        self.footnotes = [
            (related.partname.membername, self._compile(related.blob.decode()))
            for related in part.package.parts
            if related.content_type == _FOOTNOTES and not hasattr(related, "element")
        ]
        if not any(p.partname == f"/{CORE_PART}" for p in part.package.parts):
            document.core_properties  # noqa: B018  python-docx adds the part, as docxtpl made it
        for each in part.package.parts:  # as python-docx does before saving
            each.before_marshal()
        self.entries = _package_entries(part.package)
        self.document_name = part.partname.membername
        self.relationships_name = part.partname.rels_uri.membername
        numbering = self.facts.numbering
        self.numbering_name = (
            part.part_related_by(RT.NUMBERING).partname.membername if numbering is not None else ""
        )

    def _compile(self, xml: str) -> Part:
        """Return the part `xml` compiled as docxtpl's Jinja source, each tag on a line."""
        self.docxtpl.patch_xml(xml)
        source = self.docxtpl.sources[-1]
        try:
            return Part(self.environment.from_string(source), source)
        except jinja2.TemplateSyntaxError as exc:
            raise TemplateError(render_message(exc, [source]), self.path) from exc

    def restart_clock(self) -> Sandbox:
        """Return the sandbox with a fresh deadline and nothing built, for one document."""
        self.environment.restart()
        return self.environment

    def saved_part(self, xml: str) -> bytes:
        """Return the rendered header or footer `xml` as python-docx loads and saves it."""
        if xml not in self._parts:
            self._parts[xml] = _serialised(parse_xml(xml.encode()))
        return self._parts[xml]

    def render_part(self, part: Part, context: Mapping[str, Any]) -> str:
        """Return `part` rendered, finished as docxtpl finishes it."""
        xml = part.jinja.render(context)
        xml = _NEWLINE_PARAGRAPH.sub(r"<w:p\1", xml)
        xml = (
            xml.replace("{_{", "{{").replace("}_}", "}}").replace("{_%", "{%").replace("%_}", "%}")
        )
        if not _LISTING_CHARACTERS.search(xml):  # docxtpl's resolve_listing would change nothing
            return xml
        return str(self.docxtpl.resolve_listing(xml))


@dataclass(frozen=True)
class Part:
    """One part of a template as Jinja: compiled, and the source it was compiled from."""

    jinja: jinja2.Template
    source: str


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
    """One document being rendered from a template (a path, or one compiled for the run).

    The document's rich content (`blocks`, `numbered`) is written as WordprocessingML
    before the template renders; the lists and links it adds go into this document's
    own numbering and relationships, never the compiled template's.
    """

    def __init__(self, template: Path | CompiledTemplate) -> None:
        self.compiled = (
            template if isinstance(template, CompiledTemplate) else CompiledTemplate(template)
        )
        self.path = self.compiled.path
        self.writer = WordWriter(self.compiled.facts)
        self._rendering = self.compiled.body

    def blocks(self, blocks: tuple[Block, ...]) -> Subdocument:
        """Return a subdocument holding `blocks`, for a `{{p name }}` tag."""
        return Subdocument(self.writer.blocks(blocks))

    def numbered(self, items: list[Inline]) -> Subdocument:
        """Return a subdocument holding `items` as a numbered list, or one plain paragraph."""
        if len(items) == 1:
            return Subdocument(self.writer.paragraph(items[0], "Normal"))
        return Subdocument(self.writer.numbered(items))

    def render(self, context: Mapping[str, Any], properties: Properties) -> bytes:
        """Return the finished .docx for `context`, with `properties` set.

        Whatever goes wrong while the template's Jinja runs is one `TemplateError`
        naming the template and, where it can be found, the tag.
        """
        try:
            entries = self._entries(dict(context))
        except (LimitExceeded, MemoryError) as exc:  # the limit or memory, and the tag
            raise TemplateError(render_message(exc, [self._rendering.source]), self.path) from exc
        except RecursionError as exc:
            raise TemplateError(
                "mallen anropar sig själv utan slut (ett makro som anropar sig självt?)", self.path
            ) from exc
        except TypeError as exc:
            if "no loader" not in str(exc):
                raise TemplateError(
                    render_message(exc, [self._rendering.source]), self.path
                ) from exc
            raise TemplateError(
                "mallen försöker hämta en annan mall ({% include %}, "
                "{% import %} eller {% extends %}), vilket inte går i docgen",
                self.path,
            ) from exc
        except TemplateError:
            raise
        except Exception as exc:  # a template's mistake, whatever its kind
            raise TemplateError(render_message(exc, [self._rendering.source]), self.path) from exc
        return finished_package(entries, properties, self.compiled.deflated)

    def _entries(self, context: dict[str, Any]) -> dict[str, bytes]:
        """Return the package's entries with the template's parts rendered for `context`,
        as docxtpl renders them and python-docx saves them.
        """
        compiled = self.compiled
        compiled.restart_clock()
        entries = dict(compiled.entries)
        self._rendering = compiled.body
        body = compiled.docxtpl.fix_tables(compiled.render_part(compiled.body, context))
        for number, drawing in enumerate(body.xpath("//wp:docPr", namespaces=_DRAWING), 1001):
            drawing.attrib["id"] = str(number)  # as docxtpl numbers them, so none collide
        document = copy.deepcopy(compiled.document)
        document.replace(document.find(f"{_W}body"), body)
        entries[compiled.document_name] = _serialised(document)
        for name, part in compiled.headers_footers:
            self._rendering = part
            entries[name] = compiled.saved_part(compiled.render_part(part, context))
        for name, part in compiled.footnotes:
            self._rendering = part
            entries[name] = compiled.render_part(part, context).encode()
        if self.writer.numbering is not None:
            entries[compiled.numbering_name] = _serialised(self.writer.numbering)
        if self.writer.links_added:
            entries[compiled.relationships_name] = self.writer.relationships_xml()
        return entries


class Subdocument:
    """Paragraphs and tables for a `{{p name }}` tag: WordprocessingML written for one
    document. Its XML is guarded like `Text` against docxtpl's delimiter rewriting.
    """

    __slots__ = ("xml",)

    def __init__(self, xml: str) -> None:
        self.xml = xml

    def __html__(self) -> str:
        return _guarded(self.xml)


def _serialised(element: Any) -> bytes:
    """Return `element` as python-docx saves an XML part."""
    return bytes(etree.tostring(element, encoding="UTF-8", standalone=True))


def _headers_and_footers(template: DocxTemplate) -> list[tuple[Any, str]]:
    """Return each header part, then each footer part, of `template` with its XML, as
    docxtpl renders them (parts that are empty are left as they are).
    """
    document = template.get_docx()
    return [
        (relation.target_part, template.xml_to_string(parse_xml(relation.target_part.blob)))
        for uri in (template.HEADER_URI, template.FOOTER_URI)
        for relation in document.part.rels.values()
        if relation.reltype == uri and relation.target_part.blob
    ]


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

    def __init__(self, source: Path) -> None:
        super().__init__(source)
        self.sources: list[str] = []

    def patch_xml(self, src_xml: str) -> str:
        """Return docxtpl's Jinja source of `src_xml`, each tag starting a line."""
        source = _TAG_START.sub(_line_break_before, super().patch_xml(src_xml))
        self.sources.append(_PARAGRAPH_START.sub(r"\n\g<0>", source))  # as docxtpl will
        return source


_DELIMITER = re.compile(r"\{\{|\}\}|\{%|%\}")


def unclosed_tags(template: TaggedTemplate) -> list[str]:
    """Return a line for each tag in the body, headers or footers whose delimiters do not
    pair within its paragraph: `{{ rubrik }` would make Jinja read on to the next `}}`,
    silently swallowing the text between.
    """
    found = (_unpaired(text) for story in _stories(template) for _, text in _paragraphs(story))
    return [problem for problem in found if problem]


def _stories(template: TaggedTemplate) -> list[Any]:
    """Return the elements of the template's body, headers and footers."""
    document = template.get_docx()
    return [document.element] + [
        relation.target_part.element
        for relation in document.part.rels.values()
        if relation.reltype in (template.HEADER_URI, template.FOOTER_URI)
    ]


def _unpaired(text: str) -> str | None:
    """Return what is wrong with the tag delimiters of the paragraph `text`, or None.

    >>> _unpaired("{{ rubrik }} och {% if x %}")
    >>> _unpaired("Rubrik: {{ p.rubrik }")
    'taggen ”{{ p.rubrik }” avslutas aldrig: ”}}” saknas'
    >>> _unpaired("{ rubrik }}")
    '”{ rubrik }}” avslutar en tagg som aldrig börjar: ”{{” saknas'
    >>> _unpaired("{{ rubrik %}")
    'taggen ”{{ rubrik %}” börjar med ”{{” men slutar med ”%}”'
    """
    opened: re.Match[str] | None = None
    for found in _DELIMITER.finditer(text):
        mark = found.group()
        if mark in _CLOSING:
            if opened is not None:  # opened again before it closed
                break
            opened = found
        elif opened is None:
            start = max(text.rfind("{", 0, found.start()), 0)
            wanted = "{{" if mark == "}}" else "{%"
            return f"”{text[start : found.end()]}” avslutar en tagg som aldrig börjar: ”{wanted}” saknas"
        elif _CLOSING[opened.group()] != mark:
            tag = text[opened.start() : found.end()]
            return f"taggen ”{tag}” börjar med ”{opened.group()}” men slutar med ”{mark}”"
        else:
            opened = None
    if opened is None:
        return None
    end = text.find("{", opened.end())
    tag = text[opened.start() : end if end > 0 else None].strip()
    return f"taggen ”{tag}” avslutas aldrig: ”{_CLOSING[opened.group()]}” saknas"


_CLOSING = {"{{": "}}", "{%": "%}"}


def _paragraphs(element: Any) -> Iterator[tuple[Any, str]]:
    """Yield each paragraph under `element` with its text (the runs' text joined)."""
    for paragraph in element.iter(f"{_W}p"):
        yield paragraph, "".join(t.text or "" for t in paragraph.iter(f"{_W}t"))


def _line_break_before(tag: re.Match[str]) -> str:
    """Return the start of `tag` after a comment holding a line break; a tag that strips
    the whitespace before it (``{%-``) has the comment strip it instead.
    """
    return ("{#-\n#}" if tag.group(1) else "{#\n#}") + tag.group(0)


def _open_template(path: Path) -> TaggedTemplate:
    """Return the docxtpl template at `path`, or raise `TemplateError` saying what is wrong."""
    if path.is_dir():
        raise TemplateError("mallen är en mapp; ange mallens .docx-fil", path)
    if not path.is_file():
        raise TemplateError("mallen finns inte", path)
    try:
        path.open("rb").close()
    except OSError as exc:
        raise TemplateError(f"mallen kan inte läsas ({error_reason(exc)})", path) from exc
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
