"""Property-based tests: generated front matter and Markdown, hostile pieces mixed with plain
ones, go through `check` and `build` for real. The only outcomes allowed are success with
valid, clean outputs, or a documented error that names the guide file; never a traceback, a
tool failure, or anything the output scanner objects to.
"""

from __future__ import annotations

import contextlib
import io
import re
import shutil
import tempfile
import zipfile
from collections.abc import Iterator
from pathlib import Path

import pikepdf
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from lxml import etree, html

from guidepress.checks import apply as checks
from guidepress.checks.registry import RULES
from guidepress.errors import SourceError

from .conftest import build
from .scan import scan

IMAGES = Path(__file__).parents[2] / "source" / "images"
SETTINGS = settings(max_examples=100, deadline=None, derandomize=False,
                    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])

# Problem lines a build may print: a source error naming the file (and line), a finding, or
# the summary of a guide that failed its checks.
DOCUMENTED = re.compile(
    r"^(error: source/guide\.md(:\d+)?: .+"
    r"|source/guide\.md:\d+:\d+: [ARPMS]\d{3} (error|warning): .+"
    r"|error: guide: \d+ findings? in the source checks .+)", re.S)

WORDS = st.sampled_from(["Wash", "hands", "soap", "water", "often", "rinse", "dry", "the",
                         "towel", "nurse", "ABIM", "NO", "1.10", "yes", "p\u0430ypal", "日本",
                         "مرحبا", "🧼", "naïve", "x\u200by", "{{ 7 * 7 }}", "{% raw %}"])
TARGETS = st.sampled_from([
    "https://example.org/hands", "http://example.org", "mailto:help@example.org", "#soap",
    "", "javascript:alert(1)", "JaVaScRiPt:alert(1)", "java\tscript:x", "data:text/html,x",
    "file:///etc/passwd", "vbscript:x", "../outside/secret.txt", "//example.org",
    "https://[::1", "https://ex\u0430mple.org", "https:\\\\example.org", "guide.html",
])
IMAGE_REFS = st.sampled_from(["images/training-path.svg"] * 12 + [
    "images/training-path.svg", "images/missing.png", "../outside/secret.txt",
    "/etc/passwd", "https://example.org/x.png", "images/%2e%2e/x", "images", "file:///x",
    "data:image/png;base64,iVBORw0KGgo=", "images/a%00.png", "https://[::1",
])
ATTRIBUTES = st.sampled_from([
    "", "{#main}", "{#fn1}", "{.note}", "{lang=es}", "{lang=bogus!}", "{dir=rtl lang=ar}",
    "{onclick=\"alert(1)\"}", "{style=\"color:red\"}", "{=html}", "{alt=\"x\"}",
    "{width=50%}", "{#x .y z=w}", "{wrapper=1}", "{data-pos=\"1:1-1:2\"}",
])
RAW = st.sampled_from([
    "<script>alert(1)</script>", "<b onclick=x>b</b>", "<!-- c -->", "<img src=x onerror=y>",
    "&#106;avascript:", "&lt;script&gt;", "<javascript:alert(1)>", "<https://example.org>",
    "\\<", "<", "&", "\"", "'", "[", "]", "*", "_", "`", "~~", "|", ":::", "^[note]",
])


@st.composite
def inline(draw: st.DrawFn) -> str:
    word = draw(WORDS)
    kind = draw(st.integers(0, 9))
    if kind == 0:
        return f"*{word}*"
    if kind == 1:
        return f"[{word}]({draw(TARGETS)}){draw(ATTRIBUTES)}"
    if kind == 2:
        return f"![{word}]({draw(IMAGE_REFS)}){draw(ATTRIBUTES)}"
    if kind == 3:
        return draw(RAW)
    if kind == 4:
        return f"[{word}]{draw(ATTRIBUTES) or '{.x}'}"
    if kind == 5:
        return f"`{word}`{draw(ATTRIBUTES)}"
    return word


@st.composite
def paragraph(draw: st.DrawFn) -> str:
    return " ".join(draw(st.lists(inline(), min_size=1, max_size=8)))


@st.composite
def block(draw: st.DrawFn) -> str:
    text = draw(paragraph())
    kind = draw(st.integers(0, 11))
    shapes = [
        f"## {text} {draw(ATTRIBUTES)}", f"- {text}\n- {draw(paragraph())}",
        f"1. {text}\n   > {draw(paragraph())}", f"> {text}", f"```{draw(ATTRIBUTES)}\n{text}\n```",
        f"::: {draw(ATTRIBUTES) or 'note'}\n{text}\n:::", f"| a | b |\n|---|---|\n| {text} | x |",
        f"Term\n: {text}", f"Note[^n].\n\n[^n]: {text}", draw(RAW) + f"\n{text}", "---", text,
    ]
    return shapes[kind]


