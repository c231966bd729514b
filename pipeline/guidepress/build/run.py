"""`guidepress build`: plan what is stale (pure), render it (workers), publish it; under a lock
on the output folder, with the manifest written last because it vouches for what is on disk.
`explain` is the same plan, printed, with nothing else run."""

from __future__ import annotations

import functools
import time
from pathlib import Path

from guidepress import formats
from guidepress.build import workers
from guidepress.build.fingerprint import Inputs
from guidepress.build.plan import Plan, Stale, make_plan
from guidepress.build.publish import (
    actions,
    catalogue_action,
    flag,
    gone_reason,
    publish,
    refresh_catalogue,
    remove_gone,
    show_fresh,
)
from guidepress.build.render import Job
from guidepress.build.report import Echo, Report, Summary, as_report, grouped
from guidepress.errors import UsageError
from guidepress.formats import Format
from guidepress.outdir import lock, manifest, place
from guidepress.outdir.atomic import remove_leftovers
from guidepress.outdir.manifest import Manifest
from guidepress.read import source
from guidepress.settings import Settings
from guidepress.terminal import display


def selected(settings: Settings) -> list[Format]:
    """The formats `settings` asks for, in build order; every one when it names none."""
    registry = formats.registry()
    unknown = [name for name in settings.formats if name not in registry]
    if unknown:
        raise UsageError(f"unknown format {unknown[0]!r}",
                         "choose from " + ", ".join(registry.names()))
    return [fmt for fmt in registry if not settings.formats or fmt.name in settings.formats]


def build(names: tuple[str, ...], settings: Settings, echo: Echo | Report = print, *,
          validate: bool = False) -> Summary:
    """Build what is stale among the named guides (all when none are named); then, with
    `validate`, check their outputs with the real validators under the same lock."""
    started = time.monotonic()
    report = as_report(echo)
    chosen = selected(settings)
    place.check_apart(settings.source_dir, settings.out_dir, settings.templates_dir)
    paths = source.find_guides(settings.source_dir, names)
    with lock.held(settings.out_dir, settings.wait, report.info):
        summary = _build_locked(paths, chosen, settings, not names, report)
        if validate:
            validate_built(paths, summary, settings, report)
    summary.seconds = time.monotonic() - started
    return summary


def explain(names: tuple[str, ...], settings: Settings, echo: Echo | Report = print
            ) -> Summary:
    """What a build would do and why, without doing any of it (`--explain`, `--dry-run`)."""
    started = time.monotonic()
    report = as_report(echo)
    chosen = selected(settings)
    place.check_apart(settings.source_dir, settings.out_dir, settings.templates_dir)
    paths = source.find_guides(settings.source_dir, names)
    recorded = _load(settings.out_dir, report)
    inputs = Inputs(settings, recorded.pandoc)
    plan = make_plan(paths, chosen, recorded, inputs, settings, full=not names)
    summary = Summary(dry_run=True)
    for slug in plan.gone:
        record = recorded.guides[slug]
        summary.removed.extend(display(settings.out_dir / out.file)
                               for out in record.outputs.values() if not out.skipped)
        report.info(f"{slug}: would remove its outputs ({gone_reason(record, settings)})")
    flag(plan.flagged, recorded, summary, report)
    show_fresh(plan.fresh, summary, report)
    for stale in plan.stale:
        done = actions(stale, settings)
        summary.written.extend(done)
        for line in grouped(stale.slug, done):
            report.info(f"would build {line}")
    reasons = plan.catalogue
    if plan.stale or plan.gone:
        reasons = reasons or ("the guides it lists will be rebuilt",)
    catalogue_action(reasons, settings, summary, report, "would build ")
    summary.seconds = time.monotonic() - started
    return summary


def _build_locked(paths: list[Path], chosen: list[Format], settings: Settings, full: bool,
                  report: Report) -> Summary:
    remove_leftovers(settings.out_dir)
    recorded = _load(settings.out_dir, report)
    if paths and (settings.force or not recorded.guides):  # work for sure: start the workers'
        workers.warm_up([fmt.name for fmt in chosen])      # server while the plan is made
    before = recorded.snapshot()
    inputs = Inputs(settings, recorded.pandoc)
    plan = make_plan(paths, chosen, recorded, inputs, settings, full)
    summary = Summary()
    try:
        remove_gone(plan.gone, recorded, settings, summary, report)
        flag(plan.flagged, recorded, summary, report)
        show_fresh(plan.fresh, summary, report)
        render_and_publish(plan, settings, recorded, inputs, summary, report)
        refresh_catalogue(recorded, inputs, settings, summary, report)
    finally:
        recorded.pandoc = inputs.pandoc_known
        if recorded.snapshot() != before:
            manifest.save(settings.out_dir, recorded)  # last: it vouches for what is on disk
    return summary


def render_and_publish(plan: Plan, settings: Settings, recorded: Manifest, inputs: Inputs,
                       summary: Summary, report: Report) -> None:
    jobs = [Job(item.slug, item.path, tuple(item.reasons), settings) for item in plan.stale]
    registry = formats.registry()
    for name in dict.fromkeys(name for job in jobs for name in job.formats):
        # Worked out now, while the workers' server may still be starting, rather than after
        # the last guide is rendered (a first build has not needed them to plan).
        inputs.shared(registry[name])
    count = settings.jobs or workers.default_workers()
    done = functools.partial(report.progress, total=len(jobs))
    if jobs:
        done(0)
    for item, result in zip(plan.stale, workers.render_all(jobs, count, done), strict=True):
        if result.ok:
            publish(item, result, settings, recorded, inputs, summary, report)
        else:
            summary.failure(item.slug, result.errors + result.warnings, result.exit_code,
                            report)


def validate_built(paths: list[Path], summary: Summary, settings: Settings,
                   report: Report) -> None:
    """Validate every guide that has outputs (built now or before), under the build's lock."""
    from guidepress.validate import validate_outputs  # Playwright, pikepdf: only when asked

    usable = tuple(path.stem for path in paths if path.stem not in summary.failed)
    if usable:
        validation = validate_outputs(usable, settings, report.info)
        summary.exit_codes.append(validation.exit_code)


def _load(out_dir: Path, report: Report) -> Manifest:
    found, problem = manifest.load(out_dir)
    if problem:
        report.problem(f"warning: {problem}; every output will be rebuilt")
    return found


__all__ = ["Stale", "build", "explain", "selected"]
