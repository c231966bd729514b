"""`make bench`: how fast the pipeline is against the floor of its own tools.

Every figure is the wall-clock time of a whole command (start-up included) as the median of
several runs after a warm-up, with min and max, and the peak memory (PSS, see measure.py) of
the command's process group. Ratios compare figures measured in this same run. Results go to
BENCHMARKS.md.

Usage: python benchmarks/run.py [--runs N] [--sizes 1,16,50,200] [--only NAME ...]
"""

from __future__ import annotations

import argparse
import datetime as dt
import importlib.metadata
import io
import json
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

from generate import generate, generate_bigger, slug
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
    shares: dict[str, dict[str, float]] = field(default_factory=dict)  # size -> step -> s

    def add(self, row: Row) -> Row:
        self.rows[row.name] = row
        print(f"{row.name:<24} {row.stats.median:8.2f} s  (min {row.stats.low:.2f}, "
              f"max {row.stats.high:.2f}, {row.stats.peak_mb:.0f} MB)", flush=True)
        return row

    def target(self, text: str, figure: str, met: bool) -> None:
        self.verdicts.append((text, figure, met))
        print(f"  target {'met' if met else 'MISSED'}: {text}: {figure}", flush=True)


def compile_package() -> None:
    """Write guidepress's bytecode once, as installing the wheel does: a checkout installed
    for editing, where PYTHONDONTWRITEBYTECODE is set, would otherwise compile every module
    again in every measured command."""
    import compileall

    compileall.compile_dir(ROOT / "pipeline" / "guidepress", quiet=1)


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
    # Many guides are warm after a few: a whole warm-up run would only double the wait.
    stats = repeat(lambda i: timed(build(source, out(i), *extra), env=env()), runs,
                   warmup=0 if guides >= 50 else 1)
    command = "guidepress build --source SRC --out EMPTY_DIR" + (f" --jobs {jobs}" if jobs else "")
    what = f"cold build, {guides} guide{'s' if guides > 1 else ''}, every edition"
    what += (f", {jobs} worker{'s' if jobs > 1 else ''}" if jobs
             else f", default workers ({default_workers()})")
    return results.add(Row(name, what, stats, guides, command))


def floor(results: Results, work: Path, source: Path, guides: int, runs: int, name: str) -> Row:
    out = fresh(work, name)
    stats = repeat(lambda i: timed([PYTHON, str(ROOT / HERE / "floor.py"), str(source),
                                    str(out(i))], env=env()), runs,
                   warmup=0 if guides >= 50 else 1)
    return results.add(Row(name, f"floor: pandoc, WeasyPrint and liblouis called directly, "
                           f"{guides} guide(s), every edition, one process, serial", stats,
                           guides, "python benchmarks/floor.py SRC EMPTY_DIR"))


def parallel_floor(results: Results, work: Path, source: Path, guides: int, runs: int,
                   name: str) -> Row:
    """The floor with one process per default worker, each making its share of the guides:
    the least time in which the tools themselves make every edition of every guide here."""
    out = fresh(work, name)
    parts = default_workers()
    script = " & ".join(f'"$0" "$1" "$2" "$3" {part}/{parts}' for part in range(1, parts + 1))

    def run(index: int) -> Sample:
        return timed(["bash", "-c", f"{script} & wait", PYTHON, str(ROOT / HERE / "floor.py"),
                      str(source), str(out(index))], env=env())

    stats = repeat(run, runs, warmup=0 if guides >= 50 else 1)
    return results.add(Row(name, f"floor as above, {guides} guide(s), in {parts} processes "
                           "side by side (one per default worker)", stats, guides,
                           f"python benchmarks/floor.py SRC EMPTY_DIR K/{parts}, for K = 1 to "
                           f"{parts} at once"))


def shell_chain(results: Results, work: Path, source: Path, guides: int, runs: int,
                name: str) -> Row:
    out = fresh(work, name)
    stats = repeat(lambda i: timed(["bash", str(ROOT / HERE / "shell_chain.sh"), str(source),
                                    str(out(i))], env=env()), runs,
                   warmup=0 if guides >= 50 else 1)
    return results.add(Row(name, f"shell chain of pandoc, weasyprint and lou_translate "
                           f"commands, {guides} guide(s), every edition", stats, guides,
                           "bash benchmarks/shell_chain.sh SRC EMPTY_DIR"))


