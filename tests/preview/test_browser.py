"""The preview in real headless Chromium (Debian's, driven by Playwright as the validators
drive it): an open page follows every save by itself, and the preview pages pass axe-core at
1280 and 320 px and the Nu HTML Checker, like every page the project makes."""

from __future__ import annotations

import shutil
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

from guidepress.validate import axe, nu

from ..build.conftest import guide_text
from .conftest import Served, wait_for

if TYPE_CHECKING:
    from playwright.sync_api import Browser

try:
    from playwright.sync_api import Error as PlaywrightError
except ImportError:  # the marker's tools are missing: these tests are deselected anyway
    PlaywrightError = Exception

pytestmark = pytest.mark.validators
SECONDS = 60
BROKEN = guide_text("Beta", "Broken in the browser.") + "\n#### Too deep\n\nWords here.\n"
BROKEN_LINE = BROKEN.splitlines().index("#### Too deep") + 1


@pytest.fixture(scope="module")
def chromium() -> Iterator[Browser]:
    with axe.browser() as browser:
        yield browser


def _until(check: Callable[[], bool]) -> None:
    """Ask again and again: a wait begun in a frame does not outlive the page's own reload."""

    def safely() -> bool:
        try:
            return check()
        except PlaywrightError:  # the page was reloading under the question
            return False

    wait_for(safely, SECONDS)


def test_an_open_page_shows_each_save_its_findings_and_their_fix(served: Served,
                                                                  chromium: Browser) -> None:
    page = chromium.new_page()
    page.goto(served.url + ".preview/beta/")
    edition = page.frame_locator("iframe[title='Web page of Beta']")

    def shows(text: str) -> Callable[[], bool]:
        return lambda: edition.get_by_text(text).is_visible()

    def finding() -> bool:
        return page.get_by_text("A002").is_visible()

    _until(shows("The first words."))
    page.evaluate("window.sameDocument = true")  # gone once the page reloads itself

    served.project.write("beta", guide_text("Beta", "Saved in the browser."))
    _until(shows("Saved in the browser."))
    assert page.evaluate("window.sameDocument === undefined")  # no one but the page reloaded

    served.project.write("beta", BROKEN)
    _until(finding)
    checks = page.locator("main").inner_text()
    assert f"beta.md:{BROKEN_LINE}:1" in checks
    assert "The last save did not build" in checks
    assert shows("Saved in the browser.")()  # the last good edition stays

    served.project.write("beta", guide_text("Beta", "Fixed in the browser."))
    _until(shows("Fixed in the browser."))
    _until(lambda: not finding())
    assert "The last save did not build" not in page.locator("main").inner_text()
    page.close()


def _save_pages(served: Served, folder: Path, name: str) -> list[Path]:
    """The start page and the guide's page, saved where their relative links still find the
    outputs: beside a copy of the output folder."""
    site = folder / name
    shutil.copytree(served.project.out, site)
    start = site / "preview-start.html"
    start.write_text(served.body("/"), encoding="utf-8")
    guide = site / ".preview" / "beta" / "index.html"
    guide.parent.mkdir(parents=True)
    guide.write_text(served.body("/.preview/beta/"), encoding="utf-8")
    return [start, guide]


def test_the_preview_pages_pass_axe_and_the_nu_checker(served: Served, chromium: Browser,
                                                       tmp_path: Path) -> None:
    pages = _save_pages(served, tmp_path, "clean")
    served.project.write("beta", BROKEN)
    wait_for(lambda: "A002" in served.body("/.preview/beta/"))
    pages += _save_pages(served, tmp_path, "broken")
    assert "The last save did not build" in pages[-1].read_text(encoding="utf-8")

    for path in pages:
        for result in axe.audit(chromium, path):
            assert result.violations == [], (path, result.width, result.violations)
            assert result.overflow == [], (path, result.width, result.overflow)
    for path, findings in nu.check(pages).items():
        assert findings == [], (path, findings)
