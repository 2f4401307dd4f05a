"""The content tree as registrars keep it: copies, stray files, links and pipes, read once."""

from __future__ import annotations

import importlib.util
import os
import re
import shutil
import subprocess
import sys
import threading
import zipfile
from collections import Counter
from pathlib import Path
from types import ModuleType

import pytest
from click.testing import CliRunner
from conftest import REPO, copy_organisation

from docgen import api
from docgen.cli import main
from docgen.content import source, yamlfile
from docgen.content.yamlfile import load_yaml
from docgen.errors import ContentError, DocgenError

SAME_MEETING = (
    "gäller samma sammanträde (KS den 2014-09-01); ta bort den ena filen eller "
    "flytta den ut ur innehållsmappen"
)

OCTOBER = """\
typ: sammantrade
organ: KSAU
datum: 2014-10-07
tid: 9.00–11.30
plats: Stadshuset
deltagare:
  ordforande: Maria Berg
  ledamoter: [Johan Ek, Eva Sjö]
justerare: [Eva Sjö]
justering: {datum: 2014-10-14, plats: Stadsledningskontoret}
sekreterare: Anna Ros
paragrafer:
  - arende: KFKS 2014/412-040
    rubrik: Ett ärende
    beslut: Arbetsutskottet beslutar.
"""
"""A meeting that refers to no other file, and whose tree has no earlier meeting."""

NO_FIRST_PARAGRAPH = (
    "forsta_paragraf saknas: innehållsmappen har inget tidigare sammanträde för KSAU 2014, så "
    "docgen vet inte vilken § sammanträdet börjar på; skriv forsta_paragraf: 1 om det är årets "
    "första sammanträde, annars numret efter förra sammanträdets sista §"
)


def run(*args: str) -> tuple[int, str, list[str]]:
    """Run docgen with `args`; return the exit code, stdout and the lines on stderr."""
    result = CliRunner().invoke(main, list(args))
    return result.exit_code, result.stdout, result.stderr.splitlines()


def line_of(path: Path, text: str) -> int:
    """Return the number of the first line of `path` that contains `text`."""
    lines = path.read_text(encoding="utf-8").splitlines()
    return next(i for i, line in enumerate(lines, 1) if text in line)


