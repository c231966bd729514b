"""One build at a time per output folder: a second one waits, or says why it cannot."""

from __future__ import annotations

import json
import os
import subprocess
import time

from guidepress.outdir import lock, manifest

from .conftest import GUIDEPRESS, Project, cli_env


def test_a_second_build_exits_with_a_clear_message_or_waits(project: Project) -> None:
    with lock.held(project.out, wait=0):
        done = project.cli("build", "--format", "txt", "--no-wait")
        assert done.returncode == 1
        assert done.stderr.startswith(
            f"error: another build (process {os.getpid()}) is writing to output (wait for it "
            "to finish and run the build again, or pass --wait SECONDS)")
        waiting = subprocess.Popen(
            [str(GUIDEPRESS), "build", "--format", "txt", "--wait", "60", *project.folders()],
            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, env=cli_env())
        time.sleep(1.5)
        assert waiting.poll() is None  # still waiting for the lock
    output, _ = waiting.communicate(timeout=60)
    assert waiting.returncode == 0, output
    assert "waiting for another build" in output
    assert (project.out / "alpha" / "alpha.txt").is_file()


def test_two_builds_at_once_both_finish_and_never_interleave(project: Project) -> None:
    args = [str(GUIDEPRESS), "build", "--format", "txt", "--json", *project.folders()]
    builds = [subprocess.Popen(args, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                               env=cli_env()) for _ in range(2)]
    results = [build.communicate(timeout=120) for build in builds]
    assert [build.returncode for build in builds] == [0, 0], results
    summaries = [json.loads(out) for out, _ in results]
    written = sorted(len(summary["built"]) for summary in summaries)
    assert written == [0, 4]  # one built everything; the other waited, then found it done
    data = manifest.parse(manifest.path_in(project.out).read_bytes())
    assert set(data.guides) == {"alpha", "beta", "gamma"}
