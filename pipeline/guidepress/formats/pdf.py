"""The printable PDF handout: WeasyPrint, tagged, PDF/UA-1, fetching nothing it was not given."""

from __future__ import annotations

import contextlib
import json
import logging
import re
import sys
from collections.abc import Iterator, Mapping
from typing import Any

from guidepress import contained, fonts, runner
from guidepress.errors import ToolError
from guidepress.formats import figures, pdffit, pdftags, pdfunicode, phrases, qrcode
from guidepress.formats.base import Format, RenderContext
from guidepress.read.document import Document
from guidepress.settings import Settings

RENDER_TIMEOUT_SECONDS = 120
OPTIONS: dict[str, Any] = {"pdf_variant": "pdf/ua-1", "pdf_tags": True,
                           "pdf_identifier": b"guidepress"}


class PdfFormat(Format):
    name = "pdf"
    weight = 1.3
    label = "Printable handout"
    kind = "PDF"
    order = 20
    suffix = ".pdf"
    media_type = "application/pdf"
    templates = ("pdf/handout.html", "pdf/handout.css")
    tools = ("weasyprint", "pydyf", "fonttools", "fontpkg-atkinson-hyperlegible",
             "fontpkg-noto-sans", "fontpkg-almarai", "segno")
    preload = ("guidepress.formats.weasy",)

    def options(self, settings: Settings) -> dict[str, str]:
        return {"paper": settings.paper}

    def fingerprints(self) -> dict[str, str]:
        return {f"font:{name}": digest for name, digest in fonts.digests().items()}

    def render(self, document: Document, context: RenderContext) -> bytes:
        return write_pdf(*self.layouts(document, context), images=image_names(document))

    def layouts(self, document: Document, context: RenderContext) -> tuple[str, ...]:
        """The handout as HTML pages for WeasyPrint, from the roomiest layout to the
        tightest (see pdffit)."""
        template = context.env.get_template("pdf/handout.html")
        values = {
            **context.page_values(document),
            "css": context.template_text("pdf/handout.css"),
            "page_size": "A4" if context.settings.paper == "a4" else "letter",
            "qr": qrcode.figure(document),
            "page_css": phrases.page_margin_css(document.guide.meta.lang),
        }
        body = print_addresses(context.body_html(document))
        assets = [image.asset for image in document.images]
        return tuple(template.render(**values, fit=level.name, body=figures.size_figures(
            body, assets, level.figure_scale)) for level in pdffit.LEVELS)

    def page(self, document: Document, context: RenderContext) -> str:
        """The roomiest layout alone (what tests of the tag tree render)."""
        return self.layouts(document, context)[0]


def image_names(document: Document) -> dict[str, str]:
    """How WeasyPrint's messages should name each embedded image: its path and line in the
    guide, never the base64 data: URI it was given."""
    return {image.asset.data_uri(): f"{image.asset.relative!r} on line {image.line}"
            for image in document.images}


def print_addresses(body: str) -> str:
    """Mark each link whose text does not already show where it goes with `data-print`, the
    address as a reader writes it (no `mailto:`): the handout prints it after the link."""
    import html as html_text

    from lxml import html

    root = html.fragment_fromstring(body, create_parent="div")
    for link in root.iter("a"):
        href = link.get("href") or ""
        address = href.removeprefix("mailto:")
        if not href.startswith(("http://", "https://", "mailto:")):
            continue
        shown = " ".join(link.text_content().split())
        if shown not in (href, address, address.rstrip("/")):
            link.set("data-print", address)
    parts = [str(html.tostring(child, encoding="unicode")) for child in root]
    return html_text.escape(root.text or "", quote=False) + "".join(parts)


def write_pdf(*layouts: str, skip: frozenset[str] = frozenset(),
              images: Mapping[str, str] | None = None) -> bytes:
    """Render the first of `layouts` that prints well (see pdffit). Inside a build's worker
    the render runs right here: the worker's deadline and memory cap, enforced from outside
    (guidepress.contained), cover it. Anywhere else it runs in a child process under the same
    kind of limits, because a limit inside this process could be swallowed (WeasyPrint catches
    BaseException while it draws an SVG). `skip` names tag fixes (`pdftags.FIXES`) to leave
    out, for tests; `images` names the embedded images in messages (see `image_names`)."""
    if contained.in_worker():
        return _render(layouts, skip, images or {})
    return _render_in_child(layouts, skip, images or {})


