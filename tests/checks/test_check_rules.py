"""One golden folder per rule code: fail.md gives exactly golden.txt for that code, pass.md
gives no finding at all, and so does every other pass-*.md beside it (each a case the rule
once got wrong). Walks the registry, so a rule without its folder fails."""

from __future__ import annotations

from pathlib import Path

import pytest

from guidepress.checks import apply as checks
from guidepress.checks.registry import RULES

from .conftest import RULES_DIR, build, compare_golden

CODES = [rule.code for rule in RULES]
FILES = ("fail.md", "pass.md", "golden.txt")


def findings_text(path: Path, code: str | None, monkeypatch: pytest.MonkeyPatch) -> str:
    monkeypatch.chdir(path.parent)  # findings then name the file as "fail.md"
    found = checks.check_document(build(Path(path.name))).findings
    return "".join(f.text() + "\n" for f in found if code is None or f.code == code)


def test_every_rule_has_a_folder_and_every_folder_a_rule() -> None:
    folders = {p.name for p in RULES_DIR.iterdir() if p.is_dir()}
    assert folders == set(CODES)
    for code in CODES:
        missing = [name for name in FILES if not (RULES_DIR / code / name).is_file()]
        assert not missing, f"{code} has no {', '.join(missing)}"


@pytest.mark.parametrize("code", CODES)
def test_fail_example_gives_the_golden_findings(code: str, monkeypatch: pytest.MonkeyPatch,
                                                update_golden: bool) -> None:
    actual = findings_text(RULES_DIR / code / "fail.md", code, monkeypatch)
    assert actual, f"{code}/fail.md does not trigger {code}"
    compare_golden(RULES_DIR / code / "golden.txt", actual, update_golden)


PASSES = sorted(path.relative_to(RULES_DIR).as_posix() for code in CODES
                for path in (RULES_DIR / code).glob("pass*.md"))


@pytest.mark.parametrize("case", PASSES)
def test_pass_example_is_clean(case: str, monkeypatch: pytest.MonkeyPatch) -> None:
    assert findings_text(RULES_DIR / case, None, monkeypatch) == ""
