"""Messages a non-programmer can act on: plain Swedish, one per mistake, a fix where one exists.

Each case is one line of `docgen check` output, asserted whole: no YAML parser English,
no `field[1]` notation.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import copy_organisation
from test_bad_input import VALID
from test_meeting_rules import MEETING

from docgen.cli import main


@pytest.fixture
def tree(tmp_path: Path) -> Path:
    """Return a content folder with the example organisation file."""
    return copy_organisation(tmp_path)


def check(path: Path, text: str) -> tuple[int, list[str]]:
    """Write `text` to `path`, run `docgen check` on it; return the exit code and stderr lines."""
    path.write_text(text, encoding="utf-8")
    result = CliRunner().invoke(main, ["check", str(path)])
    return result.exit_code, [
        line.replace(f"{path}:", "", 1) for line in result.stderr.splitlines()
    ]


def changed(text: str, old: str, new: str) -> str:
    """Return `text` with `old` (which must occur once) replaced by `new`."""
    assert text.count(old) == 1, old
    return text.replace(old, new)


# (name, old, new, the one message expected for the tjänsteskrivelse `VALID` so changed)
TJANSTESKRIVELSE = [
    (
        "flow mapping with a brace in a value",
        "{namn: Lena Dahlstedt, titel: Stadsdirektör}",
        "{namn: Lena {D}, titel: Stadsdirektör}",
        (
            "10: i {…} ska delarna skiljas med kommatecken och } stänga på samma rad; sätt text som "
            "innehåller { } [ ] , eller : inom citattecken"
        ),
    ),
    (
        "title in Word's curly quotes with a colon",
        "rubrik: Rubrik",
        "rubrik: ”Budget: förslag”",
        (
            "6: texten innehåller ett kolon (:) och står inom typografiska citattecken (”…”), som inte "
            'räknas som citattecken här; sätt den inom raka citattecken: rubrik: "Budget: förslag"'
        ),
    ),
    (
        "value starting with a quote",
        "rubrik: Rubrik",
        'rubrik: "Nacka" kommuns budget',
        (
            '6: texten börjar med ett citattecken ("), så bara det som står inom citattecknen blir '
            "texten och resten kan inte läsas; sätt hela texten inom '…': "
            "rubrik: '\"Nacka\" kommuns budget'"
        ),
    ),
    (
        "value starting with a bracket",
        "rubrik: Rubrik",
        "rubrik: [Utkast] Budget",
        (
            "6: texten börjar med [, som YAML läser som början på en lista; sätt texten inom "
            'citattecken: rubrik: "[Utkast] Budget"'
        ),
    ),
    (
        "a key without colon",
        "rubrik: Rubrik",
        "rubrik Rubrik",
        "6: raden saknar kolon (:) efter nyckeln (skriv t.ex. rubrik: Text)",
    ),
    (
        "a key longer than YAML reads",
        "rubrik: Rubrik",
        "r" * 2000 + ": Rubrik",
        (
            "6: nyckeln före kolonet är 2000 tecken lång; YAML tar högst 1024 (en lång text "
            "hör hemma efter kolonet)"
        ),
    ),
    (
        "a character that cannot start a value",
        "rubrik: Rubrik",
        "rubrik: @kommunen",
        "6: tecknet @ får inte inleda en text här; sätt texten inom citattecken",
    ),
    (
        "an anchor swallowing a word",
        "rubrik: Rubrik",
        "rubrik: &Co budget",
        (
            "6: en text som börjar med & läses som YAML-kod (ett ankare eller en tagg) och ändras "
            "eller försvinner; sätt texten inom citattecken"
        ),
    ),
    (
        "a tag",
        "rubrik: Rubrik",
        "rubrik: !viktigt Budget",
        (
            "6: en text som börjar med ! läses som YAML-kod (ett ankare eller en tagg) och ändras "
            "eller försvinner; sätt texten inom citattecken"
        ),
    ),
    (
        "a backslash in double quotes",
        "rubrik: Rubrik",
        'rubrik: "C:\\mapp"',
        (
            '6: ett omvänt snedstreck (\\) inom "…" inleder ett specialtecken; skriv \\\\ för ett '
            "snedstreck, eller sätt texten inom '…' i stället"
        ),
    ),
    (
        "a list item's place in plain words",
        "  - Kommunstyrelsen noterar informationen.",
        "  - Kommunstyrelsen noterar informationen.\n  - [Ett, Två]",
        "9: förslag till beslut, punkt 2: ska vara en text",
    ),
    (
        "a colon making a proposal a key",
        "  - Kommunstyrelsen noterar informationen.",
        "  - Kommunstyrelsen beslutar: att bygga.",
        (
            "8: förslag till beslut, punkt 1: ska vara en text, men ett kolon (:) följt av mellanslag "
            "gör den till en uppgift; sätt texten inom citattecken"
        ),
    ),
    (
        "a quoted item with an over-indented one",
        "  - Kommunstyrelsen noterar informationen.",
        '  - "Kommunstyrelsen noterar."\n    - Kommunstyrelsen beslutar.',
        (
            "9: raden börjar med - men är indragen längre än punkten ovanför; dra in den lika långt "
            "som de andra punkterna"
        ),
    ),
    (
        "a comment sign inside braces",
        "{namn: Lena Dahlstedt, titel: Stadsdirektör}",
        "{namn: Lena Dahlstedt, titel: Chef #2}",
        (
            "10: # efter ett mellanslag inleder en kommentar, så resten av raden försvinner och } "
            "saknas; sätt texten med # inom citattecken"
        ),
    ),
    (
        "an item indented less than the one above",
        "  - Kommunstyrelsen noterar informationen.",
        "    - Kommunstyrelsen noterar informationen.\n  - Kommunstyrelsen beslutar.",
        (
            "9: raden börjar med - men är indragen kortare än punkten ovanför; dra in punkterna i en "
            "lista lika långt"
        ),
    ),
    (
        "a value starting with a quote inside braces",
        "{namn: Lena Dahlstedt, titel: Stadsdirektör}",
        '{namn: Lena Dahlstedt, titel: "Stads"direktör}',
        (
            '10: en text som börjar med ett citattecken (") slutar vid nästa citattecken, så resten '
            "kan inte läsas; sätt hela texten inom '…'"
        ),
    ),
    (
        "a list among keys",
        "organ: KS",
        "organ: KS\n- Bilaga",
        (
            "6: en lista (rader som börjar med -) kan inte stå bland uppgifter (nyckel: värde) på "
            "samma nivå; dra in listan under sin nyckel"
        ),
    ),
    (
        "a missing key inside a list",
        "{namn: Lena Dahlstedt, titel: Stadsdirektör}",
        "{namn: Lena Dahlstedt}",
        "10: uppgiften ”titel” saknas i underskrift 1",
    ),
]


@pytest.mark.parametrize(
    ("name", "old", "new", "message"), TJANSTESKRIVELSE, ids=[c[0] for c in TJANSTESKRIVELSE]
)
def test_tjansteskrivelse_message(tree: Path, name: str, old: str, new: str, message: str) -> None:
    assert check(tree / "arende.md", changed(VALID, old, new)) == (1, [message])


def test_a_title_in_curly_quotes_without_colon_is_accepted(tree: Path) -> None:
    assert check(tree / "arende.md", changed(VALID, "rubrik: Rubrik", "rubrik: ”Budget”"))[0] == 0


def line_of(text: str, marker: str) -> int:
    """Return the line of `text` holding `marker`."""
    return next(i for i, row in enumerate(text.splitlines(), 1) if marker in row)


@pytest.mark.parametrize(
    ("old", "new", "marker", "message"),
    [
        (
            "[Johan Ek,",
            "[Johan Eek,",
            "ledamoter:",
            "personen ”Johan Eek” finns inte i organisation.yaml; menade du ”Johan Ek”?",
        ),
        (
            "ledamoter: [Johan Ek, Eva Sjö,",
            "ledamoter: [Johan Ek, Eva Sjöö,",
            "ledamoter:",
            "personen ”Eva Sjöö” finns inte i organisation.yaml; menade du ”Eva Sjö”?",
        ),
        (
            "Rolf Wasteson: nej",
            "Rolf Wastesson: nej",
            "Rolf Wastesson",
            "personen ”Rolf Wastesson” finns inte i organisation.yaml; menade du ”Rolf Wasteson”?",
        ),
        (
            "Maria Berg: ja",
            "Maria Berg: kanske",
            "Maria Berg: kanske",
            (
                "paragraf 1 i filen, omröstningen, Maria Berg: ska vara ”ja”, ”nej”, ”avstår” eller "
                "”frånvarande”, inte ”kanske”"
            ),
        ),
        (
            "forsta_paragraf: 1",
            "forsta_paragraf: 0",
            "forsta_paragraf:",
            "första paragraf: ska vara minst 1, inte ”0”",
        ),
        (
            "beslut: Arbetsutskottet beslutar.",
            "beslut: {a: 1}",
            "beslut:",
            "paragraf 1 i filen, beslut: ska vara en text eller en lista (rader som börjar med -)",
        ),
        (
            "beslut: Arbetsutskottet beslutar.",
            "beslut: [Ett., [Två.]]",
            "beslut:",
            "paragraf 1 i filen, beslut, punkt 2: ska vara en text",
        ),
    ],
    ids=[
        "misspelt member",
        "misspelt justerare",
        "misspelt voter",
        "vote that is none",
        "paragraph number below 1",
        "decision neither text nor list",
        "decision point that is no text",
    ],
)
def test_meeting_message(tree: Path, old: str, new: str, marker: str, message: str) -> None:
    text = changed(MEETING, old, new)
    assert check(tree / "mote.yaml", text) == (1, [f"{line_of(text, marker)}: {message}"])


def test_vote_words_in_any_case(tree: Path) -> None:
    text = MEETING
    for old, new in [
        ("Maria Berg: ja", "Maria Berg: Ja"),
        ("Rolf Wasteson: nej", "Rolf Wasteson: NEJ"),
        ("Lars Dahl: avstår", "Lars Dahl: Avstår"),
        ("utfall: ja", "utfall: Ja"),
    ]:
        text = changed(text, old, new)
    assert check(tree / "mote.yaml", text) == (0, [])


def test_problems_of_a_meeting_in_line_order(tree: Path) -> None:
    text = changed(MEETING, "        Lars Dahl: avstår\n", "        Christina Ståldal: ja\n")
    text = changed(text, "tid: 9.00–11.30", "tid: på förmiddagen")
    assert check(tree / "mote.yaml", text) == (
        1,
        [
            (
                "4: tid: ”på förmiddagen” är ingen tid; skriv t.ex. 9.00–11.30 (flera pass: "
                "16.00–16.10, 18.00–18.15)"
            ),
            f"{line_of(text, 'roster:')}: omröstning: röst saknas för Lars Dahl",
            (
                f"{line_of(text, 'Christina Ståldal: ja')}: ”Christina Ståldal” är inte beslutande i "
                "§ 1 och får inte rösta"
            ),
        ],
    )


def test_problems_of_a_tjansteskrivelse_in_line_order(tree: Path) -> None:
    text = changed(VALID, "organ: KS", "organ: XX") + "\n# Fel nivå\n"
    text = changed(text, "  - Kommunstyrelsen noterar informationen.", "  - '## Rubrik'")
    assert check(tree / "arende.md", text) == (
        1,
        [
            "5: organet ”XX” finns inte i organisation.yaml (där finns: KF, KS, KSAU)",
            "8: ett beslutsförslag ska vara ett enda stycke text",
            (
                "16: rubriknivå 1 (#) är dokumentets egen rubrik; börja avsnitt med ## och underavsnitt "
                "med ###"
            ),
        ],
    )


def test_one_file_is_counted_in_the_singular(tree: Path) -> None:
    (tree / "arende.md").write_text(VALID, encoding="utf-8")
    result = CliRunner().invoke(main, ["check", str(tree / "arende.md")])
    assert result.exit_code == 0
    assert result.output == "1 fil kontrollerad, inga fel.\n"
