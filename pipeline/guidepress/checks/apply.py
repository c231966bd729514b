"""Source checks: run every registered rule over a guide and collect findings.

`run(document)` is what the build calls (it has already built the Document); `check_guide`
loads and builds first; `check_guides` does a whole source folder and keeps going past a guide
that cannot be read. Rules switched off in a guide's `disable_checks` still run, so the report
can say how many findings each switch hid, but their findings are left out.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from guidepress import contained
from guidepress.checks import reading
from guidepress.checks.context import Context
from guidepress.checks.findings import Finding, Suppressed, exit_status
from guidepress.checks.registry import RULES, Rule
from guidepress.errors import GuidepressError, Location, SourceError
from guidepress.read import document as documents
from guidepress.read import source
from guidepress.read.document import Document
from guidepress.terminal import display

__all__ = ["RULES", "CheckResult", "Rule", "check_document", "check_guide", "check_guides",
           "readability_report", "run", "status"]


@dataclass(frozen=True)
class CheckResult:
    path: str
    findings: list[Finding] = field(default_factory=list)
    suppressed: list[Suppressed] = field(default_factory=list)
    error: SourceError | None = None  # the guide could not be read at all

    def exit_status(self, *, strict: bool = False) -> int:
        return 1 if self.error else exit_status(self.findings, strict=strict)


def run(document: Document) -> list[Finding]:
    """The findings the build acts on, without those the front matter switches off: every
    rule but the dated ones, so that a build never depends on the day it runs."""
    return check_document(document, dated=False).findings


def check_document(document: Document, *, dated: bool = True) -> CheckResult:
    """Every rule's findings for `document` (the dated ones too, unless `dated` is False)."""
    guide = document.guide
    disabled = guide.meta.disable_checks
    context = Context(document, RULES.codes())
    kept: list[Finding] = []
    hidden: Counter[str] = Counter()
    for rule in RULES:
        if rule.dated and not dated:
            continue
        for finding in _findings(rule, context):
            if rule.code in disabled:
                hidden[rule.code] += 1
            else:
                kept.append(finding)
    line = guide.meta.lines.get("disable_checks", 1)
    suppressed = [Suppressed(code, reason, hidden[code], line) for code, reason in
                  disabled.items()]
    return CheckResult(guide.display_path, sorted(kept), suppressed)


def _findings(rule: Rule, context: Context) -> Iterable[Finding]:
    path = context.guide.display_path
    for hit in rule.check(context):
        yield Finding(path, hit.pos.line, hit.pos.col, rule.code, rule.severity, hit.message,
                      hit.hint or rule.hint)


def check_guide(path: Path) -> CheckResult:
    """Load, parse and check one guide file (raises SourceError when it cannot be read)."""
    return check_document(documents.build(source.load(path)))


def check_guides(source_dir: Path, names: tuple[str, ...] = ()) -> list[CheckResult]:
    """Check the named guides (default: all of `source_dir`); a broken guide is reported,
    not fatal. Each guide is checked in a worker under the guide limits (time and memory,
    guidepress.contained), like a build."""
    paths = source.find_guides(source_dir, names)
    pool = contained.Pool(_check_contained, _lost, contained.default_workers(),
                          preload=(__name__,))
    return [_raised(result) for result in pool.run(paths)]


def _check_contained(path: Path) -> CheckResult | GuidepressError:
    try:
        return check_guide(path)
    except SourceError as error:
        return CheckResult(display(path), error=error)
    except GuidepressError as error:  # a broken tool: raised again in the parent
        return error


def _lost(path: Path, reason: str) -> CheckResult:
    error = SourceError(Location(display(path)), f"checking this guide {reason}",
                        "split it into several guides, or simplify its largest tables, lists "
                        "or images")
    return CheckResult(display(path), error=error)


def _raised(result: CheckResult | GuidepressError) -> CheckResult:
    if isinstance(result, GuidepressError):
        raise result
    return result


def status(results: Iterable[CheckResult], *, strict: bool = False) -> int:
    """The exit status for a set of results: 0 clean, 1 when anything fails."""
    return max((result.exit_status(strict=strict) for result in results), default=0)


def readability_report(path: Path, top: int = reading.HARD_SENTENCES) -> reading.Report:
    """The reading-level report of one guide, made in a worker under the guide limits."""
    pool = contained.Pool(_report_contained, _lost_report, 1, preload=(__name__,))
    result = next(pool.run([(path, top)]))
    if isinstance(result, GuidepressError):
        raise result
    return result


def _report_contained(job: tuple[Path, int]) -> reading.Report | GuidepressError:
    path, top = job
    try:
        document = documents.build(source.load(path))
    except GuidepressError as error:
        return error
    return reading.report(Context(document, RULES.codes()), top)


def _lost_report(job: tuple[Path, int], reason: str) -> GuidepressError:
    return _lost(job[0], reason).error or GuidepressError(reason)
