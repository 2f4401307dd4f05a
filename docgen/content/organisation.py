"""The organisation file: the municipality, its organ and its people, found and checked."""

from __future__ import annotations

import os
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

    @property
    def templates(self) -> Path | None:
        """Return the kommun's template folder (`mallar:`, relative to the file), or None."""
        mallar = self.organisation.mallar
        return None if mallar is None else self.path.parent / mallar

    def pattern(self, organ: Organ) -> str:
        """Return the diarienummer pattern that applies to `organ`."""
        return organ.diarienummer or self.organisation.diarienummer


def find_organisation(start: Path) -> Path:
    """Return the organisation file in `start`'s folder or the nearest folder above it."""
    try:
        folder = start.resolve()
    except (OSError, RuntimeError):  # a link loop: found by where the link is, told when read
        folder = Path(os.path.abspath(start))
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


def load_organisation(path: Path, located: Located | None = None) -> LoadedOrganisation:
    """Return the organisation file at `path`, or raise every problem in it.

    `located` is the file already loaded, where the caller has read it.
    """
    located = located or load_yaml(read_text(path), path)
    organisation = validate(Organisation, located)
    problems = _repeated(located, "organ", "kod", [o.kod for o in organisation.organ])
    problems += _repeated(located, "personer", "namn", [p.namn for p in organisation.personer])
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
    if organisation.mallar is not None and not (path.parent / organisation.mallar).is_dir():
        problems.append(
            located.error(
                f"mallar: mappen ”{organisation.mallar}” finns inte bredvid {path.name}; skapa den "
                "med docgen templates export eller ta bort raden",
                ("mallar",),
            )
        )
    ProblemList.raise_if_any(problems)
    return LoadedOrganisation(organisation, located)


def _repeated(located: Located, listing: str, field: str, values: list[str]) -> list[ContentError]:
    """Return an error for each value in `listing` whose `field` an earlier entry already has."""
    first: dict[str, int] = {}
    problems = []
    for index, value in enumerate(values):
        if value in first:
            problems.append(
                located.error(
                    f"”{value}” står redan på rad {located.line((listing, first[value], field))}; "
                    "var och en ska stå en gång",
                    (listing, index, field),
                )
            )
        first.setdefault(value, index)
    return problems
