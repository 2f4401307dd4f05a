"""What a check of content found: the type `docgen.check` returns."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from docgen.errors import ContentError, DocgenError


@dataclass
class CheckResult:
    """What checking found: the files read, the problems, and warnings that do not stop work.

    The warnings include a line for each file or folder under a named folder that was
    not read (hidden, not content, a link or pipe, …), saying why.
    """

    files: list[Path] = field(default_factory=list)
    problems: list[DocgenError] = field(default_factory=list)
    warnings: list[ContentError] = field(default_factory=list)
    texts: dict[Path, str] = field(default_factory=dict)
    """The text of each file that could be read, for scans beyond the check."""
