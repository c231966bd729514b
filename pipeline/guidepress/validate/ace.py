"""Ace by DAISY (@daisy/ace-core, the checker that `ace-cli` from the npm package @daisy/ace-cli
runs; never the Electron `ace`), running in Debian's Chromium: one Node process and one browser
for every EPUB of a run (`launch/ace-server.js`). Every assertion Ace reports is a violation."""

from __future__ import annotations

import contextlib
import json
import tempfile
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from guidepress.errors import ToolError
from guidepress.validate import services, tools
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


def tool_version() -> str:
    """Ace, the Node and the Chromium it runs on, for the keys of cached results."""
    return (f"{version()} node {tools.identity(tools.node())} "
            f"chromium {tools.identity(tools.chromium_path())} {services.launchers()}")


def check(epub: Path) -> tuple[list[Finding], dict[str, Any]]:
    """Violations, and Ace's whole report (for its image list and metadata summary); in a
    Node process of its own (a run shares one: see `check_all`)."""
    with contextlib.closing(services.ace()) as own:
        return check_all([epub], own)[0]


def check_all(epubs: Sequence[Path], server: services.Service
              ) -> list[tuple[list[Finding], dict[str, Any]]]:
    """`check` for each EPUB, in order, all in `server`'s one Node process."""
    found = []
    with tempfile.TemporaryDirectory(prefix="guidepress-ace-") as temp:
        for index, epub in enumerate(epubs):
            out = Path(temp) / str(index)
            answer = server.ask([str(out), str(epub.resolve())], TIMEOUT_SECONDS)
            report_file = out / "report.json"
            if answer[0] != "ok" or not report_file.is_file():
                said = " ".join(answer[1:]) or "no report"
                raise ToolError(f"{TOOL} failed on {epub.name}: {said}")
            report: dict[str, Any] = json.loads(report_file.read_text(encoding="utf-8"))
            found.append((violations(report), report))
    return found


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

    def version(self) -> str:
        return tool_version()

    def check(self, outputs: Sequence[Output], session: Session) -> list[Outcome]:
        server = session.service(self.name, services.ace)
        found = check_all([output.path for output in outputs], server)
        # Only the image list is kept (for the reviewers): it is all a later step reads.
        return [Outcome([as_check(violations)],
                        notes={"ace": {"data": {"images": images(report)}}})
                for violations, report in found]
