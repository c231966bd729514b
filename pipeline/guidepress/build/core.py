"""The build graph: work out which outputs are stale and why, render those, write them, in a
stable order, and record what made each one.

1. Plan (cheap: no Markdown is parsed, no pandoc or WeasyPrint runs). For every output of
   every guide, compare the inputs recorded in the manifest with the current ones; each
   difference is a reason, in words. An output that is missing or was changed by hand is stale.
2. Render the stale guides, in this process when there is one, else in worker processes, and
   take their results back in the order of the guides.
3. Write each guide's new files atomically (a guide that failed writes nothing, so its last good
   outputs stay), remove the outputs of guides that are gone, refresh `index.html`, and write
   the manifest last. Everything happens under a lock on the output folder.
"""

from __future__ import annotations

import functools
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Protocol

import jinja2

from guidepress.build import catalogue, workers
from guidepress.errors import UsageError
from guidepress.formats import FORMATS, Format, RenderContext
from guidepress.formats.base import TEMPLATES_DIR
from guidepress.outdir import lock as locks
from guidepress.outdir import manifest as manifests
from guidepress.outdir.atomic import remove, remove_folder_if_empty, remove_leftovers, write_atomic
from guidepress.outdir.manifest import MISSING, Manifest, OutputRecord
from guidepress.read import source

Echo = Callable[[str], None]
LOCK_WAIT_SECONDS = 60.0
NOT_BUILT = "not built before"


@dataclass(frozen=True)
class Options:
    formats: tuple[str, ...] = ()
    paper: str = "letter"
    source_dir: Path = Path("source")
    out_dir: Path = Path("output")
    templates_dir: Path = TEMPLATES_DIR
    force: bool = False  # rebuild every selected output
    dry_run: bool = False  # only say what would be rebuilt
    strict: bool = False  # warnings fail a guide
    workers: int = 0  # worker processes; 0 means one per core, up to workers.MAX_WORKERS
    wait: float = LOCK_WAIT_SECONDS  # how long to wait for another build of the same folder
    validate: bool = False  # check the outputs with the real validators after building

    def selected(self) -> list[Format]:
        unknown = [name for name in self.formats if name not in FORMATS]
        if unknown:
            raise UsageError(f"unknown format {unknown[0]!r}",
                             "choose from " + ", ".join(FORMATS))
        return [fmt for name, fmt in FORMATS.items() if not self.formats or name in self.formats]

    def value(self, option: str) -> str:
        """The value of a build option a format names in `Format.options`."""
        return str(getattr(self, option))


class Report(Protocol):
    """Where the build's messages go. Lines arrive in a stable order."""

    def info(self, text: str) -> None:
        """What was (or would be) built and why."""

    def detail(self, text: str) -> None:
        """What was up to date: only worth showing when asked."""

    def problem(self, text: str) -> None:
        """Errors and warnings."""

    def progress(self, done: int, total: int) -> None:
        """`done` of `total` stale guides are finished."""


@dataclass
class EchoReport:
    """A Report that sends every line that matters to one function."""

    echo: Echo

    def info(self, text: str) -> None:
        self.echo(text)

    def detail(self, text: str) -> None:
        pass

    def problem(self, text: str) -> None:
        self.echo(text)

    def progress(self, done: int, total: int) -> None:
        pass


@dataclass(frozen=True)
class Action:
    """One output: what happened to it (or would), and why."""

    guide: str
    format: str
    path: str
    reasons: tuple[str, ...] = ()

    def as_dict(self) -> dict[str, Any]:
        return {"guide": self.guide, "format": self.format, "path": self.path,
                "reasons": list(self.reasons)}


