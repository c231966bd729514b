"""Results kept between runs: a second run over the same outputs checks nothing again and says
so; a changed output is checked again with everything that depends on it (the checks that
compare formats, braille against plain text, the report's own checks); --force checks all.
The keys follow the validators' code, and the kept file stays one run's size."""

from __future__ import annotations

import importlib
import json
import sys
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path

import pytest

from guidepress.settings import Settings
from guidepress.validate import Summary, keys, validate
from guidepress.validate.base import Outcome
from guidepress.validate.cache import FILENAME, ResultCache
from guidepress.validate.report import Check, Finding, Report, Result, Review

from ..conftest import SOURCE
from .conftest import SLUG

Edit = Callable[[Path, str, str], Path]


def run(out_dir: Path, force: bool = False) -> Summary:
    return validate((SLUG,), Settings(source_dir=SOURCE, out_dir=out_dir, force=force),
                    echo=lambda line: None)


def report_data(folder: Path) -> dict[str, object]:
    data: dict[str, object] = json.loads((folder / "conformance.json").read_text("utf-8"))
    return data


@pytest.mark.validators
def test_unchanged_outputs_are_not_checked_again(outputs: dict[str, Path],
                                                 edit_text: Edit) -> None:
    folder = outputs["html"].parent
    (first,) = run(folder.parent).reports
    assert first.checks and not any(check.cached for check in first.checks)
    stamp = first.checks[0].checked
    assert stamp.endswith("Z") and all(check.checked == stamp for check in first.checks)

    # Nothing changed: every result is kept, no tool runs, and the report says so.
    (second,) = run(folder.parent).reports
    assert [(c.id, c.result, c.findings) for c in second.checks] == [
        (c.id, c.result, c.findings) for c in first.checks]
    assert all(check.cached and check.checked == stamp for check in second.checks)
    assert second.claims == first.claims and len(second.reviews) == len(first.reviews)
    timings = report_data(folder)["timings"]
    assert isinstance(timings, dict)
    assert not {"axe", "nu", "epubcheck", "ace", "report-axe", "report-nu"} & set(timings)
    page = (folder / "conformance.html").read_text(encoding="utf-8")
    assert f'from cache, checked on <time datetime="{stamp}">' in page
    assert f"{len(second.checks)} of the {len(second.checks)} results are from earlier runs" \
        in page

    # Markup left in the plain text: its checks, braille (compared with it), the checks
    # across formats and the report's own run again; the other formats' results are kept.
    edit_text(outputs["txt"], "In short", "**In short**")
    (third,) = run(folder.parent).reports
    fresh = {check.id for check in third.checks if not check.cached}
    assert {"txt.residue", "txt.coverage", "brf.format", "all.headings", "epub.claims",
            "report.axe.desktop", "report.nu"} <= fresh
    assert {c for c in fresh if c.split(".")[0] in ("html", "epub", "pdf", "docx")} == {
        "epub.claims"}  # it reads every check
    assert {c.id for c in third.failed} >= {"txt.residue"}

    # --force checks everything again.
    (forced,) = run(folder.parent, force=True).reports
    assert not any(check.cached for check in forced.checks)
    assert {c.id for c in forced.failed} == {c.id for c in third.failed}


def outcome(*findings: Finding) -> Outcome:
    check = Check("x.check", "x", "A check", Result.FAIL if findings else Result.PASS,
                  "tool", "1.0", findings=findings, detail="what")
    return Outcome([check], [Review("review.x", "x", "Look", "at it")],
                   {"plain": {"images": [1, 2]}, "object": object()})


def test_kept_results_come_back_marked_and_without_objects(tmp_path: Path) -> None:
    kept = ResultCache.open(tmp_path)
    kept.put("k1", "guide-a", outcome(Finding("bad", "here", "rule", "fix", ("1.1.1",))),
             "2026-11-25T10:00:00Z")
    kept.save(["guide-a"])
    again = ResultCache.open(tmp_path)
    found = again.get("k1")
    assert found is not None and again.get("k2") is None
    (check,) = found.checks
    assert check.cached and check.checked == "2026-11-25T10:00:00Z"
    assert check.findings == (Finding("bad", "here", "rule", "fix", ("1.1.1",)),)
    assert found.reviews == [Review("review.x", "x", "Look", "at it")]
    assert found.notes == {"plain": {"images": [1, 2]}}  # a parsed EPUB is read again
    assert ResultCache.open(tmp_path, force=True).get("k1") is None


