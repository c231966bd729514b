"""`make bench`: how fast the pipeline is against the floor of its own tools.

Every figure is the wall-clock time of a whole command (start-up included) as the median of
several runs after a warm-up, with min and max, and the peak resident memory of the command's
process group. Ratios compare figures measured in this same run. Results go to BENCHMARKS.md.

Usage: python benchmarks/run.py [--runs N] [--sizes 1,10,50,200] [--only NAME ...]
"""

from __future__ import annotations

import argparse
import datetime as dt
import importlib.metadata
import os
import platform
import shutil
import sys
import tempfile
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from generate import generate, slug
from measure import Sample, Stats, repeat, timed

ROOT = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent
GUIDEPRESS = str(BIN / "guidepress")
PYTHON = sys.executable
HERE = "benchmarks"


@dataclass
class Row:
    name: str
    what: str
    stats: Stats
    guides: int
    command: str
    note: str = ""


@dataclass
class Results:
    rows: dict[str, Row] = field(default_factory=dict)
    verdicts: list[tuple[str, str, bool]] = field(default_factory=list)

    def add(self, row: Row) -> Row:
        self.rows[row.name] = row
        print(f"{row.name:<24} {row.stats.median:8.2f} s  (min {row.stats.low:.2f}, "
              f"max {row.stats.high:.2f}, {row.stats.peak_mb:.0f} MB)", flush=True)
        return row

    def target(self, text: str, figure: str, met: bool) -> None:
        self.verdicts.append((text, figure, met))
        print(f"  target {'met' if met else 'MISSED'}: {text}: {figure}", flush=True)


def env() -> dict[str, str]:
    return {**os.environ, "PATH": f"{BIN}:{os.environ.get('PATH', '')}"}


def build(source: Path, out: Path, *extra: str) -> list[str]:
    return [GUIDEPRESS, "build", "--quiet", "--source", str(source), "--out", str(out), *extra]


def fresh(base: Path, name: str) -> Callable[[int], Path]:
    """A new, empty output folder for each run."""
    def folder(index: int) -> Path:
        path = base / f"{name}-{index + 100}"
        shutil.rmtree(path, ignore_errors=True)
        return path
    return folder


def cold_build(results: Results, work: Path, source: Path, guides: int, runs: int,
               name: str, jobs: int | None = None) -> Row:
    out = fresh(work, name)
    extra = ("--jobs", str(jobs)) if jobs else ()
    stats = repeat(lambda i: timed(build(source, out(i), *extra), env=env()), runs)
    command = "guidepress build --source SRC --out EMPTY_DIR" + (f" --jobs {jobs}" if jobs else "")
    what = f"cold build, {guides} guide{'s' if guides > 1 else ''}, all formats"
    if jobs:
        what += f", {jobs} worker{'s' if jobs > 1 else ''}"
    return results.add(Row(name, what, stats, guides, command))


def floor(results: Results, work: Path, source: Path, guides: int, runs: int, name: str) -> Row:
    out = fresh(work, name)
    stats = repeat(lambda i: timed([PYTHON, str(ROOT / HERE / "floor.py"), str(source),
                                    str(out(i))], env=env()), runs)
    return results.add(Row(name, f"floor: pandoc + WeasyPrint called directly, {guides} "
                           "guide(s), one process, serial", stats, guides,
                           "python benchmarks/floor.py SRC EMPTY_DIR"))


def shell_chain(results: Results, work: Path, source: Path, guides: int, runs: int,
                name: str) -> Row:
    out = fresh(work, name)
    stats = repeat(lambda i: timed(["bash", str(ROOT / HERE / "shell_chain.sh"), str(source),
                                    str(out(i))], env=env()), runs)
    return results.add(Row(name, f"shell chain of pandoc and weasyprint commands, {guides} "
                           "guide(s)", stats, guides,
                           "bash benchmarks/shell_chain.sh SRC EMPTY_DIR"))


def single_guide(results: Results, work: Path, runs: int) -> None:
    source = ROOT / "source"
    pipeline = cold_build(results, work, source, 1, runs, "cold-1")
    base = floor(results, work, source, 1, runs, "floor-1")
    chain = shell_chain(results, work, source, 1, runs, "shell-1")
    ratio = pipeline.stats.median / base.stats.median
    results.target("cold build of one guide within 1.5x the floor",
                   f"{ratio:.2f}x ({pipeline.stats.median:.2f} s / {base.stats.median:.2f} s)",
                   ratio <= 1.5)
    print(f"  pipeline / shell chain, 1 guide: {pipeline.stats.median / chain.stats.median:.2f}x")


