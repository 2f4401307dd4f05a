"""Every example document, real case and the bench meeting render to the bytes recorded.

tests/data/render-hashes.json holds the SHA-256 of each .docx as rendered before the
renderer was made faster; a change to how documents are rendered must not change a
byte of them. When a change is *meant* to change the output (a template's layout, a
new field), regenerate the file and say so in the commit:

    .venv/bin/python tests/test_render_hashes.py
"""

from __future__ import annotations

import hashlib
import json
import sys
import tempfile
from pathlib import Path

from conftest import CONTENT, REPO

from docgen.api import close_meeting, render_tjansteskrivelse

sys.path.insert(0, str(REPO / "bench"))
from meeting import build_tree  # bench/ is no package

HASHES = Path(__file__).resolve().parent / "data" / "render-hashes.json"
CASES = Path(__file__).resolve().parent / "cases"
BENCH_PARAGRAPHS = 40


def rendered_hashes(output: Path) -> dict[str, str]:
    """Render every example, case and the bench meeting into `output`; return name → SHA-256."""
    written: list[Path] = []
    for source in sorted((CONTENT / "tjansteskrivelser").glob("*.md")):
        written += render_tjansteskrivelse(source, output / "exempel" / f"{source.stem}.docx")
    for meeting in sorted((CONTENT / "sammantraden").glob("*.yaml")):
        written += close_meeting(meeting, output / "exempel" / meeting.stem)
    for case in sorted(p for p in CASES.iterdir() if (p / "sammantrade.yaml").exists()):
        written += close_meeting(case / "sammantrade.yaml", output / "fall" / case.name)
    bench = output / "bench-tree"
    bench.mkdir()
    written += close_meeting(build_tree(bench, BENCH_PARAGRAPHS), output / "bench")
    return {
        path.relative_to(output).as_posix(): hashlib.sha256(path.read_bytes()).hexdigest()
        for path in sorted(written)
        if path.suffix == ".docx"
    }


def test_every_document_renders_to_the_recorded_bytes(tmp_path: Path) -> None:
    recorded = json.loads(HASHES.read_text(encoding="utf-8"))
    hashes = rendered_hashes(tmp_path)
    assert len(hashes) > 60  # examples, cases and the 42 bench documents
    changed = sorted(
        name for name in recorded.keys() | hashes.keys() if recorded.get(name) != hashes.get(name)
    )
    assert not changed, f"these documents changed (regenerate only if meant): {changed}"


if __name__ == "__main__":
    with tempfile.TemporaryDirectory() as work:
        HASHES.write_text(
            json.dumps(rendered_hashes(Path(work)), indent=1, sort_keys=True) + "\n",
            encoding="utf-8",
        )
    print(f"wrote {HASHES}")