def test_the_file_keeps_other_guides_and_only_what_a_run_used(tmp_path: Path) -> None:
    first = ResultCache.open(tmp_path)
    for key, slug in (("a-old", "guide-a"), ("a-used", "guide-a"), ("b", "guide-b")):
        first.put(key, slug, outcome(), "2026-11-25T10:00:00Z")
    first.save(["guide-a", "guide-b"])
    second = ResultCache.open(tmp_path)
    assert second.get("a-used") is not None
    second.put("a-new", "guide-a", outcome(), "2026-11-26T10:00:00Z")
    second.save(["guide-a"])
    results = json.loads((tmp_path / FILENAME).read_text(encoding="utf-8"))["results"]
    assert set(results) == {"a-used", "a-new", "b"}


def test_a_damaged_file_keeps_nothing(tmp_path: Path) -> None:
    (tmp_path / FILENAME).write_text("{not json", encoding="utf-8")
    assert ResultCache.open(tmp_path).get("anything") is None
    (tmp_path / FILENAME).write_text('{"format": 99, "results": {"k": {}}}', encoding="utf-8")
    assert ResultCache.open(tmp_path).get("k") is None


def test_the_report_key_ignores_the_run_times_only() -> None:
    check = Check("a.b", "a", "T", Result.PASS, "tool", "1")
    base = Report("slug", "Title", "en", {"html": "slug.html"}, [check])
    later = Report("slug", "Title", "en", {"html": "slug.html"},
                   [replace(check, checked="2026-11-26T00:00:00Z", cached=True)],
                   date="2026-11-26", seconds=9.5, timings={"axe": 1.0})
    failing = Report("slug", "Title", "en", {"html": "slug.html"},
                     [replace(check, result=Result.FAIL, findings=(Finding("x"),))])
    assert keys.content(base) == keys.content(later)
    assert keys.content(base) != keys.content(failing)


def test_a_validators_code_includes_what_it_imports_even_inside_functions(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    package = tmp_path / "kcpkg"
    package.mkdir()
    (package / "__init__.py").write_text("", encoding="utf-8")
    (package / "checker.py").write_text(
        "import json\nimport lxml.etree\n\ndef check():\n"
        "    from . import helper\n    from kcpkg.rules import (\n        RULE,\n    )\n"
        "    return helper.VALUE, RULE\n", encoding="utf-8")
    (package / "helper.py").write_text("VALUE = 1\n", encoding="utf-8")
    (package / "rules.py").write_text("RULE = 1\n", encoding="utf-8")
    (package / "unused.py").write_text("X = 1\n", encoding="utf-8")
    monkeypatch.syspath_prepend(str(tmp_path))
    importlib.import_module("kcpkg.checker")
    try:
        files, libraries = keys._closure("kcpkg.checker")
        assert set(files) == {"kcpkg", "kcpkg.checker", "kcpkg.helper", "kcpkg.rules"}
        assert libraries == {"lxml"}  # json is the standard library's
        before = keys.code("kcpkg.checker")
        (package / "unused.py").write_text("X = 2\n", encoding="utf-8")
        keys.code.cache_clear()
        keys._file_hash.cache_clear()
        assert keys.code("kcpkg.checker") == before
        (package / "rules.py").write_text("RULE = 2\n", encoding="utf-8")
        keys.code.cache_clear()
        keys._file_hash.cache_clear()
        assert keys.code("kcpkg.checker") != before
    finally:
        for name in [n for n in sys.modules if n.split(".")[0] == "kcpkg"]:
            del sys.modules[name]
        keys.code.cache_clear()
        keys._file_hash.cache_clear()
