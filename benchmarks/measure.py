"""Timing and memory of whole commands: wall-clock seconds and the peak memory of the command's
process group (the command, its worker processes and the tools they start).

Memory is the group's proportional set size (PSS): a page that several processes share, such
as what the fork server loaded before forking its workers, is split among them rather than
counted once for each, so the figure is what the machine actually gives the command. Where the
kernel does not report PSS, resident size is summed instead (an overcount)."""

from __future__ import annotations

import os
import statistics
import subprocess
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

PAGE = os.sysconf("SC_PAGE_SIZE")
POLL_SECONDS = 0.1


@dataclass(frozen=True)
class Sample:
    seconds: float
    peak_bytes: int


@dataclass(frozen=True)
class Stats:
    median: float
    low: float
    high: float
    peak_mb: float
    runs: int

    @classmethod
    def of(cls, samples: list[Sample]) -> Stats:
        times = [s.seconds for s in samples]
        return cls(statistics.median(times), min(times), max(times),
                   max(s.peak_bytes for s in samples) / 1e6, len(samples))


def group_memory(group: int) -> int:
    """Bytes of memory held by every process in process group `group` (PSS, see the module)."""
    total = 0
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
            if int(fields[2]) == group:
                total += process_memory(entry)
        except (OSError, IndexError, ValueError):
            continue
    return total


def process_memory(entry: Path) -> int:
    """One process's PSS in bytes, or its resident size where PSS is not reported."""
    try:
        for line in (entry / "smaps_rollup").read_text().splitlines():
            if line.startswith("Pss:"):
                return int(line.split()[1]) * 1024
    except OSError:
        pass
    return int((entry / "statm").read_text().split()[1]) * PAGE


def timed(args: list[str], cwd: Path | None = None, env: dict[str, str] | None = None) -> Sample:
    """Run `args` once; fail loudly if it fails. Memory is sampled every POLL_SECONDS: reading
    every process's PSS costs the kernel a walk of its pages, and sampled every 10 ms it took
    a fifth of a core from the command it measured."""
    with tempfile.TemporaryFile() as errors:
        started = time.perf_counter()
        process = subprocess.Popen(args, cwd=cwd, env=env, stdout=subprocess.DEVNULL,
                                   stderr=errors, start_new_session=True)
        peak = 0
        while True:
            peak = max(peak, group_memory(process.pid))
            try:
                process.wait(timeout=POLL_SECONDS)  # returns as soon as the command ends
                break
            except subprocess.TimeoutExpired:
                continue
        seconds = time.perf_counter() - started
        if process.returncode != 0:
            errors.seek(0)
            raise SystemExit(f"{' '.join(args)} failed ({process.returncode}): "
                             f"{errors.read().decode(errors='replace')}")
    return Sample(seconds, peak)


def repeat(run: Callable[[int], Sample], runs: int, warmup: int = 1) -> Stats:
    """`run(i)` `warmup` times unmeasured, then `runs` times measured."""
    for index in range(warmup):
        run(-1 - index)
    return Stats.of([run(index) for index in range(runs)])


def alternate(first: Callable[[int], Sample], second: Callable[[int], Sample], runs: int,
              warmup: int = 1) -> tuple[Stats, Stats]:
    """Like `repeat` for two commands, taking turns, so that a change in the machine's load
    weighs on both alike."""
    for index in range(warmup):
        first(-1 - index)
        second(-1 - index)
    pairs = [(first(index), second(index)) for index in range(runs)]
    return Stats.of([a for a, _ in pairs]), Stats.of([b for _, b in pairs])
