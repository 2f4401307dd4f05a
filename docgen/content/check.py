"""Finding content files under the paths a user names, and checking each of them.

One check is one run: each content tree met is read once (`ContentTree`), so a
meeting's tjänsteskrivelser and earlier meetings are not read again for every meeting.
"""

from __future__ import annotations

import os
from pathlib import Path

from docgen.content.meeting import load_foredragningslista
from docgen.content.organisation import FILENAME, find_organisation, load_organisation
from docgen.content.result import CheckResult
from docgen.content.source import not_readable, read_text
from docgen.content.tjansteskrivelse import is_tjansteskrivelse, load_handling
from docgen.content.tree import ContentTree, Ignored, walk
from docgen.content.yamlfile import Located, load_yaml
from docgen.errors import ContentError, DocgenError
from docgen.markdown import skipped_heading_levels


def content_files(paths: list[Path]) -> list[Path]:
    """Return the content files named by `paths`, folders searched recursively, in order."""
    return _found(paths)[0]


def _found(paths: list[Path]) -> tuple[list[Path], list[Ignored]]:
    """Return the content files named by `paths` and what the folders' walks passed over."""
    found: list[Path] = []
    ignored: list[Ignored] = []
    for path in paths:
        if path.is_dir():
            walked = walk(path)
            found.extend(walked.files)
            ignored.extend(walked.ignored)
        else:
            found.append(path)
    return list(dict.fromkeys(found)), list(dict.fromkeys(ignored))


class Checker:
    """Checks content files, reading each content tree (and each file in it) once."""

    def __init__(self) -> None:
        self.trees: dict[Path, ContentTree] = {}
        self.organisation_files: dict[str, Path] = {}
        self.texts: dict[Path, str] = {}
        """The text of each file checked, as read for the check (for further scans)."""

    def tree_for(self, path: Path) -> ContentTree:
        """Return the content tree the file at `path` belongs to, or raise why there is none."""
        folder = os.path.abspath(path.parent)
        if folder not in self.organisation_files:
            self.organisation_files[folder] = find_organisation(path)
        organisation_file = self.organisation_files[folder]
        if organisation_file not in self.trees:
            self.trees[organisation_file] = ContentTree.around(organisation_file, path)
        return self.trees[organisation_file]

    def check(self, path: Path) -> list[ContentError]:
        """Check the content file at `path`: raise what is wrong, return what to warn of."""
        problem = not_readable(path)
        if problem is not None:
            raise problem
        if not path.exists():
            raise ContentError("filen eller mappen finns inte", path)
        if path.suffix == ".md":
            tree = self.tree_for(path)
            self.texts[path] = tree.text(path)
            parts = tree.front_matter(path)
            body = (
                tree.tjansteskrivelse(path, tree.organisation()).body
                if is_tjansteskrivelse(parts[0])
                else load_handling(path, tree.organisation(), parts).body
            )
            return skipped_heading_levels(body, path)
        elif path.suffix in (".yaml", ".yml"):
            try:
                found: ContentTree | None = self.tree_for(path)
            except ContentError:  # an organisation file of its own name may stand alone
                found = None
            self.texts[path] = found.text(path) if found else read_text(path)
            located = found.read(path) if found else load_yaml(self.texts[path], path)
            self._check_yaml(path, located, found)
        else:
            raise ContentError(
                "okänd sorts fil; docgen läser .md (tjänsteskrivelser) och .yaml", path
            )
        return []

    def _check_yaml(self, path: Path, located: Located, tree: ContentTree | None) -> None:
        """Check the YAML file at `path`, `located`, by its `typ`."""
        kind = located.data.get("typ") if isinstance(located.data, dict) else None
        if kind == "organisation":
            if tree is not None and path.name == FILENAME and path.parent == tree.root:
                tree.organisation()
            else:
                load_organisation(path, located)
        elif kind == "sammantrade":
            if tree is None:
                tree = self.tree_for(path)  # raises that no organisation file was found
            load_foredragningslista(path, tree.organisation(), tree)
        else:
            raise located.error(
                f"okänd typ ”{kind}”; en YAML-fil ska ha typ: organisation eller sammantrade"
                if kind
                else "uppgiften ”typ” saknas (t.ex. typ: sammantrade)",
                ("typ",),
            )


def check_paths(paths: list[Path]) -> CheckResult:
    """Return the content files under `paths` with every problem and warning found in them."""
    checker = Checker()
    files, ignored = _found(paths)
    result = CheckResult(files, warnings=[i.note() for i in ignored])
    problems: dict[str, DocgenError] = {}
    for path in result.files:
        try:
            result.warnings.extend(checker.check(path))
        except DocgenError as exc:
            problems.setdefault(str(exc), exc)  # a broken organisation file is said once
    result.problems = list(problems.values())
    result.texts = checker.texts
    return result
