"""Plain-text checks, each shown to catch a deliberately broken text file."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from guidepress.validate import expect, text
from guidepress.validate.report import Check, Result

Edit = Callable[[Path, str, str], Path]


def results(path: Path, wanted: expect.Expected) -> dict[str, Check]:
    return {check.id: check for check in text.check(path, wanted)}


def test_the_built_text_passes(outputs: dict[str, Path], expected: expect.Expected) -> None:
    checks = results(outputs["txt"], expected)
    assert [(c.id, c.result) for c in checks.values()] == [
        ("txt.utf8", Result.PASS), ("txt.coverage", Result.PASS), ("txt.residue", Result.PASS)]


@pytest.mark.parametrize(("residue", "what"), [
    ("**Treatment.**", "strong or emphasis"),
    ("[the AMA](https://www.ama-assn.org/)", "link or image"),
    ("<em>care</em>", "HTML tag"),
    ("cancer &amp; blood", "character reference"),
    ("## In short", "heading mark"),
    ("{#in-short}", "attribute block"),
    ("see note [^1]", "footnote mark"),
])
def test_markup_residue_is_caught(outputs: dict[str, Path], expected: expect.Expected,
                                  edit_text: Edit, residue: str, what: str) -> None:
    page = outputs["txt"]
    page.write_text(page.read_text(encoding="utf-8") + f"\n{residue}\n", encoding="utf-8")
    check = results(page, expected)["txt.residue"]
    assert check.result is Result.FAIL
    assert any(what in f.message and f.rule == "markup-residue" for f in check.findings)
    assert all(f.where.startswith("line ") for f in check.findings)


def test_invalid_utf8_is_caught(outputs: dict[str, Path], expected: expect.Expected) -> None:
    page = outputs["txt"]
    page.write_bytes(page.read_bytes().replace(b"Oncology", b"Oncol\xf6gy", 1))
    checks = results(page, expected)
    (finding,) = checks["txt.utf8"].findings
    assert "not valid UTF-8" in finding.message and finding.where == "line 1"
    assert list(checks) == ["txt.utf8"]  # nothing else can be read


def test_missing_headings_alt_text_and_links_are_caught(outputs: dict[str, Path],
                                                        expected: expect.Expected,
                                                        edit_text: Edit) -> None:
    page = edit_text(outputs["txt"], "Key terms\n---------", "Glossary\n--------")
    edit_text(page, "Image description: Flow chart", "Image description: A chart")
    body = page.read_text(encoding="utf-8").replace("https://freida.ama-assn.org/", "FREIDA")
    page.write_text(body, encoding="utf-8")
    findings = results(page, expected)["txt.coverage"].findings
    assert {f.rule for f in findings} == {"heading", "alt-text", "link"}
    assert any("Key terms" in f.message for f in findings)


def test_a_heading_without_its_underline_is_caught(outputs: dict[str, Path],
                                                   expected: expect.Expected,
                                                   edit_text: Edit) -> None:
    page = edit_text(outputs["txt"], "Key terms\n---------\n", "Key terms\n")
    (finding,) = results(page, expected)["txt.coverage"].findings
    assert "not a heading line underlined with ---" in finding.message
