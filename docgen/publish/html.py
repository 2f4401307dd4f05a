"""HTML pages of a meeting's web copy, from Jinja templates with autoescape on.

Content is data: every text from content files is escaped, so `<script>` or `{{ x }}`
in a meeting file appears as written. Markdown blocks become their plain HTML
counterparts; tables get header cells with `scope`, the language is Swedish.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

from jinja2 import Environment, FileSystemLoader, StrictUndefined, select_autoescape
from markupsafe import Markup, escape

from docgen.markdown import Block, Heading, Inline, ListBlock, Paragraph, Quote, Table
from docgen.publish.feeds import AnslagEntry
from docgen.publish.web import Kungorelse, WebMeeting, WebParagraf
from docgen.swedish import format_date

TEMPLATES = Path(__file__).resolve().parent / "templates"
"""The folder of the web copy's page templates."""


_SAFE_LINKS = ("https://", "http://", "mailto:")
"""The link targets a web copy carries; any other (javascript: …) is shown as plain text."""


def _inline(spans: Inline) -> Markup:
    """Return `spans` as HTML: bold, italic, underline, links and line breaks."""
    parts = []
    for span in spans:
        html = Markup("<br>").join(escape(line) for line in span.text.split("\n"))
        if span.bold:
            html = Markup("<strong>%s</strong>") % html
        if span.italic:
            html = Markup("<em>%s</em>") % html
        if span.underline:
            html = Markup("<u>%s</u>") % html
        if span.link and span.link.startswith(_SAFE_LINKS):
            html = Markup('<a href="%s">%s</a>') % (span.link, html)
        parts.append(html)
    return Markup("").join(parts)


def _block(block: Block, level: int) -> Markup:
    """Return one block as HTML under a heading of `level`."""
    if isinstance(block, Paragraph):
        return Markup("<p>%s</p>") % _inline(block.spans)
    if isinstance(block, Heading):
        tag = f"h{min(level + block.level - 1, 6)}"
        return Markup(f"<{tag}>%s</{tag}>") % _inline(block.spans)
    if isinstance(block, ListBlock):
        tag = "ol" if block.ordered else "ul"
        items = Markup("").join(
            Markup("<li>%s</li>") % Markup("").join(_block(b, level) for b in item)
            for item in block.items
        )
        start = f' start="{block.start}"' if block.ordered and block.start != 1 else ""
        return Markup(f"<{tag}{start}>%s</{tag}>") % items
    if isinstance(block, Quote):
        return Markup("<blockquote>%s</blockquote>") % Markup("").join(
            _block(b, level) for b in block.blocks
        )
    if isinstance(block, Table):

        def cls(index: int) -> Markup:
            align = block.align[index] if index < len(block.align) else None
            return Markup(f' class="{align}"') if align in ("center", "right") else Markup("")

        head = Markup("").join(
            Markup('<th scope="col"%s>%s</th>') % (cls(i), _inline(cell))
            for i, cell in enumerate(block.header)
        )
        rows = Markup("").join(
            Markup("<tr>%s</tr>")
            % Markup("").join(
                (Markup('<th scope="row">%s</th>') % _inline(cell))
                if i == 0
                else Markup("<td%s>%s</td>") % (cls(i), _inline(cell))
                for i, cell in enumerate(row)
            )
            for row in block.rows
        )
        return Markup("<table><thead><tr>%s</tr></thead><tbody>%s</tbody></table>") % (head, rows)
    raise TypeError(f"unknown block {block!r}")


def blocks_html(blocks: tuple[Block, ...], level: int) -> Markup:
    """Return `blocks` as HTML under a heading of `level` (a `##` in them goes one below)."""
    return Markup("\n").join(_block(block, level) for block in blocks)


def _time_element(day: date) -> Markup:
    """Return `day` as a `<time>` element: written out in Swedish, machine-readable too."""
    return Markup('<time datetime="%s">%s</time>') % (day.isoformat(), format_date(day))


def _lower_first(text: str) -> str:
    """Return `text` with its first letter in lower case ('Protokoll …' → 'protokoll …')."""
    return text[:1].lower() + text[1:]


def environment() -> Environment:
    """Return the Jinja environment of the page templates: autoescape, strict variables."""
    env = Environment(
        loader=FileSystemLoader(TEMPLATES),
        autoescape=select_autoescape(["html"]),
        undefined=StrictUndefined,
        keep_trailing_newline=True,
    )
    env.filters["blocks"] = blocks_html
    env.filters["datum_lang"] = format_date
    env.filters["datum"] = _time_element
    env.filters["lower_first"] = _lower_first
    return env


def pages(meeting: WebMeeting, calendar: str) -> dict[str, str]:
    """Return a meeting's HTML pages by file name: protocol, anslag, one per §.

    The pages sit in a folder of the anslagstavla, whose index and `calendar` are one up.
    """
    env = environment()
    common = {
        "meeting": meeting,
        "kommun": meeting.kommun,
        "root": "../",
        "author": f"{meeting.organ}, {meeting.kommun}",
        "calendar": calendar,
        "header": f"{meeting.kommun} – {meeting.organ}",
    }

    def page(template: str, title: str, **context: object) -> str:
        return env.get_template(template).render(page_title=title, **common, **context)

    result = {
        "protokoll.html": page("protokoll.html", meeting.title),
        "anslag.html": page("anslag.html", f"Anslag {meeting.title}"),
    }
    for paragraf in meeting.paragrafer:
        result[paragraf.filename] = page(
            "paragraf.html", _paragraph_title(meeting, paragraf), p=paragraf
        )
    return result


def anslagstavla(
    kommun: str,
    current: list[AnslagEntry],
    earlier: list[AnslagEntry],
    kungorelser: list[Kungorelse],
    calendars: list[tuple[str, str]],
) -> str:
    """Return the anslagstavla's index: current and earlier anslag, kungörelser, feeds."""
    return (
        environment()
        .get_template("anslagstavla.html")
        .render(
            kommun=kommun,
            root="",
            author=kommun,
            header=kommun,
            page_title="Anslagstavla",
            current=current,
            earlier=earlier,
            kungorelser=kungorelser,
            calendars=calendars,
        )
    )


def _paragraph_title(meeting: WebMeeting, paragraf: WebParagraf) -> str:
    """Return the title of a §'s page, e.g. '§ 94 Lägesrapport, Kommunstyrelsen 1 september 2014'."""
    return f"{paragraf.nummer_text} {paragraf.rubrik}, {meeting.organ} {format_date(meeting.datum)}"
