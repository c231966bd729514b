"""Guides at the input limits, and what building each one costs (docs/security.md, "Limits and
how they were measured").

    python scripts/limits.py generate DEST [NAME...]  # one folder per shape: DEST/NAME/source/
    for f in DEST/*; do python scripts/limits.py measure $f; done  # one guide per process
    python scripts/limits.py measure DEST/NAME pdf large-print  # only these formats

`measure` reads, checks and renders one guide into every format in one process, the way a
build's worker does, and prints its wall time, the CPU time of the process and its children
(pandoc and the like), and the peak resident memory of each.
"""

from __future__ import annotations

import io
import os
import re
import resource
import shutil
import sys
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
KIB = 256
LIMIT = KIB * 1024 - 300
HEAD = """---
title: Hand Washing
lang: en-US
description: A short guide to washing your hands.
updated: 2026-11-25
disable_checks:
  R001: this guide measures how long a build takes, not how it reads
  A014: this guide measures how long a build takes, not how it reads
---
Wash your hands often.

## Soap

"""
DEEP = "".join("  " * i + "- Step\n" for i in range(25))


def fill(unit: str, head: str = HEAD) -> str:
    return unit * ((LIMIT - len(head.encode())) // len(unit.encode()))


def cap(text: str, unit: str) -> str:
    """`text`, repeats of `unit`, cut to just under the count of blocks a guide may have (each
    repeat is one block)."""
    from guidepress.read import limits

    return unit * min(text.count(unit), limits.MAX_BLOCKS - 10)


def terms() -> int:
    from guidepress.read import limits

    return limits.MAX_TERMS - 10


def prose() -> tuple[str, str]:
    """The Medical Oncology guide again and again, its headings and notes made unique."""
    front, body = (ROOT / "source" / "medical-oncology.md").read_text("utf-8").split("\n---\n", 1)
    front += "\n---\n"
    out, part = "", 1
    while True:
        copy = re.sub(r"^(#{2,6} .+)$", rf"\1 (part {part})", body, flags=re.M)
        copy = copy.replace("[^1]", f"[^p{part}]")
        if len((front + out + copy).encode()) > LIMIT:
            return front, out
        out, part = out + "\n" + copy, part + 1


def figures(count: int, image: str) -> str:
    return "".join(f"![Figure {i}](images/{image}) and words about it.\n\n"
                   "The figure shows it in words.\n\n" for i in range(count))


def gradient_png(side: int) -> bytes:
    from PIL import Image

    out = io.BytesIO()
    Image.linear_gradient("L").resize((side, side)).convert("RGB").save(out, "PNG")
    return out.getvalue()


def noise_png(side: int) -> bytes:
    from PIL import Image

    out = io.BytesIO()
    Image.frombytes("RGB", (side, side), os.urandom(side * side * 3)).save(out, "PNG")
    return out.getvalue()


SYMBOLS = ("<svg xmlns='http://www.w3.org/2000/svg' width='400' height='300'><defs>"
           "<symbol id='s'>" + "<rect width='3' height='3'/>" * 10 + "</symbol></defs>"
           + "<use href='#s'/>" * 4500 + "</svg>")
SMALL = ("<svg xmlns='http://www.w3.org/2000/svg' width='400' height='300'>"
         + "<rect width='3' height='3'/>" * 990 + "</svg>")
LINKS = "".join(f"[Read page {i}](https://example.org/{i}) " for i in range(60)) + "\n\n"

Shape = Callable[[], tuple[str, str, dict[str, bytes]]]
SHAPES: dict[str, Shape] = {
    "prose": lambda: (*prose(), {}),
    "onepara": lambda: (HEAD, fill("Wash your hands with soap and warm water for twenty "
                                   "seconds. ") + "\n", {}),
    "mixedemph": lambda: (HEAD, "*a _b " * 30_000 + "\n", {}),  # just under 250,000 pieces
    "deeplist": lambda: (HEAD, DEEP + fill(f"\n{'  ' * 25}Paragraph of the step.\n",
                                           HEAD + DEEP), {}),
    "dl": lambda: (HEAD, "Term\n: Medicines made from living cells.\n\n" * terms(), {}),
    "blocks": lambda: (HEAD, cap("Rinse your hands.\n\n" * ((LIMIT - 400) // 19),
                                 "Rinse your hands.\n\n"), {}),
    "marks": lambda: (HEAD, "*Rinse* and *dry*.\n" * min(9_990, (LIMIT - 400) // 19), {}),
    "table": lambda: (HEAD, "| a | b | c |\n|---|---|---|\n" + "| x | y | z |\n" * 6_600
                      + "\nTable: A big table.\n", {}),
    "notes": lambda: (HEAD, "[^1]: " + "Dry your hands well. " * 400 + "\n\n"
                      + "Rinse.[^1] " * 60 + "\n\nDone.\n", {}),
    "links": lambda: (HEAD, LINKS * min(330, LIMIT // 2400), {}),
    "longword": lambda: (HEAD, fill("a") + "\n", {}),
    "widetable": lambda: (HEAD, "|" + " a |" * 6_000 + "\n|" + "---|" * 6_000 + "\n|"
                          + " x |" * 6_000 + "\n\nTable: A wide table.\n", {}),
    "svgmax": lambda: (HEAD, figures(2, "big.svg"), {"big.svg": SYMBOLS.encode()}),
    "svguses": lambda: (HEAD, figures(100, "small.svg"), {"small.svg": SMALL.encode()}),
    "pixels": lambda: (HEAD, figures(6, "big.png"), {"big.png": gradient_png(4096)}),
    "photos": lambda: (HEAD, figures(12, "photo.png"), {"photo.png": noise_png(830)}),
}


def generate(dest: Path, names: list[str]) -> None:
    for name in names or list(SHAPES):
        head, body, images = SHAPES[name]()
        folder = dest / name / "source"
        shutil.copytree(ROOT / "source" / "images", folder / "images", dirs_exist_ok=True)
        for image, data in images.items():
            (folder / "images" / image).write_bytes(data)
        (folder / "guide.md").write_text(head + body, "utf-8")
        print(f"{name}: {len((head + body).encode()):,} bytes")


def measure(folder: Path, only: list[str]) -> None:
    """One guide in this process (so the peak memory is its own), in every format or `only`
    these."""
    from guidepress import contained, formats
    from guidepress.build.render import Job, render
    from guidepress.settings import Settings

    contained._in_worker = True  # render as a worker does: the PDF in this process
    import weasyprint  # noqa: F401  # loaded before the clock starts, as the fork server does

    path = folder / "source" / "guide.md"
    names = tuple(only or formats.registry().names())
    started, cpu = time.monotonic(), time.process_time()
    result = render(Job(path.stem, path, names, Settings(source_dir=path.parent)))
    wall = time.monotonic() - started
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = time.process_time() - cpu + children.ru_utime + children.ru_stime
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    outcome = "built" if result.ok else result.errors[0][:100]
    print(f"{folder.name} ({', '.join(names)}): {outcome}; "
          f"wall {wall:.1f} s, cpu {cpu:.1f} s, peak {peak:.0f} MB (children "
          f"{children.ru_maxrss / 1024:.0f} MB), load {os.getloadavg()[0]:.1f}", flush=True)


if __name__ == "__main__":
    if len(sys.argv) < 3 or sys.argv[1] not in ("generate", "measure"):
        sys.exit(__doc__)
    if sys.argv[1] == "generate":
        generate(Path(sys.argv[2]), sys.argv[3:])
    else:
        measure(Path(sys.argv[2]), sys.argv[3:])
