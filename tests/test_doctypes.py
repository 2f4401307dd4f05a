"""Document types beyond the tjänsteskrivelse, declared as data: docgen's own in
docgen/doctypes.yaml, and a kommun's own under `dokumenttyper:` in organisation.yaml.
"""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import pytest
import test_accessibility as a11y
from click.testing import CliRunner
from conftest import CONTENT, copy_organisation, require_libreoffice
from docx import Document
from ooxml import check_references, validate_docx

from docgen import api, render_document
from docgen.cli import main
from docgen.content.doctypes import bundled
from docgen.pdf import convert_to_pdf

HANDLINGAR = sorted(p for p in (CONTENT / "handlingar").rglob("*.md"))
"""The example documents of declared types: seeds 000 and 003."""

REMISSVAR_TYPE = """
dokumenttyper:
  remissvar:
    rubrikord: REMISSVAR
    namn: remissvar
    obligatoriska: [diarienummer, organ, underskrifter]
    avsnitt: [Sammanfattning]
"""

REMISSVAR = """\
---
typ: remissvar
datum: 2015-03-02
diarienummer: KFKS 2015/88-009
organ: KS
rubrik: Remissvar om regional utvecklingsplan
forslag_till_beslut:
  - Kommunstyrelsen antar remissvaret.
underskrifter:
  - {namn: Lena Dahlstedt, titel: Stadsdirektör}
bilagor:
  - Remissen
---
## Sammanfattning

Nacka kommun ställer sig bakom planens inriktning.

## Synpunkter

- Kollektivtrafiken behöver byggas ut.
- Bostäder nära stationer.
"""


def run(*args: str) -> tuple[int, str, list[str]]:
    """Run docgen with `args`; return the exit code, stdout and the lines on stderr."""
    result = CliRunner().invoke(main, list(args))
    return result.exit_code, result.stdout, result.stderr.splitlines()


@pytest.fixture
def kommun(tmp_path: Path) -> Path:
    """Return a content tree whose organisation file declares a type of its own, remissvar."""
    copy_organisation(tmp_path)
    organisation = tmp_path / "organisation.yaml"
    organisation.write_text(
        organisation.read_text(encoding="utf-8") + REMISSVAR_TYPE, encoding="utf-8"
    )
    (tmp_path / "remissvar.md").write_text(REMISSVAR, encoding="utf-8")
    return tmp_path


def test_the_bundled_types_are_declared_with_heading_word_fields_and_sections() -> None:
    types = bundled()
    assert {
        "tillaggsdirektiv",
        "projektdirektiv",
        "uppdragsbeskrivning",
        "yttrande",
        "svar_pa_motion",
        "delegationsbeslut",
    } <= set(types)
    assert types["tillaggsdirektiv"].rubrikord == "TILLÄGGSDIREKTIV"
    assert types["tillaggsdirektiv"].avsnitt == ("Bakgrund", "Syfte")
    assert "diarienummer" in types["yttrande"].obligatoriska
    with pytest.raises(TypeError):
        types["yttrande"] = types["projektdirektiv"]  # type: ignore[index]


def test_a_type_added_in_configuration_alone_checks_and_renders(kommun: Path) -> None:
    assert run("check", str(kommun)) == (0, "2 filer kontrollerade, inga fel.\n", [])
    code, out, errors = run("render", str(kommun / "remissvar.md"))
    assert (code, errors) == (0, [])
    path = kommun / "remissvar.docx"
    assert out == f"skrev {path}\n"
    document = Document(str(path))
    header = [
        p.text for t in document.sections[0].header.tables for c in t._cells for p in c.paragraphs
    ]
    assert header == ["Nacka kommun", "2015-03-02", "REMISSVAR", "KFKS 2015/88-009"]
    by_style = {p.text: p.style.name for p in document.paragraphs}
    assert by_style["Kommunstyrelsen"] == "Mottagare"
    assert by_style["Remissvar om regional utvecklingsplan"] == "Heading 1"
    assert by_style["Förslag till beslut"] == "Heading 2"
    assert by_style["Kommunstyrelsen antar remissvaret."] == "Normal"
    assert by_style["Synpunkter"] == "Heading 2"
    assert by_style["Bostäder nära stationer."] == "List Bullet"
    assert by_style["Remissen"] == "Normal"
    assert by_style["Lena Dahlstedt"] == "Underskrift"
    assert document.core_properties.title == "Remissvar om regional utvecklingsplan"
    assert document.core_properties.subject == "KFKS 2015/88-009"
    assert validate_docx(path) == []
    assert check_references(path) == []


