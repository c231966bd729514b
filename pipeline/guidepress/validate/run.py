"""One validation run over the built outputs of some guides.

The Java and Node validators (Nu, EPUBCheck, Ace) run in worker threads while the main thread
drives the one Chromium of the run: axe at two widths, reflow, and the reports' self-check.
The Nu checker starts once for all HTML files, and once more for all the reports.
"""

from __future__ import annotations

import tempfile
import time
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import asdict, dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

from guidepress import __version__
from guidepress.formats import epub
from guidepress.outdir import manifest as manifests
from guidepress.outdir.atomic import write_atomic
from guidepress.read import document as documents
from guidepress.read import source
from guidepress.read.document import Document
from guidepress.validate import (
    ace,
    axe,
    claims,
    crossformat,
    epubcheck,
    epubpkg,
    expect,
    nu,
    pdf,
    report,
    reviews,
    text,
)
from guidepress.validate.refs import EPUB_33, EPUB_DISCOVERY, EPUB_WCAG, HTML_STANDARD, Ref, wcag
from guidepress.validate.report import Check, Finding, Report, Result, Review, judged

if TYPE_CHECKING:
    from playwright.sync_api import Browser

Echo = Callable[[str], None]
FORMATS = ("html", "pdf", "epub", "txt")
WORKERS = 3
T = TypeVar("T")


def timed(timings: dict[str, float], name: str, action: Callable[..., T]) -> Callable[..., T]:
    """`action`, recording how long each call takes under `name` (for the report)."""

    def run(*args: Any) -> T:
        started = time.monotonic()
        try:
            return action(*args)
        finally:
            timings[name] = round(timings.get(name, 0.0) + time.monotonic() - started, 2)

    return run


@dataclass
class Guide:
    """One guide under validation: its source, its outputs and what has been found."""

    document: Document
    folder: Path
    expected: expect.Expected
    report: Report
    package: epubpkg.Package | None = None
    ace_report: dict[str, Any] = field(default_factory=dict)
    pending: dict[str, Future[Any]] = field(default_factory=dict)
    undecided: list[Review] = field(default_factory=list)  # what axe could not decide

    @property
    def slug(self) -> str:
        return self.document.guide.slug

    def output(self, fmt: str) -> Path:
        return self.folder / f"{self.slug}.{fmt}"

    def has(self, fmt: str) -> bool:
        return self.output(fmt).is_file()

    def add(self, *checks: Check) -> None:
        for check in checks:
            self.report.replace_check(check)


def load(path: Path, out_dir: Path) -> Guide:
    document = documents.build(source.load(path))
    slug = document.guide.slug
    folder = out_dir / slug
    meta = document.guide.meta
    outputs = {fmt: f"{slug}.{fmt}" for fmt in FORMATS if (folder / f"{slug}.{fmt}").is_file()}
    return Guide(document, folder, expect.expected(document),
                 Report(slug, meta.title, meta.lang, outputs))


@dataclass(frozen=True)
class Session:
    """The one browser of a run, and what it says about itself."""

    chromium: Browser
    version: str  # Chromium's version, e.g. "156.0.8078.108"
    axe_refs: tuple[Ref, ...]  # the WCAG criteria the selected axe rules test


def run(paths: list[Path], out_dir: Path, echo: Echo) -> list[Report]:
    started = time.monotonic()
    guides = [load(path, out_dir) for path in paths]
    shared: dict[str, float] = {}  # steps that serve every guide of the run at once
    with ThreadPoolExecutor(max_workers=WORKERS) as pool, axe.browser() as chromium:
        html_files = [g.output("html") for g in guides if g.has("html")]
        nu_job = pool.submit(timed(shared, "nu", nu.check), html_files)
        for guide in guides:
            start_epub_tools(pool, guide)
        session = timed(shared, "browser", start_session)(chromium)
        for guide in guides:
            check_guide(guide, session, echo)
        nu_results = nu_job.result()
        for guide in guides:
            finish_guide(guide, nu_results, pool)
        self_check(guides, session, pool, started, shared)
    return [guide.report for guide in guides]


