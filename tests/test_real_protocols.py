"""Real protocols written as docgen content: each closes, and its lines come out in order.

Each folder in tests/cases/ holds one real protocol of a Swedish kommun:

- `source.txt`: the text as the public source gave it (the search corpus keeps the
  beginning of each page as flattened text; a repository that took a protocol's text out
  of its PDF keeps it per paragraph, so a case may be one paragraph), under a header
  naming the address, kommun, organ and date;
- `lines.txt`: that text's lines, one per line, in the source's order. A **line** is
  one unit the protocol prints on a line of its own: a name in a list of names, a
  value beside a label, a heading, a sentence of the text. The form's fixed labels
  ("Plats och tid", "Underskrifter", "Datum då anslaget sätts upp" …) are left out:
  they belong to the kommun's Word template, not to the content docgen is given;
- `organisation.yaml` and `sammantrade.yaml`: the protocol written as docgen content.

A case may have `errata.txt`: lines the real protocol gets wrong (a typo, dates the law
does not allow), each with its reason. They must not come out of docgen, and the share
is counted without them.

The test checks that every line of lines.txt is in source.txt (so the lines are the
real text), that the meeting closes, and that at least 95 % of the lines are found in
protokoll.docx in order: the largest set of lines that occur in the protocol's text in the
source's order (a longest common subsequence), so one line placed elsewhere on the page
costs one line, not all after it. Lines are compared normalised: runs of whitespace as one
space, letter case, hyphen and en dash alike (`26 -- 38` as `26–38`), `kl 09:00` as `kl. 9.00` (docgen writes
times the Swedish way, Språkrådet), and without the § sign, which the PDF-to-text conversion
of several sources dropped.
"""

from __future__ import annotations

import re
import subprocess
from bisect import bisect_left
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner
from docx_text import document_lines
from docx_text import normalise as normalise_space

from docgen.cli import main
from docgen.pdf import convert_to_pdf

CASES = Path(__file__).resolve().parent / "cases"
NAMES = sorted(p.name for p in CASES.iterdir() if (p / "lines.txt").exists())
REQUIRED = 0.95
_TIME = re.compile(r"\b0?(\d{1,2})[:.](\d{2})\b")


def normalise(text: str) -> str:
    """Return `text` as the comparison sees it (see the module's docstring)."""
    text = text.replace("\u00a0", " ").replace("\u2003", " ").replace("§", " ")
    text = re.sub(r"(\d)\s*[-–—]+\s*(\d)", r"\1-\2", text).replace("–", "-").replace("—", "-")
    text = _TIME.sub(r"\1.\2", text).replace("kl.", "kl")
    return " ".join(text.split()).casefold()


def case_lines(name: str, kind: str = "lines") -> list[str]:
    """Return the lines (or the errata) of the real protocol `name`, normalised."""
    path = CASES / name / f"{kind}.txt"
    text = path.read_text(encoding="utf-8") if path.exists() else ""
    return [
        normalise(line) for line in text.splitlines() if line.strip() and not line.startswith("#")
    ]


def source_text(name: str) -> str:
    """Return the real protocol's text as its source gave it (the header left out)."""
    text = (CASES / name / "source.txt").read_text(encoding="utf-8")
    return normalise(" ".join(line for line in text.splitlines() if not line.startswith("#")))


def positions(line: str, text: str) -> list[int]:
    """Return every place `line` starts in `text`."""
    found, start = [], text.find(line)
    while start >= 0:
        found.append(start)
        start = text.find(line, start + 1)
    return found


def in_order(lines: list[str], text: str) -> int:
    """Return how many of `lines` can be found in `text` in their order, at most.

    >>> in_order(["a", "c", "b", "d"], "a b c d")
    3
    """
    tails: list[int] = []  # tails[k]: the smallest end of a chain of k + 1 lines
    for line in lines:
        for place in sorted(positions(line, text), reverse=True):
            k = bisect_left(tails, place)
            if k == len(tails):
                tails.append(place)
            else:
                tails[k] = place
    return len(tails)


