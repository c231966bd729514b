"""The shipped fonts: where they come from, what they cover, and the private fontconfig."""

from __future__ import annotations

import hashlib
import io
import json
import os
import subprocess
import sysconfig
from pathlib import Path

from fontTools.ttLib import TTFont

from guidepress import fonts

SITE = Path(sysconfig.get_paths()["purelib"]).resolve()
# What pandoc's smart punctuation and the templates put into every guide.
GENERATED = "\u2018\u2019\u201c\u201d\u2013\u2014\u2026\u00a0\u00b7"


def test_fonts_come_from_the_pinned_packages_under_the_ofl() -> None:
    assert fonts.families() == ("Atkinson Hyperlegible", "Noto Sans", "Almarai")
    for face in fonts.faces():
        assert face.path.resolve().is_relative_to(SITE)
        meta = json.loads((face.path.parents[1] / "metadata.json").read_text("utf-8"))
        assert meta["license"] == "OFL-1.1"
        # A reserved name would forbid subsetting under it; it is declared by the copyright.
        notice = (face.path.parents[1] / "LICENSE").read_text("utf-8").split("This Font")[0]
        assert "Copyright" in notice and "Reserved Font Name" not in notice
    names = sorted(face.name for face in fonts.faces())
    assert names == ["Almarai-Bold.ttf", "Almarai-Regular.ttf",
                     "AtkinsonHyperlegible-Bold.ttf", "AtkinsonHyperlegible-BoldItalic.ttf",
                     "AtkinsonHyperlegible-Italic.ttf", "AtkinsonHyperlegible-Regular.ttf",
                     "NotoSans-Italic[wdth,wght].ttf", "NotoSans[wdth,wght].ttf"]


def test_digests_are_the_files_sha256() -> None:
    digests = fonts.digests()
    assert set(digests) == {face.name for face in fonts.faces()}
    for face in fonts.faces():
        assert digests[face.name] == hashlib.sha256(face.path.read_bytes()).hexdigest()
    assert fonts.font_files() == [face.path for face in fonts.faces()]


def test_variable_faces_declare_their_ranges() -> None:
    noto = [face for face in fonts.faces() if face.family == "Noto Sans"]
    assert {(f.weight, f.stretch) for f in noto} == {("100 900", "62.5% 100%")}
    rule = noto[0].font_face("x.ttf")
    assert 'font-family: "Noto Sans"' in rule and "font-weight: 100 900" in rule


def test_coverage_holds_what_every_guide_gets_and_not_what_none_has() -> None:
    covered = fonts.coverage()
    assert all(ord(c) in covered for c in GENERATED + "Aaé\u00b5\u03a9\u0436\u0639\u064a\u061f")
    assert ord("\u2192") not in covered  # an arrow: no shipped font draws it
    assert ord("\u05d0") not in covered  # Hebrew is not shipped


def test_fontconfig_sees_only_the_shipped_files() -> None:
    path = fonts.fontconfig_file()
    text = path.read_text("utf-8")
    assert "<include" not in text
    listed = subprocess.run(["fc-list", "--format", "%{file}\n"], capture_output=True,
                            text=True, check=True,
                            env={**os.environ, "FONTCONFIG_FILE": str(path)}).stdout.split()
    assert sorted(set(listed)) == sorted(str(p) for p in fonts.font_files())
    for family in ("sans-serif", "serif", "monospace", "DejaVu Sans", "Arial"):
        found = subprocess.run(["fc-match", "--format", "%{family}", family],
                               capture_output=True, text=True, check=True,
                               env={**os.environ, "FONTCONFIG_FILE": str(path)}).stdout
        assert found == "Atkinson Hyperlegible", family


def test_private_fontconfig_gives_the_environment_back() -> None:
    before = os.environ.get("FONTCONFIG_FILE")
    with fonts.private_fontconfig() as path:
        assert os.environ["FONTCONFIG_FILE"] == str(path)
    assert os.environ.get("FONTCONFIG_FILE") == before


def test_a_subset_is_stable_small_and_keeps_the_licence() -> None:
    regular = fonts.shipped("AtkinsonHyperlegible-Regular.ttf")
    assert regular is not None
    wanted = frozenset(map(ord, "Medical Oncology"))
    first, second = fonts.subset(regular, wanted), fonts.subset(regular, wanted)
    assert first == second
    assert len(first) < regular.path.stat().st_size / 2
    with TTFont(io.BytesIO(first)) as font:
        assert set(font.getBestCmap()) >= wanted
        assert ord("z") not in font.getBestCmap()
        assert "Open Font License" in str(font["name"].getDebugName(13))


def test_only_shipped_names_are_served() -> None:
    assert fonts.shipped("AtkinsonHyperlegible-Bold.ttf") is not None
    for name in ("../fontpkg_noto_sans/LICENSE", "DejaVuSans.ttf", "", "metadata.json"):
        assert fonts.shipped(name) is None
