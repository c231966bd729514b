"""What only a person can judge, with what to look at: the report lists these for review."""

from __future__ import annotations

from typing import Any

from guidepress.validate.expect import Expected, norm
from guidepress.validate.refs import EPUB_WCAG, pdfua, wcag
from guidepress.validate.report import Review


def build(wanted: Expected, ace_report: dict[str, Any]) -> list[Review]:
    return [
        *_images(wanted, ace_report),
        Review("review.headings", "all", "Headings describe their sections",
               "Read each heading, then the section under it: does the heading say what the "
               "section is about?", (wcag("2.4.6"),),
               tuple(f"h{level}: {text}" for level, text in wanted.headings)),
        *_links(wanted),
        *_tables(wanted),
        Review("review.pdf-order", "pdf", "The PDF reads in a sensible order",
               "Open the PDF with a screen reader (or a tag-tree viewer) and listen to a page "
               "with the table, the diagram and the notes: do the table cells, the figure and "
               "its caption, and the footnote come where a reader expects them?",
               (wcag("1.3.2"), pdfua("7.1", "09-001", "Tags in logical reading order"))),
        Review("review.text-reading", "txt", "The plain text reads well aloud",
               "Read the text file from top to bottom, or have it read aloud: are tables "
               "understandable row by row, and do the spelled-out abbreviations and link "
               "addresses read naturally?", (wcag("1.3.2"),)),
        Review("review.epub-reading-system", "epub", "The EPUB works in a reading system",
               "Open the EPUB in a reading system with a screen reader (e.g. Thorium with "
               "NVDA or VoiceOver): move by heading, open the table of contents, follow the "
               "footnote and return, and enlarge the text.", (EPUB_WCAG, wcag("2.4.5"))),
        Review("review.colour", "all", "Colour and contrast inside images",
               "axe cannot see inside images: check that the diagram's text and lines have "
               "enough contrast (4.5:1 for text, 3:1 for lines and shapes) and that nothing is "
               "told by colour alone.", (wcag("1.4.1"), wcag("1.4.3"), wcag("1.4.11"))),
    ]


def _images(wanted: Expected, ace_report: dict[str, Any]) -> list[Review]:
    if not wanted.images:
        return []
    items = tuple(f"line {line}: alt “{norm(alt)}”"
                  + (f"; caption “{norm(caption)}”" if caption else "")
                  for line, alt, caption in wanted.images)
    ace_items = tuple(f"EPUB {img.get('location', '')}: alt “{norm(str(img.get('alt') or ''))}”"
                      for img in ace_report.get("data", {}).get("images", []) or [])
    return [
        Review("review.alt-text", "all", "Alt text is accurate and sufficient",
               "Look at each image next to its alt text: does the alt text give the same "
               "information in words, without repeating the caption?", (wcag("1.1.1"),),
               items + ace_items),
        Review("review.long-description", "all", "Complex images are fully described in text",
               "For each diagram, check that the text near it (here, the list after the "
               "diagram) gives every step and value the diagram shows.",
               (wcag("1.1.1"), wcag("1.3.1")), items),
    ]


def _links(wanted: Expected) -> list[Review]:
    items = [f"“{text}” → {target}" for text, target in wanted.link_texts]
    if not items:
        return []
    return [Review("review.links", "all", "Link text says where each link goes",
                   "Read each link's text with the sentence around it: is its purpose clear?",
                   (wcag("2.4.4"),), tuple(items))]


def _tables(wanted: Expected) -> list[Review]:
    if not wanted.tables:
        return []
    items = tuple(f"table {n}: " + ", ".join(headers)
                  for n, headers in enumerate(wanted.tables, start=1))
    return [Review("review.tables", "all", "Table headers and captions explain the data",
                   "Check that each table's caption and header cells tell a listener what each "
                   "column holds, and that no table is used only for layout.",
                   (wcag("1.3.1"),), items)]
