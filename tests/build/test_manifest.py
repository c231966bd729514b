"""A missing, unreadable, damaged or foreign manifest means a full rebuild, never a crash."""

from __future__ import annotations

import json

import pytest

from guidepress import fonts as shipped
from guidepress.outdir import manifest

from .conftest import Lines, Project, built

EVERYTHING = {f"{slug}.{fmt}" for slug in ("alpha", "beta", "gamma") for fmt in ("html", "txt")}


def _rebuild_after(project: Project, damage: bytes | None) -> Lines:
    project.build()
    path = manifest.path_in(project.out)
    path.unlink()
    if damage is not None:
        path.write_bytes(damage)
    lines = Lines()
    summary = project.build(lines=lines)
    assert built(summary) == EVERYTHING | {"index.html"}
    assert summary.exit_code == 0
    assert manifest.parse(path.read_bytes()).guides.keys() == {"alpha", "beta", "gamma"}
    return lines


@pytest.mark.parametrize(("damage", "said"), [
    (None, ""),
    (b"{\"format\": 1, \"guides\": {\"al", "is damaged"),
    (b"\xff\xfe not json", "is damaged"),
    (b"[1, 2, 3]", "is from another version of guidepress"),
    (json.dumps({"format": 99, "guides": {}}).encode(), "is from another version of guidepress"),
    (json.dumps({"format": manifest.FORMAT_VERSION, "guides": {"a": {"source": 3}},
                     "catalogue": None,
                 "pandoc": {}}).encode(), "is damaged"),
])
def test_a_bad_manifest_means_a_full_rebuild(project: Project, damage: bytes | None,
                                             said: str) -> None:
    lines = _rebuild_after(project, damage)
    if said:
        assert lines.problems == [f"warning: {manifest.path_in(project.out)} {said}; "
                                  "every output will be rebuilt"]
    else:
        assert lines.problems == []


def test_an_unreadable_manifest_means_a_full_rebuild(project: Project) -> None:
    project.build()
    path = manifest.path_in(project.out)
    path.unlink()
    path.mkdir()  # reading it fails even for root
    lines = Lines()
    with pytest.raises(Exception, match="cannot write"):
        project.build(lines=lines)  # it cannot be replaced either: the build says so
    assert lines.problems[0].startswith(f"warning: cannot read {path} (Is a directory)")
    path.rmdir()
    assert built(project.build()) == EVERYTHING | {"index.html"}


def test_a_manifest_cannot_point_outside_the_output_folder(project: Project) -> None:
    project.build()
    victim = project.root / "precious.txt"
    victim.write_text("keep me")
    path = manifest.path_in(project.out)
    data = json.loads(path.read_text())
    data["guides"]["ghost"] = {"source": "ghost.md", "meta": {}, "warnings": [], "outputs": {
        "txt": {"file": "../precious.txt", "sha256": "x", "size": 1, "mtime_ns": 1,
                "inputs": {}}}}
    path.write_text(json.dumps(data))
    lines = Lines()
    project.build(lines=lines)
    assert victim.read_text() == "keep me"
    assert "is damaged" in lines.problems[0]


def test_the_manifest_records_every_input_of_every_output(project: Project) -> None:
    project.build(formats=("html", "pdf", "txt"), paper="a4")
    data = json.loads(manifest.path_in(project.out).read_text())
    assert data["format"] == manifest.FORMAT_VERSION
    gamma = data["guides"]["gamma"]["outputs"]
    assert set(gamma) == {"html", "pdf", "txt"}
    fonts = {f"font:{name}" for name in shipped.digests()}
    assert set(gamma["pdf"]["inputs"]) == {
        "source", "image:images/training-path.svg", "template:pdf/handout.html",
        "template:pdf/handout.css", "option:paper", "code", "tool:pandoc", "tool:python",
        "tool:jinja2", "tool:lxml", "tool:nh3", "tool:weasyprint", "tool:pydyf",
        "tool:fonttools", "tool:fontpkg-atkinson-hyperlegible", "tool:fontpkg-noto-sans",
        "tool:fontpkg-almarai", "tool:segno", *fonts}
    assert len(fonts) == 8
    assert not any(key.startswith("font:") for key in gamma["html"]["inputs"])
    assert gamma["pdf"]["inputs"]["option:paper"] == "a4"
    assert "tool:weasyprint" not in gamma["txt"]["inputs"]
    assert not any(key.startswith("template:") for key in gamma["txt"]["inputs"])
    assert "image:images/training-path.svg" not in data["guides"]["alpha"]["outputs"]["txt"][
        "inputs"]
    assert data["pandoc"]["version"] == gamma["pdf"]["inputs"]["tool:pandoc"]


def test_the_manifest_reads_back_as_written_and_its_snapshot_sees_any_change(
        project: Project) -> None:
    project.build()
    written = manifest.path_in(project.out).read_bytes()
    recorded, _ = manifest.load(project.out)
    assert recorded.to_json() == written
    assert json.loads(recorded.snapshot()) == json.loads(written)
    before = recorded.snapshot()
    record = next(iter(recorded.guides.values()))
    next(iter(record.outputs.values())).inputs["template"] = "changed"
    assert recorded.snapshot() != before
    record.facts["headings"] = []
    assert json.loads(recorded.snapshot())["guides"][record.source.removesuffix(".md")][
        "facts"]["headings"] == []
