"""The QR code the printed editions put on their last page, for the guide's main link.

Paper has no links to follow: every printed edition prints each address next to its link, and
the main link (the front matter's `qr_link`, or by default the first source) also gets a QR
code. The code is never the only way to the link: its label says what it opens, the address is
printed beside it, and the link is in the text too. The code is drawn by `segno` as vector
paths, so it prints sharp at any size, and the page's figure tag carries alt text saying what
it opens.
"""

from __future__ import annotations

import base64
import io
from dataclasses import dataclass

from guidepress.read import pandocast
from guidepress.read.document import Document
from guidepress.read.frontmatter import NO_QR_LINK

# The code itself, without its quiet zone, prints at least this wide (2 cm is the least that
# phone cameras read reliably from arm's length; a little more helps shaky hands).
SYMBOL_CM = 2.5
QUIET_ZONE = 4  # modules of white around the code, as ISO/IEC 18004 asks
ERROR_LEVEL = "m"  # recovers from 15% damage: a fold or a pen mark across the code


@dataclass(frozen=True)
class QrLink:
    """The link the QR code opens, and what the guide calls it."""

    url: str
    text: str  # the link's text in the guide, or its source's title

    @property
    def label(self) -> str:
        return f"Scan to open {self.text}"

    @property
    def alt(self) -> str:
        return f"QR code that opens {self.text} ({self.url})"


@dataclass(frozen=True)
class QrFigure:
    """What a page template prints: the code as an SVG data: URL, its printed width, its
    label, address and alt text."""

    link: QrLink
    src: str
    width_cm: float

    @property
    def width(self) -> str:
        return f"{self.width_cm:.2f}cm"


def choose(document: Document) -> QrLink | None:
    """The guide's main link: `qr_link`, or the first source's address; None when the front
    matter says `qr_link: none` or the guide names no link."""
    meta = document.guide.meta
    url = meta.qr_link or (meta.sources[0].url if meta.sources else "")
    if not url or url == NO_QR_LINK:
        return None
    return QrLink(url, link_text(document, url))


def link_text(document: Document, url: str) -> str:
    """What the guide calls `url`: the text of its first link there, else the title of the
    source with that address, else the address itself."""
    for element in pandocast.walk(document.ast["blocks"]):
        if element["t"] == "Link" and element["c"][2][0] == url:
            text = " ".join(pandocast.stringify(element["c"][1]).split())
            if text:
                return text
    titles = [source.title for source in document.guide.meta.sources if source.url == url]
    return titles[0] if titles else url


def figure(document: Document) -> QrFigure | None:
    link = choose(document)
    if link is None:
        return None
    svg, modules = draw(link.url)
    width = SYMBOL_CM * (modules + 2 * QUIET_ZONE) / modules
    return QrFigure(link, "data:image/svg+xml;base64," + base64.b64encode(svg).decode(), width)


def draw(url: str) -> tuple[bytes, int]:
    """The QR code of `url` as SVG (scaled by its viewBox, white around it), and how many
    modules wide the code is without its quiet zone."""
    import segno

    code = segno.make(url, error=ERROR_LEVEL, micro=False, boost_error=False)
    out = io.BytesIO()
    code.save(out, kind="svg", border=QUIET_ZONE, xmldecl=False, omitsize=True,
              dark="#000", light="#fff", svgclass=None, lineclass=None)
    return out.getvalue(), int(code.symbol_size(border=0)[0])
