"""The command line: what users type, what they see, and the exit status."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from click.testing import CliRunner
from conftest import CONTENT

from docgen import __version__
from docgen.cli import main


def test_check_the_example_content_passes(content_tree: Path) -> None:
    result = CliRunner().invoke(main, ["check", str(content_tree)])
    assert result.exit_code == 0, result.stderr
    assert "10 filer kontrollerade, inga fel." in result.output


def test_check_lists_every_problem_in_every_file(content_tree: Path) -> None:
    first = content_tree / "tjansteskrivelser" / "2014-11-24-styrning-och-ledning.md"
    second = content_tree / "tjansteskrivelser" / "2011-12-05-utveckling-utan-granser.md"
    first.write_text(
        first.read_text(encoding="utf-8").replace("organ: KS", "organ: KX"), encoding="utf-8"
    )
    text = second.read_text(encoding="utf-8")
    second.write_text(
        text.replace("datum: 2011-12-05", "datum: 2011-12-32").replace(
            "## Sammanfattning", "# Sammanfattning"
        ),
        encoding="utf-8",
    )
    result = CliRunner().invoke(main, ["check", str(content_tree)])
    assert result.exit_code == 1
    lines = result.stderr.splitlines()
    assert len(lines) == 3, lines
    assert lines[0].startswith(f"{second}:5: datum: ”2011-12-32” är inget giltigt datum")
    assert lines[1].startswith(f"{second}:28: rubriknivå 1 (#)")
    assert lines[2].startswith(f"{first}:5: organet ”KX” finns inte i organisation.yaml")


def test_check_a_broken_organisation_file_is_said_once(content_tree: Path) -> None:
    organisation = content_tree / "organisation.yaml"
    text = organisation.read_text(encoding="utf-8")
    organisation.write_text(text + "extra: 1\n", encoding="utf-8")
    result = CliRunner().invoke(main, ["check", str(content_tree)])
    assert result.exit_code == 1
    assert result.stderr.splitlines() == [
        (
            f"{organisation}:{text.count(chr(10)) + 1}: okänd uppgift ”extra”; tillåtna är: typ, "
            "kommun, diarienummer, forvaringsplats, mallar, organ, personer, publicering, protokoll, "
            "dokumenttyper, kallelse"
        )
    ]


def test_check_an_unknown_file_kind_and_a_missing_path(tmp_path: Path) -> None:
    (tmp_path / "organisation.yaml").write_bytes((CONTENT / "organisation.yaml").read_bytes())
    (tmp_path / "mote.yaml").write_text("typ: motet\n", encoding="utf-8")
    result = CliRunner().invoke(main, ["check", str(tmp_path), str(tmp_path / "borta.md")])
    assert result.exit_code == 1
    assert f"{tmp_path / 'mote.yaml'}:1: okänd typ ”motet”" in result.stderr
    assert f"{tmp_path / 'borta.md'}: filen eller mappen finns inte" in result.stderr


def test_render_writes_beside_the_source_by_default(content_tree: Path) -> None:
    source = content_tree / "tjansteskrivelser" / "2014-11-24-styrning-och-ledning.md"
    result = CliRunner().invoke(main, ["render", str(source)])
    assert result.exit_code == 0, result.stderr
    assert source.with_suffix(".docx").is_file()


def test_usage_errors_exit_2() -> None:
    assert CliRunner().invoke(main, ["render"]).exit_code == 2
    assert CliRunner().invoke(main, ["nonsense"]).exit_code == 2


def test_version_and_module_entry_point() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "docgen", "--version"], capture_output=True, text=True, check=True
    )
    assert result.stdout.strip() == f"docgen {__version__}"


def test_check_warns_of_a_skipped_heading_level_but_passes(content_tree: Path) -> None:
    source = content_tree / "tjansteskrivelser" / "2014-11-24-styrning-och-ledning.md"
    text = source.read_text(encoding="utf-8")
    source.write_text(
        text.replace("### Genomförd utveckling", "#### Genomförd utveckling"), encoding="utf-8"
    )
    line = text[: text.index("### Genomförd utveckling")].count("\n") + 1
    result = CliRunner().invoke(main, ["check", str(content_tree)])
    assert result.exit_code == 0
    assert result.stderr.splitlines() == [
        (
            f"{source}:{line}: varning: rubriknivå 4 efter nivå 2 hoppar över en nivå; "
            "skärmläsare visar då en trasig disposition"
        )
    ]
    assert "10 filer kontrollerade, inga fel, 1 varning." in result.output
