"""docgen inside other programs: threads, processes, kills, Windows and the public names."""

from __future__ import annotations

import ast
import inspect
import os
import signal
import subprocess
import sys
import time
import typing
from concurrent.futures import ProcessPoolExecutor, ThreadPoolExecutor
from pathlib import Path

import pytest
from conftest import CONTENT, REPO, require_libreoffice

import docgen

KSAU = CONTENT / "sammantraden" / "2014-08-19-ksau.yaml"
KS = CONTENT / "sammantraden" / "2014-09-01-ks.yaml"
ROUNDS = 20


def files(folder: Path) -> dict[str, bytes]:
    """Return every file in `folder` with its bytes."""
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir())}


def close_both(folder: Path) -> tuple[dict[str, bytes], dict[str, bytes]]:
    """Close the KSAU and the KS meeting into `folder`, one after the other; return both."""
    docgen.close_meeting(KSAU, folder / "ksau")
    docgen.close_meeting(KS, folder / "ks")
    return files(folder / "ksau"), files(folder / "ks")


def close_one(meeting: Path, folder: Path) -> dict[str, bytes]:
    """Close `meeting` into `folder` and return what it holds."""
    docgen.close_meeting(meeting, folder)
    return files(folder)


@pytest.fixture(scope="module")
def solo(tmp_path_factory: pytest.TempPathFactory) -> tuple[dict[str, bytes], dict[str, bytes]]:
    """Return the two meetings' results, each closed alone."""
    return close_both(tmp_path_factory.mktemp("solo"))


def test_two_meetings_closed_at_once_in_threads_do_not_mix(
    solo: tuple[dict[str, bytes], dict[str, bytes]], tmp_path: Path
) -> None:
    with ThreadPoolExecutor(2) as pool:
        for round_ in range(ROUNDS):
            ksau = pool.submit(close_one, KSAU, tmp_path / f"ksau-{round_}")
            ks = pool.submit(close_one, KS, tmp_path / f"ks-{round_}")
            assert (ksau.result(), ks.result()) == solo, round_


def test_two_meetings_closed_at_once_in_processes_do_not_mix(
    solo: tuple[dict[str, bytes], dict[str, bytes]], tmp_path: Path
) -> None:
    import multiprocessing

    with ProcessPoolExecutor(2, mp_context=multiprocessing.get_context("spawn")) as pool:
        futures = [
            (
                pool.submit(close_one, KSAU, tmp_path / f"ksau-{n}"),
                pool.submit(close_one, KS, tmp_path / f"ks-{n}"),
            )
            for n in range(ROUNDS)
        ]
        for round_, (ksau, ks) in enumerate(futures):
            assert (ksau.result(), ks.result()) == solo, round_


