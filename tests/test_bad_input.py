"""Bad input through `docgen render`: one clear line with file and line, exit 1, nothing lost."""

from __future__ import annotations

import io
import os
import zipfile
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from conftest import copy_organisation
from docx import Document

from docgen.api import TEMPLATES
from docgen.cli import main
from docgen.package import Properties

VALID = """\
---
typ: tjansteskrivelse
datum: 2014-11-24
diarienummer: KFKS 2012/577-001
organ: KS
rubrik: Rubrik
forslag_till_beslut:
  - Kommunstyrelsen noterar informationen.
underskrifter:
  - {namn: Lena Dahlstedt, titel: Stadsdirektör}
---
## Sammanfattning

Text.
"""
"""A valid tjänsteskrivelse; each case below breaks it in one way (line numbers as here)."""


def _earlier_output() -> bytes:
    """Return a stand-in for a document docgen wrote earlier for VALID's ärende."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as package:
        package.writestr(
            "docProps/core.xml",
            Properties("Rubrik", "KFKS 2012/577-001", "Nacka kommun", date(2014, 11, 24)).xml(),
        )
    return buffer.getvalue()


OLD_OUTPUT = _earlier_output()


def replace(old: str, new: str) -> Callable[[str], str]:
    """Return a change of `VALID` that replaces `old` (which must occur) by `new`."""

    def change(text: str) -> str:
        assert old in text
        return text.replace(old, new, 1)

    return change


def append(extra: str) -> Callable[[str], str]:
    """Return a change of `VALID` that adds `extra` at the end of the body."""
    return lambda text: text + extra


CASES: list[tuple[str, Callable[[str], str], int | None, str]] = [
    ("yaml syntax", replace("rubrik: Rubrik", "rubrik: Rubrik: med kolon"), 6, "ett kolon (:)"),
    (
        "unknown key",
        replace("forslag_till_beslut:", "underrubirk: x\nforslag_till_beslut:"),
        7,
        "okänd uppgift ”underrubirk”; menade du ”underrubrik”?",
    ),
    (
        "wrong type",
        replace(
            "forslag_till_beslut:\n  - Kommunstyrelsen noterar informationen.",
            "forslag_till_beslut: Kommunstyrelsen noterar.",
        ),
        7,
        "förslag till beslut: ska vara en lista",
    ),
    (
        "impossible date",
        replace("2014-11-24", "2014-02-30"),
        3,
        "datum: ”2014-02-30” är inget giltigt datum",
    ),
    ("not a date", replace("2014-11-24", "igår"), 3, "datum: ”igår” är inget giltigt datum"),
    (
        "diarienummer off pattern",
        replace("KFKS 2012/577-001", "KFKS 2012-577"),
        4,
        "diarienummer ”KFKS 2012-577” följer inte mönstret ”KFKS {år}/{löpnummer}-{klass}”",
    ),
    ("missing required field", replace("rubrik: Rubrik\n", ""), 2, "uppgiften ”rubrik” saknas"),
    ("unknown organ", replace("organ: KS", "organ: XX"), 5, "organet ”XX” finns inte"),
    (
        "wrong typ",
        replace("typ: tjansteskrivelse", "typ: protokoll"),
        2,
        "typ: ska vara ”tjansteskrivelse”",
    ),
    ("empty text", replace("rubrik: Rubrik", 'rubrik: ""'), 6, "rubrik: får inte vara tom"),
    (
        "empty list",
        replace(
            "forslag_till_beslut:\n  - Kommunstyrelsen noterar informationen.",
            "forslag_till_beslut: []",
        ),
        7,
        "förslag till beslut: får inte vara tom",
    ),
    (
        "missing nested field",
        replace("{namn: Lena Dahlstedt, titel: Stadsdirektör}", "{namn: Lena Dahlstedt}"),
        10,
        "uppgiften ”titel” saknas i underskrift 1",
    ),
    (
        "no front matter",
        lambda text: "## Sammanfattning\n\nText.\n",
        1,
        "filen ska börja med en rad med tre bindestreck",
    ),
    (
        "unclosed front matter",
        replace("---\n## Sammanfattning", "## Sammanfattning"),
        1,
        "avslutas aldrig",
    ),
    ("tab in indentation", replace("  - {namn: Lena", "\t- {namn: Lena"), 10, "tabbtecken"),
    (
        "duplicate key",
        replace("rubrik: Rubrik", "rubrik: Rubrik\nrubrik: Annan"),
        7,
        "nyckeln ”rubrik” förekommer två gånger (första gången på rad 6)",
    ),
    ("control character", replace("Text.", "Te\x07xt."), 14, "otillåtet kontrolltecken U+0007"),
    (
        "escaped control character",
        replace("rubrik: Rubrik", 'rubrik: "Ru\\x07brik"'),
        6,
        "otillåtet kontrolltecken U+0007",
    ),
    ("code block", append("\n```\nkod\n```\n"), 16, "kodblock stöds inte"),
    ("indented code", append("\n    kod\n"), 16, "indragen text blir ett kodblock"),
    ("inline code", append("\nEn `kod` här.\n"), 16, "kod med `bakåtfnuttar` stöds inte"),
    ("html tag", append("\nEn <span>tagg</span>.\n"), 16, "HTML-taggen <span> stöds inte"),
    ("html block", append("\n<div>\nx\n</div>\n"), 16, "HTML stöds inte"),
    ("heading level 1", append("\n# Rubrik\n"), 16, "rubriknivå 1 (#) är dokumentets egen rubrik"),
    ("heading level 5", append("\n##### Rubrik\n"), 16, "rubriknivå 5 stöds inte"),
    ("image", append("\n![logga](logga.png)\n"), 16, "bilder stöds inte"),
    ("horizontal rule", append("\n***\n"), 16, "horisontella linjer"),
    ("list item with two paragraphs", append("\n- ett\n\n  två\n"), 16, "flera stycken"),
    (
        "emphasis nested 1000 deep",
        append("\n" + "*" * 2000 + "a" + "*" * 2000 + "\n"),
        16,
        "texten är nästlad i mer än 40 nivåer",
    ),
    (
        "proposal that is no paragraph",
        replace("  - Kommunstyrelsen noterar informationen.", "  - '## Rubrik'"),
        8,
        "ett enda stycke text",
    ),
]


@pytest.fixture
def tree(tmp_path: Path) -> Path:
    """Return a content folder with the example organisation file."""
    folder = tmp_path / "content"
    folder.mkdir()
    return copy_organisation(folder)


def run_render(source: Path, *extra: str) -> tuple[int, str, Path]:
    """Run `docgen render source -o …` over an existing output; return code, stderr, output."""
    out = source.parent / "out" / "dokument.docx"
    out.parent.mkdir(exist_ok=True)
    out.write_bytes(OLD_OUTPUT)
    result = CliRunner().invoke(main, ["render", str(source), "-o", str(out), *extra])
    return result.exit_code, result.stderr, out


def assert_failed_cleanly(code: int, stderr: str, out: Path) -> None:
    """Assert exit 1, no traceback, the old output intact and no stray files beside it."""
    assert code == 1, stderr
    assert "Traceback" not in stderr
    assert out.read_bytes() == OLD_OUTPUT
    assert [p.name for p in out.parent.iterdir()] == [out.name]


@pytest.mark.parametrize(("name", "change", "line", "message"), CASES, ids=[c[0] for c in CASES])
def test_bad_tjansteskrivelse(
    tree: Path, name: str, change: Callable[[str], str], line: int | None, message: str
) -> None:
    source = tree / "arende.md"
    source.write_text(change(VALID), encoding="utf-8")
    code, stderr, out = run_render(source)
    assert_failed_cleanly(code, stderr, out)
    assert f"{source}:{line}: " in stderr
    assert message in stderr


@pytest.mark.parametrize(
    ("name", "data", "message"),
    [
        ("not utf-8", VALID.encode("latin-1"), "inte sparad som UTF-8"),
        ("empty file", b"", "filen är tom"),
        ("binary file", b"PK\x03\x04\x00\x00binary", "ingen textfil"),
        (
            "50 MB file",
            VALID.encode() + b"Text. " * (50 * 1024 * 1024 // 6),
            "filen är för stor (50 MB; högst 5 MB för en innehållsfil)",
        ),
    ],
)
def test_unreadable_file(tree: Path, name: str, data: bytes, message: str) -> None:
    source = tree / "arende.md"
    source.write_bytes(data)
    code, stderr, out = run_render(source)
    assert_failed_cleanly(code, stderr, out)
    assert message in stderr and str(source) in stderr


def test_a_byte_order_mark_is_accepted(tree: Path) -> None:
    source = tree / "arende.md"
    source.write_bytes(b"\xef\xbb\xbf" + VALID.encode())
    code, stderr, out = run_render(source)
    assert code == 0, stderr
    assert Document(str(out)).paragraphs[1].text == "Rubrik"


def test_missing_file(tree: Path) -> None:
    code, stderr, out = run_render(tree / "finns-inte.md")
    assert_failed_cleanly(code, stderr, out)
    assert "finns-inte.md: filen finns inte" in stderr


def test_missing_organisation_file(tmp_path: Path) -> None:
    source = tmp_path / "arende.md"
    source.write_text(VALID, encoding="utf-8")
    code, stderr, out = run_render(source)
    assert_failed_cleanly(code, stderr, out)
    assert "hittar ingen organisation.yaml" in stderr


def test_bad_organisation_file(tree: Path) -> None:
    organisation = tree / "organisation.yaml"
    organisation.write_text(
        organisation.read_text(encoding="utf-8").replace("kommun: Nacka kommun", "kommn: Nacka"),
        encoding="utf-8",
    )
    source = tree / "arende.md"
    source.write_text(VALID, encoding="utf-8")
    code, stderr, out = run_render(source)
    assert_failed_cleanly(code, stderr, out)
    assert f"{organisation}:3: okänd uppgift ”kommn”; menade du ”kommun”?" in stderr


def test_every_problem_of_a_file_is_listed(tree: Path) -> None:
    source = tree / "arende.md"
    text = VALID.replace("2014-11-24", "2014-13-01").replace("organ: KS", "organ: XX")
    source.write_text(text + "\n# Fel nivå\n", encoding="utf-8")
    code, stderr, out = run_render(source)
    assert_failed_cleanly(code, stderr, out)
    assert f"{source}:3: " in stderr and f"{source}:16: " in stderr


HOSTILE = [
    ("{{ rubrik.__class__.__mro__[1].__subclasses__() }}", "inte är tillåtet"),
    ("{{ rubrik.__class__ }}", "inte är tillåtet"),
    ("{{ datum.__class__.__init__.__globals__ }}", "inte är tillåtet"),
    ("{{ (underskrifter|first).namn.upper.__self__.__class__ }}", "inte är tillåtet"),
    ("{{ bilagor.__len__.__self__.__class__.__base__.__subclasses__() }}", "inte är tillåtet"),
    ("{{ rubrik.format.__globals__ }}", "inte är tillåtet"),
    ("{{ cycler.__init__.__globals__.os.popen('id').read() }}", "inte är tillåtet"),
    ("{{ joiner.__init__.__globals__.os }}", "inte är tillåtet"),
    ("{{ cycler }}", "variabeln ”cycler”"),
    ("{% set ns = namespace() %}{{ ns }}", "variabeln ”namespace”"),
    ("{{ lipsum.__globals__['os'] }}", "variabeln ”lipsum”"),
    ("{{ self.__init__.__globals__.__builtins__ }}", "inte är tillåtet"),
    ("{{ config }}", "variabeln ”config”"),
]
"""Templates that try to reach Python internals, and how docgen refuses each."""


def _template_with(tmp_path: Path, text: str) -> Path:
    """Return a copy of the tjänsteskrivelse template with a paragraph of `text` added."""
    document = Document(str(TEMPLATES / "tjansteskrivelse.docx"))
    document.add_paragraph(text)
    path = tmp_path / "mall.docx"
    document.save(str(path))
    return path


@pytest.mark.parametrize(
    ("name", "make", "message"),
    [
        ("missing template", lambda tmp: tmp / "finns-inte.docx", "mallen finns inte"),
        ("a folder as template", lambda tmp: tmp, "mallen är en mapp; ange mallens .docx-fil"),
        ("not a docx", lambda tmp: _write(tmp / "mall.docx", b"hej"), "mallen är ingen Word-fil"),
        (
            "truncated docx",
            lambda tmp: _write(
                tmp / "mall.docx", (TEMPLATES / "tjansteskrivelse.docx").read_bytes()[:3000]
            ),
            "mallen",
        ),
        (
            "unknown variable",
            lambda tmp: _template_with(tmp, "{{ okand }}"),
            "mallen använder variabeln ”okand”, som docgen inte ger den",
        ),
        (
            "jinja syntax error",
            lambda tmp: _template_with(tmp, "{% if rubrik %}"),
            "fel i mallens Jinja-kod",
        ),
        *[
            (f"hostile: {code}", lambda tmp, code=code: _template_with(tmp, code), message)
            for code, message in HOSTILE
        ],
    ],
)
def test_bad_template(
    tree: Path, tmp_path: Path, name: str, make: Callable[[Path], Path], message: str
) -> None:
    source = tree / "arende.md"
    source.write_text(VALID, encoding="utf-8")
    template = make(tmp_path)
    code, stderr, out = run_render(source, "--template", str(template))
    assert_failed_cleanly(code, stderr, out)
    assert str(template) in stderr and message in stderr


def test_a_template_the_user_may_not_read(
    tree: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Said in Swedish at the template, not by click in English (tests run as root, whom
    permissions do not stop, so the operating system's answers are given here)."""
    source = tree / "arende.md"
    source.write_text(VALID, encoding="utf-8")
    template = _write(tmp_path / "mall.docx", (TEMPLATES / "tjansteskrivelse.docx").read_bytes())
    opened = Path.open

    def refused(path: Path, *args: Any, **kwargs: Any) -> Any:
        if path == template:
            raise PermissionError(13, "Permission denied", str(path))
        return opened(path, *args, **kwargs)

    monkeypatch.setattr(os, "access", lambda *args, **kwargs: False)
    monkeypatch.setattr(Path, "open", refused)
    code, stderr, out = run_render(source, "--template", str(template))
    assert_failed_cleanly(code, stderr, out)
    assert stderr == f"{template}: mallen kan inte läsas (behörighet saknas)\n"


