"""What a run may write over: only what docgen wrote for the same document, never its inputs."""

from __future__ import annotations

import json
import shutil
import stat
import sys
import zipfile
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import CONTENT

from docgen.api import TEMPLATES
from docgen.cli import main

KSAU = "sammantraden/2014-08-19-ksau.yaml"
KS = "sammantraden/2014-09-01-ks.yaml"
SKRIVELSE = "tjansteskrivelser/2014-11-24-styrning-och-ledning.md"


def run(*arguments: str | Path) -> tuple[int, str]:
    """Run docgen with `arguments`; return the exit code and what it said on stderr."""
    result = CliRunner().invoke(main, [str(a) for a in arguments])
    assert "Traceback" not in result.output + result.stderr
    return result.exit_code, result.stderr


def snapshot(folder: Path) -> dict[str, bytes]:
    """Return every file under `folder` with its bytes."""
    return {
        str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()
    }


@pytest.fixture
def tree(content_tree: Path) -> Path:
    """Return a copy of the example content a test may change."""
    return content_tree


def test_closing_again_keeps_what_the_registrar_saved_in_the_folder(
    tree: Path, tmp_path: Path
) -> None:
    out = tmp_path / "ksau"
    assert run("close", tree / KSAU, "-o", out)[0] == 0
    (out / "protokoll-signerat.pdf").write_bytes(b"%PDF scanned, signed protocol")
    (out / "anteckningar").mkdir()
    (out / "anteckningar" / "mina.txt").write_text("mina", encoding="utf-8")
    assert run("close", tree / KSAU, "-o", out)[0] == 0
    assert (out / "protokoll-signerat.pdf").read_bytes() == b"%PDF scanned, signed protocol"
    assert (out / "anteckningar" / "mina.txt").read_text(encoding="utf-8") == "mina"
    manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    assert "protokoll-signerat.pdf" not in {f["fil"] for f in manifest["filer"]}


def test_another_meetings_folder_is_not_replaced(tree: Path, tmp_path: Path) -> None:
    out = tmp_path / "ksau"
    assert run("close", tree / KSAU, "-o", out)[0] == 0
    before = snapshot(out)
    code, errors = run("close", tree / KS, "-o", out)
    assert code == 1
    assert errors == (
        f"{out}: mappen har dokumenten från ett annat sammanträde (KSAU "
        "2014-08-19) och skrivs inte över; välj en annan mapp med -o\n"
    )
    assert snapshot(out) == before


def test_a_document_changed_since_docgen_wrote_it_is_not_replaced(
    tree: Path, tmp_path: Path
) -> None:
    out = tmp_path / "ksau"
    assert run("close", tree / KSAU, "-o", out)[0] == 0
    (out / "protokoll.docx").write_bytes(b"edited in Word")
    code, errors = run("close", tree / KSAU, "-o", out)
    assert code == 1
    assert errors == (
        f"{out / 'protokoll.docx'}: filen har ändrats sedan docgen skrev den och "
        "skrivs inte över; flytta den ur mappen eller välj en annan mapp med -o\n"
    )
    assert (out / "protokoll.docx").read_bytes() == b"edited in Word"


def test_a_file_of_someone_elses_with_a_documents_name_is_not_replaced(
    tree: Path, tmp_path: Path
) -> None:
    out = tmp_path / "ksau"
    assert run("close", tree / KSAU, "-o", out)[0] == 0
    manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    manifest["filer"] = [f for f in manifest["filer"] if f["fil"] != "anslagsbevis.docx"]
    (out / "manifest.json").write_text(json.dumps(manifest), encoding="utf-8")
    code, errors = run("close", tree / KSAU, "-o", out)
    assert code == 1
    assert errors.startswith(f"{out / 'anslagsbevis.docx'}: filen skrevs inte av docgen")