def test_a_type_of_the_kommun_replaces_docgens_of_that_name(kommun: Path) -> None:
    organisation = kommun / "organisation.yaml"
    organisation.write_text(
        organisation.read_text(encoding="utf-8")
        + "  yttrande:\n    rubrikord: YTTRANDE TILL NÄMND\n    namn: yttrande\n",
        encoding="utf-8",
    )
    (kommun / "yttrande.md").write_text(
        "---\ntyp: yttrande\ndatum: 2015-03-02\nrubrik: Yttrande\n---\nText.\n",
        encoding="utf-8",
    )  # docgen's yttrande requires a diarienummer; the kommun's does not
    assert run("render", str(kommun / "yttrande.md"))[0] == 0
    header = Document(str(kommun / "yttrande.docx")).sections[0].header
    assert "YTTRANDE TILL NÄMND" in [
        p.text for t in header.tables for c in t._cells for p in c.paragraphs
    ]


def _template_saying(text: str) -> bytes:
    """Return docgen's general template with `text` before the heading."""
    source = io.BytesIO((api.TEMPLATES / "handling.docx").read_bytes())
    target = io.BytesIO()
    with zipfile.ZipFile(source) as old, zipfile.ZipFile(target, "w") as new:
        for item in old.infolist():
            data = old.read(item)
            if item.filename == "word/document.xml":
                data = data.replace(b"{{ rubrik }}", f"{text}{{{{ rubrik }}}}".encode())
            new.writestr(item, data)
    return target.getvalue()


def test_a_template_named_after_the_type_wins_over_the_general_one(kommun: Path) -> None:
    (kommun / "mallar").mkdir()
    (kommun / "mallar" / "remissvar.docx").write_bytes(_template_saying("Remissvar: "))
    organisation = kommun / "organisation.yaml"
    text = organisation.read_text(encoding="utf-8")
    organisation.write_text(text.replace("\norgan:", "\nmallar: mallar/\norgan:", 1), "utf-8")
    assert run("render", str(kommun / "remissvar.md"))[0] == 0
    texts = [p.text for p in Document(str(kommun / "remissvar.docx")).paragraphs]
    assert "Remissvar: Remissvar om regional utvecklingsplan" in texts
    template = str(kommun / "mallar" / "remissvar.docx")
    assert run("templates", "check", "--typ", "handling", template)[0] == 0


def test_an_unknown_type_is_one_line_naming_the_known_ones(tmp_path: Path) -> None:
    copy_organisation(tmp_path)
    source = tmp_path / "remissvar.md"
    source.write_text(REMISSVAR, encoding="utf-8")
    expected = [
        f"{source}:2: typ: ska vara ”tjansteskrivelse”, ”delegationsbeslut”, ”projektdirektiv”, "
        "”svar_pa_motion”, ”tillaggsdirektiv”, ”uppdragsbeskrivning” eller ”yttrande”, "
        "inte ”remissvar”"
    ]
    assert run("check", str(source)) == (1, "", expected)
    assert run("render", str(source)) == (1, "", expected)
    assert not source.with_suffix(".docx").exists()


