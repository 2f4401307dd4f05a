"""`docgen new`: a new content file with every field, that checks clean once filled in."""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner, Result
from conftest import copy_organisation
from docx import Document
from docx_text import document_lines
from pydantic import BaseModel

from docgen import api
from docgen.cli import main
from docgen.model import Organisation, Sammantrade, Tjansteskrivelse
from docgen.schema import description

DAY = date(2014, 9, 10)


def run(*args: str) -> Result:
    """Run `docgen` with `args`."""
    return CliRunner().invoke(main, list(args))


def fill(path: Path, values: list[tuple[str, str]]) -> None:
    """Write each value after the first key (`rubrik:`, `-`) left with `""` or nothing."""
    text = path.read_text(encoding="utf-8")
    for key, value in values:
        text, count = re.subn(
            rf'^(\s*{re.escape(key)})(?: "")?$',
            lambda m, v=value: f"{m[1]} {v}",
            text,
            count=1,
            flags=re.M,
        )
        assert count == 1, key
    path.write_text(text, encoding="utf-8")


def next_in_series(tree: Path, year: int) -> int:
    """Return the löpnummer after the highest KFKS number of `year` written in `tree`."""
    numbers = [
        int(n)
        for p in tree.rglob("*")
        if p.suffix in (".md", ".yaml")
        for n in re.findall(rf"KFKS {year}/([0-9]+)-", p.read_text(encoding="utf-8"))
    ]
    assert numbers, "the example content has numbers of the year"
    return max(numbers) + 1


def test_a_new_tjansteskrivelse_has_every_field_the_date_and_the_next_free_number(
    content_tree: Path,
) -> None:
    following = next_in_series(content_tree, 2014)
    path = api.new_content_file("tjansteskrivelse", content_tree, "KS", DAY)
    assert path == content_tree / "2014-09-10-ny-tjansteskrivelse.md"
    text = path.read_text(encoding="utf-8")
    front = yaml.safe_load(text.split("\n---\n")[0].removeprefix("---\n"))
    assert list(front) == list(Tjansteskrivelse.model_fields)
    assert front["datum"] == DAY and front["organ"] == "KS" and front["typ"] == "tjansteskrivelse"
    assert front["diarienummer"] == f"KFKS 2014/{following}-"
    assert "# nästa lediga nummer; lägg till ärendets klass sist" in text
    lines = text.splitlines()
    for name in Tjansteskrivelse.model_fields:  # the Swedish description right above each key
        at = next(i for i, line in enumerate(lines) if line.startswith(f"{name}:"))
        assert lines[at - 1] == f"# {description(Tjansteskrivelse, name)}"[: len(lines[at - 1])]
    assert "## Sammanfattning" in text.split("\n---\n", 1)[1]


def test_the_untouched_file_is_refused_line_by_line_and_once_filled_checks_clean_and_renders(
    content_tree: Path, tmp_path: Path
) -> None:
    written = run(
        "new",
        "tjansteskrivelse",
        "--organ",
        "KS",
        "--datum",
        "2014-09-10",
        "-o",
        str(content_tree / "ny.md"),
    )
    assert written.exit_code == 0, written.output
    path = content_tree / "ny.md"
    assert f"skrev {path}" in written.stdout
    untouched = run("check", str(path))
    assert untouched.exit_code == 1
    lines = path.read_text(encoding="utf-8").splitlines()
    messages = untouched.stderr.splitlines()
    assert len(messages) == 4  # rubrik, förslag, namn and titel
    for message in messages:
        found = re.fullmatch(rf"{re.escape(str(path))}:(\d+): (.+)", message)
        assert found, message
        assert '""' in lines[int(found.group(1)) - 1] and "får inte vara tom" in found.group(2)
    fill(
        path,
        [
            ("rubrik:", "Nytt ärende om parkering"),
            ("-", "Kommunstyrelsen antar planen."),
            ("- namn:", "Lena Dahlstedt"),
            ("titel:", "Stadsdirektör"),
        ],
    )
    nearly = run("check", str(path))  # the class of the diarienummer is still to write
    assert nearly.exit_code == 1
    assert re.fullmatch(
        rf"{re.escape(str(path))}:\d+: diarienummer ”KFKS 2014/\d+-” följer "
        r"inte mönstret .*\n",
        nearly.stderr,
    )
    text = path.read_text(encoding="utf-8")
    path.write_text(re.sub(r'(diarienummer: "KFKS 2014/\d+-)"', r'\g<1>001"', text), "utf-8")
    checked = run("check", str(path))
    assert checked.exit_code == 0, checked.output
    assert "inga fel" in checked.stdout
    docx = api.render_tjansteskrivelse(path, tmp_path / "ny.docx")[0]
    document_text = "\n".join(p.text for p in Document(str(docx)).paragraphs)
    assert "Nytt ärende om parkering" in document_text
    assert "Kommunstyrelsen antar planen." in document_text


def test_a_new_meeting_once_filled_checks_clean(content_tree: Path) -> None:
    path = api.new_content_file("sammantrade", content_tree / "sammantraden", "KSAU", DAY)
    assert path.name == "2014-09-10-ksau.yaml"
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    assert list(data) == list(Sammantrade.model_fields)
    assert data["datum"] == DAY and data["organ"] == "KSAU"
    assert check_problems(path)
    fill(
        path,
        [
            ("tid:", "9.00–10.00"),
            ("plats:", "Nacka stadshus"),
            ("ordforande:", "Maria Berg"),
            ("-", "Eva Sjö"),
            ("plats:", "Stadsledningskontoret"),
            ("sekreterare:", "Anna Ros"),
            ("- arende:", "KFKS 2012/577-001"),
        ],
    )
    text = path.read_text(encoding="utf-8")
    text = text.replace("ledamoter: []", "ledamoter: [Eva Sjö, Johan Ek]")
    path.write_text(text, encoding="utf-8")
    assert check_problems(path) == []


