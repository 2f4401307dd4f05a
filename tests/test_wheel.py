"""docgen installed from its wheel, outside the repository, renders and closes.

The wheel is built from a copy of the sources (so the checkout stays clean), installed
into a fresh virtual environment in a temporary folder, and run there on a copy of the
example content. Dependencies come from pip's configured indexes and cache; the fresh
environment is made without pip and installed into with this environment's pip.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
from conftest import CONTENT, IGNORED, REPO
from examples import styled_lines

from docgen.api import TEMPLATES, close_meeting, render_tjansteskrivelse

pytestmark = pytest.mark.slow


def _program(folder: Path, name: str) -> str:
    """Return the program `name` in the environment's bin folder (with .exe on Windows)."""
    found = shutil.which(name, path=str(folder))
    assert found is not None, f"{name} is not in {folder}"
    return found


def _run(*command: str | Path, cwd: Path) -> subprocess.CompletedProcess[str]:
    """Run `command` in `cwd` with no trace of the repository in the environment."""
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "VIRTUAL_ENV")}
    return subprocess.run(
        [str(c) for c in command],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )


@pytest.fixture(scope="module")
def installed(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Return the bin folder of a fresh environment with docgen installed from its wheel."""
    root = tmp_path_factory.mktemp("wheel")
    source = root / "kalla"
    source.mkdir()
    for name in ("pyproject.toml", "README.md"):
        shutil.copy(REPO / name, source / name)
    shutil.copytree(
        REPO / "docgen", source / "docgen", ignore=shutil.ignore_patterns("__pycache__", "*.pyc")
    )
    built = _run(
        sys.executable,
        "-m",
        "pip",
        "wheel",
        "--quiet",
        "--no-deps",
        "--wheel-dir",
        root / "dist",
        source,
        cwd=root,
    )
    assert built.returncode == 0, built.stderr
    (wheel,) = (root / "dist").glob("docgen-*.whl")
    with zipfile.ZipFile(wheel) as package:
        names = package.namelist()
    for template in TEMPLATES.glob("*.docx"):
        assert f"docgen/templates/{template.name}" in names
    environment = root / "miljo"
    made = _run(sys.executable, "-m", "venv", "--without-pip", environment, cwd=root)
    assert made.returncode == 0, made.stderr
    bin_folder = environment / ("Scripts" if os.name == "nt" else "bin")
    install = _run(
        sys.executable,
        "-m",
        "pip",
        "--python",
        _program(bin_folder, "python"),
        "install",
        "--quiet",
        wheel,
        cwd=root,
    )
    assert install.returncode == 0, install.stderr
    return bin_folder


def test_the_wheel_renders_and_closes(installed: Path, tmp_path: Path) -> None:
    work = tmp_path / "kommun"
    shutil.copytree(CONTENT, work / "content", ignore=IGNORED)
    docgen = _program(installed, "docgen")
    where = _run(
        _program(installed, "python"), "-c", "import docgen; print(docgen.__file__)", cwd=work
    )
    assert Path(where.stdout.strip()).is_relative_to(installed.parent), where
    source = Path("content/tjansteskrivelser/2014-08-07-lagesrapport-augusti.md")
    rendered = _run(docgen, "render", source, "-o", "ut/t.docx", cwd=work)
    assert (rendered.returncode, rendered.stderr) == (0, "")
    expected = render_tjansteskrivelse(
        CONTENT / source.relative_to("content"), tmp_path / "har.docx"
    )[0]
    assert (work / "ut/t.docx").read_bytes() == expected.read_bytes()
    closed = _run(
        docgen, "close", "content/sammantraden/2014-08-19-ksau.yaml", "-o", "ut/ksau", cwd=work
    )
    assert (closed.returncode, closed.stderr) == (0, "")
    assert closed.stdout == "skrev 8 filer till ut/ksau\n"
    here = close_meeting(CONTENT / "sammantraden/2014-08-19-ksau.yaml", tmp_path / "har")
    for document in (p for p in here if p.suffix == ".docx"):
        assert (work / "ut/ksau" / document.name).read_bytes() == document.read_bytes()
    assert (
        styled_lines(work / "ut/ksau/protokoll.docx")[5]
        == "heading 1: Kommunstyrelsens arbetsutskott"
    )


def test_the_wheel_exports_and_checks_its_templates(installed: Path, tmp_path: Path) -> None:
    exported = _run(_program(installed, "docgen"), "templates", "export", "mallar", cwd=tmp_path)
    assert (exported.returncode, exported.stderr) == (0, ""), exported
    for template in TEMPLATES.glob("*.docx"):
        assert (tmp_path / "mallar" / template.name).read_bytes() == template.read_bytes()
    checked = _run(_program(installed, "docgen"), "templates", "check", "mallar", cwd=tmp_path)
    assert (checked.returncode, checked.stderr) == (0, ""), checked
    assert (
        checked.stdout == "mallar: mallarna följer kontraktet och fungerar med exempeldokumenten.\n"
    )
