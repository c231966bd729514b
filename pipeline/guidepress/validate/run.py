"""One validation run over the built outputs of some guides.

Each validator gets every output of its formats at once. Those that wait on another process
(the Nu checker, EPUBCheck, Ace) run in worker threads while the main thread drives the run's
one Chromium; then the validators that look at a guide as a whole run, in order. Last, each
guide's report is written, checked like a web page, and written again with that result.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import replace
from pathlib import Path

from guidepress import __version__, formats
from guidepress.outdir import manifest
from guidepress.settings import Settings
from guidepress.validate import axe, nu, report, reviews
from guidepress.validate.base import Outcome, Output, OutputValidator, Session, Target
from guidepress.validate.expect import Expected
from guidepress.validate.registry import guide_validators, output_validators, registry
from guidepress.validate.report import Check, Finding, Report, Result

Echo = Callable[[str], None]
WORKERS = 3


def load(slugs: Sequence[str], settings: Settings) -> tuple[list[Target], list[Report]]:
    """The guides to validate, as the manifest recorded their last build; and a report
    for each guide that has never been built."""
    recorded, _ = manifest.load(settings.out_dir)
    targets, unbuilt = [], []
    for slug in slugs:
        record = recorded.guides.get(slug)
        if record is None or not record.facts:
            unbuilt.append(missing_outputs(Report(slug, slug, "", {}), slug, {}, {}))
            continue
        outputs = manifest.output_paths(settings.out_dir, record)
        skipped = {name: out.skipped for name, out in record.outputs.items() if out.skipped}
        meta = record.meta
        found = Report(slug, meta.get("title", slug), meta.get("lang", ""),
                       {name: path.name for name, path in outputs.items() if path.is_file()})
        targets.append(Target(slug, Expected.from_json(record.facts), outputs,
                              missing_outputs(found, slug, outputs, skipped)))
    return targets, unbuilt


def missing_outputs(found: Report, slug: str, outputs: dict[str, Path],
                    skipped: dict[str, str]) -> Report:
    """A failed "the output exists" check for each format with no file; "not applicable"
    for a format that the build said does not apply to the guide."""
    for fmt in formats.registry():
        path = outputs.get(fmt.name)
        if fmt.name in skipped:
            found.replace_check(Check(
                f"{fmt.name}.built", fmt.name, "The output exists", Result.NOT_APPLICABLE,
                "guidepress", __version__, detail=f"Not made: {skipped[fmt.name]}."))
        elif path is None or not path.is_file():
            shown = path.name if path else fmt.filename(slug)
            found.replace_check(Check(
                f"{fmt.name}.built", fmt.name, "The output exists", Result.FAIL, "guidepress",
                __version__, findings=(Finding(f"{shown} was not found",
                                               help="run `guidepress build` first"),)))
    return found


def run(targets: list[Target], settings: Settings, echo: Echo) -> list[Report]:
    started = time.monotonic()
    for target in targets:
        echo(f"{target.slug}: checking "
             + (", ".join(target.report.outputs.values()) or "nothing: no output was found"))
    with ThreadPoolExecutor(max_workers=WORKERS) as pool:
        session = Session(settings, pool, registry())
        try:
            check_outputs(targets, session)
            for validator in guide_validators():
                for target in targets:
                    with session.timed(validator.name):
                        apply(target, validator.check(target, session))
            self_check(targets, session, started)
        finally:
            session.close()
    manifest.adopt(settings.out_dir, session.changed)  # once, for every file rewritten
    return [target.report for target in targets]


def check_outputs(targets: list[Target], session: Session) -> None:
    """Every output validator over the outputs of its formats: those that wait on another
    process in the background, the rest (the browser's) here, meanwhile."""
    work = [(v, [Output(t, fmt, t.outputs[fmt]) for t in targets for fmt in v.formats
                 if t.has(fmt)]) for v in output_validators()]
    work = [(validator, outputs) for validator, outputs in work if outputs]
    pending: list[tuple[list[Output], Future[list[Outcome]]]] = [
        (outputs, session.pool.submit(_timed, validator, outputs, session))
        for validator, outputs in work if validator.background]
    for validator, outputs in work:
        if not validator.background:
            _apply_all(outputs, _timed(validator, outputs, session))
    for outputs, future in pending:
        _apply_all(outputs, future.result())


def _timed(validator: OutputValidator, outputs: list[Output], session: Session
           ) -> list[Outcome]:
    with session.timed(validator.name):
        return validator.check(outputs, session)


def _apply_all(outputs: list[Output], outcomes: list[Outcome]) -> None:
    for output, outcome in zip(outputs, outcomes, strict=True):
        apply(output.target, outcome)


def apply(target: Target, outcome: Outcome) -> None:
    target.add(*outcome.checks)
    target.notes.setdefault("reviews", []).extend(outcome.reviews)
    target.notes.update({k: v for k, v in outcome.notes.items() if k != "reviews"})


def self_check(targets: list[Target], session: Session, started: float) -> None:
    """Write each report, check it like a web page, then write it again with the result."""
    templates = session.settings.templates_dir
    for target in targets:
        found = target.report
        found.reviews = [*reviews.build(target.expected, target.notes.get("ace", {})),
                         *target.notes.get("reviews", [])]
        found.tools = tools_used(found)
        found.seconds = round(time.monotonic() - started, 1)
        report.write(found, _folder(target, session), templates)
    pages = [_folder(target, session) / report.HTML_NAME for target in targets]
    checked = session.pool.submit(_nu_timed, pages, session)
    for target, page in zip(targets, pages, strict=True):
        with session.timed("report-axe"):
            outcome = axe.page_checks(session, page, report.REPORT)
        target.add(*(_about_draft(c) for c in outcome.checks))
        target.report.reviews += outcome.reviews
    found_nu = checked.result()
    order = list(report.format_names())
    for target, page in zip(targets, pages, strict=True):
        found = target.report
        target.add(_about_draft(nu.as_check("report.nu", report.REPORT, found_nu.get(page, []))))
        found.checks.sort(key=lambda check: order.index(check.format))
        found.tools = tools_used(found)
        found.timings.update(session.timings)
        found.seconds = round(time.monotonic() - started, 1)
        report.write(found, _folder(target, session), templates)


def _nu_timed(pages: list[Path], session: Session) -> dict[Path, list[Finding]]:
    with session.timed("report-nu"):
        return nu.check(pages)


def _folder(target: Target, session: Session) -> Path:
    """Where the guide's report goes: beside its outputs."""
    first = next(iter(target.outputs.values()), None)
    return first.parent if first is not None else session.settings.out_dir / target.slug


def tools_used(found: Report) -> dict[str, str]:
    return {check.tool: check.tool_version for check in found.checks}


def _about_draft(check: Check) -> Check:
    return replace(check, detail=f"{check.detail} Checked on this report as written just before "
                   "these results were added to it.")
