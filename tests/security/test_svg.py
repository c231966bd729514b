"""SVG images are checked against allow-lists and measured the way a renderer draws them
(classes 2 and 7 of the second security review): references only inside the file, no
`xml:base`, only the elements and attributes of static drawing, and no drawing that expands
(markers on every vertex, patterns, masks, clip paths, <use> copies) past a budget. Each case
is refused by name, with the SVG's line, in milliseconds."""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from guidepress.errors import Location, SourceError
from guidepress.read import svg

WHERE = Location("source/guide.md", 11)
OPEN = '<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink"'


def drawing(inside: str, size: str = 'width="100" height="100"') -> bytes:
    return f"{OPEN} {size}>\n{inside}\n</svg>\n".encode()


def refused(data: bytes) -> str:
    with pytest.raises(SourceError) as caught:
        svg.check(data, "'images/x.svg'", WHERE)
    return str(caught.value)


def _path(points: int) -> str:
    return "M0 0 " + " ".join(f"L{i} {i % 7}" for i in range(points))


def nested_markers(levels: int, points: int) -> bytes:
    """Each marker's path places the next marker on each of its vertices."""
    markers = "".join(
        f'<marker id="m{level}"><path d="{_path(points)}"'
        + (f' marker-mid="url(#m{level + 1})"' if level + 1 < levels else "") + "/></marker>"
        for level in range(levels))
    return drawing(f'<defs>{markers}</defs><path d="{_path(points)}" marker-mid="url(#m0)"/>')


def chain(kind: str, attribute: str, levels: int, fan: int) -> bytes:
    """`levels` definitions of `kind`, each drawing `fan` shapes that use the next one."""
    parts = []
    for level in range(levels):
        uses = (f' {attribute}="url(#d{level + 1})"' if level + 1 < levels else "")
        shapes = "".join(f'<rect width="10" height="10"{uses}/>' for _ in range(fan))
        extra = ' width="10" height="10" patternUnits="userSpaceOnUse"' if kind == "pattern" \
            else ""
        parts.append(f'<{kind} id="d{level}"{extra}>{shapes}</{kind}>')
    return drawing(f'<defs>{"".join(parts)}</defs><rect width="90" height="90" '
                   f'{attribute}="url(#d0)"/>')


def use_chain(levels: int, fan: int) -> bytes:
    parts = ['<g id="u0"><rect width="1" height="1"/></g>']
    for level in range(1, levels):
        uses = "".join(f'<use href="#u{level - 1}"/>' for _ in range(fan))
        parts.append(f'<g id="u{level}">{uses}</g>')
    return drawing(f'<defs>{"".join(parts)}</defs><use href="#u{levels - 1}"/>')


@pytest.mark.parametrize(("name", "data", "message"), [
    ("nested markers (40^6 drawings in 2 KB)", nested_markers(6, 40), "draws more than 50,000"),
    ("nested markers, 4 levels of 20", nested_markers(4, 20), "draws more than 50,000"),
    ("one marker on a long path", nested_markers(1, 60_000), "draws more than 50,000"),
    ("patterns that fill with patterns", chain("pattern", "fill", 6, 8),
     "draws more than 50,000"),
    ("masks that mask with masks", chain("mask", "mask", 6, 8), "draws more than 50,000"),
    ("clip paths clipped by clip paths", chain("clipPath", "clip-path", 6, 8),
     "draws more than 50,000"),
    ("<use> of <use> of <use>", use_chain(6, 10), "draws more than 50,000"),
    ("references nested 9 deep", use_chain(10, 1), "nests references more than 8 deep"),
    ("a marker that marks itself", drawing('<marker id="m"><path d="M0 0 L1 1" '
                                           'marker-end="url(#m)"/></marker>'
                                           '<path d="M0 0 L5 5" marker-end="url(#m)"/>'),
     "refers to #m from inside #m (a loop)"),
    ("a pattern that fills itself", drawing(
        '<pattern id="p" width="10" height="10" patternUnits="userSpaceOnUse">'
        '<rect width="5" height="5" fill="url(#p)"/></pattern>'
        '<rect width="50" height="50" fill="url(#p)"/>'), "(a loop)"),
    ("more than 64 markers", drawing("".join(f'<marker id="m{i}"><path d="M0 0"/></marker>'
                                             for i in range(65))),
     "defines more than 64 <marker> elements"),
    ("more than 10,000 elements", drawing('<rect width="1" height="1"/>' * 10_001),
     "has more than 10,000 elements"),
    ("elements nested 40 deep", drawing("<g>" * 40 + "</g>" * 40), "nests elements more than"),
    ("a repeating gradient (WeasyPrint loops per repeat)", drawing(
        '<linearGradient id="g" x2="0.0000001" spreadMethod="repeat"><stop offset="0"/>'
        '<stop offset="1" stop-color="red"/></linearGradient><rect width="99" height="99" '
        'fill="url(#g)"/>'), "repeats a gradient"),
    ("a pattern of tiny tiles", drawing(
        '<pattern id="p" width="0.0001" height="0.0001"><rect width="1" height="1"/></pattern>'
        '<rect width="99" height="99" fill="url(#p)"/>'), "pattern whose tile width"),
    ("a pattern scaled down", drawing(
        '<pattern id="p" width="0.5" height="0.5" patternTransform="scale(0.00001)">'
        '<rect width="1" height="1"/></pattern><rect width="99" height="99" fill="url(#p)"/>'),
     "scales a pattern's tiles"),
    ("a huge blur", drawing('<filter id="f"><feGaussianBlur stdDeviation="5000"/></filter>'),
     "blurs by more than 100"),
    ("turbulence (not in the allow-list)", drawing(
        '<filter id="f"><feTurbulence baseFrequency="0.9" numOctaves="50"/></filter>'),
     "contains <feTurbulence>, which is not plain drawing"),
    ("a filter of 17 steps", drawing('<filter id="f">' + '<feOffset dx="1"/>' * 17
                                     + "</filter>"), "a filter of more than 16 steps"),
    ("a drawing 100,000 px wide", drawing("", 'width="100000" height="10"'),
     "is larger than 4096x4096 pixels"),
    ("a drawing 50 inches tall", drawing("", 'width="10" height="50in"'),
     "is larger than 4096x4096 pixels"),
    ("a viewBox 1e9 wide and no size", drawing("", 'viewBox="0 0 1e9 10"'),
     "is larger than 4096x4096 pixels"),
])
def test_drawings_that_expand_are_refused_fast(name: str, data: bytes, message: str) -> None:
    started = time.monotonic()
    assert message in refused(data), name
    assert time.monotonic() - started < 10  # the check itself is linear in the file


