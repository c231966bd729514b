"""axe-core in real headless Chromium (Debian's, driven by Python Playwright).

One browser serves every page of a run. Each page is audited at desktop width and at 320 CSS
pixels; at 320 px the page must also reflow without horizontal scrolling (WCAG 1.4.10).
Two pages are audited at once, each in its own renderer process, and kept open for the next
documents: axe runs in each page while the next one loads, and the results are collected
after.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from guidepress import fonts
from guidepress.errors import ToolError
from guidepress.validate import tools
from guidepress.validate.base import Outcome, Output, OutputValidator, Session
from guidepress.validate.refs import Ref, wcag, wcag_from_axe_tag
from guidepress.validate.report import Finding, Review, judged

if TYPE_CHECKING:
    from playwright.sync_api import Browser, Page

TAGS = ("wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice")
DESKTOP = 1280
NARROW = 320
HEIGHT = 800
TIMEOUT_MS = 60_000
TOOL = "axe-core"

# The elements where the overflow starts: their right edge passes the viewport and their
# parent's does not. Content inside a container that scrolls on its own (a wide table in an
# overflow box) is allowed by WCAG 1.4.10.
_OVERFLOW_SCRIPT = """
() => {
  const width = document.documentElement.clientWidth;
  const scroll = document.documentElement.scrollWidth;
  if (scroll <= width) return {width, scroll, offenders: []};
  const over = (el) => el.getBoundingClientRect().right > width + 1;
  const scrollsOwn = (el) => {
    for (let p = el.parentElement; p && p !== document.body; p = p.parentElement) {
      const s = getComputedStyle(p).overflowX;
      if (s === 'auto' || s === 'scroll' || s === 'hidden') return true;
    }
    return false;
  };
  const name = (el) => el.tagName.toLowerCase() + (el.id ? '#' + el.id : '')
    + (el.classList.length ? '.' + [...el.classList].join('.') : '');
  const offenders = [];
  for (const el of document.body.querySelectorAll('*')) {
    const parent = el.parentElement;
    if (!over(el) || (parent !== document.body && over(parent)) || scrollsOwn(el)) continue;
    offenders.push(name(el) + ' (its right edge is at '
      + Math.round(el.getBoundingClientRect().right) + ' px)');
    if (offenders.length >= 10) break;
  }
  return {width, scroll, offenders};
}
"""

# Loads axe-core into the page without waiting for it; _AXE_START then queues a run after it,
# and _AXE_RESULT waits for that run's result.
_AXE_LOAD = """
(src) => {
  window.__guidepressAxe = new Promise((resolve, reject) => {
    const script = document.createElement('script');
    script.src = src;
    script.onload = resolve;
    script.onerror = () => reject(new Error('axe-core could not be loaded from ' + src));
    (document.head || document.documentElement).appendChild(script);
  });
}
"""
_AXE_START = """
(tags) => {
  window.__guidepressAxe = window.__guidepressAxe.then(() => axe.run(document, {
    runOnly: {type: 'tag', values: tags},
    resultTypes: ['violations', 'incomplete'],
  }));
}
"""
_AXE_RESULT = "() => window.__guidepressAxe"
# Pages audited at once, each in its own renderer process.
TOGETHER = 2


@dataclass
class Audit:
    """What one page showed at one width."""

    path: Path
    width: int
    violations: list[Finding] = field(default_factory=list)
    incomplete: list[Finding] = field(default_factory=list)
    overflow: list[Finding] = field(default_factory=list)


def version() -> str:
    return tools.npm_version("axe-core")


def tool_version() -> str:
    """axe-core and the Chromium it runs in, for the keys of cached results."""
    shipped = ",".join(f"{name} {digest[:12]}" for name, digest in sorted(fonts.digests().items()))
    return f"{version()} chromium {tools.identity(tools.chromium_path())} fonts {shipped}"


@contextmanager
def browser() -> Iterator[Browser]:
    """Debian's Chromium, started once; never a browser that Playwright downloads."""
    from playwright.sync_api import Error, sync_playwright

    # The pages are laid out in the shipped fonts only, never in whatever the machine has:
    # the reflow and contrast checks then judge the same page on every machine.
    with fonts.private_fontconfig():
        shipped_fonts: dict[str, str | float | bool] = dict(os.environ)
    with sync_playwright() as playwright:
        try:
            chromium = playwright.chromium.launch(executable_path=tools.chromium_path(),
                                                  args=list(tools.CHROMIUM_ARGS),
                                                  env=shipped_fonts)
        except Error as exc:
            raise ToolError(f"Chromium could not be started: {_first_line(exc)}") from None
        try:
            yield chromium
        finally:
            chromium.close()


