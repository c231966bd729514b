"""Output conformance: every built format checked by real validators, one report per guide.

`validate` is the core of `guidepress validate` (and of `guidepress build --validate`). The
validators are looked up before anything heavy is imported, so a missing one gives a message
that says how to install it, never a traceback.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from guidepress.outdir import lock
from guidepress.read import source
from guidepress.validate import tools
from guidepress.validate.report import Report

Echo = Callable[[str], None]
LOCK_WAIT_SECONDS = 60.0  # how long to wait for a build of the same output folder to finish

NEEDS = (tools.JAVA, tools.CHROMIUM, tools.NODE, tools.NPM_PACKAGES, tools.PLAYWRIGHT,
         tools.EPUBCHECK, tools.PIKEPDF)


@dataclass
class Summary:
    reports: list[Report] = field(default_factory=list)

    @property
    def exit_code(self) -> int:
        return 0 if all(report.passed for report in self.reports) else 1


def validate(names: tuple[str, ...] = (), source_dir: Path = Path("source"),
             out_dir: Path = Path("output"), echo: Echo = print,
             wait: float = LOCK_WAIT_SECONDS) -> Summary:
    """Validate the built outputs of the named guides (default: all) and write their reports,
    holding the output folder's build lock (validation may rewrite an EPUB's metadata)."""
    paths = source.find_guides(source_dir, names)
    tools.require(NEEDS)
    with lock.held(out_dir, wait, echo):
        return validate_paths(paths, out_dir, echo)


def validate_paths(paths: list[Path], out_dir: Path, echo: Echo = print) -> Summary:
    """The same, for a caller that already holds the output folder's lock (the build)."""
    tools.require(NEEDS)
    from guidepress.validate import run  # imports pikepdf and Playwright, found just now

    summary = Summary(run.run(paths, out_dir, echo))
    for report in summary.reports:
        echo(describe(report, out_dir))
    return summary


def validate_guide(path: Path, out_dir: Path, echo: Echo = print) -> Report:
    """Validate one guide's outputs (for the build to call after writing them)."""
    return validate_paths([path], out_dir, echo).reports[0]


def describe(report: Report, out_dir: Path) -> str:
    counts = report.counts()
    state = "passed" if report.passed else "FAILED"
    na = f"{counts['not applicable']} not applicable, " if counts["not applicable"] else ""
    lines = [f"{report.slug}: {state}: {counts['pass']} checks passed, {counts['fail']} failed, "
             f"{na}{len(report.reviews)} items for human review ({report.seconds:.1f} s); "
             f"report: {source.display(out_dir / report.slug / 'conformance.html')}"]
    for check in report.failed:
        output = report.outputs.get(check.format)
        place = f"{source.display(out_dir / report.slug / output)}: " if output else ""
        lines.append(f"  {check.id}: {check.title}")
        lines += [f"    {place}{finding}" for finding in check.findings[:10]]
        if len(check.findings) > 10:
            lines.append(f"    ... and {len(check.findings) - 10} more (see the report)")
    return "\n".join(lines)