def single_guide(results: Results, work: Path, runs: int) -> None:
    source = ROOT / "source"
    pipeline, base = side_by_side(results, work, source, 1, runs, "cold-1", "floor-1")
    chain = shell_chain(results, work, source, 1, runs, "shell-1")
    ratio = pipeline.stats.median / base.stats.median
    results.target("cold build of one guide within 1.2x the floor",
                   f"{ratio:.2f}x ({pipeline.stats.median:.2f} s / {base.stats.median:.2f} s)",
                   ratio <= 1.2)
    print(f"  pipeline / shell chain, 1 guide: {pipeline.stats.median / chain.stats.median:.2f}x")


def side_by_side(results: Results, work: Path, source: Path, guides: int, runs: int,
                 name: str, floor_name: str) -> tuple[Row, Row]:
    """A cold build with the default workers and the floor for the same guides, taking turns
    (so a change in the machine's load weighs on both alike)."""
    out, floor_out = fresh(work, name), fresh(work, floor_name)
    mine, theirs = alternate(
        lambda i: timed(build(source, out(i)), env=env()),
        lambda i: timed([PYTHON, str(ROOT / HERE / "floor.py"), str(source),
                         str(floor_out(i))], env=env()), runs)
    plural = "s" if guides > 1 else ""
    pipeline = results.add(Row(name, f"cold build, {guides} guide{plural}, every edition, "
                               f"default workers ({default_workers()})", mine, guides,
                               "guidepress build --source SRC --out EMPTY_DIR"))
    base = results.add(Row(floor_name, f"floor: pandoc, WeasyPrint and liblouis called "
                           f"directly, {guides} guide(s), every edition, one process, serial",
                           theirs, guides, "python benchmarks/floor.py SRC EMPTY_DIR"))
    return pipeline, base


def default_workers() -> int:
    from guidepress.build.workers import default_workers as workers

    return workers()


def editions(results: Results, work: Path, runs: int) -> None:
    """Each edition's share of one guide's build, in one process (benchmarks/editions.py),
    for Medical Oncology and for a guide twenty times its size."""
    bigger = generate_bigger(20, work / "editions-x20")
    for label, guide in (("1x", ROOT / "source" / "medical-oncology.md"),
                         ("20x", next(bigger.glob("*.md")))):
        rounds = runs if label == "1x" else 1  # one round of the 20x guide takes half a minute
        done = subprocess.run([PYTHON, str(ROOT / HERE / "editions.py"), str(guide),
                               str(rounds)], env=env(), capture_output=True, text=True,
                              check=True)
        shares = json.loads(done.stdout)
        results.shares[label] = shares
        total = sum(shares.values())
        print(f"  editions, {label}: " + ", ".join(f"{name} {seconds:.2f} s "
                                                  f"({seconds / total:.0%})"
                                                  for name, seconds in shares.items()))


def size(results: Results, work: Path, runs: int) -> None:
    """A guide twenty times Medical Oncology: its build against the floor for that same guide,
    and `check` on it against `check` on Medical Oncology."""
    source = generate_bigger(20, work / "gen-x20")
    pipeline, base = side_by_side(results, work, source, 1, runs, "cold-x20", "floor-x20")
    ratio = pipeline.stats.median / base.stats.median
    results.target("a guide 20x the size builds within 1.3x the floor for that guide",
                   f"{ratio:.2f}x ({pipeline.stats.median:.1f} s / {base.stats.median:.1f} s)",
                   ratio <= 1.3)
    one, twenty = (results.add(Row(f"check-{label}", f"guidepress check, one guide {label} "
                                   "the size of Medical Oncology", stats, 1,
                                   "guidepress check --source SRC"))
                   for label, stats in zip(("1x", "20x"), alternate(
                       lambda i: timed([GUIDEPRESS, "check", "--source", str(ROOT / "source")],
                                       env=env()),
                       lambda i: timed([GUIDEPRESS, "check", "--source", str(source)],
                                       env=env()), runs), strict=True))
    ratio = twenty.stats.median / one.stats.median
    results.target("check on the 20x guide costs at most 25x check on the 1x guide",
                   f"{ratio:.1f}x ({twenty.stats.median:.2f} s / {one.stats.median:.2f} s)",
                   ratio <= 25)


