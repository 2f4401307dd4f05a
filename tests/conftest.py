"""Shared fixtures: the repository's example content, rendering, and LibreOffice."""

from __future__ import annotations

import importlib.util
import os
import shutil
import sys
import zipfile
from collections.abc import Callable
from pathlib import Path
from types import ModuleType

import pytest

from docgen.pdf import find_soffice

REPO = Path(__file__).resolve().parents[1]
CONTENT = REPO / "content"
SEEDS = Path(__file__).resolve().parent / "data" / "seeds"
"""Real documents, copied from the project's shared/seeds (see the README there)."""
TJANSTESKRIVELSER = CONTENT / "tjansteskrivelser"
TEMPLATE_SOURCES = REPO / "templates"
"""The bundled templates as XML sources, with their packing scripts (pack.py, unpack.py)."""


def template_script(name: str) -> ModuleType:
    """Return templates/`name`.py as a module, loaded once (templates/ is no package)."""
    module_name = f"templates_{name}"
    if module_name in sys.modules:
        return sys.modules[module_name]
    spec = importlib.util.spec_from_file_location(module_name, TEMPLATE_SOURCES / f"{name}.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[module_name] = module
    spec.loader.exec_module(module)
    return module


def require_libreoffice() -> str:
    """Return LibreOffice's program; skip where it is missing, fail if CI requires it."""
    soffice = find_soffice()
    if soffice is None:
        if os.environ.get("DOCGEN_REQUIRE_LIBREOFFICE"):
            pytest.fail("DOCGEN_REQUIRE_LIBREOFFICE is set but LibreOffice is not installed")
        pytest.skip("LibreOffice is not installed")
    return soffice


@pytest.fixture
def libreoffice() -> str:
    """Return LibreOffice's program (see `require_libreoffice`)."""
    return require_libreoffice()


def copy_organisation(folder: Path) -> Path:
    """Put the example organisation file in `folder`, making it a content tree; return it."""
    (folder / "organisation.yaml").write_bytes((CONTENT / "organisation.yaml").read_bytes())
    return folder


IGNORED = shutil.ignore_patterns("*.docx", "*.pdf", "manifest.json", ".*")
"""What a user's runs may have left in content/ (the README renders beside the source)."""


@pytest.fixture
def content_tree(tmp_path: Path) -> Path:
    """Return a copy of the example content tree that a test may change."""
    target = tmp_path / "content"
    shutil.copytree(CONTENT, target, ignore=IGNORED)
    return target


def edited_copy(source: Path, target: Path, part: str, edit: Callable[[bytes], bytes]) -> Path:
    """Write the .docx `source` to `target` with its entry `part` changed by `edit`, as an
    editor's save would change it; return `target`. The edit must change something.
    """
    with zipfile.ZipFile(source) as old, zipfile.ZipFile(target, "w") as new:
        for info in old.infolist():
            data = old.read(info)
            if info.filename == part:
                edited = edit(data)
                assert edited != data, f"the edit of {part} changed nothing"
                data = edited
            new.writestr(info, data)
    return target
