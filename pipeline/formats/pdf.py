"""The printable PDF handout: WeasyPrint, tagged, PDF/UA-1, fetching nothing it was not given."""

from __future__ import annotations

import contextlib
import logging
import signal
import threading
from collections.abc import Iterator
from typing import Any

from ..document import Document
from ..errors import ToolError
from .base import Format, RenderContext

RENDER_TIMEOUT_SECONDS = 120


class PdfFormat(Format):
    name = "pdf"
    suffix = ".pdf"
    media_type = "application/pdf"
    templates = ("pdf/handout.html", "pdf/handout.css")
    options = ("paper",)

    def render(self, document: Document, context: RenderContext) -> bytes:
        page = context.env.get_template("pdf/handout.html").render(
            **context.page_values(document),
            body=context.body_html(document),
            css=context.template_text("pdf/handout.css"),
            page_size="A4" if context.paper == "a4" else "letter",
        )
        return write_pdf(page)


def write_pdf(page: str) -> bytes:
    import weasyprint

    errors: list[str] = []
    with _collect_errors(errors), _time_limit(RENDER_TIMEOUT_SECONDS):
        html = weasyprint.HTML(string=page, base_url=None, url_fetcher=_fetcher())
        pdf = html.write_pdf(pdf_variant="pdf/ua-1", pdf_tags=True, pdf_identifier=b"guidepress")
    if errors:
        raise ToolError("WeasyPrint could not render the handout: " + "; ".join(errors))
    return bytes(pdf)


def _fetcher() -> Any:
    """Only the data: URLs the build itself embedded are served; any other URL stops the render."""
    from weasyprint.urls import FatalURLFetchingError, URLFetcher

    class EmbeddedOnly(URLFetcher):  # type: ignore[misc]
        def fetch(self, url: str, headers: Any = None) -> Any:
            if url.startswith("data:"):
                return super().fetch(url, headers)
            raise FatalURLFetchingError(f"refused to load {url[:80]!r}")

    return EmbeddedOnly(allowed_protocols={"data"})


class _ErrorCollector(logging.Handler):
    def __init__(self, errors: list[str]) -> None:
        super().__init__(logging.ERROR)
        self.errors = errors

    def emit(self, record: logging.LogRecord) -> None:
        self.errors.append(record.getMessage())


@contextlib.contextmanager
def _collect_errors(errors: list[str]) -> Iterator[None]:
    """WeasyPrint only logs a failed image or style sheet; the build must fail instead."""
    logger = logging.getLogger("weasyprint")
    handler = _ErrorCollector(errors)
    logger.addHandler(handler)
    try:
        yield
    finally:
        logger.removeHandler(handler)


@contextlib.contextmanager
def _time_limit(seconds: int) -> Iterator[None]:
    if threading.current_thread() is not threading.main_thread():
        yield
        return

    def expire(signum: int, frame: Any) -> None:
        raise ToolError(f"the PDF took longer than {seconds} s to render and was stopped",
                        "the guide may be too large")

    previous = signal.signal(signal.SIGALRM, expire)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)