def browser_version(chromium: Browser) -> str:
    return str(chromium.version)


def rules(chromium: Browser) -> list[dict[str, Any]]:
    """The axe rules the TAGS select, with their tags."""
    page = chromium.new_page()
    try:
        page.set_content("<!DOCTYPE html><html lang='en'><title>axe</title></html>")
        page.add_script_tag(path=str(tools.axe_script()))
        found: list[dict[str, Any]] = page.evaluate("(tags) => axe.getRules(tags)", list(TAGS))
        return found
    finally:
        page.close()


def refs_of(rule_list: Sequence[dict[str, Any]]) -> tuple[Ref, ...]:
    """The WCAG 2.2 criteria the selected rules test."""
    found = {ref for rule in rule_list for tag in rule.get("tags", [])
             if (ref := wcag_from_axe_tag(tag)) is not None}
    return tuple(sorted(found, key=lambda ref: [int(n) for n in ref.ident.split(".")]))


class Tabs:
    """A few pages, each in a browser context (and so a renderer process) of its own, kept
    open while they are used: a page that opens the next document checks it at a fraction of
    the cost of a new one (no process to start, axe-core compiled once)."""

    def __init__(self, chromium: Browser, count: int = TOGETHER) -> None:
        self._chromium = chromium
        self._count = count
        self._pages: list[Page] = []

    def take(self, wanted: int) -> list[Page]:
        """Up to `wanted` pages (at most `count`), opened when first needed."""
        while len(self._pages) < min(wanted, self._count):
            context = self._chromium.new_context(viewport={"width": DESKTOP, "height": HEIGHT},
                                                 java_script_enabled=True, offline=True)
            context.route(re.compile(r"^(https?|wss?|ftp)://"), lambda route: route.abort())
            page = context.new_page()
            page.set_default_timeout(TIMEOUT_MS)
            self._pages.append(page)
        return self._pages[:wanted]

    def close(self) -> None:
        for page in self._pages:
            page.context.close()
        self._pages = []


def tabs(session: Session) -> Tabs:
    """The run's pages (closed with its browser)."""
    found: Tabs = session.memo("axe-tabs", lambda: Tabs(session.browser))
    return found


def audit(chromium: Browser, path: Path, widths: Sequence[int] = (DESKTOP, NARROW),
          run_axe: bool = True) -> list[Audit]:
    """Open `path` once per width; run axe (when asked) and the reflow test at narrow widths."""
    own = Tabs(chromium, 1)
    try:
        (found,) = audit_all(own, [path], widths, run_axe)
    finally:
        own.close()
    return found


def audit_all(pages: Tabs, paths: Sequence[Path], widths: Sequence[int] = (DESKTOP, NARROW),
              run_axe: bool = True) -> list[list[Audit]]:
    """`audit` for each of `paths`, in order, in a few of `pages` at a time."""
    found: list[list[Audit]] = []
    if not paths:
        return found
    tabs_now = pages.take(len(paths))
    for start in range(0, len(paths), len(tabs_now)):
        group = paths[start:start + len(tabs_now)]
        found += _audit_together(tabs_now[:len(group)], group, widths, run_axe)
    return found


def _audit_together(pages: Sequence[Page], paths: Sequence[Path], widths: Sequence[int],
                    run_axe: bool) -> list[list[Audit]]:
    """Each page opens its document; axe runs in all of them at each width (each loads
    axe-core and starts while the next page opens), then the results are collected."""
    for page, path in zip(pages, paths, strict=True):
        page.set_viewport_size({"width": widths[0], "height": HEIGHT})
        page.goto(path.resolve().as_uri(), wait_until="load")
        if run_axe:
            page.evaluate(_AXE_LOAD, tools.axe_script().resolve().as_uri())
    results: list[list[Audit]] = [[] for _ in paths]
    for width in widths:
        for page in pages:
            page.set_viewport_size({"width": width, "height": HEIGHT})
            if run_axe:
                page.evaluate(_AXE_START, list(TAGS))
        for page, path, found in zip(pages, paths, results, strict=True):
            found.append(_audit_at(page, path, width, run_axe))
    return results


def _audit_at(page: Page, path: Path, width: int, run_axe: bool) -> Audit:
    result = Audit(path, width)
    if run_axe:
        raw: dict[str, Any] = page.evaluate(_AXE_RESULT)
        result.violations = [f for rule in raw["violations"] for f in to_findings(rule)]
        result.incomplete = [f for rule in raw["incomplete"] for f in to_findings(rule)]
    if width <= NARROW:
        result.overflow = overflow(page)
    return result