@dataclass
class Summary:
    built: list[str] = field(default_factory=list)  # guides with new outputs
    failed: list[str] = field(default_factory=list)
    written: list[Action] = field(default_factory=list)  # outputs built (or, dry, to build)
    skipped: list[Action] = field(default_factory=list)  # outputs already up to date
    removed: list[str] = field(default_factory=list)  # outputs of guides that are gone
    problems: dict[str, list[str]] = field(default_factory=dict)  # guide -> errors, warnings
    exit_codes: list[int] = field(default_factory=list)
    dry_run: bool = False
    seconds: float = 0.0

    @property
    def exit_code(self) -> int:
        return max(self.exit_codes, default=0)

    def headline(self) -> str:
        if not (self.written or self.removed or self.failed):
            return (f"Nothing to build: {_plural(len(self.skipped), 'output')} up to date "
                    f"({self.seconds:.1f} s)")
        verb = "would build" if self.dry_run else "built"
        guides = len({action.guide for action in self.written if action.guide})
        parts = []
        if self.written:
            parts.append(f"{verb} {_plural(len(self.written), 'output')}"
                         + (f" of {_plural(guides, 'guide')}" if guides else ""))
        if self.skipped:
            parts.append(f"{len(self.skipped)} up to date")
        if self.removed:
            parts.append(("would remove " if self.dry_run else "removed ")
                         + _plural(len(self.removed), "output"))
        if self.failed:
            parts.append(f"{_plural(len(self.failed), 'guide')} failed: "
                         + ", ".join(self.failed))
        text = "; ".join(parts)
        return f"{text[0].upper()}{text[1:]} ({self.seconds:.1f} s)"

    def as_json(self) -> dict[str, Any]:
        return {
            "dry_run": self.dry_run,
            "built": [action.as_dict() for action in self.written],
            "skipped": [action.as_dict() for action in self.skipped],
            "removed": self.removed,
            "failed": [{"guide": slug, "messages": self.problems.get(slug, [])}
                       for slug in self.failed],
            "warnings": {slug: lines for slug, lines in self.problems.items()
                         if slug not in self.failed},
            "seconds": round(self.seconds, 3),
            "exit_code": self.exit_code,
        }


@dataclass
class Stale:
    slug: str
    path: Path
    reasons: dict[str, tuple[str, ...]]  # format name -> why, in build order


@dataclass
class Plan:
    stale: list[Stale] = field(default_factory=list)
    fresh: list[Action] = field(default_factory=list)
    gone: list[str] = field(default_factory=list)  # guides in the manifest, not in the source
    flagged: list[str] = field(default_factory=list)  # up to date, but warnings fail --strict


def build(names: tuple[str, ...], options: Options, echo: Echo | Report = print) -> Summary:
    """Build what is stale among GUIDES (all when empty); the core of `guidepress build`."""
    started = time.monotonic()
    report: Report = EchoReport(echo) if callable(echo) else echo
    formats = options.selected()
    paths = source.find_guides(options.source_dir, names)
    if options.dry_run:
        summary = explain(paths, formats, options, full=not names, report=report)
    else:
        with locks.held(options.out_dir, options.wait, report.info):
            summary = _build_locked(paths, formats, options, not names, report)
            if options.validate:
                validate_built(paths, summary, options, report)
    summary.seconds = time.monotonic() - started
    return summary


def _build_locked(paths: list[Path], formats: list[Format], options: Options, full: bool,
                  report: Report) -> Summary:
    remove_leftovers(options.out_dir)
    manifest = _load(options.out_dir, report)
    before = manifest.to_json()
    inputs = Inputs(options, manifest)
    plan = make_plan(paths, formats, manifest, inputs, options, full)
    summary = Summary()
    try:
        remove_gone(plan.gone, manifest, options, summary, report)
        _flag(plan.flagged, manifest, summary, report)
        _show_fresh(plan.fresh, summary, report)
        render_and_write(plan.stale, options, manifest, inputs, summary, report)
        refresh_catalogue(manifest, inputs, options, summary, report)
    finally:
        if manifest.to_json() != before:
            manifests.save(options.out_dir, manifest)  # last: it vouches for what is on disk
    return summary


def validate_built(paths: list[Path], summary: Summary, options: Options,
                   report: Report) -> None:
    """Validate every guide that has outputs (built now or before), under the build's lock."""
    from guidepress.validate import validate_paths  # Playwright, pikepdf: only when asked for

    usable = [path for path in paths if path.stem not in summary.failed]
    if usable:
        validation = validate_paths(usable, options.out_dir, report.info)
        summary.exit_codes.append(validation.exit_code)


