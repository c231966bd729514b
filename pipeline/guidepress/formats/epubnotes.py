"""The EPUB's notes as reading systems and screen readers expect them (EPUB 3 Structural
Semantics and DPUB-ARIA), the way the web page has them.

pandoc writes a note reference as a full-size number and each note as an `aside` without its
number or a way back. Here each reference becomes a superscript number named "Note 1"
(`noteref`, `doc-noteref`); the notes become a numbered list in an `endnotes` section
(`doc-endnotes`), each `endnote` (`doc-endnote`) ending with a link back to where it was cited
(`doc-backlink`), named "Back to the text of note 1".
"""

from __future__ import annotations

import re

from lxml import etree

from guidepress.formats import phrases

XHTML_NS = "http://www.w3.org/1999/xhtml"
EPUB_TYPE = "{http://www.idpf.org/2007/ops}type"
_X = f"{{{XHTML_NS}}}"


def rework(root: etree._Element, lang: str = phrases.FALLBACK) -> None:
    """Rewrite the note references and notes of one XHTML content document in place, in
    the words of the guide's language."""
    for link in root.iter(f"{_X}a"):
        if "footnote-ref" in (link.get("class") or "").split():
            reference(link, lang)
    for section in list(root.iter(f"{_X}section")):
        if section.get(EPUB_TYPE) == "footnotes":
            endnotes(section, lang)


def reference(link: etree._Element, lang: str) -> None:
    number = note_number(link.get("href") or "")
    link.set(EPUB_TYPE, "noteref")
    link.set("role", "doc-noteref")
    link.set("aria-label", phrases.phrase(lang, "note", number=number))
    if link.find(f"{_X}sup") is None:
        sup = etree.Element(f"{_X}sup")
        sup.text, link.text = link.text, None
        for child in list(link):
            sup.append(child)
        link.append(sup)


def endnotes(section: etree._Element, lang: str) -> None:
    """pandoc's `footnotes` section of asides, as a numbered list of endnotes."""
    section.set(EPUB_TYPE, "endnotes")
    section.set("role", "doc-endnotes")
    section.set("aria-label", phrases.phrase(lang, "notes"))
    listing = etree.Element(f"{_X}ol", attrib={"class": "notes"})
    for child in list(section):
        section.remove(child)
        if etree.QName(child).localname == "aside":
            listing.append(endnote(child, lang))
    listing.text = listing.tail = "\n"
    section.text = "\n"
    section.append(listing)


def endnote(aside: etree._Element, lang: str) -> etree._Element:
    ident = aside.get("id") or ""
    item = etree.Element(f"{_X}li", attrib={"id": ident, EPUB_TYPE: "endnote"})
    item.text = aside.text
    for child in list(aside):
        item.append(child)
    number = note_number(ident)
    back = etree.Element(f"{_X}a", attrib={
        "href": f"#fnref{number}", "class": "footnote-back", EPUB_TYPE: "backlink",
        "role": "doc-backlink",
        "aria-label": phrases.phrase(lang, "back_to_note", number=number)})
    back.text = phrases.phrase(lang, "back")  # words the embedded fonts draw, as on the web
    last = item[-1] if len(item) else None
    if last is not None and etree.QName(last).localname == "p":
        _add_text(last, " ")
        last.append(back)  # inside the note's last paragraph, after its words
    else:
        item.append(back)
    item.tail = "\n"
    return item


def _add_text(element: etree._Element, text: str) -> None:
    """Add `text` at the end of `element`'s content."""
    if len(element):
        element[-1].tail = (element[-1].tail or "").rstrip() + text
    else:
        element.text = (element.text or "").rstrip() + text


def note_number(target: str) -> str:
    """`1` from `#fn1`, `fn1` or `#fnref1`."""
    found = re.search(r"(\d+)$", target)
    return found.group(1) if found else ""
