"""Diagrams redrawn for large print: a box-and-arrow diagram becomes a column of boxes with
its words at 18 pt, wrapped to fit; any other diagram becomes a panel with its alt text."""

from __future__ import annotations

import base64
from pathlib import Path

from lxml import etree

from guidepress.formats import lpbody, lpdiagram
from guidepress.read.assets import Asset

from ..conftest import ROOT, SOURCE

IMAGES = ROOT / "tests" / "corpus" / "source" / "images"
SVG = "{http://www.w3.org/2000/svg}"
COLUMN = lpbody.Column(672, 760)


def svg(path: Path) -> Asset:
    return Asset(path, path.name, "image/svg+xml", path.read_bytes())


def test_a_flow_chart_is_read_as_its_boxes_in_order() -> None:
    diagram = lpdiagram.read((SOURCE / "images" / "training-path.svg").read_bytes())
    assert diagram is not None and diagram.arrows
    assert [[line.text for line in box.lines] for box in diagram.boxes][:2] == [
        ["College", "usually 4 years"], ["Medical school", "4 years"]]
    assert [box.lines[0].text for box in diagram.boxes] == [
        "College", "Medical school", "Internal medicine", "Fellowship", "Board", "Practice"]
    assert all(box.lines[0].bold and not box.lines[-1].bold for box in diagram.boxes)


def test_a_title_and_a_note_outside_the_boxes_stay_above_and_below() -> None:
    diagram = lpdiagram.read((IMAGES / "family-medicine-path.svg").read_bytes())
    assert diagram is not None
    assert [line.text for line in diagram.above] == ["From college to practice"]
    assert [line.text for line in diagram.below] == [
        "Optional fellowship after residency: 1 year (sports, geriatrics, palliative care)"]
    assert len(diagram.boxes) == 5


def test_charts_rings_and_timelines_are_not_box_diagrams() -> None:
    for name in ("imaging-mix-chart.svg", "expedition-care-layers.svg", "er-shift-timeline.svg"):
        assert lpdiagram.read((IMAGES / name).read_bytes()) is None, name


def test_the_redrawing_is_as_wide_as_the_column_with_every_label_at_18_pt() -> None:
    diagram = lpdiagram.read((SOURCE / "images" / "training-path.svg").read_bytes())
    assert diagram is not None
    root = etree.fromstring(lpdiagram.draw(diagram, COLUMN.width))
    assert float(root.get("width")) == COLUMN.width
    assert root.get("viewBox", "").split()[2] == f"{COLUMN.width:.2f}"  # 1 unit = 1 px
    assert root.get("font-size") == "24"  # 18 pt
    texts = list(root.iter(f"{SVG}text"))
    assert texts and not any(t.get("font-size") for t in root.iterdescendants())  # no other
    inner = COLUMN.width - 2 * lpdiagram.PADDING - lpdiagram.STROKE
    for text in texts:
        runs = [(text.text or "", False)] + [(span.text or "", True) for span in text]
        runs += [(span.tail or "", False) for span in text]
        width = sum(lpdiagram.text_width(part, bold) for part, bold in runs)
        assert width <= inner, "".join(part for part, _ in runs)
    assert len(root.findall(f"{SVG}rect")) == 6


def test_lines_wrap_between_words_to_fit() -> None:
    words = "or hematology and oncology: usually 3 years, " * 4
    rows = lpdiagram.wrap([lpdiagram.Line("Fellowship", True), lpdiagram.Line(words)], 300)
    assert len(rows) > 3
    assert rows[0][0] == lpdiagram.Line("Fellowship", True)
    for row in rows:
        assert sum(lpdiagram.text_width(seg.text, seg.bold) for seg in row) <= 300
    flowed = " ".join("".join(seg.text for seg in row) for row in rows)
    assert flowed.split() == ("Fellowship " + words).split()


def test_what_cannot_be_redrawn_prints_its_alt_text() -> None:
    alt = "Bar chart: X-ray 45 percent, CT 25 percent, ultrasound 18 percent, MRI 12 percent."
    src, width = lpbody.diagram(svg(IMAGES / "imaging-mix-chart.svg"), alt, COLUMN)
    assert width == COLUMN.width
    root = etree.fromstring(base64.b64decode(src.split(",", 1)[1]))
    shown = " ".join("".join(t.itertext()) for t in root.iter(f"{SVG}text"))
    assert " ".join(shown.split()) == alt


def test_a_drawing_whose_words_fit_when_enlarged_is_enlarged() -> None:
    logo = svg(IMAGES / "northfield-logo.svg")  # 240 px wide, its smallest words 12 px
    src, width = lpbody.diagram(logo, "Northfield Careers Office", COLUMN)
    assert src == logo.data_uri()
    assert width == 240 * 2  # 12 px (9 pt) printed at 18 pt
