"""The floor: the same four outputs made by calling pandoc and WeasyPrint directly.

One Python process imports WeasyPrint once; pandoc runs once per format that it writes
(HTML, EPUB, plain text). No checks, no templates of ours, no sanitising: the least work that
turns each guide into the four files. Usage: python benchmarks/floor.py SOURCE_DIR OUT_DIR
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pypandoc
import weasyprint

READER = "commonmark_x+yaml_metadata_block"


def build(guide: Path, out: Path) -> None:
    pandoc = str(pypandoc.get_pandoc_path())
    folder = out / guide.stem
    folder.mkdir(parents=True, exist_ok=True)
    stem = folder / guide.stem
    html = stem.with_suffix(".html")
    common = [pandoc, "--from", READER, str(guide), "--resource-path", str(guide.parent)]
    subprocess.run([*common, "--standalone", "--embed-resources", "--to", "html5",
                    "--output", str(html)], check=True)
    subprocess.run([*common, "--to", "epub3", "--output", str(stem.with_suffix(".epub"))],
                   check=True)
    subprocess.run([*common, "--to", "plain", "--output", str(stem.with_suffix(".txt"))],
                   check=True)
    weasyprint.HTML(filename=str(html)).write_pdf(
        str(stem.with_suffix(".pdf")), pdf_variant="pdf/ua-1", pdf_tags=True)


def main(argv: list[str]) -> None:
    source, out = Path(argv[0]), Path(argv[1])
    for guide in sorted(source.glob("*.md")):
        build(guide, out)


if __name__ == "__main__":
    main(sys.argv[1:])
