"""Today's date comes from `guidepress.clock`; a passed `review_by` is a warning of `check`
and never reaches the build, so no output depends on the day it was made."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from click.testing import CliRunner

from guidepress import clock
from guidepress.checks import apply
from guidepress.checks.findings import Finding
from guidepress.cli import main

from .conftest import RULES_DIR, build

OVERDUE = RULES_DIR / "M008" / "fail.md"


def codes(findings: list[Finding]) -> list[str]:
    return [finding.code for finding in findings]


def test_check_reports_a_passed_review_date_and_the_build_does_not() -> None:
    document = build(OVERDUE)
    assert "M008" in codes(apply.check_document(document).findings)
    assert "M008" not in codes(apply.run(document))


def test_the_date_comes_from_the_clock() -> None:
    document = build(OVERDUE)
    with clock.frozen(dt.date(2025, 12, 31)):
        assert "M008" not in codes(apply.check_document(document).findings)
    with clock.frozen(dt.date(2026, 1, 2)):
        assert "M008" in codes(apply.check_document(document).findings)


def test_check_command_warns_and_a_strict_build_still_passes(tmp_path: Path) -> None:
    source = tmp_path / "source"
    source.mkdir()
    (source / "guide.md").write_bytes(OVERDUE.read_bytes())
    runner = CliRunner()
    checked = runner.invoke(main, ["check", "--source", str(source), "--strict"])
    assert checked.exit_code == 1 and "M008 warning: review_by (2026-01-01) has passed" in (
        checked.stdout)
    outputs = []
    for today in (dt.date(2026, 3, 1), dt.date(2030, 1, 1)):
        out = tmp_path / f"out-{today}"
        with clock.frozen(today):
            built = runner.invoke(main, ["build", "--source", str(source), "--out", str(out),
                                         "--format", "html", "--strict", "--quiet"])
        assert built.exit_code == 0, built.output
        outputs.append((out / "guide" / "guide.html").read_bytes())
    assert outputs[0] == outputs[1]
