"""Incremental builds: each kind of change rebuilds exactly the outputs it affects, and says why."""

from __future__ import annotations

import json
import subprocess
import sys

from guidepress.outdir import manifest

from .conftest import Lines, Project, built, guide_text

ALL = {f"{slug}.{fmt}" for slug in ("alpha", "beta", "gamma") for fmt in ("html", "txt")}


def test_first_build_makes_everything_and_a_no_op_rebuild_touches_nothing(
    project: Project,
) -> None:
    first = project.build()
    assert built(first) == ALL | {"index.html"}
    assert first.built == ["alpha", "beta", "gamma"] and first.exit_code == 0
    stamps = project.stamps()
    lines = Lines()
    again = project.build(lines=lines)
    assert again.written == [] and len(again.skipped) == len(ALL) + 1
    assert project.stamps() == stamps  # not one file written, the manifest included
    assert lines.said == [] and lines.problems == []


NO_OP = """
import sys
from pathlib import Path
from guidepress.build import build
from guidepress.settings import Settings
source, out, templates = map(Path, sys.argv[1:])
settings = Settings(formats=("html", "txt"), source_dir=source, out_dir=out,
                    templates_dir=templates)
written = build((), settings, echo=lambda line: None).written
print(len(written), [name for name in ("weasyprint", "pypandoc", "guidepress.checks.apply")
                     if name in sys.modules])
"""


def test_a_no_op_rebuild_parses_nothing_and_runs_no_tool(project: Project) -> None:
    def fresh_build() -> str:  # in a new interpreter, to see what it had to load
        folders = [str(project.source), str(project.out), str(project.templates)]
        done = subprocess.run([sys.executable, "-c", NO_OP, *folders], capture_output=True,
                              text=True, check=True)
        return done.stdout

    assert fresh_build().startswith("7 ")
    assert fresh_build() == "0 []\n"


def test_editing_one_guide_rebuilds_that_guide_only(project: Project) -> None:
    project.build()
    path = project.write("beta", guide_text("Beta", "Changed words."))
    lines = Lines()
    summary = project.build(lines=lines)
    assert built(summary) - {"index.html"} == {"beta.html", "beta.txt"}
    assert f"beta (html, txt): {path} changed" in lines.said
    assert "Changed words." in (project.out / "beta" / "beta.txt").read_text()


def test_a_shared_template_rebuilds_its_format_for_every_guide_and_nothing_else(
    project: Project,
) -> None:
    project.build()
    css = project.templates / "html" / "page.css"
    css.write_text(css.read_text() + "\n/* changed */\n")
    lines = Lines()
    summary = project.build(lines=lines)
    assert built(summary) == {"alpha.html", "beta.html", "gamma.html"}
    assert f"alpha.html: {css} changed" in lines.said
    assert b"/* changed */" in (project.out / "gamma" / "gamma.html").read_bytes()


def test_editing_an_image_rebuilds_the_guides_that_use_it(project: Project) -> None:
    project.build()
    image = project.source / "images" / "training-path.svg"
    image.write_text(image.read_text().replace("</svg>", "<!-- edited --></svg>"))
    lines = Lines()
    summary = project.build(lines=lines)
    assert built(summary) == {"gamma.html", "gamma.txt"}
    assert f"gamma (html, txt): {image} changed" in lines.said


def test_an_option_rebuilds_only_the_formats_it_changes(project: Project) -> None:
    project.build("alpha", formats=("pdf", "txt"))
    lines = Lines()
    summary = project.build("alpha", formats=("pdf", "txt"), paper="a4", lines=lines)
    assert built(summary) - {"index.html"} == {"alpha.pdf"}
    assert "alpha.pdf: --paper changed from letter to a4" in lines.said


def test_a_new_tool_version_or_new_code_rebuilds_everything(project: Project) -> None:
    project.build()
    path = manifest.path_in(project.out)
    data = json.loads(path.read_text())
    for guide in data["guides"].values():
        for output in guide["outputs"].values():
            output["inputs"]["tool:pandoc"] = "2.0"
    data["guides"]["alpha"]["outputs"]["txt"]["inputs"]["code"] = "old"
    path.write_text(json.dumps(data))
    lines = Lines()
    summary = project.build(lines=lines)
    assert built(summary) == ALL
    assert "beta (html, txt): pandoc changed from 2.0 to " in "\n".join(lines.said)
    assert ("alpha.txt: the guidepress code changed; pandoc changed from 2.0 to"
            in "\n".join(lines.said))


