"""The Nu HTML Checker (vnu.jar from the npm package vnu-jar): one Java start for all files.

Errors and warnings both fail the check; plain informational messages are ignored.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlparse

from guidepress import runner
from guidepress.errors import ToolError
from guidepress.validate import tools
from guidepress.validate.base import Outcome, Output, OutputValidator, Session
from guidepress.validate.refs import HTML_STANDARD, wcag
from guidepress.validate.report import Check, Finding, judged

TIMEOUT_SECONDS = 300
TOOL = "Nu HTML Checker"
# Quick start-up: the checker runs once and exits. -Xss4m avoids a stack overflow with C1 only.
JVM_OPTIONS = ("-Xss4m", "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-Xshare:auto")


def version() -> str:
    return tools.npm_version("vnu-jar")


def check(files: Sequence[Path]) -> dict[Path, list[Finding]]:
    """Findings (errors and warnings) for each file; every file gets an entry."""
    if not files:
        return {}
    command = [tools.java(), *JVM_OPTIONS, "-jar", str(tools.vnu_jar()), "--format", "json",
               "--exit-zero-always", *(str(f.resolve()) for f in files)]
    done = runner.run(command, tool=TOOL, timeout=TIMEOUT_SECONDS)
    try:
        data = json.loads(done.stderr or done.stdout)
    except json.JSONDecodeError:
        raise ToolError(f"{TOOL} gave no report: {done.tail()}") from None
    found: dict[Path, list[Finding]] = {f.resolve(): [] for f in files}
    for message in data.get("messages", []):
        finding = to_finding(message)
        if finding is None:
            continue
        path = _path(message.get("url", ""))
        found.setdefault(path, []).append(finding)
    return {f: found[f.resolve()] for f in files}


def to_finding(message: dict[str, Any]) -> Finding | None:
    """A Finding for errors and warnings; None for informational messages."""
    kind, sub = message.get("type"), message.get("subType")
    if kind == "info" and sub != "warning":
        return None
    severity = "warning" if kind == "info" else "error"
    if kind == "non-document-error":
        severity = "error (the file could not be read)"
    line = message.get("lastLine") or message.get("firstLine")
    column = message.get("firstColumn") or message.get("lastColumn")
    where = f"line {line}" + (f", column {column}" if column else "") if line else ""
    extract = " ".join(str(message.get("extract", "")).split())
    return Finding(str(message.get("message", "")).strip(), where, severity,
                   f"markup: {extract}" if extract else "")


def _path(url: str) -> Path:
    parsed = urlparse(url)
    return Path(unquote(parsed.path)) if parsed.scheme == "file" else Path(url)


def as_check(check_id: str, group: str, findings: list[Finding]) -> Check:
    return judged(check_id, group, "Nu HTML Checker: 0 errors, 0 warnings", TOOL, version(),
                  (HTML_STANDARD, wcag("4.1.2")), findings,
                  "The markup is valid HTML: no errors and no warnings.")


class NuValidator(OutputValidator):
    """The Nu HTML Checker, started once for every web page of a run."""

    name = "nu"
    formats = ("html",)
    order = 20
    needs = (tools.JAVA, tools.NPM_PACKAGES)
    background = True

    def check(self, outputs: Sequence[Output], session: Session) -> list[Outcome]:
        found = check([output.path for output in outputs])
        return [Outcome([as_check(f"{output.format}.nu", output.format, found[output.path])])
                for output in outputs]