def explain(paths: list[Path], formats: list[Format], options: Options, full: bool,
            report: Report) -> Summary:
    """What a build would do, without doing it (`--explain`, `--dry-run`)."""
    manifest = _load(options.out_dir, report)
    inputs = Inputs(options, manifest)
    plan = make_plan(paths, formats, manifest, inputs, options, full)
    summary = Summary(dry_run=True)
    for slug in plan.gone:
        record = manifest.guides[slug]
        summary.removed.extend(_display(options.out_dir, out.file) for out in
                               record.outputs.values())
        report.info(f"{slug}: would remove its outputs ({_gone_reason(record, options)})")
    _flag(plan.flagged, manifest, summary, report)
    _show_fresh(plan.fresh, summary, report)
    for stale in plan.stale:
        actions = _actions(stale, options)
        summary.written.extend(actions)
        for line in _grouped(stale.slug, actions):
            report.info(f"would build {line}")
    reasons = _catalogue_reasons(manifest, inputs, options)
    if plan.stale or plan.gone:
        reasons = reasons or ("the guides it lists will be rebuilt",)
    _catalogue_action(reasons, options, summary, report, "would build ")
    return summary


def _load(out_dir: Path, report: Report) -> Manifest:
    manifest, problem = manifests.load(out_dir)
    if problem:
        report.problem(f"warning: {problem}; every output will be rebuilt")
    return manifest


# Planning ---------------------------------------------------------------------------------


class Inputs:
    """The current fingerprint of every input, each worked out at most once per build."""

    def __init__(self, options: Options, manifest: Manifest) -> None:
        self.options = options
        self.manifest = manifest
        self._files: dict[Path, str] = {}
        self._shared: dict[str, dict[str, str]] = {}

    def file(self, path: Path) -> str:
        if path not in self._files:
            self._files[path] = manifests.sha256_file(path)
        return self._files[path]

    @functools.cached_property
    def pandoc(self) -> str:
        return manifests.pandoc_version(self.manifest.pandoc)

    def shared(self, fmt: Format) -> dict[str, str]:
        """Inputs every guide's output in `fmt` has in common."""
        if fmt.name not in self._shared:
            values = {"code": manifests.code_hash(),
                      **manifests.tool_versions(self.pandoc, fmt.tools)}
            for name in fmt.templates:
                values[f"template:{name}"] = self.file(self.options.templates_dir / name)
            for option in fmt.options:
                values[f"option:{option}"] = self.options.value(option)
            self._shared[fmt.name] = values
        return self._shared[fmt.name]

    def of(self, fmt: Format, source_digest: str, images: Iterable[str]) -> dict[str, str]:
        """All inputs of one output: the shared ones, the guide's bytes, and its images."""
        values = {**self.shared(fmt), "source": source_digest}
        for name in images:
            values[f"image:{name}"] = self.file(self.options.source_dir / name)
        return values


def make_plan(paths: list[Path], formats: list[Format], manifest: Manifest, inputs: Inputs,
              options: Options, full: bool) -> Plan:
    plan = Plan()
    for path in paths:
        slug = path.stem
        reasons = {fmt.name: why_stale(slug, path, fmt, manifest, inputs, options)
                   for fmt in formats}
        stale = {name: why for name, why in reasons.items() if why}
        if stale:
            plan.stale.append(Stale(slug, path, stale))
        plan.fresh.extend(Action(slug, name, _display(options.out_dir, _file(slug, name)))
                          for name, why in reasons.items() if not why)
        record = manifest.guides.get(slug)
        if options.strict and not stale and record is not None and record.warnings:
            plan.flagged.append(slug)
    if full:
        found = {path.stem for path in paths}
        plan.gone = sorted(slug for slug in manifest.guides if slug not in found)
    return plan


def why_stale(slug: str, path: Path, fmt: Format, manifest: Manifest, inputs: Inputs,
              options: Options) -> tuple[str, ...]:
    """Why the output of `slug` in `fmt` must be built again; empty when it is up to date."""
    guide = manifest.guides.get(slug)
    record = guide.outputs.get(fmt.name) if guide else None
    if record is None:
        return (NOT_BUILT,)
    images = [key.removeprefix("image:") for key in record.inputs if key.startswith("image:")]
    current = inputs.of(fmt, inputs.file(path), images)
    reasons = differences(record.inputs, current, path, options)
    reasons = reasons or output_problem(options.out_dir / record.file, record)
    return reasons or (("forced (--force)",) if options.force else ())


def differences(recorded: dict[str, str], current: dict[str, str], path: Path,
                options: Options) -> tuple[str, ...]:
    keys = [key for key in current if recorded.get(key) != current[key]]
    keys += [key for key in recorded if key not in current]
    return tuple(describe(key, recorded.get(key), current.get(key), path, options)
                 for key in keys)