@pytest.mark.parametrize(("name", "data", "message"), [
    ("xml:base on an image", drawing('<image xml:base="file:///etc/passwd" href="#x"/>'
                                     '<rect id="x" width="1" height="1"/>'),
     "contains <image>, which is not plain drawing"),
    ("xml:base on a group", drawing('<g xml:base="file:///etc/"><use href="#r"/></g>'
                                    '<rect id="r" width="1" height="1"/>'),
     "(its line 2) has a base address (xml:base) on <g>"),
    ("an href to another file", drawing('<use href="other.svg#r"/>'),
     "refers to 'other.svg#r', outside itself"),
    ("an xlink:href to a URL", drawing('<use xlink:href="https://example.org/x.svg#r"/>'),
     "refers to 'https://example.org/x.svg#r', outside itself"),
    ("an href to an id it does not have", drawing('<use href="#nowhere"/>'),
     "refers to '#nowhere', outside itself"),
    ("a url() to a file", drawing('<rect width="1" height="1" fill="url(file:///etc/x#p)"/>'),
     "loads a style sheet or file"),
    ("a url() to an id it does not have", drawing('<rect width="1" height="1" '
                                                  'fill="url(#none)"/>'),
     "refers to #none, which it does not have"),
    ("a style sheet that imports", drawing("<style>@import 'x.css';</style>"),
     "loads a style sheet or file"),
    ("a CSS escape", drawing('<rect width="1" height="1" style="fill: u\\72l(x)"/>'),
     "loads a style sheet or file"),
    ("image() in CSS", drawing('<rect width="1" height="1" style="fill: image(\'x.png\')"/>'),
     "loads a style sheet or file"),
    ("a link element", drawing('<a href="#r"><rect id="r" width="1" height="1"/></a>'),
     "contains <a>, which is not plain drawing"),
    ("feImage, which loads", drawing('<filter id="f"><feImage href="#r"/></filter>'
                                     '<rect id="r" width="1" height="1"/>'),
     "contains <feImage>"),
    ("an editor's namespace", drawing(
        '<sodipodi:namedview xmlns:sodipodi="http://sodipodi.sourceforge.net/DTD/'
        'sodipodi-0.dtd"/>'), "contains <sodipodi:namedview>"),
    ("an editor's attribute", drawing(
        '<rect xmlns:inkscape="http://www.inkscape.org/namespaces/inkscape" '
        'inkscape:label="x" width="1" height="1"/>'),
     "an attribute plain SVG does not use (label) on <rect>"),
    ("an HTML element", drawing('<p xmlns="http://www.w3.org/1999/xhtml">x</p>'),
     "contains <p>"),
    ("an SVG root outside the SVG namespace", b'<svg width="1" height="1"></svg>',
     "has no <svg> root element in the SVG namespace"),
    ("an event handler", drawing('<rect width="1" height="1" onload="x()"/>'),
     "has an event handler (onload) on <rect>"),
])
def test_references_and_elements_outside_the_allow_lists_are_refused(
        name: str, data: bytes, message: str) -> None:
    assert message in refused(data), name


def test_the_shipped_and_corpus_drawings_pass() -> None:
    root = Path(__file__).parents[2]
    drawings = [*root.glob("source/images/*.svg"), *root.glob("tests/corpus/source/images/*.svg"),
                *root.glob("tests/checks/rules/*/images/*.svg")]
    assert len(drawings) >= 10
    for path in drawings:
        assert svg.check(path.read_bytes(), repr(path.name), WHERE) >= 1, path


def test_a_drawing_within_the_budget_passes_and_says_what_it_draws() -> None:
    arrows = drawing('<defs><marker id="a" markerWidth="6" markerHeight="6" refX="3" refY="3">'
                     '<path d="M0 0 L6 3 L0 6 z"/></marker></defs>'
                     + '<line x1="0" y1="0" x2="90" y2="90" stroke="black" '
                       'marker-end="url(#a)"/>' * 200)
    assert 400 < svg.check(arrows, "'images/arrows.svg'", WHERE) < 2_000
    symbols = drawing('<defs><symbol id="s"><rect width="1" height="1"/><circle r="1"/>'
                      '</symbol></defs>' + '<use href="#s"/>' * 1000)
    assert svg.check(symbols, "'images/symbols.svg'", WHERE) < svg.MAX_DRAWN