def start_session(chromium: Browser) -> Session:
    return Session(chromium, axe.browser_version(chromium), axe.refs_of(axe.rules(chromium)))


def start_epub_tools(pool: ThreadPoolExecutor, guide: Guide) -> None:
    if guide.has("epub"):
        timings = guide.report.timings
        guide.pending["epubcheck"] = pool.submit(timed(timings, "epubcheck", epubcheck.check),
                                                 guide.output("epub"))
        guide.pending["ace"] = pool.submit(timed(timings, "ace", ace.check), guide.output("epub"))


def check_guide(guide: Guide, session: Session, echo: Echo) -> None:
    """Everything that runs in the main thread: the browser, and the project's own checks."""
    echo(f"{guide.slug}: checking " + (", ".join(guide.report.outputs.values())
                                       or "nothing: no output was found"))
    missing = [fmt for fmt in FORMATS if not guide.has(fmt)]
    for fmt in missing:
        guide.add(Check(f"{fmt}.built", fmt, "The output exists", Result.FAIL, "guidepress",
                        __version__,
                        findings=(Finding(f"{guide.output(fmt).name} was not found",
                                          help="run `guidepress build` first"),)))
    timings = guide.report.timings
    if guide.has("html"):
        checks, undecided = timed(timings, "axe", html_checks)(session, guide.output("html"),
                                                                "html")
        guide.add(*checks)
        guide.undecided += undecided
    if guide.has("epub"):
        guide.add(*timed(timings, "epub-package", epub_checks)(session, guide))
    if guide.has("pdf"):
        guide.add(*timed(timings, "pdf", pdf.check)(guide.output("pdf"), guide.expected))
    if guide.has("txt"):
        guide.add(*timed(timings, "txt", text.check)(guide.output("txt"), guide.expected))
    compared = timed(timings, "cross-format", contents)(guide)
    guide.add(*crossformat.compare(compared, guide.expected))


def html_checks(session: Session, path: Path, fmt: str) -> tuple[list[Check], list[Review]]:
    """axe at desktop width and at 320 px, and the reflow test at 320 px; and what axe could
    not decide, for review."""
    desktop, narrow = axe.audit(session.chromium, path)
    tool, refs = axe.TOOL, session.axe_refs
    version = f"{axe.version()} in Chromium {session.version}"
    undecided = [Review(f"review.{fmt}.axe.{width}", fmt, f"axe could not decide at {width} px",
                        "axe marked these elements as needing review; look at each one.",
                        refs, tuple(str(f) for f in audit.incomplete))
                 for width, audit in ((axe.DESKTOP, desktop), (axe.NARROW, narrow))
                 if audit.incomplete]
    checks = [
        judged(f"{fmt}.axe.desktop", fmt, f"axe-core at {axe.DESKTOP} CSS px", tool, version,
               refs, desktop.violations,
               "WCAG 2.0, 2.1 and 2.2 A and AA rules and best practices, no violations."),
        judged(f"{fmt}.axe.narrow", fmt, f"axe-core at {axe.NARROW} CSS px", tool, version,
               refs, narrow.violations,
               "The same rules on a phone-width screen, where target sizes and reflow differ."),
        judged(f"{fmt}.reflow", fmt, f"Reflows at {axe.NARROW} CSS px without sideways "
               "scrolling", "Chromium", session.version, (wcag("1.4.10"),),
               narrow.overflow, "The page is no wider than a 320 CSS px viewport."),
    ]
    return checks, undecided


def epub_checks(session: Session, guide: Guide) -> list[Check]:
    try:
        guide.package = epubpkg.read(guide.output("epub"))
    except epubpkg.EpubError as exc:
        return [judged("epub.xml", "epub", "The EPUB can be read", epubpkg.TOOL, __version__,
                       (EPUB_33,), [Finding(str(exc))])]
    return [*epubpkg.check(guide.package, guide.expected),
            epub_reflow(session, guide.package)]