def bench_check() -> ModuleType:
    """Return bench/check.py as a module, for its generator of a year's tree."""
    spec = importlib.util.spec_from_file_location("bench_check", REPO / "bench" / "check.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


# Defect 8: the registrar's tree as it really is


def test_a_copy_of_a_meeting_file_is_named_with_the_meeting(
    content_tree: Path, tmp_path: Path
) -> None:
    real = content_tree / "sammantraden" / "2014-09-01-ks.yaml"
    copy = content_tree / "sammantraden" / "2014-09-01-ks - kopia.yaml"
    shutil.copy(real, copy)
    both = "sammantraden/2014-09-01-ks - kopia.yaml och sammantraden/2014-09-01-ks.yaml"
    code, _, errors = run("close", str(real), "-o", str(tmp_path / "ks"))
    assert (code, errors) == (1, [f"{real}:5: {both} {SAME_MEETING}"])
    assert not (tmp_path / "ks").exists()
    code, _, errors = run("check", str(content_tree))
    assert code == 1
    assert errors == [f"{copy}:5: {both} {SAME_MEETING}", f"{real}:5: {both} {SAME_MEETING}"]
    copy.unlink()
    assert run("close", str(real), "-o", str(tmp_path / "ks"))[0] == 0


def test_a_copy_of_an_earlier_meeting_stops_the_numbering(content_tree: Path) -> None:
    earlier = content_tree / "sammantraden" / "2014-09-01-ks.yaml"
    shutil.copy(earlier, content_tree / "sammantraden" / "2014-09-01-ks - kopia.yaml")
    later = content_tree / "sammantraden" / "2014-09-15-ks.yaml"
    later.write_text(
        earlier.read_text(encoding="utf-8")
        .replace("datum: 2014-09-01", "datum: 2014-09-15")
        .replace("2014-09-08", "2014-09-22")
        .replace("2014-09-09", "2014-09-23")
        .replace("forsta_paragraf: 210\n", ""),
        encoding="utf-8",
    )
    code, _, errors = run("check", str(later))
    assert code == 1
    assert errors == [
        (
            f"{later}:{line_of(later, 'paragrafer:')}: paragraferna kan inte numreras: "
            "sammantraden/2014-09-01-ks - kopia.yaml och sammantraden/2014-09-01-ks.yaml "
            f"{SAME_MEETING}"
        )
    ]


def test_two_tjansteskrivelser_of_one_number_and_date_are_both_named(
    content_tree: Path, tmp_path: Path
) -> None:
    skrivelser = content_tree / "tjansteskrivelser"
    shutil.copy(
        skrivelser / "2014-08-07-lagesrapport-augusti.md",
        skrivelser / "2014-08-07-lagesrapport-augusti - kopia.md",
    )
    meeting = content_tree / "sammantraden" / "2014-08-19-ksau.yaml"
    code, _, errors = run("close", str(meeting), "-o", str(tmp_path / "ksau"))
    assert code == 1
    assert errors == [
        (
            f"{meeting}:{line_of(meeting, 'arende: KFKS 2012/577-001')}: tjänsteskrivelserna "
            "tjansteskrivelser/2014-08-07-lagesrapport-augusti - kopia.md och "
            "tjansteskrivelser/2014-08-07-lagesrapport-augusti.md har samma diarienummer "
            "(KFKS 2012/577-001) och datum (2014-08-07), så docgen vet inte vilken som gäller; "
            "ta bort den ena filen eller flytta den ut ur innehållsmappen"
        )
    ]


def test_an_earlier_tjansteskrivelse_of_the_same_number_is_no_problem(content_tree: Path) -> None:
    skrivelser = content_tree / "tjansteskrivelser"
    original = skrivelser / "2014-08-07-lagesrapport-augusti.md"
    (skrivelser / "2014-08-01-utkast.md").write_text(
        original.read_text(encoding="utf-8").replace("datum: 2014-08-07", "datum: 2014-08-01"),
        encoding="utf-8",
    )
    assert run("check", str(content_tree))[:2] == (0, "11 filer kontrollerade, inga fel.\n")


def test_a_meeting_mid_year_with_no_earlier_one_asks_for_forsta_paragraf(tmp_path: Path) -> None:
    tree = copy_organisation(tmp_path)
    path = tree / "oktober.yaml"
    path.write_text(OCTOBER, encoding="utf-8")
    assert run("check", str(path)) == (1, "", [f"{path}:3: {NO_FIRST_PARAGRAPH}"])
    path.write_text(OCTOBER.replace("tid:", "forsta_paragraf: 180\ntid:"), encoding="utf-8")
    assert run("check", str(path))[0] == 0


def test_a_january_meeting_starts_at_paragraph_1(tmp_path: Path) -> None:
    tree = copy_organisation(tmp_path)
    january = OCTOBER.replace("2014-10-07", "2014-01-14").replace("2014-10-14", "2014-01-21")
    (tree / "januari.yaml").write_text(january, encoding="utf-8")
    (tree / "oktober.yaml").write_text(OCTOBER, encoding="utf-8")  # follows January's § 1
    assert run("check", str(tree)) == (0, "3 filer kontrollerade, inga fel.\n", [])
    code, _, errors = run("close", str(tree / "oktober.yaml"), "-o", str(tmp_path / "ut"))
    assert code == 0, errors
    manifest = (tmp_path / "ut" / "manifest.json").read_text(encoding="utf-8")
    assert "protokollsutdrag-002.docx" in manifest


# Defect 8 and 10: what check passes over, and links and pipes that must not hang it


@pytest.fixture
def cluttered(content_tree: Path) -> Path:
    """Return the example tree with what a registrar's folder also holds, and worse."""
    (content_tree / ".utkast.md").write_text("---\n", encoding="utf-8")
    (content_tree / ".git").mkdir()
    (content_tree / ".git" / "config").write_text("x", encoding="utf-8")
    skrivelser = content_tree / "tjansteskrivelser"
    (skrivelser / "bilaga.docx").write_bytes(b"PK")
    (skrivelser / "~$bilaga.docx").write_bytes(b"lock")
    shutil.copy(
        skrivelser / "2014-08-07-lagesrapport-augusti.md",
        skrivelser / "2014-08-07-lagesrapport-augusti.md~",
    )
    closed = content_tree / "sammantraden" / "2014-09-01-ks"
    closed.mkdir()
    (closed / "manifest.json").write_text("{}", encoding="utf-8")
    (closed / "protokoll.docx").write_bytes(b"PK")
    os.mkfifo(content_tree / "rör.md")
    (content_tree / "slinga.md").symlink_to("slinga.md")
    (content_tree / "saknas.md").symlink_to("borta.md")
    (content_tree / "upp").symlink_to(".", target_is_directory=True)
    return content_tree


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="named pipes are POSIX")
def test_check_says_what_it_passed_over_and_why(cluttered: Path) -> None:
    skrivelser = cluttered / "tjansteskrivelser"
    assert run("check", str(cluttered)) == (
        0,
        "10 filer kontrollerade, inga fel, 9 varningar.\n",
        [
            (
                f"{cluttered / '.git'}: hoppas över: dold mapp (namnet börjar med en punkt); "
                "filerna i den läses inte"
            ),
            f"{cluttered / '.utkast.md'}: hoppas över: dold fil (namnet börjar med en punkt)",
            (
                f"{cluttered / 'rör.md'}: hoppas över: ingen vanlig fil utan en namngiven pipe (FIFO); "
                "docgen läser bara vanliga filer"
            ),
            f"{cluttered / 'saknas.md'}: hoppas över: länken pekar på något som inte finns",
            (
                f"{cluttered / 'slinga.md'}: hoppas över: länken går i en slinga (den pekar till slut på "
                "sig själv)"
            ),
            (
                f"{skrivelser / '2014-08-07-lagesrapport-augusti.md~'}: hoppas över: en säkerhetskopia "
                "som ett redigeringsprogram har sparat"
            ),
            (
                f"{skrivelser / 'bilaga.docx'}: hoppas över: en .docx-fil; docgen läser bara .md "
                "(tjänsteskrivelser) och .yaml"
            ),
            (
                f"{skrivelser / '~$bilaga.docx'}: hoppas över: en tillfällig fil som Word gör medan ett "
                "dokument är öppet"
            ),
            (
                f"{cluttered / 'upp'}: hoppas över: en länk till en mapp; docgen följer inte länkar "
                "till mappar"
            ),
        ],
    )


