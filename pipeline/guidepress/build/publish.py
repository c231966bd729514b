"""Step 3 of a build: write each guide's new files atomically (a guide that failed writes
nothing, so its last good outputs stay), record what made each file, remove the outputs of
guides that are gone, and make the catalogue again when what it lists changed."""

from __future__ import annotations

from pathlib import Path

import jinja2

from guidepress import formats
from guidepress.build import catalogue
from guidepress.build.fingerprint import Inputs
from guidepress.build.plan import Stale, catalogue_inputs, catalogue_reasons, output_problem
from guidepress.build.render import Rendered, template_error
from guidepress.build.report import Action, Report, Summary, grouped, reason_text
from guidepress.formats import RenderContext
from guidepress.outdir.atomic import remove_folder_if_empty, remove_owned, write_atomic
from guidepress.outdir.manifest import GuideRecord, Manifest, OutputRecord, sha256_bytes
from guidepress.settings import Settings
from guidepress.terminal import display


def actions(item: Stale, settings: Settings) -> list[Action]:
    registry = formats.registry()
    return [Action(item.slug, name,
                   display(settings.out_dir / registry[name].output_path(item.slug)), why)
            for name, why in item.reasons.items()]


def publish(item: Stale, result: Rendered, settings: Settings, manifest: Manifest,
            inputs: Inputs, summary: Summary, report: Report) -> None:
    """Write one guide's new files and record what made each of them."""
    registry = formats.registry()
    record = manifest.guides.get(item.slug) or GuideRecord(item.path.name)
    for name, data in result.files.items():
        fmt = registry[name]
        made = inputs.of(fmt, result.source_digest, result.images)
        record.outputs[name] = write_output(settings.out_dir, fmt.output_path(item.slug), data,
                                            made, record.outputs.get(name))
    for name, reason in result.skipped.items():
        fmt = registry[name]
        old = record.outputs.get(name)
        if old is not None and not old.skipped:  # made before, when the guide was another
            remove_owned(settings.out_dir, old.file, old.sha256)
        made = inputs.of(fmt, result.source_digest, result.images)
        record.outputs[name] = OutputRecord(fmt.output_path(item.slug), "", 0, 0, made, reason)
    record.source, record.meta, record.warnings = item.path.name, result.meta, result.warnings
    record.facts = result.facts
    manifest.guides[item.slug] = record
    done = [a for a in actions(item, settings) if a.format not in result.skipped]
    summary.built.append(item.slug)
    summary.written.extend(done)
    for line in grouped(item.slug, done):
        report.info(line)
    for name, reason in result.skipped.items():
        report.info(f"{item.slug}.{name}: not made: {reason}")
    if result.warnings:
        summary.problems[item.slug] = list(result.warnings)
        for line in result.warnings:
            report.problem(line)


def write_output(out_dir: Path, file: str, data: bytes, inputs: dict[str, str],
                 old: OutputRecord | None) -> OutputRecord:
    """Write `data` atomically, unless the same bytes are already in place."""
    target = out_dir / file
    digest = sha256_bytes(data)
    if old is None or old.sha256 != digest or output_problem(target, old):
        write_atomic(target, data)
    stat = target.stat()
    return OutputRecord(file, digest, stat.st_size, stat.st_mtime_ns, inputs)


def gone_reason(record: GuideRecord, settings: Settings) -> str:
    return f"{display(settings.source_dir / record.source)} is gone"


def remove_gone(gone: list[str], manifest: Manifest, settings: Settings, summary: Summary,
                report: Report) -> None:
    """Remove the outputs of guides that left the source folder: only files the manifest
    says the build made, in the guide's own folder, with the bytes the build wrote; and their
    folder once it is empty."""
    for slug in gone:
        record = manifest.guides[slug]
        for output in record.outputs.values():
            if output.skipped:
                continue
            target = settings.out_dir / output.file
            if (output.file.startswith(f"{slug}/")  # a guide's outputs live in its folder
                    and remove_owned(settings.out_dir, output.file, output.sha256)):
                summary.removed.append(display(target))
            remove_folder_if_empty(target.parent)
        del manifest.guides[slug]
        report.info(f"{slug}: removed its outputs ({gone_reason(record, settings)})")


def refresh_catalogue(manifest: Manifest, inputs: Inputs, settings: Settings,
                      summary: Summary, report: Report) -> None:
    reasons = catalogue_reasons(manifest, inputs, settings)
    if reasons:
        listing = catalogue.entries(manifest)
        try:
            data = catalogue.render(listing, RenderContext(settings))
        except (jinja2.TemplateError, OSError) as error:
            summary.failure(catalogue.FILENAME, [f"error: {template_error(error)}"], 1, report)
            return
        manifest.catalogue = write_output(settings.out_dir, catalogue.FILENAME, data,
                                          catalogue_inputs(manifest, inputs),
                                          manifest.catalogue)
    catalogue_action(reasons, settings, summary, report, "")


def catalogue_action(reasons: tuple[str, ...], settings: Settings, summary: Summary,
                     report: Report, verb: str) -> None:
    action = Action("", "index", display(settings.out_dir / catalogue.FILENAME), reasons)
    if reasons:
        summary.written.append(action)
        report.info(f"{verb}{catalogue.FILENAME}: {reason_text(reasons)}")
    else:
        summary.skipped.append(action)
        report.detail(f"{catalogue.FILENAME}: up to date")


def flag(flagged: list[str], manifest: Manifest, summary: Summary, report: Report) -> None:
    """Up-to-date guides whose last build had warnings fail a --strict build."""
    for slug in flagged:
        warnings = manifest.guides[slug].warnings
        count = f"{len(warnings)} warning" + ("" if len(warnings) == 1 else "s")
        summary.failure(slug, [*warnings, f"error: {slug}: {count} from its last build fail "
                               "--strict"], 1, report)


def show_fresh(fresh: list[Action], summary: Summary, report: Report) -> None:
    summary.skipped.extend(fresh)
    for action in fresh:
        report.detail(f"{action.guide}.{action.format}: up to date")
