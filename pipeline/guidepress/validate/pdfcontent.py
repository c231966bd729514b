"""Reading a PDF's page content the way assistive technology does: the text of each marked
content sequence (MCID), what is an artifact, what is neither, and where text sits on the page.

Text is decoded through each font's ToUnicode map, so a glyph without a Unicode mapping is
counted (PDF/UA-1 7.21.7, Matterhorn 10-001) instead of guessed.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any

import pikepdf

from guidepress.formats import phrases
from guidepress.validate import bidi

Matrix = tuple[float, float, float, float, float, float]
IDENTITY: Matrix = (1.0, 0.0, 0.0, 1.0, 0.0, 0.0)
PAINT_OPERATORS = {"f", "F", "f*", "B", "B*", "b", "b*", "S", "s", "sh", "BI"}
TEXT_SHOW = {"Tj", "TJ", "'", '"'}
MAX_FORM_DEPTH = 8
LINE_TOLERANCE = 1.0  # points: runs whose baselines differ by less are on one line
WORD_GAP = -200  # a TJ adjustment (thousandths of an em) wider than this reads as a space


@dataclass(frozen=True)
class Run:
    """One text-showing or painting operation and the marked content around it."""

    page: int
    mcid: int | None  # the innermost MCID, None outside tagged content
    artifact: bool
    text: str  # empty for painting operators
    y: float  # distance from the bottom of the page, in points
    unmapped: int = 0  # glyph codes without a Unicode mapping
    x: float = 0.0  # distance from the left of the page, in points
    glyphs: tuple[str, ...] = ()  # the text of each glyph (a ligature's is several letters)


@dataclass
class PageContent:
    index: int
    height: float
    runs: list[Run] = field(default_factory=list)
    rtl: bool = False  # the document's language is written right to left

    def mcid_text(self) -> dict[int, str]:
        """The text of each marked-content sequence. A sequence that is part of a line holding
        right-to-left text (a link, a word in bold) is read in the order of its whole line."""
        runs = [run for run in self.runs if run.mcid is not None and not run.artifact
                and run.text]
        pieces: Iterable[tuple[Run, str]] = ((run, run.text) for run in runs)
        if any(bidi.has_rtl(run.text) for run in runs):
            pieces = (piece for line in _reading_lines(runs, self.rtl) for piece in line)
        texts: dict[int, str] = {}
        for run, text in pieces:
            if run.mcid is not None:
                texts[run.mcid] = texts.get(run.mcid, "") + text
        return texts

    def text(self) -> str:
        """The page's text that is not an artifact, in the order extraction reads it: the
        order it is drawn in, right-to-left lines turned back to their reading order."""
        runs = [run for run in self.runs if not run.artifact and run.text]
        if not any(bidi.has_rtl(run.text) for run in runs):
            return " ".join(run.text for run in runs)
        return " ".join("".join(glyph for _, glyph in line)
                        for line in _reading_lines(runs, self.rtl))


def _reading_lines(runs: list[Run], rtl: bool) -> Iterator[list[tuple[Run, str]]]:
    """The glyphs of runs, line by line as drawn, each with its run, in the order the line is
    read (see bidi)."""
    lines: list[list[Run]] = []
    for run in runs:
        if lines and abs(lines[-1][0].y - run.y) < LINE_TOLERANCE:
            lines[-1].append(run)
        else:
            lines.append([run])
    for line in lines:
        glyphs = [(run, glyph) for run in sorted(line, key=lambda r: r.x)
                  for glyph in run.glyphs or tuple(run.text)]
        yield [glyphs[at] for at in bidi.reading_order([glyph for _, glyph in glyphs], rtl)]


def _multiply(a: Matrix, b: Matrix) -> Matrix:
    return (a[0] * b[0] + a[1] * b[2], a[0] * b[1] + a[1] * b[3],
            a[2] * b[0] + a[3] * b[2], a[2] * b[1] + a[3] * b[3],
            a[4] * b[0] + a[5] * b[2] + b[4], a[4] * b[1] + a[5] * b[3] + b[5])


def _matrix(operands: Any) -> Matrix:
    values = [float(v) for v in operands]
    return (values[0], values[1], values[2], values[3], values[4], values[5])


_RANGE = re.compile(r"<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>\s*(\[[^\]]*\]|<[0-9A-Fa-f]*>)")


class CMap:
    """A ToUnicode CMap: glyph codes (of a fixed byte width) to Unicode text."""

    _HEX = re.compile(r"<([0-9A-Fa-f]*)>")

    def __init__(self, data: bytes, width: int) -> None:
        self.width = width
        self.map: dict[int, str] = {}
        text = data.decode("latin-1")
        for block in re.findall(r"beginbfchar(.*?)endbfchar", text, re.S):
            pairs = self._HEX.findall(block)
            for code, value in zip(pairs[0::2], pairs[1::2], strict=False):
                self.map[int(code, 16)] = _utf16(value)
        for block in re.findall(r"beginbfrange(.*?)endbfrange", text, re.S):
            self._ranges(block)

    def _ranges(self, block: str) -> None:
        for line in _RANGE.finditer(block):
            low, high, target = int(line[1], 16), int(line[2], 16), line[3]
            if target.startswith("["):
                for offset, value in enumerate(self._HEX.findall(target)):
                    self.map[low + offset] = _utf16(value)
            else:
                start = target.strip("<>")
                base = int(start, 16) if start else 0
                for offset in range(min(high - low, 0xFFFF) + 1):
                    self.map[low + offset] = _utf16(f"{base + offset:0{len(start)}x}")

    def decode(self, data: bytes) -> tuple[str, int]:
        glyphs, unmapped = self.decode_glyphs(data)
        return "".join(glyphs), unmapped

    def decode_glyphs(self, data: bytes) -> tuple[list[str], int]:
        """The text of each mapped glyph, in drawing order, and how many had none."""
        chars, unmapped = [], 0
        for start in range(0, len(data) - self.width + 1, self.width):
            code = int.from_bytes(data[start:start + self.width], "big")
            value = self.map.get(code)
            if value is None:
                unmapped += 1
            else:
                chars.append(value)
        return chars, unmapped


def _utf16(hex_text: str) -> str:
    raw = bytes.fromhex(hex_text if len(hex_text) % 2 == 0 else "0" + hex_text)
    return raw.decode("utf-16-be", "replace")


@dataclass
class _State:
    ctm: Matrix = IDENTITY
    text_matrix: Matrix = IDENTITY
    line_matrix: Matrix = IDENTITY
    leading: float = 0.0
    font: CMap | None = None


class _Reader:
    def __init__(self, page_index: int) -> None:
        self.page_index = page_index
        self.runs: list[Run] = []
        self.marks: list[tuple[str, int | None]] = []  # (tag, mcid) of open sequences
        self.fonts: dict[int, CMap | None] = {}

    @property
    def mcid(self) -> int | None:
        return next((mcid for _, mcid in reversed(self.marks) if mcid is not None), None)

    @property
    def artifact(self) -> bool:
        return any(tag == "/Artifact" for tag, _ in self.marks)

    def read(self, stream: Any, resources: Any, ctm: Matrix, depth: int = 0) -> None:
        stack: list[_State] = []
        state = _State(ctm=ctm)
        for instruction in pikepdf.parse_content_stream(stream):
            op, operands = str(instruction.operator), instruction.operands
            if op == "q":
                stack.append(_State(state.ctm, state.text_matrix, state.line_matrix,
                                    state.leading, state.font))
            elif op == "Q" and stack:
                state = stack.pop()
            else:
                self._operator(op, operands, state, resources, depth)

    def _operator(self, op: str, operands: Any, state: _State, resources: Any,
                  depth: int) -> None:
        if op == "cm":
            state.ctm = _multiply(_matrix(operands), state.ctm)
        elif op in ("BMC", "BDC"):
            self.marks.append((str(operands[0]), _mcid(operands)))
        elif op == "EMC" and self.marks:
            self.marks.pop()
        elif op in ("BT", "Tm", "Td", "TD", "T*", "TL", "'", '"'):
            self._text_position(op, operands, state)
            if op in ("'", '"'):
                self._show(op, operands, state)
        elif op == "Tf":
            state.font = self._font(resources, operands[0])
        elif op in TEXT_SHOW:
            self._show(op, operands, state)
        elif op in PAINT_OPERATORS:
            self._record([], 0, state)
        elif op == "Do":
            self._xobject(resources, operands[0], state, depth)

    def _text_position(self, op: str, operands: Any, state: _State) -> None:
        if op == "BT":
            state.text_matrix = state.line_matrix = IDENTITY
        elif op == "Tm":
            state.text_matrix = state.line_matrix = _matrix(operands)
        elif op in ("Td", "TD"):
            tx, ty = float(operands[0]), float(operands[1])
            if op == "TD":
                state.leading = -ty
            state.line_matrix = _multiply((1, 0, 0, 1, tx, ty), state.line_matrix)
            state.text_matrix = state.line_matrix
        elif op == "TL":
            state.leading = float(operands[0])
        else:  # T*, ' and " move to the next line
            state.line_matrix = _multiply((1, 0, 0, 1, 0, -state.leading), state.line_matrix)
            state.text_matrix = state.line_matrix

    def _show(self, op: str, operands: Any, state: _State) -> None:
        strings = operands[-1] if op != "TJ" else operands[0]
        parts: list[str] = []
        unmapped = 0
        items = strings if op == "TJ" else [strings]
        for item in items:
            if isinstance(item, pikepdf.String):
                glyphs, missing = self._decode(bytes(item), state.font)
                parts.extend(glyphs)
                unmapped += missing
            elif float(item) < WORD_GAP and parts and not parts[-1].endswith(" "):
                parts.append(" ")
        self._record(parts, unmapped, state)

    def _decode(self, data: bytes, font: CMap | None) -> tuple[list[str], int]:
        if font is None:
            return [], len(data)
        return font.decode_glyphs(data)

    def _record(self, glyphs: list[str], unmapped: int, state: _State) -> None:
        text = "".join(glyphs)
        place = _multiply(state.text_matrix, state.ctm) if text else state.ctm
        self.runs.append(Run(self.page_index, self.mcid, self.artifact, text, place[5], unmapped,
                             place[4], tuple(glyphs)))

    def _font(self, resources: Any, name: Any) -> CMap | None:
        fonts = resources.get("/Font") if resources is not None else None
        font = fonts.get(name) if fonts is not None else None
        if font is None:
            return None
        key = font.objgen[0] or id(font)
        if key not in self.fonts:
            self.fonts[key] = _cmap(font)
        return self.fonts[key]

    def _xobject(self, resources: Any, name: Any, state: _State, depth: int) -> None:
        objects = resources.get("/XObject") if resources is not None else None
        xobject = objects.get(name) if objects is not None else None
        if xobject is None:
            return
        if xobject.get("/Subtype") != "/Form" or depth >= MAX_FORM_DEPTH:
            self._record([], 0, state)  # an image is painted content
            return
        matrix = _matrix(xobject.get("/Matrix", [1, 0, 0, 1, 0, 0]))
        inner = xobject.get("/Resources", resources)
        self.read(xobject, inner, _multiply(matrix, state.ctm), depth + 1)


def _mcid(operands: Any) -> int | None:
    if len(operands) < 2 or not isinstance(operands[1], pikepdf.Dictionary):
        return None
    value = operands[1].get("/MCID")
    return int(value) if value is not None else None


def _cmap(font: Any) -> CMap | None:
    to_unicode = font.get("/ToUnicode")
    if not isinstance(to_unicode, pikepdf.Stream):
        return None
    width = 2 if font.get("/Subtype") == "/Type0" else 1
    return CMap(to_unicode.read_bytes(), width)


def read_pages(pdf: pikepdf.Pdf) -> Iterator[PageContent]:
    rtl = phrases.is_rtl(str(pdf.Root.get("/Lang", "")))
    for index, page in enumerate(pdf.pages):
        box = [float(v) for v in page.mediabox]
        reader = _Reader(index)
        reader.read(page, page.get("/Resources"), IDENTITY)
        yield PageContent(index, box[3] - box[1], reader.runs, rtl)
