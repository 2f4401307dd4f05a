"""Checking a kommun's template before anyone renders with it: by reading it, then by using it.

First the contract, statically, through Jinja's syntax tree: the styles docgen writes
through, the variables and filters the template uses, and what it reads from them
(``anslag.sista_dag``; ``p.rubrik`` in a loop over ``paragrafer``), in every branch, all
against the document type's context dataclass (documents/contract.py). Then the proof:
the example content that comes with docgen is rendered through the template, document
by document. Any problem is one line naming the template (and the tag where it can be
found), with the contract's nearest name where one is close.
"""

from __future__ import annotations

import re
import shutil
import tempfile
from collections.abc import Callable
from difflib import get_close_matches
from functools import partial
from pathlib import Path
from typing import Any

import jinja2
from jinja2 import meta, nodes

from docgen import batch
from docgen.content.doctypes import bundled
from docgen.content.meeting import load_foredragningslista, load_sammantrade
from docgen.content.organisation import find_organisation, load_organisation
from docgen.content.tjansteskrivelse import (
    is_tjansteskrivelse,
    load_handling,
    load_tjansteskrivelse,
)
from docgen.content.yamlfile import split_front_matter
from docgen.documents import handling, kallelse, kungorelse, tjansteskrivelse
from docgen.documents.contract import attributes, element, variables
from docgen.documents.registry import DOCUMENT_TYPES
from docgen.errors import TemplateError
from docgen.render import (
    _W,
    TaggedTemplate,
    _jinja_sources,
    _open_template,
    _paragraphs,
    _parse,
    _stories,
    environment,
    unclosed_tags,
)
from docgen.template_errors import syntax_message, tag_with
from docgen.word import (
    REQUIRED_STYLES,
    TemplateFacts,
    find_style,
    required_style_ids,
    style_name,
)

CLOSE = 0.75
"""How like a name the contract gives a misspelt one must be to be suggested (difflib's ratio)."""


def check_templates(target: Path, examples: Path, typ: str | None = None) -> list[TemplateError]:
    """Return every problem of the template `target`, or of each template in the folder
    `target`, proved with the example content in `examples`.
    """
    if not target.is_dir():
        return check_template(target, examples, typ)
    found = sorted(p for p in target.glob("*.docx") if not p.name.startswith("~$"))
    if not found:
        return [TemplateError(f"mappen har inga Word-mallar; docgen använder {_known()}", target)]
    return [problem for path in found for problem in check_template(path, examples, typ)]


def check_template(path: Path, examples: Path, typ: str | None = None) -> list[TemplateError]:
    """Return every problem of the template at `path`, of type `typ` or named by its file."""
    kind = typ or path.stem
    if kind in bundled():  # a declared type's own template follows the general contract
        kind = "handling"
    if typ is not None and typ not in DOCUMENT_TYPES:
        return [
            TemplateError(
                f"okänd dokumenttyp ”{typ}”; docgen känner till {', '.join(sorted(DOCUMENT_TYPES))}",
                path,
            )
        ]
    if kind not in DOCUMENT_TYPES:
        return [
            TemplateError(
                f"okänd mall ”{path.name}”; docgen använder {_known()} (eller ange --typ)", path
            )
        ]
    try:
        problems = contract_problems(path, DOCUMENT_TYPES[kind].Context)
    except TemplateError as exc:
        return [exc]
    if problems:
        return problems
    failure = _prove(path, kind, examples)
    return [failure] if failure else []


def _known() -> str:
    """Return the template file names docgen uses, for a message."""
    return ", ".join(f"{name}.docx" for name in sorted(DOCUMENT_TYPES))


def _prove(path: Path, kind: str, examples: Path) -> TemplateError | None:
    """Render the example documents of `kind` through `path`; return the first problem."""
    renders: list[Callable[[], bytes]] = []
    with tempfile.TemporaryDirectory(prefix="docgen-mall-") as folder:
        copy = Path(folder) / f"{kind}.docx"
        shutil.copyfile(path, copy)
        organisation = load_organisation(find_organisation(examples))
        if kind in ("kallelse", "kungorelse"):
            for source in sorted((examples / "sammantraden").glob("*.yaml")):
                agenda = load_foredragningslista(source, organisation)
                if kind == "kallelse":
                    renders.append(partial(kallelse.render, agenda, copy))
                elif kungorelse.is_kungjord(agenda):
                    renders.append(partial(kungorelse.render, agenda, copy))
        elif kind == "tjansteskrivelse":
            for source in sorted((examples / "tjansteskrivelser").glob("*.md")):
                document = load_tjansteskrivelse(source, organisation)
                renders.append(partial(tjansteskrivelse.render, document, copy))
        elif kind == "handling":
            for source in sorted((examples / "handlingar").rglob("*.md")):
                parts = split_front_matter(source.read_text(encoding="utf-8"), source)
                if not is_tjansteskrivelse(parts[0]):
                    own = load_organisation(find_organisation(source))
                    renders.append(
                        partial(handling.render, load_handling(source, own, parts), copy)
                    )
        else:
            for source in sorted((examples / "sammantraden").glob("*.yaml")):
                meeting = load_sammantrade(source, organisation)
                renders += [p.render for p in batch.plan(meeting, Path(folder)) if p.typ == kind]
        try:
            for render in renders:
                render()
        except TemplateError as exc:
            return TemplateError(exc.message, path)
    return None