def test_a_close_into_the_folder_holding_the_meeting_file_is_refused(tree: Path) -> None:
    meetings = tree / "sammantraden"
    before = snapshot(tree)
    code, errors = run("close", meetings / "2014-08-19-ksau.yaml", "-o", meetings)
    assert code == 1
    assert errors == (
        f"{meetings}: mappen innehåller 2014-08-19-ksau.yaml, som körningen läser, "
        "och kan inte skrivas över; välj en annan mapp med -o\n"
    )
    assert snapshot(tree) == before


@pytest.mark.parametrize("target", [SKRIVELSE, "organisation.yaml", "mall.docx"])
def test_render_never_writes_over_its_inputs(tree: Path, target: str) -> None:
    template = tree / "mall.docx"
    shutil.copy(TEMPLATES / "tjansteskrivelse.docx", template)
    before = snapshot(tree)
    code, errors = run("render", tree / SKRIVELSE, "-o", tree / target, "--template", template)
    assert code == 1
    assert errors == (
        f"{tree / target}: filen är en av körningens egna indatafiler och skrivs "
        "inte över; välj ett annat namn med -o\n"
    )
    assert snapshot(tree) == before


def test_render_does_not_replace_a_document_saved_in_word(tree: Path, tmp_path: Path) -> None:
    out = tmp_path / "skrivelse.docx"
    assert run("render", tree / SKRIVELSE, "-o", out)[0] == 0
    assert run("render", tree / SKRIVELSE, "-o", out)[0] == 0  # its own earlier output: fine
    with zipfile.ZipFile(out) as package:
        entries = {name: package.read(name) for name in package.namelist()}
    entries["docProps/core.xml"] = entries["docProps/core.xml"].replace(
        b">docgen<", b">Lena Dahlstedt<"
    )
    with zipfile.ZipFile(out, "w") as package:
        for name, data in entries.items():
            package.writestr(name, data)
    saved = out.read_bytes()
    code, errors = run("render", tree / SKRIVELSE, "-o", out)
    assert code == 1
    assert errors == (
        f"{out}: filen finns redan och är inte docgens (den kan vara ändrad och "
        "sparad i Word); flytta den eller välj ett annat namn med -o\n"
    )
    assert out.read_bytes() == saved


def test_render_does_not_replace_another_document(tree: Path, tmp_path: Path) -> None:
    out = tmp_path / "skrivelse.docx"
    assert run("render", tree / SKRIVELSE, "-o", out)[0] == 0
    other = tree / "tjansteskrivelser" / "2011-12-05-utveckling-utan-granser.md"
    code, errors = run("render", other, "-o", out)
    assert code == 1
    assert errors == (
        f"{out}: filen finns redan och är en annan handling (KFKS 2012/577-001); "
        "välj ett annat namn med -o\n"
    )


@pytest.mark.skipif(sys.platform == "win32", reason="the test holds the lock with fcntl")
def test_a_render_into_a_file_another_run_is_writing_is_refused(tree: Path, tmp_path: Path) -> None:
    """Two renders of different ärenden into one file at once: the one that finds the
    other writing stops (before, both decided the file was theirs, and the second
    silently replaced the first one's document)."""
    import fcntl

    out = tmp_path / "skrivelse.docx"
    assert run("render", tree / SKRIVELSE, "-o", out)[0] == 0
    written = out.read_bytes()
    other = tree / "tjansteskrivelser" / "2011-12-05-utveckling-utan-granser.md"
    with open(tmp_path / ".skrivelse.docx.lock", "w") as held:
        fcntl.flock(held, fcntl.LOCK_EX)
        code, errors = run("render", other, "-o", out)
    assert (code, errors) == (
        1,
        f"{out}: en annan docgen-körning skriver just nu till filen; vänta tills den är "
        "klar och försök igen\n",
    )
    assert out.read_bytes() == written
    assert run("render", tree / SKRIVELSE, "-o", out)[0] == 0
    assert sorted(p.name for p in tmp_path.iterdir()) == ["content", "skrivelse.docx"]


