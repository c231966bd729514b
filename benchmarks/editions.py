"""Each edition's share of a build: one guide read, checked and rendered into every format in
this process, the time of each step measured `runs` times after one warm-up (which loads the
libraries and fonts), as a build's worker does it.

Usage: python benchmarks/editions.py GUIDE [RUNS]   (prints one JSON object: step -> median s)
"""

from __future__ import annotations

import functools
import json
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from guidepress import contained, formats
from guidepress.build.render import run_checks
from guidepress.formats import RenderContext
from guidepress.read import document, source
from guidepress.settings import Settings


def steps(path: Path) -> dict[str, Callable[[], Any]]:
    guide = source.load(path)
    built = document.build(guide)
    context = RenderContext(Settings(source_dir=path.parent))
    found: dict[str, Callable[[], Any]] = {
        "read and model": lambda: document.build(source.load(path)),
        "source checks": lambda: run_checks(built),
    }
    for fmt in formats.registry():
        if fmt.skip_reason(built) is None:
            found[fmt.name] = functools.partial(fmt.render, built, context)
    return found


def measure(path: Path, runs: int) -> dict[str, float]:
    # Render here, as a build's worker does (a worker's limits are enforced from outside it);
    # anywhere else the PDF editions render in a child process, which is not what a build pays.
    contained._in_worker = True
    times: dict[str, list[float]] = {}
    for index in range(runs + 1):
        for name, step in steps(path).items():
            started = time.perf_counter()
            step()
            if index:  # the first round is the warm-up
                times.setdefault(name, []).append(time.perf_counter() - started)
    return {name: statistics.median(seconds) for name, seconds in times.items()}


if __name__ == "__main__":
    print(json.dumps(measure(Path(sys.argv[1]), int(sys.argv[2]) if len(sys.argv) > 2 else 3)))
