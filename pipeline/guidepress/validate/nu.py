"""The Nu HTML Checker (vnu.jar from the npm package vnu-jar): one Java process for a whole run,
which checks all the web pages at once, then all the reports.

Errors and warnings both fail the check; plain informational messages are ignored.
"""

from __future__ import annotations

import contextlib
import json
import tempfile
from collections.abc import Sequence
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlparse

from guidepress.errors import ToolError
from guidepress.validate import services, tools
from guidepress.validate.base import Outcome, Output, OutputValidator, Session
from guidepress.validate.refs import HTML_STANDARD, wcag
from guidepress.validate.report import Check, Finding, judged

TIMEOUT_SECONDS = 300
TOOL = "Nu HTML Checker"


def version() -> str:
    return tools.npm_version("vnu-jar")


def tool_version() -> str:
    """The checker and the Java it runs on, for the keys of cached results."""
    return f"{version()} java {tools.identity(tools.java())} {services.launchers()}"


def service() -> services.Service:
    return services.java(TOOL, "nu", tools.vnu_jar)


def session_service(session: Session) -> services.Service:
    """The run's one Nu checker (web pages first, then the reports)."""
    return session.service("nu", service)


def check(files: Sequence[Path], server: services.Service | None = None
          ) -> dict[Path, list[Finding]]:
    """Findings (errors and warnings) for each file; every file gets an entry. All files go
    to one Java process: `server`'s, or one of their own."""
    if not files:
        return {}
    if server is None:
        with contextlib.closing(service()) as own:
            return check(files, own)
    with tempfile.TemporaryDirectory(prefix="guidepress-nu-") as temp:
        out, err = Path(temp) / "out", Path(temp) / "err"
        answer = server.ask([str(out), str(err), "--format", "json", "--exit-zero-always",
                             *(str(f.resolve()) for f in files)], TIMEOUT_SECONDS)
        text = _read(err) or _read(out)
    try:
        data = json.loads(text)
    except json.JSONDecodeError:
        said = " ".join(answer[1:]) or text[-500:] or "no output"
        raise ToolError(f"{TOOL} gave no report: {said}") from None
    found: dict[Path, list[Finding]] = {f.resolve(): [] for f in files}
    for message in data.get("messages", []):
        finding = to_finding(message)
        if finding is None:
            continue
        path = _path(message.get("url", ""))
        found.setdefault(path, []).append(finding)
    return {f: found[f.resolve()] for f in files}


def _read(path: Path) -> str:
    try:
        return path.read_text(encoding="utf-8", errors="replace").strip()
    except OSError:
        return ""


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

    def version(self) -> str:
        return tool_version()

    def check(self, outputs: Sequence[Output], session: Session) -> list[Outcome]:
        found = check([output.path for output in outputs], session_service(session))
        return [Outcome([as_check(f"{output.format}.nu", output.format, found[output.path])])
                for output in outputs]
