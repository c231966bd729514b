"""The large-print edition: a tagged PDF/UA-1 for readers with low vision, made the way the
handout is (WeasyPrint, the same tag fixes and fetcher) from its own templates.

It follows the UKAAF, APH and ACB large-print guidance: no text anywhere under 18 pt (running
header and footer, captions, table cells, notes, printed addresses and diagram labels
included), larger bold headings, Atkinson Hyperlegible, left aligned with no hyphenation, bold
and never italics or underlining for emphasis, 1.5 line spacing, black on white. Wide tables
print as labelled blocks and diagrams are enlarged or redrawn (lpbody); the QR code of the
guide's main link ends it, as it ends the handout.
"""

from __future__ import annotations

from dataclasses import dataclass

from guidepress import fonts
from guidepress.formats import lpbody, pdf, phrases, qrcode
from guidepress.formats.base import Format, RenderContext
from guidepress.read.document import Document
from guidepress.settings import Settings

TEMPLATE = "large-print/page.html"
STYLE = "large-print/page.css"
PX_PER_IN = 96.0


@dataclass(frozen=True)
class Paper:
    size: str  # the CSS page size
    width_in: float
    height_in: float


MM_PER_IN = 25.4
PAPERS = {"letter": Paper("letter", 8.5, 11.0),
          "a4": Paper("A4", 210 / MM_PER_IN, 297 / MM_PER_IN)}
# Page margins in inches: top, sides, bottom (the running header and footer sit in them).
MARGINS = (1.0, 0.75, 1.0)
# What the running header and footer, and the space around them, leave of the page's height
# for a diagram (in inches), so that one always fits a page with its caption.
RESERVED_IN = 1.2


class LargePrintFormat(Format):
    name = "large-print"
    weight = 0.8
    label = "Large-print edition"
    kind = "Large-print PDF"
    order = 25
    suffix = "-large-print.pdf"
    media_type = "application/pdf"
    templates = (TEMPLATE, STYLE)
    tools = pdf.PdfFormat.tools
    preload = ("guidepress.formats.weasy",)

    def options(self, settings: Settings) -> dict[str, str]:
        return {"paper": settings.paper}

    def fingerprints(self) -> dict[str, str]:
        return {f"font:{name}": digest for name, digest in fonts.digests().items()}

    def render(self, document: Document, context: RenderContext) -> bytes:
        return pdf.write_pdf(self.page(document, context), images=pdf.image_names(document))

    def page(self, document: Document, context: RenderContext) -> str:
        """The edition as one HTML page for WeasyPrint."""
        paper = PAPERS[context.settings.paper]
        top, side, bottom = MARGINS
        column = lpbody.Column((paper.width_in - 2 * side) * PX_PER_IN,
                               (paper.height_in - top - bottom - RESERVED_IN) * PX_PER_IN)
        body = lpbody.prepare(pdf.print_addresses(context.body_html(document)),
                              [image.asset for image in document.images], column)
        return context.env.get_template(TEMPLATE).render(
            **context.page_values(document), body=body, css=context.template_text(STYLE),
            page_size=paper.size, margins=" ".join(f"{m:g}in" for m in MARGINS),
            qr=qrcode.figure(document), page_css=margin_css(document.guide.meta.lang))


def margin_css(lang: str) -> str:
    """The running title and "Page N of M", in `lang`, on the page's reading sides."""
    start, end = phrases.sides(lang)
    return ("@page {\n"
            f"  @top-{start} {{ content: string(guide-title); }}\n"
            f"  @bottom-{end} {{ content: {phrases.page_numbers(lang)}; }}\n"
            "}\n")
