"""The bench meeting: an organisation file and a meeting of N paragraphs, written to a folder.

`bench/close.py` times its close; `tests/test_render_hashes.py` keeps the bytes of its
documents from changing unnoticed. It imports nothing but the standard library.
"""

from __future__ import annotations

import shutil
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]


def build_tree(folder: Path, paragraphs: int) -> Path:
    """Write an organisation file and a meeting of `paragraphs` paragraphs; return the meeting."""
    shutil.copy(REPO / "content" / "organisation.yaml", folder / "organisation.yaml")
    lines = [
        "typ: sammantrade",
        "organ: KS",
        "datum: 2014-09-01",
        "tid: 9.00–12.00",
        "plats: Nacka stadshus",
        "forsta_paragraf: 1",
        "deltagare:",
        "  ordforande: Maria Berg",
        "  ledamoter: [Johan Ek, Sara Lind, Eva Sjö, Rolf Wasteson]",
        "justerare: [Eva Sjö]",
        "justering: {datum: 2014-09-08, plats: Stadsledningskontoret}",
        "sekreterare: Anna Ros",
        "paragrafer:",
    ]
    for number in range(1, paragraphs + 1):
        lines += [
            f"  - arende: KFKS 2014/{number}-001",
            f"    rubrik: Ärende nummer {number}",
            "    beslut: Kommunstyrelsen beslutar i enlighet med förslaget.",
            "    arendet: |",
            "      Stadsledningskontoret föreslår att kommunstyrelsen fattar beslut i ärendet.",
            "      Förslaget har beretts av arbetsutskottet.",
            f"    handlingar: [Stadsledningskontorets tjänsteskrivelse nummer {number}]",
            "    beslutsgang: Kommunstyrelsen beslutade i enlighet med förslaget.",
        ]
    meeting = folder / "mote.yaml"
    meeting.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return meeting
