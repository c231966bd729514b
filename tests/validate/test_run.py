"""`guidepress validate` end to end: the Medical Oncology outputs pass every check, a broken
output fails with the expected findings and withdraws the EPUB claims it backed, and a missing
validator gives a message that says how to install it."""

from __future__ import annotations

import datetime as dt
import json
import zipfile
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import CliRunner

from guidepress.build import build
from guidepress.cli import main
from guidepress.formats import epub, epubclaims
from guidepress.settings import Settings
from guidepress.validate import Summary, tools, validate
from guidepress.validate.report import Result

from ..conftest import MINIMAL, SOURCE
from .conftest import SLUG

Edit = Callable[[Path, str, str], Path]


def run(out_dir: Path) -> Summary:
    return validate((SLUG,), Settings(source_dir=SOURCE, out_dir=out_dir), echo=lambda line: None)


def package_meta(epub: Path, prop: str) -> list[str]:
    from lxml import etree

    with zipfile.ZipFile(epub) as archive:
        root = etree.fromstring(archive.read("EPUB/content.opf"))
    return [m.text or "" for m in root.iter("{http://www.idpf.org/2007/opf}meta")
            if m.get("property") == prop]


@pytest.mark.validators
def test_medical_oncology_passes_every_check(outputs: dict[str, Path]) -> None:
    folder = outputs["html"].parent
    epub_before = outputs["epub"].read_bytes()
    summary = run(folder.parent)
    assert summary.exit_code == 0
    (report,) = summary.reports
    assert {c.id: [str(f) for f in c.findings] for c in report.checks
            if c.result not in (Result.PASS, Result.NOT_APPLICABLE)} == {}
    data = json.loads((folder / "conformance.json").read_text(encoding="utf-8"))
    ids = {check["id"] for check in data["checks"]}
    assert {"html.axe.desktop", "html.axe.narrow", "html.reflow", "html.nu", "epub.epubcheck",
            "epub.ace", "epub.xml", "pdf.tagged", "pdf.reading-order", "txt.residue",
            "all.headings", "report.axe.narrow", "report.nu", "epub.claims",
            "large-print.tagged", "large-print.page", "large-print.text-size",
            "large-print.upright"} <= ids
    for check in data["checks"]:
        assert check["tool"] and check["tool_version"] and check["refs"], check["id"]
        assert check["result"] in ("pass", "fail", "not applicable", "needs human review")
    assert {r["id"] for r in data["reviews"]} >= {"review.alt-text", "review.pdf-order"}
    # Every claim was backed, so the EPUB the build wrote is the one that was checked.
    assert outputs["epub"].read_bytes() == epub_before
    assert data["claims"]["withdrawn"] == []
    for prop in ("schema:accessibilityFeature", "dcterms:conformsTo"):
        assert package_meta(outputs["epub"], prop) == data["claims"][prop]
    assert "<main" in (folder / "conformance.html").read_text(encoding="utf-8")


@pytest.mark.validators
def test_broken_outputs_fail_and_withdraw_the_claims_they_backed(outputs: dict[str, Path],
                                                                 edit_text: Edit) -> None:
    edit_text(outputs["html"], ' alt="Flow chart', ' data-alt="Flow chart')
    txt = outputs["txt"]
    txt.write_text(txt.read_text(encoding="utf-8") + "\n**Remember** this.\n", encoding="utf-8")
    entries = epub.read_entries(outputs["epub"].read_bytes())
    chapter = "EPUB/text/ch001.xhtml"
    entries[chapter] = entries[chapter].replace(b' alt="Flow chart', b' data-alt="Flow chart')
    outputs["epub"].write_bytes(epub.write_entries(entries, dt.date(2026, 11, 25)))
    summary = run(outputs["html"].parent.parent)
    assert summary.exit_code == 1
    (report,) = summary.reports
    failed = {c.id: {f.rule.split(" ")[0] for f in c.findings} for c in report.failed}
    assert failed == {"html.axe.desktop": {"image-alt"}, "html.axe.narrow": {"image-alt"},
                      "epub.ace": {"image-alt"}, "txt.residue": {"markup-residue"},
                      "all.alt-text": {"alt-text"}}
    alt = {f.where for f in next(c for c in report.checks if c.id == "all.alt-text").findings}
    assert alt == {"HTML", "EPUB"}
    # The claims that the failed checks backed are withdrawn from the EPUB, which is checked
    # again; the claims that still hold stay.
    assert {"schema:accessibilityFeature: alternativeText", "schema:accessModeSufficient: textual",
            f"dcterms:conformsTo: {epubclaims.CONFORMS_TO}"} <= set(report.claims["withdrawn"])
    assert package_meta(outputs["epub"], "dcterms:conformsTo") == []
    # A failed Ace run backs nothing, so the headings claim it backed goes too.
    assert package_meta(outputs["epub"], "schema:accessibilityFeature") == [
        "tableOfContents", "readingOrder", "displayTransformability"]
    (summary_text,) = package_meta(outputs["epub"], "schema:accessibilitySummary")
    assert "Some images may lack a text alternative." in summary_text
    results = {c.id: c.result for c in report.checks}
    for check_id in ("epub.epubcheck", "epub.claims", "report.axe.desktop", "report.nu"):
        assert results[check_id] is Result.PASS, check_id


