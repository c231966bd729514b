"""Generate N guides for benchmarks and tests: variations of the Medical Oncology guide, each
with its own slug, title and a sentence of its own, sharing the real images.

Usage: python benchmarks/generate.py N DEST   (DEST/source is created, DEST/output left empty)
       python benchmarks/generate.py --times K DEST   (one guide, the original's body K times)
"""

from __future__ import annotations

import re
import shutil
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SOURCE = ROOT / "source"
ORIGINAL = SOURCE / "medical-oncology.md"


def slug(number: int) -> str:
    return f"specialty-{number:03d}"


def guide_text(number: int, base: str | None = None) -> str:
    """The original guide with a new title and one sentence that makes its bytes its own."""
    text = base if base is not None else ORIGINAL.read_text(encoding="utf-8")
    text = text.replace("title: Medical Oncology", f"title: Medical Oncology {number}", 1)
    marker = "## In short\n\n"
    return text.replace(marker, f"{marker}This is copy number {number} of the guide. ", 1)


def generate(count: int, dest: Path) -> Path:
    """Write `count` guides and the images into `dest/source`; return that folder."""
    folder = dest / "source"
    if folder.exists():
        shutil.rmtree(folder)
    shutil.copytree(SOURCE / "images", folder / "images")
    base = ORIGINAL.read_text(encoding="utf-8")
    for number in range(1, count + 1):
        (folder / f"{slug(number)}.md").write_text(guide_text(number, base), encoding="utf-8")
    return folder


def bigger_text(times: int, base: str | None = None) -> str:
    """The original guide with its body `times` times over: each copy's headings and notes
    named for their part, so the guide stays one that passes every check."""
    text = base if base is not None else ORIGINAL.read_text(encoding="utf-8")
    _, front, body = text.split("---\n", 2)
    notes_at = body.index("\n[^1]:")
    main, notes = body[:notes_at], body[notes_at:]
    parts = [main]
    for part in range(2, times + 1):
        copy = main + notes
        copy = re.sub(r"^(#+ .*)$", rf"\1 (part {part})", copy, flags=re.MULTILINE)
        parts.append(re.sub(r"\[\^(\w+)\]", rf"[^p{part}n\1]", copy))
    title = f"title: Medical Oncology, {times} times over"
    front = front.replace("title: Medical Oncology", title, 1)
    return f"---\n{front}---\n" + "\n".join(parts) + notes


def generate_bigger(times: int, dest: Path) -> Path:
    """One guide `times` the size of the original, with the images, in `dest/source`."""
    folder = dest / "source"
    if folder.exists():
        shutil.rmtree(folder)
    shutil.copytree(SOURCE / "images", folder / "images")
    (folder / f"oncology-x{times}.md").write_text(bigger_text(times), encoding="utf-8")
    return folder


if __name__ == "__main__":
    if sys.argv[1] == "--times":
        print(generate_bigger(int(sys.argv[2]), Path(sys.argv[3])))
    else:
        print(generate(int(sys.argv[1]), Path(sys.argv[2])))