def rebuilds(results: Results, work: Path, runs: int) -> None:
    """No-op, one-guide edit and shared-template edit, on a built folder."""
    source = ROOT / "source"
    out = work / "noop-1"
    timed(build(source, out), env=env())
    noop = results.add(Row("noop-1", "no-op rebuild, 1 guide",
                           repeat(lambda i: timed(build(source, out), env=env()), runs), 1,
                           "guidepress build (again, nothing changed)"))
    results.target("no-op rebuild under 0.3 s for 1 guide", f"{noop.stats.median:.2f} s",
                   noop.stats.median < 0.3)
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
        few = 1 if count >= 200 else runs  # a run of 200 guides takes minutes
        cold = cold_build(results, work, source, count, few, f"cold-{count}g")
        if count < 200:
            serial = cold_build(results, work, source, count, few, f"cold-{count}g-j1", jobs=1)
            speed_up = serial.stats.median / cold.stats.median
            print(f"  {count} guides: {cold.stats.median / count:.3f} s per guide, speed-up "
                  f"from {default_workers()} workers {speed_up:.2f}x", flush=True)
        if count in (16, 50):
            chain = shell_chain(results, work, source, count, few, f"shell-{count}")
            speed = chain.stats.median / cold.stats.median
            tools = parallel_floor(results, work, source, count, few, f"floor-{count}-par")
            results.target(f"at least 4x faster than the shell chain for {count} guides",
                           f"{speed:.2f}x ({chain.stats.median:.1f} s / "
                           f"{cold.stats.median:.1f} s); the floor on every core is "
                           f"{chain.stats.median / tools.stats.median:.2f}x, and the build "
                           f"takes {cold.stats.median / tools.stats.median:.2f}x its time",
                           speed >= 4)
        if count == 50:
            serial_floor = floor(results, work, source, count, few, "floor-50")
            per_guide, floor_per_guide = cold.stats.median / 50, serial_floor.stats.median / 50
            print(f"  50 guides: {per_guide:.3f} s per guide, the floor run serially "
                  f"{floor_per_guide:.3f} s per guide", flush=True)
        if count == max(sizes):
            large(results, work, source, count, few, cold, single)


def large(results: Results, work: Path, source: Path, count: int, runs: int, cold: Row,
          single: Row | None) -> None:
    out = work / f"cold-{count}g-{100 + cold.stats.runs - 1}"  # the last cold build's folder
    if not out.is_dir():
        timed(build(source, out), env=env())
    noop = results.add(Row(f"noop-{count}g", f"no-op rebuild, {count} guides",
                           repeat(lambda i: timed(build(source, out), env=env()), runs),
                           count, "guidepress build (again, nothing changed)"))
    if count >= 200:
        results.target(f"no-op rebuild under 1 s for {count} guides",
                       f"{noop.stats.median:.2f} s", noop.stats.median < 1)

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
        results.target(f"peak memory under 600 MB at {count} guides, default workers "
                       f"({default_workers()})", f"{cold.stats.peak_mb:.0f} MB",
                       cold.stats.peak_mb < 600)


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
        try:
            now, was = (results.add(row) for row in one.against(then, runs))
        except SystemExit as failure:  # that code cannot read today's outputs or validators
            print(f"  no figures for {before}: {str(failure)[:300]}")
            old = None
        else:
            ratio = now.stats.median / was.stats.median
            results.target(f"one guide validates in under half the time of {before}",
                           f"{ratio:.2f}x ({now.stats.median:.1f} s / "
                           f"{was.stats.median:.1f} s)", ratio < 0.5)
    if old is None:
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
        "warm-up run, with min and max, and the peak memory of the command's process group: the "
        "sum of its processes' proportional set size (PSS), in which a page that processes "
        "share, such as what the workers' fork server loaded, counts once in all. Ratios "
        "compare figures of this same run. Reproduce everything with "
        "`make bench` (or `.venv/bin/python benchmarks/run.py`); one figure with "
        "`.venv/bin/python benchmarks/run.py --only NAME`, where NAME is the first column's "
        "group (`single`, `editions`, `size`, `rebuilds`, `scaling`, `checks`, `validate`). "
        "`SRC` is `source/` for one guide, a folder made by `benchmarks/generate.py N DEST` for "
        "N guides, or by `benchmarks/generate.py --times 20 DEST` for the 20x guide; `OUT` "
        "its built outputs; `OLD` a checkout of the commit named in the row (`git archive`).",
        "",
        "## Targets",
        "",
        "| target | figure | met |",
        "|---|---|---|",
        *[f"| {text} | {figure} | {'yes' if met else 'no'} |"
          for text, figure, met in results.verdicts],
        "",
        *share_table(results),
        f"## Using the cores ({default_workers()} workers by default here)",
        "",
        "| guides | 1 worker s | default workers s | speed-up |",
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
        one = results.rows.get(f"{name}-j1") if name.startswith("cold-") else None
        if one is not None:
            lines.append(f"| {row.guides} | {one.stats.median:.2f} | {row.stats.median:.2f} | "
                         f"{one.stats.median / row.stats.median:.2f}x |")
    return lines


