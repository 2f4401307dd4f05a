"""Benchmark `docgen check` on a year's content tree, in one run.

    python bench/check.py [--skrivelser 1000] [--meetings 42]

Builds a content tree the size of a year at a kommunstyrelse (the organisation file,
N tjänsteskrivelser and M meetings of KS and KSAU, every paragraph referring to a
tjänsteskrivelse), then times `docgen check` of the whole tree; for scale, of one
tjänsteskrivelse alone; and as the floor, reading every file once with bare PyYAML
(libyaml) and markdown-it, which any check must do. It prints the seconds and the
ratios. Nothing here is asserted: speed is measured.
"""

from __future__ import annotations

import argparse
import shutil
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

import yaml
from markdown_it import MarkdownIt

from docgen.api import check

REPO = Path(__file__).resolve().parents[1]

ORGAN = ("KS", "KSAU")
BODY = """\
## Sammanfattning

Stadsledningskontoret föreslår att {organ} fattar beslut i ärende nummer {number}.
Förslaget bygger på **utredningen** från våren och har stämts av med *förvaltningarna*.

## Ärendet

Ärendet gäller en fråga som har beretts under året. Bakgrunden finns i bilagan.

1. Den första delen av förslaget.
2. Den andra delen av förslaget.

| del | kostnad |
| --- | --- |
| planering | 100 000 kronor |
| genomförande | 250 000 kronor |

## Ekonomiska konsekvenser

Förslaget ryms inom budgeten för {year}.
"""


def build_year(folder: Path, skrivelser: int = 1000, meetings: int = 42) -> list[Path]:
    """Write a year's content tree into `folder`; return every content file written.

    The meetings alternate between KS and KSAU from the middle of January, two weeks
    apart per organ; the tjänsteskrivelser are shared out among them in order, each
    dated a week before its meeting, and each meeting's paragraphs refer to its share.
    """
    shutil.copy(REPO / "content" / "organisation.yaml", folder / "organisation.yaml")
    (folder / "tjansteskrivelser").mkdir()
    (folder / "sammantraden").mkdir()
    written = [folder / "organisation.yaml"]
    per_meeting = [skrivelser // meetings + (i < skrivelser % meetings) for i in range(meetings)]
    number = 0
    for index, count in enumerate(per_meeting):
        organ = ORGAN[index % 2]
        day = date(2014, 1, 13) + timedelta(days=7 * index)
        numbers = range(number + 1, number + count + 1)
        number += count
        for n in numbers:
            written.append(_write_skrivelse(folder, n, organ, day - timedelta(days=7)))
        written.append(_write_meeting(folder, organ, day, numbers))
    return written


def _write_skrivelse(folder: Path, number: int, organ: str, day: date) -> Path:
    """Write tjänsteskrivelse `number` to `organ`, dated `day`; return its path."""
    path = folder / "tjansteskrivelser" / f"{day.isoformat()}-arende-{number:04d}.md"
    path.write_text(
        "\n".join(
            [
                "---",
                "typ: tjansteskrivelse",
                f"datum: {day.isoformat()}",
                f"diarienummer: KFKS {day.year}/{number}-001",
                f"organ: {organ}",
                "avsandare: Stadsledningskontoret",
                f"rubrik: Ärende nummer {number}",
                "underrubrik: Förslag till beslut",
                "forslag_till_beslut:",
                f"  - Kommunstyrelsen beslutar i ärende {number}.",
                "  - Kommunstyrelsen ger stadsdirektören i uppdrag att genomföra beslutet.",
                "underskrifter:",
                "  - {namn: Lena Dahlstedt, titel: Stadsdirektör, enhet: Stadsledningskontoret}",
                "  - {namn: Helena Meier, titel: Stadsjurist}",
                "bilagor:",
                "  - Utredningen",
                "---",
                BODY.format(organ=organ, number=number, year=day.year),
            ]
        ),
        encoding="utf-8",
    )
    return path


def _write_meeting(folder: Path, organ: str, day: date, numbers: range) -> Path:
    """Write `organ`'s meeting on `day` taking up the ärenden `numbers`; return its path."""
    lines = [
        "typ: sammantrade",
        f"organ: {organ}",
        f"datum: {day.isoformat()}",
        "tid: 9.00–12.00",
        "plats: Nacka stadshus",
        "deltagare:",
        "  ordforande: Maria Berg",
        "  ledamoter: [Johan Ek, Sara Lind, Eva Sjö, Rolf Wasteson]",
        "  ej_tjanstgorande_ersattare: [Lars Dahl]",
        "justerare: [Eva Sjö]",
        (
            f"justering: {{datum: {(day + timedelta(days=7)).isoformat()}, "
            "plats: Stadsledningskontoret}"
        ),
        "sekreterare: Anna Ros",
        "paragrafer:",
    ]
    for number in numbers:
        lines += [
            f"  - arende: KFKS {day.year}/{number}-001",
            "    beslutsgang: Kommunstyrelsen beslutade i enlighet med förslaget.",
            "    expedieras: [Stadsledningskontoret]",
        ]
    path = folder / "sammantraden" / f"{day.isoformat()}-{organ.lower()}.yaml"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def _timed(paths: list[Path]) -> tuple[float, int]:
    """Return the seconds `docgen check` takes on `paths`, and how many problems it found."""
    start = time.perf_counter()
    result = check(paths)
    return time.perf_counter() - start, len(result.problems)


def _floor(paths: list[Path]) -> float:
    """Return the seconds bare PyYAML and markdown-it take to read and parse `paths` once."""
    parser = MarkdownIt("commonmark").enable("table")
    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    start = time.perf_counter()
    for path in paths:
        text = path.read_text(encoding="utf-8")
        if path.suffix == ".md":
            _, front, body = text.split("---\n", 2)
            yaml.load(front, Loader=loader)
            parser.parse(body)
        else:
            yaml.load(text, Loader=loader)
    return time.perf_counter() - start


def main() -> None:
    """Build the tree, time the checks, print the figures."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--skrivelser", type=int, default=1000)
    parser.add_argument("--meetings", type=int, default=42)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as temporary:
        folder = Path(temporary)
        files = build_year(folder, args.skrivelser, args.meetings)
        one, _ = _timed([files[1]])
        floor = _floor(files)
        whole, problems = _timed([folder])
        if problems:
            check_result = check([folder])
            for problem in check_result.problems[:5]:
                print(problem, file=sys.stderr)
            sys.exit(f"the generated tree has {problems} problems")
        print(f"docgen check, one tjänsteskrivelse:      {one:7.3f} s")
        print(
            f"docgen check, the tree ({len(files)} files): {whole:7.3f} s "
            f"({whole / len(files) * 1000:.2f} ms per file)"
        )
        print(f"bare PyYAML + markdown-it, every file once: {floor:7.3f} s")
        print(
            f"ratio tree / one file: {whole / one:.0f}× for {len(files)}× the files; "
            f"check / bare parsing: {whole / floor:.2f}×"
        )


if __name__ == "__main__":
    main()