def test_an_output_folder_that_is_a_file_is_said_in_swedish(tree: Path, tmp_path: Path) -> None:
    """The operating system's reason comes in Swedish, not the server's English."""
    (tmp_path / "ut").write_text("en fil, ingen mapp", encoding="utf-8")
    code, errors = run("render", tree / SKRIVELSE, "-o", tmp_path / "ut" / "skrivelse.docx")
    assert code == 1
    assert errors in (
        f"{tmp_path / 'ut'}: mappen kan inte skrivas till (det finns redan något med det namnet)\n",
        f"{tmp_path / 'ut'}: mappen kan inte skrivas till (en del av sökvägen är ingen mapp)\n",
    ), errors


def test_a_read_only_earlier_output_stays_as_it_is(tree: Path, tmp_path: Path) -> None:
    out = tmp_path / "skrivelse.docx"
    assert run("render", tree / SKRIVELSE, "-o", out)[0] == 0
    out.chmod(0o444)
    code, errors = run("render", tree / SKRIVELSE, "-o", out)
    assert code == 1
    assert errors.startswith(f"{out}: filen är skrivskyddad och skrivs inte över")
    assert stat.S_IMODE(out.stat().st_mode) == 0o444
    folder = tmp_path / "ksau"
    assert run("close", tree / KSAU, "-o", folder)[0] == 0
    (folder / "protokoll.docx").chmod(0o444)
    code, errors = run("close", tree / KSAU, "-o", folder)
    assert code == 1
    assert errors.startswith(f"{folder / 'protokoll.docx'}: filen är skrivskyddad")


@pytest.mark.parametrize("folder", ["ut/", "ny/mapp/"])
def test_output_to_a_folder(tree: Path, tmp_path: Path, folder: str) -> None:
    (tmp_path / "ut").mkdir()
    code, errors = run("render", tree / SKRIVELSE, "-o", f"{tmp_path}/{folder}")
    assert code == 0, errors
    written = tmp_path / folder / "2014-11-24-styrning-och-ledning.docx"
    assert zipfile.is_zipfile(written)
    assert run("render", tree / SKRIVELSE, "-o", tmp_path / "ut")[0] == 0  # existing, no slash
    assert sorted(p.name for p in (tmp_path / "ut").iterdir()) == [written.name]


def test_output_named_pdf_gives_a_pdf_and_its_word_file(
    tree: Path, tmp_path: Path, libreoffice: str
) -> None:
    code, errors = run("render", tree / SKRIVELSE, "-o", tmp_path / "ut.pdf")
    assert code == 0, errors
    assert (tmp_path / "ut.pdf").read_bytes().startswith(b"%PDF")
    assert zipfile.is_zipfile(tmp_path / "ut.docx")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["content", "ut.docx", "ut.pdf"]


def test_output_of_another_kind_is_refused(tree: Path, tmp_path: Path) -> None:
    code, errors = run("render", tree / SKRIVELSE, "-o", tmp_path / "ut.txt")
    assert code == 1
    assert errors.startswith(f"{tmp_path / 'ut.txt'}: -o ska vara en Word-fil (.docx), en PDF")
    assert list(tmp_path.iterdir()) == [tree]


def test_no_lock_file_is_left_beside_the_output(tree: Path, tmp_path: Path) -> None:
    assert run("close", tree / KSAU, "-o", tmp_path / "ksau")[0] == 0
    assert run("close", tree / KSAU, "-o", tmp_path / "ksau")[0] == 0
    assert sorted(p.name for p in tmp_path.iterdir()) == ["content", "ksau"]


def test_each_command_says_which_command_fits() -> None:
    code, errors = run("render", CONTENT / KSAU)
    assert (code, errors) == (
        1,
        f"{CONTENT / KSAU}: kommandot läser en tjänsteskrivelse (.md); "
        "ett sammanträde stängs med docgen close\n",
    )
    for command in ("close", "publish", "kallelse"):
        code, errors = run(command, CONTENT / SKRIVELSE)
        assert (code, errors) == (
            1,
            f"{CONTENT / SKRIVELSE}: kommandot läser ett sammanträde (.yaml)"
            "; en tjänsteskrivelse görs till Word med docgen render\n",
        ), command


