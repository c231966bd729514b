"""Step 2 of a build, for many guides: every guide is read, checked and rendered in a worker
process under the guide limits (`guidepress.contained`): a deadline on the whole of one guide,
enforced from outside the worker, and a memory cap. A guide whose worker ran over is that
guide's error; the others are built. Results come back in the order the jobs were given, so
messages are printed in a stable order."""

from __future__ import annotations

import functools
import importlib
from collections.abc import Callable, Collection, Iterator, Sequence

from guidepress import contained, fonts, formats, prestart
from guidepress.build import split
from guidepress.build.render import Job, Rendered, render
from guidepress.terminal import display

WORKER_BYTES = contained.WORKER_BYTES


def render_all(jobs: Sequence[Job], workers: int,
               on_done: Callable[[int], None] = lambda _: None) -> Iterator[Rendered]:
    """Results of `jobs`, in their order; a guide's formats are split among workers that
    would otherwise be idle (guidepress.build.split)."""
    weights = {fmt.name: fmt.weight for fmt in formats.registry()}
    return split.run(jobs, workers, weights, functools.partial(_render_all, workers=workers),
                     on_done)


def _render_all(jobs: Sequence[Job], on_done: Callable[[int], None], workers: int
                ) -> Iterator[Rendered]:
    """Results of `jobs`, in their order, each from a worker under the guide limits (a part
    of a guide that was split is a job of its own, with a deadline of its own)."""
    modules = preload(jobs)
    # The fork server loads what the formats want (WeasyPrint) once for every worker, and under
    # the shipped fonts only, since importing WeasyPrint sets up fontconfig (guidepress.fonts).
    warm_up(sorted({name for job in jobs for name in job.formats}))
    pool = contained.Pool(render, lost, workers, contained.GUIDE_LIMITS, _start_worker,
                          (modules,), (prestart.PRELOAD,), fonts.private_fontconfig)
    return pool.run(jobs, on_done)


def warm_up(names: Sequence[str]) -> None:
    """Start loading what rendering `names` formats needs, in the fork server, while the build
    works out its plan (a first build, --force) or waits for the first save (watch)."""
    prestart.start(names)


def lost(job: Job, reason: str) -> Rendered:
    """A guide whose worker was stopped: its error, and nothing of it published."""
    return Rendered(job.slug, exit_code=1, errors=[
        f"error: {display(job.path)}: building this guide {reason}",
        f"error: {job.slug}: nothing of it was published; its last good outputs stay (split it "
        "into several guides, or simplify its largest tables, lists or images)"])


def available_cpus() -> int:
    return contained.available_cpus()


def available_memory() -> int | None:
    return contained.available_memory()


def default_workers(cpus: int | None = None, memory: int | None = None) -> int:
    return contained.default_workers(cpus, memory)


def preload(jobs: Sequence[Job]) -> tuple[str, ...]:
    """The modules the formats of `jobs` want loaded before their first render."""
    return wanted({name for job in jobs for name in job.formats})


def wanted(names: Collection[str]) -> tuple[str, ...]:
    """The modules the formats called `names` want loaded, in registry order."""
    return tuple(dict.fromkeys(module for fmt in formats.registry() if fmt.name in names
                               for module in fmt.preload))


def _start_worker(modules: tuple[str, ...]) -> None:
    # A no-op for what the fork server loaded; a server started by an earlier run may not have.
    with fonts.private_fontconfig():
        for module in modules:
            importlib.import_module(module)
