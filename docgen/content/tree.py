"""The content tree: the folder of an organisation file and every content file below it.

A meeting refers to other files: the tjänsteskrivelse of each ärende, and the same
organ's earlier meetings that year (for § numbering). A `ContentTree` is made once per
run (a check, a close) and passed to what needs it: it walks the folder once, reads and
parses each file at most once, and indexes the meetings by organ and year and the
tjänsteskrivelser by diarienummer. It is the run's only memory of what it read, so two
runs, in two threads or one after the other, never share anything.

The walk reads regular files only: hidden files and folders, other kinds of files
(`.docx`, `.pdf`, …), Word's lock files (`~$…`), editors' backups, links to folders, link
loops and named pipes are passed over, each with the reason, so that `docgen check` can
say what it did not read. The documents and folders docgen wrote itself (`written`, a
folder with a manifest) are passed over without a word.
"""

from __future__ import annotations

import os
import stat
from collections import defaultdict
from dataclasses import dataclass
from datetime import date
from functools import cached_property
from pathlib import Path
from typing import Any, TypeVar

from docgen.content.organisation import FILENAME, LoadedOrganisation, load_organisation
from docgen.content.source import broken_link, not_regular, read_text
from docgen.content.tjansteskrivelse import LoadedTjansteskrivelse, load_tjansteskrivelse
from docgen.content.written import written_by_docgen
from docgen.content.yamlfile import Located, load_yaml, split_front_matter
from docgen.errors import ContentError, DocgenError, error_reason

SUFFIXES = (".md", ".yaml", ".yml")
"""The content files: tjänsteskrivelser in Markdown, meetings and the organisation in YAML."""

MANIFEST = "manifest.json"
"""The file that marks a folder of documents docgen wrote at a meeting close."""

_BACKUP_SUFFIXES = (".bak", ".orig", ".swp", ".tmp")

T = TypeVar("T")


@dataclass(frozen=True)
class Ignored:
    """A file or folder the walk passed over, and why, in words for the user."""

    path: Path
    reason: str
    unreadable: bool = False
    """Whether it is a folder that could not be listed: it may hide a meeting."""

    def note(self) -> ContentError:
        """Return the line that tells the user this was not read."""
        return ContentError(f"hoppas över: {self.reason}", self.path)


@dataclass(frozen=True)
class Walked:
    """What a walk of a folder found: the content files in path order, and what it passed over."""

    files: tuple[Path, ...]
    ignored: tuple[Ignored, ...]


def walk(folder: Path, into_other_trees: bool = True) -> Walked:
    """Return the content files under `folder` and what was passed over, both in path order.

    A subfolder with its own organisation file is another tree: it is walked only when
    `into_other_trees`. Links to files are followed; links to folders are not, so the
    walk always ends, also when a link points back up the tree.
    """
    files: list[Path] = []
    ignored: list[Ignored] = []
    _walk(folder, files, ignored, into_other_trees)
    return Walked(tuple(files), tuple(ignored))


def _walk(folder: Path, files: list[Path], ignored: list[Ignored], into_other_trees: bool) -> None:
    """Add the content files under `folder` to `files` and what was passed over to `ignored`."""
    try:
        with os.scandir(folder) as listing:
            names = sorted(entry.name for entry in listing)
    except OSError as exc:
        ignored.append(
            Ignored(folder, f"mappen kan inte läsas ({error_reason(exc)})", unreadable=True)
        )
        return
    for name in names:
        path = folder / name
        reason, is_folder = _kind(path)
        if reason is None and is_folder:
            if _holds_file(path, MANIFEST):
                continue  # a folder of documents docgen wrote at a meeting close
            elif not into_other_trees and _holds_file(path, FILENAME):
                continue  # another organisation's content, read as its own tree
            else:
                _walk(path, files, ignored, into_other_trees)
                continue
        if reason is None:
            reason = _not_content(name)
        if reason is None:
            files.append(path)
        elif not written_by_docgen(path):
            ignored.append(Ignored(path, reason))


def _holds_file(folder: Path, name: str) -> bool:
    """Return whether `folder` holds a file `name`; False also where the folder cannot be
    read (its walk then says so), where `Path.is_file` raises PermissionError.
    """
    try:
        return (folder / name).is_file()
    except OSError:
        return False


