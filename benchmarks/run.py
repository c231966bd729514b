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
import io
import os
import platform
import shutil
import subprocess
import sys
import tarfile
import tempfile
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from generate import generate, slug
from measure import Sample, Stats, alternate, repeat, timed

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


def checks(results: Results, work: Path, runs: int) -> None:
    for count in (1, 50):
        source = ROOT / "source" if count == 1 else work / "gen-50" / "source"
        if not source.exists():
            source = generate(count, work / f"gen-{count}")
        results.add(Row(f"check-{count}g", f"guidepress check, {count} guide(s)",
                        repeat(lambda i, s=source: timed([GUIDEPRESS, "check", "--source",
                                                          str(s)], env=env()), runs),
                        count, "guidepress check --source SRC"))


# The validation before its tools ran once per run and its results were kept (issue 15): the
# figures marked "before" run that commit's code, side by side with today's.
VALIDATE_BEFORE = "78ca165"


def validation(results: Results, work: Path, runs: int, before: str) -> None:
    """Cold validation of 1 and 6 guides (every result checked again), the same with the code
    from before, a re-validation of unchanged outputs, and 50 guides cold."""
    folders = {1: ROOT / "source"}
    for count in (6, 50):
        folders[count] = generate(count, work / f"validate-gen-{count}")
    outs = {}
    for count, source in folders.items():
        outs[count] = work / f"validate-{count}"
        timed(build(source, outs[count]), env=env())
    try:
        timed(validate(folders[1], outs[1]), env=env())  # fails when validators are missing
    except SystemExit as failure:
        print(f"  validate skipped (run `make tools` first): {str(failure)[:200]}")
        return
    old = checkout(before, work)
    one = Figure("validate-1g", 1, folders[1], outs[1], ("--force",),
                 "cold: every output checked again")
    if old is not None:  # taking turns with the code from before
        then = Figure("validate-1g-before", 1, folders[1], outs[1], (),
                      f"the code of {before}, before batching and kept results", old)
        now, was = (results.add(row) for row in one.against(then, runs))
        ratio = now.stats.median / was.stats.median
        results.target(f"one guide validates in under half the time of {before}",
                       f"{ratio:.2f}x ({now.stats.median:.1f} s / {was.stats.median:.1f} s)",
                       ratio < 0.5)
    else:
        now = results.add(one.measure(runs))
    six = results.add(Figure("validate-6g", 6, folders[6], outs[6], ("--force",),
                             "cold: every output checked again").measure(runs))
    if old is not None:
        was6 = results.add(Figure("validate-6g-before", 6, folders[6], outs[6], (),
                                  f"the code of {before}", old).measure(1))
        print(f"  6 guides against {before}: {six.stats.median / was6.stats.median:.2f}x")
    warm = results.add(Figure("validate-6g-warm", 6, folders[6], outs[6], (),
                              "again, nothing changed").measure(runs))
    results.add(Figure("validate-50g", 50, folders[50], outs[50], ("--force",),
                       "cold: every output checked again").measure(1))
    cold6, cold1 = six.stats.median, now.stats.median
    results.target("validating 6 guides costs at most 2.5x validating 1",
                   f"{cold6 / cold1:.2f}x ({cold6:.1f} s / {cold1:.1f} s)", cold6 / cold1 <= 2.5)
    again = warm.stats.median
    results.target("re-validating 6 unchanged guides takes under 0.2x their cold validation",
                   f"{again / cold6:.2f}x ({again:.2f} s / {cold6:.1f} s)", again / cold6 < 0.2)


def validate(source: Path, out: Path, *extra: str) -> list[str]:
    return [GUIDEPRESS, "validate", "--source", str(source), "--out", str(out), *extra]


@dataclass(frozen=True)
class Figure:
    """One `guidepress validate` command to time; with `old`, that checkout's code runs
    (first on the path, with today's libraries)."""

    name: str
    guides: int
    source: Path
    out: Path
    extra: tuple[str, ...]
    how: str
    old: Path | None = None

    def run(self, index: int) -> Sample:
        run_env = env()
        if self.old is not None:
            run_env = {**run_env, "PYTHONPATH": str(self.old),
                       "GUIDEPRESS_NODE_MODULES": os.environ.get(
                           "GUIDEPRESS_NODE_MODULES", str(ROOT / "node_modules"))}
        return timed(validate(self.source, self.out, *self.extra), env=run_env)

    def row(self, stats: Stats) -> Row:
        prefix = "PYTHONPATH=OLD/pipeline " if self.old is not None else ""
        shown = f"{prefix}guidepress validate --source SRC --out OUT {' '.join(self.extra)}"
        return Row(self.name, f"guidepress validate, {self.guides} guide(s), {self.how}",
                   stats, self.guides, shown.strip())

    def measure(self, runs: int) -> Row:
        return self.row(repeat(self.run, runs, 1 if runs > 1 else 0))

    def against(self, other: Figure, runs: int) -> tuple[Row, Row]:
        mine, theirs = alternate(self.run, other.run, runs)
        return self.row(mine), other.row(theirs)


def checkout(ref: str, work: Path) -> Path | None:
    """The `pipeline` folder of commit `ref` (with the templates it links to), or None."""
    done = subprocess.run(["git", "-C", str(ROOT), "archive", ref, "pipeline", "templates"],
                          capture_output=True, check=False)
    if done.returncode != 0:
        print(f"  no figures for {ref}: {done.stderr.decode(errors='replace').strip()}")
        return None
    folder = work / f"code-{ref}"
    with tarfile.open(fileobj=io.BytesIO(done.stdout)) as archive:
        archive.extractall(folder, filter="tar")
    return folder / "pipeline"


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
        "group (`single`, `rebuilds`, `scaling`, `checks`, `validate`). `SRC` is `source/` for "
        "one guide and a folder made by `benchmarks/generate.py N DEST` for N guides; `OUT` "
        "its built outputs; `OLD` a checkout of the commit named in the row (`git archive`).",
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


GROUPS = ("single", "rebuilds", "scaling", "checks", "validate")


def main(argv: list[str]) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=3, help="measured runs per figure")
    parser.add_argument("--sizes", default="1,10,50,200", help="guide counts for scaling")
    parser.add_argument("--only", nargs="*", choices=GROUPS, default=list(GROUPS))
    parser.add_argument("--report", type=Path, default=ROOT / "BENCHMARKS.md")
    parser.add_argument("--validate-before", default=VALIDATE_BEFORE, metavar="COMMIT",
                        help="the commit whose validation the `before` figures run")
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
            checks(results, work, args.runs)
        if "validate" in args.only:
            validation(results, work, args.runs, args.validate_before)
    write_report(results, args.runs, args.report)


if __name__ == "__main__":
    main(sys.argv[1:])
