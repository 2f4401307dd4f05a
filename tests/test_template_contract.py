"""`docgen templates check`: a template against the contract, before anyone renders with it."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner
from docx import Document

from docgen.api import TEMPLATES
from docgen.cli import main

TEMPLATE = TEMPLATES / "tjansteskrivelse.docx"


def run_check(template: Path) -> tuple[int, list[str], str]:
    """Run `docgen templates check`; return exit code, stderr lines and stdout."""
    result = CliRunner().invoke(main, ["templates", "check", str(template)])
    return result.exit_code, result.stderr.splitlines(), result.output


@pytest.mark.parametrize("name", ["tjansteskrivelse", "protokoll", "protokollsutdrag",
                                  "anslagsbevis"])
def test_every_bundled_template_follows_its_contract(name: str) -> None:
    code, errors, output = run_check(TEMPLATES / f"{name}.docx")
    assert (code, errors) == (0, [])
    assert "mallen följer kontraktet" in output


def test_the_type_decides_the_contract(tmp_path: Path) -> None:
    copy = tmp_path / "egen.docx"
    copy.write_bytes((TEMPLATES / "protokoll.docx").read_bytes())
    result = CliRunner().invoke(main, ["templates", "check", str(copy)])
    assert result.exit_code == 1 and "variabeln ”beslutande” finns inte" in result.stderr
    result = CliRunner().invoke(main, ["templates", "check", "--typ", "protokoll", str(copy)])
    assert result.exit_code == 0, result.stderr


def test_unknown_variables_filters_and_styles_are_listed(tmp_path: Path) -> None:
    document = Document(str(TEMPLATE))
    document.add_paragraph("{{ okand }} {{ rubrik|hemligt }} {{ datum|datum_lang }}")
    document.styles["Quote"].delete()
    path = tmp_path / "egen.docx"
    document.save(str(path))
    code, errors, _ = run_check(path)
    assert code == 1
    assert errors[0] == f"{path}: formatmallen ”Quote” saknas"
    assert errors[1].startswith(f"{path}: variabeln ”okand” finns inte i kontraktet (docgen ger: ")
    assert errors[2] == f"{path}: filtret ”hemligt” finns inte"
    assert len(errors) == 3


def test_a_syntax_error_and_a_file_that_is_no_template(tmp_path: Path) -> None:
    document = Document(str(TEMPLATE))
    document.add_paragraph("{% for x in %}")
    broken = tmp_path / "trasig.docx"
    document.save(str(broken))
    code, errors, _ = run_check(broken)
    assert code == 1 and errors[-1].startswith(f"{broken}: fel i mallens Jinja-kod: ")
    text = tmp_path / "text.docx"
    text.write_text("inte en mall", encoding="utf-8")
    code, errors, _ = run_check(text)
    assert (code, errors) == (1, [f"{text}: mallen är ingen Word-fil (.docx)"])
