"""The hostile and malformed guide corpus: one folder per kind of attack or breakage.

Each case is built for real (pandoc, WeasyPrint) into every format after a good guide of the
same name; `expected.txt` in its folder holds the exact exit status and problem lines
(`GUIDEPRESS_UPDATE_GOLDEN=1` rewrites them for review). Whatever the case, the scanner finds
nothing in any output, no file outside the source folder was opened, nothing was fetched, and
a failed build left the good guide's outputs as they were. Cases too big or too odd for git
(bombs, links, pipes) are written by the setup functions below into an otherwise empty folder.
"""

from __future__ import annotations

import io
import os
import re
import struct
import zlib
from collections.abc import Callable
from pathlib import Path

import pytest

from .conftest import ALL_FORMATS, GOOD, Outcome, Setup, cases, compare_golden

CORPUS = Path(__file__).parent / "corpus"
# The good guide up to its last paragraph; each case appends its own body.
HEAD = GOOD.split("Use soap", 1)[0]


def _guide(body: str) -> Setup:
    def setup(source: Path, outside: Path) -> None:
        (source / "guide.md").write_text(HEAD + body, "utf-8")
    return setup


def _png(width: int, height: int, pixels: bytes | None = None) -> bytes:
    def chunk(kind: bytes, data: bytes) -> bytes:
        crc = zlib.crc32(kind + data) & 0xFFFFFFFF
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", crc)
    header = struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0)
    body = chunk(b"IDAT", zlib.compress(pixels)) if pixels is not None else b""
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + body + chunk(b"IEND", b"")


def _image(name: str, data: bytes) -> Setup:
    def setup(source: Path, outside: Path) -> None:
        (source / "images").mkdir(exist_ok=True)
        (source / "images" / name).write_bytes(data)
    return setup


def _link(path: str, target: str) -> Setup:
    def setup(source: Path, outside: Path) -> None:
        link = source / path
        link.parent.mkdir(parents=True, exist_ok=True)
        if link.exists():
            link.unlink()
        link.symlink_to(target)
    return setup


def _fifo(source: Path, outside: Path) -> None:
    (source / "images").mkdir()
    os.mkfifo(source / "images" / "soap.png")


def _gif(frames: list[tuple[int, int]]) -> bytes:
    """A GIF of 1x1 frames on a 1x1 screen, frame i placed at `frames[i]` (left, top): Pillow
    grows the canvas to hold a frame placed outside it."""
    from PIL import Image

    pictures = [Image.new("P", (1, 1), i % 2) for i in range(len(frames))]
    out = io.BytesIO()
    pictures[0].save(out, "GIF", save_all=True, append_images=pictures[1:], disposal=1,
                     optimize=False)
    data = bytearray(out.getvalue())
    found = 0
    for index in range(13, len(data) - 9):
        if data[index] == 0x2C and data[index + 5:index + 9] == struct.pack("<HH", 1, 1):
            data[index + 1:index + 5] = struct.pack("<HH", *frames[found])
            found += 1
            if found == len(frames):
                break
    return bytes(data)


def _jpeg_planted() -> bytes:
    """A JPEG whose frame header says 12000x12000, after fill bytes a hand-written parser
    took for a segment length, with a 1x1 frame header planted in a comment."""
    from PIL import Image

    out = io.BytesIO()
    Image.new("L", (8, 8)).save(out, "JPEG")
    data = out.getvalue()
    frame = data.index(b"\xff\xc0")
    real = data[frame:frame + 5] + struct.pack(">HH", 12000, 12000) + data[frame + 9:]
    planted = b"\xff\xfe\x00\x0d" + b"\xff\xc0\x00\x0b\x08\x00\x01\x00\x01\x01"
    return data[:frame] + planted + b"\xff\xff" + real


def _apng(frames: int) -> bytes:
    from PIL import Image

    pictures = [Image.new("L", (1, 1), i % 255) for i in range(frames)]
    out = io.BytesIO()
    pictures[0].save(out, "PNG", save_all=True, append_images=pictures[1:])
    return out.getvalue()


GIF_BOMB = b"GIF89a" + struct.pack("<HH", 65535, 65535) + b"\x00\x00\x00;"
JPEG_BOMB = (b"\xff\xd8\xff\xe0\x00\x10JFIF\x00\x01\x01\x00\x00\x01\x00\x01\x00\x00"
             b"\xff\xc0\x00\x11\x08" + struct.pack(">HH", 65000, 65000)
             + b"\x03\x01\x22\x00\x02\x11\x01\x03\x11\x01\xff\xd9")

