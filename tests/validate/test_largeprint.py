"""The large-print checks pass the large-print edition and fail what is not large print: the
handout (9 pt running heads, 10 pt notes, an italic caption), slanted type and other fonts."""

from __future__ import annotations

from pathlib import Path

import pytest

from guidepress.formats import pdf as handout
from guidepress.validate import largeprint
from guidepress.validate.report import Result


def results(path: Path) -> dict[str, largeprint.Check]:
    return {check.id: check for check in largeprint.check(path)}


def test_the_large_print_edition_passes(built: dict[str, Path]) -> None:
    checks = results(built["large-print"])
    assert {i: c.result for i, c in checks.items()} == {
        "large-print.text-size": Result.PASS, "large-print.upright": Result.PASS,
        "large-print.fonts": Result.PASS}
    assert all(c.format == "large-print" and c.refs for c in checks.values())


def test_the_handout_is_not_large_print(built: dict[str, Path]) -> None:
    checks = results(built["pdf"])
    small = checks["large-print.text-size"]
    assert small.result is Result.FAIL
    assert small.findings[0].where == "page 1"
    assert "the smallest 9.00 pt" in small.findings[0].message  # the running head
    italic = checks["large-print.upright"]
    assert italic.result is Result.FAIL
    assert any("The usual training path" in f.message and "Italic" in f.message
               for f in italic.findings)


def render(tmp_path: Path, style: str) -> Path:
    page = ("<!DOCTYPE html><html lang='en'><head><title>T</title><style>"
            "html { font: 18pt 'Atkinson Hyperlegible'; }" + style +
            "</style></head><body><p>Plain words. <span>Other words.</span></p></body></html>")
    path = tmp_path / "page.pdf"
    path.write_bytes(handout.write_pdf(page))
    return path


@pytest.mark.parametrize(("style", "check_id", "says"), [
    ("span { font-size: 17pt; }", "large-print.text-size", "the smallest 17.00 pt"),
    ("span { font-style: oblique; }", "large-print.upright", "“Other words.” is set in"),
    ("span { font-family: 'Noto Sans'; }", "large-print.fonts", "is set in Noto-Sans, though"),
])
def test_each_departure_is_caught(tmp_path: Path, style: str, check_id: str,
                                  says: str) -> None:
    assert all(c.result is Result.PASS for c in largeprint.check(render(tmp_path, "")))
    check = results(render(tmp_path, style))[check_id]
    assert check.result is Result.FAIL
    assert says in str(check.findings[0])
