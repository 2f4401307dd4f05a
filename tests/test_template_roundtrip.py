"""Templates saved by LibreOffice work: every bundled template, opened and saved unchanged in
LibreOffice (headless), renders every example document with the same text in the same styles.
"""

from __future__ import annotations

import subprocess
from pathlib import Path

from examples import render_examples, styled_lines

from docgen.api import TEMPLATES


def test_templates_saved_by_libreoffice_render_the_same(libreoffice: str, tmp_path: Path) -> None:
    saved = tmp_path / "sparade"
    profile = (tmp_path / "profil").as_uri()
    subprocess.run(
        [libreoffice, f"-env:UserInstallation={profile}", "--headless", "--norestore",
         "--convert-to", "docx:MS Word 2007 XML", "--outdir", str(saved),
         *sorted(str(p) for p in TEMPLATES.glob("*.docx"))],
        check=True, capture_output=True, timeout=120,
    )
    assert sorted(p.name for p in saved.iterdir()) == sorted(p.name for p in TEMPLATES.glob("*.docx"))
    assert (saved / "tjansteskrivelse.docx").read_bytes() != (TEMPLATES / "tjansteskrivelse.docx").read_bytes()
    original = render_examples(TEMPLATES, tmp_path / "original")
    resaved = render_examples(saved, tmp_path / "libreoffice")
    assert sorted(resaved) == sorted(original) and len(original) == 13
    for name, path in original.items():
        assert styled_lines(resaved[name]) == styled_lines(path), name
