"""Write the README's table of what each template may use, from the contract: ``make templates``.

The variables come from each document module's `Context` dataclass (a row for each field,
and for each field of the dataclasses it holds), the styles docgen writes
through from `word.REQUIRED_STYLES`, the styles each bundled template uses itself from
the template, and the filters (with an example each) from `swedish.FILTERS`. The table
sits between two marker lines in README.md and is never edited by hand; a test fails
when it differs from what this script writes.
"""

from __future__ import annotations

import sys
import zipfile
from datetime import date, time
from pathlib import Path

from lxml import etree

ROOT = Path(__file__).resolve().parent.parent
README = ROOT / "README.md"
START = "<!-- Genererat av templates/guide.py ur mallkontraktet: ändra inte för hand. -->"
END = "<!-- Slut på det genererade. -->"

sys.path.insert(0, str(ROOT))
from docgen.api import DOCUMENT_TYPES, TEMPLATES  # docgen from this checkout
from docgen.documents.contract import attributes, element, variables
from docgen.swedish import FILTERS
from docgen.word import REQUIRED_STYLES, style_name

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
SAMPLES: dict[str, object] = {
    "datum_lang": date(2014, 8, 19),
    "datum_veckodag": date(2014, 8, 19),
    "datum_kort": date(2014, 8, 19),
    "tid": time(9, 0),
    "tid_tabell": time(9, 0),
    "belopp": 3500000,
    "paragraf": 93,
    "citat": "Ja",
    "person": {"namn": "Maria Berg", "parti": "M"},
}
"""A value to show each filter with."""


def template_styles(name: str) -> list[str]:
    """Return the names of the styles the bundled template `name` uses in its own parts."""
    with zipfile.ZipFile(TEMPLATES / f"{name}.docx") as package:
        styles = etree.fromstring(package.read("word/styles.xml"))
        used: set[str] = set()
        for part in package.namelist():
            if part.startswith("word/") and part.endswith(".xml") and part != "word/styles.xml":
                root = etree.fromstring(package.read(part))
                used |= {e.get(f"{W}val") or "" for e in root.iter(f"{W}pStyle", f"{W}rStyle")}
    names = {
        style.get(f"{W}styleId"): style.find(f"{W}name").get(f"{W}val")  # type: ignore[union-attr]
        for style in styles.iter(f"{W}style")
    }
    return sorted(_word_name(names.get(i) or i) for i in used if i)


def _word_name(name: str) -> str:
    """Return a built-in style's name as Word shows it (``heading 1`` → ``Heading 1``)."""
    return name[0].upper() + name[1:]


def rows(context: type, prefix: str = "") -> list[str]:
    """Return the table rows of the dataclass `context`: a row per field, then its own
    fields' rows (``anslag.uppsatt``; for a list, ``p.nummer`` as a loop names it).
    """
    lines = []
    types = attributes(context) or {}
    for name, text in variables(context).items():
        inner, item = attributes(types[name]), element(types[name])
        if inner is None and attributes(item) is not None:
            loop = name[0]
            text += f"; med `{{%p for {loop} in {prefix}{name} %}}` har varje `{loop}`:"
            lines += [f"| `{prefix}{name}` | {text} |", *rows(item, f"{loop}.")]
        else:
            lines.append(f"| `{prefix}{name}` | {text} |")
            if inner is not None:
                lines += rows(types[name], f"{prefix}{name}.")
    return lines


def guide() -> str:
    """Return the generated part of the README, between its marker lines."""
    lines = [START, ""]
    for name in sorted(DOCUMENT_TYPES):
        lines += [f"**`{name}.docx`**", "", "| variabel | vad den innehåller |", "| --- | --- |"]
        lines += rows(DOCUMENT_TYPES[name].Context)
        own = ", ".join(map(style_name, template_styles(name)))
        lines += ["", f"Formatmallar som den medföljande mallen själv använder: {own}.", ""]
    required = ", ".join(map(style_name, REQUIRED_STYLES))
    lines += [
        (
            f"Formatmallar som varje mall måste ha (docgen skriver brödtext, listor, citat, "
            f"länkar och tabeller med dem): {required}."
        ),
        "",
        "| filter | exempel |",
        "| --- | --- |",
    ]
    for filter_name, function in FILTERS.items():
        sample = SAMPLES.get(filter_name)
        shown = function(sample) if sample is not None else (function.__doc__ or "").split("\n")[0]
        lines.append(f"| `{filter_name}` | `{{{{ x\\|{filter_name} }}}}` → {shown} |")
    lines += ["", END]
    return "\n".join(lines)


def readme_with_guide(readme: str) -> str:
    """Return `readme` with the text between the marker lines replaced by `guide()`."""
    start, end = readme.index(START), readme.index(END) + len(END)
    return readme[:start] + guide() + readme[end:]


def main() -> int:
    """Rewrite the generated part of README.md."""
    README.write_text(readme_with_guide(README.read_text(encoding="utf-8")), encoding="utf-8")
    print(f"skrev mallkontraktet i {README}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