def test_an_output_deleted_or_edited_by_hand_is_made_again(project: Project) -> None:
    project.build()
    (project.out / "alpha" / "alpha.txt").unlink()
    page = project.out / "beta" / "beta.html"
    good = page.read_bytes()
    page.write_bytes(good.replace(b"Beta", b"Bxta"))
    lines = Lines()
    summary = project.build(lines=lines)
    assert built(summary) == {"alpha.txt", "beta.html"}
    assert f"alpha.txt: {project.out / 'alpha' / 'alpha.txt'} is missing" in lines.said
    assert f"beta.html: {page} was changed outside the build" in lines.said
    assert page.read_bytes() == good


def test_force_rebuilds_all_and_explain_changes_nothing(project: Project) -> None:
    project.build()
    project.write("alpha", guide_text("Alpha", "New."))
    stamps = project.stamps()
    lines = Lines()
    plan = project.build(dry_run=True, lines=lines)
    assert plan.dry_run and built(plan) - {"index.html"} == {"alpha.html", "alpha.txt"}
    assert any(line.startswith("would build alpha (html, txt):") for line in lines.said)
    assert project.stamps() == stamps
    forced = project.build(force=True)
    assert built(forced) == ALL | {"index.html"}


def test_removed_and_renamed_guides_lose_their_outputs_and_nothing_else(
    project: Project,
) -> None:
    project.build()
    keep = project.out / "beta" / "notes-of-mine.txt"
    keep.write_text("mine")
    (project.source / "alpha.md").rename(project.source / "alpha-two.md")
    (project.source / "beta.md").unlink()
    lines = Lines()
    summary = project.build(lines=lines)
    assert not (project.out / "alpha").exists()
    assert sorted(p.name for p in (project.out / "beta").iterdir()) == ["notes-of-mine.txt"]
    assert {"alpha-two.html", "alpha-two.txt"} <= built(summary)
    assert f"beta: removed its outputs ({project.source / 'beta.md'} is gone)" in lines.said
    assert "beta" not in json.loads(manifest.path_in(project.out).read_text())["guides"]
    assert "beta/beta.html" not in (project.out / "index.html").read_text()


def test_a_named_build_leaves_the_other_guides_alone(project: Project) -> None:
    project.build()
    (project.source / "beta.md").unlink()
    summary = project.build("alpha", force=True)
    assert built(summary) == {"alpha.html", "alpha.txt", "index.html"}
    assert (project.out / "beta" / "beta.txt").exists()  # only a full build removes


def test_a_failed_guide_writes_nothing_and_is_tried_again(project: Project) -> None:
    project.build()
    before = project.outputs()
    project.write("beta", guide_text("Beta").replace("updated: 2026-11-25", "updated: soon"))
    lines = Lines()
    summary = project.build(lines=lines)
    assert summary.failed == ["beta"] and summary.exit_code == 1
    assert any(line.startswith(f"error: {project.source / 'beta.md'}:5: `updated` must be")
               for line in lines.problems)
    assert project.outputs() == before
    assert project.build().failed == ["beta"]  # still stale, so tried (and failing) again
    project.write("beta", guide_text("Beta", "Fixed."))
    assert built(project.build()) - {"index.html"} == {"beta.html", "beta.txt"}


def test_a_broken_template_fails_its_format_with_a_clear_message(project: Project) -> None:
    project.build()
    page = project.templates / "html" / "page.html"
    good = page.read_text()
    page.write_text(good.replace("{% endif %}", "{% endiff %}", 1))
    lines = Lines()
    summary = project.build(lines=lines)
    assert summary.failed == ["alpha", "beta", "gamma"] and summary.exit_code == 1
    assert any(line.startswith(f"error: {page}:") and "template error" in line
               for line in lines.problems), lines.problems
    page.write_text(good)
    assert project.build().exit_code == 0
