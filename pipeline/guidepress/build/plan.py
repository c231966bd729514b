"""Step 1 of a build: what is stale, and why. Pure: it reads the manifest, the guides' and
templates' bytes and the tools' versions, and changes nothing; no Markdown is parsed and no
writer runs. `--explain` prints a plan and stops there."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from guidepress.build import catalogue
from guidepress.build.fingerprint import Inputs, code_hash, differences
from guidepress.build.report import Action
from guidepress.formats import Format
from guidepress.outdir.manifest import Manifest, OutputRecord, sha256_file
from guidepress.settings import Settings
from guidepress.terminal import display

NOT_BUILT = "not built before"
FORCED = "forced (--force)"


@dataclass(frozen=True)
class Stale:
    """A guide with at least one output to build, and why, by format (in build order)."""

    slug: str
    path: Path
    reasons: dict[str, tuple[str, ...]]


@dataclass
class Plan:
    stale: list[Stale] = field(default_factory=list)
    fresh: list[Action] = field(default_factory=list)
    gone: list[str] = field(default_factory=list)  # guides in the manifest, not in the source
    flagged: list[str] = field(default_factory=list)  # up to date, but warnings fail --strict
    catalogue: tuple[str, ...] = ()  # why the catalogue must be made again; () if current


def make_plan(paths: list[Path], formats: list[Format], manifest: Manifest, inputs: Inputs,
              settings: Settings, full: bool) -> Plan:
    """The plan for `paths` in `formats`; with `full`, guides no longer in the source folder
    are gone (a build of named guides leaves the others alone)."""
    plan = Plan()
    for path in paths:
        slug = path.stem
        reasons = {fmt.name: why_stale(slug, path, fmt, manifest, inputs, settings)
                   for fmt in formats}
        stale = {name: why for name, why in reasons.items() if why}
        if stale:
            plan.stale.append(Stale(slug, path, stale))
        plan.fresh.extend(Action(slug, fmt.name, display(settings.out_dir / fmt.output_path(slug)))
                          for fmt in formats if not reasons[fmt.name])
        record = manifest.guides.get(slug)
        if settings.strict and not stale and record is not None and record.warnings:
            plan.flagged.append(slug)
    if full:
        found = {path.stem for path in paths}
        plan.gone = sorted(slug for slug in manifest.guides if slug not in found)
    plan.catalogue = catalogue_reasons(manifest, inputs, settings)
    return plan


def why_stale(slug: str, path: Path, fmt: Format, manifest: Manifest, inputs: Inputs,
              settings: Settings) -> tuple[str, ...]:
    """Why the output of `slug` in `fmt` must be built again; empty when it is up to date."""
    guide = manifest.guides.get(slug)
    record = guide.outputs.get(fmt.name) if guide else None
    if record is None:
        return (NOT_BUILT,)
    images = [key.removeprefix("image:") for key in record.inputs if key.startswith("image:")]
    current = inputs.of(fmt, inputs.guide(path), images)
    reasons = differences(record.inputs, current, path, settings)
    if not record.skipped:
        reasons = reasons or output_problem(settings.out_dir / record.file, record)
    return reasons or ((FORCED,) if settings.force else ())


def output_problem(target: Path, record: OutputRecord) -> tuple[str, ...]:
    """Why the file on disk is not the one the manifest vouches for, if it is not."""
    try:
        stat = target.stat()
    except OSError:
        return (f"{display(target)} is missing",)
    if stat.st_size == record.size and (stat.st_mtime_ns == record.mtime_ns
                                        or sha256_file(target) == record.sha256):
        return ()
    return (f"{display(target)} was changed outside the build",)


def catalogue_inputs(manifest: Manifest, inputs: Inputs) -> dict[str, str]:
    return {"code": code_hash(),
            "listing": catalogue.fingerprint(catalogue.entries(manifest)),
            **inputs.templates(catalogue.TEMPLATES)}


def catalogue_reasons(manifest: Manifest, inputs: Inputs, settings: Settings
                      ) -> tuple[str, ...]:
    """Why `index.html` must be made again from `manifest`; empty when it is current."""
    record = manifest.catalogue
    if record is None:
        return (NOT_BUILT,)
    reasons = differences(record.inputs, catalogue_inputs(manifest, inputs),
                          settings.source_dir, settings)
    reasons = reasons or output_problem(settings.out_dir / record.file, record)
    return reasons or ((FORCED,) if settings.force else ())
