"""A tjänsteskrivelse file, or a document of another declared type (`Handling`): front
matter and Markdown body, checked against the organisation and the type's declaration.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TypeVar

from pydantic import BaseModel

from docgen import markdown
from docgen.content.doctypes import TJANSTESKRIVELSE, document_types, known_types
from docgen.content.organisation import LoadedOrganisation
from docgen.content.source import read_text
from docgen.content.validate import validate
from docgen.content.yamlfile import Located, split_front_matter
from docgen.diarienummer import Diarienummer
from docgen.errors import ContentError, DocgenError, ProblemList
from docgen.model import Dokumenttyp, Handling, Organ, Tjansteskrivelse


@dataclass(frozen=True)
class LoadedTjansteskrivelse:
    """A tjänsteskrivelse read, checked and resolved: what its documents are made from."""

    fields: Tjansteskrivelse
    located: Located
    body: tuple[markdown.Block, ...]
    proposals: tuple[markdown.Inline, ...]
    organ: Organ
    diarienummer: Diarienummer
    organisation: LoadedOrganisation

    @property
    def path(self) -> Path:
        """Return the file the tjänsteskrivelse came from."""
        return self.located.path


def load_tjansteskrivelse(
    path: Path, organisation: LoadedOrganisation, parts: tuple[Located, str, int] | None = None
) -> LoadedTjansteskrivelse:
    """Return the tjänsteskrivelse at `path`, or raise every problem found in it.

    `parts` is the file already split into front matter, body and the body's first line,
    where the caller has read it (a content tree reads each file once).
    """
    front, body_text, body_line = parts or split_front_matter(read_text(path), path)
    fields, body, problems = _front_and_body(Tjansteskrivelse, front, body_text, path, body_line)
    organ = organisation.organ(fields.organ)
    dnr: Diarienummer | None = None
    if organ is None:
        known = ", ".join(o.kod for o in organisation.organisation.organ)
        problems.append(
            front.error(
                f"organet ”{fields.organ}” finns inte i {organisation.path.name} (där finns: {known})",
                ("organ",),
            )
        )
    else:
        try:
            dnr = Diarienummer.parse(fields.diarienummer, organisation.pattern(organ))
        except ValueError as exc:
            problems.append(front.error(str(exc), ("diarienummer",)))
    proposals = tuple(
        _inline(text, path, front.line(("forslag_till_beslut", index)) or 1, problems)
        for index, text in enumerate(fields.forslag_till_beslut)
    )
    ProblemList.raise_if_any(_in_line_order(problems))
    assert organ is not None and dnr is not None
    return LoadedTjansteskrivelse(fields, front, body, proposals, organ, dnr, organisation)


@dataclass(frozen=True)
class LoadedHandling:
    """A document of a declared type read, checked and resolved: what it is rendered from."""

    fields: Handling
    dokumenttyp: Dokumenttyp
    located: Located
    body: tuple[markdown.Block, ...]
    proposals: tuple[markdown.Inline, ...]
    decisions: tuple[markdown.Inline, ...]
    organ: Organ | None
    diarienummer: Diarienummer | None
    organisation: LoadedOrganisation

    @property
    def path(self) -> Path:
        """Return the file the document came from."""
        return self.located.path


def type_of(front: Located) -> str | None:
    """Return the `typ` a Markdown file's front matter `front` names, or None when none."""
    typ = front.data.get("typ") if isinstance(front.data, dict) else None
    return typ if isinstance(typ, str) else None


def is_tjansteskrivelse(front: Located) -> bool:
    """Return whether the front matter `front` is a tjänsteskrivelse's (or names no type,
    which the tjänsteskrivelse's checks report as before).
    """
    return type_of(front) in (None, TJANSTESKRIVELSE)


