"""The checks core without the CLI: registry, positions, suppression, exit status, reports."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest

from guidepress.checks import apply as checks
from guidepress.checks import report
from guidepress.checks.findings import Finding, exit_status
from guidepress.checks.registry import FAMILIES, RULES, Registry, Rule, rules_markdown
from guidepress.checks.tree import Pos, parse_pos, unwrap
from guidepress.read import document, source

from ..conftest import GUIDE, ROOT
from .conftest import compare_golden

HEAD = """---
title: Test guide
lang: en
description: A short guide used by the tests.
updated: 2026-01-01
{extra}---

"""


def guide(make_source: Callable[..., Path], body: str, extra: str = "") -> Path:
    return make_source(HEAD.format(extra=extra) + body)


# --- registry ---------------------------------------------------------------------------------

def _rule(code: str, family: str = "accessibility") -> Rule:
    return Rule(code, family, "error", "A rule", lambda ctx: [], "fix it")


def test_registry_refuses_a_duplicate_code() -> None:
    with pytest.raises(ValueError, match="registered twice"):
        Registry([_rule("A900"), _rule("A900")])


@pytest.mark.parametrize(("code", "family"), [("A90", "accessibility"), ("X900", "metadata"),
                                              ("R900", "accessibility")])
def test_registry_refuses_a_malformed_code_or_wrong_family(code: str, family: str) -> None:
    with pytest.raises((ValueError, KeyError)):
        Registry([_rule(code, family)])


def test_every_rule_is_in_its_family_and_has_a_title_and_hint() -> None:
    for rule in RULES:
        assert rule.family == FAMILIES[rule.code[0]]
        assert rule.title and rule.hint and rule.severity in ("error", "warning")


def test_docs_rules_table_matches_the_registry(update_golden: bool) -> None:
    compare_golden(ROOT / "docs" / "rules.md", rules_markdown(), update_golden)


# --- positions --------------------------------------------------------------------------------

def test_table_position_is_the_earliest_range() -> None:
    attr = ["", [], [["data-pos", "9:1-10:1;8:1-11:1"]]]
    assert parse_pos(attr, 4) == Pos(12, 1)


def test_every_unwrapped_element_has_a_file_position(oncology: document.Document) -> None:
    from guidepress.read import pandocast

    blocks = unwrap(oncology.positioned["blocks"], oncology.guide.body_line)
    for element in pandocast.walk(blocks):
        assert element["pos"].line >= oncology.guide.body_line, element["t"]
        attr = pandocast.attr_of(element)
        assert attr is None or pandocast.attr_value(attr, "data-pos") is None
        assert not (element["t"] == "Span" and attr and ["wrapper", "1"] in attr[2])


def test_inline_finding_has_the_file_line_and_column(make_source: Callable[..., Path]) -> None:
    path = guide(make_source, "## Part\n\nText.\n\n> - One item and [click here](https://a.example).\n")
    [found] = [f for f in checks.check_guide(path).findings if f.code == "A020"]
    assert (found.line, found.col) == (12, 18)
    assert path.read_text().splitlines()[found.line - 1][found.col - 1:].startswith("[click")


# --- suppression and exit status --------------------------------------------------------------

def test_a_switched_off_rule_is_hidden_and_reported_with_its_reason(
        make_source: Callable[..., Path]) -> None:
    reason = "The label on the box is printed in capitals."
    path = guide(make_source, "## Label\n\nDO NOT FREEZE this medicine.\n",
                 f"disable_checks:\n  A041: {reason}\n")
    result = checks.check_guide(path)
    assert [f.code for f in result.findings] == []
    [off] = result.suppressed
    assert (off.code, off.reason, off.hidden, off.line) == ("A041", reason, 1, 6)
    assert f"A041 switched off (hid 1): {reason}" in report.check_text([result])


def test_run_returns_the_findings_of_a_built_document(make_source: Callable[..., Path]) -> None:
    path = guide(make_source, "# Top\n\nText.\n")
    findings = checks.run(document.build(source.load(path)))
    assert [f.code for f in findings] == ["A001"]


def _finding(severity: str) -> Finding:
    return Finding("g.md", 1, 1, "A001", "error" if severity == "error" else "warning", "m")


@pytest.mark.parametrize(("severities", "strict", "status"), [
    ([], False, 0), (["warning"], False, 0), (["warning"], True, 1), (["error"], False, 1),
])
def test_exit_status(severities: list[str], strict: bool, status: int) -> None:
    assert exit_status([_finding(s) for s in severities], strict=strict) == status


def test_finding_prints_like_a_compiler_message_with_a_hint() -> None:
    finding = Finding("source/a.md", 12, 5, "A020", "error", "vague link", "say where")
    assert finding.text() == "source/a.md:12:5: A020 error: vague link\n    hint: say where"


def test_unreadable_guide_is_reported_not_fatal(make_source: Callable[..., Path]) -> None:
    bad = make_source("---\ntitle: X\nlang: en\n---\nText.\n", name="bad.md")
    good = guide(make_source, "## Part\n\nText.\n")
    results = checks.check_guides(bad.parent)
    assert all(r.path.endswith(n) for r, n in zip(results, ("bad.md", good.name), strict=True))
    text = report.check_text(results)
    assert "bad.md:1: the front matter has no `description` (add a line" in text
    assert checks.status(results) == 1
    data = json.loads(report.check_json(results))
    assert data["guides"][0]["error"]["line"] == 1 and data["exit_status"] == 1


# --- the Medical Oncology guide ---------------------------------------------------------------

def test_medical_oncology_passes_every_rule() -> None:
    result = checks.check_guide(GUIDE)
    assert [f.text() for f in result.findings if f.severity == "error"] == []


def test_medical_oncology_meets_its_reading_level_everywhere() -> None:
    result = checks.readability_report(GUIDE)
    assert result.guide.target == 9 and not result.guide.over
    assert [s.title for s in result.sections if s.over] == []
    assert len(result.hard) == 5


def test_readability_report_text_and_json() -> None:
    result = checks.readability_report(GUIDE, top=3)
    text = report.readability_text(result)
    assert "Target: Flesch-Kincaid grade 9 or lower" in text
    for score in result.sections:
        assert score.title[:20] in text
    assert "Hardest 3 sentences:" in text and "why:" in text
    data = json.loads(report.readability_json(result))
    assert set(data["guide"]["scores"]) == {
        "flesch_kincaid_grade", "flesch_reading_ease", "smog", "coleman_liau", "dale_chall",
        "gunning_fog", "ari"}
    assert data["guide"]["counts"]["words"] > 500 and len(data["hard_sentences"]) == 3
