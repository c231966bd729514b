"""Step 2 of a build, for many guides: the jobs run in this process when there is one, else in
a pool of worker processes, and their results come back in the order the jobs were given, so
messages are printed in a stable order."""

from __future__ import annotations

import contextlib
import functools
import importlib
import multiprocessing
import os
import signal
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool

from guidepress import fonts, formats
from guidepress.build import split
from guidepress.build.render import Job, Rendered, render
from guidepress.errors import ToolError

# What one worker holds at most while it renders a guide of the largest size the limits allow:
# WeasyPrint and its layouts, pandoc's output, fonts (measured by `make bench`).
WORKER_BYTES = 300 * 1024 * 1024
# Jobs per task sent to a worker: enough to keep the pipes quiet, few enough to balance the end.
MAX_CHUNK = 4


def render_all(jobs: Sequence[Job], workers: int,
               on_done: Callable[[int], None] = lambda _: None) -> Iterator[Rendered]:
    """Results of `jobs`, in their order; a guide's formats are split among workers that
    would otherwise be idle (guidepress.build.split)."""
    weights = {fmt.name: fmt.weight for fmt in formats.registry()}
    return split.run(jobs, workers, weights, functools.partial(_render_all, workers=workers),
                     on_done)


def _render_all(jobs: Sequence[Job], on_done: Callable[[int], None], workers: int
                ) -> Iterator[Rendered]:
    """Results of `jobs`, in their order; one job, or one worker, runs in this process."""
    if len(jobs) <= 1 or workers <= 1:
        for done, job in enumerate(jobs, start=1):
            yield render(job)
            on_done(done)
        return
    done = 0
    with _pool(min(workers, len(jobs)), preload(jobs)) as pool:
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


def available_memory() -> int | None:
    """Bytes of memory the machine can give without swapping, when it says (Linux)."""
    try:
        with open("/proc/meminfo", encoding="ascii") as info:
            for line in info:
                if line.startswith("MemAvailable:"):
                    return int(line.split()[1]) * 1024
    except (OSError, ValueError, IndexError):
        return None
    return None


def default_workers(cpus: int | None = None, memory: int | None = None) -> int:
    """One worker per core the process may use, as many as the free memory holds."""
    cpus = cpus if cpus is not None else available_cpus()
    memory = memory if memory is not None else available_memory()
    fits = memory // WORKER_BYTES if memory is not None else cpus
    return max(1, min(cpus, fits))


@contextlib.contextmanager
def _pool(workers: int, modules: tuple[str, ...]) -> Iterator[ProcessPoolExecutor]:
    # A fork server: workers never inherit threads (watch mode runs one) or the lock file.
    context = multiprocessing.get_context("forkserver")
    context.set_forkserver_preload([__name__])
    pool = ProcessPoolExecutor(workers, mp_context=context, initializer=_start_worker,
                               initargs=(modules, os.getcwd()))
    try:
        yield pool
    except BaseException:
        _stop(pool)
        raise
    pool.shutdown()


def preload(jobs: Sequence[Job]) -> tuple[str, ...]:
    """The modules the formats of `jobs` want loaded before their first render."""
    registry = formats.registry()
    names = {name for job in jobs for name in job.formats}
    return tuple(dict.fromkeys(module for fmt in registry if fmt.name in names
                               for module in fmt.preload))


def _start_worker(modules: tuple[str, ...], folder: str) -> None:
    # Ctrl-C goes to the parent, which stops the workers itself.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    # Relative paths, in jobs and in messages, mean what they mean to the parent.
    os.chdir(folder)
    # Once per worker, not once per guide; under the shipped fonts only, since importing
    # WeasyPrint sets up fontconfig (see guidepress.fonts).
    with fonts.private_fontconfig():
        for module in modules:
            importlib.import_module(module)


def _stop(pool: ProcessPoolExecutor) -> None:
    """Stop at once: drop queued work and end the workers this process started."""
    pool.shutdown(wait=False, cancel_futures=True)
    for child in multiprocessing.active_children():
        child.terminate()
    for child in multiprocessing.active_children():
        child.join(timeout=5)