@pytest.mark.validators
def test_a_problem_in_another_format_does_not_withdraw_epub_claims(
    outputs: dict[str, Path], edit_text: Edit
) -> None:
    epub_before = outputs["epub"].read_bytes()
    edit_text(outputs["html"], ' alt="Flow chart', ' data-alt="Flow chart')
    (report,) = run(outputs["html"].parent.parent).reports
    assert {c.id for c in report.failed} == {"html.axe.desktop", "html.axe.narrow",
                                             "all.alt-text"}
    assert report.claims["withdrawn"] == []
    assert outputs["epub"].read_bytes() == epub_before


@pytest.mark.validators
def test_a_guide_without_images_tables_or_links(make_source: Callable[..., Path],
                                                tmp_path: Path) -> None:
    """Checks with nothing to check are "not applicable", and the report, with its extra
    column, still passes its own checks at 320 px."""
    guide = make_source(MINIMAL.replace("Some text with a [useful link](https://example.org/page).",
                                        "Some plain text."))
    out = tmp_path / "out"
    settings = Settings(source_dir=guide.parent, out_dir=out)
    assert build((), settings, echo=lambda line: None).exit_code == 0
    summary = validate((), settings, echo=lambda line: None)
    (report,) = summary.reports
    results = {c.id: c.result for c in report.checks}
    assert summary.exit_code == 0
    not_applicable = {i for i, r in results.items() if r is Result.NOT_APPLICABLE}
    assert not_applicable == {"pdf.figures", "pdf.lists", "pdf.tables", "pdf.links",
                              "large-print.figures", "large-print.lists",
                              "large-print.tables", "large-print.links",
                              "docx.alt-text", "docx.table-header", "docx.footnotes",
                              "all.alt-text", "all.links", "all.table-headers"}
    assert results["report.reflow"] is Result.PASS and results["report.axe.narrow"] is Result.PASS


def test_a_missing_validator_says_how_to_install_it(tmp_path: Path,
                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("GUIDEPRESS_NODE_MODULES", str(tmp_path / "node_modules"))
    with pytest.raises(tools.ToolMissing) as caught:
        run(tmp_path)
    assert caught.value.exit_code == 3
    assert "npm validators" in caught.value.message
    assert "npm ci --ignore-scripts" in caught.value.hint
    assert "scripts/install-validators.sh" in caught.value.hint


def test_missing_system_tools_are_all_named(tmp_path: Path,
                                            monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PATH", str(tmp_path))
    monkeypatch.delenv("JAVA_HOME", raising=False)
    result = CliRunner().invoke(main, ["validate", "--source", str(SOURCE),
                                       "--out", str(tmp_path)])
    assert result.exit_code == 3
    assert "Traceback" not in result.output
    assert isinstance(result.exception, SystemExit)
    for words in ("Java", "default-jre-headless", "Chromium", "apt-get install -y chromium",
                  "Node.js"):
        assert words in result.output


def test_validate_has_help() -> None:
    result = CliRunner().invoke(main, ["validate", "--help"])
    assert result.exit_code == 0 and "conformance.html" in result.output


def test_the_browser_answers_only_the_thread_that_runs_the_validation() -> None:
    """Validators that drive Chromium say so (`browser = True`) and run on the run's own
    thread; the others run in a worker thread, where asking for the browser is a clear error
    rather than a hang inside Playwright."""
    import threading
    from concurrent.futures import ThreadPoolExecutor

    from guidepress.errors import ToolError
    from guidepress.validate.base import Session
    from guidepress.validate.registry import output_validators, registry

    assert {v.name for v in output_validators() if v.browser} == {"axe", "epub-package"}
    with ThreadPoolExecutor(max_workers=1) as pool:
        session = Session(Settings(), pool, registry())
        failed: list[str] = []

        def ask() -> None:
            try:
                session.browser  # noqa: B018
            except ToolError as error:
                failed.append(str(error))

        thread = threading.Thread(target=ask)
        thread.start()
        thread.join()
        session.close()
    assert failed == ["a validator used the browser outside the run's main thread (declare "
                      "`browser = True` on the validator that drives it)"]
