"""Writing results so that a failed run never leaves half a file or loses an old one.

A single file is written to a temporary file beside its target and moved into place in
one step. A folder of results (a meeting close) is built in a staging folder beside its
target, under a lock, and swapped into place in two renames; a run killed at any moment
leaves the previous folder or the complete new one, and the next run tidies up what a
killed one left. Nothing here knows what the files are: the caller decides which files
may be replaced (see `batch`), and `refuse_inputs` keeps a run off its own inputs.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import stat
import sys
import tempfile
from collections.abc import Collection, Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import IO

from docgen.errors import OutputError, error_reason


def write_atomically(path: Path, data: bytes) -> None:
    """Write `data` to `path` through a temporary file beside it, replaced in one step."""
    folder = path.parent
    try:
        folder.mkdir(parents=True, exist_ok=True)
        handle, temporary = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=folder)
    except OSError as exc:
        raise OutputError(f"mappen kan inte skrivas till ({error_reason(exc)})", folder) from exc
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
            stream.flush()
            os.fsync(stream.fileno())
        os.chmod(temporary, 0o644)
        os.replace(temporary, path)
    except OSError as exc:
        Path(temporary).unlink(missing_ok=True)
        raise OutputError(f"filen kan inte skrivas ({error_reason(exc)})", path) from exc


def refuse_inputs(target: Path, inputs: Iterable[Path]) -> None:
    """Raise `OutputError` when writing `target` would write over or into one of `inputs`.

    A folder target may not hold an input either, since replacing the folder removes it.
    """
    where = _resolved(target)
    for source in inputs:
        known = _resolved(source)
        if known == where:
            raise OutputError(
                "filen är en av körningens egna indatafiler och skrivs inte "
                "över; välj ett annat namn med -o",
                target,
            )
        if known.is_relative_to(where):
            raise OutputError(
                f"mappen innehåller {source.name}, som körningen läser, och kan "
                "inte skrivas över; välj en annan mapp med -o",
                target,
            )


def refuse_read_only(paths: Iterable[Path]) -> None:
    """Raise `OutputError` for the first of `paths` that exists and is write-protected."""
    for path in paths:
        if path.is_file() and not path.stat().st_mode & stat.S_IWUSR:
            raise OutputError(
                "filen är skrivskyddad och skrivs inte över; ta bort skyddet "
                "eller välj ett annat namn med -o",
                path,
            )


def _resolved(path: Path) -> Path:
    """Return `path` made absolute with links followed, as far as it exists."""
    return path.expanduser().resolve(strict=False)


@contextmanager
def locked(folder: Path, kind: str = "mappen") -> Iterator[None]:
    """Hold the lock on writing `folder` (or the file `folder`, `kind` "filen"), or raise
    `OutputError` if another run holds it.

    The lock is a hidden file beside it, removed again when the lock is let go.
    """
    lock = folder.parent / f".{folder.name}.lock"
    try:
        folder.parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise OutputError(
            f"mappen kan inte skrivas till ({error_reason(exc)})", folder.parent
        ) from exc
    handle = _acquire(lock, folder, kind)
    try:
        yield
    finally:
        _release(lock, handle)


def _acquire(lock: Path, folder: Path, kind: str) -> IO[bytes]:
    """Open and lock the file `lock`, the same file that stands at that path once held."""
    while True:
        try:
            handle = open(lock, "a+b")  # noqa: SIM115  (held until _release)
        except OSError as exc:
            raise OutputError(
                f"mappen kan inte skrivas till ({error_reason(exc)})", lock.parent
            ) from exc
        try:
            _lock_file(handle)
        except OSError as exc:
            handle.close()
            raise OutputError(
                f"en annan docgen-körning skriver just nu till {kind}; vänta tills "
                "den är klar och försök igen",
                folder,
            ) from exc
        try:  # the run before may have removed the file between our open and our lock
            if os.path.samestat(os.fstat(handle.fileno()), os.stat(lock)):
                return handle
        except FileNotFoundError:
            pass
        handle.close()


def _release(lock: Path, handle: IO[bytes]) -> None:
    """Remove the lock file and let go of it (in that order where the system allows)."""
    if sys.platform == "win32":  # an open file cannot be removed there
        handle.close()
    with contextlib.suppress(OSError):  # a lock file left behind does no harm
        lock.unlink(missing_ok=True)
    handle.close()


def _lock_file(handle: IO[bytes]) -> None:
    """Take an exclusive lock on `handle` without waiting; raise `OSError` if it is held."""
    if sys.platform == "win32":
        import msvcrt

        handle.seek(0)
        msvcrt.locking(handle.fileno(), msvcrt.LK_NBLCK, 1)
    else:
        import fcntl

        fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)


def clean_leftovers(folder: Path) -> None:
    """Remove what killed runs left beside `folder`; restore a result one had set aside."""
    for leftover in folder.parent.glob(f".{folder.name}.tmp-*"):
        shutil.rmtree(leftover, ignore_errors=True)
    for aside in sorted(folder.parent.glob(f".{folder.name}.old-*")):
        if not folder.exists() and (aside / "result").is_dir():
            os.rename(aside / "result", folder)
        shutil.rmtree(aside, ignore_errors=True)


def new_staging(folder: Path) -> Path:
    """Return a new, empty staging folder beside `folder`, readable by colleagues."""
    staging = Path(tempfile.mkdtemp(prefix=f".{folder.name}.tmp-", dir=folder.parent))
    staging.chmod(0o755)  # mkdtemp makes it private; the result is for colleagues too
    return staging


def swap(folder: Path, staging: Path, keep: Collection[str] = ()) -> None:
    """Put `staging` in `folder`'s place; the files named in `keep` move over from the old one.

    The old folder is set aside until the swap is done, so a run killed in between
    leaves it to be restored by `clean_leftovers`.
    """
    if folder.exists() and not folder.is_dir():
        raise OutputError("finns redan och är ingen mapp", folder)
    if not folder.exists():
        os.rename(staging, folder)
        return
    for name in keep:  # copies first: the old folder stays whole until it is set aside
        source = folder / name
        if source.is_dir():
            shutil.copytree(source, staging / name, symlinks=True)
        else:
            shutil.copy2(source, staging / name, follow_symlinks=False)
    aside = Path(tempfile.mkdtemp(prefix=f".{folder.name}.old-", dir=folder.parent))
    os.rename(folder, aside / "result")
    os.rename(staging, folder)
    shutil.rmtree(aside, ignore_errors=True)