def test_no_function_depends_on_the_current_folder(
    solo: tuple[dict[str, bytes], dict[str, bytes]],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    elsewhere = tmp_path / "någon-annanstans"
    elsewhere.mkdir()
    monkeypatch.chdir(elsewhere)
    assert close_both(tmp_path) == solo
    assert list(elsewhere.iterdir()) == []


def descendants(pid: int) -> set[int]:
    """Return the processes started by `pid` and theirs, as far as /proc tells."""
    children: dict[int, list[int]] = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                parent = int((entry / "stat").read_text().rsplit(")", 1)[1].split()[1])
            except (OSError, IndexError, ValueError):
                continue
            children.setdefault(parent, []).append(int(entry.name))
    found, todo = set(), [pid]
    while todo:
        for child in children.get(todo.pop(), []):
            found.add(child)
            todo.append(child)
    return found


@pytest.mark.skipif(not Path("/proc").is_dir(), reason="reads processes from /proc")
def test_a_killed_close_leaves_no_process_and_no_temporary_folder(tmp_path: Path) -> None:
    require_libreoffice()
    temporary = tmp_path / "tmp"
    temporary.mkdir()
    out = tmp_path / "ut"
    command = [sys.executable, "-m", "docgen", "close", str(KSAU), "-o", str(out), "--pdf"]
    environment = {**os.environ, "TMPDIR": str(temporary)}
    with subprocess.Popen(
        command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=environment
    ) as process:
        deadline = time.monotonic() + 60
        while not descendants(process.pid) and time.monotonic() < deadline:  # LibreOffice runs
            time.sleep(0.05)
        libreoffice = descendants(process.pid)
        assert libreoffice, "LibreOffice never started"
        process.send_signal(signal.SIGKILL)
        # nothing of docgen's may still hold its output open: the reader sees the end
        process.communicate(timeout=10)
    # LibreOffice, on its own, ends when its conversion does
    while any(Path(f"/proc/{pid}").exists() for pid in libreoffice):
        assert time.monotonic() < deadline + 60, "LibreOffice is still running"
        time.sleep(0.1)
    leftover = subprocess.run(
        ["pgrep", "-f", f"docgen close {KSAU}"], check=False, capture_output=True, text=True
    ).stdout.split()
    assert leftover == []
    assert list(temporary.iterdir()) == []  # LibreOffice's profile is not in TMPDIR
    subprocess.run(command, check=True, capture_output=True, env=environment)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["tmp", "ut"]
    assert list(temporary.iterdir()) == []


def _import_every_module(before: str, after: str, folder: Path) -> subprocess.CompletedProcess[str]:
    """Run `before`, import every module of docgen (__main__ too), run `after`, in a fresh
    interpreter started in `folder`; return what it printed.
    """
    script = (
        f"{before}\n"
        "import importlib, pkgutil\n"
        "import docgen\n"
        "for module in pkgutil.walk_packages(docgen.__path__, 'docgen.'):\n"
        "    importlib.import_module(module.name)\n"
        f"{after}\n"
    )
    return subprocess.run(
        [sys.executable, "-c", script],
        check=False,
        capture_output=True,
        text=True,
        cwd=folder,
        env={**os.environ, "PYTHONPATH": str(REPO)},
    )


def test_importing_docgen_leaves_the_garbage_collector_as_it_was(tmp_path: Path) -> None:
    """Only the command's own process tunes the collector (docgen/__main__.py): a program
    that imports every module of docgen keeps its thresholds and nothing frozen.
    """
    before = "import gc; thresholds = gc.get_threshold()"
    after = "print(gc.get_threshold() == thresholds, gc.get_freeze_count())"
    result = _import_every_module(before, after, tmp_path)
    assert result.stdout == "True 0\n", result.stderr


def test_docgen_imports_where_there_is_no_fcntl(tmp_path: Path) -> None:
    """Windows has no fcntl: no module may need it to import."""
    result = _import_every_module(
        "import sys; sys.modules['fcntl'] = None", "print('ok')", tmp_path
    )
    assert result.stdout == "ok\n", result.stderr


def test_a_document_as_bytes_without_touching_the_disk(
    content_tree: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """`docgen.document_bytes` gives a program the .docx a render writes, byte for byte,
    and writes nothing; paths may be given as text, from any working folder.
    """
    source = content_tree / "tjansteskrivelser" / "2014-11-24-styrning-och-ledning.md"
    written = docgen.render_document(str(source), str(tmp_path / "skrivelse.docx"))
    before = sorted(p for p in content_tree.rglob("*"))
    monkeypatch.chdir("/")
    data = docgen.document_bytes(str(source))
    assert data == written[0].read_bytes()
    assert sorted(p for p in content_tree.rglob("*")) == before
    with pytest.raises(docgen.ContentError, match="kommandot läser en tjänsteskrivelse"):
        docgen.document_bytes(content_tree / "sammantraden" / "2014-08-19-ksau.yaml")


def test_the_readmes_python_example_runs(
    content_tree: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The README's example for a program that embeds docgen runs as written, beside a
    copy of the example content, and makes what it says.
    """
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    example = readme.split("```python\n", 1)[1].split("```", 1)[0]
    monkeypatch.chdir(content_tree.parent)  # the copy is called content, as in the example
    namespace: dict[str, object] = {}
    exec(compile(example, "README.md", "exec"), namespace)
    assert (content_tree.parent / "ut" / "styrning.docx").read_bytes() == namespace["data"]
    assert (content_tree.parent / "ut" / "ksau" / "protokoll.docx").is_file()


def test_the_public_names_are_exactly_these() -> None:
    """`docgen` imports its public names on first use: each one in `__all__` is the object
    its module defines, and any other name is an `AttributeError`, as for a plain module.
    """
    import importlib

    where = docgen._WHERE
    assert sorted(docgen.__all__) == sorted([*where, "__version__"])
    for name, module in where.items():
        assert getattr(docgen, name) is getattr(importlib.import_module(module), name), name
    with pytest.raises(AttributeError, match="render_protocol"):
        docgen.render_protocol  # noqa: B018


def test_every_type_a_public_function_returns_is_exported() -> None:
    exported = {getattr(docgen, name) for name in docgen.__all__ if not name.startswith("_")}
    builtin = {list, tuple, dict, str, int, bool, type(None), Path}
    for name in docgen.__all__:
        function = getattr(docgen, name)
        if not inspect.isfunction(function):
            continue
        returned = typing.get_type_hints(function)["return"]
        for kind in [returned, *typing.get_args(returned)]:
            origin = typing.get_origin(kind) or kind
            if isinstance(origin, type) and origin.__module__ not in ("builtins", "datetime"):
                assert origin in exported or origin in builtin, (name, origin)


def test_rendering_a_tjansteskrivelse_loads_no_meeting_model(tmp_path: Path) -> None:
    """`docgen render` of one tjänsteskrivelse imports neither the checker, the meeting
    model, the calendar nor another document type's module: its start-up is what an
    official waits for.
    """
    source = CONTENT / "tjansteskrivelser" / "2014-11-24-styrning-och-ledning.md"
    script = (
        "import sys\n"
        "from pathlib import Path\n"
        "from docgen.api import render_tjansteskrivelse\n"
        f"render_tjansteskrivelse(Path({str(source)!r}), Path({str(tmp_path / 't.docx')!r}))\n"
        "print(sorted(m for m in sys.modules if m.startswith(('docgen.', 'holidays'))))\n"
    )
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True)
    loaded = set(ast.literal_eval(done.stdout or "None"))
    assert "docgen.documents.tjansteskrivelse" in loaded, done.stderr
    unwanted = {
        "docgen.content.check",
        "docgen.content.meeting",
        "docgen.content.tree",
        "docgen.calendar",
        "docgen.rules",
        "docgen.documents.registry",
        "docgen.documents.sammantrade",
        "docgen.documents.kallelse",
        "holidays",
    }
    assert loaded & unwanted == set()


def test_checking_content_loads_no_rendering_stack() -> None:
    """`docgen check` runs on every save, so it imports only the content layer: checking
    the example content loads neither python-docx, docxtpl, Jinja, LibreOffice's driver
    nor the web copy's feeds, and of the holidays package only Sweden.
    """
    script = (
        "import sys\n"
        "from pathlib import Path\n"
        "from docgen.api import check\n"
        f"assert not check([Path({str(CONTENT)!r})]).problems\n"
        "heavy = {'docx', 'docxtpl', 'jinja2', 'pypdf', 'icalendar', 'lxml'}\n"
        "print(sorted({m.split('.')[0] for m in sys.modules} & heavy))\n"
        "print(sorted(m for m in sys.modules if m.startswith('holidays.countries.')))\n"
    )
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True)
    assert done.stdout == "[]\n['holidays.countries.sweden']\n", done.stderr
