"""Paths a guide names are decoded first and judged after, and found without touching anything
outside the source folder (class 6 of the second security review); the staleness check reads
them under the same rules before it reads a byte (class 8). Every path that is not inside gets
the same message, whether or not something exists out there."""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path

import pytest

from guidepress.build import build as build_guides
from guidepress.build import explain
from guidepress.errors import Location, SourceError
from guidepress.read import assets, document, files, source
from guidepress.settings import Settings

from .conftest import GOOD, Audit, Problems

HEAD = GOOD.split("Use soap", 1)[0]
NOT_INSIDE = ("is not a file inside the source folder (copy the image into source/images/ and "
              "refer to it as images/NAME)")


@pytest.fixture
def folders(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> tuple[Path, Path]:
    source_dir, outside = tmp_path / "source", tmp_path / "outside"
    (source_dir / "images").mkdir(parents=True)
    outside.mkdir()
    (outside / "secret.png").write_bytes(b"secret")
    monkeypatch.chdir(tmp_path)
    return source_dir, outside


def _error(reference: str, source_dir: Path) -> str:
    with pytest.raises(SourceError) as caught:
        assets.resolve(reference, source_dir, Location("source/guide.md", 11))
    return str(caught.value)


@pytest.mark.parametrize("reference", [
    "%2Fetc%2Fshadow", "%2Fno%2Fsuch%2Ffile", "%2e%2e/outside/secret.png",
    "%2e%2e/outside/none.png", "images/%2e%2e/%2e%2e/outside/secret.png",
    "images/..%2F..%2Foutside%2Fsecret.png", "..%2f..%2fetc%2fpasswd", "%2F%2Fhost/share/x.png",
    "file%3A%2F%2F%2Fetc%2Fpasswd", "https%3A//example.org/x.png", "images%5c..%5c..%5cx.png",
    "/etc/passwd", "file:///etc/passwd", "//example.org/x.png", "../outside/secret.png",
])
def test_every_path_that_is_not_inside_gets_the_same_message(
        reference: str, folders: tuple[Path, Path], audit: Audit) -> None:
    source_dir, outside = folders
    audit.events.clear()
    audit.on = True
    try:
        message = _error(reference, source_dir)
    finally:
        audit.on = False
    assert message == f"source/guide.md:11: image {reference!r} {NOT_INSIDE}"
    assert audit.touched(outside, source_dir.parent) == []


@pytest.mark.parametrize("target", ["../../outside/secret.png", "../../outside/none.png",
                                    "/etc/passwd", "/no/such/file", "/proc/self/pagemap",
                                    "../../outside", "../images/../../outside/secret.png"])
def test_a_link_out_of_the_source_folder_says_nothing_of_where_it_leads(
        target: str, folders: tuple[Path, Path]) -> None:
    source_dir, _ = folders
    (source_dir / "images" / "soap.png").symlink_to(target)
    assert _error("images/soap.png", source_dir) == (
        f"source/guide.md:11: image 'images/soap.png' {NOT_INSIDE}")


def test_links_inside_the_source_folder_are_followed(folders: tuple[Path, Path]) -> None:
    source_dir, _ = folders
    picture = (Path(__file__).parents[2] / "source" / "images" / "training-path.svg")
    (source_dir / "shared").mkdir()
    (source_dir / "shared" / "steps.svg").write_bytes(picture.read_bytes())
    (source_dir / "images" / "steps.svg").symlink_to("../shared/steps.svg")
    (source_dir / "pictures").symlink_to("shared")
    for reference in ("images/steps.svg", "pictures/steps.svg", "./images//steps.svg",
                      "images/%73teps.svg"):
        asset = assets.resolve(reference, source_dir, Location("g.md", 1))
        assert asset.path == (source_dir / "shared" / "steps.svg").resolve()


# A drawing with no words of its own, so the text after it need not repeat any (A014).
SQUARE = (b'<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10">'
          b'<rect width="10" height="10"/></svg>')


@pytest.mark.parametrize(("make", "reason"), [
    (lambda path: path.symlink_to("/proc/self/pagemap"), files.OUTSIDE),
    (lambda path: path.symlink_to("../../outside/secret.png"), files.OUTSIDE),
    (lambda path: os.mkfifo(path), files.NOT_A_FILE),
    (lambda path: path.mkdir(), files.NOT_A_FILE),
    (lambda path: path.write_bytes(b"\0" * (assets.MAX_IMAGE_BYTES + 1)), files.TOO_LARGE),
    (lambda path: None, files.MISSING),
])
def test_the_staleness_check_reads_images_under_the_builds_rules(
        make: Callable[[Path], None], reason: str, folders: tuple[Path, Path],
        audit: Audit) -> None:
    """After a good build, the image is swapped for a link out (a 256 GiB /proc file was
    hashed until the build was killed), a pipe, a folder or a huge file: `--explain` and the
    build say so at once, and nothing outside is opened."""
    source_dir, outside = folders
    (source_dir / "guide.md").write_text(
        HEAD + "![Steps](images/soap.svg)\n\nThe picture shows the steps in words.\n", "utf-8")
    image = source_dir / "images" / "soap.svg"
    image.write_bytes(SQUARE)
    settings = Settings(formats=("txt",), source_dir=Path("source"), out_dir=Path("output"),
                        jobs=1)
    assert build_guides((), settings, Problems()).exit_code == 0
    image.unlink()
    make(image)
    audit.events.clear()
    audit.on = True
    try:
        lines: list[str] = []
        explain((), settings, lines.append)
        report = Problems()
        summary = build_guides((), settings, report)
    finally:
        audit.on = False
    word = "is missing" if reason == files.MISSING else f"cannot be used ({reason})"
    assert f"would build guide.txt: source/images/soap.svg {word}" in lines
    assert summary.exit_code == 1 and report.lines[0].startswith("error: source/guide.md:11: ")
    assert audit.touched(outside, source_dir.parent) == []


def test_the_guide_itself_is_hashed_under_its_size_limit(folders: tuple[Path, Path]) -> None:
    source_dir, _ = folders
    (source_dir / "guide.md").write_bytes(b"x" * (source.MAX_SOURCE_BYTES + 1))
    assert files.digest_inside(source_dir, "guide.md", source.MAX_SOURCE_BYTES) == \
        files.TOO_LARGE


def test_a_document_names_each_image_once_even_when_shown_twice(
        make_source: Callable[..., Path]) -> None:
    path = make_source(HEAD + "![One](images/training-path.svg) and words.\n\n"
                       "![Two](images/training-path.svg) and more words.\n")
    built = document.build(source.load(path))
    assert [image.asset.relative for image in built.images] == [
        "images/training-path.svg", "images/training-path.svg"]
    assert built.images[0].asset is built.images[1].asset
