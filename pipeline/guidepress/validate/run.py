"""One validation run over the built outputs of some guides.

Each validator gets at once every output of its formats whose result is not kept from an
earlier run (`cache.py`). Those that wait on another process (the Nu checker, EPUBCheck, Ace,
each one process for the whole run) run in worker threads, and those that work in Python (PDF
structure, `page`, large print, DOCX, braille, text) one after another in one more, while the
main thread drives the run's one Chromium; then the validators that look at a guide as a whole
run, in order. Last, each guide's report is written, checked like a web page, and written
again with that result.
"""

from __future__ import annotations

import datetime as dt
import time
from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field, replace
from pathlib import Path

from guidepress import __version__, formats
from guidepress.errors import ToolError
from guidepress.outdir import manifest
from guidepress.settings import Settings
from guidepress.validate import axe, keys, nu, report, reviews
from guidepress.validate.base import (
    GuideValidator,
    Outcome,
    Output,
    OutputValidator,
    Session,
    Target,
)
from guidepress.validate.cache import ResultCache
from guidepress.validate.expect import Expected
from guidepress.validate.registry import guide_validators, output_validators, registry
from guidepress.validate.report import Check, Finding, Report, Result

Echo = Callable[[str], None]
# Threads that wait: one for each tool's process (Nu, EPUBCheck, Ace), and one for the
# validators that work in Python.
WORKERS = 4


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


@dataclass
class Run:
    """What one run keeps besides the session: its results cache, the keys of its results,
    and when it started."""

    cache: ResultCache
    keys: keys.Keys = field(default_factory=keys.Keys)
    started: float = field(default_factory=time.monotonic)
    stamp: str = field(default_factory=lambda: dt.datetime.now(dt.UTC).strftime(
        "%Y-%m-%dT%H:%M:%SZ"))


def run(targets: list[Target], settings: Settings, echo: Echo) -> list[Report]:
    this = Run(ResultCache.open(settings.out_dir, settings.force))
    for target in targets:
        echo(f"{target.slug}: checking "
             + (", ".join(target.report.outputs.values()) or "nothing: no output was found"))
    with ThreadPoolExecutor(max_workers=WORKERS) as pool:
        session = Session(settings, pool, registry())
        try:
            check_outputs(targets, session, this)
            for validator in guide_validators():
                for target in targets:
                    with session.timed(validator.name):
                        apply(target, check_guide(validator, target, session, this))
            self_check(targets, session, this)
        finally:
            session.close()
    manifest.adopt(settings.out_dir, session.changed)  # once, for every file rewritten
    this.cache.save(target.slug for target in targets)
    return [target.report for target in targets]


@dataclass
class Batch:
    """One output validator's outputs in a run, and the results kept for some of them."""

    validator: OutputValidator
    outputs: list[Output]
    keys: list[str]
    kept: list[Outcome | None]

    @property
    def todo(self) -> list[Output]:
        return [output for output, kept in zip(self.outputs, self.kept, strict=True)
                if kept is None]


def check_outputs(targets: list[Target], session: Session, this: Run) -> None:
    """Every output validator over the outputs of its formats that it has not checked
    before: those that wait on another process in the background, the rest (the browser's)
    here, meanwhile. The results go to the reports in the validators' order."""
    batches = []
    for validator in output_validators():
        outputs = [Output(t, fmt, t.outputs[fmt]) for t in targets for fmt in validator.formats
                   if t.has(fmt)]
        found = [this.keys.output(validator, output) for output in outputs]
        batches.append(Batch(validator, outputs, found, [this.cache.get(k) for k in found]))
    todo = [(index, batch) for index, batch in enumerate(batches) if batch.todo]
    pending = {index: session.pool.submit(_timed, batch.validator, batch.todo, session)
               for index, batch in todo if batch.validator.background}
    in_python = session.pool.submit(_in_turn, [(index, batch) for index, batch in todo
                                               if not (batch.validator.background
                                                       or batch.validator.browser)], session)
    fresh = {index: _timed(batch.validator, batch.todo, session)
             for index, batch in todo if batch.validator.browser}
    fresh.update(in_python.result())
    fresh.update({index: future.result() for index, future in pending.items()})
    for index, batch in enumerate(batches):
        _apply_all(batch, fresh.get(index, []), this)


def _in_turn(batches: list[tuple[int, Batch]], session: Session) -> dict[int, list[Outcome]]:
    """The batches' outcomes, found one batch after another (in one thread: the libraries
    they use are not asked to serve two threads at once)."""
    return {index: _timed(batch.validator, batch.todo, session) for index, batch in batches}


def _timed(validator: OutputValidator, outputs: list[Output], session: Session
           ) -> list[Outcome]:
    with session.timed(validator.name):
        return validator.check(outputs, session)