def check_problems(path: Path) -> list[str]:
    """Return the lines `docgen check` prints about `path`."""
    return [line for problem in api.check([path]).problems for line in problem.lines()]


def test_a_new_organisation_file_once_filled_checks_clean(tmp_path: Path) -> None:
    result = run("new", "organisation", "-o", f"{tmp_path}/kommun/")
    assert result.exit_code == 0, result.output
    path = tmp_path / "kommun" / "organisation.yaml"
    written = path.read_text(encoding="utf-8")
    optional_models = [
        name
        for name, field in Organisation.model_fields.items()
        if isinstance(field.get_default(call_default_factory=True), BaseModel)
    ]  # left as a comment
    assert list(yaml.safe_load(written)) == [
        name for name in Organisation.model_fields if name not in optional_models
    ]
    assert all(f"# {name}: (utelämnad" in written for name in optional_models)
    assert len(check_problems(path)) == 4
    fill(
        path,
        [
            ("kommun:", "Exempels kommun"),
            ("diarienummer:", '"KS {år}/{löpnummer}"'),
            ("- kod:", "KS"),
            ("namn:", "Kommunstyrelsen"),
        ],
    )
    assert check_problems(path) == []


def test_the_series_of_a_pattern_with_prefix_is_the_organs_own(tmp_path: Path) -> None:
    (tmp_path / "organisation.yaml").write_text(
        "typ: organisation\nkommun: K\ndiarienummer: '{prefix}-{år}/{löpnummer}'\n"
        "organ:\n  - {kod: KS, namn: Kommunstyrelsen}\n  - {kod: BUN, namn: Nämnden}\n",
        encoding="utf-8",
    )
    for name, dnr in [
        ("a", "KS-2014/0007"),
        ("b", "KS-2014/0012"),
        ("c", "BUN-2014/0099"),
        ("d", "KS-2013/0400"),
    ]:
        (tmp_path / f"{name}.md").write_text(
            f"---\ntyp: tjansteskrivelse\ndiarienummer: {dnr}\n---\n", encoding="utf-8"
        )
    path = api.new_content_file("tjansteskrivelse", tmp_path, "KS", DAY)
    assert 'diarienummer: "KS-2014/0013"  # nästa lediga nummer\n' in path.read_text(
        encoding="utf-8"
    )
    other = api.new_content_file("tjansteskrivelse", tmp_path / "bun.md", "BUN", date(2015, 1, 2))
    assert 'diarienummer: ""' in other.read_text(encoding="utf-8")  # none in 2015 yet


def test_without_a_content_tree_the_file_is_written_without_its_facts(tmp_path: Path) -> None:
    path = api.new_content_file("tjansteskrivelse", tmp_path, "KS", DAY)
    text = path.read_text(encoding="utf-8")
    assert 'diarienummer: ""' in text and 'organ: "KS"' in text and "datum: 2014-09-10" in text


def test_an_existing_file_is_never_written_over(tmp_path: Path) -> None:
    copy_organisation(tmp_path)
    path = tmp_path / "ny.md"
    path.write_text("mitt arbete\n", encoding="utf-8")
    result = run("new", "tjansteskrivelse", "-o", str(path))
    assert result.exit_code == 1
    assert result.stderr == (
        f"{path}: filen finns redan; docgen new skriver aldrig över en fil "
        "(välj ett annat namn med -o)\n"
    )
    assert path.read_text(encoding="utf-8") == "mitt arbete\n"


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        (
            ["tjansteskrivelse", "--organ", "XX"],
            "organisation.yaml: organet ”XX” finns inte här (där finns: KF, KS, KSAU)",
        ),
        (["sammantrade", "-o", "mote.txt"], "mote.txt: filen ska sluta på .yaml"),
        (["tjansteskrivelse", "-o", "ny.yaml"], "ny.yaml: filen ska sluta på .md"),
        (["tjansteskrivelse", "-o", "saknas/ny.md"], "saknas: mappen finns inte"),
    ],
)
def test_a_wrong_request_is_one_line_and_writes_nothing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, args: list[str], expected: str
) -> None:
    copy_organisation(tmp_path)
    monkeypatch.chdir(tmp_path)
    result = run("new", *args)
    assert result.exit_code == 1
    assert result.stderr.splitlines() == [expected]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["organisation.yaml"]


def test_today_is_the_default_date(tmp_path: Path) -> None:
    path = api.new_content_file("sammantrade", tmp_path)
    assert f"datum: {date.today().isoformat()}" in path.read_text(encoding="utf-8")


def test_a_new_agenda_once_filled_makes_a_kallelse(content_tree: Path) -> None:
    """`docgen new foredragningslista` begins a meeting file as its agenda: without the
    fields only a closed meeting has, so the kallelse is made from it as it is filled.
    """
    path = api.new_content_file("foredragningslista", content_tree / "sammantraden", "KSAU", DAY)
    assert path.name == "2014-09-10-ksau.yaml"
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    assert data["typ"] == "sammantrade" and not {"deltagare", "justering", "anslag"} & set(data)
    fill(path, [("tid:", "9.00–10.00"), ("plats:", "Nacka stadshus"), ("rubrik:", "Budget")])
    assert check_problems(path) == []
    (kallelse,) = api.render_kallelse(path)
    assert "Budget" in " ".join(document_lines(kallelse))
