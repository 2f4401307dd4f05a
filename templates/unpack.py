"""Unpack a .docx saved by Word or LibreOffice into template sources: the reverse of pack.py.

    python templates/unpack.py protokoll.docx            # into templates/protokoll/
    python templates/unpack.py egen.docx --name protokoll --husstil

Every XML part is written pretty-printed, without the noise editors add on each save
(revision ids, proofing marks, the last cursor position), so that a change made in a
word processor is a readable diff. Parts identical to the house style (templates/husstil/)
are left out; with ``--husstil`` the house-style parts (styles, numbering, settings,
theme, fonts) are written to templates/husstil/ instead, for every template to share.
The template's folder is emptied first, so parts the editor dropped disappear.
"""

from __future__ import annotations

import argparse
import shutil
import sys
import zipfile
from pathlib import Path

from lxml import etree

SOURCES = Path(__file__).resolve().parent
HOUSE = SOURCES / "husstil"
HOUSE_PARTS = (
    "_rels/.rels",
    "docProps/app.xml",
    "word/fontTable.xml",
    "word/numbering.xml",
    "word/settings.xml",
    "word/styles.xml",
    "word/theme/theme1.xml",
    "word/webSettings.xml",
)
"""The parts of the house style, kept once in templates/husstil/ and shared by every template."""

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
W14 = "http://schemas.microsoft.com/office/word/2010/wordml"
NOISE_ELEMENTS = (
    f"{{{W}}}rsids",
    f"{{{W}}}rsid",
    f"{{{W}}}proofErr",
    f"{{{W}}}lastRenderedPageBreak",
)
"""Elements an editor writes on every save that say nothing about the layout."""

NOISE_ATTRIBUTES = tuple(
    [f"{{{W}}}rsid{kind}" for kind in ("", "R", "RPr", "P", "RDefault", "Del", "Sect", "Tr")]
    + [f"{{{W14}}}paraId", f"{{{W14}}}textId"]
)
"""Revision and paragraph ids: different on every save."""


def tidy(data: bytes) -> bytes:
    """Return the XML part `data` without editor noise, pretty-printed with two spaces."""
    root = etree.fromstring(data, etree.XMLParser(remove_blank_text=True))
    for element in list(root.iter(*NOISE_ELEMENTS)):
        _remove(element)
    for element in list(root.iter(f"{{{W}}}bookmarkStart")):
        if element.get(f"{{{W}}}name") == "_GoBack":  # Word's "last edited here" mark
            for end in root.iter(f"{{{W}}}bookmarkEnd"):
                if end.get(f"{{{W}}}id") == element.get(f"{{{W}}}id"):
                    _remove(end)
                    break
            _remove(element)
    for element in root.iter():
        for name in NOISE_ATTRIBUTES:
            element.attrib.pop(name, None)
    return etree.tostring(
        root, encoding="UTF-8", xml_declaration=True, standalone=True, pretty_print=True
    )


def _remove(element: etree._Element) -> None:
    """Remove `element` from its parent, keeping the text that follows it."""
    parent = element.getparent()
    if parent is None:
        return
    if element.tail:
        previous = element.getprevious()
        if previous is not None:
            previous.tail = (previous.tail or "") + element.tail
        else:
            parent.text = (parent.text or "") + element.tail
    parent.remove(element)


def is_xml(name: str) -> bool:
    """Return whether the part `name` is XML (and so is tidied and compacted)."""
    return name.endswith((".xml", ".rels"))


def read_parts(docx: Path) -> dict[str, bytes]:
    """Return the parts of the .docx `docx` by name, XML parts tidied."""
    with zipfile.ZipFile(docx) as package:
        return {
            info.filename: tidy(data) if is_xml(info.filename) else data
            for info in package.infolist()
            if not info.is_dir()
            for data in [package.read(info)]
        }


def unpack(docx: Path, name: str, house: bool = False, sources: Path = SOURCES) -> Path:
    """Write the parts of `docx` as the sources of template `name`; return its folder."""
    if not name.isidentifier() or name == HOUSE.name:
        raise SystemExit(f"{name}: inget mallnamn (t.ex. protokoll); ange --name")
    folder = sources / name
    shared = sources / HOUSE.name
    if folder.exists():
        shutil.rmtree(folder)
    for part, data in read_parts(docx).items():
        if part in HOUSE_PARTS and house:
            target = shared / part
        elif (
            part in HOUSE_PARTS
            and (shared / part).is_file()
            and (shared / part).read_bytes() == data
        ):
            continue
        else:
            target = folder / part
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(data)
    return folder


def main(argv: list[str]) -> int:
    """Unpack the file named on the command line."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("docx", type=Path, help="the .docx saved by Word or LibreOffice")
    parser.add_argument("--name", help="the template's name (default: the file's name)")
    parser.add_argument(
        "--husstil",
        action="store_true",
        help="write styles, numbering, settings and theme to templates/husstil/",
    )
    arguments = parser.parse_args(argv)
    folder = unpack(arguments.docx, arguments.name or arguments.docx.stem, arguments.husstil)
    print(f"packade upp {arguments.docx} i {folder}; granska ändringarna med git diff")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