@pytest.mark.parametrize(
    ("change", "line", "message"),
    [
        (
            ("diarienummer: KFKS 2015/88-009\n", ""),
            2,
            "uppgiften ”diarienummer” saknas; dokumenttypen remissvar kräver den",
        ),
        (
            (
                "underskrifter:\n  - {namn: Lena Dahlstedt, titel: Stadsdirektör}\n",
                "underskrifter: []\n",
            ),
            9,
            "underskrifter: får inte vara tom; dokumenttypen remissvar kräver den",
        ),
        (
            ("## Sammanfattning", "## Inledning"),
            14,
            "avsnitt saknas i texten: ”## Sammanfattning”; dokumenttypen remissvar ska ha "
            "Sammanfattning",
        ),
        (("organ: KS", "organ: XX"), 5, "organet ”XX” finns inte i organisation.yaml"),
        (
            ("KFKS 2015/88-009", "KFKS 2015-88"),
            4,
            "diarienummer ”KFKS 2015-88” följer inte mönstret",
        ),
        (("rubrik: Remissvar", "rubrk: Remissvar"), 6, "okänd uppgift ”rubrk”"),
    ],
)
def test_what_a_type_requires_is_checked_at_its_line(
    kommun: Path, change: tuple[str, str], line: int, message: str
) -> None:
    source = kommun / "remissvar.md"
    text = source.read_text(encoding="utf-8")
    assert change[0] in text
    source.write_text(text.replace(change[0], change[1], 1), encoding="utf-8")
    code, _, errors = run("check", str(source))
    assert code == 1
    assert any(e.startswith(f"{source}:{line}: {message}") for e in errors), errors


def test_a_kommun_type_with_a_bad_name_or_field_is_reported_at_its_line(tmp_path: Path) -> None:
    copy_organisation(tmp_path)
    organisation = tmp_path / "organisation.yaml"
    text = organisation.read_text(encoding="utf-8")
    organisation.write_text(
        text + "dokumenttyper:\n  Remiss-svar:\n    rubrikord: R\n    namn: r\n"
        "  remissvar:\n    rubrikord: R\n    namn: r\n    obligatoriska: [datum]\n"
        "  tjansteskrivelse:\n    rubrikord: T\n    namn: t\n",
        encoding="utf-8",
    )
    code, _, errors = run("check", str(organisation))
    lines = text.count("\n")
    assert code == 1
    assert errors[0].startswith(f"{organisation}:{lines + 2}: ")
    assert (
        ": dokumenttyper, Remiss-svar: ”Remiss-svar” kan inte vara namnet på en dokumenttyp"
        in errors[0]
    )
    assert errors[1].startswith(f"{organisation}:{lines + 8}: ")
    assert errors[2].startswith(f"{organisation}:{lines + 9}: ")
    assert "”tjansteskrivelse” är redan en egen sorts fil i docgen" in errors[2]
    assert len(errors) == 3


@pytest.fixture(scope="module")
def rendered(tmp_path_factory: pytest.TempPathFactory) -> list[Path]:
    """Render each example document of a declared type once."""
    folder = tmp_path_factory.mktemp("handlingar")
    return [render_document(source, folder / f"{source.stem}.docx")[0] for source in HANDLINGAR]


def test_the_examples_are_schema_valid_and_identical_on_re_render(
    rendered: list[Path], tmp_path: Path
) -> None:
    assert len(rendered) == 2
    for source, path in zip(HANDLINGAR, rendered, strict=True):
        assert validate_docx(path) == []
        assert check_references(path) == []
        again = render_document(source, tmp_path / path.name)[0]
        assert again.read_bytes() == path.read_bytes()


def test_the_examples_are_accessible_like_the_others(rendered: list[Path]) -> None:
    for path in rendered:
        document = Document(str(path))
        a11y.test_headings_are_heading_styles_in_order(document)
        a11y.test_lists_use_word_numbering(document)
        a11y.test_data_tables_have_a_repeating_header_row_without_merged_cells(document)
        a11y.test_images_have_alt_text_and_language_is_swedish(document)


def test_the_examples_convert_with_libreoffice(rendered: list[Path], tmp_path: Path) -> None:
    require_libreoffice()
    copies = []
    for path in rendered:
        copy = tmp_path / path.name
        copy.write_bytes(path.read_bytes())
        copies.append(copy)
    pdfs = convert_to_pdf(copies)
    assert [p.name for p in pdfs] == [c.with_suffix(".pdf").name for c in copies]
    assert all(p.read_bytes().startswith(b"%PDF") and p.stat().st_size > 10_000 for p in pdfs)