SETUPS: dict[str, Setup] = {
    "size-too-large": _guide("Rinse well and dry your hands.\n\n" * 20_000),
    "depth-lists-indented": _guide("".join("  " * i + "- Rinse\n" for i in range(300))),
    "depth-brackets": _guide("[" * 100_000 + "Rinse" + "]" * 100_000 + "\n"),
    "depth-fenced-divs": _guide("::: step\n" * 3000 + "Rinse.\n" + ":::\n" * 3000),
    "bomb-links-per-paragraph": _guide("[Rinse](https://example.org/) " * 3000 + "\n"),
    "bomb-footnote-chain": _guide("Rinse.[^1]\n\n" + "".join(f"[^{i}]: Dry.[^{i + 1}]\n\n"
                                                             for i in range(1, 3000))),
    "bomb-reference-definitions": _guide("[soap]: https://example.org/\n" * 5_000),
    "bomb-smart-quotes": _guide("\"'" * 16_000 + "\n"),
    "bomb-many-blocks": _guide("Rinse.\n\n" * 25_000),
    "bomb-many-marks": _guide("*Rinse* and *dry*.\n" * 12_500),
    "bomb-big-table": _guide("| a | b | c |\n|---|---|---|\n" + "| x | y | z |\n" * 8_000
                             + "\nTable: A big table.\n"),
    "files-symlink-out": _link("images/soap.png", "../../outside/secret.txt"),
    "files-symlinked-folder-out": _link("images", "../outside"),
    "files-guide-symlink-out": _link("guide.md", "../outside/secret.md"),
    "files-fifo-image": _fifo,
    "image-png-pixel-bomb": _image("soap.png", _png(100_000, 100_000)),
    "image-gif-pixel-bomb": _image("soap.gif", GIF_BOMB),
    "image-jpeg-pixel-bomb": _image("soap.jpg", JPEG_BOMB),
    "image-too-large-file": _image("soap.png", _png(1000, 1000, os.urandom(3 * 1024 * 1024))),
    "image-damaged-png": _image("soap.png", _png(1, 1) [:-12] + b"\x00garbage"),
    "image-gif-frame-outside-screen": _image("soap.gif", _gif([(13000, 13000)])),
    "image-gif-later-frame-grows": _image("soap.gif", _gif([(0, 0), (0, 0), (9000, 1)])),
    "image-gif-many-frames": _image("soap.gif", _gif([(0, 0)] * 101)),
    "image-gif-small-animation": _image("soap.gif", _gif([(0, 0)] * 5)),
    "image-png-many-frames": _image("soap.png", _apng(101)),
    "image-jpeg-planted-frame": _image("soap.jpg", _jpeg_planted()),
    "files-link-out-existing": _link("images/soap.png", "../../outside/secret.txt"),
    "files-link-out-missing": _link("images/soap.png", "../../outside/no-such-file.png"),
    "files-link-to-proc": _link("images/soap.png", "/proc/self/pagemap"),
}


def _html(outcome: Outcome) -> str:
    return outcome.outputs["guide.html"].decode("utf-8")


def _kept_as_text(outcome: Outcome) -> None:
    page = _html(outcome)
    assert "<title>NO: 1.10</title>" in page
    assert 'content="yes, off, ~, 0x1F, 1e3, 2026-01-01, null"' in page


def _not_a_template(outcome: Outcome) -> None:
    page = _html(outcome)
    assert "{{ 7 * 7 }}" in page and "{{ 6 * 7 }}" in page and "{% include" in page
    assert "49" not in page and "42 times" not in page


def _ids_unique(outcome: Outcome) -> None:
    ids = re.findall(r'\bid="([^"]+)"', _html(outcome))
    assert len(ids) == len(set(ids)), sorted(i for i in ids if ids.count(i) > 1)
    for target in ("main-1", "footnotes-1", "fn1-1"):
        assert f'href="#{target}"' in _html(outcome) and f'id="{target}"' in _html(outcome)


def _links_as_text(outcome: Outcome) -> None:
    text = outcome.outputs["guide.txt"].decode("utf-8")
    assert "Do not open the form or the other form." in text
    for scheme in ("javascript:", "JaVaScRiPt:", "data:", "file:", "vbscript:", "../", "//"):
        assert f"({scheme}" not in text


def _footer_is_the_templates(outcome: Outcome) -> None:
    """A body span with the class of the handout's running footer does not replace it."""
    import subprocess
    import tempfile

    with tempfile.NamedTemporaryFile(suffix=".pdf") as handle:
        handle.write(outcome.outputs["guide.pdf"])
        handle.flush()
        text = subprocess.run(["pdftotext", handle.name, "-"], check=True, capture_output=True,
                              text=True).stdout
    assert text.count("Current as of November 25, 2026") >= 1
    assert "Current as of January 1, 2099" not in text
    assert 'class="g-updated-date"' in _html(outcome)


EXTRA: dict[str, Callable[[Outcome], None]] = {
    "html-template-class": _footer_is_the_templates,
    "links-bad-schemes-check-disabled": _links_as_text,
    "yaml-type-guessing": _kept_as_text,
    "template-injection": _not_a_template,
    "links-reserved-ids": _ids_unique,
}
CASES = [path.name for path in cases(CORPUS)]


def test_every_case_has_its_expected_outcome_and_a_guide() -> None:
    for name in CASES:
        folder = CORPUS / name
        assert (folder / "expected.txt").is_file(), f"{name} has no expected.txt"
        assert (folder / "guide.md").is_file() or name in SETUPS, f"{name} has no guide.md"
    assert set(SETUPS) <= set(CASES) and set(EXTRA) <= set(CASES)


@pytest.mark.parametrize("name", CASES)
def test_case(name: str, run_case: Callable[[Path | None, Setup | None], Outcome],
              update_golden: bool) -> None:
    outcome = run_case(CORPUS / name, SETUPS.get(name))
    compare_golden(CORPUS / name / "expected.txt", outcome.text(), update_golden)
    assert outcome.leaks == []
    assert outcome.touched == []
    assert outcome.audited or name == "files-guide-symlink-out"
    if outcome.exit_code == 0:
        assert set(outcome.outputs) == {f"guide.{fmt}" for fmt in ALL_FORMATS}
    else:
        assert outcome.outputs == outcome.before  # the last good outputs, untouched
    if name in EXTRA:
        EXTRA[name](outcome)
