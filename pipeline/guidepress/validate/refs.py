"""The requirements a check supports: WCAG 2.2 success criteria, EPUB Accessibility 1.1 and
PDF/UA-1 (with its Matterhorn Protocol checkpoints). One table each, so every report names a
requirement the same way."""

from __future__ import annotations

import re
from dataclasses import dataclass


@dataclass(frozen=True, order=True)
class Ref:
    standard: str
    ident: str
    title: str
    url: str = ""

    @property
    def label(self) -> str:
        return f"{self.standard} {self.ident} {self.title}".strip()


# WCAG 2.2 level A and AA success criteria (4.1.1 Parsing is obsolete in 2.2).
WCAG22: dict[str, tuple[str, str]] = {
    "1.1.1": ("Non-text Content", "A"),
    "1.2.1": ("Audio-only and Video-only (Prerecorded)", "A"),
    "1.2.2": ("Captions (Prerecorded)", "A"),
    "1.2.3": ("Audio Description or Media Alternative (Prerecorded)", "A"),
    "1.2.4": ("Captions (Live)", "AA"),
    "1.2.5": ("Audio Description (Prerecorded)", "AA"),
    "1.3.1": ("Info and Relationships", "A"),
    "1.3.2": ("Meaningful Sequence", "A"),
    "1.3.3": ("Sensory Characteristics", "A"),
    "1.3.4": ("Orientation", "AA"),
    "1.3.5": ("Identify Input Purpose", "AA"),
    "1.4.1": ("Use of Color", "A"),
    "1.4.2": ("Audio Control", "A"),
    "1.4.3": ("Contrast (Minimum)", "AA"),
    "1.4.4": ("Resize Text", "AA"),
    "1.4.5": ("Images of Text", "AA"),
    "1.4.10": ("Reflow", "AA"),
    "1.4.11": ("Non-text Contrast", "AA"),
    "1.4.12": ("Text Spacing", "AA"),
    "1.4.13": ("Content on Hover or Focus", "AA"),
    "2.1.1": ("Keyboard", "A"),
    "2.1.2": ("No Keyboard Trap", "A"),
    "2.1.4": ("Character Key Shortcuts", "A"),
    "2.2.1": ("Timing Adjustable", "A"),
    "2.2.2": ("Pause, Stop, Hide", "A"),
    "2.3.1": ("Three Flashes or Below Threshold", "A"),
    "2.4.1": ("Bypass Blocks", "A"),
    "2.4.2": ("Page Titled", "A"),
    "2.4.3": ("Focus Order", "A"),
    "2.4.4": ("Link Purpose (In Context)", "A"),
    "2.4.5": ("Multiple Ways", "AA"),
    "2.4.6": ("Headings and Labels", "AA"),
    "2.4.7": ("Focus Visible", "AA"),
    "2.4.11": ("Focus Not Obscured (Minimum)", "AA"),
    "2.5.1": ("Pointer Gestures", "A"),
    "2.5.2": ("Pointer Cancellation", "A"),
    "2.5.3": ("Label in Name", "A"),
    "2.5.4": ("Motion Actuation", "A"),
    "2.5.7": ("Dragging Movements", "AA"),
    "2.5.8": ("Target Size (Minimum)", "AA"),
    "3.1.1": ("Language of Page", "A"),
    "3.1.2": ("Language of Parts", "AA"),
    "3.2.1": ("On Focus", "A"),
    "3.2.2": ("On Input", "A"),
    "3.2.3": ("Consistent Navigation", "AA"),
    "3.2.4": ("Consistent Identification", "AA"),
    "3.2.6": ("Consistent Help", "A"),
    "3.3.1": ("Error Identification", "A"),
    "3.3.2": ("Labels or Instructions", "A"),
    "3.3.3": ("Error Suggestion", "AA"),
    "3.3.4": ("Error Prevention (Legal, Financial, Data)", "AA"),
    "3.3.7": ("Redundant Entry", "A"),
    "3.3.8": ("Accessible Authentication (Minimum)", "AA"),
    "4.1.2": ("Name, Role, Value", "A"),
    "4.1.3": ("Status Messages", "AA"),
}

_AXE_TAG = re.compile(r"^wcag(\d)(\d)(\d{1,2})$")


def wcag(ident: str) -> Ref:
    title, level = WCAG22[ident]
    slug = re.sub(r"[^a-z0-9]+", "-", title.lower()).strip("-")
    return Ref("WCAG 2.2", ident, f"{title} (Level {level})",
               f"https://www.w3.org/WAI/WCAG22/Understanding/{slug}.html")


def wcag_from_axe_tag(tag: str) -> Ref | None:
    """`wcag1410` -> WCAG 2.2 1.4.10; None for tags that name no A/AA criterion."""
    match = _AXE_TAG.match(tag)
    if not match:
        return None
    ident = ".".join(match.groups())
    return wcag(ident) if ident in WCAG22 else None


EPUB_A11Y_URL = "https://www.w3.org/TR/epub-a11y-11/"
EPUB_DISCOVERY = Ref("EPUB Accessibility 1.1", "§2", "Discoverability (accessibility metadata)",
                     EPUB_A11Y_URL + "#sec-discovery")
EPUB_WCAG = Ref("EPUB Accessibility 1.1", "§3", "Accessibility: WCAG 2.2 Level AA conformance",
                EPUB_A11Y_URL)
EPUB_33 = Ref("EPUB 3.3", "", "EPUB publication conformance", "https://www.w3.org/TR/epub-33/")
EPUB_XHTML = Ref("EPUB 3.3", "", "XHTML content documents are XML",
                 "https://www.w3.org/TR/epub-33/#sec-xhtml")
HTML_STANDARD = Ref("HTML", "", "Living Standard conformance (valid markup)",
                    "https://html.spec.whatwg.org/multipage/")

MATTERHORN_URL = "https://pdfa.org/resource/the-matterhorn-protocol/"


def pdfua(clause: str, checkpoint: str, title: str) -> Ref:
    """A PDF/UA-1 (ISO 14289-1) clause with its Matterhorn Protocol checkpoint."""
    ident = f"{clause}, Matterhorn {checkpoint}" if checkpoint else clause
    return Ref("PDF/UA-1", ident, title, MATTERHORN_URL)

# Large-print guidance: UKAAF's minimum standards for clear and large print (G003, MS03) and
# the American Council of the Blind's large-print guidelines.
UKAAF_LARGE_PRINT = Ref("UKAAF", "G003", "Clear and large print: minimum standards")
ACB_LARGE_PRINT = Ref("ACB", "", "Large Print Guidelines", "http://acb.org/node/750")