def describe(key: str, old: str | None, new: str | None, path: Path, options: Options) -> str:
    """One changed input, in words: `templates/pdf/handout.css changed`."""
    kind, _, name = key.partition(":")
    if key == "source":
        return f"{source.display(path)} changed"
    if key == "code":
        return "the guidepress code changed"
    if key == "listing":
        return "the guides it lists changed"
    if kind in ("option", "tool"):
        label = f"--{name}" if kind == "option" else name
        return f"{label} changed from {old or 'nothing'} to {new or 'nothing'}"
    where = options.source_dir if kind == "image" else options.templates_dir
    shown = source.display(where / name)
    if old is None:
        return f"{shown} is new"
    if new is None:
        return f"{shown} is no longer used"
    return f"{shown} is missing" if new == MISSING else f"{shown} changed"


def output_problem(target: Path, record: OutputRecord) -> tuple[str, ...]:
    """Why the file on disk is not the one the manifest vouches for, if it is not."""
    try:
        stat = target.stat()
    except OSError:
        return (f"{source.display(target)} is missing",)
    if stat.st_size == record.size and (stat.st_mtime_ns == record.mtime_ns
                                        or manifests.sha256_file(target) == record.sha256):
        return ()
    return (f"{source.display(target)} was changed outside the build",)


# Doing ------------------------------------------------------------------------------------


def render_and_write(stale: list[Stale], options: Options, manifest: Manifest, inputs: Inputs,
                     summary: Summary, report: Report) -> None:
    jobs = [workers.Job(item.slug, item.path, tuple(item.reasons), options.paper,
                        options.templates_dir, options.strict) for item in stale]
    count = options.workers or workers.default_workers()
    done = functools.partial(report.progress, total=len(jobs))
    if jobs:
        done(0)
    for item, result in zip(stale, workers.render_all(jobs, count, done), strict=True):
        if result.ok:
            publish(item, result, options, manifest, inputs, summary, report)
        else:
            _failed(item.slug, result.errors + result.warnings, result.exit_code, summary,
                    report)


def publish(item: Stale, result: workers.Rendered, options: Options, manifest: Manifest,
            inputs: Inputs, summary: Summary, report: Report) -> None:
    """Write one guide's new files and record what made each of them."""
    record = manifest.guides.get(item.slug) or manifests.GuideRecord(item.path.name)
    for name, data in result.files.items():
        made = inputs.of(FORMATS[name], result.source_digest, result.images)
        record.outputs[name] = write_output(options.out_dir, _file(item.slug, name), data,
                                            made, record.outputs.get(name))
    record.source, record.meta, record.warnings = item.path.name, result.meta, result.warnings
    manifest.guides[item.slug] = record
    actions = _actions(item, options)
    summary.built.append(item.slug)
    summary.written.extend(actions)
    for line in _grouped(item.slug, actions):
        report.info(line)
    if result.warnings:
        summary.problems[item.slug] = list(result.warnings)
        for line in result.warnings:
            report.problem(line)


def write_output(out_dir: Path, file: str, data: bytes, inputs: dict[str, str],
                 old: OutputRecord | None) -> OutputRecord:
    """Write `data` atomically, unless the same bytes are already in place."""
    target = out_dir / file
    digest = manifests.sha256_bytes(data)
    if old is None or old.sha256 != digest or output_problem(target, old):
        write_atomic(target, data)
    stat = target.stat()
    return OutputRecord(file, digest, stat.st_size, stat.st_mtime_ns, inputs)


def remove_gone(gone: list[str], manifest: Manifest, options: Options, summary: Summary,
                report: Report) -> None:
    """Remove the outputs of guides that left the source folder: only files the manifest
    says the build made, and their folder once it is empty."""
    for slug in gone:
        record = manifest.guides[slug]
        for output in record.outputs.values():
            target = options.out_dir / output.file
            if remove(target):
                summary.removed.append(source.display(target))
            remove_folder_if_empty(target.parent)
        del manifest.guides[slug]
        report.info(f"{slug}: removed its outputs ({_gone_reason(record, options)})")


