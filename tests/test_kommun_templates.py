"""A kommun's own templates: exported from docgen, named once in organisation.yaml
(`mallar:`, relative to that file) and used by every command with no option; the
README's table of what templates may use is generated from the contract.
"""

from __future__ import annotations

import importlib.util
import shutil
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import CONTENT, IGNORED, REPO
from docx import Document

from docgen.api import TEMPLATES
from docgen.cli import main


def invoke(*args: str | Path) -> tuple[int, list[str], str]:
    """Run `docgen` with `args`; return exit code, stderr lines and stdout."""
    result = CliRunner().invoke(main, [str(a) for a in args])
    return result.exit_code, result.stderr.splitlines(), result.stdout


def test_export_writes_the_templates_and_never_overwrites(tmp_path: Path) -> None:
    folder = tmp_path / "mallar"
    code, errors, output = invoke("templates", "export", folder)
    assert (code, errors) == (0, [])
    assert output.startswith(f"skrev 7 mallar till {folder}")
    for template in TEMPLATES.glob("*.docx"):
        assert (folder / template.name).read_bytes() == template.read_bytes()
    (folder / "protokoll.docx").write_bytes(b"kommunens egen")
    code, errors, _ = invoke("templates", "export", folder)
    assert code == 1
    assert errors == [
        f"{folder / name}: finns redan; docgen skriver inte över en mall"
        for name in (
            "anslagsbevis.docx",
            "handling.docx",
            "kallelse.docx",
            "kungorelse.docx",
            "protokoll.docx",
            "protokollsutdrag.docx",
            "tjansteskrivelse.docx",
        )
    ]
    assert (folder / "protokoll.docx").read_bytes() == b"kommunens egen"


@pytest.fixture
def kommun(tmp_path: Path) -> Path:
    """Return a copy of the example content whose organisation.yaml names `mallar/`,
    holding the exported templates with a mark in the tjänsteskrivelse and protocol.
    """
    root = tmp_path / "kommun"
    shutil.copytree(CONTENT, root, ignore=IGNORED)
    organisation = root / "organisation.yaml"
    organisation.write_text(
        organisation.read_text(encoding="utf-8") + "mallar: mallar/\n", encoding="utf-8"
    )
    assert invoke("templates", "export", root / "mallar")[0] == 0
    for name in ("tjansteskrivelse", "protokoll"):
        document = Document(str(root / "mallar" / f"{name}.docx"))
        document.add_paragraph("KOMMUNENS EGEN MALL")
        document.save(str(root / "mallar" / f"{name}.docx"))
    return root


def _texts(path: Path) -> list[str]:
    return [p.text for p in Document(str(path)).paragraphs]


def test_render_and_close_use_the_folder_named_in_organisation_yaml(
    kommun: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)  # relative to organisation.yaml, not to where one stands
    source = kommun / "tjansteskrivelser" / "2014-08-07-lagesrapport-augusti.md"
    assert invoke("render", source, "-o", tmp_path / "t.docx")[0] == 0
    assert _texts(tmp_path / "t.docx")[-1] == "KOMMUNENS EGEN MALL"
    meeting = kommun / "sammantraden" / "2014-08-19-ksau.yaml"
    assert invoke("close", meeting, "-o", tmp_path / "ksau")[0] == 0
    assert _texts(tmp_path / "ksau" / "protokoll.docx")[-1] == "KOMMUNENS EGEN MALL"
    assert "KOMMUNENS EGEN MALL" not in _texts(tmp_path / "ksau" / "protokollsutdrag-093.docx")


def test_options_still_override_the_folder(kommun: Path, tmp_path: Path) -> None:
    source = kommun / "tjansteskrivelser" / "2014-08-07-lagesrapport-augusti.md"
    code, _, _ = invoke(
        "render",
        source,
        "-o",
        tmp_path / "t.docx",
        "--template",
        TEMPLATES / "tjansteskrivelse.docx",
    )
    assert code == 0 and "KOMMUNENS EGEN MALL" not in _texts(tmp_path / "t.docx")
    meeting = kommun / "sammantraden" / "2014-08-19-ksau.yaml"
    assert invoke("close", meeting, "-o", tmp_path / "ksau", "--templates", TEMPLATES)[0] == 0
    assert "KOMMUNENS EGEN MALL" not in _texts(tmp_path / "ksau" / "protokoll.docx")


def test_a_missing_template_folder_is_one_line_at_its_key(kommun: Path, tmp_path: Path) -> None:
    shutil.rmtree(kommun / "mallar")
    source = kommun / "tjansteskrivelser" / "2014-08-07-lagesrapport-augusti.md"
    code, errors, _ = invoke("render", source, "-o", tmp_path / "t.docx")
    organisation = kommun / "organisation.yaml"
    line = organisation.read_text(encoding="utf-8").splitlines().index("mallar: mallar/") + 1
    assert (code, errors) == (
        1,
        [
            (
                f"{organisation}:{line}: mallar: mappen ”mallar/” finns inte bredvid organisation.yaml; "
                "skapa den med docgen templates export eller ta bort raden"
            )
        ],
    )
    assert not (tmp_path / "t.docx").exists()


def test_the_readme_table_is_generated_from_the_contract() -> None:
    spec = importlib.util.spec_from_file_location("templates_guide", REPO / "templates/guide.py")
    assert spec is not None and spec.loader is not None
    guide = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = guide
    spec.loader.exec_module(guide)
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    assert guide.readme_with_guide(readme) == readme, "kör make templates"
    table = guide.guide()
    assert "| `sista_dag` |" not in table
    assert "| `anslag.sista_dag` | sista dagen för överklagande |" in table
    assert "| `paragrafer` | lista med paragraferna; med `{%p for p in paragrafer %}` har" in table
    assert "| `p.rubrik` | rubriken |" in table
    assert "`{{ x\\|datum_lang }}` → 19 augusti 2014" in table