@pytest.fixture(scope="module")
def closed(tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    """Close every case once; return each protocol's text, normalised."""
    texts = {}
    for name in NAMES:
        out = tmp_path_factory.mktemp(name) / "ut"
        result = CliRunner().invoke(
            main, ["close", str(CASES / name / "sammantrade.yaml"), "-o", str(out)]
        )
        assert result.exit_code == 0, (name, result.stderr)
        texts[name] = normalise(" ".join(document_lines(out / "protokoll.docx")))
    return texts


def test_there_are_at_least_six_cases_with_their_source_named() -> None:
    assert len(NAMES) >= 6
    for name in NAMES:
        header = (CASES / name / "source.txt").read_text(encoding="utf-8").splitlines()[0]
        assert header.startswith("# källa: http"), name


def test_a_real_paragraph_has_a_forberedande_and_a_huvudomrostning() -> None:
    """Göteborg's kommunstyrelse, 2025-03-26 § 261: the counter-proposal, then the main vote."""
    kinds = [
        [vote.get("typ") for vote in paragraf.get("omrostningar", [])]
        for name in NAMES
        for paragraf in yaml.safe_load(
            (CASES / name / "sammantrade.yaml").read_text(encoding="utf-8")
        )["paragrafer"]
    ]
    assert ["förberedande", "huvudomröstning"] in kinds


@pytest.mark.parametrize("name", NAMES)
def test_the_lines_are_the_real_text(name: str) -> None:
    source = source_text(name)
    assert [line for line in case_lines(name) if line not in source] == []


@pytest.mark.parametrize("name", NAMES)
def test_the_real_lines_come_out_in_order(name: str, closed: dict[str, str]) -> None:
    errata = case_lines(name, "errata")
    assert [line for line in errata if line in closed[name]] == []
    lines = [line for line in case_lines(name) if line not in errata]
    found = in_order(lines, closed[name]) / len(lines)
    absent = [line for line in lines if line not in closed[name]]
    assert found >= REQUIRED, (f"{found:.1%} of {len(lines)} lines", absent)


def test_the_real_kramfors_dates_are_refused(tmp_path: Path) -> None:
    """The Kramfors protocol as printed: justerat 6 mars 2018, anslag posted 3 April."""
    case = CASES / "kramfors-ksau"
    for name in ("organisation.yaml", "sammantrade.yaml"):
        (tmp_path / name).write_bytes((case / name).read_bytes())
    meeting = tmp_path / "sammantrade.yaml"
    text = meeting.read_text(encoding="utf-8")
    text = text.replace("datum: 2018-03-27", "datum: 2018-02-27").replace(
        "justering: {datum: 2018-04-03, plats: Förvaltningen}",
        "justering: {datum: 2018-03-06, plats: Förvaltningen}\nanslag: {datum: 2018-04-03}",
    )
    meeting.write_text(text, encoding="utf-8")
    line = next(i for i, row in enumerate(text.splitlines(), 1) if row.startswith("anslag:"))
    result = CliRunner().invoke(main, ["check", str(meeting)])
    assert result.exit_code == 1
    assert result.stderr.splitlines() == [
        (
            f"{meeting}:{line}: anslag.datum: anslaget ska sättas upp tidigast på justeringsdagen "
            "och senast andra dagen efter den, alltså 2018-03-06–2018-03-08 (kommunallagen 8 kap. "
            "12 §)"
        )
    ]


def test_a_61_member_fullmaktige_with_40_paragraphs(tmp_path: Path, libreoffice: str) -> None:
    """The example kommunfullmäktige grown to 40 §§: it closes, and its front page is one page."""
    content = Path(__file__).resolve().parents[1] / "content"
    (tmp_path / "organisation.yaml").write_bytes((content / "organisation.yaml").read_bytes())
    text = (content / "sammantraden" / "2014-09-22-kf.yaml").read_text(encoding="utf-8")
    text = text.replace("paragrafer: 182–186}", "paragrafer: 182–219}")
    text += "".join(
        f"  - rubrik: Ärende {n}\n    beslut: Kommunfullmäktige bifaller förslaget.\n"
        for n in range(187, 220)
    )
    meeting = tmp_path / "kf.yaml"
    meeting.write_text(text, encoding="utf-8")
    out = tmp_path / "ut"
    result = CliRunner().invoke(main, ["close", str(meeting), "-o", str(out)])
    assert result.exit_code == 0, result.stderr
    assert len(list(out.glob("protokollsutdrag-*.docx"))) == 40
    lines = document_lines(out / "protokoll.docx")
    upprop = lines.index("Namn Paragrafer")
    # 59 members there, 2 ersättare for the absent two, 1 for a member before she came;
    # one member had jäv in § 184
    rows = [re.sub(r", jäv §\s184$", "", line) for line in lines[upprop:]]
    assert len([row for row in rows if row.endswith((" alla", "–219", "–181"))]) == 62
    assert "Greta Åström (SD) alla, jäv §\xa0184" in lines[upprop:]
    (pdf,) = convert_to_pdf([out / "protokoll.docx"])
    pages = subprocess.run(
        ["pdftotext", "-enc", "UTF-8", str(pdf), "-"], capture_output=True, text=True, check=True
    ).stdout.split("\f")
    front = normalise_space(pages[0])
    for words in (
        "Enligt upprop, § 180",
        "Utses att justera",
        "Johan Ek (M)",
        "ANSLAG/BEVIS",
        "Datum då anslaget tas ned",
        "2014-10-21",
        "Anna Ros",
        "Sida 1 av",
    ):
        assert words in front, words
    assert "Upprop" in pages[1]