def rebuilds(results: Results, work: Path, runs: int) -> None:
    """No-op, one-guide edit and shared-template edit, on a built folder."""
    source = ROOT / "source"
    out = work / "noop-1"
    timed(build(source, out), env=env())
    noop = results.add(Row("noop-1", "no-op rebuild, 1 guide",
                           repeat(lambda i: timed(build(source, out), env=env()), runs), 1,
                           "guidepress build (again, nothing changed)"))
    results.target("no-op rebuild under 0.5 s for 1 guide", f"{noop.stats.median:.2f} s",
                   noop.stats.median < 0.5)
    templates = work / "templates"
    shutil.copytree(ROOT / "templates", templates, dirs_exist_ok=True)
    css = templates / "html" / "page.css"
    original = css.read_text(encoding="utf-8")

    def template_edit(index: int) -> Sample:
        css.write_text(f"{original}\n/* edit {index} */\n", encoding="utf-8")
        return timed(build(source, out, "--templates", str(templates)), env=env())

    timed(build(source, out, "--templates", str(templates)), env=env())
    results.add(Row("template-edit-1", "shared-template edit (html/page.css), 1 guide",
                    repeat(template_edit, runs), 1,
                    "edit templates/html/page.css, then guidepress build"))


def scaling(results: Results, work: Path, sizes: list[int], runs: int) -> None:
    single = results.rows.get("cold-1")
    for count in sizes:
        source = generate(count, work / f"gen-{count}")
        two = cold_build(results, work, source, count, runs, f"cold-{count}g-j2", jobs=2)
        one = cold_build(results, work, source, count, max(1, runs - 1) if count >= 200
                         else runs, f"cold-{count}g-j1", jobs=1)
        print(f"  {count} guides: {two.stats.median / count:.3f} s per guide, speed-up from "
              f"two cores {one.stats.median / two.stats.median:.2f}x", flush=True)
        if count == 50:
            serial_floor = floor(results, work, source, count, runs, "floor-50")
            chain = shell_chain(results, work, source, count, runs, "shell-50")
            per_guide, floor_per_guide = two.stats.median / 50, serial_floor.stats.median / 50
            results.target("at 50 guides, faster per guide than the floor run serially",
                           f"{per_guide:.3f} s vs {floor_per_guide:.3f} s per guide",
                           per_guide < floor_per_guide)
            speed = chain.stats.median / two.stats.median
            results.target("at least 2x faster than the shell chain for 50 guides",
                           f"{speed:.2f}x ({chain.stats.median:.1f} s / "
                           f"{two.stats.median:.1f} s)", speed >= 2)
        if count == 50 or count == max(sizes):
            large(results, work, source, count, runs, two, single)


def large(results: Results, work: Path, source: Path, count: int, runs: int, cold: Row,
          single: Row | None) -> None:
    out = work / f"big-{count}"
    timed(build(source, out), env=env())
    noop = results.add(Row(f"noop-{count}g", f"no-op rebuild, {count} guides",
                           repeat(lambda i: timed(build(source, out), env=env()), runs),
                           count, "guidepress build (again, nothing changed)"))
    if count >= 200:
        results.target(f"no-op rebuild under 1.5 s for {count} guides",
                       f"{noop.stats.median:.2f} s", noop.stats.median < 1.5)

    def edit(index: int) -> Sample:
        path = source / f"{slug(1 + abs(index) % count)}.md"
        path.write_text(path.read_text(encoding="utf-8") + f"\nEdit number {index}.\n",
                        encoding="utf-8")
        return timed(build(source, out), env=env())

    one = results.add(Row(f"edit-1-of-{count}g", f"one-guide edit among {count} guides",
                          repeat(edit, runs), count, "edit one guide, then guidepress build"))
    if single is not None and count >= 200:
        ratio = one.stats.median / single.stats.median
        results.target(f"a one-guide edit among {count} costs at most 1.3x a single-guide "
                       "build", f"{ratio:.2f}x", ratio <= 1.3)
    if count >= 200:
        results.target(f"peak memory under 600 MB at {count} guides",
                       f"{cold.stats.peak_mb:.0f} MB", cold.stats.peak_mb < 600)


