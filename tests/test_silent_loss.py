"""Nothing a user wrote disappears or changes without a word: rendered as meant, or reported.

Each case is written as an official writes it (a comment sign in a title, a list item
indented too far, bullets pasted from Word, a footnote, a broken table) and the test
asserts either what the document says or the one line `file:line: message` that explains.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import copy_organisation
from docx import Document
from ooxml import validate_docx
from test_bad_input import VALID
from test_meeting_rules import MEETING
from test_messages import changed, check

from docgen.cli import main
from docgen.content.source import read_text
from docgen.errors import ContentError
from docgen.pdf import convert_to_pdf

BODY_LINE = VALID.splitlines().index("## Sammanfattning") + 1
"""The line of `VALID` where the body starts; Markdown cases are added after its last line."""


@pytest.fixture
def tree(tmp_path: Path) -> Path:
    """Return a content folder with the example organisation file."""
    return copy_organisation(tmp_path)


END = len(VALID.splitlines())
"""The last line of `VALID`; a case appended after a blank line starts at `END + 2`."""

CASES = [
    (
        "comment after a title",
        changed(VALID, "rubrik: Rubrik", "rubrik: Tilläggsanslag #2 för 2015"),
        (
            "6: texten slutar vid # (det som står efter # räknas som en kommentar och kommer inte med); "
            'sätt texten inom citattecken: rubrik: "Tilläggsanslag #2 för 2015"'
        ),
    ),
    (
        "proposal indented four spaces",
        changed(
            VALID,
            "  - Kommunstyrelsen noterar informationen.",
            "  - Kommunstyrelsen noterar informationen.\n    - Kommunstyrelsen beslutar.",
        ),
        (
            "9: raden börjar med - men är indragen längre än punkten ovanför, så den blir en del av den "
            "punktens text; dra in den lika långt som de andra punkterna"
        ),
    ),
    (
        "list dash without space",
        changed(
            VALID,
            "  - Kommunstyrelsen noterar informationen.",
            "  -Kommunstyrelsen noterar informationen.\n  - Kommunstyrelsen beslutar.",
        ),
        "8: efter - ska ett mellanslag stå (skriv t.ex. - Text)",
    ),
    (
        "lettered list inside a numbered item",
        VALID + "\n1. Punkt\n   a) bygga\n   b) riva\n",
        (
            f"{END + 3}: en lista med bokstäver (a, b …) inuti en lista eller ett citat blir inte en "
            "lista; skriv punkterna som 1., 2. … indragna under punkten, så numrerar Word dem a, b …"
        ),
    ),
    (
        "broken table separator",
        VALID + "\n| Post | Belopp |\n|---|\n| Lön | 3 500 |\n",
        (
            f"{END + 3}: raden ser ut som en tabellrad men blir vanlig text: en tabell behöver en rad som "
            "|---|---| direkt under rubrikraden, med lika många kolumner, och inga tomma rader mellan "
            "raderna"
        ),
    ),
    (
        "table row with more cells than the header",
        VALID + "\n| Post | Belopp |\n|---|---|\n| Lön | 3 500 | kr |\n",
        (
            f"{END + 4}: raden har 3 celler men tabellens rubrikrad bara 2, så de sista skulle försvinna; "
            "lägg till kolumner i rubrikraden och raden |---| under den, eller ta bort celler"
        ),
    ),
    (
        "footnote without text",
        VALID + "\nEnligt rapporten[^1] gäller detta.\n",
        (f"{END + 2}: fotnoten [^1] har ingen text; skriv den på en egen rad: [^1]: Texten."),
    ),
    (
        "footnote text never referred to",
        VALID + "\n[^2]: Text\n",
        (
            f"{END + 2}: texten i fotnoten [^2] hänvisas aldrig till; skriv [^2] där den hör hemma, "
            "eller ta bort raden"
        ),
    ),
    (
        "character reference to a control character",
        VALID + "\nEn klocka &#x7; här.\n",
        (
            f"{END + 2}: otillåtet kontrolltecken U+0007 (skrivet &#x7;); det kan inte stå i ett "
            "Word-dokument, ta bort det"
        ),
    ),
    (
        "character reference to no character",
        VALID + "\nEtt &#xD800; här.\n",
        f"{END + 2}: &#xD800; är inget tecken som kan stå i ett dokument; ta bort det",
    ),
]


@pytest.mark.parametrize(("name", "text", "message"), CASES, ids=[c[0] for c in CASES])
def test_reported_at_its_line(tree: Path, name: str, text: str, message: str) -> None:
    assert check(tree / "arende.md", text) == (1, [message])


def test_a_line_that_only_starts_like_a_letter_item_is_text(tree: Path) -> None:
    text = VALID + "\nSe rapporten,\ns. 12 och bilaga\nc) ovan.\n"
    assert check(tree / "arende.md", text) == (0, [])


def test_quoted_hash_and_comment_lines_are_kept(tree: Path) -> None:
    text = changed(VALID, "rubrik: Rubrik", '# En kommentar på egen rad\nrubrik: "Tillägg #2"')
    assert check(tree / "arende.md", text) == (0, [])


def test_a_comment_after_a_meeting_value(tree: Path) -> None:
    text = changed(MEETING, "plats: Stadshuset", "plats: Stadshuset # sal 3")
    assert check(tree / "mote.yaml", text) == (
        1,
        [
            (
                "5: texten slutar vid # (det som står efter # räknas som en kommentar och kommer inte "
                'med); sätt texten inom citattecken: plats: "Stadshuset # sal 3"'
            )
        ],
    )


def test_pasted_bullets_become_a_list(tree: Path) -> None:
    source = tree / "arende.md"
    source.write_text(VALID + "\nFokusområden:\n• Styrning\n•\tLedning\n", encoding="utf-8")
    result = CliRunner().invoke(main, ["render", str(source), "-o", str(tree / "ut.docx")])
    assert result.exit_code == 0, result.stderr
    paragraphs = Document(str(tree / "ut.docx")).paragraphs
    listed = [(p.text, p.style.name) for p in paragraphs if p.style.name.startswith("List")]
    assert listed == [("Styrning", "List Bullet"), ("Ledning", "List Bullet")]


@pytest.mark.usefixtures("libreoffice")
def test_a_pasted_lettered_list_is_lettered_by_word(tree: Path) -> None:
    source = tree / "arende.md"
    source.write_text(
        VALID + "\nNämnden beslutar att\na) bygga **nytt**\nb) riva\n   det gamla\n",
        encoding="utf-8",
    )
    result = CliRunner().invoke(main, ["render", str(source), "-o", str(tree / "ut.docx")])
    assert result.exit_code == 0, result.stderr
    assert validate_docx(tree / "ut.docx") == []
    document = Document(str(tree / "ut.docx"))
    listed = [p for p in document.paragraphs if p.style.name.startswith("List")]
    assert [(p.text, p.style.name) for p in listed] == [
        ("bygga nytt", "List Number Paren"),
        ("riva det gamla", "List Number Paren"),
    ]
    assert [run.text for run in listed[0].runs if run.bold] == ["nytt"]
    num = document.part.numbering_part.element.num_having_numId(listed[0]._p.pPr.numPr.numId.val)
    formats = num.xpath('w:lvlOverride[@w:ilvl="0"]/w:lvl/w:numFmt/@w:val')
    assert formats == ["lowerLetter"]
    (pdf,) = convert_to_pdf([tree / "ut.docx"])
    text = subprocess.run(
        ["pdftotext", "-enc", "UTF-8", str(pdf), "-"], capture_output=True, text=True, check=True
    ).stdout
    assert re.search(r"Nämnden beslutar att\s+a\)\s+bygga nytt\s+b\)\s+riva det gamla", text), text


FOOTNOTES = """\
## Sammanfattning

