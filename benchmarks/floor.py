"""The floor: the same editions made by calling pandoc, WeasyPrint and liblouis directly.

One Python process imports WeasyPrint once; pandoc runs once per format that it writes (HTML,
EPUB, plain text, DOCX); WeasyPrint draws the HTML twice (the handout, and the large print with
an 18 pt style sheet); `lou_translate` turns the plain text into UEB grade 2 braille. No checks,
no templates of ours, no sanitising: the least work that turns each guide into the seven
files. Usage: python benchmarks/floor.py SOURCE_DIR OUT_DIR [PART/PARTS]

With PART/PARTS (say 1/2), only every PARTS-th guide from the PART-th is made: as many such
processes side by side as there are cores are the floor of a build that uses every core.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pypandoc
import weasyprint

READER = "commonmark_x+yaml_metadata_block"
LARGE = "html { font-size: 18pt; line-height: 1.5 } body { margin: 0 }"
BRAILLE = "en-us-brf.dis,en-ueb-g2.ctb"


def build(guide: Path, out: Path, large: weasyprint.CSS) -> None:
    pandoc = str(pypandoc.get_pandoc_path())
    folder = out / guide.stem
    folder.mkdir(parents=True, exist_ok=True)
    stem = folder / guide.stem
    html = stem.with_suffix(".html")
    text = stem.with_suffix(".txt")
    common = [pandoc, "--from", READER, str(guide), "--resource-path", str(guide.parent)]
    subprocess.run([*common, "--standalone", "--embed-resources", "--to", "html5",
                    "--output", str(html)], check=True)
    for writer, suffix in (("epub3", ".epub"), ("plain", ".txt"), ("docx", ".docx")):
        subprocess.run([*common, "--to", writer, "--output", str(stem.with_suffix(suffix))],
                       check=True)
    document = weasyprint.HTML(filename=str(html))
    document.write_pdf(str(stem.with_suffix(".pdf")), pdf_variant="pdf/ua-1", pdf_tags=True)
    document.write_pdf(str(folder / f"{guide.stem}-large-print.pdf"), stylesheets=[large],
                       pdf_variant="pdf/ua-1", pdf_tags=True)
    with text.open("rb") as reading, stem.with_suffix(".brf").open("wb") as braille:
        subprocess.run(["lou_translate", "--forward", BRAILLE], stdin=reading, stdout=braille,
                       check=True)


def main(argv: list[str]) -> None:
    source, out = Path(argv[0]), Path(argv[1])
    part, parts = (int(n) for n in (argv[2] if len(argv) > 2 else "1/1").split("/"))
    large = weasyprint.CSS(string=LARGE)
    for guide in sorted(source.glob("*.md"))[part - 1::parts]:
        build(guide, out, large)


if __name__ == "__main__":
    main(sys.argv[1:])
