"""Work on untrusted input in worker processes that this process can stop.

Each item (one guide) gets a wall-clock deadline that this process, the parent, enforces from
outside: a worker that runs past it is killed with every process it started (pandoc, a
WeasyPrint child) and replaced, whatever the worker was doing, so nothing inside a library can
swallow the limit. Each worker caps its own address space when it starts (RLIMIT_AS), so a
runaway decoder or layout fails with MemoryError, or dies, instead of taking the machine's
memory; the caps are inherited by the tools it runs. An item whose worker was killed or died
gets the caller's `lost` result with the reason; the other items go on.

Workers are forked from a fork server that has imported the modules the work needs, so a worker
costs a fork, not an interpreter start (the server lives as long as this process: a watch pays
for it once); they never inherit this process's threads or files.
"""

from __future__ import annotations

import collections
import contextlib
import multiprocessing
import os
import resource
import signal
import time
import traceback
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from multiprocessing import forkserver
from multiprocessing.connection import Connection, wait
from typing import Any, Generic, TypeVar

T = TypeVar("T")
R = TypeVar("R")

# What one worker holds at most while it renders a guide of the largest size the limits allow:
# WeasyPrint and its layouts, pandoc's output, fonts (measured by `make bench`).
WORKER_BYTES = 300 * 1024 * 1024
_in_worker = False


@dataclass(frozen=True)
class Limits:
    """What one item may take: seconds of wall-clock time, bytes of address space."""

    seconds: float
    memory_bytes: int

    def describe_memory(self) -> str:
        return f"{self.memory_bytes / (1 << 30):g} GiB"


# The input limits are meant to keep every guide well inside these; docs/security.md gives
# what the worst guides within them were measured to take.
GUIDE_LIMITS = Limits(seconds=120, memory_bytes=3 << 30)


def start_server(preload: tuple[str, ...],
                 starting: Callable[[], contextlib.AbstractContextManager[Any]] = (
                     contextlib.nullcontext)) -> None:
    """Start the fork server now, so that it loads `preload` while this process goes on with
    other work; the first worker then costs only a fork. A no-op once it runs."""
    multiprocessing.get_context("forkserver").set_forkserver_preload([__name__, *preload])
    with starting():
        forkserver.ensure_running()


def in_worker() -> bool:
    """True inside a worker of this module (its deadline and memory cap apply)."""
    return _in_worker


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


@dataclass(frozen=True)
class Pool(Generic[T, R]):
    """How to run items: `task(item)` in a worker, started by `setup(*setup_args)`;
    `lost(item, reason)` stands in for the result of an item whose worker did not answer."""

    task: Callable[[T], R]
    lost: Callable[[T, str], R]
    workers: int
    limits: Limits = GUIDE_LIMITS
    setup: Callable[..., None] | None = None
    setup_args: tuple[Any, ...] = ()
    preload: tuple[str, ...] = ()  # modules the fork server imports once for every worker
    # The environment the fork server starts in (and so every worker's), as a context.
    starting: Callable[[], contextlib.AbstractContextManager[Any]] = contextlib.nullcontext

    def run(self, items: Sequence[T], on_done: Callable[[int], None] = lambda _: None
            ) -> Iterator[R]:
        """The results of `items`, in their order."""
        if not items:
            return
        crew = _Crew(self, min(self.workers, len(items)))
        try:
            yield from crew.results(items, on_done)
        finally:
            crew.close()


class _Worker:
    def __init__(self, pool: Pool[Any, Any]) -> None:
        context = multiprocessing.get_context("forkserver")
        context.set_forkserver_preload([__name__, *pool.preload])
        self.connection, theirs = context.Pipe()
        self.process = context.Process(
            target=_serve, daemon=True,
            args=(theirs, pool.task, pool.limits.memory_bytes, pool.setup, pool.setup_args,
                  os.getcwd()))
        with pool.starting():
            self.process.start()
        theirs.close()
        self.index = -1  # the item it works on, -1 when idle
        self.deadline = 0.0

    def give(self, index: int, item: Any, seconds: float) -> None:
        # A new worker still loads what it needs; its item's time starts when it is ready (see
        # _Crew._answer), and until then the same time is allowed for starting.
        self.index, self.deadline = index, time.monotonic() + seconds
        self.connection.send(item)

    def stop(self) -> None:
        if self.process.pid is not None:
            kill_tree(self.process.pid)
        self.process.join()
        self.connection.close()


