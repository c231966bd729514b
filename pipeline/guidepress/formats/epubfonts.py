"""The shipped fonts an EPUB embeds: exactly the faces its text is set in, each cut down to
the characters set in it (fontTools' subsetter: deterministic and offline), with the
@font-face rules and manifest items that name them.

Which face a run of text is set in is read from the markup: headings, table headers, terms,
captions and strong text are bold (as book.css and reading systems set them); emphasis,
figure captions and the "current as of" line are italic. Characters that Atkinson
Hyperlegible lacks go to Noto Sans, whose variable files serve every weight. Reading systems
may still set the book in the reader's own font; these are what it looks like when they don't.
OFL fonts need no obfuscation; each subset keeps its name table, which carries the licence.
"""

from __future__ import annotations

import posixpath
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from lxml import etree

from guidepress import fonts

XHTML_NS = "http://www.w3.org/1999/xhtml"
FOLDER = "fonts"
MEDIA_TYPE = "font/ttf"
_BOLD = {"h1", "h2", "h3", "h4", "h5", "h6", "th", "dt", "strong", "b", "caption"}
_ITALIC = {"em", "i", "cite", "dfn", "var", "figcaption"}
_ITALIC_CLASSES = {"updated"}
_SKIP = {"head", "script", "style"}
# Drawn by the reading system in the text's own font: list numbers and bullets, spaces.
_MARKERS = frozenset(map(ord, "0123456789.)\u2022\u25e6\u25aa \u00a0"))


@dataclass(frozen=True)
class Embedded:
    """One font file added to the package."""

    face: fonts.Face
    name: str  # entry name in the zip, e.g. EPUB/fonts/AtkinsonHyperlegible-Regular.ttf
    data: bytes

    @property
    def ident(self) -> str:
        return "font-" + re.sub(r"[^A-Za-z0-9]+", "-", self.face.path.stem).strip("-").lower()


def embed(documents: Iterable[bytes], package_dir: str) -> list[Embedded]:
    """The subset faces the XHTML `documents` are set in, to store under `package_dir`."""
    wanted: dict[tuple[bool, bool], set[int]] = {}
    for data in documents:
        for (bold, italic), text in styled_text(data):
            wanted.setdefault((bold, italic), set()).update(map(ord, text))
    chosen: dict[fonts.Face, set[int]] = {}
    for (bold, italic), code_points in sorted(wanted.items()):
        for face, covered in _split(bold, italic, frozenset(code_points)):
            chosen.setdefault(face, set()).update(covered | (_MARKERS & fonts.cmap(face.path)))
    return [Embedded(face, posixpath.join(package_dir, FOLDER, file_name(face)),
                     fonts.subset(face, frozenset(chosen[face])))
            for face in fonts.faces() if face in chosen]


def _split(bold: bool, italic: bool,
           code_points: frozenset[int]) -> Iterator[tuple[fonts.Face, frozenset[int]]]:
    """Which shipped face draws which of `code_points` in this style, family by family."""
    left = code_points
    for family in fonts.families():
        face = _face(family, bold, italic)
        if face is None:
            continue
        covered = left & fonts.cmap(face.path)
        if covered:
            yield face, covered
        left -= covered


def _face(family: str, bold: bool, italic: bool) -> fonts.Face | None:
    style = "italic" if italic else "normal"
    candidates = [f for f in fonts.faces() if f.family == family and f.style == style]
    exact = [f for f in candidates if f.variable or f.bold == bold]
    return next(iter(exact or candidates), None)


def styled_text(data: bytes) -> Iterator[tuple[tuple[bool, bool], str]]:
    """Each run of text of an XHTML document with (bold, italic) as it is set."""
    parser = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False)
    root = etree.fromstring(data, parser)
    for element in root.iter():
        if not isinstance(element.tag, str):
            continue
        if element.text and not _skipped(element):
            yield _style(element), element.text
        parent = element.getparent()
        if element.tail and parent is not None and not _skipped(parent):
            yield _style(parent), element.tail


def _local(element: etree._Element) -> str:
    return etree.QName(element).localname if isinstance(element.tag, str) else ""


def _skipped(element: etree._Element) -> bool:
    return any(_local(e) in _SKIP for e in (element, *element.iterancestors()))


def _style(element: etree._Element) -> tuple[bool, bool]:
    chain = (element, *element.iterancestors())
    bold = any(_local(e) in _BOLD for e in chain)
    italic = any(_local(e) in _ITALIC or _ITALIC_CLASSES & set((e.get("class") or "").split())
                 for e in chain)
    return bold, italic


def file_name(face: fonts.Face) -> str:
    """The face's file name as a plain URL path segment (no brackets or commas)."""
    stem = re.sub(r"[^A-Za-z0-9.-]+", "-", face.path.stem).strip("-")
    return f"{stem}{face.path.suffix}"


def font_face_css(embedded: Iterable[Embedded], css_name: str) -> str:
    """@font-face rules for a style sheet stored at `css_name` in the zip."""
    folder = posixpath.dirname(css_name)
    return "".join(item.face.font_face(posixpath.relpath(item.name, folder)) + "\n"
                   for item in embedded)


def add_to_manifest(opf: etree._Element, embedded: Iterable[Embedded], opf_name: str) -> None:
    manifest = opf.find("{http://www.idpf.org/2007/opf}manifest")
    assert manifest is not None
    folder = posixpath.dirname(opf_name)
    for item in embedded:
        last = manifest[-1] if len(manifest) else None
        element = etree.SubElement(manifest, "{http://www.idpf.org/2007/opf}item",
                                   id=item.ident, href=posixpath.relpath(item.name, folder))
        element.set("media-type", MEDIA_TYPE)
        if last is not None:  # keep the manifest's indentation
            element.tail, last.tail = last.tail, manifest.text
