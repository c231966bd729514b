"""The output folder stays apart from the sources, and a build deletes only files it wrote
(class 10 of the second security review): an output folder inside the source folder, around
it, or the same folder, is refused before anything is written; a manifest, crafted or stale,
cannot make a build delete any file whose bytes it did not write, nor follow a link to one."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest

from guidepress.outdir import manifest

from .conftest import GOOD, build


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    (tmp_path / "source").mkdir()
    for slug in ("alpha", "beta"):
        (tmp_path / "source" / f"{slug}.md").write_text(GOOD.replace("often", slug), "utf-8")
    monkeypatch.chdir(tmp_path)
    return tmp_path


@pytest.mark.parametrize(("options", "message"), [
    (("--out", "source"), "the output folder source is the source folder source"),
    (("--out", "source/output"), "the output folder source/output is inside the source "
                                 "folder source"),
    (("--out", ".", "--source", "source"), "the output folder . holds the source folder "
                                           "source"),
    (("--out", "output", "--templates", "source/templates"),
     "the templates folder source/templates is inside the source folder source"),
])
def test_an_output_folder_that_overlaps_the_sources_is_refused(
        options: tuple[str, ...], message: str, project: Path,
        run_cli: Callable[..., tuple[int, str]]) -> None:
    (project / "source" / "templates").mkdir()
    for command in ("build", "build --explain", "watch"):
        code, output = run_cli(*command.split(), "--format", "txt", *options)
        assert code == 2, (command, output)
        assert f"error: {message}" in output
    assert sorted(p.name for p in (project / "source").iterdir()) == [
        "alpha.md", "beta.md", "templates"]


def _manifest(project: Path) -> dict:
    return json.loads((project / "output" / manifest.FILENAME).read_text("utf-8"))


def _save(project: Path, data: dict) -> None:
    (project / "output" / manifest.FILENAME).write_text(json.dumps(data), "utf-8")


def test_a_crafted_manifest_cannot_make_a_build_delete_other_files(project: Path) -> None:
    assert build(("txt",)) == (0, [])
    data = _manifest(project)
    ghost = json.loads(json.dumps(data["guides"]["alpha"]))
    for output in ghost["outputs"].values():
        output["file"] = "beta/beta.txt"  # another guide's output, with alpha's hash
    data["guides"]["ghost"] = ghost
    thief = json.loads(json.dumps(data["guides"]["beta"]))  # beta's own hash, even
    data["guides"]["thief"] = thief
    (project / "output" / "keep.txt").write_text("an operator's notes", "utf-8")
    link = json.loads(json.dumps(ghost))
    for output in link["outputs"].values():
        output["file"] = "linked/beta.txt"
        output["sha256"] = data["guides"]["beta"]["outputs"]["txt"]["sha256"]
    data["guides"]["linked"] = link
    (project / "output" / "linked").symlink_to("beta")
    _save(project, data)
    beta = (project / "output" / "beta" / "beta.txt").read_bytes()
    assert build(("txt",))[0] == 0
    assert (project / "output" / "beta" / "beta.txt").read_bytes() == beta
    assert (project / "output" / "keep.txt").exists()
    assert set(_manifest(project)["guides"]) == {"alpha", "beta"}
    assert build(("txt",)) == (0, [])  # and nothing is left to do or to say


def test_the_outputs_of_a_gone_guide_are_removed_when_they_are_the_builds(project: Path
                                                                          ) -> None:
    assert build(("txt", "html"))[0] == 0
    (project / "source" / "beta.md").unlink()
    edited = project / "output" / "beta" / "beta.html"
    edited.write_text("edited by hand", "utf-8")
    assert build(("txt", "html"))[0] == 0
    assert not (project / "output" / "beta" / "beta.txt").exists()
    assert edited.read_text("utf-8") == "edited by hand"  # not the bytes the build wrote
