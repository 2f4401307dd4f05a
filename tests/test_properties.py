"""Property-based: arbitrary text in content gives a valid document saying it, or a clear error."""

from __future__ import annotations

import re
import tempfile
from pathlib import Path

import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conftest import CONTENT
from docgen import DocgenError, render_tjansteskrivelse
from docx import Document
from ooxml import validate_docx

ORGANISATION = (CONTENT / "organisation.yaml").read_bytes()
WHERE = re.compile(r"^\S+\.md:\d+: \S", re.M)


def write_case(folder: Path, rubrik: str, body: str) -> Path:
    """Write a tjänsteskrivelse with `rubrik` and `body` into `folder`; return its path."""
    (folder / "organisation.yaml").write_bytes(ORGANISATION)
    front = {
        "typ": "tjansteskrivelse", "datum": "2014-11-24", "diarienummer": "KFKS 2012/577-001",
        "organ": "KS", "rubrik": rubrik, "forslag_till_beslut": ["Kommunstyrelsen beslutar."],
        "underskrifter": [{"namn": "Lena Dahlstedt", "titel": "Stadsdirektör"}],
    }
    source = folder / "arende.md"
    text = "---\n" + yaml.safe_dump(front, allow_unicode=True) + "---\n" + body
    source.write_text(text, encoding="utf-8")
    return source


def normalise(text: str) -> str:
    """Return `text` with whitespace runs as single spaces (XML folds CR; Word shows breaks)."""
    return " ".join(text.split())


TEXT = st.text(
    st.characters(codec="utf-8", exclude_categories=("Cs",)), min_size=0, max_size=300
) | st.sampled_from(["{{ rubrik }}", "{% for x in y %}", "{_{ }_}", "&amp;<w:t>", "\u202eabc",
                     "🎉" * 50, "x" * 3000, "> > > > > > > > > > > > djup", "- " * 40 + "djup"])


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(rubrik=TEXT, body=TEXT)
def test_any_text_renders_faithfully_or_fails_clearly(rubrik: str, body: str) -> None:
    with tempfile.TemporaryDirectory() as work:
        folder = Path(work)
        source = write_case(folder, rubrik, body)
        out = folder / "arende.docx"
        try:
            render_tjansteskrivelse(source, out)
        except DocgenError as exc:
            message = str(exc)
            assert WHERE.search(message), message
            assert "Traceback" not in message
            assert not out.exists()
            return
        assert validate_docx(out) == []
        title = Document(str(out)).paragraphs[1]
        assert title.style.name == "Heading 1"
        assert normalise(title.text) == normalise(rubrik)
