"""The tools are contained: pandoc and WeasyPrint are stopped when they run over their time,
wherever they run, and what they write is checked before it is published. The limits are
lowered here so that a real run of the real tool goes over them."""

from __future__ import annotations

import os
import threading
import time
from collections.abc import Callable
from pathlib import Path

import pytest
from lxml import etree

from guidepress.errors import SourceError, ToolError
from guidepress.formats import pdf
from guidepress.read import document, limits, pandoc, safety, source

from .conftest import GOOD

SLOW_BODY = "".join(f"Rinse step {i} and [read](https://example.org/{i}).\n\n"
                    for i in range(8000))


def _children_running(text: str) -> list[int]:
    """Processes whose parent is this one and whose command line contains `text`."""
    found = []
    for folder in Path("/proc").glob("[0-9]*"):
        try:
            parent = int((folder / "stat").read_text().rsplit(")", 1)[1].split()[1])
            command = (folder / "cmdline").read_bytes().replace(b"\0", b" ").decode()
        except (OSError, IndexError, ValueError):
            continue
        if parent == os.getpid() and text in command:
            found.append(int(folder.name))
    return found


def test_pandoc_is_stopped_at_its_time_limit_with_its_whole_group(
        make_source: Callable[..., Path], monkeypatch: pytest.MonkeyPatch) -> None:
    path = make_source(GOOD.replace("Use soap", SLOW_BODY + "Use soap"))
    guide = source.load(path)
    monkeypatch.setattr(pandoc, "TIMEOUT_SECONDS", 0.2)
    started = time.monotonic()
    with pytest.raises(SourceError) as caught:
        document.build(guide)
    assert time.monotonic() - started < 5
    assert str(caught.value) == (f"{guide.display_path}: the guide could not be read: pandoc took "
                                 "longer than 0.2 s and was stopped (the guide may be too large "
                                 "or too deeply nested)")
    assert _children_running("pandoc") == []


def test_pandoc_out_of_memory_is_the_guides_error(
        make_source: Callable[..., Path], monkeypatch: pytest.MonkeyPatch) -> None:
    guide = source.load(make_source(GOOD.replace("Use soap", SLOW_BODY + "Use soap")))
    monkeypatch.setattr(pandoc, "MEMORY_LIMIT", "8m")
    with pytest.raises(SourceError, match="ran out of its 8m memory limit"):
        document.build(guide)


def test_pandoc_warnings_are_kept_not_printed(capfd: pytest.CaptureFixture[str]) -> None:
    # In its sandbox pandoc may not read the image, so it warns; the warning is returned.
    result = pandoc.run(["--from", "commonmark", "--to", "epub3", "--output", "-"],
                        b"![Soap](../outside/secret.png)\n")
    assert result.warnings == ('[WARNING] Could not fetch resource ../outside/secret.png: '
                               'PandocResourceNotFound "../outside/secret.png"',)
    captured = capfd.readouterr()
    assert captured.out == "" and captured.err == ""


HEAVY_PAGE = "<html lang='en'><body>" + "<p>Rinse and dry.</p>" * 40_000 + "</body></html>"


def test_a_pdf_render_is_stopped_in_the_main_thread(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(pdf, "RENDER_TIMEOUT_SECONDS", 0.5)
    started = time.monotonic()
    with pytest.raises(ToolError, match=r"took longer than 0\.5 s"):
        pdf.write_pdf(HEAVY_PAGE)
    assert time.monotonic() - started < 10


def test_a_pdf_render_is_stopped_in_another_thread(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(pdf, "RENDER_TIMEOUT_SECONDS", 0.5)
    errors: list[BaseException] = []

    def render() -> None:
        try:
            pdf.write_pdf(HEAVY_PAGE)
        except ToolError as error:
            errors.append(error)

    started = time.monotonic()
    worker = threading.Thread(target=render)
    worker.start()
    worker.join(30)
    assert not worker.is_alive() and time.monotonic() - started < 10
    assert [str(e) for e in errors] == ["the PDF took longer than 0.5 s to render and was stopped "
                                        "(the guide may be too large)"]
    assert _children_running("guidepress.formats.pdf import child") == []


def test_a_pdf_render_in_another_thread_gives_the_same_bytes() -> None:
    page = "<html lang='en'><head><title>T</title></head><body><p>Rinse.</p></body></html>"
    results: list[bytes] = []
    worker = threading.Thread(target=lambda: results.append(pdf.write_pdf(page)))
    worker.start()
    worker.join(60)
    assert results == [pdf.write_pdf(page)]


def test_weasyprint_fetches_nothing_but_embedded_data() -> None:
    for url in ("file:///etc/passwd", "https://example.org/x.png", "/etc/passwd"):
        page = f"<html lang='en'><body><img src='{url}' alt='x'></body></html>"
        with pytest.raises(ToolError, match="could not render"):
            pdf.write_pdf(page)


@pytest.mark.parametrize(("target", "allowed"), [
    ("https://example.org/a?b#c", True), ("http://example.org", True),
    ("mailto:help@example.org", True), ("#soap", True), ("", True),
    ("javascript:alert(1)", False), (" JAVASCRIPT:alert(1)", False),
    ("java\tscript:alert(1)", False), ("\x01javascript:x", False), ("vbscript:x", False),
    ("data:text/html,x", False), ("file:///etc/passwd", False), ("ftp://example.org", False),
    ("//example.org/x", False), ("\\\\server\\share", False), ("guide.html", False),
    ("../secret.txt", False), ("https:\\\\example.org", False), ("https://", False),
    ("https://[::1", False),
])
def test_link_targets(target: str, allowed: bool) -> None:
    assert (safety.link_problem(target) is None) == allowed


@pytest.mark.parametrize(("markup", "problem"), [
    ("<p>fine <a href='ch001.xhtml#x'>x</a> <img src='../media/file0.png' alt=''/></p>", None),
    ("<script>alert(1)</script>", "a <script> element"),
    ("<p onclick='x'>x</p>", "an event handler (onclick) on <p>"),
    ("<a href='javascript:x'>x</a>", "href='javascript:x' on <a>"),
    ("<img src='https://example.org/x.png' alt=''/>", "src='https://example.org/x.png' on <img>"),
    ("<img src='/etc/passwd' alt=''/>", "src='/etc/passwd' on <img>"),
    ("<p style='background: u\\72l(x)'>x</p>", "a style that loads something on <p>"),
    ("<meta http-equiv='refresh' content='0'/>", "a <meta> element"),
    ("<link rel='import' href='x'/>", "a <link> element"),
])
def test_markup_pandoc_writes_is_checked(markup: str, problem: str | None) -> None:
    root = etree.fromstring(f"<html xmlns='http://www.w3.org/1999/xhtml'><body>{markup}</body>"
                            "</html>")
    assert safety.unsafe_markup(root) == problem


def test_limits_leave_a_long_real_guide_alone() -> None:
    body = (Path(__file__).parents[2] / "source" / "medical-oncology.md").read_text("utf-8")
    limits.check(body * 10, "guide.md", 1)  # no error
