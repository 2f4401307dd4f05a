"""A tjänsteskrivelse file: front matter and Markdown body, checked against the organisation."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from docgen import markdown
from docgen.content.organisation import LoadedOrganisation
from docgen.content.source import read_text
from docgen.content.validate import validate
from docgen.content.yamlfile import Located, split_front_matter
from docgen.diarienummer import Diarienummer
from docgen.errors import ContentError, DocgenError, ProblemList
from docgen.model import Organ, Tjansteskrivelse


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
    problems: list[DocgenError] = []
    fields: Tjansteskrivelse | None = None
    try:
        fields = validate(Tjansteskrivelse, front)
    except DocgenError as exc:
        problems.append(exc)
    body: tuple[markdown.Block, ...] = ()
    try:
        body = markdown.parse(body_text, path, body_line)
    except DocgenError as exc:
        problems.append(exc)
    if fields is None:
        raise ProblemList.combine(_in_line_order(problems))
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
