"""How far a tighter handout may shrink a figure: never below 9 pt labels on paper."""

from __future__ import annotations

from pathlib import Path

import pytest

from guidepress.formats import figures
from guidepress.read.assets import Asset

from ..conftest import SOURCE


def svg(body: str, head: str = 'width="400" viewBox="0 0 200 100"') -> Asset:
    data = f'<svg xmlns="http://www.w3.org/2000/svg" {head}>{body}</svg>'.encode()
    return Asset(Path("x.svg"), "images/x.svg", "image/svg+xml", data)


def test_the_training_path_labels_set_the_limit() -> None:
    data = (SOURCE / "images" / "training-path.svg").read_bytes()
    asset = Asset(Path("t.svg"), "images/t.svg", "image/svg+xml", data)
    assert figures.smallest_label_px(data) == 16
    assert figures.smallest_scale(asset) == pytest.approx(9 / (16 * 0.75))


@pytest.mark.parametrize(("body", "head", "label"), [
    ('<g font-size="8"><text>a</text><text font-size="12">b</text></g>', None, 16.0),
    ('<text style="fill: red; font-size: 6pt">a</text>', None, 16.0),
    ("<text>default</text>", None, 32.0),
    ('<text font-size="10"> </text><rect width="5" height="5"/>', None, 0.0),
    ('<text font-size="1em">a</text>', None, None),
    ('<text font-size="10">a</text>', 'viewBox="0 0 200 100"', 10.0),
])
def test_smallest_label(body: str, head: str | None, label: float | None) -> None:
    asset = svg(body, head) if head else svg(body)
    assert figures.smallest_label_px(asset.data) == label


def test_a_figure_shrinks_only_to_its_limit() -> None:
    small = svg('<text font-size="7">a</text>')  # 14 px at its own size: 10.5 pt
    unreadable = svg('<text font-size="1em">a</text>')
    png = Asset(Path("x.png"), "images/x.png", "image/png", b"\x89PNG")
    body = "".join(f'<figure><img src="{a.data_uri()}" alt=""></figure>'
                   for a in (small, unreadable, png))
    sized = figures.size_figures(body, [small, unreadable, png], 0.5)
    assert sized.count("style=") == 2
    assert f"width: {400 * 9 / 10.5:.2f}px" in sized
    assert "width: 400.00px" in sized
    assert figures.size_figures(body, [small, unreadable, png], 1.0) == body