def refresh_catalogue(manifest: Manifest, inputs: Inputs, options: Options, summary: Summary,
                      report: Report) -> None:
    reasons = _catalogue_reasons(manifest, inputs, options)
    if reasons:
        listing = catalogue.entries(manifest)
        try:
            data = catalogue.render(listing, RenderContext(templates_dir=options.templates_dir))
        except (jinja2.TemplateError, OSError) as error:
            _failed(catalogue.FILENAME, [f"error: {workers.template_error(error)}"], 1, summary,
                    report)
            return
        manifest.catalogue = write_output(options.out_dir, catalogue.FILENAME, data,
                                          _catalogue_inputs(manifest, inputs),
                                          manifest.catalogue)
    _catalogue_action(reasons, options, summary, report, "")


def _catalogue_inputs(manifest: Manifest, inputs: Inputs) -> dict[str, str]:
    values = {"code": manifests.code_hash(),
              "listing": catalogue.fingerprint(catalogue.entries(manifest))}
    for name in catalogue.TEMPLATES:
        values[f"template:{name}"] = inputs.file(inputs.options.templates_dir / name)
    return values


def _catalogue_reasons(manifest: Manifest, inputs: Inputs, options: Options
                       ) -> tuple[str, ...]:
    record = manifest.catalogue
    if record is None:
        return (NOT_BUILT,)
    reasons = differences(record.inputs, _catalogue_inputs(manifest, inputs),
                          options.source_dir, options)
    reasons = reasons or output_problem(options.out_dir / record.file, record)
    return reasons or (("forced (--force)",) if options.force else ())


def _catalogue_action(reasons: tuple[str, ...], options: Options, summary: Summary,
                      report: Report, verb: str) -> None:
    action = Action("", "index", _display(options.out_dir, catalogue.FILENAME), reasons)
    if reasons:
        summary.written.append(action)
        report.info(f"{verb}{catalogue.FILENAME}: {_reason_text(reasons)}")
    else:
        summary.skipped.append(action)
        report.detail(f"{catalogue.FILENAME}: up to date")


def _failed(slug: str, lines: list[str], exit_code: int, summary: Summary,
            report: Report) -> None:
    summary.failed.append(slug)
    summary.problems[slug] = lines
    summary.exit_codes.append(exit_code)
    for line in lines:
        report.problem(line)


def _flag(flagged: list[str], manifest: Manifest, summary: Summary, report: Report) -> None:
    """Up-to-date guides whose last build had warnings fail a --strict build."""
    for slug in flagged:
        warnings = manifest.guides[slug].warnings
        _failed(slug, [*warnings, f"error: {slug}: {_plural(len(warnings), 'warning')} from "
                       "its last build fail --strict"], 1, summary, report)


def _show_fresh(fresh: list[Action], summary: Summary, report: Report) -> None:
    summary.skipped.extend(fresh)
    for action in fresh:
        report.detail(f"{action.guide}.{action.format}: up to date")


# Small helpers -----------------------------------------------------------------------------


def _file(slug: str, format_name: str) -> str:
    """An output's place in the output folder, as the manifest records it."""
    return f"{slug}/{FORMATS[format_name].filename(slug)}"


def _display(out_dir: Path, file: str) -> str:
    return source.display(out_dir / file)


def _actions(item: Stale, options: Options) -> list[Action]:
    return [Action(item.slug, name, _display(options.out_dir, _file(item.slug, name)), why)
            for name, why in item.reasons.items()]


def _grouped(slug: str, actions: list[Action]) -> list[str]:
    """`slug.pdf: reason` lines, with formats that share their reasons on one line."""
    groups: dict[tuple[str, ...], list[str]] = {}
    for action in actions:
        groups.setdefault(action.reasons, []).append(action.format)
    lines = []
    for reasons, names in groups.items():
        label = f"{slug}.{names[0]}" if len(names) == 1 else f"{slug} ({', '.join(names)})"
        lines.append(f"{label}: {_reason_text(reasons)}")
    return lines


def _reason_text(reasons: tuple[str, ...]) -> str:
    shown = "; ".join(reasons[:3])
    return shown + (f"; and {len(reasons) - 3} more changes" if len(reasons) > 3 else "")


def _gone_reason(record: manifests.GuideRecord, options: Options) -> str:
    return f"{source.display(options.source_dir / record.source)} is gone"


def _plural(number: int, word: str) -> str:
    return f"{number} {word}" + ("" if number == 1 else "s")
