"""A build killed at any moment leaves each output whole, old or new; the next build repairs."""

from __future__ import annotations

import io
import os
import signal
import subprocess
import time
import zipfile

import pikepdf

from guidepress import formats
from guidepress.outdir import manifest
from guidepress.outdir.atomic import TEMP_PREFIX

from .conftest import GUIDEPRESS, Project, cli_env, guide_text

FORMATS = tuple(formats.registry().names())
SLUGS = ("alpha", "beta", "gamma", "delta", "epsilon")


def _start_and_kill_mid_way(project: Project, old: dict[str, int]) -> None:
    """Start a build and SIGKILL it (with its workers) as soon as it has replaced one file."""
    build = subprocess.Popen([str(GUIDEPRESS), "build", *project.folders()],
                             stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                             env=cli_env(), start_new_session=True)
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        if any(stamp != old[name] for name, stamp in project.stamps().items() if name in old
               and not name.startswith(".")):
            break
        time.sleep(0.005)
    assert build.poll() is None, "the build finished before it could be killed"
    os.killpg(build.pid, signal.SIGKILL)
    build.wait(timeout=30)


def _whole(name: str, data: bytes) -> None:
    if name.endswith(".pdf"):
        with pikepdf.open(io.BytesIO(data)) as pdf:
            assert len(pdf.pages) >= 1
    elif name.endswith(".epub"):
        with zipfile.ZipFile(io.BytesIO(data)) as book:
            assert book.testzip() is None
    elif name.endswith(".html"):
        assert data.rstrip().endswith(b"</html>")


def test_a_killed_build_leaves_whole_files_and_the_next_build_repairs(project: Project) -> None:
    for slug in ("delta", "epsilon"):
        project.write(slug, guide_text(slug.title()))
    project.build(formats=FORMATS)
    old_bytes, old_stamps = project.outputs(), project.stamps()
    for slug in SLUGS:
        project.write(slug, guide_text(slug.title(), f"Words new to {slug}.",
                                       picture=slug == "gamma"))

    _start_and_kill_mid_way(project, old_stamps)
    after_kill = project.outputs()  # temporary files are not outputs
    assert set(after_kill) == set(old_bytes)
    (project.out / "beta" / f"{TEMP_PREFIX}planted.tmp").write_bytes(b"half a fi")

    repaired = project.build(formats=FORMATS)
    assert repaired.exit_code == 0
    new_bytes = project.outputs()
    assert not list(project.out.rglob(f"{TEMP_PREFIX}*.tmp"))
    changed = 0
    for name, data in after_kill.items():
        assert data in (old_bytes[name], new_bytes[name]), f"{name} is neither old nor new"
        _whole(name, data)
        changed += data != old_bytes[name]
    assert changed >= 1  # the kill came after the first new file, before the manifest
    assert "Words new to epsilon." in (project.out / "epsilon" / "epsilon.txt").read_text()
    assert manifest.load(project.out)[1] == ""
    assert project.build(formats=FORMATS).written == []
