"""Pack the template sources into docgen's bundled .docx files: ``make templates``.

Each folder beside this script is one template (tjansteskrivelse/, protokoll/ …) holding
its own parts: body, header, footer, relationships, content types, core properties and
any images. templates/husstil/ holds the house style that every template shares:
styles, numbering, settings, theme, fonts and app properties. A template's part wins
over the house style's part of the same name. XML parts are compacted (the indentation
that makes them readable dropped) and the package is written with docgen's
deterministic zip, so packing twice gives the same bytes. The example content (content/)
is copied beside the .docx files, into exempel/: `docgen templates check` proves a
template by rendering it, also where docgen is installed from a wheel.

    python templates/pack.py                # write docgen/templates/*.docx
    python templates/pack.py --check        # exit 1 if a committed .docx is stale
    python templates/pack.py --into DIR     # write elsewhere
"""

from __future__ import annotations

import argparse
import io
import shutil
import sys
import zipfile
from pathlib import Path

from lxml import etree

SOURCES = Path(__file__).resolve().parent
ROOT = SOURCES.parent
HOUSE = SOURCES / "husstil"
TARGET = ROOT / "docgen" / "templates"
CONTENT = ROOT / "content"
EXAMPLES = "exempel"

sys.path.insert(0, str(ROOT))
from docgen.package import deterministic_zip  # docgen from this checkout


def template_names(sources: Path = SOURCES) -> list[str]:
    """Return the names of the templates that have sources in `sources`."""
    return sorted(
        folder.name
        for folder in sources.iterdir()
        if folder.name != HOUSE.name and (folder / "word" / "document.xml").is_file()
    )


def compact(data: bytes) -> bytes:
    """Return the XML part `data` without indentation, as python-docx writes parts."""
    root = etree.fromstring(data, etree.XMLParser(remove_blank_text=True))
    return etree.tostring(root, encoding="UTF-8", xml_declaration=True, standalone=True)


def _files(folder: Path) -> dict[str, Path]:
    """Return the files under `folder` by their part name."""
    return {
        path.relative_to(folder).as_posix(): path
        for path in sorted(folder.rglob("*"))
        if path.is_file()
    }


def pack(name: str, sources: Path = SOURCES) -> bytes:
    """Return the .docx of template `name`: the house style overlaid with its own parts."""
    parts = {**_files(sources / HOUSE.name), **_files(sources / name)}
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as package:
        for part, path in parts.items():
            data = path.read_bytes()
            package.writestr(part, compact(data) if part.endswith((".xml", ".rels")) else data)
    return deterministic_zip(buffer.getvalue())


def outputs() -> dict[str, bytes]:
    """Return every file pack.py writes, by its path below the target folder."""
    files = {f"{name}.docx": pack(name) for name in template_names()}
    for part, path in _files(CONTENT).items():
        if path.suffix in (".md", ".yaml", ".yml"):  # content, not what a run wrote beside it
            files[f"{EXAMPLES}/{part}"] = path.read_bytes()
    return files


def stale(target: Path = TARGET) -> list[Path]:
    """Return the files in `target` that differ from what packing writes, or are extra."""
    wanted = outputs()
    found = _files(target) if target.is_dir() else {}
    return sorted(
        [
            target / name
            for name, data in wanted.items()
            if name not in found or found[name].read_bytes() != data
        ]
        + [path for name, path in found.items() if name not in wanted]
    )


def main(argv: list[str]) -> int:
    """Pack every template, or with --check say which committed ones are stale."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="only compare, write nothing")
    parser.add_argument("--into", type=Path, default=TARGET, help="folder for the .docx files")
    arguments = parser.parse_args(argv)
    if arguments.check:
        for path in stale(arguments.into):
            print(f"{path}: inaktuell, kör make templates", file=sys.stderr)
        return 1 if stale(arguments.into) else 0
    if arguments.into.is_dir():
        shutil.rmtree(arguments.into)
    for name, data in outputs().items():
        target = arguments.into / name
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(data)
    print(f"skrev mallarna och exemplen till {arguments.into}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