def epub_reflow(session: Session, package: epubpkg.Package) -> Check:
    """Each content document, unpacked, must reflow at 320 px (backs displayTransformability)."""
    findings = []
    with tempfile.TemporaryDirectory(prefix="guidepress-epub-") as temp:
        root = Path(temp).resolve()
        for name, data in package.entries.items():
            target = (root / name).resolve()
            if target.is_relative_to(root) and not name.endswith("/"):
                target.parent.mkdir(parents=True, exist_ok=True)
                target.write_bytes(data)
        for item in package.content_documents():
            (audit,) = axe.audit(session.chromium, root / item.href, (axe.NARROW,),
                                 run_axe=False)
            findings += [Finding(f.message, item.href, f.rule, f.help, f.criteria)
                         for f in audit.overflow]
    return judged("epub.reflow", "epub", f"Reflows at {axe.NARROW} CSS px without sideways "
                  "scrolling", "Chromium", session.version, (EPUB_WCAG, wcag("1.4.10")), findings,
                  "Each content document, opened in Chromium at 320 CSS px with the book's "
                  "style sheet, is no wider than the screen; this backs displayTransformability.")


def contents(guide: Guide) -> dict[str, crossformat.Content]:
    found = {}
    if guide.has("html"):
        found["html"] = crossformat.html_content(guide.output("html"))
    if guide.has("epub"):
        found["epub"] = (crossformat.epub_content(guide.package) if guide.package
                         else crossformat.Content())
    if guide.has("pdf"):
        found["pdf"] = crossformat.pdf_content(guide.output("pdf"))
    if guide.has("txt"):
        found["txt"] = crossformat.text_content(guide.output("txt"), guide.expected)
    return found


def nu_check(check_id: str, fmt: str, findings: list[Finding]) -> Check:
    return judged(check_id, fmt, "Nu HTML Checker: 0 errors, 0 warnings", nu.TOOL, nu.version(),
                  (HTML_STANDARD, wcag("4.1.2")), findings,
                  "The markup is valid HTML: no errors and no warnings.")


def epubcheck_check(findings: list[Finding]) -> Check:
    return judged("epub.epubcheck", "epub", "EPUBCheck: 0 errors, 0 warnings", epubcheck.TOOL,
                  epubcheck.version(), (EPUB_33, EPUB_DISCOVERY), findings,
                  "The package, its metadata and its documents conform to EPUB 3.3.")


def ace_check(findings: list[Finding]) -> Check:
    return judged("epub.ace", "epub", "Ace by DAISY: 0 violations", ace.TOOL, ace.version(),
                  (EPUB_WCAG, EPUB_DISCOVERY), findings,
                  "Accessibility metadata, page structure and axe-core rules on every content "
                  "document of the EPUB.")


def finish_guide(guide: Guide, nu_results: dict[Path, list[Finding]],
                 pool: ThreadPoolExecutor) -> None:
    """Collect the worker results, then derive and write the EPUB's claims."""
    if guide.has("html"):
        guide.add(nu_check("html.nu", "html", nu_results.get(guide.output("html"), [])))
    if not guide.has("epub"):
        return
    guide.add(epubcheck_check(guide.pending.pop("epubcheck").result()))
    violations, guide.ace_report = guide.pending.pop("ace").result()
    guide.add(ace_check(violations))
    settle_claims(guide, pool)


