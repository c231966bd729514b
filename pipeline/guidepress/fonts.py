"""The fonts every output is set in: shipped as pinned PyPI packages, never the machine's.

Atkinson Hyperlegible (Braille Institute, made for low-vision readers) sets the text; Noto Sans
covers what it lacks (Greek, Cyrillic, Vietnamese and more Latin), and Almarai the Arabic
script. All are under the SIL Open Font License 1.1 with no reserved font name, so they
may be embedded and subset.

The files are found through importlib, in the installed packages. WeasyPrint finds fonts
through fontconfig, which would read the machine's configuration and fonts: the render runs
under a private configuration (`private_fontconfig`) that lists only these files, so the same
inputs give the same PDF on any machine, fonts installed or not.
"""

from __future__ import annotations

import contextlib
import functools
import hashlib
import importlib.resources
import json
import logging
import os
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from xml.sax.saxutils import escape

from guidepress.errors import ToolError

# The font packages, in the order a missing character falls back through them.
PACKAGES = ("fontpkg_atkinson_hyperlegible", "fontpkg_noto_sans", "fontpkg_almarai")
# What a style sheet names when it wants the shipped fonts, in order.
STACK = '"Atkinson Hyperlegible", "Noto Sans", "Almarai"'
# The scheme style sheets use to name a shipped file (`url("guidepress-font:NAME.ttf")`):
# the same text on every machine, wherever the packages are installed.
SCHEME = "guidepress-font:"
_ENVIRONMENT = ("FONTCONFIG_FILE", "FONTCONFIG_PATH", "FONTCONFIG_SYSROOT")
# Almarai's OS/2 table (version 3) sets the fsSelection bits of version 4; fontTools warns each
# time it writes a subset of it (EPUB, PDF). The bits are harmless and kept: say nothing.
logging.getLogger("fontTools.ttLib.tables.O_S_2f_2").setLevel(logging.ERROR)


@dataclass(frozen=True)
class Face:
    """One shipped font file and the @font-face descriptors that select it."""

    family: str
    path: Path
    style: str  # "normal" or "italic"
    weight: str  # "400", "700", or a variable font's range such as "100 900"
    stretch: str = "100%"  # a variable font's width range, such as "62.5% 100%"

    @property
    def name(self) -> str:
        return self.path.name

    @property
    def bold(self) -> bool:
        return self.weight == "700" or " " in self.weight

    @property
    def variable(self) -> bool:
        return " " in self.weight

    def sha256(self) -> str:
        return sha256(self.path)

    def font_face(self, url: str) -> str:
        """The @font-face rule that gives this file to a style sheet, at `url`."""
        return (f'@font-face {{ font-family: "{self.family}"; font-style: {self.style}; '
                f"font-weight: {self.weight}; font-stretch: {self.stretch}; "
                f'src: url("{url}") format("truetype"); }}')


@functools.cache
def faces() -> tuple[Face, ...]:
    """Every shipped face, family by family in fallback order."""
    return tuple(face for package in PACKAGES for face in _package_faces(package))


def _package_faces(package: str) -> list[Face]:
    root = _package_root(package)
    meta = json.loads((root / "metadata.json").read_text("utf-8"))
    axes = {axis["tag"]: axis for axis in meta.get("axes", [])}
    found = []
    for item in meta["files"]:
        if not item.get("variable") and str(item["weight"]) not in ("400", "700"):
            continue  # a light or black face: no style sheet sets text in it
        path = root / item["path"]
        if not path.is_file():
            raise ToolError(f"the font file {path} is missing", f"reinstall {package}")
        weight, stretch = str(item["weight"]), "100%"
        if item.get("variable"):
            weight = _range(axes["wght"], "")
            if "wdth" in axes:
                stretch = _range(axes["wdth"], "%")
        found.append(Face(meta["family"], path, item["style"], weight, stretch))
    return found


def _package_root(package: str) -> Path:
    try:
        root = importlib.resources.files(package)
    except ModuleNotFoundError:
        raise ToolError(f"the font package {package} is not installed",
                        "install guidepress again: the fonts are among its dependencies"
                        ) from None
    if not isinstance(root, Path):  # a zipped install: fontconfig needs real files
        raise ToolError(f"the font package {package} is not installed as files")
    return root


def _range(axis: dict[str, float], unit: str) -> str:
    return f"{axis['min']:g}{unit} {axis['max']:g}{unit}"


def families() -> tuple[str, ...]:
    return tuple(dict.fromkeys(face.family for face in faces()))


def font_files() -> list[Path]:
    """Every shipped font file: inputs of each output whose bytes depend on the fonts."""
    return [face.path for face in faces()]


def digests() -> dict[str, str]:
    """sha256 of each shipped font file, by file name (for the build manifest)."""
    return {face.name: face.sha256() for face in faces()}


def shipped(name: str) -> Face | None:
    """The shipped face with this file name, or None: nothing else is ever served."""
    return next((face for face in faces() if face.name == name), None)


