"""Benchmark docgen's whole commands against what their libraries cost to load, in one run.

    python bench/startup.py [--runs 11]

Starts each of these as a process of its own, in turn, N times, and keeps the best and
the median wall time:

- the interpreter alone (`python -c pass`);
- the libraries a check cannot do without, imported and nothing else (with the garbage
  collector set as docgen's command sets it): pydantic (BaseModel and the validators
  docgen's models use), PyYAML, markdown-it, Babel's dates and click;
- the libraries a render cannot do without: the same, and docxtpl (with python-docx,
  Jinja and lxml);
- `docgen check` of the example content, and of the 40-paragraph bench meeting;
- `docgen render` of one example tjänsteskrivelse.

It prints each command's time, its ratio to its libraries' floor, and what is left for
docgen itself (its own modules, building the validators, reading, checking, rendering,
writing). Nothing here is asserted: speed is measured.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from meeting import build_tree  # bench/ is no package; run from anywhere as a script

REPO = Path(__file__).resolve().parents[1]
CONTENT = REPO / "content"
TJANSTESKRIVELSE = CONTENT / "tjansteskrivelser" / "2014-11-24-styrning-och-ledning.md"

CHECK_LIBRARIES = (
    "from pydantic import BaseModel, BeforeValidator, Field, StringConstraints, "
    "model_validator; import yaml, markdown_it, babel.dates, click"
)
RENDER_LIBRARIES = CHECK_LIBRARIES + ", docxtpl"


def _floor(imports: str) -> list[str]:
    """Return the command that runs `imports` and nothing else, with the garbage collector
    set as docgen's command sets it (docgen/__main__.py).
    """
    return [sys.executable, "-c", f"import gc; gc.set_threshold(50_000); {imports}; gc.freeze()"]


def _times(commands: dict[str, list[str]], runs: int) -> dict[str, list[float]]:
    """Return the wall seconds of each command over `runs` rounds, the commands taking
    turns so that what else the machine does falls on all of them alike.
    """
    environment = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    seconds: dict[str, list[float]] = {name: [] for name in commands}
    for _ in range(runs):
        for name, command in commands.items():
            start = time.perf_counter()
            subprocess.run(command, check=True, env=environment, stdout=subprocess.DEVNULL)
            seconds[name].append(time.perf_counter() - start)
    return seconds


def main() -> None:
    """Time the floors and the commands, print the figures."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=11)
    args = parser.parse_args()
    python = sys.executable
    docgen = [python, "-m", "docgen"]
    with tempfile.TemporaryDirectory() as temporary:
        folder = Path(temporary)
        meeting = build_tree(folder, 40)
        commands = {
            "interpreter": [python, "-c", "pass"],
            "check libraries": _floor(CHECK_LIBRARIES),
            "render libraries": _floor(RENDER_LIBRARIES),
            "docgen check content": [*docgen, "check", str(CONTENT)],
            "docgen check (40 §)": [*docgen, "check", str(meeting)],
            "docgen render": [
                *docgen,
                "render",
                str(TJANSTESKRIVELSE),
                "-o",
                str(folder / "t.docx"),
            ],
        }
        _times(commands, 1)  # bytecode written, files in the page cache
        seconds = _times(commands, args.runs)
    best = {name: min(values) for name, values in seconds.items()}
    print(f"wall seconds, best and median of {args.runs} (Python {sys.version.split()[0]})")
    for name, values in seconds.items():
        line = f"{name:22} {best[name]:6.3f} {statistics.median(values):6.3f}"
        floor = "render libraries" if name == "docgen render" else "check libraries"
        if name.startswith("docgen"):
            line += (
                f"   {best[name] / best[floor]:4.2f}× the {floor}; "
                f"docgen's own {best[name] - best[floor]:5.3f} s"
            )
        print(line)


if __name__ == "__main__":
    main()