HOSTILE_VALUES = st.sampled_from([
    "NO", "1.10", "\"{{ 7 * 7 }}\"", "&a x", "*a", "!!python/object:os.system x",
    "'quoted: colon'", "[a, b]", "{a: b}", "null", "~", "x\u200by", "2026-02-30", "| block"])
# Every error-level rule, switched off: the writers then get the hostile content too.
ALL_ERRORS_OFF = "disable_checks:\n" + "".join(
    f"  {rule.code}: The property tests need the writers to see this.\n"
    for rule in RULES if rule.severity == "error")


@st.composite
def front_matter(draw: st.DrawFn) -> str:
    value = st.one_of(st.just("Hand Washing"), st.just("Hand Washing"), HOSTILE_VALUES)
    lines = [f"title: {draw(value)}", "lang: " + draw(st.sampled_from(["en-US"] * 9 + ["x!"])),
             "description: A short guide to washing your hands.", "updated: 2026-11-25"]
    lines += draw(st.lists(st.sampled_from([
        f"subtitle: {draw(value)}", "keywords: [yes, off, 1e3]", "title: Again",
        "sources:\n  - title: www.example.org\n    url: https://example.net/",
        "abbreviations:\n  ABIM: American Board of Internal Medicine",
        "reading_level:\n  max_grade: 18", "unknown_key: x"]), max_size=2, unique=True))
    if draw(st.booleans()):
        lines.append(ALL_ERRORS_OFF.rstrip("\n"))
    return "---\n" + "\n".join(lines) + "\n---\n"


@st.composite
def guide(draw: st.DrawFn) -> str:
    blocks = draw(st.lists(block(), min_size=0, max_size=6))
    return draw(front_matter()) + "Wash your hands often.\n\n" + "\n\n".join(blocks) + "\n"


@contextlib.contextmanager
def _folder(text: str) -> Iterator[Path]:
    with tempfile.TemporaryDirectory() as temp:
        root = Path(temp)
        shutil.copytree(IMAGES, root / "source" / "images")
        (root / "outside").mkdir()
        (root / "outside" / "secret.txt").write_text("SECRET-CANARY-5f0c9a\n")
        (root / "source" / "guide.md").write_text(text, "utf-8")
        with contextlib.chdir(root):
            yield root


@SETTINGS
@given(guide())
def test_check_gives_findings_or_a_source_error(text: str) -> None:
    with _folder(text):
        try:
            result = checks.check_guide(Path("source/guide.md"))
        except SourceError as error:
            assert str(error).startswith("source/guide.md")
            return
        for finding in result.findings:
            assert finding.path == "source/guide.md" and finding.line >= 1
            assert not re.search(r"[\x00-\x08\x0b-\x1f\x7f]", finding.text())


@SETTINGS
@given(guide())
def test_build_gives_clean_outputs_or_a_documented_error(text: str) -> None:
    with _folder(text) as root:
        code, problems = build(("txt", "html"))
        _assert_outcome(root, code, problems, ("txt", "html"))


@settings(SETTINGS, max_examples=15)
@given(guide())
def test_build_of_every_format_gives_clean_outputs_or_a_documented_error(text: str) -> None:
    with _folder(text) as root:
        code, problems = build(("html", "pdf", "epub", "txt"))
        _assert_outcome(root, code, problems, ("html", "pdf", "epub", "txt"))


def _assert_outcome(root: Path, code: int, problems: list[str],
                    formats: tuple[str, ...]) -> None:
    assert code in (0, 1), problems  # 2 is a usage error, 3 a tool failure: never from content
    for line in problems:
        assert DOCUMENTED.match(line), line
    folder = root / "output" / "guide"
    if code == 0:
        assert sorted(p.suffix[1:] for p in folder.iterdir()) == sorted(formats)
        _assert_valid(folder)
    else:
        assert not folder.exists() or not any(folder.iterdir())
    if (root / "output").exists():
        assert scan(root / "output") == []


def _assert_valid(folder: Path) -> None:
    for path in folder.iterdir():
        data = path.read_bytes()
        if path.suffix == ".html":
            assert html.document_fromstring(data.decode("utf-8")).find(".//main") is not None
        elif path.suffix == ".epub":
            with zipfile.ZipFile(io.BytesIO(data)) as archive:
                assert archive.testzip() is None
                for name in archive.namelist():
                    if name.endswith((".xhtml", ".opf", ".ncx")):
                        etree.fromstring(archive.read(name))
        elif path.suffix == ".pdf":
            with pikepdf.open(io.BytesIO(data)) as pdf:
                assert len(pdf.pages) >= 1
        elif path.suffix == ".txt":
            assert data.decode("utf-8").endswith("\n")