def attribute_problems(tree: nodes.Template, context: type, sources: list[str]) -> list[str]:
    """Return a message for each attribute the template reads that the contract lacks.

    `context` is the type's context dataclass; a variable's attributes are the fields of
    its dataclass, a loop variable's those of its list's elements (``p.rubrik`` in
    ``{% for p in paragrafer %}``), in every branch. Where a value could have any
    attribute (a text, a date) or the template binds a name itself, nothing is said:
    rendering the examples shows whether it fits. `sources` are the template's parts,
    to name the tag.
    """
    scope: dict[str, Any] = dict(attributes(context) or {})
    problems: list[str] = []
    _walk(tree, scope, problems, sources)
    return list(dict.fromkeys(problems))


def _walk(node: nodes.Node, scope: dict[str, Any], problems: list[str], sources: list[str]) -> None:
    """Check the attributes read anywhere under `node`, with the types of names in `scope`."""
    if isinstance(node, nodes.For):
        items = _type(node.iter, scope, problems, sources)
        inner = dict(scope)
        for name in _names(node.target):
            inner[name] = None
        if isinstance(node.target, nodes.Name):
            inner[node.target.name] = element(items)
        inner["loop"] = None
        for child in [*node.body, *node.else_]:
            _walk(child, inner, problems, sources)
        if node.test is not None:
            _walk(node.test, inner, problems, sources)
    elif isinstance(node, nodes.Macro | nodes.CallBlock | nodes.With):
        bound = node.targets if isinstance(node, nodes.With) else node.args
        values = node.values if isinstance(node, nodes.With) else node.defaults
        for value in values:
            _walk(value, scope, problems, sources)
        inner = dict(scope)
        for target in bound:
            for name in _names(target):
                inner[name] = None
        if isinstance(node, nodes.CallBlock):
            _walk(node.call, scope, problems, sources)
        for child in node.body:
            _walk(child, inner, problems, sources)
    elif isinstance(node, nodes.Assign | nodes.AssignBlock):
        for child in node.iter_child_nodes():
            _walk(child, scope, problems, sources)
        for name in _names(node.target):
            scope[name] = None
    elif isinstance(node, nodes.Getattr | nodes.Getitem):
        _type(node, scope, problems, sources)
    else:
        for child in node.iter_child_nodes():
            _walk(child, scope, problems, sources)


def _names(target: nodes.Node) -> list[str]:
    """Return the names an assignment or loop target binds."""
    return [n.name for n in target.find_all(nodes.Name)] + (
        [target.name] if isinstance(target, nodes.Name) else []
    )


def _type(node: nodes.Node, scope: dict[str, Any], problems: list[str], sources: list[str]) -> Any:
    """Return the contract's type of the expression `node`, or None when it is not known;
    add a problem for an attribute the contract does not give.
    """
    if isinstance(node, nodes.Name):
        return scope.get(node.name)
    if isinstance(node, nodes.Getitem):
        _walk(node.arg, scope, problems, sources)
    key = _key(node)
    if key is None:
        for child in node.iter_child_nodes():
            _walk(child, scope, problems, sources)
        return None
    assert isinstance(node, nodes.Getattr | nodes.Getitem)
    base = _type(node.node, scope, problems, sources)
    members = attributes(base)
    where = _where(tag_with(sources, _pattern(node)))
    if members is None:
        if element(base) is not None and not hasattr(list, key):
            listed = _dotted(node.node)
            loop = listed.rsplit(".", 1)[-1][0]
            problems.append(
                f"mallen använder ”{_dotted(node)}”{where}, men {listed} är en lista: "
                f"gå igenom den med {{%p for {loop} in {listed} %}} och skriv {loop}.{key}"
            )
        return None
    if key in members:
        return members[key]
    close = get_close_matches(key, members, n=1, cutoff=CLOSE)
    hint = f"; menade du ”{_dotted(node.node)}.{close[0]}”?" if close else ""
    problems.append(
        f"mallen använder ”{_dotted(node)}”{where}, som docgen inte ger den{hint} "
        f"({_dotted(node.node)} har: {', '.join(sorted(members))})"
    )
    return None


def _pattern(node: nodes.Node) -> str:
    """Return a regular expression for the expression `node` as a tag may write it
    (``a.b``, ``a['b']``, ``a . b``), for finding its tag.
    """
    if isinstance(node, nodes.Name):
        return rf"(?<![\w.]){re.escape(node.name)}"
    key = _key(node)
    if key is None:
        return ""
    assert isinstance(node, nodes.Getattr | nodes.Getitem)
    name = re.escape(key)
    return rf"{_pattern(node.node)}\s*(?:\.\s*{name}\b|\[\s*['\"]{name}['\"]\s*\])"


