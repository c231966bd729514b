"""The tools are contained: each guide is read, checked and rendered in a worker that the build
kills from outside when it runs past its deadline, and that cannot take more than its memory
cap; pandoc has limits of its own; a render outside a worker runs in a child process under the
same kind of limits; and what the tools write is checked before it is published. The limits
are lowered here so that real runs of the real tools go over them."""

from __future__ import annotations

import base64
import os
import re
import shutil
import signal
import subprocess
import threading
import time
from collections.abc import Callable
from pathlib import Path

import pytest
from lxml import etree

from guidepress import contained
from guidepress.errors import SourceError, ToolError
from guidepress.formats import pdf
from guidepress.read import document, limits, pandoc, safety, source

from ..conftest import SOURCE
from .conftest import GOOD, build

SLOW_BODY = "".join(f"Rinse step {i} and [read](https://example.org/{i}).\n\n"
                    for i in range(4000))


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


def _endless_page() -> str:
    """A page whose one SVG image asks for 40^6 drawings: each of 6 nested markers is placed
    on the 40 vertices of the one before (the check refuses it; the renderer alone runs for
    many minutes, and it draws in the code that catches BaseException)."""
    path = "M0 0 " + " ".join(f"L{i} {i % 7}" for i in range(40))
    markers = "".join(f'<marker id="m{level}"><path d="{path}"'
                      + (f' marker-mid="url(#m{level + 1})"' if level < 5 else "") + "/></marker>"
                      for level in range(6))
    image = ('<svg xmlns="http://www.w3.org/2000/svg" width="100" height="100"><defs>'
             f'{markers}</defs><path d="{path}" marker-mid="url(#m0)"/></svg>')
    data = base64.b64encode(image.encode()).decode()
    return (f"<html lang='en'><head><title>T</title></head><body><p>Rinse.</p>"
            f"<img src='data:image/svg+xml;base64,{data}' alt='Hands'></body></html>")


ENDLESS_PAGE = _endless_page()
# The render's limit is a few seconds; each test waits up to this long for it, far less than
# the page would take, and far more than stopping a child takes on a busy machine.
PATIENCE = 90.0


def _descendants() -> dict[int, str]:
    """Every process under this one (pid -> command line), the fork server's workers too."""
    parents: dict[int, int] = {}
    commands: dict[int, str] = {}
    for folder in Path("/proc").glob("[0-9]*"):
        try:
            parents[int(folder.name)] = int((folder / "stat").read_text().rsplit(")", 1)[1]
                                            .split()[1])
            commands[int(folder.name)] = (folder / "cmdline").read_bytes().replace(
                b"\0", b" ").decode(errors="replace")
        except (OSError, IndexError, ValueError):
            continue
    found, frontier = {}, [os.getpid()]
    while frontier:
        frontier = [pid for pid, parent in parents.items() if parent in frontier]
        found.update({pid: commands.get(pid, "") for pid in frontier})
    return found


def _left_running() -> list[str]:
    """Processes under this one other than multiprocessing's own (the fork server workers are
    forked from, its resource tracker)."""
    return [command for command in _descendants().values()
            if command and "from multiprocessing." not in command]


def test_a_pdf_render_outside_a_worker_is_stopped_in_a_child(
        monkeypatch: pytest.MonkeyPatch) -> None:
    """No timer inside the renderer: WeasyPrint catches BaseException while it draws an SVG,
    so a limit raised in its own process could be swallowed. Outside a build's worker the
    render runs in a child process, killed from outside."""
    monkeypatch.setattr(pdf, "RENDER_TIMEOUT_SECONDS", 5)
    started = time.monotonic()
    with pytest.raises(ToolError) as caught:
        pdf.write_pdf(ENDLESS_PAGE)
    assert time.monotonic() - started < PATIENCE
    assert str(caught.value) == ("the PDF took longer than 5 s to render and was stopped "
                                 "(the guide may be too large)")
    assert _children_running("guidepress.formats.pdf import child") == []


