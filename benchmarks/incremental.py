"""Cold build, no-op rebuild and one-guide edit, timed through the real `guidepress` command.

For each N, N guides are generated (benchmarks/generate.py) into a temporary folder, then:
  cold      `guidepress build` into an empty output folder
  no-op     the same command again (best of 3)
  one edit  one guide's text changed, then the command again
Each figure is the wall-clock time of the whole command, start-up included, with the peak
memory of its process group (the build, the fork server and the workers) summed.

Usage: python benchmarks/incremental.py [N ...]        (default: 1 50)
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from generate import generate, slug

GUIDEPRESS = Path(sys.executable).parent / "guidepress"
PAGE = os.sysconf("SC_PAGE_SIZE")


def group_rss(group: int) -> int:
    """Resident bytes of every process in process group `group`."""
    total = 0
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
            if int(fields[2]) == group:
                total += int((entry / "statm").read_text().split()[1]) * PAGE
        except (OSError, IndexError, ValueError):
            continue
    return total


def timed(args: list[str], cwd: Path) -> tuple[float, int]:
    """Seconds the command took, and the peak memory of its process group."""
    started = time.perf_counter()
    process = subprocess.Popen(args, cwd=cwd, stdout=subprocess.DEVNULL,
                               stderr=subprocess.PIPE, start_new_session=True)
    peak = 0
    while process.poll() is None:
        peak = max(peak, group_rss(process.pid))
        time.sleep(0.02)
    seconds = time.perf_counter() - started
    if process.returncode != 0:
        _, errors = process.communicate()
        raise SystemExit(f"{' '.join(args)} failed: {errors.decode()}")
    return seconds, peak


def measure(count: int) -> dict[str, tuple[float, int]]:
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder)
        generate(count, root)
        command = [str(GUIDEPRESS), "build", "--quiet"]
        figures = {"cold": timed(command, root)}
        figures["no-op"] = min(timed(command, root) for _ in range(3))
        edited = root / "source" / f"{slug(max(1, count // 2))}.md"
        edited.write_text(edited.read_text(encoding="utf-8") + "\nOne more sentence.\n",
                          encoding="utf-8")
        figures["one edit"] = timed(command, root)
        return figures


def main(counts: list[int]) -> None:
    print(f"{'guides':>6}  {'case':<9} {'seconds':>8} {'per guide':>10} {'peak MB':>8}")
    for count in counts:
        for case, (seconds, peak) in measure(count).items():
            print(f"{count:>6}  {case:<9} {seconds:>8.2f} {seconds / count:>10.3f} "
                  f"{peak / 1e6:>8.0f}")


if __name__ == "__main__":
    main([int(arg) for arg in sys.argv[1:]] or [1, 50])
