"""HTML checkers, each shown to catch a deliberately broken page: axe-core (at both widths),
the reflow test and the Nu HTML Checker."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

from guidepress.validate import axe, nu

if TYPE_CHECKING:
    from playwright.sync_api import Browser

pytestmark = pytest.mark.validators
Edit = Callable[[Path, str, str], Path]


@pytest.fixture(scope="module")
def chromium() -> Iterator[Browser]:
    with axe.browser() as browser:
        yield browser


def rules(findings: list[axe.Finding]) -> set[str]:
    return {finding.rule for finding in findings}


def test_the_built_page_passes_axe_at_both_widths(chromium: Browser,
                                                  outputs: dict[str, Path]) -> None:
    desktop, narrow = axe.audit(chromium, outputs["html"])
    assert (desktop.width, narrow.width) == (axe.DESKTOP, axe.NARROW)
    assert desktop.violations == [] and narrow.violations == []
    assert narrow.overflow == []


def test_pages_are_laid_out_in_the_shipped_fonts_only(chromium: Browser,
                                                     outputs: dict[str, Path]) -> None:
    # The same page on every machine: the fonts Chromium really draws the text with (as its
    # DevTools report them) are the shipped ones, whatever the machine has installed.
    page = chromium.new_page()
    try:
        page.goto(outputs["html"].as_uri())
        devtools = page.context.new_cdp_session(page)
        devtools.send("DOM.enable")
        devtools.send("CSS.enable")
        root = devtools.send("DOM.getDocument")["root"]["nodeId"]
        drawn = set()
        for selector in ("main p", "h1", "main li"):
            node = devtools.send("DOM.querySelector", {"nodeId": root, "selector": selector})
            fonts = devtools.send("CSS.getPlatformFontsForNode", {"nodeId": node["nodeId"]})
            drawn |= {font["familyName"] for font in fonts["fonts"]}
    finally:
        page.close()
    assert drawn == {"Atkinson Hyperlegible"}


def test_axe_catches_an_image_without_alt(chromium: Browser, outputs: dict[str, Path],
                                          edit_text: Edit) -> None:
    page = edit_text(outputs["html"], ' alt="Flow chart', ' data-x="Flow chart')
    desktop, narrow = axe.audit(chromium, page)
    for audit in (desktop, narrow):
        assert "image-alt" in rules(audit.violations)
        (finding,) = [f for f in audit.violations if f.rule == "image-alt"]
        assert finding.where == "img" and "1.1.1" in finding.criteria


def test_axe_catches_a_page_without_language_or_main(chromium: Browser,
                                                      outputs: dict[str, Path],
                                                      edit_text: Edit) -> None:
    page = edit_text(outputs["html"], '<html lang="en-US" dir="ltr">', "<html>")
    edit_text(page, '<main id="main" tabindex="-1">', '<div id="main">')
    edit_text(page, "</main>", "</div>")
    (desktop,) = axe.audit(chromium, page, (axe.DESKTOP,))
    assert {"html-has-lang", "landmark-one-main"} <= rules(desktop.violations)


def test_the_reflow_test_catches_a_page_wider_than_320_px(chromium: Browser,
                                                         outputs: dict[str, Path],
                                                         edit_text: Edit) -> None:
    page = edit_text(outputs["html"], "<h2 id=\"in-short\">",
                     '<p style="width: 600px">A fixed-width block.</p><h2 id="in-short">')
    desktop, narrow = axe.audit(chromium, page)
    assert desktop.overflow == []  # only measured at narrow widths
    (finding,) = narrow.overflow
    assert finding.rule == "reflow" and finding.criteria == ("1.4.10",)
    assert "320" in finding.message and "p (its right edge" in finding.help


def test_rules_cover_wcag_22_aa(chromium: Browser) -> None:
    refs = {ref.ident for ref in axe.refs_of(axe.rules(chromium))}
    assert {"1.1.1", "1.3.1", "1.4.3", "2.4.2", "2.5.8", "3.1.1", "4.1.2"} <= refs


def test_nu_passes_the_built_page_and_catches_errors_and_warnings(
    outputs: dict[str, Path], tmp_path: Path, edit_text: Edit
) -> None:
    good = outputs["html"]
    invalid = tmp_path / "invalid.html"
    invalid.write_text(good.read_text(encoding="utf-8").replace(
        "<h2 id=\"in-short\">", '<h2 id="in-short" colour="red">', 1), encoding="utf-8")
    warned = tmp_path / "warned.html"
    warned.write_text(good.read_text(encoding="utf-8").replace(
        "<main", "<section><p>No heading here.</p></section><main", 1), encoding="utf-8")
    found = nu.check([good, invalid, warned])  # one Java start for all three
    assert found[good] == []
    (error,) = found[invalid]
    assert error.rule == "error" and "colour" in error.message and error.where.startswith("line")
    assert [f.rule for f in found[warned]] == ["warning"]
    assert "Section lacks heading" in found[warned][0].message
