"""Output conformance: every built output checked by real validators, one report per guide.

`validate` is the core of `guidepress validate` (and of `guidepress build --validate`). The
outputs are found through the manifest, with what they must show as the build recorded it.
What the validators need is looked up before anything heavy runs, so a missing one gives a
message that says how to install it, never a traceback.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from guidepress.outdir import lock
from guidepress.read import source
from guidepress.settings import Settings
from guidepress.terminal import display
from guidepress.validate import tools
from guidepress.validate.registry import registry, unavailable
from guidepress.validate.report import Report

Echo = Callable[[str], None]


@dataclass
class Summary:
    reports: list[Report] = field(default_factory=list)

    @property
    def exit_code(self) -> int:
        return 0 if all(report.passed for report in self.reports) else 1


def validate(names: tuple[str, ...], settings: Settings, echo: Echo = print) -> Summary:
    """Validate the built outputs of the named guides (default: all) and write their reports,
    holding the output folder's build lock (validation may rewrite an EPUB's metadata)."""
    slugs = tuple(path.stem for path in source.find_guides(settings.source_dir, names))
    require()
    with lock.held(settings.out_dir, settings.wait, echo):
        return validate_outputs(slugs, settings, echo)


def validate_outputs(slugs: tuple[str, ...], settings: Settings, echo: Echo = print
                     ) -> Summary:
    """The same, for a caller that already holds the output folder's lock (the build)."""
    require()
    from guidepress.validate import run  # Playwright and pikepdf, which `require` found

    targets, unbuilt = run.load(slugs, settings)
    summary = Summary([*run.run(targets, settings, echo), *unbuilt] if targets else unbuilt)
    for found in summary.reports:
        echo(describe(found, settings))
    return summary


def require() -> None:
    """Every tool each installed validator needs, or one error that names what is missing."""
    needs = [need for validator in registry() for need in validator.needs]
    needs += [tools.python_package(module, f"the {name} validator")
              for name, module in unavailable().items()]
    tools.require(needs)


def describe(found: Report, settings: Settings) -> str:
    counts = found.counts()
    folder = settings.out_dir / found.slug
    state = "passed" if found.passed else "FAILED"
    na = f"{counts['not applicable']} not applicable, " if counts["not applicable"] else ""
    kept = sum(1 for check in found.checks if check.cached)
    reused = f", {kept} results kept from earlier runs (--force checks again)" if kept else ""
    lines = [f"{found.slug}: {state}: {counts['pass']} checks passed, {counts['fail']} failed, "
             f"{na}{len(found.reviews)} items for human review ({found.seconds:.1f} s{reused}); "
             f"report: {display(folder / 'conformance.html')}"]
    for check in found.failed:
        output = found.outputs.get(check.format)
        place = f"{display(folder / output)}: " if output else ""
        lines.append(f"  {check.id}: {check.title}")
        lines += [f"    {place}{finding}" for finding in check.findings[:10]]
        if len(check.findings) > 10:
            lines.append(f"    ... and {len(check.findings) - 10} more (see the report)")
    return "\n".join(lines)
