"""The content tree: the folder of an organisation file and every content file below it.

A meeting refers to other files: the tjänsteskrivelse of each ärende, and the same
organ's earlier meetings that year (for § numbering). The tree finds them by a light
read of each file's first facts; the files found are then loaded and checked in full.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from functools import cached_property
from pathlib import Path
from typing import Any

from docgen.content.source import read_text
from docgen.content.yamlfile import load_yaml, split_front_matter
from docgen.errors import DocgenError


@dataclass(frozen=True)
class Entry:
    """A content file's path with the facts read from it without full validation."""

    path: Path
    data: dict[str, Any]

    def date(self) -> date | None:
        """Return the file's `datum` as a date, or None when it has none that parses."""
        try:
            return date.fromisoformat(str(self.data.get("datum")))
        except ValueError:
            return None


class ContentTree:
    """The content files under `root`, the folder holding the organisation file."""

    def __init__(self, root: Path) -> None:
        self.root = root

    @cached_property
    def entries(self) -> list[Entry]:
        """Return every readable content file's first facts, in path order."""
        return self._read()[0]

    @cached_property
    def unreadable(self) -> list[tuple[Path, DocgenError]]:
        """Return the YAML files that cannot be read, with why: they may be meetings."""
        return self._read()[1]

    def _read(self) -> tuple[list[Entry], list[tuple[Path, DocgenError]]]:
        """Read every content file's first facts; return them and the unreadable YAML files."""
        found, unreadable = [], []
        for path in sorted(self.root.rglob("*")):
            if path.suffix not in (".md", ".yaml", ".yml") or not path.is_file():
                continue
            if any(part.startswith(".") for part in path.relative_to(self.root).parts):
                continue
            try:
                text = read_text(path)
                located = split_front_matter(text, path)[0] if path.suffix == ".md" \
                    else load_yaml(text, path)
            except DocgenError as problem:
                if path.suffix != ".md":
                    unreadable.append((path, problem))
                continue  # reported in full when the file itself is checked or used
            if isinstance(located.data, dict):
                found.append(Entry(path, located.data))
        return found, unreadable

    def tjansteskrivelser(self, diarienummer: str, on_or_before: date) -> list[Entry]:
        """Return the tjänsteskrivelser of `diarienummer` dated on or before a day, latest last."""
        matching = [
            e for e in self.entries
            if e.data.get("typ") == "tjansteskrivelse"
            and str(e.data.get("diarienummer", "")).strip() == diarienummer
            and (e.date() or date.max) <= on_or_before
        ]
        return sorted(matching, key=lambda e: (e.date() or date.min, e.path))

    def meetings(self, organ: str, year: int) -> list[Entry]:
        """Return the meetings of `organ` in `year`, in date order."""
        matching = [
            e for e in self.entries
            if e.data.get("typ") == "sammantrade" and e.data.get("organ") == organ
            and (day := e.date()) is not None and day.year == year
        ]
        return sorted(matching, key=lambda e: (e.date(), e.path))