def load_handling(
    path: Path, organisation: LoadedOrganisation, parts: tuple[Located, str, int] | None = None
) -> LoadedHandling:
    """Return the document of a declared type at `path`, or raise every problem found in it.

    Its `typ` must be one of the organisation's document types (docgen's own and those
    in `dokumenttyper:`); the type says which fields it must have and which sections
    (`## Rubrik`) its text must have.
    """
    front, body_text, body_line = parts or split_front_matter(read_text(path), path)
    typ = type_of(front)
    declared = document_types(organisation)
    if typ is None or typ not in declared:
        *first, last = known_types(organisation)
        known = "”, ”".join(first)
        raise front.error(f"typ: ska vara ”{known}” eller ”{last}”, inte ”{typ}”", ("typ",))
    dokumenttyp = declared[typ]
    fields, body, problems = _front_and_body(Handling, front, body_text, path, body_line)
    for name in dokumenttyp.obligatoriska:
        if getattr(fields, name) in (None, []):
            problems.append(
                front.error(
                    f"uppgiften ”{name}” saknas; dokumenttypen {dokumenttyp.namn} kräver den"
                    if name not in front.data
                    else f"{name}: får inte vara tom; dokumenttypen {dokumenttyp.namn} kräver den",
                    (name,) if name in front.data else ("typ",),
                )
            )
    headings = {
        markdown.plain_text(block.spans).strip()
        for block in body
        if isinstance(block, markdown.Heading) and block.level == 2
    }
    missing = [section for section in dokumenttyp.avsnitt if section not in headings]
    if missing:
        sections = ", ".join(f"”## {section}”" for section in missing)
        problems.append(
            ContentError(
                f"avsnitt saknas i texten: {sections}; dokumenttypen {dokumenttyp.namn} ska ha "
                + ", ".join(dokumenttyp.avsnitt),
                path,
                body_line,
            )
        )
    organ: Organ | None = None
    if fields.organ is not None:
        organ = organisation.organ(fields.organ)
        if organ is None:
            known = ", ".join(o.kod for o in organisation.organisation.organ)
            problems.append(
                front.error(
                    f"organet ”{fields.organ}” finns inte i {organisation.path.name} (där finns: {known})",
                    ("organ",),
                )
            )
    dnr: Diarienummer | None = None
    if fields.diarienummer is not None and (organ is not None or fields.organ is None):
        pattern = organisation.pattern(organ) if organ else organisation.organisation.diarienummer
        try:
            dnr = Diarienummer.parse(fields.diarienummer, pattern)
        except ValueError as exc:
            problems.append(front.error(str(exc), ("diarienummer",)))
    proposals = tuple(
        _inline(text, path, front.line(("forslag_till_beslut", index)) or 1, problems)
        for index, text in enumerate(fields.forslag_till_beslut)
    )
    decisions = tuple(
        _inline(text, path, front.line(("beslut", index)) or 1, problems)
        for index, text in enumerate(fields.beslut)
    )
    ProblemList.raise_if_any(_in_line_order(problems))
    return LoadedHandling(
        fields, dokumenttyp, front, body, proposals, decisions, organ, dnr, organisation
    )


def _inline(text: str, path: Path, line: int, problems: list[DocgenError]) -> markdown.Inline:
    """Return the one-paragraph Markdown `text` as spans, recording problems found."""
    try:
        blocks = markdown.parse(text, path, line)
    except DocgenError as exc:
        problems.append(exc)
        return ()
    if len(blocks) != 1 or not isinstance(blocks[0], markdown.Paragraph):
        problems.append(
            ContentError("ett beslutsförslag ska vara ett enda stycke text", path, line)
        )
        return ()
    return blocks[0].spans


def _in_line_order(problems: list[DocgenError]) -> list[DocgenError]:
    """Return each of `problems` (lists of them opened up) in the order of their lines."""
    flat: list[DocgenError] = []
    for problem in problems:
        flat.extend(
            _in_line_order(problem.problems) if isinstance(problem, ProblemList) else [problem]
        )
    return sorted(flat, key=lambda p: p.line or 0 if isinstance(p, ContentError) else 0)


M = TypeVar("M", bound=BaseModel)


def _front_and_body(
    model: type[M], front: Located, body_text: str, path: Path, body_line: int
) -> tuple[M, tuple[markdown.Block, ...], list[DocgenError]]:
    """Return the front matter as `model`, the body's blocks and the problems found so far.

    Raise every problem at once, in line order, when the front matter is not a `model`.
    """
    problems: list[DocgenError] = []
    fields: M | None = None
    try:
        fields = validate(model, front)
    except DocgenError as exc:
        problems.append(exc)
    body: tuple[markdown.Block, ...] = ()
    try:
        body = markdown.parse(body_text, path, body_line)
    except DocgenError as exc:
        problems.append(exc)
    if fields is None:
        raise ProblemList.combine(_in_line_order(problems))
    return fields, body, problems