def _render(layouts: tuple[str, ...], skip: frozenset[str] = frozenset(),
            images: Mapping[str, str] | None = None) -> bytes:
    # fontconfig is set up when WeasyPrint is imported and again for each document: both must
    # see only the shipped fonts.
    with fonts.private_fontconfig():
        from guidepress.formats.weasy import weasyprint
    from weasyprint.urls import FatalURLFetchingError

    errors: list[str] = []
    try:
        with _collect_errors(errors, images or {}), fonts.private_fontconfig():
            document = pdffit.choose(layouts, lambda page: _lay_out(weasyprint, page))
            tags = pdftags.finisher(skip) if skip else pdftags.finish

            def finish(document: Any, pdf: Any) -> None:
                pdfunicode.map_every_glyph(pdf)
                tags(document, pdf)

            pdf = document.write_pdf(finisher=finish, **OPTIONS)
    except FatalURLFetchingError as exc:
        raise ToolError(f"WeasyPrint could not render the handout: {exc}") from None
    if errors:
        raise ToolError("WeasyPrint could not render the handout: " + "; ".join(errors))
    return bytes(pdf)


def _lay_out(weasyprint: Any, page: str) -> Any:
    html = weasyprint.HTML(string=page, base_url=None, url_fetcher=_fetcher())
    return html.render(**OPTIONS)


def _render_in_child(layouts: tuple[str, ...], skip: frozenset[str],
                     images: Mapping[str, str]) -> bytes:
    """The same render in a new Python process under a memory cap, killed with its group when
    it runs over its time."""
    command = [sys.executable, "-c", "from guidepress.formats.pdf import child; child()",
               *sorted(skip)]
    work = {"layouts": layouts, "images": dict(images)}
    try:
        done = runner.run(command, tool="WeasyPrint", timeout=RENDER_TIMEOUT_SECONDS,
                          stdin=json.dumps(work).encode("utf-8"),
                          memory_bytes=contained.GUIDE_LIMITS.memory_bytes)
    except runner.TimedOut:
        raise _timed_out() from None
    if done.returncode != 0:
        lines = done.stderr.decode("utf-8", "replace").strip().splitlines() or ["no message"]
        if "MemoryError" in lines[-1]:
            raise ToolError("the PDF needed more than "
                            f"{contained.GUIDE_LIMITS.describe_memory()} of memory to render")
        raise ToolError(lines[-1].removeprefix("error: "))
    return done.stdout


def child() -> None:
    """A child process's whole life: the layouts and image names on stdin (JSON), the PDF on
    stdout."""
    work = json.loads(sys.stdin.buffer.read().decode("utf-8"))
    try:
        pdf = _render(tuple(work["layouts"]), frozenset(sys.argv[1:]), work["images"])
    except ToolError as error:
        sys.stderr.write(f"error: {error}\n")
        sys.exit(error.exit_code)
    sys.stdout.buffer.write(pdf)


def _timed_out() -> ToolError:
    return ToolError(f"the PDF took longer than {RENDER_TIMEOUT_SECONDS} s to render and was "
                     "stopped", "the guide may be too large")


def _fetcher() -> Any:
    """Only the data: URLs the build itself embedded, and the shipped font files the style
    sheet names as `guidepress-font:NAME`, are served; any other URL stops the render."""
    from weasyprint.urls import FatalURLFetchingError, URLFetcher, URLFetcherResponse

    class EmbeddedOnly(URLFetcher):  # type: ignore[misc]
        def fetch(self, url: str, headers: Any = None) -> Any:
            if url.startswith("data:"):
                return super().fetch(url, headers)
            face = fonts.shipped(url.removeprefix(fonts.SCHEME)) if url.startswith(
                fonts.SCHEME) else None
            if face is not None:
                return URLFetcherResponse(url, face.path.read_bytes(),
                                          {"Content-Type": "font/ttf"})
            raise FatalURLFetchingError(f"refused to load {url[:80]!r}")

    return EmbeddedOnly(allowed_protocols={"data"})


class _ErrorCollector(logging.Handler):
    def __init__(self, errors: list[str], images: Mapping[str, str]) -> None:
        super().__init__(logging.ERROR)
        self.errors, self.images = errors, images

    def emit(self, record: logging.LogRecord) -> None:
        # A message quotes the data: URL of an image; name the image and its line instead.
        message = _DATA_URL.sub(lambda found: self.images.get(found.group(1), "an image"),
                                record.getMessage())
        message = " ".join(message.split()).rstrip(":")  # a failed image's reason may be empty
        self.errors.append(message if len(message) <= 240 else message[:239] + "\u2026")


_DATA_URL = re.compile(r"'?(data:[^\s'\")]*)'?")


@contextlib.contextmanager
def _collect_errors(errors: list[str], images: Mapping[str, str]) -> Iterator[None]:
    """WeasyPrint only logs a failed image or style sheet; the build must fail instead."""
    logger = logging.getLogger("weasyprint")
    handler = _ErrorCollector(errors, images)
    logger.addHandler(handler)
    try:
        yield
    finally:
        logger.removeHandler(handler)
