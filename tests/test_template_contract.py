"""`docgen templates check`: a template against the contract, then proved by rendering the
example content through it; every problem one line naming the template (and the tag).
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import edited_copy
from docx import Document

from docgen.api import DOCUMENT_TYPES, TEMPLATES
from docgen.cli import main
from docgen.documents.contract import attributes, element, variables
from docgen.render import Text

KNOWN = (
    "anslagsbevis.docx, handling.docx, kallelse.docx, kungorelse.docx, protokoll.docx, "
    "protokollsutdrag.docx, tjansteskrivelse.docx"
)
OFFERED = ", ".join(sorted(variables(DOCUMENT_TYPES["tjansteskrivelse"].Context)))


def run_check(*args: str | Path) -> tuple[int, list[str], str]:
    """Run `docgen templates check`; return exit code, stderr lines and stdout."""
    result = CliRunner().invoke(main, ["templates", "check", *map(str, args)])
    return result.exit_code, result.stderr.splitlines(), result.stdout


@pytest.mark.parametrize("name", sorted(DOCUMENT_TYPES))
def test_every_bundled_template_follows_its_contract(name: str) -> None:
    code, errors, output = run_check(TEMPLATES / f"{name}.docx")
    assert (code, errors) == (0, [])
    assert "mallen följer kontraktet och fungerar med exempeldokumenten" in output


def test_a_folder_is_checked_template_by_template(tmp_path: Path) -> None:
    code, errors, _output = run_check(TEMPLATES)
    assert (code, errors) == (0, [])
    folder = tmp_path / "mallar"
    folder.mkdir()
    for name in ("protokoll", "tjansteskrivelse"):
        document = Document(str(TEMPLATES / f"{name}.docx"))
        document.add_paragraph("{{ okand }}")
        document.save(str(folder / f"{name}.docx"))
    code, errors, _ = run_check(folder)
    assert code == 1
    assert [e.split(": ")[:2] for e in errors] == [
        [
            str(folder / "protokoll.docx"),
            "variabeln ”okand” (i ”{{ okand }}”) finns inte i kontraktet (docgen ger",
        ],
        [
            str(folder / "tjansteskrivelse.docx"),
            "variabeln ”okand” (i ”{{ okand }}”) finns inte i kontraktet (docgen ger",
        ],
    ]


def test_the_type_decides_the_contract(tmp_path: Path) -> None:
    copy = tmp_path / "egen.docx"
    copy.write_bytes((TEMPLATES / "protokoll.docx").read_bytes())
    assert run_check(copy)[:2] == (
        1,
        [f"{copy}: okänd mall ”egen.docx”; docgen använder {KNOWN} (eller ange --typ)"],
    )
    code, errors, _ = run_check("--typ", "tjansteskrivelse", copy)
    assert code == 1 and any(
        "variabeln ”beslutande” (i ”{% for b in beslutande %}”) finns inte i kontraktet" in e
        for e in errors
    )
    assert run_check("--typ", "protokoll", copy)[:2] == (0, [])
    assert run_check("--typ", "beslut", copy)[:2] == (
        1,
        [
            (
                f"{copy}: okänd dokumenttyp ”beslut”; docgen känner till anslagsbevis, handling, "
                "kallelse, kungorelse, protokoll, protokollsutdrag, tjansteskrivelse"
            )
        ],
    )


def _with(name: str, text: str, where: str = "body") -> Callable[[Path], Path]:
    """Return a maker of a copy of the bundled template `name` with a paragraph of `text`."""

    def make(folder: Path) -> Path:
        document = Document(str(TEMPLATES / f"{name}.docx"))
        story = document.sections[0].header if where == "header" else document
        story.add_paragraph(text)
        path = folder / f"{name}.docx"
        document.save(str(path))
        return path

    return make


def _without_style(style: str) -> Callable[[Path], Path]:
    """Return a maker of a copy of the tjänsteskrivelse template without `style`."""

    def make(folder: Path) -> Path:
        document = Document(str(TEMPLATES / "tjansteskrivelse.docx"))
        document.styles[style].delete()
        path = folder / "tjansteskrivelse.docx"
        document.save(str(path))
        return path

    return make


def _with_style_kind(style_id: str, kind: str) -> Callable[[Path], Path]:
    """Return a maker of a copy of the tjänsteskrivelse template with the style
    `style_id` of `kind` (as Word's type attribute writes it)."""

    def make(folder: Path) -> Path:
        document = Document(str(TEMPLATES / "tjansteskrivelse.docx"))
        element = document.styles.element.get_by_id(style_id)
        element.set("{http://schemas.openxmlformats.org/wordprocessingml/2006/main}type", kind)
        path = folder / "tjansteskrivelse.docx"
        document.save(str(path))
        return path

    return make


def _file(name: str, data: bytes | None) -> Callable[[Path], Path]:
    """Return a maker of a file `name` holding `data` (or no file, for None)."""

    def make(folder: Path) -> Path:
        if data is not None:
            (folder / name).write_bytes(data)
        return folder / name

    return make


def _empty_folder(folder: Path) -> Path:
    (folder / "mallar").mkdir()
    return folder / "mallar"


def _with_style_reference(folder: Path) -> Path:
    """Return a copy of the tjänsteskrivelse template with a paragraph in a style it lacks."""
    document = Document(str(TEMPLATES / "tjansteskrivelse.docx"))
    paragraph = document.add_paragraph("{{ rubrik }}")
    paragraph._p.get_or_add_pPr().get_or_add_pStyle().set(
        "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}val", "Kommunrubrik"
    )
    path = folder / "tjansteskrivelse.docx"
    document.save(str(path))
    return path


def _page_break_in_a_tag_paragraph(folder: Path) -> Path:
    """Return a copy of the protocol template as LibreOffice saves a direct page break
    before the first §: moved into the `{%p if loop.first %}` paragraph before it.
    """
    tag = b"<w:t>{%p if loop.first %}</w:t></w:r>"

    def edit(body: bytes) -> bytes:
        body = body.replace(tag, tag + b'<w:r><w:br w:type="page"/></w:r>')
        return body.replace(b"ParagrafnummerNySida", b"Paragrafnummer")

    return edited_copy(
        TEMPLATES / "protokoll.docx", folder / "protokoll.docx", "word/document.xml", edit
    )


BROKEN: list[tuple[str, Callable[[Path], Path], str]] = [
    (
        "unknown variable",
        _with("tjansteskrivelse", "{{ okand }}"),
        f"variabeln ”okand” (i ”{{{{ okand }}}}”) finns inte i kontraktet (docgen ger: {OFFERED})",
    ),
    (
        "unknown variable in the header",
        _with("tjansteskrivelse", "{{ logga }}", "header"),
        f"variabeln ”logga” (i ”{{{{ logga }}}}”) finns inte i kontraktet (docgen ger: {OFFERED})",
    ),
    (
        "unknown filter",
        _with("tjansteskrivelse", "{{ rubrik|hemligt }}"),
        "filtret ”hemligt” (i ”{{ rubrik|hemligt }}”) finns inte",
    ),
    (
        "missing style",
        _without_style("Quote"),
        "formatmallen ”Quote” (”Citat” i svenska Word) saknas",
    ),
    (
        "a style of the wrong kind",
        _with_style_kind("Quote", "character"),
        "formatmallen ”Quote” (”Citat” i svenska Word) är ingen styckeformatmall",
    ),
    (
        "a paragraph in a style the template lacks",
        _with_style_reference,
        "mallen använder formatmallen ”Kommunrubrik”, som inte finns i mallen",
    ),
    (
        "unclosed if",
        _with("tjansteskrivelse", "{% if rubrik %}"),
        "fel i mallens Jinja-kod: ”if” avslutas aldrig; ”endif” saknas",
    ),
    (
        "wrong end tag",
        _with("tjansteskrivelse", "{% for x in bilagor %}{{ x }}{% endif %}"),
        (
            "fel i mallens Jinja-kod: taggen ”endif” passar inte här: ”for” före den är inte "
            "avslutad (i ”{% endif %}”)"
        ),
    ),
    (
        "unknown tag",
        _with("tjansteskrivelse", "{% hoppa %}"),
        "fel i mallens Jinja-kod: taggen ”hoppa” finns inte (i ”{% hoppa %}”)",
    ),
    (
        "two names in a tag",
        _with("tjansteskrivelse", "{{ rubrik datum }}"),
        "fel i mallens Jinja-kod: ”datum” kan inte stå där (i ”{{ rubrik datum }}”)",
    ),
    (
        "misspelt attribute",
        _with("anslagsbevis", "{{ anslag.sist_dag|datum_kort }}"),
        (
            "mallen använder ”anslag.sist_dag” (i ”{{ anslag.sist_dag|datum_kort }}”), som docgen "
            "inte ger den; menade du ”anslag.sista_dag”? "
            "(anslag har: nedtagning, sista_dag, underskrift, uppsatt)"
        ),
    ),
    (
        "misspelt attribute in a branch the examples never reach",
        _with(
            "protokoll",
            "{% for p in paragrafer %}{% if p.nummer > 999 %}{{ p.rubrikk }}"
            "{% endif %}{% endfor %}",
        ),
        (
            "mallen använder ”p.rubrikk” (i ”{{ p.rubrikk }}”), som docgen inte ger den; "
            "menade du ”p.rubrik”? (p har: diarienummer, innehall, nummer, nummer_text, rubrik, "
            "underrubrik)"
        ),
    ),
    (
        "misspelt key in a list of dictionaries",
        _with("tjansteskrivelse", "{% for u in underskrifter %}{{ u['namnet'] }}{% endfor %}"),
        (
            "mallen använder ”u.namnet” (i ”{{ u['namnet'] }}”), som docgen inte ger den; "
            "menade du ”u.namn”? (u har: enhet, namn, titel)"
        ),
    ),
    (
        "misspelt variable",
        _with("tjansteskrivelse", "{{ rubrk }}"),
        (
            f"variabeln ”rubrk” (i ”{{{{ rubrk }}}}”) finns inte i kontraktet; "
            f"menade du ”rubrik”? (docgen ger: {OFFERED})"
        ),
    ),
    (
        "misspelt attribute in the header",
        _with("protokoll", "{{ justering.plats_och_tiden }}", "header"),
        (
            "mallen använder ”justering.plats_och_tiden” (i ”{{ justering.plats_och_tiden }}”), "
            "som docgen inte ger den; menade du ”justering.plats_och_tid”? "
            "(justering har: datum, plats, plats_och_tid)"
        ),
    ),
    (
        "attribute the contract lacks, nothing like it",
        _with("anslagsbevis", "{{ justering.ansvarig }}"),
        (
            "mallen använder ”justering.ansvarig” (i ”{{ justering.ansvarig }}”), som docgen "
            "inte ger den (justering har: datum, plats, plats_och_tid)"
        ),
    ),
    (
        "misspelt attribute in a loop's condition",
        _with("protokoll", "{% for p in paragrafer if p.numer > 1 %}{{ p.rubrik }}{% endfor %}"),
        (
            "mallen använder ”p.numer” (i ”{% for p in paragrafer if p.numer > 1 %}”), som "
            "docgen inte ger den; menade du ”p.nummer”? (p har: diarienummer, innehall, nummer, "
            "nummer_text, rubrik, underrubrik)"
        ),
    ),
    (
        "misspelt attribute in a loop inside a loop",
        _with(
            "kallelse",
            "{% for a in arenden %}{% for h in a.handlingar %}{{ a.foredragare }}{{ h }}"
            "{% endfor %}{% endfor %}",
        ),
        (
            "mallen använder ”a.foredragare” (i ”{{ a.foredragare }}”), som docgen inte ger den; "
            "menade du ”a.foredragande”? (a har: diarienummer, foredragande, handlingar, nummer, "
            "rubrik, underrubrik)"
        ),
    ),
    (
        "attribute of the shared part, in the kungörelse",
        _with("kungorelse", "{% for a in arenden %}{{ a.titel }}{% endfor %}"),
        (
            "mallen använder ”a.titel” (i ”{{ a.titel }}”), som docgen inte ger den "
            "(a har: diarienummer, foredragande, handlingar, nummer, rubrik, underrubrik)"
        ),
    ),
    (
        "attribute of a list",
        _with("kallelse", "{% if arenden %}{{ arenden.rubrik }}{% endif %}"),
        (
            "mallen använder ”arenden.rubrik” (i ”{{ arenden.rubrik }}”), men arenden är en "
            "lista: gå igenom den med {%p for a in arenden %} och skriv a.rubrik"
        ),
    ),
    (
        "attribute of a list inside a list",
        _with("kallelse", "{% for a in arenden %}{{ a.handlingar.namn }}{% endfor %}"),
        (
            "mallen använder ”a.handlingar.namn” (i ”{{ a.handlingar.namn }}”), men a.handlingar "
            "är en lista: gå igenom den med {%p for h in a.handlingar %} och skriv h.namn"
        ),
    ),
    (
        "attribute of the extract's paragraph",
        _with("protokollsutdrag", "{{p paragraf.innehal }}"),
        (
            "mallen använder ”paragraf.innehal” (i ”{{ paragraf.innehal }}”), som docgen inte "
            "ger den; menade du ”paragraf.innehall”? (paragraf har: diarienummer, innehall, "
            "nummer, nummer_text, rubrik, underrubrik)"
        ),
    ),
    (
        "a date filter given a text",
        _with("tjansteskrivelse", "{{ rubrik|datum_lang }}"),
        (
            "mallen kan inte fyllas i: filtret ”datum_lang” fick ett värde det inte kan visa "
            "(i ”{{ rubrik|datum_lang }}”)"
        ),
    ),
    (
        "a date filter given a number",
        _with("protokollsutdrag", "{{ paragraf.nummer|datum_kort }}"),
        (
            "mallen kan inte fyllas i: filtret ”datum_kort” fick ett värde det inte kan visa "
            "(i ”{{ paragraf.nummer|datum_kort }}”)"
        ),
    ),
    (
        "arithmetic that fails",
        _with("tjansteskrivelse", "{{ 1 / 0 }}"),
        (
            "mallen kan inte fyllas i: ett värde passar inte till det mallen gör med det "
            "(i ”{{ 1 / 0 }}”)"
        ),
    ),
    (
        "attribute of a text",
        _with("tjansteskrivelse", "{{ rubrik.okand }}"),
        "mallen använder ”okand”, som docgen inte ger den (i ”{{ rubrik.okand }}”)",
    ),
    (
        "reaching for Python internals",
        _with("tjansteskrivelse", "{{ rubrik.__class__ }}"),
        "mallen försöker använda något som inte är tillåtet i en mall (i ”{{ rubrik.__class__ }}”)",
    ),
    (
        "unknown template name",
        _file("logga.docx", (TEMPLATES / "protokoll.docx").read_bytes()),
        f"okänd mall ”logga.docx”; docgen använder {KNOWN} (eller ange --typ)",
    ),
    (
        "not a Word file",
        _file("protokoll.docx", b"inte en mall"),
        "mallen är ingen Word-fil (.docx)",
    ),
    (
        "a page break in a paragraph docxtpl replaces by its tag",
        _page_break_in_a_tag_paragraph,
        (
            "sidbrytningen i stycket med ”{%p if loop.first %}” försvinner när mallen fylls i, "
            "eftersom hela det stycket blir mallkoden; ge i stället stycket efter en formatmall "
            "med sidbrytning före (som ”Paragrafnummer ny sida”)"
        ),
    ),
    (
        "a tag without its closing braces",
        _with("tjansteskrivelse", "Rubrik: {{ rubrik }"),
        "taggen ”{{ rubrik }” avslutas aldrig: ”}}” saknas",
    ),
    (
        "a tag without its opening braces",
        _with("tjansteskrivelse", "{ rubrik }}", "header"),
        "”{ rubrik }}” avslutar en tagg som aldrig börjar: ”{{” saknas",
    ),
    ("no such file", _file("protokoll.docx", None), "mallen finns inte"),
    (
        "a folder without templates",
        _empty_folder,
        f"mappen har inga Word-mallar; docgen använder {KNOWN}",
    ),
]
"""Broken templates, and the one line `docgen templates check` gives for each (after the path)."""


@pytest.mark.parametrize(("case", "make", "message"), BROKEN, ids=[c[0] for c in BROKEN])
def test_a_broken_template_is_one_line(
    tmp_path: Path, case: str, make: Callable[[Path], Path], message: str
) -> None:
    path = make(tmp_path)
    code, errors, output = run_check(path)
    assert (code, errors, output) == (1, [f"{path}: {message}"], "")


@pytest.mark.parametrize(
    "source",
    [
        "A  {%- if x %}B{% endif %}  {{- 'C' }} D",
        "A {% if x -%}  B {%- endif %}",
        "{{ x }}\n{{- x }}",
    ],
)
def test_tags_on_lines_of_their_own_change_no_output(source: str) -> None:
    from jinja2 import Environment

    from docgen.render import _TAG_START, _line_break_before

    environment = Environment()
    marked = _TAG_START.sub(_line_break_before, source)
    assert marked.count("\n") == source.count("\n") + source.count("{{") + source.count("{%")
    assert environment.from_string(marked).render(x=1) == environment.from_string(source).render(
        x=1
    )


def test_names_bound_in_the_template_are_not_the_contracts(tmp_path: Path) -> None:
    text = (
        "{% macro rad(anslag) %}{{ anslag.vad }}{% endmacro %}{{ rad(justering) }}"
        "{% with anslag = justering %}{{ anslag.plats }}{% endwith %}"
        "{% set anslag = justering %}{{ anslag.plats }}"
    )
    code, errors, _ = run_check(_with("anslagsbevis", text)(tmp_path))
    assert code == 1 and len(errors) == 1  # found by rendering, not by the contract's anslag
    assert errors[0].endswith(
        "mallen använder ”vad”, som docgen inte ger den (i ”{{ anslag.vad }}”)"
    )


def _described(context: type, prefix: str = "") -> list[tuple[str, str]]:
    """Return every variable of `context` and of the dataclasses it holds, with its text."""
    found = []
    types = attributes(context) or {}
    for name, text in variables(context).items():
        found.append((f"{prefix}{name}", text))
        inner = types[name] if attributes(types[name]) is not None else element(types[name])
        if attributes(inner) is not None:
            found += _described(inner, f"{prefix}{name}.")
    return found


@pytest.mark.parametrize("name", sorted(DOCUMENT_TYPES))
def test_every_variable_and_attribute_of_the_contract_is_described(name: str) -> None:
    described = _described(DOCUMENT_TYPES[name].Context)
    assert all(text.strip() for _, text in described)
    assert len({n for n, _ in described}) == len(described)


def test_the_contract_is_read_from_the_context_dataclass() -> None:
    from docgen.documents import protokoll, protokollsutdrag, sammantrade

    assert list(variables(sammantrade.Anslag)) == [
        "uppsatt",
        "sista_dag",
        "nedtagning",
        "underskrift",
    ]
    assert variables(protokollsutdrag.Context)["paragraf"] == "paragrafen"
    assert list(variables(protokoll.Context))[: len(variables(sammantrade.Context))] == list(
        variables(sammantrade.Context)
    )
    types = attributes(protokoll.Context)
    assert types is not None and element(types["paragrafer"]) is sammantrade.ParagrafContext
    assert attributes(types["anslag"]) == {
        "uppsatt": date,
        "sista_dag": date,
        "nedtagning": date,
        "underskrift": Text,
    }
    assert attributes(types["beslutande"]) is None and element(types["beslutande"]) is Text


def test_the_renderer_gets_the_fields_themselves() -> None:
    from docgen.documents.contract import as_context
    from docgen.documents.sammantrade import Anslag, Justering

    anslag = Anslag(date(2014, 9, 1), date(2014, 9, 22), date(2014, 9, 23), Text("Eva Sjö"))
    justering = Justering(date(2014, 9, 1), Text("Stadshuset"), Text("Stadshuset 1 september"))
    context = as_context(justering)
    assert context == {
        "datum": date(2014, 9, 1),
        "plats": "Stadshuset",
        "plats_och_tid": "Stadshuset 1 september",
    }
    assert context["plats"] is justering.plats
    assert as_context(anslag)["sista_dag"] is anslag.sista_dag