def settle_claims(guide: Guide, pool: ThreadPoolExecutor) -> None:
    """Write only the claims the checks backed; if that changes the EPUB, check it again."""
    if guide.package is None:
        return
    before = epubpkg.metadata(guide.package)
    backed = derive_claims(guide)
    after = claims.as_metadata(backed)
    changed = apply_claims(guide.output("epub"), guide.document, backed)
    if changed:
        again_check = pool.submit(epubcheck.check, guide.output("epub"))
        again_ace = pool.submit(ace.check, guide.output("epub"))
        guide.add(epubcheck_check(again_check.result()))
        violations, guide.ace_report = again_ace.result()
        guide.add(ace_check(violations))
    guide.report.claims = {**after, "withdrawn": claims.withdrawn(before, after)}
    guide.add(claims_check(guide, after, changed))


def derive_claims(guide: Guide) -> claims.Claims:
    return claims.from_checks(guide.report.checks, bool(guide.document.images),
                              bool(guide.expected.tables), guide.document.guide.meta.publisher)


def apply_claims(path: Path, document: Document, backed: claims.Claims) -> bool:
    """Rewrite the EPUB's accessibility metadata to `backed` (through the EPUB writer's own
    `restamp`, so the zip stays deterministic); True when the file changed."""
    data = path.read_bytes()
    stamped = epub.restamp(data, document, epub.Claims(**asdict(backed)))
    if stamped == data:
        return False
    write_atomic(path, stamped)
    manifests.adopt(path.parent.parent, path)  # output/<slug>/<slug>.epub
    return True


def claims_check(guide: Guide, after: dict[str, list[str]], changed: bool) -> Check:
    package = epubpkg.read(guide.output("epub"))
    written = {prop: values for prop, values in epubpkg.metadata(package).items()
               if prop in after or prop.startswith(("schema:access", "dcterms:conformsTo"))}
    findings = [Finding(f"the package says {prop} = {values}, the checks back {after.get(prop)}")
                for prop, values in written.items() if values != after.get(prop)]
    note = ("The metadata was rewritten to what the checks backed, and the EPUB was checked "
            "again." if changed else "The metadata already claimed exactly what was backed.")
    return judged("epub.claims", "epub", "Accessibility metadata claims only what passed",
                  "guidepress", __version__, (EPUB_DISCOVERY, EPUB_WCAG), findings,
                  "accessMode, accessModeSufficient, accessibilityFeature, accessibilityHazard, "
                  f"accessibilitySummary and dcterms:conformsTo follow from the results. {note}")


def self_check(guides: list[Guide], session: Session, pool: ThreadPoolExecutor,
               started: float, shared: dict[str, float]) -> None:
    """Write each report, check it like an HTML output, then write it again with the result."""
    for guide in guides:
        guide.report.reviews = [*reviews.build(guide.document, guide.expected, guide.ace_report),
                                *guide.undecided]
        guide.report.tools = tools_used(guide.report)
        guide.report.seconds = round(time.monotonic() - started, 1)
        report.write(guide.report, guide.folder)
    pages = [guide.folder / report.HTML_NAME for guide in guides]
    nu_job = pool.submit(timed(shared, "report-nu", nu.check), pages)
    for guide, page in zip(guides, pages, strict=True):
        checks, undecided = timed(guide.report.timings, "report-axe", html_checks)(
            session, page, "report")
        guide.add(*(_about_draft(c) for c in checks))
        guide.report.reviews += undecided
    nu_results = nu_job.result()
    for guide, page in zip(guides, pages, strict=True):
        guide.add(_about_draft(nu_check("report.nu", "report", nu_results.get(page, []))))
        guide.report.checks.sort(key=lambda check: list(report.FORMAT_NAMES).index(check.format))
        guide.report.tools = tools_used(guide.report)
        guide.report.timings.update(shared)
        guide.report.seconds = round(time.monotonic() - started, 1)
        report.write(guide.report, guide.folder)


def tools_used(found: Report) -> dict[str, str]:
    return {check.tool: check.tool_version for check in found.checks}


def _about_draft(check: Check) -> Check:
    return replace(check, detail=f"{check.detail} Checked on this report as written just before "
                   "these results were added to it.")