@functools.cache
def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


# --- Coverage -----------------------------------------------------------------------------

@functools.cache
def cmap(path: Path) -> frozenset[int]:
    """The code points a font file has a glyph for."""
    from fontTools.ttLib import TTFont

    with TTFont(path, lazy=True) as font:
        return frozenset(font.getBestCmap())


@functools.cache
def coverage() -> frozenset[int]:
    """Every code point some shipped font can draw."""
    return frozenset().union(*(cmap(face.path) for face in faces()))


# --- fontconfig ---------------------------------------------------------------------------

def fontconfig_text(cache_dir: Path) -> str:
    """A fontconfig configuration that knows only the shipped fonts.

    No <include>: nothing of the machine's configuration, fonts or user fonts is read. Any
    family a style sheet or an SVG names (sans-serif, Arial, DejaVu Sans ...) falls back to
    the shipped families, strongly bound so they win over language-coverage matching.
    """
    folders = dict.fromkeys(str(face.path.parent) for face in faces())
    dirs = "".join(f"  <dir>{escape(folder)}</dir>\n" for folder in folders)
    names = "".join(f"<string>{escape(family)}</string>" for family in families())
    # A package's faces that are not shipped (a light or black weight) stay unseen.
    shipped_files = {face.path for face in faces()}
    unused = sorted(path for folder in folders for path in Path(folder).iterdir()
                    if path.suffix.lower() in (".ttf", ".otf") and path not in shipped_files)
    rejected = "".join(f"<glob>{escape(str(path))}</glob>" for path in unused)
    reject = (f"  <selectfont><rejectfont>{rejected}</rejectfont></selectfont>\n"
              if unused else "")
    return ('<?xml version="1.0"?>\n'
            '<!DOCTYPE fontconfig SYSTEM "urn:fontconfig:fonts.dtd">\n'
            "<fontconfig>\n"
            f"{dirs}"
            f"{reject}"
            f"  <cachedir>{escape(str(cache_dir))}</cachedir>\n"
            '  <match target="pattern">\n'
            f'    <edit name="family" mode="append_last" binding="strong">{names}</edit>\n'
            "  </match>\n"
            "</fontconfig>\n")


@functools.cache
def fontconfig_file() -> Path:
    """The private configuration's file, written once into the user's cache folder (or, where
    that cannot be written, a private temporary folder)."""
    key = hashlib.sha256(fontconfig_text(Path()).encode()).hexdigest()[:16]
    cache = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache")
    try:
        return _write_config(cache / "guidepress" / f"fontconfig-{key}")
    except OSError:
        return _write_config(Path(tempfile.mkdtemp(prefix="guidepress-fontconfig-")))


def _write_config(folder: Path) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / "fonts.conf"
    text = fontconfig_text(folder / "cache")
    if not path.is_file() or path.read_text("utf-8") != text:
        # Written beside, then renamed: a worker starting at the same time reads it whole.
        handle, temp = tempfile.mkstemp(dir=folder, prefix=".fonts.conf.")
        with os.fdopen(handle, "w", encoding="utf-8") as out:
            out.write(text)
        os.replace(temp, path)
    return path


@contextlib.contextmanager
def private_fontconfig() -> Iterator[Path]:
    """Run the body with fontconfig reading only the private configuration.

    fontconfig reads FONTCONFIG_FILE each time a configuration is loaded: when WeasyPrint is
    imported and whenever it starts a document (each render loads its own). Setting it around
    the import and the render is enough, even where WeasyPrint was imported before; the
    previous environment comes back afterwards, so tools started later see the machine's fonts.
    """
    path = fontconfig_file()
    saved = {name: os.environ.get(name) for name in _ENVIRONMENT}
    for name in _ENVIRONMENT:
        os.environ.pop(name, None)
    os.environ["FONTCONFIG_FILE"] = str(path)
    try:
        yield path
    finally:
        for name, value in saved.items():
            if value is None:
                os.environ.pop(name, None)
            else:
                os.environ[name] = value


# --- Subsetting ---------------------------------------------------------------------------

def subset(face: Face, code_points: frozenset[int]) -> bytes:
    """`face` cut down to `code_points` (and what shaping them needs), the same bytes for the
    same input: fontTools keeps the font's own dates, and every name record, so the licence
    (OFL name IDs 13 and 14) and copyright travel with the subset."""
    import io

    from fontTools import subset as subsetter

    options = subsetter.Options()
    options.name_IDs = ["*"]
    options.name_languages = ["*"]
    options.name_legacy = True
    options.notdef_outline = True
    options.recalc_timestamp = False
    font = subsetter.load_font(str(face.path), options)
    try:
        cutter = subsetter.Subsetter(options)
        cutter.populate(unicodes=sorted(code_points))
        cutter.subset(font)
        out = io.BytesIO()
        subsetter.save_font(font, out, options)
    finally:
        font.close()
    return out.getvalue()
