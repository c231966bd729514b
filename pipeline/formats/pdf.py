"""The printable PDF handout: WeasyPrint, tagged, PDF/UA-1, fetching nothing it was not given."""

from __future__ import annotations

import contextlib
import logging
import os
import signal
import subprocess
import sys
import threading
from collections.abc import Iterator
from typing import Any

from ..document import Document
from ..errors import ToolError
from . import pdftags
from .base import Format, RenderContext

RENDER_TIMEOUT_SECONDS = 120


class PdfFormat(Format):
    name = "pdf"
    suffix = ".pdf"
    media_type = "application/pdf"
    templates = ("pdf/handout.html", "pdf/handout.css")
    options = ("paper",)
    tools = ("weasyprint", "pydyf")

    def render(self, document: Document, context: RenderContext) -> bytes:
        return write_pdf(self.page(document, context))

    def page(self, document: Document, context: RenderContext) -> str:
        """The handout as the HTML page WeasyPrint lays out."""
        return context.env.get_template("pdf/handout.html").render(
            **context.page_values(document),
            body=context.body_html(document),
            css=context.template_text("pdf/handout.css"),
            page_size="A4" if context.paper == "a4" else "letter",
        )


def write_pdf(page: str, skip: frozenset[str] = frozenset()) -> bytes:
    """Render `page`, stopped after RENDER_TIMEOUT_SECONDS wherever it runs: a timer signal
    in the main thread (a worker process's too), a child process it can kill anywhere else.
    `skip` names tag fixes (`pdftags.FIXES`) to leave out, for tests."""
    if threading.current_thread() is threading.main_thread():
        return _render(page, skip)
    return _render_in_child(page, skip)


def _render(page: str, skip: frozenset[str] = frozenset()) -> bytes:
    import weasyprint
    from weasyprint.urls import FatalURLFetchingError

    errors: list[str] = []
    try:
        with _collect_errors(errors), _time_limit(RENDER_TIMEOUT_SECONDS):
            html = weasyprint.HTML(string=page, base_url=None, url_fetcher=_fetcher())
            pdf = html.write_pdf(pdf_variant="pdf/ua-1", pdf_tags=True,
                                 pdf_identifier=b"guidepress",
                                 finisher=pdftags.finisher(skip) if skip else pdftags.finish)
    except _Expired:
        raise _timed_out() from None
    except FatalURLFetchingError as exc:
        raise ToolError(f"WeasyPrint could not render the handout: {exc}") from None
    if errors:
        raise ToolError("WeasyPrint could not render the handout: " + "; ".join(errors))
    return bytes(pdf)


def _render_in_child(page: str, skip: frozenset[str]) -> bytes:
    """The same render in a new Python process, killed with its group when it runs over."""
    command = [sys.executable, "-c", "from pipeline.formats.pdf import child; child()",
               *sorted(skip)]
    with subprocess.Popen(command, stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                          stderr=subprocess.PIPE, start_new_session=True) as proc:
        try:
            out, err = proc.communicate(page.encode("utf-8"), timeout=RENDER_TIMEOUT_SECONDS)
        except subprocess.TimeoutExpired:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(proc.pid, signal.SIGKILL)
            proc.communicate()
            raise _timed_out() from None
    if proc.returncode != 0:
        lines = err.decode("utf-8", "replace").strip().splitlines() or ["no message"]
        raise ToolError(lines[-1].removeprefix("error: "))
    return out


def child() -> None:
    """A child process's whole life: the page on stdin, the PDF on stdout."""
    try:
        pdf = _render(sys.stdin.buffer.read().decode("utf-8"), frozenset(sys.argv[1:]))
    except ToolError as error:
        sys.stderr.write(f"error: {error}\n")
        sys.exit(error.exit_code)
    sys.stdout.buffer.write(pdf)


def _timed_out() -> ToolError:
    return ToolError(f"the PDF took longer than {RENDER_TIMEOUT_SECONDS} s to render and was "
                     "stopped", "the guide may be too large")


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
        message = " ".join(record.getMessage().split())  # may quote a whole data: URL
        self.errors.append(message if len(message) <= 160 else message[:159] + "\u2026")


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


class _Expired(BaseException):
    """Raised by the timer. Not an Exception: WeasyPrint catches those (a broken image only
    logs an error) and would carry on past its time limit."""


@contextlib.contextmanager
def _time_limit(seconds: int) -> Iterator[None]:
    def expire(signum: int, frame: Any) -> None:
        raise _Expired

    previous = signal.signal(signal.SIGALRM, expire)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)
