"""The command line: what users type, what they see, and the exit status."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
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


HELP = "docgen check --help visar hur det skrivs"


@pytest.mark.parametrize(
    ("command", "line"),
    [
        (
            ["nonsense"],
            "docgen: okänt kommando ”nonsense”; kommandona är ”check”, ”close”, ”kallelse”, "
            "”new”, ”publish”, ”render”, ”schema” eller ”templates”",
        ),
        (["chek", "content"], "docgen: okänt kommando ”chek”; menade du ”check” eller ”schema”?"),
        (
            ["templates", "kolla"],
            "docgen templates: okänt kommando ”kolla”; kommandona är ”check” eller ”export”",
        ),
        (["check"], f"docgen check: FIL_ELLER_MAPP... saknas; {HELP}"),
        (["check", "--foo", "x"], f"docgen check: okänd flagga ”--foo”; {HELP}"),
        (["close", "m.yaml", "--pfd"], "docgen close: okänd flagga ”--pfd”; menade du ”--pdf”?"),
        (["close", "m.yaml", "--pdf=ja"], "docgen close: flaggan ”--pdf” tar inget värde"),
        (
            ["close", "m.yaml", "-o"],
            "docgen close: flaggan ”-o” behöver ett värde; docgen close --help visar hur det skrivs",
        ),
        (
            ["render", "a.md", "b.md"],
            "docgen render: för många argument: b.md; docgen render --help visar hur det skrivs",
        ),
        (
            ["new"],
            "docgen new: ange vilken sort, ”organisation”, ”tjansteskrivelse”, ”sammantrade” "
            "eller ”foredragningslista”",
        ),
        (
            ["new", "protokoll"],
            "docgen new: okänd sort ”protokoll”; välj ”organisation”, ”tjansteskrivelse”, "
            "”sammantrade” eller ”foredragningslista”",
        ),
        (
            ["new", "sammantrade", "--datum", "19/8 2014"],
            "docgen new: --datum ”19/8 2014” är inget datum; skriv ÅÅÅÅ-MM-DD",
        ),
        (
            ["new", "organisation", "--organ", "KS"],
            "docgen new: --organ gäller tjänsteskrivelser och sammanträden",
        ),
    ],
)
def test_a_mistyped_command_is_one_swedish_line_and_exit_1(command: list[str], line: str) -> None:
    result = CliRunner().invoke(main, command)
    assert result.exit_code == 1
    assert result.stderr.splitlines() == [line]
    assert result.stdout == ""


def test_an_interrupted_command_says_so_in_swedish(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    def interrupted(paths: list[Path]) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr("docgen.api.check", interrupted)
    result = CliRunner().invoke(main, ["check", str(tmp_path)])
    assert (result.exit_code, result.stderr) == (1, "\navbrutet\n")


@pytest.mark.parametrize("command", [["--help"], ["check", "-h"], ["templates"], []])
def test_help_is_swedish(command: list[str]) -> None:
    result = CliRunner().invoke(main, command)
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith("Användning: docgen")
    assert "Flaggor:" in result.stdout and "Visa den här hjälpen." in result.stdout
    for english in ("Usage", "Options", "Commands", "Show this", "Error", "Try "):
        assert english not in result.stdout


def test_the_help_lists_the_commands_in_swedish() -> None:
    result = CliRunner().invoke(main, ["--help"])
    assert "Kommandon:\n  check      Kontrollera innehållsfiler" in result.stdout
    assert "--version   Visa docgens version." in result.stdout


def test_a_mistyped_command_through_the_installed_entry_point_is_swedish() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "docgen", "check", "--foo"], capture_output=True, text=True
    )
    assert result.returncode == 1
    assert (
        result.stderr
        == "python -m docgen check: okänd flagga ”--foo”; python -m docgen check --help visar hur det skrivs\n"
    )


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


@pytest.mark.parametrize(
    "command",
    [
        ["render", "tjansteskrivelser"],
        ["kallelse", "sammantraden"],
        ["close", "sammantraden", "-o", "ut"],
        ["publish", "sammantraden", "-o", "webb"],
    ],
)
def test_a_folder_where_a_file_belongs_is_one_line(
    content_tree: Path, monkeypatch: pytest.MonkeyPatch, command: list[str]
) -> None:
    monkeypatch.chdir(content_tree)
    result = CliRunner().invoke(main, command)
    assert (result.exit_code, result.stdout) == (1, "")
    assert result.stderr == (
        f"{command[1]}: är en mapp, inte en fil; ange en fil i den (docgen check tar hela mappar)\n"
    )
    assert not (content_tree / "ut").exists() and not (content_tree / "webb").exists()