def checks_and_validation(results: Results, work: Path, runs: int) -> None:
    for count in (1, 50):
        source = ROOT / "source" if count == 1 else work / "gen-50" / "source"
        if not source.exists():
            source = generate(count, work / f"gen-{count}")
        results.add(Row(f"check-{count}g", f"guidepress check, {count} guide(s)",
                        repeat(lambda i, s=source: timed([GUIDEPRESS, "check", "--source",
                                                          str(s)], env=env()), runs),
                        count, "guidepress check --source SRC"))
        out = work / f"validate-{count}"
        timed(build(source, out), env=env())
        command = [GUIDEPRESS, "validate", "--source", str(source), "--out", str(out)]
        try:
            first = timed(command, env=env())  # fails when the validators are missing
        except SystemExit as failure:
            print(f"  validate skipped (run `make tools` first): {str(failure)[:200]}")
            continue
        # 50 guides take minutes: their first run is the figure (the browser, JVM and Node
        # caches are warm from the one-guide runs before it).
        samples = [first] if count > 1 else [timed(command, env=env()) for _ in range(runs)]
        results.add(Row(f"validate-{count}g", f"guidepress validate, {count} guide(s)",
                        Stats.of(samples), count, "guidepress validate --source SRC --out OUT"))


def versions() -> dict[str, str]:
    import pypandoc

    found = {"python": platform.python_version(),
             "pandoc": str(pypandoc.get_pandoc_version())}
    for name in ("guidepress", "weasyprint", "pypandoc-binary"):
        found[name] = importlib.metadata.version(name)
    return found


def machine() -> str:
    model = "unknown CPU"
    for line in Path("/proc/cpuinfo").read_text().splitlines():
        if line.startswith("model name"):
            model = line.split(":", 1)[1].strip()
            break
    memory = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2**30
    return f"{os.cpu_count()} cores ({model}), {memory:.0f} GiB, {platform.platform()}"


def write_report(results: Results, runs: int, path: Path) -> None:
    lines = [
        "# Benchmarks",
        "",
        f"Measured {dt.datetime.now(dt.UTC):%Y-%m-%d %H:%M} UTC on {machine()}.",
        "Versions: " + ", ".join(f"{k} {v}" for k, v in versions().items()) + ".",
        "",
        "Each figure is a whole command, start-up included: the median of the runs after one "
        "warm-up run, with min and max, and the peak resident memory of the command's process "
        "group. Ratios compare figures of this same run. Reproduce everything with "
        "`make bench` (or `.venv/bin/python benchmarks/run.py`); one figure with "
        "`.venv/bin/python benchmarks/run.py --only NAME`, where NAME is the first column's "
        "group (`single`, `rebuilds`, `scaling`, `checks`). `SRC` is `source/` for one guide "
        "and a folder made by `benchmarks/generate.py N DEST` for N guides.",
        "",
        "## Targets",
        "",
        "| target | figure | met |",
        "|---|---|---|",
        *[f"| {text} | {figure} | {'yes' if met else 'no'} |"
          for text, figure, met in results.verdicts],
        "",
        "## Using both cores",
        "",
        "| guides | 1 worker s | 2 workers s | speed-up |",
        "|---|---|---|---|",
        *speed_ups(results),
        "",
        "## Figures",
        "",
        "| name | what | median s | min s | max s | s per guide | peak MB | runs | command |",
        "|---|---|---|---|---|---|---|---|---|",
    ]
    for row in results.rows.values():
        s = row.stats
        lines.append(f"| {row.name} | {row.what} | {s.median:.2f} | {s.low:.2f} | "
                     f"{s.high:.2f} | {s.median / row.guides:.3f} | {s.peak_mb:.0f} | "
                     f"{s.runs} | `{row.command}` |")
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    print(f"wrote {path}")


def speed_ups(results: Results) -> list[str]:
    lines = []
    for name, row in results.rows.items():
        one = results.rows.get(name.replace("-j2", "-j1")) if name.endswith("-j2") else None
        if one is not None:
            lines.append(f"| {row.guides} | {one.stats.median:.2f} | {row.stats.median:.2f} | "
                         f"{one.stats.median / row.stats.median:.2f}x |")
    return lines


GROUPS = ("single", "rebuilds", "scaling", "checks")


def main(argv: list[str]) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=3, help="measured runs per figure")
    parser.add_argument("--sizes", default="1,10,50,200", help="guide counts for scaling")
    parser.add_argument("--only", nargs="*", choices=GROUPS, default=list(GROUPS))
    parser.add_argument("--report", type=Path, default=ROOT / "BENCHMARKS.md")
    args = parser.parse_args(argv)
    sizes = [int(size) for size in args.sizes.split(",")]
    results = Results()
    with tempfile.TemporaryDirectory(prefix="guidepress-bench-") as folder:
        work = Path(folder)
        if "single" in args.only:
            single_guide(results, work, args.runs)
        if "rebuilds" in args.only:
            rebuilds(results, work, args.runs)
        if "scaling" in args.only:
            scaling(results, work, sizes, args.runs)
        if "checks" in args.only:
            checks_and_validation(results, work, args.runs)
    write_report(results, args.runs, args.report)


if __name__ == "__main__":
    main(sys.argv[1:])
