"""How many workers a build starts when not told: one per core, as many as memory holds."""

from __future__ import annotations

from guidepress.build import workers

GIB = 1024 ** 3


def test_one_worker_per_core_when_memory_is_plenty() -> None:
    assert workers.default_workers(cpus=2, memory=24 * GIB) == 2
    assert workers.default_workers(cpus=16, memory=64 * GIB) == 16


def test_memory_caps_the_workers_and_one_always_runs() -> None:
    assert workers.default_workers(cpus=16, memory=workers.WORKER_BYTES * 3) == 3
    assert workers.default_workers(cpus=8, memory=workers.WORKER_BYTES // 2) == 1


def test_this_machine_is_read_not_assumed() -> None:
    assert workers.default_workers() == max(1, min(
        workers.available_cpus(),
        (workers.available_memory() or 10 ** 15) // workers.WORKER_BYTES))
