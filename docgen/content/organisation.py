"""The organisation file: the municipality, its organ and its people, found and checked."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from docgen.content.source import read_text
from docgen.content.validate import validate
from docgen.content.yamlfile import Located, load_yaml
from docgen.diarienummer import DiarienummerPattern
from docgen.errors import ContentError, ProblemList
from docgen.model import Organ, Organisation

FILENAME = "organisation.yaml"


@dataclass(frozen=True)
class LoadedOrganisation:
    """An organisation file read and checked, with the file it came from."""

    organisation: Organisation
    located: Located

    @property
    def path(self) -> Path:
        """Return the organisation file's path."""
        return self.located.path

    def organ(self, code: str) -> Organ | None:
        """Return the organ whose code is `code`, or None."""
        return next((o for o in self.organisation.organ if o.kod == code), None)

    def pattern(self, organ: Organ) -> str:
        """Return the diarienummer pattern that applies to `organ`."""
        return organ.diarienummer or self.organisation.diarienummer


def find_organisation(start: Path) -> Path:
    """Return the organisation file in `start`'s folder or the nearest folder above it."""
    folder = start.resolve()
    if not folder.is_dir():
        folder = folder.parent
    for candidate in (folder, *folder.parents):
        if (candidate / FILENAME).is_file():
            return candidate / FILENAME
    raise ContentError(
        f"hittar ingen {FILENAME} i mappen eller någon mapp ovanför; den beskriver "
        "kommunen och dess organ och behövs för att kontrollera innehållet",
        start,
    )


def load_organisation(path: Path) -> LoadedOrganisation:
    """Return the organisation file at `path`, or raise every problem in it."""
    located = load_yaml(read_text(path), path)
    organisation = validate(Organisation, located)
    problems: list[ContentError] = []
    seen: dict[str, int] = {}
    for index, organ in enumerate(organisation.organ):
        if organ.kod in seen:
            problems.append(located.error(
                f"organet ”{organ.kod}” finns redan (organ[{seen[organ.kod] + 1}])",
                ("organ", index, "kod"),
            ))
        seen.setdefault(organ.kod, index)
    patterns = [(("diarienummer",), organisation.diarienummer)] + [
        (("organ", i, "diarienummer"), o.diarienummer)
        for i, o in enumerate(organisation.organ)
        if o.diarienummer
    ]
    for key, pattern in patterns:
        try:
            DiarienummerPattern.compile(pattern)
        except ValueError as exc:
            problems.append(located.error(str(exc), key))
    names: dict[str, int] = {}
    for index, person in enumerate(organisation.personer):
        if person.namn in names:
            problems.append(located.error(
                f"personen ”{person.namn}” finns redan (personer[{names[person.namn] + 1}])",
                ("personer", index, "namn"),
            ))
        names.setdefault(person.namn, index)
    ProblemList.raise_if_any(problems)
    return LoadedOrganisation(organisation, located)