def test_a_folder_the_user_may_not_open_is_one_line_not_an_internal_error(
    content_tree: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A folder the user has no right to open (mode 000 on a share) is named in one
    line, not an internal error: check goes on with the other files, and the
    paragraphs are not numbered while it may hold an earlier meeting (the operating
    system's answers are given here, since tests run as root, whom permissions do not
    stop).
    """
    closed = content_tree / "sammantraden" / "hemlig"
    closed.mkdir()
    scandir, is_file = os.scandir, Path.is_file

    def refused(path: Path) -> bool:
        return Path(path).parent == closed or Path(path) == closed

    def guarded_scandir(path: Path) -> object:
        if refused(path):
            raise PermissionError(13, "Permission denied", str(path))
        return scandir(path)

    def guarded_is_file(path: Path) -> bool:
        if Path(path).parent == closed:
            raise PermissionError(13, "Permission denied", str(path))
        return is_file(path)

    monkeypatch.setattr(os, "scandir", guarded_scandir)
    monkeypatch.setattr(Path, "is_file", guarded_is_file)
    unreadable = f"{closed}: mappen kan inte läsas (behörighet saknas)"
    result = api.check([content_tree])
    assert len(result.files) == 10
    meeting = content_tree / "sammantraden" / "2014-08-19-ksau.yaml"
    said = (
        "paragraferna kan inte numreras medan hemlig inte går att läsa (den kan vara ett "
        f"tidigare sammanträde): {unreadable}"
    )
    assert [str(p) for p in result.problems][0] == f"{meeting}:20: {said}"
    assert [str(p).split(": ", 1)[1] for p in result.problems] == [said] * 3  # each meeting
    with pytest.raises(DocgenError, match=re.escape(unreadable)):
        api.close_meeting(meeting, content_tree / "ut")
    assert not (content_tree / "ut").exists()


def test_a_broken_tjansteskrivelse_is_named_where_a_paragraph_misses_it(
    content_tree: Path, tmp_path: Path
) -> None:
    """A paragraph that takes its rubrik from a tjänsteskrivelse whose front matter is
    broken names that file, not only what follows from its absence."""
    broken = content_tree / "tjansteskrivelser" / "2014-08-07-lagesrapport-augusti.md"
    broken.write_text('---\ntyp: tjansteskrivelse\nrubrik: "oavslutad\n---\nText.\n', "utf-8")
    meeting = content_tree / "sammantraden" / "2014-08-19-ksau.yaml"
    code, _, errors = run("close", str(meeting), "-o", str(tmp_path / "ut"))
    assert code == 1
    assert (
        "rubrik saknas, och det finns ingen tjänsteskrivelse med detta diarienummer att "
        "hämta den från (tjansteskrivelser/2014-08-07-lagesrapport-augusti.md har fel och "
        "kan vara den)"
    ) in errors[0]


def test_check_passes_over_the_documents_docgen_wrote_without_a_word(
    content_tree: Path, tmp_path: Path
) -> None:
    skrivelse = content_tree / "tjansteskrivelser" / "2014-11-24-styrning-och-ledning.md"
    meeting = content_tree / "sammantraden" / "2014-08-19-ksau.yaml"
    assert run("render", str(skrivelse))[0] == 0
    assert run("kallelse", str(meeting))[0] == 0
    assert run("close", str(meeting), "-o", str(content_tree / "sammantraden" / "ksau"))[0] == 0
    shutil.copy(skrivelse.with_suffix(".docx"), skrivelse.with_suffix(".pdf"))  # as --pdf does
    saved = content_tree / "tjansteskrivelser" / "sparad-i-word.docx"
    with (
        zipfile.ZipFile(skrivelse.with_suffix(".docx")) as docgens,
        zipfile.ZipFile(saved, "w") as words,
    ):
        for item in docgens.infolist():
            data = docgens.read(item)
            if item.filename == "docProps/core.xml":
                data = data.replace(
                    b">docgen</cp:lastModifiedBy>", b">Anna Ros</cp:lastModifiedBy>"
                )
            words.writestr(item, data)
    assert run("check", str(content_tree)) == (
        0,
        "10 filer kontrollerade, inga fel, 1 varning.\n",
        [
            f"{saved}: hoppas över: en .docx-fil; docgen läser bara .md (tjänsteskrivelser) "
            "och .yaml"
        ],
    )


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="named pipes are POSIX")
def test_a_meeting_closes_in_a_tree_with_a_pipe_and_a_link_loop(
    cluttered: Path, tmp_path: Path
) -> None:
    meeting = cluttered / "sammantraden" / "2014-08-19-ksau.yaml"
    code, _, errors = run("close", str(meeting), "-o", str(tmp_path / "ksau"))
    assert (code, errors) == (0, [])


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="named pipes are POSIX")
@pytest.mark.parametrize(
    ("name", "message"),
    [
        (
            "rör.md",
            "ingen vanlig fil utan en namngiven pipe (FIFO); docgen läser bara vanliga filer",
        ),
        ("slinga.md", "länken går i en slinga (den pekar till slut på sig själv)"),
        ("saknas.md", "länken pekar på något som inte finns"),
    ],
)
@pytest.mark.parametrize("command", ["check", "render"])
def test_a_pipe_or_a_broken_link_named_is_one_line(
    cluttered: Path, name: str, message: str, command: str
) -> None:
    result = subprocess.run(  # a separate process: a read of the pipe would wait forever
        [sys.executable, "-m", "docgen", command, str(cluttered / name)],
        check=False,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert (result.returncode, result.stderr) == (1, f"{cluttered / name}: {message}\n")


# Defect 9: the tree read once per run


def counted(
    monkeypatch: pytest.MonkeyPatch, module: ModuleType, name: str, argument: int
) -> Counter[str]:
    """Count the calls of `module`'s function `name` by the path in its `argument`, wherever
    docgen's modules call it from; return the counter."""
    original = getattr(module, name)
    calls: Counter[str] = Counter()

    def counting(*args: object, **kwargs: object) -> object:
        calls[os.path.abspath(str(args[argument]))] += 1
        return original(*args, **kwargs)

    for loaded in list(sys.modules.values()):
        if loaded.__name__.startswith("docgen") and getattr(loaded, name, None) is original:
            monkeypatch.setattr(loaded, name, counting)
    return calls


def test_check_and_close_read_and_parse_each_file_once(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    files = bench_check().build_year(tmp_path, skrivelser=60, meetings=6)
    reads = counted(monkeypatch, source, "read_text", 0)
    parses = counted(monkeypatch, yamlfile, "load_yaml", 1)
    result = api.check([tmp_path])
    assert (result.problems, result.warnings) == ([], [])
    everything = Counter({os.path.abspath(f): 1 for f in files})
    assert (reads, parses) == (everything, everything)

    reads.clear()
    parses.clear()
    meeting = files[-1]  # the last meeting: it follows five earlier ones
    api.close_meeting(meeting, tmp_path / "ut")
    assert set(reads.values()) == set(parses.values()) == {1}
    assert set(reads) == set(parses) == set(everything)  # the close indexes the whole tree


def test_checks_in_threads_are_each_as_alone(content_tree: Path, tmp_path: Path) -> None:
    broken = tmp_path / "trasig"
    shutil.copytree(content_tree, broken)
    shutil.copy(
        broken / "sammantraden" / "2014-09-01-ks.yaml",
        broken / "sammantraden" / "2014-09-01-ks - kopia.yaml",
    )
    alone = {tree: [str(p) for p in api.check([tree]).problems] for tree in (content_tree, broken)}
    assert alone[content_tree] == [] and len(alone[broken]) == 2
    seen: list[tuple[Path, list[str]]] = []

    def check(tree: Path) -> None:
        seen.append((tree, [str(p) for p in api.check([tree]).problems]))

    threads = [
        threading.Thread(target=check, args=(tree,))
        for _ in range(4)
        for tree in (content_tree, broken)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len(seen) == 8 and all(problems == alone[tree] for tree, problems in seen)


# The fast YAML loader refuses aliases as the Python one did


@pytest.mark.parametrize(
    ("text", "line"),
    [
        ("ledamoter:\n  - &a Johan Ek\n  - *a\n", 3),
        ("a: &x [1, 2]\nb: {c: *x}\n", 2),
        ("&a x: *a\n", 1),
        (
            (
                "a: &a [x, x, x, x, x, x, x, x, x]\nb: &b [*a, *a, *a, *a, *a, *a, *a, *a]\n"
                "c: [*b, *b, *b, *b, *b, *b, *b, *b]\n"
            ),
            2,
        ),
    ],
)
def test_yaml_aliases_are_refused_at_their_line(text: str, line: int) -> None:
    with pytest.raises(ContentError) as caught:
        load_yaml(text, Path("mote.yaml"))
    assert str(caught.value) == (
        f"mote.yaml:{line}: YAML-alias (*namn) stöds inte; skriv ut värdet där det behövs"
    )


@pytest.mark.parametrize(
    "text",
    [
        "rubrik: Budget\t2014\n",
        "rubrik:\tBudget\n",
        "a: [x,\ty]\n",
        "arendet: |#text\n  x\n",
    ],
)
def test_what_libyaml_would_take_is_refused_as_before(text: str) -> None:
    with pytest.raises(ContentError) as caught:  # libyaml takes these; PyYAML, as before, not
        load_yaml(text, Path("mote.yaml"))
    assert str(caught.value).startswith("mote.yaml:1: ")