def _key(node: nodes.Node) -> str | None:
    """Return the attribute name `node` reads (``a.b`` or ``a['b']``), or None."""
    if isinstance(node, nodes.Getattr):
        return str(node.attr)
    if (
        isinstance(node, nodes.Getitem)
        and isinstance(node.arg, nodes.Const)
        and isinstance(node.arg.value, str)
    ):
        return node.arg.value
    return None


def _dotted(node: nodes.Node) -> str:
    """Return the expression `node` as the template writes it, as far as names and keys go."""
    if isinstance(node, nodes.Name):
        return str(node.name)
    key = _key(node)
    if key is not None:
        assert isinstance(node, nodes.Getattr | nodes.Getitem)
        return f"{_dotted(node.node)}.{key}"
    return "…"


def contract_problems(path: Path, context: type) -> list[TemplateError]:
    """Return what the template at `path` needs that docgen's contract does not offer.

    That is: styles it lacks, Jinja syntax errors, variables or filters it uses beyond
    the fields of the context dataclass `context` and the sandbox's filters, and
    attributes of those variables that the contract does not give.
    """
    offered = variables(context)
    template = _open_template(path)
    document = template.get_docx()
    problems = [
        TemplateError(f"formatmallen {style_name(name)} saknas", path)
        for name in REQUIRED_STYLES
        if find_style(document, name) is None
    ]
    style_ids = required_style_ids(document)
    if style_ids is not None:  # the kinds and numbering of the styles there are
        facts = TemplateFacts.of(document, style_ids, str(path))
        problems += [TemplateError(message, path) for message in facts.problems()]
    problems += [
        TemplateError(
            f"mallen använder formatmallen {style_name(style)}, som inte finns i mallen", path
        )
        for style in _missing_style_references(template)
    ]
    problems += [
        TemplateError(
            f"sidbrytningen i stycket med ”{tag}” försvinner när mallen fylls i, eftersom hela "
            "det stycket blir mallkoden; ge i stället stycket efter en formatmall med "
            "sidbrytning före (som ”Paragrafnummer ny sida”)",
            path,
        )
        for tag in _lost_page_breaks(template)
    ]
    unclosed = [TemplateError(problem, path) for problem in unclosed_tags(template)]
    if unclosed:  # Jinja would only report them again, as syntax it cannot read
        return problems + unclosed
    env = environment()
    sources = _jinja_sources(template)
    try:
        tree = _parse(env, sources)
    except jinja2.TemplateSyntaxError as exc:
        return [*problems, TemplateError(syntax_message(exc, getattr(exc, "tag", None)), path)]
    unknown_filters = sorted({node.name for node in tree.find_all(nodes.Filter)} - set(env.filters))
    for name in unknown_filters:  # stand-ins, so the variables can still be found
        env.filters[name] = str
    names = ", ".join(sorted(offered))
    for name in sorted(meta.find_undeclared_variables(tree) - set(offered)):
        where = _where(tag_with(sources, rf"(?<![\w.]){re.escape(name)}\b"))
        close = get_close_matches(name, offered, n=1, cutoff=CLOSE)
        hint = f"; menade du ”{close[0]}”?" if close else ""
        problems.append(
            TemplateError(
                f"variabeln ”{name}”{where} finns inte i kontraktet{hint} (docgen ger: {names})",
                path,
            )
        )
    for name in unknown_filters:
        where = _where(tag_with(sources, rf"\|\s*{re.escape(name)}\b"))
        problems.append(TemplateError(f"filtret ”{name}”{where} finns inte", path))
    problems += [
        TemplateError(message, path) for message in attribute_problems(tree, context, sources)
    ]
    return problems


def _where(tag: str | None) -> str:
    """Return ` (i ”tag”)` for a message, or nothing when the tag is not known."""
    return f" (i ”{tag}”)" if tag else ""


_WHOLE_PARAGRAPH_TAG = re.compile(r"\{%-?\s*(?:p|tr|tc)\s.*?%\}")
"""docxtpl's tags that stand for their whole paragraph, table row or cell."""


def _lost_page_breaks(template: TaggedTemplate) -> list[str]:
    """Return the tags of the paragraphs that hold a page break and a `{%p …%}` (or row or
    cell) tag: docxtpl replaces such a paragraph by its tag, so the break is lost. Word and
    LibreOffice put a following paragraph's "page break before" there when they save.
    """
    lost = []
    for paragraph, text in _paragraphs(template.get_docx().element.body):
        found = _WHOLE_PARAGRAPH_TAG.search(text)
        breaks = [b for b in paragraph.iter(f"{_W}br") if b.get(f"{_W}type") == "page"]
        if found and (breaks or paragraph.find(f"{_W}pPr/{_W}pageBreakBefore") is not None):
            lost.append(found.group())
    return lost


def _missing_style_references(template: TaggedTemplate) -> list[str]:
    """Return the ids of styles the template's body, headers or footers use but lacks.

    Word and LibreOffice show such text in the default style without a word.
    """
    defined = {style.style_id for style in template.get_docx().styles}
    used = {
        reference.get(f"{_W}val")
        for element in _stories(template)
        for reference in element.iter(f"{_W}pStyle", f"{_W}rStyle", f"{_W}tblStyle")
    }
    return sorted(style for style in used - defined if style)
