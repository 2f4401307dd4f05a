"""Writing results so that a failed run never leaves half a file or loses an old one."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

from docgen.errors import OutputError


def write_atomically(path: Path, data: bytes) -> None:
    """Write `data` to `path` through a temporary file beside it, replaced in one step."""
    folder = path.parent
    try:
        folder.mkdir(parents=True, exist_ok=True)
        handle, temporary = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=folder)
    except OSError as exc:
        raise OutputError(f"mappen kan inte skrivas till ({exc.strerror})", folder) from exc
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
            stream.flush()
            os.fsync(stream.fileno())
        os.chmod(temporary, 0o644)
        os.replace(temporary, path)
    except OSError as exc:
        Path(temporary).unlink(missing_ok=True)
        raise OutputError(f"filen kan inte skrivas ({exc.strerror})", path) from exc