def test_a_pdf_render_is_stopped_in_another_thread(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(pdf, "RENDER_TIMEOUT_SECONDS", 5)
    errors: list[BaseException] = []

    def render() -> None:
        try:
            pdf.write_pdf(ENDLESS_PAGE)
        except ToolError as error:
            errors.append(error)

    worker = threading.Thread(target=render, daemon=True)
    worker.start()
    worker.join(PATIENCE)
    assert not worker.is_alive()
    assert [str(e) for e in errors] == ["the PDF took longer than 5 s to render and was stopped "
                                        "(the guide may be too large)"]
    assert _children_running("guidepress.formats.pdf import child") == []


def test_a_pdf_render_in_a_child_gives_the_same_bytes_as_in_a_worker() -> None:
    page = "<html lang='en'><head><title>T</title></head><body><p>Rinse.</p></body></html>"
    pool = contained.Pool(_render_here, _lost_text, 1)
    assert list(pool.run([page])) == [pdf.write_pdf(page)]


def _render_here(page: str) -> bytes:
    assert contained.in_worker()
    return pdf.write_pdf(page)


def _lost_text(item: object, reason: str) -> str:
    return f"lost: {reason}"


def _sleep_with_a_tool(seconds: float) -> str:
    """A worker's task that starts a tool in a session of its own (as runner.run does) and
    then never finishes in time: the tool must die with the worker."""
    subprocess.Popen(["sleep", "300"], start_new_session=True)
    time.sleep(seconds)
    return "finished"


def test_a_worker_past_its_deadline_is_killed_with_its_tools_and_replaced() -> None:
    pool = contained.Pool(_sleep_with_a_tool, _lost_text, 1,
                          contained.Limits(seconds=5, memory_bytes=2 << 30))
    started = time.monotonic()
    results = list(pool.run([300.0, 0.0, 300.0, 0.0]))
    assert results == ["lost: took longer than 5 s and was stopped", "finished",
                       "lost: took longer than 5 s and was stopped", "finished"]
    assert time.monotonic() - started < 60
    assert _left_running() == []


def _allocate(gigabytes: int) -> str:
    block = bytearray(gigabytes << 30)
    return f"allocated {len(block) >> 30} GiB"


def test_a_worker_over_its_memory_cap_fails_its_item_only() -> None:
    pool = contained.Pool(_allocate, _lost_text, 2,
                          contained.Limits(seconds=60, memory_bytes=1 << 30))
    assert list(pool.run([4, 0, 2, 0])) == [
        "lost: needed more than 1 GiB of memory and was stopped", "allocated 0 GiB",
        "lost: needed more than 1 GiB of memory and was stopped", "allocated 0 GiB"]
    assert _left_running() == []


def _crash(how: str) -> str:
    if how == "segfault":
        os.kill(os.getpid(), signal.SIGSEGV)
    if how == "bug":
        raise ValueError("All strings must be XML compatible")
    return "fine"


def test_a_worker_that_dies_or_fails_costs_its_item_only() -> None:
    pool = contained.Pool(_crash, _lost_text, 1)
    results = list(pool.run(["segfault", "fine", "bug", "fine"]))
    assert results[0] == ("lost: stopped with SIGSEGV (it may have needed more than 3 GiB of "
                          "memory)")
    assert results[1] == results[3] == "fine"
    assert results[2].startswith("lost: failed inside guidepress (ValueError at "
                                 "test_containment.py:")
    assert results[2].endswith(": All strings must be XML compatible)")


def _largest_guide() -> str:
    """The Medical Oncology guide's body repeated, headings and notes made unique, to just
    under the size a guide may have (see scripts/limits.py, `prose`)."""
    front, body = (SOURCE / "medical-oncology.md").read_text("utf-8").split("\n---\n", 1)
    text, part = front + "\n---\n", 1
    while True:
        copy = re.sub(r"^(#{2,6} .+)$", rf"\1 (part {part})", body, flags=re.M)
        copy = copy.replace("[^1]", f"[^p{part}]")
        if len((text + copy).encode()) > source.MAX_SOURCE_BYTES - 1024:
            return text
        text, part = text + "\n" + copy, part + 1


def test_a_guide_past_its_deadline_is_its_own_error_and_the_others_build(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The whole of one guide (read, check and render) is under its deadline, enforced from
    outside the worker; the guide fails with a clear error, exit 1, its last good outputs
    stay, and the other guides and the catalogue are built."""
    shutil.copytree(SOURCE / "images", tmp_path / "source" / "images")
    (tmp_path / "source" / "a-small.md").write_text(GOOD, "utf-8")
    # A real guide's text, again and again, to just under the size limit: it takes several
    # times the deadline (25 s on a 2-core machine), and a small guide well under it.
    (tmp_path / "source" / "b-large.md").write_text(_largest_guide(), "utf-8")
    (tmp_path / "source" / "c-small.md").write_text(GOOD, "utf-8")
    monkeypatch.chdir(tmp_path)
    monkeypatch.setattr(contained, "GUIDE_LIMITS", contained.Limits(5, 3 << 30))
    code, problems = build(("txt", "pdf", "large-print"))
    assert (code, problems) == (1, [
        "error: source/b-large.md: building this guide took longer than 5 s and was stopped",
        "error: b-large: nothing of it was published; its last good outputs stay (split it "
        "into several guides, or simplify its largest tables, lists or images)"])
    for slug in ("a-small", "c-small"):
        assert (tmp_path / "output" / slug / f"{slug}.pdf").is_file()
    assert not (tmp_path / "output" / "b-large").exists()
    assert "a-small" in (tmp_path / "output" / "index.html").read_text("utf-8")
    assert [c for c in _left_running() if "pandoc" in c] == []


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
