"""The large-print edition in the build: `--format large-print`, its inputs in the manifest,
rebuilt when (and only when) they change, the same bytes every time, and in the catalogue."""

from __future__ import annotations

import json
import shutil

import lxml.html

from guidepress import fonts
from guidepress.outdir import manifest

from ..conftest import GUIDE
from .conftest import Lines, Project, built

FILE = "gamma/gamma-large-print.pdf"


def test_format_large_print_builds_only_the_large_print(project: Project) -> None:
    done = project.cli("build", "--format", "large-print", "gamma")
    assert done.returncode == 0, done.stderr
    assert set(project.outputs()) == {"index.html", FILE}
    assert (project.out / FILE).read_bytes().startswith(b"%PDF-")


def test_the_manifest_records_every_input_of_the_large_print(project: Project) -> None:
    project.build("gamma", formats=("large-print",), paper="a4")
    data = json.loads(manifest.path_in(project.out).read_text())
    record = data["guides"]["gamma"]["outputs"]["large-print"]
    assert record["file"] == FILE
    inputs = record["inputs"]
    assert {"source", "image:images/training-path.svg", "template:large-print/page.html",
            "template:large-print/page.css", "option:paper", "code", "tool:weasyprint",
            "tool:segno", "tool:fontpkg-atkinson-hyperlegible"} <= set(inputs)
    assert {f"font:{name}" for name in fonts.digests()} <= set(inputs)
    assert inputs["option:paper"] == "a4"


def test_its_templates_and_the_paper_rebuild_it_and_nothing_else(project: Project) -> None:
    formats = ("html", "pdf", "large-print")
    project.build(formats=formats)
    css = project.templates / "large-print" / "page.css"
    css.write_text(css.read_text() + "\n/* changed */\n")
    lines = Lines()
    summary = project.build(formats=formats, lines=lines)
    assert built(summary) == {"alpha.large-print", "beta.large-print", "gamma.large-print"}
    assert f"alpha.large-print: {css} changed" in lines.said
    summary = project.build(formats=formats, paper="a4")
    assert built(summary) - {"index.html"} == {f"{slug}.{fmt}" for slug in ("alpha", "beta",
                                               "gamma") for fmt in ("pdf", "large-print")}
    assert built(project.build(formats=formats, paper="a4")) == set()


def test_two_builds_give_byte_identical_large_print(project: Project) -> None:
    shutil.copy(GUIDE, project.source / GUIDE.name)
    names = ("gamma", GUIDE.stem)
    assert project.build(*names, formats=("large-print",)).exit_code == 0  # worker processes
    made = project.outputs()
    assert f"{GUIDE.stem}/{GUIDE.stem}-large-print.pdf" in made
    shutil.rmtree(project.out)
    assert project.build(*names, formats=("large-print",), jobs=1).exit_code == 0
    assert project.outputs() == made


def test_the_catalogue_links_the_large_print(project: Project) -> None:
    project.build("gamma", formats=("pdf", "large-print"))
    page = lxml.html.fromstring((project.out / "index.html").read_bytes())
    links = page.get_element_by_id("gamma").getparent().findall(".//a")
    assert [a.get("href") for a in links] == ["gamma/gamma.pdf", FILE]
    assert links[1].text_content() == "Large-print edition of Gamma"
