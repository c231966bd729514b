"""Ace by DAISY (`ace-cli` from the npm package @daisy/ace-cli, never the Electron `ace`),
running in Debian's Chromium. Every assertion Ace reports is a violation."""

from __future__ import annotations

import json
import os
import tempfile
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from guidepress import runner
from guidepress.errors import ToolError
from guidepress.validate import tools
from guidepress.validate.base import Outcome, Output, OutputValidator, Session
from guidepress.validate.refs import EPUB_DISCOVERY, EPUB_WCAG, wcag_from_axe_tag
from guidepress.validate.report import Check, Finding, judged

TIMEOUT_SECONDS = 300
TOOL = "Ace by DAISY"


def version() -> str:
    ace = tools.npm_version("@daisy/ace-cli")
    try:
        engine = tools.npm_version("@daisy/axe-core-for-ace")
    except tools.ToolMissing:
        return ace
    return f"{ace} (axe-core {engine})"


def check(epub: Path) -> tuple[list[Finding], dict[str, Any]]:
    """Violations, and Ace's whole report (for its image list and metadata summary)."""
    with tempfile.TemporaryDirectory(prefix="guidepress-ace-") as temp:
        out = Path(temp) / "report"
        command = [tools.node(), str(tools.ace_cli()), "--force", "--silent",
                   "--outdir", str(out), "--tempdir", str(Path(temp) / "work"), str(epub.resolve())]
        env = {"PUPPETEER_EXECUTABLE_PATH": tools.chromium_path(),
               "PUPPETEER_SKIP_DOWNLOAD": "1"}
        done = runner.run(command, tool=TOOL, timeout=TIMEOUT_SECONDS,
                          env={**os.environ, **env})
        report_file = out / "report.json"
        if done.returncode != 0 or not report_file.is_file():
            raise ToolError(f"{TOOL} failed: {done.tail()}")
        report: dict[str, Any] = json.loads(report_file.read_text(encoding="utf-8"))
    return violations(report), report


def violations(report: dict[str, Any]) -> list[Finding]:
    found = []
    for document in report.get("assertions", []):
        subject = str(document.get("earl:testSubject", {}).get("url", ""))
        for assertion in document.get("assertions", []):
            found.append(to_finding(assertion, subject))
    return found


def to_finding(assertion: dict[str, Any], subject: str) -> Finding:
    test = assertion.get("earl:test", {})
    result = assertion.get("earl:result", {})
    rule = str(test.get("dct:title", ""))
    impact = str(test.get("earl:impact", ""))
    message = str(result.get("dct:description") or test.get("dct:description") or rule)
    pointer = result.get("earl:pointer") or {}
    css = " ".join(str(c) for c in pointer.get("css", []) or [])
    where = f"{subject} {css}".strip()
    help_info = test.get("help", {}) or {}
    hint = "; ".join(str(part) for part in (help_info.get("dct:title"), help_info.get("url"))
                     if part)
    criteria = tuple(ref.ident for tag in test.get("rulesetTags", []) or []
                     if (ref := wcag_from_axe_tag(str(tag))) is not None)
    return Finding(" ".join(message.split()), where, f"{rule} ({impact})" if impact else rule,
                   hint, criteria)


def images(report: dict[str, Any]) -> list[dict[str, Any]]:
    """Ace's list of images with their alt text and location, for human review."""
    found: list[dict[str, Any]] = report.get("data", {}).get("images", []) or []
    return found


def as_check(findings: list[Finding]) -> Check:
    return judged("epub.ace", "epub", "Ace by DAISY: 0 violations", TOOL, version(),
                  (EPUB_WCAG, EPUB_DISCOVERY), findings,
                  "Accessibility metadata, page structure and axe-core rules on every content "
                  "document of the EPUB.")


class AceValidator(OutputValidator):
    """Ace by DAISY on each EPUB; its list of images goes to the reviewers."""

    name = "ace"
    formats = ("epub",)
    order = 40
    needs = (tools.CHROMIUM, tools.NODE, tools.NPM_PACKAGES)
    background = True

    def check(self, outputs: Sequence[Output], session: Session) -> list[Outcome]:
        outcomes = []
        for output in outputs:
            found, report = check(output.path)
            outcomes.append(Outcome([as_check(found)], notes={"ace": report}))
        return outcomes