def share_table(results: Results) -> list[str]:
    """Each step's median seconds and share of one guide's build (benchmarks/editions.py)."""
    if not results.shares:
        return []
    sizes = list(results.shares)
    steps = list(dict.fromkeys(step for shares in results.shares.values() for step in shares))
    totals = {size: sum(shares.values()) for size, shares in results.shares.items()}
    lines = ["## Each edition's share of a build", "",
             "One guide read, checked and rendered in one process after a warm-up, each step "
             "the median of the runs: `python benchmarks/editions.py GUIDE`.", "",
             "| step | " + " | ".join(f"{size} guide s | share" for size in sizes) + " |",
             "|---|" + "---|---|" * len(sizes)]
    for step in steps:
        cells = [f"{results.shares[size].get(step, 0):.2f} | "
                 f"{results.shares[size].get(step, 0) / totals[size]:.0%}" for size in sizes]
        lines.append(f"| {step} | " + " | ".join(cells) + " |")
    lines.append("| total | " + " | ".join(f"{totals[size]:.2f} | 100%" for size in sizes)
                 + " |")
    return [*lines, ""]


GROUPS = ("single", "editions", "size", "rebuilds", "scaling", "checks", "validate")


def main(argv: list[str]) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=3, help="measured runs per figure")
    parser.add_argument("--sizes", default="1,16,50,200", help="guide counts for scaling")
    parser.add_argument("--only", nargs="*", choices=GROUPS, default=list(GROUPS))
    parser.add_argument("--report", type=Path, default=ROOT / "BENCHMARKS.md")
    parser.add_argument("--validate-before", default=VALIDATE_BEFORE, metavar="COMMIT",
                        help="the commit whose validation the `before` figures run")
    args = parser.parse_args(argv)
    sizes = [int(size) for size in args.sizes.split(",")]
    compile_package()
    results = Results()
    with tempfile.TemporaryDirectory(prefix="guidepress-bench-") as folder:
        try:
            run_groups(results, Path(folder), args, sizes)
        finally:  # what was measured is reported, even when a later figure fails
            write_report(results, args.runs, args.report)


def run_groups(results: Results, work: Path, args: argparse.Namespace, sizes: list[int]
               ) -> None:
    if "single" in args.only:
        single_guide(results, work, args.runs)
    if "editions" in args.only:
        editions(results, work, args.runs)
    if "size" in args.only:
        size(results, work, args.runs)
    if "rebuilds" in args.only:
        rebuilds(results, work, args.runs)
    if "scaling" in args.only:
        scaling(results, work, sizes, args.runs)
    if "checks" in args.only:
        checks(results, work, args.runs)
    if "validate" in args.only:
        validation(results, work, args.runs, args.validate_before)


if __name__ == "__main__":
    main(sys.argv[1:])
