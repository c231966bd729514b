"""The handout is set in the shipped fonts only: the same bytes whether the machine has fonts
or none, and no file but the shipped fonts can be loaded by its style sheet."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pikepdf
import pytest

from guidepress.errors import ToolError
from guidepress.formats import pdf

from ..conftest import SOURCE

HIDDEN = ("/usr/share/fonts", "/usr/local/share/fonts", "/etc/fonts", "/var/cache/fontconfig")


def embedded_fonts(path: Path) -> set[str]:
    with pikepdf.open(path) as document:
        return {str(font.BaseFont).split("+", 1)[-1] for page in document.pages
                for font in page.Resources.Font.values()}


def test_the_handout_embeds_only_shipped_families(built: dict[str, Path]) -> None:
    found = embedded_fonts(built["pdf"])
    assert found == {"Atkinson-Hyperlegible", "Atkinson-Hyperlegible-Bold",
                     "Atkinson-Hyperlegible-Italic"}
    listed = subprocess.run(["pdffonts", str(built["pdf"])], capture_output=True, text=True,
                            check=True).stdout.splitlines()[2:]
    assert listed and all("Atkinson-Hyperlegible" in line for line in listed)


def test_a_page_asking_for_system_fonts_gets_shipped_ones(tmp_path: Path) -> None:
    # WeasyPrint may have been imported under the machine's fontconfig by now: the render
    # still sees only the shipped fonts.
    import weasyprint  # noqa: F401

    page = ("<html lang='en'><head><title>Fonts</title></head><body>"
            "<p style=\"font-family: 'DejaVu Sans', 'Liberation Sans', Arial\">Plain, "
            "<b>bold</b> and Greek: \u03b1\u03b2\u03b3</p>"
            "<p style='font-family: monospace'>code</p></body></html>")
    target = tmp_path / "fonts.pdf"
    target.write_bytes(pdf.write_pdf(page))
    assert embedded_fonts(target) == {"Atkinson-Hyperlegible", "Atkinson-Hyperlegible-Bold",
                                      "Noto-Sans"}


@pytest.mark.parametrize("url", [
    "guidepress-font:../fontpkg_noto_sans/LICENSE",
    "guidepress-font:DejaVuSans.ttf",
    "file:///usr/share/fonts/truetype/dejavu/DejaVuSans.ttf",
])
def test_the_style_sheet_loads_no_font_but_the_shipped_files(url: str) -> None:
    page = (f"<html lang='en'><head><title>Fonts</title><style>@font-face {{ font-family: X; "
            f"src: url('{url}'); }} p {{ font-family: X; }}</style></head>"
            "<body><p>Text</p></body></html>")
    with pytest.raises(ToolError, match="refused to load"):
        pdf.write_pdf(page)


def _can_hide_fonts() -> bool:
    if not shutil.which("unshare"):
        return False
    return subprocess.run(["unshare", "-m", "true"], capture_output=True).returncode == 0


@pytest.mark.skipif(not _can_hide_fonts(), reason="needs a mount namespace (unshare -m)")
def test_same_bytes_with_the_machines_fonts_hidden(built: dict[str, Path],
                                                   tmp_path: Path) -> None:
    """A machine with no font and no fontconfig file at all: the build neither crashes nor
    changes a byte of any edition."""
    hide = "; ".join(f'[ -d {d} ] && mount -t tmpfs none {d}' for d in HIDDEN)
    guidepress = Path(sys.executable).with_name("guidepress")
    script = (f"{hide}; fc-list | wc -l; exec {guidepress} build --quiet --source {SOURCE} "
              f"--out {tmp_path} medical-oncology")
    run = subprocess.run(["unshare", "-m", "--propagation", "private", "sh", "-c", script],
                         capture_output=True, text=True, timeout=300)
    assert run.returncode == 0, run.stderr
    assert run.stdout.split()[0] == "0"  # fontconfig found no font on the machine
    assert len(built) >= 6
    for fmt, path in built.items():
        hidden = (tmp_path / "medical-oncology" / path.name).read_bytes()
        assert hidden == path.read_bytes(), fmt


def test_the_private_configuration_is_set_only_around_the_render() -> None:
    before = dict(os.environ)
    pdf.write_pdf("<html lang='en'><head><title>t</title></head><body><p>t</p></body></html>")
    assert dict(os.environ) == before