def _apply_all(batch: Batch, found: list[Outcome], this: Run) -> None:
    """The batch's outcomes, kept or `found` now (and then kept), in the order of its outputs."""
    new = iter(found)
    for output, key, kept in zip(batch.outputs, batch.keys, batch.kept, strict=True):
        outcome = kept
        if outcome is None:
            outcome = next(new)
            this.cache.put(key, output.target.slug, outcome, this.stamp)
        apply(output.target, outcome)
    if next(new, None) is not None:
        raise ToolError(f"the validator {batch.validator.name} gave more outcomes than it was "
                        "given outputs")


def check_guide(validator: GuideValidator, target: Target, session: Session, this: Run
                ) -> Outcome:
    """The validator's outcome about the guide, kept from an earlier run or found now (and
    kept, unless an output was rewritten meanwhile: its new bytes are checked next time)."""
    key = this.keys.guide(validator, target)
    kept = this.cache.get(key)
    if kept is not None:
        return kept
    outcome = validator.check(target, session)
    if not set(target.outputs.values()) & set(session.changed):
        this.cache.put(key, target.slug, outcome, this.stamp)
    return outcome


def apply(target: Target, outcome: Outcome) -> None:
    target.add(*outcome.checks)
    target.notes.setdefault("reviews", []).extend(outcome.reviews)
    target.notes.update({k: v for k, v in outcome.notes.items() if k != "reviews"})


def self_check(targets: list[Target], session: Session, this: Run) -> None:
    """Write each report, check it like a web page (unless a report that says the same was
    checked before), then write it again with the result."""
    templates = session.settings.templates_dir
    for target in targets:
        found = target.report
        found.reviews = [*reviews.build(target.expected, target.notes.get("ace", {})),
                         *target.notes.get("reviews", [])]
        found.claims = target.notes.get("claims", found.claims)
        found.tools = tools_used(found)
        _stamp(found, this.stamp)
        found.seconds = round(time.monotonic() - this.started, 1)
        report.write(found, _folder(target, session), templates)
    checkers = (axe.tool_version(), keys.code(axe.__name__), nu.tool_version(),
                keys.code(nu.__name__), keys.code(__name__))
    drafts = [this.keys.report(target.report, templates, checkers) for target in targets]
    kept = [this.cache.get(key) for key in drafts]
    todo = [target for target, outcome in zip(targets, kept, strict=True) if outcome is None]
    found_now = _check_reports(todo, session)
    for target, key, outcome in zip(targets, drafts, kept, strict=True):
        if outcome is None:
            outcome = found_now[target.slug]
            this.cache.put(key, target.slug, outcome, this.stamp)
        target.add(*outcome.checks)
        target.report.reviews += outcome.reviews
    order = list(report.format_names())
    for target in targets:
        found = target.report
        found.checks.sort(key=lambda check: order.index(check.format))
        found.tools = tools_used(found)
        _stamp(found, this.stamp)
        found.timings.update(session.timings)
        found.seconds = round(time.monotonic() - this.started, 1)
        report.write(found, _folder(target, session), templates)


def _check_reports(targets: list[Target], session: Session) -> dict[str, Outcome]:
    """axe and Nu on the reports just written (Nu in the background, meanwhile)."""
    if not targets:
        return {}
    pages = [_folder(target, session) / report.HTML_NAME for target in targets]
    checked = session.pool.submit(_nu_timed, pages, session)
    with session.timed("report-axe"):
        audited = axe.pages_checks(session, [(page, report.REPORT) for page in pages])
    found = {target.slug: Outcome([_about_draft(c) for c in outcome.checks], outcome.reviews)
             for target, outcome in zip(targets, audited, strict=True)}
    found_nu = checked.result()
    for target, page in zip(targets, pages, strict=True):
        found[target.slug].checks.append(
            _about_draft(nu.as_check("report.nu", report.REPORT, found_nu.get(page, []))))
    return found


def _stamp(found: Report, stamp: str) -> None:
    """Checks found in this run carry its time."""
    found.checks = [check if check.checked else replace(check, checked=stamp)
                    for check in found.checks]


def _nu_timed(pages: list[Path], session: Session) -> dict[Path, list[Finding]]:
    with session.timed("report-nu"):
        return nu.check(pages, nu.session_service(session))


def _folder(target: Target, session: Session) -> Path:
    """Where the guide's report goes: beside its outputs."""
    first = next(iter(target.outputs.values()), None)
    return first.parent if first is not None else session.settings.out_dir / target.slug


def tools_used(found: Report) -> dict[str, str]:
    return {check.tool: check.tool_version for check in found.checks}


def _about_draft(check: Check) -> Check:
    return replace(check, detail=f"{check.detail} Checked on this report as written just before "
                   "these results were added to it.")
