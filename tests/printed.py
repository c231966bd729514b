"""Reading the printed editions back the way a reader meets them: each page as an image, the
QR code on it as a phone would decode it, and the words on it with their printed size."""

from __future__ import annotations

import shutil
import subprocess
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pdfplumber

DPI = 150  # what a phone camera sees of a page held at reading distance, roughly


def decode_qr(pdf: Path, page: int, folder: Path) -> list[str]:
    """Every QR code zbarimg reads on page `page` (1-based) of `pdf`, rendered at DPI."""
    zbarimg = shutil.which("zbarimg")
    assert zbarimg, "zbarimg is not installed: run `bash scripts/install-validators.sh`"
    stem = folder / f"{pdf.stem}-page-{page}"
    subprocess.run(["pdftoppm", "-png", "-singlefile", "-r", str(DPI), "-f", str(page),
                    "-l", str(page), str(pdf), str(stem)], check=True, timeout=60)
    image = stem.with_suffix(".png")
    done = subprocess.run([zbarimg, "-q", "--raw", "--nodbus", str(image)],
                          capture_output=True, text=True, timeout=60, check=False)
    return [line.removeprefix("QR-Code:") for line in done.stdout.splitlines() if line]


@dataclass(frozen=True)
class Line:
    """One printed line: its words, their largest size, and where it is on its page (pt)."""

    page: int
    text: str
    size: float
    top: float
    x0: float
    x1: float
    bold: bool


def lines(pdf: Path) -> Iterator[Line]:
    with pdfplumber.open(pdf) as document:
        for number, page in enumerate(document.pages, start=1):
            words = page.extract_words(extra_attrs=["size", "fontname"])
            rows: dict[int, list[dict[str, object]]] = {}
            for word in words:
                rows.setdefault(round(float(word["bottom"])), []).append(word)
            for bottom in sorted(rows):
                row = sorted(rows[bottom], key=lambda w: float(w["x0"]))
                yield Line(number, " ".join(str(w["text"]) for w in row),
                           max(float(w["size"]) for w in row),
                           min(float(w["top"]) for w in row), float(row[0]["x0"]),
                           float(row[-1]["x1"]), all("Bold" in str(w["fontname"]) for w in row))


def page_sizes(pdf: Path) -> list[tuple[float, float]]:
    with pdfplumber.open(pdf) as document:
        return [(float(page.width), float(page.height)) for page in document.pages]