def _kind(path: Path) -> tuple[str | None, bool]:
    """Return why `path` is passed over by what it is (or None), and whether it is a folder."""
    if path.name.startswith("."):
        return (
            "dold mapp (namnet börjar med en punkt); filerna i den läses inte"
            if path.is_dir() and not path.is_symlink()
            else "dold fil (namnet börjar med en punkt)"
        ), False
    try:
        mode = os.stat(path).st_mode
    except OSError as exc:
        return broken_link(exc), False
    if stat.S_ISDIR(mode):
        if path.is_symlink():
            return "en länk till en mapp; docgen följer inte länkar till mappar", False
        return None, True
    if not stat.S_ISREG(mode):
        return not_regular(mode), False
    return None, False


def _not_content(name: str) -> str | None:
    """Return why a regular file called `name` is not read as content, or None if it is."""
    if name.startswith("~$"):
        return "en tillfällig fil som Word gör medan ett dokument är öppet"
    if (
        name.endswith("~")
        or (name.startswith("#") and name.endswith("#"))
        or name.lower().endswith(_BACKUP_SUFFIXES)
    ):
        return "en säkerhetskopia som ett redigeringsprogram har sparat"
    suffix = Path(name).suffix.lower()
    if suffix not in SUFFIXES:
        kind = f"en {suffix}-fil" if suffix else "en fil utan filändelse"
        return f"{kind}; docgen läser bara .md (tjänsteskrivelser) och .yaml"
    if suffix != Path(name).suffix:
        return f"filändelsen ska skrivas med små bokstäver ({suffix})"
    return None


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


@dataclass(frozen=True)
class _Index:
    """The tree's meetings by organ and year, tjänsteskrivelser by diarienummer, the YAML
    files and folders that cannot be read, and the Markdown files that cannot be read."""

    meetings: dict[tuple[str, int], list[Entry]]
    tjansteskrivelser: dict[str, list[Entry]]
    unreadable: list[tuple[Path, DocgenError]]
    unreadable_texts: list[Path]


