"""Checking a kommun's template before anyone renders with it: by reading it, then by using it.

First the contract, statically, through Jinja's syntax tree: the styles docgen writes
through, the variables and filters the template uses. Then the proof: the example content
that comes with docgen is rendered through the template, document by document, and any
problem is one line naming the template (and the tag where it can be found). While the
examples render, the values the template is given are kept, so that what the template
reads from them (``anslag.sista_dag``, ``p.rubrik`` in a loop over ``paragrafer``) is
checked too, also in branches the examples never reach.
"""

from __future__ import annotations

import re
import shutil
import tempfile
from collections.abc import Callable, Collection
from dataclasses import fields, is_dataclass
from functools import partial
from pathlib import Path
from typing import Any

import jinja2
from jinja2 import meta, nodes

from docgen import batch
from docgen.content import (
    find_organisation,
    is_tjansteskrivelse,
    load_handling,
    load_organisation,
    load_tjansteskrivelse,
)
from docgen.content.doctypes import bundled
from docgen.content.meeting import load_foredragningslista, load_sammantrade
from docgen.content.yamlfile import split_front_matter
from docgen.documents import DOCUMENT_TYPES, handling, kallelse, kungorelse, tjansteskrivelse
from docgen.errors import TemplateError
from docgen.render import (
    _W,
    RECORDED_CONTEXTS,
    TaggedTemplate,
    _jinja_sources,
    _open_template,
    _parse,
    environment,
    jinja_tree,
)
from docgen.template_errors import syntax_message, tag_with
from docgen.word import REQUIRED_STYLES, find_style


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
        problems = contract_problems(path, DOCUMENT_TYPES[kind].VARIABLES)
    except TemplateError as exc:
        return [exc]
    if problems:
        return problems
    contexts: list[dict[str, Any]] = []
    token = RECORDED_CONTEXTS.set(contexts)
    try:
        failure = _prove(path, kind, examples)
    finally:
        RECORDED_CONTEXTS.reset(token)
    attributes = [
        TemplateError(message, path) for message in attribute_problems(jinja_tree(path), contexts)
    ]
    return attributes or ([failure] if failure else [])


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


def attribute_problems(tree: nodes.Template, contexts: list[dict[str, Any]]) -> list[str]:
    """Return a message for each attribute the template reads that the values lack.

    `contexts` are the values templates of this type are given; a variable's attributes
    are those of the dictionaries and dataclasses it holds. Where a value could have any
    attribute (a text, a date) nothing is said: rendering shows whether it fits.
    """
    scope: dict[str, list[Any] | None] = {}
    for context in contexts:
        for name, value in context.items():
            known = scope.setdefault(name, [])
            assert known is not None
            known.append(value)
    problems: list[str] = []
    _walk(tree, scope, problems)
    return list(dict.fromkeys(problems))


def _walk(node: nodes.Node, scope: dict[str, list[Any] | None], problems: list[str]) -> None:
    """Check the attributes read anywhere under `node`, with loop variables bound in `scope`."""
    if isinstance(node, nodes.For):
        _walk(node.iter, scope, problems)
        inner = dict(scope)
        items = _values(node.iter, scope, problems)
        for name in _names(node.target):
            inner[name] = None
        if isinstance(node.target, nodes.Name) and items is not None:
            inner[node.target.name] = [
                item for value in items if isinstance(value, list | tuple) for item in value
            ]
        inner["loop"] = None
        for child in [*node.body, *node.else_]:
            _walk(child, inner, problems)
        if node.test is not None:
            _walk(node.test, inner, problems)
    elif isinstance(node, nodes.Macro | nodes.CallBlock | nodes.With):
        bound = node.targets if isinstance(node, nodes.With) else node.args
        values = node.values if isinstance(node, nodes.With) else node.defaults
        for value in values:
            _walk(value, scope, problems)
        inner = dict(scope)
        for target in bound:
            for name in _names(target):
                inner[name] = None
        if isinstance(node, nodes.CallBlock):
            _walk(node.call, scope, problems)
        for child in node.body:
            _walk(child, inner, problems)
    elif isinstance(node, nodes.Assign | nodes.AssignBlock):
        for child in node.iter_child_nodes():
            _walk(child, scope, problems)
        for name in _names(node.target):
            scope[name] = None
    elif isinstance(node, nodes.Getattr | nodes.Getitem):
        _values(node, scope, problems)
    else:
        for child in node.iter_child_nodes():
            _walk(child, scope, problems)


def _names(target: nodes.Node) -> list[str]:
    """Return the names an assignment or loop target binds."""
    return [n.name for n in target.find_all(nodes.Name)] + (
        [target.name] if isinstance(target, nodes.Name) else []
    )


def _values(
    node: nodes.Node, scope: dict[str, list[Any] | None], problems: list[str]
) -> list[Any] | None:
    """Return the example values of the expression `node`, or None when they are not known;
    add a problem for an attribute none of its values has.
    """
    if isinstance(node, nodes.Name):
        return scope.get(node.name)
    if isinstance(node, nodes.Getitem):
        _walk(node.arg, scope, problems)
    key = _key(node)
    if key is None:
        for child in node.iter_child_nodes():
            _walk(child, scope, problems)
        return None
    assert isinstance(node, nodes.Getattr | nodes.Getitem)
    base = _values(node.node, scope, problems)
    if not base:
        return None
    found, known = [], set()
    for value in base:
        attributes = _attributes(value)
        if attributes is None:
            return None
        known |= attributes
        if key in attributes:
            found.append(value[key] if isinstance(value, dict) else getattr(value, key))
    if not found:
        problems.append(
            f"mallen använder ”{_dotted(node)}”, som docgen inte ger den; "
            f"{_dotted(node.node)} har: {', '.join(sorted(known))}"
        )
    return found


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


def _attributes(value: Any) -> set[str] | None:
    """Return the attributes a template may read from `value`, or None if it could be any."""
    if isinstance(value, dict):
        return set(value)
    if is_dataclass(value) and not isinstance(value, type):
        return {f.name for f in fields(value)}
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


def _missing_style_references(template: TaggedTemplate) -> list[str]:
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