Enligt rapporten[^1] och **lagen[^lag]** gäller detta.

## Ärendet

Se också rapporten[^1].

[^1]: Rapporten *Utveckling utan gränser*,
  2014.
[^lag]: Kommunallagen (2017:725).
"""


def test_footnotes_are_numbered_and_their_text_ends_their_section(tree: Path) -> None:
    source = tree / "arende.md"
    source.write_text(VALID.replace("## Sammanfattning\n\nText.\n", FOOTNOTES), encoding="utf-8")
    result = CliRunner().invoke(main, ["render", str(source), "-o", str(tree / "ut.docx")])
    assert result.exit_code == 0, result.stderr
    assert validate_docx(tree / "ut.docx") == []
    paragraphs = Document(str(tree / "ut.docx")).paragraphs
    start = next(i for i, p in enumerate(paragraphs) if p.text == "Sammanfattning")
    body = paragraphs[start : start + 7]
    assert [p.text for p in body] == [
        "Sammanfattning",
        "Enligt rapporten1 och lagen2 gäller detta.",
        "1 Rapporten Utveckling utan gränser, 2014.",
        "2 Kommunallagen (2017:725).",
        "Ärendet",
        "Se också rapporten1.",
        "Lena Dahlstedt",
    ]
    raised = [
        (run.text, paragraph.text[:6])
        for paragraph in body
        for run in paragraph.runs
        if run.font.superscript
    ]
    assert raised == [
        ("1", "Enligt"),
        ("2", "Enligt"),
        ("1", "1 Rapp"),
        ("2", "2 Komm"),
        ("1", "Se ock"),
    ]


def test_yaml_nested_thousands_deep(tree: Path) -> None:
    deep = "".join(" " * 2 * level + f"n{level}:\n" for level in range(1, 1000))
    code, errors = check(tree / "mote.yaml", MEETING + "extra:\n" + deep)
    first = len(MEETING.splitlines()) + 1
    assert (code, errors) == (
        1,
        [
            (
                f"{first + 50}: uppgifterna ligger inuti varandra i mer än 50 nivåer, och så djupt går "
                "inget innehåll i docgen; kontrollera indraget och klamrarna"
            )
        ],
    )


def test_flow_yaml_nested_thousands_deep(tree: Path) -> None:
    code, errors = check(tree / "mote.yaml", "typ: sammantrade\nx: " + "[" * 5000 + "]" * 5000)
    assert (code, errors) == (
        1,
        [
            (
                "2: uppgifterna ligger inuti varandra i mer än 50 nivåer, och så djupt går inget "
                "innehåll i docgen; kontrollera indraget och klamrarna"
            )
        ],
    )


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="named pipes are POSIX")
def test_a_named_pipe_is_not_read(tree: Path) -> None:
    pipe = tree / "arende.md"
    os.mkfifo(pipe)
    result = subprocess.run(
        [sys.executable, "-m", "docgen", "render", str(pipe)],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert (result.returncode, result.stderr) == (
        1,
        (
            f"{pipe}: ingen vanlig fil utan en namngiven pipe (FIFO); docgen läser bara "
            "vanliga filer\n"
        ),
    )


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="named pipes are POSIX")
def test_a_named_pipe_as_meeting_is_not_read(tree: Path) -> None:
    pipe = tree / "mote.yaml"
    os.mkfifo(pipe)
    result = subprocess.run(
        [sys.executable, "-m", "docgen", "close", str(pipe), "-o", str(tree / "ut")],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert (result.returncode, result.stderr) == (
        1,
        (
            f"{pipe}: ingen vanlig fil utan en namngiven pipe (FIFO); docgen läser bara "
            "vanliga filer\n"
        ),
    )


def test_a_symlink_loop_is_named(tree: Path) -> None:
    loop = tree / "arende.md"
    try:
        loop.symlink_to(loop)
    except OSError:
        pytest.skip("symbolic links cannot be made here")
    with pytest.raises(ContentError) as raised:
        read_text(loop)
    assert str(raised.value) == (
        f"{loop}: länken går i en slinga (den pekar till slut på sig själv)"
    )


def test_a_comment_set_apart_after_a_value_is_a_comment(tree: Path) -> None:
    text = changed(MEETING, "plats: Stadshuset", "plats: Stadshuset  # sal 3 bokad")
    assert check(tree / "mote.yaml", text) == (0, [])


def test_a_heading_without_its_space_is_reported(tree: Path) -> None:
    code, errors = check(tree / "arende.md", VALID + "\n#Ärendet\n\nText.\n")
    assert (code, errors) == (
        1,
        [
            f"{len(VALID.splitlines()) + 2}: # utan mellanslag blir vanlig text; skriv ## Ärendet "
            "om raden är en rubrik"
        ],
    )


def test_word_dash_bullets_become_a_list(tree: Path) -> None:
    source = tree / "arende.md"
    source.write_text(VALID + "\nLista:\n\n– Kostnaderna.\n– Investeringarna.\n", encoding="utf-8")
    out = tree / "arende.docx"
    assert CliRunner().invoke(main, ["render", str(source), "-o", str(out)]).exit_code == 0
    paragraphs = Document(str(out)).paragraphs
    bullets = [
        (p.style.name, p.text) for p in paragraphs if p.text in ("Kostnaderna.", "Investeringarna.")
    ]
    assert bullets == [("List Bullet", "Kostnaderna."), ("List Bullet", "Investeringarna.")]
