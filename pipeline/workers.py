"""Rendering guides, in this process or in a pool of worker processes.

A worker reads one guide, builds its Document once (pandoc runs once for parsing), runs the
source checks on it, and renders the formats asked for into bytes. It writes nothing: the
parent writes every file, so a killed or interrupted worker can leave no half-made output.
Results come back in the order the jobs were given, so messages are printed in a stable order.
"""

from __future__ import annotations

import contextlib
import multiprocessing
import os
import signal
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, field
from pathlib import Path

import jinja2

from . import document as documents
from . import fonts, source
from .errors import ChecksFailed, GuidepressError, ToolError
from .findings import Finding
from .formats import FORMATS, RenderContext
from .manifest import sha256_bytes

# Each worker holds WeasyPrint (about 150 MB); more workers than this buy little on a laptop.
MAX_WORKERS = 2
# Jobs per task sent to a worker: enough to keep the pipes quiet, few enough to balance the end.
MAX_CHUNK = 4


@dataclass(frozen=True)
class Job:
    slug: str
    path: Path
    formats: tuple[str, ...]
    paper: str
    templates_dir: Path
    strict: bool = False


@dataclass
class Rendered:
    """One guide's new outputs, or why it has none."""

    slug: str
    files: dict[str, bytes] = field(default_factory=dict)
    source_digest: str = ""
    images: dict[str, str] = field(default_factory=dict)  # relative path -> sha256
    meta: dict[str, str] = field(default_factory=dict)
    warnings: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    exit_code: int = 0

    @property
    def ok(self) -> bool:
        return not self.errors


def run_checks(document: documents.Document) -> list[Finding]:
    """The source checks, run on the Document the writers use (so pandoc parses once)."""
    from . import checks  # imported where guides are rendered, never on a no-op build

    return checks.run(document)


def render(job: Job) -> Rendered:
    """Read, check and render one guide; a guide that fails at any step has no files."""
    try:
        guide = source.load(job.path)
        document = documents.build(guide)
    except GuidepressError as error:
        return Rendered(job.slug, errors=[f"error: {error}"], exit_code=error.exit_code)
    findings = run_checks(document)
    failing = [f for f in findings if f.severity == "error" or job.strict]
    warnings = [f.text() for f in findings if f not in failing]
    if failing:
        failed = ChecksFailed(f"{job.slug}: {_count(failing)} in the source checks",
                              "nothing of it was published; its last good outputs stay")
        return Rendered(job.slug, warnings=warnings, exit_code=failed.exit_code,
                        errors=[*(f.text() for f in failing), f"error: {failed}"])
    try:
        context = RenderContext(templates_dir=job.templates_dir, paper=job.paper)
        files = {name: FORMATS[name].render(document, context) for name in job.formats}
    except GuidepressError as error:  # a tool's message does not say which guide it was
        return Rendered(job.slug, warnings=warnings, errors=[f"error: {guide.display_path}: "
                                                             f"{error}"],
                        exit_code=error.exit_code)
    except (jinja2.TemplateError, OSError) as error:
        return Rendered(job.slug, warnings=warnings, errors=[f"error: {template_error(error)}"],
                        exit_code=1)
    return Rendered(job.slug, files, guide.digest, _images(document), _meta(guide),
                    warnings=warnings)


def template_error(error: jinja2.TemplateError | OSError) -> str:
    """A broken or missing template, said the way a source error is: where, then what."""
    if isinstance(error, jinja2.TemplateSyntaxError):
        where = source.display(Path(error.filename or error.name or "template"))
        return f"{where}:{error.lineno}: template error: {error.message}"
    if isinstance(error, jinja2.TemplateNotFound):
        return f"the template {error.name} is missing"
    if isinstance(error, jinja2.TemplateError):
        return f"template error: {error.message}"
    return f"cannot read {source.display(Path(str(error.filename)))}: {error.strerror}"


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


def render_all(jobs: Sequence[Job], workers: int,
               on_done: Callable[[int], None] = lambda _: None) -> Iterator[Rendered]:
    """Results of `jobs`, in their order; one job, or one worker, runs in this process."""
    if len(jobs) <= 1 or workers <= 1:
        for done, job in enumerate(jobs, start=1):
            yield render(job)
            on_done(done)
        return
    done = 0
    with _pool(min(workers, len(jobs)), needs_pdf=any("pdf" in j.formats for j in jobs)) as pool:
        try:
            for results in pool.map(render_chunk, chunks(jobs, workers)):
                yield from results
                done += len(results)
                on_done(done)
        except BrokenProcessPool:
            raise ToolError("a worker process stopped while rendering (out of memory?)",
                            "the outputs written so far are complete; build again") from None


def render_chunk(jobs: list[Job]) -> list[Rendered]:
    return [render(job) for job in jobs]


def chunks(jobs: Sequence[Job], workers: int) -> list[list[Job]]:
    size = max(1, min(MAX_CHUNK, len(jobs) // (workers * 8)))
    return [list(jobs[start:start + size]) for start in range(0, len(jobs), size)]


def available_cpus() -> int:
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1


def default_workers() -> int:
    return max(1, min(available_cpus(), MAX_WORKERS))


@contextlib.contextmanager
def _pool(workers: int, needs_pdf: bool) -> Iterator[ProcessPoolExecutor]:
    # A fork server: workers never inherit threads (watch mode runs one) or the lock file.
    context = multiprocessing.get_context("forkserver")
    context.set_forkserver_preload([__name__])
    pool = ProcessPoolExecutor(workers, mp_context=context, initializer=_start_worker,
                               initargs=(needs_pdf, os.getcwd()))
    try:
        yield pool
    except BaseException:
        _stop(pool)
        raise
    pool.shutdown()


def _start_worker(needs_pdf: bool, folder: str) -> None:
    # Ctrl-C goes to the parent, which stops the workers itself.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    # Relative paths, in jobs and in messages, mean what they mean to the parent.
    os.chdir(folder)
    if needs_pdf:
        # Imported once per worker, not once per guide; under the shipped fonts only, since
        # importing it loads fontconfig (see pipeline.fonts).
        with fonts.private_fontconfig():
            import weasyprint  # noqa: F401


def _stop(pool: ProcessPoolExecutor) -> None:
    """Stop at once: drop queued work and end the workers this process started."""
    pool.shutdown(wait=False, cancel_futures=True)
    for child in multiprocessing.active_children():
        child.terminate()
    for child in multiprocessing.active_children():
        child.join(timeout=5)
