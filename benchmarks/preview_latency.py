"""How long a save takes to show in the browser under `guidepress preview`.

Starts the real command on a copy of `source/`, opens the guide's preview page in headless
Chromium (Debian's, as the validators start it), then saves the guide again and again with a
new sentence and times each save, from the write to the moment the new sentence is in the web
page shown in the preview page (the page reloads itself; nothing here reloads it). The time
covers the watch's quiet period, the rebuild of every edition (with its source checks), the
event and the reload. Prints the median, min and max, and each build's own time from the log.

Usage: python benchmarks/preview_latency.py [--runs N] [--format NAME ...]
"""

from __future__ import annotations

import argparse
import re
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from playwright.sync_api import Error as PlaywrightError
from playwright.sync_api import Page, sync_playwright

from guidepress.validate import tools

ROOT = Path(__file__).resolve().parents[1]
GUIDEPRESS = str(Path(sys.executable).parent / "guidepress")
SLUG = "medical-oncology"
ANCHOR = "A medical oncologist is a doctor who finds and treats cancer."
TIMEOUT = 120.0
QUIET = 2.5  # seconds between saves, so that each one is its own build
_SHOWN = """(marker) => {
  const frame = document.querySelector("iframe[title^='Web page']");
  const body = frame && frame.contentDocument && frame.contentDocument.body;
  return Boolean(body && body.innerText.includes(marker));
}"""


def wait_until(page: Page, marker: str) -> float:
    started = time.monotonic()
    while time.monotonic() - started < TIMEOUT:
        try:
            if page.evaluate(_SHOWN, marker):
                return time.monotonic()
        except PlaywrightError:  # the page is reloading
            pass
        time.sleep(0.02)
    raise SystemExit(f"{marker!r} did not show within {TIMEOUT:.0f} s")


def start(work: Path, formats: list[str]) -> tuple[subprocess.Popen[str], str, Path]:
    log = work / "preview.log"
    extra = [arg for name in formats for arg in ("--format", name)]
    process = subprocess.Popen(
        [GUIDEPRESS, "preview", "--source", str(work / "source"), "--out", str(work / "out"),
         *extra], stdout=log.open("w"), stderr=subprocess.STDOUT, text=True, cwd=work)
    started = time.monotonic()
    while not (found := re.search(r"previewing at (\S+)", log.read_text())):
        if process.poll() is not None or time.monotonic() - started > TIMEOUT:
            raise SystemExit(f"the preview did not start:\n{log.read_text()}")
        time.sleep(0.1)
    return process, found[1], log


def measure(runs: int, formats: list[str]) -> list[float]:
    with tempfile.TemporaryDirectory() as folder, sync_playwright() as playwright:
        work = Path(folder)
        shutil.copytree(ROOT / "source", work / "source")
        guide = work / "source" / f"{SLUG}.md"
        original = guide.read_text(encoding="utf-8")
        process, url, log = start(work, formats)
        browser = playwright.chromium.launch(executable_path=tools.chromium_path(),
                                             args=list(tools.CHROMIUM_ARGS))
        try:
            page = browser.new_page(viewport={"width": 1280, "height": 900})
            page.goto(f"{url}.preview/{SLUG}/")
            wait_until(page, ANCHOR)
            seconds = []
            for run in range(runs + 1):  # the first save warms up
                time.sleep(QUIET)
                marker = f"Saved for the benchmark, number {run}."
                began = time.monotonic()
                guide.write_text(original.replace(ANCHOR, f"{ANCHOR} {marker}"), "utf-8")
                shown = wait_until(page, marker)
                if run:
                    seconds.append(shown - began)
                    print(f"save {run}: {shown - began:.2f} s", flush=True)
        finally:
            browser.close()
            process.send_signal(signal.SIGINT)
            process.wait(timeout=60)
        # The first build and the warm-up save's are not counted.
        builds = [float(s) for s in re.findall(r"^Built .*\(([\d.]+) s\)$", log.read_text(),
                                               re.MULTILINE)][2:]
        if len(builds) == len(seconds):
            rest = [total - build for total, build in zip(seconds, builds, strict=True)]
            print(f"of which the build itself: median {statistics.median(builds):.2f} s; "
                  f"the rest (the quiet period after the save, the event, the reload): median "
                  f"{statistics.median(rest):.2f} s")
        return seconds


def main(argv: list[str]) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--format", dest="formats", action="append", default=[])
    args = parser.parse_args(argv)
    seconds = measure(args.runs, args.formats)
    what = ", ".join(args.formats) or "every format"
    print(f"save to browser, 1 guide, {what}: median {statistics.median(seconds):.2f} s "
          f"(min {min(seconds):.2f}, max {max(seconds):.2f}, {len(seconds)} saves)")


if __name__ == "__main__":
    main(sys.argv[1:])