def overflow(page: Page) -> list[Finding]:
    found: dict[str, Any] = page.evaluate(_OVERFLOW_SCRIPT)
    if found["scroll"] <= found["width"]:
        return []
    message = (f"the page scrolls sideways at {found['width']} CSS px: it is {found['scroll']} px "
               "wide")
    offenders = ", ".join(found["offenders"]) or "no single element found"
    return [Finding(message, "", "reflow", f"where the overflow starts: {offenders}",
                    ("1.4.10",))]


def to_findings(rule: dict[str, Any]) -> list[Finding]:
    """One Finding per element axe flagged under `rule`."""
    criteria = tuple(ref.ident for tag in rule.get("tags", [])
                     if (ref := wcag_from_axe_tag(tag)) is not None)
    findings = []
    for node in rule.get("nodes", []) or [{}]:
        target = " ".join(str(t) for t in node.get("target", []))
        lines = str(node.get("failureSummary", "")).splitlines()
        summary = "; ".join(" ".join(line.split()) for line in lines if line.strip())
        summary = summary.replace(":; ", ": ")
        help_text = "; ".join(part for part in (summary, rule.get("helpUrl", "")) if part)
        findings.append(Finding(str(rule.get("help", rule.get("id", ""))), target,
                                str(rule.get("id", "")), help_text, criteria))
    return findings


def _first_line(exc: BaseException) -> str:
    return (str(exc).strip().splitlines() or ["unknown error"])[0]


@dataclass(frozen=True)
class Browsing:
    """What the run's one browser says about itself, asked once."""

    version: str  # Chromium's, e.g. "156.0.8078.108"
    refs: tuple[Ref, ...]  # the WCAG criteria the selected axe rules test


def browsing(session: Session) -> Browsing:
    def ask() -> Browsing:
        chromium = session.browser
        return Browsing(browser_version(chromium), refs_of(rules(chromium)))

    found: Browsing = session.memo("axe", ask)
    return found


def page_checks(session: Session, path: Path, group: str) -> Outcome:
    """axe at desktop width and at 320 px, and the reflow test at 320 px, as checks of
    `group`; what axe could not decide goes to review."""
    (found,) = pages_checks(session, [(path, group)])
    return found


def pages_checks(session: Session, pages: Sequence[tuple[Path, str]]) -> list[Outcome]:
    """`page_checks` for each (page, group), in order, auditing a few pages at once."""
    if not pages:
        return []
    about = browsing(session)
    audits = audit_all(tabs(session), [path for path, _ in pages])
    return [_outcome(about, group, desktop, narrow)
            for (_, group), (desktop, narrow) in zip(pages, audits, strict=True)]


def _outcome(about: Browsing, group: str, desktop: Audit, narrow: Audit) -> Outcome:
    tool_version = f"{version()} in Chromium {about.version}"
    undecided = [Review(f"review.{group}.axe.{width}", group,
                        f"axe could not decide at {width} px",
                        "axe marked these elements as needing review; look at each one.",
                        about.refs, tuple(str(f) for f in result.incomplete))
                 for width, result in ((DESKTOP, desktop), (NARROW, narrow))
                 if result.incomplete]
    checks = [
        judged(f"{group}.axe.desktop", group, f"axe-core at {DESKTOP} CSS px", TOOL,
               tool_version, about.refs, desktop.violations,
               "WCAG 2.0, 2.1 and 2.2 A and AA rules and best practices, no violations."),
        judged(f"{group}.axe.narrow", group, f"axe-core at {NARROW} CSS px", TOOL, tool_version,
               about.refs, narrow.violations,
               "The same rules on a phone-width screen, where target sizes and reflow differ."),
        judged(f"{group}.reflow", group, f"Reflows at {NARROW} CSS px without sideways "
               "scrolling", "Chromium", about.version, (wcag("1.4.10"),), narrow.overflow,
               "The page is no wider than a 320 CSS px viewport."),
    ]
    return Outcome(checks, undecided)


class AxeValidator(OutputValidator):
    """axe-core and the reflow test on each web page, in the run's one Chromium."""

    name = "axe"
    formats = ("html",)
    order = 10
    needs = (tools.CHROMIUM, tools.NPM_PACKAGES, tools.PLAYWRIGHT)
    browser = True

    def version(self) -> str:
        return tool_version()

    def check(self, outputs: Sequence[Output], session: Session) -> list[Outcome]:
        return pages_checks(session, [(output.path, output.format) for output in outputs])