class _Crew:
    """The workers of one run, and the items they hold."""

    def __init__(self, pool: Pool[Any, Any], size: int) -> None:
        self.pool, self.size = pool, size
        self.idle: list[_Worker] = []
        self.busy: list[_Worker] = []

    def results(self, items: Sequence[Any], on_done: Callable[[int], None]) -> Iterator[Any]:
        waiting = collections.deque(enumerate(items))
        done: dict[int, Any] = {}
        shown = 0
        while shown < len(items):
            while waiting and (self.idle or len(self.busy) < self.size):
                index, item = waiting.popleft()
                worker = self.idle.pop() if self.idle else _Worker(self.pool)
                worker.give(index, item, self.pool.limits.seconds)
                self.busy.append(worker)
            for index, result in self._collect(items):
                done[index] = result
                on_done(len(done))
            while shown in done:
                yield done.pop(shown)
                shown += 1

    def _collect(self, items: Sequence[Any]) -> Iterator[tuple[int, Any]]:
        """Wait for an answer or the nearest deadline; what finished or was stopped."""
        timeout = max(0.0, min(w.deadline for w in self.busy) - time.monotonic())
        ready = set(wait([w.connection for w in self.busy], timeout))
        for worker in list(self.busy):
            if worker.connection in ready:
                answer = self._answer(worker, items[worker.index])
                if answer is not _READY:
                    yield worker.index, answer
            elif time.monotonic() >= worker.deadline:
                self._drop(worker)
                seconds = self.pool.limits.seconds
                yield worker.index, self.pool.lost(
                    items[worker.index], f"took longer than {seconds:g} s and was stopped")

    def _answer(self, worker: _Worker, item: Any) -> Any:
        try:
            kind, value = worker.connection.recv()
        except (EOFError, OSError):
            self._drop(worker)
            return self.pool.lost(item, _death(worker.process.exitcode, self.pool.limits))
        if kind == "ready":
            worker.deadline = time.monotonic() + self.pool.limits.seconds
            return _READY
        self.busy.remove(worker)
        if kind == "done":
            self.idle.append(worker)
            return value
        worker.stop()  # after MemoryError or a crash its state is not to be trusted
        if kind == "memory":
            return self.pool.lost(item, f"needed more than {self.pool.limits.describe_memory()} "
                                  "of memory and was stopped")
        return self.pool.lost(item, f"failed inside guidepress ({value})")

    def _drop(self, worker: _Worker) -> None:
        self.busy.remove(worker)
        worker.stop()

    def close(self) -> None:
        for worker in self.idle:
            with contextlib.suppress(OSError):
                worker.connection.send(None)
        for worker in self.idle:
            worker.process.join(timeout=5)
        for worker in [*self.idle, *self.busy]:
            if worker.process.is_alive():
                worker.stop()
            worker.connection.close()
        self.idle, self.busy = [], []


_READY = object()  # a worker said it has started; no result yet


def _death(code: int | None, limits: Limits) -> str:
    if code is not None and code < 0:
        try:
            name = signal.Signals(-code).name
        except ValueError:
            name = f"signal {-code}"
        return (f"stopped with {name} (it may have needed more than "
                f"{limits.describe_memory()} of memory)")
    return f"stopped unexpectedly (exit status {code})"


def _serve(connection: Connection, task: Callable[[Any], Any], memory_bytes: int,
           setup: Callable[..., None] | None, setup_args: tuple[Any, ...], folder: str) -> None:
    """A worker's whole life: items in, results out, until the parent sends None or goes."""
    global _in_worker
    _in_worker = True
    resource.setrlimit(resource.RLIMIT_AS, (memory_bytes, memory_bytes))
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C goes to the parent, which stops us
    os.chdir(folder)  # relative paths, in items and in messages, mean what they mean there
    if setup is not None:
        setup(*setup_args)
    connection.send(("ready", None))
    while True:
        try:
            item = connection.recv()
        except (EOFError, OSError):
            return
        if item is None:
            return
        try:
            connection.send(("done", task(item)))
        except MemoryError:
            connection.send(("memory", None))
            return
        except Exception as error:  # one item's bug must not stop the others
            frame = traceback.extract_tb(error.__traceback__)[-1]
            where = f"{os.path.basename(frame.filename)}:{frame.lineno}"
            connection.send(("failed", f"{type(error).__name__} at {where}: {error}"[:300]))
            return


def kill_tree(pid: int) -> None:
    """SIGKILL `pid` and every process under it. The tools a worker runs sit in sessions of
    their own, so no process group holds them all: each process is stopped first, so that
    none can start another or leave its parent while the tree is read."""
    found: list[int] = []
    frontier = [pid]
    while frontier:
        for member in frontier:
            with contextlib.suppress(ProcessLookupError, PermissionError):
                os.kill(member, signal.SIGSTOP)
        found.extend(frontier)
        frontier = [child for child in _children(set(frontier)) if child not in found]
    for member in found:
        with contextlib.suppress(ProcessLookupError, PermissionError):
            os.kill(member, signal.SIGKILL)


def _children(parents: set[int]) -> list[int]:
    found = []
    for entry in os.scandir("/proc"):
        if not entry.name.isdigit():
            continue
        try:
            with open(f"/proc/{entry.name}/stat", "rb") as stream:
                fields = stream.read().rsplit(b")", 1)[1].split()
        except (OSError, IndexError):
            continue
        if len(fields) > 1 and int(fields[1]) in parents:
            found.append(int(entry.name))
    return found