class ContentTree:
    """The content files under `root`, the folder holding the organisation file, read once.

    Make one per run and pass it down: it remembers every file it read and parsed (and
    every problem found reading it), so that no file is read twice in a run.
    """

    def __init__(self, root: Path) -> None:
        self.root = root
        self._texts: dict[Path, str | DocgenError] = {}
        self._yaml: dict[Path, Located | DocgenError] = {}
        self._front_matter: dict[Path, tuple[Located, str, int] | DocgenError] = {}
        self._tjansteskrivelser: dict[Path, LoadedTjansteskrivelse | DocgenError] = {}
        self._organisation: LoadedOrganisation | DocgenError | None = None

    @classmethod
    def around(cls, organisation_file: Path, given: Path) -> ContentTree:
        """Return the tree of `organisation_file`, its paths written the way `given` is.

        `given` is a content file or folder as the user named it: when it says
        `content/ks.yaml`, the tree's files are `content/…` too, so every message names
        a file the way the user wrote it.
        """
        root = organisation_file.parent
        start = given if given.is_dir() else given.parent
        for candidate in (start, *start.parents):
            if os.path.abspath(candidate) == str(root) or candidate.resolve() == root.resolve():
                return cls(candidate)
        return cls(root)

    def relative(self, path: Path) -> str:
        """Return `path` as the user sees it inside the tree: relative to its root."""
        try:
            return Path(os.path.relpath(path, self.root)).as_posix()
        except ValueError:  # on another drive
            return str(path)

    @cached_property
    def walked(self) -> Walked:
        """Return the tree's content files and what its walk passed over."""
        return walk(self.root, into_other_trees=False)

    def text(self, path: Path) -> str:
        """Return the text of the content file `path`, read once, or raise why it cannot be."""
        key = _key(path)
        if key not in self._texts:
            try:
                self._texts[key] = read_text(path)
            except DocgenError as problem:
                self._texts[key] = problem
        return _value(self._texts[key])

    def read(self, path: Path) -> Located:
        """Return the YAML file `path` loaded with its lines, or raise why it cannot be."""
        key = _key(path)
        if key not in self._yaml:
            try:
                self._yaml[key] = load_yaml(self.text(path), path)
            except DocgenError as problem:
                self._yaml[key] = problem
        return _value(self._yaml[key])

    def front_matter(self, path: Path) -> tuple[Located, str, int]:
        """Return the Markdown file `path` as front matter, body and the body's first line."""
        key = _key(path)
        if key not in self._front_matter:
            try:
                self._front_matter[key] = split_front_matter(self.text(path), path)
            except DocgenError as problem:
                self._front_matter[key] = problem
        return _value(self._front_matter[key])

    def organisation(self) -> LoadedOrganisation:
        """Return the tree's organisation file, read and checked, or raise every problem in it."""
        if self._organisation is None:
            path = self.root / FILENAME
            try:
                self._organisation = load_organisation(path, self.read(path))
            except DocgenError as problem:
                self._organisation = problem
        return _value(self._organisation)

    def tjansteskrivelse(
        self, path: Path, organisation: LoadedOrganisation
    ) -> LoadedTjansteskrivelse:
        """Return the tjänsteskrivelse at `path`, loaded once, or raise every problem in it."""
        key = _key(path)
        if key not in self._tjansteskrivelser:
            try:
                self._tjansteskrivelser[key] = load_tjansteskrivelse(
                    path, organisation, self.front_matter(path)
                )
            except DocgenError as problem:
                self._tjansteskrivelser[key] = problem
        return _value(self._tjansteskrivelser[key])

    @cached_property
    def _index(self) -> _Index:
        """Read every content file's first facts once and index them."""
        meetings: dict[tuple[str, int], list[Entry]] = defaultdict(list)
        skrivelser: dict[str, list[Entry]] = defaultdict(list)
        unreadable: list[tuple[Path, DocgenError]] = [
            (i.path, ContentError(i.reason, i.path)) for i in self.walked.ignored if i.unreadable
        ]
        unreadable_texts: list[Path] = []
        for path in self.walked.files:
            try:
                located = self.front_matter(path)[0] if path.suffix == ".md" else self.read(path)
            except DocgenError as problem:
                if path.suffix != ".md":
                    unreadable.append((path, problem))
                else:
                    unreadable_texts.append(path)
                continue  # reported in full when the file itself is checked or used
            if not isinstance(located.data, dict):
                continue
            entry = Entry(path, located.data)
            kind = located.data.get("typ")
            if kind == "sammantrade" and (day := entry.date()) is not None:
                meetings[(str(located.data.get("organ")), day.year)].append(entry)
            elif kind == "tjansteskrivelse":
                skrivelser[str(located.data.get("diarienummer", "")).strip()].append(entry)
        return _Index(dict(meetings), dict(skrivelser), unreadable, unreadable_texts)

    @property
    def unreadable(self) -> list[tuple[Path, DocgenError]]:
        """Return the YAML files and folders that cannot be read, with why: they may be meetings."""
        return self._index.unreadable

    @property
    def unreadable_texts(self) -> list[Path]:
        """Return the Markdown files whose front matter cannot be read: a tjänsteskrivelse
        among them is not found by its diarienummer.
        """
        return self._index.unreadable_texts

    def tjansteskrivelser(self, diarienummer: str, on_or_before: date) -> list[Entry]:
        """Return the tjänsteskrivelser of `diarienummer` dated on or before a day, latest last."""
        matching = [
            e
            for e in self._index.tjansteskrivelser.get(diarienummer, [])
            if (e.date() or date.max) <= on_or_before
        ]
        return sorted(matching, key=lambda e: (e.date() or date.min, e.path))

    def meetings(self, organ: str, year: int | None = None) -> list[Entry]:
        """Return the meetings of `organ` in `year` (or in every year), in date order."""
        found = [
            entry
            for (kod, in_year), entries in self._index.meetings.items()
            if kod == organ and year in (None, in_year)
            for entry in entries
        ]
        return sorted(found, key=lambda e: (e.date() or date.min, e.path))


def _key(path: Path) -> Path:
    """Return the key a file is remembered by: its absolute path, links not followed."""
    return Path(os.path.abspath(path))


def _value(remembered: T | DocgenError) -> T:
    """Return what was remembered, or raise the problem remembered instead."""
    if isinstance(remembered, DocgenError):
        raise remembered
    return remembered