def _write(path: Path, data: bytes) -> Path:
    path.write_bytes(data)
    return path


def test_repeated_organ_code_and_person(tree: Path) -> None:
    organisation = tree / "organisation.yaml"
    text = organisation.read_text(encoding="utf-8")
    organisation.write_text(
        text.replace("  - kod: KSAU", "  - kod: KS") + "  - {namn: Lena Dahlstedt}\n",
        encoding="utf-8",
    )
    source = tree / "arende.md"
    source.write_text(VALID, encoding="utf-8")
    code, stderr, out = run_render(source)
    assert_failed_cleanly(code, stderr, out)
    lines = text.splitlines()
    ksau = lines.index("  - kod: KSAU") + 1
    assert stderr.splitlines() == [
        f"{organisation}:{ksau}: ”KS” står redan på rad {lines.index('  - kod: KS') + 1}; "
        "var och en ska stå en gång",
        f"{organisation}:{len(lines) + 1}: ”Lena Dahlstedt” står redan på rad "
        f"{next(i for i, line in enumerate(lines, 1) if 'Lena Dahlstedt' in line)}; "
        "var och en ska stå en gång",
    ]


def test_template_without_document_part(tree: Path, tmp_path: Path) -> None:
    import zipfile

    template = tmp_path / "mall.docx"
    with zipfile.ZipFile(template, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
    source = tree / "arende.md"
    source.write_text(VALID, encoding="utf-8")
    code, stderr, out = run_render(source, "--template", str(template))
    assert_failed_cleanly(code, stderr, out)
    assert f"{template}: mallen är ingen Word-fil: word/document.xml saknas" in stderr
