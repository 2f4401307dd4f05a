"""Faults: a close killed at any moment, a write that fails, a LibreOffice that hangs."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import CONTENT

from docgen.cli import main
from docgen.errors import OutputError
from docgen.pdf import convert_to_pdf

KSAU = CONTENT / "sammantraden" / "2014-08-19-ksau.yaml"


def snapshot(folder: Path) -> dict[str, bytes]:
    """Return every file in `folder` with its bytes."""
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir())}


def test_a_close_killed_at_any_moment_leaves_a_whole_result(tmp_path: Path) -> None:
    out = tmp_path / "ut"
    command = [sys.executable, "-m", "docgen", "close", str(KSAU), "-o", str(out)]
    subprocess.run(command, check=True, capture_output=True)
    previous = snapshot(out)
    start = time.perf_counter()
    subprocess.run(command, check=True, capture_output=True)
    full_run = time.perf_counter() - start
    for fraction in (0.2, 0.4, 0.6, 0.8, 0.9, 0.95, 1.0):
        process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        time.sleep(full_run * fraction)
        process.send_signal(signal.SIGKILL)
        process.wait()
        # the folder holds the previous result or a complete new one, never a mix
        now = snapshot(out) if out.exists() else {}
        aside = list(tmp_path.glob(".ut.old-*/result"))
        assert now.keys() == previous.keys() or (not now and aside), (fraction, now.keys())
        subprocess.run(command, check=True, capture_output=True)  # the next run tidies up
        assert sorted(p.name for p in tmp_path.iterdir()) == ["ut"]
        assert snapshot(out) == previous  # rendering is byte-identical, so so is the result


def test_a_write_that_fails_says_so_and_writes_nothing(tmp_path: Path) -> None:
    blocker = tmp_path / "fil"
    blocker.write_text("en fil där mappen skulle ligga", encoding="utf-8")
    result = CliRunner().invoke(main, ["close", str(KSAU), "-o", str(blocker / "ut")])
    assert result.exit_code == 1
    assert "Traceback" not in result.stderr
    assert f"{blocker}: mappen kan inte skrivas" in result.stderr
    result = CliRunner().invoke(main, ["close", str(KSAU), "-o", str(blocker)])
    assert result.exit_code == 1 and f"{blocker}: finns redan och är ingen mapp" in result.stderr
    assert blocker.read_text(encoding="utf-8") == "en fil där mappen skulle ligga"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["fil"]


def fake_soffice(folder: Path, monkeypatch: pytest.MonkeyPatch, script: str) -> None:
    """Put a `soffice` that runs the shell `script` first on the PATH."""
    bin_folder = folder / "bin"
    bin_folder.mkdir()
    fake = bin_folder / "soffice"
    fake.write_text(f"#!/bin/sh\n{script}\n", encoding="utf-8")
    fake.chmod(0o755)
    monkeypatch.setenv("PATH", f"{bin_folder}{os.pathsep}{os.environ['PATH']}")


def test_a_hanging_libreoffice_is_stopped(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    fake_soffice(tmp_path, monkeypatch, "exec sleep 600")
    document = tmp_path / "a.docx"
    document.write_bytes(b"not converted")
    start = time.perf_counter()
    with pytest.raises(OutputError, match="LibreOffice svarade inte inom 1 sekunder"):
        convert_to_pdf([document], timeout=1)
    assert time.perf_counter() - start < 30
    assert not document.with_suffix(".pdf").exists()


def test_a_crashing_libreoffice_is_reported_per_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    fake_soffice(tmp_path, monkeypatch, "echo 'Segmentation fault' >&2\nexit 139")
    documents = [tmp_path / "a.docx", tmp_path / "b.docx"]
    for document in documents:
        document.write_bytes(b"x")
    with pytest.raises(Exception) as caught:
        convert_to_pdf(documents)
    lines = caught.value.lines()  # type: ignore[attr-defined]
    assert lines == [
        f"{d}: LibreOffice kunde inte göra en PDF av filen (Segmentation fault)" for d in documents
    ]