def hostile_template(tmp_path: Path, jinja: str) -> Path:
    """Return a copy of the tjänsteskrivelse template with `jinja` as one more paragraph."""
    from docx import Document

    template = Document(str(TEMPLATES / "tjansteskrivelse.docx"))
    template.add_paragraph(jinja)
    path = tmp_path / "mall.docx"
    template.save(str(path))
    return path


@pytest.mark.parametrize(
    ("jinja", "message"),
    [
        (
            "{{ 2 ** 100000 }}",
            "mallen använder en för stor exponent (högst 64) (i ”{{ 2 ** 100000 }}”)",
        ),
        (
            "{{ 'a' * 10**9 }}",
            "mallen bygger för långa texter eller listor (mer än 1 000 000 tecken)"
            " (i ”{{ 'a' * 10**9 }}”)",
        ),
        (
            "{% set s = 'x' * 90000 %}{% for i in range(20) %}{{ s }}{% endfor %}",
            "mallen gav mer än 1 000 000 tecken text",
        ),
        (
            "{% macro m() %}{{ m() }}{% endmacro %}{{ m() }}",
            "mallen anropar sig själv utan slut (ett makro som anropar sig självt?)",
        ),
        (
            "{% include 'annan.xml' %}",
            "mallen försöker hämta en annan mall ({% include %}, "
            "{% import %} eller {% extends %}), vilket inte går i docgen",
        ),
    ],
)
def test_a_runaway_template_stops_with_one_line(
    tree: Path, tmp_path: Path, jinja: str, message: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    from docgen import sandbox

    monkeypatch.setattr(sandbox, "OUTPUT_CHARACTERS", 1_000_000)  # 50 million takes seconds
    template = hostile_template(tmp_path, jinja)
    code, errors = run(
        "render", tree / SKRIVELSE, "-o", tmp_path / "ut.docx", "--template", template
    )
    assert (code, errors) == (1, f"{template}: {message}\n")
    assert not (tmp_path / "ut.docx").exists()


def test_a_template_past_its_time_stops(
    tree: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from docgen import sandbox

    monkeypatch.setattr(sandbox, "SECONDS", 0.5)
    template = hostile_template(
        tmp_path, "{% for i in range(99999) %}{% for j in range(9999) %}{% endfor %}{% endfor %}"
    )
    code, errors = run(
        "render", tree / SKRIVELSE, "-o", tmp_path / "ut.docx", "--template", template
    )
    assert (code, errors) == (
        1,
        f"{template}: mallen tog mer än 0,5 sekunder och stoppades (en loop som inte tar slut?)"
        " (i ”{% for j in range(9999) %}”)\n",
    )


@pytest.mark.parametrize("name", ["ut.pdf", "ut.docx"])
def test_close_into_a_file_name_is_refused(tmp_path: Path, name: str) -> None:
    code, errors = run("close", CONTENT / KSAU, "-o", tmp_path / name)
    assert code == 1
    assert errors.startswith(f"{tmp_path / name}: -o ska vara en mapp för sammanträdets")
    assert list(tmp_path.iterdir()) == []


def test_pdf_beside_a_relative_output(
    tree: Path, tmp_path: Path, libreoffice: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    code, errors = run("render", tree / SKRIVELSE, "-o", "ut/skrivelse.docx", "--pdf")
    assert code == 0, errors
    assert (tmp_path / "ut" / "skrivelse.pdf").read_bytes().startswith(b"%PDF")
    code, errors = run("close", tree / KSAU, "-o", "ksau", "--pdf")
    assert code == 0, errors
    assert (tmp_path / "ksau" / "protokoll.pdf").read_bytes().startswith(b"%PDF")
