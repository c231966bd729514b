"""Step 2 of a build, for one guide, in whichever process runs it: read the guide, build its
Document once (pandoc parses once), run the source checks on it, and render the formats asked
for into bytes. Nothing is written here: the publish step writes every file, so a render that
fails or is killed can leave no half-made output."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import jinja2

from guidepress import formats
from guidepress.checks.findings import Finding
from guidepress.errors import ChecksFailed, GuidepressError
from guidepress.formats import RenderContext
from guidepress.outdir.manifest import sha256_bytes
from guidepress.read import document as documents
from guidepress.read import source
from guidepress.settings import Settings
from guidepress.terminal import display


@dataclass(frozen=True)
class Job:
    slug: str
    path: Path
    formats: tuple[str, ...]
    settings: Settings
    # False for the second and later parts of a split guide (guidepress.build.split): the
    # first part runs the source checks and gathers the facts for all of them.
    checks: bool = True


@dataclass
class Rendered:
    """One guide's new outputs, or why it has none."""

    slug: str
    files: dict[str, bytes] = field(default_factory=dict)
    source_digest: str = ""
    images: dict[str, str] = field(default_factory=dict)  # relative path -> sha256
    skipped: dict[str, str] = field(default_factory=dict)  # format -> why it has no file
    meta: dict[str, str] = field(default_factory=dict)
    facts: dict[str, Any] = field(default_factory=dict)  # what the outputs must show
    warnings: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    exit_code: int = 0

    @property
    def ok(self) -> bool:
        return not self.errors


def run_checks(document: documents.Document) -> list[Finding]:
    """The source checks, run on the Document the writers use (so pandoc parses once)."""
    from guidepress.checks import apply  # loaded to render, never on a no-op build

    return apply.run(document)


def render(job: Job) -> Rendered:
    """Read, check and render one guide; a guide that fails at any step has no files."""
    try:
        guide = source.load(job.path)
        document = documents.build(guide)
    except GuidepressError as error:
        return Rendered(job.slug, errors=[f"error: {error}"], exit_code=error.exit_code)
    findings = run_checks(document) if job.checks else []
    failing = [f for f in findings if f.severity == "error" or job.settings.strict]
    warnings = [f.text() for f in findings if f not in failing]
    if failing:
        failed = ChecksFailed(f"{job.slug}: {_count(failing)} in the source checks",
                              "nothing of it was published; its last good outputs stay")
        return Rendered(job.slug, warnings=warnings, exit_code=failed.exit_code,
                        errors=[*(f.text() for f in failing), f"error: {failed}"])
    try:
        context = RenderContext(job.settings)
        chosen = [formats.registry()[name] for name in job.formats]
        skipped = {fmt.name: reason for fmt in chosen
                   if (reason := fmt.skip_reason(document)) is not None}
        files = {fmt.name: fmt.render(document, context) for fmt in chosen
                 if fmt.name not in skipped}
    except GuidepressError as error:  # a tool's message does not say which guide it was
        return Rendered(job.slug, warnings=warnings,
                        errors=[f"error: {guide.display_path}: {error}"],
                        exit_code=error.exit_code)
    except (jinja2.TemplateError, OSError) as error:
        return Rendered(job.slug, warnings=warnings, errors=[f"error: {template_error(error)}"],
                        exit_code=1)
    return Rendered(job.slug, files, guide.digest, _images(document), skipped, _meta(guide),
                    _facts(document) if job.checks else {}, warnings=warnings)


def template_error(error: jinja2.TemplateError | OSError) -> str:
    """A broken or missing template, said the way a source error is: where, then what."""
    if isinstance(error, jinja2.TemplateSyntaxError):
        where = display(Path(error.filename or error.name or "template"))
        return f"{where}:{error.lineno}: template error: {error.message}"
    if isinstance(error, jinja2.TemplateNotFound):
        return f"the template {error.name} is missing"
    if isinstance(error, jinja2.TemplateError):
        return f"template error: {error.message}"
    return f"cannot read {display(Path(str(error.filename)))}: {error.strerror}"


def _count(findings: list[Finding]) -> str:
    return f"{len(findings)} finding" + ("" if len(findings) == 1 else "s")


def _images(document: documents.Document) -> dict[str, str]:
    root = document.guide.source_root.resolve()
    return {image.asset.path.relative_to(root).as_posix(): sha256_bytes(image.asset.data)
            for image in document.images}


def _meta(guide: source.Guide) -> dict[str, str]:
    meta = guide.meta
    return {"title": meta.title, "subtitle": meta.subtitle, "description": meta.description,
            "updated": meta.updated.isoformat(), "lang": meta.lang}


def _facts(document: documents.Document) -> dict[str, Any]:
    from guidepress.validate import expect

    return expect.expected(document).to_json()
