"""The errors docgen reports to its users, all under one root.

::

    DocgenError              anything docgen stops for and explains in one line
     ├── ContentError        a problem in a content file, at a path and line
     ├── FileError           a problem with a whole file or folder
     │    ├── TemplateError  a template that is missing, broken or outside the contract
     │    └── OutputError    an output that cannot be written
     └── ProblemList         several of the above at once (all problems of a run)

Messages are Swedish: they are read by officials and registrars, not programmers.
"""

from __future__ import annotations

import errno
from collections.abc import Iterable
from pathlib import Path


class DocgenError(Exception):
    """Something docgen cannot do, explained in one line for the user."""

    def lines(self) -> list[str]:
        """Return the lines to show the user, one per problem."""
        return [str(self)]


class ContentError(DocgenError):
    """A problem in a content file at `path` and `line` (1-based; None when unknown)."""

    def __init__(self, message: str, path: Path | str, line: int | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.path = Path(path)
        self.line = line

    def __str__(self) -> str:
        where = f"{self.path}:{self.line}" if self.line else f"{self.path}"
        return f"{where}: {self.message}"

    def __reduce__(self) -> tuple[type, tuple[str, Path, int | None]]:
        return (type(self), (self.message, self.path, self.line))


class FileError(DocgenError):
    """A problem with the file or folder at `path`, as a whole."""

    def __init__(self, message: str, path: Path | str) -> None:
        super().__init__(message)
        self.message = message
        self.path = Path(path)

    def __str__(self) -> str:
        return f"{self.path}: {self.message}"

    def __reduce__(self) -> tuple[type, tuple[str, Path]]:
        return (type(self), (self.message, self.path))


class TemplateError(FileError):
    """A template at `path` that cannot be used, and why."""


class OutputError(FileError):
    """An output file or folder at `path` that cannot be written."""


class ProblemList(DocgenError):
    """Every problem found in one run, reported together."""

    def __init__(self, problems: Iterable[DocgenError]) -> None:
        self.problems = list(problems)
        super().__init__("\n".join(str(p) for p in self.problems))

    def lines(self) -> list[str]:
        return [line for problem in self.problems for line in problem.lines()]

    def __reduce__(self) -> tuple[type, tuple[list[DocgenError]]]:
        return (type(self), (self.problems,))

    @classmethod
    def combine(cls, problems: Iterable[DocgenError]) -> DocgenError:
        """Return the one problem of `problems`, or all of them together (there must be some)."""
        found = list(problems)
        assert found, "combine() needs at least one problem"
        return found[0] if len(found) == 1 else cls(found)

    @classmethod
    def raise_if_any(cls, problems: Iterable[DocgenError]) -> None:
        """Raise the single problem, or all of them together, when there are any."""
        found = list(problems)
        if found:
            raise cls.combine(found)


_REASONS = {
    getattr(errno, name): reason
    for name, reason in (
        ("EACCES", "behörighet saknas"),
        ("EPERM", "behörighet saknas"),
        ("ENOSPC", "disken är full"),
        ("EDQUOT", "lagringskvoten är slut"),
        ("EROFS", "filsystemet är skrivskyddat"),
        ("EEXIST", "det finns redan något med det namnet"),
        ("ENOENT", "den finns inte"),
        ("ENOTDIR", "en del av sökvägen är ingen mapp"),
        ("EISDIR", "det är en mapp"),
        ("ENAMETOOLONG", "namnet är för långt"),
        ("EBUSY", "den används av ett annat program"),
        ("EIO", "läs- eller skrivfel på disken"),
    )
    if hasattr(errno, name)  # each system has its own set
}
"""The Swedish reason for the operating system's common errors, by error number."""


def error_reason(exc: OSError) -> str:
    """Return the reason of an operating system error `exc`, in Swedish where it is common
    (the system's own text is English on most servers).

    >>> error_reason(PermissionError(errno.EACCES, "Permission denied"))
    'behörighet saknas'
    >>> error_reason(OSError(errno.ENOSPC, "No space left on device"))
    'disken är full'
    """
    if isinstance(exc, PermissionError):
        return "behörighet saknas"
    return _REASONS.get(exc.errno or 0) or exc.strerror or type(exc).__name__
