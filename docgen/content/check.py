"""Finding content files under the paths a user names, and checking each of them."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from docgen.content.meeting import load_sammantrade
from docgen.content.organisation import LoadedOrganisation, find_organisation, load_organisation
from docgen.content.source import read_text
from docgen.content.tjansteskrivelse import load_tjansteskrivelse
from docgen.content.yamlfile import load_yaml
from docgen.errors import ContentError, DocgenError
from docgen.markdown import skipped_heading_levels

SUFFIXES = (".md", ".yaml", ".yml")


def content_files(paths: list[Path]) -> list[Path]:
    """Return the content files named by `paths`, folders searched recursively, in order."""
    found: list[Path] = []
    for path in paths:
        if path.is_dir():
            found.extend(
                sorted(
                    p for p in path.rglob("*")
                    if p.suffix in SUFFIXES and p.is_file()
                    and not any(part.startswith(".") for part in p.relative_to(path).parts)
                )
            )
        else:
            found.append(path)
    return list(dict.fromkeys(found))


class Checker:
    """Checks content files, reading each organisation file once."""

    def __init__(self) -> None:
        self.organisations: dict[Path, LoadedOrganisation] = {}

    def organisation_for(self, path: Path) -> LoadedOrganisation:
        """Return the organisation that applies to the content file at `path`."""
        location = find_organisation(path)
        if location not in self.organisations:
            self.organisations[location] = load_organisation(location)
        return self.organisations[location]

    def check(self, path: Path) -> list[ContentError]:
        """Check the content file at `path`: raise what is wrong, return what to warn of."""
        if not path.exists():
            raise ContentError("filen eller mappen finns inte", path)
        if path.suffix == ".md":
            document = load_tjansteskrivelse(path, self.organisation_for(path))
            return skipped_heading_levels(document.body, path)
        elif path.suffix in (".yaml", ".yml"):
            located = load_yaml(read_text(path), path)
            kind = located.data.get("typ") if isinstance(located.data, dict) else None
            if kind == "organisation":
                load_organisation(path)
            elif kind == "sammantrade":
                load_sammantrade(path, self.organisation_for(path))
            else:
                raise located.error(
                    f"okänd typ ”{kind}”; en YAML-fil ska ha typ: organisation eller sammantrade"
                    if kind else "uppgiften ”typ” saknas (t.ex. typ: sammantrade)",
                    ("typ",),
                )
        else:
            raise ContentError(
                "okänd sorts fil; docgen läser .md (tjänsteskrivelser) och .yaml", path
            )
        return []


@dataclass
class CheckResult:
    """What checking found: the files read, the problems, and warnings that do not stop work."""

    files: list[Path] = field(default_factory=list)
    problems: list[DocgenError] = field(default_factory=list)
    warnings: list[ContentError] = field(default_factory=list)


def check_paths(paths: list[Path]) -> CheckResult:
    """Return the content files under `paths` with every problem and warning found in them."""
    checker = Checker()
    result = CheckResult(content_files(paths))
    problems: dict[str, DocgenError] = {}
    for path in result.files:
        try:
            result.warnings.extend(checker.check(path))
        except DocgenError as exc:
            problems.setdefault(str(exc), exc)  # a broken organisation file is said once
    result.problems = list(problems.values())
    return result
