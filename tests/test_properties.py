"""Property-based: arbitrary text in content gives a valid document saying it, or a clear error."""

from __future__ import annotations

import re
import tempfile
from pathlib import Path

import yaml
from conftest import copy_organisation
from docx import Document
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from ooxml import validate_docx

from docgen import DocgenError, render_tjansteskrivelse

WHERE = re.compile(r"^\S+\.md:\d+: \S", re.MULTILINE)


def write_case(folder: Path, rubrik: str, body: str) -> Path:
    """Write a tjänsteskrivelse with `rubrik` and `body` into `folder`; return its path."""
    copy_organisation(folder)
    front = {
        "typ": "tjansteskrivelse",
        "datum": "2014-11-24",
        "diarienummer": "KFKS 2012/577-001",
        "organ": "KS",
        "rubrik": rubrik,
        "forslag_till_beslut": ["Kommunstyrelsen beslutar."],
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
) | st.sampled_from(
    [
        "{{ rubrik }}",
        "{% for x in y %}",
        "{_{ }_}",
        "&amp;<w:t>",
        "\u202eabc",
        "🎉" * 50,
        "x" * 3000,
        "> > > > > > > > > > > > djup",
        "- " * 40 + "djup",
    ]
)


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


def write_meeting(folder: Path, texts: dict[str, str]) -> Path:
    """Write a meeting whose text fields say `texts`; return its path."""
    copy_organisation(folder)
    meeting = {
        "typ": "sammantrade",
        "organ": "KSAU",
        "datum": "2014-08-19",
        "tid": "9.00–11.30",
        "plats": texts["plats"],
        "forsta_paragraf": 1,
        "deltagare": {"ordforande": "Maria Berg", "ledamoter": ["Eva Sjö", "Rolf Wasteson"]},
        "justerare": ["Eva Sjö"],
        "justering": {"datum": "2014-08-26", "plats": texts["justeringsplats"]},
        "sekreterare": texts["sekreterare"],
        "paragrafer": [
            {
                "arende": "KFKS 2014/1-001",
                "rubrik": texts["rubrik"],
                "beslut": texts["beslut"],
                "arendet": texts["arendet"],
                "beslutsgang": texts["beslutsgang"],
                "yrkanden": [{"namn": "Eva Sjö", "text": texts["yrkande"]}],
                "reservationer": [{"namn": "Rolf Wasteson", "text": texts["reservation"]}],
                "protokollsanteckningar": [{"namn": "Rolf Wasteson", "text": texts["anteckning"]}],
            }
        ],
    }
    path = folder / "mote.yaml"
    path.write_text(yaml.safe_dump(meeting, allow_unicode=True), encoding="utf-8")
    return path


MEETING_FIELDS = (
    "plats",
    "justeringsplats",
    "sekreterare",
    "rubrik",
    "beslut",
    "arendet",
    "beslutsgang",
    "yrkande",
    "reservation",
    "anteckning",
)
SHOWN_AS_WRITTEN = ("rubrik", "beslut", "beslutsgang", "yrkande", "reservation", "anteckning")


# Non-blank text without control characters (those are covered above), so most examples
# get through validation and exercise the documents themselves.
MEETING_TEXT = st.text(
    st.characters(codec="utf-8", exclude_categories=("Cs", "Cc")), min_size=1, max_size=200
).filter(str.strip) | st.sampled_from(
    ["{{ plats }}", "{_% if %_}", "&amp;<w:t>", "\u202eabc", "”citat” & ’inre’", "x" * 3000]
)


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.fixed_dictionaries(dict.fromkeys(MEETING_FIELDS, MEETING_TEXT)))
def test_any_meeting_text_closes_faithfully_or_fails_clearly(texts: dict[str, str]) -> None:
    from docx_text import document_lines

    from docgen.api import close_meeting

    with tempfile.TemporaryDirectory() as work:
        folder = Path(work)
        source = write_meeting(folder, texts)
        out = folder / "ut"
        try:
            close_meeting(source, out)
        except DocgenError as exc:
            assert re.search(r"^\S+\.yaml:\d+: \S", str(exc), re.MULTILINE), str(exc)
            assert not out.exists()
            return
        for document in out.glob("*.docx"):
            assert validate_docx(document) == [], document.name
        text = normalise(" ".join(document_lines(out / "protokollsutdrag-001.docx")))
        for field in SHOWN_AS_WRITTEN:
            assert normalise(texts[field]) in text, field
