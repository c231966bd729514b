"""`guidepress watch`: picks up a save, survives a broken guide, stops cleanly on Ctrl-C."""

from __future__ import annotations

import signal
import subprocess
import time
from collections.abc import Callable
from pathlib import Path

from .conftest import GUIDEPRESS, Project, cli_env, guide_text


def _wait_for(condition: Callable[[], bool], seconds: float = 60) -> float:
    started = time.monotonic()
    while not condition():
        assert time.monotonic() - started < seconds, "timed out"
        time.sleep(0.05)
    return time.monotonic() - started


def _says(log: Path, text: str) -> Callable[[], bool]:
    return lambda: text in log.read_text()


def test_watch_rebuilds_a_saved_guide_keeps_going_on_errors_and_stops_on_ctrl_c(
    project: Project,
) -> None:
    log = project.root / "watch.log"
    text = project.out / "beta" / "beta.txt"
    with log.open("w") as stream:
        watcher = subprocess.Popen(
            [str(GUIDEPRESS), "watch", "--format", "txt", *project.folders()],
            stdout=stream, stderr=subprocess.STDOUT, env=cli_env(), cwd=project.root)
        try:
            _wait_for(_says(log, "for changes (Ctrl-C stops)"))
            assert text.is_file()

            project.write("beta", guide_text("Beta", "Saved while watching."))
            seconds = _wait_for(lambda: "Saved while watching." in text.read_text())
            assert seconds < 15
            _wait_for(_says(log, "beta.txt: source/beta.md changed"))

            project.write("beta", guide_text("Beta").replace("updated: 2026-11-25",
                                                              "updated: 2026-02-30"))
            _wait_for(_says(log, "`updated` is not a real date"))
            assert "Saved while watching." in text.read_text()  # the last good output stays
            assert watcher.poll() is None

            project.write("beta", guide_text("Beta", "Fixed again."))
            _wait_for(lambda: "Fixed again." in text.read_text())

            _wait_for(_says(log, "Built"))
            seen = log.read_text().count("changed: ")
            for number in range(5):  # a burst of saves is one rebuild
                project.write("alpha", guide_text("Alpha", f"Burst {number}."))
                project.write("gamma", guide_text("Gamma", f"Burst {number}."))
            alpha = project.out / "alpha" / "alpha.txt"
            _wait_for(lambda: "Burst 4." in alpha.read_text())
            _wait_for(_says(log, "gamma.txt: source/gamma.md changed"))
            assert log.read_text().count("changed: ") == seen + 1
            assert "changed: source/alpha.md, source/gamma.md\n" in log.read_text()
        finally:
            watcher.send_signal(signal.SIGINT)
            code = watcher.wait(timeout=30)
    output = log.read_text()
    assert code == 0, output
    assert output.rstrip().endswith("stopped watching")
    assert "Traceback" not in output
