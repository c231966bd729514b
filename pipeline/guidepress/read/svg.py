"""An SVG image must be plain drawing, of a size every renderer can draw in bounded time.

Checked when the guide is read, before any renderer sees it, against allow-lists: the
elements and attributes of static SVG drawing, references only to `#id`s of the same file (no
`xml:base`, no URL), CSS that loads nothing. Then the drawing is measured the way a renderer
draws it: every `<use>`, marker, pattern, mask, clip path and filter is expanded where it is
used (a marker on every vertex of the path it marks), and the whole may not exceed a budget
of drawn elements. References that loop, or nest deeper than a few levels, are refused. So a
2 KB file that asks for 40^6 drawings is refused by name, with its line, in milliseconds.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass

from lxml import etree

from guidepress.errors import Location, SourceError

MAX_ELEMENTS = 10_000
MAX_DRAWN = 50_000  # elements drawn once every reference is expanded
MAX_DRAWN_PER_GUIDE = 100_000  # over every use of every drawing in one guide
MAX_REFERENCE_DEPTH = 8  # a reference inside referenced content inside ...
MAX_NESTING = 32  # elements inside one another
MAX_DEFINITIONS = 64  # markers, patterns, masks, clip paths, filters: each
MAX_FILTER_STEPS = 16  # primitives in one filter
MAX_BLUR = 100.0  # feGaussianBlur stdDeviation, feDropShadow too
MAX_SIDE_PX = 4096  # the drawing's own width and height (it is drawn at twice that as PNG)
MIN_PATTERN_TILE = {"objectBoundingBox": 0.01, "userSpaceOnUse": 1.0}

SVG_NS = "http://www.w3.org/2000/svg"
XLINK_NS = "http://www.w3.org/1999/xlink"
XML_NS = "http://www.w3.org/XML/1998/namespace"

_SHAPES = frozenset({"path", "line", "polyline", "polygon", "rect", "circle", "ellipse",
                     "text"})
_MARKABLE = frozenset({"path", "line", "polyline", "polygon"})
_CONTAINERS = frozenset({"svg", "g", "defs", "symbol"})
_TEXT = frozenset({"text", "tspan", "textPath", "title", "desc"})
_PAINT = frozenset({"linearGradient", "radialGradient", "stop", "pattern"})
_CLIPS = frozenset({"clipPath", "mask", "marker"})
_FILTERS = frozenset({"filter", "feBlend", "feColorMatrix", "feComponentTransfer",
                      "feComposite", "feFlood", "feGaussianBlur", "feMerge", "feMergeNode",
                      "feOffset", "feDropShadow", "feFuncR", "feFuncG", "feFuncB", "feFuncA"})
ELEMENTS = (_SHAPES | _CONTAINERS | _TEXT | _PAINT | _CLIPS | _FILTERS
            | {"use", "style", "metadata"})
# Content drawn only where something refers to it, never where it stands.
_DRAWN_ELSEWHERE = frozenset({"defs", "symbol", "marker", "pattern", "clipPath", "mask",
                              "linearGradient", "radialGradient", "filter", "style", "title",
                              "desc", "metadata"})
_DEFINITIONS = ("marker", "pattern", "mask", "clipPath", "filter")

# Static drawing's own attributes, and the presentation attributes it may carry.
ATTRIBUTES = frozenset(str.split("""
id class style lang tabindex role focusable
x y x1 y1 x2 y2 cx cy r rx ry fx fy fr width height d points pathLength transform viewBox
preserveAspectRatio version baseProfile zoomAndPan dx dy rotate textLength lengthAdjust
startOffset method spacing side href
gradientUnits gradientTransform spreadMethod offset patternUnits patternContentUnits
patternTransform markerWidth markerHeight markerUnits refX refY orient clipPathUnits
maskUnits maskContentUnits filterUnits primitiveUnits in in2 result stdDeviation edgeMode
mode type values operator k1 k2 k3 k4 tableValues slope intercept amplitude exponent
alignment-baseline baseline-shift clip clip-path clip-rule color color-interpolation
color-interpolation-filters color-rendering direction display dominant-baseline fill
fill-opacity fill-rule filter flood-color flood-opacity font font-family font-size
font-size-adjust font-stretch font-style font-variant font-weight image-rendering
letter-spacing lighting-color marker marker-start marker-mid marker-end mask mask-type opacity
overflow paint-order pointer-events shape-rendering stop-color stop-opacity stroke
stroke-dasharray stroke-dashoffset stroke-linecap stroke-linejoin stroke-miterlimit
stroke-opacity stroke-width text-anchor text-decoration text-rendering unicode-bidi
visibility word-spacing writing-mode vector-effect mix-blend-mode isolation transform-origin
media title
"""))
_XML_ATTRIBUTES = {f"{{{XML_NS}}}lang", f"{{{XML_NS}}}space"}
_XLINK_ATTRIBUTES = {f"{{{XLINK_NS}}}href", f"{{{XLINK_NS}}}title"}
_INERT_PREFIXES = ("aria-", "data-")
_MARKER_PROPERTIES = ("marker", "marker-start", "marker-mid", "marker-end")
_INHERITED_PAINT = ("fill", "stroke")

_XML_DECLARATION = re.compile(rb"^(?:\xef\xbb\xbf)?<\?xml\s[^?]*\?>")
_ENCODING = re.compile(rb"encoding\s*=\s*[\"']([^\"']*)")
_URL = re.compile(r"url\(\s*(['\"]?)\s*#([^'\")\s]+)\s*\1\s*\)", re.IGNORECASE)
_STYLE_PROPERTY = re.compile(r"([\w-]+)\s*:\s*([^;]*)")
_NUMBER = re.compile(r"[-+]?(?:\d*\.\d+|\d+\.?)(?:[eE][-+]?\d+)?")
_LENGTH = re.compile(r"^\s*([0-9]*\.?[0-9]+(?:[eE][-+]?\d+)?)\s*(px|pt|pc|mm|cm|in)?\s*$")
_PX_PER_UNIT = {None: 1.0, "px": 1.0, "pt": 96 / 72, "pc": 16.0, "mm": 96 / 25.4,
                "cm": 96 / 2.54, "in": 96.0}

Fail = Callable[..., SourceError]


def check(data: bytes, shown: str, where: Location) -> int:
    """Refuse an SVG that could run script, load anything, expand entities, or make a renderer
    draw without end; the message names the image and the line of the SVG. Returns how many
    elements a renderer draws for it."""

    def fail(message: str, hint: str = "", line: int | None = None) -> SourceError:
        at = f" (its line {line})" if line else ""
        return SourceError(where, f"SVG {shown}{at} {message}", hint)

    _check_text(data, fail)
    root = _parse(data, fail)
    elements = _elements(root, fail)
    ids = {element.get("id"): element for element in elements if element.get("id")}
    for element in elements:
        _check_element(element, ids, fail)
    _check_size(root, fail)
    _check_definitions(elements, fail)
    drawn = _Drawing(ids, _sheet_references(elements), fail).cost(root, frozenset(), 0)
    if drawn > MAX_DRAWN:
        raise fail(f"draws more than {MAX_DRAWN:,} shapes once its markers, patterns, masks, "
                   "clip paths and <use> copies are counted",
                   "simplify the drawing, or export it as PNG")
    return drawn


def _check_text(data: bytes, fail: Fail) -> None:
    if re.search(rb"<!DOCTYPE|<!ENTITY", data, re.IGNORECASE):
        raise fail("declares a DOCTYPE or entities",
                   "remove the <!DOCTYPE ...> part; plain SVG needs none")
    try:
        data.removeprefix(b"\xef\xbb\xbf").decode("utf-8")
    except UnicodeDecodeError:
        raise fail("is not UTF-8 text", "save it as UTF-8") from None
    declaration = _XML_DECLARATION.match(data)
    encoding = _ENCODING.search(declaration.group()) if declaration else None
    if encoding and encoding.group(1).lower() not in (b"utf-8", b"utf8"):
        raise fail(f"declares the encoding {encoding.group(1).decode('ascii', 'replace')!r}",
                   "save it as UTF-8")
    if b"<?" in data[declaration.end() if declaration else 0 :]:
        raise fail("contains a processing instruction")


def _parse(data: bytes, fail: Fail) -> etree._Element:
    parser = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False,
                             huge_tree=False, remove_comments=True)
    try:
        root = etree.fromstring(data, parser)
    except etree.XMLSyntaxError as exc:
        raise fail(f"is not well-formed XML: {exc.msg}") from None
    if root.tag != f"{{{SVG_NS}}}svg":
        raise fail("has no <svg> root element in the SVG namespace",
                   'start it with <svg xmlns="http://www.w3.org/2000/svg" ...>')
    return root


def _elements(root: etree._Element, fail: Fail) -> list[etree._Element]:
    """Every element that is drawn or referred to (not the inside of <metadata>)."""
    found: list[etree._Element] = []
    stack = [(root, 1)]
    while stack:
        element, depth = stack.pop()
        if not isinstance(element.tag, str):
            raise fail("contains a processing instruction", line=element.sourceline)
        found.append(element)
        if len(found) > MAX_ELEMENTS:
            raise fail(f"has more than {MAX_ELEMENTS:,} elements", "simplify the drawing")
        if depth > MAX_NESTING:
            raise fail(f"nests elements more than {MAX_NESTING} deep", "simplify the drawing",
                       element.sourceline)
        if _name(element) != "metadata":
            stack.extend((child, depth + 1) for child in reversed(list(element)))
    return found


def _name(element: etree._Element) -> str:
    return str(etree.QName(element).localname)


def _check_element(element: etree._Element, ids: dict[str, etree._Element], fail: Fail
                   ) -> None:
    qname = etree.QName(element)
    if qname.namespace != SVG_NS or qname.localname not in ELEMENTS:
        shown = f"{element.prefix}:{qname.localname}" if element.prefix else qname.localname
        raise fail(f"contains <{shown}>, which is not plain drawing",
                   "images may only draw: remove scripts, animation, embedded content and "
                   "editor data, or save the image as plain SVG", element.sourceline)
    for attribute, value in element.attrib.items():
        _check_attribute(element, str(attribute), value, ids, fail)
    if qname.localname == "style":
        _check_css(element.text or "", element, ids, fail)
    _check_values(element, fail)


def _check_attribute(element: etree._Element, attribute: str, value: str,
                     ids: dict[str, etree._Element], fail: Fail) -> None:
    local = etree.QName(attribute).localname
    allowed = (attribute in ATTRIBUTES or attribute in _XML_ATTRIBUTES
               or attribute in _XLINK_ATTRIBUTES or attribute.startswith(_INERT_PREFIXES))
    if not allowed:
        what = ("an event handler" if local.lower().startswith("on") else
                "a base address" if local == "base" else "an attribute plain SVG does not use")
        raise fail(f"has {what} ({_shown_attribute(attribute)}) on <{_name(element)}>",
                   "remove it, or save the image as plain SVG", element.sourceline)
    if local == "href":
        if not _local_reference(value, ids):
            raise fail(f"refers to {value[:60]!r}, outside itself",
                       'keep every reference inside the SVG: href="#id" of an element in it',
                       element.sourceline)
    else:
        _check_css(value, element, ids, fail)  # any value may be read as CSS


def _shown_attribute(attribute: str) -> str:
    qname = etree.QName(attribute)
    prefixes = {XML_NS: "xml:", XLINK_NS: "xlink:"}
    return prefixes.get(qname.namespace or "", "") + str(qname.localname)


def _local_reference(value: str, ids: dict[str, etree._Element]) -> bool:
    return value.startswith("#") and value[1:] in ids


def _check_css(text: str, element: etree._Element, ids: dict[str, etree._Element],
               fail: Fail) -> None:
    """CSS may refer only to `url(#id)` of this file, and load nothing: no @import, no
    image-set(), no backslash escape that could spell either."""
    lowered = text.lower()
    urls = _URL.findall(text)
    if ("\\" in text or "@import" in lowered or "image-set(" in lowered
            or "image(" in lowered.replace("-image(", "") or "element(" in lowered
            or lowered.count("url(") != len(urls)):
        raise fail("loads a style sheet or file, or refers outside itself",
                   "keep every reference inside the SVG: url(#id)", element.sourceline)
    for _, ident in urls:
        if ident not in ids:
            raise fail(f"refers to #{ident}, which it does not have",
                       "keep every reference inside the SVG", element.sourceline)


def _check_values(element: etree._Element, fail: Fail) -> None:
    """Values that make a renderer loop or draw without end."""
    name, line = _name(element), element.sourceline
    if element.get("spreadMethod", "pad") != "pad":
        raise fail(f"repeats a gradient (spreadMethod={element.get('spreadMethod')!r})",
                   "use the default spreadMethod, pad", line)
    if name in ("feGaussianBlur", "feDropShadow"):
        numbers = [float(n) for n in _NUMBER.findall(element.get("stdDeviation", "0"))]
        if any(abs(number) > MAX_BLUR for number in numbers):
            raise fail(f"blurs by more than {MAX_BLUR:g}", "use a smaller stdDeviation", line)
    if name == "filter" and len(element) > MAX_FILTER_STEPS:
        raise fail(f"has a filter of more than {MAX_FILTER_STEPS} steps", "simplify it", line)
    if name == "pattern":
        _check_pattern(element, fail)


def _check_pattern(pattern: etree._Element, fail: Fail) -> None:
    units = pattern.get("patternUnits", "objectBoundingBox")
    smallest = MIN_PATTERN_TILE.get(units, 1.0)
    for side in ("width", "height"):
        size = _length(pattern.get(side, "0"))
        if size is None or size < smallest:
            raise fail(f"has a pattern whose tile {side} is not a number of at least "
                       f"{smallest:g}", "make the pattern's tiles larger", pattern.sourceline)
    if re.search(r"scale|matrix", pattern.get("patternTransform", ""), re.IGNORECASE):
        raise fail("scales a pattern's tiles", "draw the tiles at their size",
                   pattern.sourceline)


def _check_size(root: etree._Element, fail: Fail) -> None:
    box = _NUMBER.findall(root.get("viewBox", ""))
    sides = [(_length(root.get(side, "")) if root.get(side) is not None else
              (abs(float(box[index + 2])) if len(box) == 4 else None))
             for index, side in enumerate(("width", "height"))]
    if any(side is not None and side > MAX_SIDE_PX for side in sides):
        raise fail(f"is larger than {MAX_SIDE_PX}x{MAX_SIDE_PX} pixels",
                   "give the <svg> a smaller width and height; its viewBox keeps the drawing")


def _length(value: str) -> float | None:
    found = _LENGTH.match(value)
    if not found:
        return None
    return float(found.group(1)) * _PX_PER_UNIT[found.group(2)]


def _check_definitions(elements: list[etree._Element], fail: Fail) -> None:
    for kind in _DEFINITIONS:
        found = [element for element in elements if _name(element) == kind]
        if len(found) > MAX_DEFINITIONS:
            raise fail(f"defines more than {MAX_DEFINITIONS} <{kind}> elements",
                       "simplify the drawing", found[MAX_DEFINITIONS].sourceline)


def _sheet_references(elements: list[etree._Element]) -> frozenset[str]:
    """Ids a <style> sheet refers to: its rules may apply to any element, so they count as
    applying to all of them."""
    return frozenset(ident for element in elements if _name(element) == "style"
                     for _, ident in _URL.findall(element.text or ""))


@dataclass(frozen=True)
class _Reference:
    property: str
    ident: str


def _references(element: etree._Element) -> Iterator[_Reference]:
    """What `element` refers to through its attributes and its style attribute."""
    for attribute, value in element.attrib.items():
        local = etree.QName(attribute).localname
        if local == "href" and value.startswith("#"):
            yield _Reference("href", value[1:])
        elif local != "style":
            for _, ident in _URL.findall(value):
                yield _Reference(local, ident)
    for prop, value in _STYLE_PROPERTY.findall(element.get("style", "")):
        for _, ident in _URL.findall(value):
            yield _Reference(prop.lower(), ident)


class _Drawing:
    """What a renderer draws, counted: each element once where it stands, plus the content of
    everything it refers to, each time it is used."""

    def __init__(self, ids: dict[str, etree._Element], everywhere: frozenset[str],
                 fail: Fail) -> None:
        self.ids, self.everywhere, self.fail = ids, everywhere, fail
        self.memo: dict[tuple[str, frozenset[str]], int] = {}
        self.open: list[str] = []  # ids being expanded, to find loops

    def cost(self, element: etree._Element, inherited: frozenset[str], depth: int) -> int:
        name = _name(element)
        if name in _DRAWN_ELSEWHERE:
            return 1
        references = list(_references(element))
        inherited = inherited | {r.ident for r in references
                                 if r.property in _MARKER_PROPERTIES + _INHERITED_PAINT}
        total = 1 + sum(self.cost(child, inherited, depth) for child in element)
        for reference in references:
            if reference.property == "href" and name == "use":
                total += self.content(reference.ident, inherited, depth, whole=True)
            elif reference.property in ("clip-path", "mask", "filter"):
                total += self.content(reference.ident, frozenset(), depth)
        if name in _SHAPES:
            total += self._paint_and_markers(element, name, inherited | self.everywhere, depth)
        return total

    def _paint_and_markers(self, element: etree._Element, name: str,
                           inherited: frozenset[str], depth: int) -> int:
        total = 0
        for ident in inherited:
            target = self.ids.get(ident)
            kind = _name(target) if target is not None else ""
            if kind == "pattern":
                total += self.content(ident, frozenset(), depth)
            elif kind == "marker" and name in _MARKABLE:
                total += _vertices(element) * self.content(ident, frozenset(), depth)
            elif kind in ("clipPath", "mask", "filter") and ident in self.everywhere:
                total += self.content(ident, frozenset(), depth)
            if total > MAX_DRAWN:
                break
        return total

    def content(self, ident: str, inherited: frozenset[str], depth: int,
                whole: bool = False) -> int:
        """The cost of drawing what `#ident` holds (the element itself too, for <use>)."""
        target = self.ids.get(ident)
        if target is None or _name(target) in ("linearGradient", "radialGradient"):
            return 0
        key = (ident, inherited if whole else frozenset())
        if key in self.memo:
            return self.memo[key]
        if ident in self.open:
            raise self.fail(f"refers to #{ident} from inside #{ident} (a loop)",
                            "remove the reference", target.sourceline)
        if depth + 1 > MAX_REFERENCE_DEPTH:
            raise self.fail(f"nests references more than {MAX_REFERENCE_DEPTH} deep",
                            "draw the repeated shapes out in full", target.sourceline)
        self.open.append(ident)
        try:
            if whole and _name(target) != "symbol":
                cost = self.cost(target, inherited, depth + 1)
            else:
                cost = sum(self.cost(child, inherited, depth + 1) for child in target)
        finally:
            self.open.pop()
        self.memo[key] = cost = min(cost, MAX_DRAWN + 1)
        return cost


def _vertices(element: etree._Element) -> int:
    """How many vertices a marker can sit on: at most one per pair of numbers, and two on a
    line."""
    if _name(element) == "line":
        return 2
    numbers = len(_NUMBER.findall(element.get("d") or element.get("points") or ""))
    return numbers // 2 + 2
